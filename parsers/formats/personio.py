"""Personio job feeds: ``{company}.jobs.personio.de/xml`` (and ``.com``), XML.

Shape used: ``<workzag-jobs>`` (some feeds: ``<positions>``) holding ``<position>`` elements with ``<id>``,
``<subcompany>``, ``<office>``, ``<additionalOffices><office>…</office></additionalOffices>``,
``<department>``, ``<recruitingCategory>``, ``<name>``, ``<jobDescriptions><jobDescription><name>…</name>
<value><![CDATA[HTML]]></value></jobDescription></jobDescriptions>``, ``<employmentType>`` (permanent,
intern, trainee, freelance, temporary, working_student), ``<seniority>`` (entry-level, experienced,
executive, student), ``<schedule>`` (full-time, part-time, flexible), ``<yearsOfExperience>`` (lt-1, 1-2,
2-5, 5-7, 7+), ``<keywords>`` (comma separated), ``<occupation>``, ``<occupationCategory>``, ``<createdAt>``,
and where the company publishes its pay ``<salaryInformation><min>, <max>, <currencyCode>, <type>`` (yearly,
monthly, hourly). ``<office>`` is sometimes a workplace word ("Home Office", "Hybrid") beside real offices.

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
from parsers.record import EmploymentType, Salary

KIND = "personio"
_ROOTS = ("workzag-jobs", "positions")
# Two patterns, not one alternation: a pattern opening with "<" lets the engine jump from "<" to "<", while an
# alternation with an anchored branch is tried at every character of the head (sevenfold slower on HTML pages).
_RECOGNIZE_FEED = re.compile(r"<\s*(?:workzag-jobs|positions)\b[^>]*>\s*(?:<\s*position\b|<\s*/)", re.IGNORECASE)
_RECOGNIZE_ONE = re.compile(  # one position, at the start
    r"\s*(?:<\?xml[^>]*>\s*)?<position>\s*<id>[^<]*</id>\s*<(?:subcompany|office|name)\b", re.IGNORECASE
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
    head = ats.xml_head(data)
    return bool(_RECOGNIZE_FEED.search(head) or _RECOGNIZE_ONE.match(head))


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
    # An office may be a workplace word ("Home Office", "Hybrid", "standortunabhängig") beside the real offices.
    draft.workplace = next((found for office in offices if (found := ats.workplace(office))), None)

    kind, schedule = ats.key(get("employmentType")), ats.key(get("schedule"))
    draft.employment_type = (
        _EMPLOYMENT.get(kind or "")
        or (ats.employment(kind) if kind != "permanent" else None)  # codes beyond the usual ones ("apprenticeship")
        or ats.employment(schedule)
        or ("full_time" if kind == "permanent" and schedule != "flexible" else None)
    )
    draft.experience_years = _years(get("yearsOfExperience"))
    draft.seniority = ats.seniority(get("seniority"))
    draft.salary = _salary(position)
    draft.job_type = get("department") or get("recruitingCategory")
    draft.hashtags = values.tag_list(get("keywords"))
    draft.posted_at = values.timestamp(get("createdAt"))
    return draft


def _years(raw: str | None) -> int | None:
    """The lower bound of ``<yearsOfExperience>``: "2-5" is 2, "7+" and "gt-7" are 7, "lt-1" (under a year) is 0."""
    text = (raw or "").strip().lower()
    found = _YEARS.search(text)
    if found is None:
        return None
    return 0 if text.startswith(("lt", "less", "<")) else int(found.group(1))


def _salary(position: ET.Element) -> Salary | None:
    """``<salaryInformation>`` (``<min>``, ``<max>``, ``<currencyCode>``, ``<type>``: yearly, monthly, hourly), which
    the feed carries where the company publishes its pay."""
    for holder in (*ats.children(position, "salaryInformation"), *ats.children(position, "salary")):
        found = infer.salary_from_fields(
            ats.child_text(holder, "min"),
            ats.child_text(holder, "max"),
            ats.child_text(holder, "currencyCode") or ats.child_text(holder, "currency"),
            ats.child_text(holder, "type") or ats.child_text(holder, "period") or ats.child_text(holder, "interval"),
        )
        if found:
            return found
    return None
