"""Personio job feeds: ``{company}.jobs.personio.de/xml`` (and ``.com``), XML.

Shape used: ``<workzag-jobs>`` (some feeds: ``<positions>``) holding ``<position>`` elements with ``<id>``,
``<subcompany>``, ``<office>``, ``<additionalOffices><office>…</office></additionalOffices>``,
``<department>``, ``<recruitingCategory>``, ``<name>``, ``<jobDescriptions><jobDescription><name>…</name>
<value><![CDATA[HTML]]></value></jobDescription></jobDescriptions>``, ``<employmentType>`` (permanent,
intern, trainee, freelance, temporary, working_student), ``<seniority>`` (entry-level, experienced,
executive, student), ``<schedule>`` (full-time, part-time, flexible), ``<yearsOfExperience>`` (lt-1, 1-2,
2-5, 5-7, 7+), ``<keywords>`` (comma separated), ``<occupation>``, ``<occupationCategory>``, ``<createdAt>``.

Input: the XML as ``str`` or ``bytes``, or an already parsed ``xml.etree.ElementTree.Element`` (the root or
one ``<position>``). Descriptions may be empty, and so may ``<subcompany>``, the only company name the feed
has: the board's subdomain made readable names the company then. The feed carries no job URL: pass ``origin`` (the board's
``https://{company}.jobs.personio.de``) to get ``{origin}/job/{id}``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from parsers import infer, values
from parsers.draft import Draft
from parsers.errors import ParseError
from parsers.formats import ats_common as ats
from parsers.record import EmploymentType

KIND = "personio"
_ROOTS = ("workzag-jobs", "positions")
_RECOGNIZE = re.compile(
    r"<\s*(?:workzag-jobs|positions)\b[^>]*>\s*(?:<\s*position\b|<\s*/)"  # a feed
    r"|^\s*(?:<\?xml[^>]*>\s*)?<position>\s*<id>[^<]*</id>\s*<(?:subcompany|office|name)\b",  # one position
    re.IGNORECASE,
)
_EMPLOYMENT: dict[str, EmploymentType] = {
    "intern": "internship",
    "trainee": "internship",
    "working_student": "internship",
    "freelance": "contract",
    "temporary": "temporary",
}
_YEARS = re.compile(r"(\d+)")


def looks_like(data: object) -> bool:
    """Personio XML text, or a parsed root or ``<position>`` element."""
    if isinstance(data, ET.Element):
        return ats.local(data.tag) in (*_ROOTS, "position") and (
            ats.local(data.tag) != "position" or ats.child_text(data, "name") is not None
        )
    return bool(_RECOGNIZE.search(ats.xml_head(data)))


def parse_data(data: object, origin: str | None = None, board: str | None = None) -> list[Draft]:
    """Every position of a feed (or the one position). ``origin`` makes the job links; ``board`` (the company's
    subdomain) names the company of positions whose ``<subcompany>`` is empty, as it often is."""
    root = ats.xml_root(data)
    if root is None or ats.local(root.tag) not in (*_ROOTS, "position"):
        raise ParseError("not a Personio XML feed")
    positions = [root] if ats.local(root.tag) == "position" else ats.children(root, "position")
    drafts = []
    problems = []
    for index, position in enumerate(positions):
        draft = parse_offer(position, origin, board)
        if draft.title:
            drafts.append(draft)
        else:
            problems.append(f"position {index} has no name")
    return ats.require(drafts, problems, "Personio")


def parse_offer(offer: ats.XmlInput, origin: str | None = None, board: str | None = None) -> Draft:
    """One ``<position>`` (an element, or its XML text); ``board`` names the company when ``<subcompany>`` is empty."""
    position = ats.xml_root(offer)
    if position is None:
        raise ParseError("not a Personio position")
    get = lambda name: ats.child_text(position, name)  # noqa: E731
    draft = Draft(kind="personio")
    draft.title = get("name")
    draft.company_name = get("subcompany") or ats.board_name(board)
    job_id = get("id")
    base = values.url(origin)
    draft.url = f"{base.rstrip('/')}/job/{job_id}" if base and job_id else None
    draft.host = values.host_of(draft.url)

    parts: list[tuple[str | None, str | None]] = []
    for holder in ats.children(position, "jobDescriptions"):
        for item in ats.children(holder, "jobDescription"):
            parts.append((ats.child_text(item, "name"), ats.child_text(item, "value")))
    draft.description = ats.sections(parts)

    offices = [get("office")]
    for holder in ats.children(position, "additionalOffices"):
        offices.extend(values.text("".join(o.itertext())) for o in ats.children(holder, "office"))
    draft.location_raw = ats.join_labels(offices)
    draft.places = ats.places_from_labels(offices)

    kind, schedule = ats.key(get("employmentType")), ats.key(get("schedule"))
    draft.employment_type = (
        _EMPLOYMENT.get(kind or "")
        or ats.employment(schedule)
        or ("full_time" if kind == "permanent" and schedule != "flexible" else None)
    )
    draft.seniority = infer.seniority_code(ats.key(get("seniority")))
    years = _YEARS.search(get("yearsOfExperience") or "")
    draft.experience_years = int(years.group(1)) if years and not (get("yearsOfExperience") or "").startswith("lt") else None
    draft.job_type = get("department") or get("recruitingCategory")
    draft.hashtags = values.tag_list(get("keywords"))
    draft.posted_at = values.timestamp(get("createdAt"))
    return draft
