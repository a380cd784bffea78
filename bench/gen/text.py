"""What postings say, per language: the sentence pools of ``text.yaml`` (headings and sentences with placeholders),
one set of placeholder values per posting (``slots``), the sections grown to a target size, and their Markdown.
Both the records and the rendered files pick from these pools, so the parsers see the same sentences either way."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bench.gen.world import COUNTRIES, City, Employer, Family, a_or_an

# The sentence pools, per language and section: prose, so kept as data next to this module.
_POOLS = yaml.safe_load((Path(__file__).with_name("text.yaml")).read_text(encoding="utf-8"))
TEXT: dict[str, dict[str, tuple[str, ...]]] = {lang: {k: tuple(v) for k, v in pools.items()} for lang, pools in _POOLS.items()}

TEAMS = ("Platform", "Payments", "Growth", "Core", "Data", "Checkout", "Integrations", "Infrastructure", "Mobile", "Search")
# What a company and its teams are called in a posting that is not in English.
LOCAL_PRODUCT = {
    "de": "eine Software-Plattform für mittelständische Unternehmen",
    "fr": "une plateforme logicielle pour les entreprises",
    "nl": "een softwareplatform voor het mkb",
}
LOCAL_INDUSTRY = {"de": "Software", "fr": "logiciel", "nl": "software"}
LOCAL_AREAS = {
    "de": ("unsere Plattform", "unsere APIs", "unsere Backend-Services", "unsere Web-App", "unsere Datenplattform"),
    "fr": ("notre plateforme", "nos API", "nos services backend", "notre application web", "notre plateforme de données"),
    "nl": ("ons platform", "onze API's", "onze backend-services", "onze webapp", "ons dataplatform"),
}
EUROPE = {"de": "Europa", "fr": "Europe", "nl": "Europa"}
# Learning budgets an English posting offers, by currency.
_BUDGETS = {
    "USD": ("$1,500", "$2,000", "$3,000"),
    "GBP": ("£1,000", "£1,500"),
    "CAD": ("C$2,000",),
    "EUR": ("€1,000", "€1,500", "€2,000"),
}


class Slots(dict[str, str]):
    """A posting's values for the placeholders; one it has no value for stays as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def scope_words(scope: str | None, city: City, lang: str) -> str:
    """Where remote applicants may live, as a posting in ``lang`` says it (a country code becomes its name)."""
    country = COUNTRIES[scope] if scope in COUNTRIES else city.country
    words = country.name if scope is None or scope in COUNTRIES else scope
    if lang == "en":
        return words
    if words == country.name and country.lang == lang:
        return country.local
    return EUROPE[lang]


def slots(
    rng: random.Random, lang: str, company: Employer, city: City, family: Family, skills: list[str], role: str,
    years: int, scope: str, salary: str,
) -> Slots:  # fmt: skip
    """Drawn once per posting, so every sentence of it tells the same story (one team, one founding year)."""
    english = lang == "en"
    return Slots(
        company=company.name,
        city=city.english if english else city.local,
        product=company.product if english else LOCAL_PRODUCT[lang],
        industry=company.industry if english else LOCAL_INDUSTRY[lang],
        skill=skills[0],
        skill2=skills[1 % len(skills)],
        skill3=skills[2 % len(skills)],
        area=rng.choice(family.areas if english else LOCAL_AREAS[lang]),
        years=str(years),
        headcount=str(rng.randrange(15, 900, 5)),
        founded=str(rng.randint(2008, 2022)),
        team=rng.choice(TEAMS),
        role=role,
        a_role=a_or_an(role),
        days=str(rng.choice((25, 26, 27, 28, 30))),
        budget=rng.choice(_BUDGETS.get(city.currency, _BUDGETS["EUR"])) if english else "1.500 €",
        salary=salary,
        scope=scope,
    )


@dataclass
class Section:
    kind: str  # about | role | resp | req | nice | offer | stack | how | process | closing
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)

    def size(self) -> int:
        return len(self.heading) + sum(len(p) + 2 for p in self.paragraphs) + sum(len(b) + 5 for b in self.bullets)


def _pick(rng: random.Random, pool: tuple[str, ...], low: int, high: int) -> list[str]:
    return rng.sample(pool, k=min(len(pool), rng.randint(low, high)))


def sections(rng: random.Random, lang: str, family: Family, workplace: str, filled: Slots, target: int) -> list[Section]:
    """The body of a posting, grown from the pools of ``lang`` until it is about ``target`` characters."""
    t = TEXT[lang]

    def head(key: str) -> str:
        return rng.choice(t[key]).format_map(filled)

    def fill(items: list[str]) -> list[str]:
        return [s.format_map(filled) for s in items]

    about_lines = fill(_pick(rng, t["about"], 3, 5))
    cut = rng.randint(1, len(about_lines) - 1)
    about = Section("about", head("h_about"), [" ".join(about_lines[:cut]), " ".join(about_lines[cut:])])
    role = Section("role", head("h_role"), [" ".join(fill(_pick(rng, t["role"], 2, 4))), head(workplace)])
    resp_pool = t["resp"] if family.tech or "resp_nontech" not in t else t["resp_nontech"]
    resp_templates = _pick(rng, resp_pool, 4, 7)
    resp = Section("resp", head("h_resp"), bullets=fill(resp_templates))
    req = Section("req", head("h_req"), bullets=fill(_pick(rng, t["req"], 4, 6)))
    # Every posting states its experience ask, "N+ years of experience" style.
    if not any(filled["years"] in b for b in req.bullets):
        req.bullets.insert(rng.randrange(0, 2), t["req"][0].format_map(filled))
    nice = Section("nice", head("h_nice"), bullets=fill(_pick(rng, t["nice"], 2, 3)))
    offer = Section("offer", head("h_offer"), bullets=fill(_pick(rng, t["offer"], 4, 7)))
    if not any(filled["city"] in b for b in offer.bullets) and rng.random() < 0.7:
        offer.bullets.append(next(o for o in t["offer"] if "{city}" in o).format_map(filled))
    if filled["salary"] and rng.random() < 0.8:
        line = head("salary")
        if rng.random() < 0.5:
            offer.paragraphs.append(line)
        else:
            offer.bullets.insert(0, line.rstrip("."))
    body = [about, role, resp, req]
    if rng.random() < 0.7:
        body.append(nice)
    body.append(offer)
    extras = [
        Section("stack", head("h_stack"), bullets=fill(list(t["stack"]))),
        Section("how", head("h_how"), paragraphs=fill(_pick(rng, t["how"], 1, 3))),
        Section("process", head("h_process"), paragraphs=fill(_pick(rng, t["process"], 1, 3))),
    ]
    if not family.tech:
        extras.pop(0)
    rng.shuffle(extras)
    while extras and sum(s.size() for s in body) < target:
        body.insert(len(body) - 1 if rng.random() < 0.5 else len(body), extras.pop())
    if sum(s.size() for s in body) < target:
        resp.bullets.extend(fill([r for r in resp_pool if r not in resp_templates]))
    body.append(Section("closing", "", [rng.choice(t["closing"])]))
    return body


def markdown(rng: random.Random, body: list[Section]) -> str:
    """Sections as Markdown, in one of the house styles boards use for headings and bullets."""
    bullet = rng.choice(("*   ", "- ", "* ", "• "))
    bold_headings = rng.random() < 0.2
    out: list[str] = []
    for section in body:
        if section.heading:
            out.append(f"**{section.heading}**" if bold_headings else f"## {section.heading}")
            out.append("")
        for para in section.paragraphs:
            out.extend((para, ""))
        if section.bullets:
            out.extend(bullet + b for b in section.bullets)
            out.append("")
    return "\n".join(out).rstrip() + "\n"
