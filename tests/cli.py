"""``jobboard ARGS`` inside the test's own process: the real ``main``, its settings from the environment, its output kept.

A command that needs no process of its own runs here, without the second or more that starting Python and
importing the project costs. Tests whose subject is the process itself (its exit on a bad setting, a
file-size limit, signals, ``kill -9``) still start one.
"""

from __future__ import annotations

import io
import logging
import os
import resource
import signal
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.settings import get_settings
from jobboard.cli import main


@dataclass(frozen=True)
class Ran:
    """How a command ended and what it printed, like a finished subprocess."""

    returncode: int
    stdout: str
    stderr: str


def _stream() -> io.TextIOWrapper:
    # Text for print(), with a binary buffer underneath for the commands that write bytes (dumps to stdout).
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)


def _text(stream: io.TextIOWrapper) -> str:
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue().decode("utf-8")


def jobboard(data_dir: Path, *args: str, **env: str) -> Ran:
    """Run ``jobboard ARGS`` with ``JOBBOARD_DATA_DIR=data_dir`` and ``env`` as its only ``JOBBOARD_*`` variables,
    from ``data_dir``'s parent folder, as a user's shell would.

    The settings are read afresh (``get_settings`` is cached per process) and the logging a command sets up
    for itself is undone afterwards, so one command leaves nothing behind for the next test.
    """
    out, err = _stream(), _stream()
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    with pytest.MonkeyPatch.context() as patch:
        for name in [name for name in os.environ if name.startswith("JOBBOARD_")]:
            patch.delenv(name)
        patch.setenv("JOBBOARD_DATA_DIR", str(data_dir))
        for name, value in env.items():
            patch.setenv(name, value)
        patch.chdir(data_dir.parent)
        get_settings.cache_clear()
        try:
            with redirect_stdout(out), redirect_stderr(err):
                code = main(list(args))
        finally:
            get_settings.cache_clear()
            root.handlers[:] = handlers
            root.setLevel(level)
    return Ran(code, _text(out), _text(err))


def disk_full_at(limit: int) -> Callable[[], None]:
    """For a child process (``preexec_fn``): writes past ``limit`` bytes fail with EFBIG, as on a full disk,
    instead of killing it; only a process of its own can be limited so."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply
