"""Accuracy and fairness (issue 15): words, law timeline, model caveats, and the
claims the lessons make about the model, checked against the model itself."""

from __future__ import annotations

import re

import pytest

from conftest import NOTEBOOKS, ROOT, load_notebook

#: Phrases DESIGN.md section 4 replaces: say "children exploited in commercial sex"
#: and "exploited again". They may appear only inside a title the book quotes.
AVOID = [
    r"minors? involved in commercial sex",
    r"(?:youth|young people|minors?|children|juveniles?) (?:involved |engaged )?in the sex trade",
    r"\bin the sex trade\b",
    r"\breturn(?:s|ed|ing)? to exploitation\b",
]
AVOID_RE = re.compile("|".join(AVOID), re.IGNORECASE)

#: Quoted titles: *italic*, "double quotes", typographic quotes, and BibTeX-style {Titles}.
_TITLE_SPANS = re.compile(r"\*[^*\n]+\*|\"[^\"\n]+\"|“[^”\n]+”|‘[^’\n]+’")


def outside_quoted_titles(text: str) -> list[str]:
    """The avoided phrases found in ``text`` once quoted titles are blanked out."""
    return sorted({m.group(0) for m in AVOID_RE.finditer(_TITLE_SPANS.sub(" ", text))})


def _sources():
    for p in sorted((ROOT / "book").glob("*.md")):
        yield f"book/{p.name}", p.read_text(encoding="utf-8")
    for p in NOTEBOOKS:
        nb = load_notebook(p)
        yield f"notebooks/{p.name}", "\n".join("".join(c["source"]) for c in nb["cells"])
    src = ROOT / "src" / "upstream"
    for p in sorted(src.rglob("*")):
        if p.suffix in {".py", ".json", ".yaml", ".yml", ".csv", ".md", ".js"} and p.is_file():
            yield str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")


@pytest.mark.parametrize("name, text", list(_sources()), ids=lambda x: x if len(x) < 80 else "")
def test_no_avoided_phrases_outside_quoted_titles(name, text):
    hits = outside_quoted_titles(text)
    assert not hits, f"{name} uses {hits}: say 'children exploited in commercial sex' / 'exploited again' (DESIGN.md 4)"


def test_the_phrase_check_catches_what_it_should_and_spares_quoted_titles():
    assert outside_quoted_titles("estimates of minors involved in commercial sex range")
    assert outside_quoted_titles("4,457 young people in the sex trade nationally")
    assert outside_quoted_titles("fewer return to exploitation")
    assert outside_quoted_titles("a child who returned to exploitation")
    assert not outside_quoted_titles("a national study titled *Youth Involvement in the Sex Trade*")
    assert not outside_quoted_titles('the report "Changing the Legal Response to Minors Involved in Commercial Sex"')
    assert not outside_quoted_titles("children exploited in commercial sex are exploited again")


def test_law_timeline_reaches_2024_with_the_laws_issue_15_names():
    from upstream import data

    laws = {r["public_law"]: r for r in data.load("us_laws")}
    for pl in ("115-425", "117-347", "117-348", "118-59"):
        assert pl in laws, f"P.L. {pl} missing from the law timeline"
    assert laws["118-59"]["year"] == 2024
    assert "1591(c)" in laws["110-457"]["what_it_did"]
    assert "legal process" not in laws["110-457"]["what_it_did"]
    jvta = laws["114-22"]["what_it_did"]
    assert "patronizes" in jvta and "CAPTA" in jvta
    assert "U visa" in laws["106-386"]["what_it_did"] and "VAWA 2000" in laws["106-386"]["what_it_did"]


def test_lesson_1_no_longer_credits_2008_with_abuse_of_legal_process_or_tvpa_with_the_u_visa():
    nb = load_notebook(ROOT / "notebooks/lesson-01-what-it-is.ipynb")
    md = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "1591(c)" in md and "unaccompanied" in md
    assert 'created the "3P" framework of prevention, protection and prosecution, the T and\nU visas' not in md
    assert "Battered Immigrant Women Protection Act" in md
    assert "GAO" in "".join(
        "".join(c["source"]) for c in load_notebook(ROOT / "notebooks/lesson-06-justice-as-prevention.ipynb")["cells"]
    ), "lesson 1 points to FOSTA in lesson 6"


def test_no_response_not_prevention_category_anywhere():
    for name, text in _sources():
        assert "Response, not prevention" not in text, name


def test_screening_development_study_is_not_offered_as_a_prevalence():
    from upstream.models import SCREENING_STUDIES

    dev = SCREENING_STUDIES[0]
    assert dev.prevalence is None, "a case-control share is set by the design, not a prevalence"
    assert dev.sample_share == pytest.approx(25 / 108)
    assert "25" in dev.setting and "83" in dev.setting
    assert all(s.prevalence is not None for s in SCREENING_STUDIES[1:])


def test_identification_claims_hold_in_the_model():
    """Lesson 4 says: at ten years identification alone is the best single lever on
    child-years, first-time exploitations are unchanged, re-exploitations rise as a
    count while the rate per exited child-year stays gamma; prosecution cuts
    first-time exploitations about as much as prevention."""
    from upstream import Budget, Parameters, simulate

    runs = {
        lever: simulate(Budget.single(lever, 2.0))
        for lever in ("prevention", "identification", "aftercare", "prosecution")
    }
    none = simulate(Budget())
    best = min(runs, key=lambda k: runs[k].child_years_exploited)
    assert best == "identification"
    ident = runs["identification"]
    assert ident.first_time_exploitations == pytest.approx(none.first_time_exploitations, rel=1e-3)
    assert ident.reexploitations > none.reexploitations
    for r in (none, ident):
        exited_years = r.X[:-1].sum() * r.dt
        assert r.reexploitations / exited_years == pytest.approx(Parameters().gamma, rel=0.01)
    prev, pros = runs["prevention"].first_time_exploitations, runs["prosecution"].first_time_exploitations
    assert abs(prev - pros) / none.first_time_exploitations < 0.05


def test_about_the_models_states_the_baseline_it_warns_about():
    from upstream.models import CAVEAT, equilibrium

    per_100k = float(equilibrium()["E"][0])
    assert round(per_100k) == 45
    text = (ROOT / "book/about-models.md").read_text(encoding="utf-8")
    assert "about 45 of\nevery 100,000" in text
    assert CAVEAT.rstrip(".").lower() in text.lower().replace("**", "").replace("\n", " ")


def test_every_model_printout_in_the_lessons_carries_the_caveat():
    """Every code cell that prints model results (lessons 4, 5, 8) prints CAVEAT too."""
    model_words = ("simulate", "runs[", "frontier", "run_draws", "rob.", "plan_summary", "res.")
    for name in ("lesson-04-prevention-vs-rescue", "lesson-05-spending-a-budget", "lesson-08-what-works"):
        nb = load_notebook(ROOT / f"notebooks/{name}.ipynb")
        for cell in nb["cells"]:
            src = "".join(cell["source"])
            if cell["cell_type"] == "code" and "print(" in src and any(w in src for w in model_words):
                assert "CAVEAT" in src or "plan_summary" in src, (
                    f"{name}: a model printout without CAVEAT:\n{src[:200]}"
                )


def test_plan_summary_carries_the_caveat_at_the_top_and_beside_the_verdict():
    from upstream.models import CAVEAT, EXAMPLE_PLAN, plan_summary

    text = plan_summary(EXAMPLE_PLAN)
    head = text.splitlines()[:4]
    paragraphs = [" ".join(par.split()) for par in text.split("\n\n")]
    verdict = next(par for par in paragraphs if "than an even split of the same total" in par)
    assert any(CAVEAT.upper().rstrip(".") in line for line in head)
    assert CAVEAT.lower().rstrip(".") in verdict.lower()
    assert "diminishing-returns curve" in verdict, "the verdict names the structural choice behind it"


def test_figures_carry_the_caveat_label():
    from upstream.figures import plot_trajectories
    from upstream.figures.style import ILLUSTRATIVE
    from upstream.models import CAVEAT, Budget, simulate

    assert CAVEAT.rstrip(".") in ILLUSTRATIVE
    fig = plot_trajectories({"none": simulate(Budget())}, states=("E",))
    assert ILLUSTRATIVE in fig._suptitle.get_text()


def test_rendered_book_uses_the_preferred_phrases(built_book):
    from bs4 import BeautifulSoup

    for page in sorted(built_book.rglob("*.html")):
        if "_static" in page.parts or page.stem in {"bibliography", "genindex", "search"}:
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for quoted in soup.select("em, cite, q"):
            quoted.decompose()
        hits = outside_quoted_titles(soup.get_text(" "))
        assert not hits, f"{page.name} shows {hits}"
