"""The world every generated posting lives in, one table per idea: countries, cities, companies, roles, skills, pay.

The ``draw_*`` helpers are the choices a posting makes from it; each consumes its random numbers in a fixed order, so
a seed gives the same postings whichever generator (records, files, boards, queries) asks."""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from parsers.record import EmploymentType, Period, RoleFamily, Seniority, Workplace

# Postings are dated in the year before this instant, so a seed gives the same postings on any day.
ANCHOR = datetime(2026, 11, 1, tzinfo=UTC)

# ---------------------------------------------------------------- places


@dataclass(frozen=True)
class Country:
    code: str
    name: str  # in English
    local: str  # how the country names itself (what a local careers site writes), when a gazetteer knows it
    lang: str  # the language that local name is in
    currency: str
    legal: str  # the usual company legal form, "" where names go without one
    eu: bool


COUNTRIES: dict[str, Country] = {
    c.code: c
    for c in (
        Country("DE", "Germany", "Deutschland", "de", "EUR", "GmbH", True),
        Country("NL", "Netherlands", "Nederland", "nl", "EUR", "B.V.", True),
        Country("GB", "United Kingdom", "United Kingdom", "en", "GBP", "", False),
        Country("FR", "France", "France", "fr", "EUR", "SAS", True),
        Country("US", "United States", "United States", "en", "USD", "Inc.", False),
        Country("PT", "Portugal", "Portugal", "pt", "EUR", "", True),
        Country("PL", "Poland", "Polska", "pl", "PLN", "sp. z o.o.", True),
        Country("ES", "Spain", "España", "es", "EUR", "", True),
        Country("IE", "Ireland", "Ireland", "en", "EUR", "", True),
        Country("AT", "Austria", "Österreich", "de", "EUR", "GmbH", True),
        Country("CH", "Switzerland", "Schweiz", "de", "CHF", "AG", False),
        Country("SE", "Sweden", "Sverige", "sv", "SEK", "AB", True),
        Country("DK", "Denmark", "Danmark", "da", "DKK", "", True),
        Country("NO", "Norway", "Norge", "no", "NOK", "", False),
        Country("FI", "Finland", "Suomi", "fi", "EUR", "", True),
        Country("CZ", "Czechia", "Česko", "cs", "CZK", "", True),
        Country("BE", "Belgium", "Belgique", "fr", "EUR", "BV", True),
        Country("CA", "Canada", "Canada", "en", "CAD", "", False),
        Country("IT", "Italy", "Italia", "it", "EUR", "", True),
        Country("EE", "Estonia", "Estonia", "en", "EUR", "", True),
        Country("RO", "Romania", "Romania", "en", "RON", "", True),
        Country("GR", "Greece", "Greece", "en", "EUR", "", True),
        Country("HU", "Hungary", "Hungary", "en", "HUF", "", True),
    )
}


@dataclass(frozen=True)
class City:
    name: str  # as the gazetteer spells it, which is what parsed records carry
    code: str
    weight: int  # how often postings are there: the big tech hubs most
    lang: str  # a language local companies may write in (only de/fr/nl have sentence pools)
    region: str | None  # US state / Canadian province code
    english: str  # how English text names it
    local: str  # how the local language names it
    postal: str
    street: str

    @property
    def country(self) -> Country:
        return COUNTRIES[self.code]

    @property
    def currency(self) -> str:
        return COUNTRIES[self.code].currency


def _c(
    name: str, code: str, weight: int, postal: str, street: str, lang: str = "en", region: str | None = None,
    english: str = "", local: str = "",
) -> City:  # fmt: skip
    return City(name, code, weight, lang, region, english or name, local or name, postal, street)


CITIES: tuple[City, ...] = (
    _c("Berlin", "DE", 14, "10115", "Torstraße 109", "de"),
    _c("Munich", "DE", 7, "80331", "Sendlinger Straße 7", "de", local="München"),
    _c("Hamburg", "DE", 4, "20095", "Mönckebergstraße 11", "de"),
    _c("Köln", "DE", 2, "50667", "Hohe Straße 52", "de", english="Cologne"),
    _c("Frankfurt am Main", "DE", 3, "60311", "Zeil 90", "de", english="Frankfurt"),
    _c("Stuttgart", "DE", 2, "70173", "Königstraße 28", "de"),
    _c("Düsseldorf", "DE", 1, "40212", "Königsallee 60", "de"),
    _c("Leipzig", "DE", 1, "04109", "Petersstraße 36", "de"),
    _c("Amsterdam", "NL", 9, "1017 CT", "Keizersgracht 241", "nl"),
    _c("Rotterdam", "NL", 2, "3011 AD", "Coolsingel 40", "nl"),
    _c("Utrecht", "NL", 2, "3511 LN", "Oudegracht 158", "nl"),
    _c("Eindhoven", "NL", 1, "5611 AZ", "Vestdijk 9", "nl"),
    _c("The Hague", "NL", 1, "2511 BT", "Spui 70", "nl", local="Den Haag"),
    _c("London", "GB", 12, "EC2A 4NE", "20 Old Street"),
    _c("Manchester", "GB", 2, "M1 1AD", "1 Piccadilly Gardens"),
    _c("Edinburgh", "GB", 1, "EH2 2ER", "40 Princes Street"),
    _c("Bristol", "GB", 1, "BS1 6QH", "1 Temple Way"),
    _c("Cambridge", "GB", 1, "CB2 1AB", "12 Hills Road"),
    _c("Paris", "FR", 7, "75002", "12 Rue du Sentier", "fr"),
    _c("Lyon", "FR", 2, "69002", "8 Quai Saint-Antoine", "fr"),
    _c("Toulouse", "FR", 1, "31000", "5 Rue d'Alsace-Lorraine", "fr"),
    _c("Nantes", "FR", 1, "44000", "3 Rue Crébillon", "fr"),
    _c("Bordeaux", "FR", 1, "33000", "20 Cours de l'Intendance", "fr"),
    _c("San Francisco", "US", 7, "94105", "535 Mission Street", region="CA"),
    _c("New York City", "US", 7, "10013", "161 Varick Street", region="NY", english="New York"),
    _c("Austin", "US", 2, "78701", "600 Congress Avenue", region="TX"),
    _c("Seattle", "US", 3, "98101", "1201 3rd Avenue", region="WA"),
    _c("Boston", "US", 2, "02110", "100 Summer Street", region="MA"),
    _c("Chicago", "US", 2, "60606", "222 West Adams Street", region="IL"),
    _c("Denver", "US", 1, "80202", "1600 Wynkoop Street", region="CO"),
    _c("Los Angeles", "US", 2, "90015", "800 West Olympic Boulevard", region="CA"),
    _c("Atlanta", "US", 1, "30308", "675 Ponce de Leon Avenue", region="GA"),
    _c("Lisbon", "PT", 4, "1200-109", "Rua da Boavista 72", local="Lisboa"),
    _c("Porto", "PT", 1, "4000-322", "Rua de Santa Catarina 112"),
    _c("Warsaw", "PL", 3, "00-113", "ul. Grzybowska 62", local="Warszawa"),
    _c("Kraków", "PL", 2, "31-072", "ul. Zabłocie 43"),
    _c("Wrocław", "PL", 1, "50-079", "ul. Ruska 46"),
    _c("Gdańsk", "PL", 1, "80-831", "ul. Długa 24"),
    _c("Barcelona", "ES", 4, "08018", "Carrer de Pujades 77"),
    _c("Madrid", "ES", 3, "28004", "Calle de Fuencarral 45"),
    _c("Dublin", "IE", 4, "D02 YX88", "1 Grand Canal Square"),
    _c("Cork", "IE", 1, "T12 T997", "6 Lapps Quay"),
    _c("Vienna", "AT", 3, "1070", "Neubaugasse 12", "de", local="Wien"),
    _c("Graz", "AT", 1, "8010", "Herrengasse 9", "de"),
    _c("Zürich", "CH", 3, "8005", "Hardturmstrasse 161", "de", english="Zurich"),
    _c("Geneva", "CH", 1, "1201", "Rue du Mont-Blanc 12", "fr", local="Genève"),
    _c("Basel", "CH", 1, "4051", "Steinenvorstadt 33", "de"),
    _c("Stockholm", "SE", 3, "111 57", "Regeringsgatan 29"),
    _c("Gothenburg", "SE", 1, "411 06", "Kungsgatan 12", local="Göteborg"),
    _c("Copenhagen", "DK", 2, "1620", "Vesterbrogade 26", local="København"),
    _c("Århus", "DK", 1, "8000", "Åboulevarden 30", english="Aarhus"),
    _c("Oslo", "NO", 1, "0159", "Karl Johans gate 12"),
    _c("Helsinki", "FI", 1, "00100", "Mannerheimintie 12"),
    _c("Prague", "CZ", 2, "110 00", "Na Příkopě 22", local="Praha"),
    _c("Brno", "CZ", 1, "602 00", "Masarykova 30"),
    _c("Brussels", "BE", 2, "1000", "Rue Royale 97", "fr", local="Bruxelles"),
    _c("Antwerp", "BE", 1, "2000", "Meir 50", "nl", local="Antwerpen"),
    _c("Gent", "BE", 1, "9000", "Veldstraat 20", "nl", english="Ghent"),
    _c("Toronto", "CA", 3, "M5V 2T6", "222 Spadina Avenue", region="ON"),
    _c("Vancouver", "CA", 1, "V6B 1A1", "555 West Hastings Street", region="BC"),
    _c("Montréal", "CA", 1, "H3B 2Y5", "1000 Rue De La Gauchetière", region="QC", english="Montreal"),
    _c("Milan", "IT", 2, "20121", "Via Brera 12", local="Milano"),
    _c("Rome", "IT", 1, "00187", "Via del Corso 101", local="Roma"),
    _c("Tallinn", "EE", 1, "10111", "Narva mnt 5"),
    _c("Bucharest", "RO", 1, "010065", "Calea Victoriei 48"),
    _c("Athens", "GR", 1, "105 64", "Ermou 25"),
    _c("Budapest", "HU", 1, "1052", "Váci utca 20"),
)
CITY_CUM = list(itertools.accumulate(c.weight for c in CITIES))


def draw_city(rng: random.Random) -> City:
    return rng.choices(CITIES, cum_weights=CITY_CUM)[0]


def draw_language(rng: random.Random, city: City) -> str:
    """Mostly English; about 30% in the city's language where that has sentence pools."""
    return city.lang if city.lang != "en" and rng.random() < 0.3 else "en"


# ---------------------------------------------------------------- skills

# 160 canonical tags from parsers/data/skills.yaml, most popular first (rank r is drawn ~ 1/(r+2)^0.95).
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
SKILL_CUM = list(itertools.accumulate(1 / (i + 2) ** 0.95 for i in range(len(SKILLS))))
# Ways of working that boards list next to the stack.
SOFT_SKILLS = ("agile", "scrum", "microservices", "ci-cd", "saas", "b2b", "startup", "open-source", "tdd", "observability")
_SPELLING = {
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


def spelled(tag: str) -> str:
    """How a posting writes a canonical tag (the parsers find it back)."""
    if tag in _SPELLING:
        return _SPELLING[tag]
    return tag.replace("-", " ") if "-" in tag else tag[:1].upper() + tag[1:]


def unknown_skills() -> list[str]:
    """The tags of SKILLS the parsers' vocabulary does not know (should be none)."""
    from parsers.skills import vocabulary

    vocab = vocabulary()
    return [s for s in SKILLS if vocab.known(s) != s]


# ---------------------------------------------------------------- roles


@dataclass(frozen=True)
class Family:
    key: RoleFamily
    weight: int  # share of the postings
    tech: bool  # writes code: the sections talk about a stack
    titles: tuple[str, ...]
    core: tuple[str, ...]  # languages and main frameworks: what "you write code in"
    tools: tuple[str, ...]
    areas: tuple[str, ...]  # what the team works on, in English


FAMILIES: tuple[Family, ...] = (
    Family(
        "backend", 28, True,
        ("Backend Engineer", "Backend Developer", "Python Developer", "Go Engineer", "Software Engineer, Backend",
         "Java Developer", "Ruby on Rails Engineer", "Node.js Developer", "Django Developer", "Kotlin Backend Engineer",
         "PHP Developer (Laravel)"),
        ("Python", "Django", "FastAPI", "Go", "Java", "Spring Boot", "Kotlin", "Ruby on Rails", "Node.js", "PHP",
         "Laravel", "Elixir", "Rust"),
        ("PostgreSQL", "MySQL", "Redis", "Kafka", "RabbitMQ", "gRPC", "GraphQL", "REST", "Docker", "Kubernetes", "AWS",
         "Celery", "Elasticsearch", "Terraform"),
        ("APIs", "backend services", "our core platform", "the billing system", "integrations with partners",
         "event-driven services"),
    ),
    Family(
        "frontend", 12, True,
        ("Frontend Engineer", "Frontend Developer", "React Developer", "UI Engineer", "Vue.js Developer",
         "Angular Developer", "Web Developer"),
        ("TypeScript", "JavaScript", "React", "Next.js", "Vue.js", "Angular"),
        ("CSS", "HTML", "Redux", "Webpack", "Jest", "Cypress", "GraphQL", "Storybook", "Tailwind CSS", "Figma"),
        ("the web app", "our design system", "customer-facing dashboards", "the checkout flow", "the onboarding experience"),
    ),
    Family(
        "fullstack", 12, True,
        ("Full Stack Engineer", "Fullstack Developer", "Full-Stack Software Engineer", "Product Engineer (Full Stack)"),
        ("TypeScript", "React", "Node.js", "Python", "Django", "Ruby on Rails", "Vue.js", "Go"),
        ("PostgreSQL", "GraphQL", "AWS", "Docker", "Next.js", "Redis", "Jest", "Terraform"),
        ("product features end to end", "the web app and its APIs", "internal tools", "the customer portal"),
    ),
    Family(
        "devops", 9, True,
        ("DevOps Engineer", "Site Reliability Engineer", "Platform Engineer", "Cloud Engineer", "Infrastructure Engineer",
         "SRE"),
        ("Kubernetes", "Terraform", "Go", "Python", "AWS", "GCP", "Azure"),
        ("Docker", "Helm", "Prometheus", "Grafana", "Ansible", "Linux", "ArgoCD", "GitHub Actions", "Jenkins",
         "PostgreSQL", "Datadog"),
        ("our Kubernetes clusters", "CI/CD pipelines", "cloud infrastructure", "observability", "the developer platform"),
    ),
    Family(
        "data", 10, True,
        ("Data Engineer", "Data Analyst", "Analytics Engineer", "BI Developer", "Data Scientist", "Big Data Engineer"),
        ("Python", "SQL", "Spark", "Scala", "dbt"),
        ("Airflow", "Snowflake", "BigQuery", "Kafka", "Looker", "Tableau", "Pandas", "PostgreSQL", "Databricks", "AWS"),
        ("data pipelines", "the data warehouse", "reporting and dashboards", "our analytics stack", "data models"),
    ),
    Family(
        "ml", 7, True,
        ("Machine Learning Engineer", "MLOps Engineer", "AI Engineer", "NLP Engineer", "Computer Vision Engineer",
         "Applied Scientist"),
        ("Python", "PyTorch", "TensorFlow", "scikit-learn"),
        ("Kubernetes", "MLflow", "Spark", "SQL", "Docker", "AWS", "Hugging Face", "NumPy", "Pandas", "LLMs"),
        ("ML models in production", "our recommendation engine", "training pipelines", "model serving",
         "LLM-based features"),
    ),
    Family(
        "mobile", 5, True,
        ("iOS Developer", "Android Engineer", "Mobile Engineer (React Native)", "Flutter Developer", "iOS Engineer"),
        ("Swift", "SwiftUI", "Kotlin", "React Native", "Flutter", "Dart", "Objective-C"),
        ("Jetpack Compose", "TypeScript", "GraphQL", "Firebase", "Xcode", "Fastlane"),
        ("our iOS and Android apps", "the mobile checkout", "offline sync", "push notifications"),
    ),
    Family(
        "qa", 3, True,
        ("QA Engineer", "Test Automation Engineer", "SDET", "Quality Assurance Engineer"),
        ("Python", "Java", "TypeScript"),
        ("Cypress", "Playwright", "Selenium", "Jest", "Postman", "Jenkins", "GitHub Actions", "Appium"),
        ("test automation", "release quality", "end-to-end tests", "the test strategy"),
    ),
    Family(
        "security", 3, True,
        ("Security Engineer", "Application Security Engineer", "Cloud Security Engineer", "DevSecOps Engineer"),
        ("Python", "Go"),
        ("AWS", "Kubernetes", "Terraform", "OWASP", "SIEM", "Linux", "Docker", "Vault", "IAM"),
        ("application security", "our cloud security posture", "incident response", "secure SDLC practices"),
    ),
    Family(
        "product", 5, False,
        ("Product Manager", "Product Owner", "Technical Product Manager", "Product Manager, Growth"),
        ("SQL",),
        ("Jira", "Amplitude", "Figma", "Scrum", "Kanban", "A/B testing", "Mixpanel"),
        ("the product roadmap", "discovery", "our growth funnel", "the platform team"),
    ),
    Family(
        "design", 3, False,
        ("Product Designer", "UX Designer", "UI/UX Designer", "Visual Designer"),
        ("Figma",),
        ("Sketch", "Adobe XD", "prototyping", "user research", "design systems", "HTML", "CSS"),
        ("the product experience", "our design system", "user research", "the mobile app"),
    ),
    Family(
        "management", 3, False,
        ("Engineering Manager", "Head of Engineering", "VP of Engineering", "CTO", "Director of Engineering"),
        ("Python", "Go", "TypeScript", "Java"),
        ("AWS", "Kubernetes", "Scrum", "OKRs", "microservices"),
        ("the engineering team", "hiring and career growth", "technical strategy", "delivery"),
    ),
)  # fmt: skip
FAMILY = {f.key: f for f in FAMILIES}
# (title prefix, seniority recorded, weight)
SENIORITY: tuple[tuple[str, Seniority | None, int], ...] = (
    ("", None, 30), ("", "mid", 6), ("Senior", "senior", 26), ("Sr.", "senior", 3), ("Junior", "junior", 9),
    ("Mid-level", "mid", 3), ("Staff", "principal", 5), ("Lead", "lead", 9), ("Principal", "principal", 4),
    ("Intern", "intern", 3),
)  # fmt: skip
_SENIORITY_CUM = list(itertools.accumulate(w for _, _, w in SENIORITY))
_MANAGEMENT_LEVEL: dict[str, Seniority] = {
    "Engineering Manager": "lead",
    "Head of Engineering": "head",
    "VP of Engineering": "head",
    "CTO": "head",
    "Director of Engineering": "head",
}
YEARS: dict[Seniority, int] = {"intern": 0, "junior": 1, "mid": 3, "senior": 5, "lead": 6, "principal": 8, "head": 10}


def draw_family(rng: random.Random, hires: tuple[RoleFamily, ...]) -> Family:
    """Mostly one of the families the company hires most for, else any by its share."""
    if rng.random() < 0.8:
        return FAMILY[rng.choice(hires)]
    return rng.choices(FAMILIES, [f.weight for f in FAMILIES])[0]


def draw_role(rng: random.Random, family: Family) -> tuple[str, str, Seniority | None]:
    """A title of the family, the seniority prefix it gets and the level that means."""
    core = rng.choice(family.titles)
    if family.key == "management":
        return core, "", _MANAGEMENT_LEVEL.get(core, "lead")
    prefix, level, _ = rng.choices(SENIORITY, cum_weights=_SENIORITY_CUM)[0]
    return core, prefix, level


def title_of(core: str, prefix: str) -> str:
    return f"{core} {prefix}" if prefix == "Intern" else f"{prefix} {core}".strip()


_EMPLOYMENT: tuple[EmploymentType | None, ...] = ("full_time", "part_time", "contract", None)
_WORKPLACES: tuple[list[Workplace], ...] = (
    ["remote"], ["hybrid"], ["onsite"], ["remote", "hybrid"], ["hybrid", "onsite"], ["remote", "hybrid", "onsite"],
)  # fmt: skip


def draw_employment(rng: random.Random, level: Seniority | None) -> EmploymentType | None:
    """Interns are interns; the others mostly full time, and some postings do not say."""
    if level == "intern":
        return "internship"
    return rng.choices(_EMPLOYMENT, (78, 4, 10, 8))[0]


def draw_workplace(rng: random.Random) -> list[Workplace]:
    return list(rng.choices(_WORKPLACES, (30, 30, 20, 10, 7, 3))[0])


def draw_posted(rng: random.Random) -> datetime:
    return ANCHOR - timedelta(seconds=rng.randrange(365 * 86_400))


# ---------------------------------------------------------------- companies

# What companies do, as (industry, product); every company is in one of these lines of business.
INDUSTRIES: tuple[tuple[str, str], ...] = (
    ("developer tools", "an observability platform for distributed systems"),
    ("HR tech", "a goal and OKR management platform"),
    ("climate tech", "an energy monitoring platform for commercial buildings"),
    ("logistics", "a freight marketplace connecting shippers and carriers"),
    ("fintech", "an accounting and spend management suite for SMEs"),
    ("healthtech", "patient scheduling and telemedicine software"),
    ("data infrastructure", "a real-time analytics database"),
    ("robotics", "warehouse automation robots and their fleet software"),
    ("renewables", "a platform that plans and operates solar parks"),
    ("SaaS", "a customer support and ticketing platform"),
    ("payments", "a payments platform for marketplaces"),
    ("industrial IoT", "a predictive maintenance platform for factories"),
    ("energy", "a smart-charging network for electric vehicles"),
    ("e-commerce", "a headless commerce platform for fashion brands"),
    ("mobility", "fleet management software for public transport"),
    ("software services", "custom software for European scale-ups"),
    ("mobility", "an app for booking shared e-bikes and scooters"),
    ("cybersecurity", "a cloud security posture management tool"),
    ("logistics", "a transport management system for mid-sized carriers"),
    ("edtech", "a language learning app with live tutors"),
    ("gaming", "cross-platform multiplayer games"),
    ("music tech", "a streaming and royalty platform for independent artists"),
    ("insurtech", "a fully digital home and contents insurance"),
    ("data", "a data catalog and governance platform"),
    ("food tech", "a grocery delivery service with its own dark stores"),
    ("wealth tech", "an investing app for long-term savers"),
    ("collaboration", "a video messaging tool for remote teams"),
    ("artificial intelligence", "document understanding APIs for banks and insurers"),
    ("proptech", "property management software for landlords"),
    ("healthtech", "a network of digital-first physiotherapy clinics"),
    ("retail analytics", "demand forecasting for retailers"),
    ("legal tech", "contract automation for in-house legal teams"),
)
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


@dataclass(frozen=True)
class Employer:
    name: str
    domain: str
    city: City  # its home: most of its postings are there
    industry: str
    product: str
    families: tuple[RoleFamily, ...]  # the role families it hires most for

    @property
    def slug(self) -> str:
        return slugify(self.name)


@lru_cache(maxsize=8)
def employers(count: int, seed: int) -> tuple[Employer, ...]:
    """``count`` companies; the first k are the same whatever ``count`` is."""
    rng = random.Random(f"companies:{seed}")
    names = [a + b for a, b in itertools.product(_NAME_A, _NAME_B)]
    rng.shuffle(names)
    keys: list[RoleFamily] = [f.key for f in FAMILIES]
    weights = [f.weight for f in FAMILIES]
    out = []
    for i in range(count):
        base = names[i % len(names)] + ("" if i < len(names) else f" {i // len(names) + 1}")
        city = draw_city(rng)
        industry, product = rng.choice(INDUSTRIES)
        legal = f" {city.country.legal}" if rng.random() < 0.4 and city.country.legal else ""
        domain = re.sub(r"[^a-z0-9]+", "", base.lower()) + rng.choice((".io", ".com", ".dev", ".ai", ".eu", ".app"))
        hires = tuple(dict.fromkeys(rng.choices(keys, weights, k=3)))
        out.append(Employer(base + legal, domain, city, industry, product, hires))
    return tuple(out)


# ---------------------------------------------------------------- pay

# Yearly base salaries a posting states, low to high end, by currency (EUR and the rest: the last entry).
_YEARLY = {
    "USD": (95_000, 210_000), "CAD": (85_000, 170_000), "GBP": (45_000, 110_000), "CHF": (100_000, 160_000),
    "SEK": (480_000, 850_000), "DKK": (480_000, 850_000), "NOK": (550_000, 950_000), "CZK": (900_000, 1_800_000),
    "PLN": (150_000, 320_000), "RON": (120_000, 300_000), "HUF": (12_000_000, 30_000_000),
}  # fmt: skip
_EUR_YEARLY = (45_000, 105_000)
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "C$"}


@dataclass(frozen=True)
class Pay:
    low: int
    high: int | None  # None: one figure only
    currency: str
    period: Period  # hour, month or year here


def draw_pay(rng: random.Random, currency: str, employment: EmploymentType | None) -> Pay:
    """Contractors mostly by the hour, interns and some others by the month, the rest by the year."""
    period: Period
    if employment == "contract" and rng.random() < 0.6:
        low = rng.randrange(50, 110, 5)
        high = low + rng.randrange(10, 40, 5)
        period = "hour"
    elif employment == "internship" or rng.random() < 0.15:
        low = rng.randrange(1200, 2200, 100) if employment == "internship" else rng.randrange(3500, 8000, 250)
        high = low + rng.randrange(0, 1500, 250)
        period = "month"
    else:
        lo, hi = _YEARLY.get(currency, _EUR_YEARLY)
        step = max(5_000, (hi - lo) // 20)
        low = rng.randrange(lo, hi, step)
        high = low + rng.randrange(step, max(2 * step, (hi - lo) // 3), step)
        period = "year"
    return Pay(low, None if rng.random() < 0.1 else high, currency, period)


def money(amount: int, currency: str, lang: str = "en", short: bool = False) -> str:
    """An amount as a posting in ``lang`` writes it: "$95k", "€45,000", "45.000 €", "45 000 €", "12,000 SEK"."""
    symbol = SYMBOLS.get(currency)
    if short and amount >= 10_000 and symbol:
        return f"{symbol}{amount // 1000}k"
    if lang == "de" and currency in ("EUR", "CHF"):
        return f"{amount:,}".replace(",", ".") + (" €" if currency == "EUR" else " CHF")
    if lang == "fr" and currency == "EUR":
        return f"{amount:,}".replace(",", " ") + " €"
    if lang == "nl" and currency == "EUR":
        return "€" + f"{amount:,}".replace(",", ".")
    return f"{symbol}{amount:,}" if symbol else f"{amount:,} {currency}"


def pay_text(pay: Pay, rng: random.Random, lang: str = "en") -> str:
    """The pay as one line of a posting, in its language; English ones in a few house styles."""
    short = lang == "en" and rng.random() < 0.25
    dash = rng.choice((" - ", " – ", "–", " to ")) if lang == "en" else " - "
    text = money(pay.low, pay.currency, lang, short)
    if pay.high is not None:
        text += dash + money(pay.high, pay.currency, lang, short)
    if lang == "en":
        per_year = rng.choice(("", " per year", " annually", " p.a."))
        text += {"hour": " per hour", "month": " per month", "year": per_year}[pay.period]
    return text


# ---------------------------------------------------------------- words


def slugify(text: str) -> str:
    """ASCII words joined by dashes, as careers sites build their URLs."""
    table = str.maketrans(
        {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "ó": "o", "ł": "l", "ą": "a", "ř": "r", "í": "i"}
    )
    return re.sub(r"[^a-z0-9]+", "-", text.lower().translate(table)).strip("-")


def a_or_an(phrase: str) -> str:
    """``"an SDET"``, ``"an Engineering Manager"``, ``"a Senior Developer"``."""
    word = phrase.split()[0] if phrase.split() else ""
    initialism = len(word) > 1 and word.isupper()
    vowel_sound = word[:1] in "AEIOUaeiou" or (initialism and word[:1] in "FHLMNRSX")
    return f"{'an' if vowel_sound else 'a'} {phrase}"
