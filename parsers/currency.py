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
    # False where the code is also a common word ("try"): in free text it would mark a salary in every other sentence.
    code_in_text: bool = True
    # What a page writes before an amount; the code and a space when empty.
    prefix: str = ""


CURRENCIES = (
    Currency("USD", signs=("$", "US$"), prefix="$"),
    Currency("EUR", signs=("€",), names=("euro", "euros"), prefix="€"),
    Currency("GBP", signs=("£",), prefix="£"),
    Currency("JPY", signs=("¥",)),
    Currency("INR", signs=("₹",)),
    Currency("CHF", names=("fr.",)),
    Currency("PLN", names=("zł",)),
    Currency("SEK", names=("kr",)),
    Currency("NOK"),
    Currency("DKK"),
    Currency("CAD", signs=("C$", "CA$")),
    Currency("AUD", signs=("A$", "AU$")),
    Currency("BRL", signs=("R$",)),
    Currency("CZK", names=("kč",)),
    Currency("HUF"),
    Currency("RON"),
    Currency("NZD"),
    Currency("SGD"),
    Currency("HKD"),
    Currency("MXN"),
    Currency("ZAR"),
    Currency("ILS", signs=("₪",)),
    Currency("TRY", signs=("₺",), code_in_text=False),
    Currency("UAH", signs=("₴",)),
    Currency("KRW", signs=("₩",)),
    Currency("CNY", names=("rmb",)),
)

_BY_SPELLING = {
    spelling.lower(): currency.code for currency in CURRENCIES for spelling in (currency.code, *currency.signs, *currency.names)
}
_PREFIXES = {currency.code: currency.prefix for currency in CURRENCIES if currency.prefix}
_TEXT_CODES = [currency.code for currency in CURRENCIES if currency.code_in_text]
_SIGN_CHARS = "".join(sign for currency in CURRENCIES for sign in currency.signs if len(sign) == 1)
# Longer signs first, so "US$" is taken whole rather than as "$".
_LONG_SIGNS = sorted((sign for currency in CURRENCIES for sign in currency.signs if len(sign) > 1), key=len, reverse=True)

# A currency mark in text: a sign, or a code standing as a word. Case-sensitive unless compiled otherwise.
MARK_PATTERN = "(?:{}|[{}]|\\b(?:{})\\b)".format(
    "|".join(map(re.escape, _LONG_SIGNS)), re.escape(_SIGN_CHARS), "|".join(_TEXT_CODES)
)
# Substrings at least one of which every mark contains: the cheap test before the pattern runs.
MARK_ANCHORS = (*_SIGN_CHARS, *_TEXT_CODES)


def currency_code(raw: str | None) -> str | None:
    """The ISO 4217 code for a code, sign or name; any other three letters are taken as a code."""
    if not raw:
        return None
    raw = raw.strip()
    code = _BY_SPELLING.get(raw.lower())
    if code:
        return code
    return raw.upper() if re.fullmatch(r"[A-Za-z]{3}", raw) else None


def amount_prefix(code: str | None) -> str:
    """What a page writes before an amount in ``code``: its symbol where it has one, else the code and a space."""
    if not code:
        return ""
    return _PREFIXES.get(code, code + " ")
