"""Lever postings: ``api.lever.co/v0/postings/{company}?mode=json`` (and ``api.eu.lever.co``), and ``/{id}``.

Shapes used (public Postings API):
- list: a bare JSON array of postings; with ``group=`` an array of ``{"title", "postings": [...]}``
- posting: ``{"id", "text", "hostedUrl", "applyUrl", "createdAt" (epoch ms), "country", "workplaceType"
  ("remote" | "hybrid" | "on-site" | "unspecified"), "categories": {"commitment", "department", "team",
  "location", "allLocations": [...]}, "description", "descriptionPlain", "lists": [{"text", "content"}],
  "additional", "additionalPlain", "salaryRange": {"min", "max", "currency", "interval"}}``;
  ``interval`` is e.g. ``per-year-salary``, ``per-month-salary``, ``per-hour-wage``.

The API gives no company name: the board's token, made readable, names it (``board``: "bending-spoons" is
"Bending Spoons"); without a token the shared inference reads the description.
"""

from __future__ import annotations

from typing import Any

from parsers import infer, values
from parsers.draft import Draft
from parsers.formats import ats_common as ats
from parsers.record import Salary

KIND = "lever"
_POSTING_KEYS = {
    "hostedUrl",
    "applyUrl",
    "categories",
    "descriptionPlain",
    "lists",
    "additionalPlain",
    "workplaceType",
    "createdAt",
}


def _is_posting(data: object) -> bool:
    return ats.shaped(data, "text", _POSTING_KEYS)


def _is_group(data: object) -> bool:
    return isinstance(data, dict) and isinstance(data.get("postings"), list) and "title" in data


def looks_like(data: object) -> bool:
    """A postings array (plain or grouped) or one posting."""
    if isinstance(data, list):
        return bool(data) and (_is_posting(data[0]) or (_is_group(data[0]) and looks_like(data[0]["postings"])))
    return _is_posting(data)


def parse_data(data: object, board: str | None = None) -> list[Draft]:
    """Every posting of a list (plain or grouped) or the one posting; ``board`` is the site's token."""
    items: list[Any]
    if isinstance(data, list) and data and _is_group(data[0]):
        items = [p for group in data if _is_group(group) for p in group["postings"]]
    elif isinstance(data, list):
        items = data
    else:
        items = [data]
    return ats.fill_company(ats.collect(items, parse_offer, "Lever"), ats.board_name(board))


def parse_offer(offer: dict[str, Any], board: str | None = None) -> Draft:
    draft = Draft(kind="lever")
    draft.company_name = ats.board_name(board)
    draft.title = values.text(offer.get("text"))
    draft.url = values.url(offer.get("hostedUrl"))
    draft.apply_url = values.url(offer.get("applyUrl"))
    draft.host = values.host_of(draft.url)
    draft.description = _description(offer)

    categories = ats.obj(offer.get("categories"))
    main = values.text(categories.get("location"))
    every = categories.get("allLocations")
    labels = [main, *(values.text(x) for x in every)] if isinstance(every, list) else [main]
    draft.location_raw = ats.join_labels(labels)
    draft.places = ats.places_from_labels(labels, offer.get("country"))
    if not draft.places and (national := ats.place(country=offer.get("country"))):
        draft.places = [national]  # "Remote" with ``country`` set: the posting's country is still a place
    draft.workplace = ats.workplace(offer.get("workplaceType"))
    draft.employment_type = ats.employment(categories.get("commitment"))
    draft.job_type = values.text(categories.get("department")) or values.text(categories.get("team"))
    draft.salary = _salary(offer.get("salaryRange"))
    if draft.salary is None:
        plain = values.text(offer.get("salaryDescriptionPlain")) or ats.plain_text(offer.get("salaryDescription"))
        country = draft.places[0].country_code if draft.places else None
        draft.salary = ats.salary_text("Salary", plain, country) if plain else None
    draft.posted_at = values.timestamp(offer.get("createdAt"))
    return draft


def _description(offer: dict[str, Any]) -> str:
    """The opening text, each list under its heading, then the closing text; HTML first, plain text otherwise."""
    parts: list[tuple[str | None, str | None]] = [
        (None, values.text(offer.get("description")) or values.text(offer.get("descriptionPlain")))
    ]
    lists = ats.items(offer.get("lists"))
    for item in lists:
        if isinstance(item, dict) and values.text(item.get("content")):
            content = str(item["content"])
            parts.append(
                (values.text(item.get("text")), content if "<ul" in content or "<ol" in content else f"<ul>{content}</ul>")
            )
    parts.append((None, values.text(offer.get("additional")) or values.text(offer.get("additionalPlain"))))
    parts.append((None, values.text(offer.get("salaryDescription")) or values.text(offer.get("salaryDescriptionPlain"))))
    return ats.sections(parts)


# Pay intervals no single period names: the amounts are paid this many times a year, and are read as yearly pay.
_PAYS_PER_YEAR = {"bi-week": 26, "biweek": 26, "semi-month": 24, "semimonth": 24, "bi-month": 6, "bimonth": 6}


def _salary(raw: object) -> Salary | None:
    """``salaryRange`` in its interval: ``per-year-salary``, ``per-month-salary``, ``per-week-salary``,
    ``per-day-wage``, ``per-hour-wage``; fortnightly (``bi-week-salary``), twice-monthly (``semi-month-salary``) and
    two-monthly (``bi-month-salary``) amounts become yearly ones; ``one-time`` amounts are refused."""
    if not isinstance(raw, dict):
        return None
    interval = (values.text(raw.get("interval")) or "").lower()
    if "one-time" in interval or "one_time" in interval:
        return None  # a signing bonus or a fixed fee, not a salary
    times = next((n for prefix, n in _PAYS_PER_YEAR.items() if interval.startswith(prefix)), None)
    if times is not None:
        low, high = values.number(raw.get("min")), values.number(raw.get("max"))
        return infer.salary_from_fields(
            None if low is None else low * times, None if high is None else high * times, raw.get("currency"), "year"
        )
    period = next((p for word in interval.replace("-", " ").replace("_", " ").split() if (p := ats.period(word))), None)
    return infer.salary_from_fields(raw.get("min"), raw.get("max"), raw.get("currency"), period)
