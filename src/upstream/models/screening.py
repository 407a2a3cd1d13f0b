"""Screening arithmetic: from sensitivity, specificity and prevalence to PPV (lesson 7).

Pure functions, no plotting. The published accuracy figures in
:data:`SCREENING_STUDIES` (from ``content/screening_studies.yml``) are from the studies' abstracts (see the lesson for
citations); everything else is arithmetic.

Formulas (plain text)::

    PPV = sens * prev / (sens * prev + (1 - spec) * (1 - prev))
    NPV = spec * (1 - prev) / (spec * (1 - prev) + (1 - sens) * prev)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import check_in_range, check_positive_int
from ..content import load_yaml

__all__ = ["SCREENING_STUDIES", "ScreeningStudy", "predictive_values", "screen_counts"]


@dataclass(frozen=True)
class ScreeningStudy:
    """Published accuracy of a short screening tool (fractions in [0, 1]).

    Attributes
    ----------
    label : short name shown to learners.
    key : BibTeX key of the source in book/references.bib.
    setting : where and whom the study screened.
    sensitivity, specificity : as published.
    prevalence : share who had experienced child sex trafficking in a group screened as it
        came, if published; ``None`` for a case-control study.
    sample_share : case-control studies only: the share of the sample who were cases. It is
        set by how many cases and controls the researchers enrolled, so it is *not* a
        prevalence, and a PPV computed from it does not carry over to any real setting.
    """

    label: str
    key: str
    setting: str
    sensitivity: float
    specificity: float
    prevalence: float | None = None
    sample_share: float | None = None


def _prevalence(value) -> float | None:
    """A published prevalence: a fraction, or ``"cases/sample"`` as in the study."""
    if isinstance(value, str):
        cases, sample = value.split("/")
        return int(cases) / int(sample)
    return value


#: The studies of ``src/upstream/content/screening_studies.yml``.
SCREENING_STUDIES: tuple[ScreeningStudy, ...] = tuple(
    ScreeningStudy(
        **{**s, "prevalence": _prevalence(s.get("prevalence")), "sample_share": _prevalence(s.get("sample_share"))}
    )
    for s in load_yaml("screening_studies.yml", "screening_studies")["studies"]
)


def predictive_values(sensitivity, specificity, prevalence) -> dict:
    """Positive and negative predictive values of a screen.

    Parameters
    ----------
    sensitivity : float or array
        Share of those who have the condition that screen positive, in [0, 1].
    specificity : float or array
        Share of those who do not that screen negative, in [0, 1].
    prevalence : float or array
        Share of the screened group who have the condition, in [0, 1].

    Returns
    -------
    dict with ``ppv`` (chance that a positive screen is a true positive) and
    ``npv`` (chance that a negative screen is a true negative), fractions;
    NaN where undefined (for example no positive screens at all).
    """
    se = np.asarray(check_in_range("sensitivity", sensitivity, 0.0, 1.0), dtype=float)
    sp = np.asarray(check_in_range("specificity", specificity, 0.0, 1.0), dtype=float)
    pr = np.asarray(check_in_range("prevalence", prevalence, 0.0, 1.0), dtype=float)
    tp, fp = se * pr, (1.0 - sp) * (1.0 - pr)
    tn, fn = sp * (1.0 - pr), (1.0 - se) * pr
    with np.errstate(invalid="ignore", divide="ignore"):
        ppv = np.where(tp + fp > 0, tp / np.where(tp + fp > 0, tp + fp, 1.0), np.nan)
        npv = np.where(tn + fn > 0, tn / np.where(tn + fn > 0, tn + fn, 1.0), np.nan)

    def out(x):
        return float(x) if np.ndim(x) == 0 else x

    return {"ppv": out(ppv), "npv": out(npv)}


def screen_counts(sensitivity: float, specificity: float, prevalence: float, screened: int = 1000) -> dict:
    """Expected true/false positives and negatives among ``screened`` people (rounded).

    Returns
    -------
    dict with ``true_positive``, ``false_positive``, ``false_negative``,
    ``true_negative`` (whole people, adding up to ``screened``), ``positives``
    and ``ppv``/``npv`` as in :func:`predictive_values`.
    """
    screened = check_positive_int("screened", screened, 10_000_000)
    se = check_in_range("sensitivity", sensitivity, 0.0, 1.0)
    sp = check_in_range("specificity", specificity, 0.0, 1.0)
    pr = check_in_range("prevalence", prevalence, 0.0, 1.0)
    have = int(round(screened * pr))
    tp = int(round(have * se))
    fn = have - tp
    tn = int(round((screened - have) * sp))
    fp = screened - have - tn
    pv = predictive_values(se, sp, pr)
    return {
        "true_positive": tp,
        "false_positive": fp,
        "false_negative": fn,
        "true_negative": tn,
        "positives": tp + fp,
        "ppv": pv["ppv"],
        "npv": pv["npv"],
    }
