"""Figures as accessible output: PNG bytes, an HTML ``<figure>`` with alt text, a notebook display object."""

from __future__ import annotations

import base64
import html
import io

from matplotlib.figure import Figure
from PIL import Image

__all__ = ["FigureOutput", "canvas_to_png", "figure_html", "figure_to_png"]


def figure_to_png(fig: Figure, dpi: int | None = None) -> bytes:
    """Encode a figure as PNG bytes (draws it first)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi or fig.dpi, facecolor="white")
    return buf.getvalue()


def canvas_to_png(canvas) -> bytes:
    """Encode what an Agg canvas holds now as PNG, fast (no redraw; light compression).

    The explorers blit their moving artists onto the canvas and send this frame.
    """
    w, h = canvas.get_width_height(physical=True)
    img = Image.frombuffer("RGBA", (w, h), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


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
