"""Inference of record fields from free text, used where a format gives no explicit value.

One module per field. Each function is pure and cheap: a few precompiled regular
expressions over the text. They are deliberately conservative; a wrong value is
worse than none.
"""

from __future__ import annotations

from functools import lru_cache

from parsers.currency import currency_code
from parsers.infer.company import company_from_text as _company_from_text
from parsers.infer.employment import employment_type
from parsers.infer.experience import experience_years
from parsers.infer.language import language
from parsers.infer.location import location_from_text
from parsers.infer.role import TECH_FAMILIES, role_family, seniority, seniority_code
from parsers.infer.salary import guess_period, period_code, period_from_text, salary_from_fields, salary_from_text
from parsers.infer.scope import remote_scope, scope_value
from parsers.infer.summary import summary_from
from parsers.infer.title import clean_title, strip_company, title_from_text
from parsers.infer.workplace import workplaces

# The text format reads the company while it settles the title, and the normalizer asks again when that found
# none: one answer per description (the reading is pure and the slowest of the inference passes).
company_from_text = lru_cache(maxsize=16)(_company_from_text)

__all__ = [
    "TECH_FAMILIES",
    "clean_title",
    "company_from_text",
    "currency_code",
    "employment_type",
    "experience_years",
    "guess_period",
    "language",
    "location_from_text",
    "period_code",
    "period_from_text",
    "remote_scope",
    "role_family",
    "salary_from_fields",
    "salary_from_text",
    "scope_value",
    "seniority",
    "seniority_code",
    "strip_company",
    "summary_from",
    "title_from_text",
    "workplaces",
]
