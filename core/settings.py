"""One settings object for the whole project, read from ``JOBBOARD_*`` variables and ``.env``."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, HttpUrl, IPvAnyNetwork, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict, SettingsError

from core.errors import JobboardError


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JOBBOARD_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Root of samples, postings, raw crawls, indexes and dumps.")
    index_backend: Literal["tantivy", "elasticsearch"] = Field(default="tantivy", description="Which search backend to use.")
    index_dir: Path | None = Field(default=None, description="Folder of the embedded index (default: <data_dir>/index).")
    elasticsearch_url: str | None = Field(default=None, description="Elasticsearch base URL, for the elasticsearch backend.")
    elasticsearch_alias: str = Field(default="jobboard", description="Alias the Elasticsearch backend searches.")
    dedup: bool = Field(
        default=True,
        description="Store one record per job: copies of a job from several sources merged, reposts linked (index.dedup).",
    )
    max_file_mb: float = Field(default=16.0, gt=0, description="Posting files larger than this are rejected unread.")

    # Crawling
    contact_url: str = Field(
        default="https://github.com/jobboard/jobboard",
        description="Where site owners can reach whoever runs this crawler; part of the User-Agent.",
    )
    companies_file: Path | None = Field(default=None, description="Companies to crawl (default: <data_dir>/companies.txt).")
    crawl_max_body_mb: float = Field(default=10.0, gt=0, description="Responses larger than this are dropped and reported.")
    crawl_timeout_s: float = Field(default=30.0, gt=0, description="Timeout of every crawl request.")
    crawl_http_cache: bool = Field(default=False, description="Keep an HTTP cache under <data_dir>/httpcache (for development).")
    crawl_polite: bool = Field(default=True, description="AutoThrottle and a per-host delay; turn off only for local servers.")
    crawl_concurrency_per_host: int = Field(default=1, ge=1, le=32, description="Requests in flight to one host at a time.")
    crawl_retries: int = Field(default=3, ge=0, le=10, description="Retries of a 429/5xx or network error before giving up.")
    crawl_backoff_s: float = Field(
        default=2.0, ge=0, description="First retry delay when no Retry-After is sent; doubles each time."
    )
    crawl_max_wait_s: float = Field(
        default=300.0, ge=0, description="Longest Retry-After honoured; a longer one fails the company."
    )
    crawl_max_pages: int = Field(
        default=200,
        ge=1,
        description="Offer pages read per company when its site has no offers endpoint; a site linking more is reported failed.",
    )
    crawl_max_pages_mb: float = Field(
        default=50.0, gt=0, description="Offer pages kept in memory per company (HTML fallback); past it the company fails."
    )

    # Where each applicant-tracking system answers (crawlers.sources): its public origin, or a mirror's.
    recruitee_api_base: str = Field(
        default="https://{token}.recruitee.com",
        description="Recruitee careers sites of companies written as slugs or recruitee:TOKEN ({token}: the slug).",
    )
    greenhouse_api_base: str = Field(
        default="https://boards-api.greenhouse.io", description="Greenhouse job board API (/v1/boards/{token}/jobs)."
    )
    lever_api_base: str = Field(
        default="https://api.lever.co",
        description="Lever postings API (/v0/postings/{token}); boards on jobs.eu.lever.co use https://api.eu.lever.co while this is the default.",
    )
    ashby_api_base: str = Field(
        default="https://api.ashbyhq.com", description="Ashby job board API (/posting-api/job-board/{token})."
    )
    workable_api_base: str = Field(
        default="https://apply.workable.com", description="Workable careers API (/api/v3/accounts/{token}/jobs)."
    )
    smartrecruiters_api_base: str = Field(
        default="https://api.smartrecruiters.com",
        description="SmartRecruiters postings API (/v1/companies/{token}/postings and /postings/{id}).",
    )
    personio_api_base: str = Field(
        default="https://{token}.jobs.personio.de",
        description="Personio job feed (/xml); boards on .jobs.personio.com use that host while this is the default.",
    )
    teamtailor_api_base: str = Field(
        default="https://{token}.teamtailor.com",
        description="Teamtailor careers site job feed (/jobs.json, else /jobs.rss); boards on .career.teamtailor.com use that host while this is the default.",
    )

    # Scheduled crawls and dumps
    crawl_schedule: str = Field(
        default="0 3 * * *", description="When to crawl the companies file: crontab, @daily/@hourly, or 'every 6h'."
    )
    crawl_schedules: dict[str, str] = Field(
        default_factory=dict, description="Several companies files, each with its own schedule (JSON: {file: schedule})."
    )
    crawl_kill_after_min: float = Field(default=120.0, gt=0, description="A crawl still running after this long is killed.")
    crawl_stop_timeout_s: float = Field(
        default=60.0,
        gt=0,
        description=(
            "How long a crawl gets to stop and record its run after SIGTERM before it is killed: when `jobboard schedule` "
            "or `jobboard serve` stops, or when the crawl ran past crawl_kill_after_min."
        ),
    )
    dump_schedule: str | None = Field(
        default="30 4 * * *", description="When to write a dump under <data_dir>/dumps; empty: never."
    )
    dump_keep: int = Field(default=7, ge=1, description="How many scheduled dumps to keep.")
    rebuild_schedule: str | None = Field(default=None, description="Optional full index rebuild from the posting files.")
    log_format: Literal["auto", "json", "text"] = Field(
        default="auto", description="Logs as JSON lines, text, or JSON unless on a terminal."
    )

    # HTTP API
    api_key: SecretStr | None = Field(default=None, description="Bearer key for the admin endpoints; unset means they are off.")
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Origins allowed to call the API from a browser: a JSON list, or comma-separated."
    )
    public_base_url: HttpUrl | None = Field(
        default=None,
        description=(
            "The service's address as its users reach it (e.g. https://jobs.example.org, a path prefix allowed), used for "
            "the absolute links and ids of the feeds. Unset: the address the server itself was reached on (its listening "
            "socket, e.g. http://127.0.0.1:8000), never the request's Host header; set it behind a reverse proxy."
        ),
    )
    trusted_proxies: Annotated[list[IPvAnyNetwork], NoDecode] = Field(
        default_factory=list,
        description=(
            "Reverse proxies (IPs or CIDR networks; JSON list or comma-separated) whose X-Forwarded-For the rate limit "
            "believes: the right-most address in it that is not a trusted proxy is the client. Empty: the peer address."
        ),
    )
    rate_limit: str | None = Field(default=None, description="Per-client limit such as '120/minute'; unset means no limit.")
    search_processes: int | None = Field(
        default=None,
        ge=0,
        description="Worker processes `jobboard serve` runs searches in (0: in the server process); unset: two per core, up to 4, for tantivy.",
    )
    cursor_secret: SecretStr | None = Field(
        default=None,
        min_length=16,
        description=(
            "Key that signs paging cursors (at least 16 characters; every server of a deployment needs the same one). "
            "Unset: a random key kept in <data_dir>/.cursor-key, made on first use."
        ),
    )

    @field_validator("cors_origins", "trusted_proxies", mode="before")
    @classmethod
    def _json_or_comma_list(cls, value: object) -> object:
        """A JSON list, or the 'a, b' form operators tend to write in an environment variable."""
        if not isinstance(value, str):
            return value
        if value.lstrip().startswith("["):
            try:
                return json.loads(value)
            except json.JSONDecodeError as exc:
                raise ValueError(f"not a valid JSON list ({exc})") from None
        return [part.strip() for part in value.split(",") if part.strip()]

    @field_validator(
        "recruitee_api_base",
        "greenhouse_api_base",
        "lever_api_base",
        "ashby_api_base",
        "workable_api_base",
        "smartrecruiters_api_base",
        "personio_api_base",
        "teamtailor_api_base",
    )
    @classmethod
    def _api_base(cls, value: str) -> str:
        """An origin, or a template whose only placeholder is ``{token}``: the crawler appends the ATS's own paths.

        Without ``{token}`` in the host, the token goes first in the path (``http://127.0.0.1:8080`` serves
        ``/{token}/xml`` for Personio), so one server can stand in for every ATS in tests and mirrors.
        """
        text = value.strip().rstrip("/")
        probe = text.replace("{token}", "token")
        if "{" in probe or "}" in probe:
            raise ValueError("the only placeholder allowed is {token}")
        if not re.fullmatch(r"https?://[A-Za-z0-9.\-\[\]:]+(/[^?#\s]*)?", probe):
            raise ValueError(
                "must be an http(s) origin such as https://mirror.example or http://127.0.0.1:8080, optionally with a path"
            )
        return text

    def api_bases(self) -> dict[str, str]:
        """ATS kind -> where it answers (the ``*_api_base`` settings), as ``crawlers.sources`` reads them."""
        suffix = "_api_base"
        return {name.removesuffix(suffix): getattr(self, name) for name in type(self).model_fields if name.endswith(suffix)}

    @field_validator("public_base_url")
    @classmethod
    def _base_url_only(cls, value: HttpUrl | None) -> HttpUrl | None:
        """Links are made by appending paths, so a query, fragment or credentials would corrupt every one."""
        if value is not None and (value.query or value.fragment or value.username or value.password):
            raise ValueError("must be a plain base URL such as https://jobs.example.org (no query, fragment or credentials)")
        return value

    @property
    def index_path(self) -> Path:
        return self.index_dir or self.data_dir / "index"

    @property
    def postings_dir(self) -> Path:
        return self.data_dir / "postings"

    @property
    def samples_dir(self) -> Path:
        return self.data_dir / "samples"

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw"

    @property
    def crawls_dir(self) -> Path:
        return self.data_dir / "crawls"

    @property
    def companies_path(self) -> Path:
        return self.companies_file or self.data_dir / "companies.txt"

    @property
    def dumps_dir(self) -> Path:
        return self.data_dir / "dumps"

    def schedules(self) -> dict[str, str]:
        """Companies file -> schedule; the default file on ``crawl_schedule`` unless ``crawl_schedules`` lists files."""
        if self.crawl_schedules:
            return dict(self.crawl_schedules)
        return {str(self.companies_path): self.crawl_schedule}


class InvalidSettings(JobboardError):
    """A ``JOBBOARD_*`` variable (or ``.env`` line) that cannot be used; the message names each one."""


_FIELD_OF = re.compile(r'field "(\w+)"')


def _variable(field: object) -> str:
    return f"JOBBOARD_{str(field).upper()}"


def describe_settings_error(exc: ValidationError | SettingsError) -> str:
    """One line naming each bad variable and what is wrong with it (never its value: it may be a secret)."""
    if isinstance(exc, SettingsError):
        match = _FIELD_OF.search(str(exc))
        name = _variable(match.group(1)) if match else "a JOBBOARD_ variable"
        reason = f"is not valid JSON ({exc.__cause__})" if exc.__cause__ else str(exc)
        return f"invalid setting: {name} {reason}"
    problems = []
    for error in exc.errors():
        loc = error.get("loc") or ("?",)
        where = "".join(f" item {part + 1}" if isinstance(part, int) else f" key {part!r}" for part in loc[1:])
        message = " ".join(str(error.get("msg", "invalid")).split()).removeprefix("Value error, ")
        problems.append(f"{_variable(loc[0])}{where}: {message}")
    return "invalid setting" + ("s" if len(problems) > 1 else "") + ": " + "; ".join(problems)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, built once; a bad value raises ``InvalidSettings`` (one clear line, no traceback)."""
    try:
        return Settings()
    except (ValidationError, SettingsError) as exc:
        raise InvalidSettings(describe_settings_error(exc)) from None
