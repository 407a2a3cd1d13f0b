"""The base of every explorer: live controls in a kernel, a figure without one.

A :class:`FigureExplorer` is an ``ipywidgets.VBox`` of controls, a message
line and an HTML image. Its ``_repr_mimebundle_`` carries both the widget view
(what JupyterLab, Notebook 7, Binder and a JupyterHub show) and a static
``text/html`` figure of the current state with alt text and a caption (what the
book shows: ``_config.yml`` gives widget views no priority for HTML, so the
static figure is chosen and no dead controls appear).

Updates are cheap: the subclass keeps its Figure and artists and only changes
their data in :meth:`FigureExplorer.draw`. Artists listed in ``self.animated``
are blitted over a cached background (axes, ticks, labels). Backgrounds are
cached per :meth:`FigureExplorer.background_key` (the last few kept), so a full
redraw happens only for an axis state not seen recently. An animated artist that
often returns to an earlier look (a heat map over a few slices) can be cached
too: :meth:`FigureExplorer.layer_key` names its look, and its pixels are then
put back instead of drawn. The frame is encoded straight from the Agg buffer
with fast PNG settings.
"""

from __future__ import annotations

import base64
import contextlib
import html
import json
import math
from dataclasses import dataclass

import ipywidgets as widgets

from .._validate import check_number, check_positive_int
from ..figures.output import artist_region, canvas_to_png, figure_html, figure_to_png

__all__ = [
    "EXPLORER_NAMES",
    "Feedback",
    "FigureExplorer",
    "StaticFallback",
    "check_control_value",
    "control_spec",
    "explorer_html",
    "heading",
    "slider",
]


#: the in-page explorers (src/upstream/js/explorers/NAME.js), one per ``data-explorer`` value
EXPLORER_NAMES = ("model", "allocator", "deterrence", "screening", "capture", "quiz", "sorter")
#: where the book serves an explorer's script (every page is one folder deep)
EXPLORER_SCRIPT = "../_static/explorers/{name}.js"
#: the message when a control value is refused (shared with the page's explorers)
NOT_UPDATED = "Not updated: {err}"


def explorer_html(name: str, config: dict, fallback: str) -> str:
    """The book's HTML for an explorer: the static ``fallback`` plus what the page needs to go live.

    The root ``<div data-explorer="NAME">`` holds the explorer's configuration as
    JSON after the static fallback (defaults, ranges, labels, texts: everything the
    JavaScript needs, so nothing is retyped there), the fallback (what a reader without
    JavaScript sees) and a classic ``<script defer>`` (classic, not a module, so
    it also runs from ``file://``) that replaces the fallback with the live
    explorer.
    """
    if name not in EXPLORER_NAMES:
        raise ValueError(f"name must be one of {', '.join(EXPLORER_NAMES)}; got {name!r}")
    data = json.dumps(config, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    # nothing in the JSON can end the <script> element or open a comment
    data = data.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    src = EXPLORER_SCRIPT.format(name=name)
    return (
        f'<div class="upstream-explorer" data-explorer="{name}">'
        f'<div class="upstream-explorer-fallback">{fallback}</div>'
        f'<script type="application/json" class="upstream-explorer-config">{data}</script>'
        f'<script src="{src}" defer></script></div>'
    )


def control_spec(name: str, control, unit: str = "") -> dict:
    """A control's label, limits, step, value and readout format, for the page's explorer."""
    spec = {"name": name, "label": control.description, "value": control.value, "unit": unit}
    options = getattr(control, "options", None)
    if options is not None:
        spec.update(kind="select", options=[o[0] if isinstance(o, tuple) else o for o in options])
        return spec
    is_int = isinstance(control.value, int) and not isinstance(control.value, bool)
    fmt = "d" if is_int else getattr(control, "readout_format", ".2f")
    spec.update(kind="range", min=control.min, max=control.max, step=control.step, format=fmt, integer=is_int)
    return spec


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: a quiz option chosen, or a sorter card placed.

    Attributes
    ----------
    item : the question's or the card's index.
    choice : the option index, or the category, the learner chose.
    correct : whether the choice is right.
    answer : the right option index, or the right category.
    text : the explanation shown to the learner.
    """

    item: int
    choice: int | str
    correct: bool
    answer: int | str
    text: str


class StaticFallback:
    """Mixin for widgets: add a static ``text/html`` version to the MIME bundle.

    A kernel's front end shows the live widget view; the book, whose MIME
    priority leaves widget views out, shows :meth:`static_html` instead.
    """

    def static_html(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        if isinstance(data, tuple):  # (data, metadata)
            data = data[0]
        data = dict(data)
        data["text/html"] = self.static_html()
        return data


class FigureExplorer(StaticFallback, widgets.VBox):
    """Controls + message + figure, with a static fallback for the book.

    Subclasses set ``self.fig`` (a :class:`matplotlib.figure.Figure`) and
    implement :meth:`draw`, which updates the artists from the controls and
    returns the alt text describing what the figure now shows.
    """

    #: the static figure's caption in the book (subclasses set it as a class attribute)
    caption: str = ""
    #: resolution of the static figure in the book
    static_dpi: int = 110
    #: most cached backgrounds (each one RGBA copy of the figure)
    max_backgrounds: int = 16
    #: most cached layers (each an RGBA copy of one artist's region; see :meth:`layer_key`)
    max_layers: int = 32

    def __init__(self, controls: list, caption: str | None = None, **kwargs):
        if caption is not None:
            self.caption = caption
        self.message = widgets.HTML(value="", layout=widgets.Layout(min_height="1.5em"))
        self.image = widgets.HTML(value="")
        self.alt = ""
        self.n_updates = 0
        self._batching = False
        self._backgrounds: dict = {}  # background_key() -> saved canvas region
        self._layers: dict = {}  # (background_key(), layer keys so far) -> saved canvas region
        for artist in getattr(self, "animated", ()):
            artist.set_animated(True)
        super().__init__(children=[*controls, self.message, self.image], **kwargs)
        for c in controls:
            self._watch(c)
        self.refresh()

    # -- wiring ---------------------------------------------------------------
    def _watch(self, control):
        if isinstance(control, widgets.Box):
            for child in control.children:
                self._watch(child)
        elif hasattr(control, "value") and not isinstance(control, (widgets.HTML, widgets.Label)):
            control.observe(self._on_change, names="value")

    def _on_change(self, change):
        if not self._batching:
            self.refresh()

    @contextlib.contextmanager
    def batch(self):
        """Change several controls, then redraw once."""
        self._batching = True
        try:
            yield
        finally:
            self._batching = False
        self.refresh()

    def show_message(self, text: str, error: bool = False):
        """Show a line under the controls (errors in a high-contrast style)."""
        if not text:
            self.message.value = ""
            return
        style = "color:#8B0000;font-weight:bold" if error else "color:#1a1a1a"
        role = "alert" if error else "status"
        self.message.value = f'<div role="{role}" style="{style}">{html.escape(text)}</div>'

    def refresh(self):
        """Recompute and redraw; a bad value is reported, never drawn."""
        try:
            alt = self.draw()
        except ValueError as err:
            self.show_message(NOT_UPDATED.format(err=err), error=True)
            return
        self.show_message(self.status_text())
        self.alt = alt
        png = self._render_live()
        src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        self.image.value = (
            f'<img src="{src}" alt="{html.escape(alt, quote=True)}" style="max-width:100%;height:auto;background:#fff">'
        )
        self.n_updates += 1

    def _render_live(self) -> bytes:
        """Draw (blitting the animated artists) and encode a PNG quickly."""
        canvas = self.fig.canvas
        key = self.background_key()
        background = _lru_get(self._backgrounds, key)
        if background is None:
            canvas.draw()  # animated artists are left out of a normal draw
            background = canvas.copy_from_bbox(self.fig.bbox)
            _lru_put(self._backgrounds, key, background, self.max_backgrounds)
        canvas.restore_region(background)
        # The leading animated artists with a layer key are cached: each one's region
        # holds the background and the layers before it, nothing drawn later.
        layers = ()
        for artist in getattr(self, "animated", ()):
            layer = None if layers is None else self.layer_key(artist)
            if layer is None:
                layers = None  # drawn: a later artist's region could hold it
                self.fig.draw_artist(artist)
                continue
            layers += (layer,)
            region = _lru_get(self._layers, (key, layers))
            if region is None:
                self.fig.draw_artist(artist)
                region = canvas.copy_from_bbox(artist_region(artist))
                _lru_put(self._layers, (key, layers), region, self.max_layers)
            else:
                canvas.restore_region(region)
        return canvas_to_png(canvas)

    def adopt(self, art) -> None:
        """Take the figure a :mod:`upstream.figures` function built: ``art.fig``, and each
        artist :meth:`draw` updates, become attributes (``self.fig``, ``self.bars``, ...);
        ``art.animated`` lists those blitted over the cached background."""
        for name, value in vars(art).items():
            setattr(self, name, value)

    # -- programmatic control ---------------------------------------------------
    #: unit shown in refusal messages, per control name (e.g. {"total": "$M per year"})
    units: dict = {}

    def named_controls(self) -> dict:
        """The controls :meth:`set` accepts, by name (override)."""
        return {}

    def check_values(self, values: dict) -> None:
        """Raise ValueError for a value a control must refuse.

        The default checks each name and keeps each value inside its control's
        own limits (whole numbers for integer sliders, listed options for
        menus); subclasses add rules that involve several controls.
        """
        controls = self.named_controls()
        for name, value in values.items():
            if name not in controls:
                raise ValueError(f"control must be one of {', '.join(controls)}; got {name!r}")
            check_control_value(name, controls[name], value, self.units.get(name, ""))

    def set(self, **values) -> bool:
        """Move controls programmatically and redraw once, e.g. ``explorer.set(a=1, b=2)``.

        A refused value changes nothing: the message under the controls says
        why, and the call returns False.
        """
        try:
            self.check_values(values)
        except (TypeError, ValueError) as err:
            self.show_message(f"Not changed: {err}", error=True)
            return False
        controls = self.named_controls()
        with self.batch():
            for name, value in values.items():
                controls[name].value = value
        return True

    # -- to override ------------------------------------------------------------
    def background_key(self):
        """A value that changes whenever the non-animated parts must be redrawn."""
        return None

    def layer_key(self, artist):
        """A value naming how ``artist`` looks now, so its drawn pixels can be reused; None: draw it.

        Only a leading run of ``self.animated`` can be cached (an artist drawn
        over the cached background and the layers before it, nothing else), and
        the artist must draw nowhere outside its window extent (clipped). The
        key must change whenever anything the artist draws changes (its data,
        colour limits, ...); a change of :meth:`background_key` starts afresh.
        """
        return None

    def draw(self) -> str:  # pragma: no cover - abstract
        """Update the figure from the controls; return its alt text."""
        raise NotImplementedError

    def status_text(self) -> str:
        """A short line describing the current state (shown under the controls)."""
        return ""

    # -- static fallback --------------------------------------------------------
    def static_html(self) -> str:
        """The current state as an accessible ``<figure>`` (full resolution)."""
        animated = getattr(self, "animated", ())
        for artist in animated:
            artist.set_animated(False)
        try:
            png = figure_to_png(self.fig, dpi=self.static_dpi)
        finally:
            for artist in animated:
                artist.set_animated(True)
            self._backgrounds.clear()  # the save redrew the canvas at another resolution
            self._layers.clear()
        fallback = figure_html(png, self.alt, self.caption)
        if not self.explorer_name:
            return fallback
        return explorer_html(self.explorer_name, self.js_config(), fallback)

    # -- the book's in-page explorer ---------------------------------------------
    #: ``data-explorer`` name of the in-page version (empty: the book shows the figure only)
    explorer_name: str = ""
    #: the explorer's sentence templates (``str.format`` syntax), shared with the page
    TEXT: dict = {}

    def js_config(self) -> dict:
        """What the page's explorer needs: controls (as now), caption, texts, palette.

        Subclasses add their constants (axes, parameter values) with ``super()``.
        """
        from ..figures.style import ILLUSTRATIVE, OKABE_ITO

        controls = [control_spec(k, c, self.units.get(k, "")) for k, c in self.named_controls().items()]
        suptitle = getattr(self.fig, "_suptitle", None)  # e.g. "Illustrative model, not data"
        return {
            "controls": controls,
            "caption": self.caption,
            "alt": self.alt,
            "status": self.status_text(),
            "text": dict(self.TEXT),
            "palette": dict(OKABE_ITO),
            "illustrative": ILLUSTRATIVE,
            "not_updated": NOT_UPDATED,
            "badge": suptitle.get_text() if suptitle is not None else "",
        }


def _lru_get(cache: dict, key):
    """The value cached under ``key`` (now the most recently used), or None."""
    value = cache.pop(key, None)
    if value is not None:
        cache[key] = value
    return value


def _lru_put(cache: dict, key, value, most: int) -> None:
    """Cache ``value`` under ``key``, dropping the least recently used beyond ``most`` entries."""
    while len(cache) >= most:
        cache.pop(next(iter(cache)))
    cache[key] = value


def heading(title: str | None) -> list:
    """The bold title above a quiz or a sorter: a list of one HTML widget, or none without a title."""
    return [widgets.HTML(f"<p><strong>{html.escape(title)}</strong></p>")] if title else []


def slider(
    description: str, value, lo, hi, step, *, fmt: str | None = None, label_width: str = "10em", width: str = "36em"
):
    """A slider in the explorers' shared look, updating when released (not while dragged).

    ``fmt=None`` gives a whole-number :class:`ipywidgets.IntSlider`; a readout
    format such as ``".1f"`` gives a :class:`ipywidgets.FloatSlider`. The label
    column is ``label_width`` wide, and the slider at most ``width`` (never wider
    than the page).
    """
    common = {
        "min": lo,
        "max": hi,
        "step": step,
        "description": description,
        "continuous_update": False,
        "style": {"description_width": label_width},
        "layout": widgets.Layout(width=f"min({width}, 100%)"),
    }
    if fmt is None:
        return widgets.IntSlider(value=int(value), **common)
    return widgets.FloatSlider(value=float(value), readout_format=fmt, **common)


def check_control_value(name: str, control, value, unit: str = "") -> None:
    """Refuse ``value`` unless it fits ``control`` (its options, or its min and max).

    TypeError for a value that is not a number (a string, a bool, None) on a
    slider; ValueError for a number outside the slider, a fraction on a
    whole-number slider, or an option not in a menu. Explorers check their start
    values with :func:`check_start_value`, which gives the same messages.
    """
    options = getattr(control, "options", None)
    if options is not None:
        labels = [o[0] if isinstance(o, tuple) else o for o in options]
        if value not in labels:
            raise ValueError(f"{name} must be one of {labels}; got {value!r}")
        return
    whole = isinstance(control.value, int) and not isinstance(control.value, bool)
    check_start_value(name, value, control.min, control.max, unit, whole=whole)


def check_start_value(name: str, value, lo: float, hi: float, unit: str = "", *, whole: bool = False):
    """Check a slider's start value as the slider itself would refuse it; return it.

    ``whole`` for integer sliders (a fraction such as 2.5 is refused, never
    rounded). The messages are those of :func:`check_control_value`, so an explorer
    refuses a bad start value with the words it uses for a bad change.
    """
    unit_txt = f" {unit}" if unit else ""
    if whole:
        return check_positive_int(name, value, int(hi), lo=int(lo), unit=unit)
    x = check_number(name, value, f"a number in the range [{lo:g}, {hi:g}]{unit_txt}")
    if x.ndim != 0:
        raise TypeError(
            f"{name} must be a single number in the range [{lo:g}, {hi:g}]{unit_txt}; got an array of shape {x.shape}"
        )
    x = float(x)
    if not (math.isfinite(x) and lo <= x <= hi):
        raise ValueError(f"{name} must be in the range [{lo:g}, {hi:g}]{unit_txt}; got {value!r}")
    return x
