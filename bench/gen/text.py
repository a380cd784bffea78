"""What postings say, per language: headings and sentences for every section, with placeholders.

Placeholders: {company} {city} {product} {industry} {skill} {skill2} {skill3} {area} {years} {headcount}
{founded} {team} {role} {a_role} {days} {budget} {salary} {scope}. English has the most variety;
German, French and Dutch have enough for a believable posting. Both the records and the rendered
files pick from these pools, so the parsers see the same sentences either way.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from bench.gen.world import COUNTRIES, City, Employer, Family, a_or_an

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
