"""The job title: cleaned when given, else found in a label, the first lines, a heading or a 'we are hiring' sentence.

Titles on real postings carry noise around the role: a Markdown link, a label prefix, gender markers, a
company, a city, a workplace or contract qualifier. Each is recognised by a general rule (a vocabulary of
role nouns and qualifiers in eight languages, the gazetteer for places), never by example.
"""

from __future__ import annotations

import re
from functools import lru_cache

from parsers.infer.scan import LABEL_SPLIT

_GENDER = re.compile(
    r"\s*[\(\[]\s*(?:(?:[mfwdxhinvk]|div|all genders?|gn\*?|m/w/d|w/m/d)\s*[/|,*]?\s*){1,4}[\)\]]"
    r"|\s*[\(\[]\s*all genders?\s*[\)\]]|\s*\((?:gn|mwd|fmd)\)"
    r"|\s+(?:[HF]\s*/\s*[HF](?:\s*/\s*X)?|[KM]\s*/\s*[KM])(?=\s|$)",
    re.IGNORECASE,
)
# Nouns (and a few stems) that name a job, in the eight languages of the boards; one list for every rule here.
_ROLE_NOUNS = (
    "engineer|developer|programmer|architect|scientist|analyst|designer|manager|administrator|consultant|specialist|"
    "intern|tester|researcher|devops|sre|lead|head|director|cto|owner|technician|writer|recruiter|marketer|strategist|"
    "coordinator|officer|expert|vp|svp|sdet|qa|cpo|ciso|cio|founder|president|chief|steward|accountant|agent|"
    "representative|associate|assistant|apprentice|trainee|co-op|editor|executive|supervisor|advisor|"
    "entwickler(?:in)?|ingenieur(?:in)?|werkstudent(?:in)?|praktikant(?:in)?|praktikum|berater(?:in)?|leiter(?:in)?|"
    "mitarbeiter(?:in)?|referent(?:in)?|sachbearbeiter(?:in)?|architekt(?:in)?|ausbildung|azubi|informatiker(?:in)?|"
    "grafiker(?:in)?|d[ée]veloppeu(?:r|se)|ing[ée]nieur|analyste|architecte|chef|responsable|stagiaire|stage|alternance|"
    "alternant|apprenti|conseill(?:er|[eè]re)|charg[ée]e?|technicien(?:ne)?|concepteur|conceptrice|"
    "desarrollador(?:a)?|ingeniero|ingeniera|analista|arquitect[oa]|dise[ñn]ador(?:a)?|t[ée]cnic[oa]|l[íi]der|"
    "gerente|jefe|pr[áa]cticas|becari[oa]|programador(?:a)?|administrador(?:a)?|especialista|consultor(?:a)?|"
    "sviluppat(?:ore|rice)|ingegnere|progettista|sistemista|grafic[oa]|tirocinio|stagista|consulente|"
    "desenvolvedor(?:a)?|engenheir[oa]|cientista|estagi[áa]ri[oa]|est[áa]gio|gestor(?:a)?|coordenador(?:a)?|"
    "ontwikkelaar|medewerker|adviseur|beheerder|stagiair|analist|programista|programistka|in[żz]ynier|analityk|"
    "sta[żz]ysta|sta[żz]ystka|sta[żz]|specjalista|kierownik|projektant(?:ka)?|tester(?:ka)?|administrator(?:ka)?|"
    "product\\s+owner|scrum\\s+master"
)
_ROLE_NOUN = re.compile(rf"(?<![\w])(?:{_ROLE_NOUNS})(?:s|es|en|i|e|os|as|zy)?(?![\w])", re.IGNORECASE)
_TITLE_LABEL = re.compile(
    r"^\s*(?:\*\*)?(?:job\s+title|classified\s+title|position(?:\s+title)?|title|role|job|stelle|stellenbezeichnung|"
    r"jobtitel|poste|intitul[ée](?:\s+du\s+poste)?|titre(?:\s+du\s+poste)?|puesto|cargo|vaga|posizione|ruolo|"
    r"vacature|functie|stanowisko)(?:\*\*)?\s*[:\-–]\s*(?:\*\*)?\s*(.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_HEADING = re.compile(r"^\s{0,3}#{1,2}\s+(.+?)\s*#*\s*$", re.MULTILINE)
# "We're hiring a ...", in the eight languages; the title follows, after an optional article.
_HIRING = re.compile(
    r"(?:\blooking\s+for|\bseeking|\bhiring|\bsearching\s+for|\brecruiting|\bsuchen(?:\s+wir)?(?:\s+ab\s+sofort)?|"
    r"\brecherchons|\brecrutons|\brecrute|\bbuscamos|\bcerchiamo|\bricerchiamo|\bestamos\s+[àa]\s+procura\s+de|"
    r"\bprocuramos|\bcontratamos|\bestamos\s+contratando|\bszukamy|\bposzukujemy|\bzoeken|\bzoekt)"
    r"(?:\s*:)?\s+(?:(?:an?|one|einen?|eine|un|une|un\(e\)|una|uno|um|uma|een|a|osoby|kandydata|kandydatki)\s+)?"
    r"(?:(?:na\s+stanowisko|do\s+zespo[łl]u)\s*:?\s+)?",
    re.IGNORECASE,
)
_HIRING_TRIGGERS = (
    "looking", "seeking", "hiring", "searching", "recruit", "recrut", "suchen", "recherch", "buscamos", "cerchiamo",
    "ricerchiamo", "procura", "contrat", "szukamy", "poszukujemy", "zoek",
)  # fmt: skip
# Words that end the title inside a hiring sentence: prepositions, relative pronouns, conjunctions, verbs.
_STOP = frozenset(
    "to who which that for with in at on and or as da di per che nel nella a pour qui que dans avec et au "
    "para que con en y o em com no na do die der das zur zum für mit und im ab om voor die dat met en bij van "
    "w do z i który która aby jako to join our your the who's".split()
)
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)\s]+)\)")
# A prefix before a colon that names no role: "Job Title:", "Estamos contratando:", "Poszukujemy osoby na stanowisko:".
_PREFIX = re.compile(r"^([^:]{2,60}?)\s*:\s+(.+)$")
# Qualifiers of the job's terms rather than the role: workplace, contract, hours, term.
_QUALIFIER = re.compile(
    r"\b(?:remote|remoto|remota|zdalnie|zdaln[aey]|t[ée]l[ée]travail|full[\s-]?remote|hybrid|hybride|h[íi]brido|"
    r"on[\s-]?site|part[\s-]?time|full[\s-]?time|contract|contractor|freelance|temporary|permanent|"
    r"teilzeit|vollzeit|befristet|media\s+jornada|jornada|tempo\s+(?:pieno|parziale|integral)|"
    r"cdi|cdd|interim|int[ée]rim|mois|months?|monate|meses|mesi|miesi[ęe]cy|term|uur|std\.?|stunden|hours?|"
    r"horas|ore|godzin|b2b|pj|clt|uop|100\s*%|en\s+alternance|in\s+teilzeit|in\s+vollzeit|all\s+genders?)\b",
    re.IGNORECASE,
)
_PAREN = re.compile(r"\s*\(([^()]{1,40})\)")
_SEGMENT = re.compile(r"\s+(?:[–—|·]|-(?=\s))\s+|,\s+")
_AT = re.compile(r"\s+(?:at|@)\s+([A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3})\s*$")
_TRAILING_TERMS = re.compile(r"\s+(?:in\s+(?:Teilzeit|Vollzeit)|en\s+alternance|en\s+CDI|en\s+CDD)\b.*$", re.IGNORECASE)
# Cheap test for anything the cleaning rules below could remove.
_NOISY = re.compile(r"[\[\]*_`#()\-–—|,:/·@]|\s(?:at|in|en)\s", re.IGNORECASE)
_CITY_ABBREVIATIONS = frozenset({"NYC", "SF", "LA", "DC", "SFO", "NY", "BC", "ON", "PR", "SP", "RJ", "MG", "SC"})
_JOB_CUES = re.compile(
    r"\b(?:requirements|responsibilities|qualifications|apply|we\s+offer|your\s+profile|anforderungen|aufgaben|"
    r"dein\s+profil|ihr\s+profil|wir\s+bieten|bewerb|profil\s+recherch|missions|votre\s+profil|postuler|"
    r"requisitos|responsabilidades|ofrecemos|oferecemos|requisiti|responsabilit[àa]|offriamo|candidat|"
    r"wymagania|obowi[ąa]zki|oferujemy|vereisten|functie-eisen|wij\s+bieden|solliciteer)\b",
    re.IGNORECASE,
)


def has_role_noun(text: str) -> bool:
    """Whether ``text`` names a job ("engineer", "Entwickler", "stagiaire", "programista" ...)."""
    return _ROLE_NOUN.search(text) is not None


@lru_cache(maxsize=2048)
def _is_place(segment: str, cities: bool = True) -> bool:
    """A city (when ``cities``), a country, "City/ST" or a well-known abbreviation: never part of a title.

    Looking up a city can build the gazetteer's table of other spellings (seconds), so a parenthesis,
    which mostly holds a stack or a qualifier ("(Python)"), is checked against countries and codes only.
    """
    from parsers.geo import gazetteer  # late: the gazetteer module imports this package

    parts = [p.strip(" .") for p in re.split(r"[/,]|\s+-\s+", segment) if p.strip(" .")]
    if not parts:
        return False
    gaz = gazetteer()
    for part in parts:
        if part.upper() in _CITY_ABBREVIATIONS and part.isupper():
            continue
        if gaz.country(part) or (cities and gaz.city(part)):
            continue
        if len(part) == 2 and part.isupper():
            continue
        return False
    return True


def is_title_noise(segment: str, places: bool = True, cities: bool = True) -> bool:
    """A segment glued to a title that is no part of the role: a place (when ``places``), or the job's terms."""
    segment = segment.strip()
    if not segment or (has_role_noun(segment) and not _QUALIFIER.search(segment)):
        return False
    if _QUALIFIER.search(segment) and len(segment.split()) <= 6:
        return True
    return places and _is_place(segment, cities)


def clean_title(title: str | None) -> str | None:
    """The role as posted, without markup, label prefixes, gender markers, places and contract qualifiers."""
    if not title:
        return None
    if not _NOISY.search(title):  # most titles: nothing to strip
        return " ".join(title.split())[:200] or None
    title = _LINK.sub(r"\1", title)
    title = re.sub(r"[*_`#]+", " ", title)
    title = re.sub(r"\s+", " ", title).strip(" -–—|:,")
    prefix = _PREFIX.match(title)
    if prefix and not has_role_noun(prefix.group(1)) and has_role_noun(prefix.group(2)):
        title = prefix.group(2)
    title = _GENDER.sub("", title)
    # Parenthesised terms and places: "(Contract)", "(Remote, US)", "(NYC/SF)", "(24-32 uur)".
    title = _PAREN.sub(
        lambda m: "" if is_title_noise(m.group(1), cities=False) or re.search(r"\d", m.group(1)) else m.group(0), title
    )
    title = _AT.sub("", title) if has_role_noun(_AT.sub("", title)) else title
    title = _TRAILING_TERMS.sub("", title)
    # Segments after a dash, a bar or a comma: "– 100% Remote", ", Singapore", "– Curitiba/PR".
    while True:
        parts = _SEGMENT.split(title)
        if len(parts) < 2 or not is_title_noise(parts[-1]):
            break
        cut = title.rfind(parts[-1])
        title = title[:cut].rstrip(" -–—|·,")
    # A leading person's or company's name: "Jane Doe - Développeur Java".
    parts = _SEGMENT.split(title, maxsplit=1)
    if len(parts) == 2 and not has_role_noun(parts[0]) and has_role_noun(parts[1]) and len(parts[0].split()) <= 4:
        title = parts[1]
    title = re.sub(r"\s+", " ", title).strip(" -–—|:,·")
    return title[:200] or None


_LEGAL_SUFFIX = re.compile(
    r"[\s,]+(?:GmbH|AG|SE|KG|S\.?A\.?S?|SARL|S\.?r\.?l\.?|S\.?p\.?A\.?|B\.?V\.?|N\.?V\.?|Ltd\.?|Limited|Inc\.?|"
    r"LLC|S\.L\.|Lda\.?|Ltda\.?|Sp\.\s+z\s+o\.o\.|Oy|AB|ApS)$"
)


def strip_company(title: str | None, company: str | None) -> str | None:
    """``title`` without the company glued on ("Analytics Engineer — Acme", "Acme: Data Engineer").

    The glued name is often shorter than the legal one ("Acme" for "Acme Foods Ltd"), so the name without
    its legal form and its first word are tried too.
    """
    if not title or not company:
        return title
    name = company.strip()
    short = _LEGAL_SUFFIX.sub("", name)
    variants = dict.fromkeys(v for v in (name, short, short.split()[0] if short.split() else "") if len(v) >= 3)
    for variant in variants:
        if variant not in title:
            continue
        escaped = re.escape(variant)
        stripped = re.sub(rf"\s*(?:[–—|·:,@]|\s-|\bat)\s*{escaped}(?:\s+[A-Z][\w&.'-]*){{0,3}}\s*$", "", title)
        stripped = re.sub(rf"^{escaped}(?:\s+[A-Z][\w&.'-]*){{0,3}}?\s*(?:[–—|·:]|-\s)\s*", "", stripped)
        if stripped != title and stripped.strip() and has_role_noun(stripped):
            return stripped.strip()
    return title


def _from_hiring(text: str) -> str | None:
    """The title in a 'we are looking for a ...' sentence, in any of the eight languages."""
    low = text.lower()
    if not any(word in low for word in _HIRING_TRIGGERS):
        return None
    for match in _HIRING.finditer(text):
        words: list[str] = []
        for word in re.split(r"\s+", text[match.end() : match.end() + 160]):
            bare = word.strip(".,;:!?")
            if not bare or (bare.lower() in _STOP and words):
                break
            words.append(bare)
            if bare != word and not word.endswith(")"):
                break
            if len(words) >= 8:
                break
        # Leading adjectives in lower case are no part of the title ("ein erfahrener", "autonomous hands-on").
        while words and words[0][:1].islower() and not has_role_noun(words[0]) and any(w[:1].isupper() for w in words[1:]):
            words.pop(0)
        while words and (words[-1].lower() in _STOP or (words[-1].startswith("(") and not words[-1].endswith(")"))):
            words.pop()
        candidate = " ".join(words)
        if candidate and has_role_noun(candidate):
            # Keep the run up to the last role noun or technical qualifier; trailing clauses go.
            return clean_title(candidate)
    return None


def title_from_text(text: str) -> str | None:
    """A job title from a label, the first lines, a heading or a 'we are looking for a ...' sentence."""
    head = text[:4000]
    match = _TITLE_LABEL.search(head)
    if match:
        value = LABEL_SPLIT.split(match.group(1))[0]
        cleaned = clean_title(value)
        if cleaned and (has_role_noun(cleaned) or (len(cleaned.split()) <= 6 and not is_title_noise(cleaned, places=False))):
            return cleaned
    lines = [line.strip(" #*\t") for line in head.splitlines() if line.strip(" #*\t")]
    # The first lines of a posting: where a title stands when there is one.
    for line in lines[:3]:
        if 3 <= len(line) <= 120 and len(line.split()) <= 12 and not line.endswith((".", "!", "?")) and has_role_noun(line):
            prefix = _PREFIX.match(line)
            if prefix and not has_role_noun(prefix.group(2)):
                continue
            return clean_title(line)
    found = _from_hiring(text[:6000])
    if found:
        return found
    for heading in _HEADING.findall(head):
        if has_role_noun(heading) and len(heading) <= 120:
            return clean_title(heading)
    for line in lines[:40]:
        if 3 <= len(line) <= 80 and has_role_noun(line) and not line.endswith((".", ":")):
            words = line.split()
            if len(words) <= 8 and sum(w[:1].isupper() for w in words) >= len(words) / 2:
                return clean_title(line)
    # Nothing names a role, but the text reads as a posting: its first short line is the title.
    if lines and len(_JOB_CUES.findall(text[:6000])) >= 2:
        first = lines[0]
        if len(first) <= 80 and len(first.split()) <= 8 and not first.endswith((".", "!", "?", ":")):
            return clean_title(first)
    return None
