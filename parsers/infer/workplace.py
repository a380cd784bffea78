"""Remote, hybrid or on-site: any mention in a location string counts, the body needs stricter phrasing.

The vocabulary covers the eight languages of the corpus (en, de, fr, nl, es, pt, it, pl). The body
rules follow the labelling conventions: a weekly pattern of office and home days is hybrid, home
working only now and then or by arrangement is on-site, remote with an office "for whoever wants
it" is remote, and a plain mention of the office counts only when nothing else is said.
"""

from __future__ import annotations

import re

from parsers.infer.scan import around, contains_any, folded, found_in, lower_cached
from parsers.record import WORKPLACES, Workplace

_REMOTE_WORDS = (
    r"remote(?:ly)?|telecommut\w*|work(?:ing)?\s+from\s+home|home\s*office|wfh|fernarbeit|mobiles?\s+arbeiten|"
    r"t[ée]l[ée]travail|[àa]\s+distance|teletrabajo|remot[oa]|teletrabalho|smart\s+working|lavoro\s+agile|"
    r"thuiswerk\w*|op\s+afstand|zdaln\w*|zdalnie"
)
_HYBRID_WORDS = r"hybrid(?:e[snr]?)?|h[íi]brid[oa]s?|ibrid[oa]|hybryd\w*"
_RAW_REMOTE = re.compile(rf"\b(?:{_REMOTE_WORDS})\b", re.I)
_RAW_HYBRID = re.compile(rf"\b(?:{_HYBRID_WORDS})\b", re.I)
_RAW_ONSITE = re.compile(
    r"\b(?:on[- ]?site|vor[- ]ort|sur\s+site|presencial|in\s+presenza|in\s+sede|stacjonarn\w*|op\s+kantoor)\b", re.I
)
# "office" in a location string is on-site only when nothing says hybrid ("hybrid - 2 days in office").
_RAW_OFFICE = re.compile(r"\b(?:in[- ]office|office[- ]based)\b", re.I)

_NUMBER = (
    r"\d|one|two|three|four|ein(?:em|en)?|zwei|drei|vier|un|une|deux|trois|quatre|dos|tres|cuatro|dois|duas|"
    r"tr[êe]s|quatro|uno|due|tre|quattro|een|[ée][ée]n|twee|drie|vier|dwa|dw[óo]ch|trzy|cztery|jeden|jednego"
)
_DAYS = r"days?|tage?n?|jours?|d[íi]as|giorni|giorno|dag(?:en)?|dni|dzie[ńn]"
_WEEK = (
    r"(?:a|per|pro|par|por|na|a|alla|in\s+der|die|w|each|every)\s+(?:week|woche|semaine|semana|settimana|tygodniu)\w*"
    r"|weekly|w[öo]chentlich|semanais|settimanali|hebdomadaires?"
)
# "2 days a week in the office", "Homeoffice an zwei Tagen pro Woche", "3 dni w tygodniu w biurze"
_WEEKLY = re.compile(
    rf"\b(?:up\s+to\s+|bis\s+zu\s+|jusqu'à\s+|hasta\s+|at[ée]\s+|fino\s+a\s+|tot\s+|maximaal\s+|do\s+)?(?:{_NUMBER})\s+"
    rf"(?:\w+\s+){{0,2}}?(?:{_DAYS})\b[^.\n;]{{0,50}}?\b(?:{_WEEK})\b",
    re.I,
)
_PLACE_WORD = re.compile(
    rf"\b(?:{_REMOTE_WORDS}|office|offices|home|studio|b[üu]ro|kantoor|bureaux?|locaux|oficinas?|escrit[óo]rio|"
    r"ufficio|sede|biur\w*|presenciais|presencial|in\s+presenza|on[- ]?site|thuis|casa|maison|domu|zuhause)\b",
    re.I,
)
_BODY_REMOTE = re.compile(
    r"\b(?:100\s?%|fully|full[- ]time|completely|entirely|permanently|full)\s+(?:remote|remoto|remota|t[ée]l[ée]travail)\b"
    r"|\b100\s?%\s+(?:en\s+)?(?:t[ée]l[ée]travail|teletrabajo|zdaln\w*|thuis\w*|(?:da\s+)?remoto)\b"
    r"|\bremote[- ](?:first|friendly|only|work|working|position|role|job|possible|option|opportunity|setup|company|contract)\b"
    r"|\bwork(?:ing)?\s+(?:fully\s+|100\s?%\s+)?remotely\b|\bwork\s+from\s+(?:home|anywhere)\b|\(remote\)|\bremote\s*\)"
    r"|\bthis\s+(?:is\s+a\s+)?remote\b|\bas\s+a\s+remote\b"
    # A part of a header line: "Acme | Remote (US or Canada) | Full-time".
    r"|\|[ \t]*(?:fully\s+|100\s?%\s+)?remote\b(?:[ \t]*\([^)\n]{0,40}\))?[ \t]*(?=\||\n)"
    r"|\b(?:trabajo|trabalho|lavoro|posizione|puesto|vaga|emprego|poste)\s+(?:\w+\s+)?(?:(?:100\s?%|completamente|totalmente|en|em|da)\s+)?remot[oa]\b"
    r"|\b(?:completamente|totalmente|interamente)\s+(?:da\s+|en\s+|em\s+)?remot[oa]\b|\bda\s+remoto\b|\(remot[oa]\)"
    r"|\bteletrabajo\s+(?:100\s?%|total|completo)|\bt[ée]l[ée]travail\s+(?:complet|total|int[ée]gral)|\bfull\s+remote\b"
    r"|\b(?:enti[èe]rement|totalement|100\s?%)\s+[àa]\s+distance\b|\btravail\s+[àa]\s+distance\b"
    r"|\b(?:volledig|100\s?%)\s+(?:op\s+afstand|thuis|remote)\b|\bvanuit\s+huis\b"
    r"|\bprac\w*\s+(?:w\s+)?(?:pe[łl]ni\s+|100\s?%\s+|ca[łl]kowicie\s+)?zdaln\w*|\bw\s+pe[łl]ni\s+zdaln\w*|\bzdalnie\b"
    r"|\b(?:komplett|vollst[äa]ndig|100\s?%)\s+(?:remote|im\s+homeoffice|mobil)\b|\bremote\s+aus\s+ganz\b"
    # "ortsunabhängig arbeiten", "standortunabhängige Stelle": work not tied to a place.
    r"|\b(?:standort|orts)unabh[äa]ngig\w*",
    re.I,
)
_BODY_HYBRID = re.compile(
    rf"\b(?:{_HYBRID_WORDS})\b(?!\s+(?:cloud|app|apps|mobile|infrastructure|environments?|systems?|solutions?|architecture|search|multi))"
    r"|\bdeels\s+(?:op\s+afstand|thuis)|\bthe\s+(?:rest|other\s+(?:\w+\s+)?days?)\b[^.\n]{0,25}\b(?:from\s+home|remote|up\s+to\s+you)"
    r"|\b(?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?)\s+(?:are|is)\s+(?:work[- ]from[- ]home|remote|wfh)",
    re.I,
)
_BODY_ONSITE = re.compile(
    r"\bon[- ]?site\b(?!\s+interview)|\bin[- ]office\b|\boffice[- ]based\b|\bwork\s+from\s+(?:our\s+|the\s+)?office\b"
    r"|\bvor[- ]ort[- ]?t[äa]tigkeit|\bvor\s+ort\s+(?:in|bei|im)\b|\bpresencial(?:mente)?\b|\bpresenciais\b|\bin\s+presenza\b"
    r"|\b(?:lavoro|lavorerai|sede\s+di\s+lavoro)\b[^.\n]{0,20}\bin\s+sede\b|\bin\s+sede\s+(?:a|di|presso)\b"
    r"|\bpraca\s+stacjonarn\w*|\bstacjonarnie\b|\bsur\s+site\b|\bop\s+locatie\b|\ben\s+pr[ée]sentiel\b",
    re.I,
)
# Occasional or by-arrangement home working means on-site ("Homeoffice nach Absprache", "the odd day at home").
_OCCASIONAL = re.compile(
    rf"\b(?:{_REMOTE_WORDS})\b[^.\n]{{0,25}}?\b(?:nach\s+absprache|in\s+overleg|an\s+einzelnen\s+tagen|gelegentlich|"
    r"occasionnel\w*|ponctuel\w*|occasional(?:ly)?|now\s+and\s+then|ocasional\w*|occasional[ei]|saltuari\w*|sporadycznie|"
    r"okazjonalnie|af\s+en\s+toe)"
    r"|\b(?:the\s+odd|an\s+occasional|occasional)\s+(?:day|days)\s+(?:at\s+home|from\s+home|remote)"
    r"|\b(?:gelegentlich(?:es)?|occasional)\s+(?:homeoffice|home\s+office|remote\s+work|wfh)",
    re.I,
)
# A plain mention of the employer's office: on-site only when the posting says nothing else.
_OFFICE = re.compile(
    r"\b(?:our|the)\s+(?:\w+\s+)?(?<!back\s)(?:office|studio)\b(?!\s+(?:hours|manager|supplies))|\bwork\s+from\s+our\b"
    r"|\b(?:in\s+)?(?:unserem|unser|im|ein)\s+b[üu]ro\b|\barbeitsort\s+ist\b|\bb[üu]ro\s+(?:direkt|in|am|an)\b"
    r"|\b(?:nos|notre)\s+(?:locaux|bureaux?)\b|\bposte\s+bas[ée]\b"
    r"|\b(?:nuestras?|la)\s+oficinas?\b|\b(?:nosso|no)\s+escrit[óo]rio\b|\bsede\s+(?:di|de)\s+lavoro\b|\bpresso\s+la\s+(?:nostra\s+)?sede\b"
    r"|\bop\s+(?:ons|het)\s+kantoor\b|\bw\s+biurze\b|\bin\s+our\b[^.\n]{0,30}\boffice\b|\ban\s+office\s+in\b"
    r"|\b(?:arbeit|arbeiten|t[äa]tigkeit|einsatz)\s+vor\s+ort\b|\bvor\s+ort\s+(?:in|an|bei|im)\b",
    re.I,
)
# "work 100% remote or in our office": a choice offers both, whatever the sentence says first.
_EITHER = re.compile(
    r"\b(?:remote(?:ly)?|from\s+home)\s+or\s+(?:in|from|at)\s+(?:our|the)\s+(?:\w+\s+)?office\b"
    r"|\b(?:in|from|at)\s+(?:our|the)\s+office\s+or\s+(?:remote(?:ly)?|from\s+home)\b"
    # "zdalna albo z biura w Tarnowie", "remoto o desde nuestra oficina", "à distance ou dans nos bureaux"
    r"|\b(?:zdaln\w*|remot[oa]|[àa]\s+distance|t[ée]l[ée]travail|thuis\w*|homeoffice)\s+(?:albo|lub|o|ou|oder|of)\s+"
    r"(?:\w+\s+){0,2}?(?:biur\w*|oficinas?|escrit[óo]rio|ufficio|bureaux?|locaux|b[üu]ro|kantoor)\b",
    re.I,
)
# "remote or hybrid", "zdalnie lub hybrydowo", "remoto o híbrido": a choice of both arrangements.
# "work from our Norwich office or remotely", "in the Leeds studio or from home": the choice names both, even where no
# other sentence says remote (searched only where "office or"/"studio or"/"hub or" is written).
_OFFICE_OR_REMOTE = re.compile(
    r"\b(?:in|from|at)\s+(?:our|the|one\s+of\s+our)\s+(?:[\w'-]+\s+){0,2}?(?:office|offices|studio|hub)\s+or\s+"
    r"(?:(?:work(?:ing)?|fully|entirely)\s+)?(?:remote(?:ly)?|from\s+(?:home|anywhere))\b"
)
_OFFICE_OR_STEMS = ("office or ", "offices or ", "studio or ", "hub or ")
# A location string offering a place or remote work ("Leeds / Remote", "[City, Country] / Remote", "Remote or Lyon"):
# the place part, with no workplace word of its own, is the office alternative.
_RAW_CHOICE = re.compile(r"\s*(?:/|\||\s(?:or|oder|ou|of|o|lub|albo)\s)\s*", re.I)
_REMOTE_OR_HYBRID = re.compile(
    r"\b(?:remote(?:ly)?|zdaln\w*|remot[oa]|à\s+distance|t[ée]l[ée]travail)\s+(?:or|lub|albo|o|ou|oder|of|czy)\s+"
    r"(?:hybrid\w*|hybryd\w*|h[íi]brid\w*|ibrid\w*|hybride)\b",
    re.I,
)
_CHOICE_STEMS = ("remot", "zdaln", "distance", "travail")
# Home working on named weekdays ("from home on Mondays and Fridays", "Homeoffice montags"): a weekly pattern.
_HOME_WEEKDAYS = re.compile(
    r"\b(?:from\s+home|wfh|home\s*office|télétravail|teletrabajo|teletrabalho|smart\s+working|thuis\w*|zdaln\w*)"
    r"[^.\n]{0,25}\b(?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|montags?|dienstags?|mittwochs?|donnerstags?|"
    r"freitags?|lundis?|mardis?|mercredis?|jeudis?|vendredis?|lunes|martes|miércoles|jueves|viernes|segundas?|terças?|"
    r"quartas?|quintas?|sextas?|lunedì|martedì|mercoledì|giovedì|venerdì|maandag\w*|dinsdag\w*|woensdag\w*|"
    r"donderdag\w*|vrijdag\w*|poniedział\w*|wtork\w*|środ\w*|czwart\w*|piątk\w*)\b",
    re.I,
)
_HOME_STEMS = ("home", "wfh", "télétravail", "teletraba", "smart working", "thuis", "zdaln")
_NEGATED_BEFORE = re.compile(r"\b(?:no|not|non|without|kein\w*|sans|sin|geen|nie|bez|senza|sem)\W+(?:\w+\W+)?$", re.I)
_NEGATED_AFTER = re.compile(
    r"^[^.\n]{0,40}?\b(?:not|never|isn'?t|cannot|can'?t|occasional(?:ly)?|rarely|nicht|pas\s+possible|niet)\b", re.I
)
_REMOTE_STEMS = (
    "remot",
    "telecommut",
    "from home",
    "home office",
    "homeoffice",
    "wfh",
    "fernarbeit",
    "mobil",
    "travail",
    "distance",
    "teletrab",
    "smart working",
    "agile",
    "thuis",
    "afstand",
    "zdaln",
    "huis",
    "unabh",
)
_HYBRID_STEMS = ("hybr", "híbrid", "hibrid", "ibrid", "deels", "the rest", "other", "days are", "day is")
_OCCASIONAL_STEMS = (*_REMOTE_STEMS, "odd", "occasional", "gelegentlich")
_WEEK_STEMS = (
    "week",
    "woche",
    "wöchentlich",
    "semaine",
    "hebdomadaire",
    "semana",
    "semanais",
    "settimana",
    "settimanali",
    "tygodni",
)
_ONSITE_STEMS = ("site", "office", "vor", "presencial", "presenciais", "presenza", "sede", "stacjonarn", "locatie", "sentiel")
_OFFICE_STEMS = (
    "vor ort",
    "office",
    "studio",
    "büro",
    "buro",
    "locaux",
    "bureau",
    "poste bas",
    "oficina",
    "escrit",
    "sede",
    "presso",
    "kantoor",
    "biurze",
    "arbeitsort",
)


def workplaces(raw: str | None, body: str | None) -> list[Workplace]:
    """Workplaces named in a location string (any mention counts) and in the body (stricter phrases).

    In the body a sentence names one arrangement: hybrid beats remote, remote beats the office it
    mentions ("fully remote, with access to our office"), and a negated or occasional mention of
    home working does not make a posting remote.
    """
    found: set[Workplace] = set()
    if raw:
        found |= _raw_workplaces(raw)
    if body:
        found |= _body_workplaces(body)
    return [w for w in WORKPLACES if w in found]


def _raw_workplaces(raw: str) -> set[Workplace]:
    found: set[Workplace] = set()
    if _RAW_REMOTE.search(raw):
        found.add("remote")
    if _RAW_HYBRID.search(raw):
        found.add("hybrid")
    if _RAW_ONSITE.search(raw) or ("hybrid" not in found and _RAW_OFFICE.search(raw)):
        found.add("onsite")
    if found == {"remote"} and ("/" in raw or "|" in raw or " o" in raw or " lub " in raw or " albo " in raw):
        bare = re.sub(r"\([^)]*\)", "", raw)  # "Remote (US / Canada)" offers no office
        parts = [p.strip(" -–,.") for p in _RAW_CHOICE.split(bare)]
        if len(parts) > 1 and any(p and not _RAW_REMOTE.search(p) and _is_office_place(p) for p in parts):
            found.add("onsite")
    return found


def _is_office_place(part: str) -> bool:
    """A part naming a city (or a city placeholder), not a country or region where remote work is allowed."""
    from parsers.geo import gazetteer  # the gazetteer is loaded only for the rare location strings that get here

    words = part.strip("[]() ").split(",")[0].strip()
    if not words or not words[0].isupper():
        return False
    if part.lstrip().startswith("[") and words.lower() in (
        "city",
        "ville",
        "stadt",
        "ciudad",
        "cidade",
        "città",
        "stad",
        "miasto",
    ):
        return True  # a template's "[City, Country]": the office the author meant to name
    gaz = gazetteer()
    return gaz.country(words) is None and gaz.region(words, None) is None and gaz.city(words) is not None


def _body_workplaces(body: str) -> set[Workplace]:
    lowered = lower_cached(body)
    by_sentence: dict[int, set[Workplace]] = {}

    def add(kind: Workplace, position: int) -> None:
        by_sentence.setdefault(_sentence_start(body, position), set()).add(kind)

    if contains_any(lowered, _REMOTE_STEMS):
        for start, end in _matches(_BODY_REMOTE, body, _REMOTE_STEMS, 45, 40, lowered):
            if _NEGATED_BEFORE.search(body[max(0, start - 25) : start]) or _NEGATED_AFTER.search(body[end : end + 60]):
                continue
            add("remote", start)
        for start, _ in _matches(_OCCASIONAL, body, _OCCASIONAL_STEMS, 45, 60, lowered):
            add("onsite", start)
    for start, _ in _matches(_BODY_HYBRID, body, _HYBRID_STEMS, 40, 60, lowered):
        add("hybrid", start)
    for start, end in _matches(_WEEKLY, body, _WEEK_STEMS, 90, 14, lowered):
        if _PLACE_WORD.search(body, _sentence_start(body, start), _sentence_end(body, end)):
            add("hybrid", start)
    for start, _ in _matches(_BODY_ONSITE, body, _ONSITE_STEMS, 40, 40, lowered):
        add("onsite", start)
    found: set[Workplace] = set()
    for kinds in by_sentence.values():
        if "hybrid" in kinds:
            found.add("hybrid")
        elif "remote" in kinds:
            found.add("remote")
        else:
            found |= kinds
    if "remote" in found and found_in(_EITHER, body, lowered):  # both its forms name the office
        found.add("onsite")
    elif "hybrid" not in found and contains_any(lowered, _OFFICE_OR_STEMS) and found_in(_OFFICE_OR_REMOTE, body, lowered):
        found |= {"onsite", "remote"}
    if "hybrid" in found and "remote" not in found and contains_any(lowered, _CHOICE_STEMS):
        if found_in(_REMOTE_OR_HYBRID, body, lowered):
            found.add("remote")
    if "hybrid" not in found and contains_any(lowered, _HOME_STEMS) and found_in(_HOME_WEEKDAYS, body, lowered):
        found.discard("remote")
        found.add("hybrid")
    if not found and contains_any(lowered, _OFFICE_STEMS) and found_in(_OFFICE, body, lowered):
        found.add("onsite")
    return found


def _matches(
    pattern: re.Pattern[str], body: str, stems: tuple[str, ...], before: int, after: int, lowered: str
) -> set[tuple[int, int]]:
    """(start, end) of the pattern's matches near its trigger words: the regex never runs over the whole body."""
    found: set[tuple[int, int]] = set()
    if len(lowered) == len(body):  # the lower-case pattern over the lower-cased text: same matches, faster
        body, pattern = lowered, folded(pattern)
    for offset, window in around(body, stems, before, after, lowered):
        for match in pattern.finditer(window):
            found.add((offset + match.start(), offset + match.end()))
    return found


def _sentence_start(text: str, position: int) -> int:
    return max(text.rfind(". ", 0, position), text.rfind("\n", 0, position)) + 1


def _sentence_end(text: str, position: int) -> int:
    ends = [i for i in (text.find(". ", position), text.find("\n", position)) if i != -1]
    return min(ends) if ends else len(text)
