"""Markdown of the book as plain text, for places that are not the built book.

Lesson content cites sources with MyST roles (``{cite:p}`key```) and links to
book pages (``[About the models](about-models.md)``). In a notebook opened in
Jupyter, a terminal or a printed handout those do not render, so
:func:`plain_text` rewrites them. :data:`ROLE` is the one pattern for a MyST
role in the package.
"""

from __future__ import annotations

import re

__all__ = ["ROLE", "plain_text"]

#: A MyST role with the whitespace before it: ``{name}`text``` or ``{name}`text <target>```.
ROLE = re.compile(r"(?P<space>\s*)\{(?P<name>[\w:-]+)\}`(?P<text>[^`<]*?)(?:\s*<[^`]*>)?`")
_BOOK_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\.md\)")
_ANY_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def plain_text(markdown: str, *, citations: str = "keys", links: str = "book") -> str:
    """Markdown without MyST roles.

    Parameters
    ----------
    markdown : str
        Text with MyST roles and links.
    citations : ``"keys"`` or ``"drop"``
        ``"keys"`` writes ``{cite:p}`a,b``` as ``[a, b]``; ``"drop"`` removes it
        (with the space before it). Other roles become their text.
    links : ``"book"`` or ``"all"``
        Which links become their text: those to book pages (``*.md``), or all.
    """
    if citations not in ("keys", "drop"):
        raise ValueError(f"citations must be 'keys' or 'drop'; got {citations!r}")
    if links not in ("book", "all"):
        raise ValueError(f"links must be 'book' or 'all'; got {links!r}")

    def role(m: re.Match) -> str:
        if m["name"].startswith("cite"):
            if citations == "drop":
                return ""
            return m["space"] + "[" + ", ".join(k.strip() for k in m["text"].split(",")) + "]"
        return m["space"] + m["text"]

    text = ROLE.sub(role, markdown)
    return (_BOOK_LINK if links == "book" else _ANY_LINK).sub(lambda m: m.group(1), text)
