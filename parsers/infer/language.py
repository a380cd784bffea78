"""The posting's language, detected rather than taken from a field, which sources rarely fill in.

Detected on the description body: an English title over a Portuguese body is a Portuguese
posting, and the reverse. Link targets, code and Markdown marks are dropped first, since they
are English-looking noise in every language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pycld2

_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
# Link targets, bare URLs, e-mail addresses and code, each searched only when its marker is present.
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)")
_URL = re.compile(r"https?://[^\s)]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CODE = re.compile(r"`{3}.*?`{3}|`[^`\n]*`", re.S)
_MARKS = "*_#>|[]"  # Markdown marks; str.replace per mark is faster than translate on short text
_SAMPLE = 1000  # characters of cleaned text: enough for CLD2 on mixed text, cheap on long postings
_MIN_CHARS = 20
# Two tokens (as str.split makes them) opening with an ASCII lower-case letter: enough to tell prose from names.
_TWO_LOWER_WORDS = re.compile(r"(?<!\S)[a-z].*?\s[a-z]")
# Share of the text CLD2 must give a language it calls unreliable (short or mixed text) to be kept.
_MIN_PERCENT = 60
# English is the lingua franca of the trade: tool names, stack lines and the headings a platform adds
# ("Requirements") are English in postings of every language, while other languages' words seldom appear
# in English postings. So English must hold this share of mixed text to beat a second language holding
# at least _SECOND_PERCENT of it.
_ENGLISH_PERCENT = 70
_SECOND_PERCENT = 30


# Smaller languages CLD2 confuses with one of the corpus's eight on short text (Spanish read as Galician or
# Catalan, German as Luxembourgish, Dutch as Frisian or Afrikaans), each with the main languages it is close to.
_CLOSE = {
    "gl": ("es", "pt"),
    "ca": ("es", "fr"),
    "oc": ("fr", "es"),
    "an": ("es",),
    "eu": ("es",),
    "lb": ("de",),
    "fy": ("nl",),
    "af": ("nl",),
    "li": ("nl",),
    "co": ("it",),
    "rm": ("it", "de"),
    "la": ("it",),
    "sco": ("en",),
}


# How much better CLD2 must score the smaller language than the hinted main one to keep it. Measured on short
# bodies: Spanish naming Galician towns scores at most 1.25x as Galician as as Spanish; real Galician 1.6x or more.
_CLOSE_MARGIN = 1.4


def _close_main(sample: str, code: str, score: float) -> str:
    """The main language a reader expects for text CLD2 gave to a close smaller one, when CLD2, told to expect that
    main language, scores the text nearly as well (within ``_CLOSE_MARGIN``) as it scored the smaller one; else
    ``code``. Real Galician or Catalan keeps its code: hinted Spanish then scores well below it.
    """
    best, best_score = code, 0.0
    for main in _CLOSE[code]:
        try:
            _, _, details = pycld2.detect(sample, bestEffort=True, hintLanguage=main)
        except pycld2.error:
            return code
        if not details or details[0][1] != main:
            continue
        hinted = details[0][3]
        if hinted * _CLOSE_MARGIN >= score and hinted > best_score:
            best, best_score = main, hinted
    return best


def _detect(sample: str) -> tuple[bool, tuple[tuple[str, str, int, float], ...]] | None:
    try:
        reliable, _, details = pycld2.detect(sample, bestEffort=True)
    except pycld2.error:
        # CLD2 refuses control characters and unpaired surrogates; drop them and try once more.
        cleaned = _UNPRINTABLE.sub(" ", sample.encode("utf-8", "ignore").decode("utf-8"))
        try:
            reliable, _, details = pycld2.detect(cleaned, bestEffort=True)
        except pycld2.error:
            return None
    return reliable, details


def _prose(sample: str) -> str:
    """``sample`` without short headings and lines of names ("- Windows, Microsoft 365, Jira"), which are
    English in postings of every language (a platform's section headings, tool names); the whole sample
    when too little prose is left."""
    kept = []
    for line in sample.splitlines():
        stripped = line.lstrip()  # str.split's whitespace: its first token opens this
        if not stripped:
            continue
        heading = stripped.startswith("**") or line.lstrip(" \t-*•>").startswith("#")
        names = "," in line or "/" in line
        if not heading and not names:
            # Most lines: kept when any word is one (the first, usually), without splitting the line.
            if stripped[0].isalpha() or any(token[0].isalpha() for token in line.split()):
                kept.append(line)
            continue
        if not heading and _TWO_LOWER_WORDS.search(line):
            kept.append(line)  # prose: two words in lower case (the count below would say so, slower)
            continue
        # Words (tokens opening with a letter) and those in lower case, counted only as far as the tests need.
        count = lower = 0
        for token in line.split():
            first = token[0]
            if first.isalpha():
                count += 1
                if first.islower():
                    lower += 1
                    if lower > 1 and count > 4:
                        break  # past both thresholds: a kept line, whatever follows
        if not count or (heading and count <= 4):
            continue  # no words, or a short heading
        if count >= 2 and names and lower <= 1:
            continue  # a line of names has at most one word in lower case; prose has more
        kept.append(line)
    prose = "\n".join(kept)
    return prose if len(prose) >= _MIN_CHARS * 4 else sample


def _clean(text: str) -> str:
    sample = _prose(text[: _SAMPLE * 2])
    if "](" in sample:
        sample = _LINK_TARGET.sub(" ", sample)
    if "://" in sample:
        sample = _URL.sub(" ", sample)
    if "@" in sample:
        sample = _EMAIL.sub(" ", sample)
    if "`" in sample:
        sample = _CODE.sub(" ", sample)
    for mark in _MARKS:
        if mark in sample:
            sample = sample.replace(mark, " ")
    return sample[:_SAMPLE]


def language(texts: Iterable[str | None], body: str | None = None) -> str | None:
    """ISO 639-1 code of the posting: of ``body`` when it has enough words, else of ``texts`` together.

    Mixed text ("Tech stack" lines in English inside a Polish posting) goes to the language with
    the largest share, if it holds most of the text.
    """
    sample = _clean(body) if body else ""
    if len(sample.strip()) < _MIN_CHARS * 4:
        sample = _clean(" ".join(t for t in texts if t))
    if len(sample.strip()) < _MIN_CHARS:
        return None
    found = _detect(sample)
    if found is None:
        return None
    reliable, details = found
    if not details:
        return None
    _, code, percent, score = details[0]
    if code in _CLOSE:
        code = _close_main(_UNPRINTABLE.sub(" ", sample), code, score)
    if code == "en" and percent < _ENGLISH_PERCENT and len(details) > 1:
        _, second, second_percent, _ = details[1]
        if len(second) == 2 and second != "un" and second_percent >= _SECOND_PERCENT:
            return second
    if code in ("un", "xxx") or len(code) != 2:
        return None
    if not reliable and percent < _MIN_PERCENT:
        return None
    return code
