"""One settings object for the whole project, read from ``JOBBOARD_*`` variables and ``.env``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JOBBOARD_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Root of samples, postings, raw crawls, indexes and dumps.")
    index_backend: Literal["tantivy", "elasticsearch"] = Field(default="tantivy", description="Which search backend to use.")
    index_dir: Path | None = Field(default=None, description="Folder of the embedded index (default: <data_dir>/index).")
    elasticsearch_url: str | None = Field(default=None, description="Elasticsearch base URL, for the elasticsearch backend.")
    elasticsearch_alias: str = Field(default="jobboard", description="Alias the Elasticsearch backend searches.")
    max_file_mb: float = Field(default=16.0, gt=0, description="Posting files larger than this are rejected unread.")

    # Crawling (issue 4)
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

    # Scheduled crawls and dumps (issue 6)
    crawl_schedule: str = Field(
        default="0 3 * * *", description="When to crawl the companies file: crontab, @daily/@hourly, or 'every 6h'."
    )
    crawl_schedules: dict[str, str] = Field(
        default_factory=dict, description="Several companies files, each with its own schedule (JSON: {file: schedule})."
    )
    crawl_kill_after_min: float = Field(default=120.0, gt=0, description="A crawl still running after this long is killed.")
    dump_schedule: str | None = Field(
        default="30 4 * * *", description="When to write a dump under <data_dir>/dumps; empty: never."
    )
    dump_keep: int = Field(default=7, ge=1, description="How many scheduled dumps to keep.")
    rebuild_schedule: str | None = Field(default=None, description="Optional full index rebuild from the posting files.")
    log_format: Literal["auto", "json", "text"] = Field(
        default="auto", description="Logs as JSON lines, text, or JSON unless on a terminal."
    )

    # HTTP API (issue 5)
    api_key: SecretStr | None = Field(default=None, description="Bearer key for the admin endpoints; unset means they are off.")
    cors_origins: list[str] = Field(default_factory=list, description="Origins allowed to call the API from a browser.")
    rate_limit: str | None = Field(default=None, description="Per-client limit such as '120/minute'; unset means no limit.")
    search_processes: int | None = Field(
        default=None,
        ge=0,
        description="Worker processes `jobboard serve` runs searches in (0: in the server process); unset: two per core, up to 4, for tantivy.",
    )

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


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, built once."""
    return Settings()
