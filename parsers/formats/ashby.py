"""Ashby job boards: ``api.ashbyhq.com/posting-api/job-board/{org}?includeCompensation=true``.

Shapes used (public Job Posting API):
- list: ``{"apiVersion": "1", "jobs": [job, ...]}``
- job: ``{"id", "title", "department", "team", "employmentType" ("FullTime" | "PartTime" | "Intern" |
  "Contract" | "Temporary"), "location", "secondaryLocations": [{"location", "address": {"postalAddress":
  {...}}}], "address": {"postalAddress": {"addressLocality", "addressRegion", "addressCountry"}},
  "isRemote" (bool or null), "workplaceType" ("OnSite" | "Hybrid" | "Remote" or null), "publishedAt",
  "isListed", "jobUrl", "applyUrl", "descriptionHtml", "descriptionPlain", "compensation":
  {"compensationTiers": [{"title", "components": [{"compensationType" ("Salary" | "EquityPercentage" |
  "EquityCashValue" | "Commission" | "Bonus"), "interval" ("1 YEAR" | "1 HOUR" ...), "currencyCode",
  "minValue", "maxValue"}]}], "summaryComponents": [...]}}``

A job whose ``shouldDisplayCompensationOnJobPostings`` is false shows no pay: none is read. Only ``Salary``
components make the salary (equity and bonuses never do); an hourly salary keeps its hour. A job with no
components at all (neither in tiers nor in the summary) may still show its pay as text
(``scrapeableCompensationSalarySummary``, ``compensationTierSummary``): that text is read then.
Across tiers the salary spans the lowest minimum to the highest maximum of one currency and interval.
"""

from __future__ import annotations

from typing import Any

from parsers import infer, values
from parsers.draft import Draft
from parsers.formats import ats_common as ats
from parsers.record import Place, Salary

KIND = "ashby"
_JOB_KEYS = {
    "jobUrl",
    "applyUrl",
    "isRemote",
    "descriptionHtml",
    "descriptionPlain",
    "secondaryLocations",
    "employmentType",
    "publishedAt",
    "isListed",
    "shouldDisplayCompensationOnJobPostings",
    "workplaceType",
}


def _is_job(data: object) -> bool:
    return ats.shaped(data, "title", _JOB_KEYS)


def looks_like(data: object) -> bool:
    """A board answer (``jobs`` beside ``apiVersion``, or jobs with Ashby's keys) or one job."""
    if not isinstance(data, dict):
        return False
    jobs = data.get("jobs")
    if isinstance(jobs, list):
        return _is_job(jobs[0]) if jobs else "apiVersion" in data
    return _is_job(data)


def parse_data(data: object, board: str | None = None) -> list[Draft]:
    """Every job of a board answer (or the one job); ``board`` is the board's name in its URL, the company's name
    of last resort (the API names no company)."""
    jobs = data["jobs"] if isinstance(data, dict) and isinstance(data.get("jobs"), list) else [data]
    return ats.fill_company(ats.collect(jobs, parse_offer, "Ashby"), ats.board_name(board))


def parse_offer(offer: dict[str, Any], board: str | None = None) -> Draft:
    draft = Draft(kind="ashby")
    draft.company_name = ats.board_name(board)
    draft.title = values.text(offer.get("title"))
    draft.url = values.url(offer.get("jobUrl"))
    draft.apply_url = values.url(offer.get("applyUrl"))
    draft.host = values.host_of(draft.url)
    draft.description = ats.sections(
        [(None, values.text(offer.get("descriptionHtml")) or values.text(offer.get("descriptionPlain")))]
    )

    secondary = ats.items(offer.get("secondaryLocations"))
    entries = [offer, *(s for s in secondary if isinstance(s, dict))]
    labels = [values.text(e.get("location")) or values.text(e.get("locationName")) for e in entries]
    draft.location_raw = ats.join_labels(labels)
    places: list[Place] = []
    for entry, label in zip(entries, labels, strict=True):
        postal = _postal(entry)
        found = ats.place(postal.get("addressLocality"), postal.get("addressRegion"), postal.get("addressCountry"))
        if found is None:
            for item in ats.places_from_labels([label]):
                ats.add_place(places, item)
        ats.add_place(places, found)
    draft.places = places

    draft.workplace = ats.workplace(offer.get("workplaceType"))
    if draft.workplace is None and offer.get("isRemote") is True:
        draft.workplace = ["remote"]
    draft.employment_type = ats.employment(offer.get("employmentType"))
    draft.job_type = values.text(offer.get("department")) or values.text(offer.get("team"))
    # A range the company keeps off its posting (``shouldDisplayCompensationOnJobPostings: false``) is not published.
    hidden = offer.get("shouldDisplayCompensationOnJobPostings") is False
    draft.salary = None if hidden else _salary(offer.get("compensation"))
    draft.posted_at = values.timestamp(offer.get("publishedAt"))
    return draft


def _postal(entry: dict[str, Any]) -> dict[str, Any]:
    address = entry.get("address")
    postal = address.get("postalAddress") if isinstance(address, dict) else None
    return postal if isinstance(postal, dict) else {}


def _salaries(components: object) -> list[dict[str, Any]]:
    return [c for c in ats.items(components) if isinstance(c, dict) and ats.key(c.get("compensationType")) == "salary"]


def _salary(raw: object) -> Salary | None:
    """The span of the Salary components of every tier, else of the summary components."""
    if not isinstance(raw, dict):
        return None
    salaries = [
        c for tier in ats.items(raw.get("compensationTiers")) if isinstance(tier, dict) for c in _salaries(tier.get("components"))
    ]
    salaries = salaries or _salaries(raw.get("summaryComponents"))  # tiers with equity only, the summary with pay
    if not salaries:
        # Components without a salary (equity only) say there is none; no components at all leave the text to say it.
        components = [c for tier in ats.items(raw.get("compensationTiers")) for c in ats.items(ats.obj(tier).get("components"))]
        return None if components or ats.items(raw.get("summaryComponents")) else _summary_text(raw)
    first = salaries[0]
    same = [
        c for c in salaries if c.get("currencyCode") == first.get("currencyCode") and c.get("interval") == first.get("interval")
    ]
    lows = [v for c in same if (v := values.number(c.get("minValue"))) is not None]
    highs = [v for c in same if (v := values.number(c.get("maxValue"))) is not None]
    interval = (values.text(first.get("interval")) or "").upper().split()
    period = ats.period(interval[-1]) if interval and (len(interval) == 1 or interval[0] == "1") else None
    return infer.salary_from_fields(min(lows) if lows else None, max(highs) if highs else None, first.get("currencyCode"), period)


def _summary_text(raw: dict[str, Any]) -> Salary | None:
    """The pay a board shows only as text: ``scrapeableCompensationSalarySummary`` ("$185K - $230K"), else the first
    part of ``compensationTierSummary`` ("$185K – $230K • Offers Equity"), unless that part names no pay."""
    text = values.text(raw.get("scrapeableCompensationSalarySummary"))
    if not text:
        first = (values.text(raw.get("compensationTierSummary")) or "").split("•")[0].strip()
        text = None if not first or first.lower().startswith("offers") else first
    return ats.salary_text("Salary", text, None)
