"""One-page printable handouts, made from the book's own content.

A handout holds the lesson's title, its "## Key takeaways" list (read from the
notebook) and the support resources (read from ``data/support_resources.yml``,
the same file the support page renders), so it changes whenever the lesson or
a number does. :func:`handout_markdown`
gives Markdown; :func:`handout_html` a standalone HTML page with a print
stylesheet (US Letter or A4, one page), loading nothing from other hosts.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from .lessons import Lesson
from .markdown import plain_text
from .notebooks import load_notebook

__all__ = ["handout_html", "handout_markdown", "key_takeaways", "support_from_data"]


def _clean(text: str) -> str:
    """Drop citations, keep the text of other MyST roles and of links."""
    return plain_text(text, citations="drop", links="all").strip()


def _section(markdown: str, heading: str) -> str | None:
    m = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^#{{1,2}} |\Z)", markdown, re.MULTILINE | re.DOTALL)
    return m.group(1) if m else None


def key_takeaways(nb: dict) -> list[str]:
    """The bullets of the notebook's "## Key takeaways" section (MyST roles removed)."""
    md = "\n\n".join(
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in nb["cells"]
        if c["cell_type"] == "markdown"
    )
    body = _section(md, "Key takeaways")
    if body is None:
        raise ValueError("the notebook has no '## Key takeaways' section")
    bullets = [_clean(b) for b in re.findall(r"^- (.+)$", body, re.MULTILINE)]
    if not bullets:
        raise ValueError("the notebook's '## Key takeaways' section has no bullet points")
    return bullets


NCMEC_FULL = "NCMEC (National Center for Missing & Exploited Children)"
_NCMEC = re.compile(r"\bNCMEC(?:'s)?\b")


def _spell_out_ncmec(takeaways: list[str], support: list[tuple[str, list[str]]]):
    """Write NCMEC's name in full at its first use on the handout (takeaways, then support)."""
    done = False

    def first(text: str) -> str:
        nonlocal done
        if done or "National Center for Missing" in text:
            done = done or "National Center for Missing" in text
            return text
        new, n = _NCMEC.subn(NCMEC_FULL, text, count=1)
        done = n > 0
        return new

    takeaways = [first(t) for t in takeaways]
    support = [(first(h), [first(i) for i in items]) for h, items in support]
    return takeaways, support


def support_from_data() -> list[tuple[str, list[str]]]:
    """``(heading, lines)`` for the handout, from the support data file: one line per
    resource marked ``handout: true`` (name, how to reach it, hours), and a pointer
    to the pages with everything else."""
    from .support import handout_lines

    lines = [f"**{name}**: {line}" for name, line in handout_lines()]
    lines.append(
        "**Young people**: the book's page *If this is happening to you*. Every service, "
        "with hours and sources: the book's support page."
    )
    return [("", lines)]


def _load(lesson: Lesson, root: Path):
    root = Path(root)
    nb = load_notebook(root / lesson.path)
    return _spell_out_ncmec(key_takeaways(nb), support_from_data())


def handout_markdown(lesson: Lesson, root) -> str:
    """The handout for ``lesson`` as Markdown (no MyST roles)."""
    takeaways, support = _load(lesson, root)
    lines = [f"# Lesson {lesson.number}. {lesson.title}", "", "## Key takeaways", ""]
    lines += [f"- {t}" for t in takeaways]
    lines += ["", "## Where to get help", ""]
    for heading, items in support:
        if not heading:
            lines += [f"- {i}" for i in items]
        elif len(items) == 1:
            lines.append(f"**{heading}.** " + items[0])
        else:
            lines += [f"**{heading}**"] + [f"- {i}" for i in items]
        lines.append("")
    lines.append(
        "*Upstream: Preventing Child Trafficking in the United States. Sources for every claim are in "
        "the book's bibliography.*"
    )
    return "\n".join(lines) + "\n"


PRINT_CSS = """
@page { size: auto; margin: 14mm 16mm; }
html { font: 10.5pt/1.35 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #111; background: #fff; }
body { max-width: 46em; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 15pt; margin: 0 0 .4em; }
h2 { font-size: 12pt; margin: .9em 0 .3em; border-bottom: 1px solid #999; }
ul { margin: .2em 0 .5em 1.2em; padding: 0; }
li { margin: .15em 0; }
p { margin: .3em 0; }
.help { border: 2px solid #111; padding: .4em .8em; }
footer { margin-top: .8em; font-size: 8.5pt; color: #333; }
@media print { body { margin: 0; max-width: none; padding: 0; } a { color: inherit; text-decoration: none; } }
"""


def handout_html(lesson: Lesson, root) -> str:
    """The handout for ``lesson`` as a standalone HTML page with a print stylesheet."""
    from markdown_it import MarkdownIt

    takeaways, support = _load(lesson, root)
    e = html.escape
    md = MarkdownIt("commonmark", {"html": False})

    def inline(text: str) -> str:  # **bold**, *italic*, `code`; raw HTML is escaped
        return md.renderInline(text)

    title = f"Lesson {lesson.number}. {lesson.title}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(title)}: handout</title>",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<style>{PRINT_CSS}</style></head><body><main>",
        f"<h1>{e(title)}</h1>",
        "<h2>Key takeaways</h2>",
        "<ul>" + "".join(f"<li>{inline(t)}</li>" for t in takeaways) + "</ul>",
        '<section class="help"><h2>Where to get help</h2>',
    ]
    for heading, items in support:
        if not heading:
            parts.append("<ul>" + "".join(f"<li>{inline(i)}</li>" for i in items) + "</ul>")
        elif len(items) == 1:
            parts.append(f"<p><strong>{e(heading)}.</strong> {inline(items[0])}</p>")
        else:
            parts.append(
                f"<p><strong>{e(heading)}</strong></p><ul>" + "".join(f"<li>{inline(i)}</li>" for i in items) + "</ul>"
            )
    parts += [
        "</section>",
        "<footer>Upstream: Preventing Child Trafficking in the United States. "
        "Sources for every claim are in the book's bibliography.</footer>",
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"
