"""How a search's free text is read: which words name a skill, a place, a workplace, a role, a seniority or an
employment type, by the same vocabularies the parsers fill those fields with.

People type "rails remote", "python berlin", "senior data engineer poland", "#django". Each word stays text
(BM25 over title, company, summary, description); a word or a few words that a vocabulary knows also become a
*reading*: a clause on the keyword field the parsers filled from the same words, so a place or a skill that
sits in a field and not in the prose still counts. ``"quoted phrases"`` stay text, ``#tag`` is a hard hashtag
filter. Both backends build their queries from one ``Understood``, so they read a query alike, and the answer
carries the same reading as an ``Interpretation`` (the API shows it, the page turns it into chips).

What real searchers type besides: a hyphenated title reads as its parts ("Python-Entwickler"), a gender marker
("(m/w/d)") and another engine's field prefix ("title:") are no words, a plural or a version names the skill
("engineers", "vue3"), a short form the words it stands for ("swe", "dev"), a German or Dutch compound or a feminine
form its job noun ("Softwareentwickler", "développeuse"), a word of the job search ("jobs", "vacature") counts a share.
A misspelling is read only when it looks like a slip of the fingers, never when the word is one in its own right
("sprint" is no #spring, "entry level" no #sentry).

Pure: no index, no I/O beyond the parsers' own tables; cached per text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field

from index import fields
from index.terms import location_key
from parsers.currency import MARK_PATTERN, US_HINTS, currency_code, scale
from parsers.geo import canonical_place, continent_countries, gazetteer
from parsers.infer import seniority, workplaces
from parsers.infer.employment import employment_named
from parsers.infer.role import family_named, seniority_code
from parsers.infer.scope import scope_value
from parsers.infer.title import has_role_noun
from parsers.infer.vocabulary import languages_of, lowered
from parsers.record import Place
from parsers.skills import vocabulary

# ------------------------------------------------------------------ weights both backends give a reading

# What a posting gains per word of the query. A word a vocabulary knows counts mostly by its field: a constant,
# whatever the value's frequency, so "python berlin" ranks Python jobs in Berlin above a posting that only says
# "Python" many times; its text counts a share of its BM25 score. Other words count by BM25 alone, and, one or
# two edits away, a constant below any real match.
READING_WEIGHT = 8.0
KNOWN_TEXT_SHARE = 0.3
TYPO_WEIGHT = 1.0
# A job noun in the title ("Entwickler" finding a "Developer") says less than a skill or a place: most titles have one.
# A role noun or a workplace word of another language ("Entwickler", "télétravail") asks for postings in that
# language first, softly: more than a job noun, less than a field.
# A place is a hard wish, more than a skill; a seniority a soft one, less (the same role a level off still helps):
# "mid level java" ranks Java postings of any level above a mid-level job without Java.
FIELD_WEIGHTS: dict[str, float] = {"title": 3.0, "language": 5.0, "seniority": 5.0, "location": 10.0, "region": 10.0}
# A salary wish ("python 80k") only ranks: postings paying at least that rise among those the rest of the query finds,
# as much as a seniority; postings that state no salary are not left out.
SALARY_WEIGHT = 5.0
MAX_SPAN = 3  # the longest run of words read together ("ruby on rails", "head of product")
MAX_WORDS = 32
MAX_PHRASES = 8
MAX_TAGS = 16


def reading_weight(reading: Reading) -> float:
    """What a posting gains when its field matches a reading (the same on both backends)."""
    return FIELD_WEIGHTS.get(reading.field, READING_WEIGHT)


def typo_distance(word: str) -> int:
    """How many edits a text word may be away from a match: none under 5 letters, 1 from 5, 2 from 8."""
    letters = sum(ch.isalpha() for ch in word)
    if letters >= 8:
        return 2
    return 1 if letters >= 5 else 0


# ------------------------------------------------------------------ vocabularies not in the parsers' fields

# The noun "developer" in the eight languages of the postings: "Entwickler" finds a "Python Developer" too.
# Every one is a role noun of the title vocabulary (``parsers.infer.title.has_role_noun``; a test checks it).
DEVELOPER_WORDS: tuple[str, ...] = (
    "developer",
    "engineer",
    "programmer",
    "entwickler",
    "ingenieur",
    "programmeur",
    "développeur",
    "developpeur",
    "ingénieur",
    "desarrollador",
    "ingeniero",
    "programador",
    "sviluppatore",
    "ingegnere",
    "programmatore",
    "desenvolvedor",
    "engenheiro",
    "ontwikkelaar",
    "programista",
    "deweloper",
    "inżynier",
)
# Their feminine forms, which postings seldom write in a title ("Entwickler (m/w/d)"): each also finds its masculine
# form as text. Role nouns of the title vocabulary too.
FEMININE_DEVELOPER_WORDS: dict[str, str] = {
    "entwicklerin": "entwickler",
    "ingenieurin": "ingenieur",
    "développeuse": "développeur",
    "developpeuse": "developpeur",
    "ingénieure": "ingénieur",
    "desarrolladora": "desarrollador",
    "ingeniera": "ingeniero",
    "programadora": "programador",
    "sviluppatrice": "sviluppatore",
    "programmatrice": "programmatore",
    "desenvolvedora": "desenvolvedor",
    "engenheira": "engenheiro",
    "programistka": "programista",
}
DEVELOPER_WORDS += tuple(FEMININE_DEVELOPER_WORDS)
_DEVELOPER = frozenset(DEVELOPER_WORDS)
# The heads of German and Dutch compounds (parsers/data/titles.yaml) that are a developer word: "Softwareentwickler",
# "Javaentwickler", "Softwareontwikkelaar" are developers in that language.
_DEVELOPER_HEADS = {
    head: languages for head, languages in languages_of("titles", "role_noun_heads").items() if head in _DEVELOPER
}
_MIN_COMPOUND_PREFIX = 3
# Short forms of job words that searchers type and postings seldom spell out: read as the words they stand for.
JOB_ABBREVIATIONS: dict[str, str] = {
    "dev": "developer",
    "devs": "developers",
    "swe": "software engineer",
    "sde": "software engineer",
    "eng": "engineering",
    "engr": "engineer",
    "mgr": "manager",
}
_VERSIONED = re.compile(r"([a-z][a-z.+#]+?)\d{1,2}")  # a skill's name and a major version run together
# Words of the job search itself, per language ("python jobs berlin", "empleo python madrid", "vacature frontend"): they
# name no field and most postings could say them, so their text counts only a share; one of another language asks
# for postings in that language, softly. With the posting words of the title vocabulary ("vacancy", "Stellenangebot").
_SEARCH_WORDS: dict[str, str] = {
    "en": "job jobs hiring vacancies career careers opening openings",
    "de": "job jobs stellen stellenangebote jobangebote",
    "fr": "emploi emplois offre offres",
    "es": "empleo empleos trabajo trabajos ofertas",
    "pt": "emprego empregos vagas",
    "it": "lavoro lavori offerte",
    "nl": "vacatures baan banen",
    "pl": "praca oferty",
}
_SEARCH_WORD_LANGUAGES: dict[str, frozenset[str]] = {
    word: frozenset(language for language, words in _SEARCH_WORDS.items() if word in words.split())
    for word in {w for words in _SEARCH_WORDS.values() for w in words.split()}
} | {word: languages for word, languages in languages_of("titles", "posting_words").items() if " " not in word}
# Inflection endings a plural adds to a skill's or job noun's name ("engineers", "payments" for #payments).
_PLURAL_ENDINGS = ("s", "es")
# Remote-scope regions (``parsers.infer.scope``) as GeoNames continents: "EU" and "Europe" rank postings in Europe.
_SCOPE_CONTINENTS: dict[str, tuple[str, ...]] = {
    "EU": ("EU",),
    "Europe": ("EU",),
    "EMEA": ("EU", "AF"),
    "Americas": ("NA", "SA"),
    "LATAM": ("SA",),
    "APAC": ("AS", "OC"),
}
_WORLDWIDE = ("worldwide", "anywhere")  # what ``location_key`` reads as remote
# Country names as short as the ISO codes, which count only as two capitals ("de", "it", "in" and "and" are words).
_SHORT_COUNTRY_NAMES = ("uk", "usa", "uae")
_MIN_CITY_POPULATION = 50_000  # a lower-case word names a smaller town only when capitalized
# Words of every language the parsers know (parsers/data/common_words.yaml: function words, frequent words,
# imperatives): never a near miss of a skill ("scale" is no #scala, "reach" no #react), and a town only when
# capitalized or next to a place cue ("more", "come", "part" are no towns, "in Como" is one).
_COMMON_WORDS = (
    lowered("common_words", "function_words") | lowered("common_words", "frequent_words") | lowered("common_words", "imperatives")
)
# Everyday words that the gazetteer also knows as a town of over 50,000 people, by its name or another spelling
# (GeoNames lists "Nice", "Split", "Reading", and "roles" for Raleigh): read like the common words above.
_TOWN_HOMONYMS = frozenset(
    (
        "nice split reading bath sale union mission forest enterprise date media basic roles side cars spoken opera "
        "orange paradise surprise temple concord independence liberty opportunity golden police university deal eagle "
        "march normal downtown uptown rest lens gap bar centro casa mesa tarde pago"
    ).split()
)
# Words before a place in the eight languages ("jobs in split", "w Gdańsku", "bei köln"): the next word may be a town.
# Not the Italian "a": it is an English article too.
_PLACE_CUES = frozenset("in near at around from bei um nahe à près en cerca em perto vicino bij te w we koło".split())

# ------------------------------------------------------------------ the reading


# Fields whose vocabularies name whole runs of words (skills, places), rather than find a word inside them.
_NAMED_FIELDS = frozenset({"hashtags", "location", "region"})
ReadingField = Literal[
    "hashtags", "location", "workplace", "role", "seniority", "employment_type", "language", "region", "title", "salary"
]
FILTER_FIELDS = ("hashtags", "location", "workplace", "role", "seniority", "employment_type", "language")


@dataclass(frozen=True)
class Reading:
    """Words of the query that a vocabulary knows: ``field`` is the search filter they name (or ``region`` for a
    scope such as Europe, ``title`` for a job noun in any language), ``value`` its value; the index clause is
    any of ``keys`` in the keyword (or, for ``title``, text) field ``index_field``."""

    words: str
    start: int  # index of the first word in ``Understood.words``
    end: int
    field: ReadingField
    value: str
    index_field: str
    keys: tuple[str, ...]
    near: bool = False  # the words misspell what the vocabulary knows
    text: str | None = None  # also matched as text: the skill's own name when the words are another ("k8s"), the
    # job noun's spelling when they misspell it ("devloper")

    @property
    def filterable(self) -> bool:
        return self.field in FILTER_FIELDS and (self.field != "language" or len(self.keys) == 1)


@dataclass(frozen=True)
class SalaryWish:
    """A yearly salary the searcher asks for at least ("80k", "€70,000", "100k+"): the index clause is the top of a
    posting's yearly range (``salary_top``) at least ``amount``; ``currency`` when the wish names one."""

    typed: str
    amount: float
    currency: str | None = None


@dataclass(frozen=True)
class Understood:
    """A query's free text, read: every word (each one text), the readings over them, quoted phrases
    (required, as text) and ``#tags`` (canonical, required hashtags)."""

    words: tuple[str, ...] = ()
    readings: tuple[Reading, ...] = ()
    phrases: tuple[str, ...] = ()
    tags: tuple[tuple[str, str], ...] = ()  # (as typed with its #, canonical)
    prefix: str | None = None  # the last word, maybe still being typed
    literal: tuple[str, ...] = ()  # words the searcher asked to be read as text only
    covered: frozenset[int] = field(default_factory=frozenset)  # words some reading covers
    # Words a reading covers as typed, or a misspelled job noun whose reading matches its right spelling as text: their
    # own text counts a share. A misspelled skill stays text in full: it may be a word the vocabularies lack.
    known: frozenset[int] = field(default_factory=frozenset)
    salary: SalaryWish | None = None  # taken out of the words: "80k" is no text

    def interpretation(self) -> Interpretation:
        terms: list[QueryTerm] = []
        by_start: dict[int, list[Reading]] = {}
        for reading in self.readings:
            by_start.setdefault(reading.start, []).append(reading)
        for position, word in enumerate(self.words):
            for reading in by_start.get(position, []):
                terms.append(
                    QueryTerm(
                        text=reading.words,
                        kind="field",
                        field=reading.field,
                        value=reading.value,
                        filterable=reading.filterable,
                        near=reading.near,
                    )
                )
            if position not in self.covered:
                literal = word.lower() in self.literal
                terms.append(QueryTerm(text=word, kind="literal" if literal else "text"))
        if self.salary:
            terms.append(
                QueryTerm(
                    text=self.salary.typed,
                    kind="field",
                    field="salary",
                    value=f"{self.salary.amount:.0f}",
                    filterable=True,
                )
            )
        terms += [QueryTerm(text=phrase, kind="phrase") for phrase in self.phrases]
        terms += [QueryTerm(text=typed, kind="tag", field="hashtags", value=tag, filterable=True) for typed, tag in self.tags]
        return Interpretation(terms=terms)


class QueryTerm(BaseModel):
    """A part of ``q`` and how it was read."""

    text: str = Field(description="The words as typed (a tag with its #).")
    kind: Literal["field", "text", "literal", "phrase", "tag"] = Field(
        description="field: words a vocabulary knows, matched on that field and as text; text: matched as text only; "
        "literal: asked to be text (the literal parameter); phrase: a quoted phrase, required; tag: #tag, a required hashtag."
    )
    field: ReadingField | None = Field(
        default=None,
        description="The filter the words name (hashtags, location, workplace, role, seniority, employment_type), or "
        "region (a remote scope such as Europe), title (a job noun in any language), or salary (a yearly amount wished "
        "at least, in the currency typed if any: it ranks, the salary_min filter selects).",
    )
    value: str | None = Field(default=None, description="The value of that filter.")
    filterable: bool = Field(default=False, description="Whether field=value can be set as a filter instead.")
    near: bool = Field(default=False, description="The words misspell the value (one or two edits away).")


class Interpretation(BaseModel):
    """How the free text ``q`` was read, in the order of its words."""

    terms: list[QueryTerm] = Field(default_factory=list)


# ------------------------------------------------------------------ reading a text

_PHRASE = re.compile(r'"([^"]+)"')
_TAG = re.compile(r"(?<![^\s(,;])#([\w][\w+#.\-]*)")
_WORD = re.compile(r"\.?[\w][\w+#.\-]*")  # a leading dot only for a skill named so (".net")
# The gender marker of a job title, single letters between slashes ("(m/w/d)", "m/f/d", "H/F", "m/v", "k/m"): no word.
_GENDER_MARKER = re.compile(r"\(?(?<![\w+#.])[^\W\d_](?:\s*/\s*[^\W\d_]){1,3}(?![\w+#])\)?")
# A field name before a colon, the query syntax of other search engines typed out of habit ("title:python"): no word.
_FIELD_PREFIX = re.compile(r"(?<![\w])([A-Za-z_]{2,20}):(?=[\w\"#.])")


def understand(q: str | None, literal: Sequence[str] = ()) -> Understood:
    """``q`` read with the parsers' vocabularies; words in ``literal`` (any case) are kept as text only."""
    if not q:
        return Understood()
    return _understand(q, tuple(sorted({w.strip().lower() for w in literal if w.strip()})))


@lru_cache(maxsize=1024)
def _understand(q: str, literal: tuple[str, ...]) -> Understood:
    phrases = [p.strip() for p in _PHRASE.findall(q) if p.strip()][:MAX_PHRASES]
    rest = _PHRASE.sub(" ", q)
    tags: dict[str, str] = {}  # canonical -> as typed
    for raw in _TAG.findall(rest):
        raw = raw.rstrip(".-")
        tag = vocabulary().canonical(raw)
        if tag:
            tags.setdefault(tag, "#" + raw)
    rest = _TAG.sub(" ", rest)
    salary, rest = _salary(rest, literal)
    rest = _GENDER_MARKER.sub(_marker, rest)
    rest = _FIELD_PREFIX.sub(lambda m: " " if m.group(1).lower() in _SEARCH_FIELDS else m.group(0), rest)
    tokens = [(part, i > 0) for match in _WORD.findall(rest) for i, part in enumerate(_parts(_token(match)))][:MAX_WORDS]
    words = tuple(word for word, _ in tokens)
    hyphened = frozenset(position for position, (_, glued) in enumerate(tokens) if glued)
    last = q.split()[-1] if q.split() else ""
    typing = not q.endswith((" ", '"')) and not last.startswith("#") and not (salary and q.rstrip().endswith(salary.typed))
    prefix = words[-1] if words and typing else None  # the last word typed, unless it was a tag or a salary
    readings = _readings(words, frozenset(literal), hyphened)
    readings += _abbreviated_city(words, readings, frozenset(literal))
    covered = frozenset(i for r in readings for i in range(r.start, r.end))
    known = frozenset(i for r in readings if not r.near or r.field == "title" for i in range(r.start, r.end)) | frozenset(
        i for i, word in enumerate(words) if word.lower() in _SEARCH_WORD_LANGUAGES
    )
    return Understood(
        words=words,
        readings=tuple(readings),
        phrases=tuple(phrases),
        tags=tuple((typed, tag) for tag, typed in list(tags.items())[:MAX_TAGS]),
        prefix=prefix,
        literal=literal,
        covered=covered,
        known=known,
        salary=salary,
    )


# A salary as people type it: an amount in thousands ("80k", "62.5K"), grouped ("70,000", "70.000") or whole ("120000"),
# with a currency's sign, code or name before or after ("€70k", "70.000 EUR", "$150,000"), a "+" ("100k+"), or a range
# ("80-100k", whose low end is the wish). Not a version ("python 3"), a year ("2026") or a postcode ("10115").
_AMOUNT = r"\d{1,3}(?:[,.'’\u00a0\u202f]\d{3})+(?![\d])|\d+(?:[.,]\d{1,2})?"
_SALARY = re.compile(
    rf"(?<![\w#])(?<!\w[.,])(?:(?P<before>{MARK_PATTERN})\s?)?(?:(?P<low>{_AMOUNT})\s?(?P<lowk>k)?\s?[-–]\s?)?"
    rf"(?P<amount>{_AMOUNT})(?:\s?(?P<k>k))?(?P<plus>\+)?(?:\s?(?P<after>{MARK_PATTERN}))?(?![\w#+]|[.,]\w)",
    re.IGNORECASE,
)
_GROUPED = re.compile(r"\d{1,3}(?:[,.'’\u00a0\u202f]\d{3})+")
_SALARY_RANGE = (10_000.0, 10_000_000.0)  # a yearly amount, in euros (scaled by the currency's ``scale``)


def _salary(text: str, literal: tuple[str, ...]) -> tuple[SalaryWish | None, str]:
    """The first salary wish in ``text`` and the text without it; none when its words are asked to stay text."""
    for match in _SALARY.finditer(text):
        typed = match.group(0).strip()
        if any(part.lower() in literal for part in typed.split()) or typed.lower() in US_HINTS:  # "401k" is a pension plan
            continue
        currency = currency_code(match.group("before") or match.group("after"))
        amount = _number(match.group("amount"))
        thousands = bool(match.group("k"))
        if thousands:
            amount *= 1000
        elif not (currency or _GROUPED.fullmatch(match.group("amount")) or (amount >= 10_000 and amount % 1000 == 0)):
            continue  # a bare number is a salary only when it looks like one: "python 3", "2026", "10115" are not
        if match.group("low"):
            low = _number(match.group("low")) * (1000 if thousands or match.group("lowk") else 1)
            amount = low if 0 < low <= amount else amount
        floor, ceiling = (bound * scale(currency) for bound in _SALARY_RANGE)
        if floor <= amount <= ceiling:
            return SalaryWish(typed, amount, currency), text[: match.start()] + " " + text[match.end() :]
    return None, text


def _number(amount: str) -> float:
    """An amount as typed, its thousands grouped or not ("70,000", "70.000", "62.5")."""
    if _GROUPED.fullmatch(amount):
        return float(re.sub(r"\D", "", amount))
    return float(amount.replace(",", "."))


# Field names a searcher may put before a colon: the index's own and the filters' ("title:", "company:", "skill:").
_SEARCH_FIELDS = frozenset({*fields.FIELD_BY_NAME, *FILTER_FIELDS, "tag", "tags", "skill", "skills", "location", "remote", "job"})


def _marker(match: re.Match[str]) -> str:
    """A gender marker taken out, unless it begins a skill's name: "A/B testing" is read as "AB testing"."""
    letters = re.sub(r"\s+", "", match.group(0).strip("()"))
    following = match.string[match.end() :].split()
    if following and vocabulary().known(f"{letters} {following[0].strip('.,;:()')}"):
        joined = letters.replace("/", "")
        return joined if vocabulary().known(f"{joined} {following[0].strip('.,;:()')}") else match.group(0)
    return " "


def _token(match: str) -> str:
    """A word as matched, its trailing dots and dashes off; a leading dot only when a skill is named so (".net")."""
    word = match.rstrip(".-")
    if word.startswith(".") and vocabulary().known(word):
        return word
    return word.lstrip(".-")


def _parts(word: str) -> tuple[str, ...]:
    """A hyphenated word as its parts ("Python-Entwickler", "senior-backend-engineer", "home-office"), unless a
    vocabulary names it whole: a skill ("ci-cd", "e-commerce"), a job noun ("co-op") or a place ("Clermont-Ferrand")."""
    if "-" not in word:
        return (word,)
    lowered = word.lower()
    if _known(lowered) or lowered in languages_of("titles", "role_nouns") or _place(word, True):
        return (word,)
    return tuple(part for part in word.split("-") if part)


def _readings(words: tuple[str, ...], literal: frozenset[str], hyphened: frozenset[int] = frozenset()) -> list[Reading]:
    """Every reading of every run of up to ``MAX_SPAN`` words. A run that a rule finds (role, seniority, workplace,
    employment type) counts only for what none of its parts says alone ("python developer" is a backend role;
    "senior berlin" is two readings); a reading inside a longer one of the same field gives way to it ("york" in
    "new york", "rails" in "ruby on rails"). The words after a hyphen (``hyphened``) are shown as typed with it."""
    found: list[Reading] = []
    countries = [len(w) >= 4 and gazetteer().country(w) is not None for w in words]
    seen: set[tuple[int, int, str, str]] = set()
    for size in range(1, MAX_SPAN + 1):
        for start in range(len(words) - size + 1):
            end = start + size
            if any(w.lower() in literal for w in words[start:end]):
                continue
            text = " ".join(words[start:end])
            # Where a place is expected: after "in", "bei", "w"... or next to a country's name ("split croatia").
            cued = (start > 0 and (words[start - 1].lower() in _PLACE_CUES or countries[start - 1])) or (
                end < len(words) and countries[end]
            )
            for fld, value, index_field, keys, near in _vocabularies(text, cued):
                parts = [
                    (a, b)
                    for a in range(start, end)
                    for b in range(a + 1, end + 1)
                    if (a, b) != (start, end) and (a, b, fld, value) in seen
                ]
                # ... unless the run is a level's name as a whole ("mid level", "senior level"): "level" is no text then.
                whole = fld == "seniority" and seniority_code(text) == value
                if fld not in _NAMED_FIELDS and parts and not whole:
                    continue
                seen.add((start, end, fld, value))
                alternative = value if fld == "hashtags" and value != _singular(text.lower()) else None
                if fld == "title" and text.lower() in JOB_ABBREVIATIONS:  # "swe" also finds the text "software engineer"
                    alternative = JOB_ABBREVIATIONS[text.lower()]
                elif fld == "title" and _singular(text.lower()) in FEMININE_DEVELOPER_WORDS:  # "développeuse": "développeur"
                    alternative = FEMININE_DEVELOPER_WORDS[_singular(text.lower())]
                elif near and fld == "title":  # "devloper" also finds the text "developer"
                    alternative = _near_spelling(text)
                typed = words[start] + "".join(("-" if i in hyphened else " ") + words[i] for i in range(start + 1, end))
                found.append(Reading(typed, start, end, fld, value, index_field, keys, near, alternative))
    return [
        r
        for r in found
        if not any(
            o is not r and o.field == r.field and o.start <= r.start and r.end <= o.end and o.end - o.start > r.end - r.start
            for o in found
        )
        # A word a vocabulary knows as typed is no misspelling of another: "entry level" is junior, not #sentry.
        and not (r.near and any(not o.near and o.field in _EXACT_FIELDS and o.start <= r.start and r.end <= o.end for o in found))
    ]


def _abbreviated_city(words: tuple[str, ...], readings: list[Reading], literal: frozenset[str]) -> list[Reading]:
    """A city's short form that is an everyday word too ("la"), read as the city when it ends a query of job words in
    English: "frontend la" is Los Angeles; "desarrollador la", "la casa" or "python la mer" are not."""
    last = len(words) - 1
    if last < 1 or words[last].lower() in literal or any(r.start <= last < r.end for r in readings):
        return []
    alias = _city_alias(words[last])
    covered = {i for r in readings for i in range(r.start, r.end)}
    if not alias or not covered >= set(range(last)) or any(r.field == "language" for r in readings):
        return []
    return [Reading(words[last], last, last + 1, "location", alias, "location_keys", (location_key(alias),))]


# Fields whose readings come from the words as typed (a role family may come from a misspelling the role rules mend).
_EXACT_FIELDS = frozenset({"hashtags", "location", "region", "workplace", "seniority", "employment_type", "title"})


Found = tuple[ReadingField, str, str, tuple[str, ...], bool]  # field, value, index field, index keys, misspelled


@lru_cache(maxsize=4096)
def _vocabularies(text: str, cued: bool = False) -> tuple[Found, ...]:
    """What the vocabularies say a run of words is, for each that knows it; ``cued``: the run follows a place cue."""
    out: list[Found] = list(_rules(text, near=False))
    lowered = text.lower()
    tag = _known(lowered)
    if tag:
        out.insert(0, ("hashtags", tag, "hashtags", (tag, *_kin(lowered, tag)), False))
    out += _role_noun(lowered, near=False)
    searched = _SEARCH_WORD_LANGUAGES.get(lowered)
    if searched and "en" not in searched:  # "vacature", "empleo": that language's postings first
        codes = tuple(sorted(searched))
        out.append(("language", ",".join(codes), "language", codes, False))
    if lowered in JOB_ABBREVIATIONS:  # "swe", "dev": the job words they stand for
        expansion = JOB_ABBREVIATIONS[lowered]
        if any(word.startswith(noun) for word in expansion.split() for noun in _DEVELOPER):
            out.append(("title", "developer", "title", DEVELOPER_WORDS, False))
    if not out:  # a place only when nothing else: "mobile" is a role before it is a town in Alabama
        place_found = _place(text, cued)
        if place_found:
            out.append(place_found)
    # A skill or a job noun typed one or two edits away ("pyhton", "kubernets", "entwikler"), when the words name
    # nothing as typed; or a skill whose role the role rules found by mending the same slip ("androd" is mobile).
    if all(found[0] == "role" for found in out):
        spelling = _near_spelling(text)
        tag = vocabulary().known(spelling) if spelling else None
        roles = {found[1] for found in out}
        if tag and (not roles or family_named(tag.replace("-", " ")) in roles):
            out.append(("hashtags", tag, "hashtags", (tag,), True))
        elif spelling and not out:
            out += _role_noun(spelling, near=True)
    # The rules again with each skill spelled as the vocabulary's own name: "reactjs developer" is the frontend role
    # that "react developer" is, "k8s" the devops of "kubernetes", "pyhton developer" the backend of "python developer".
    respelled, near = _respelled(text)
    respelled = " ".join(JOB_ABBREVIATIONS.get(word, word) for word in respelled.split())
    if respelled != lowered:
        fields_found = {found[0] for found in out}
        out += [found for found in _rules(respelled, near) if found[0] not in fields_found]
    return tuple(out)


def _rules(text: str, near: bool) -> list[Found]:
    """What the parsers' rules find in a run of words: a workplace, a seniority, a role family, an employment type. A
    workplace or employment word of another language ("télétravail", "remoto") asks for that language too, softly."""
    out: list[Found] = []
    for place in workplaces(text, None):
        out.append(("workplace", place, "workplace", (place,), near))
    level = seniority(text + " ")  # "Sr" and "Jr" need a word after them
    if level:
        out.append(("seniority", level, "seniority", (level,), near))
    family = family_named(text)
    if family:
        out.append(("role", family, "role", (family,), near))
    kind = employment_named(text)
    if kind:
        out.append(("employment_type", kind, "employment_type", (kind,), near))
    if any(found[0] in ("workplace", "employment_type") for found in out):
        qualifiers = languages_of("titles", "qualifiers")
        lowered = text.lower()
        languages = qualifiers.get(lowered, frozenset()) | qualifiers.get(lowered.replace("-", " "), frozenset())
        if languages and "en" not in languages:  # "part-time" is Italian too, but English first
            codes = tuple(sorted(languages))
            out.append(("language", ",".join(codes), "language", codes, near))
    return out


def _respelled(text: str) -> tuple[str, bool]:
    """``text`` in lower case with every word that names a skill otherwise ("reactjs", "k8s") or misspells one
    ("pyhton") written as the skill's own name, and whether a misspelling was among them."""
    out: list[str] = []
    near = False
    for word in text.lower().split():
        tag = _known(word)
        if tag is None:
            spelling = _near_spelling(word)
            tag = vocabulary().known(spelling) if spelling else None
            near = near or tag is not None
        out.append(tag.replace("-", " ") if tag else word)
    return " ".join(out), near


def _known(lowered: str) -> str | None:
    """The skill a word names, as typed, in the plural or the singular, or with a version ("payment" names
    #payments, "algorithm" #algorithms, "vue3" #vue)."""
    tag = vocabulary().known(lowered)
    versioned = _VERSIONED.fullmatch(lowered)
    if tag is None and versioned:  # "vue3", "php8", "angular2": the skill of that version
        return vocabulary().known(versioned.group(1))
    if tag or not lowered.isalpha() or len(lowered) < 4:
        return tag
    for ending in _PLURAL_ENDINGS:
        if lowered.endswith(ending) and len(lowered) - len(ending) >= 3:
            tag = vocabulary().known(lowered[: -len(ending)])
            if tag:
                return tag
    plural = vocabulary().known(lowered + "s") if len(lowered) >= 5 else None
    return plural if plural and plural == lowered + "s" else None


@lru_cache(maxsize=1)
def _tags_by_word() -> dict[str, frozenset[str]]:
    """Every word of every skill's spelling -> the skills spelled with it ("aws" -> #aws-lambda, "ux" -> #ui-ux)."""
    found: dict[str, set[str]] = {}
    for spelling in vocabulary().spellings():
        tag = vocabulary().known(spelling)
        for word in re.split(r"[\s/\-]+", spelling):
            if word and tag:
                found.setdefault(word, set()).add(tag)
    return {word: frozenset(tags) for word, tags in found.items()}


def _kin(word: str, tag: str) -> tuple[str, ...]:
    """The skills of ``tag``'s category spelled with ``word`` as one of their words: what a posting tagged more
    narrowly says ("marketing" is said by #digital-marketing, "aws" by #aws-lambda, "spring" by #spring-boot, "ux" by
    #ui-ux). Only for a skill typed as one word."""
    skills = vocabulary().skills
    category = skills[tag].category if tag in skills else None
    if not category or not re.fullmatch(r"[\w.+#]+", word):
        return ()
    return tuple(sorted(t for t in _tags_by_word().get(word, ()) if t != tag and t in skills and skills[t].category == category))


def _singular(lowered: str) -> str:
    """A job noun or a skill's name without a plural ending ("engineers", "developers"); as typed otherwise."""
    for ending in _PLURAL_ENDINGS:
        stem = lowered[: -len(ending)]
        if lowered.endswith(ending) and len(stem) >= 3 and (stem in _DEVELOPER or vocabulary().known(stem) == stem):
            return stem
    return lowered


def _role_noun(lowered: str, near: bool) -> list[Found]:
    """A job noun: "developer" in any language matches the title, and one of another language asks for that language;
    a German or Dutch compound ending in one ("Softwareentwickler") too."""
    out: list[Found] = []
    lowered = _singular(lowered)
    compound = (
        next(
            (head for head in _DEVELOPER_HEADS if lowered.endswith(head) and len(lowered) - len(head) >= _MIN_COMPOUND_PREFIX),
            None,
        )
        if lowered.isalpha()
        else None
    )
    if (lowered in _DEVELOPER and has_role_noun(lowered)) or compound:
        out.append(("title", "developer", "title", DEVELOPER_WORDS, near))
    languages = languages_of("titles", "role_nouns").get(lowered) or (_DEVELOPER_HEADS.get(compound) if compound else None)
    if languages and "en" not in languages:
        codes = tuple(sorted(languages))
        out.append(("language", ",".join(codes), "language", codes, near))
    return out


@lru_cache(maxsize=1)
def _spellings_by_length() -> dict[tuple[int, str], tuple[str, ...]]:
    """The spellings a near miss is looked for among, by length and first letter: the skills' and the job nouns' made
    of letters. A slip keeps the first letter, or swaps it with the second (``_slip``), so only two groups are read."""
    by_length: dict[tuple[int, str], list[str]] = {}
    for spelling in dict.fromkeys([*vocabulary().spellings(), *_DEVELOPER]):
        if spelling.isalpha():
            by_length.setdefault((len(spelling), spelling[0]), []).append(spelling)
    return {key: tuple(spellings) for key, spellings in by_length.items()}


@lru_cache(maxsize=4096)
def _near_spelling(word: str) -> str | None:
    """The skill or job noun a word of letters misspells (within ``typo_distance``), the nearest; None for a short
    word, and for a word of the common words of any language ("scale" is no misspelled "scala")."""
    allowed = typo_distance(word)
    lowered = word.lower()
    if not allowed or not word.isalpha() or lowered in _COMMON_WORDS or lowered in _TOWN_HOMONYMS:
        return None
    best: tuple[int, str] | None = None
    buckets = _spellings_by_length()
    for length in range(len(lowered) - allowed, len(lowered) + allowed + 1):
        for spelling in (*buckets.get((length, lowered[0]), ()), *buckets.get((length, lowered[1]), ())):
            distance = edits(lowered, spelling, allowed)
            if distance <= allowed and (best is None or distance < best[0]) and _slip(lowered, spelling, distance):
                best = (distance, spelling)
    return best[1] if best else None


# Keys side by side on the keyboards of the postings' countries (QWERTY rows, QWERTZ's y/z, AZERTY's a/q and z/w).
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOUR_KEYS = frozenset(
    {frozenset(row[i : i + 2]) for row in _KEY_ROWS for i in range(len(row) - 1)}
    | {
        frozenset(top[i] + low[j])
        for top, low in itertools.pairwise(_KEY_ROWS)
        for i in range(len(top))
        for j in (i - 1, i)
        if 0 <= j < len(low)
    }
    | {frozenset("yz"), frozenset("aq"), frozenset("zw")}
)


def _slip(typed: str, spelling: str, distance: int) -> bool:
    """Whether ``typed`` looks like ``spelling`` mistyped rather than another word: a letter left out, doubled or
    added beside its key, two letters swapped, or a key beside the right one. Not a slip: another first letter
    ("entry" is no "sentry", "query" no "jquery"), a word the name only extends ("fluent" and "fluentd", "signal" and
    "signalr"), another last letter ("sprint" and "spring", "systems" and "systemd": another word or inflection), a
    letter replaced by a far key ("shift" and "swift", "sigma" and "figma"), a vowel the name lacks ("testing" and
    "testng", "solar" and "solr"). Two edits, on long words only, pass when neither replaces a letter."""
    if typed[0] != spelling[0] and typed[:2] != spelling[1::-1]:
        return False
    if spelling.startswith(typed) or (typed.startswith(spelling) and typed[-1] != typed[-2]):
        return False
    if distance != 1:
        return edits(typed, spelling, distance, replace=False) <= distance
    if len(typed) == len(spelling):
        different = [i for i, (a, b) in enumerate(zip(typed, spelling, strict=True)) if a != b]
        if len(different) != 1:
            return True  # two neighbours swapped
        i = different[0]
        return i != len(typed) - 1 and frozenset(typed[i] + spelling[i]) in _NEIGHBOUR_KEYS
    if len(typed) == len(spelling) + 1:  # a letter added: doubled, or a key beside a letter next to it
        return any(
            typed[:i] + typed[i + 1 :] == spelling and _beside(typed[i], typed[i - 1 : i] + typed[i + 1 : i + 2])
            for i in range(1, len(typed))
        )
    return True  # a letter left out


def _beside(letter: str, neighbours: str) -> bool:
    """Whether ``letter`` doubles one of ``neighbours`` or sits on a key beside one."""
    return any(letter == other or frozenset(letter + other) in _NEIGHBOUR_KEYS for other in neighbours)


def edits(a: str, b: str, limit: int, replace: bool = True) -> int:
    """Edits between ``a`` and ``b`` (insertions, deletions, substitutions, swaps of neighbours), or ``limit + 1``
    as soon as it is clear there are more than ``limit``. Without ``replace``, a substitution counts two edits (a
    letter left out and another added)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else (1 if replace else 2)
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _place(text: str, cued: bool = False) -> Found | None:
    """The place a run of words names. A word of everyday speech ("nice", "split", "more") names one only when
    capitalized or ``cued``, and a lower-case word a smaller town only when cued."""
    lowered = text.lower()
    lower_case = not text[:1].isupper()
    if lower_case and not cued and (lowered in _COMMON_WORDS or lowered in _TOWN_HOMONYMS):
        return None
    if lowered in _WORLDWIDE:
        return ("location", lowered, "location_keys", (location_key(lowered),), False)
    scope = scope_value(text, lambda _: None)
    if scope in _SCOPE_CONTINENTS and (len(text) > 2 or text.isupper()):
        continents = set(_SCOPE_CONTINENTS[scope])
        codes = sorted(code.lower() for continent in continents for code in continent_countries(continent))
        # ... and the remote postings open to a region over the same continents ("remote, EMEA" for "europe"), which
        # ``index.terms.location_keys`` keys by the region's name.
        scopes = sorted(name.lower() for name, over in _SCOPE_CONTINENTS.items() if continents & set(over))
        return ("region", scope, "location_keys", (*codes, *scopes), False)
    alias = _city_alias(text)
    if alias:  # "nyc", "SF", "LA" (after the everyday words above: "la" is an article unless capitalized or cued)
        return ("location", alias, "location_keys", (location_key(alias),), False)
    if len(text) < 4 and not (len(text) == 2 and text.isupper()) and lowered not in _SHORT_COUNTRY_NAMES:
        return None  # "de", "in", "and", "AND": words first; country codes are two capitals ("DE", "PL")
    gaz = gazetteer()
    code = gaz.country(text)
    if code:
        return ("location", code, "location_keys", (code.lower(),), False)
    city = gaz.city(text)
    if city and (city.population >= _MIN_CITY_POPULATION or not lower_case or cued):
        return ("location", city.name, "location_keys", (location_key(city.name),), False)
    region = gaz.region(text, None)
    if region and len(text) >= 4:
        return ("location", region[1], "location_keys", (location_key(region[1]),), False)
    return None


@lru_cache(maxsize=1024)
def _city_alias(text: str) -> str | None:
    """The city a short form names ("nyc" New York City, "sf" San Francisco), by the parsers' own aliases
    (``parsers.geo.canonical_place``): a word that is no city's name but that a posting's location resolves to one."""
    if " " in text or len(text) > 4 or gazetteer().city(text) is not None:
        return None
    city = canonical_place(Place(city=text)).city
    return city if city and city != text and gazetteer().city(city) is not None else None


def without(q: str, words: str) -> str:
    """``q`` with the first occurrence of ``words`` (as whole words, any case) taken out: what is left when
    those words become a filter instead."""
    pattern = re.compile(r"(?<![\w#])" + r"[\s\-]+".join(re.escape(w) for w in words.split()) + r"(?![\w])", re.IGNORECASE)
    return " ".join(pattern.sub(" ", q, count=1).split())


__all__ = [
    "DEVELOPER_WORDS",
    "FEMININE_DEVELOPER_WORDS",
    "FIELD_WEIGHTS",
    "JOB_ABBREVIATIONS",
    "KNOWN_TEXT_SHARE",
    "READING_WEIGHT",
    "SALARY_WEIGHT",
    "TYPO_WEIGHT",
    "Interpretation",
    "QueryTerm",
    "Reading",
    "SalaryWish",
    "Understood",
    "edits",
    "reading_weight",
    "typo_distance",
    "understand",
    "without",
]
