"""One pure ``parse(text) -> list[Draft]`` per input format.

``ATS_FORMATS`` lists the applicant-tracking-system formats, each a module with ``KIND``,
``looks_like(data)``, ``parse_data(data) -> list[Draft]`` and ``parse_offer(offer) -> Draft``. Their
``looks_like`` recognize disjoint shapes (a test runs every one over every fixture), so the order only
decides speed; JSON-LD and frontmatter are tried after them.
"""

from __future__ import annotations

from types import ModuleType

from parsers.formats import ashby, greenhouse, lever, personio, recruitee, smartrecruiters, teamtailor, workable

ATS_FORMATS: tuple[ModuleType, ...] = (recruitee, greenhouse, lever, ashby, workable, smartrecruiters, personio, teamtailor)
"""The ATS formats in the order a dispatcher tries them; XML formats (Personio, Teamtailor RSS) take text."""
