"""Student and instructor copies of the lesson notebooks, generated from one source.

- :func:`student_notebook` removes every solution: ``{solution}`` blocks, and
  everything between ``{solution-start}`` and ``{solution-end}`` (code cells
  included). Exercise prompts stay exactly as written.
- :func:`instructor_notebook` keeps the solutions and adds a first cell of
  facilitation notes (timings, live demos, prompts) made from the lesson metadata.
- :func:`exercises` reads each exercise and its solution, for the answer key.
- :func:`export` writes copies for a set of lessons without ever overwriting a
  file unless told to (``force``), through a temporary file and a rename.

Notebooks are handled as plain JSON dictionaries (nbformat 4), so nothing here
needs a kernel.
"""

from __future__ import annotations

import copy
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .lessons import LESSONS, Lesson, get_lesson

__all__ = [
    "Exercise",
    "exercises",
    "export",
    "find_root",
    "instructor_notebook",
    "load_notebook",
    "student_notebook",
]

_FENCE = re.compile(r"^(?P<fence>:{3,}|`{3,})\{(?P<name>[\w-]+)\}\s*(?P<arg>.*?)\s*$")


@dataclass(frozen=True)
class Exercise:
    """One exercise of a lesson notebook and its solution.

    Attributes
    ----------
    label : the exercise's ``:label:``.
    prompt : Markdown of the exercise body (options removed).
    solution : solution parts in order, each ``("markdown", text)`` or ``("code", source)``.
    """

    label: str
    prompt: str
    solution: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _closes(line: str, fence: str) -> bool:
    """Whether ``line`` closes a directive opened with ``fence``."""
    stripped = line.strip()
    return bool(stripped) and set(stripped) == {fence[0]} and len(stripped) >= len(fence)


def _directive_body(lines: list[str], start: int) -> tuple[int, list[str]]:
    """Index of the closing fence of the directive opened at ``lines[start]`` and its body lines."""
    fence = _FENCE.match(lines[start]).group("fence")
    depth_fences = [fence]
    body = []
    i = start + 1
    while i < len(lines):
        line = lines[i]
        m = _FENCE.match(line)
        if m and len(m.group("fence")) < len(depth_fences[-1]) and m.group("fence")[0] == fence[0]:
            depth_fences.append(m.group("fence"))
        elif _closes(line, depth_fences[-1]):
            depth_fences.pop()
            if not depth_fences:
                return i, body
        body.append(line)
        i += 1
    return len(lines) - 1, body


def _strip_options(body: list[str]) -> str:
    i = 0
    while i < len(body) and re.match(r"^:[\w-]+:", body[i]):
        i += 1
    return "\n".join(body[i:]).strip("\n")


def student_notebook(nb: dict) -> dict:
    """A copy of ``nb`` with every solution removed and the exercises kept.

    Removes ``{solution}`` directive blocks, and every line and cell from a
    ``{solution-start}`` directive to the end of its ``{solution-end}``
    directive. Cells left empty are dropped; outputs are cleared.
    """
    out = copy.deepcopy(nb)
    cells = []
    in_solution = False
    for cell in out["cells"]:
        if cell["cell_type"] != "markdown":
            if not in_solution:
                cells.append(cell)
            continue
        lines = _source(cell).split("\n")
        kept: list[str] = []
        i = 0
        while i < len(lines):
            m = _FENCE.match(lines[i])
            name = m.group("name") if m else None
            if name == "solution" and not in_solution:
                end, _ = _directive_body(lines, i)
                i = end + 1
                continue
            if name == "solution-start":
                end, _ = _directive_body(lines, i)
                in_solution = True
                i = end + 1
                continue
            if name == "solution-end":
                end, _ = _directive_body(lines, i)
                in_solution = False
                i = end + 1
                continue
            if not in_solution:
                kept.append(lines[i])
            i += 1
        text = "\n".join(kept).strip("\n")
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


def exercises(nb: dict) -> list[Exercise]:
    """Every exercise in ``nb`` with its solution (Markdown and code, in order)."""
    prompts: dict[str, str] = {}
    order: list[str] = []
    solutions: dict[str, list[tuple[str, str]]] = {}
    current: str | None = None  # label of an open solution-start
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            if current is not None and _source(cell).strip():
                solutions[current].append(("code", _source(cell).strip("\n")))
            continue
        lines = _source(cell).split("\n")
        i = 0
        buf: list[str] = []
        while i < len(lines):
            m = _FENCE.match(lines[i])
            name = m.group("name") if m else None
            if name in {"exercise", "solution", "solution-start", "solution-end"}:
                end, body = _directive_body(lines, i)
                if name == "exercise":
                    label = next((re.sub(r"^:label:\s*", "", b).strip() for b in body if b.startswith(":label:")), "")
                    prompts[label] = _strip_options(body)
                    order.append(label)
                elif name == "solution":
                    solutions.setdefault(m.group("arg"), []).append(("markdown", _strip_options(body)))
                elif name == "solution-start":
                    current = m.group("arg")
                    solutions.setdefault(current, [])
                    buf = []
                else:  # solution-end
                    if current is not None and "\n".join(buf).strip():
                        solutions[current].append(("markdown", "\n".join(buf).strip("\n")))
                    current, buf = None, []
                i = end + 1
                continue
            if current is not None:
                buf.append(lines[i])
            i += 1
        if current is not None and "\n".join(buf).strip():
            solutions[current].append(("markdown", "\n".join(buf).strip("\n")))
            buf = []
    return [Exercise(label, prompts[label], tuple(solutions.get(label, ()))) for label in order]


def instructor_notebook(nb: dict, lesson: Lesson) -> dict:
    """A copy of ``nb`` with the solutions kept and facilitation notes as the first cell."""
    from .instructor import facilitation_markdown

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


def load_notebook(path: Path) -> dict:
    """Read a notebook file as a dictionary; ``ValueError`` if it is not a notebook."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"notebook not found: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ValueError(f"{path} is not a notebook (invalid JSON: {err})") from None
    if not isinstance(nb, dict) or "cells" not in nb:
        raise ValueError(f"{path} is not a notebook (no cells)")
    return nb


def find_root(start: Path | None = None) -> Path:
    """The repository root: the nearest folder at or above ``start`` (default: the
    working directory) that holds ``_toc.yml`` and ``notebooks/``; else the folder
    this package was installed from in development mode."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").is_file() and (folder / "notebooks").is_dir():
            return folder
    dev = Path(__file__).resolve().parents[2]
    if (dev / "_toc.yml").is_file() and (dev / "notebooks").is_dir():
        return dev
    raise ValueError(f"cannot find the Upstream repository (a folder with _toc.yml and notebooks/) at or above {here}")


class OverwriteRefused(FileExistsError, ValueError):
    """A file would be overwritten and ``force`` was not given (nothing was written).

    An :class:`OSError` (the work was refused, the command exits 1) that is also a
    :class:`ValueError`, as before.
    """


def _atomic_write(path: Path, text: str) -> None:
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
        raise OverwriteRefused(f"{existing[0]} exists{more}; use --force to overwrite")
    out_dir.mkdir(parents=True, exist_ok=True)
    for path, text in texts.items():
        _atomic_write(path, text)
    return list(texts)
