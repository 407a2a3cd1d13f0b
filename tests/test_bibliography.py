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


#: entries that share a web address on purpose: key -> why
SHARED_ADDRESS = {
    "tvpa2000": "the 2000 statute itself, cited (as its note says) through the summary endslavery_tvpa also cites",
    "endslavery_tvpa": "End Slavery & Trafficking's summary of the TVPA and its reauthorizations",
}


def test_one_entry_per_source():
    """A source cited under two keys drifts (two notes, two spellings of one title): one web address, one key."""
    by_address: dict[str, list[str]] = {}
    for key, entry in parse_file(str(BIB)).entries.items():
        url = entry.fields.get("url", "").strip().rstrip("/").lower()
        if url:
            by_address.setdefault(url, []).append(key)
    shared = {url: keys for url, keys in by_address.items() if len(keys) > 1}
    unexplained = {url: keys for url, keys in shared.items() if not set(keys) <= set(SHARED_ADDRESS)}
    assert not unexplained, f"one source under several keys (keep one and cite it everywhere): {unexplained}"
