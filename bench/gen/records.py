"""Realistic ``Posting`` records built directly (no files, no parsing), for benchmarks and tests that start after
parsing. ``generate(n, seed)`` gives the same records for the same ``(n, seed)``; bench/README.md says what they hold."""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterator
from functools import lru_cache

from bench.gen import text, world
from bench.gen.world import CITIES, SKILL_CUM, SKILLS, SOFT_SKILLS, YEARS, City
from parsers.record import Company, Location, Place, Posting, Role, Salary, Source, SourceKind, make_id

COMPANIES_PER_1000 = 40
_KINDS: tuple[SourceKind, ...] = ("frontmatter", "text", "recruitee", "jsonld")


@lru_cache(maxsize=1)
def _family_skills() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each role family's core and tool skills as canonical tags."""
    from parsers.skills import vocabulary

    vocab = vocabulary()

    def tags(names: tuple[str, ...]) -> tuple[str, ...]:
        found = (vocab.known(n) for n in names)
        return tuple(dict.fromkeys(t for t in found if t))

    return {f.key: (tags(f.core), tags(f.tools)) for f in world.FAMILIES}


def _summary(description: str, limit: int = 200) -> str:
    """The opening words of the description without its headings and bullet marks, as boards show it in a list."""
    lines = (line.lstrip("-*• ").strip() for line in description.splitlines() if not line.startswith(("#", "**")))
    words = " ".join(line for line in lines if line)
    if len(words) <= limit:
        return words
    cut = words.rfind(" ", 0, limit - 1)
    return words[: cut if cut > 0 else limit - 1].rstrip(",;:") + "…"


def generate(n: int, seed: int) -> Iterator[Posting]:
    """``n`` realistic postings, the same ones for the same ``(n, seed)``."""
    rng = random.Random(seed)
    family_skills = _family_skills()
    employers = world.employers(max(1, round(n * COMPANIES_PER_1000 / 1000)), seed)
    # Companies get a Zipf-like share of the postings: a few big employers, a long tail.
    employer_cum = list(itertools.accumulate(1 / (i + 1) ** 0.8 for i in range(len(employers))))
    by_country: dict[str, list[City]] = {}
    for city in CITIES:
        by_country.setdefault(city.code, []).append(city)

    for _ in range(n):
        employer = rng.choices(employers, cum_weights=employer_cum)[0]
        family = world.draw_family(rng, employer.families)
        core_title, prefix, seniority = world.draw_role(rng, family)
        title = world.title_of(core_title, prefix)
        employment = world.draw_employment(rng, seniority)

        # Hashtags: what the title names, then the family's core and tools, topped up with popular tags.
        core, tools = family_skills[family.key]
        lowered = core_title.lower()
        named = [t for t in core if re.search(rf"(?<![\w.]){re.escape(t)}(?![\w])", lowered)]
        tags = dict.fromkeys(named)
        for t in rng.sample(core, k=min(len(core), rng.randint(1, 3))):
            tags.setdefault(t)
        for t in rng.sample(tools, k=min(len(tools), rng.randint(1, 4))):
            tags.setdefault(t)
        wanted = rng.randint(3, 10)
        while len(tags) < wanted:
            tags.setdefault(rng.choices(SKILLS, cum_weights=SKILL_CUM)[0])
        if rng.random() < 0.3:
            tags.setdefault(rng.choice(SOFT_SKILLS))
        hashtags = list(tags)[:10]

        # Places: the employer's city most of the time, else another one; sometimes a second office.
        city = employer.city if rng.random() < 0.7 else world.draw_city(rng)
        cities = [city]
        if rng.random() < 0.17:
            same = [c for c in by_country[city.code] if c is not city]
            other = rng.choice(same) if same and rng.random() < 0.6 else world.draw_city(rng)
            if other is not city:
                cities.append(other)
        places = [Place(city=c.name, region=c.region, country_code=c.code) for c in cities]
        workplace = world.draw_workplace(rng)
        scope = None
        if "remote" in workplace:
            scope = (
                rng.choice(("EU", "Europe", city.code)) if city.country.eu else rng.choice((city.code, "worldwide", city.code))
            )
        raw_location = " / ".join(f"{c.english}, {c.country.name}" for c in cities)
        if workplace == ["remote"]:
            raw_location = f"Remote ({scope})"

        pay = world.draw_pay(rng, city.currency, employment) if rng.random() < 0.30 else None
        lang = world.draw_language(rng, city)
        salary = world.pay_text(pay, rng, lang) if pay else ""
        skills = [world.spelled(t) for t in hashtags]
        scope_words = text.scope_words(scope, city, lang)
        years = max(1, YEARS[seniority or "mid"])
        filled = text.slots(rng, lang, employer, city, family, skills, core_title, years, scope_words, salary)
        target = int(rng.triangular(1300, 3600, 2200))
        description = text.markdown(rng, text.sections(rng, lang, family, workplace[0], filled, target))
        extra = [s for s in skills[3:] if s not in description]
        if extra:
            description += "\n\nAlso in our stack: " + ", ".join(extra) + "."

        posted = world.draw_posted(rng)
        url = f"https://{employer.domain}/careers/{world.slugify(f'{title} {city.english}')}-{rng.randrange(10_000, 10_000_000)}"
        kind = rng.choices(_KINDS, (35, 15, 30, 20))[0]
        yield Posting(
            id=make_id(url, kind),
            title=title,
            company=Company(name=employer.name, website=f"https://{employer.domain}"),
            url=url,
            apply_url=url + "/apply" if rng.random() < 0.5 else None,
            location=Location(raw=raw_location, workplace=workplace, remote_scope=scope, places=places),
            role=Role(family=family.key, seniority=seniority),
            hashtags=hashtags,
            job_type="software",
            employment_type=employment,
            experience_years=YEARS[seniority] if seniority and rng.random() < 0.6 else None,
            salary=Salary.build(pay.low, pay.high, pay.currency, pay.period) if pay else None,
            language=lang,
            summary=_summary(description),
            description=description,
            posted_at=posted,
            archived=rng.random() < 0.10,
            featured=rng.randint(0, 10) if rng.random() < 0.2 else None,
            source=Source(kind=kind, host=employer.domain),
        )
