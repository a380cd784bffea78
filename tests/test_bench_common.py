"""The helpers every benchmark script shares (bench/_common.py), and the generator's sentence pools (bench/gen/text.yaml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench._common import free_port, latency_ms, percentile, process_tree, stop, table, tree_cpu_s, tree_memory_mb
from bench.gen.text import TEXT

# A child that burns some CPU in a grandchild, then waits to be stopped: a server with a worker, in small.
_PARENT = (
    "import subprocess, sys, time\n"
    "child = subprocess.Popen([sys.executable, '-c', 'sum(range(3_000_000)); print(1, flush=True); import time; time.sleep(60)'],"
    " stdout=subprocess.PIPE)\n"
    "child.stdout.readline(); print('ready', flush=True); time.sleep(60)\n"
)


def test_table_aligns_formats_and_marks_missing_values() -> None:
    text = table(("", "req/s", "note"), [["floor", 1234.5, None], ["mix", 7.0, "cached"]], ("", ",.1f"), "<><")
    assert text.splitlines() == ["         req/s  note", "floor  1,234.5  -", "mix        7.0  cached"]
    assert table(("", ""), [["a", "b"]]) == "a  b"  # no header line when every title is empty


def test_percentiles_are_nearest_rank() -> None:
    values = [i / 1000 for i in range(1, 101)]  # 1..100 ms
    assert latency_ms(values) == {"p50_ms": 50.0, "p95_ms": 95.0, "p99_ms": 99.0}
    assert percentile([3.0], 99) == 3.0


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux /proc")
def test_process_tree_cpu_and_memory_count_the_children() -> None:
    process = subprocess.Popen([sys.executable, "-c", _PARENT], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        tree = process_tree(process.pid)
        assert tree[0] == process.pid and len(tree) == 2
        assert tree_cpu_s(process.pid) > 0
        memory = tree_memory_mb(process.pid)
        assert memory is not None and memory["processes"] == 2 and 0 < memory["pss_mb"] <= memory["rss_mb"]
    finally:
        for pid in reversed(process_tree(process.pid)[1:]):
            subprocess.run(["kill", str(pid)], check=False)
        stop(process)
    assert process.returncode is not None
    assert process_tree(process.pid) == []


def test_free_port_can_be_bound() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", free_port()))


def test_every_language_has_the_pools_a_posting_draws_from() -> None:
    needed = set(TEXT["en"]) - {"resp_nontech"}  # the only pool with an English-only fallback
    for lang, pools in TEXT.items():
        assert needed <= set(pools), f"{lang} misses {needed - set(pools)}"
        assert all(pools[key] for key in needed), lang
