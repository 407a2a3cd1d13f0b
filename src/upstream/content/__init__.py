"""Lesson content as data files: what a teacher edits without reading code.

Each file in this folder is validated on load against a JSON Schema kept beside
it (``*.schema.json``; README.md in this folder describes every field). A file
that breaks its schema raises ``ValueError`` naming the file, the field and what
is expected, for example::

    lesson-03.yml: field sections[2].minutes: 'ten' is not of type 'integer'
    (workshop minutes, a whole number >= 1)

- ``lesson-NN.yml``: one lesson's catalogue entry (title, priority,
  prerequisites), learning objectives, timed sections, facilitation notes
  (discussion prompts, misconceptions) and knowledge-check questions with answers.
- ``screening_studies.yml``: published accuracy of screening tools (lesson 7).
- ``example_plan.yml``: the example local prevention plan (lesson 8).
- ``quiz_*.json``, ``sorter_*.json``: quiz questions and sorter cards, read with
  :func:`load_json` and checked by :class:`upstream.widgets.Quiz` and
  :class:`upstream.widgets.Sorter`.

This module is at the bottom of the package's layers: it imports nothing from
the rest of upstream.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

import fastjsonschema
import yaml

__all__ = ["lessons", "load_json", "load_yaml"]

#: libyaml's safe loader when PyYAML was built with it (about 20 times faster), else the pure-Python one
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LESSON_FILE = re.compile(r"^lesson-(\d{2})\.yml$")
#: JSON content whose name starts with one of these (``quiz_lesson1``) is checked against ``<kind>.schema.json``
_JSON_SCHEMAS = ("quiz", "sorter")


def _files():
    return resources.files(__name__)


def _field(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


@cache
def _validator(schema: str):
    # fastjsonschema (already installed with nbformat) compiles the schema to a function;
    # jsonschema would cost seconds on every import of the package (its format checkers
    # compile an RFC 3987 grammar), in every test process and notebook kernel.
    return fastjsonschema.compile(json.loads(_files().joinpath(f"{schema}.schema.json").read_text(encoding="utf-8")))


def _check(filename: str, data, schema: str):
    """Raise ``ValueError`` naming the file, the field and what is expected, if data breaks the schema."""
    try:
        _validator(schema)(data)
    except fastjsonschema.JsonSchemaValueException as err:
        hint = err.definition.get("description") if isinstance(err.definition, dict) else None
        desc = f" ({hint})" if hint else ""
        message = err.message.removeprefix(err.name).strip() if err.name else err.message
        raise ValueError(
            f"{filename}: field {_field(int(p) if str(p).isdigit() else p for p in err.path[1:])}: {message}{desc}"
        ) from None
    return data


def _read(filename: str) -> str:
    try:
        return _files().joinpath(filename).read_text(encoding="utf-8")
    except FileNotFoundError:
        names = sorted(
            p.name for p in _files().iterdir() if p.name.endswith((".yml", ".json")) and ".schema." not in p.name
        )
        raise ValueError(f"content file must be one of {', '.join(names)}; got {filename!r}") from None


def load_yaml(filename: str, schema: str) -> dict:
    """Read ``filename`` (a YAML file in this folder) and validate it against ``schema``.schema.json."""
    try:
        data = yaml.load(_read(filename), Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise ValueError(f"{filename}: not valid YAML: {exc}") from None
    return _check(filename, data, schema)


@cache
def _lessons() -> tuple[dict, ...]:
    out = []
    for path in sorted(_files().iterdir(), key=lambda p: p.name):
        m = _LESSON_FILE.match(path.name)
        if not m:
            continue
        data = load_yaml(path.name, "lesson")
        if data["number"] != int(m.group(1)):
            raise ValueError(
                f"{path.name}: field number: must be {int(m.group(1))}, the number in the file name; "
                f"got {data['number']}"
            )
        if not data["slug"].startswith(f"lesson-{data['number']:02d}-"):
            raise ValueError(
                f"{path.name}: field slug: must start with 'lesson-{data['number']:02d}-'; got {data['slug']!r}"
            )
        out.append(data)
    return tuple(out)


def lessons() -> list[dict]:
    """Every ``lesson-NN.yml``, validated, in lesson order (fresh copies: callers may change them)."""
    return json.loads(json.dumps(_lessons()))


def load_json(name: str) -> dict | list:
    """Quiz or sorter content stored as JSON in this folder (for example ``"quiz_lesson1"``)."""
    if not isinstance(name, str) or not name.replace("_", "").isalnum():
        raise ValueError(f"name must be a plain file name such as 'quiz_lesson1'; got {name!r}")
    try:
        text = _files().joinpath(f"{name}.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        names = sorted(p.name[:-5] for p in _files().iterdir() if p.name.endswith(".json") and ".schema." not in p.name)
        raise ValueError(f"name must be one of {', '.join(names)}; got {name!r}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{name}.json: not valid JSON: {exc}") from None
    kind = name.split("_", 1)[0]
    return _check(f"{name}.json", data, kind) if kind in _JSON_SCHEMAS else data
