"""Small sourced datasets shipped with the package.

Every CSV row carries a ``source`` (a key in ``book/references.bib``) and the
``url`` it was checked at. Rows whose figures the project's fact base could
check only on a secondary page have ``status == "reported"`` and name that
page in ``reported_by``; lessons must say "as reported by ..." for them.

Use :func:`load` for a dataset (validated records with numbers parsed),
:func:`column` for one column as a NumPy array. Lesson content (objectives,
notes, quiz and sorter items) is in :mod:`upstream.content`.
"""

from __future__ import annotations

import csv
from importlib import resources

import numpy as np

__all__ = ["DATASETS", "available", "column", "load"]

#: name -> (required text columns, integer columns, float columns, description)
DATASETS: dict[str, dict] = {
    "us_laws": {
        "text": ("law", "public_law", "what_it_did", "status"),
        "int": ("year",),
        "float": (),
        "description": "Main US federal laws on trafficking of children, with public-law numbers.",
    },
    "federal_prosecutions": {
        "text": ("stage",),
        "int": ("fiscal_year", "persons"),
        "float": (),
        "description": "Persons referred, prosecuted and convicted in federal human-trafficking cases (BJS).",
    },
    "hotline_cases": {
        "text": (),
        "int": ("year", "cases", "sex_trafficking"),
        "float": ("labor_trafficking",),
        "description": "Cases/situations learned of by the National Human Trafficking Hotline (Polaris).",
    },
    "prevalence_estimates": {
        "text": ("label", "what_it_counts"),
        "int": (),
        "float": ("low", "high", "point"),
        "description": "Published national estimates of minors in commercial sexual exploitation, and what each counts.",
    },
    "detected_child_victims": {
        "text": ("status",),
        "int": ("report_edition", "data_year"),
        "float": ("percent_children", "percent_girls", "percent_boys"),
        "description": (
            "UNODC: children as a percentage of detected trafficking victims worldwide, with the "
            "shares of girls and boys (the split as reported by the summary named in split_reported_by)."
        ),
    },
    "tip_global": {
        "text": ("status",),
        "int": ("data_year", "report_year", "prosecutions", "convictions"),
        "float": (),
        "description": "State Department TIP Report global law-enforcement figures (estimates).",
    },
}

_STATUSES = {"verified", "reported"}


def available() -> tuple[str, ...]:
    """Names of the datasets :func:`load` accepts."""
    return tuple(DATASETS)


def _read_text(filename: str) -> str:
    return resources.files(__name__).joinpath(filename).read_text(encoding="utf-8")


def _parse(value: str, kind: type, name: str, col: str, row: int, required: bool):
    value = value.strip()
    if value == "":
        if required:
            raise ValueError(f"{name}.csv row {row}: column {col!r} is empty")
        return np.nan if kind is float else None
    try:
        return kind(value)
    except ValueError:
        raise ValueError(f"{name}.csv row {row}: column {col!r} must be a {kind.__name__}; got {value!r}") from None


def load(name: str) -> list[dict]:
    """Load and validate one dataset.

    Parameters
    ----------
    name : str
        One of :func:`available` (for example ``"federal_prosecutions"``).

    Returns
    -------
    list of dict
        One dict per row. Integer and float columns are parsed (an empty float
        cell becomes ``nan``); every row has a non-empty ``source`` and ``url``.

    Raises
    ------
    ValueError
        For an unknown name, a missing column, an empty required cell, a
        number that does not parse, or a "reported" row without ``reported_by``.
    """
    if name not in DATASETS:
        raise ValueError(f"name must be one of {', '.join(DATASETS)}; got {name!r}")
    spec = DATASETS[name]
    reader = csv.DictReader(_read_text(f"{name}.csv").splitlines())
    required = ("source", "url", *spec["text"], *spec["int"], *spec["float"])
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"{name}.csv is missing required columns {missing}")
    records = []
    for i, raw in enumerate(reader, start=2):  # row 1 is the header
        rec = dict(raw)
        for col in ("source", "url", *spec["text"]):
            if not (rec.get(col) or "").strip():
                raise ValueError(f"{name}.csv row {i}: column {col!r} is empty")
        if not rec["url"].startswith(("http://", "https://")):
            raise ValueError(f"{name}.csv row {i}: url must start with http:// or https://; got {rec['url']!r}")
        for col in spec["int"]:
            rec[col] = _parse(rec[col], int, name, col, i, required=True)
        for col in spec["float"]:
            rec[col] = _parse(rec[col], float, name, col, i, required=False)
        if "status" in rec:
            if rec["status"] not in _STATUSES:
                raise ValueError(
                    f"{name}.csv row {i}: status must be one of {sorted(_STATUSES)}; got {rec['status']!r}"
                )
            if rec["status"] == "reported" and not (rec.get("reported_by") or "").strip():
                raise ValueError(f"{name}.csv row {i}: a 'reported' row must name its secondary source in reported_by")
        records.append(rec)
    if not records:
        raise ValueError(f"{name}.csv has no rows")
    return records


def column(name: str, col: str) -> np.ndarray:
    """One column of a dataset as a NumPy array (numbers as float, text as object)."""
    records = load(name)
    if col not in records[0]:
        raise ValueError(f"col must be one of {', '.join(records[0])}; got {col!r}")
    values = [r[col] for r in records]
    if all(isinstance(v, (int, float)) for v in values):
        return np.asarray(values, dtype=float)
    return np.asarray(values, dtype=object)
