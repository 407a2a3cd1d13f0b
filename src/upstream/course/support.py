"""Support resources: every crisis number the book shows, read from one data file.

``data/support_resources.yml`` is the one place where a number, text code or help
link is written. This module loads and validates it and turns it into the forms
the book needs:

- :func:`resource_markdown` and :func:`group_markdown`: MyST blocks for the support
  page (the ``support-resources`` directive in ``book/_ext/upstream_support.py``);
- :func:`substitutions`: MyST substitutions, so a page can write
  ``{{ support.nhth.call }}`` and get a ``tel:`` link with the current number;
- :func:`contacts_markdown`: a compact bullet list for a lesson notebook (plain
  CommonMark, no citations), which also reads well in JupyterLab;
- :func:`handout_lines`: plain lines for the printable handouts.

Crisis numbers are links a phone can follow: ``tel:`` for calls and ``sms:`` for
texts. Citations go in a short note below each resource, not in the line a reader
in a hurry reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as _res
from pathlib import Path

import yaml

__all__ = [
    "CONTACT_KINDS",
    "Contact",
    "Group",
    "Resource",
    "SupportData",
    "contact_markdown",
    "contacts_markdown",
    "group_markdown",
    "handout_lines",
    "load_support",
    "phone_labels",
    "resource_markdown",
    "short_hours",
    "substitutions",
]

#: kind -> the verb a reader sees before the label
CONTACT_KINDS = {"call": "Call", "text": "Text", "tty": "TTY", "chat": "Chat", "web": "Online at"}

_TEL = re.compile(r"^tel:(\+1\d{10}|\d{3})$")
_SMS = re.compile(r"^sms:(\+1\d{10}|\d{3}|\d{5,6})(\?body=[A-Z]+)?$")
_HTTPS = re.compile(r"^https://[\w.-]+\.[a-z]{2,}(/[\w./-]*)?$")


@dataclass(frozen=True)
class Contact:
    """One way to reach a resource.

    Attributes
    ----------
    kind : one of :data:`CONTACT_KINDS`.
    label : what the reader sees, e.g. ``"1-888-373-7888"``.
    target : the link: ``tel:+1NNNNNNNNNN``, ``sms:NNNNNN`` or ``https://...``.
    keyword : the word to text (e.g. ``"START"``), for a text code that needs one.
    """

    kind: str
    label: str
    target: str
    keyword: str = ""

    @property
    def digits(self) -> str:
        """The digits the link dials or texts (without +1), or "" for a web link."""
        m = re.match(r"^(?:tel|sms):(?:\+1)?(\d+)", self.target)
        return m.group(1) if m else ""


@dataclass(frozen=True)
class Resource:
    """One support resource, as ``data/support_resources.yml`` describes it."""

    id: str
    name: str
    operator: str
    contacts: tuple[Contact, ...]
    hours: str
    who: str
    what: str
    cite: tuple[str, ...]
    handout: bool
    young: str = ""
    note: str = ""
    #: what was NOT confirmed on the operator's own site (shown with the sources)
    unchecked: str = ""

    def contact(self, kind: str) -> Contact | None:
        """The first contact of this kind, or ``None``."""
        return next((c for c in self.contacts if c.kind == kind), None)


@dataclass(frozen=True)
class Group:
    """A group of resources for one need (a heading on the support page).

    Parameters
    ----------
    id : what the page names it by, e.g. ``danger`` in ``:::{support-resources} danger``.
    title : the need in a few words, as the page's heading says it (the page writes its own heading).
    intro : a paragraph shown before the resources, or ``""``.
    resources : the ids of its resources, in the order shown; every resource is in exactly one group.
    """

    id: str
    title: str
    intro: str
    resources: tuple[str, ...]


@dataclass(frozen=True)
class SupportData:
    checked: str
    groups: tuple[Group, ...]
    resources: dict[str, Resource]

    def resource(self, rid: str) -> Resource:
        """The resource with this id; ``KeyError`` naming the valid ids otherwise."""
        try:
            return self.resources[rid]
        except KeyError:
            raise KeyError(f"no support resource {rid!r}; valid ids: {', '.join(self.resources)}") from None

    def group(self, gid: str) -> Group:
        for g in self.groups:
            if g.id == gid:
                return g
        raise KeyError(f"no support group {gid!r}; valid ids: {', '.join(g.id for g in self.groups)}")


def _fail(where: str, msg: str):
    raise ValueError(f"support_resources.yml, {where}: {msg}")


def _label_digits(label: str) -> str:
    """Digits of a phone label: of its part without letters (``"1-800-RUNAWAY (1-800-786-2929)"``)."""
    parts = [p for p in re.split(r"[()]", label) if p.strip() and not re.search(r"[A-Za-z]", p)]
    d = re.sub(r"\D", "", parts[0]) if parts else ""
    return d[1:] if len(d) == 11 and d.startswith("1") else d


def _validate_contact(where: str, raw: dict) -> Contact:
    if not isinstance(raw, dict):
        _fail(where, f"a contact must be a mapping, got {raw!r}")
    unknown = set(raw) - {"kind", "label", "target", "keyword"}
    if unknown:
        _fail(where, f"unknown contact field(s) {sorted(unknown)}")
    kind = raw.get("kind")
    if kind not in CONTACT_KINDS:
        _fail(where, f"contact kind must be one of {', '.join(CONTACT_KINDS)}; got {kind!r}")
    label, target = str(raw.get("label", "")).strip(), str(raw.get("target", "")).strip()
    if not label or not target:
        _fail(where, "a contact needs a label and a target")
    c = Contact(kind, label, target, str(raw.get("keyword", "") or ""))
    if kind in ("call", "tty"):
        if not _TEL.match(target):
            _fail(where, f"a {kind} target must be tel:+1 and ten digits, or tel: and three digits; got {target!r}")
    elif kind == "text":
        if not _SMS.match(target):
            _fail(where, f"a text target must be sms:NUMBER (optionally ?body=WORD, RFC 5724); got {target!r}")
        if c.keyword and not target.endswith(f"body={c.keyword}"):
            _fail(where, f"the text keyword {c.keyword!r} must be the sms: link's body")
    elif not _HTTPS.match(target):
        _fail(where, f"a {kind} target must be an https:// address; got {target!r}")
    if kind in ("call", "tty", "text") and _label_digits(label) != c.digits:
        _fail(where, f"label {label!r} does not show the number the link dials ({target})")
    return c


_REQUIRED = ("id", "name", "operator", "contacts", "hours", "who", "what", "cite")
_OPTIONAL = ("young", "note", "unchecked", "handout")


def _validate(raw: dict) -> SupportData:
    if not isinstance(raw, dict) or not {"checked", "groups", "resources"} <= set(raw):
        _fail("top level", "needs `checked`, `groups` and `resources`")
    if not re.fullmatch(r"\d{4}-\d{2}", str(raw["checked"])):
        _fail("checked", f"must be YYYY-MM, got {raw['checked']!r}")
    res: dict[str, Resource] = {}
    for i, r in enumerate(raw["resources"]):
        where = f"resource {i + 1} ({r.get('id', '?') if isinstance(r, dict) else '?'})"
        if not isinstance(r, dict):
            _fail(where, "must be a mapping")
        missing = [k for k in _REQUIRED if not r.get(k)]
        if missing:
            _fail(where, f"missing field(s) {missing}")
        unknown = set(r) - set(_REQUIRED) - set(_OPTIONAL)
        if unknown:
            _fail(where, f"unknown field(s) {sorted(unknown)}")
        if not re.fullmatch(r"[a-z][a-z0-9]*", r["id"]):
            _fail(where, "id must be lower-case letters and digits (it is used in {{ support.<id>.call }})")
        if r["id"] in res:
            _fail(where, "duplicate id")
        contacts = tuple(_validate_contact(f"{where}, contact {j + 1}", c) for j, c in enumerate(r["contacts"]))
        if not any(c.kind in ("call", "text", "web", "chat") for c in contacts):
            _fail(where, "needs at least one way to reach it")
        cite = tuple(r["cite"]) if isinstance(r["cite"], list) else _fail(where, "cite must be a list of keys")
        text = " ".join(str(r.get(k, "")) for k in ("name", "hours", "who", "what", "young", "note", "unchecked"))
        if re.search(r"press\s*3", text, re.I) and "ended" not in text:
            _fail(where, "must not promise 988's retired 'Press 3' option")
        res[r["id"]] = Resource(
            id=r["id"],
            name=str(r["name"]).strip(),
            operator=str(r["operator"]).strip(),
            contacts=contacts,
            hours=str(r["hours"]).strip(),
            who=str(r["who"]).strip(),
            what=str(r["what"]).strip(),
            cite=cite,
            handout=bool(r.get("handout", False)),
            young=str(r.get("young", "") or "").strip(),
            note=str(r.get("note", "") or "").strip(),
            unchecked=str(r.get("unchecked", "") or "").strip(),
        )
    groups = []
    placed: dict[str, str] = {}
    for g in raw["groups"]:
        gid = g.get("id", "?")
        for k in ("id", "title", "resources"):
            if not g.get(k):
                _fail(f"group {gid}", f"missing {k}")
        for rid in g["resources"]:
            if rid not in res:
                _fail(f"group {gid}", f"names unknown resource {rid!r}")
            if rid in placed:
                _fail(f"group {gid}", f"resource {rid!r} is already in group {placed[rid]!r}")
            placed[rid] = gid
        groups.append(Group(gid, str(g["title"]).strip(), str(g.get("intro", "") or "").strip(), tuple(g["resources"])))
    orphans = set(res) - set(placed)
    if orphans:
        _fail("groups", f"resource(s) in no group: {sorted(orphans)}")
    return SupportData(str(raw["checked"]), tuple(groups), res)


def load_support(path: str | Path | None = None) -> SupportData:
    """Load and validate the support resources (the package's data file by default).

    Raises ``ValueError`` naming the entry and the field when the file is malformed:
    an unknown contact kind, a ``tel:`` link whose digits differ from its label, a
    resource in no group, a promise of 988's retired "Press 3" option, and so on.
    """
    if path is None:
        return _load_default()
    p = Path(path)
    if not p.is_file():
        raise ValueError(f"path: support data file not found: {p}")
    return _validate(yaml.safe_load(p.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _load_default() -> SupportData:
    text = _res.files("upstream.data").joinpath("support_resources.yml").read_text(encoding="utf-8")
    return _validate(yaml.safe_load(text))


# --------------------------------------------------------------------------- Markdown


def contact_markdown(c: Contact) -> str:
    """One contact as a Markdown link, e.g. ``[1-888-373-7888](tel:+18883737888)``."""
    link = f"[{c.label}]({c.target})"
    return f"**{c.keyword}** to {link}" if c.keyword else link


def _contact_phrase(c: Contact, link: bool = True) -> str:
    verb = CONTACT_KINDS[c.kind].lower() if c.kind != "tty" else "TTY"
    if link:
        return f"{verb} {contact_markdown(c)}"
    return f"{verb} {c.keyword + ' to ' if c.keyword else ''}{c.label}"


def short_hours(r: Resource) -> str:
    """``"24/7"`` for a round-the-clock service, otherwise the first clause of its hours."""
    if r.hours.startswith("24 hours a day, 7 days a week") or r.hours.startswith("24 hours a day, 365"):
        return "24/7"
    h = r.hours.split(" (")[0].split(";")[0].split(",")[0]
    return h[0].lower() + h[1:]


def _contacts_line(r: Resource, link: bool = True) -> str:
    parts = [_contact_phrase(c, link) for c in r.contacts]
    line = "; ".join(parts)
    return line[0].upper() + line[1:]


def resource_markdown(r: Resource, *, heading: str = "###", cite: bool = True) -> str:
    """A resource as a MyST block: heading, how to reach it, hours, who, what, sources.

    The citation note (``{cite:t}`` roles) sits in a small container below the
    resource, so the contact line stays short for a reader in a hurry.
    """
    lines = [f"{heading} {r.name}" if heading else f"**{r.name}**", ""]
    lines.append(f"- **{_contacts_line(r)}**")
    lines.append(f"- **When:** {r.hours}.")
    lines.append(f"- **Who can use it:** {r.who}")
    lines.append("")
    lines.append(r.what)
    if r.young:
        lines += ["", f"**If you are a young person:** {r.young}"]
    if cite:
        src = "Sources: " + ", ".join(f"{{cite:t}}`{k}`" for k in r.cite) + f"; checked {_month(r)}"
        src += f", except: {r.unchecked}" if r.unchecked else "."
        if r.note:
            src += f" {r.note}"
        lines += ["", ":::{container} support-source", src, ":::"]
    return "\n".join(lines)


def _month(r: Resource) -> str:
    y, m = load_support().checked.split("-")
    months = "January February March April May June July August September October November December".split()
    return f"{months[int(m) - 1]} {y}"


def group_markdown(gid: str, *, heading: str = "###", cite: bool = True, data: SupportData | None = None) -> str:
    """The intro and every resource of one group (for the support page)."""
    data = data or load_support()
    g = data.group(gid)
    blocks = [g.intro] if g.intro else []
    blocks += [resource_markdown(data.resource(rid), heading=heading, cite=cite) for rid in g.resources]
    return "\n\n".join(blocks)


def contacts_markdown(ids: list[str] | tuple[str, ...], *, data: SupportData | None = None) -> str:
    """A compact CommonMark bullet list, one resource a line, for a lesson notebook.

    No citations (they are on the support page); every number is a tel:/sms: link.
    """
    data = data or load_support()
    out = []
    for rid in ids:
        r = data.resource(rid)
        out.append(f"- **{r.name}**: {_contacts_line(r)} ({short_hours(r)}).")
    return "\n".join(out)


def substitutions(data: SupportData | None = None) -> dict:
    """MyST substitutions: ``{{ support.<id>.<kind> }}`` is that contact's link.

    Also ``{{ support.<id>.name }}``, ``.hours``, ``.who`` and ``.young``, and
    ``{{ support.<id>.all }}`` for every contact of the resource in one line.
    """
    data = data or load_support()
    out: dict[str, dict[str, str]] = {}
    for rid, r in data.resources.items():
        d = {"name": r.name, "hours": r.hours, "who": r.who, "young": r.young, "all": _contacts_line(r)}
        for c in r.contacts:
            d.setdefault(c.kind, contact_markdown(c))
        out[rid] = d
    return {"support": out}


def handout_lines(data: SupportData | None = None) -> list[tuple[str, str]]:
    """``(name, line)`` for each resource marked ``handout: true``, in page order; plain text."""
    data = data or load_support()
    out = []
    for g in data.groups:
        for rid in g.resources:
            r = data.resource(rid)
            if not r.handout:
                continue
            out.append((r.name, f"{_contacts_line(r, link=False)} ({short_hours(r)})."))
    return out


def phone_labels(data: SupportData | None = None) -> dict[str, list[str]]:
    """Resource id -> the labels of its call, text and TTY contacts (what pages must show)."""
    data = data or load_support()
    return {
        rid: [c.label for c in r.contacts if c.kind in ("call", "text", "tty")] for rid, r in data.resources.items()
    }
