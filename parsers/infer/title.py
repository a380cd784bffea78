"""The job title: cleaned when given, else found in a label, the first lines, a heading or a 'we are hiring' sentence.

Titles on real postings carry noise around the role: a Markdown link, a label prefix, gender markers, a
company, a city, a workplace or contract qualifier. Each is recognised by a general rule (a vocabulary of
role nouns and qualifiers in eight languages, the gazetteer for places), never by example.
"""

from __future__ import annotations

import re
from functools import lru_cache

from parsers.infer.scan import LABEL_SPLIT
from parsers.infer.vocabulary import lowered, pattern, words

_GENDER = re.compile(
    r"\s*[\(\[]\s*(?:(?:[mfwdxhinvk]|div|all genders?|gn\*?|m/w/d|w/m/d)\s*[/|,*]?\s*){1,4}[\)\]]"
    r"|\s*[\(\[]\s*all genders?\s*[\)\]]|\s*\((?:gn|mwd|fmd)\)"
    r"|\s+(?:[HF]\s*/\s*[HF](?:\s*/\s*X)?|[KM]\s*/\s*[KM])(?=\s|$)",
    re.IGNORECASE,
)
# The words of every rule here come from parsers/data/titles.yaml, one list per concept in eight languages.
_ROLE_NOUN = re.compile(
    rf"(?<![\w])(?:{pattern('titles', 'role_nouns')})(?:s|es|en|i|e|os|as|zy)?(?![\w])"
    rf"|\B(?:{pattern('titles', 'role_noun_heads')})(?:s|en|nen)?(?![\w])",
    re.IGNORECASE,
)
_TITLE_LABEL = re.compile(
    rf"^\s*(?:\*\*)?(?:{pattern('titles', 'title_labels')})(?:\*\*)?\s*[:\-–]\s*(?:\*\*)?\s*(.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_HEADING = re.compile(r"^\s{0,3}#{1,2}\s+(.+?)\s*#*\s*$", re.MULTILINE)
# "We're hiring a ...": the title follows, after an optional colon and article.
_HIRING = re.compile(
    rf"(?<![\w])(?:{pattern('titles', 'hiring')})(?:\s*:)?\s+(?:(?:{pattern('titles', 'hiring_articles')})\s+)?",
    re.IGNORECASE,
)
# A hiring phrase within the first words of a line: "Für unser Team in Leipzig suchen wir eine/n ...".
_HIRING_IN_LINE = re.compile(rf"^\s*((?:\S+\s+){{0,6}}?)(?:{_HIRING.pattern})", re.IGNORECASE)
# Substrings that say where _HIRING could match: the first word of each phrase.
_HIRING_TRIGGERS = tuple(dict.fromkeys(phrase.split()[0].lower() for phrase in words("titles", "hiring")))
# Words that end the title inside a hiring sentence: prepositions, relative pronouns, conjunctions, verbs.
_STOP = lowered("titles", "title_stop_words")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)\s]+)\)")
# A prefix before a colon that names no role: "Job Title:", "Estamos contratando:", "Poszukujemy osoby na stanowisko:".
_PREFIX = re.compile(r"^([^:]{2,60}?)\s*:\s+(.+)$")
# Qualifiers of the job's terms rather than the role: workplace, contract, hours, term.
_QUALIFIER = re.compile(rf"(?<![\w])(?:{pattern('titles', 'qualifiers')})(?![\w])", re.IGNORECASE)
_PAREN = re.compile(r"\s*\(([^()]{1,40})\)")
_SEGMENT = re.compile(r"\s+(?:[–—|·]|-(?=\s))\s+|,\s+")
_AT = re.compile(r"\s+(?:at|@)\s+([A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3})\s*$")
_TRAILING_TERMS = re.compile(rf"\s+(?:{pattern('titles', 'trailing_terms')})(?![\w]).*$", re.IGNORECASE)
# Cheap test for anything the cleaning rules below could remove.
_NOISY = re.compile(r"[\[\]*_`#()\-–—|,:/·@]|\s(?:at|in|en)\s", re.IGNORECASE)
_POSTING_WORD = re.compile(rf"^(?:{pattern('titles', 'posting_words')})\s*[:\-–]?\s+(?=\S)", re.IGNORECASE)
# English gerunds that also name a job's domain ("Recruiting Manager", "Hiring Lead"): a hiring phrase only
# with an article or a colon after them.
_GERUNDS = ("hiring", "recruiting", "seeking", "looking", "searching")
_BE_WORDS = frozenset({"are", "is", "we're", "we’re", "now", "currently", "actively", "also", "still"})
_CITY_ABBREVIATIONS = frozenset(words("titles", "place_abbreviations"))
_SEGMENTS = lowered("titles", "segments")
# Prepositions that belong to a title when a specialty follows: "Fachinformatiker für Systemintegration".
_SPECIALTY_BEFORE = lowered("titles", "specialty_prepositions")
# Prepositions that belong to a title when a role noun follows: "Auszubildende/n zum Fachinformatiker".
_ROLE_BEFORE = lowered("titles", "role_prepositions")
# The articles between a hiring phrase and the title ("einen", "eine/n", "un(e)").
_ARTICLES = lowered("titles", "hiring_articles")
# Frequent words of every language (parsers/data/common_words.yaml): a title's suffix, never a town.
_COMMON = lowered("common_words", "frequent_words") | lowered("common_words", "function_words")
_JOB_CUES = re.compile(rf"(?<![\w])(?:{pattern('titles', 'job_cues')})(?![\w])", re.IGNORECASE)


def has_role_noun(text: str) -> bool:
    """Whether ``text`` names a job ("engineer", "Entwickler", "stagiaire", "programista" ...)."""
    return _ROLE_NOUN.search(text) is not None


# "Toronto or Vancouver", "Berlin/München", "Lisboa ou Porto": places listed, each checked on its own.
_PLACE_PARTS = re.compile(r"[/,&]|\s+-\s+|\s+(?:or|and|oder|und|ou|et|o|y|of|en|lub|i|e)\s+")


@lru_cache(maxsize=2048)
def _is_place(segment: str, cities: bool = True, words: bool = True) -> bool:
    """A city, a country, "City/ST" or a well-known abbreviation: never part of a title.

    A parenthesis (``cities`` False) mostly holds a stack, a team or a qualifier ("(Python)", "(Mobile)"), so
    there a city counts only by its own GeoNames name (not another spelling: "Google" is no Topeka) and
    when it is neither a skill nor a word that names a team or segment. Without ``words``, a city whose name
    is also such a word or a frequent word ("Mobile", "Media", "Growth") counts in no spelling: after a comma
    it names the team ("Engineering Manager, Mobile") unless a country or state follows it.
    """
    from parsers.geo import gazetteer  # late: the gazetteer module imports this package

    parts = [p.strip(" .") for p in _PLACE_PARTS.split(segment) if p.strip(" .")]
    if not parts:
        return False
    gaz = gazetteer()
    for part in parts:
        if part.upper() in _CITY_ABBREVIATIONS and part.isupper():
            continue
        if gaz.country(part):
            continue
        city = gaz.city(part)
        if city and (cities or city.name.lower() == part.lower()) and ((cities and words) or not _names_a_team(part)):
            continue
        if len(part) == 2 and part.isupper():
            continue
        return False
    return True


def _is_country_or_state(segment: str) -> bool:
    """A country ("UK", "Germany") or a state or province ("AL", "Ontario"): what follows a city, never a team."""
    from parsers.geo import gazetteer  # late: the gazetteer module imports this package

    segment = segment.strip(" .")
    gaz = gazetteer()
    if gaz.country(segment) or (len(segment) == 2 and segment.isupper()):
        return True
    return gaz.region(segment, None) is not None and gaz.city(segment) is None  # Berlin and Madrid are cities too


def _names_a_team(word: str) -> bool:
    """A team, segment or skill word ("Mobile", "Payments", "Python") or a frequent word of any language."""
    from parsers.skills import vocabulary  # late: the skills module imports this package

    low = word.lower()
    return low in _SEGMENTS or low in _COMMON or vocabulary().known(word) is not None


def is_title_noise(segment: str, places: bool = True, cities: bool = True, words: bool = True) -> bool:
    """A segment glued to a title that is no part of the role: a place (when ``places``), or the job's terms.

    ``cities`` and ``words`` say how a city name that could be something else counts (see ``_is_place``).
    """
    segment = segment.strip()
    if not segment or (has_role_noun(segment) and not _QUALIFIER.search(segment)):
        return False
    if _QUALIFIER.search(segment) and len(segment.split()) <= 6:
        return True
    return places and _is_place(segment, cities, words)


def clean_title(title: str | None) -> str | None:
    """The role as posted, without markup, label prefixes, gender markers, places and contract qualifiers."""
    if not title:
        return None
    posting = _POSTING_WORD.match(title)  # "Vacature Systeembeheerder", "Oferta pracy: Tester"
    if posting and has_role_noun(title[posting.end() :]) and not has_role_noun(title[: posting.end()]):
        title = title[posting.end() :]
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
    # A city named like a team counts only before a country or state: "Data Engineer, Reading, UK".
    after_place = False
    while True:
        parts = _SEGMENT.split(title)
        if len(parts) < 2 or not is_title_noise(parts[-1], words=after_place):
            break
        after_place = _is_country_or_state(parts[-1])
        cut = title.rfind(parts[-1])
        title = title[:cut].rstrip(" -–—|·,")
    # A leading person's or company's name: "Jane Doe - Développeur Java".
    parts = _SEGMENT.split(title, maxsplit=1)
    if len(parts) == 2 and not has_role_noun(parts[0]) and has_role_noun(parts[1]) and len(parts[0].split()) <= 4:
        title = parts[1]
    title = re.sub(r"\s+", " ", title).strip(" -–—|:,·")
    return title[:200] or None


# The legal forms of parsers/data/companies.yaml, which the company rules read too.
_LEGAL_SUFFIX = re.compile(rf"[\s,]+(?:{pattern('companies', 'legal_forms')})$")
# A company's legal name opening a text: "Nordlicht Logistik GmbH in Kiel".
_LEGAL_AFTER = re.compile(rf"^(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w&'’.-]*\s+){{1,4}}(?:{pattern('companies', 'legal_forms')})(?![\w])")


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


def _gerund_without_article(prefix: str, matched: str) -> bool:
    """'Recruiting Manager' names a job; 'Recruiting: Data Engineer', 'hiring a ...', 'we're hiring Data
    Engineers' announce one."""
    words = matched.lower().split()
    if not words or words[-1] not in _GERUNDS or matched.rstrip().endswith(":"):
        return False
    before = prefix.lower().split()
    return not before or before[-1] not in _BE_WORDS


def _names_a_specialty(tokens: list[str]) -> bool:
    """Whether the words after "für" name the job's specialty ("Systemintegration", "Daten- und
    Prozessanalyse") rather than its team, place, client or employer ("unser Team", "Hamburg", "Kunden",
    "Nordlicht Logistik GmbH")."""
    if not tokens:
        return False
    word = tokens[0].strip(".,;:!?()")
    if not word[:1].isupper() or word.lower() in _COMMON or _LEGAL_AFTER.match(" ".join(tokens[:5])):
        return False
    return not _is_place(word.rstrip("-"), True, True)


def _from_hiring(text: str) -> str | None:
    """The title in a 'we are looking for a ...' sentence, in any of the eight languages."""
    low = text.lower()
    if not any(word in low for word in _HIRING_TRIGGERS):
        return None
    for match in _HIRING.finditer(text):
        words: list[str] = []
        window = text[match.end() : match.end() + 160]
        # A title ends with its line, unless the hiring phrase ends one ("Wir suchen:\nData Engineer").
        head_line, _, rest = window.partition("\n")
        window = head_line if head_line.strip(" :*") else rest.lstrip().partition("\n")[0]
        tokens = re.split(r"\s+", window)
        # A time phrase before the article: "suchen wir zum nächstmöglichen Zeitpunkt einen ...".
        for index, word in enumerate(tokens[1:6], 1):
            if word.lower() in _ARTICLES and not has_role_noun(" ".join(tokens[:index])):
                tokens = tokens[index + 1 :]
                break
        for index, word in enumerate(tokens):
            bare = word.strip(",;:!?¡¿").rstrip(".")  # a leading dot is part of the word: ".NET"
            if not bare:
                break
            # "Daten- und Prozessanalyse": a word cut at its hyphen goes on through the conjunction.
            if bare.lower() in _STOP and words and not words[-1].endswith("-"):
                following = tokens[index + 1 :]
                if not (
                    (bare.lower() in _SPECIALTY_BEFORE and _names_a_specialty(following))
                    or (bare.lower() in _ROLE_BEFORE and following and has_role_noun(following[0]))
                ):
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
        # Trailing adjectives in lower case after a capitalised title ("Développeur Full Stack expérimenté").
        while len(words) > 2 and words[-1][:1].islower() and sum(w[:1].isupper() for w in words) >= 2:
            words.pop()
        while words and words[-1].startswith("(") and not words[-1].endswith(")"):
            words.pop()  # "(32-40" once its "uur)" went
        candidate = " ".join(words)
        if candidate and has_role_noun(candidate):
            # Keep the run up to the last role noun or technical qualifier; trailing clauses go.
            return clean_title(candidate)
    return None


_PIPE = re.compile(r"\s+\|\s+")


def _piped_title(line: str) -> str | None:
    """The one part that names a role in a header of three or more parts: "Acme | Senior Engineer | Leeds | $150k"."""
    if line.count("|") < 2:
        return None
    parts = _PIPE.split(line)
    roles = [part for part in parts if has_role_noun(part) and not is_title_noise(part)]
    if len(parts) < 3 or len(roles) != 1 or len(roles[0].split()) > 10:
        return None
    return clean_title(roles[0])


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
        piped = _piped_title(line)
        if piped:
            return piped
        if 3 <= len(line) <= 120 and len(line.split()) <= 12 and not line.endswith((".", "!", "?")) and has_role_noun(line):
            hiring = _HIRING_IN_LINE.match(line)  # "Cerchiamo un Sistemista Linux a Bergamo", "Poszukujemy: Tester"
            if hiring and not has_role_noun(hiring.group(1)) and not _gerund_without_article(hiring.group(1), hiring.group(0)):
                found = _from_hiring(line)
                if found:
                    return found
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
