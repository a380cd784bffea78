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

import itertools
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
from parsers.infer.vocabulary import languages_of, lowered
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
_FIELD_WEIGHTS: dict[str, float] = {"title": 3.0, "language": 5.0}
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
    text: str | None = None  # also matched as text: the skill's own name when the words are another ("k8s"), the
    # job noun's spelling when they misspell it ("devloper")

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
    # Words a reading covers as typed, or a misspelled job noun whose reading matches its right spelling as text: their
    # own text counts a share. A misspelled skill stays text in full: it may be a word the vocabularies lack.
    known: frozenset[int] = field(default_factory=frozenset)

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
    known = frozenset(i for r in readings if not r.near or r.field == "title" for i in range(r.start, r.end))
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
                inner = fld not in _NAMED_FIELDS and any(
                    (a, b, fld, value) in seen for a in range(start, end) for b in range(a + 1, end + 1) if (a, b) != (start, end)
                )
                if inner:
                    continue
                seen.add((start, end, fld, value))
                alternative = value if fld == "hashtags" and value != text.lower() else None
                if near and fld == "title":  # "devloper" also finds the text "developer"
                    alternative = _near_spelling(text)
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
def _vocabularies(text: str, cued: bool = False) -> tuple[Found, ...]:
    """What the vocabularies say a run of words is, for each that knows it; ``cued``: the run follows a place cue."""
    out: list[Found] = list(_rules(text, near=False))
    lowered = text.lower()
    tag = vocabulary().known(text)
    if tag:
        out.insert(0, ("hashtags", tag, "hashtags", (tag,), False))
    out += _role_noun(lowered, near=False)
    if not out:  # a place only when nothing else: "mobile" is a role before it is a town in Alabama
        place_found = _place(text, cued)
        if place_found:
            out.append(place_found)
    if not out:  # a skill or a job noun typed one or two edits away: "pyhton", "kubernets", "entwikler"
        spelling = _near_spelling(text)
        tag = vocabulary().known(spelling) if spelling else None
        if tag:
            out.append(("hashtags", tag, "hashtags", (tag,), True))
        elif spelling:
            out += _role_noun(spelling, near=True)
    # The rules again with each skill spelled as the vocabulary's own name: "reactjs developer" is the frontend role
    # that "react developer" is, "k8s" the devops of "kubernetes", "pyhton developer" the backend of "python developer".
    respelled, near = _respelled(text)
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
        tag = vocabulary().known(word)
        if tag is None:
            spelling = _near_spelling(word)
            tag = vocabulary().known(spelling) if spelling else None
            near = near or tag is not None
        out.append(tag.replace("-", " ") if tag else word)
    return " ".join(out), near


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
        for spelling in buckets.get(length, ()):
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
    """Whether one edit between ``typed`` and ``spelling`` looks like a slip of the fingers: a letter left out, doubled
    or added, two letters swapped, or a key beside the right one. A letter replaced by a far one is more often another
    word ("shift" and "swift", "sigma" and "figma", "string" and "spring"). Two edits, on long words only, pass."""
    if distance != 1 or len(typed) != len(spelling):
        return True
    different = [i for i, (a, b) in enumerate(zip(typed, spelling, strict=True)) if a != b]
    if len(different) != 1:
        return True  # two neighbours swapped
    i = different[0]
    return frozenset(typed[i] + spelling[i]) in _NEIGHBOUR_KEYS


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
        codes = sorted(code.lower() for continent in _SCOPE_CONTINENTS[scope] for code in continent_countries(continent))
        return ("region", scope, "location_keys", tuple(codes), False)
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
