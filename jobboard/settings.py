"""One settings object for the whole project, read from ``JOBBOARD_*`` variables and ``.env``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JOBBOARD_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Root of samples, postings, raw crawls, indexes and dumps.")
    index_backend: Literal["tantivy", "elasticsearch"] = Field(default="tantivy", description="Which search backend to use.")
    index_dir: Path | None = Field(default=None, description="Folder of the embedded index (default: <data_dir>/index).")
    elasticsearch_url: str | None = Field(default=None, description="Elasticsearch base URL, for the elasticsearch backend.")
    elasticsearch_alias: str = Field(default="jobboard", description="Alias the Elasticsearch backend searches.")
    max_file_mb: float = Field(default=16.0, gt=0, description="Posting files larger than this are rejected unread.")

    @property
    def index_path(self) -> Path:
        return self.index_dir or self.data_dir / "index"

    @property
    def postings_dir(self) -> Path:
        return self.data_dir / "postings"

    @property
    def samples_dir(self) -> Path:
        return self.data_dir / "samples"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, built once."""
    return Settings()
