"""book/references.bib stays well formed when branches are merged into it (it merges as a union)."""

from __future__ import annotations

import re
from pathlib import Path

from pybtex.database import parse_file

BIB = Path(__file__).resolve().parents[1] / "book" / "references.bib"


def test_every_entry_is_closed_before_the_next_begins():
    last = "}"
    for number, line in enumerate(BIB.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("@"):
            assert last.startswith(("}", "%")), f"references.bib line {number}: {line!r} follows an unclosed entry"
        if line.strip():
            last = line


def test_keys_are_unique_and_the_file_parses():
    keys = re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), re.M)
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})
    assert len(parse_file(str(BIB)).entries) == len(keys)
