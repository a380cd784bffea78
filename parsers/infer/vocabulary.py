"""The word lists of the inference rules, read once from ``parsers/data/<name>.yaml``.

The rules' words in eight languages live in data files, one list per concept, so a word is added in
one place for every rule that reads it. A list is either flat or keyed by language; either way a rule
gets all of its words. Lists become regular expressions as a trie ("develop(?:er|pe...)"), which the
regex engine walks far faster than a flat alternation of hundreds of words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources
from typing import Any

import yaml

# Every value is a word: the base loader keeps "no", "on" and "yes" as the words they are (YAML 1.1 would make them booleans).
_WORDS_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
# Between the words of a phrase: spaces or hyphens, or nothing ("full time", "full-time", "fulltime").
_GAP = r"[\s\-]*"


@cache
def _load(name: str) -> dict[str, Any]:
    text = resources.files("parsers").joinpath(f"data/{name}.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_WORDS_LOADER)
    if not isinstance(data, dict):
        raise ValueError(f"parsers/data/{name}.yaml is not a mapping of lists")
    return data


def _fold(word: str) -> str:
    """``word`` without accents: "développeur" -> "developpeur" (ł, ß and the like stay)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@cache
def words(name: str, key: str, folded: bool = True) -> tuple[str, ...]:
    """Every word of list ``key`` in ``name``.yaml, all languages together, in file order, without repeats.

    With ``folded``, each word with accents is followed by its spelling without them.
    """
    raw = _load(name).get(key)
    if raw is None:
        raise KeyError(f"parsers/data/{name}.yaml has no list {key!r}")
    groups = raw.values() if isinstance(raw, dict) else [raw]
    found: dict[str, None] = {}
    for group in groups:
        for word in group or []:
            text = " ".join(str(word).split())
            found.setdefault(text, None)
            if folded:
                found.setdefault(_fold(text), None)
    return tuple(found)


@cache
def languages_of(name: str, key: str) -> dict[str, frozenset[str]]:
    """For a list keyed by language: each word (lower case, accents and folded) -> the languages listing it.
    Empty for a flat list. A search reads "Entwickler" as German with it."""
    raw = _load(name).get(key)
    found: dict[str, set[str]] = {}
    if isinstance(raw, dict):
        for language, group in raw.items():
            for word in group or []:
                text = " ".join(str(word).split()).lower()
                for spelling in (text, _fold(text)):
                    found.setdefault(spelling, set()).add(str(language))
    return {word: frozenset(languages) for word, languages in found.items()}


def lowered(name: str, key: str) -> frozenset[str]:
    """The words of a list in lower case, for membership tests."""
    return frozenset(word.lower() for word in words(name, key))


def trie_pattern(phrases: tuple[str, ...] | list[str]) -> str:
    """One non-capturing regular expression matching any of ``phrases`` (case as given; spaces match gaps)."""
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _render(trie)


def _render(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [(_GAP if char == " " else re.escape(char)) + _render(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?"
    return body


@cache
def pattern(name: str, key: str) -> str:
    """The words of a list as one regular-expression fragment, without boundaries (the rule adds them)."""
    return trie_pattern(words(name, key))
