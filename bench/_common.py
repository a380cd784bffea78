"""What the benchmark scripts share: where they ran, pinning, servers and their processes, and the reports' arithmetic."""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import socket
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def arguments(
    description: str | None, seed: int, pin: bool = True, keep: str = "keep the generated data in DIR"
) -> argparse.ArgumentParser:
    """A parser with the options every script has: --seed, --keep, --json and (pinned scripts) --no-pin."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seed", type=int, default=seed, help=f"generator seed (default {seed})")
    parser.add_argument("--keep", metavar="DIR", help=keep)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    if pin:
        parser.add_argument("--no-pin", action="store_true", help="do not pin the measuring process to one CPU")
    return parser


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


def machine_line(info: dict[str, Any], packages: tuple[str, ...]) -> str:
    """The report's last line: the interpreter, the OS, the CPUs used and the versions that matter to the figures."""
    cpus = f"{info['cpu_count']} CPUs"
    if info.get("pinned_cpu") is not None:
        cpus += f", pinned to CPU {info['pinned_cpu']}"
    elif info.get("usable_cpus"):
        cpus += f", {info['usable_cpus']} usable"
    versions = ", ".join(f"{name} {info.get(name)}" for name in packages)
    return f"machine: {info['python']}, {info['platform']}, {cpus}; {versions}"


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def peak_rss_mb(maxrss: int | None = None) -> float | None:
    """Peak resident memory from ``ru_maxrss`` (this process's by default); None where the OS does not tell."""
    if maxrss is None:
        try:
            import resource
        except ImportError:
            return None
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024  # bytes on macOS, KiB elsewhere


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


def latency_ms(seconds: list[float]) -> dict[str, float]:
    """p50/p95/p99 in milliseconds of latencies in seconds."""
    return {f"p{p}_ms": round(percentile(seconds, p) * 1000, 2) for p in (50, 95, 99)}


# ---------------------------------------------------------------- servers and their processes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop(process: subprocess.Popen[Any]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (a uvicorn supervisor and its workers), from /proc; [] without /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    found = [pid] if pid in parents else []
    for candidate in found:
        found.extend(child for child, parent in parents.items() if parent == candidate)
    return found


def tree_cpu_s(pid: int) -> float:
    """User + system CPU seconds used so far by ``pid`` and its descendants."""
    total = 0
    for member in process_tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def tree_memory_mb(pid: int) -> dict[str, float] | None:
    """Resident memory of ``pid`` and its descendants: RSS summed, and PSS (shared pages, such as an index's, split)."""
    members = process_tree(pid)
    if not members:
        return None
    kib = {"Rss:": 0, "Pss:": 0}
    for member in members:
        try:
            for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
                if line.split(" ", 1)[0] in kib:
                    kib[line.split(" ", 1)[0]] += int(line.split()[1])
        except OSError:
            continue
    return {"processes": len(members), "rss_mb": round(kib["Rss:"] / 1024, 1), "pss_mb": round(kib["Pss:"] / 1024, 1)}


# ---------------------------------------------------------------- reports


def table(header: Sequence[str], rows: Iterable[Sequence[Any]], formats: Sequence[str] = (), align: str = "<") -> str:
    """Aligned columns (``align``: "<" or ">" per column, right where not given), each number by its column's format
    spec, None as '-'."""

    def cell(value: Any, column: int) -> str:
        if value is None or isinstance(value, str):
            return value or ("-" if value is None else "")
        return format(value, formats[column] if column < len(formats) else "")

    cells = [list(header)] if any(header) else []  # no header line when every title is empty
    cells += [[cell(v, i) for i, v in enumerate(row)] for row in rows]
    widths = [max((len(r[i]) for r in cells if i < len(r)), default=0) for i in range(len(header))]
    return "\n".join(
        "  ".join(c.ljust(widths[i]) if align[i : i + 1] == "<" else c.rjust(widths[i]) for i, c in enumerate(r)).rstrip()
        for r in cells
    )


def verdict(passed: bool | None) -> str:
    return "n/a (too small to tell)" if passed is None else "met" if passed else "NOT met"


def save(result: dict[str, Any], stem: str) -> Path | None:
    """Write ``result`` to bench/results/<stem>-<UTC time>.json; None if the folder is not writable."""
    try:
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"{stem}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
        path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        return path
    except OSError:
        return None


def emit(result: dict[str, Any], as_json: bool, report: Callable[[dict[str, Any]], None]) -> None:
    """The result as one JSON document (``--json``), else as the script's own text report."""
    if as_json:
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        report(result)
