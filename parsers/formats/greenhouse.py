"""Greenhouse job boards: ``boards-api.greenhouse.io/v1/boards/{token}/jobs?content=true`` and ``/jobs/{id}``.

Shapes used (public Job Board API):
- list: ``{"jobs": [job, ...], "meta": {"total": n}}``
- job: ``{"id", "internal_job_id", "title", "company_name", "absolute_url", "updated_at", "first_published",
  "requisition_id", "location": {"name"}, "offices": [{"name", "location"}], "departments": [{"name"}],
  "metadata": null | [{"name", "value", "value_type"}], "content": "&lt;p&gt;..."}``; the single job adds
  ``questions`` and, with ``pay_transparency=true``, ``pay_input_ranges: [{"min_cents", "max_cents",
  "currency_type", "title"}]``.

``content`` is HTML escaped once more (``&lt;p&gt;``): it is unescaped, then converted. ``absolute_url`` is
often the company's own careers page (``?gh_jid=``), kept as the posting URL.
"""

from __future__ import annotations

import html
import re
from typing import Any

from parsers import infer, values
from parsers.draft import Draft
from parsers.formats import ats_common as ats
from parsers.html import markdown_from_html
from parsers.record import Salary, Workplace

KIND = "greenhouse"
_EMPLOYMENT_FIELD = re.compile(r"employment|job type|contract type|time type", re.IGNORECASE)
_WORKPLACE_FIELD = re.compile(r"workplace|remote|location type|work type|work model|work arrangement", re.IGNORECASE)
_SALARY_FIELD = re.compile(r"\b(?:salary|compensation|pay|wage)\b", re.IGNORECASE)
_YES = {"yes", "true", "y", "ja", "oui", "sí", "si", "tak"}
_JOB_KEYS = {"absolute_url", "internal_job_id", "data_compliance", "requisition_id", "departments", "offices", "first_published"}


def _is_job(data: object) -> bool:
    return ats.shaped(data, "title", _JOB_KEYS)


def looks_like(data: object) -> bool:
    """A board answer (``jobs`` beside ``meta``, or jobs with Greenhouse's keys) or one job."""
    if not isinstance(data, dict):
        return False
    jobs = data.get("jobs")
    if isinstance(jobs, list):
        if jobs:
            return _is_job(jobs[0])
        meta = data.get("meta")
        return isinstance(meta, dict) and "total" in meta and set(data) <= {"jobs", "meta"}
    return _is_job(data)


def parse_data(data: object, board: str | None = None) -> list[Draft]:
    """Every job of a board answer (or the one job); ``board`` is the board token, the company's name of last resort."""
    jobs = data["jobs"] if isinstance(data, dict) and isinstance(data.get("jobs"), list) else [data]
    return ats.fill_company(ats.collect(jobs, parse_offer, "Greenhouse"), ats.board_name(board))


def parse_offer(offer: dict[str, Any], board: str | None = None) -> Draft:
    """One job object of the list or of ``/jobs/{id}``."""
    draft = Draft(kind="greenhouse")
    draft.title = values.text(offer.get("title"))
    draft.company_name = values.text(offer.get("company_name")) or ats.board_name(board)
    draft.url = values.url(offer.get("absolute_url"))
    draft.host = values.host_of(draft.url)
    content = values.text(offer.get("content"))
    if content and "&lt;" in content and "<" not in content:
        content = html.unescape(content)  # escaped once more; a page with real tags keeps its literal "&lt;"
    draft.description = markdown_from_html(content)

    location = offer.get("location")
    labels = [values.text(location.get("name")) if isinstance(location, dict) else values.text(location)]
    offices = ats.items(offer.get("offices"))
    # An office's ``location`` is text on the job board API, ``{"name": ...}`` where a board mirrors Harvest.
    office_labels = [ats.label_of(o.get("location")) or values.text(o.get("name")) for o in offices if isinstance(o, dict)]
    draft.location_raw = ats.join_labels(labels)
    draft.places = ats.places_from_labels([*labels, *office_labels])
    if not draft.location_raw:
        draft.location_raw = ats.join_labels(office_labels)

    draft.job_type = ats.label_of(offer.get("departments"))
    draft.posted_at = values.timestamp(offer.get("first_published")) or values.timestamp(offer.get("updated_at"))
    draft.language = ats.language(offer.get("language"))
    _read_metadata(draft, offer.get("metadata"))
    draft.salary = _pay_range(offer.get("pay_input_ranges")) or draft.salary
    return draft


def _metadata_items(raw: object) -> list[tuple[str, object, str | None]]:
    """(name, value, value_type) of custom fields given as a list of objects, one object, a mapping or nothing."""
    if isinstance(raw, dict) and "name" not in raw:
        return [(str(k), v, None) for k, v in raw.items()]
    items = raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else []
    found = []
    for item in items:
        if isinstance(item, dict) and values.text(item.get("name")):
            found.append((str(item["name"]), item.get("value"), values.text(item.get("value_type"))))
    return found


_LOW = re.compile(r"\b(?:min|minimum|from|low|lower|floor|start)\b", re.IGNORECASE)
_HIGH = re.compile(r"\b(?:max|maximum|to|high|upper|ceiling|top)\b", re.IGNORECASE)
_CURRENCY_FIELD = re.compile(r"\bcurrency\b", re.IGNORECASE)
_PERIOD_FIELD = re.compile(r"\b(?:pay|salary|compensation)\s+(?:period|frequency|interval|basis|unit)\b", re.IGNORECASE)


def _split_range(items: list[tuple[str, object, str | None]]) -> Salary | None:
    """A salary given as numbers in separate custom fields ("Salary Min" and "Salary Max", or one "Base Salary"),
    with a "Currency" and a "Pay Frequency" field where the board has them."""
    low = high = single = None
    currency = period = None
    for raw_name, value, _ in items:
        name = raw_name.replace("_", " ")  # "salary_min" as a mapping's key
        amount = values.number(value) if isinstance(value, int | float | str) and not isinstance(value, bool) else None
        if _CURRENCY_FIELD.search(name) and not _LOW.search(name) and not _HIGH.search(name):
            currency = ats.label_of(value)
        elif _PERIOD_FIELD.search(name):
            period = ats.label_of(value)
        elif amount is not None and _SALARY_FIELD.search(name):
            if _LOW.search(name):
                low = amount
            elif _HIGH.search(name):
                high = amount
            else:
                single = amount
    if low is None and high is None:
        low = high = single
    if low is None and high is None:
        return None
    return infer.salary_from_fields(low, high, currency, period)


def _read_metadata(draft: Draft, raw: object) -> None:
    """Custom fields boards commonly add: employment type, workplace, salary (text, an amount or a currency range).

    A value is text, a list (multi-select), an option object (``{"id", "name"}``), an amount (``{"unit",
    "amount"}``), a range (``{"min_value", "max_value", "unit"}``), a yes/no boolean or null.
    """
    items = _metadata_items(raw)
    draft.salary = draft.salary or _split_range(items)
    for name, value, value_type in items:
        label = name.lower()
        text: str | None = (
            ", ".join(v for v in (ats.label_of(x) for x in value) if v) if isinstance(value, list) else ats.label_of(value)
        )
        if isinstance(value, dict) and (value_type == "currency_range" or "min_value" in value or "amount" in value):
            if "amount" in value and not _SALARY_FIELD.search(label):
                continue  # a budget or a bonus, not the pay
            low, high = (
                (value.get("amount"), value.get("amount"))
                if "amount" in value
                else (value.get("min_value"), value.get("max_value"))
            )
            draft.salary = draft.salary or infer.salary_from_fields(low, high, value.get("unit"), None)
        elif isinstance(value, bool):
            if value and "remote" in label:
                draft.workplace = draft.workplace or ["remote"]  # "Remote eligible: yes"
        elif not text:
            continue
        elif _EMPLOYMENT_FIELD.search(label):
            draft.employment_type = draft.employment_type or ats.employment(*text.split(","))
        elif _WORKPLACE_FIELD.search(label):
            said: list[Workplace] | None = ["remote"] if "remote" in label and text.lower() in _YES else None  # "Remote?": "Yes"
            draft.workplace = draft.workplace or said or ats.workplace(text) or infer.workplaces(text, None) or None
        elif _SALARY_FIELD.search(label):
            country = draft.places[0].country_code if draft.places else None
            draft.salary = draft.salary or ats.salary_text(name, text, country)


def _pay_range(raw: object) -> Salary | None:
    """The first pay transparency range; amounts are in cents."""
    if not isinstance(raw, list):
        return None
    for item in raw:
        if not isinstance(item, dict):
            continue
        low, high = values.number(item.get("min_cents")), values.number(item.get("max_cents"))
        salary = infer.salary_from_fields(
            None if low is None else low / 100,
            None if high is None else high / 100,
            item.get("currency_type"),
            None,
        )
        if salary:
            return salary
    return None
