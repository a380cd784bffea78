"""Helpers the applicant-tracking-system formats share: places, codes, sections and XML.

Each ATS module reads its own field names; what they have in common (a country given as
"USA", "United States" or "us", placeholder values such as "xxxx", "Full-time" spelled a
dozen ways, HTML sections with headings, hostile XML) is decided here once.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from itertools import pairwise
from typing import Any, cast

from parsers import infer, values
from parsers.draft import Draft
from parsers.errors import ParseError
from parsers.geo import gazetteer, resolve_places
from parsers.html import markdown_from_html
from parsers.record import PERIODS_PER_YEAR, EmploymentType, Period, Place, Salary, Seniority, Workplace

# Values some boards put in required address fields when there is nothing to say.
_PLACEHOLDER = re.compile(r"^(?:x+|-+|\.+|n/?a|none|null|tbd|unknown|\?+|0+)$", re.IGNORECASE)

# Employment labels as the ATS give them, lowercased with spaces, dashes and slashes made "_".
_EMPLOYMENT: dict[str, EmploymentType] = {
    "full_time": "full_time",
    "fulltime": "full_time",
    "full": "full_time",
    "full_time_permanent": "full_time",
    "fulltime_permanent": "full_time",
    "fulltime_fixed_term": "full_time",
    "permanent": "full_time",
    "permanent_full_time": "full_time",
    "regular": "full_time",
    "vollzeit": "full_time",
    "festanstellung": "full_time",
    "pełny_etat": "full_time",
    "pelny_etat": "full_time",
    "heltid": "full_time",
    "temps_plein": "full_time",
    "part_time": "part_time",
    "parttime": "part_time",
    "parttime_permanent": "part_time",
    "parttime_fixed_term": "part_time",
    "part": "part_time",
    "teilzeit": "part_time",
    "niepełny_etat": "part_time",
    "część_etatu": "part_time",
    "deltid": "part_time",
    "temps_partiel": "part_time",
    "contract": "contract",
    "contractor": "contract",
    "freelance": "contract",
    "freelancer": "contract",
    "b2b": "contract",
    "kontrakt_b2b": "contract",
    "umowa_b2b": "contract",
    "intern": "internship",
    "internship": "internship",
    "trainee": "internship",
    "traineeship": "internship",
    "apprenticeship": "internship",
    "apprentice": "internship",
    "ausbildung": "internship",
    "working_student": "internship",
    "werkstudent": "internship",
    "praktikum": "internship",
    "staż": "internship",
    "temporary": "temporary",
    "temp": "temporary",
    "seasonal": "temporary",
    "fixed_term": "temporary",
    "befristet": "temporary",
}
_WORKPLACE: dict[str, Workplace] = {
    "remote": "remote",
    "fully": "remote",
    "fully_remote": "remote",
    "remote_only": "remote",
    "home_office": "remote",
    "homeoffice": "remote",
    "standortunabhängig": "remote",
    "ortsunabhängig": "remote",
    "zdalnie": "remote",
    "praca_zdalna": "remote",
    "télétravail": "remote",
    "teletrabajo": "remote",
    "hybride": "hybrid",
    "hybrid_work": "hybrid",
    "hybrid": "hybrid",
    "onsite": "onsite",
    "on_site": "onsite",
    "in_office": "onsite",
    "office": "onsite",
}
_SEPARATORS = re.compile(r"[\s\-/]+")
# Words boards put in a city or region field that name no place.
_NOT_A_PLACE = {*_WORKPLACE, "anywhere", "worldwide", "global", "home_office", "homeoffice", "various", "multiple_locations"}
# Two-letter country names that are not ISO codes: "UK" (GB) and the EU's "EL" (Greece).
_CODE_ALIASES = {"UK": "GB", "EL": "GR"}


def shaped(data: object, name: str, known: set[str] | frozenset[str]) -> bool:
    """One job of an ATS: an object with the ATS's name field and at least two more of its known fields."""
    return isinstance(data, dict) and name in data and len(known & data.keys()) >= 2


def period(word: object) -> Period | None:
    """A pay interval written as one word in any case ("YEAR", "hour") as a period."""
    text = word.strip().lower() if isinstance(word, str) else ""
    return cast(Period, text) if text in PERIODS_PER_YEAR else None


def key(raw: object) -> str | None:
    """A label as a lookup key: "Full-Time" and "full time" are both ``full_time``."""
    text = values.text(raw)
    return _SEPARATORS.sub("_", text.lower()).strip("_") if text else None


def employment(*labels: object) -> EmploymentType | None:
    """The employment type the first recognizable label names: exactly ("Full-time"), else by its words
    ("Regular Full-Time", "Intern (Summer)", "Permanent Part-Time", "Contract to hire")."""
    for label in labels:
        code = key(label)
        if code and code in _EMPLOYMENT:
            return _EMPLOYMENT[code]
    for label in labels:
        found = _employment_words(label)
        if found:
            return found
    return None


_WORD = re.compile(r"[^\W_]+")
# Words for full-time hours (not tenure words such as "permanent", which go with part time as well).
_FULL_HOURS = {"full", "full_time", "fulltime", "vollzeit", "heltid", "temps_plein", "pełny_etat", "pelny_etat"}


def _employment_words(label: object) -> EmploymentType | None:
    """The type a free-text label's words and word pairs name: an internship says more than the hours, part time
    more than a fixed term or a contract, and those more than "permanent"."""
    text = values.text(label)
    words = _WORD.findall(text.lower()) if text else []
    terms = [*words, *(f"{a}_{b}" for a, b in pairwise(words))]
    found = {_EMPLOYMENT[term] for term in terms if term in _EMPLOYMENT}
    if "part_time" in found and any(term in _FULL_HOURS for term in terms):
        found.discard("part_time")  # "Full or part time": offered full time ("Permanent part-time" is part time)
    order: tuple[EmploymentType, ...] = ("internship", "part_time", "temporary", "contract", "full_time")
    return next((kind for kind in order if kind in found), None)


# Levels that name none: LinkedIn's "Mid-Senior level" (any experienced hire) and the "not applicable" choices.
_NO_LEVEL = {"mid_senior_level", "mid_senior", "not_applicable", "none", "other", "unspecified"}


def seniority(code: object) -> Seniority | None:
    """The level an ATS's level code names ("entry-level", "Student", "executive"); None for the codes that name
    no level ("Mid-Senior level", "Not Applicable")."""
    found = key(code)
    return None if found in _NO_LEVEL else infer.seniority_code(found)


def workplace(raw: object) -> list[Workplace] | None:
    """``["remote"]`` for "Remote", "REMOTE", "fully"...; None for null, "unspecified" or unknown words."""
    code = key(raw)
    found = _WORKPLACE.get(code) if code else None
    return [found] if found else None


def language(raw: object) -> str | None:
    """A posting's language code as the ATS gives it ("en", "de-DE", "pt_BR", ``{"code": "pl"}``), two letters."""
    text = values.text(raw.get("code") if isinstance(raw, dict) else raw)
    return text[:2].lower() if text and text[:2].isalpha() and (len(text) == 2 or not text[2].isalpha()) else None


def real(raw: object) -> str | None:
    """A text value, or None when it is empty or a placeholder such as "xxxx"."""
    text = values.text(raw)
    if not text or _PLACEHOLDER.match(text):
        return None
    return text


def country_code(raw: object) -> str | None:
    """An ISO alpha-2 code from a code in any case ("pl") or a country name in any common form."""
    text = real(raw)
    if not text:
        return None
    if len(text) == 2 and text.isalpha():
        return _CODE_ALIASES.get(text.upper(), text.upper())
    return gazetteer().country(text)


def _locality(raw: object) -> str | None:
    """An address part that names a place: not a placeholder, nor a workplace word ("Remote" given as the city)."""
    text = real(raw)
    return None if text is None or key(text) in _NOT_A_PLACE else text


def place(city: object = None, region: object = None, country: object = None) -> Place | None:
    """A place from separate address parts; placeholders and workplace words are dropped, US state codes become names."""
    city_text, region_text, code = _locality(city), _locality(region), country_code(country)
    named = gazetteer().country(city_text) if city_text else None
    if named and code in (None, named):
        code, city_text = named, None  # a country given as the city ("Poland", "pl")
    if not (city_text or region_text or code):
        return None
    if region_text and code == "US" and len(region_text) == 2:
        state = gazetteer().us_states.get(region_text.lower())
        region_text = state[1] if state else region_text
    return Place(city=city_text, region=region_text, country_code=code)


def places_from_labels(labels: Iterable[str | None], country: object = None) -> list[Place]:
    """Every place that free-form location labels name; ``country`` fills in labels that name none."""
    code = country_code(country)
    found: list[Place] = []
    for label in labels:
        for item in resolve_places(label):
            if item.country_code is None and code:
                item = item.model_copy(update={"country_code": code})
            add_place(found, item)
    return found


def add_place(into: list[Place], item: Place | None) -> None:
    """Append unless already there, or already there with more detail (a city beats its bare country, a city with its
    region the same city without one)."""
    if item is None or item in into:
        return
    for index, existing in enumerate(into):
        same_city = existing.city and item.city and existing.city.lower() == item.city.lower()
        if same_city and existing.country_code == item.country_code and None in (existing.region, item.region):
            if existing.region is None:
                into[index] = item
            return
    if item.city is None and any(p.country_code == item.country_code and p.city for p in into if item.country_code):
        return
    for index, existing in enumerate(into):
        if existing.city is None and existing.country_code == item.country_code and item.city:
            into[index] = item
            return
    into.append(item)


def join_labels(labels: Iterable[str | None]) -> str | None:
    """Distinct labels in order, joined into the record's raw location."""
    seen: list[str] = []
    for label in labels:
        text = values.text(label)
        if text and text not in seen:
            seen.append(text)
    return "; ".join(seen) or None


def sections(parts: Iterable[tuple[str | None, str | None]]) -> str:
    """Markdown of HTML sections under their headings; the very first section reads as the lead, without one.

    When earlier sections are empty, the first one with text keeps its heading ("Your profile" alone is
    still a profile, not a lead).
    """
    out: list[str] = []
    first = True
    for heading, html in parts:
        markdown = markdown_from_html(html)
        title = values.text(heading)
        if markdown:
            out.append(f"## {title}\n\n{markdown}" if title and not first else markdown)
        first = False
    return "\n\n".join(out)


def plain_text(raw: object) -> str | None:
    """HTML text as plain words (a salary note given only as HTML), or None when it says nothing."""
    html = values.text(raw)
    return values.text(markdown_from_html(html).replace("*", "")) if html else None


def obj(raw: object) -> dict[str, Any]:
    """A JSON object, or an empty one when the value is anything else."""
    return raw if isinstance(raw, dict) else {}


def items(raw: object) -> list[Any]:
    """A JSON array, or an empty one when the value is anything else."""
    return raw if isinstance(raw, list) else []


def label_of(raw: object) -> str | None:
    """A name that may come bare or as ``{"name": ...}`` / ``{"label": ...}``, or the first of a list of those."""
    if isinstance(raw, list):
        return next((found for item in raw if (found := label_of(item))), None)
    if isinstance(raw, dict):
        return values.text(raw.get("name")) or values.text(raw.get("label")) or values.text(raw.get("value"))
    return values.text(raw)


_TOKEN_WORDS = re.compile(r"[-_.\s]+")


def board_name(token: str | None) -> str | None:
    """A board token made readable, the company's name when the ATS gives none: "bending-spoons" is "Bending Spoons".

    Words already cased by the company ("MesaFoods", "N26") are kept as written; only lowercase words are capitalized.
    The token names the board's owner for certain, unlike a guess from the posting's prose.
    """
    words = [w for w in _TOKEN_WORDS.split(values.text(token) or "") if w]
    return " ".join(w if w != w.lower() else w[:1].upper() + w[1:] for w in words) or None


def fill_company(drafts: list[Draft], *names: str | None) -> list[Draft]:
    """Give drafts without a company the first of ``names`` that is set (the board's own name, then its token's)."""
    name = next((n for n in names if n), None)
    for draft in drafts:
        draft.company_name = draft.company_name or name
    return drafts


def require(drafts: list[Draft], problems: list[str], ats: str) -> list[Draft]:
    """The drafts, or a ParseError naming why a list answer gave none."""
    if not drafts:
        reason = "; ".join(problems[:3]) if problems else "the jobs list is empty"
        raise ParseError(f"no usable {ats} job: {reason}")
    return drafts


def collect(jobs: Iterable[Any], parse_one: Callable[[dict[str, Any]], Draft], ats: str) -> list[Draft]:
    """``parse_one`` over every job object of a list answer; jobs without a title are reported, not kept."""
    drafts: list[Draft] = []
    problems: list[str] = []
    for position, item in enumerate(jobs):
        if not isinstance(item, dict):
            problems.append(f"job {position} is not an object")
            continue
        draft = parse_one(item)
        if draft.title:
            drafts.append(draft)
        else:
            problems.append(f"job {position} has no title")
    return require(drafts, problems, ats)


# ---------------------------------------------------------------- XML

XmlInput = str | bytes | ET.Element
"""XML as the formats accept it: text, bytes, or an element ElementTree already parsed."""
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


def xml_root(data: object) -> ET.Element | None:
    """The root element of XML given as text, bytes or an already parsed element; None when it is not XML.

    Entity declarations are refused (no expansion bombs); expat never fetches external entities.
    """
    if isinstance(data, ET.Element):
        return data
    if isinstance(data, str):
        raw = data.encode("utf-8")
    elif isinstance(data, bytes):
        raw = data
    else:
        return None
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head != b"<":
        return None
    if _ENTITY.search(raw):
        raise ParseError("XML with entity declarations is refused")
    try:
        return ET.fromstring(raw)
    except ET.ParseError as exc:
        raise ParseError(f"invalid XML: {exc}") from None


def xml_head(data: object, size: int = 4096) -> str:
    """The first characters of XML text, for cheap recognition before parsing."""
    if isinstance(data, bytes):
        return data[:size].decode("utf-8", "replace")
    if isinstance(data, str):
        return data[:size]
    return ""


def local(tag: str) -> str:
    """An element name without its namespace: ``{https://teamtailor.com/locations}city`` is ``city``."""
    return tag.rsplit("}", 1)[-1]


def child_text(element: ET.Element, name: str) -> str | None:
    """The stripped text of the first child with this local name (CDATA included), or None."""
    for child in element:
        if local(child.tag) == name:
            return values.text("".join(child.itertext()))
    return None


def children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if local(child.tag) == name]


def salary_text(label: str | None, value: str | None, country: str | None) -> Salary | None:
    """A salary written as a label and a value ("Wynagrodzenie: 12 000 – 18 000 PLN brutto")."""
    if not value:
        return None
    return infer.salary_from_text(f"{label or 'Salary'}: {value}", country)
