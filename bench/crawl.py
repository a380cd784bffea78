"""Offers/second of ``jobboard crawl`` end to end against the bare cost of fetching the same responses.

N companies x M realistic Recruitee offers (``bench.gen.files.board``;
deterministic by seed) are served by an aiohttp server in another process. Every company is its own host,
``http://127.0.0.{i+2}:PORT``, so Scrapy's per-host slot (one request in flight
per host by default) does not serialize the whole crawl; each host answers
``/robots.txt`` (allow all) and ``/api/offers/`` from pre-serialized bodies.

Each round times, in alternating order:

* bare: a plain aiohttp client fetching the same N robots.txt and N offers
  responses, 16 requests in flight (Scrapy's ``CONCURRENT_REQUESTS``) and one per
  host, and ``json.loads`` of every offers body;
* ``jobboard crawl --companies-file FILE --json`` as a subprocess with a fresh
  ``JOBBOARD_DATA_DIR`` and ``JOBBOARD_CRAWL_POLITE=false``, with the index update
  on (the default) and with ``--no-index``: fetch, normalize, write Markdown and
  raw gzip, update the index;
* the same crawl of one company with one offer, which is the fixed start-up
  (Python, Scrapy and the reactor, the parsers' warm-up, the index's open and
  commit); ratios are given with it and without it;
* a recrawl: the same crawl (index on) once more over the data dir the first one
  left, every offer unchanged (the server answers 200 in full, as a board
  without conditional requests does), so each offer is hashed, found unchanged
  and not parsed.

The best round of each counts. Peak memory is the crawl process's own
``ru_maxrss`` (from ``os.wait4``). After every crawl the posting files are
counted (N x M expected). Targets from the issue: 200 x 50 in at most 2x the
bare fetch, peak memory under 300 MB; a first crawl (start-up excluded) in at
most 1.5x the fetch + parse floor; a recrawl of unchanged offers in at most 3x
the bare fetch.

    python bench/crawl.py [--companies 200] [--offers 50] [--rounds 3] [--seed 42] [--keep DIR] [--no-pin] [--profile]

The crawl and the bare client run pinned to one CPU and the server to the
others, unless ``--no-pin``. Exit status 1 when a crawl failed or wrote the
wrong number of files, else 0, whether or not the targets are met.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import multiprocessing
import os
import pstats
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: the repository root, for `bench.…`

from bench._common import emit, machine, machine_line, pin_to_one_cpu, ratio
from bench.gen import files, world

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
RATIO_TARGET = 2.0
FIRST_CRAWL_TO_FETCH_AND_PARSE_TARGET = 1.5
RECRAWL_RATIO_TARGET = 3.0
MEMORY_TARGET_MB = 300.0
CONCURRENCY = 16  # Scrapy's CONCURRENT_REQUESTS in crawlers/settings.py
PER_HOST = 1  # JOBBOARD_CRAWL_CONCURRENCY_PER_HOST's default
CRAWL_TIMEOUT_S = 1800.0

# ---------------------------------------------------------------- boards


def address(index: int) -> str:
    """The loopback address of company ``index``: 127.0.0.2, 127.0.0.3, ... (Linux routes all of 127/8 to lo)."""
    return f"127.0.{index // 250}.{2 + index % 250}"


def _probe_places(offer: dict[str, Any]) -> None:
    """The start-up probe's one offer is in München, a name the gazetteer knows only as another spelling of
    Munich: so the 1 x 1 crawl pays for every lazy load of the parsers, as the first offers of a big crawl do."""
    place = {"city": "München", "country": "Deutschland", "country_code": "DE", "state_name": "Bayern", "state_code": "BY"}
    offer.update(place, location="München, Germany", postal_code="80331" if offer.get("postal_code") else None)
    offer["locations"] = [{"id": 71531, **place}]


# ---------------------------------------------------------------- server


def _bind_all(hosts: list[str]) -> tuple[int, list[socket.socket]]:
    """Listening sockets on every address, all on one port (chosen by the OS for the first)."""
    for _attempt in range(20):
        sockets: list[socket.socket] = []
        try:
            port = 0
            for host in hosts:
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sockets.append(sock)
                sock.bind((host, port))
                sock.listen(512)
                port = port or sock.getsockname()[1]
            return port, sockets
        except OSError:
            for sock in sockets:
                sock.close()
    raise SystemExit("bench: could not bind the same port on every loopback address")


def _serve(companies: int, offers: int, seed: int, cpus: list[int] | None, conn: Connection) -> None:
    """Child process: build every board, serialize it once, and answer until terminated."""
    from aiohttp import web

    if cpus and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, set(cpus))
    hosts = [address(i) for i in range(companies + 1)]  # the last one is the 1 x 1 start-up probe
    port, sockets = _bind_all(hosts)
    t0 = time.perf_counter()
    employers = world.employers(len(hosts), seed)
    bodies: dict[str, bytes] = {}
    html_bytes = 0
    for i, host in enumerate(hosts):
        probe = i == companies
        board = files.board(employers[i], 1 if probe else offers, seed, f"http://{host}:{port}")
        if probe:
            _probe_places(board["offers"][0])
        if not probe:
            for offer in board["offers"]:
                texts = [offer.get("description"), offer.get("requirements"), offer.get("highlight")]
                if offer.get("description") is None:
                    texts = list(next(iter(offer["translations"].values())).values())[1:]
                html_bytes += sum(len(t.encode()) for t in texts if t)
        bodies[host] = json.dumps(board, ensure_ascii=False).encode("utf-8")
    generate_s = time.perf_counter() - t0
    etags = {host: '"' + hashlib.sha1(body).hexdigest()[:16] + '"' for host, body in bodies.items()}
    robots = b"User-agent: *\nAllow: /\n"

    def host_of(request: web.Request) -> str:
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        return str(sockname[0]) if sockname else (request.host.rsplit(":", 1)[0])

    async def robots_txt(request: web.Request) -> web.Response:
        return web.Response(body=robots, content_type="text/plain")

    async def offers_api(request: web.Request) -> web.Response:
        host = host_of(request)
        body = bodies.get(host)
        if body is None:
            raise web.HTTPNotFound()
        return web.Response(body=body, content_type="application/json", headers={"ETag": etags[host]})

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/robots.txt", robots_txt)
        app.router.add_get("/api/offers/", offers_api)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        for sock in sockets:
            await web.SockSite(runner, sock).start()
        crawled = [bodies[h] for h in hosts[:companies]]
        conn.send(
            {
                "port": port,
                "pid": os.getpid(),
                "cpus": sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
                "generate_seconds": generate_s,
                "response_bytes": sum(map(len, crawled)),
                "html_bytes_per_offer": html_bytes / max(1, companies * offers),
            }
        )
        gone = asyncio.Event()  # the parent never writes again: the pipe turns readable when it exits or dies
        asyncio.get_running_loop().add_reader(conn.fileno(), gone.set)
        await gone.wait()
        await runner.cleanup()

    asyncio.run(main())


class Server:
    """The boards' server in its own process, so serving costs nothing to the process being measured."""

    def __init__(self, companies: int, offers: int, seed: int, cpus: list[int] | None) -> None:
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(companies, offers, seed, cpus, child), daemon=True)
        self.process.start()
        child.close()
        if not parent.poll(600):
            self.process.terminate()
            raise SystemExit("bench: the server did not come up within 10 minutes")
        self.info: dict[str, Any] = parent.recv()
        self.conn = parent  # held open for the server's lifetime: closing it (or dying) stops the server
        self.port: int = self.info["port"]
        self.hosts = [address(i) for i in range(companies)]
        self.probe = address(companies)

    def base(self, host: str) -> str:
        return f"http://{host}:{self.port}"

    def stop(self) -> None:
        self.conn.close()
        self.process.join(5)
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(10)


# ---------------------------------------------------------------- bare fetch


async def _bare_fetch(bases: list[str], parse: Callable[[Any], Any] | None = None) -> dict[str, int]:
    import aiohttp

    connector = aiohttp.TCPConnector(limit=CONCURRENCY, limit_per_host=PER_HOST)
    totals = {"offers": 0, "bytes": 0, "requests": 0}
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=300)) as session:

        async def company(base: str) -> None:
            async with session.get(base + "/robots.txt") as response:
                await response.read()
            async with session.get(base + "/api/offers/", headers={"Accept": "application/json"}) as response:
                response.raise_for_status()
                body = await response.read()
            offers = json.loads(body)["offers"]
            if parse is not None:
                for offer in offers:
                    parse(offer)
            totals["offers"] += len(offers)
            totals["bytes"] += len(body)
            totals["requests"] += 2

        await asyncio.gather(*(company(base) for base in bases))
    return totals


def _settle() -> None:
    """Flush the previous crawl's dirty pages first, so one measurement does not pay for the last one's writes."""
    if hasattr(os, "sync"):
        os.sync()


def bare_round(bases: list[str], parse: Callable[[Any], Any] | None = None) -> dict[str, Any]:
    """One timed fetch of every robots.txt and offers response with a fresh session (new connections, like a crawl)."""
    _settle()
    t0 = time.perf_counter()
    totals = asyncio.run(_bare_fetch(bases, parse))
    return {"seconds": time.perf_counter() - t0, **totals}


# ---------------------------------------------------------------- crawl


# Runs the crawl as its child and reports its wall time and rusage. A process exec'd straight from this one
# would start with this process's high-water RSS as its own ru_maxrss (Linux keeps it across exec), and this
# process grows (parsers, bodies); the small launcher keeps the crawl's figure its own.
_LAUNCHER = """
import json, os, subprocess, sys, time
t0 = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:])
_pid, status, usage = os.wait4(proc.pid, 0)
seconds = time.perf_counter() - t0
proc.returncode = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as handle:
    json.dump({"seconds": seconds, "status": proc.returncode, "maxrss": usage.ru_maxrss,
               "utime": usage.ru_utime, "stime": usage.ru_stime}, handle)
"""


def _crawl_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOBBOARD_")}
    env.update(JOBBOARD_DATA_DIR=str(data_dir), JOBBOARD_CRAWL_POLITE="false", JOBBOARD_CRAWL_HTTP_CACHE="false")
    return env


def crawl_round(
    companies_file: Path,
    data_dir: Path,
    index: bool,
    expected: int,
    profile: Path | None = None,
    again: bool = False,
) -> dict[str, Any]:
    """Run ``jobboard crawl`` once in a fresh data dir (``again``: over the one a crawl of the same boards left,
    every offer expected unchanged); its wall time, own peak RSS, report and files on disk."""
    if not again:
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True)
    _settle()
    cmd = [sys.executable]
    if profile is not None:
        cmd += ["-m", "cProfile", "-o", str(profile)]
    cmd += ["-m", "jobboard", "crawl", "--companies-file", str(companies_file), "--json"]
    if not index:
        cmd.append("--no-index")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as tmp:
        measured = Path(tmp) / "rusage.json"
        launcher = [sys.executable, "-c", _LAUNCHER, str(measured), *cmd]
        proc = subprocess.run(
            launcher, cwd=ROOT, env=_crawl_env(data_dir), stdin=subprocess.DEVNULL, stdout=out, stderr=err, check=False
        )
        usage: dict[str, Any] = json.loads(measured.read_text()) if measured.exists() else {}
        stderr_bytes = err.tell()
        err.seek(max(0, stderr_bytes - 4096))  # the crawl's log can be huge: keep its end only
        stderr = err.read().decode("utf-8", "replace")
        out.seek(0)
        stdout = out.read().decode("utf-8", "replace")
    if not usage:
        raise SystemExit(f"bench: the crawl launcher failed (exit status {proc.returncode}): {stderr[-400:]}")
    seconds = float(usage["seconds"])
    status = int(usage["status"])
    report: dict[str, Any] = {}
    try:
        report = json.loads(stdout.strip().splitlines()[-1]) if stdout.strip() else {}
    except ValueError:
        pass
    files = sum(1 for _ in (data_dir / "postings").rglob("*.md"))
    raw = sum(1 for _ in (data_dir / "raw").rglob("*.json.gz"))
    peak = usage["maxrss"] / (1024 * 1024) if sys.platform == "darwin" else usage["maxrss"] / 1024
    postings = report.get("postings") or {}
    problems = sum(len(r.get("problems") or []) for r in report.get("results") or [])
    issues = []
    if status != 0:
        issues.append(f"exit status {status}: {stderr.strip()[-400:]}")
    if files != expected:
        issues.append(f"{files} posting files, expected {expected}")
    counted = "unchanged" if again else "new"
    if postings.get(counted) != expected:
        issues.append(f"report says {postings.get(counted)} {counted} postings, expected {expected}")
    if index and report.get("indexed") != (0 if again else expected):  # unchanged postings are indexed already
        issues.append(
            f"report says {report.get('indexed')} indexed, expected {0 if again else expected} ({report.get('index_error')})"
        )
    if problems:
        issues.append(f"{problems} offer problems in the report")
    return {
        "seconds": seconds,
        "user_seconds": usage["utime"],
        "system_seconds": usage["stime"],
        "stderr_mb": stderr_bytes / 1048576,
        "peak_mb": peak,
        "report_seconds": report.get("duration_s"),
        "exit_status": status,
        "files": files,
        "raw_files": raw,
        "companies": report.get("companies"),
        "postings": postings,
        "indexed": report.get("indexed"),
        "requests": report.get("requests"),
        "problems": problems,
        "issues": issues,
    }


# ---------------------------------------------------------------- profile


# label, module path fragment, function name: what the crawler owner can act on, by cumulative time
_BREAKDOWN = (
    ("pipeline: BoardApplier.apply (all per-board work)", "crawlers/pipelines.py", "apply"),
    ("  normalize: parse_recruitee_offer", "parsers/__init__.py", "parse_recruitee_offer"),
    ("    html -> Markdown (parsers.html.markdown_from_html)", "parsers/html.py", "markdown_from_html"),
    ("    skills.hashtags", "parsers/skills.py", "hashtags"),
    ("    geo.canonical_place", "parsers/geo.py", "canonical_place"),
    ("  PostingStore.apply (render + compare + write)", "crawlers/store.py", "apply"),
    ("    writer.posting_markdown (YAML frontmatter)", "parsers/writer.py", "posting_markdown"),
    ("    _read (old file, to skip unchanged)", "crawlers/store.py", "_read"),
    ("    Batch.commit (posting files, one sync)", "core/files.py", "commit"),
    ("  RawStore.save_api (gzip + write)", "crawlers/store.py", "save_api"),
    ("finish: index upsert + validators", "crawlers/pipelines.py", "finish"),
    ("  TantivyIndex.upsert", "index/tantivy_backend.py", "upsert"),
    ("spider: _offers_body (json.loads)", "crawlers/spiders/recruitee.py", "_offers_body"),
)
# label, substring of a built-in's name: own time
_BUILTINS = (
    ("os.fsync (every atomic write)", "posix.fsync"),
    ("os.open (mkstemp's O_EXCL create)", "posix.open"),
    ("zlib.compress", "zlib.compress"),
)


def profile_breakdown(path: Path, top: int = 25) -> dict[str, Any]:
    """Where a profiled crawl spent its time: the crawler's own steps, then the top functions by own time."""
    stats = pstats.Stats(str(path))
    table: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]

    def cumulative(fragment: str, name: str) -> float:
        return sum(
            v[3] for (file, _line, func), v in table.items() if func == name and file.replace("\\", "/").endswith(fragment)
        )

    steps = {label: cumulative(fragment, name) for label, fragment, name in _BREAKDOWN}
    for label, needle in _BUILTINS:
        steps[label] = sum(v[2] for (_file, _line, func), v in table.items() if needle in func)
    steps["the rest: Scrapy, Twisted, imports, start-up"] = (
        total - steps[_BREAKDOWN[0][0]] - steps["finish: index upsert + validators"]
    )
    ranked = sorted(table.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    functions = [
        {
            "function": f"{Path(file).name}:{line}({func})" if line else func,
            "calls": v[1],
            "own_seconds": v[2],
            "cumulative_seconds": v[3],
        }
        for (file, line, func), v in ranked
    ]
    return {"total_seconds": total, "steps": steps, "top_own_time": functions, "file": str(path)}


# ---------------------------------------------------------------- run


def _best(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest round among those that did the whole job (a crawl that broke early is fast for nothing)."""
    good = [r for r in rows if not r.get("issues")]
    return min(good or rows, key=lambda r: r["seconds"])


def run(args: argparse.Namespace) -> dict[str, Any]:
    pinned = None
    server_cpus: list[int] | None = None
    if not args.no_pin:
        pinned = pin_to_one_cpu()
        if pinned is not None:
            others = sorted(set(range(os.cpu_count() or 1)) - {pinned})
            server_cpus = others or None
    n, m = args.companies, args.offers
    expected = n * m
    server = Server(n, m, args.seed, server_cpus)
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="jobboard-bench-crawl-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        companies_file = workdir / "companies.txt"
        companies_file.write_text("".join(server.base(h) + "\n" for h in server.hosts), encoding="utf-8")
        probe_file = workdir / "probe.txt"
        probe_file.write_text(server.base(server.probe) + "\n", encoding="utf-8")
        bases = [server.base(h) for h in server.hosts]

        asyncio.run(_bare_fetch(bases[:1]))  # import aiohttp and warm the loop outside the timings
        t0 = time.perf_counter()
        from parsers import parse_recruitee_offer

        asyncio.run(_bare_fetch([server.base(server.probe), *bases[:1]], parse_recruitee_offer))  # the parsers' lazy loads
        parsers_warmup = time.perf_counter() - t0

        def data_dir(label: str, index: int) -> Path:
            return workdir / f"data-{label}-r{index + 1}"

        rounds: list[dict[str, Any]] = []
        for r in range(args.rounds):
            row: dict[str, Any] = {}
            modes = [True, False] if r % 2 == 0 else [False, True]
            if r % 2 == 0:
                row["bare"] = bare_round(bases)
                row["bare_parse"] = bare_round(bases, parse_recruitee_offer)
            for index in modes:
                tag = "index" if index else "noindex"
                row[f"startup_{tag}"] = crawl_round(probe_file, data_dir(f"startup-{tag}", r), index, 1)
                row[f"crawl_{tag}"] = crawl_round(companies_file, data_dir(tag, r), index, expected)
                if index:
                    row["recrawl"] = crawl_round(companies_file, data_dir(tag, r), index, expected, again=True)
                if not args.keep:
                    shutil.rmtree(data_dir(f"startup-{tag}", r), ignore_errors=True)
                    shutil.rmtree(data_dir(tag, r), ignore_errors=True)
            if r % 2 == 1:
                row["bare_parse"] = bare_round(bases, parse_recruitee_offer)
                row["bare"] = bare_round(bases)
            rounds.append(row)
            if not args.json:
                print(
                    f"round {r + 1}: bare {row['bare']['seconds']:.2f} s, crawl {row['crawl_index']['seconds']:.2f} s "
                    f"(--no-index {row['crawl_noindex']['seconds']:.2f} s), recrawl {row['recrawl']['seconds']:.2f} s, "
                    f"start-up {row['startup_index']['seconds']:.2f} s",
                    file=sys.stderr,
                    flush=True,
                )

        profile = None
        if args.profile:
            RESULTS.mkdir(parents=True, exist_ok=True)
            prof_path = RESULTS / f"crawl-{n}x{m}.prof"
            profiled = crawl_round(companies_file, data_dir("profile", 0), True, expected, profile=prof_path)
            profile = profile_breakdown(prof_path)
            profile["wall_seconds"] = profiled["seconds"]
            if not args.keep:
                shutil.rmtree(data_dir("profile", 0), ignore_errors=True)
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    bare = _best([r["bare"] for r in rounds])
    bare_parse = _best([r["bare_parse"] for r in rounds])
    result: dict[str, Any] = {
        "config": {
            "companies": n,
            "offers": m,
            "rounds": args.rounds,
            "seed": args.seed,
            "dir": str(workdir) if args.keep else None,
        },
        "server": {**server.info, "hosts": f"{address(0)}..{address(n - 1)}", "probe_host": server.probe},
        "bare": bare,
        "bare_parse": {
            **bare_parse,
            "ratio": ratio(bare_parse["seconds"], bare["seconds"]),
            "parsers_warmup_seconds": parsers_warmup,
        },
        "rounds": [{k: {"seconds": v["seconds"]} for k, v in row.items()} for row in rounds],
    }
    for tag in ("index", "noindex"):
        crawl = _best([r[f"crawl_{tag}"] for r in rounds])
        startup = _best([r[f"startup_{tag}"] for r in rounds])
        net = crawl["seconds"] - startup["seconds"]  # <= 0 when the crawl is too small to tell it from start-up noise
        result[tag] = {
            "crawl": crawl,
            "startup": startup,
            "offers_per_second": ratio(expected, crawl["seconds"]),
            "offers_per_second_excluding_startup": ratio(expected, net) if net > 0 else None,
            "ratio_including_startup": ratio(crawl["seconds"], bare["seconds"]),
            "ratio_excluding_startup": ratio(net, bare["seconds"]) if net > 0 else None,
            "ratio_to_fetch_and_parse_excluding_startup": ratio(net, bare_parse["seconds"]) if net > 0 else None,
            "peak_mb_max_over_rounds": max(r[f"crawl_{tag}"]["peak_mb"] for r in rounds),
            "issues": sorted({i for r in rounds for k in (f"crawl_{tag}", f"startup_{tag}") for i in r[k]["issues"]}),
        }
    recrawl = _best([r["recrawl"] for r in rounds])
    startup = result["index"]["startup"]
    net = recrawl["seconds"] - startup["seconds"]
    result["recrawl"] = {
        "crawl": recrawl,
        "ratio_including_startup": ratio(recrawl["seconds"], bare["seconds"]),
        "ratio_excluding_startup": ratio(net, bare["seconds"]) if net > 0 else None,
        "issues": sorted({i for r in rounds for i in r["recrawl"]["issues"]}),
    }
    main = result["index"]
    first = main["ratio_to_fetch_and_parse_excluding_startup"]
    peak = max(result["index"]["peak_mb_max_over_rounds"], result["noindex"]["peak_mb_max_over_rounds"])
    result["targets"] = {
        "ratio_max": RATIO_TARGET,
        "ratio_including_startup": main["ratio_including_startup"],
        "ratio_including_startup_pass": main["ratio_including_startup"] <= RATIO_TARGET,
        "ratio_excluding_startup": main["ratio_excluding_startup"],
        "ratio_excluding_startup_pass": None
        if main["ratio_excluding_startup"] is None
        else main["ratio_excluding_startup"] <= RATIO_TARGET,
        "peak_mb_max": MEMORY_TARGET_MB,
        "peak_mb": peak,
        "peak_mb_pass": peak < MEMORY_TARGET_MB,
        "first_crawl_to_fetch_and_parse_max": FIRST_CRAWL_TO_FETCH_AND_PARSE_TARGET,
        "first_crawl_to_fetch_and_parse": first,
        "first_crawl_to_fetch_and_parse_pass": None if first is None else first <= FIRST_CRAWL_TO_FETCH_AND_PARSE_TARGET,
        "recrawl_ratio_max": RECRAWL_RATIO_TARGET,
        "recrawl_ratio_including_startup": result["recrawl"]["ratio_including_startup"],
        "recrawl_ratio_including_startup_pass": result["recrawl"]["ratio_including_startup"] <= RECRAWL_RATIO_TARGET,
        "full_size": (n, m) == (200, 50),
    }
    result["profile"] = profile
    result["machine"] = machine(pinned, ("scrapy", "aiohttp", "tantivy", "pydantic"))
    result["machine"]["server_cpus"] = server.info.get("cpus")
    return result


# ---------------------------------------------------------------- report


def _num(value: float | None, width: int, spec: str, unit: str = "") -> str:
    """A figure, or n/a where the crawl was too small to tell from its start-up."""
    return f"{value:>{width}{spec}}{unit}" if value is not None else f"{'n/a':>{width + len(unit)}}"


def _verdict(passed: bool | None) -> str:
    return "n/a (too small to tell)" if passed is None else "PASS" if passed else "MISS"


def _print_report(r: dict[str, Any]) -> None:
    cfg, srv, bare = r["config"], r["server"], r["bare"]
    n, m = cfg["companies"], cfg["offers"]
    total = n * m
    print(
        f"jobboard crawl benchmark: {n} companies x {m} offers = {total:,} offers, seed {cfg['seed']}, best of {cfg['rounds']} rounds"
    )
    print(
        f"server: aiohttp on {srv['hosts']} port {srv['port']} (one host per company), CPUs {srv['cpus']}; "
        f"{srv['response_bytes'] / 1048576:.1f} MB of offers responses, {srv['response_bytes'] / total / 1024:.1f} KB per offer "
        f"(HTML text {srv['html_bytes_per_offer'] / 1024:.1f} KB), generated in {srv['generate_seconds']:.1f} s"
    )
    mach = r["machine"]
    where = f"pinned to CPU {mach['pinned_cpu']}" if mach["pinned_cpu"] is not None else "not pinned"
    print(
        f"client side (bare fetch and crawl subprocess): {where}; politeness off, {CONCURRENCY} requests in flight, {PER_HOST} per host"
    )
    print()
    w = 50
    print(f"{'':<{w}}{'seconds':>9}{'offers/s':>10}{'x bare':>9}{'peak MB':>9}")
    print(f"{'bare fetch: aiohttp + json.loads':<{w}}{bare['seconds']:>9.3f}{total / bare['seconds']:>10,.0f}{1:>8.2f}x{'-':>9}")
    bp = r["bare_parse"]
    print(
        f"{'fetch + parse_recruitee_offer, no writes':<{w}}{bp['seconds']:>9.3f}{total / bp['seconds']:>10,.0f}{bp['ratio']:>8.2f}x{'-':>9}"
        f"   (in-process; parsers' warm-up {bp['parsers_warmup_seconds']:.1f} s apart)"
    )
    for tag, label in (("index", "crawl, index update on"), ("noindex", "crawl --no-index")):
        x = r[tag]
        c, s = x["crawl"], x["startup"]
        net = c["seconds"] - s["seconds"]
        cpu = c["user_seconds"] + c["system_seconds"]
        print(
            f"{label + ' (start-up included)':<{w}}{c['seconds']:>9.3f}{x['offers_per_second']:>10,.0f}"
            f"{x['ratio_including_startup']:>8.2f}x{c['peak_mb']:>9.0f}"
        )
        print(
            f"{'  start-up excluded (minus the 1x1 crawl)':<{w}}{net:>9.3f}{_num(x['offers_per_second_excluding_startup'], 10, ',.0f')}"
            f"{_num(x['ratio_excluding_startup'], 8, '.2f', 'x')}"
        )
        print(
            f"{'    x (fetch + parse), start-up excluded':<{w}}{'':>9}{'':>10}{_num(x['ratio_to_fetch_and_parse_excluding_startup'], 8, '.2f', 'x')}"
        )
        print(f"{'  start-up alone (1 company x 1 offer)':<{w}}{s['seconds']:>9.3f}{'':>10}{'':>9}{s['peak_mb']:>9.0f}")
        if c.get("report_seconds") is not None:
            print(f"{'  report duration_s (spider open..close)':<{w}}{c['report_seconds']:>9.3f}")
        print(f"{'  log written to stderr (MB)':<{w}}{c['stderr_mb']:>9.1f}")
        print(
            f"{'  CPU user+sys (wall minus CPU: waiting, I/O)':<{w}}{cpu:>9.3f}"
            f"   ({c['user_seconds']:.1f} + {c['system_seconds']:.1f}; {c['seconds'] - cpu:.1f} s not on CPU)"
        )
    print()
    rc = r["recrawl"]
    c = rc["crawl"]
    print(
        f"{'recrawl, every offer unchanged (start-up incl.)':<{w}}{c['seconds']:>9.3f}{total / c['seconds']:>10,.0f}"
        f"{rc['ratio_including_startup']:>8.2f}x{c['peak_mb']:>9.0f}"
    )
    print(
        f"{'  start-up excluded (minus the 1x1 crawl)':<{w}}{'':>9}{'':>10}{_num(rc['ratio_excluding_startup'], 8, '.2f', 'x')}"
    )
    print()
    rows = ", ".join(
        f"{x['bare']['seconds']:.2f}/{x['bare_parse']['seconds']:.2f}/{x['crawl_index']['seconds']:.2f}/{x['crawl_noindex']['seconds']:.2f}/{x['recrawl']['seconds']:.2f}/{x['startup_index']['seconds']:.2f}"
        for x in r["rounds"]
    )
    print(f"rounds (bare / fetch+parse / crawl / --no-index / recrawl / start-up s): {rows}")
    print()
    print("correctness (best round)")
    for tag in ("index", "noindex", "recrawl"):
        c = r[tag]["crawl"]
        comp = c.get("companies") or {}
        print(
            f"  {tag:<8} {c['files']:,} posting files (expected {total:,}), {c['raw_files']} raw responses, "
            f"{comp.get('ok', '?')} companies ok, {c['postings'].get('new', '?')} new, "
            f"{c['postings'].get('unchanged', '?')} unchanged, {c.get('indexed')} indexed, {c['problems']} problems"
        )
        for issue in r[tag]["issues"]:
            print(f"    PROBLEM: {issue}")
    print()
    t = r["targets"]
    size = "" if t["full_size"] else f"  (the issue's targets are for 200 x 50; this run is {n} x {m})"
    print(f"targets{size}")
    print(
        f"  crawl <= {t['ratio_max']:.0f}x bare fetch, start-up included  {t['ratio_including_startup']:>8.2f}x   {'PASS' if t['ratio_including_startup_pass'] else 'MISS'}"
    )
    print(
        f"  crawl <= {t['ratio_max']:.0f}x bare fetch, start-up excluded  {_num(t['ratio_excluding_startup'], 8, '.2f', 'x')}   "
        f"{_verdict(t['ratio_excluding_startup_pass'])}"
    )
    print(
        f"  peak memory < {t['peak_mb_max']:.0f} MB (any crawl)            {t['peak_mb']:>8.0f} MB  {'PASS' if t['peak_mb_pass'] else 'MISS'}"
    )
    print(
        f"  first crawl <= {t['first_crawl_to_fetch_and_parse_max']:.1f}x fetch + parse, start-up excl. "
        f"{_num(t['first_crawl_to_fetch_and_parse'], 8, '.2f', 'x')}   {_verdict(t['first_crawl_to_fetch_and_parse_pass'])}"
    )
    print(
        f"  recrawl <= {t['recrawl_ratio_max']:.0f}x bare fetch, start-up included  {t['recrawl_ratio_including_startup']:>8.2f}x   "
        f"{'PASS' if t['recrawl_ratio_including_startup_pass'] else 'MISS'}"
    )
    p = r.get("profile")
    if p:
        print()
        print(
            f"profile of one more crawl under cProfile ({p['wall_seconds']:.1f} s wall, {p['total_seconds']:.1f} s profiled; {p['file']})"
        )
        for label, sec in p["steps"].items():
            print(f"  {label:<52}{sec:>8.2f} s {100 * sec / p['total_seconds']:>5.1f}%")
        print("  top functions by own time")
        for f in p["top_own_time"][:15]:
            print(
                f"    {f['own_seconds']:>7.2f} s own {f['cumulative_seconds']:>7.2f} s cum {f['calls']:>9,} calls  {f['function']}"
            )
    print()
    print(machine_line(mach, ("scrapy", "aiohttp", "tantivy")))


def _save(result: dict[str, Any]) -> Path | None:
    try:
        RESULTS.mkdir(parents=True, exist_ok=True)
        cfg = result["config"]
        path = RESULTS / f"crawl-{cfg['companies']}x{cfg['offers']}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
        path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        return path
    except OSError:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Offers/second of `jobboard crawl` end to end against a bare aiohttp fetch, in one run."
    )
    parser.add_argument("--companies", type=int, default=200, help="companies, each on its own loopback address (default 200)")
    parser.add_argument("--offers", type=int, default=50, help="offers per company (default 50)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; the best one of each measurement counts (default 3)")
    parser.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    parser.add_argument("--keep", metavar="DIR", help="put the companies files and every crawl's data dir in DIR and keep them")
    parser.add_argument(
        "--no-pin", action="store_true", help="do not pin the client side to one CPU and the server to the others"
    )
    parser.add_argument("--profile", action="store_true", help="also run one crawl under cProfile and print where the time went")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if args.companies < 1 or args.offers < 1 or args.rounds < 1:
        parser.error("--companies, --offers and --rounds must be at least 1")
    if args.companies > 250 * 250:
        parser.error("--companies: at most 62,500 loopback hosts")
    result = run(args)
    saved = _save(result)
    emit(result, args.json, _print_report)
    if saved and not args.json:
        print(f"results saved to {saved.relative_to(ROOT) if saved.is_relative_to(ROOT) else saved}")
    broken = result["index"]["issues"] or result["noindex"]["issues"] or result["recrawl"]["issues"]
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
