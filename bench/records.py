"""Realistic ``Posting`` records built directly, for benchmarks that start after parsing.

``generate(n, seed)`` yields ``n`` postings shaped like what ``jobboard parse``
produces from real boards, without writing or parsing any file (parsing 100,000
files would take minutes and is measured by ``bench/parse.py`` instead):

* about 40 companies per 1,000 postings, each with a home city, a domain and
  a product line, and a Zipf-like share of the postings;
* 68 real cities in 23 countries (names as the gazetteer spells them, US and
  Canadian state codes as regions), weighted toward the big tech hubs; one
  place per posting, a second one for about one in six;
* role families, titles and seniorities that agree with each other (titles
  from ``bench/corpus.py``), the family's core skills first;
* 3-10 hashtags from about 150 canonical tags of ``parsers/data/skills.yaml``
  with Zipf-like popularity on top of the family's own stack;
* workplace subsets, 30% with a salary (some monthly or hourly), ``posted_at``
  over the 365 days before a fixed anchor date, about 10% archived;
* 1.5-4 KB Markdown descriptions made from the sentence pools of
  ``bench/corpus.py`` naming the skills, the company and the city, a summary of
  about 200 characters, and mostly English (about 10% German, French or Dutch
  where the city's language is one of those).

Everything comes from one ``random.Random(seed)`` (the company table from a
second one seeded from it), so the same ``(n, seed)`` gives the same records.
``python bench/records.py --n 3 --seed 7`` prints a sample as JSON lines.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # the file generator next to this file: titles, families, sentence pools

from parsers.record import Company, Location, Place, Posting, Role, Salary, Source, make_id

# Postings are dated in the year before this instant, so a seed gives the same records on any day.
ANCHOR = datetime(2026, 11, 1, tzinfo=UTC)
COMPANIES_PER_1000 = 40


# ---------------------------------------------------------------- places


@dataclass(frozen=True)
class City:
    name: str  # as the gazetteer spells it, which is what parsed records carry
    english: str  # how an English description names it
    code: str
    region: str | None
    currency: str
    lang: str  # a language local companies may write in (only de/fr/nl have sentence pools)
    weight: int


def _c(
    name: str, code: str, weight: int, currency: str = "EUR", lang: str = "en", region: str | None = None, english: str = ""
) -> City:
    return City(name, english or name, code, region, currency, lang, weight)


CITIES: tuple[City, ...] = (
    _c("Berlin", "DE", 14, lang="de"),
    _c("Munich", "DE", 7, lang="de"),
    _c("Hamburg", "DE", 4, lang="de"),
    _c("Köln", "DE", 2, lang="de", english="Cologne"),
    _c("Frankfurt am Main", "DE", 3, lang="de", english="Frankfurt"),
    _c("Stuttgart", "DE", 2, lang="de"),
    _c("Düsseldorf", "DE", 1, lang="de"),
    _c("Leipzig", "DE", 1, lang="de"),
    _c("Amsterdam", "NL", 9, lang="nl"),
    _c("Rotterdam", "NL", 2, lang="nl"),
    _c("Utrecht", "NL", 2, lang="nl"),
    _c("Eindhoven", "NL", 1, lang="nl"),
    _c("The Hague", "NL", 1, lang="nl"),
    _c("London", "GB", 12, "GBP"),
    _c("Manchester", "GB", 2, "GBP"),
    _c("Edinburgh", "GB", 1, "GBP"),
    _c("Bristol", "GB", 1, "GBP"),
    _c("Cambridge", "GB", 1, "GBP"),
    _c("Paris", "FR", 7, lang="fr"),
    _c("Lyon", "FR", 2, lang="fr"),
    _c("Toulouse", "FR", 1, lang="fr"),
    _c("Nantes", "FR", 1, lang="fr"),
    _c("Bordeaux", "FR", 1, lang="fr"),
    _c("San Francisco", "US", 7, "USD", region="CA"),
    _c("New York City", "US", 7, "USD", region="NY", english="New York"),
    _c("Austin", "US", 2, "USD", region="TX"),
    _c("Seattle", "US", 3, "USD", region="WA"),
    _c("Boston", "US", 2, "USD", region="MA"),
    _c("Chicago", "US", 2, "USD", region="IL"),
    _c("Denver", "US", 1, "USD", region="CO"),
    _c("Los Angeles", "US", 2, "USD", region="CA"),
    _c("Atlanta", "US", 1, "USD", region="GA"),
    _c("Lisbon", "PT", 4),
    _c("Porto", "PT", 1),
    _c("Warsaw", "PL", 3, "PLN"),
    _c("Kraków", "PL", 2, "PLN"),
    _c("Wrocław", "PL", 1, "PLN"),
    _c("Gdańsk", "PL", 1, "PLN"),
    _c("Barcelona", "ES", 4),
    _c("Madrid", "ES", 3),
    _c("Dublin", "IE", 4),
    _c("Cork", "IE", 1),
    _c("Vienna", "AT", 3, lang="de"),
    _c("Graz", "AT", 1, lang="de"),
    _c("Zürich", "CH", 3, "CHF", lang="de", english="Zurich"),
    _c("Geneva", "CH", 1, "CHF", lang="fr"),
    _c("Basel", "CH", 1, "CHF", lang="de"),
    _c("Stockholm", "SE", 3, "SEK"),
    _c("Gothenburg", "SE", 1, "SEK"),
    _c("Copenhagen", "DK", 2, "DKK"),
    _c("Århus", "DK", 1, "DKK", english="Aarhus"),
    _c("Oslo", "NO", 1, "NOK"),
    _c("Helsinki", "FI", 1),
    _c("Prague", "CZ", 2, "CZK"),
    _c("Brno", "CZ", 1, "CZK"),
    _c("Brussels", "BE", 2, lang="fr"),
    _c("Antwerp", "BE", 1, lang="nl"),
    _c("Gent", "BE", 1, lang="nl", english="Ghent"),
    _c("Toronto", "CA", 3, "CAD", region="ON"),
    _c("Vancouver", "CA", 1, "CAD", region="BC"),
    _c("Montréal", "CA", 1, "CAD", region="QC", english="Montreal"),
    _c("Milan", "IT", 2),
    _c("Rome", "IT", 1),
    _c("Tallinn", "EE", 1),
    _c("Bucharest", "RO", 1, "RON"),
    _c("Athens", "GR", 1),
    _c("Budapest", "HU", 1, "HUF"),
)
COUNTRIES: dict[str, str] = {
    "DE": "Germany", "NL": "Netherlands", "GB": "United Kingdom", "FR": "France", "US": "United States",
    "PT": "Portugal", "PL": "Poland", "ES": "Spain", "IE": "Ireland", "AT": "Austria", "CH": "Switzerland",
    "SE": "Sweden", "DK": "Denmark", "NO": "Norway", "FI": "Finland", "CZ": "Czechia", "BE": "Belgium",
    "CA": "Canada", "IT": "Italy", "EE": "Estonia", "RO": "Romania", "GR": "Greece", "HU": "Hungary",
}  # fmt: skip
_EU = {"DE", "NL", "FR", "PT", "PL", "ES", "IE", "AT", "SE", "DK", "FI", "CZ", "BE", "IT", "EE", "RO", "GR", "HU"}

# ---------------------------------------------------------------- skills

# About 150 canonical tags from parsers/data/skills.yaml, most popular first (rank r is drawn ~ 1/(r+2)^0.95).
SKILLS: tuple[str, ...] = (
    "python", "javascript", "typescript", "aws", "react", "docker", "kubernetes", "sql", "postgresql", "java",
    "git", "go", "node.js", "linux", "ci-cd", "terraform", "rest", "agile", "microservices", "gcp",
    "azure", "graphql", "redis", "kafka", "scrum", "next.js", "vue", "angular", "django", "spring-boot",
    "kotlin", "c#", ".net", "php", "html", "css", "mysql", "mongodb", "machine-learning", "data-engineering",
    "fastapi", "flask", "laravel", "rails", "ruby", "rust", "scala", "swift", "ios", "android",
    "elasticsearch", "rabbitmq", "grpc", "celery", "spark", "airflow", "dbt", "snowflake", "bigquery", "pandas",
    "numpy", "pytorch", "tensorflow", "scikit-learn", "llm", "mlops", "jest", "cypress", "playwright", "selenium",
    "redux", "tailwindcss", "webpack", "storybook", "figma", "jira", "helm", "prometheus", "grafana", "ansible",
    "argocd", "github-actions", "jenkins", "gitlab-ci", "datadog", "sentry", "nginx", "serverless", "aws-lambda", "aws-s3",
    "dynamodb", "cassandra", "clickhouse", "opensearch", "databricks", "looker", "tableau", "power-bi", "data-science", "statistics",
    "nlp", "computer-vision", "hugging-face", "langchain", "openai", "rag", "mlflow", "c++", "c", "elixir",
    "dart", "flutter", "react-native", "swiftui", "jetpack-compose", "firebase", "hadoop", "flink", "pyspark", "tdd",
    "ddd", "system-design", "distributed-systems", "observability", "event-driven-architecture", "devops", "sre", "devsecops", "owasp", "iam",
    "oauth2", "cybersecurity", "penetration-testing", "ux-design", "user-research", "design-systems", "product-management", "ab-testing", "saas", "b2b",
    "fintech", "payments", "e-commerce", "healthtech", "logistics", "startup", "open-source", "haskell", "clojure", "erlang",
    "ocaml", "zig", "webassembly", "embedded-systems", "iot", "blockchain", "game-development", "unity", "quantum-computing", "fpga",
)  # fmt: skip
_SOFT = ("agile", "scrum", "microservices", "ci-cd", "saas", "b2b", "startup", "open-source", "tdd", "observability")


@lru_cache(maxsize=1)
def _family_skills() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each role family's core and tool skills from bench/corpus.py, as canonical tags."""
    from parsers.skills import vocabulary

    vocab = vocabulary()

    def tags(names: Sequence[str]) -> tuple[str, ...]:
        found = (vocab.known(n) for n in names)
        return tuple(dict.fromkeys(t for t in found if t))

    return {f.key: (tags(f.core), tags(f.tools)) for f in corpus.FAMILIES}


def unknown_skills() -> list[str]:
    """The tags of SKILLS the vocabulary does not know (should be empty; used by the self-check)."""
    from parsers.skills import vocabulary

    vocab = vocabulary()
    return [s for s in SKILLS if vocab.known(s) != s]


# ---------------------------------------------------------------- roles

_FAMILY_WEIGHTS = {
    "backend": 28, "frontend": 12, "fullstack": 12, "devops": 9, "data": 10, "ml": 7,
    "mobile": 5, "qa": 3, "security": 3, "product": 5, "design": 3, "management": 3,
}  # fmt: skip
# (title prefix, seniority recorded, weight)
_SENIORITY: tuple[tuple[str, str | None, int], ...] = (
    ("", None, 30),
    ("", "mid", 6),
    ("Senior", "senior", 26),
    ("Sr.", "senior", 3),
    ("Junior", "junior", 9),
    ("Mid-level", "mid", 3),
    ("Staff", "principal", 5),
    ("Lead", "lead", 9),
    ("Principal", "principal", 4),
    ("Intern", "intern", 3),
)
_MANAGEMENT_SENIORITY = {
    "Engineering Manager": "lead",
    "Head of Engineering": "head",
    "VP of Engineering": "head",
    "CTO": "head",
    "Director of Engineering": "head",
}
_YEARS = {"intern": 0, "junior": 1, "mid": 3, "senior": 5, "lead": 6, "principal": 8, "head": 10}

# ---------------------------------------------------------------- companies

_NAME_A = (
    "Kestrel", "Fern", "Bright", "Parcel", "Ledger", "Tide", "Quant", "Mosaic", "Helio", "Orbit", "Canopy", "Vektor",
    "Stroom", "Fjord", "Green", "Sable", "Nimbus", "Papaya", "Drift", "Octave", "Polaris", "Tessera", "Bramble", "Ridge",
    "Loop", "Harbor", "Perch", "Cobalt", "North", "Alder", "Lumen", "Cedar", "Vela", "Juniper", "Onyx", "Pine", "Aster",
    "Beacon", "Copper", "Delta", "Ember", "Flint", "Granite", "Hazel", "Iris", "Jade", "Kite", "Lark", "Maple", "Nova",
    "Opal", "Pebble", "Quill", "Raven", "Slate", "Thistle", "Umber", "Vireo", "Willow", "Yarrow", "Zephyr", "Atlas",
)  # fmt: skip
_NAME_B = (
    "Labs", "Works", "Systems", "Data", "Health", "Pay", "Logic", "Cloud", "Stack", "Ware", "AI", "Bank", "Freight",
    "Energy", "Robotics", "Learning", "Games", "Security", "Analytics", "Mobility", "Software", "Commerce", "Insure", "",
)  # fmt: skip
_LEGAL = {
    "DE": " GmbH",
    "AT": " GmbH",
    "CH": " AG",
    "NL": " B.V.",
    "BE": " BV",
    "FR": " SAS",
    "SE": " AB",
    "PL": " sp. z o.o.",
    "US": " Inc.",
}


@dataclass(frozen=True)
class Employer:
    name: str
    domain: str
    city: City
    industry: str
    product: str
    families: tuple[str, ...]  # the role families it hires most for


def _employers(count: int, seed: int) -> list[Employer]:
    rng = random.Random(f"companies:{seed}")
    names = [a + b for a, b in itertools.product(_NAME_A, _NAME_B)]
    rng.shuffle(names)
    cities, weights = CITIES, [c.weight for c in CITIES]
    families = list(_FAMILY_WEIGHTS)
    fam_weights = list(_FAMILY_WEIGHTS.values())
    out = []
    for i in range(count):
        base = names[i % len(names)] + ("" if i < len(names) else f" {i // len(names) + 1}")
        city = rng.choices(cities, weights)[0]
        template = rng.choice(corpus.COMPANIES)
        legal = _LEGAL.get(city.code, "") if rng.random() < 0.4 else ""
        domain = re.sub(r"[^a-z0-9]+", "", base.lower()) + rng.choice((".io", ".com", ".dev", ".ai", ".eu", ".app"))
        hires = tuple(dict.fromkeys(rng.choices(families, fam_weights, k=3)))
        out.append(Employer(base + legal, domain, city, template.industry, template.product, hires))
    return out


# ---------------------------------------------------------------- text


class _Slots(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_SECTIONS_TECH = ("about", "role", "resp", "req", "nice", "stack", "offer", "how", "process", "closing")
_SECTIONS_NONTECH = ("about", "role", "resp_nontech", "req", "nice", "offer", "how", "process", "closing")
_HEADINGS = {
    "about": "h_about", "role": "h_role", "resp": "h_resp", "resp_nontech": "h_resp", "req": "h_req",
    "nice": "h_nice", "stack": "h_stack", "offer": "h_offer", "how": "h_how", "process": "h_process",
}  # fmt: skip
_BULLETS = {"resp", "resp_nontech", "req", "nice", "stack", "offer"}


def _description(rng: random.Random, lang: str, slots: _Slots, tech: bool, target: int) -> str:
    """Markdown sections from the language's sentence pools until the text reaches ``target`` characters."""
    pools = corpus.TEXT[lang]
    order = _SECTIONS_TECH if tech else _SECTIONS_NONTECH
    sections: list[tuple[str, list[str]]] = []
    for key in order:
        pool = pools.get(key) or pools.get(key.replace("_nontech", "")) or ()
        if pool:
            heading = rng.choice(pools[_HEADINGS[key]]).format_map(slots) if key in _HEADINGS else ""
            sections.append((key, [heading] if heading else []))
    remaining = {key: list(pools.get(key) or pools.get(key.replace("_nontech", "")) or ()) for key, _ in sections}
    for pool in remaining.values():
        rng.shuffle(pool)
    size = 0
    # First pass: a few items per section; later passes top up the list sections until the target is reached.
    for round_ in range(4):
        for key, lines in sections:
            if round_ and key not in _BULLETS:
                continue
            take = (rng.randint(2, 4) if key in _BULLETS else rng.randint(1, 2)) if round_ == 0 else 1
            for _ in range(take):
                if not remaining[key]:
                    break
                line = remaining[key].pop().format_map(slots)
                line = f"- {line}" if key in _BULLETS else line
                if size + len(line) > _MAX_TEXT and size >= 1500:
                    break
                lines.append(line)
                size += len(line) + 1
        if size >= target:
            break
    blocks = []
    for key, lines in sections:
        if key in _HEADINGS:
            heading, body = (lines[0], lines[1:]) if lines else ("", [])
            if body:
                blocks.append(f"## {heading}\n\n" + "\n".join(body))
        elif lines:
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


_MAX_TEXT = 3600  # leaves room for the stack and salary lines added afterwards


def _a(phrase: str) -> str:
    return ("an " if phrase[:1].lower() in "aeiou" else "a ") + phrase


# ---------------------------------------------------------------- generator


def _cumulative(weights: Sequence[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def generate(n: int, seed: int) -> Iterator[Posting]:
    """``n`` realistic postings, the same ones for the same ``(n, seed)``."""
    rng = random.Random(seed)
    family_skills = _family_skills()
    employers = _employers(max(1, round(n * COMPANIES_PER_1000 / 1000)), seed)
    # Companies get a Zipf-like share of the postings: a few big employers, a long tail.
    employer_cum = _cumulative([1 / (i + 1) ** 0.8 for i in range(len(employers))])
    skill_cum = _cumulative([1 / (i + 2) ** 0.95 for i in range(len(SKILLS))])
    city_cum = _cumulative([c.weight for c in CITIES])
    by_country: dict[str, list[City]] = {}
    for city in CITIES:
        by_country.setdefault(city.code, []).append(city)
    families = {f.key: f for f in corpus.FAMILIES}
    seniority_cum = _cumulative([w for _, _, w in _SENIORITY])
    span = 365 * 86_400

    def pick(cum: list[float]) -> int:
        return bisect.bisect_right(cum, rng.random() * cum[-1])

    for _ in range(n):
        employer = employers[pick(employer_cum)]
        key = (
            rng.choice(employer.families)
            if rng.random() < 0.8
            else rng.choices(list(_FAMILY_WEIGHTS), list(_FAMILY_WEIGHTS.values()))[0]
        )
        family = families[key]
        core_title = rng.choice(family.titles)
        if key == "management":
            prefix, seniority = "", _MANAGEMENT_SENIORITY.get(core_title, "lead")
        else:
            prefix, seniority, _ = _SENIORITY[pick(seniority_cum)]
        title = f"{core_title} {prefix}" if prefix == "Intern" else f"{prefix} {core_title}".strip()
        employment = (
            "internship"
            if seniority == "intern"
            else rng.choices(("full_time", "part_time", "contract", None), (78, 4, 10, 8))[0]
        )

        # Hashtags: what the title names, then the family's core and tools, topped up with popular tags.
        core, tools = family_skills[key]
        lowered = core_title.lower()
        named = [t for t in core if re.search(rf"(?<![\w.]){re.escape(t)}(?![\w])", lowered)]
        tags = dict.fromkeys(named)
        for t in rng.sample(core, k=min(len(core), rng.randint(1, 3))):
            tags.setdefault(t)
        for t in rng.sample(tools, k=min(len(tools), rng.randint(1, 4))):
            tags.setdefault(t)
        wanted = rng.randint(3, 10)
        while len(tags) < wanted:
            tags.setdefault(SKILLS[pick(skill_cum)])
        if rng.random() < 0.3:
            tags.setdefault(rng.choice(_SOFT))
        hashtags = list(tags)[:10]

        # Places: the employer's city most of the time, else another one; sometimes a second office.
        city = employer.city if rng.random() < 0.7 else CITIES[pick(city_cum)]
        cities = [city]
        if rng.random() < 0.17:
            same = [c for c in by_country[city.code] if c is not city]
            other = rng.choice(same) if same and rng.random() < 0.6 else CITIES[pick(city_cum)]
            if other is not city:
                cities.append(other)
        places = [Place(city=c.name, region=c.region, country_code=c.code) for c in cities]
        workplace = rng.choices(
            (["remote"], ["hybrid"], ["onsite"], ["remote", "hybrid"], ["hybrid", "onsite"], ["remote", "hybrid", "onsite"]),
            (30, 30, 20, 10, 7, 3),
        )[0]
        scope = None
        if "remote" in workplace:
            scope = (
                rng.choice(("EU", "Europe", city.code)) if city.code in _EU else rng.choice((city.code, "worldwide", city.code))
            )
        raw_location = " / ".join(f"{c.english}, {COUNTRIES[c.code]}" for c in cities)
        if workplace == ["remote"]:
            raw_location = f"Remote ({scope})"

        salary = None
        salary_text = ""
        if rng.random() < 0.30:
            salary, salary_text = _salary(rng, city, employment)

        lang = "en"
        if city.lang != "en" and rng.random() < 0.3:
            lang = city.lang
        skill_words = [_display(t) for t in hashtags]
        while len(skill_words) < 3:
            skill_words.append("SQL")
        area = rng.choice(family.areas)
        slots = _Slots(
            company=employer.name,
            city=city.english,
            product=employer.product,
            industry=employer.industry,
            skill=skill_words[0],
            skill2=skill_words[1],
            skill3=skill_words[2],
            area=area,
            years=str(max(1, _YEARS[seniority or "mid"])),
            headcount=str(rng.randrange(15, 900, 5)),
            founded=str(rng.randint(2008, 2022)),
            team=rng.choice(corpus._TEAMS),
            role=core_title,
            a_role=_a(core_title),
            days=str(rng.choice((25, 26, 27, 28, 30))),
            budget=rng.choice(("€1,000", "€1,500", "€2,000")),
            salary=salary_text or "a competitive salary",
            scope=scope or COUNTRIES[city.code],
        )
        target = int(rng.triangular(1500, 4000, 2400))
        description = _description(rng, lang, slots, key not in ("product", "design", "management"), target)
        extra = [s for s in skill_words[3:] if s not in description]
        if extra:
            description += "\n\nAlso in our stack: " + ", ".join(extra) + "."
        if salary_text and rng.random() < 0.7:
            description += "\n\n" + rng.choice(corpus.TEXT[lang]["salary"]).format_map(slots)
        summary = _summary(description)

        posted = ANCHOR - timedelta(seconds=rng.randrange(span))
        slug = re.sub(r"[^a-z0-9]+", "-", f"{title} {city.english}".lower()).strip("-")
        url = f"https://{employer.domain}/careers/{slug}-{rng.randrange(10_000, 10_000_000)}"
        kind = rng.choices(("frontmatter", "text", "recruitee", "jsonld"), (35, 15, 30, 20))[0]
        yield Posting(
            id=make_id(url, kind),
            title=title,
            company=Company(name=employer.name, website=f"https://{employer.domain}"),
            url=url,
            apply_url=url + "/apply" if rng.random() < 0.5 else None,
            location=Location(raw=raw_location, workplace=workplace, remote_scope=scope, places=places),
            role=Role(family=key, seniority=seniority),
            hashtags=hashtags,
            job_type="software",
            employment_type=employment,
            experience_years=_YEARS[seniority] if seniority and rng.random() < 0.6 else None,
            salary=salary,
            language=lang,
            summary=summary,
            description=description,
            posted_at=posted,
            archived=rng.random() < 0.10,
            featured=rng.randint(0, 10) if rng.random() < 0.2 else None,
            source=Source(kind=kind, host=employer.domain),
        )


def _display(tag: str) -> str:
    """How a description spells a tag (the parsers would find it back)."""
    special = {
        "javascript": "JavaScript", "typescript": "TypeScript", "postgresql": "PostgreSQL", "node.js": "Node.js",
        "next.js": "Next.js", "graphql": "GraphQL", "mysql": "MySQL", "mongodb": "MongoDB", "github-actions": "GitHub Actions",
        "gitlab-ci": "GitLab CI", "ci-cd": "CI/CD", "c#": "C#", ".net": ".NET", "php": "PHP", "ios": "iOS", "aws": "AWS",
        "gcp": "GCP", "sql": "SQL", "llm": "LLMs", "rest": "REST", "grpc": "gRPC", "dbt": "dbt", "ddd": "DDD", "tdd": "TDD",
        "iam": "IAM", "owasp": "OWASP", "sre": "SRE", "mlops": "MLOps", "nlp": "NLP", "rag": "RAG", "b2b": "B2B",
        "saas": "SaaS", "aws-lambda": "AWS Lambda", "aws-s3": "S3", "openai": "OpenAI", "pytorch": "PyTorch",
        "tensorflow": "TensorFlow", "scikit-learn": "scikit-learn", "swiftui": "SwiftUI", "oauth2": "OAuth 2.0",
        "hugging-face": "Hugging Face", "tailwindcss": "Tailwind CSS", "rails": "Ruby on Rails", "vue": "Vue.js",
        "spring-boot": "Spring Boot", "fastapi": "FastAPI", "devsecops": "DevSecOps", "devops": "DevOps",
        "clickhouse": "ClickHouse", "opensearch": "OpenSearch", "dynamodb": "DynamoDB", "bigquery": "BigQuery",
        "ux-design": "UX design", "ab-testing": "A/B testing", "power-bi": "Power BI", "c++": "C++",
    }  # fmt: skip
    if tag in special:
        return special[tag]
    return tag.replace("-", " ") if "-" in tag else tag[:1].upper() + tag[1:]


def _summary(description: str, limit: int = 200) -> str:
    text = " ".join(line.lstrip("-# ").strip() for line in description.splitlines() if line.strip() and not line.startswith("#"))
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > 0 else limit - 1].rstrip(",;:") + "…"


def _salary(rng: random.Random, city: City, employment: str | None) -> tuple[Salary | None, str]:
    symbol = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "C$", "CHF": "CHF "}.get(city.currency, "")
    if employment == "contract" and rng.random() < 0.6:
        low = rng.randrange(50, 110, 5)
        high = low + rng.randrange(10, 40, 5)
        period = "hour"
    elif employment == "internship" or rng.random() < 0.15:
        low = rng.randrange(1200, 2200, 100) if employment == "internship" else rng.randrange(3500, 8000, 250)
        high = low + rng.randrange(0, 1500, 250)
        period = "month"
    else:
        lo, hi = {
            "USD": (95_000, 210_000), "CAD": (85_000, 170_000), "GBP": (45_000, 110_000), "CHF": (100_000, 160_000),
            "SEK": (480_000, 850_000), "DKK": (480_000, 850_000), "NOK": (550_000, 950_000), "CZK": (900_000, 1_800_000),
            "PLN": (150_000, 320_000), "RON": (120_000, 300_000), "HUF": (12_000_000, 30_000_000),
        }.get(city.currency, (45_000, 105_000))  # fmt: skip
        step = max(5_000, (hi - lo) // 20)
        low = rng.randrange(lo, hi, step)
        high = low + rng.randrange(step, max(2 * step, (hi - lo) // 3), step)
        period = "year"
    single = rng.random() < 0.1
    salary = Salary.build(low, None if single else high, city.currency, period)
    unit = {"year": " per year", "month": " per month", "hour": " per hour"}[period]
    text = f"{symbol}{low:,}" if single else f"{symbol}{low:,} - {symbol}{high:,}"
    return salary, (text if symbol else f"{text} {city.currency}") + unit


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print generated Posting records as JSON lines.")
    parser.add_argument("--n", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    unknown = unknown_skills()
    if unknown:
        print(f"warning: tags the vocabulary does not know: {unknown}", file=sys.stderr)
    for record in generate(args.n, args.seed):
        print(record.model_dump_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
