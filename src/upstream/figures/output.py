"""Figures as accessible output: PNG bytes, an HTML ``<figure>`` with alt text, a notebook display object."""

from __future__ import annotations

import base64
import html
import io
import struct
import zlib

import numpy as np
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

__all__ = ["FigureOutput", "artist_region", "canvas_to_png", "figure_html", "figure_to_png"]


def figure_to_png(fig: Figure, dpi: int | None = None) -> bytes:
    """Encode a figure as PNG bytes (draws it first)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi or fig.dpi, facecolor="white")
    return buf.getvalue()


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(tag)))


def rgba_to_png(rgba) -> bytes:
    """Encode an RGBA ``uint8`` array of shape (height, width, 4) as PNG, fast.

    Every row is stored unfiltered (filter type 0) and the whole image is
    deflated at level 1. Choosing a filter per row, as Pillow does, cost more
    than the deflating itself for the explorers' figures and made the file no
    smaller; the pixels are stored exactly either way.
    """
    a = np.asarray(rgba)
    if a.dtype != np.uint8 or a.ndim != 3 or a.shape[2] != 4:
        raise ValueError(f"rgba must be a uint8 array of shape (height, width, 4); got {a.dtype} {a.shape}")
    h, w = a.shape[:2]
    rows = np.empty((h, 4 * w + 1), dtype=np.uint8)
    rows[:, 0] = 0  # filter type: none
    rows[:, 1:] = a.reshape(h, 4 * w)
    header = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)  # 8 bits per channel, RGBA, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(rows, 1))
        + _png_chunk(b"IEND", b"")
    )


def canvas_to_png(canvas) -> bytes:
    """Encode what an Agg canvas holds now as PNG, fast (no redraw; see :func:`rgba_to_png`).

    The explorers blit their moving artists onto the canvas and send this frame.
    """
    # RGBA straight from the Agg buffer: converting to RGB first cost about as much as
    # the PNG encoding itself (the figure is opaque either way).
    return rgba_to_png(np.asarray(canvas.buffer_rgba()))


def artist_region(artist, pad: float = 2.0) -> Bbox:
    """The canvas pixels ``artist`` can touch, for ``canvas.copy_from_bbox``.

    Its window extent (clipped as it is drawn, when it is clipped), ``pad``
    pixels wider on each side, inside the figure.
    """
    fig = artist.figure
    box = artist.get_window_extent(fig.canvas.get_renderer())
    clip = artist.get_clip_box() if artist.get_clip_on() else None
    if clip is not None:
        box = Bbox.intersection(box, clip) or box
    return Bbox.intersection(box.padded(pad), fig.bbox) or fig.bbox


def figure_html(png: bytes, alt: str, caption: str | None = None) -> str:
    """An accessible ``<figure>``: the PNG inline (data URI), its alt text and a caption."""
    if not alt or not alt.strip():
        raise ValueError("alt must describe the figure; got an empty string")
    src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (
        '<figure class="upstream-figure">'
        f'<img src="{src}" alt="{html.escape(alt, quote=True)}" style="max-width:100%;height:auto;background:#fff">'
        f"{cap}</figure>"
    )


class FigureOutput:
    """A figure to display in a notebook with alt text and a caption.

    In Jupyter and in the built book it shows as an HTML ``<figure>`` whose
    ``<img>`` carries the alt text (a bare PNG output cannot).
    """

    def __init__(self, fig: Figure, alt: str, caption: str | None = None):
        self.fig, self.alt, self.caption = fig, alt, caption
        self._html = figure_html(figure_to_png(fig), alt, caption)

    def _repr_html_(self) -> str:
        return self._html

    def __repr__(self) -> str:
        return f"<Figure: {self.alt}>"
