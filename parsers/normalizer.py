"""Draft to record: explicit values win, the rest is inferred from the text."""

from __future__ import annotations

from pydantic import ValidationError

from parsers import infer, values
from parsers.draft import Draft
from parsers.errors import ParseError
from parsers.geo import LANGUAGE_COUNTRY, canonical_place, gazetteer, places_in_text, resolve_places
from parsers.record import Company, Location, Posting, Role, Source, make_id
from parsers.skills import vocabulary


def _country(name: str) -> str | None:
    return gazetteer().country(name)


def normalize(draft: Draft) -> Posting:
    description = draft.description or ""
    title = infer.clean_title(draft.title) or infer.title_from_text(description)
    if not title:
        raise ParseError("posting has no title")
    company = draft.company_name or infer.company_from_text(description)

    location_raw = draft.location_raw or infer.location_from_text(description)
    language = draft.language or infer.language((title, draft.summary), body=description)
    # A bare city name that several countries share is read as the one in the country of the posting's language.
    prefer = (LANGUAGE_COUNTRY[language],) if language in LANGUAGE_COUNTRY else ()
    places = (
        [canonical_place(p) for p in draft.places]
        or resolve_places(location_raw, prefer)
        # A city named only in prose is read when the source gave no location ("Remote" says there is none).
        or places_in_text(description, prefer, prose=not location_raw)
    )
    if draft.workplace:
        workplace = list(draft.workplace)
    else:
        workplace = infer.workplaces(location_raw, None)
        if not workplace or draft.kind == "text":
            # What the structured fields lack is read from the body.
            workplace = infer.workplaces(location_raw, description)
    scope = draft.remote_scope
    if scope is None and "remote" in workplace:
        scope = infer.remote_scope(location_raw, description, _country)

    family = infer.role_family(title)
    employment = draft.employment_type or infer.employment_type(description, draft.title)
    # The raw title too: cleaning drops term qualifiers such as "en alternance" that name the level.
    # (The raw title is read only when cleaning changed it: the same words give the same answer.)
    level = (
        infer.seniority(title)
        or (infer.seniority(draft.title) if draft.title != title else None)
        or draft.seniority
        or infer.seniority(None, description)
    )
    if level is None and employment == "internship":
        level = "intern"  # every internship, apprenticeship or co-op is an intern-level job
    # 0 is a value, not a gap: the source said no experience is needed ("lt-1", "no experience required"), which
    # search reads as entry level; None is "not said".
    years = draft.experience_years if draft.experience_years is not None and 0 <= draft.experience_years <= 60 else None
    if years is None:
        years = infer.experience_years(description)
    hashtags = vocabulary().hashtags(draft.hashtags, draft.summary, description, title=title)
    try:
        return Posting(
            id=make_id(draft.url, draft.kind, title, company, description),
            title=title,
            company=Company(name=company, website=draft.company_website, logo_url=draft.logo_url),
            url=draft.url,
            apply_url=draft.apply_url,
            location=Location(
                raw=None if location_raw and values.is_placeholder(location_raw) else location_raw,
                workplace=workplace,
                remote_scope=scope,
                places=places,
            ),
            role=Role(family=family, seniority=level),
            hashtags=hashtags,
            job_type=draft.job_type or ("software" if family in infer.TECH_FAMILIES else None),
            employment_type=employment,
            experience_years=years,
            salary=draft.salary or infer.salary_from_text(description, places[0].country_code if places else None),
            language=language,
            summary=draft.summary or infer.summary_from(description),
            description=description,
            posted_at=draft.posted_at,
            archived=draft.archived,
            featured=draft.featured,
            source=Source(kind=draft.kind, host=draft.host),
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise ParseError(f"field {where or '?'} is invalid: {first.get('msg')}") from None
