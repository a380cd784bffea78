"""One settings object for the whole project, read from ``JOBBOARD_*`` variables and ``.env``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JOBBOARD_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Root of samples, postings, raw crawls, indexes and dumps.")
    max_file_mb: float = Field(default=16.0, gt=0, description="Posting files larger than this are rejected unread.")

    @property
    def samples_dir(self) -> Path:
        return self.data_dir / "samples"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, built once."""
    return Settings()
