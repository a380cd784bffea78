"""Hashtags from the curated skills vocabulary in ``data/skills.yaml``.

Matching runs one Aho-Corasick pass over the lower-cased text (plus, for the few
case-sensitive spellings such as ``Go`` and ``R``, one regex whose alternatives all
open with a capital, so the engine only stops at capitals), keeps matches that sit
on word boundaries and prefers the longest overlapping one, so ``Node.js`` is
``node.js`` and not also ``javascript``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import ahocorasick
import yaml

from parsers.infer.scan import common_first, lower_cached
from parsers.infer.vocabulary import trie_pattern

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Skill:
    tag: str
    category: str


class Vocabulary:
    """Canonical tags, their aliases and the automatons that find them in text."""

    def __init__(self, entries: list[dict[str, object]]) -> None:
        self.skills: dict[str, Skill] = {}
        self._alias: dict[str, str] = {}
        folded_tags: dict[str, str] = {}  # a spelling two entries claim is the later one's, as add_word would make it
        cased: dict[str, str] = {}
        for entry in entries:
            tag = str(entry["tag"])
            self.skills[tag] = Skill(tag, str(entry.get("category", "")))
            aliases = [str(a) for a in entry.get("aliases") or []]  # type: ignore[attr-defined]
            self._alias.setdefault(tag, tag)
            # A tag with case-sensitive spellings ("Go", "R") is found in text only through them and its aliases.
            for spelling in aliases if entry.get("cased") else [tag, *aliases]:
                key = spelling.lower()
                self._alias.setdefault(key, tag)
                folded_tags[key] = tag
            for spelling in entry.get("cased") or []:  # type: ignore[attr-defined]
                spelling = str(spelling)
                self._alias.setdefault(spelling.lower(), tag)
                cased[spelling] = tag  # a spelling two entries claim is the later one's
        folded = ahocorasick.Automaton()
        for key in sorted(folded_tags, key=common_first):
            folded.add_word(key, (len(key), folded_tags[key]))
        folded.make_automaton()
        self._folded = folded
        self._cased = cased
        self._cased_pattern = _leftmost_longest(cased) if cased else None

    def __len__(self) -> int:
        return len(self.skills)

    def canonical(self, raw: str) -> str | None:
        """The canonical tag for a user- or author-given hashtag, or a cleaned spelling of an unknown one."""
        key = raw.strip().lstrip("#").strip().lower()
        key = _SPACES.sub(" ", key)
        if not key:
            return None
        tag = self._alias.get(key)
        if tag:
            return tag
        cleaned = _SPACES.sub("-", key)
        cleaned = _UNSAFE_TAG.sub("", cleaned).strip("-")
        return cleaned[:50] or None

    def known(self, raw: str) -> str | None:
        """The canonical tag for a spelling the vocabulary knows (``js`` -> ``javascript``), else None."""
        return self._alias.get(raw.strip().lstrip("#").lower())

    def spellings(self) -> tuple[str, ...]:
        """Every spelling ``known`` takes, in lower case: tags and aliases (for near misses typed in a search)."""
        return tuple(self._alias)

    def find(self, text: str) -> list[str]:
        """Canonical tags named in ``text``, in order of first appearance."""
        if not text:
            return []
        return list(dict.fromkeys(tag for _, _, tag in self._spans(text)))

    @staticmethod
    def _collect(automaton: ahocorasick.Automaton, text: str, out: list[tuple[int, int, str]]) -> None:
        """Leftmost-longest matches only: "javascript" is not also "java" and "script".

        ``_on_boundaries`` written out in the loop: most matches are short aliases inside longer words
        ("ai" in "maintain"), refused by the first test, and a call per match was the loop's main cost.
        """
        size = len(text)
        for end_index, (length, tag) in automaton.iter_long(text):
            start = end_index - length + 1
            if start > 0 and text[start].isalnum():
                before = text[start - 1]
                if before.isalnum() or before == "_":
                    continue
            end = end_index + 1
            if end < size and text[end_index].isalnum():
                after = text[end]
                if (after.isalnum() or after == "_") and not (length >= 5 and _inflected(text, end)):
                    continue
            if length == 1 and not _lone_letter_ok(text, start, end):
                continue
            out.append((start, end, tag))

    def _collect_cased(self, text: str, out: list[tuple[int, int, str]]) -> None:
        if self._cased_pattern is None:
            return
        for match in self._cased_pattern.finditer(text):
            start, end = match.span()
            if _on_boundaries(text, start, end) and not _compound_word(text, end):
                out.append((start, end, self._cased[match.group()]))

    def _spans(self, text: str, lowered: str | None = None) -> list[tuple[int, int, str]]:
        """Matches as (start, end, tag), left to right, without those inside a longer overlapping one."""
        spans: list[tuple[int, int, str]] = []
        if lowered is None:
            lowered = lower_cached(text)
        self._collect(self._folded, lowered, spans)
        if len(lowered) != len(text):  # rare case-mapping that changes length: search the lowered text only
            return spans
        size = len(spans)
        self._collect_cased(text, spans)
        if len(spans) == size:
            # The automaton's long matches come left to right without overlaps: nothing to order or drop.
            return spans
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        kept: list[tuple[int, int, str]] = []
        end_of_last = -1
        for span in spans:
            if span[0] < end_of_last:
                continue  # overlaps a longer, earlier match
            end_of_last = span[1]
            kept.append(span)
        return kept

    def hashtags(self, given: list[str], *texts: str | None, title: str | None = None) -> list[str]:
        """Author-given and found tags, by salience, since cards show the first few.

        Salience: named in the title, then in a requirements or skills section, then given by the
        author, then in a nice-to-have section or sentence ("TypeScript is a plus"), then named anywhere
        else. Ties keep the author's order, then the text's. Given tags
        that are not skills (internal codes such as ``e4``, numbers, single letters) are dropped.
        Re-parsing a written record keeps the order: its tags come back as given, with the same ranks.
        """
        parts = [t for t in texts if t]
        body = "\n".join(parts)
        text = f"{title}\n{body}" if title else body
        rank: dict[str, float] = {}
        if text:
            # The lower case put together from the parts' (the description's is cached by the inference passes):
            # lower-casing maps each character on its own, but for the final sigma, which a line end bounds.
            lowered = "\n".join(lower_cached(t) for t in parts)
            if title:
                lowered = f"{title.lower()}\n{lowered}"
            title_end = len(title) if title else 0
            sections = _requirement_sections(text, lowered)
            welcome: dict[int, bool] = {}  # sentence start: whether it only welcomes its skills
            for start, _, tag in self._spans(text, lowered):
                if start < title_end:
                    level = 0.0
                else:
                    level = 2.0
                    for a, b, section_level in sections:  # a loop, not any(): this runs for every match of every posting
                        if a <= start < b:
                            level = section_level
                            break
                    if level < _BONUS:  # a requirement's sentence may still call its skill a plus
                        begin, end = _sentence_of(text, start)
                        only = welcome.get(begin)
                        if only is None:
                            only = welcome[begin] = _welcome_only(text, lowered, begin, end)
                        if only:
                            level = _BONUS
                if level < rank.get(tag, 3.0):
                    rank[tag] = level
        result: dict[str, float] = {}
        for raw in given:
            kept = self.known(raw) or self._plausible(raw)
            if kept and kept not in result:
                result[kept] = min(rank.get(kept, _GIVEN), _GIVEN)
        for tag, level in rank.items():
            result.setdefault(tag, level)
        return sorted(result, key=result.__getitem__)  # stable: ties keep the order above

    def _plausible(self, raw: str) -> str | None:
        """A cleaned unknown tag that reads like a skill name, else None (``e4``, ``12``, ``x``)."""
        tag = self.canonical(raw)
        if not tag or len(tag) < 2 or _CODE_LIKE.fullmatch(tag):
            return None
        return tag


_SPACES = re.compile(r"\s+")
_UNSAFE_TAG = re.compile(r"[^\w+#./-]")


# Rank of an author-given tag the title and requirements do not name: before the rest of the text.
_GIVEN = 1.5
# Rank of a skill the posting would welcome on top ("nice to have", "ein Plus"): after the requirements and the
# author's tags, before the rest of the text.
_BONUS = 1.75
# Internal codes and numbers that sources put in tag fields: "e4", "x12", "2024", "a-1".
_CODE_LIKE = re.compile(r"[^a-z]*|[a-z]{1,2}[-_.]?\d+[a-z]?|\d+[a-z]{0,2}")
# Case endings a skill name takes in inflected languages ("w Pythonie", "z Dockerem", "Jenkinsa").
_INFLECTION = re.compile(r"(?:a|u|em|ie|ze|ą|owi|ach|ami|om)(?![\w])")
# Lines that open what a posting requires, in the eight languages of the postings (matched on short lines).
_REQUIREMENT_HEADING = re.compile(
    r"[ \t#*>_-]*(?:"
    # a possessive, then "profile" in any of the eight languages: "Your profile", "Il tuo profilo", "O seu perfil"
    r"(?:(?:your|dein|ihr|ton|votre|tu|su|seu|o\s+seu|teu|o\s+teu|il\s+tuo|tuo|tw[óo]j|jouw|je|uw)\s+)?"
    r"(?:profile?|perfil|profilo|profiel)\b"
    # "Required qualifications", "Technical skills", "Key requirements", "Technical stack"
    r"|(?:(?:required|minimum|basic|key|essential|core|technical|hard|must[\s-]have)\s+)?"
    r"(?:requirements?|qualifications?|skills|stack)|tech(?:nical|nology)?\s+stack|must[\s-]haves?"
    r"|(?:here(?:['’]s|\s+is)\s+)?what\s+(?:you(?:['’]ll)?\s+(?:bring|need)|we(?:['’]re)?\s+(?:are\s+)?looking\s+for)|about\s+you\b|who\s+you\s+are"
    r"|anforderungen|voraussetzungen|qualifikation|kenntnisse|was\s+(?:du|sie)\s+mitbring|das\s+bring(?:st|en)\s+(?:du|sie)\s+mit"
    r"|profil\s+recherch|ce\s+que\s+nous\s+recherchons|comp[ée]tences|pr[ée]requis"
    r"|requisitos|requerimientos|lo\s+que\s+(?:buscamos|pedimos)|qu[ée]\s+buscamos|o\s+que\s+(?:procuramos|buscamos)"
    r"|qualifica[çc][õo]es|requisiti|competenze|cosa\s+(?:cerchiamo|chiediamo)"
    r"|wymagania|oczekujemy|czego\s+oczekujemy|umiej[ęe]tno[śs]ci"
    r"|functie-?eisen|vereisten|wat\s+(?:breng\s+je|vragen\s+wij|wij\s+vragen))",
    re.IGNORECASE,
)
# Lines that open what would be welcome on top ("Nice to have", "Bonus points", "Mile widziane", "Von Vorteil",
# "Un plus"): its skills rank after the requirements'. One trie of phrases, so the search at each line start is cheap.
_BONUS_HEADINGS = (
    "nice to have", "nice to haves", "good to have", "bonus", "bonus points", "big plus", "a plus", "plus", "pluses",
    "pluspunkte", "preferred", "it would be great if", "it would be nice if", "great if", "nice if", "optional",
    "wünschenswert", "wunschenswert", "von vorteil", "idealerweise", "c'est un plus", "un plus", "un atout", "atouts",
    "les atouts", "souhaité", "souhaite", "apprécié", "apprecie", "se valorará", "se valorara", "valorable",
    "deseable", "será un plus", "diferencial", "diferenciais", "desejável", "desejavel", "desejáveis", "gradito",
    "gradita", "graditi", "gradite", "costituisce titolo", "mile widziane", "mile widziana", "dodatkowo",
    "dodatkowym atutem", "atutem", "pluspunt", "pluspunten", "is een pré", "is een pre",
)  # fmt: skip
_BONUS_HEADING = re.compile(rf"[ \t#*>_-]*{trie_pattern(_BONUS_HEADINGS)}(?!\w)", re.IGNORECASE)
# A bullet that calls its skill welcome rather than required ("TypeScript is a plus", "Kenntnisse in Go von Vorteil"),
# searched only on the lines of a requirements section that name a skill.
_BONUS_PHRASES = (
    "is a plus", "are a plus", "would be a plus", "is a bonus", "would be a bonus", "is an advantage",
    "are an advantage", "would be an advantage", "nice to have", "bonus point", "ist ein plus", "wäre ein plus",
    "sind ein plus", "von vorteil", "wünschenswert", "wunschenswert", "est un plus", "serait un plus", "sont un plus",
    "est un atout", "serait un atout", "un plus", "se valorará", "se valorara", "valorable", "deseable", "es un plus",
    "será un plus", "sería un plus", "um diferencial", "é um plus", "desejável", "desejavel", "è un plus",
    "sarà un plus", "costituisce un plus", "titolo preferenziale", "gradita", "gradito", "graditi", "gradite",
    "mile widziane", "mile widziana", "mile widziany", "będzie atutem", "jest atutem", "dodatkowym atutem",
    "is een pré", "is een pre", "pluspunt",
)  # fmt: skip
_BONUS_LINE = re.compile(rf"(?<!\w){trie_pattern(_BONUS_PHRASES)}(?!\w)", re.IGNORECASE)
_BONUS_LINE_LOWER = re.compile(_BONUS_LINE.pattern)  # the phrases are all lower case
# The same at every line start after the first; the leading newline lets the regex engine skip ahead.
_REQUIREMENT_LINE = re.compile("\n" + _REQUIREMENT_HEADING.pattern, re.IGNORECASE)
_REQUIREMENT_LINE_LOWER = re.compile("\n" + _REQUIREMENT_HEADING.pattern)  # the pattern is all lower case
_BONUS_START = re.compile("\n" + _BONUS_HEADING.pattern, re.IGNORECASE)
_BONUS_START_LOWER = re.compile("\n" + _BONUS_HEADING.pattern)
# A heading glued to the sentence before it ("Sounds interesting?Here's what we're looking for"): a line start.
_GLUED = re.compile(r"[.!?](?=\**[A-ZÀ-Ý])")
_HEADING_LINE = 80  # longer lines are prose, not headings


def _is_heading(line: str) -> bool:
    """A Markdown heading, a line wholly in bold, a line ending in a colon, or a short capitalised
    line without punctuation (plain-text headings such as "What we offer")."""
    line = line.strip()
    if not line:
        return False
    if line.startswith("#") or (line.startswith("**") and line.rstrip(":").endswith("**")) or line.endswith(":"):
        return True
    return len(line) <= 40 and line[0].isupper() and line[-1].isalpha() and "," not in line


def _requirement_sections(text: str, lowered: str | None = None) -> list[tuple[int, int, float]]:
    """Spans of the sections that list what the job requires (level 1.0) or would welcome on top (level
    ``_BONUS``): from their heading to the next heading of another kind.

    The heading's own line counts ("Stack: Go, Kafka" names skills on it). Candidate lines are
    found by one regex search that skips to line starts; only the lines of a section are walked. A
    heading glued to the sentence before it ("Sounds interesting?Here's what we're looking for") starts
    a line too.
    """
    if lowered is None:
        lowered = lower_cached(text)
    fast = len(lowered) == len(text)  # searching the lowered text without IGNORECASE is four times faster
    starts: list[tuple[int, float]] = [(0, 1.0)] if _REQUIREMENT_HEADING.match(text) else []
    if not starts and _BONUS_HEADING.match(text):
        starts.append((0, _BONUS))
    if fast:
        starts.extend((m.start() + 1, 1.0) for m in _REQUIREMENT_LINE_LOWER.finditer(lowered))
        starts.extend((m.start() + 1, _BONUS) for m in _BONUS_START_LOWER.finditer(lowered))
    else:
        starts.extend((m.start() + 1, 1.0) for m in _REQUIREMENT_LINE.finditer(text))
        starts.extend((m.start() + 1, _BONUS) for m in _BONUS_START.finditer(text))
    # A heading glued to a sentence comes from text whose lines were lost: looked for only when no line opens a
    # requirements section.
    for match in () if any(level == 1.0 for _, level in starts) else _GLUED.finditer(text):
        at = match.end()
        if _REQUIREMENT_HEADING.match(text, at):
            starts.append((at, 1.0))
        elif _BONUS_HEADING.match(text, at):
            starts.append((at, _BONUS))
    starts.sort()
    spans: list[tuple[int, int, float]] = []
    covered = -1
    for start, level in starts:
        if start < covered:
            continue  # a heading inside the section already spanned
        line_end = text.find("\n", start)
        if line_end < 0:
            line_end = len(text)
        if line_end - start > _HEADING_LINE:
            continue  # prose that starts with "Skills ...", not a heading
        if level == _BONUS and not (_is_heading(text[start:line_end]) or _BONUS_HEADING.fullmatch(text, start, line_end)):
            continue  # "Plus, you will ..." opens a sentence, not a section
        end = len(text)
        position = line_end + 1
        depth = _depth(text[start:line_end])
        while position < len(text):
            next_end = text.find("\n", position)
            if next_end < 0:
                next_end = len(text)
            line = text[position:next_end]
            if len(line) <= _HEADING_LINE and _is_heading(line) and not _same_kind(line, level):
                # Under a Markdown heading only another of its level or above ends the section: "### Experience"
                # or "**Professionally**" under "## Requirements" goes on.
                if not depth or 0 < _depth(line) <= depth:
                    end = position
                    break
            position = next_end + 1
        spans.append((start, end, level))
        covered = end
    return spans


def _same_kind(line: str, level: float) -> bool:
    """A heading that continues a section of ``level`` ("Skills" after "Requirements"), also when glued to the
    sentence before it ("## Sounds interesting?Here's what we're looking for")."""
    heading = _REQUIREMENT_HEADING if level != _BONUS else _BONUS_HEADING
    if heading.match(line) is not None:
        return True
    return any(heading.match(line, mark.end()) for mark in _GLUED.finditer(line))


def _depth(line: str) -> int:
    """The level of a Markdown heading ("### Experience" is 3), 0 for any other line."""
    stripped = line.lstrip(" \t")
    return len(stripped) - len(stripped.lstrip("#"))


def _sentence_of(text: str, start: int) -> tuple[int, int]:
    """The bounds of the sentence (or line) holding ``start``."""
    begin = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start)) + 1
    ends = [i for i in (text.find("\n", start), text.find(". ", start)) if i != -1]
    return begin, min(ends) if ends else len(text)


def _welcome_only(text: str, lowered: str, begin: int, end: int) -> bool:
    """Whether the sentence ``text[begin:end]`` calls what it names welcome rather than required ("Go is a plus")."""
    if len(lowered) == len(text):
        return _BONUS_LINE_LOWER.search(lowered, begin, end) is not None
    return _BONUS_LINE.search(text, begin, end) is not None


def _leftmost_longest(spellings: dict[str, str]) -> re.Pattern[str]:
    """One alternation of the spellings, grouped by first character and longest first within a group, so
    that ``finditer`` gives the leftmost-longest matches, as the automaton's long iteration does."""
    groups: dict[str, list[str]] = {}
    for spelling in spellings:
        groups.setdefault(spelling[0], []).append(spelling[1:])
    parts = []
    for first, rests in groups.items():
        alternatives = "|".join(re.escape(rest) for rest in sorted(rests, key=len, reverse=True))
        parts.append(f"{re.escape(first)}(?:{alternatives})")
    return re.compile("|".join(parts))


def _on_boundaries(text: str, start: int, end: int) -> bool:
    """True when a match neither starts nor ends inside a word (a case ending may follow a long name), and a
    one-letter name stands between list separators."""
    if text[start].isalnum() and start > 0 and _joins(text[start - 1]):
        return False
    length = end - start
    if text[end - 1].isalnum() and end < len(text) and _joins(text[end]) and not (length >= 5 and _inflected(text, end)):
        return False
    return not (length == 1 and not _lone_letter_ok(text, start, end))


def _inflected(text: str, end: int) -> bool:
    """True when a case ending follows the match at ``end`` and the word ends there."""
    return _INFLECTION.match(text, end) is not None


def _compound_word(text: str, end: int) -> bool:
    """True when a case-sensitive spelling is the head of a hyphenated word ("Go-live", "C-level")."""
    return end + 1 < len(text) and text[end] == "-" and text[end + 1].islower() and not text.startswith("based", end + 1)


def _joins(ch: str) -> bool:
    """True when ``ch`` glues to a neighbouring word character (so no word boundary)."""
    return ch.isalnum() or ch == "_"


def _lone_letter_ok(text: str, start: int, end: int) -> bool:
    """Single-letter languages (C, R) only count between separators typical of skill lists."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before in " \t\n(,/;:*-•" and after in " \t\n),/;:.*"


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The shipped vocabulary, loaded once per process."""
    data = resources.files("parsers").joinpath("data/skills.yaml").read_text(encoding="utf-8")
    entries = yaml.load(data, Loader=_SAFE_LOADER)
    return Vocabulary(entries)
