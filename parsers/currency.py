"""The currencies a salary may be stated in: one table for the salary parser and the pages that show salaries."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Currency:
    code: str
    # Symbols that mark an amount in free text, as written.
    signs: tuple[str, ...] = ()
    # Other spellings taken from structured fields or price strings, in lower case.
    names: tuple[str, ...] = ()
    # Words that mark an amount in free text as its sign does ("euro 44.000,00", "44.000 Euro"), as written.
    text_names: tuple[str, ...] = ()
    # False where the code is also a common word ("try"): in free text it would mark a salary in every other sentence.
    code_in_text: bool = True
    # What a page writes before an amount; the code and a space when empty.
    prefix: str = ""
    # Roughly how many units make a euro (1 for EUR, USD, GBP, CHF; 4 for PLN; 4500 for COP): scales the plausible
    # salary bounds and the period guessed from a figure's size, so that 9,000,000 a year is plausible in pesos only.
    scale: float = 1


CURRENCIES = (
    Currency("USD", signs=("$", "US$"), prefix="$"),
    Currency("EUR", signs=("€",), names=("euro", "euros"), prefix="€", text_names=("euro", "euros", "Euro", "Euros")),
    Currency("GBP", signs=("£",), prefix="£"),
    Currency("JPY", signs=("¥",), scale=160),
    Currency("INR", signs=("₹",), names=("rs", "rs."), scale=90),
    Currency("CHF", names=("fr.",)),
    Currency("PLN", signs=("zł",), scale=4),
    Currency("SEK", names=("kr",), scale=11),
    Currency("NOK", scale=11),
    Currency("DKK", scale=7),
    Currency("CAD", signs=("C$", "CA$")),
    Currency("AUD", signs=("A$", "AU$")),
    Currency("BRL", signs=("R$",), scale=5),
    Currency("CZK", signs=("Kč",), scale=25),
    Currency("HUF", scale=400),
    Currency("RON", names=("lei",), scale=5),
    Currency("NZD", signs=("NZ$",)),
    Currency("SGD", signs=("S$",)),
    Currency("HKD", signs=("HK$",), scale=8),
    Currency("MXN", signs=("MX$",), scale=20),
    Currency("ZAR", scale=20),
    Currency("ILS", signs=("₪",), scale=4),
    Currency("TRY", signs=("₺",), code_in_text=False, scale=35),
    Currency("UAH", signs=("₴",), scale=45),
    Currency("KRW", signs=("₩",), scale=1400),
    Currency("CNY", names=("rmb",), scale=7),
    Currency("COP", scale=4500),
    Currency("ARS", scale=1000),
    Currency("CLP", scale=1000),
    Currency("PEN", scale=4),
    Currency("PHP", signs=("₱",), code_in_text=False, scale=60),
    Currency("IDR", scale=17000),
    Currency("VND", signs=("₫",), scale=27000),
    # Currencies of the French-, Spanish- and Portuguese-speaking boards outside Europe.
    Currency("MAD", names=("dirhams", "dh", "dhs"), scale=11),
    Currency("TND", names=("dinars",), scale=3),
    Currency("XOF", names=("fcfa", "f cfa"), scale=650),
    Currency("UYU", signs=("$U",), scale=45),
    Currency("CRC", signs=("₡",), scale=550),
    Currency("DOP", signs=("RD$",), scale=65),
    Currency("GTQ", scale=8),
    Currency("PYG", signs=("₲",), scale=8000),
    Currency("BOB", scale=7),
)

# Where a bare "$" is not the US dollar: the local dollar (or peso) a posting means when it names one of these
# places or local terms and no US one. Checked only for a bare "$".
DOLLAR_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "AUD",
        ("australia", "sydney", "melbourne", "brisbane", "perth", "adelaide", "canberra", "superannuation", "+ super", ".com.au"),
    ),
    (
        "CAD",
        (
            "canada",
            "canadian",
            "toronto",
            "vancouver",
            "montréal",
            "montreal",
            "ottawa",
            "calgary",
            "edmonton",
            "winnipeg",
            "québec",
            "quebec",
            "halifax",
            "rrsp",
            ".ca/",
        ),
    ),
    ("NZD", ("new zealand", "auckland", "wellington", "christchurch", "kiwisaver")),
    ("SGD", ("singapore",)),
    ("HKD", ("hong kong",)),
    ("MXN", ("méxico", "mexico", "cdmx", "guadalajara", "monterrey")),
)
# Signs that a bare "$" is the US dollar after all, e.g. "remote in the US or Canada".
US_HINTS = ("united states", "usa", "u.s.", "us-based", "401(k)", "401k", "new york", "san francisco", "nyc")

_BY_SPELLING = {
    spelling.lower(): currency.code for currency in CURRENCIES for spelling in (currency.code, *currency.signs, *currency.names)
}
_SCALES = {currency.code: currency.scale for currency in CURRENCIES}
_PREFIXES = {currency.code: currency.prefix for currency in CURRENCIES if currency.prefix}
_TEXT_CODES = [currency.code for currency in CURRENCIES if currency.code_in_text]
_SIGN_CHARS = "".join(sign for currency in CURRENCIES for sign in currency.signs if len(sign) == 1)
# Longer signs first, so "US$" is taken whole rather than as "$".
_LONG_SIGNS = sorted((sign for currency in CURRENCIES for sign in currency.signs if len(sign) > 1), key=len, reverse=True)

# A currency mark in text: a sign, or a code standing as a word. Case-sensitive unless compiled otherwise.
_TEXT_NAMES = sorted((name for currency in CURRENCIES for name in currency.text_names), key=len, reverse=True)
MARK_PATTERN = "(?:{}|[{}]|\\b(?:{})\\b)".format(
    "|".join(map(re.escape, _LONG_SIGNS)), re.escape(_SIGN_CHARS), "|".join((*_TEXT_CODES, *_TEXT_NAMES))
)
# Substrings at least one of which every mark contains: the cheap test before the pattern runs.
MARK_ANCHORS = (
    *_SIGN_CHARS,
    *_TEXT_CODES,
    *_TEXT_NAMES,
    *(s for s in _LONG_SIGNS if not any(c in s for c in _SIGN_CHARS)),
)


def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    """Whole words or phrases; a phrase that starts or ends with punctuation (".com.au") may touch a word."""
    parts = [(r"(?<!\w)" if w[0].isalnum() else "") + re.escape(w) + (r"(?!\w)" if w[-1].isalnum() else "") for w in words]
    return re.compile("|".join(parts), re.I)


_DOLLAR_PATTERNS = [(code, _words(words)) for code, words in DOLLAR_HINTS]
# "Remote (US or Canada)": the country's two capitals, never the pronoun "us".
_US_CAPITALS = re.compile(r"(?<![\w$])US(?![\w$])")
_US_PATTERN = _words(US_HINTS)


def currency_code(raw: str | None) -> str | None:
    """The ISO 4217 code for a code, sign or name; any other three letters are taken as a code."""
    if not raw:
        return None
    raw = raw.strip()
    code = _BY_SPELLING.get(raw.lower())
    if code:
        return code
    return raw.upper() if re.fullmatch(r"[A-Za-z]{3}", raw) else None


def scale(code: str | None) -> float:
    """Roughly how many units of ``code`` make one euro (1 when unknown)."""
    return _SCALES.get(code or "", 1.0)


def local_dollar(text: str, country: str | None = None) -> str:
    """The currency a bare "$" means in ``text``: the dollar of the posting's ``country`` when it has one, else
    USD unless the text names a place of another dollar only."""
    if country in _DOLLAR_OF_COUNTRY:
        return _DOLLAR_OF_COUNTRY[country]
    if country == "US":
        return "USD"
    lowered = text.lower()
    for (code, words), (_, pattern) in zip(DOLLAR_HINTS, _DOLLAR_PATTERNS, strict=True):
        # Substring tests first: the word-bounded pattern runs only on a hit.
        if any(word in lowered for word in words) and pattern.search(text):
            us = (any(word in lowered for word in US_HINTS) and _US_PATTERN.search(text)) or _US_CAPITALS.search(text)
            return "USD" if us else code
    return "USD"


_DOLLAR_OF_COUNTRY = {code[:2]: code for code, _ in DOLLAR_HINTS}  # AUD -> AU, MXN -> MX: a country's own "$"


def amount_prefix(code: str | None) -> str:
    """What a page writes before an amount in ``code``: its symbol where it has one, else the code and a space."""
    if not code:
        return ""
    return _PREFIXES.get(code, code + " ")
