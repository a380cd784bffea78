"""Recruitee careers-site offers: one offer object, a list of them, or a whole ``/api/offers/`` response.

Text may sit in ``description``/``requirements``/``highlight`` or only in
``translations.{lang}``; all of it is kept. ``mailbox_email`` is never read.
"""

from __future__ import annotations

from typing import Any

from parsers import infer, values
from parsers.draft import Draft
from parsers.formats import ats_common as ats
from parsers.html import markdown_from_html
from parsers.record import Place, Salary, Workplace

_OFFER_KEYS = {"careers_url", "careers_apply_url", "employment_type_code", "slug", "translations", "on_site", "company_name"}


def looks_like(data: object) -> bool:
    if isinstance(data, dict):
        if isinstance(data.get("offers"), list):
            return True
        return "title" in data and len(_OFFER_KEYS & data.keys()) >= 2
    if isinstance(data, list):
        return bool(data) and all(isinstance(x, dict) for x in data) and looks_like(data[0])
    return False


def parse_data(data: object) -> list[Draft]:
    offers: list[Any]
    if isinstance(data, dict) and "offers" in data:
        offers = data["offers"] if isinstance(data["offers"], list) else []
    elif isinstance(data, list):
        offers = data
    else:
        offers = [data]
    return ats.collect(offers, parse_offer, "Recruitee")


def _translation(offer: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    translations = offer.get("translations")
    if not isinstance(translations, dict) or not translations:
        return None, {}
    preferred = [values.text(offer.get(k)) for k in ("primary_lang_code", "lang_code", "language_code")]
    for lang in [*preferred, "en", *translations.keys()]:
        if lang and isinstance(translations.get(lang), dict):
            return str(lang), translations[lang]
    return None, {}


def parse_offer(offer: dict[str, Any]) -> Draft:
    lang, translated = _translation(offer)
    draft = Draft(kind="recruitee")
    draft.title = values.text(offer.get("title")) or values.text(translated.get("title"))
    sections: list[str] = []
    for key, heading in (("description", None), ("requirements", "Requirements"), ("highlight", "Highlights")):
        html = values.text(offer.get(key)) or values.text(translated.get(key))
        markdown = markdown_from_html(html)
        if markdown:
            sections.append(f"## {heading}\n\n{markdown}" if heading and sections else markdown)
    draft.description = "\n\n".join(sections)
    if lang and not values.text(offer.get("description")):
        draft.language = lang[:2].lower() if lang[:2].isalpha() else None

    draft.company_name = values.text(offer.get("company_name"))
    draft.url = values.url(offer.get("careers_url")) or values.url(offer.get("url"))
    draft.apply_url = values.url(offer.get("careers_apply_url"))
    draft.host = values.host_of(draft.url)
    draft.location_raw = values.text(offer.get("location"))
    draft.places = _places(offer)

    flags: list[Workplace] = []
    for kind, key in (("remote", "remote"), ("hybrid", "hybrid"), ("onsite", "on_site")):
        if values.boolean(offer.get(key)):
            flags.append(kind)  # type: ignore[arg-type]
    draft.workplace = flags or None

    code = values.text(offer.get("employment_type_code"))
    draft.employment_type = ats.employment(code) if code else None
    draft.seniority = infer.seniority_code(offer.get("experience_code"))
    draft.hashtags = values.tag_list(offer.get("tags"))
    draft.salary = _salary(offer.get("salary"))
    draft.posted_at = values.timestamp(offer.get("published_at")) or values.timestamp(offer.get("created_at"))
    draft.archived = values.text(offer.get("status")) in ("archived", "closed")
    draft.summary = None
    return draft


def _places(offer: dict[str, Any]) -> list[Place]:
    places: list[Place] = []
    listed = offer.get("locations")
    sources: list[Any] = listed if isinstance(listed, list) else []
    for item in [*sources, offer]:
        if not isinstance(item, dict):
            continue
        code = values.text(item.get("country_code"))
        city = values.text(item.get("city"))
        region = values.text(item.get("state_name")) or values.text(item.get("state"))
        if code and (len(code) != 2 or not code.isalpha()):
            code = None
        if not (code or city):
            continue
        place = Place(city=city, region=region, country_code=code.upper() if code else None)
        if place not in places and not (item is offer and places):
            places.append(place)
    return places


def _salary(raw: object) -> Salary | None:
    if not isinstance(raw, dict):
        return None
    return infer.salary_from_fields(raw.get("min"), raw.get("max"), raw.get("currency"), raw.get("period"))
