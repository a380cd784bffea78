"""A deterministic corpus of realistic job postings in the four input formats.

``generate(n, seed, out_dir)`` writes ``n`` files, cycling through the formats
in equal shares, shaped like what the crawlers and the shipped samples see:

* ``frontmatter`` (``.md``): YAML frontmatter as Recruitee-derived boards publish it,
  then a 2-5 KB Markdown body;
* ``text`` (``.txt``): plain text or Markdown without frontmatter, 2-4 KB, with
  ``Job Title:``/``Location:`` labels, a ``# Title`` heading, one long flattened
  line or a LinkedIn-style "About the job" copy;
* ``recruitee`` (``.json``): one Recruitee careers-site offer object, and about
  one file in ten a whole ``{"offers": [...]}`` response with three offers;
* ``jsonld`` (``.html``): a 5-15 KB careers page carrying one schema.org
  ``JobPosting`` in ``<script type="application/ld+json">``.

Everything is drawn from ``random.Random`` instances seeded from ``(seed, index)``,
so the same seed always gives byte-identical files, and file ``i`` does not depend
on how many files are generated. The format of each file is in its name
(``000042-recruitee.json``); ``format_of(path)`` reads it back.

Run ``python bench/corpus.py --n 100 --out /tmp/corpus`` to look at a sample.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

FORMATS: tuple[str, ...] = ("frontmatter", "text", "recruitee", "jsonld")
SUFFIXES: dict[str, str] = {"frontmatter": ".md", "text": ".txt", "recruitee": ".json", "jsonld": ".html"}
_NAME = re.compile(r"^\d+-([a-z]+)\.")

# ---------------------------------------------------------------- vocabularies


@dataclass(frozen=True)
class City:
    name: str
    country: str
    code: str
    region: str | None  # US state / Canadian province code, else None
    currency: str
    local_lang: str  # language a local company might write in besides English
    postal: str
    street: str


CITIES: tuple[City, ...] = (
    City("Berlin", "Germany", "DE", None, "EUR", "de", "10115", "Torstraße 109"),
    City("Munich", "Germany", "DE", None, "EUR", "de", "80331", "Sendlinger Straße 7"),
    City("Hamburg", "Germany", "DE", None, "EUR", "de", "20095", "Mönckebergstraße 11"),
    City("Cologne", "Germany", "DE", None, "EUR", "de", "50667", "Hohe Straße 52"),
    City("Amsterdam", "Netherlands", "NL", None, "EUR", "nl", "1017 CT", "Keizersgracht 241"),
    City("Rotterdam", "Netherlands", "NL", None, "EUR", "nl", "3011 AD", "Coolsingel 40"),
    City("Utrecht", "Netherlands", "NL", None, "EUR", "nl", "3511 LN", "Oudegracht 158"),
    City("London", "United Kingdom", "GB", None, "GBP", "en", "EC2A 4NE", "20 Old Street"),
    City("Manchester", "United Kingdom", "GB", None, "GBP", "en", "M1 1AD", "1 Piccadilly Gardens"),
    City("Paris", "France", "FR", None, "EUR", "fr", "75002", "12 Rue du Sentier"),
    City("Lyon", "France", "FR", None, "EUR", "fr", "69002", "8 Quai Saint-Antoine"),
    City("San Francisco", "United States", "US", "CA", "USD", "en", "94105", "535 Mission Street"),
    City("New York", "United States", "US", "NY", "USD", "en", "10013", "161 Varick Street"),
    City("Austin", "United States", "US", "TX", "USD", "en", "78701", "600 Congress Avenue"),
    City("Seattle", "United States", "US", "WA", "USD", "en", "98101", "1201 3rd Avenue"),
    City("Boston", "United States", "US", "MA", "USD", "en", "02110", "100 Summer Street"),
    City("Lisbon", "Portugal", "PT", None, "EUR", "en", "1200-109", "Rua da Boavista 72"),
    City("Porto", "Portugal", "PT", None, "EUR", "en", "4000-322", "Rua de Santa Catarina 112"),
    City("Warsaw", "Poland", "PL", None, "PLN", "en", "00-113", "ul. Grzybowska 62"),
    City("Kraków", "Poland", "PL", None, "PLN", "en", "31-072", "ul. Zabłocie 43"),
    City("Barcelona", "Spain", "ES", None, "EUR", "en", "08018", "Carrer de Pujades 77"),
    City("Madrid", "Spain", "ES", None, "EUR", "en", "28004", "Calle de Fuencarral 45"),
    City("Dublin", "Ireland", "IE", None, "EUR", "en", "D02 YX88", "1 Grand Canal Square"),
    City("Vienna", "Austria", "AT", None, "EUR", "de", "1070", "Neubaugasse 12"),
    City("Zurich", "Switzerland", "CH", None, "CHF", "de", "8005", "Hardturmstrasse 161"),
    City("Stockholm", "Sweden", "SE", None, "SEK", "en", "111 57", "Regeringsgatan 29"),
    City("Copenhagen", "Denmark", "DK", None, "DKK", "en", "1620", "Vesterbrogade 26"),
    City("Prague", "Czechia", "CZ", None, "CZK", "en", "110 00", "Na Příkopě 22"),
    City("Brussels", "Belgium", "BE", None, "EUR", "fr", "1000", "Rue Royale 97"),
    City("Toronto", "Canada", "CA", "ON", "CAD", "en", "M5V 2T6", "222 Spadina Avenue"),
)
# Cities near the top of the list turn up more often, as on the real boards.
_CITY_WEIGHTS = (14, 7, 4, 2, 8, 2, 2, 10, 2, 6, 2, 6, 6, 2, 2, 2, 4, 2, 3, 2, 3, 2, 3, 2, 2, 2, 2, 2, 2, 2)
_COUNTRY_ADJECTIVE = {"DE": "German", "NL": "Dutch", "FR": "French", "BE": "Belgian", "AT": "Austrian", "CH": "Swiss"}


@dataclass(frozen=True)
class Company:
    name: str
    domain: str
    industry: str
    product: str


COMPANIES: tuple[Company, ...] = (
    Company("Kestrel Labs", "kestrellabs.io", "developer tools", "an observability platform for distributed systems"),
    Company("Fernhill GmbH", "fernhill.de", "HR tech", "a goal and OKR management platform"),
    Company("Brightwave", "brightwave.com", "climate tech", "an energy monitoring platform for commercial buildings"),
    Company("Parcelio", "parcelio.eu", "logistics", "a freight marketplace connecting shippers and carriers"),
    Company("Ledgerly", "ledgerly.io", "fintech", "an accounting and spend management suite for SMEs"),
    Company("Tideway Health", "tidewayhealth.com", "healthtech", "patient scheduling and telemedicine software"),
    Company("Quantly", "quantly.ai", "data infrastructure", "a real-time analytics database"),
    Company("Mosaic Robotics", "mosaicrobotics.com", "robotics", "warehouse automation robots and their fleet software"),
    Company("Helio Energy", "helio-energy.com", "renewables", "a platform that plans and operates solar parks"),
    Company("Orbitdesk", "orbitdesk.com", "SaaS", "a customer support and ticketing platform"),
    Company("Canopy Pay", "canopypay.com", "payments", "a payments platform for marketplaces"),
    Company("Vektor Systems GmbH", "vektor-systems.de", "industrial IoT", "a predictive maintenance platform for factories"),
    Company("Stroom B.V.", "stroom.nl", "energy", "a smart-charging network for electric vehicles"),
    Company("Atelier Numérique SAS", "ateliernumerique.fr", "e-commerce", "a headless commerce platform for fashion brands"),
    Company("Fjordline Software AB", "fjordline.se", "mobility", "fleet management software for public transport"),
    Company("Codeworks Kraków sp. z o.o.", "codeworks.pl", "software services", "custom software for European scale-ups"),
    Company("Greenfield Mobility", "greenfieldmobility.com", "mobility", "an app for booking shared e-bikes and scooters"),
    Company("Sable Security", "sablesecurity.io", "cybersecurity", "a cloud security posture management tool"),
    Company("Nimbus Freight", "nimbusfreight.com", "logistics", "a transport management system for mid-sized carriers"),
    Company("Papaya Learning", "papayalearning.com", "edtech", "a language learning app with live tutors"),
    Company("Driftwood Games", "driftwoodgames.com", "gaming", "cross-platform multiplayer games"),
    Company("Octave Music", "octavemusic.fm", "music tech", "a streaming and royalty platform for independent artists"),
    Company("Polaris Insurance", "polaris-insurance.com", "insurtech", "a fully digital home and contents insurance"),
    Company("Tessera Data", "tesseradata.com", "data", "a data catalog and governance platform"),
    Company("Bramble Foods", "bramblefoods.co.uk", "food tech", "a grocery delivery service with its own dark stores"),
    Company("Ridgeline Capital", "ridgelinecapital.com", "wealth tech", "an investing app for long-term savers"),
    Company("Looply", "looply.app", "collaboration", "a video messaging tool for remote teams"),
    Company("Harbor AI", "harbor.ai", "artificial intelligence", "document understanding APIs for banks and insurers"),
    Company("Perch Property", "perchproperty.com", "proptech", "property management software for landlords"),
    Company("Cobalt Clinics", "cobaltclinics.de", "healthtech", "a network of digital-first physiotherapy clinics"),
    Company("Northwind Analytics", "northwind-analytics.com", "retail analytics", "demand forecasting for retailers"),
    Company("Alder & Finch", "alderfinch.com", "legal tech", "contract automation for in-house legal teams"),
)


@dataclass(frozen=True)
class Family:
    key: str
    titles: tuple[str, ...]
    core: tuple[str, ...]  # languages and main frameworks: what "you write code in"
    tools: tuple[str, ...]
    areas: tuple[str, ...]


FAMILIES: tuple[Family, ...] = (
    Family(
        "backend",
        (
            "Backend Engineer",
            "Backend Developer",
            "Python Developer",
            "Go Engineer",
            "Software Engineer, Backend",
            "Java Developer",
            "Ruby on Rails Engineer",
            "Node.js Developer",
            "Django Developer",
            "Kotlin Backend Engineer",
            "PHP Developer (Laravel)",
        ),
        (
            "Python",
            "Django",
            "FastAPI",
            "Go",
            "Java",
            "Spring Boot",
            "Kotlin",
            "Ruby on Rails",
            "Node.js",
            "PHP",
            "Laravel",
            "Elixir",
            "Rust",
        ),
        (
            "PostgreSQL",
            "MySQL",
            "Redis",
            "Kafka",
            "RabbitMQ",
            "gRPC",
            "GraphQL",
            "REST",
            "Docker",
            "Kubernetes",
            "AWS",
            "Celery",
            "Elasticsearch",
            "Terraform",
        ),
        (
            "APIs",
            "backend services",
            "our core platform",
            "the billing system",
            "integrations with partners",
            "event-driven services",
        ),
    ),
    Family(
        "frontend",
        (
            "Frontend Engineer",
            "Frontend Developer",
            "React Developer",
            "UI Engineer",
            "Vue.js Developer",
            "Angular Developer",
            "Web Developer",
        ),
        ("TypeScript", "JavaScript", "React", "Next.js", "Vue.js", "Angular"),
        ("CSS", "HTML", "Redux", "Webpack", "Jest", "Cypress", "GraphQL", "Storybook", "Tailwind CSS", "Figma"),
        ("the web app", "our design system", "customer-facing dashboards", "the checkout flow", "the onboarding experience"),
    ),
    Family(
        "fullstack",
        ("Full Stack Engineer", "Fullstack Developer", "Full-Stack Software Engineer", "Product Engineer (Full Stack)"),
        ("TypeScript", "React", "Node.js", "Python", "Django", "Ruby on Rails", "Vue.js", "Go"),
        ("PostgreSQL", "GraphQL", "AWS", "Docker", "Next.js", "Redis", "Jest", "Terraform"),
        ("product features end to end", "the web app and its APIs", "internal tools", "the customer portal"),
    ),
    Family(
        "devops",
        ("DevOps Engineer", "Site Reliability Engineer", "Platform Engineer", "Cloud Engineer", "Infrastructure Engineer", "SRE"),
        ("Kubernetes", "Terraform", "Go", "Python", "AWS", "GCP", "Azure"),
        (
            "Docker",
            "Helm",
            "Prometheus",
            "Grafana",
            "Ansible",
            "Linux",
            "ArgoCD",
            "GitHub Actions",
            "Jenkins",
            "PostgreSQL",
            "Datadog",
        ),
        ("our Kubernetes clusters", "CI/CD pipelines", "cloud infrastructure", "observability", "the developer platform"),
    ),
    Family(
        "data",
        ("Data Engineer", "Data Analyst", "Analytics Engineer", "BI Developer", "Data Scientist", "Big Data Engineer"),
        ("Python", "SQL", "Spark", "Scala", "dbt"),
        ("Airflow", "Snowflake", "BigQuery", "Kafka", "Looker", "Tableau", "Pandas", "PostgreSQL", "Databricks", "AWS"),
        ("data pipelines", "the data warehouse", "reporting and dashboards", "our analytics stack", "data models"),
    ),
    Family(
        "ml",
        (
            "Machine Learning Engineer",
            "MLOps Engineer",
            "AI Engineer",
            "NLP Engineer",
            "Computer Vision Engineer",
            "Applied Scientist",
        ),
        ("Python", "PyTorch", "TensorFlow", "scikit-learn"),
        ("Kubernetes", "MLflow", "Spark", "SQL", "Docker", "AWS", "Hugging Face", "NumPy", "Pandas", "LLMs"),
        ("ML models in production", "our recommendation engine", "training pipelines", "model serving", "LLM-based features"),
    ),
    Family(
        "mobile",
        ("iOS Developer", "Android Engineer", "Mobile Engineer (React Native)", "Flutter Developer", "iOS Engineer"),
        ("Swift", "SwiftUI", "Kotlin", "React Native", "Flutter", "Dart", "Objective-C"),
        ("Jetpack Compose", "TypeScript", "GraphQL", "Firebase", "Xcode", "Fastlane"),
        ("our iOS and Android apps", "the mobile checkout", "offline sync", "push notifications"),
    ),
    Family(
        "qa",
        ("QA Engineer", "Test Automation Engineer", "SDET", "Quality Assurance Engineer"),
        ("Python", "Java", "TypeScript"),
        ("Cypress", "Playwright", "Selenium", "Jest", "Postman", "Jenkins", "GitHub Actions", "Appium"),
        ("test automation", "release quality", "end-to-end tests", "the test strategy"),
    ),
    Family(
        "security",
        ("Security Engineer", "Application Security Engineer", "Cloud Security Engineer", "DevSecOps Engineer"),
        ("Python", "Go"),
        ("AWS", "Kubernetes", "Terraform", "OWASP", "SIEM", "Linux", "Docker", "Vault", "IAM"),
        ("application security", "our cloud security posture", "incident response", "secure SDLC practices"),
    ),
    Family(
        "product",
        ("Product Manager", "Product Owner", "Technical Product Manager", "Product Manager, Growth"),
        ("SQL",),
        ("Jira", "Amplitude", "Figma", "Scrum", "Kanban", "A/B testing", "Mixpanel"),
        ("the product roadmap", "discovery", "our growth funnel", "the platform team"),
    ),
    Family(
        "design",
        ("Product Designer", "UX Designer", "UI/UX Designer", "Visual Designer"),
        ("Figma",),
        ("Sketch", "Adobe XD", "prototyping", "user research", "design systems", "HTML", "CSS"),
        ("the product experience", "our design system", "user research", "the mobile app"),
    ),
    Family(
        "management",
        ("Engineering Manager", "Head of Engineering", "VP of Engineering", "CTO", "Director of Engineering"),
        ("Python", "Go", "TypeScript", "Java"),
        ("AWS", "Kubernetes", "Scrum", "OKRs", "microservices"),
        ("the engineering team", "hiring and career growth", "technical strategy", "delivery"),
    ),
)
_TITLE_SKILL = {"ios": "Swift", "android": "Kotlin", "django": "Django", "laravel": "PHP"}
_TECH_FAMILIES = {"backend", "frontend", "fullstack", "devops", "data", "ml", "mobile", "qa", "security"}
_FAMILY_WEIGHTS = (30, 12, 12, 10, 9, 6, 5, 3, 3, 4, 3, 3)
_SENIORITY = (
    ("", 34),
    ("Senior", 26),
    ("Junior", 8),
    ("Mid-level", 3),
    ("Staff", 5),
    ("Lead", 8),
    ("Principal", 4),
    ("Sr.", 3),
    ("Intern", 2),
    ("Working Student", 2),
)
_GENDER_MARKS = (("", 70), ("(m/w/d)", 10), ("(f/m/d)", 8), ("(all genders)", 4), ("(w/m/d)", 4), ("(m/f/x)", 4))
_SOFT_TAGS = (
    "scrum",
    "agile",
    "management",
    "monitoring",
    "ui/ux",
    "testing",
    "microservices",
    "ci/cd",
    "saas",
    "b2b",
    "startup",
    "remote",
    "open-source",
    "security",
    "architecture",
)
_LANG_NAMES = {"en": "English", "de": "German", "fr": "French", "nl": "Dutch"}


# ---------------------------------------------------------------- text pools per language
# Placeholders: {company} {city} {product} {industry} {skill} {skill2} {skill3} {area} {years} {headcount}
# {founded} {team} {role} {days} {budget}

TEXT: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "h_about": ("About {company}", "About us", "Who we are", "Company Overview"),
        "h_role": ("The role", "About the Role", "Role Overview", "Your mission", "The position"),
        "h_resp": ("What you'll do", "Key Responsibilities", "Responsibilities", "As our {role} you'll", "Your tasks"),
        "h_req": ("Requirements", "What we're looking for", "Required Qualifications", "About you", "Must-Have Skills"),
        "h_nice": ("Nice to have", "Preferred Qualifications", "Bonus points", "Good-to-Have"),
        "h_offer": ("What we offer", "Benefits", "Why join us", "What You'll Get", "Perks"),
        "h_stack": ("Our stack", "Technical Stack", "Tech we use"),
        "h_process": ("Hiring process", "How to apply", "Our interview process"),
        "h_how": ("How we work", "Life at {company}", "Our culture"),
        "about": (
            "{company} builds {product}. We were founded in {founded} and today we are a team of {headcount} people from more than twenty countries.",
            "We're an ambitious, diverse, and fun team excited about building {product} that customers actually enjoy using.",
            "Our customers range from small local businesses to large enterprises, and thousands of them rely on us every day.",
            "Since our Series B last year we have doubled our revenue, and we are now expanding into new markets across Europe and North America.",
            "Headquartered in {city}, we work in {industry}; we are backed by leading investors and have been profitable since 2024.",
            "Companies like Tesco, Zalando and Delivery Hero already use our product to run critical parts of their business.",
            "Our mission is simple: make {industry} less painful for everyone involved, one release at a time.",
        ),
        "role": (
            "We are looking for {a_role} to join our {team} team and help us take {area} to the next level.",
            "As our {role}, you will be responsible for designing, building and running {area} used by thousands of users every day.",
            "You will work closely with product managers, designers and fellow engineers, and report to our Head of Engineering.",
            "The role is a mix of hands-on development and technical leadership: you will shape how we build {area} for the next years.",
            "This is a great opportunity for someone who wants real ownership and a visible impact on a fast-growing product.",
            "Most of our work is in {skill} and {skill2}, and you will have room to bring your own ideas to the table.",
        ),
        "resp": (
            "Design, build and maintain {area} with a strong focus on reliability and performance",
            "Own features end to end, from technical design to rollout and monitoring in production",
            "Write clean, well-tested and maintainable code in {skill}",
            "Collaborate with product and design to turn customer problems into simple solutions",
            "Participate in code reviews, pair programming and architecture discussions",
            "Improve our CI/CD pipelines and developer tooling",
            "Proactively monitor performance bottlenecks, identify root causes and fix them",
            "Mentor junior colleagues and help us grow a healthy engineering culture",
            "Contribute to technical decisions about {area} and our long-term roadmap",
            "Work with {skill2} and {skill3} to scale {area} to the next million users",
            "Take part in a fair on-call rotation (about one week every two months)",
        ),
        "resp_nontech": (
            "Own {area} and align it with the company strategy and our OKRs",
            "Work closely with engineering, design and sales to ship the right things in the right order",
            "Talk to customers every week and turn what you learn into clear priorities",
            "Define success metrics, run experiments and report on results",
            "Hire, coach and grow a team of talented people",
            "Keep stakeholders informed with clear written updates",
            "Use {skill} and {skill2} to understand how customers use the product",
            "Shape our processes so that teams can move fast without breaking things",
        ),
        "req": (
            "{years}+ years of experience in a similar role, ideally in a product company",
            "You have {years}+ years of professional experience with {skill}",
            "Strong knowledge of {skill} and solid experience with {skill2}",
            "Experience with {skill3} or a willingness to learn it quickly",
            "A pragmatic approach to engineering: you ship small, iterate and measure",
            "You are a strong communicator and enjoy working with different stakeholders",
            "Fluent English, written and spoken; our company language is English",
            "Good understanding of software design, testing and clean architecture",
            "At least {years} years of hands-on experience building and operating {area}",
            "Familiarity with cloud platforms such as AWS, GCP or Azure",
            "A degree in Computer Science or equivalent practical experience",
        ),
        "nice": (
            "Experience with {skill3}",
            "Knowledge of {skill2} in a production environment",
            "You have worked in a fast-growing startup before",
            "Contributions to open-source projects",
            "Experience in the {industry} space",
            "Some German or Dutch is a plus, but not required",
        ),
        "offer": (
            "Competitive salary and a meaningful employee stock option plan",
            "{days} vacation days plus your birthday off",
            "A beautiful office in {city} with an awesome view over the city",
            "The option to work 100% remote or in our office in {city}",
            "A yearly learning budget of {budget} for books, courses and conferences",
            "Flexible working hours and a four-day week in August",
            "Team retreats twice a year; last time we went to Lisbon and Mallorca",
            "Latest MacBook Pro or Linux laptop of your choice",
            "Subsidized public transport ticket and bike leasing",
            "Mental health support through our partner app",
            "Relocation support and help with your visa if you move to {city}",
            "Free breakfast on Mondays and a well-stocked kitchen",
        ),
        "stack": (
            "Languages: {skill}, {skill2}, TypeScript",
            "Data: PostgreSQL, Redis, {skill3}",
            "Infrastructure: AWS, Kubernetes, Terraform",
            "Observability: Prometheus, Grafana, Sentry",
            "Tooling: GitHub, Linear, Notion, Slack",
        ),
        "process": (
            "Our process has four steps: a 30-minute intro call, a take-home exercise (max. 3 hours), a technical interview with two engineers and a final conversation with the founders.",
            "We reply to every application within a week. If you have questions, write to our recruiting team at any time.",
            "We are an equal opportunity employer and value diversity; we do not discriminate on the basis of race, religion, gender, sexual orientation, age or disability.",
        ),
        "how": (
            "We work in small, autonomous teams of five to eight people that own a part of the product end to end.",
            "We write things down: decisions, designs and retrospectives live in our wiki so that nobody is left out, whatever their time zone.",
            "We release several times a day behind feature flags and care a lot about fast feedback from customers.",
        ),
        "salary": (
            "Salary range: {salary}, depending on experience.",
            "Compensation: {salary} + equity",
            "The salary for this position is {salary}.",
            "Salary Range: {salary}",
        ),
        "remote": (
            "This is a remote position; candidates based in {scope} are welcome.",
            "Fully remote within {scope}.",
            "Remote-first: you can work from anywhere in {scope}.",
        ),
        "hybrid": ("We work hybrid: two days a week in our office in {city}.", "Hybrid role, based in {city}."),
        "onsite": ("This role is on-site in our office in {city}.", "You will work from our office in {city}."),
        "closing": (
            "Sounds like you? We'd love to hear from you!",
            "Apply now and join us on our journey.",
            "Please note, we are only accepting applicants that are based in the EU.",
        ),
    },
    "de": {
        "h_about": ("Über {company}", "Über uns", "Wer wir sind"),
        "h_role": ("Deine Rolle", "Die Stelle", "Stellenbeschreibung"),
        "h_resp": ("Deine Aufgaben", "Das erwartet dich", "Aufgaben"),
        "h_req": ("Dein Profil", "Das bringst du mit", "Anforderungen"),
        "h_nice": ("Wünschenswert", "Ein Plus ist"),
        "h_offer": ("Was wir bieten", "Deine Benefits", "Warum wir?"),
        "h_stack": ("Unser Tech-Stack", "Technologien"),
        "h_process": ("Bewerbungsprozess", "So geht es weiter"),
        "h_how": ("So arbeiten wir", "Unsere Kultur"),
        "about": (
            "{company} entwickelt {product}. Wir wurden {founded} gegründet und sind heute ein Team von {headcount} Menschen aus über zwanzig Ländern.",
            "Unsere Kunden reichen von kleinen Betrieben bis zu großen Konzernen, und tausende von ihnen verlassen sich jeden Tag auf uns.",
            "Wir sind ein Unternehmen aus dem Bereich {industry} mit Sitz in {city} und wachsen seit drei Jahren profitabel.",
            "Unsere Mission: den Alltag im Bereich {industry} für alle Beteiligten einfacher zu machen.",
        ),
        "role": (
            "Wir suchen einen {role} (m/w/d), der unser {team}-Team verstärkt und {area} auf das nächste Level bringt.",
            "Als {role} bist du verantwortlich für Konzeption, Entwicklung und Betrieb von {area}.",
            "Du arbeitest eng mit Produktmanagement, Design und anderen Entwicklerinnen und Entwicklern zusammen.",
            "Die meiste Arbeit passiert in {skill} und {skill2}, und du hast viel Raum für eigene Ideen.",
        ),
        "resp": (
            "Du entwirfst, entwickelst und betreibst {area} mit Fokus auf Stabilität und Performance",
            "Du verantwortest Features von der technischen Planung bis zum Rollout in Produktion",
            "Du schreibst sauberen, gut getesteten Code in {skill}",
            "Du nimmst an Code-Reviews und Architekturdiskussionen teil",
            "Du verbesserst unsere CI/CD-Pipelines und internen Tools",
            "Du unterstützt jüngere Kolleginnen und Kollegen als Mentor",
            "Du arbeitest mit {skill2} und {skill3} an der Skalierung unserer Plattform",
        ),
        "req": (
            "Mindestens {years} Jahre Berufserfahrung als Entwickler, idealerweise in einem Produktunternehmen",
            "Du hast {years}+ Jahre Erfahrung mit {skill}",
            "Sehr gute Kenntnisse in {skill} und fundierte Erfahrung mit {skill2}",
            "Erfahrung mit {skill3} oder die Bereitschaft, es schnell zu lernen",
            "Sehr gute Deutsch- und gute Englischkenntnisse",
            "Ein abgeschlossenes Studium der Informatik oder eine vergleichbare Ausbildung",
            "Pragmatismus, Teamgeist und Freude an sauberer Software",
        ),
        "nice": ("Erfahrung mit {skill3}", "Erfahrung in einem schnell wachsenden Start-up", "Beiträge zu Open-Source-Projekten"),
        "offer": (
            "Ein unbefristeter Arbeitsvertrag und ein attraktives Gehalt",
            "{days} Urlaubstage und flexible Arbeitszeiten",
            "Ein modernes Büro in {city} mit Dachterrasse",
            "Die Möglichkeit, bis zu 100 % remote zu arbeiten",
            "Ein jährliches Weiterbildungsbudget von {budget}",
            "Deutschlandticket, JobRad und betriebliche Altersvorsorge",
            "Zweimal im Jahr ein gemeinsames Team-Offsite",
        ),
        "stack": (
            "Sprachen: {skill}, {skill2}, TypeScript",
            "Daten: PostgreSQL, Redis, {skill3}",
            "Infrastruktur: AWS, Kubernetes, Terraform",
        ),
        "process": (
            "Unser Prozess: ein kurzes Kennenlerngespräch, eine technische Aufgabe, ein Interview mit dem Team und ein Abschlussgespräch mit der Geschäftsführung.",
            "Wir freuen uns über Bewerbungen von Menschen jeden Geschlechts, Alters und jeder Herkunft.",
        ),
        "how": (
            "Wir arbeiten in kleinen, autonomen Teams, die einen Teil des Produkts komplett verantworten.",
            "Entscheidungen halten wir schriftlich fest, damit alle mitkommen, egal ob im Büro oder remote.",
        ),
        "salary": (
            "Gehalt: {salary} brutto pro Jahr, je nach Erfahrung.",
            "Das Gehalt für diese Position liegt bei {salary} pro Jahr.",
        ),
        "remote": ("Die Stelle ist remote aus ganz {scope} möglich.", "Du kannst vollständig remote aus ganz {scope} arbeiten."),
        "hybrid": ("Wir arbeiten hybrid: zwei Tage pro Woche im Büro in {city}.",),
        "onsite": ("Die Stelle ist vor Ort in unserem Büro in {city}.",),
        "closing": ("Klingt spannend? Dann freuen wir uns auf deine Bewerbung!", "Bewirb dich jetzt mit deinem Lebenslauf."),
    },
    "fr": {
        "h_about": ("À propos de {company}", "Qui sommes-nous ?", "L'entreprise"),
        "h_role": ("Le poste", "Description du poste", "Votre mission"),
        "h_resp": ("Vos missions", "Responsabilités"),
        "h_req": ("Profil recherché", "Votre profil", "Compétences requises"),
        "h_nice": ("Un plus", "Atouts appréciés"),
        "h_offer": ("Ce que nous offrons", "Avantages", "Pourquoi nous rejoindre ?"),
        "h_stack": ("Notre stack technique", "Technologies"),
        "h_process": ("Processus de recrutement", "Déroulement des entretiens"),
        "h_how": ("Notre façon de travailler", "Notre culture"),
        "about": (
            "{company} développe {product}. Fondée en {founded}, l'entreprise compte aujourd'hui {headcount} collaborateurs de plus de vingt nationalités.",
            "Nos clients vont des petites entreprises aux grands groupes, et des milliers d'entre eux utilisent notre produit chaque jour.",
            "Nous sommes une entreprise du secteur {industry} basée à {city}, soutenue par des investisseurs de premier plan.",
            "Notre mission : simplifier le quotidien de tous les acteurs du secteur {industry}.",
        ),
        "role": (
            "Nous recherchons un {role} (H/F) pour rejoindre notre équipe {team} et faire évoluer {area}.",
            "En tant que {role}, vous serez responsable de la conception, du développement et de l'exploitation de {area}.",
            "Vous travaillerez en étroite collaboration avec les équipes produit, design et data.",
            "L'essentiel du travail se fait en {skill} et {skill2}, et vous aurez une vraie autonomie.",
        ),
        "resp": (
            "Concevoir, développer et maintenir {area} avec un haut niveau de qualité",
            "Prendre en charge des fonctionnalités de bout en bout, de la conception à la mise en production",
            "Écrire un code propre, testé et maintenable en {skill}",
            "Participer aux revues de code et aux choix d'architecture",
            "Améliorer nos pipelines CI/CD et nos outils internes",
            "Accompagner les profils plus juniors de l'équipe",
        ),
        "req": (
            "Au moins {years} ans d'expérience en développement logiciel",
            "Vous avez {years}+ ans d'expérience avec {skill}",
            "Une très bonne maîtrise de {skill} et une solide expérience avec {skill2}",
            "Une première expérience avec {skill3} est appréciée",
            "Un bon niveau d'anglais écrit et oral",
            "Diplôme d'ingénieur ou master en informatique, ou expérience équivalente",
        ),
        "nice": (
            "Une expérience avec {skill3}",
            "Une expérience en start-up en forte croissance",
            "Des contributions open source",
        ),
        "offer": (
            "Un CDI avec un salaire attractif et des BSPCE",
            "{days} jours de congés et des horaires flexibles",
            "Des bureaux lumineux à {city}, au cœur de la ville",
            "Jusqu'à trois jours de télétravail par semaine",
            "Un budget formation de {budget} par an",
            "Carte Swile, mutuelle prise en charge à 100 % et remboursement du pass Navigo",
        ),
        "stack": (
            "Langages : {skill}, {skill2}, TypeScript",
            "Données : PostgreSQL, Redis, {skill3}",
            "Infrastructure : AWS, Kubernetes, Terraform",
        ),
        "process": (
            "Le processus comporte un premier échange de 30 minutes, un exercice technique, un entretien avec l'équipe et une rencontre avec les fondateurs.",
            "Nous nous engageons en faveur de la diversité et de l'inclusion.",
        ),
        "how": ("Nous travaillons en petites équipes autonomes, responsables d'une partie du produit de bout en bout.",),
        "salary": ("Salaire : {salary} par an selon expérience.", "Rémunération : {salary} brut annuel."),
        "remote": ("Poste en télétravail complet, ouvert aux candidats basés en {scope}.",),
        "hybrid": ("Poste hybride : deux jours par semaine dans nos bureaux à {city}.",),
        "onsite": ("Poste basé dans nos bureaux à {city}.",),
        "closing": ("Envie de nous rejoindre ? Postulez dès maintenant !",),
    },
    "nl": {
        "h_about": ("Over {company}", "Over ons", "Wie zijn wij"),
        "h_role": ("De functie", "Functieomschrijving", "Jouw rol"),
        "h_resp": ("Wat ga je doen", "Verantwoordelijkheden"),
        "h_req": ("Wat vragen wij", "Jouw profiel", "Functie-eisen"),
        "h_nice": ("Pré", "Mooi meegenomen"),
        "h_offer": ("Wat bieden wij", "Arbeidsvoorwaarden"),
        "h_stack": ("Onze techstack", "Technologie"),
        "h_process": ("Sollicitatieproces",),
        "h_how": ("Hoe wij werken", "Onze cultuur"),
        "about": (
            "{company} bouwt {product}. We zijn opgericht in {founded} en inmiddels een team van {headcount} mensen uit meer dan twintig landen.",
            "Onze klanten variëren van kleine ondernemers tot grote bedrijven, en duizenden van hen gebruiken ons product elke dag.",
            "We zijn een {industry}-bedrijf met ons hoofdkantoor in {city} en groeien snel.",
        ),
        "role": (
            "Wij zoeken een {role} die ons {team}-team komt versterken en {area} naar een hoger niveau tilt.",
            "Als {role} ben je verantwoordelijk voor het ontwerpen, bouwen en beheren van {area}.",
            "Je werkt nauw samen met product, design en andere developers.",
            "Het meeste werk gebeurt in {skill} en {skill2}, en je krijgt veel ruimte voor eigen initiatief.",
        ),
        "resp": (
            "Je ontwerpt, bouwt en onderhoudt {area} met oog voor kwaliteit en performance",
            "Je bent eigenaar van features, van ontwerp tot livegang",
            "Je schrijft schone, goed geteste code in {skill}",
            "Je doet mee aan code reviews en architectuurdiscussies",
            "Je verbetert onze CI/CD-pipelines en interne tooling",
        ),
        "req": (
            "Minimaal {years} jaar ervaring als developer",
            "Je hebt {years}+ jaar ervaring met {skill}",
            "Goede kennis van {skill} en ervaring met {skill2}",
            "Ervaring met {skill3} is een pré",
            "Je spreekt en schrijft vloeiend Nederlands en Engels",
            "Een hbo- of wo-diploma in de informatica of vergelijkbaar",
        ),
        "nice": ("Ervaring met {skill3}", "Ervaring bij een snelgroeiende scale-up"),
        "offer": (
            "Een marktconform salaris en een winstdelingsregeling",
            "{days} vakantiedagen en flexibele werktijden",
            "Een mooi kantoor in {city}, goed bereikbaar met het OV",
            "Thuiswerken wanneer het jou uitkomt",
            "Een opleidingsbudget van {budget} per jaar",
            "Een goede pensioenregeling en een NS Business Card",
        ),
        "stack": (
            "Talen: {skill}, {skill2}, TypeScript",
            "Data: PostgreSQL, Redis, {skill3}",
            "Infra: AWS, Kubernetes, Terraform",
        ),
        "process": (
            "Het proces: een kennismaking, een technische opdracht, een gesprek met het team en een gesprek met de oprichters.",
        ),
        "how": ("We werken in kleine, autonome teams die een deel van het product volledig bezitten.",),
        "salary": ("Salaris: {salary} bruto per maand.", "Het salaris bedraagt {salary} bruto per jaar."),
        "remote": ("Deze functie is volledig remote binnen {scope}.",),
        "hybrid": ("Hybride: twee dagen per week op ons kantoor in {city}.",),
        "onsite": ("Je werkt vanuit ons kantoor in {city}.",),
        "closing": ("Enthousiast? Solliciteer direct!",),
    },
}
_TEAMS = ("Platform", "Payments", "Growth", "Core", "Data", "Checkout", "Integrations", "Infrastructure", "Mobile", "Search")
_LOCAL_COUNTRY = {
    "Germany": "Deutschland",
    "Austria": "Österreich",
    "Switzerland": "Europa",
    "France": "France",
    "Belgium": "Belgique",
    "Netherlands": "Nederland",
}
_LOCAL_CITY = {
    "de": {"Munich": "München", "Cologne": "Köln", "Vienna": "Wien", "Zurich": "Zürich"},
    "fr": {"Brussels": "Bruxelles"},
    "nl": {},
}
_LOCAL_PRODUCT = {
    "de": "eine Software-Plattform für mittelständische Unternehmen",
    "fr": "une plateforme logicielle pour les entreprises",
    "nl": "een softwareplatform voor het mkb",
}
_LOCAL_INDUSTRY = {"de": "Software", "fr": "logiciel", "nl": "software"}
_LOCAL_AREAS = {
    "de": ("unsere Plattform", "unsere APIs", "unsere Backend-Services", "unsere Web-App", "unsere Datenplattform"),
    "fr": ("notre plateforme", "nos API", "nos services backend", "notre application web", "notre plateforme de données"),
    "nl": ("ons platform", "onze API's", "onze backend-services", "onze webapp", "ons dataplatform"),
}
_BUDGETS = {"USD": ("$1,500", "$2,000", "$3,000"), "GBP": ("£1,000", "£1,500"), "CAD": ("C$2,000",)}
_LOCAL_EUROPE = {"de": "Europa", "fr": "Europe", "nl": "Europa"}


def _scope_for(rng: random.Random, city: City) -> str:
    """Where remote applicants may live, consistent with where the company sits."""
    if city.code == "US":
        return rng.choice(("the United States", "the US", "North America", "the Americas"))
    if city.code == "CA":
        return rng.choice(("Canada", "North America"))
    if city.code == "GB":
        return rng.choice(("the UK", "Europe", "EMEA"))
    if city.code == "CH":
        return rng.choice(("Switzerland", "Europe"))
    return rng.choice(("the EU", "Europe", city.country, city.country, "EMEA", "CET ±2 hours"))


def _local_scope(spec: Spec) -> str:
    scope = spec.scope or spec.city.country
    if spec.lang == "en":
        return scope
    if scope == spec.city.country and scope in _LOCAL_COUNTRY:
        return _LOCAL_COUNTRY[scope]
    return _LOCAL_EUROPE[spec.lang]


_BROWSERS = ("Chrome", "Firefox", "Safari", "Edge")


# ---------------------------------------------------------------- one posting, independent of format


@dataclass
class Section:
    kind: str  # about | role | resp | req | nice | offer | stack | how | process
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


@dataclass
class Spec:
    """What a posting says, before it is rendered in one of the formats."""

    index: int
    lang: str
    title: str
    role: str  # the title without seniority or gender marks, used in sentences
    family: Family
    seniority: str
    company: Company
    city: City
    workplace: str  # remote | hybrid | onsite
    scope: str | None
    skills: list[str]
    years: int
    employment: str  # full_time | part_time | contract | internship
    salary: tuple[int, int, str, str] | None  # low, high, currency, period
    posted: datetime
    archived: bool
    featured: int
    offer_id: int
    slug: str
    sections: list[Section] = field(default_factory=list)


def a_or_an(phrase: str) -> str:
    """``"an SDET"``, ``"an Engineering Manager"``, ``"a Senior Developer"``."""
    word = phrase.split()[0] if phrase.split() else ""
    initialism = len(word) > 1 and word.isupper()
    vowel_sound = word[:1] in "AEIOUaeiou" or (initialism and word[:1] in "FHLMNRSX")
    return f"{'an' if vowel_sound else 'a'} {phrase}"


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _slugify(text: str) -> str:
    table = str.maketrans(
        {"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "é": "e", "è": "e", "ó": "o", "ł": "l", "ą": "a", "ř": "r", "í": "i"}
    )
    return re.sub(r"[^a-z0-9]+", "-", text.lower().translate(table)).strip("-")


def _salary(rng: random.Random, city: City, employment: str, lang: str) -> tuple[int, int, str, str]:
    if employment == "contract" and rng.random() < 0.6:
        low = rng.randrange(55, 110, 5) if city.currency in ("USD", "CAD", "GBP") else rng.randrange(60, 100, 5)
        return low, low + rng.randrange(10, 40, 5), city.currency, "hour"
    if employment == "internship":
        low = rng.randrange(1200, 2200, 100)
        return low, low + rng.randrange(0, 600, 100), city.currency, "month"
    yearly = {
        "USD": (95_000, 200_000),
        "CAD": (85_000, 170_000),
        "GBP": (45_000, 110_000),
        "CHF": (100_000, 160_000),
        "SEK": (480_000, 850_000),
        "DKK": (480_000, 850_000),
        "CZK": (900_000, 1_800_000),
        "PLN": (150_000, 320_000),
    }
    lo, hi = yearly.get(city.currency, (45_000, 105_000))
    step = 10_000 if lo >= 400_000 else 5_000
    low = rng.randrange(lo, hi, step)
    high = low + rng.randrange(step, max(2 * step, (hi - lo) // 3), step)
    if lang == "nl" or (city.currency == "PLN" and rng.random() < 0.5):
        return round(low / 12 / 100) * 100, round(high / 12 / 100) * 100, city.currency, "month"
    return low, high, city.currency, "year"


def _money(amount: int, currency: str, lang: str, style: int) -> str:
    symbol = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "C$"}.get(currency)
    if style == 1 and amount >= 10_000 and symbol:
        return f"{symbol}{amount // 1000}k"
    if lang == "de" and currency in ("EUR", "CHF"):
        return f"{amount:,}".replace(",", ".") + (" €" if currency == "EUR" else " CHF")
    if lang == "fr":
        return f"{amount:,}".replace(",", " ") + " €"
    if lang == "nl":
        return "€" + f"{amount:,}".replace(",", ".")
    if symbol:
        return f"{symbol}{amount:,}"
    return f"{amount:,} {currency}"


def salary_text(spec: Spec, rng: random.Random) -> str | None:
    if spec.salary is None:
        return None
    low, high, currency, period = spec.salary
    style = 1 if spec.lang == "en" and rng.random() < 0.25 else 0
    dash = rng.choice((" - ", " – ", "–", " to ")) if spec.lang == "en" else " - "
    text = f"{_money(low, currency, spec.lang, style)}{dash}{_money(high, currency, spec.lang, style)}"
    if spec.lang == "en":
        text += {"hour": " per hour", "month": " per month", "year": rng.choice(("", " per year", " annually", " p.a."))}[period]
    return text


def make_spec(rng: random.Random, index: int) -> Spec:
    city = rng.choices(CITIES, weights=_CITY_WEIGHTS)[0]
    company = rng.choice(COMPANIES)
    family = rng.choices(FAMILIES, weights=_FAMILY_WEIGHTS)[0]
    lang = "en"
    if city.local_lang != "en" and rng.random() < 0.3:
        lang = city.local_lang
    core = rng.choice(family.titles)
    seniority = "" if family.key == "management" else _weighted(rng, _SENIORITY)
    if lang == "de" and family.key in ("backend", "frontend", "fullstack") and rng.random() < 0.5:
        core = core.replace("Developer", "Entwickler").replace("Engineer", "Entwickler")
        core = re.sub(r"^(Backend|Frontend|Full Stack|Fullstack) ", r"\1-", core)
    if lang == "fr" and rng.random() < 0.5:
        core = {
            "backend": "Développeur Backend",
            "frontend": "Développeur Frontend",
            "fullstack": "Développeur Full Stack",
            "data": "Data Engineer",
            "devops": "Ingénieur DevOps",
        }.get(family.key, core)
    if seniority in ("Intern", "Working Student"):
        seniority = "Werkstudent" if lang == "de" else seniority
        title = f"{core} {seniority}" if seniority == "Intern" else f"{seniority} {core}"
    elif lang == "fr" and seniority == "Senior" and core.startswith("Développeur"):
        title = f"{core} Senior"
    else:
        title = f"{seniority} {core}".strip()
    mark = _weighted(rng, _GENDER_MARKS)
    if lang == "de" and not mark:
        mark = "(m/w/d)"
    if lang == "fr" and not mark and rng.random() < 0.6:
        mark = "(H/F)"
    if mark:
        title = f"{title} {mark}"
    years = {
        "Junior": 1,
        "Intern": 0,
        "Working Student": 0,
        "Werkstudent": 0,
        "Senior": rng.choice((4, 5, 5, 6)),
        "Sr.": 5,
        "Staff": rng.choice((7, 8)),
        "Principal": rng.choice((8, 10)),
        "Lead": rng.choice((5, 6, 7)),
    }.get(seniority, rng.choice((2, 3, 3, 4)))
    if family.key == "management":
        years = rng.choice((6, 8, 10))
    years = max(years, 1)
    workplace = rng.choices(("remote", "hybrid", "onsite"), weights=(40, 35, 25))[0]
    scope = _scope_for(rng, city) if workplace == "remote" else None
    employment = "full_time"
    if seniority in ("Intern", "Working Student", "Werkstudent"):
        employment = "internship"
    else:
        employment = rng.choices(("full_time", "part_time", "contract"), weights=(86, 4, 10))[0]
    # The skill a title names comes first ("Go Engineer" writes Go), then one or two more core ones, then tools.
    lowered = core.lower()
    named = [c for c in family.core if re.search(rf"(?<![\w.]){re.escape(c.lower())}(?![\w])", lowered)]
    named += [v for k, v in _TITLE_SKILL.items() if k in lowered and v not in named]
    rest = [c for c in family.core if c not in named]
    skills = named[:2] + rng.sample(rest, k=min(len(rest), rng.randint(1, 3) - min(len(named), 1)))
    skills += rng.sample(family.tools, k=min(len(family.tools), rng.randint(3, 6)))
    if rng.random() < 0.4:
        extra = rng.choice(("Docker", "Git", "AWS", "Linux", "SQL", "CI/CD", "Kubernetes", "REST", "Terraform"))
        if extra not in skills:
            skills.append(extra)
    has_salary = rng.random() < (0.7 if city.code == "US" else 0.35)
    salary = _salary(rng, city, employment, lang) if has_salary else None
    posted = datetime(2026, 9, 30, tzinfo=UTC) - timedelta(days=rng.randint(0, 700), seconds=rng.randint(0, 86_399))
    role = re.sub(r"\s*\([^)]*\)$", "", core)
    spec = Spec(
        index=index,
        lang=lang,
        title=title,
        role=role,
        family=family,
        seniority=seniority,
        company=company,
        city=city,
        workplace=workplace,
        scope=scope,
        skills=skills,
        years=years,
        employment=employment,
        salary=salary,
        posted=posted,
        archived=rng.random() < 0.12,
        featured=rng.randint(0, 12),
        offer_id=rng.randint(1_000_000, 2_600_000),
        slug=_slugify(f"{title} {city.name}"),
    )
    spec.sections = _sections(rng, spec)
    return spec


def _fill(template: str, rng: random.Random, spec: Spec) -> str:
    sk = spec.skills
    tools = [x for x in sk[2:] if x not in spec.family.core]
    values = {
        "company": spec.company.name,
        "city": _LOCAL_CITY.get(spec.lang, {}).get(spec.city.name, spec.city.name),
        "product": spec.company.product if spec.lang == "en" else _LOCAL_PRODUCT[spec.lang],
        "industry": spec.company.industry if spec.lang == "en" else _LOCAL_INDUSTRY[spec.lang],
        "skill": sk[0],
        "skill2": sk[1 % len(sk)],
        "skill3": rng.choice(tools or sk),
        "area": rng.choice(spec.family.areas if spec.lang == "en" else _LOCAL_AREAS[spec.lang]),
        "years": spec.years,
        "headcount": rng.choice((25, 40, 60, 85, 120, 180, 250, 400)),
        "founded": rng.randint(2012, 2022),
        "team": rng.choice(_TEAMS),
        "role": spec.role,
        "a_role": a_or_an(spec.role),
        "days": rng.choice((25, 27, 28, 30)),
        "budget": rng.choice(_BUDGETS.get(spec.city.currency, ("€1,000", "€1,500", "€2,000")))
        if spec.lang == "en"
        else "1.500 €",
        "scope": _local_scope(spec),
        "salary": "",
    }
    return template.format(**values)


def _pick(rng: random.Random, pool: tuple[str, ...], low: int, high: int) -> list[str]:
    return rng.sample(pool, k=min(len(pool), rng.randint(low, high)))


def _sections(rng: random.Random, spec: Spec) -> list[Section]:
    t = TEXT[spec.lang]

    def head(key: str) -> str:
        return _fill(rng.choice(t[key]), rng, spec)

    def fill_all(items: list[str]) -> list[str]:
        return [_fill(s, rng, spec) for s in items]

    about_lines = fill_all(_pick(rng, t["about"], 3, 5))
    cut = rng.randint(1, len(about_lines) - 1)
    about = Section("about", head("h_about"), [" ".join(about_lines[:cut]), " ".join(about_lines[cut:])])
    role = Section("role", head("h_role"), [" ".join(fill_all(_pick(rng, t["role"], 2, 4)))])
    role.paragraphs.append(_fill(rng.choice(t[spec.workplace]), rng, spec))
    resp_pool = t["resp_nontech"] if spec.family.key not in _TECH_FAMILIES and "resp_nontech" in t else t["resp"]
    resp_templates = _pick(rng, resp_pool, 4, 7)
    resp = Section("resp", head("h_resp"), bullets=fill_all(resp_templates))
    req = Section("req", head("h_req"), bullets=fill_all(_pick(rng, t["req"], 4, 6)))
    # Every posting states its experience ask, "N+ years of experience" style.
    if not any(str(spec.years) in b for b in req.bullets):
        req.bullets.insert(rng.randrange(0, 2), _fill(t["req"][0], rng, spec))
    nice = Section("nice", head("h_nice"), bullets=fill_all(_pick(rng, t["nice"], 2, 3)))
    offer = Section("offer", head("h_offer"), bullets=fill_all(_pick(rng, t["offer"], 4, 7)))
    if not any(spec.city.name in b for b in offer.bullets) and rng.random() < 0.7:
        office = next(o for o in t["offer"] if "{city}" in o)
        offer.bullets.append(_fill(office, rng, spec))
    money = salary_text(spec, rng)
    if money and rng.random() < 0.8:
        line = rng.choice(t["salary"]).replace("{salary}", money)
        if rng.random() < 0.5:
            offer.paragraphs.append(line)
        else:
            offer.bullets.insert(0, line.rstrip("."))
    sections = [about, role, resp, req]
    if rng.random() < 0.7:
        sections.append(nice)
    sections.append(offer)
    extras = [
        Section("stack", head("h_stack"), bullets=fill_all(list(t["stack"]))),
        Section("how", head("h_how"), paragraphs=fill_all(_pick(rng, t["how"], 1, 3))),
        Section("process", head("h_process"), paragraphs=fill_all(_pick(rng, t["process"], 1, 3))),
    ]
    if spec.family.key not in _TECH_FAMILIES:
        extras.pop(0)
    rng.shuffle(extras)
    target = rng.randint(2000, 4600)
    while extras and sum(_size(s) for s in sections) < target:
        sections.insert(len(sections) - 1 if rng.random() < 0.5 else len(sections), extras.pop())
    if sum(_size(s) for s in sections) < target:
        resp.bullets.extend(fill_all([r for r in resp_pool if r not in resp_templates]))
    sections.append(Section("closing", "", [rng.choice(t["closing"])]))
    return sections


def _size(section: Section) -> int:
    return len(section.heading) + sum(len(p) + 2 for p in section.paragraphs) + sum(len(b) + 5 for b in section.bullets)


# ---------------------------------------------------------------- renderers


def _markdown(rng: random.Random, sections: list[Section]) -> str:
    bullet = rng.choice(("*   ", "- ", "* ", "• "))
    bold_headings = rng.random() < 0.2
    out: list[str] = []
    for section in sections:
        if section.heading:
            out.append(f"**{section.heading}**" if bold_headings else f"## {section.heading}")
            out.append("")
        for para in section.paragraphs:
            out.extend((para, ""))
        if section.bullets:
            out.extend(bullet + b for b in section.bullets)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _html(rng: random.Random, sections: list[Section], skills: list[str]) -> str:
    strong_headings = rng.random() < 0.3
    parts: list[str] = []
    for section in sections:
        heading = html.escape(section.heading, quote=False)
        if heading:
            parts.append(f"<p><strong>{heading}</strong></p>" if strong_headings else f"<h2>{heading}</h2>")
        for para in section.paragraphs:
            parts.append(f"<p>{_emphasize(html.escape(para, quote=False), skills, rng)}</p>")
        if section.bullets:
            items = "".join(f"<li>{_emphasize(html.escape(b, quote=False), skills, rng)}</li>" for b in section.bullets)
            parts.append(f"<ul>{items}</ul>")
    return "".join(parts)


def _emphasize(text: str, skills: list[str], rng: random.Random) -> str:
    """Bold the first skill named in a line now and then, as recruiters do."""
    if rng.random() < 0.7:
        return text
    for skill in skills:
        escaped = html.escape(skill, quote=False)
        if escaped in text:
            return text.replace(escaped, f"<strong>{escaped}</strong>", 1)
    return text


def _location_label(spec: Spec, rng: random.Random) -> str:
    city = spec.city
    base = f"{city.name}, {city.region}" if city.region else rng.choice((f"{city.name}, {city.country}", city.name))
    if spec.workplace == "remote":
        return rng.choice(("Remote", "Remote job", f"Remote ({spec.scope})", f"{base} or Remote", f"Remote - {spec.scope}"))
    if spec.workplace == "hybrid":
        return rng.choice((f"{base} (Hybrid)", f"Hybrid - {city.name}", base))
    return base


def _hashtags(spec: Spec, rng: random.Random) -> str:
    tags = [s.lower().replace(" ", "") for s in spec.skills[: rng.randint(3, 6)]]
    tags += rng.sample(_SOFT_TAGS, k=rng.randint(0, 2))
    tags.append(_LANG_NAMES[spec.lang])
    return ",".join("#" + t for t in tags)


def render_frontmatter(spec: Spec, rng: random.Random) -> str:
    company = spec.company
    slug = _slugify(company.name.split(" GmbH")[0].split(" B.V.")[0].split(" SAS")[0])
    host = f"https://{slug}.recruitee.com/" if rng.random() < 0.7 else f"https://jobs.{company.domain}/"
    url = f"{host}o/{spec.slug}"
    top = ", ".join(f"#{s.lower().replace(' ', '')}" for s in spec.skills[:3])
    summary = rng.choice(
        (
            f"If you have {spec.years}+ years of experience with {spec.skills[0]}, consider applying to {company.name}'s job post for a new {spec.role}.",
            f"{company.name} is searching for {a_or_an(spec.title)} that has {spec.years}+ years of experience.",
            f"{company.name} is hiring {a_or_an(spec.role)} in {spec.city.name}: {spec.skills[0]}, {spec.skills[1 % len(spec.skills)]} and a great team.",
        )
    )
    fields: list[tuple[str, object]] = [
        ("title", spec.title),
        ("location", _location_label(spec, rng)),
        ("host", host),
        ("companyName", company.name),
        ("url", url),
        ("applyUrl", f"{url}/c/new"),
        ("timestamp", int(spec.posted.replace(hour=0, minute=0, second=0).timestamp()) * 1000),
        ("hashtags", _hashtags(spec, rng)),
        ("jobType", "software" if spec.family.key not in ("product", "design") else spec.family.key),
        ("logoUrl", f"https://jobboard-logos-bucket.s3.eu-central-1.amazonaws.com/{slug}"),
        ("companyWebsite", f"https://www.{company.domain}/"),
        ("summary", summary),
        ("summaryBackup", f"Love {top}? Check out this job post!"),
        ("featured", spec.featured),
    ]
    if spec.archived:
        fields.append(("archived", "true"))
    lines = ["---"]
    for key, value in fields:
        lines.append(f"{key}: {value}" if isinstance(value, int) else f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines += ["---", "", "## Job description", "", _markdown(rng, spec.sections)]
    return "\n".join(lines)


def render_text(spec: Spec, rng: random.Random) -> str:
    style = rng.choices(("labels", "heading", "flat", "about"), weights=(35, 35, 15, 15))[0]
    location = _location_label(spec, rng)
    job_type = {"full_time": "Full-Time", "part_time": "Part-Time", "contract": "Contract", "internship": "Internship"}[
        spec.employment
    ]
    money = salary_text(spec, rng)
    sections = spec.sections
    if style == "about":  # the copy starts with "About <company>" itself
        sections = [Section(s.kind, "" if s.kind == "about" else s.heading, s.paragraphs, s.bullets) for s in sections]
    body = _markdown(rng, sections)
    # Plain-text postings are shorter than the boards' ones: 2-4 KB, cut at a line end.
    limit = rng.randint(2100, 3800)
    if len(body) > limit:
        body = body[: body.rfind("\n", 0, limit)].rstrip() + "\n"
    if style == "labels":
        head = [f"Job Title: {spec.title}", f"Company: {spec.company.name}", f"Location: {location}", f"Job Type: {job_type}"]
        if money:
            head.append(f"Salary: {money}")
        return "\n".join(head) + "\n\n" + body.replace("## ", "").replace("**", "")
    if style == "heading":
        tail = ["---", "", f"**Location:** {location}  ", f"**Employment Type:** {job_type}  "]
        if spec.seniority:
            tail.append(f"**Experience Level:** {spec.seniority} ({spec.years}+ years)  ")
        if money:
            tail.append(f"**Salary Range:** {money}" + (" + equity" if rng.random() < 0.3 else ""))
        return f"# {spec.title}\n\n{body}\n" + "\n".join(tail) + "\n"
    if style == "flat":
        text = re.sub(r"^(?:## |\*\*|[-*•] +)", "", body, flags=re.M).replace("**", "")
        text = re.sub(r"\s*\n\s*", " ", text).strip()
        lead = f"Job Title: {spec.title} Location: {location} Job Type: {job_type} "
        return lead + text + (f" Salary: {money}." if money else "")
    # "about": a copy from a job site, where the title only shows up in the prose.
    sentence = rng.choice(
        (
            f"We are looking for an autonomous hands-on {spec.title} who brings our system to the next level.",
            f"We're hiring {a_or_an(spec.title)} to join our {rng.choice(_TEAMS)} team in {spec.city.name}.",
            f"{spec.company.name} is looking for {a_or_an(spec.title)} to help us grow.",
        )
    )
    plain = re.sub(r"^(?:## |\*\*|[-*•] +)", "", body, flags=re.M).replace("**", "")
    return f"About the job\nAbout {spec.company.name}\n\n{sentence}\n\n{plain}"


_EMPLOYMENT_CODES = {
    "full_time": ("fulltime_permanent", "fulltime"),
    "part_time": ("parttime_permanent", "parttime"),
    "contract": ("freelance", "contract"),
    "internship": ("internship",),
}
_EXPERIENCE_CODES = {
    "Junior": "entry_level",
    "Intern": "student",
    "Working Student": "student",
    "Werkstudent": "student",
    "Senior": "experienced",
    "Sr.": "experienced",
    "Staff": "experienced",
    "Principal": "experienced",
    "Lead": "manager",
    "Mid-level": "mid_level",
    "": "mid_level",
}


def _offer(spec: Spec, rng: random.Random, company_slug: str) -> dict[str, object]:
    city = spec.city
    description = _html(rng, [s for s in spec.sections if s.kind not in ("req", "nice")], spec.skills)
    requirements = _html(rng, [s for s in spec.sections if s.kind in ("req", "nice")], spec.skills)
    highlight = rng.choice(
        ("", "", f"{spec.workplace.title()} · {city.name}", f"{spec.skills[0]} · {spec.skills[1 % len(spec.skills)]}")
    )
    base = f"https://{company_slug}.recruitee.com/o/{spec.slug}"
    salary = None
    if spec.salary:
        low, high, currency, period = spec.salary
        if period == "year" and rng.random() < 0.5:
            low, high, period = round(low / 12 / 100) * 100, round(high / 12 / 100) * 100, "month"
        salary = {"min": str(low), "max": str(high), "period": period, "currency": currency}
    location = {
        "remote": f"Remote, {city.country}",
        "hybrid": f"{city.name}, {city.country}",
        "onsite": f"{city.name}, {city.country}",
    }
    published = spec.posted.strftime("%Y-%m-%d %H:%M:%S UTC")
    created = (spec.posted - timedelta(days=rng.randint(0, 20), minutes=rng.randint(0, 900))).strftime("%Y-%m-%d %H:%M:%S UTC")
    tags = [s for s in spec.skills[: rng.randint(0, 5)]]
    lang = spec.lang
    return {
        "id": spec.offer_id,
        "slug": spec.slug,
        "position": rng.randint(1, 40),
        "status": "published",
        "options_phone": rng.choice(("optional", "required", "off")),
        "options_photo": "off",
        "options_cover_letter": rng.choice(("optional", "off")),
        "options_cv": "required",
        "title": spec.title,
        "description": description,
        "requirements": requirements,
        "highlight": highlight,
        "location": location[spec.workplace],
        "city": city.name,
        "postal_code": city.postal,
        "state_code": city.region,
        "state_name": None,
        "country": city.country,
        "country_code": city.code,
        "remote": spec.workplace == "remote",
        "hybrid": spec.workplace == "hybrid",
        "on_site": spec.workplace == "onsite",
        "locations": [
            {
                "id": spec.offer_id % 100_000 + 7,
                "name": f"{spec.company.name.split(' ')[0]} {city.name}",
                "city": city.name,
                "street": city.street,
                "postal_code": city.postal,
                "state": None,
                "state_code": city.region,
                "country": city.country,
                "country_code": city.code,
            }
        ],
        "careers_url": base,
        "careers_apply_url": f"{base}/c/new",
        "mailbox_email": f"job.{spec.offer_id}@{company_slug}.recruitee.com",
        "company_name": spec.company.name,
        "department": rng.choice(("Engineering", "Product & Engineering", "Technology", "Data", "IT")),
        "category_code": "it" if spec.family.key not in ("product", "design") else "product_management",
        "employment_type_code": rng.choice(_EMPLOYMENT_CODES[spec.employment]),
        "experience_code": _EXPERIENCE_CODES.get(spec.seniority, "mid_level"),
        "education_code": rng.choice(("bachelor_degree", "master_degree", "unspecified", None)),
        "min_hours": 32 if spec.employment == "part_time" else 40,
        "max_hours": 32 if spec.employment == "part_time" else 40,
        "open_questions": [],
        "tags": tags,
        "salary": salary,
        "cover_image": "",
        "sharing_title": None,
        "sharing_description": None,
        "sharing_image": "",
        "created_at": created,
        "published_at": published,
        "close_at": None,
        "lang_code": lang,
        "primary_lang_code": lang,
        "translations": {
            lang: {
                "title": spec.title,
                "description": description,
                "requirements": requirements,
                "highlight": highlight,
                "sharing_title": None,
                "sharing_description": None,
            }
        },
    }


def render_recruitee(spec: Spec, rng: random.Random) -> str:
    company_slug = _slugify(spec.company.name.split(" GmbH")[0].split(" B.V.")[0].split(" SAS")[0])
    indent = rng.choice((None, None, 2))
    if rng.random() < 0.1:
        # A whole careers-site response: three offers of the same company.
        offers = [_offer(spec, rng, company_slug)]
        for k in (1, 2):
            sub = random.Random(f"{spec.index}/offer/{k}/{rng.random()}")
            other = make_spec(sub, spec.index)
            other.company = spec.company
            other.sections = _sections(sub, other)
            offers.append(_offer(other, sub, company_slug))
        return json.dumps({"offers": offers}, ensure_ascii=False, indent=indent)
    return json.dumps(_offer(spec, rng, company_slug), ensure_ascii=False, indent=indent)


def _jsonld(spec: Spec, rng: random.Random, url: str, description: str) -> dict[str, object]:
    city = spec.city
    company = spec.company
    posting: dict[str, object] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": spec.title,
        "description": description,
        "identifier": {"@type": "PropertyValue", "name": company.name, "value": str(spec.offer_id)},
        "datePosted": spec.posted.strftime("%Y-%m-%d") if rng.random() < 0.6 else spec.posted.isoformat(timespec="seconds"),
        "validThrough": (spec.posted + timedelta(days=60)).strftime("%Y-%m-%dT%H:%M"),
        "employmentType": {
            "full_time": "FULL_TIME",
            "part_time": "PART_TIME",
            "contract": rng.choice(("CONTRACTOR", ["CONTRACTOR", "FULL_TIME"])),
            "internship": "INTERN",
        }[spec.employment],
        "hiringOrganization": {
            "@type": "Organization",
            "name": company.name,
            "sameAs": f"https://www.{company.domain}",
            "logo": f"https://www.{company.domain}/static/logo.png",
        },
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": city.street,
                "addressLocality": city.name,
                "postalCode": city.postal,
                "addressCountry": city.code if rng.random() < 0.6 else city.country,
            },
        },
        "url": url,
        "directApply": rng.random() < 0.5,
    }
    if city.region:
        posting["jobLocation"]["address"]["addressRegion"] = city.region  # type: ignore[index]
    if spec.workplace == "remote":
        posting["jobLocationType"] = "TELECOMMUTE"
        if spec.scope and not spec.scope.startswith("CET") and rng.random() < 0.7:
            name = spec.scope.removeprefix("the ")
            kind = "Country" if name in {c.country for c in CITIES} | {"US", "UK"} else "AdministrativeArea"
            posting["applicantLocationRequirements"] = {"@type": kind, "name": name}
    if spec.salary and rng.random() < 0.85:
        low, high, currency, period = spec.salary
        posting["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": currency,
            "value": {"@type": "QuantitativeValue", "minValue": low, "maxValue": high, "unitText": period.upper()},
        }
    if rng.random() < 0.4:
        posting["skills"] = ", ".join(spec.skills[:5])
    if rng.random() < 0.3:
        posting["experienceRequirements"] = {"@type": "OccupationalExperienceRequirements", "monthsOfExperience": spec.years * 12}
    if spec.lang != "en" or rng.random() < 0.3:
        posting["inLanguage"] = spec.lang
    if rng.random() < 0.25:  # Yoast-style graph with the page and the organization next to the posting
        posting.pop("@context")
        return {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebPage", "@id": url, "url": url, "name": f"{spec.title} – {company.name}", "inLanguage": spec.lang},
                {"@type": "Organization", "@id": f"https://www.{company.domain}/#organization", "name": company.name},
                posting,
            ],
        }
    return posting


_NAV = (
    "Product",
    "Solutions",
    "Pricing",
    "Customers",
    "Resources",
    "Blog",
    "Careers",
    "About",
    "Contact",
    "Docs",
    "Security",
    "Partners",
    "Changelog",
    "Status",
)
_FOOTER = (
    "Privacy policy",
    "Terms of service",
    "Cookie settings",
    "Imprint",
    "Accessibility",
    "Sitemap",
    "Press",
    "Investors",
    "Brand assets",
    "Support",
    "Community",
    "Events",
    "Webinars",
    "Case studies",
)


def render_jsonld(spec: Spec, rng: random.Random) -> str:
    company = spec.company
    url = f"https://www.{company.domain}/careers/{spec.slug}-{spec.offer_id}"
    description = _html(rng, spec.sections, spec.skills)
    data = _jsonld(spec, rng, url, description)
    payload = json.dumps(data, ensure_ascii=rng.random() < 0.3, indent=rng.choice((None, 2)))
    if rng.random() < 0.4:
        payload = payload.replace("/", "\\/")  # PHP's json_encode escapes slashes; many CMS pages look like this
    ld = f'<script type="application/ld+json">{payload}</script>'
    title = html.escape(spec.title)
    esc = html.escape
    nav = "".join(
        f'<li class="nav__item"><a class="nav__link" href="/{_slugify(n)}">{n}</a></li>'
        for n in rng.sample(_NAV, k=rng.randint(6, 12))
    )
    similar = []
    for _ in range(rng.randint(2, 8)):
        fam = rng.choice(FAMILIES)
        other_city = rng.choice(CITIES)
        job = f"{_weighted(rng, _SENIORITY[:8])} {rng.choice(fam.titles)}".strip()
        similar.append(
            f'<li class="job-card"><a href="/careers/{_slugify(job)}-{rng.randint(100000, 999999)}">'
            f'<span class="job-card__title">{esc(job)}</span><span class="job-card__meta">{esc(other_city.name)} · {esc(fam.key.title())}</span></a></li>'
        )
    footer = "".join(f'<li><a href="/{_slugify(n)}">{n}</a></li>' for n in rng.sample(_FOOTER, k=rng.randint(5, 12)))
    meta_location = esc(_location_label(spec, rng))
    analytics = (
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());"
        f"gtag('config','G-{rng.randint(10**9, 10**10 - 1)}',{{anonymize_ip:true}});</script>"
    )
    app_state = json.dumps(
        {
            "page": "job",
            "jobId": spec.offer_id,
            "locale": spec.lang,
            "features": {"applyModal": True, "newNav": rng.random() < 0.5},
            "experiments": [f"exp-{rng.randint(100, 999)}" for _ in range(rng.randint(1, 6))],
        }
    )
    in_head = rng.random() < 0.5
    if rng.random() < 0.35:  # rendered client-side: the text is only in the JSON-LD until the app boots
        article = f'<div id="job-root" class="job-description container" data-job-id="{spec.offer_id}"></div><noscript>Please enable JavaScript to see the full job description.</noscript>'
    else:
        article = f'<article class="job-description container">{description}</article>'
    page = f"""<!DOCTYPE html>
<html lang="{spec.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | {esc(company.name)} Careers</title>
<meta name="description" content="{esc(company.name)} is hiring {esc(a_or_an(spec.title))} in {esc(spec.city.name)}. Apply now.">
<meta property="og:title" content="{title}">
<meta property="og:type" content="website">
<meta property="og:url" content="{url}">
<meta property="og:image" content="https://www.{company.domain}/static/og-careers.png">
<link rel="canonical" href="{url}">
<link rel="icon" href="/favicon.ico">
<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>
<link rel="stylesheet" href="/static/css/main.{rng.randint(10**7, 10**8 - 1):x}.css">
<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter:wght@400;600;700&display=swap">
<style>.job-header{{padding:48px 0;background:#0f172a;color:#fff}}.job-card{{border:1px solid #e2e8f0;border-radius:8px;padding:16px}}.btn-apply{{background:#2563eb;color:#fff;padding:12px 24px;border-radius:6px}}</style>
{analytics}
{ld if in_head else ""}
</head>
<body class="page page--job">
<div id="cookie-banner" class="cookie-banner" hidden><p>We use cookies to improve your experience. See our <a href="/privacy">privacy policy</a>.</p><button type="button" class="btn">Accept all</button><button type="button" class="btn btn--ghost">Only necessary</button></div>
<header class="site-header"><a class="logo" href="/"><img src="https://www.{company.domain}/static/logo.svg" alt="{esc(company.name)}" width="120" height="32"></a>
<nav class="nav" aria-label="Main"><ul class="nav__list">{nav}</ul></nav><a class="btn btn--small" href="/demo">Book a demo</a></header>
<main id="main">
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li><a href="/careers">Careers</a></li><li aria-current="page">{title}</li></ol></nav>
<section class="job-header"><div class="container"><h1 class="job-title">{title}</h1>
<ul class="job-meta"><li class="job-meta__location">{meta_location}</li><li class="job-meta__team">{esc(spec.family.key.title())}</li><li class="job-meta__type">{spec.employment.replace("_", " ").title()}</li><li class="job-meta__date"><time datetime="{spec.posted.date().isoformat()}">{spec.posted.strftime("%d %B %Y")}</time></li></ul>
<a class="btn-apply" href="{url}/apply">Apply for this job</a></div></section>
{article}
<section class="apply-box container"><h2>Interested?</h2><p>Send us your CV and a few lines about yourself. We read every application.</p><a class="btn-apply" href="{url}/apply">Apply now</a></section>
<section class="similar-jobs container"><h2>Similar jobs</h2><ul class="job-list">{"".join(similar)}</ul></section>
</main>
<footer class="site-footer"><div class="container"><ul class="footer-links">{footer}</ul><p>&copy; 2026 {esc(company.name)}. All rights reserved.</p>
<p class="footer-address">{esc(spec.city.street)}, {esc(spec.city.postal)} {esc(spec.city.name)}, {esc(spec.city.country)}</p></div></footer>
<script id="app-state" type="application/json">{app_state}</script>
{"" if in_head else ld}
<script src="/static/js/runtime.{rng.randint(10**7, 10**8 - 1):x}.js" defer></script>
<script src="/static/js/main.{rng.randint(10**7, 10**8 - 1):x}.js" defer></script>
</body>
</html>
"""
    return page


RENDERERS = {"frontmatter": render_frontmatter, "text": render_text, "recruitee": render_recruitee, "jsonld": render_jsonld}


# ---------------------------------------------------------------- entry points


def posting(index: int, seed: int, fmt: str) -> str:
    """The text of file ``index`` in format ``fmt`` for ``seed`` (pure: no I/O, no global state)."""
    rng = random.Random(f"jobboard-corpus/{seed}/{index}/{fmt}")
    spec = make_spec(rng, index)
    return RENDERERS[fmt](spec, rng)


def file_name(index: int, fmt: str) -> str:
    return f"{index:06d}-{fmt}{SUFFIXES[fmt]}"


def format_of(path: str | Path) -> str | None:
    """The format a generated file was written in, read back from its name."""
    match = _NAME.match(Path(path).name)
    return match.group(1) if match and match.group(1) in SUFFIXES else None


def generate(n: int, seed: int, out_dir: str | Path, formats: Sequence[str] | None = None) -> list[Path]:
    """Write ``n`` postings into ``out_dir``, cycling through ``formats`` (default: all four) in equal shares."""
    chosen = tuple(formats) if formats else FORMATS
    unknown = [f for f in chosen if f not in RENDERERS]
    if unknown:
        raise ValueError(f"unknown format(s): {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(n):
        fmt = chosen[index % len(chosen)]
        path = target / file_name(index, fmt)
        path.write_bytes(posting(index, seed, fmt).encode("utf-8"))
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a deterministic corpus of realistic job postings.")
    parser.add_argument("--n", type=int, default=100, help="number of files (default 100)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--out", required=True, help="output folder (created if missing)")
    parser.add_argument("--formats", default=",".join(FORMATS), help=f"comma-separated subset of {','.join(FORMATS)}")
    args = parser.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    try:
        paths = generate(args.n, args.seed, args.out, formats)
    except ValueError as exc:
        parser.error(str(exc))
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} files ({size / 1024:.0f} KB) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
