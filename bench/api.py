"""The HTTP API under load: ``jobboard serve`` on a generated index, driven from a second process.

Phases (after a 3 s warm-up each): the floor, bare ``GET /healthz``; the mix, ``GET /jobs`` with the four query
kinds of ``bench.gen.queries`` drawn with Zipf popularity plus a share asked once; optionally the mix without the
answer cache (``--uncached``) and both phases on plain uvicorn workers (``--versus-workers``). The load generator
is wrk with ``bench/api_wrk.lua`` when installed, else asyncio + aiohttp (this script re-run with ``--drive``).
bench/README.md describes every option and figure. Exit 0 unless something crashed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: the repository root, for `bench.…`

from bench._common import (
    ROOT,
    arguments,
    emit,
    free_port,
    latency_ms,
    load_average,
    machine,
    machine_line,
    stop,
    table,
    tree_cpu_s,
    tree_memory_mb,
    verdict,
)
from bench.gen import records
from bench.gen.queries import KINDS, specs

P95_TARGET_MS = 50.0
RATIO_TARGET = 0.40
WARMUP_S = 3.0
SEQUENCE = 300_000  # requests in the drawn sequence; a measured run walks it from the start
WARMUP_FROM = 250_000  # the warm-up walks it from here, so the measured run does not replay the warm-up
LUA = Path(__file__).resolve().parent / "api_wrk.lua"
Urls = list[tuple[str, str]]  # (kind, path)


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
    info = {"n": n, "seed": seed, "searchable": searchable, "generate_s": round(generate_s, 2), "build_s": round(build_s, 2)}
    info.update(build_per_s=round(n / build_s), companies=companies)
    marker.write_text(json.dumps(info))
    return {**info, "reused": False}


# ---------------------------------------------------------------- the requests


def _path(kind: str, spec: dict[str, Any]) -> str:
    params = [("q", spec["q"])] if spec.get("q") else []
    params += [("hashtag", tag) for tag in spec.get("hashtags", [])]
    params += [(key, spec[key]) for key in ("location", "sort") if spec.get(key)]
    return "/jobs?" + urlencode(params + ([] if kind == "iv" else [("facet_size", "0")]))


def query_pool(count: int, seed: int, companies: list[str]) -> Urls:
    """The distinct (kind, path) pairs from ``count`` specs per kind of the query mix."""
    drawn = specs(count, seed, companies)
    pool: dict[str, str] = {}
    for position in range(count):
        for kind in KINDS:
            pool.setdefault(_path(kind, drawn[kind][position]), kind)
    return [(kind, path) for path, kind in pool.items()]


def fresh_queries(wanted: int, seed: int, companies: list[str], exclude: set[str]) -> Urls:
    """``wanted`` distinct kind-(ii) queries (the kind with room for that many) not in ``exclude``."""
    found: dict[str, None] = {}
    count = wanted + 100
    while len(found) < wanted and count < 50 * wanted + 1000:
        found.update((p, None) for p in (_path("ii", s) for s in specs(count, seed + 1, companies)["ii"]) if p not in exclude)
        count *= 2
    return [("ii", path) for path in list(found)[:wanted]]


def draw(pool: Urls, length: int, zipf: float, seed: int, fresh: Urls, fresh_share: float) -> Urls:
    """``length`` requests from ``pool``, rank r (ranks shuffled) with weight 1/r**zipf; a ``fresh_share`` of them,
    spread evenly, the next query of ``fresh`` (each asked once only)."""
    rng = random.Random(f"api-mix:{seed}")
    ranked = list(pool)
    rng.shuffle(ranked)
    sequence = rng.choices(ranked, weights=[1.0 / (rank**zipf) for rank in range(1, len(ranked) + 1)], k=length)
    unused = iter(fresh)
    for position in range(length):
        if rng.random() < fresh_share:
            sequence[position] = next(unused, sequence[position])
    return sequence


def describe_mix(pool: Urls, sequence: Urls, fresh: int) -> dict[str, Any]:
    top = sorted(Counter(path for _, path in sequence).values(), reverse=True)
    return {
        "pool": len(pool),
        "fresh": fresh,
        "pool_by_kind": {k: sum(1 for kind, _ in pool if kind == k) for k in KINDS},
        "drawn": len(sequence),
        "distinct_drawn": len(top),
        "top10_share": round(sum(top[:10]) / len(sequence), 3),
        "top100_share": round(sum(top[:100]) / len(sequence), 3),
        "seen_once": top.count(1),
    }


# ---------------------------------------------------------------- the server

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
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOBBOARD_")}
    env.update({"JOBBOARD_INDEX_DIR": str(root), "JOBBOARD_DATA_DIR": str(root.parent), "WEB_CONCURRENCY": str(workers)})
    if search_processes is not None:
        env["JOBBOARD_SEARCH_PROCESSES"] = str(search_processes)
    command = [sys.executable, "-m", "jobboard", "serve", "--host", "127.0.0.1", "--port", str(port)]
    if uncached:
        module_dir = Path(tempfile.mkdtemp(prefix="jobboard-api-bench-app-"))
        (module_dir / "jobboard_bench_uncached.py").write_text(_UNCACHED_MODULE)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(module_dir), str(ROOT), env.get("PYTHONPATH", "")) if p)
        command = [sys.executable, "-c", _UNCACHED, str(port), str(workers)]
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


# ---------------------------------------------------------------- the load generators (a second process)


def run_wrk(base: str, urls: Urls, clients: int, duration: float, threads: int, start: int) -> dict[str, Any]:
    """One wrk run over the request sequence; the Lua script prints one JSON line of totals."""
    wrk = shutil.which("wrk")
    assert wrk is not None
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(path for _, path in urls) + "\n")
    try:
        stride = max(1, len(urls) // max(threads, 1) // 2)  # threads walk apart from each other
        command = [wrk, f"-t{threads}", f"-c{clients}", f"-d{max(1, round(duration))}s", "--timeout", "30s", "-s", str(LUA)]
        done = subprocess.run(
            [*command, base, "--", listing.name, str(start), str(stride)], capture_output=True, text=True, check=True
        )
    finally:
        os.unlink(listing.name)
    line = next((x for x in done.stdout.splitlines() if x.startswith("JBRESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result: {done.stdout[-2000:]} {done.stderr[-2000:]}")
    out = json.loads(line.removeprefix("JBRESULT "))
    socket_errors = out["connect_errors"] + out["read_errors"] + out["write_errors"] + out["timeouts"]
    elapsed = out["duration_us"] / 1e6
    errors = out["non200"] + socket_errors
    return {
        "elapsed": elapsed,
        "requests": out["requests"],
        "rps": round(out["requests"] / elapsed, 1) if elapsed else 0.0,
        **{f"p{p}_ms": round(out[f"p{p}_us"] / 1000, 2) for p in (50, 95, 99)},
        "errors": errors,
        "hits": out["hits"],
        "misses": out["misses"],
        "error_samples": [f"{out['non200']} non-200 answers, {socket_errors} socket errors/timeouts"] if errors else [],
    }


async def _drive(base: str, urls: Urls, clients: int, duration: float, start: int) -> dict[str, Any]:
    import aiohttp

    latencies: dict[str, list[float]] = {}
    errors: Counter[str] = Counter()
    cache = {"hit": 0, "miss": 0}
    samples: list[str] = []
    position = start
    connector = aiohttp.TCPConnector(limit=clients, force_close=False)
    async with aiohttp.ClientSession(base, connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as session:

        async def client(stop_at: float) -> None:
            nonlocal position
            while time.perf_counter() < stop_at:
                kind, path = urls[position % len(urls)]
                position += 1
                started, failure = time.perf_counter(), None
                try:
                    async with session.get(path, headers={"Accept-Encoding": "gzip"}) as response:
                        await response.read()
                        state = response.headers.get("x-cache")
                        if state in cache:
                            cache[state] += 1
                        failure = None if response.status == 200 else f"{response.status} {path}"
                except (aiohttp.ClientError, TimeoutError) as exc:
                    failure = f"{type(exc).__name__} {path}"
                latencies.setdefault(kind, []).append(time.perf_counter() - started)
                if failure:
                    errors[kind] += 1
                    if len(samples) < 5:
                        samples.append(failure)

        started = time.perf_counter()
        await asyncio.gather(*(client(started + duration) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return {"elapsed": elapsed, "latencies": latencies, "errors": errors, "cache": cache, "error_samples": samples}


def run_python(base: str, urls: Urls, clients: int, duration: float, start: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--drive", "--base", base, "--clients", str(clients), "--duration", str(duration)]
    done = subprocess.run([*command, "--start", str(start)], input=json.dumps(urls), capture_output=True, text=True, check=True)
    raw: dict[str, Any] = json.loads(done.stdout)

    def summarize(kinds: list[str]) -> dict[str, Any]:
        values = [v for k in kinds for v in raw["latencies"].get(k, [])]
        rps = round(len(values) / raw["elapsed"], 1)
        errors = sum(raw["errors"].get(k, 0) for k in kinds)
        return {"elapsed": raw["elapsed"], "requests": len(values), "rps": rps, **latency_ms(values), "errors": errors}

    result = summarize(list(raw["latencies"]))
    result["kinds"] = {k: summarize([k]) for k in KINDS if k in raw["latencies"]}
    result.update(hits=raw["cache"]["hit"], misses=raw["cache"]["miss"], error_samples=raw["error_samples"])
    return result


def phase(args: argparse.Namespace, base: str, pid: int, urls: Urls) -> dict[str, Any]:
    """A warm-up, then one measured run; with the server's CPU time spent in the measured run."""

    def once(duration: float, start: int) -> dict[str, Any]:
        if args.generator == "wrk":
            return run_wrk(base, urls, args.clients, duration, args.wrk_threads, start)
        return run_python(base, urls, args.clients, duration, start)

    once(WARMUP_S, min(WARMUP_FROM, len(urls) * 5 // 6))
    cpu = tree_cpu_s(pid)
    result = once(args.duration, 0)
    cpu = tree_cpu_s(pid) - cpu
    result["server_cpu_ms_per_request"] = round(cpu * 1000 / result["requests"], 3) if result["requests"] else None
    result["server_cores_busy"] = round(cpu / result["elapsed"], 2) if result["elapsed"] else None
    answered = result.get("hits", 0) + result.get("misses", 0)
    result["cache_hit_ratio"] = round(result["hits"] / answered, 3) if answered else None
    return result


def measure(
    args: argparse.Namespace, root: Path, urls: Urls, workers: int, search_processes: int | None, uncached: bool = False
) -> dict[str, Any]:
    """The floor (unless uncached) and the mix on one server setup, its memory after the mix, the mix's share of the floor."""
    process, base = start_server(root, workers, uncached, search_processes)
    try:
        searchers = "default" if search_processes is None else search_processes
        setup = f"{workers} worker(s), {searchers} search processes, {args.generator}"
        log(f"serving at {base} ({setup}{', no answer cache' if uncached else ''}); {args.duration} s per phase ...")
        floor = None if uncached else phase(args, base, process.pid, [("healthz", "/healthz")])
        mix = phase(args, base, process.pid, urls)
        memory = tree_memory_mb(process.pid)
    finally:
        stop(process)
    return {"floor": floor, "mix": mix, "memory": memory}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> dict[str, Any]:
    note = None
    if args.generator == "auto":
        args.generator = "wrk" if shutil.which("wrk") else "python"
        if args.generator == "python":
            note = "wrk is not installed (Debian: apt-get install wrk); the Python generator shares the server's CPUs"
    elif args.generator == "wrk" and not shutil.which("wrk"):
        raise SystemExit("bench/api.py: --generator wrk, but no wrk on PATH (Debian: apt-get install wrk)")
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="jobboard-api-bench-")) / "index"
    log(f"index: {root} ({args.n:,} postings, seed {args.seed})")
    built = build_index(root, args.n, args.seed)
    verb = "reused" if built["reused"] else f"built in {built['build_s']} s ({built['build_per_s']:,}/s)"
    log(f"index {verb}; {built['searchable']:,} searchable")
    pool = query_pool(args.queries, args.seed, built["companies"])
    wanted = round(args.sequence * args.fresh * 1.05) + 10
    fresh = fresh_queries(wanted, args.seed, built["companies"], {path for _, path in pool}) if args.fresh else []
    urls = draw(pool, args.sequence, args.zipf, args.seed, fresh, args.fresh)
    load_before = load_average()
    measured = measure(args, root, urls, args.workers, args.search_processes)
    floor, mix = measured["floor"], measured["mix"]
    measured["ratio"] = round(mix["rps"] / floor["rps"], 3) if floor["rps"] else 0.0
    # The same floor and mix on plain uvicorn workers, each searching on its own threads (no search processes).
    versus = measure(args, root, urls, args.versus_workers, 0) if args.versus_workers else None
    if versus:
        versus["ratio"] = round(versus["mix"]["rps"] / versus["floor"]["rps"], 3) if versus["floor"]["rps"] else 0.0
    uncached = None
    if args.uncached:
        again = measure(args, root, urls, args.workers, args.search_processes, uncached=True)
        uncached = {**again["mix"], "ratio": round(again["mix"]["rps"] / floor["rps"], 3) if floor["rps"] else 0.0}
        uncached["memory"] = again["memory"]
    config = {"n": args.n, "seed": args.seed, "duration_s": args.duration, "clients": args.clients, "workers": args.workers}
    config.update(search_processes=args.search_processes, versus_workers=args.versus_workers, queries_per_kind=args.queries)
    return {
        "machine": machine(None, ("fastapi", "uvicorn", "tantivy", "pydantic")),
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "generator": args.generator,
        "generator_note": note,
        "config": {**config, "zipf": args.zipf, "fresh_share": args.fresh},
        "index": {k: v for k, v in built.items() if k != "companies"},
        "queries": describe_mix(pool, urls, len(fresh)),
        **measured,
        "uncached": uncached,
        "versus_workers": versus,
        "targets": {
            "p95_under_50ms": mix["p95_ms"] < P95_TARGET_MS,
            "ratio_at_least_40pct": measured["ratio"] >= RATIO_TARGET,
            "zero_errors": mix["errors"] == 0 and floor["errors"] == 0,
        },
    }


def print_report(report: dict[str, Any]) -> None:
    c, q, idx, u, v = report["config"], report["queries"], report["index"], report["uncached"], report["versus_workers"]
    print(machine_line(report["machine"], ("tantivy",)))
    print(f"load average before/after: {report['load_average_before']} / {report['load_average_after']}")
    searchers = "the default number of" if c.get("search_processes") is None else str(c["search_processes"])
    print(
        f"load: {c['clients']} clients, {c['duration_s']} s per phase, {c['workers']} worker(s) with {searchers} search processes, {c['n']:,} postings"
    )
    print(f"generator: {report['generator']}" + (f" ({report['generator_note']})" if report["generator_note"] else ""))
    print(
        f"mix: a pool of {q['pool']:,} distinct queries ({', '.join(f'{k}: {n}' for k, n in q['pool_by_kind'].items())}) "
        f"drawn with Zipf {c['zipf']}, and {c['fresh_share']:.0%} of requests queries asked once ({q['fresh']:,} of them); "
        f"{q['distinct_drawn']:,} distinct in the {q['drawn']:,} drawn, top 10 = {q['top10_share']:.0%}, top 100 = {q['top100_share']:.0%}"
    )
    if not idx["reused"]:
        print(f"index build: {idx['build_s']} s ({idx['build_per_s']:,} postings/s; records generated in {idx['generate_s']} s)")
    rows: list[list[Any]] = []

    def add(name: str, r: dict[str, Any]) -> None:
        hits = f"{r['cache_hit_ratio']:.0%}" if r.get("cache_hit_ratio") is not None else None
        keys = ("rps", "p50_ms", "p95_ms", "p99_ms", "errors")
        rows.append([name, *(r[k] for k in keys), hits, r.get("server_cpu_ms_per_request"), r.get("server_cores_busy")])
        rows.extend([f"  ({kind}) {KINDS[kind]}", *(k[key] for key in keys)] for kind, k in r.get("kinds", {}).items())

    vs = f"uvicorn x{c['versus_workers']}"
    add("floor: GET /healthz", report["floor"])
    add("mix: GET /jobs (answer cache)", report["mix"])
    for name, r in (
        ("mix: GET /jobs (no cache)", u),
        (f"{vs}, floor: GET /healthz", v and v["floor"]),
        (f"{vs}, mix (answer cache)", v and v["mix"]),
    ):
        if r:
            add(name, r)
    header = ("", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "hits", "cpu ms/req", "cores")
    print(table(header, rows, ("", ",.1f", ".2f", ".2f", ".2f", "", "", ".3f", ".2f")))
    for name, memory in (("server", report["memory"]), ("uncached server", u and u["memory"]), (vs, v and v["memory"])):
        if memory:
            print(
                f"{name} memory after the mix: {memory['processes']} processes, RSS {memory['rss_mb']} MB, PSS {memory['pss_mb']} MB"
            )
    t = report["targets"]
    if v:
        met = v["mix"]["p95_ms"] < P95_TARGET_MS and v["ratio"] >= RATIO_TARGET
        print(f"{vs} (no search processes): mix/floor {v['ratio']:.0%}, mix p95 {v['mix']['p95_ms']} ms (targets {verdict(met)})")
    print(f"mix/floor: {report['ratio']:.0%} (target >= 40%: {verdict(t['ratio_at_least_40pct'])})")
    if u:
        print(f"uncached mix/floor: {u['ratio']:.0%}; uncached p95 < 50 ms: {verdict(u['p95_ms'] < P95_TARGET_MS)}")
    print(f"mix p95 < 50 ms: {verdict(t['p95_under_50ms'])}; zero errors: {verdict(t['zero_errors'])}")
    phases = [report["floor"], report["mix"], u, v and v["floor"], v and v["mix"]]
    samples = [s for r in phases if r for s in r["error_samples"]]
    if samples:
        print("first errors: " + "; ".join(samples[:5]))


def main() -> int:
    parser = arguments(
        __doc__.splitlines()[0] if __doc__ else None, seed=7, pin=False, keep="index folder to reuse (built if missing)"
    )
    add = parser.add_argument
    add("--n", type=int, default=100_000, help="postings in the index")
    add("--duration", type=float, default=60.0, help="seconds per phase")
    add("--clients", type=int, default=20, help="concurrent clients (connections)")
    add("--queries", type=int, default=1000, help="query specs per kind; duplicates are dropped from the pool")
    add("--zipf", type=float, default=1.0, help="popularity exponent of the mix (0: uniform)")
    add("--fresh", type=float, default=0.1, help="share of requests that are queries asked only once")
    add("--sequence", type=int, default=SEQUENCE, help=argparse.SUPPRESS)
    add("--workers", type=int, default=1, help="server worker processes (WEB_CONCURRENCY)")
    add("--search-processes", type=int, help="search processes per worker (JOBBOARD_SEARCH_PROCESSES; default: the server's)")
    add("--versus-workers", type=int, default=0, metavar="N", help="also measure N plain uvicorn workers, no search processes")
    add("--generator", choices=("auto", "wrk", "python"), default="auto", help="load generator (auto: wrk if installed)")
    add("--wrk-threads", type=int, default=1, help="wrk threads (one leaves the other core to the server)")
    add("--uncached", action="store_true", help="also run the mix on the same app with its answer cache off")
    add("--out", help="also write the report as JSON to this file")
    add("--drive", action="store_true", help=argparse.SUPPRESS)
    add("--base", help=argparse.SUPPRESS)
    add("--start", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive:  # the Python load generator's own process: the request list on stdin, raw results on stdout
        urls = [(kind, path) for kind, path in json.load(sys.stdin)]
        json.dump(asyncio.run(_drive(args.base, urls, args.clients, args.duration, args.start)), sys.stdout)
        return 0
    report = run(args)
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=2))
    emit(report, args.json, print_report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
