"""Reading lesson notebooks as plain JSON (nbformat 4): no kernel needed.

- :func:`load_notebook` reads a notebook file, with a clear error if it is not one.
- :func:`exercises` reads each ``{exercise}`` and its solution, for the answer key.
- :func:`find_root` finds the repository (the folder with ``_toc.yml`` and ``notebooks/``).
- :func:`directive_at` and :data:`FENCE` parse MyST directives (``:::{name}``
  and ```` ```{name} ````), nested ones included; :mod:`upstream.course.export`
  uses them to remove solutions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["FENCE", "Exercise", "cell_source", "directive_at", "exercises", "find_root", "load_notebook"]

#: The opening line of a MyST directive: its fence, name and argument.
FENCE = re.compile(r"^(?P<fence>:{3,}|`{3,})\{(?P<name>[\w-]+)\}\s*(?P<arg>.*?)\s*$")


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


def cell_source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _closes(line: str, fence: str) -> bool:
    """Whether ``line`` closes a directive opened with ``fence``."""
    stripped = line.strip()
    return bool(stripped) and set(stripped) == {fence[0]} and len(stripped) >= len(fence)


def directive_at(lines: list[str], start: int) -> tuple[int, list[str]]:
    """Index of the closing fence of the directive opened at ``lines[start]`` and its body lines."""
    fence = FENCE.match(lines[start]).group("fence")
    depth_fences = [fence]
    body = []
    i = start + 1
    while i < len(lines):
        line = lines[i]
        m = FENCE.match(line)
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


def exercises(nb: dict) -> list[Exercise]:
    """Every exercise in ``nb`` with its solution (Markdown and code, in order)."""
    prompts: dict[str, str] = {}
    order: list[str] = []
    solutions: dict[str, list[tuple[str, str]]] = {}
    current: str | None = None  # label of an open solution-start
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            if current is not None and cell_source(cell).strip():
                solutions[current].append(("code", cell_source(cell).strip("\n")))
            continue
        lines = cell_source(cell).split("\n")
        i = 0
        buf: list[str] = []
        while i < len(lines):
            m = FENCE.match(lines[i])
            name = m.group("name") if m else None
            if name in {"exercise", "solution", "solution-start", "solution-end"}:
                end, body = directive_at(lines, i)
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
