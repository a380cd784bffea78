"""Hashtags from the curated skills vocabulary in ``data/skills.yaml``.

Matching runs one Aho-Corasick pass over the text (plus one for the few
case-sensitive spellings such as ``Go`` and ``R``), keeps matches that sit on
word boundaries and prefers the longest overlapping one, so ``Node.js`` is
``node.js`` and not also ``javascript``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import ahocorasick
import yaml

from parsers.infer.scan import lower_cached

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
        folded = ahocorasick.Automaton()
        cased = ahocorasick.Automaton()
        for entry in entries:
            tag = str(entry["tag"])
            self.skills[tag] = Skill(tag, str(entry.get("category", "")))
            aliases = [str(a) for a in entry.get("aliases") or []]  # type: ignore[attr-defined]
            self._alias.setdefault(tag, tag)
            # A tag with case-sensitive spellings ("Go", "R") is found in text only through them and its aliases.
            for spelling in aliases if entry.get("cased") else [tag, *aliases]:
                key = spelling.lower()
                self._alias.setdefault(key, tag)
                folded.add_word(key, (len(key), tag))
            for spelling in entry.get("cased") or []:  # type: ignore[attr-defined]
                spelling = str(spelling)
                self._alias.setdefault(spelling.lower(), tag)
                cased.add_word(spelling, (len(spelling), tag))
        folded.make_automaton()
        self._folded = folded
        self._cased = cased
        self._has_cased = len(cased) > 0
        if self._has_cased:
            cased.make_automaton()

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

    def find(self, text: str) -> list[str]:
        """Canonical tags named in ``text``, in order of first appearance."""
        if not text:
            return []
        spans: list[tuple[int, int, str]] = []
        lowered = lower_cached(text)
        if len(lowered) == len(text):
            self._collect(self._folded, lowered, spans)
            if self._has_cased:
                self._collect(self._cased, text, spans)
        else:  # rare case-mapping that changes length: search the lowered text only
            self._collect(self._folded, lowered, spans)
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        seen: dict[str, None] = {}
        end_of_last = -1
        for start, end, tag in spans:
            if start < end_of_last:
                continue  # overlaps a longer, earlier match
            end_of_last = end
            seen.setdefault(tag, None)
        return list(seen)

    @staticmethod
    def _collect(automaton: ahocorasick.Automaton, text: str, out: list[tuple[int, int, str]]) -> None:
        n = len(text)
        # Leftmost-longest matches only: "javascript" is not also "java" and "script".
        for end_index, (length, tag) in automaton.iter_long(text):
            start = end_index - length + 1
            end = end_index + 1
            first, last = text[start], text[end_index]
            if first.isalnum() and start > 0 and _joins(text[start - 1]):
                continue
            if last.isalnum() and end < n and _joins(text[end]):
                continue
            if length == 1 and not _lone_letter_ok(text, start, end):
                continue
            out.append((start, end, tag))

    def hashtags(self, given: list[str], *texts: str | None) -> list[str]:
        """Author-given tags first (canonicalized), then those found in the texts; de-duplicated."""
        result: dict[str, None] = {}
        for raw in given:
            tag = self.canonical(raw)
            if tag:
                result.setdefault(tag, None)
        for tag in self.find("\n".join(t for t in texts if t)):
            result.setdefault(tag, None)
        return list(result)


_SPACES = re.compile(r"\s+")
_UNSAFE_TAG = re.compile(r"[^\w+#./-]")


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
