"""Teamtailor career sites: the JSON:API ``jobs.json``, the JSON Feed and the RSS feed ``jobs.rss``.

Shapes used:
- JSON:API: ``{"data": [job, ...] | job, "included": [{"type": "locations" | "departments" | "roles", "id",
  "attributes": {...}}], "meta": {"record-count", "page-count"}, "links": {"next"}}``; a job is ``{"id",
  "type": "jobs", "attributes": {"title", "body", "pitch", "status", "remote-status" ("none" | "hybrid" |
  "fully" | "temporary"), "employment-type", "employment-level", "min-salary", "max-salary", "currency",
  "salary-time-unit", "created-at", "language-code"}, "links": {"careersite-job-url",
  "careersite-job-apply-url"}, "relationships": {"department" | "locations" | "role": {"data": ...}}}``;
  locations carry ``{"name", "city", "country", "zip", "address"}``
- JSON Feed 1.x: ``{"version": "https://jsonfeed.org/version/1.1", "title", "home_page_url", "items":
  [{"id", "url", "title", "content_html", "summary", "date_published", "tags", "_teamtailor": {"locations",
  "department", "remote_status", "employment_type", ...}}]}`` (the extension's names dashed, snake or camel case)
- RSS 2.0: ``<rss><channel><title>company</title><item><title>, <link>, <guid>, <pubDate>, <description>
  (HTML), <remoteStatus>, <tt:department>, <tt:role>, <tt:locations><tt:location><tt:name>, <tt:city>,
  <tt:country>…`` (the ``tt`` namespace is Teamtailor's; elements are matched by local name)

Input: JSON already decoded for the first two; for RSS the XML as ``str``/``bytes`` or a parsed element.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from parsers import infer, values
from parsers.draft import Draft
from parsers.errors import ParseError
from parsers.formats import ats_common as ats
from parsers.record import Place, Salary, Workplace

KIND = "teamtailor"
_JSONFEED = "https://jsonfeed.org/version/"
_RSS = re.compile(r"<rss\b", re.IGNORECASE)
# Teamtailor's own elements: its namespace (whatever prefix a serializer gave it) or the bare remoteStatus.
_RSS_HINT = re.compile(r"teamtailor\.com/locations|<\s*remoteStatus\b", re.IGNORECASE)
# "temporary" (remote for now) says nothing lasting: the text decides.
_REMOTE: dict[str, list[Workplace]] = {"fully": ["remote"], "hybrid": ["hybrid"], "none": ["onsite"]}


def _is_job_resource(data: object) -> bool:
    return isinstance(data, dict) and data.get("type") == "jobs" and isinstance(data.get("attributes"), dict)


def looks_like(data: object) -> bool:
    """A JSON:API document of ``jobs``, a JSON Feed, or Teamtailor RSS (text or element)."""
    if isinstance(data, dict):
        if "data" in data:
            inner = data["data"]
            if isinstance(inner, list):
                return (
                    _is_job_resource(inner[0]) if inner else isinstance(data.get("meta"), dict) and "record-count" in data["meta"]
                )
            return _is_job_resource(inner)
        version = data.get("version")
        return isinstance(version, str) and version.startswith(_JSONFEED) and isinstance(data.get("items"), list)
    if isinstance(data, ET.Element):
        return ats.local(data.tag) in ("rss", "channel", "item") and any(ats.local(e.tag) == "remoteStatus" for e in data.iter())
    head = ats.xml_head(data, 16384)
    return bool(_RSS.search(head) and _RSS_HINT.search(head))


def parse_data(data: object, board: str | None = None) -> list[Draft]:
    """Every job of a JSON:API document, a JSON Feed or an RSS feed; ``board`` is the career site's subdomain, the
    company's name when the feed's title gives none (JSON:API documents never do)."""
    fallback = ats.board_name(board)
    if isinstance(data, dict) and "data" in data:
        included = _included(data.get("included"))
        inner = data["data"]
        jobs = inner if isinstance(inner, list) else [inner]
        return ats.collect(jobs, lambda job: parse_offer(job, included, board), "Teamtailor")
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        company = _company_from_feed_title(values.text(data.get("title")))
        return ats.fill_company(ats.collect(data["items"], _feed_item, "Teamtailor"), company, fallback)
    root = ats.xml_root(data)
    if root is None:
        raise ParseError("not a Teamtailor feed")
    channel = next((e for e in root.iter() if ats.local(e.tag) == "channel"), None)
    company = ats.child_text(channel, "title") if channel is not None else None
    items = [e for e in root.iter() if ats.local(e.tag) == "item"]
    drafts = []
    problems = []
    for index, item in enumerate(items):
        draft = _rss_item(item)
        if draft.title:
            drafts.append(draft)
        else:
            problems.append(f"item {index} has no title")
    return ats.fill_company(ats.require(drafts, problems, "Teamtailor"), _company_from_feed_title(company), fallback)


def _company_from_feed_title(title: str | None) -> str | None:
    """A feed title such as "Acme jobs" or "Jobs at Acme" names the company."""
    if not title:
        return None
    cleaned = re.sub(
        r"^(?:jobs|careers|lediga jobb|karriär)\s+(?:at|hos|@|-|–)\s+|\s*(?:-|–|\|)?\s*(?:jobs|careers|career site)$",
        "",
        title,
        flags=re.IGNORECASE,
    )
    return cleaned.strip() or None


def _included(raw: object) -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict) and isinstance(item.get("attributes"), dict):
            found[(str(item.get("type")), str(item.get("id")))] = item["attributes"]
    return found


def _related(job: dict[str, Any], name: str, included: dict[tuple[str, str], dict[str, Any]]) -> list[dict[str, Any]]:
    relationships = job.get("relationships")
    link = relationships.get(name) if isinstance(relationships, dict) else None
    data = link.get("data") if isinstance(link, dict) else None
    refs = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    return [
        included[key] for ref in refs if isinstance(ref, dict) and (key := (str(ref.get("type")), str(ref.get("id")))) in included
    ]


def parse_offer(
    offer: dict[str, Any], included: dict[tuple[str, str], dict[str, Any]] | None = None, board: str | None = None
) -> Draft:
    """One JSON:API job resource; ``included`` maps (type, id) to the attributes of related resources, ``board`` is
    the career site's subdomain (the company's name: a JSON:API document names none)."""
    related = included or {}
    attributes: dict[str, Any] = ats.obj(offer.get("attributes"))
    links = ats.obj(offer.get("links"))
    draft = Draft(kind="teamtailor")
    draft.title = values.text(attributes.get("title"))
    draft.company_name = ats.board_name(board)
    apply = values.url(_field(attributes, "apply_url"))  # some documents carry the links as attributes
    draft.url = values.url(links.get("careersite-job-url")) or values.url(attributes.get("url")) or apply
    draft.apply_url = (
        values.url(links.get("careersite-job-apply-url")) or values.url(attributes.get("external-application-url")) or apply
    )
    draft.host = values.host_of(draft.url)
    draft.description = ats.sections([(None, values.text(attributes.get("body")))])
    draft.summary = values.text(attributes.get("pitch"))

    # "locations" (a list) on today's API, "location" (one) on older documents.
    places, labels = _places(_related(offer, "locations", related) or _related(offer, "location", related))
    if not labels:
        labels = [values.text(attributes.get("location")) or values.text(attributes.get("workplace_address"))]
        places = ats.places_from_labels(labels)
    draft.places = places
    draft.location_raw = ats.join_labels(labels)
    draft.workplace = _remote(_field(attributes, "remote_status"))

    draft.employment_type = ats.employment(attributes.get("employment-type"))
    draft.seniority = ats.seniority(attributes.get("employment-level"))
    departments = _related(offer, "department", related)
    draft.job_type = values.text(departments[0].get("name")) if departments else None
    salary = attributes.get("salary")
    if isinstance(salary, dict):
        draft.salary = infer.salary_from_fields(
            salary.get("min"), salary.get("max"), salary.get("currency"), salary.get("period")
        )
    else:
        draft.salary = _pay(attributes)
    draft.hashtags = values.tag_list(attributes.get("tags"))
    draft.posted_at = values.timestamp(attributes.get("created-at")) or values.timestamp(attributes.get("start-date"))
    draft.language = ats.language(attributes.get("language-code"))
    return draft


def _places(locations: list[Any]) -> tuple[list[Place], list[str | None]]:
    """Places and labels of location resources (``{"name", "city", "country", ...}``) or bare location names."""
    places: list[Place] = []
    labels: list[str | None] = []
    for location in locations:
        entry = location if isinstance(location, dict) else {"name": location}
        label = values.text(entry.get("name")) or values.text(entry.get("city"))
        if not label:
            continue
        labels.append(label)
        found = ats.place(entry.get("city"), None, entry.get("country") or _field(entry, "country_code"))
        if found is None:
            for item in ats.places_from_labels([label]):
                ats.add_place(places, item)
        ats.add_place(places, found)
    return places, labels


def _remote(raw: object) -> list[Workplace] | None:
    """Teamtailor's remote status ("fully", "hybrid", "none"; "temporary" says nothing lasting), or a plain word."""
    code = ats.key(raw)
    if code in ("true", "yes"):
        return ["remote"]
    return _REMOTE.get(code or "") or (None if code == "temporary" else ats.workplace(raw))


def _pay(data: dict[str, Any]) -> Salary | None:
    """``min-salary`` / ``max-salary`` (some documents: ``salary-min`` / ``salary-max``), currency and time unit."""
    low = _field(data, "min_salary")
    high = _field(data, "max_salary")
    return infer.salary_from_fields(
        _field(data, "salary_min") if low is None else low,
        _field(data, "salary_max") if high is None else high,
        _field(data, "currency") or _field(data, "salary_currency"),
        _field(data, "salary_time_unit"),
    )


def _field(data: dict[str, Any], name: str) -> Any:
    """A field spelled ``remote_status``, ``remote-status`` or ``remoteStatus`` (feeds and API versions differ)."""
    head, *rest = name.split("_")
    for spelling in (name, name.replace("_", "-"), head + "".join(part.title() for part in rest)):
        if spelling in data:
            return data[spelling]
    return None


def _feed_item(item: dict[str, Any]) -> Draft:
    draft = Draft(kind="teamtailor")
    draft.title = values.text(item.get("title"))
    draft.url = values.url(item.get("url")) or values.url(item.get("external_url"))
    draft.host = values.host_of(draft.url)
    draft.description = ats.sections([(None, values.text(item.get("content_html")) or values.text(item.get("content_text")))])
    draft.summary = values.text(item.get("summary"))
    draft.hashtags = values.tag_list(item.get("tags"))
    draft.posted_at = values.timestamp(item.get("date_published")) or values.timestamp(item.get("date_modified"))
    draft.language = ats.language(item.get("language"))
    _read_extension(draft, ats.obj(item.get("_teamtailor")))
    return draft


def _read_extension(draft: Draft, extension: dict[str, Any]) -> None:
    """The JSON Feed item's ``_teamtailor`` extension: locations, department, remote status, employment type, pay."""
    if not extension:
        return
    draft.places, labels = _places(ats.items(_field(extension, "locations")) or ats.items([_field(extension, "location")]))
    draft.location_raw = ats.join_labels(labels)
    draft.workplace = _remote(_field(extension, "remote_status"))
    draft.employment_type = ats.employment(_field(extension, "employment_type"))
    draft.seniority = ats.seniority(_field(extension, "employment_level"))
    draft.job_type = ats.label_of(_field(extension, "department"))
    draft.salary = _pay(extension)


def _rss_item(item: ET.Element) -> Draft:
    draft = Draft(kind="teamtailor")
    draft.title = ats.child_text(item, "title")
    draft.url = values.url(ats.child_text(item, "link")) or values.url(ats.child_text(item, "guid"))
    draft.host = values.host_of(draft.url)
    draft.description = ats.sections([(None, ats.child_text(item, "description"))])
    draft.posted_at = values.timestamp(ats.child_text(item, "pubDate"))
    places: list[Place] = []
    labels: list[str | None] = []
    # ``<tt:locations><tt:location><tt:name>…`` as a rule; some feeds give ``<tt:location>`` as bare text.
    holders = [*ats.children(item, "locations"), item]
    for location in (loc for holder in holders for loc in ats.children(holder, "location")):
        if len(location) == 0:
            label = values.text(location.text)
            if label:
                labels.append(label)
                for found in ats.places_from_labels([label]):
                    ats.add_place(places, found)
            continue
        city, country = ats.child_text(location, "city"), ats.child_text(location, "country")
        labels.append(ats.child_text(location, "name") or city)
        ats.add_place(places, ats.place(city, None, country) or next(iter(ats.places_from_labels([labels[-1]])), None))
    draft.places = places
    draft.location_raw = ats.join_labels(labels)
    draft.workplace = _remote(ats.child_text(item, "remoteStatus") or ats.child_text(item, "remote"))
    draft.job_type = ats.child_text(item, "department")
    return draft
