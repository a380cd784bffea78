"""Tolerant coercion of loosely typed source values (strings for numbers, 'true' for booleans, ...).

A value of the wrong type becomes None rather than failing the whole posting.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time
from urllib.parse import urlsplit

from dateutil import parser as dateparser

_PLACEHOLDER = re.compile(r"^\s*[\[{<].*[\]}>]\s*$", re.DOTALL)


def is_placeholder(value: str) -> bool:
    """A template slot left unfilled ("[City, Country]", "{Company}", "<location>"): never a value."""
    return bool(_PLACEHOLDER.match(value))


def text(value: object) -> str | None:
    """A scalar as text. Anything else is None: ``str()`` of a list, set or mapping says nothing about the posting and
    costs the whole structure's size (a YAML alias bomb makes that astronomic)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float, date, time)):
        return None
    result = str(value).strip()
    return result or None


def integer(value: object) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            return int(float(value.strip()))
        except (ValueError, OverflowError):
            return None
    return None


def number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) and value >= 0 else None
    if isinstance(value, str):
        cleaned = value.strip().replace(",", "").replace(" ", "").replace("\u00a0", "")
        try:
            result = float(cleaned)
        except ValueError:
            return None
        return result if math.isfinite(result) and result >= 0 else None
    return None


def boolean(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value)
    if isinstance(value, str):
        key = value.strip().lower()
        if key in ("true", "yes", "1", "y", "on"):
            return True
        if key in ("false", "no", "0", "n", "off", ""):
            return False
    return None


def timestamp(value: object) -> datetime | None:
    """A UTC datetime from epoch seconds or milliseconds, ISO strings or 'YYYY-MM-DD HH:MM:SS UTC'."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().lstrip("-").isdigit()):
        number_ = float(value)
        if not math.isfinite(number_):
            return None
        if abs(number_) > 1e11:  # milliseconds
            number_ /= 1000
        try:
            dt = datetime.fromtimestamp(number_, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    elif isinstance(value, str):
        raw = value.strip()
        if not raw or len(raw) > 64 or not any(ch.isdigit() for ch in raw):
            return None
        parsed = _iso(raw)
        if parsed is None:
            try:
                parsed = dateparser.parse(raw)
            except (ValueError, OverflowError, TypeError):
                return None
        dt = parsed
    else:
        # YAML turns bare dates into date objects
        if isinstance(value, date):
            dt = datetime(value.year, value.month, value.day, tzinfo=UTC)
        else:
            return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    dt = dt.astimezone(UTC)
    if not 1990 <= dt.year <= 2100:
        return None
    return dt.replace(microsecond=0)


def _iso(raw: str) -> datetime | None:
    """The common shapes ("2026-09-18", ISO 8601, Recruitee's "2026-09-18 13:27:28 UTC") without dateutil."""
    candidate = raw[:-4] + "+00:00" if raw.endswith(" UTC") else raw
    try:
        return datetime.fromisoformat(candidate.replace("Z", "+00:00"))
    except ValueError:
        return None


_SPACE = re.compile(r"\s")


def url(value: object) -> str | None:
    raw = text(value)
    if not raw or _SPACE.search(raw):
        return None
    head = raw[:8].lower()
    if "[" not in raw and "]" not in raw and head.startswith(("https://", "http://")):
        # What urlsplit would say, without it (this runs for every URL field of every posting): an http(s)
        # URL has a host when something other than a path, query or fragment follows the "//".
        rest = raw[8:] if head == "https://" else raw[7:]
        return raw if rest and rest[0] not in "/?#" else None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return raw


# An http(s) URL whose host is plain ASCII letters, digits, dots and hyphens (no user, port, brackets or
# characters urlsplit would drop or refuse) and ends there: its host is what urlsplit's hostname gives.
PLAIN_HOST_URL = re.compile(r"https?://([A-Za-z0-9.-]+)(?=[/?#]|\Z)")


def host_of(value: object) -> str | None:
    raw = text(value)
    if not raw:
        return None
    plain = PLAIN_HOST_URL.match(raw)
    if plain and "\t" not in raw and "\r" not in raw and "\n" not in raw:
        return plain.group(1).lower()
    parts = urlsplit(raw if "//" in raw else "https://" + raw)
    return parts.hostname.lower() if parts.hostname else None


def tag_list(value: object) -> list[str]:
    """Tags given as a list, or as a ``"#a,#b"`` / ``"a b"`` string."""
    if isinstance(value, str):
        parts = value.replace("\n", ",").split(",")
        if len(parts) == 1 and " #" in value:
            parts = value.split()
        return [p.strip() for p in parts if p.strip().lstrip("#").strip()]
    if isinstance(value, list):
        return [str(p).strip() for p in value if isinstance(p, (str, int)) and str(p).strip()]
    return []
