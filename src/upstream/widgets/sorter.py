"""Sort cards into categories, with feedback that explains each card.

Content is plain data, so any lesson can reuse the widget::

    {"categories": ["Risk factor", "Protective factor"],
     "cards": [{"text": "...", "category": "Risk factor", "why": "because ..."}, ...]}

Checking is a pure function (:func:`check_card`); the widget gives each card a
labelled dropdown and shows the feedback as soon as a category is chosen. In
the static book the sorter shows every card with its category and the reason
inside a ``<details>`` dropdown.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from .base import Feedback, StaticFallback, explorer_html, heading

__all__ = ["Feedback", "Sorter", "check_card", "validate_deck"]

_UNSORTED = "Choose a category"
#: what the sorter says (``str.format`` templates), here and in the book's in-page sorter
TEXT = {
    "card": "Card {n}.",
    "card_label": "Card {n} is a",
    "unsorted": _UNSORTED,
    "correct": "Yes.",
    "wrong": "Not quite: this belongs under \u201c{answer}\u201d.",
    "score": "{right} of {sorted} sorted cards are in the right place ({total} cards).",
}
#: feedback colours (contrast >= 7:1 on white)
COLORS = {"ok": "#005a32", "wrong": "#7a3e00"}


def validate_deck(categories, cards) -> tuple[list[str], list[dict]]:
    """Check sorter content; return (categories, cards).

    ``categories`` is a list of 2+ distinct non-empty names; every card needs
    ``text``, a ``category`` from that list and a ``why``.
    """
    if not isinstance(categories, (list, tuple)) or len(categories) < 2:
        raise ValueError(f"categories must be a list of at least 2 names; got {categories!r}")
    cats = [str(c) for c in categories]
    if len(set(cats)) != len(cats) or any(not c.strip() for c in cats) or _UNSORTED in cats:
        raise ValueError(f"categories must be distinct, non-empty names; got {cats!r}")
    if not isinstance(cards, (list, tuple)) or not cards:
        raise ValueError("cards must be a non-empty list of card dicts")
    out = []
    for i, c in enumerate(cards):
        if not isinstance(c, dict) or not str(c.get("text", "")).strip() or not str(c.get("why", "")).strip():
            raise ValueError(f"card {i} must be a dict with non-empty 'text' and 'why'")
        if c.get("category") not in cats:
            raise ValueError(f"card {i}: category must be one of {cats}; got {c.get('category')!r}")
        out.append(dict(c))
    return cats, out


def check_card(categories: list[str], cards: list[dict], card: int, category: str) -> Feedback:
    """Check one card's placement.

    Parameters
    ----------
    categories : list of str
    cards : list of dict
    card : int
        Card index, in [0, len(cards) - 1].
    category : str
        One of ``categories``.
    """
    if isinstance(card, bool) or not isinstance(card, int) or not 0 <= card < len(cards):
        raise ValueError(f"card must be a whole number in the range [0, {len(cards) - 1}]; got {card!r}")
    if category not in categories:
        raise ValueError(f"category must be one of {', '.join(categories)}; got {category!r}")
    c = cards[card]
    return Feedback(item=card, choice=category, correct=category == c["category"], answer=c["category"], text=c["why"])


class Sorter(StaticFallback, widgets.VBox):
    """Cards to sort into categories, with per-card feedback.

    Parameters
    ----------
    categories : list of str
        Category names (2 or more).
    cards : list of dict
        Each ``{"text", "category", "why"}``.
    title : str, optional
        An instruction shown above the cards.
    check_fn : callable, optional
        ``check_fn(categories, cards, card, category) -> Feedback``; tests pass a spy.
    """

    def __init__(self, categories, cards, title: str | None = None, check_fn=check_card):
        self.categories, self.cards = validate_deck(categories, cards)
        self.title = title
        self._check = check_fn
        self.results: dict[int, Feedback] = {}
        self._setting = False
        self.dropdowns, self.feedback = [], []
        children = heading(title)
        for i, c in enumerate(self.cards):
            text = widgets.HTML(f"<p><strong>{TEXT['card'].format(n=i + 1)}</strong> {html.escape(c['text'])}</p>")
            dd = widgets.Dropdown(
                options=[_UNSORTED, *self.categories],
                value=_UNSORTED,
                description=TEXT["card_label"].format(n=i + 1),
                style={"description_width": "initial"},
            )
            fb = widgets.HTML(value="", layout=widgets.Layout(min_height="1.2em"))
            dd.observe(lambda ch, i=i: self._on_change(i, ch["new"]), names="value")
            self.dropdowns.append(dd)
            self.feedback.append(fb)
            children.append(widgets.VBox([text, dd, fb]))
        self.score_line = widgets.HTML(value="")
        children.append(self.score_line)
        super().__init__(children=children)

    @classmethod
    def from_data(cls, deck: dict, **kwargs) -> Sorter:
        """Build from a dict with ``categories``, ``cards`` and optional ``title``."""
        if not isinstance(deck, dict):
            raise ValueError(f"deck must be a dict with 'categories' and 'cards'; got {type(deck).__name__}")
        return cls(deck.get("categories"), deck.get("cards"), title=deck.get("title"), **kwargs)

    def _on_change(self, i: int, value):
        if self._setting:
            return
        if value == _UNSORTED:
            self.results.pop(i, None)
            self.feedback[i].value = ""
            self._update_score()
            return
        self.sort(i, value)

    def sort(self, card: int, category: str) -> Feedback:
        """Put ``card`` (0-based) in ``category`` and show the feedback.

        Raises ValueError naming the parameter and the valid values.
        """
        fb = self._check(self.categories, self.cards, card, category)
        self.results[card] = fb
        if self.dropdowns[card].value != category:
            self._setting = True
            try:
                self.dropdowns[card].value = category
            finally:
                self._setting = False
        verdict = TEXT["correct"] if fb.correct else TEXT["wrong"].format(answer=fb.answer)
        color = COLORS["ok"] if fb.correct else COLORS["wrong"]
        self.feedback[
            card
        ].value = f'<div role="status" style="color:{color}">{html.escape(verdict)} {html.escape(fb.text)}</div>'
        self._update_score()
        return fb

    def _update_score(self):
        right = sum(r.correct for r in self.results.values())
        score = TEXT["score"].format(right=right, sorted=len(self.results), total=len(self.cards))
        self.score_line.value = f'<div role="status">{html.escape(score)}</div>'

    def static_html(self) -> str:
        """Every card with its category and the reason in a dropdown."""
        parts = ['<div class="upstream-sorter">']
        if self.title:
            parts.append(f"<p><strong>{html.escape(self.title)}</strong></p>")
        parts.append("<p>Categories: " + ", ".join(f"<em>{html.escape(c)}</em>" for c in self.categories) + ".</p>")
        parts.append("<ol>")
        for c in self.cards:
            parts.append(
                f'<li>{html.escape(c["text"])}<details style="margin-bottom:0.8em"><summary>Show answer</summary>'
                f"<p><strong>{html.escape(c['category'])}.</strong> {html.escape(c['why'])}</p></details></li>"
            )
        parts.append("</ol></div>")
        config = {
            "title": self.title,
            "categories": self.categories,
            "cards": self.cards,
            "text": TEXT,
            "colors": COLORS,
        }
        return explorer_html("sorter", config, "".join(parts))
