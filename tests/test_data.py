"""The small sourced datasets: required columns, sources in the bibliography, numbers parse."""

from __future__ import annotations

import csv
import math
import re
from importlib import resources

import numpy as np
import pytest

from conftest import ROOT
from upstream import content, data

BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "book/references.bib").read_text(encoding="utf-8"), re.M))


@pytest.mark.parametrize("name", data.available())
def test_every_row_has_a_source_in_the_bibliography_and_a_url(name):
    rows = data.load(name)
    assert rows
    for r in rows:
        assert r["source"] in BIB_KEYS, f"{name}: unknown source key {r['source']!r}"
        assert r["url"].startswith(("http://", "https://"))


@pytest.mark.parametrize("name", data.available())
def test_required_columns_present_and_numbers_parse(name):
    spec = data.DATASETS[name]
    raw = list(csv.DictReader(resources.files("upstream.data").joinpath(f"{name}.csv").read_text().splitlines()))
    for col in ("source", "url", *spec["text"], *spec["int"], *spec["float"]):
        assert col in raw[0], f"{name}: missing column {col}"
    for r in data.load(name):
        for col in spec["int"]:
            assert isinstance(r[col], int) and r[col] >= 0
        for col in spec["float"]:
            assert isinstance(r[col], float) and (math.isnan(r[col]) or r[col] >= 0)


def _norm(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/").replace("ojp.gov./", "ojp.gov/")


@pytest.mark.parametrize("name", data.available())
def test_the_source_url_matches_the_bibliography_entry(name):
    bib = (ROOT / "book/references.bib").read_text(encoding="utf-8")
    for r in data.load(name):
        entry = re.search(r"@\w+\{" + re.escape(r["source"]) + r",(.*?)\n\}", bib, re.S).group(1)
        url = re.search(r"url\s*=\s*\{([^}]*)\}", entry).group(1)
        assert _norm(url) == _norm(r["url"]), f"{name}: {r['source']} url differs from the bibliography"


def test_reported_rows_name_their_secondary_source():
    for name in data.available():
        for r in data.load(name):
            if r.get("status") == "reported":
                assert r["reported_by"].strip()


def test_known_values():
    fp = {(r["fiscal_year"], r["stage"]): r["persons"] for r in data.load("federal_prosecutions")}
    assert fp[(2020, "referred")] == 2198 and fp[(2011, "convicted")] == 464
    laws = {r["public_law"]: r for r in data.load("us_laws")}
    assert laws["106-386"]["year"] == 2000 and laws["113-183"]["status"] == "verified"
    assert np.array_equal(data.column("hotline_cases", "year"), [2018, 2019])


def test_unknown_dataset_and_column_are_refused_clearly():
    with pytest.raises(ValueError, match="name must be one of"):
        data.load("nope")
    with pytest.raises(ValueError, match="col must be one of"):
        data.column("us_laws", "nope")
    with pytest.raises(ValueError, match="name must be"):
        content.load_json("../etc/passwd")
    with pytest.raises(ValueError, match="quiz_lesson1"):
        content.load_json("missing_file")


def test_a_bad_number_or_missing_source_is_caught(monkeypatch):
    good = data._read_text("hotline_cases.csv")
    monkeypatch.setattr(data, "_read_text", lambda f: good.replace("10949", "10,949x"))
    with pytest.raises(ValueError, match="cases"):
        data.load("hotline_cases")
    monkeypatch.setattr(data, "_read_text", lambda f: good.replace("polaris2019hotline2018", ""))
    with pytest.raises(ValueError, match="source"):
        data.load("hotline_cases")


def test_lesson_content_json_sources_exist():
    quiz = content.load_json("quiz_lesson1")
    for q in quiz["questions"]:
        for key in q.get("sources", []):
            assert key in BIB_KEYS
