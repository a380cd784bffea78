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
  [{"id", "url", "title", "content_html", "summary", "date_published", "tags"}]}``
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
from parsers.record import Place, Workplace

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


def parse_data(data: object) -> list[Draft]:
    if isinstance(data, dict) and "data" in data:
        included = _included(data.get("included"))
        inner = data["data"]
        jobs = inner if isinstance(inner, list) else [inner]
        return ats.collect(jobs, lambda job: parse_offer(job, included), "Teamtailor")
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        company = values.text(data.get("title"))
        drafts = ats.collect(data["items"], _feed_item, "Teamtailor")
        for draft in drafts:
            draft.company_name = draft.company_name or _company_from_feed_title(company)
        return drafts
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
            draft.company_name = _company_from_feed_title(company)
            drafts.append(draft)
        else:
            problems.append(f"item {index} has no title")
    return ats.require(drafts, problems, "Teamtailor")


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


def parse_offer(offer: dict[str, Any], included: dict[tuple[str, str], dict[str, Any]] | None = None) -> Draft:
    """One JSON:API job resource; ``included`` maps (type, id) to the attributes of related resources."""
    related = included or {}
    attributes: dict[str, Any] = ats.obj(offer.get("attributes"))
    links = ats.obj(offer.get("links"))
    draft = Draft(kind="teamtailor")
    draft.title = values.text(attributes.get("title"))
    draft.url = values.url(links.get("careersite-job-url")) or values.url(attributes.get("url"))
    draft.apply_url = values.url(links.get("careersite-job-apply-url")) or values.url(attributes.get("external-application-url"))
    draft.host = values.host_of(draft.url)
    draft.description = ats.sections([(None, values.text(attributes.get("body")))])
    draft.summary = values.text(attributes.get("pitch"))

    places: list[Place] = []
    labels: list[str | None] = []
    for location in _related(offer, "locations", related):
        labels.append(values.text(location.get("name")) or values.text(location.get("city")))
        found = ats.place(location.get("city"), None, location.get("country"))
        if found is None:
            for item in ats.places_from_labels([labels[-1]]):
                ats.add_place(places, item)
        ats.add_place(places, found)
    if not labels:
        labels = [values.text(attributes.get("location")) or values.text(attributes.get("workplace_address"))]
        places = ats.places_from_labels(labels)
    draft.places = places
    draft.location_raw = ats.join_labels(labels)
    draft.workplace = _REMOTE.get(ats.key(attributes.get("remote-status")) or "")

    draft.employment_type = ats.employment(attributes.get("employment-type"))
    draft.seniority = infer.seniority_code(attributes.get("employment-level"))
    departments = _related(offer, "department", related)
    draft.job_type = values.text(departments[0].get("name")) if departments else None
    salary = attributes.get("salary")
    if isinstance(salary, dict):
        draft.salary = infer.salary_from_fields(
            salary.get("min"), salary.get("max"), salary.get("currency"), salary.get("period")
        )
    else:
        draft.salary = infer.salary_from_fields(
            attributes.get("min-salary"),
            attributes.get("max-salary"),
            attributes.get("currency"),
            attributes.get("salary-time-unit"),
        )
    draft.hashtags = values.tag_list(attributes.get("tags"))
    draft.posted_at = values.timestamp(attributes.get("created-at")) or values.timestamp(attributes.get("start-date"))
    lang = values.text(attributes.get("language-code"))
    draft.language = lang[:2].lower() if lang and lang[:2].isalpha() else None
    return draft


def _feed_item(item: dict[str, Any]) -> Draft:
    draft = Draft(kind="teamtailor")
    draft.title = values.text(item.get("title"))
    draft.url = values.url(item.get("url")) or values.url(item.get("external_url"))
    draft.host = values.host_of(draft.url)
    draft.description = ats.sections([(None, values.text(item.get("content_html")) or values.text(item.get("content_text")))])
    draft.summary = values.text(item.get("summary"))
    draft.hashtags = values.tag_list(item.get("tags"))
    draft.posted_at = values.timestamp(item.get("date_published")) or values.timestamp(item.get("date_modified"))
    lang = values.text(item.get("language"))
    draft.language = lang[:2].lower() if lang and lang[:2].isalpha() else None
    return draft


def _rss_item(item: ET.Element) -> Draft:
    draft = Draft(kind="teamtailor")
    draft.title = ats.child_text(item, "title")
    draft.url = values.url(ats.child_text(item, "link")) or values.url(ats.child_text(item, "guid"))
    draft.host = values.host_of(draft.url)
    draft.description = ats.sections([(None, ats.child_text(item, "description"))])
    draft.posted_at = values.timestamp(ats.child_text(item, "pubDate"))
    places: list[Place] = []
    labels: list[str | None] = []
    for holder in ats.children(item, "locations"):
        for location in ats.children(holder, "location"):
            city, country = ats.child_text(location, "city"), ats.child_text(location, "country")
            labels.append(ats.child_text(location, "name") or city)
            ats.add_place(places, ats.place(city, None, country) or next(iter(ats.places_from_labels([labels[-1]])), None))
    draft.places = places
    draft.location_raw = ats.join_labels(labels)
    draft.workplace = _REMOTE.get(ats.key(ats.child_text(item, "remoteStatus")) or "")
    draft.job_type = ats.child_text(item, "department")
    return draft
