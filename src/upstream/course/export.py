"""Student and instructor copies of the lesson notebooks, generated from one source.

- :func:`student_notebook` removes every solution: ``{solution}`` blocks, and
  everything between ``{solution-start}`` and ``{solution-end}`` (code cells
  included), and with them the "No Python? Open the solution ..." notes that
  point to them. Exercise prompts otherwise stay exactly as written.
- :func:`instructor_notebook` keeps the solutions and adds a first cell of
  facilitation notes (timings, live demos, prompts) made from the lesson metadata.
- :func:`export` writes copies for a set of lessons without ever overwriting a
  file unless told to (``force``), through a temporary file and a rename.

Notebooks are handled as plain JSON dictionaries (nbformat 4) read with
:mod:`upstream.course.notebooks`, so nothing here needs a kernel.
"""

from __future__ import annotations

import copy
import json
import os
import re
import tempfile
from pathlib import Path

from .instructor import facilitation_markdown
from .lessons import LESSONS, Lesson, get_lesson
from .notebooks import FENCE, cell_source, directive_at, find_root, load_notebook

__all__ = ["atomic_write", "export", "instructor_notebook", "student_notebook"]


#: A note for readers of the book without Python ("No Python? Open the solution,
#: read its printed result, ..."): a paragraph that starts so, up to a blank line
#: or the end of the directive it sits in.
_NO_PYTHON_NOTE = re.compile(r"^No Python\?.*?(?=\n[ \t]*\n|\n:{3,}[ \t]*$|\Z)\n?", re.S | re.M)


def _drop_solution_pointers(text: str) -> str:
    """``text`` without the "No Python? Open the solution ..." notes.

    They tell a reader of the book to open a solution; a student copy has no
    solutions to open, and whoever has the notebook has Python to run it.
    """
    text = _NO_PYTHON_NOTE.sub("", text)
    return re.sub(r"\n{3,}", "\n\n", re.sub(r"\n[ \t]*\n(:{3,}[ \t]*)$", r"\n\1", text, flags=re.M))


def student_notebook(nb: dict) -> dict:
    """A copy of ``nb`` with every solution removed and the exercises kept.

    Removes ``{solution}`` directive blocks, every line and cell from a
    ``{solution-start}`` directive to the end of its ``{solution-end}``
    directive, and the "No Python? Open the solution ..." notes (so the copy
    never points to a solution it does not have). Cells left empty are
    dropped; outputs are cleared.
    """
    out = copy.deepcopy(nb)
    cells = []
    in_solution = False
    for cell in out["cells"]:
        if cell["cell_type"] != "markdown":
            if not in_solution:
                cells.append(cell)
            continue
        lines = cell_source(cell).split("\n")
        kept: list[str] = []
        i = 0
        while i < len(lines):
            m = FENCE.match(lines[i])
            name = m.group("name") if m else None
            if name == "solution" and not in_solution:
                end, _ = directive_at(lines, i)
                i = end + 1
                continue
            if name == "solution-start":
                end, _ = directive_at(lines, i)
                in_solution = True
                i = end + 1
                continue
            if name == "solution-end":
                end, _ = directive_at(lines, i)
                in_solution = False
                i = end + 1
                continue
            if not in_solution:
                kept.append(lines[i])
            i += 1
        text = _drop_solution_pointers("\n".join(kept)).strip("\n")
        if text.strip():
            cell["source"] = text
            cells.append(cell)
    if in_solution:
        raise ValueError("notebook has a {solution-start} without a matching {solution-end}")
    out["cells"] = cells
    _clear_outputs(out)
    return out


def _clear_outputs(nb: dict) -> None:
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None


def instructor_notebook(nb: dict, lesson: Lesson) -> dict:
    """A copy of ``nb`` with the solutions kept and facilitation notes as the first cell."""
    out = copy.deepcopy(nb)
    note = {
        "cell_type": "markdown",
        "id": f"instructor-notes-{lesson.number}",
        "metadata": {"tags": ["instructor-notes"]},
        "source": facilitation_markdown(lesson, myst=False, heading=True),
    }
    out["cells"] = [note, *out["cells"]]
    _clear_outputs(out)
    return out


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename (never half-written)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export(kind: str, out_dir, *, root=None, numbers=None, force: bool = False) -> list[Path]:
    """Write student or instructor copies of lesson notebooks into ``out_dir``.

    Parameters
    ----------
    kind : ``"student"`` (no solutions) or ``"instructor"`` (solutions and notes).
    out_dir : folder to write into (created if missing).
    root : repository root; default :func:`find_root`.
    numbers : lesson numbers to export; default every lesson in ``LESSONS``.
    force : overwrite existing files. Without it, nothing is written if any
        target exists.

    Returns
    -------
    list of Path : the files written.

    Raises
    ------
    ValueError
        Bad ``kind`` or lesson number, a missing notebook, or existing files without ``force``.
    """
    if kind not in {"student", "instructor"}:
        raise ValueError(f"kind must be 'student' or 'instructor'; got {kind!r}")
    root = find_root() if root is None else Path(root)
    lessons = list(LESSONS) if not numbers else [get_lesson(n) for n in numbers]
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"output path {out_dir} exists and is not a folder")
    # read and convert everything first, so a bad notebook writes nothing
    texts = {}
    for lesson in lessons:
        nb = load_notebook(root / lesson.path)
        new = student_notebook(nb) if kind == "student" else instructor_notebook(nb, lesson)
        texts[out_dir / f"{lesson.slug}.ipynb"] = json.dumps(new, indent=1, ensure_ascii=False) + "\n"
    existing = [p for p in texts if p.exists()]
    if existing and not force:
        more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
        raise ValueError(f"{existing[0]} exists{more}; use --force to overwrite")
    out_dir.mkdir(parents=True, exist_ok=True)
    for path, text in texts.items():
        atomic_write(path, text)
    return list(texts)
