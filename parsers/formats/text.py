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
    # The company is read here too: a title line often carries it ("Data Engineer — Acme"), and it goes.
    company = infer.company_from_text(body)
    title = infer.strip_company(title, company) or title
    # Everything else is inferred by the normalizer, as for any format that lacks it.
    return [Draft(kind="text", title=title, company_name=company, description=body)]
