"""The location string, from a 'Location:' label in a posting that has no location field."""

from __future__ import annotations

import re

from parsers.infer.scan import LABEL_SPLIT, lower_cached

_LOCATION_LABEL = re.compile(
    r"(?:^|\s)(?:\*\*)?(?:location|locations|job\s+location|work\s+location|standort|arbeitsort|lieu|ubicación|locatie)(?:\*\*)?\s*:\s*(?:\*\*)?\s*(.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_LOCATION_WORDS = ("location", "standort", "arbeitsort", "lieu", "ubicación", "locatie")


def location_from_text(text: str) -> str | None:
    """The labelled value, cut where the next label on the same line starts."""
    lowered = lower_cached(text)
    if not any(word in lowered for word in _LOCATION_WORDS):
        return None
    match = _LOCATION_LABEL.search(text)
    if not match:
        return None
    value = LABEL_SPLIT.split(" " + match.group(1))[0]
    value = re.split(r"\s+(?:job\s+type|employment\s+type|salary|about\s+the)\b", value, maxsplit=1, flags=re.I)[0]
    return value.strip(" *") or None
