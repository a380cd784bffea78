"""The location string, from a 'Location:' label in a posting that has no location field."""

from __future__ import annotations

import re

from parsers.infer.scan import LABEL_SPLIT

# Location labels in the eight languages of the corpus ("Ort:", "Sede di lavoro:", "Miejsce pracy:", "Local:"),
# matched on the few characters before a colon rather than over the whole text.
_LOCATION_LABEL = re.compile(
    r"(?:^|\s)(?:\*\*)?(?:location|locations|job\s+location|work\s+location|office\s+location|standort|arbeitsort|einsatzort|"
    r"dienstort|ort|lieu(?:\s+de\s+travail)?|localisation|ubicaci[óo]n|localizaci[óo]n|lugar\s+de\s+trabajo|locatie|"
    r"standplaats|werklocatie|local(?:\s+de\s+trabalho)?|localiza[çc][ãa]o|sede(?:\s+di\s+lavoro)?|luogo\s+di\s+lavoro|"
    r"lokalizacja|miejsce\s+pracy)(?:\*\*)?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_NEXT_LABEL = re.compile(r"\s+(?:job\s+type|employment\s+type|salary|about\s+the)\b", re.I)


def location_from_text(text: str) -> str | None:
    """The labelled value, cut where the next label on the same line starts."""
    colon = text.find(":")
    while colon != -1:
        line_start = text.rfind("\n", 0, colon) + 1
        if _LOCATION_LABEL.search(text, max(line_start, colon - 40), colon):
            line_end = text.find("\n", colon)
            value = text[colon + 1 : len(text) if line_end == -1 else line_end].strip().lstrip("*").strip()
            if value:
                value = LABEL_SPLIT.split(" " + value)[0]
                value = _NEXT_LABEL.split(value, maxsplit=1)[0]
                return value.strip(" *") or None
        colon = text.find(":", colon + 1)
    return None
