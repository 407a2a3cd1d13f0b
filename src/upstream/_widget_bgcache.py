"""Keep one cached background per ``background_key`` (for explorers whose axes
switch between a few states, e.g. a handful of y-limits or totals).

:class:`upstream._widget_base.FigureExplorer` caches one background and
redraws the whole canvas whenever ``background_key()`` changes. Explorers
whose key flips back and forth among a few values can mix this in (before
``FigureExplorer``) to reuse a background drawn earlier for the same key.
The cache is dropped whenever the canvas is drawn at another resolution
(the static figure for the book).
"""

from __future__ import annotations

__all__ = ["BackgroundCacheMixin"]

#: most backgrounds kept (each is one RGBA copy of the figure)
MAX_BACKGROUNDS = 16


class BackgroundCacheMixin:
    """Reuse backgrounds per key in ``_render_live``; clear them in ``static_html``."""

    def _render_live(self) -> bytes:
        cache = self.__dict__.setdefault("_bg_cache", {})
        key = self.background_key()
        if key != self._bg_key and key in cache:
            self._bg, self._bg_key = cache[key], key
        png = super()._render_live()
        if self._bg is not None:
            if len(cache) >= MAX_BACKGROUNDS and self._bg_key not in cache:
                cache.pop(next(iter(cache)))
            cache[self._bg_key] = self._bg
        return png

    def static_html(self) -> str:
        self.__dict__["_bg_cache"] = {}
        return super().static_html()
