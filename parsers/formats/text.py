"""Plain text and Markdown without frontmatter: every field is inferred from the text."""

from __future__ import annotations

from parsers import infer
from parsers.draft import Draft
from parsers.errors import ParseError


def parse(text: str) -> list[Draft]:
    body = text.strip()
    title = infer.title_from_text(body)
    if not title:
        raise ParseError("no job title found: not a job posting?")
    # Everything but the title is inferred by the normalizer, as for any format that lacks it.
    return [Draft(kind="text", title=title, description=body)]
