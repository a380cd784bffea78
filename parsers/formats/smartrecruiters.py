"""SmartRecruiters postings: ``api.smartrecruiters.com/v1/companies/{company}/postings`` and ``/postings/{id}``.

Shapes used (public Posting API):
- list page: ``{"offset", "limit", "totalFound", "content": [posting, ...]}``
- posting: ``{"id", "uuid", "name", "refNumber", "releasedDate", "company": {"identifier", "name"},
  "location": {"city", "region", "country" (lowercase code), "address", "postalCode", "remote", "hybrid",
  "fullLocation"}, "department": {"label"}, "function": {"label"}, "typeOfEmployment": {"id", "label"},
  "experienceLevel": {"id", "label"}, "customField": [{"fieldId", "fieldLabel", "valueId", "valueLabel"}],
  "language": {"code"}}``; the job ad (``/postings/{id}``) adds ``"postingUrl"``, ``"applyUrl"`` and
  ``"jobAd": {"sections": {"companyDescription" | "jobDescription" | "qualifications" |
  "additionalInformation": {"title", "text"}}}``.

Labels are localized ("Pełny etat", "Vollzeit"); a salary lives in a custom field whose label names it
("Salary", "Wynagrodzenie", "Gehalt"). Placeholder address parts such as "xxxx" are ignored.
"""

from __future__ import annotations

import re
from typing import Any

from parsers import infer, values
from parsers.draft import Draft
from parsers.formats import ats_common as ats
from parsers.record import Place, Salary, Workplace

KIND = "smartrecruiters"
_POSTING_KEYS = {
    "refNumber",
    "releasedDate",
    "typeOfEmployment",
    "experienceLevel",
    "customField",
    "jobAd",
    "uuid",
    "jobAdId",
    "defaultJobAd",
}
_SALARY_LABEL = re.compile(
    r"salary|compensation|pay\b|wage|wynagrodzenie|widełki|stawka|gehalt|vergütung|salaire|rémunération|salario|sueldo|"
    r"retribuzione|salaris|lön|løn|palkka|plat|mzda",
    re.IGNORECASE,
)
_SECTIONS = ("jobDescription", "qualifications", "additionalInformation", "companyDescription")
_POSTING_URL = "https://jobs.smartrecruiters.com/{company}/{id}"


def _is_posting(data: object) -> bool:
    return ats.shaped(data, "name", _POSTING_KEYS)


def looks_like(data: object) -> bool:
    """A postings page (``content`` with ``totalFound``) or one posting."""
    if not isinstance(data, dict):
        return False
    if isinstance(data.get("content"), list) and "totalFound" in data:
        return all(_is_posting(x) for x in data["content"][:1])
    return _is_posting(data)


def parse_data(data: object, board: str | None = None) -> list[Draft]:
    """Every posting of a page (or the one posting); ``board`` is the company's identifier, used where a posting
    names neither its company nor its identifier."""
    paged = isinstance(data, dict) and isinstance(data.get("content"), list) and "totalFound" in data
    postings = data["content"] if paged and isinstance(data, dict) else [data]
    return ats.collect(postings, lambda posting: parse_offer(posting, board), "SmartRecruiters")


def parse_offer(offer: dict[str, Any], board: str | None = None) -> Draft:
    draft = Draft(kind="smartrecruiters")
    draft.title = values.text(offer.get("name"))
    company = ats.obj(offer.get("company"))
    draft.company_name = values.text(company.get("name")) or ats.board_name(board)
    identifier, posting_id = values.text(company.get("identifier")) or values.text(board), values.text(offer.get("id"))
    built = _POSTING_URL.format(company=identifier, id=posting_id) if identifier and posting_id else None
    draft.url = values.url(offer.get("postingUrl")) or built
    draft.apply_url = values.url(offer.get("applyUrl"))
    draft.host = values.host_of(draft.url)
    draft.description = _description(offer.get("jobAd"))

    location = ats.obj(offer.get("location"))
    found = ats.place(location.get("city"), location.get("region"), location.get("country"))
    draft.places = [found] if found else []
    draft.location_raw = _label(location, found)
    draft.workplace = _workplace(offer, location)

    kind = ats.obj(offer.get("typeOfEmployment"))
    # The label first: it is what the posting shows, and an id such as "permanent" does not say full or part time.
    draft.employment_type = ats.employment(kind.get("label"), kind.get("id"))
    level = ats.obj(offer.get("experienceLevel"))
    draft.seniority = ats.seniority(level.get("id") or level.get("label"))
    draft.job_type = ats.label_of(offer.get("department")) or ats.label_of(offer.get("function"))
    draft.salary = _salary(offer, draft.places[0].country_code if draft.places else None)
    draft.posted_at = values.timestamp(offer.get("releasedDate"))
    draft.language = ats.language(offer.get("language"))
    return draft


def _label(location: dict[str, Any], found: Place | None) -> str | None:
    """The location as a reader sees it, without placeholder parts ("xxxx, xxxx, Germany" is "Germany")."""
    full = values.text(location.get("fullLocation"))
    if full:
        return ", ".join(part for part in (ats.real(p) for p in full.split(",")) if part) or None
    parts = [ats.real(location.get(k)) for k in ("city", "region")]
    if found and found.country_code:
        parts.append(found.country_code)
    return ", ".join(p for p in parts if p) or None


def _workplace(offer: dict[str, Any], location: dict[str, Any]) -> list[Workplace] | None:
    flags: list[Workplace] = []
    if values.boolean(location.get("remote")):
        flags.append("remote")
    if values.boolean(location.get("hybrid")):
        flags.append("hybrid")
    explicit = ats.workplace(offer.get("locationType")) or ats.workplace(location.get("locationType"))
    return flags or explicit


def _description(job_ad: object) -> str:
    sections = job_ad.get("sections") if isinstance(job_ad, dict) else None
    if not isinstance(sections, dict):
        return ""
    parts: list[tuple[str | None, str | None]] = []
    for name in _SECTIONS:
        section = sections.get(name)
        if isinstance(section, dict):
            parts.append((values.text(section.get("title")), values.text(section.get("text"))))
    return ats.sections(parts)


def _salary(offer: dict[str, Any], country: str | None) -> Salary | None:
    """A ``compensation`` object when given, else the first custom field whose label names a salary."""
    compensation = offer.get("compensation")
    if isinstance(compensation, dict):
        found = infer.salary_from_fields(
            compensation.get("min"), compensation.get("max"), compensation.get("currency"), compensation.get("period")
        )
        if found:
            return found
    fields = offer.get("customField")
    for field in fields if isinstance(fields, list) else []:
        if not isinstance(field, dict):
            continue
        label = values.text(field.get("fieldLabel")) or ""
        if _SALARY_LABEL.search(label):
            found = ats.salary_text(label, values.text(field.get("valueLabel")), country)
            if found:
                return found
    return None
