"""Safety lint: every crisis number shown is the current one, from one data file.

Some readers are minors, and some may be in danger as they read (DESIGN.md
section 7). These tests hold the book to that:

- ``src/upstream/data/support_resources.yml`` is valid, and each resource cites
  its operator's own pages (keys in book/references.bib), never a news item;
- every built page and every handout shows only numbers, text codes and help
  links that are in the data file, as ``tel:``/``sms:`` links on the pages, and
  the pages that list resources (support, young people, instructor guide,
  lesson 7, handouts) carry the current ones;
- no page promises a retired service (988's LGBTQ+ "Press 3", "text PRIDE";
  the hotline's old "HELP"/"INFO"/"BeFree" text keywords);
- every lesson's content note links the support page and the young people's page;
- the young people's page reads at about grade 8 (the grade is printed), and its
  "Help now" box fits the first screen of a phone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import NOTEBOOKS, ROOT, load_notebook
from upstream.course.handout import handout_html, handout_markdown
from upstream.course.lessons import LESSONS
from upstream.course.support import contacts_markdown, load_support, phone_labels, substitutions

DATA = load_support()
#: every link target the data file allows on a page (tel:, sms:, https:)
TARGETS = {c.target for r in DATA.resources.values() for c in r.contacts}
#: the ten-digit (or short) numbers the data file knows
KNOWN_DIGITS = {c.digits for r in DATA.resources.values() for c in r.contacts if c.digits}

#: a US phone number written with digits: 1-888-373-7888, (888) 373-7888, 888.373.7888, 1 888 373 7888
PHONE = re.compile(r"(?<![\d-])(?:1[-. ])?\(?([2-9]\d{2})\)?[-. ](\d{3})[-. ](\d{4})(?![\d-])")
#: a number spelled in letters: 1-800-THE-LOST, 1.888.PREVENT, 1-844-7NATIVE
VANITY = re.compile(r"\b1[-.]8\d\d[-.](?=[0-9A-Z-]*[A-Z])[0-9A-Z][0-9A-Z-]{5,9}[0-9A-Z]\b")
#: retired or wrong services that must never be offered
RETIRED = [
    (re.compile(r"press(?:ing)?\s*[\"“]?3", re.I), "988's LGBTQ+ 'Press 3' option (ended 17 July 2025)"),
    (re.compile(r"text(?:ing)?\s+[\"“]?PRIDE", re.I), "988's 'text PRIDE' option (ended 17 July 2025)"),
    (
        re.compile(r"[\"“]?(?:HELP|INFO|BeFree)[\"”]?\s+(?:or\s+[\"“]?\w+[\"”]?\s+)?to\s+233733", re.I),
        "an old text keyword for the trafficking hotline (text 233733)",
    ),
]
#: sentences that may name a retired option because they say it is gone
RETIRED_OK = re.compile(r"ended|no longer|do not tell|don't tell|retired|out of date", re.I)

#: hosts of news items: a resource is cited to its operator, never to these
NEWS_HOSTS = (
    "wickedlocal.com",
    "digitalmediawire.com",
    "wtap.com",
    "newsbreak.com",
    "kttn.com",
    "clarksvilleonline.com",
    "bowiecountynow.com",
    "advocate.com",
    "wtop.com",
    "cyptea.com",
)


def bib_entries() -> dict[str, str]:
    text = (ROOT / "book/references.bib").read_text(encoding="utf-8")
    out = {}
    for m in re.finditer(r"^@\w+\{([^,\s]+),(.*?)^\}", text, re.M | re.S):
        out[m.group(1)] = m.group(2)
    return out


def article_text(soup: BeautifulSoup) -> str:
    art = soup.find("article") or soup
    for a in art.select("a.headerlink"):
        a.decompose()
    return art.get_text(" ")


def plain(text: str) -> str:
    """Text with Sphinx's typographic quotes made plain, and whitespace collapsed."""
    return " ".join(text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")).split())


def html_pages(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("*/*.html") if p.parent.name in {"book", "notebooks"})


def unknown_numbers(text: str) -> list[str]:
    """Phone numbers in ``text`` that the data file does not have (stale or wrong ones)."""
    labels = {l for ls in phone_labels(DATA).values() for l in ls}
    bad = [m.group(0) for m in PHONE.finditer(text) if "".join(m.groups()) not in KNOWN_DIGITS]
    bad += [m.group(0) for m in VANITY.finditer(text) if not any(m.group(0) in l for l in labels)]
    return bad


def retired_promises(text: str) -> list[str]:
    out = []
    for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
        for pattern, what in RETIRED:
            if pattern.search(sentence) and not RETIRED_OK.search(sentence):
                out.append(f"{what}: {sentence[:160]!r}")
    return out


# --------------------------------------------------------------------------- the data file


def test_data_file_is_valid_and_grouped_by_need():
    titles = [g.title for g in DATA.groups]
    assert titles == [
        "Danger now",
        "A child may be exploited",
        "Images of me online",
        "I need someone to talk to",
        "LGBTQ+, Native and runaway youth",
        "I am worried about my own or another adult's behaviour",
    ]
    for rid in (
        "emergency",
        "cps",
        "nhth",
        "cybertipline",
        "takeitdown",
        "childhelp",
        "lifeline988",
        "trevor",
        "stronghearts",
        "runaway",
        "stopitnow",
    ):
        r = DATA.resource(rid)
        assert r.hours and r.who and r.what and r.cite, rid
    assert DATA.resource("nhth").contact("chat"), "the hotline's web chat"
    # who a hotline may tell is told to the young reader, before they call or text
    nhth = DATA.resource("nhth").young
    assert "police" in nhth and "CPS" in nhth and "choose what you share" in nhth, nhth
    assert "hotline_report_trafficking" in DATA.resource("nhth").cite
    childhelp = DATA.resource("childhelp").young
    assert "authorities" in childhelp and "police" in childhelp and "choose what you share" in childhelp
    # Take It Down needs the picture on the young person's device; without it, the CyberTipline
    tid = DATA.resource("takeitdown").young
    assert "on your phone" in tid and "CyberTipline" in tid and "take part" in tid, tid
    # the 911 script is the book's suggestion, not the source's words
    assert "we suggest" in DATA.resource("emergency").what.lower()


def test_sources_line_says_what_was_not_checked_on_the_operators_site():
    from upstream.course.support import resource_markdown

    for rid in ("trevor", "runaway", "stopitnow", "stronghearts"):
        r = DATA.resource(rid)
        assert r.unchecked, f"{rid}: say what was not confirmed on the operator's own site"
        src = resource_markdown(r).split("support-source", 1)[1]
        assert ", except: " + r.unchecked[:20] in src, src
    # a fully checked resource prints no exception
    assert ", except:" not in resource_markdown(DATA.resource("nhth"))
    # the runaway line's hours mention text, and say why no text number is listed
    assert "could not be confirmed" in DATA.resource("runaway").hours
    assert DATA.resource("runaway").contact("text") is None


def test_every_crisis_number_is_a_tel_or_sms_link():
    for r in DATA.resources.values():
        for c in r.contacts:
            if c.kind in ("call", "tty"):
                assert c.target.startswith("tel:"), (r.id, c)
            elif c.kind == "text":
                assert c.target.startswith("sms:"), (r.id, c)


def test_each_resource_cites_its_operator_not_the_news():
    bib = bib_entries()
    for r in DATA.resources.values():
        for key in r.cite:
            assert key in bib, f"{r.id}: citation key {key!r} is not in book/references.bib"
            url = re.search(r"url\s*=\s*\{([^}]*)\}", bib[key])
            assert url, f"{key}: no url"
            assert not any(h in url.group(1) for h in NEWS_HOSTS), f"{r.id}: {key} is a news item ({url.group(1)})"


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"kind": "fax", "label": "1", "target": "tel:911"}, "contact kind must be one of"),
        ({"kind": "call", "label": "1-888-373-7889", "target": "tel:+18883737888"}, "does not show the number"),
        ({"kind": "call", "label": "1-888-373-7888", "target": "+18883737888"}, "tel:"),
        ({"kind": "text", "label": "678-678", "keyword": "START", "target": "sms:678678"}, "keyword"),
        ({"kind": "chat", "label": "x", "target": "http://example.org"}, "https://"),
    ],
)
def test_a_malformed_contact_is_refused_with_its_place(tmp_path, bad, message):
    import yaml

    raw = yaml.safe_load((ROOT / "src/upstream/data/support_resources.yml").read_text(encoding="utf-8"))
    raw["resources"][2]["contacts"] = [bad]
    p = tmp_path / "s.yml"
    p.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ValueError, match=message) as err:
        load_support(p)
    assert "resource 3" in str(err.value)


def test_promising_press_3_or_leaving_a_resource_out_is_refused(tmp_path):
    import yaml

    raw = yaml.safe_load((ROOT / "src/upstream/data/support_resources.yml").read_text(encoding="utf-8"))
    raw["resources"][0]["what"] = "LGBTQ+ young people can press 3."
    p = tmp_path / "s.yml"
    p.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="Press 3"):
        load_support(p)
    raw = yaml.safe_load((ROOT / "src/upstream/data/support_resources.yml").read_text(encoding="utf-8"))
    raw["groups"][1]["resources"] = ["nhth", "cybertipline"]
    p.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="in no group"):
        load_support(p)
    with pytest.raises(ValueError, match="path"):
        load_support(tmp_path / "missing.yml")


def test_substitutions_and_lesson_list_use_the_data():
    subs = substitutions()["support"]
    assert subs["nhth"]["call"] == "[1-888-373-7888](tel:+18883737888)"
    assert subs["trevor"]["text"] == "**START** to [678-678](sms:678678?body=START)"
    md = contacts_markdown(["nhth"])
    assert "tel:+18883737888" in md and "sms:233733" in md


# --------------------------------------------------------------------------- sources (no build)


def test_readme_content_note_numbers_match_the_data_file():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    note = re.search(r"> \*\*Content note\.\*\*(.*?)(?:\n\n|\Z)", readme, re.S)
    assert note, "README has a content note"
    text = " ".join(note.group(1).replace(">", " ").split())
    assert not unknown_numbers(text), f"README content note has numbers not in the data file: {unknown_numbers(text)}"
    for rid, kind in (("nhth", "call"), ("nhth", "text"), ("cybertipline", "call"), ("emergency", "call")):
        label = DATA.resource(rid).contact(kind).label
        digits = re.sub(r"\D", "", label.split("(")[-1]) if "(" in label else re.sub(r"\D", "", label)
        assert digits[-7:] in re.sub(r"\D", "", text), f"README content note lacks {rid} {kind} {label}"
    assert not retired_promises(text)


@pytest.mark.parametrize(
    "path", [*sorted((ROOT / "book").glob("*.md")), *NOTEBOOKS, ROOT / "README.md"], ids=lambda p: p.name
)
def test_sources_write_no_stale_number_and_promise_no_retired_service(path):
    if path.suffix == ".ipynb":
        text = "\n".join("".join(c["source"]) for c in load_notebook(path)["cells"])
    else:
        text = path.read_text(encoding="utf-8")
    assert not unknown_numbers(text), f"{path.name}: numbers not in support_resources.yml: {unknown_numbers(text)}"
    assert not retired_promises(text), retired_promises(text)


def _lesson7_texts() -> dict[str, str]:
    import yaml

    nb = load_notebook(ROOT / "notebooks/lesson-07-signs-and-responding.ipynb")
    y = yaml.safe_load((ROOT / "src/upstream/content/lesson-07.yml").read_text(encoding="utf-8"))
    return {
        "notebook": "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"),
        # what the book asserts: objectives and answers (beliefs and quiz questions state the myth on purpose)
        "lesson-07.yml": "\n".join(
            [
                *y["objectives"],
                *(m["answer"] for m in y["misconceptions"]),
                *(k["answer"] for k in y["knowledge_check"]),
            ]
        ),
        "sorter_lesson7.json": (ROOT / "src/upstream/content/sorter_lesson7.json").read_text(encoding="utf-8"),
    }


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+|\n\s*[-*\d.]+\s", " ".join(text.replace("\\n", " ").split()))


#: words that make a sentence about the CyberTipline or the hotline a warning, not a claim
_NEGATION = re.compile(r"\b(?:not|no|never|must still|nor)\b|n't", re.I)
#: a sentence that ties a hotline or CyberTipline report to the legal duty
_DUTY = re.compile(r"(?:state requires|requires|required|legal duty|mandat|fulfil|satisf|meets?\b)", re.I)


def test_no_sentence_in_lesson_7_says_a_hotline_or_cybertipline_report_meets_the_duty():
    for name, text in _lesson7_texts().items():
        for s in _sentences(text):
            if re.search(r"CyberTipline|trafficking hotline|Trafficking Hotline", s) and _DUTY.search(s):
                assert _NEGATION.search(s), f"{name}: {s[:200]!r}"
    nb = _lesson7_texts()["notebook"]
    assert "also makes the report their state requires" not in nb
    assert "must still report to the agency their state's law names" in nb


def test_lesson_7_types_no_crisis_number_and_cites_no_news_or_texas_ag_for_it():
    for name, text in _lesson7_texts().items():
        assert not PHONE.search(text) and not VANITY.search(text), f"{name}: a number typed in (use the data file)"
        assert "wickedlocal2017" not in text, name
        # (the optional family section, another helper's cell, is left to them)
        body = text.split("## When the trafficker is family", 1)[0] + text.split(":label: l7-ex-family", 1)[-1]
        assert "texasag_report" not in body, name
    texts = _lesson7_texts()
    # the exercise answer sends a concern to CPS or the police, the hotline only advises
    respond = texts["notebook"].split(":label: l7-ex-respond", 1)[1].split(":::{exercise}", 1)[0]
    assert "child protective services line or the" in respond and "police" in respond
    # the sorter says what is done to the young person, in plain words
    assert "sell sex" not in texts["sorter_lesson7.json"]
    # disclosure steps: no broad promise, report right away
    assert "stay with them through it" not in texts["notebook"]
    assert "Report right away" in texts["notebook"]
    # CAPTA is described as the condition on states it is, not as a rule about every child
    for name, text in texts.items():
        assert "treats a trafficked child as an abused child" not in text, name
        assert "Federal law treats a child identified" not in text, name
    assert "In some states every adult is a mandated" in texts["notebook"]


def test_capta_is_never_stated_as_a_rule_about_every_child():
    """CAPTA's trafficking rule is a condition on states' grants (42 U.S.C. 5106g(b)(1)), not a rule
    that federal law itself applies to every trafficked child."""
    overbroad = (
        "A trafficked child is an abused child",
        "treats a trafficked child as an abused child",
        "Federal law treats a child identified",
    )
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "book").glob("*.md"))}
    texts.update(_lesson7_texts())
    for name, text in texts.items():
        flat = " ".join(text.split())
        for phrase in overbroad:
            assert phrase not in flat, f"{name}: {phrase!r}"
    instructor = " ".join(texts["instructor-trauma-informed.md"].split())
    assert "condition of federal child-abuse grants" in instructor
    # the instructor page tells who the hotline may tell, from the hotline's own page
    assert "hotline_report_trafficking" in instructor and "choose what they share" in instructor


def test_support_page_cites_never_confront_to_its_source():
    text = (ROOT / "book/support.md").read_text(encoding="utf-8")
    section = text.split("report, do not intervene", 1)[1]
    assert "txssc_respond" in section and "texasag_report" not in section
    assert "does not replace a mandated report" in " ".join(section.split())
    # the Texas AG page (its text number is misprinted) is not cited for "do not intervene" anywhere in the safety pages
    instructor = (ROOT / "book/instructor-trauma-informed.md").read_text(encoding="utf-8")
    assert "texasag_report" not in instructor


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.slug)
def test_every_handout_carries_the_current_numbers(lesson):
    md = handout_markdown(lesson, ROOT)
    for r in DATA.resources.values():
        if not r.handout:
            continue
        for c in r.contacts:
            assert c.label in md, f"handout {lesson.number}: {r.name} {c.kind} {c.label} missing"
    assert not unknown_numbers(md), unknown_numbers(md)
    assert not retired_promises(md)
    assert "If this is happening to you" in md
    html = handout_html(lesson, ROOT)
    assert "1-888-373-7888" in html and not unknown_numbers(BeautifulSoup(html, "html.parser").get_text(" "))


# --------------------------------------------------------------------------- the built book


@pytest.mark.book
def test_every_built_page_shows_only_current_numbers(built_book):
    checked = 0
    for page in html_pages(built_book):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for a in soup.select("a[href^='tel:'], a[href^='sms:']"):
            assert a["href"] in TARGETS, f"{page.name}: link {a['href']} is not in support_resources.yml"
            checked += 1
        text = article_text(soup)
        assert not unknown_numbers(text), f"{page.name}: numbers not in the data file: {unknown_numbers(text)}"
        assert not retired_promises(text), f"{page.name}: {retired_promises(text)}"
        # one click to help from every page
        ann = soup.select_one(".bd-header-announcement")
        # the links are relative to each page (book/x.html links "support.html"): resolve them
        hrefs = [(page.parent / a["href"].split("#")[0]).resolve() for a in ann.find_all("a", href=True)] if ann else []
        assert (built_book / "book/young-people.html").resolve() in hrefs, f"{page.name}: no young people's link"
        assert (built_book / "book/support.html").resolve() in hrefs, f"{page.name}: no support link"
    assert checked >= 20, f"only {checked} tel:/sms: links in the whole book"


def _links(built_book: Path, page: str) -> dict[str, str]:
    soup = BeautifulSoup((built_book / page).read_text(encoding="utf-8"), "html.parser")
    art = soup.find("article")
    return {a["href"]: plain(a.get_text(" ")) for a in art.find_all("a", href=True)}


@pytest.mark.book
def test_support_page_lists_every_resource_with_its_sources(built_book):
    soup = BeautifulSoup((built_book / "book/support.html").read_text(encoding="utf-8"), "html.parser")
    art = soup.find("article")
    links = {a["href"]: plain(a.get_text(" ")) for a in art.find_all("a", href=True)}
    headings = [plain(h.get_text(" ").replace("#", "")) for h in art.find_all(["h2", "h3"])]
    for g in DATA.groups:
        assert g.title in headings, g.title
    for r in DATA.resources.values():
        assert r.name in headings, r.name
        for c in r.contacts:
            assert links.get(c.target) == c.label, f"{r.name}: {c.kind} link {c.target} shows {links.get(c.target)!r}"
    notes = art.select("div.support-source")
    assert len(notes) == len(DATA.resources), "one source note per resource"
    for note in notes:
        assert note.select("span.bibtex-citation"), "each note cites its sources"
    # crisis numbers are not cluttered by citations: the contact lines cite nothing
    for li in art.select("section section li"):
        assert not li.select("span.bibtex-citation"), li.get_text(" ")[:80]


@pytest.mark.book
def test_pages_that_list_help_carry_the_current_numbers(built_book):
    needs = {
        "book/young-people.html": [
            ("emergency", "call"),
            ("childhelp", "call"),
            ("cybertipline", "web"),
            ("takeitdown", "web"),
            ("nhth", "call"),
            ("nhth", "text"),
            ("nhth", "chat"),
            ("lifeline988", "call"),
            ("trevor", "call"),
            ("trevor", "text"),
            ("stronghearts", "call"),
            ("runaway", "call"),
        ],
        "book/instructor-trauma-informed.html": [
            ("emergency", "call"),
            ("nhth", "call"),
            ("nhth", "text"),
            ("lifeline988", "call"),
            ("trevor", "call"),
            ("cps", "web"),
            ("cybertipline", "web"),
        ],
        "notebooks/lesson-07-signs-and-responding.html": [
            ("emergency", "call"),
            ("cps", "web"),
            ("nhth", "call"),
            ("nhth", "text"),
            ("cybertipline", "web"),
            ("cybertipline", "call"),
            ("childhelp", "call"),
        ],
    }
    for page, wanted in needs.items():
        links = _links(built_book, page)
        for rid, kind in wanted:
            c = DATA.resource(rid).contact(kind)
            assert links.get(c.target) == c.label, f"{page}: {rid} {kind} should be a link {c.target} '{c.label}'"


@pytest.mark.book
def test_young_people_page_tells_the_hotline_duty_before_the_call(built_book):
    soup = BeautifulSoup((built_book / "book/young-people.html").read_text(encoding="utf-8"), "html.parser")
    text = plain(article_text(soup))
    # the reader learns that the hotline may pass what they say to the police or CPS before the number
    call = text.index(DATA.resource("nhth").contact("call").label)
    duty = text.index("before you call")
    before = text[duty:call]
    assert duty < call and "under 18" in before and "police" in before and "CPS" in before, before
    assert "choose what you share" in before, before
    # and that Childhelp (the talk line in the Help now box) may tell the authorities too
    assert re.search(r"Childhelp will not ask your name\..{0,120}police or child protection", text), "Childhelp's duty"
    for needle in (
        "not your fault",
        "not the one in trouble",
        "Do not pay",
        "Keep the proof",
        "Take It Down",
        "adult you trust",
        "What happens after you tell",
        "Report the account to the app",
        "Don't screenshot, save or send the picture itself",
        "If the picture is on your phone",
        "If you don't have it, the CyberTipline can still help",
    ):
        assert needle in text, needle
    # trafficking is described as something done to the child, never as the child's act
    assert "trading sexual things" not in text
    assert "someone gives you, or promises you, something for sexual acts" in text


@pytest.mark.book
def test_young_people_help_now_box_names_988_and_who_childhelp_may_tell(built_book):
    soup = BeautifulSoup((built_book / "book/young-people.html").read_text(encoding="utf-8"), "html.parser")
    box = soup.find("article").select_one("div.admonition.danger")
    hrefs = {a["href"] for a in box.find_all("a", href=True)}
    for rid in ("emergency", "lifeline988", "childhelp"):
        assert DATA.resource(rid).contact("call").target in hrefs, rid
    text = plain(box.get_text(" "))
    assert "hurting yourself" in text and "police or child protection" in text, text
    # "not in trouble" sits with sextortion (the FBI's words), not above "Call 911"
    assert "not in trouble" not in text, text


@pytest.mark.book
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.slug)
def test_every_content_note_links_support_and_young_people(built_book, lesson):
    soup = BeautifulSoup(
        (built_book / f"{lesson.path.removesuffix('.ipynb')}.html").read_text(encoding="utf-8"), "html.parser"
    )
    note = next(a for a in soup.select("div.admonition") if "Content note" in a.get_text())
    hrefs = [a["href"] for a in note.find_all("a", href=True)]
    assert any(h.endswith("book/support.html") for h in hrefs), "content note links the support page"
    assert any(h.endswith("book/young-people.html") for h in hrefs), "content note links the young people's page"
    for h in hrefs:
        assert (built_book / "notebooks" / h.split("#")[0]).resolve().is_file(), f"broken link {h}"


#: Flesch-Kincaid grade the young people's page must not exceed. Grade 8 is the
#: brief; service names (National Human Trafficking Hotline, Childhelp National
#: Child Abuse Hotline) are long words the reader needs, so half a grade of slack.
MAX_GRADE = 8.5


@pytest.mark.book
def test_young_people_page_reads_at_about_grade_8(built_book, capsys):
    import textstat

    soup = BeautifulSoup((built_book / "book/young-people.html").read_text(encoding="utf-8"), "html.parser")
    art = soup.find("article")
    # the last section names the sources for adults; the young reader's text is everything before it
    sources = art.find(id="where-this-advice-comes-from")
    if sources is not None:
        sources.decompose()
    for a in art.select("a.headerlink"):
        a.decompose()
    # each list item and heading is a sentence to a reader
    for el in art.find_all(["li", "h1", "h2", "h3", "p"]):
        el.append(". ")
    text = re.sub(r"(\.\s*){2,}", ". ", " ".join(art.get_text(" ").split()))
    grade = textstat.flesch_kincaid_grade(text)
    ease = textstat.flesch_reading_ease(text)
    words = textstat.lexicon_count(text)
    with capsys.disabled():
        print(
            f"\nyoung people's page: Flesch-Kincaid grade {grade:.1f}, reading ease {ease:.0f}, {words} words "
            f"(textstat consensus: {textstat.text_standard(text)})"
        )
    assert 150 < words < 900, f"{words} words: a page a young reader can take in"
    assert grade <= MAX_GRADE, f"grade {grade:.1f} > {MAX_GRADE}: use shorter sentences and plainer words"


# --------------------------------------------------------------------------- within one screen


@pytest.mark.browser
@pytest.mark.parametrize("width, height", [(375, 667), (1280, 800)], ids=["phone", "desktop"])
def test_help_now_fits_the_first_screen(browser, book_server, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.goto(book_server + "book/young-people.html")
        box = page.locator("article div.admonition.danger").first.bounding_box()
        assert box, "the Help now box is on the page"
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, (
            f"at {width}x{height} the Help now box ends at {box['y'] + box['height']:.0f} px, "
            f"below the first screen ({height} px)"
        )
        for target in (
            DATA.resource("emergency").contact("call").target,
            DATA.resource("childhelp").contact("call").target,
        ):
            link = page.locator(f"article div.admonition.danger a[href='{target}']").first
            assert link.is_visible(), target
    finally:
        page.close()
