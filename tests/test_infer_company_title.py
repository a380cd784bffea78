"""Held-out postings for the title and company rules: written for this file, unlike anything in tests/realworld."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import parsers
from parsers import ParseError, parse_text
from parsers.geo import places_in_text
from parsers.infer import (
    clean_title,
    company_from_text,
    experience_years,
    language,
    role_family,
    salary_from_text,
    seniority,
    strip_company,
    title_from_text,
    workplaces,
)
from parsers.infer.vocabulary import trie_pattern, words

# (posting, title, company): short plain-text postings in the eight languages, each with noise to remove.
POSTINGS = [
    (
        "Platform Engineer at Kestrelwave\n\nKestrelwave builds routing software for bike couriers.\n\n"
        "Requirements\n- Terraform and AWS\n\nApply at jobs@kestrelwave.io",
        "Platform Engineer",
        "Kestrelwave",
    ),
    (
        "Wir suchen ab sofort eine Java-Entwicklerin (w/m/d) für unser Team in Bremen.\n\n"
        "Über Hafenlicht Systems\nHafenlicht Systems entwickelt Software für Reedereien.\n\nDeine Aufgaben\n- Spring Boot",
        "Java-Entwicklerin",
        "Hafenlicht Systems",
    ),
    (
        "Nous recrutons un Chef de projet digital (F/H) pour notre agence de Bordeaux.\n\n"
        "Rejoignez Garonne Numérique, une agence de 20 personnes.\n\nVotre profil\n- 3 ans d'expérience",
        "Chef de projet digital",
        "Garonne Numérique",
    ),
    (
        "Stanowisko: Programista Python – Wrocław\n\nO firmie\nOdra Data Sp. z o.o. tworzy systemy dla logistyki.\n\n"
        "Wymagania\n- Python, Django",
        "Programista Python",
        "Odra Data Sp. z o.o.",
    ),
    (
        "Buscamos un Ingeniero de Datos con experiencia en Spark para nuestra oficina de Zaragoza.\n\n"
        "Somos Cierzo Analytics, una consultora de datos.\n\nRequisitos\n- SQL, Spark",
        "Ingeniero de Datos",
        "Cierzo Analytics",
    ),
    (
        "# [Sviluppatrice Frontend Vue](https://example.org/jobs/42) (Remoto)\n\n**Laguna Soft** · Venezia · Ibrido\n\n"
        "Requisiti\n- Vue 3, TypeScript",
        "Sviluppatrice Frontend Vue",
        "Laguna Soft",
    ),
    (
        "Vacature: Data Analist (32 uur) – Utrecht\n\nWie zijn wij?\nDomtoren Zorgdata helpt ziekenhuizen met planning.\n\n"
        "Wat vragen wij\n- SQL",
        "Data Analist",
        "Domtoren Zorgdata",
    ),
    (
        "Estamos à procura de um Engenheiro de Software Sénior para a nossa equipa no Porto.\n\n"
        "A Ribeira Labs é uma startup de mobilidade.\n\nRequisitos\n- Kotlin",
        "Engenheiro de Software Sénior",
        "Ribeira Labs",
    ),
    (
        "Hey folks,\n\nwe're looking for a Support Engineer to join our team in Leeds. Remote days are fine.\n\n"
        "Cheers,\nTom\nCTO, Fellside Robotics\ntom@fellside-robotics.co.uk",
        "Support Engineer",
        "Fellside Robotics",
    ),
    # The employer only in the paragraph that opens the text: as subject, after a preposition, in apposition.
    (
        "Site Reliability Engineer – Aberdeen\n\nGranite Hollow Energy monitors 900 offshore sensors from a small "
        "team by the harbour.\n\nWhat you'll do\n- Run Kubernetes",
        "Site Reliability Engineer",
        "Granite Hollow Energy",
    ),
    (
        "Ingeniera de Datos - Cádiz\n\nEn Bahía Datos construimos modelos de tráfico portuario para navieras del "
        "Estrecho.\n\nRequisitos\n- SQL",
        "Ingeniera de Datos",
        "Bahía Datos",
    ),
    (
        "Développeuse Python H/F – Annecy\n\nLacustre, éditeur de 30 personnes, équipe les stations de ski en "
        "logiciels de billetterie.\n\nVotre profil\n- Django",
        "Développeuse Python",
        "Lacustre",
    ),
    (
        "Stanowisko: Tester Automatyzujący\n\nWisła Software to zespół 50 osób, który tworzy systemy dla "
        "samorządów.\n\nWymagania\n- Selenium",
        "Tester Automatyzujący",
        "Wisła Software",
    ),
    (
        "Cerchiamo una Sviluppatrice Java a Torino\n\nMole Sistemi srl progetta gestionali per le aziende "
        "vitivinicole del Piemonte.\n\nRequisiti\n- Spring",
        "Sviluppatrice Java",
        "Mole Sistemi srl",
    ),
    (
        "Poszukujemy: Analityk Danych\n\nPracujemy dla sieci aptek.\n\nWymagania\n- SQL\n\nZespół Mazowsze Analytics",
        "Analityk Danych",
        "Mazowsze Analytics",
    ),
    (
        "Wir suchen eine Projektleiterin IT (w/m/d) in Köln\n\nDu steuerst unsere Rollouts.\n\n"
        "Dein Profil\n- Jira\n\nDein Team von Rheinauhafen Digital",
        "Projektleiterin IT",
        "Rheinauhafen Digital",
    ),
]


@pytest.mark.parametrize(("text", "title", "company"), POSTINGS, ids=[p[1] for p in POSTINGS])
def test_title_and_company_from_plain_text(text: str, title: str, company: str) -> None:
    record = parse_text(text)[0]
    assert record.title == title
    assert record.company.name == company


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("[Backend Engineer](https://example.org/o/1)", "Backend Engineer"),
        ("Job Title: QA Engineer", "QA Engineer"),
        ("Titre du poste : Développeur PHP H/F", "Développeur PHP"),
        ("Product Designer, Melbourne", "Product Designer"),
        ("Site Reliability Engineer (Remote, EU)", "Site Reliability Engineer"),
        ("Werkstudent Softwareentwicklung (m/w/d) in Teilzeit", "Werkstudent Softwareentwicklung"),
        ("Backend Engineer (Python)", "Backend Engineer (Python)"),
        ("Marie Martin - Développeuse Java", "Développeuse Java"),
        ("Engineering Manager, Payments", "Engineering Manager, Payments"),
        # A city in parentheses goes; a team, segment or stack that is also a town's name stays.
        ("Data Engineer (Gent)", "Data Engineer"),
        ("iOS Engineer (Mobile)", "iOS Engineer (Mobile)"),
        ("Account Executive (Enterprise)", "Account Executive (Enterprise)"),
        ("Java Developer (Spring)", "Java Developer (Spring)"),
        # Shifts are terms of the job, not the role.
        ("Support Engineer – Night shift", "Support Engineer"),
        ("Técnico de Soporte - Turno de noche (media jornada)", "Técnico de Soporte"),
    ],
)
def test_clean_title_removes_noise_and_keeps_the_role(raw: str, clean: str) -> None:
    assert clean_title(raw) == clean


def test_company_glued_to_a_given_title_goes() -> None:
    assert strip_company("Data Engineer — Brightmoor", "Brightmoor Foods Ltd") == "Data Engineer"
    assert strip_company("Data Engineer", "Brightmoor Foods Ltd") == "Data Engineer"


def test_placeholders_and_pronouns_are_no_company() -> None:
    assert company_from_text("Company: [Company Name]\nWe're hiring a Backend Engineer.") is None
    assert company_from_text("About us\nWe build tools.\n\nJoin our team as a Backend Engineer.") is None
    # Capitalised words that only look like an introduction: a tool, a German noun, a city, a requirement.
    prose = "Backend Engineer\n\nYou run services over Kubernetes. Bei Fragen schreib uns.\nIn Lyon, we meet.\nRust is a plus."
    assert company_from_text(prose) is None


def test_json_frontmatter_is_read_as_frontmatter() -> None:
    text = '{\n  "title": "Data Engineer | Ostwind",\n  "company": "Ostwind Energie GmbH"\n}\n\nWir bauen Windparks.\n'
    record = parse_text(text)[0]
    assert (record.title, record.company.name) == ("Data Engineer", "Ostwind Energie GmbH")


def test_text_that_names_no_job_is_still_rejected() -> None:
    assert title_from_text("Our shop is closed on Sunday.\nSee you next week.") is None
    with pytest.raises(ParseError, match="no job title"):
        parse_text("Shopping list\n\nmilk, bread, apples and some coffee")


def test_json_frontmatter_split_tolerates_crlf_and_trailing_spaces() -> None:
    from parsers.formats.frontmatter import split

    assert split('{\r\n  "title": "QA Engineer"\r\n}  \r\n\r\nBody\r\n') == ({"title": "QA Engineer"}, "Body\r\n")
    assert split("No frontmatter here") == ({}, "No frontmatter here")


def test_json_frontmatter_with_windows_line_endings_or_no_body_is_frontmatter() -> None:
    crlf = '{\r\n  "title": "Data Engineer",\r\n  "company": "Acme GmbH"\r\n}  \r\n\r\nWe build pipelines in Python.\r\n'
    bare = '{"title": "Site Reliability Engineer", "company": "Blue Owl", "location": "Lisbon, Portugal"}'
    for text, title, company in ((crlf, "Data Engineer", "Acme GmbH"), (bare, "Site Reliability Engineer", "Blue Owl")):
        (record,) = parse_text(text)
        assert (record.title, record.company.name if record.company else None) == (title, company)
        assert record.source.kind == "frontmatter"


# Openings that name no employer, though they open with a capitalised word: a question, a skill, a weekday,
# a compound with a common word, an employer described rather than named.
UNNAMED = [
    "Looking for a new challenge in a fast-growing team? Then read on and apply today.",
    "Ready to shape the future of logistics with us? We build routing software for couriers.",
    "Python, Django and PostgreSQL power our platform; you will extend it every single day.",
    "Kubernetes runs everything we ship, and you will help us run it better every day.",
    "Berlin-based startup building bookkeeping tools for accountants across Europe and beyond.",
    "Monday to Friday, flexible hours, with two days per week in the office of your choice.",
    "Empresa líder en su sector busca incorporar un ingeniero de datos para su equipo.",
    "Azienda leader nel settore alimentare cerca un data engineer da inserire nel team.",
    "Renomowana firma z branży IT poszukuje kandydatów na stanowisko inżyniera danych.",
    "Toonaangevende organisatie in de zorg zoekt een data engineer voor het BI-team.",
    "Amsterdam is where we are based, with a team of 30 engineers from all over Europe.",
]


@pytest.mark.parametrize("opening", UNNAMED)
def test_an_opening_that_names_no_employer_gives_no_company(opening: str) -> None:
    assert company_from_text(f"Data Engineer\n\n{opening}\n\nRequirements\n- SQL") is None


def test_a_team_signature_names_the_employer() -> None:
    body = "Data Engineer\n\nyou will build pipelines.\n\nRequirements\n- SQL\n\nThanks,\n"
    assert company_from_text(body + "The Fjordline Maritime team") == "Fjordline Maritime"
    assert company_from_text(body + "L'équipe Garonne Numérique") == "Garonne Numérique"
    assert company_from_text(body + "Cheers, the team") is None
    assert company_from_text(body + "Anna Kowalski\nHead of People, Vistula Labs") == "Vistula Labs"
    assert company_from_text(body + "Marie Dupont\nRH – Garonne Numérique") == "Garonne Numérique"
    assert company_from_text(body + "Apply now\nSenior Engineer, Berlin") is None


def test_language_is_the_body_s_even_with_english_headings_and_tools() -> None:
    """A platform's English headings and tool names do not make a Spanish posting English; an English one stays."""
    spanish = (
        "Segura Gestión es una asesoría con oficinas en Murcia. Buscamos a una persona para el soporte técnico.\n\n"
        "## Requirements\n\n- Windows, Microsoft 365, Active Directory, Jira Service Management\n\n"
        "## Highlights\n\nMedia jornada de tarde, presencial en Murcia."
    )
    english = (
        "We build routing software for couriers and need a backend engineer who enjoys owning services end to end. "
        "You will work with Go and PostgreSQL, and talk to customers every week.\n\nBeneficios: seguro médico."
    )
    assert language([], body=spanish) == "es"
    assert language([], body=english) == "en"


def test_vocabulary_patterns_match_exactly_their_words() -> None:
    """The trie a word list becomes matches each word (any case, spaces or hyphens between words) and no other."""
    phrases = ("stage", "stagiaire", "stagiair", "full time", "d'un", "c++")
    compiled = re.compile(rf"(?<!\w)(?:{trie_pattern(phrases)})(?!\w)", re.IGNORECASE)
    for phrase in phrases:
        assert compiled.fullmatch(phrase) and compiled.fullmatch(phrase.upper().replace(" ", "-"))
    for other in ("stag", "stagiai", "full", "stages", "d'une"):
        assert not compiled.fullmatch(other), other
    assert "developpeur" in words("titles", "role_nouns")  # accents are optional


@pytest.mark.parametrize("name", ["titles", "companies", "common_words"])
def test_every_vocabulary_list_is_read_by_a_rule(name: str) -> None:
    """One declaration per concept: a list in the data file that no rule reads would drift unnoticed."""
    data = yaml.safe_load((Path(parsers.__file__).parent / "data" / f"{name}.yaml").read_text(encoding="utf-8"))
    sources = "".join(
        (Path(parsers.__file__).parent / "infer" / f).read_text(encoding="utf-8") for f in ("title.py", "company.py")
    )
    unread = [key for key in data if f'"{key}"' not in sources and f"'{key}'" not in sources]
    assert not unread, unread


# Small additions in the other inference modules for the classes the held-out postings showed.
@pytest.mark.parametrize(
    ("title", "family", "level"),
    [
        ("Kierownik Zespołu Programistów", "management", "lead"),
        ("Ingeniero/a DevOps Semi Senior", "devops", "mid"),
        ("Développeur .NET confirmé", "backend", "mid"),
        ("Sistemista Linux", "devops", None),
        ("Analista Programmatore Java", "backend", None),
        ("Analista de Datos", "data", None),
        ("Responsable du développement commercial", "other", None),
    ],
)
def test_role_words_of_other_languages(title: str, family: str, level: str | None) -> None:
    assert (role_family(title), seniority(title)) == (family, level)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("do 1 roku doświadczenia w testowaniu", 0),
        ("No es necesaria experiencia previa.", 0),
        ("Non è richiesta esperienza pregressa.", 0),
        ("Almeno 3 anni di esperienza come sistemista.", 3),
    ],
)
def test_experience_ceilings_and_no_experience_in_other_word_orders(text: str, years: int) -> None:
    assert experience_years(text) == years


def test_places_currencies_and_workplace_words_of_the_held_out_classes() -> None:
    places = lambda text: [(p.city, p.country_code) for p in places_in_text(text)]  # noqa: E731
    assert places("Customer Support Engineer – Galway, Ireland\n\nWe make software.") == [("Galway", "IE")]
    assert places("Cerchiamo un Sistemista Linux a Bergamo\n\nGestiamo server.") == [("Bergamo", "IT")]
    assert places("We're hiring a Data Analyst to join our Melbourne team!\n\nWe sell tickets.") == [("Melbourne", "AU")]
    salary = salary_from_text("Salaire : 18 000 à 25 000 MAD net par mois.")
    assert salary is not None and (salary.currency, salary.min, salary.period) == ("MAD", 18000, "month")
    assert "onsite" in workplaces(None, "CDI, poste 100 % en présentiel à Casablanca.")


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("Nous sommes à la recherche d'un Développeur Full Stack expérimenté.", "Développeur Full Stack"),
        ("Se busca Programador PHP con experiencia en Laravel", "Programador PHP"),
        ("Siamo alla ricerca di un Tecnico Informatico da inserire nel nostro team di Padova.", "Tecnico Informatico"),
        ("Wir suchen dich als Softwareentwickler (m/w/d) Java", "Softwareentwickler Java"),
        ("Zatrudnimy: Programista Java (Spring)", "Programista Java (Spring)"),
        ("Vacature Systeembeheerder (32-40 uur)", "Systeembeheerder"),
        ("Oferta pracy: Młodszy Administrator Systemów", "Młodszy Administrator Systemów"),
        ("We are hiring Data Engineers in Berlin", "Data Engineers"),
        # A gerund that names the job's domain is no hiring sentence.
        ("Recruiting Manager", "Recruiting Manager"),
        ("Talent Acquisition / Recruiting Lead", "Talent Acquisition / Recruiting Lead"),
    ],
)
def test_title_from_a_first_line_that_announces_it(first_line: str, title: str) -> None:
    assert title_from_text(f"{first_line}\n\nRequirements\n- SQL\n\nWe offer\n- a team") == title


# Openings of ATS descriptions (no title line above them) whose first capitalised word is an ordinary word of
# the posting's language: an imperative, a participle, a pronoun, a plural noun. None names the employer.
ORDINARY_OPENINGS = [
    "Licensed nurses wanted for our clinic network across the region, with flexible shifts and good pay.",
    "Run technical demos for prospects and help them evaluate the platform in their own environment.",
    "Write firmware for our sensor boards in C and Rust, and test it on real hardware every week.",
    "Design scalable services for our customers and own them from the first sketch to production.",
    "Experienced mechanics keep our fleet of 300 delivery vans on the road, six days a week.",
    "Nurses and carers work in small teams of six, with a fixed rota published a month ahead.",
    "Cleaners needed for offices in central Manchester, early mornings only, paid weekly.",
    "Pharmacists dispense medicines and advise patients in our busy high street branch.",
    "Responsibilities include building pipelines, writing tests and reviewing code with the team.",
    "Będziesz odpowiedzialny za rozwój naszej platformy e-commerce w zespole pięciu osób.",
    "Kleine Teams, kurze Wege: bei uns entscheidest du mit, welche Werkzeuge wir einsetzen.",
    "Since 2019, Remote work has been the way our whole engineering team works every day.",
    "Vi söker en erfaren utvecklare som vill bygga nästa generation av vår plattform för logistik.",
    "Vi søger en erfaren udvikler, der vil være med til at bygge vores nye platform til logistik.",
    "Gestalte mit uns die Zukunft der Logistik und entwickle Dienste, die täglich tausende Pakete steuern.",
    "Développez des applications web pour nos clients du secteur bancaire, en équipe de six personnes.",
    "Desarrolla aplicaciones móviles para clientes del sector turístico junto a un equipo de diez personas.",
    "Desenvolva soluções de pagamento para o varejo brasileiro com um time de oito pessoas em São Paulo.",
    "Progetta e sviluppa servizi cloud per i nostri clienti del settore manifatturiero in tutta Italia.",
    "Bouw mee aan software die duizenden ritten per dag plant voor vervoerders in heel Nederland.",
    "Twórz nowoczesne aplikacje webowe dla klientów z branży finansowej w zespole ośmiu osób.",
]


@pytest.mark.parametrize("opening", ORDINARY_OPENINGS, ids=[o.split()[0] for o in ORDINARY_OPENINGS])
def test_the_first_word_of_a_sentence_is_no_company(opening: str) -> None:
    body = f"{opening}\n\nRequirements\n- three years of experience\n\nWe offer\n- a pension"
    assert company_from_text(body) is None
    assert company_from_text(f"Platform Engineer\n\n{body}") is None


# Real employers whose names are, or open with, ordinary words, introduced the same way: they must stay.
NAMED_OPENINGS = [
    ("Wise is building the best way to move money around the world, and our payments team is growing.", "Wise"),
    ("Monzo builds a bank that lives on your phone, for millions of customers across the United Kingdom.", "Monzo"),
    ("Personio entwickelt HR-Software für kleine und mittlere Unternehmen in ganz Europa und wächst weiter.", "Personio"),
    ("Bending Spoons è una delle aziende di app più grandi d'Europa, con sede a Milano e clienti ovunque.", "Bending Spoons"),
    ("Back Market runs the leading marketplace for refurbished phones and laptops in seventeen countries.", "Back Market"),
    # After a dated clause, and with a possessive.
    ("Founded in 2015, Tidewater Analytics helps ports plan berths with machine learning models.", "Tidewater Analytics"),
    ("Depuis 2012, Garonne Numérique accompagne les PME de la région dans leur transformation.", "Garonne Numérique"),
    ("Desde 2010, Bahía Datos ayuda a las navieras a planificar sus escalas en el Estrecho.", "Bahía Datos"),
    ("Kestrelwave’s engineering team is growing, and we need a backend engineer to help us scale.", "Kestrelwave"),
    # A name ending in "s" takes a verb in "-s"; in other languages any verb.
    ("Siemens develops software for factories and trains in more than 190 countries worldwide.", "Siemens"),
    ("Siemens entwickelt Software für Fabriken und Züge in mehr als 190 Ländern weltweit.", "Siemens"),
    # An imperative-looking first word, but the name recurs in the text where no sentence starts.
    (
        "Help Scout builds customer service software for small businesses.\n\nEveryone at Help Scout works remotely.",
        "Help Scout",
    ),
]


@pytest.mark.parametrize(("opening", "company"), NAMED_OPENINGS, ids=[n[1] for n in NAMED_OPENINGS])
def test_a_name_that_is_an_ordinary_word_still_names_the_employer(opening: str, company: str) -> None:
    body = f"{opening}\n\nRequirements\n- three years of experience\n\nWe offer\n- a pension"
    assert company_from_text(body) == company
    assert company_from_text(f"Backend Engineer\n\n{body}") == company


def test_pronouns_of_neighbouring_languages_are_no_company() -> None:
    """Swedish and Danish postings reach the boards too: their pronouns are no names in any rule."""
    assert company_from_text("Om oss\nVi bygger betalsystem för handeln.\n\nKrav\n- Java") is None
    assert company_from_text("Backend-udvikler\n\nVi er et lille team i Aarhus, der bygger software.") is None


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        # A comma suffix naming a team or specialty stays, even when some town bears that name.
        ("Engineering Manager, Mobile", "Engineering Manager, Mobile"),
        ("Product Manager, Growth", "Product Manager, Growth"),
        ("Software Engineer, Media", "Software Engineer, Media"),
        ("Ingeniero de Software, Pagos", "Ingeniero de Software, Pagos"),
        ("iOS Engineer, Mobile – Berlin", "iOS Engineer, Mobile"),
        # A known place goes, in any spelling, and so does a town named like a team when a country follows it.
        ("Backend Engineer, München", "Backend Engineer"),
        ("Desarrollador Backend, Valencia", "Desarrollador Backend"),
        ("Data Engineer, Reading, UK", "Data Engineer"),
        ("Account Executive, Mobile, AL", "Account Executive"),
    ],
)
def test_a_comma_suffix_stays_unless_it_is_a_place(raw: str, clean: str) -> None:
    assert clean_title(raw) == clean


def test_the_company_glued_after_a_comma_goes_only_when_it_is_the_company() -> None:
    assert strip_company("Engineering Manager, Brightmoor", "Brightmoor Foods Ltd") == "Engineering Manager"
    assert strip_company("Engineering Manager, Payments", "Brightmoor Foods Ltd") == "Engineering Manager, Payments"


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        (
            "Wir suchen eine/n Fachinformatiker/in für Systemintegration (m/w/d) für unseren Standort in Kassel.",
            "Fachinformatiker/in für Systemintegration",
        ),
        (
            "Wir suchen einen Fachinformatiker für Anwendungsentwicklung in Vollzeit.",
            "Fachinformatiker für Anwendungsentwicklung",
        ),
        ("Wir suchen eine Fachkraft für Lagerlogistik (m/w/d) für unser Lager in Kassel.", "Fachkraft für Lagerlogistik"),
        (
            "Wir suchen eine Fachinformatikerin für Daten- und Prozessanalyse für unser Team.",
            "Fachinformatikerin für Daten- und Prozessanalyse",
        ),
        # A time phrase before the article is no part of it; "zum" and a role noun are.
        (
            "Wir suchen zum nächstmöglichen Zeitpunkt einen Fachinformatiker für Systemintegration (m/w/d).",
            "Fachinformatiker für Systemintegration",
        ),
        (
            "Wir suchen zum 1. August eine/n Auszubildende/n zum Fachinformatiker für Anwendungsentwicklung.",
            "Auszubildende/n zum Fachinformatiker für Anwendungsentwicklung",
        ),
        ("Nous recherchons pour notre client un Développeur Java confirmé à Lyon.", "Développeur Java"),
        ("Wir suchen einen Entwickler zur Verstärkung unseres Teams in Köln.", "Entwickler"),
        # "für" before the team, a place, a company or a common noun ends the title.
        ("Wir suchen einen Softwareentwickler für unser Team in Bremen.", "Softwareentwickler"),
        ("Wir suchen einen Java-Entwickler für Hamburg und Umgebung.", "Java-Entwickler"),
        ("Wir suchen einen Berater für Kunden im Mittelstand.", "Berater"),
        ("Wir suchen einen Entwickler für Nordlicht Logistik GmbH in Kiel.", "Entwickler"),
    ],
)
def test_fuer_and_a_specialty_belong_to_a_german_title(sentence: str, title: str) -> None:
    assert title_from_text(f"{sentence}\n\nDeine Aufgaben\n- Netzwerke betreuen\n\nWir bieten\n- Obst") == title


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Engineering Manager", "lead"),
        ("Senior Engineering Manager", "lead"),
        ("Engineering Manager, Mobile", "lead"),
        ("Director of Engineering", "head"),
        ("Account Manager", None),
        ("Product Manager", None),
    ],
)
def test_an_engineering_manager_is_a_lead_level_role(title: str, level: str | None) -> None:
    """A job seeker filtering lead roles expects engineering managers there (tests/realworld/README.md)."""
    assert seniority(title) == level


def test_word_lists_keep_words_that_yaml_1_1_reads_as_booleans() -> None:
    """Portuguese "no" ("at the") and French "on" are words, not False/True."""
    from parsers.infer.vocabulary import words

    assert "no" in words("companies", "at")
    assert all(isinstance(word, str) for word in words("companies", "at"))
