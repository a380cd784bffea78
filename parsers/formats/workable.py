"""Workable careers pages: the widget API, the v3 jobs listing and the v2 single job.

Shapes used (``apply.workable.com``):
- widget ``/api/v1/widget/accounts/{account}``: ``{"name", "description", "jobs": [{"title", "shortcode",
  "code", "employment_type", "telecommuting", "department", "url", "shortlink", "application_url",
  "published_on", "created_at", "country", "city", "state", "experience", "function", "industry",
  "locations": [{"country", "countryCode", "city", "region", "hidden"}], "description"?}]}``; a job open in
  several countries is listed once per country under the same ``shortcode``
- v3 listing ``/api/v3/accounts/{account}/jobs``: ``{"total", "results": [{"id", "shortcode", "title",
  "remote", "location": {"country", "countryCode", "city", "region"}, "locations": [...], "state",
  "published", "type", "department": [...], "workplace" ("on_site" | "hybrid" | "remote"), "language"}],
  "nextPage": cursor | null}``
- v2 job ``/api/v2/accounts/{account}/jobs/{shortcode}``: a v3 result plus ``"description"``,
  ``"requirements"``, ``"benefits"`` (HTML).

Rows sharing a ``shortcode`` become one job with every place; ``hidden`` locations are skipped. Some accounts
publish pay as ``"salary": {"salary_from", "salary_to", "salary_currency"}``; the authenticated API's nested
``location`` (``location_str``, ``country_code``, ``telecommuting``, ``workplace_type``) reads the same way.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from parsers import infer, values
from parsers.draft import Draft
from parsers.formats import ats_common as ats
from parsers.record import Place, Salary

KIND = "workable"
_JOB_KEYS = {
    "application_url",
    "shortlink",
    "telecommuting",
    "published_on",
    "workplace",
    "accountUid",
    "isInternal",
    "approvalStatus",
}
_JOB_URL = "https://apply.workable.com/{account}/j/{code}/"


def _is_job(data: object) -> bool:
    return isinstance(data, dict) and "title" in data and "shortcode" in data and bool(_JOB_KEYS & data.keys())


def looks_like(data: object) -> bool:
    """A widget answer, a v3 page or one v2 job."""
    if not isinstance(data, dict):
        return False
    for list_key, wrapper in (("jobs", {"name", "description", "jobs"}), ("results", {"total", "results", "nextPage"})):
        jobs = data.get(list_key)
        if isinstance(jobs, list):
            return _is_job(jobs[0]) if jobs else set(data) == wrapper
    return _is_job(data)


def parse_data(data: object, board: str | None = None) -> list[Draft]:
    """Every job of a widget answer, a v3 page or the one v2 job; ``board`` is the account (the v3 and v2 answers
    name neither the company nor the job's page: the account's token gives both)."""
    items: list[Any] = [data]
    company = None
    if isinstance(data, dict):
        for list_key in ("jobs", "results"):
            if isinstance(data.get(list_key), list):
                items = data[list_key]
                company = values.text(data.get("name")) if list_key == "jobs" else None
                break
    groups: dict[str, list[dict[str, Any]]] = {}
    loose: list[Any] = []
    for item in items:
        code = values.text(item.get("shortcode")) if isinstance(item, dict) else None
        if code:
            groups.setdefault(code, []).append(item)
        else:
            loose.append(item)
    merged: list[Any] = [_merge(rows) for rows in groups.values()] + loose
    drafts = ats.collect(merged, lambda job: parse_offer(job, board), "Workable")
    for draft in drafts:
        draft.company_name = company or draft.company_name  # the account's own name beats its token
    return drafts


def _merge(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """One job from the rows a country-by-country listing gives it: the first row plus every row's place."""
    if len(rows) == 1:
        return rows[0]
    merged = dict(rows[0])
    locations: list[Any] = []
    for row in rows:
        listed = row.get("locations")
        if isinstance(listed, list) and listed:
            locations.extend(x for x in listed if x not in locations)
        else:
            single = {k: row.get(k) for k in ("city", "state", "country", "countryCode")}
            if isinstance(row.get("location"), dict):
                single = dict(row["location"])
            if single not in locations:
                locations.append(single)
    merged["locations"] = locations
    return merged


def parse_offer(offer: dict[str, Any], board: str | None = None) -> Draft:
    draft = Draft(kind="workable")
    draft.title = values.text(offer.get("title"))
    draft.company_name = ats.board_name(board)
    code = values.text(offer.get("shortcode"))
    built = _JOB_URL.format(account=quote(board, safe=""), code=quote(code, safe="")) if board and code else None
    draft.url = values.url(offer.get("url")) or values.url(offer.get("shortlink")) or built
    draft.apply_url = values.url(offer.get("application_url"))
    draft.host = values.host_of(draft.url)
    draft.description = ats.sections(
        [
            (None, values.text(offer.get("description")) or values.text(offer.get("full_description"))),
            ("Requirements", values.text(offer.get("requirements"))),
            ("Benefits", values.text(offer.get("benefits"))),
        ]
    )
    draft.places, labels = _places(offer)
    draft.location_raw = ats.join_labels(labels)

    location = ats.obj(offer.get("location"))
    workplace = (
        ats.workplace(offer.get("workplace"))
        or ats.workplace(offer.get("workplace_type"))
        or ats.workplace(location.get("workplace_type"))
    )
    remote = (offer.get("telecommuting"), offer.get("remote"), location.get("telecommuting"))
    if workplace is None and any(values.boolean(flag) for flag in remote):
        workplace = ["remote"]
    draft.workplace = workplace
    draft.salary = _salary(offer.get("salary"))
    kind = offer.get("type")
    draft.employment_type = ats.employment(offer.get("employment_type"), kind.get("name") if isinstance(kind, dict) else kind)
    draft.job_type = ats.label_of(offer.get("department"))
    draft.seniority = ats.seniority(offer.get("experience"))
    draft.posted_at = (
        values.timestamp(offer.get("published_on"))
        or values.timestamp(offer.get("published"))
        or values.timestamp(offer.get("created_at"))
    )
    draft.language = ats.language(offer.get("language"))
    return draft


def _salary(raw: object) -> Salary | None:
    """``{"salary_from", "salary_to", "salary_currency"}`` where the account publishes its pay; no period is given."""
    if not isinstance(raw, dict):
        return None
    period = raw.get("salary_frequency") or raw.get("salary_period") or raw.get("period")
    return infer.salary_from_fields(
        raw.get("salary_from", raw.get("min")),
        raw.get("salary_to", raw.get("max")),
        raw.get("salary_currency") or raw.get("currency"),
        period,
    )


def _places(offer: dict[str, Any]) -> tuple[list[Place], list[str | None]]:
    """Visible locations (else the top-level city/state/country or ``location``) and their labels."""
    listed = offer.get("locations")
    entries: list[Any] = (
        [x for x in listed if isinstance(x, dict) and not values.boolean(x.get("hidden"))] if isinstance(listed, list) else []
    )
    if not entries:
        entries = [offer["location"]] if isinstance(offer.get("location"), dict) else [offer]
    places: list[Place] = []
    labels: list[str | None] = []
    for entry in entries:
        region = entry.get("region") or entry.get("state")
        country = entry.get("countryCode") or entry.get("country_code") or entry.get("country")
        ats.add_place(places, ats.place(entry.get("city"), region, country))
        parts = [ats.real(entry.get(k)) for k in ("city", "region", "state", "country")]
        labels.append(values.text(entry.get("location_str")) or ", ".join(p for p in dict.fromkeys(parts) if p) or None)
    return places, labels
