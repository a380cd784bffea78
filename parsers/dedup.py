"""One record per job: which postings are the same job, which one is a repost, and the merged record.

The same opening often reaches the board twice: from the company's ATS board and from the JSON-LD of its own
careers page, or from two ATS boards. The copies differ in noise only (a gender marker, "- Remote", a city
glued to the title, "Acme GmbH" vs "ACME"), so the decision is made on a normalized *job key*: the company
without case, accents and legal form, and the title's words as ``parsers.infer.title.clean_title`` leaves
them, without punctuation, in any order. Seniority words are kept ("Junior" vs "Senior" are two jobs), and so
is any team or product word ("Backend Engineer" vs "Backend Engineer, Payments"); only a stack named on one
side alone ("(Python)") is allowed to differ.

Relations between two records with the same key and compatible places:

- **same job**: read from two different sources (kind and host), posted at most ``SAME_JOB_DAYS`` apart;
- **repost**: the same source (a board lists a job once, so a second id there is a new posting), or two sources
  posted further apart, with the later one posted at most ``REPOST_DAYS`` after the earlier one, which is older
  or archived; the later record gets ``reposted_from`` = the earlier id;
- otherwise two jobs.

Canonical rule of a merged job (``canonical_order``): an ATS API source before a JSON-LD careers page before
frontmatter before plain text; then the richer record (a salary, then the longer description); then the
earliest posted; then the smaller id, so the choice never depends on arrival order. The merged record is the
canonical member's, listing every member in ``sources``; it is archived only when every source has dropped it.

Pure: no I/O beyond the parsers' own word lists; ``index.dedup`` applies it to an index.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property, lru_cache
from typing import Literal

from parsers.infer.title import clean_title, strip_company
from parsers.infer.vocabulary import words
from parsers.record import Posting, SourceKind, SourceRef

SAME_JOB_DAYS = 30
"""Two sources of one job publish it within this many days of each other (JSON-LD usually the same day)."""
REPOST_DAYS = 60
"""A posting under a new id at most this long after an earlier one of the same job is its repost."""

# Lower sorts first: which source's record a merged job shows.
_API_KINDS: frozenset[SourceKind] = frozenset(
    {"recruitee", "greenhouse", "lever", "ashby", "workable", "smartrecruiters", "personio", "teamtailor"}
)
_KIND_RANK: dict[str, int] = {"jsonld": 1, "frontmatter": 2, "text": 3}

Relation = Literal["same", "repost"]

# Words a company name ends with that are no part of its name, besides the legal forms of companies.yaml: more
# legal forms (Baltic, Czech, Asian) and the words a holding or a brand adds ("Fennel Holdings" is "Fennel").
_GENERIC_TAILS = (
    "corporation",
    "corp",
    "co",
    "company",
    "incorporated",
    "gmbh co kg",
    "uab",
    "ou",
    "sro",
    "s r o",
    "pte",
    "pvt",
    "private limited",
    "kft",
    "doo",
    "asa",
    "holding",
    "holdings",
    "technologies",
)
# Words that join the parts of a name, spelled differently by different sources ("Lark & Ledger", "Lark and Ledger").
_JOINERS = frozenset({"&", "and", "und", "en", "et", "y", "e"})
# Stack categories of the skills vocabulary: a title naming one ("(Python)") names the same role without it.
_STACK_CATEGORIES = frozenset({"language", "framework", "library", "database"})
# Spellings of one title word: abbreviations and compounds written apart or hyphenated.
_TITLE_WORDS = {
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "jnr": "junior",
    "mgr": "manager",
    "eng": "engineer",
    "dev": "developer",
    "ops": "operations",
    "&": "and",
    "und": "and",
    "fullstack": "fullstack",
    "frontend": "frontend",
    "backend": "backend",
}
_COMPOUNDS = re.compile(r"\b(full|front|back)[\s\-]+(stack|end)\b")
_GENDER_LEFTOVER = frozenset({"m", "w", "d", "f", "x", "mwd", "fmx", "fmd", "wmd", "mfd", "all", "genders", "gender", "div"})
_WORD = re.compile(r"[^\W_]+(?:\+\+|#)?|&", re.UNICODE)  # "c++" and "c#" stay words of their own


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """Lower case without accents ("Müller" -> "muller"); ß and ł kept as their nearest letters."""
    text = text.casefold().replace("ß", "ss").replace("ł", "l")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _legal_tails() -> tuple[tuple[str, ...], ...]:
    """The legal forms and generic tails as word tuples, longest first ("sp z o o", "gmbh", "inc")."""
    forms = {tuple(_WORD.findall(_fold(form))) for form in (*words("companies", "legal_forms"), *_GENERIC_TAILS)}
    return tuple(sorted((f for f in forms if f), key=len, reverse=True))


@lru_cache(maxsize=65536)
def company_key(name: str | None) -> str | None:
    """A company name as every source spells it: "ACME GmbH", "Acme, Inc." and "acme" are all "acme"."""
    if not name:
        return None
    tokens = _WORD.findall(_fold(name.replace("&amp;", "&")))
    if tokens[:1] == ["the"] and len(tokens) > 1:
        tokens = tokens[1:]
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for tail in _legal_tails():
            if len(tokens) > len(tail) and tuple(tokens[-len(tail) :]) == tail:
                tokens = tokens[: -len(tail)]
                changed = True
                break
    key = "".join(t for t in tokens if t not in _JOINERS)  # "Data Dog" and "DataDog" alike
    return key or None


@lru_cache(maxsize=1)
def _stack_words() -> frozenset[str]:
    from parsers.skills import vocabulary  # late: builds the automatons only when titles are compared

    vocab = vocabulary()
    tags = {tag for tag, skill in vocab.skills.items() if skill.category in _STACK_CATEGORIES}
    return frozenset(s for s in vocab.spellings() if vocab.known(s) in tags and " " not in s)


@dataclass(frozen=True)
class TitleKey:
    """A title's words, sorted: ``core`` without the stack words, ``stack`` those alone."""

    core: tuple[str, ...]
    stack: frozenset[str]


@lru_cache(maxsize=65536)
def title_key(title: str, company: str | None = None) -> TitleKey:
    """The words of a title that name the role, whatever noise each source adds around them."""
    cleaned = strip_company(clean_title(title) or title, company) or title
    text = _COMPOUNDS.sub(r"\1\2", _fold(cleaned.replace("&amp;", "&")))
    tokens = [_TITLE_WORDS.get(t, t) for t in _WORD.findall(text)]
    tokens = [t for t in tokens if t not in _GENDER_LEFTOVER or len(tokens) <= 2]
    stack = _stack_words()
    core = tuple(sorted(t for t in tokens if t not in stack))
    extra = frozenset(t for t in tokens if t in stack)
    if not core:  # a title that is only a stack ("Python") keeps it as its role
        return TitleKey(tuple(sorted(tokens)), frozenset())
    return TitleKey(core, extra)


def titles_match(a: TitleKey, b: TitleKey) -> bool:
    """The same role: the same words, or a stack named by one side only."""
    return a.core == b.core and (a.stack == b.stack or not a.stack or not b.stack)


@dataclass(frozen=True)
class Features:
    """What the decision reads from a record, computed once (``rebuild`` keeps only these in memory)."""

    id: str
    company: str | None
    title: TitleKey
    cities: frozenset[tuple[str | None, str]]
    countries: frozenset[str]
    remote: bool
    sources: frozenset[tuple[str, str | None]]
    posted_at: datetime | None
    archived: bool

    @cached_property  # read for every pair compared: made once
    def bucket(self) -> tuple[str, tuple[str, ...]] | None:
        """Records that may be one job share this; None when there is no company to compare."""
        return None if self.company is None else (self.company, self.title.core)


def dump_features(item: Features) -> str:
    """Features as JSON (``load_features`` reads them back equal), for a store of what stored records compare by."""
    posted = item.posted_at.isoformat() if item.posted_at else None
    title = [list(item.title.core), sorted(item.title.stack)]
    places = [[list(c) for c in item.cities], sorted(item.countries), item.remote]
    return json.dumps([item.id, item.company, title, places, [list(s) for s in item.sources], posted, item.archived])


@lru_cache(maxsize=16384)
def load_features(text: str) -> Features:
    """Features dumped by ``dump_features`` (a job key's rows are read again by every batch that adds to it)."""
    ident, company, (core, stack), (cities, countries, remote), sources, posted, archived = json.loads(text)
    return Features(
        id=ident,
        company=company,
        title=TitleKey(tuple(core), frozenset(stack)),
        cities=frozenset((cc, name) for cc, name in cities),
        countries=frozenset(countries),
        remote=remote,
        sources=frozenset((kind, host) for kind, host in sources),
        posted_at=datetime.fromisoformat(posted) if posted else None,
        archived=archived,
    )


def features(record: Posting) -> Features:
    """The normalized view of a record the matcher compares."""
    places = record.location.places
    cities = frozenset((p.country_code, _fold(p.city)) for p in places if p.city)
    countries = frozenset(p.country_code for p in places if p.country_code)
    if record.sources:
        sources = frozenset((ref.kind, (ref.host or "").lower() or None) for ref in record.sources)
    else:  # its own source, as ``SourceRef.of`` would list it (without building one: this runs per record written)
        sources = frozenset({(record.source.kind, (record.source.host or "").lower() or None)})
    return Features(
        id=record.id,
        company=company_key(record.company.name),
        title=title_key(record.title, record.company.name),
        cities=cities,
        countries=countries,
        remote="remote" in record.location.workplace,
        sources=sources,
        posted_at=record.posted_at,
        archived=record.archived,
    )


KEYS_REVISION = 1
"""Raised whenever the code behind the job keys changes: stores of keys made before (``index.dedup``) are remade."""


@lru_cache(maxsize=1)
def keys_fingerprint() -> str:
    """What the job keys depend on (this module's rules and revision, the legal forms, the stack words): keys
    stored under another fingerprint may no longer be the keys the records have now."""
    parts = (
        str(KEYS_REVISION),
        repr(sorted(_legal_tails())),  # sorted: their order among equal lengths follows set iteration
        repr(sorted(_stack_words())),
        repr(sorted(_TITLE_WORDS.items())),
        repr(sorted(_GENDER_LEFTOVER)),
        repr(sorted(_JOINERS)),
    )
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=12).hexdigest()


def bucket_text(bucket: tuple[str, tuple[str, ...]] | None) -> str | None:
    """A job key as one string (company, then the title's words), for storing and looking up."""
    return None if bucket is None else bucket[0] + "\x1f" + " ".join(bucket[1])


def places_compatible(a: Features, b: Features) -> bool:
    """Overlapping city (or a country where one side names no city), remote on both, or no place on one side."""
    if not (a.cities or a.countries) or not (b.cities or b.countries):
        return True
    if a.cities and b.cities:
        names_a = {name for _, name in a.cities}
        if names_a & {name for _, name in b.cities}:
            return True
        return a.remote and b.remote and bool(a.countries & b.countries)
    # One side (or both) names only countries: they must share one.
    return bool(a.countries & b.countries)


def _days_apart(a: datetime | None, b: datetime | None) -> float | None:
    if a is None or b is None:
        return None
    return abs((a - b).total_seconds()) / 86400


def relation(a: Features, b: Features) -> Relation | None:
    """How two records relate: one job from two sources, a repost of the earlier one, or nothing."""
    if a.id == b.id:
        return "same"
    if a.bucket is None or a.bucket != b.bucket or not titles_match(a.title, b.title):
        return None
    apart = _days_apart(a.posted_at, b.posted_at)
    if apart is not None and apart > REPOST_DAYS:
        return None  # too far apart for either relation (checked first: the cheapest test of a key's many pairs)
    if not places_compatible(a, b):
        return None
    if not (a.sources & b.sources) and (apart is None or apart <= SAME_JOB_DAYS):
        return "same"
    if apart is None or apart > REPOST_DAYS:
        return None
    earlier, later = (a, b) if a.posted_at <= b.posted_at else (b, a)  # type: ignore[operator]
    if apart == 0 and not earlier.archived:
        return None  # two live postings of one day on one board: two openings
    if later.archived and not earlier.archived:
        return None
    return "repost"


def same_job(a: Posting, b: Posting) -> bool:
    """Whether two records are one job read from two sources (and so become one record)."""
    return relation(features(a), features(b)) == "same"


def reposted_from(later: Posting, earlier: Posting) -> bool:
    """Whether ``later`` is a repost of ``earlier`` (and so links to it)."""
    fa, fb = features(later), features(earlier)
    return relation(fa, fb) == "repost" and fa.posted_at is not None and fb.posted_at is not None and fb.posted_at <= fa.posted_at


# ------------------------------------------------------------------ grouping and merging


def group_features(items: Sequence[Features]) -> list[list[int]]:
    """Indexes of ``items`` grouped into jobs, each group in input order.

    Pairs that are the same job join their groups, closest in time first, unless the two groups share a source:
    a board lists a job once, so two of its postings are two jobs (or a repost), never one.
    """
    parent = list(range(len(items)))
    sources = [set(item.sources) for item in items]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    buckets: dict[object, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        buckets[item.bucket if item.bucket is not None else ("", item.id)].append(i)
    pairs: list[tuple[float, str, str, int, int]] = []
    for members in buckets.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if relation(items[i], items[j]) == "same":
                    apart = _days_apart(items[i].posted_at, items[j].posted_at)
                    first, second = sorted((items[i].id, items[j].id))
                    pairs.append((float("inf") if apart is None else apart, first, second, i, j))
    for *_, i, j in sorted(pairs):  # by closeness, then ids: the same groups whatever the input order
        a, b = find(i), find(j)
        if a != b and not (sources[a] & sources[b]):
            parent[b] = a
            sources[a] |= sources[b]
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[find(i)].append(i)
    return list(groups.values())


def group(records: Sequence[Posting]) -> list[list[Posting]]:
    """The records grouped into jobs: each inner list is one job's copies, from as many sources."""
    return [[records[i] for i in members] for members in group_features([features(r) for r in records])]


def canonical_order(record: Posting) -> tuple[int, int, int, float, str]:
    """Sort key of the canonical rule: API source, JSON-LD, frontmatter, text; salary; description; earliest; id."""
    kind = 0 if record.source.kind in _API_KINDS else _KIND_RANK.get(record.source.kind, 4)
    posted = record.posted_at.timestamp() if record.posted_at else float("inf")
    return (kind, 0 if record.salary else 1, -len(record.description), posted, record.id)


def merge(members: Iterable[Posting]) -> Posting:
    """One record for one job: the canonical member's, listing every member's source, live while any source is.

    A member that is itself a merged record brings its own ``sources``; a member id given twice counts once
    (the later copy wins, as an update does).
    """
    by_id: dict[str, Posting] = {}
    for member in members:
        by_id[member.id] = member
    if not by_id:
        raise ValueError("merge needs at least one record")
    if len(by_id) == 1:
        (only,) = by_id.values()
        if not only.sources:
            return only  # one record of one source is its own job, as it is (most jobs: no copy made)
    ordered = sorted(by_id.values(), key=canonical_order)
    base = ordered[0]
    refs: dict[str, SourceRef] = {}
    for member in ordered:
        for ref in member.sources or [SourceRef.of(member)]:
            if ref.id == member.id or ref.id not in by_id:  # a member's own record beats a copy of its ref
                refs.setdefault(ref.id, ref)
    if len(refs) == 1:
        return base.model_copy(update={"sources": []})
    listed = list(refs.values())
    repost = next((m.reposted_from for m in ordered if m.reposted_from and m.reposted_from not in refs), None)
    return base.model_copy(
        update={
            "sources": listed,
            "archived": all(ref.archived for ref in listed),
            "reposted_from": repost,
        }
    )


def repost_links(jobs: Sequence[Features]) -> dict[str, str]:
    """For each job that reposts an earlier one: its id -> the id of the most recent earlier job it reposts."""
    buckets: dict[object, list[Features]] = defaultdict(list)
    for job in jobs:
        if job.bucket is not None and job.posted_at is not None:
            buckets[job.bucket].append(job)
    links: dict[str, str] = {}
    for members in buckets.values():
        members.sort(key=lambda f: (f.posted_at, f.id))
        for x, later in enumerate(members):
            for earlier in reversed(members[:x]):
                if later.posted_at - earlier.posted_at > timedelta(days=REPOST_DAYS):  # type: ignore[operator]
                    break
                if relation(later, earlier) == "repost":
                    links[later.id] = earlier.id
                    break
    return links


def dedupe(records: Sequence[Posting]) -> list[Posting]:
    """Every job once (merged), each repost linked to the job it reposts: what a search should show."""
    jobs = [merge(members) for members in group(records)]
    links = repost_links([features(job) for job in jobs])
    return [job.model_copy(update={"reposted_from": links[job.id]}) if job.id in links else job for job in jobs]
