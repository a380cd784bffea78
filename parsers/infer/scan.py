"""What the inference passes share: a cached lower-casing, trigger-word windows and the label splitter.

Trigger words ("remote", "teilzeit", "based", ...) are found for all passes at once: the first time a
text is scanned, one Aho-Corasick pass over its lower case lists every occurrence of every trigger word
any pass has asked for so far, and each pass then reads its words' positions from that table. That
replaces a substring search over the whole text per word and per pass (about 180 words in all).

The same table serves ``Anchored``: a pattern every match of which starts with one of a few literal
prefixes (read from the pattern itself) is tried only where those prefixes occur, instead of at every
position of the text, which is what the regex engine does for a pattern that opens with ``\\b``, a
lookbehind or case-insensitive letters.
"""

from __future__ import annotations

import importlib
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

import ahocorasick

# The regex module's own parser, to read patterns' literal prefixes (typeshed does not describe it). It is
# private: Python has no public way to read a compiled pattern's structure (``sre_parse``, its old public name,
# is deprecated since 3.11 and warns). Tested on CPython 3.11, the version pyproject requires and CI runs;
# ``tests/test_scan.py`` compares every anchored and folded pattern with the plain one. Should a later Python
# move or change it, the import falls back to None and every pattern runs as it is: slower, never wrong.
try:
    sre_parse: Any = importlib.import_module("re._parser")
    sre: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - a Python without re._parser
    sre_parse = sre = None


@lru_cache(maxsize=8)
def lower_cached(text: str) -> str:
    """``text.lower()``, computed once for the several inference passes over the same description."""
    return text.lower()


# Letters by how often they occur in postings, then digits. The automaton looks a character up among a state's
# branches in the order they were added, so adding the words in this order makes the usual lookups short; the
# order changes nothing else (the same words, the same matches).
# (The key maps those characters to the first code points; any other character sorts after them.)
_COMMON = str.maketrans({char: chr(rank + 1) for rank, char in enumerate("eaionrtslcdumphgbfvykwzjxq0123456789")})


def common_first(word: str) -> str:
    """Sort key putting words made of common characters first, character by character."""
    return word.translate(_COMMON)


class _Triggers:
    """Every trigger word asked for so far, and the automaton that finds them all in one pass."""

    def __init__(self) -> None:
        self.words: frozenset[str] = frozenset()
        self.automaton: ahocorasick.Automaton | None = None
        self._lock = threading.Lock()

    def register(self, words: Iterable[str]) -> None:
        """Add words (a pass's first call does this); the automaton is rebuilt once per new batch."""
        new = set(words) - self.words
        if not new:
            return
        with self._lock:
            words = self.words | new
            automaton = ahocorasick.Automaton()
            for word in sorted(words, key=common_first):
                automaton.add_word(word, (len(word), word))
            automaton.make_automaton()
            self.automaton, self.words = automaton, words


_TRIGGERS = _Triggers()


class _Found:
    """Where each trigger word occurs in one lower-cased text."""

    __slots__ = ("positions",)

    def __init__(self, lowered: str) -> None:
        automaton = _TRIGGERS.automaton
        positions: dict[str, list[int]] = {}
        if automaton is not None:
            for end, (length, word) in automaton.iter(lowered):
                found = positions.get(word)
                if found is None:
                    positions[word] = [end - length + 1]
                else:
                    found.append(end - length + 1)
        self.positions = positions  # every occurrence, overlapping ones too, left to right


@lru_cache(maxsize=8)
def _found(lowered: str, words: frozenset[str]) -> _Found:
    return _Found(lowered)


def _table(lowered: str, words: Iterable[str]) -> dict[str, list[int]]:
    """The trigger table of ``lowered``, with ``words`` among its words (registered first if need be).

    A table is made with every word registered when it is made, and words are registered before their
    table is asked for, so a table never lacks a word its caller registered, whatever other threads do.
    """
    if not _TRIGGERS.words.issuperset(words):
        _TRIGGERS.register(words)
    return _found(lowered, _TRIGGERS.words).positions


def positions(lowered: str, word: str) -> list[int]:
    """Start of every occurrence of ``word`` in ``lowered``, overlapping ones included, left to right."""
    return _table(lowered, (word,)).get(word, [])


def occurrences(lowered: str, words: tuple[str, ...]) -> Mapping[str, list[int]]:
    """The trigger table of ``lowered`` (each word's starts, left to right), with ``words`` among its words.

    For a pass that reads many words at once: one lookup, where ``positions`` per word costs one each.
    """
    return _table(lowered, words)


def contains_any(lowered: str, words: tuple[str, ...]) -> bool:
    """``any(word in lowered for word in words)``, read from the trigger table instead of a search per word."""
    table = _table(lowered, words)
    return any(word in table for word in words)


_PREFIX_MAX = 8  # longer prefixes select no better
_PREFIXES_MAX = 400  # a pattern that would need more is run as it is
_END = (None, None)  # in a walk: the prefix ends here, whatever follows
_SPACE_CHARS = frozenset(chr(c) for c in range(0x3001) if chr(c).isspace())  # what \\s matches in a str pattern


def literal_prefixes(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings one of which starts every match of ``pattern``, or None when there are none such.

    Read from the parsed pattern: zero-width assertions (``\\b``, lookarounds, ``^``) are skipped,
    literals, alternations and groups are followed, and so are small character sets, ``\\s`` and
    ``\\d`` (read as 0-9) and optional parts while the prefix is still too short to select anything;
    anything else ends a prefix. A prefix of one letter selects nothing, so it gives None.
    """
    if sre_parse is None:
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # a construct this reader does not know: run the pattern as it is
        return None
    out: set[str] = set()
    if not _walk(list(parsed.data), "", out) or len(out) > _PREFIXES_MAX:
        return None
    if any(len(prefix) < 2 and prefix.isalpha() for prefix in out):
        return None
    return frozenset(out)


def _walk(items: list[Any], prefix: str, out: set[str]) -> bool:
    """Add to ``out`` the prefixes of matches of ``items`` that start with ``prefix``; False when unbounded."""
    if len(out) > _PREFIXES_MAX:
        return False
    for index, (op, av) in enumerate(items):
        rest = items[index + 1 :]
        if op is None:
            break
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero width
        if op is sre.LITERAL:
            prefix += chr(av).lower()
            if len(prefix) >= _PREFIX_MAX:
                break
            continue
        if op is sre.SUBPATTERN:
            return _walk(list(av[-1].data) + rest, prefix, out)
        if op is sre.BRANCH:
            return all(_walk(list(branch.data) + rest, prefix, out) for branch in av[1])
        if op is sre.IN:
            chars = _set_chars(av) if len(prefix) < 3 else None
            if chars is None:
                break
            return all(_walk([(sre.LITERAL, ord(c)), *rest], prefix, out) for c in chars)
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, high, body = av
            once = list(body.data)
            if low == 0:  # absent, or present (then only its own prefix is sure when it may repeat)
                if prefix and (len(prefix) >= 2 or not prefix.isalpha()):
                    break  # selective enough: end it here rather than multiply the prefixes
                present = once + (rest if high == 1 else [_END])
                return _walk(present, prefix, out) and _walk(rest, prefix, out)
            return _walk(once + (rest if high == 1 else [_END]), prefix, out)
        break  # a class, a wildcard, a backreference...: the prefix ends here
    if not prefix:
        return False
    out.add(prefix)
    return True


def _set_chars(items: list[Any]) -> set[str] | None:
    """The characters a small ``[...]`` set matches, lower-cased; None for a negated, large or open one."""
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av).lower())
        elif op is sre.RANGE and av[1] - av[0] <= 10:
            chars.update(chr(c).lower() for c in range(av[0], av[1] + 1))
        elif op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            chars.update("0123456789")
        elif op is sre.CATEGORY and av is sre.CATEGORY_SPACE:
            chars.update(_SPACE_CHARS)
        else:
            return None
    return chars


class Anchored:
    """A compiled pattern tried only where one of its literal prefixes occurs: ``finditer`` and ``search``
    give what the pattern's own would, at a fraction of the cost on long texts.

    With ``lower_case``, a case-insensitive pattern written in lower case runs over the lower-cased text
    (see ``folded``): the matches' positions are the same, their text is in lower case.

    Prefixes are looked up in the lower-cased text, so the few case equivalences that ``str.lower`` does
    not make and ``re.IGNORECASE`` does (the dotless "ı" for "i", the long "ſ" for "s") are not followed;
    a text whose lower case changes its length is searched with the pattern itself.
    """

    def __init__(self, pattern: re.Pattern[str], lower_case: bool = False) -> None:
        self.pattern = pattern
        self.prefixes = literal_prefixes(pattern)
        self._folded = folded(pattern) if lower_case else pattern
        if self.prefixes is not None:
            _TRIGGERS.register(self.prefixes)  # once, here: words are never dropped, so no check per search

    def finditer(self, text: str, lowered: str | None = None) -> Iterator[re.Match[str]]:
        low = lower_cached(text) if lowered is None else lowered
        if self.prefixes is None or len(low) != len(text):
            yield from self.pattern.finditer(text)
            return
        table = _found(low, _TRIGGERS.words).positions
        # The prefixes that occur: a pattern may have hundreds of prefixes, a text holds a few dozen words.
        present = self.prefixes.intersection(table)
        if not present:
            return
        if len(present) == 1:
            starts: Iterable[int] = table[next(iter(present))]  # one word's occurrences: distinct and in order
        else:
            starts = sorted(set().union(*[table[prefix] for prefix in present]))
        if self._folded is not self.pattern:
            match, text = self._folded.match, low
        else:
            match = self.pattern.match
        end = 0
        for start in starts:
            if start < end:
                continue
            found = match(text, start)
            if found is not None:
                yield found
                end = max(found.end(), start + 1)

    def search(self, text: str, lowered: str | None = None) -> re.Match[str] | None:
        return next(self.finditer(text, lowered), None)


_FOLDED: dict[re.Pattern[str], re.Pattern[str]] = {}


def folded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """For a case-insensitive pattern written in lower case: the same pattern without ``re.IGNORECASE``,
    to run over the lower-cased text, where it finds the same matches about twice as fast (the engine
    folds the case of every character it compares otherwise). Any other pattern comes back as it is."""
    found = _FOLDED.get(pattern)
    if found is None:
        found = pattern
        if pattern.flags & re.IGNORECASE and sre_parse is not None:
            try:
                lower_only = _lower_only(list(sre_parse.parse(pattern.pattern, pattern.flags).data))
            except Exception:  # a construct this reader does not know: keep the pattern
                lower_only = False
            if lower_only:
                found = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)
        _FOLDED[pattern] = found
    return found


def found_in(pattern: re.Pattern[str], text: str, lowered: str | None = None, needs: str = "") -> bool:
    """``pattern.search(text) is not None``, for a case-insensitive pattern written in lower case run over the
    whole of a long text: searched over its lower case without IGNORECASE (``folded``), twice as fast, and
    not at all when the lower case lacks ``needs``, a lower-case word every match holds.

    The letters IGNORECASE folds and ``str.lower`` does not (the dotless "ı" as "i", the long "ſ" as "s"), a
    lower case of another length, or a pattern that cannot be folded send the text to the pattern itself,
    so the answer is always the pattern's own.
    """
    low = lower_cached(text) if lowered is None else lowered
    fast = folded(pattern)
    if fast is pattern or len(low) != len(text) or "ı" in low or "ſ" in low:
        return pattern.search(text) is not None
    if needs and needs not in low:
        return False
    return fast.search(low) is not None


def _lower_only(items: list[Any]) -> bool:
    """True when no literal, set or range of the parsed pattern names a character that lower-casing changes."""
    for op, av in items:
        if op in (sre.LITERAL, sre.NOT_LITERAL):
            if chr(av).lower() != chr(av):
                return False
        elif op is sre.RANGE:
            if any(chr(c).lower() != chr(c) for c in range(av[0], av[1] + 1)):
                return False
        elif op is sre.IN:
            if not _lower_only(av):
                return False
        elif op is sre.BRANCH:
            if not all(_lower_only(list(branch.data)) for branch in av[1]):
                return False
        elif op is sre.SUBPATTERN:
            if av[1] or av[2] or not _lower_only(list(av[-1].data)):  # inline flags: leave it alone
                return False
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            if not _lower_only(list(av[2].data)):
                return False
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            if not _lower_only(list(av[1].data)):
                return False
        elif op in (sre.GROUPREF, sre.GROUPREF_EXISTS, sre.ATOMIC_GROUP):
            return False
    return True


def around(text: str, words: tuple[str, ...], before: int, after: int, lowered: str | None = None) -> Iterator[tuple[int, str]]:
    """Windows of ``text`` around each occurrence of trigger words (matched in lower case).

    The inference regexes are too costly to run over every position of a long
    description; they run only where the trigger table says they could match.
    """
    low = lower_cached(text) if lowered is None else lowered
    if len(low) != len(text):
        yield 0, text
        return
    table = _table(low, words)
    for word in words:
        places = table.get(word)
        if not places:
            continue
        length = len(word)
        size = length + after
        next_free = 0
        for position in places:
            if position < next_free:
                continue  # overlaps the previous occurrence of the same word, which str.find would step over
            next_free = position + length
            start = max(0, position - before)
            yield start, text[start : position + size]


# Where a labelled value runs into the next label on the same line ("Title: X Location: Y").
LABEL_SPLIT = re.compile(
    r"\s+(?:location|job\s+type|employment\s+type|company|salary|department|about\s+the\s+(?:role|job|company))\s*:",
    re.IGNORECASE,
)
