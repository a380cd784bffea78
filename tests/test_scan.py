"""The shared trigger scan: windows, anchored and lower-cased patterns give what the plain regex passes gave.

Every inference pattern is run both ways over real postings (the labelled, real-world and held-out sets
and the samples) and over text built to sit on the edges (prefixes at the very start and end, repeats
that overlap, characters whose lower case is longer).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from parsers.decode import decode
from parsers.infer import employment, experience, role, salary, scope, workplace
from parsers.infer.scan import Anchored, around, folded, found_in, literal_prefixes, lower_cached

ROOT = Path(__file__).resolve().parents[1]
MODULES = (employment, experience, role, salary, scope, workplace)
EDGES = [
    "",
    "remote",
    "Remote work from home, 3 days a week in the office",
    "aaa aa a",
    "İstanbul office, fully remote: 5+ years of experience",  # "İ" lower-cases to two characters
    "Experience level: Senior\nCareer level: Mid",
    "Salário R$ 7.800 - 9.350 por mês; €50k–60k; CA$102.8K – CA$137K; 20 to 45 lakhs",
    "Stage de fin d'études (6 mois) · Télétravail partiel · 35 heures par semaine",
    "Praca zdalna z Polski, 40 godzin w tygodniu, umowa B2B",
    "one two three years of experience2 years 10+ yrs",
]


def _texts() -> list[str]:
    found = list(EDGES)
    for folder in ("tests/labelled", "tests/realworld", "tests/heldout", "data/samples"):
        for path in sorted((ROOT / folder).glob("*")):
            if path.suffix in {".md", ".txt", ".json", ".html"} and not path.name.endswith(".expected.json"):
                found.append(decode(path.read_bytes()))
    return found


def _patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    for module in MODULES:
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                yield f"{module.__name__}.{name}", value


TEXTS = _texts()
PATTERNS = dict(_patterns())


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_anchored_finds_what_the_pattern_finds(name: str) -> None:
    pattern = PATTERNS[name]
    fast = Anchored(pattern)
    for text in TEXTS:
        want = [(m.span(), m.groups()) for m in pattern.finditer(text)]
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == want, text[:80]


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_lower_case_patterns_find_the_same_places_in_the_lower_cased_text(name: str) -> None:
    pattern = PATTERNS[name]
    lower = folded(pattern)
    if lower is pattern:
        return  # case-sensitive, or written with capitals: kept as it is
    for text in TEXTS:
        lowered = text.lower()
        if len(lowered) != len(text):
            continue  # positions would not agree: callers keep the original then
        assert [m.span() for m in lower.finditer(lowered)] == [m.span() for m in pattern.finditer(text)], text[:80]


def _around_by_find(text: str, words: tuple[str, ...], before: int, after: int) -> list[tuple[int, str]]:
    """The windows as the passes made them with one substring search per word."""
    low = text.lower()
    if len(low) != len(text):
        return [(0, text)]
    out = []
    for word in words:
        position = low.find(word)
        while position != -1:
            start = max(0, position - before)
            out.append((start, text[start : position + len(word) + after]))
            position = low.find(word, position + len(word))
    return out


@pytest.mark.parametrize(
    "words",
    [
        workplace._REMOTE_STEMS,
        workplace._HYBRID_STEMS,
        employment._STEMS["hours"],
        employment._STEMS["internship"],
        ("aa", "a", "zzz-not-there"),
    ],
)
def test_around_gives_the_windows_a_search_per_word_gave(words: tuple[str, ...]) -> None:
    for text in TEXTS:
        assert list(around(text, words, 45, 50, lower_cached(text))) == _around_by_find(text, words, 45, 50)


def test_prefixes_are_read_from_the_pattern() -> None:
    assert literal_prefixes(re.compile(r"\b(?:remote|hybrid)\b", re.I)) == {"remote", "hybrid"}
    assert literal_prefixes(re.compile(r"(?<![\d.,])(\d{1,2}|one)\s*years", re.I)) == {*"0123456789", "one"}
    assert literal_prefixes(re.compile(r"\bon[- ]?site\b")) == {"on"}
    assert literal_prefixes(re.compile(r"t[ée]l[ée]travail", re.I)) == {"tel", "tél"}
    # Nothing to anchor on: a leading class, a wildcard, a single letter.
    assert literal_prefixes(re.compile(r"\w+team")) is None
    assert literal_prefixes(re.compile(r".remote")) is None
    assert literal_prefixes(re.compile(r"\b(?:a|an)\s+office")) is not None  # "a " and "an ": two characters each
    assert literal_prefixes(re.compile(r"\bw\w+")) is None


def test_a_capital_in_a_pattern_keeps_it_case_insensitive() -> None:
    assert folded(re.compile(r"[A-Z]{2}\s+remote", re.I)).flags & re.I
    assert not folded(re.compile(r"\bremote\b", re.I)).flags & re.I
    assert folded(re.compile(r"Remote")).pattern == "Remote"  # case-sensitive already: unchanged


def test_the_salary_marks_are_still_case_sensitive() -> None:
    text = "Gross 60.000 - 75.000 EUR per year, usd is not a mark, nor is 'years'"
    assert [m.group() for m in salary._ANCHOR_AT.finditer(text)] == [m.group() for m in salary._ANCHOR.finditer(text)] == ["EUR"]


def test_the_experience_level_label_is_read_anywhere_in_the_body() -> None:
    body = "About us\n\nWe build things.\n\nExperience level: Mid to Senior\n"
    assert role.seniority(None, body) == "mid"


# Letters IGNORECASE folds that str.lower does not, or lower-cases into two characters.
FOLD_EDGES = [
    "Remote or in our OFFİCE",
    "remote or in our offıce",
    "Remote, or from our offıce",
    "no experıence needed",
    "ſalary",
]


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_found_in_answers_as_the_pattern_does(name: str) -> None:
    pattern = PATTERNS[name]
    for text in TEXTS + FOLD_EDGES:
        assert found_in(pattern, text) == (pattern.search(text) is not None), text[:80]


def test_found_in_skips_a_text_without_the_needed_word_only_when_the_pattern_could_not_match() -> None:
    for text in [*FOLD_EDGES, "Work remotely or from the office", "Work remotely or from the studio", "REMOTE OR IN THE OFFICE"]:
        want = workplace._EITHER.search(text) is not None
        assert found_in(workplace._EITHER, text, needs="office") == want, text
