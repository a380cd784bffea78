"""The minimum years of experience a posting asks for, in the eight languages of the corpus."""

from __future__ import annotations

import re

from parsers.infer.scan import Anchored, found_in, lower_cached

# Numbers written as words, in the eight languages ("mindestens drei Jahre", "au moins trois ans", "co najmniej pięć lat").
_NUMBER_WORDS = {
    **dict.fromkeys(("one", "ein", "einem", "einen", "un", "uno", "um", "een", "één", "jeden", "jednego", "jednym"), 1),
    **dict.fromkeys(("two", "zwei", "deux", "dos", "dois", "duas", "due", "twee", "dwa", "dwie", "dwóch", "dwu"), 2),
    **dict.fromkeys(("three", "drei", "trois", "tres", "três", "tre", "drie", "trzy", "trzech"), 3),
    **dict.fromkeys(("four", "vier", "quatre", "cuatro", "quatro", "quattro", "cztery", "czterech"), 4),
    **dict.fromkeys(("five", "fünf", "cinq", "cinco", "cinque", "vijf", "pięć", "pięciu"), 5),
    **dict.fromkeys(("six", "sechs", "seis", "sei", "zes", "sześć", "sześciu"), 6),
    **dict.fromkeys(("seven", "sieben", "sept", "siete", "sete", "sette", "zeven", "siedem"), 7),
    **dict.fromkeys(("eight", "acht", "huit", "ocho", "oito", "otto", "osiem"), 8),
    **dict.fromkeys(("ten", "zehn", "dix", "diez", "dez", "dieci", "tien", "dziesięć"), 10),
}
_NUMBER_WORD = "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True))
# "two or more years", "drei oder mehr Jahre": the number is still the minimum.
_OR_MORE = r"(?:or\s+more|oder\s+mehr|ou\s+plus|o\s+más|ou\s+mais|o\s+più|of\s+meer|lub\s+więcej)\s+"
# Unit words for "years" (en, de, fr, es, pt, it, nl, pl); "ans"/"anos" need the boundary to skip "plans", "manos".
_YEARS = re.compile(
    rf"(?<![\w.,])(\d{{1,2}}|{_NUMBER_WORD})\s*\+?\s*(?:(?:-|–|to|bis|à|a|do|tot|al)\s*\d{{1,2}}\s*\+?\s*)?(?:{_OR_MORE})?"
    r"(?:years?|yrs?|jahren?|jahre|jahr|ans?|années?|años?|anos?|anni|anno|jaar|jaren|lat|lata|roku|rok)\b",
    re.I,
)
# Words that say the years are experience (any language), or a requirement shape ("6+ years in operations").
_EXPERIENCE_WORD = re.compile(
    r"experi|erfahrung|expérience|esperienz|doświadcz|ervaring|track\s+record|background|berufs|professional|commercial",
    re.I,
)
_REQUIREMENT_AFTER = re.compile(r"^\W{0,3}(?:of|in|as|with|building|working|writing|running|hands-on|industry)\b", re.I)
# "for 20 years", "seit 10 Jahren", "depuis 15 ans": the company's age, not a requirement.
_HISTORY_BEFORE = re.compile(
    r"\b(?:for|since|seit|depuis|desde|da|od|sinds|há|over\s+the\s+(?:past|last))[ \t]+(?:(?:more\s+than|over|über|plus\s+de)[ \t]+)?$",
    re.I,
)
_NO_EXPERIENCE = re.compile(
    r"\bno\s+(?:previous\s+|prior\s+)?(?:work\s+|professional\s+)?experience\s+(?:is\s+)?(?:needed|required|necessary)\b"
    r"|\bkeine\s+(?:\w+\s+)?(?:berufs)?erfahrung\s+(?:nötig|notwendig|erforderlich)"
    r"|\b(?:sans|aucune)\s+expérience\s+(?:requise|nécessaire)|\bsin\s+experiencia\b|\bsem\s+experiência\b"
    r"|\bnessuna\s+esperienza\b|\bgeen\s+(?:werk)?ervaring\s+(?:nodig|vereist)|\bbez\s+doświadczenia\b"
    # The verb first: "No se requiere experiencia previa", "non è richiesta esperienza", "não é necessária experiência".
    r"|\bno\s+(?:se\s+requiere|es\s+necesaria|necesitas)\s+experiencia\b"
    r"|\bnon\s+(?:è\s+)?(?:richiesta|necessaria)\s+(?:alcuna\s+)?esperienza\b|\bsenza\s+esperienza\b"
    r"|\bnão\s+(?:é\s+)?(?:necessária|exigida|preciso\s+ter)\s+experiência\b"
    r"|\baucune\s+expérience\s+n'est\s+(?:requise|nécessaire)|\bnie\s+wymagamy\s+doświadczenia\b"
    r"|\bdoświadczenie\s+nie\s+jest\s+wymagane\b|\bervaring\s+is\s+niet\s+(?:nodig|vereist)\b",
    re.I,
)
# "up to 1 year", "do 1 roku", "bis zu 1 Jahr": a ceiling, so the minimum asked is none.
_UP_TO_BEFORE = re.compile(
    r"\b(?:up\s+to|do|bis\s+zu|höchstens|até|hasta|fino\s+a|jusqu'à|tot|maximum|maximaal|maksymalnie|massimo|máximo|max\.?)[ \t]+$",
    re.I,
)

# "at least a year", "minimum rok doświadczenia", "mindestens ein Jahr" without a number: one year.
_ONE_YEAR = re.compile(
    r"\b(?:at\s+least|minimum|min\.|co\s+najmniej|przynajmniej|mindestens|au\s+moins|almeno|minimaal|al\s+menos|pelo\s+menos)"
    r"\s+(?:a\s+|an\s+)?(?:year|rok|jahr|année|an|año|ano|anno|jaar)\b",
    re.I,
)
_YEARS_AT = Anchored(_YEARS, lower_case=True)
_ONE_YEAR_AT = Anchored(_ONE_YEAR, lower_case=True)  # tried only at numbers, not at every position of the text


def experience_years(text: str | None) -> int | None:
    """The minimum years of experience asked: the first 'N+ years' said about experience, 0 for 'no experience needed'."""
    if not text:
        return None
    lowered = lower_cached(text)
    for match in _YEARS_AT.finditer(text, lowered):
        start, end = match.start(), match.end()
        if _HISTORY_BEFORE.search(text[max(0, start - 25) : start]):
            continue
        if _EXPERIENCE_WORD.search(text[max(0, start - 60) : end + 60]) or _REQUIREMENT_AFTER.search(text[end : end + 20]):
            raw = match.group(1).lower()
            value = _NUMBER_WORDS.get(raw)
            value = int(raw) if value is None else value
            if value <= 40:
                return 0 if _UP_TO_BEFORE.search(text[max(0, start - 14) : start]) else value
    if any(word in lowered for word in ("experi", "erfahrung", "ervaring", "doświadcz", "esperienz")):
        if found_in(_NO_EXPERIENCE, text, lowered):
            return 0
        for match in _ONE_YEAR_AT.finditer(text, lowered):
            if _EXPERIENCE_WORD.search(text[match.end() : match.end() + 40]):
                return 1
    return None
