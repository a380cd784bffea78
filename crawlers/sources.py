"""The applicant-tracking systems the crawler reads, declared once: how a company on each is named, where it answers.

A company is written ``ATS:TOKEN`` (``greenhouse:stripe``) or as a URL on the ATS's public hosts
(``https://boards.greenhouse.io/stripe``); ``recognize`` turns such a URL into the ATS and token, for the
companies list and for ``jobboard detect``. Where each ATS answers comes from its ``JOBBOARD_<ATS>_API_BASE``
setting (``core.settings``), resolved by ``api_root``. What each fetches from there is its spider's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs, quote, unquote, urlsplit

from core.settings import Settings


@dataclass(frozen=True)
class Ats:
    """One applicant-tracking system.

    ``token_in_host``: the company is a host name label (``clark.jobs.personio.de``); a template without
    ``{token}`` then takes the token as its first path segment. ``regions``: other public hosts of the same ATS
    (``jobs.eu.lever.co`` boards answer at ``api.eu.lever.co``), used while the setting is at its default.
    ``ids``: the raw job's fields that name it on its board, first found wins.
    """

    kind: str
    label: str
    token_in_host: bool = False
    regions: Mapping[str, str] = field(default_factory=dict)
    ids: tuple[str, ...] = ("id",)

    @property
    def setting(self) -> str:
        return f"{self.kind}_api_base"

    @property
    def default_base(self) -> str:
        return str(Settings.model_fields[self.setting].default)


ATS: dict[str, Ats] = {
    ats.kind: ats
    for ats in (
        Ats("recruitee", "Recruitee", token_in_host=True, ids=("slug", "id")),
        Ats("greenhouse", "Greenhouse"),
        Ats("lever", "Lever", regions={"eu": "https://api.eu.lever.co"}),
        Ats("ashby", "Ashby"),
        Ats("workable", "Workable", ids=("shortcode", "id")),
        Ats("smartrecruiters", "SmartRecruiters"),
        Ats("personio", "Personio", token_in_host=True, regions={"com": "https://{token}.jobs.personio.com"}),
        Ats("teamtailor", "Teamtailor", token_in_host=True, regions={"career": "https://{token}.career.teamtailor.com"}),
    )
}

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_TOKEN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._ -]{0,126}[A-Za-z0-9._-])?$")
_HOST_TOKEN = re.compile(rf"^{_LABEL}$")

# Host -> (ATS, region) for boards whose first path segment is the token; segments that are never a token.
_PATH_HOSTS: dict[str, tuple[str, str | None]] = {
    "boards.greenhouse.io": ("greenhouse", None),
    "job-boards.greenhouse.io": ("greenhouse", None),
    "job-boards.eu.greenhouse.io": ("greenhouse", None),
    "boards.eu.greenhouse.io": ("greenhouse", None),
    "jobs.lever.co": ("lever", None),
    "jobs.eu.lever.co": ("lever", "eu"),
    "jobs.ashbyhq.com": ("ashby", None),
    "apply.workable.com": ("workable", None),
    "jobs.smartrecruiters.com": ("smartrecruiters", None),
    "careers.smartrecruiters.com": ("smartrecruiters", None),
}
_NOT_TOKENS = {"embed", "api", "v0", "v1", "v3", "j", "static", "assets", "widget", "posting-api", "oneclick-ui"}
# API hosts, whose paths name the token further in.
_API_PATHS: dict[str, tuple[str, str | None, re.Pattern[str]]] = {
    "boards-api.greenhouse.io": ("greenhouse", None, re.compile(r"^/v1/boards/([^/]+)")),
    "api.lever.co": ("lever", None, re.compile(r"^/v0/postings/([^/]+)")),
    "api.eu.lever.co": ("lever", "eu", re.compile(r"^/v0/postings/([^/]+)")),
    "boards-api.eu.greenhouse.io": ("greenhouse", None, re.compile(r"^/v1/boards/([^/]+)")),
    "api.ashbyhq.com": ("ashby", None, re.compile(r"^/posting-api/job-board/([^/]+)")),
    "api.smartrecruiters.com": ("smartrecruiters", None, re.compile(r"^/v1/companies/([^/]+)")),
}
# Hosts whose first label is the token.
_HOST_SUFFIXES: tuple[tuple[str, str, str | None], ...] = (
    (".jobs.personio.de", "personio", None),
    (".jobs.personio.com", "personio", "com"),
    (".career.teamtailor.com", "teamtailor", "career"),  # newer career sites: {token}.career.teamtailor.com
    (".teamtailor.com", "teamtailor", None),
    (".recruitee.com", "recruitee", None),
    (".workable.com", "workable", None),
)
_NOT_HOST_TOKENS = {"www", "app", "api", "apply", "jobs", "career", "careers", "help", "support", "blog", "status"}


@dataclass(frozen=True)
class AtsBoard:
    """A company's board on an ATS: what a companies-list line ``ATS:TOKEN`` names."""

    kind: str
    token: str
    region: str | None = None

    @property
    def line(self) -> str:
        """The companies-list line for it: ``ATS:TOKEN``, or the public URL when only that says the region."""
        if self.kind == "lever" and self.region == "eu":
            return f"https://jobs.eu.lever.co/{self.token}"
        if self.kind == "personio" and self.region == "com":
            return f"https://{self.token}.jobs.personio.com"
        if self.kind == "teamtailor" and self.region == "career":
            return f"https://{self.token}.career.teamtailor.com"
        return f"{self.kind}:{self.token}"


def valid_token(kind: str, token: str) -> str | None:
    """Why ``token`` cannot name a board of ``kind``, or None when it can."""
    if ATS[kind].token_in_host:
        return None if _HOST_TOKEN.match(token) else "a host name label: letters, digits and '-'"
    return None if _TOKEN.match(token) else "letters, digits, '.', '_', '-' (at most 128)"


def board_key(kind: str, token: str) -> str:
    """The company's folder name: a Recruitee slug as it always was, ``{ats}-{token}`` for the others."""
    if kind == "recruitee":
        return token.lower()
    safe = re.sub(r"[^a-z0-9._-]+", "-", token.lower()).strip("-.")
    return f"{kind}-{safe}"


def recognize(url: str) -> AtsBoard | None:
    """The ATS board a URL is on (a careers page, a job page, an embed or an API address), or None."""
    text = url.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    segments = [unquote(s) for s in parts.path.split("/") if s]
    found: AtsBoard | None = None
    if host in _PATH_HOSTS:
        kind, region = _PATH_HOSTS[host]
        query = parse_qs(parts.query)
        if kind == "greenhouse" and query.get("for"):  # the embed script: /embed/job_board?for=TOKEN
            found = AtsBoard(kind, query["for"][0], region)
        elif segments and segments[0].lower() not in _NOT_TOKENS:
            found = AtsBoard(kind, segments[0], region)
    elif host in _API_PATHS:
        kind, region, pattern = _API_PATHS[host]
        match = pattern.match(parts.path)
        if match:
            found = AtsBoard(kind, unquote(match.group(1)), region)
    else:
        for suffix, kind, region in _HOST_SUFFIXES:
            label = host.removesuffix(suffix)
            if host.endswith(suffix) and "." not in label and label not in _NOT_HOST_TOKENS:
                found = AtsBoard(kind, label, region)
                break
    if found is None or valid_token(found.kind, found.token) is not None:
        return None
    return found


def api_root(kind: str, token: str, bases: Mapping[str, str] | None = None, region: str | None = None) -> str:
    """Where the company's ATS endpoints start: the setting's template with the token in it, no trailing slash.

    ``https://{token}.jobs.personio.de`` gives ``https://clark.jobs.personio.de``; a template without
    ``{token}`` keeps an ATS that names the company in its paths as it is (``https://boards-api.greenhouse.io``)
    and puts the token first in the path for one that names it in the host (``http://127.0.0.1:8080/clark``).
    """
    ats = ATS[kind]
    template = (bases or {}).get(kind) or ats.default_base
    if region and region in ats.regions and template == ats.default_base:
        template = ats.regions[region]
    escaped = quote(token, safe="")
    if "{token}" in template:
        return template.replace("{token}", escaped.lower() if ats.token_in_host else escaped)
    return f"{template}/{escaped}" if ats.token_in_host else template


def shared_hosts(bases: Mapping[str, str] | None = None) -> set[str]:
    """The API hosts that answer for every company of their ATS (a base without ``{token}``, and its regions'
    while it is the default), as opposed to a host of the company's own."""
    hosts: set[str] = set()
    for kind, ats in ATS.items():
        template = (bases or {}).get(kind) or ats.default_base
        regions = list(ats.regions.values()) if template == ats.default_base else []
        hosts.update(urlsplit(base).hostname or "" for base in (template, *regions) if "{token}" not in base)
    return hosts - {""}


_XML_ID = re.compile(r"<(id|guid)\b[^>]*>\s*([^<]+?)\s*</\1>")


def job_id(kind: str, job: object) -> str:
    """The raw job's id on its board (its file's name is made from it), or ``""`` when it has none.

    An XML job (a Personio ``<position>``, an RSS ``<item>``) is its own text: its ``<id>`` or ``<guid>``.
    """
    if isinstance(job, str):
        match = _XML_ID.search(job)
        return match.group(2) if match else ""
    if not isinstance(job, dict):
        return ""
    for name in ATS[kind].ids if kind in ATS else ("slug", "id"):
        value = job.get(name)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return ""
