"""Records back to Markdown with YAML frontmatter, in the shape of the samples.

The crawler stores every posting this way (``data/postings/{company}/{slug}.md``).
Besides the Recruitee-board keys of the samples, the frontmatter carries the
values that were explicit in the source (places, workplace, salary, ...), so
that parsing the file gives back the same record.
"""

from __future__ import annotations

from typing import Any

import yaml

from parsers.record import Posting

_SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def frontmatter_fields(record: Posting) -> dict[str, Any]:
    """The frontmatter mapping for a record; keys with no value are left out."""
    salary = record.salary
    fields: dict[str, Any] = {
        "title": record.title,
        "location": record.location.raw,
        "host": f"https://{record.source.host}/" if record.source.host else None,
        "companyName": record.company.name,
        "url": record.url,
        "applyUrl": record.apply_url,
        "timestamp": int(record.posted_at.timestamp() * 1000) if record.posted_at else None,
        "hashtags": ",".join(f"#{tag}" for tag in record.hashtags) or None,
        "jobType": record.job_type,
        "logoUrl": record.company.logo_url,
        "companyWebsite": record.company.website,
        "summary": record.summary,
        "featured": record.featured,
        "archived": "true" if record.archived else "false",
        # What the source stated explicitly, so a re-parse needs no inference to get it back.
        "workplace": list(record.location.workplace) or None,
        "remoteScope": record.location.remote_scope,
        "places": [place.model_dump(exclude_none=True) for place in record.location.places] or None,
        "seniority": record.role.seniority,
        "employmentType": record.employment_type,
        "experienceYears": record.experience_years,
        "salary": (
            {"min": salary.min, "max": salary.max, "currency": salary.currency, "period": salary.period}
            if salary is not None
            else None
        ),
        "language": record.language,
        "source": record.source.kind,
    }
    return {key: value for key, value in fields.items() if value is not None}


def posting_markdown(record: Posting) -> str:
    """The whole file: frontmatter between ``---`` fences, a blank line, then the Markdown description."""
    head = yaml.dump(frontmatter_fields(record), Dumper=_SAFE_DUMPER, sort_keys=False, allow_unicode=True, width=1_000_000)
    return f"---\n{head}---\n\n{record.description}\n"
