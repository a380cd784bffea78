"""The HTTP API under load: ``jobboard serve`` on a 100,000-posting index, driven from another process.

Builds (or reuses, with ``--keep DIR``) a tantivy index of N records from ``bench.gen.records``,
starts ``jobboard serve`` as its own process on a free loopback port, and drives it from a second
process with C concurrent connections, each sending its next request as soon as the previous answer
is read (closed loop). The load generator is ``wrk`` (Debian package ``wrk``, C, with a Lua script
that cycles through the pre-drawn request list) when it is installed; otherwise, or with
``--generator python``, this script re-run with ``--drive`` (asyncio + aiohttp), which is said in the
report: a Python generator needs most of a core of its own, which on a 2-core box it takes from the
server. Two phases of ``--duration`` seconds each, after a warm-up:

* floor: bare ``GET /healthz`` (the same server's cost of an HTTP round trip through the same
  middleware, with its liveness check, which asks the index at most once a second);
* mix:   ``GET /jobs`` with the four query kinds of ``bench.gen.queries`` (as ``bench/search.py`` times them), mixed:
  (i) 1-2 words of free text, (ii) free text + hashtag + country, (iii) a hashtag newest first,
  each with ``facet_size=0`` as in the index benchmark, and (iv) free text with its facets
  (the API's default ``facet_size=10``).

Repetition. The API keeps answers until the index changes (``api/cache.py``), so how often queries
repeat decides what the mix measures. The mix draws from a pool of distinct queries (``--queries`` specs per kind,
duplicates removed: about 1,900 for the default 1,000) with Zipf-like popularity (the query of rank r
with weight 1/r^``--zipf``, ranks shuffled across kinds; 1.0 by default, as search logs tend to be,
0 for uniform), and a ``--fresh`` share (10% by default) of requests are queries asked only once
(all of kind (ii), the only kind with room for that many), the long tail no cache helps with. The
sequence of requests is drawn once; a measured run walks it from the start and its warm-up from near
the end, so the run does not replay the warm-up. The report gives the pool, the share of the top
queries, and the answer cache's hit ratio the server reported (``X-Cache`` header). ``--uncached``
runs the mix a third time on the same app with the cache off (``create_app(cache_ttl=0)`` under
uvicorn, with the same number of workers): every request then costs a search.

Besides requests/s, p50/p95/p99 latency (ms) and errors (non-200 or failed requests) per phase (and
per kind with the Python generator), it reports the server's CPU seconds per request (all its worker processes, from ``/proc``; a
figure that other load on the machine does not change much) and the server's resident memory after
the mix. Targets from the issue (on 2 cores, 20 clients): mix p95 under 50 ms, at least 40% of the
floor's requests/s, zero errors.

    python bench/api.py [--n 100000] [--seed 7] [--duration 60] [--clients 20] [--keep DIR] [--workers 1] [--search-processes N]
                        [--versus-workers N] [--generator auto|wrk|python] [--queries 1000] [--zipf 1.0] [--fresh 0.1]
                        [--uncached] [--json] [--out FILE]

``--versus-workers N`` runs the floor and the mix once more on ``N`` plain uvicorn workers with no search
processes (``WEB_CONCURRENCY=N``, ``JOBBOARD_SEARCH_PROCESSES=0``): each worker searches on its own threads
with its own reader and answer cache. The report gives both setups, measured on the same index and requests.

``WEB_CONCURRENCY`` is what ``--workers`` sets for the server. Exit 0 unless something crashed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: the repository root, for `bench.…`

from bench._common import emit, machine, machine_line, percentile
from bench.gen import records
from bench.gen.queries import KINDS, specs

P95_TARGET_MS = 50.0
RATIO_TARGET = 0.40
WARMUP_S = 3.0
SEQUENCE = 300_000  # requests in the drawn sequence; a measured run walks it from the start
WARMUP_FROM = 250_000  # the warm-up walks it from here, so the measured run does not replay the warm-up
LUA = Path(__file__).resolve().parent / "api_wrk.lua"


# ---------------------------------------------------------------- the index


def build_index(root: Path, n: int, seed: int) -> dict[str, Any]:
    """Reuse an index built for the same (n, seed) in ``root``, else build one; report how long it took."""
    from index.tantivy_backend import TantivyIndex

    marker = root / "bench-api.json"
    if marker.exists() and (root / "current").exists():
        info = json.loads(marker.read_text())
        if info.get("n") == n and info.get("seed") == seed:
            return {**info, "reused": True}
    root.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    generated = list(records.generate(n, seed))
    generate_s = time.perf_counter() - started
    started = time.perf_counter()
    index = TantivyIndex(root)
    index.rebuild(generated)
    build_s = time.perf_counter() - started
    searchable = index.count()
    index.close()
    companies = sorted({r.company.name for r in generated if r.company.name})
    info = {
        "n": n,
        "seed": seed,
        "searchable": searchable,
        "generate_s": round(generate_s, 2),
        "build_s": round(build_s, 2),
        "build_per_s": round(n / build_s),
        "companies": companies,
    }
    marker.write_text(json.dumps(info))
    return {**info, "reused": False}


def _path(kind: str, spec: dict[str, Any]) -> str:
    params: list[tuple[str, str]] = []
    if spec.get("q"):
        params.append(("q", spec["q"]))
    params.extend(("hashtag", tag) for tag in spec.get("hashtags", []))
    if spec.get("location"):
        params.append(("location", spec["location"]))
    if spec.get("sort"):
        params.append(("sort", spec["sort"]))
    if kind != "iv":
        params.append(("facet_size", "0"))
    return "/jobs?" + urlencode(params)


def query_pool(count: int, seed: int, companies: list[str]) -> list[tuple[str, str]]:
    """The distinct (kind, path) pairs from ``count`` specs per kind of the query mix."""
    drawn = specs(count, seed, companies)
    pool: dict[str, str] = {}
    for position in range(count):
        for kind in KINDS:
            pool.setdefault(_path(kind, drawn[kind][position]), kind)
    return [(kind, path) for path, kind in pool.items()]


def fresh_queries(wanted: int, seed: int, companies: list[str], exclude: set[str]) -> list[tuple[str, str]]:
    """``wanted`` distinct kind-(ii) queries (text + hashtag + country, the kind with room for that many) not in ``exclude``."""
    found: dict[str, None] = {}
    count = wanted + 100
    while len(found) < wanted and count < 50 * wanted + 1000:
        for spec in specs(count, seed + 1, companies)["ii"]:
            path = _path("ii", spec)
            if path not in exclude:
                found.setdefault(path, None)
        count *= 2
    return [("ii", path) for path in list(found)[:wanted]]


def draw(
    pool: list[tuple[str, str]], length: int, zipf: float, seed: int, fresh: list[tuple[str, str]], fresh_share: float
) -> list[tuple[str, str]]:
    """``length`` requests: from ``pool``, the query of popularity rank r (ranks shuffled) with weight 1/r**zipf;
    a ``fresh_share`` of them, spread evenly, the next query of ``fresh`` (each asked once only)."""
    rng = random.Random(f"api-mix:{seed}")
    ranked = list(pool)
    rng.shuffle(ranked)
    weights = [1.0 / (rank**zipf) for rank in range(1, len(ranked) + 1)]
    sequence = rng.choices(ranked, weights=weights, k=length)
    unused = iter(fresh)
    for position in range(length):
        if rng.random() < fresh_share:
            sequence[position] = next(unused, sequence[position])
    return sequence


def describe_mix(pool: list[tuple[str, str]], sequence: list[tuple[str, str]], fresh: int) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for _, path in sequence:
        counts[path] = counts.get(path, 0) + 1
    top = sorted(counts.values(), reverse=True)
    return {
        "pool": len(pool),
        "fresh": fresh,
        "pool_by_kind": {k: sum(1 for kind, _ in pool if kind == k) for k in KINDS},
        "drawn": len(sequence),
        "distinct_drawn": len(counts),
        "top10_share": round(sum(top[:10]) / len(sequence), 3),
        "top100_share": round(sum(top[:100]) / len(sequence), 3),
        "seen_once": sum(1 for c in top if c == 1),
    }


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# The same app without its answer cache, under uvicorn as `jobboard serve` runs it (for --uncached).
_UNCACHED_MODULE = "from api.main import create_app\n\n\ndef app():\n    return create_app(cache_ttl=0)\n"
_UNCACHED = (
    "import sys, uvicorn; uvicorn.run('jobboard_bench_uncached:app', factory=True, host='127.0.0.1', "
    "port=int(sys.argv[1]), workers=int(sys.argv[2]), log_level='warning', access_log=False, "
    "server_header=False, proxy_headers=False)"
)


def start_server(
    root: Path, workers: int, uncached: bool = False, search_processes: int | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """`jobboard serve` on a free loopback port (or, uncached, the same app with cache_ttl=0 under uvicorn)."""
    import urllib.request

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOBBOARD_")}
    env.update({"JOBBOARD_INDEX_DIR": str(root), "JOBBOARD_DATA_DIR": str(root.parent), "WEB_CONCURRENCY": str(workers)})
    if search_processes is not None:
        env["JOBBOARD_SEARCH_PROCESSES"] = str(search_processes)
    if uncached:
        module_dir = Path(tempfile.mkdtemp(prefix="jobboard-api-bench-app-"))
        (module_dir / "jobboard_bench_uncached.py").write_text(_UNCACHED_MODULE)
        repo = str(Path(__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(module_dir), repo, env.get("PYTHONPATH", "")) if p)
        command = [sys.executable, "-c", _UNCACHED, str(port), str(workers)]
    else:
        command = [sys.executable, "-m", "jobboard", "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:
                if answer.status == 200:  # with several workers, the warm-up gives the others time to start
                    return process, base
        except OSError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not answer /healthz within 60 s")


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (the uvicorn supervisor and its workers), from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found = [pid]
    for candidate in found:
        found.extend(child for child, parent in parents.items() if parent == candidate)
    return found


def server_cpu_s(pid: int) -> float:
    """User + system CPU seconds used so far by the server's processes (0 where /proc is missing)."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    for member in _tree(pid) if Path("/proc").is_dir() else []:
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def server_memory_mb(pid: int) -> dict[str, float] | None:
    """Resident memory of the server's processes: RSS summed, and PSS (shared pages, such as the index's, split)."""
    if not Path("/proc").is_dir():
        return None
    rss = pss = 0
    for member in _tree(pid):
        try:
            for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return {"processes": len(_tree(pid)), "rss_mb": round(rss / 1024, 1), "pss_mb": round(pss / 1024, 1)}


# ---------------------------------------------------------------- the load generators (a second process)


def wrk_path() -> str | None:
    return shutil.which("wrk")


def run_wrk(base: str, urls: list[tuple[str, str]], clients: int, duration: float, threads: int, start: int) -> dict[str, Any]:
    """One wrk run over the request sequence; the Lua script prints one JSON line of totals."""
    wrk = wrk_path()
    assert wrk is not None
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(path for _, path in urls) + "\n")
    try:
        command = [wrk, f"-t{threads}", f"-c{clients}", f"-d{max(1, round(duration))}s", "--timeout", "30s"]
        stride = max(1, len(urls) // max(threads, 1) // 2)  # threads walk apart from each other
        command += ["-s", str(LUA), base, "--", listing.name, str(start), str(stride)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    finally:
        os.unlink(listing.name)
    line = next((x for x in done.stdout.splitlines() if x.startswith("JBRESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result: {done.stdout[-2000:]} {done.stderr[-2000:]}")
    out = json.loads(line.removeprefix("JBRESULT "))
    socket_errors = out["connect_errors"] + out["read_errors"] + out["write_errors"] + out["timeouts"]
    elapsed = out["duration_us"] / 1e6
    return {
        "elapsed": elapsed,
        "requests": out["requests"],
        "rps": round(out["requests"] / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(out["p50_us"] / 1000, 2),
        "p95_ms": round(out["p95_us"] / 1000, 2),
        "p99_ms": round(out["p99_us"] / 1000, 2),
        "errors": out["non200"] + socket_errors,
        "hits": out["hits"],
        "misses": out["misses"],
        "error_samples": [f"{out['non200']} non-200 answers, {socket_errors} socket errors/timeouts"]
        if out["non200"] + socket_errors
        else [],
    }


async def _drive(base: str, urls: list[tuple[str, str]], clients: int, duration: float, start: int) -> dict[str, Any]:
    import aiohttp

    latencies: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    cache = {"hit": 0, "miss": 0}
    samples: list[str] = []
    position = start
    connector = aiohttp.TCPConnector(limit=clients, force_close=False)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as session:

        async def one(kind: str, path: str) -> None:
            started = time.perf_counter()
            try:
                async with session.get(path, headers={"Accept-Encoding": "gzip"}) as response:
                    await response.read()
                    ok = response.status == 200
                    state = response.headers.get("x-cache")
                    if state in cache:
                        cache[state] += 1
                    if not ok and len(samples) < 5:
                        samples.append(f"{response.status} {path}")
            except (aiohttp.ClientError, TimeoutError) as exc:
                ok = False
                if len(samples) < 5:
                    samples.append(f"{type(exc).__name__} {path}")
            latencies.setdefault(kind, []).append(time.perf_counter() - started)
            if not ok:
                errors[kind] = errors.get(kind, 0) + 1

        async def client(stop: float) -> None:
            nonlocal position
            while time.perf_counter() < stop:
                kind, path = urls[position % len(urls)]
                position += 1
                await one(kind, path)

        started = time.perf_counter()
        await asyncio.gather(*(client(started + duration) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return {"elapsed": elapsed, "latencies": latencies, "errors": errors, "cache": cache, "error_samples": samples}


def drive_main(args: argparse.Namespace) -> int:
    """Entry of the Python driver process: read the request list from stdin, drive, print raw results as JSON."""
    urls = [(kind, path) for kind, path in json.load(sys.stdin)]
    result = asyncio.run(_drive(args.base, urls, args.clients, args.duration, args.start))
    json.dump(result, sys.stdout)
    return 0


def run_python(base: str, urls: list[tuple[str, str]], clients: int, duration: float, start: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--drive", "--base", base, "--clients", str(clients), "--duration", str(duration)]
    command += ["--start", str(start)]
    done = subprocess.run(command, input=json.dumps(urls), capture_output=True, text=True, check=True)
    raw: dict[str, Any] = json.loads(done.stdout)
    result = summarize(raw, list(raw["latencies"]))
    result["kinds"] = {k: summarize(raw, [k]) for k in KINDS if k in raw["latencies"]}
    result.update(hits=raw["cache"]["hit"], misses=raw["cache"]["miss"], error_samples=raw["error_samples"])
    return result


def summarize(raw: dict[str, Any], kinds: list[str]) -> dict[str, Any]:
    values = [v for k in kinds for v in raw["latencies"].get(k, [])]
    return {
        "elapsed": raw["elapsed"],
        "requests": len(values),
        "rps": round(len(values) / raw["elapsed"], 1),
        "p50_ms": round(percentile(values, 50) * 1000, 2),
        "p95_ms": round(percentile(values, 95) * 1000, 2),
        "p99_ms": round(percentile(values, 99) * 1000, 2),
        "errors": sum(raw["errors"].get(k, 0) for k in kinds),
    }


def phase(args: argparse.Namespace, base: str, pid: int, urls: list[tuple[str, str]]) -> dict[str, Any]:
    """A warm-up, then one measured run; with the server's CPU time spent in the measured run."""

    def once(duration: float, start: int) -> dict[str, Any]:
        if args.generator == "wrk":
            return run_wrk(base, urls, args.clients, duration, args.wrk_threads, start)
        return run_python(base, urls, args.clients, duration, start)

    once(WARMUP_S, min(WARMUP_FROM, len(urls) * 5 // 6))
    cpu = server_cpu_s(pid)
    result = once(args.duration, 0)
    cpu = server_cpu_s(pid) - cpu
    result["server_cpu_ms_per_request"] = round(cpu * 1000 / result["requests"], 3) if result["requests"] else None
    result["server_cores_busy"] = round(cpu / result["elapsed"], 2) if result["elapsed"] else None
    answered = result.get("hits", 0) + result.get("misses", 0)
    result["cache_hit_ratio"] = round(result["hits"] / answered, 3) if answered else None
    return result


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def measure(
    args: argparse.Namespace, root: Path, urls: list[tuple[str, str]], workers: int, search_processes: int | None
) -> dict[str, Any]:
    """The floor and the mix on one server setup, with its memory after the mix and the mix's share of the floor."""
    process, base = start_server(root, workers, search_processes=search_processes)
    try:
        searchers = "default" if search_processes is None else search_processes
        setup = f"{workers} worker(s), {searchers} search processes, {args.generator}"
        print(f"serving at {base} ({setup}); floor (/healthz) for {args.duration} s ...", file=sys.stderr, flush=True)
        floor = phase(args, base, process.pid, [("healthz", "/healthz")])
        print(f"mix (/jobs, four kinds) for {args.duration} s ...", file=sys.stderr, flush=True)
        mix = phase(args, base, process.pid, urls)
        memory = server_memory_mb(process.pid)
    finally:
        stop(process)
    ratio = round(mix["rps"] / floor["rps"], 3) if floor["rps"] else 0.0
    return {"floor": floor, "mix": mix, "memory": memory, "ratio": ratio}


def run(args: argparse.Namespace) -> dict[str, Any]:
    note = None
    if args.generator == "auto":
        args.generator = "wrk" if wrk_path() else "python"
        if args.generator == "python":
            note = "wrk is not installed (Debian: apt-get install wrk); the Python generator shares the server's CPUs"
    elif args.generator == "wrk" and not wrk_path():
        raise SystemExit("bench/api.py: --generator wrk, but no wrk on PATH (Debian: apt-get install wrk)")
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="jobboard-api-bench-")) / "index"
    print(f"index: {root} ({args.n:,} postings, seed {args.seed})", file=sys.stderr, flush=True)
    built = build_index(root, args.n, args.seed)
    verb = "reused" if built["reused"] else f"built in {built['build_s']} s ({built['build_per_s']:,}/s)"
    print(f"index {verb}; {built['searchable']:,} searchable", file=sys.stderr, flush=True)
    pool = query_pool(args.queries, args.seed, built["companies"])
    wanted = round(args.sequence * args.fresh * 1.05) + 10
    fresh = fresh_queries(wanted, args.seed, built["companies"], {path for _, path in pool}) if args.fresh else []
    urls = draw(pool, args.sequence, args.zipf, args.seed, fresh, args.fresh)
    load_before = load_average()
    measured = measure(args, root, urls, args.workers, args.search_processes)
    floor, mix = measured["floor"], measured["mix"]
    # The same floor and mix on plain uvicorn workers, each searching on its own threads (no search processes).
    versus = measure(args, root, urls, args.versus_workers, 0) if args.versus_workers else None
    uncached: dict[str, Any] | None = None
    uncached_memory = None
    if args.uncached:
        process, base = start_server(root, args.workers, uncached=True, search_processes=args.search_processes)
        try:
            print(f"mix again without the answer cache for {args.duration} s ...", file=sys.stderr, flush=True)
            uncached = phase(args, base, process.pid, urls)
            uncached_memory = server_memory_mb(process.pid)
        finally:
            stop(process)
    ratio = measured["ratio"]
    if uncached:
        uncached["ratio"] = round(uncached["rps"] / floor["rps"], 3) if floor["rps"] else 0.0
        uncached["memory"] = uncached_memory
    return {
        "machine": machine(None, ("fastapi", "uvicorn", "tantivy", "pydantic")),
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "generator": args.generator,
        "generator_note": note,
        "config": {
            "n": args.n,
            "seed": args.seed,
            "duration_s": args.duration,
            "clients": args.clients,
            "workers": args.workers,
            "search_processes": args.search_processes,
            "versus_workers": args.versus_workers,
            "queries_per_kind": args.queries,
            "zipf": args.zipf,
            "fresh_share": args.fresh,
        },
        "index": {k: v for k, v in built.items() if k != "companies"},
        "queries": describe_mix(pool, urls, len(fresh)),
        **measured,
        "uncached": uncached,
        "versus_workers": versus,
        "targets": {
            "p95_under_50ms": mix["p95_ms"] < P95_TARGET_MS,
            "ratio_at_least_40pct": ratio >= RATIO_TARGET,
            "zero_errors": mix["errors"] == 0 and floor["errors"] == 0,
        },
    }


def print_report(report: dict[str, Any]) -> None:
    m = report["machine"]
    c = report["config"]
    print(machine_line(m, ("tantivy",)))
    print(f"load average before/after: {report['load_average_before']} / {report['load_average_after']}")
    searchers = c.get("search_processes")
    searchers_note = "the default number of" if searchers is None else str(searchers)
    print(
        f"load: {c['clients']} clients for {c['duration_s']} s per phase, {c['workers']} server worker(s) "
        f"with {searchers_note} search processes each, {c['n']:,} postings"
    )
    print(f"generator: {report['generator']}" + (f" ({report['generator_note']})" if report["generator_note"] else ""))
    q = report["queries"]
    print(
        f"mix: a pool of {q['pool']:,} distinct queries ({', '.join(f'{k}: {v}' for k, v in q['pool_by_kind'].items())}) "
        f"drawn with Zipf {c['zipf']}, and {c['fresh_share']:.0%} of requests queries asked once ({q['fresh']:,} of them); "
        f"{q['distinct_drawn']:,} distinct in the {q['drawn']:,} drawn, top 10 = {q['top10_share']:.0%}, top 100 = {q['top100_share']:.0%}"
    )
    idx = report["index"]
    if not idx["reused"]:
        print(f"index build: {idx['build_s']} s ({idx['build_per_s']:,} postings/s; records generated in {idx['generate_s']} s)")
    header = f"{'':30} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'hits':>6} {'cpu ms/req':>10} {'cores':>6}"
    print(header)
    labels = {"i": "  (i) free text", "ii": "  (ii) text+tag+country", "iii": "  (iii) tag by date", "iv": "  (iv) text + facets"}

    def row(name: str, r: dict[str, Any]) -> None:
        hits = f"{r['cache_hit_ratio']:.0%}" if r.get("cache_hit_ratio") is not None else "-"
        cpu = f"{r['server_cpu_ms_per_request']:.3f}" if r.get("server_cpu_ms_per_request") is not None else "-"
        cores = f"{r['server_cores_busy']:.2f}" if r.get("server_cores_busy") is not None else "-"
        print(
            f"{name:30} {r['rps']:>9,.1f} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} {r['p99_ms']:>8.2f} {r['errors']:>7} {hits:>6} {cpu:>10} {cores:>6}"
        )

    row("floor: GET /healthz", report["floor"])
    row("mix: GET /jobs (answer cache)", report["mix"])
    for kind, r in report["mix"].get("kinds", {}).items():
        row(labels[kind], r)
    u = report["uncached"]
    if u:
        row("mix: GET /jobs (no cache)", u)
        for kind, r in u.get("kinds", {}).items():
            row(labels[kind], r)
    memory = report["memory"]
    if memory:
        print(
            f"server memory after the mix: {memory['processes']} processes, RSS {memory['rss_mb']} MB, PSS {memory['pss_mb']} MB"
        )
    v = report.get("versus_workers")
    if v:
        vs = f"uvicorn x{c['versus_workers']}"
        row(f"{vs}, floor: GET /healthz", v["floor"])
        row(f"{vs}, mix (answer cache)", v["mix"])
        for kind, r in v["mix"].get("kinds", {}).items():
            row(labels[kind], r)
        if v["memory"]:
            print(f"{vs} memory after the mix: {v['memory']['processes']} processes, PSS {v['memory']['pss_mb']} MB")
        met = v["mix"]["p95_ms"] < P95_TARGET_MS and v["ratio"] >= RATIO_TARGET
        print(
            f"{vs} (no search processes): mix/floor {v['ratio']:.0%}, mix p95 {v['mix']['p95_ms']} ms (targets {'met' if met else 'NOT met'})"
        )
    t = report["targets"]
    print(f"mix/floor: {report['ratio']:.0%} (target >= 40%: {'met' if t['ratio_at_least_40pct'] else 'NOT met'})")
    if u:
        print(
            f"uncached mix/floor: {u['ratio']:.0%}; uncached p95 < 50 ms: {'met' if u['p95_ms'] < P95_TARGET_MS else 'NOT met'}"
        )
    print(
        f"mix p95 < 50 ms: {'met' if t['p95_under_50ms'] else 'NOT met'}; zero errors: {'met' if t['zero_errors'] else 'NOT met'}"
    )
    samples = report["floor"]["error_samples"] + report["mix"]["error_samples"] + (u["error_samples"] if u else [])
    samples += v["floor"]["error_samples"] + v["mix"]["error_samples"] if v else []
    if samples:
        print("first errors: " + "; ".join(samples[:5]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=100_000, help="postings in the index")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per phase")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (connections)")
    parser.add_argument("--queries", type=int, default=1000, help="query specs per kind; duplicates are dropped from the pool")
    parser.add_argument("--zipf", type=float, default=1.0, help="popularity exponent of the mix (0: uniform)")
    parser.add_argument("--fresh", type=float, default=0.1, help="share of requests that are queries asked only once")
    parser.add_argument("--sequence", type=int, default=SEQUENCE, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help="server worker processes (WEB_CONCURRENCY)")
    parser.add_argument(
        "--search-processes",
        type=int,
        default=None,
        help="search processes per server worker (JOBBOARD_SEARCH_PROCESSES; default: the server's own, one per core)",
    )
    parser.add_argument(
        "--versus-workers",
        type=int,
        default=0,
        metavar="N",
        help="also run the floor and the mix on N plain uvicorn workers with no search processes, for comparison",
    )
    parser.add_argument(
        "--generator", choices=("auto", "wrk", "python"), default="auto", help="load generator (auto: wrk if installed)"
    )
    parser.add_argument("--wrk-threads", type=int, default=1, help="wrk threads (one leaves the other core to the server)")
    parser.add_argument("--keep", help="index folder to reuse (built there if missing or of another size)")
    parser.add_argument("--uncached", action="store_true", help="also run the mix on the same app with its answer cache off")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--out", help="also write the report as JSON to this file")
    parser.add_argument("--drive", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    parser.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive:
        return drive_main(args)
    report = run(args)
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=2))
    emit(report, args.json, print_report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
