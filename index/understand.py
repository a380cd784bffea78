"""How a search's free text is read: which words name a skill, a place, a workplace, a role, a seniority or an
employment type, by the same vocabularies the parsers fill those fields with.

People type "rails remote", "python berlin", "senior data engineer poland", "#django". Each word stays text
(BM25 over title, company, summary, description); a word or a few words that a vocabulary knows also become a
*reading*: a clause on the keyword field the parsers filled from the same words, so a place or a skill that
sits in a field and not in the prose still counts. ``"quoted phrases"`` stay text, ``#tag`` is a hard hashtag
filter. Both backends build their queries from one ``Understood``, so they read a query alike, and the answer
carries the same reading as an ``Interpretation`` (the API shows it, the page turns it into chips).

Pure: no index, no I/O beyond the parsers' own tables; cached per text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field

from index.terms import location_key
from parsers.geo import continent_countries, gazetteer
from parsers.infer import seniority, workplaces
from parsers.infer.employment import employment_named
from parsers.infer.role import family_named
from parsers.infer.scope import scope_value
from parsers.infer.title import has_role_noun
from parsers.infer.vocabulary import languages_of
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
# A role noun of another language ("Entwickler") asks for postings in that language first, softly.
_FIELD_WEIGHTS: dict[str, float] = {"title": 3.0, "language": 3.0}
MAX_SPAN = 3  # the longest run of words read together ("ruby on rails", "head of product")
MAX_WORDS = 32
MAX_PHRASES = 8
MAX_TAGS = 16


def reading_weight(reading: Reading) -> float:
    """What a posting gains when its field matches a reading (the same on both backends)."""
    return _FIELD_WEIGHTS.get(reading.field, READING_WEIGHT)


def typo_distance(word: str) -> int:
    """How many edits a text word may be away from a match: none under 5 letters, 1 from 5, 2 from 8."""
    letters = sum(ch.isalpha() for ch in word)
    if letters >= 8:
        return 2
    return 1 if letters >= 5 else 0


# ------------------------------------------------------------------ vocabularies not in the parsers' fields

# The noun "developer" in the eight languages of the postings: "Entwickler" finds a "Python Developer" too.
# Every one is a role noun of the title vocabulary (``parsers.infer.title.has_role_noun``; a test checks it).
DEVELOPER_WORDS = (
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
_DEVELOPER = frozenset(DEVELOPER_WORDS)
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
_MIN_CITY_POPULATION = 50_000  # a lower-case word names a smaller town only when capitalized ("split", "of")

# ------------------------------------------------------------------ the reading


# Fields whose vocabularies name whole runs of words (skills, places), rather than find a word inside them.
_NAMED_FIELDS = frozenset({"hashtags", "location", "region"})
ReadingField = Literal["hashtags", "location", "workplace", "role", "seniority", "employment_type", "language", "region", "title"]
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
    text: str | None = None  # also matched as text: the skill's own name when the words are another ("k8s")

    @property
    def filterable(self) -> bool:
        return self.field in FILTER_FIELDS and (self.field != "language" or len(self.keys) == 1)


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
    known: frozenset[int] = field(default_factory=frozenset)  # words a reading covers as typed, not misspelled

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
        "region (a remote scope such as Europe) or title (a job noun in any language).",
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
_WORD = re.compile(r"[\w][\w+#.\-]*")


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
    words = tuple(w for w in (m.strip(".-") for m in _WORD.findall(rest)) if w)[:MAX_WORDS]
    last = q.split()[-1] if q.split() else ""
    prefix = words[-1] if words and not q.endswith((" ", '"')) and not last.startswith("#") else None
    readings = _readings(words, frozenset(literal))
    covered = frozenset(i for r in readings for i in range(r.start, r.end))
    known = frozenset(i for r in readings if not r.near for i in range(r.start, r.end))
    return Understood(
        words=words,
        readings=tuple(readings),
        phrases=tuple(phrases),
        tags=tuple((typed, tag) for tag, typed in list(tags.items())[:MAX_TAGS]),
        prefix=prefix,
        literal=literal,
        covered=covered,
        known=known,
    )


def _readings(words: tuple[str, ...], literal: frozenset[str]) -> list[Reading]:
    """Every reading of every run of up to ``MAX_SPAN`` words. A run that a rule finds (role, seniority, workplace,
    employment type) counts only for what none of its parts says alone ("python developer" is a backend role;
    "senior berlin" is two readings); a reading inside a longer one of the same field gives way to it ("york" in
    "new york", "rails" in "ruby on rails")."""
    found: list[Reading] = []
    seen: set[tuple[int, int, str, str]] = set()
    for size in range(1, MAX_SPAN + 1):
        for start in range(len(words) - size + 1):
            end = start + size
            if any(w.lower() in literal for w in words[start:end]):
                continue
            text = " ".join(words[start:end])
            for fld, value, index_field, keys, near in _vocabularies(text):
                inner = fld not in _NAMED_FIELDS and any(
                    (a, b, fld, value) in seen for a in range(start, end) for b in range(a + 1, end + 1) if (a, b) != (start, end)
                )
                if inner:
                    continue
                seen.add((start, end, fld, value))
                alternative = value if fld == "hashtags" and value != text.lower() else None
                found.append(Reading(text, start, end, fld, value, index_field, keys, near, alternative))
    return [
        r
        for r in found
        if not any(
            o is not r and o.field == r.field and o.start <= r.start and r.end <= o.end and o.end - o.start > r.end - r.start
            for o in found
        )
    ]


Found = tuple[ReadingField, str, str, tuple[str, ...], bool]  # field, value, index field, index keys, misspelled


@lru_cache(maxsize=4096)
def _vocabularies(text: str) -> tuple[Found, ...]:
    """What the vocabularies say a run of words is, for each that knows it."""
    out: list[Found] = []
    lowered = text.lower()
    tag = vocabulary().known(text)
    if tag:
        out.append(("hashtags", tag, "hashtags", (tag,), False))
    for place in workplaces(text, None):
        out.append(("workplace", place, "workplace", (place,), False))
    level = seniority(text + " ")  # "Sr" and "Jr" need a word after them
    if level:
        out.append(("seniority", level, "seniority", (level,), False))
    family = family_named(text)
    if family:
        out.append(("role", family, "role", (family,), False))
    kind = employment_named(text)
    if kind:
        out.append(("employment_type", kind, "employment_type", (kind,), False))
    out += _role_noun(lowered, near=False)
    if not out:  # a place only when nothing else: "mobile" is a role before it is a town in Alabama
        place_found = _place(text)
        if place_found:
            out.append(place_found)
    if not out:  # a skill or a job noun typed one or two edits away: "pyhton", "kubernets", "entwikler"
        spelling = _near_spelling(text)
        tag = vocabulary().known(spelling) if spelling else None
        if tag:
            out.append(("hashtags", tag, "hashtags", (tag,), True))
        elif spelling:
            out += _role_noun(spelling, near=True)
    return tuple(out)


def _role_noun(lowered: str, near: bool) -> list[Found]:
    """A job noun: "developer" in any language matches the title, and one of another language asks for that language."""
    out: list[Found] = []
    if lowered in _DEVELOPER and has_role_noun(lowered):
        out.append(("title", "developer", "title", DEVELOPER_WORDS, near))
    languages = languages_of("titles", "role_nouns").get(lowered)
    if languages and "en" not in languages:
        codes = tuple(sorted(languages))
        out.append(("language", ",".join(codes), "language", codes, near))
    return out


@lru_cache(maxsize=1)
def _spellings_by_length() -> dict[int, tuple[str, ...]]:
    """The spellings a near miss is looked for among, by length: the skills' and the job nouns' made of letters."""
    by_length: dict[int, list[str]] = {}
    for spelling in dict.fromkeys([*vocabulary().spellings(), *_DEVELOPER]):
        if spelling.isalpha():
            by_length.setdefault(len(spelling), []).append(spelling)
    return {length: tuple(spellings) for length, spellings in by_length.items()}


def _near_spelling(word: str) -> str | None:
    """The skill or job noun a word of letters misspells (within ``typo_distance``), the nearest; None for a short word."""
    allowed = typo_distance(word)
    if not allowed or not word.isalpha():
        return None
    lowered = word.lower()
    best: tuple[int, str] | None = None
    buckets = _spellings_by_length()
    for length in range(len(lowered) - allowed, len(lowered) + allowed + 1):
        for spelling in buckets.get(length, ()):
            distance = edits(lowered, spelling, allowed)
            if distance <= allowed and (best is None or distance < best[0]):
                best = (distance, spelling)
    return best[1] if best else None


def edits(a: str, b: str, limit: int) -> int:
    """Edits between ``a`` and ``b`` (insertions, deletions, substitutions, swaps of neighbours), or ``limit + 1``
    as soon as it is clear there are more than ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _place(text: str) -> Found | None:
    lowered = text.lower()
    if lowered in _WORLDWIDE:
        return ("location", lowered, "location_keys", (location_key(lowered),), False)
    scope = scope_value(text, lambda _: None)
    if scope in _SCOPE_CONTINENTS and (len(text) > 2 or text.isupper()):
        codes = sorted(code.lower() for continent in _SCOPE_CONTINENTS[scope] for code in continent_countries(continent))
        return ("region", scope, "location_keys", tuple(codes), False)
    if len(text) < 4 and not (len(text) == 2 and text.isupper()) and lowered not in _SHORT_COUNTRY_NAMES:
        return None  # "de", "in", "and", "AND": words first; country codes are two capitals ("DE", "PL")
    gaz = gazetteer()
    code = gaz.country(text)
    if code:
        return ("location", code, "location_keys", (code.lower(),), False)
    city = gaz.city(text)
    if city and (city.population >= _MIN_CITY_POPULATION or text[:1].isupper()):
        return ("location", city.name, "location_keys", (location_key(city.name),), False)
    region = gaz.region(text, None)
    if region and len(text) >= 4:
        return ("location", region[1], "location_keys", (location_key(region[1]),), False)
    return None


def without(q: str, words: str) -> str:
    """``q`` with the first occurrence of ``words`` (as whole words, any case) taken out: what is left when
    those words become a filter instead."""
    pattern = re.compile(r"(?<![\w#])" + r"\s+".join(re.escape(w) for w in words.split()) + r"(?![\w])", re.IGNORECASE)
    return " ".join(pattern.sub(" ", q, count=1).split())


__all__ = [
    "DEVELOPER_WORDS",
    "KNOWN_TEXT_SHARE",
    "READING_WEIGHT",
    "TYPO_WEIGHT",
    "Interpretation",
    "QueryTerm",
    "Reading",
    "Understood",
    "edits",
    "reading_weight",
    "typo_distance",
    "understand",
    "without",
]
