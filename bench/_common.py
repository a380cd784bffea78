"""What the benchmark scripts share: where they ran, pinning to one core, and the arithmetic of their reports."""

from __future__ import annotations

import json
import math
import os
import platform
import sys
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from typing import Any


def pin_to_one_cpu() -> int | None:
    """Run on one core so 'per core' figures mean that; None where the OS cannot pin."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return cpu
    except OSError:
        return None


def machine(pinned: int | None, packages: tuple[str, ...] = ("pydantic",)) -> dict[str, Any]:
    try:
        usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    except OSError:
        usable = None
    info: dict[str, Any] = {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable,
        "pinned_cpu": pinned,
    }
    for name in packages:
        try:
            info[name] = version(name)
        except PackageNotFoundError:
            info[name] = None
    return info


def peak_rss_mb() -> float | None:
    """This process's peak resident memory; None where the OS does not tell (Windows)."""
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


def ratio(a: float, b: float) -> float:
    """``a / b``, infinite when ``b`` is not positive (a pass too fast to time)."""
    return a / b if b > 0 else float("inf")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(len(ordered) * p / 100))
    return ordered[rank - 1]


def machine_line(info: dict[str, Any], packages: tuple[str, ...]) -> str:
    """The report's last line: the interpreter, the OS, the CPUs used and the versions that matter to the figures."""
    cpus = f"{info['cpu_count']} CPUs"
    if info.get("pinned_cpu") is not None:
        cpus += f", pinned to CPU {info['pinned_cpu']}"
    elif info.get("usable_cpus"):
        cpus += f", {info['usable_cpus']} usable"
    versions = ", ".join(f"{name} {info.get(name)}" for name in packages)
    return f"machine: {info['python']}, {info['platform']}, {cpus}; {versions}"


def emit(result: dict[str, Any], as_json: bool, report: Callable[[dict[str, Any]], None]) -> None:
    """The result as one JSON document (``--json``), else as the script's own text report."""
    if as_json:
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        report(result)
