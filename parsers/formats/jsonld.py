"""schema.org ``JobPosting`` JSON-LD, from an HTML page or a bare JSON document.

Postings may sit at the top level, inside ``@graph`` or inside an ``ItemList``;
each one found gives one draft.
"""

from __future__ import annotations

import json
import re
from typing import Any

from parsers import infer, values
from parsers.draft import Draft
from parsers.errors import ParseError
from parsers.html import markdown_from_html
from parsers.record import EmploymentType, Place, Salary, Workplace

_EMPLOYMENT: dict[str, EmploymentType] = {
    "FULL_TIME": "full_time",
    "FULLTIME": "full_time",
    "PART_TIME": "part_time",
    "PARTTIME": "part_time",
    "CONTRACTOR": "contract",
    "CONTRACT": "contract",
    "TEMPORARY": "temporary",
    "INTERN": "internship",
    "INTERNSHIP": "internship",
    "PER_DIEM": "temporary",
}
_UNIT = {"YEAR": "year", "MONTH": "month", "WEEK": "week", "DAY": "day", "HOUR": "hour"}


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {str(n).rsplit("/", 1)[-1] for n in names if n}


def _index_ids(data: object, into: dict[str, dict[str, Any]], depth: int = 0) -> None:
    if depth > 8:
        return
    if isinstance(data, list):
        for item in data:
            _index_ids(item, into, depth + 1)
    elif isinstance(data, dict):
        node_id = data.get("@id")
        if isinstance(node_id, str) and len(data) > 1:
            into.setdefault(node_id, data)
        for value in data.values():
            if isinstance(value, (dict, list)):
                _index_ids(value, into, depth + 1)


def _resolve(value: object, ids: dict[str, dict[str, Any]]) -> object:
    """A node given only as ``{"@id": ...}`` (common inside ``@graph``), replaced by the node it names."""
    if isinstance(value, dict) and set(value) == {"@id"} and isinstance(value["@id"], str):
        return ids.get(value["@id"], value)
    return value


def find_postings(data: object, depth: int = 0) -> list[dict[str, Any]]:
    """Every JobPosting object in a JSON-LD document, however it is nested."""
    if depth > 8:
        return []
    found: list[dict[str, Any]] = []
    if isinstance(data, list):
        for item in data:
            found.extend(find_postings(item, depth + 1))
    elif isinstance(data, dict):
        if "JobPosting" in _types(data):
            found.append(data)
        else:
            for key in ("@graph", "itemListElement", "item", "mainEntity"):
                if key in data:
                    found.extend(find_postings(data[key], depth + 1))
    return found


def looks_like(data: object) -> bool:
    return bool(find_postings(data))


_LD_SCRIPT = re.compile(
    r"<script\b[^>]*?\btype\s*=\s*(?:\"application/ld\+json\"|'application/ld\+json'|application/ld\+json(?=[\s/>]))"
    r"[^>]*>(.*?)</script\s*>",
    re.IGNORECASE | re.DOTALL,
)


def parse_html(html: str) -> list[Draft]:
    items = _blocks_fast(html)
    if items is None:
        from extruct.jsonld import JsonLdExtractor

        try:
            items = JsonLdExtractor().extract(html)
        except Exception:  # one malformed block makes the extractor give up on the whole page
            items = _blocks_one_by_one(html)
    return _drafts_from(items, "HTML page has no schema.org JobPosting JSON-LD")


def _blocks_fast(html: str) -> list[Any] | None:
    """The JSON-LD items of a page without building its DOM (the DOM cost most of a JSON-LD parse).

    None when the page needs the full HTML parser: a comment (it may hide a script) or a block that is not
    plain JSON (comment lines, broken JSON), so the slow path keeps its own rules for those.
    """
    if "<!--" in html:
        return None
    items: list[Any] = []
    for block in _LD_SCRIPT.findall(html):
        try:
            data = json.loads(block, strict=False)
        except (ValueError, RecursionError):
            return None
        for item in data if isinstance(data, list) else [data] if isinstance(data, dict) else []:
            if item:
                items.append(item)
    return items


def _drafts_from(document: object, missing: str) -> list[Draft]:
    postings = find_postings(document)
    if not postings:
        raise ParseError(missing)
    ids: dict[str, dict[str, Any]] = {}
    _index_ids(document, ids)
    return [parse_posting(p, ids) for p in postings]


def _blocks_one_by_one(html: str) -> list[Any]:
    """Each JSON-LD block parsed on its own, so a broken one costs only itself."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except Exception as exc:  # lxml raises parser and value errors on hostile markup
        raise ParseError(f"unreadable HTML page: {type(exc).__name__}") from None
    items: list[Any] = []
    for node in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            items.append(json.loads(node.text_content(), strict=False))
        except (ValueError, RecursionError):
            continue
    return items


def parse_data(data: object) -> list[Draft]:
    return _drafts_from(data, "JSON-LD has no JobPosting")


def _name(value: object) -> str | None:
    if isinstance(value, dict):
        return values.text(value.get("name"))
    if isinstance(value, list) and value:
        return _name(value[0])
    return values.text(value)


def _url(value: object) -> str | None:
    if isinstance(value, dict):
        return values.url(value.get("url") or value.get("contentUrl") or value.get("@id"))
    if isinstance(value, list) and value:
        return _url(value[0])
    return values.url(value)


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def parse_posting(node: dict[str, Any], ids: dict[str, dict[str, Any]] | None = None) -> Draft:
    draft = Draft(kind="jsonld")
    draft.title = values.text(node.get("title")) or values.text(node.get("name"))
    draft.description = markdown_from_html(values.text(node.get("description")))
    org = _resolve(node.get("hiringOrganization"), ids or {})
    draft.company_name = _name(org)
    if isinstance(org, dict):
        draft.company_website = _url(org.get("sameAs")) or _url(org.get("url"))
        draft.logo_url = _url(org.get("logo"))
    draft.url = _url(node.get("url")) or _url(node.get("@id"))
    draft.apply_url = _url(node.get("directApplyUrl")) or _url(node.get("applicationUrl"))
    draft.host = values.host_of(draft.url)

    raw_parts: list[str] = []
    for loc in _as_list(node.get("jobLocation")):
        place = _place(loc)
        if place:
            draft.places.append(place)
            raw_parts.append(", ".join(p for p in (place.city, place.region, place.country_code) if p))
    remote = "TELECOMMUTE" in str(node.get("jobLocationType") or "").upper()
    workplace: list[Workplace] = []
    if remote:
        workplace.append("remote")
        scopes = [s for s in (_name(req) for req in _as_list(node.get("applicantLocationRequirements"))) if s]
        if scopes:
            raw_parts.append("Remote (" + ", ".join(scopes) + ")")
            draft.remote_scope = _scope(scopes)
        else:
            raw_parts.append("Remote")
    draft.workplace = workplace or None
    draft.location_raw = "; ".join(raw_parts) or None

    employment = [str(e).upper().replace("-", "_").replace(" ", "_") for e in _as_list(node.get("employmentType"))]
    draft.employment_type = next((_EMPLOYMENT[e] for e in employment if e in _EMPLOYMENT), None)
    draft.hashtags = [*values.tag_list(node.get("skills")), *values.tag_list(node.get("keywords"))]
    draft.salary = _salary(node.get("baseSalary") or node.get("estimatedSalary"))
    draft.posted_at = values.timestamp(node.get("datePosted"))
    experience = node.get("experienceRequirements")
    if isinstance(experience, dict):
        months = values.number(experience.get("monthsOfExperience"))
        draft.experience_years = int(months // 12) if months is not None else None
    elif isinstance(experience, str):
        draft.experience_years = infer.experience_years(
            experience if "experi" in experience.lower() else experience + " experience"
        )
    lang = values.text(node.get("inLanguage"))
    draft.language = lang[:2].lower() if lang and lang[:2].isalpha() else None
    return draft


def _place(loc: object) -> Place | None:
    if not isinstance(loc, dict):
        return None
    address = loc.get("address", loc)
    if isinstance(address, str):
        from parsers.geo import resolve_places

        found = resolve_places(address)
        return found[0] if found else None
    if not isinstance(address, dict):
        return None
    city = values.text(address.get("addressLocality"))
    region = values.text(address.get("addressRegion"))
    country_raw = _name(address.get("addressCountry"))
    code = None
    if country_raw:
        from parsers.geo import gazetteer

        code = gazetteer().country(country_raw)
    if not (city or region or code):
        return None
    if region and code == "US" and len(region) == 2:
        state = _us_state(region)
        region = state or region
    return Place(city=city, region=region, country_code=code)


def _us_state(code: str) -> str | None:
    from parsers.geo import gazetteer

    found = gazetteer().us_states.get(code.lower())
    return found[1] if found else None


def _scope(names: list[str]) -> str | None:
    from parsers.geo import gazetteer

    if len(names) > 1:
        codes = [gazetteer().country(n) for n in names]
        return ",".join(c for c in codes if c) or None
    single = names[0]
    return infer.scope_value(single, gazetteer().country)


def _salary(raw: object) -> Salary | None:
    if not isinstance(raw, dict):
        return None
    currency = infer.currency_code(values.text(raw.get("currency")))
    value = raw.get("value")
    if isinstance(value, dict):
        low = values.number(value.get("minValue"))
        high = values.number(value.get("maxValue"))
        if low is None and high is None:
            low = values.number(value.get("value"))
        unit = values.text(value.get("unitText")) or values.text(raw.get("unitText"))
    else:
        low, high = values.number(value), None
        unit = values.text(raw.get("unitText"))
    if low is None and high is None:
        return None
    # Through the same plausibility rule as every other salary (parsers/infer/salary.py).
    return infer.salary_from_fields(low, high, currency, _UNIT.get((unit or "").upper()))
