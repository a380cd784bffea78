"""Offers/second of ``jobboard crawl`` end to end against the bare cost of fetching the same responses.

N companies x M Recruitee offers (``bench.gen.files.board``) are served from another process, one loopback host per
company (``127.0.0.2``, ...) so Scrapy's per-host slot does not serialize the crawl. Each round times, in alternating
order: the bare fetch (aiohttp + ``json.loads``), the same plus ``parse_recruitee_offer``, ``jobboard crawl`` with and
without the index, a recrawl of unchanged offers, and a 1 x 1 crawl (the fixed start-up). The best round counts.
bench/README.md describes the figures and targets. Exit 1 when a crawl failed or wrote the wrong files, else 0.
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
import xml.etree.ElementTree as ET
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: the repository root, for `bench.…`

from bench._common import RESULTS, ROOT, arguments, emit, machine, machine_line, peak_rss_mb, pin_to_one_cpu, ratio, save, table
from bench.gen import ats, files, world

CONCURRENCY = 16  # Scrapy's CONCURRENT_REQUESTS in crawlers/settings.py
PER_HOST = 1  # JOBBOARD_CRAWL_CONCURRENCY_PER_HOST's default
# The issue's targets: (key of the limit, the limit, key of the figure, what it says); peak memory is a strict bound.
TARGETS = (
    ("ratio_max", 2.0, "ratio_including_startup", "crawl <= 2x bare fetch, start-up included"),
    (None, 2.0, "ratio_excluding_startup", "crawl <= 2x bare fetch, start-up excluded"),
    ("peak_mb_max", 300.0, "peak_mb", "peak memory < 300 MB (any crawl)"),
    (
        "first_crawl_to_fetch_and_parse_max",
        1.5,
        "first_crawl_to_fetch_and_parse",
        "first crawl <= 1.5x fetch + parse, start-up excl.",
    ),
    ("recrawl_ratio_max", 3.0, "recrawl_ratio_including_startup", "recrawl <= 3x bare fetch, start-up included"),
    ("mix_ratio_max", 1.5, "mix_to_fetch_and_parse", "mixed 8-ATS crawl <= 1.5x fetch + parse, start-up excl. (--mix)"),
)


def address(index: int) -> str:
    """The loopback address of company ``index``: 127.0.0.2, 127.0.0.3, ... (Linux routes all of 127/8 to lo)."""
    return f"127.0.{index // 250}.{2 + index % 250}"


# ---------------------------------------------------------------- server


def _probe_places(offer: dict[str, Any]) -> None:
    """The start-up probe's one offer is in München, a name the gazetteer knows only as another spelling of
    Munich: so the 1 x 1 crawl pays for every lazy load of the parsers, as the first offers of a big crawl do."""
    place = {"city": "München", "country": "Deutschland", "country_code": "DE", "state_name": "Bayern", "state_code": "BY"}
    offer.update(place, location="München, Germany", postal_code="80331" if offer.get("postal_code") else None)
    offer["locations"] = [{"id": 71531, **place}]


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


def _html_bytes(offer: dict[str, Any]) -> int:
    texts = [offer.get("description"), offer.get("requirements"), offer.get("highlight")]
    if offer.get("description") is None:
        texts = list(next(iter(offer["translations"].values())).values())[1:]
    return sum(len(t.encode()) for t in texts if t)


def _mix_boards(
    companies: int, offers: int, seed: int, first_host: int
) -> tuple[dict[tuple[str, str], ats.Answer], list[dict[str, Any]]]:
    """The mixed run's boards: ``companies`` spread over the eight ATS, each ATS on its own loopback address (as
    each ATS is one API host in the wild); the answers by (host, path) and the plan the floor fetches."""
    answers: dict[tuple[str, str], ats.Answer] = {}
    plan = []
    for kind, employer, token in ats.mix(companies, world.employers(companies, seed)):
        host = address(first_host + ats.KINDS.index(kind))
        board = ats.board(kind, employer, token, offers, seed)
        answers.update({(host, answer.path): answer for answer in board})
        plan.append({"kind": kind, "token": token, "host": host, "requests": [(a.method, a.path) for a in board]})
    return answers, plan


def _serve(companies: int, offers: int, seed: int, cpus: list[int] | None, mix: bool, conn: Connection) -> None:
    """Child process: build every board, serialize it once, and answer until the parent goes away."""
    from aiohttp import web

    if cpus and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, set(cpus))
    hosts = [address(i) for i in range(companies + 1)]  # the last one is the 1 x 1 start-up probe
    ats_hosts = [address(companies + 1 + i) for i in range(len(ats.KINDS))] if mix else []
    port, sockets = _bind_all(hosts + ats_hosts)
    t0 = time.perf_counter()
    employers = world.employers(len(hosts), seed)
    bodies: dict[str, bytes] = {}
    html_bytes = 0
    for i, host in enumerate(hosts):
        probe = i == companies
        board = files.board(employers[i], 1 if probe else offers, seed, f"http://{host}:{port}")
        if probe:
            _probe_places(board["offers"][0])
        else:
            html_bytes += sum(_html_bytes(offer) for offer in board["offers"])
        bodies[host] = json.dumps(board, ensure_ascii=False).encode("utf-8")
    generate_s = time.perf_counter() - t0
    etags = {host: '"' + hashlib.sha1(body).hexdigest()[:16] + '"' for host, body in bodies.items()}
    t0 = time.perf_counter()
    mixed, plan = _mix_boards(companies, offers, seed, companies + 1) if mix else ({}, [])
    mix_info = {
        "plan": plan,
        "hosts": dict(zip(ats.KINDS, ats_hosts, strict=False)),
        "response_bytes": sum(len(a.body) for a in mixed.values()),
        "responses": len(mixed),
        "generate_seconds": time.perf_counter() - t0,
    }

    async def robots_txt(request: web.Request) -> web.Response:
        return web.Response(body=b"User-agent: *\nAllow: /\n", content_type="text/plain")

    async def offers_api(request: web.Request) -> web.Response:
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        host = str(sockname[0]) if sockname else request.host.rsplit(":", 1)[0]
        if host not in bodies:
            raise web.HTTPNotFound()
        return web.Response(body=bodies[host], content_type="application/json", headers={"ETag": etags[host]})

    async def ats_api(request: web.Request) -> web.Response:
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        answer = mixed.get((str(sockname[0]) if sockname else "", request.path_qs))
        if answer is None or answer.method != request.method:
            raise web.HTTPNotFound()
        return web.Response(body=answer.body, content_type=answer.content_type)

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/robots.txt", robots_txt)
        app.router.add_get("/api/offers/", offers_api)
        app.router.add_route("*", "/{tail:.*}", ats_api)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        for sock in sockets:
            await web.SockSite(runner, sock).start()
        cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
        info = {"port": port, "pid": os.getpid(), "cpus": cpus, "generate_seconds": generate_s}
        info["response_bytes"] = sum(len(bodies[h]) for h in hosts[:companies])
        conn.send({**info, "html_bytes_per_offer": html_bytes / max(1, companies * offers), "mix": mix_info if mix else None})
        gone = asyncio.Event()  # the parent never writes again: the pipe turns readable when it exits or dies
        asyncio.get_running_loop().add_reader(conn.fileno(), gone.set)
        await gone.wait()
        await runner.cleanup()

    asyncio.run(main())


class Server:
    """The boards' server in its own process, so serving costs nothing to the process being measured."""

    def __init__(self, companies: int, offers: int, seed: int, cpus: list[int] | None, mix: bool = False) -> None:
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(companies, offers, seed, cpus, mix, child), daemon=True)
        self.process.start()
        child.close()
        if not parent.poll(600):
            self.process.terminate()
            raise SystemExit("bench: the server did not come up within 10 minutes")
        self.info: dict[str, Any] = parent.recv()
        self.mix: dict[str, Any] | None = self.info.pop("mix")
        self.conn = parent  # held open for the server's lifetime: closing it (or dying) stops the server
        self.hosts = [self.base(address(i)) for i in range(companies)]
        self.probe = self.base(address(companies))

    def base(self, host: str) -> str:
        return f"http://{host}:{self.info['port']}"

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


def _mix_jobs(kind: str, token: str, bodies: list[bytes]) -> tuple[list[Any], dict[str, Any]]:
    """A mixed board's jobs and the parser's context from its answers (the listing first), as its spider takes
    them: each Personio position as its own XML text, Teamtailor's related resources, a job's own answer."""
    if kind == "personio":
        from parsers.formats.ats_common import children, xml_root

        root = xml_root(bodies[0])
        positions = [ET.tostring(p, encoding="unicode") for p in children(root, "position")] if root is not None else []
        return positions, {"origin": f"https://{token}.jobs.personio.de"}
    first = json.loads(bodies[0])
    if kind == "recruitee":
        return first["offers"], {}
    if kind == "workable":
        texts = {job["shortcode"]: job for job in map(json.loads, bodies[1:])}
        keys = ("description", "requirements", "benefits")
        return [{**row, **{k: texts[row["shortcode"]][k] for k in keys}} for row in first["results"]], {}
    if kind == "smartrecruiters":
        return [json.loads(body) for body in bodies[1:]], {}
    if kind == "teamtailor":
        return first["data"], {"form": "jsonapi", "included": first["included"]}
    if kind == "lever":
        return first, {}
    return first["jobs"], ({"apiVersion": first["apiVersion"]} if first.get("apiVersion") else {})


def parse_mixed(kind: str, jobs: list[Any], context: dict[str, Any]) -> int:
    """Parse a mixed board's jobs one by one with the crawl's parser registry; how many postings they made."""
    from parsers import parse_jobs, parse_recruitee_offer

    if kind == "recruitee":
        return len([parse_recruitee_offer(offer) for offer in jobs])
    return sum(len(parse_jobs(kind, [job], context)) for job in jobs)


def host_limits(server: Server) -> dict[str, int]:
    """Requests at a time to each mixed-run host, as the crawl's own settings give them: every ATS there is one
    API host shared by its companies (``crawlers.settings.api_slots``), like a company's own host otherwise."""
    from core.settings import Settings
    from crawlers.settings import api_slots

    assert server.mix is not None
    bases = {f"{kind}_api_base": server.base(host) for kind, host in server.mix["hosts"].items()}
    slots = api_slots(Settings.model_validate(bases))
    return {host: int(slots.get(host, {}).get("concurrency", PER_HOST)) for host in server.mix["hosts"].values()}


async def _bare_mix(plan: list[dict[str, Any]], port: int, parse: bool, limits: dict[str, int]) -> dict[str, int]:
    """The mixed boards' bare fetch: robots.txt once per host, then each board's listing and then its jobs' own
    answers, as many requests at a time per host as the crawl sends (``limits``); with ``parse``, the floor."""
    import aiohttp

    connector = aiohttp.TCPConnector(limit=CONCURRENCY, limit_per_host=0)
    gates = {host: asyncio.Semaphore(limit) for host, limit in limits.items()}
    totals = {"offers": 0, "bytes": 0, "requests": 0}
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=600)) as session:

        async def fetch(host: str, method: str, path: str) -> bytes:
            async with gates[host], session.request(method, f"http://{host}:{port}{path}") as response:
                response.raise_for_status()
                return await response.read()

        async def robots(host: str) -> None:
            await fetch(host, "GET", "/robots.txt")
            totals["requests"] += 1

        async def company(board: dict[str, Any]) -> None:
            listing, *own = board["requests"]  # a job's own answer is asked for once the listing named it
            bodies = [await fetch(board["host"], *listing)]
            bodies += await asyncio.gather(*(fetch(board["host"], *job) for job in own))
            jobs, context = _mix_jobs(board["kind"], board["token"], bodies)
            totals["offers"] += parse_mixed(board["kind"], jobs, context) if parse else len(jobs)
            totals["bytes"] += sum(map(len, bodies))
            totals["requests"] += len(bodies)

        await asyncio.gather(*(robots(host) for host in dict.fromkeys(b["host"] for b in plan)))
        await asyncio.gather(*(company(board) for board in plan))
    return totals


def mix_round(plan: list[dict[str, Any]], port: int, parse: bool, limits: dict[str, int]) -> dict[str, Any]:
    _settle()
    t0 = time.perf_counter()
    totals = asyncio.run(_bare_mix(plan, port, parse, limits))
    return {"seconds": time.perf_counter() - t0, **totals}


def _settle() -> None:
    """Flush the previous run's dirty pages first, so one measurement does not pay for the last one's writes."""
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
with open(sys.argv[1], "w") as handle:
    json.dump({"seconds": seconds, "status": os.waitstatus_to_exitcode(status), "maxrss": usage.ru_maxrss,
               "utime": usage.ru_utime, "stime": usage.ru_stime}, handle)
"""


def crawl_round(
    companies_file: Path,
    data_dir: Path,
    index: bool,
    expected: int,
    profile: Path | None = None,
    again: bool = False,
    env_extra: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Run ``jobboard crawl`` once in a fresh data dir (``again``: over the one a crawl of the same boards left,
    every offer expected unchanged); its wall time, own peak RSS, report and files on disk."""
    if not again:
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True)
    _settle()
    cmd = [sys.executable, *(["-m", "cProfile", "-o", str(profile)] if profile else [])]
    cmd += ["-m", "jobboard", "crawl", "--companies-file", str(companies_file), "--json", *([] if index else ["--no-index"])]
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOBBOARD_")}
    env.update(JOBBOARD_DATA_DIR=str(data_dir), JOBBOARD_CRAWL_POLITE="false", JOBBOARD_CRAWL_HTTP_CACHE="false")
    env.update(env_extra or {})
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as tmp:
        measured = Path(tmp) / "rusage.json"
        launcher = [sys.executable, "-c", _LAUNCHER, str(measured), *cmd]
        proc = subprocess.run(launcher, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err, check=False)
        usage: dict[str, Any] = json.loads(measured.read_text()) if measured.exists() else {}
        stderr_bytes = err.tell()
        err.seek(max(0, stderr_bytes - 4096))  # the crawl's log can be huge: keep its end only
        stderr = err.read().decode("utf-8", "replace")
        out.seek(0)
        stdout = out.read().decode("utf-8", "replace").strip()
    if not usage:
        raise SystemExit(f"bench: the crawl launcher failed (exit status {proc.returncode}): {stderr[-400:]}")
    report: dict[str, Any] = {}
    try:
        report = json.loads(stdout.splitlines()[-1]) if stdout else {}
    except ValueError:
        pass
    status, postings = int(usage["status"]), report.get("postings") or {}
    written = sum(1 for _ in (data_dir / "postings").rglob("*.md"))
    problems = sum(len(r.get("problems") or []) for r in report.get("results") or [])
    counted, indexed = ("unchanged", 0) if again else ("new", expected)  # unchanged postings are indexed already
    checks = (
        (status != 0, f"exit status {status}: {stderr.strip()[-400:]}"),
        (written != expected, f"{written} posting files, expected {expected}"),
        (postings.get(counted) != expected, f"report says {postings.get(counted)} {counted} postings, expected {expected}"),
        (
            index and report.get("indexed") != indexed,
            f"report says {report.get('indexed')} indexed, expected {indexed} ({report.get('index_error')})",
        ),
        (problems > 0, f"{problems} offer problems in the report"),
    )
    return {
        "seconds": float(usage["seconds"]),
        "user_seconds": usage["utime"],
        "system_seconds": usage["stime"],
        "stderr_mb": stderr_bytes / 1048576,
        "peak_mb": peak_rss_mb(usage["maxrss"]),
        "report_seconds": report.get("duration_s"),
        "exit_status": status,
        "files": written,
        "raw_files": sum(1 for _ in (data_dir / "raw").rglob("*.json.gz")),
        "companies": report.get("companies"),
        "postings": postings,
        **{key: report.get(key) for key in ("indexed", "requests")},
        "problems": problems,
        "issues": [issue for failed, issue in checks if failed],
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
    ("spider: parse_board (json.loads)", "crawlers/spiders/base.py", "parse_board"),
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
    table_: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]
    steps = {
        label: sum(v[3] for (file, _, func), v in table_.items() if func == name and file.replace("\\", "/").endswith(fragment))
        for label, fragment, name in _BREAKDOWN
    }
    steps.update({label: sum(v[2] for (_, _, func), v in table_.items() if needle in func) for label, needle in _BUILTINS})
    steps["the rest: Scrapy, Twisted, imports, start-up"] = total - steps[_BREAKDOWN[0][0]] - steps[_BREAKDOWN[10][0]]
    ranked = sorted(table_.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
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
    return min([r for r in rows if not r.get("issues")] or rows, key=lambda r: r["seconds"])


def _mix_env(server: Server) -> dict[str, str]:
    """Every ATS's API base at its loopback address (no ``{token}``: the token is the first path segment)."""
    assert server.mix is not None
    return {f"JOBBOARD_{kind.upper()}_API_BASE": server.base(host) for kind, host in server.mix["hosts"].items()}


def _mix_phase(server: Server, workdir: Path, row: dict[str, Any], r: int, keep: bool, expected: int) -> None:
    """One round of the mixed run: bare fetch, fetch + parse and the crawl (index on), in alternating order."""
    assert server.mix is not None
    plan, port = server.mix["plan"], server.info["port"]
    companies_file = workdir / "companies-mix.txt"
    companies_file.write_text("".join(f"{b['kind']}:{b['token']}\n" for b in plan), encoding="utf-8")
    data_dir = workdir / f"data-mix-r{r + 1}"
    steps: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        ("mix_bare", lambda: mix_round(plan, port, False, host_limits(server))),
        ("mix_bare_parse", lambda: mix_round(plan, port, True, host_limits(server))),
        ("mix_crawl", lambda: crawl_round(companies_file, data_dir, True, expected, env_extra=_mix_env(server))),
    ]
    for key, step in steps if r % 2 == 0 else reversed(steps):
        row[key] = step()
    if not keep:
        shutil.rmtree(data_dir, ignore_errors=True)


def _rounds(args: argparse.Namespace, server: Server, workdir: Path) -> tuple[list[dict[str, Any]], float, dict[str, Any] | None]:
    """Every round's measurements (bare and crawls alternate their order), the parsers' warm-up and the profile."""
    from parsers import parse_recruitee_offer

    expected = args.companies * args.offers
    companies_file, probe_file = workdir / "companies.txt", workdir / "probe.txt"
    companies_file.write_text("".join(h + "\n" for h in server.hosts), encoding="utf-8")
    probe_file.write_text(server.probe + "\n", encoding="utf-8")
    asyncio.run(_bare_fetch(server.hosts[:1]))  # import aiohttp and warm the loop outside the timings
    t0 = time.perf_counter()
    asyncio.run(_bare_fetch([server.probe, *server.hosts[:1]], parse_recruitee_offer))  # the parsers' lazy loads
    if server.mix is not None:  # one board of each ATS: every parser's lazy loads, outside the timings
        t1 = time.perf_counter()
        asyncio.run(_bare_mix(server.mix["plan"][: len(ats.KINDS)], server.info["port"], True, host_limits(server)))
        server.mix["parsers_warmup_seconds"] = time.perf_counter() - t1
    warmup = time.perf_counter() - t0
    rounds: list[dict[str, Any]] = []
    for r in range(args.rounds):
        row: dict[str, Any] = {}
        bare = [("bare", None), ("bare_parse", parse_recruitee_offer)]
        for key, parse in bare if r % 2 == 0 else ():
            row[key] = bare_round(server.hosts, parse)
        for index in [True, False] if r % 2 == 0 else [False, True]:
            tag = "index" if index else "noindex"
            startup_dir, data_dir = workdir / f"data-startup-{tag}-r{r + 1}", workdir / f"data-{tag}-r{r + 1}"
            row[f"startup_{tag}"] = crawl_round(probe_file, startup_dir, index, 1)
            row[f"crawl_{tag}"] = crawl_round(companies_file, data_dir, index, expected)
            if index:
                row["recrawl"] = crawl_round(companies_file, data_dir, index, expected, again=True)
            if not args.keep:
                shutil.rmtree(startup_dir, ignore_errors=True)
                shutil.rmtree(data_dir, ignore_errors=True)
        for key, parse in reversed(bare) if r % 2 == 1 else ():
            row[key] = bare_round(server.hosts, parse)
        if server.mix is not None:
            _mix_phase(server, workdir, row, r, keep=bool(args.keep), expected=expected)
        rounds.append(row)
        if not args.json:
            seconds = {k: f"{v['seconds']:.2f}" for k, v in row.items()}
            print(f"round {r + 1}: " + ", ".join(f"{k} {v} s" for k, v in seconds.items()), file=sys.stderr, flush=True)
    profile = None
    if args.profile:
        RESULTS.mkdir(parents=True, exist_ok=True)
        prof_path = RESULTS / f"crawl-{args.companies}x{args.offers}.prof"
        profiled = crawl_round(companies_file, workdir / "data-profile-r1", True, expected, profile=prof_path)
        profile = {**profile_breakdown(prof_path), "wall_seconds": profiled["seconds"]}
        if not args.keep:
            shutil.rmtree(workdir / "data-profile-r1", ignore_errors=True)
    return rounds, warmup, profile


def run(args: argparse.Namespace) -> dict[str, Any]:
    pinned, server_cpus = None, None
    if not args.no_pin:
        pinned = pin_to_one_cpu()
        if pinned is not None:
            server_cpus = sorted(set(range(os.cpu_count() or 1)) - {pinned}) or None
    n, m = args.companies, args.offers
    expected = n * m
    server = Server(n, m, args.seed, server_cpus, mix=args.mix)
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="jobboard-bench-crawl-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        rounds, warmup, profile = _rounds(args, server, workdir)
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    def best(key: str) -> dict[str, Any]:
        return _best([r[key] for r in rounds])

    def issues(*keys: str) -> list[str]:
        return sorted({i for r in rounds for k in keys for i in r[k]["issues"]})

    def net_ratio(net: float, base: float) -> float | None:  # None when the crawl is too small to tell from start-up noise
        return ratio(net, base) if net > 0 else None

    bare, bare_parse = best("bare"), best("bare_parse")
    result: dict[str, Any] = {
        "config": {
            "companies": n,
            "offers": m,
            "rounds": args.rounds,
            "seed": args.seed,
            "dir": str(workdir) if args.keep else None,
        },
        "server": {**server.info, "hosts": f"{address(0)}..{address(n - 1)}", "probe_host": address(n)},
        "bare": bare,
        "bare_parse": {**bare_parse, "ratio": ratio(bare_parse["seconds"], bare["seconds"]), "parsers_warmup_seconds": warmup},
        "rounds": [{k: {"seconds": v["seconds"]} for k, v in row.items()} for row in rounds],
    }
    for tag in ("index", "noindex"):
        crawl, startup = best(f"crawl_{tag}"), best(f"startup_{tag}")
        net = crawl["seconds"] - startup["seconds"]
        result[tag] = {
            "crawl": crawl,
            "startup": startup,
            "offers_per_second": ratio(expected, crawl["seconds"]),
            "offers_per_second_excluding_startup": ratio(expected, net) if net > 0 else None,
            "ratio_including_startup": ratio(crawl["seconds"], bare["seconds"]),
            "ratio_excluding_startup": net_ratio(net, bare["seconds"]),
            "ratio_to_fetch_and_parse_excluding_startup": net_ratio(net, bare_parse["seconds"]),
            "peak_mb_max_over_rounds": max(r[f"crawl_{tag}"]["peak_mb"] for r in rounds),
            "issues": issues(f"crawl_{tag}", f"startup_{tag}"),
        }
    recrawl = best("recrawl")
    result["recrawl"] = {
        "crawl": recrawl,
        "ratio_including_startup": ratio(recrawl["seconds"], bare["seconds"]),
        "ratio_excluding_startup": net_ratio(recrawl["seconds"] - result["index"]["startup"]["seconds"], bare["seconds"]),
        "issues": issues("recrawl"),
    }
    if server.mix is not None:
        mix_bare, mix_parse, mix_crawl = best("mix_bare"), best("mix_bare_parse"), best("mix_crawl")
        startup = result["index"]["startup"]["seconds"]
        info = {k: v for k, v in server.mix.items() if k != "plan"}
        result["mix"] = {
            "server": {**info, "boards": {kind: sum(b["kind"] == kind for b in server.mix["plan"]) for kind in ats.KINDS}},
            "bare": mix_bare,
            "bare_parse": {**mix_parse, "ratio": ratio(mix_parse["seconds"], mix_bare["seconds"])},
            "crawl": mix_crawl,
            "ratio_including_startup": ratio(mix_crawl["seconds"], mix_bare["seconds"]),
            "ratio_to_fetch_and_parse_including_startup": ratio(mix_crawl["seconds"], mix_parse["seconds"]),
            "ratio_to_fetch_and_parse_excluding_startup": net_ratio(mix_crawl["seconds"] - startup, mix_parse["seconds"]),
            "peak_mb_max_over_rounds": max(r["mix_crawl"]["peak_mb"] for r in rounds),
            "issues": issues("mix_crawl"),
        }
    main = result["index"]
    figures = {
        "ratio_including_startup": main["ratio_including_startup"],
        "ratio_excluding_startup": main["ratio_excluding_startup"],
        "peak_mb": max(
            main["peak_mb_max_over_rounds"],
            result["noindex"]["peak_mb_max_over_rounds"],
            result["mix"]["peak_mb_max_over_rounds"] if "mix" in result else 0.0,
        ),
        "first_crawl_to_fetch_and_parse": main["ratio_to_fetch_and_parse_excluding_startup"],
        "recrawl_ratio_including_startup": result["recrawl"]["ratio_including_startup"],
        "mix_to_fetch_and_parse": result["mix"]["ratio_to_fetch_and_parse_excluding_startup"] if "mix" in result else None,
    }
    targets: dict[str, Any] = {}
    for limit_key, limit, key, _label in TARGETS:
        value = figures[key]
        targets.update({limit_key: limit} if limit_key else {})
        passed = None if value is None else value < limit if key == "peak_mb" else value <= limit
        targets.update({key: value, f"{key}_pass": passed})
    result["targets"] = {**targets, "full_size": (n, m) == (200, 50)}
    result["profile"] = profile
    result["machine"] = {**machine(pinned, ("scrapy", "aiohttp", "tantivy", "pydantic")), "server_cpus": server.info.get("cpus")}
    return result


# ---------------------------------------------------------------- report


def _x(value: float | None) -> str:
    """A ratio, or n/a where the crawl was too small to tell from its start-up."""
    return "n/a" if value is None else f"{value:.2f}x"


def _print_report(r: dict[str, Any]) -> None:
    cfg, srv, bare, bp = r["config"], r["server"], r["bare"], r["bare_parse"]
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
    pinned = r["machine"]["pinned_cpu"]
    where = f"pinned to CPU {pinned}" if pinned is not None else "not pinned"
    print(
        f"client side (bare fetch and crawl subprocess): {where}; politeness off, {CONCURRENCY} requests in flight, {PER_HOST} per host\n"
    )
    rows: list[list[Any]] = [
        ["bare fetch: aiohttp + json.loads", bare["seconds"], total / bare["seconds"], _x(1.0)],
        ["fetch + parse_recruitee_offer, no writes", bp["seconds"], total / bp["seconds"], _x(bp["ratio"]), None, f"in-process; parsers' warm-up {bp['parsers_warmup_seconds']:.1f} s apart"],
    ]  # fmt: skip
    for tag, label in (
        ("index", "crawl, index update on"),
        ("noindex", "crawl --no-index"),
        ("recrawl", "recrawl, every offer unchanged"),
    ):
        x = r[tag]
        c = x["crawl"]
        cpu = c["user_seconds"] + c["system_seconds"]
        rows.append(
            [f"{label} (start-up included)", c["seconds"], total / c["seconds"], _x(x["ratio_including_startup"]), c["peak_mb"]]
        )
        net = c["seconds"] - r["index" if tag == "recrawl" else tag]["startup"]["seconds"]
        rows.append(
            [
                "  start-up excluded (minus the 1x1 crawl)",
                net,
                x.get("offers_per_second_excluding_startup"),
                _x(x["ratio_excluding_startup"]),
            ]
        )
        if tag == "recrawl":
            continue
        s = x["startup"]
        rows += [
            ["    x (fetch + parse), start-up excluded", None, None, _x(x["ratio_to_fetch_and_parse_excluding_startup"])],
            ["  start-up alone (1 company x 1 offer)", s["seconds"], None, None, s["peak_mb"]],
            ["  report duration_s (spider open..close)", c.get("report_seconds")],
            ["  log written to stderr (MB)", c["stderr_mb"]],
            ["  CPU user+sys", cpu, None, None, None, f"{c['user_seconds']:.1f} + {c['system_seconds']:.1f}; {c['seconds'] - cpu:.1f} s not on CPU"],
        ]  # fmt: skip
    mix = r.get("mix")
    if mix:
        srv_mix, mb, mp, mc = mix["server"], mix["bare"], mix["bare_parse"], mix["crawl"]
        rows += [
            [f"mixed run: {n} boards over {len(srv_mix['boards'])} ATS, bare fetch", mb["seconds"], total / mb["seconds"], _x(1.0), None, f"{srv_mix['responses']:,} answers, {srv_mix['response_bytes'] / 1048576:.1f} MB"],
            ["  fetch + parse (the parser registry), no writes", mp["seconds"], total / mp["seconds"], _x(mp["ratio"]), None, f"parsers' warm-up {srv_mix.get('parsers_warmup_seconds', 0):.1f} s apart"],
            ["  crawl, index update on (start-up included)", mc["seconds"], total / mc["seconds"], _x(mix["ratio_including_startup"]), mc["peak_mb"]],
            ["    x (fetch + parse), start-up included", None, None, _x(mix["ratio_to_fetch_and_parse_including_startup"])],
            ["    x (fetch + parse), start-up excluded", None, None, _x(mix["ratio_to_fetch_and_parse_excluding_startup"])],
        ]  # fmt: skip
    print(table(("", "seconds", "offers/s", "x bare", "peak MB", ""), rows, ("", ".3f", ",.0f", "", ".0f"), "<>>>><"))
    print("\nrounds (seconds)")
    keys = list(r["rounds"][0])
    print(
        table(
            ("round", *keys),
            ([str(i + 1), *(row[k]["seconds"] for k in keys)] for i, row in enumerate(r["rounds"])),
            ("", *(".2f" for _ in keys)),
        )
    )
    print("\ncorrectness (best round)")
    for tag in ("index", "noindex", "recrawl", *(("mix",) if mix else ())):
        c = r[tag]["crawl"]
        comp, postings = c.get("companies") or {}, c["postings"]
        print(
            f"  {tag:<8} {c['files']:,} posting files (expected {total:,}), {c['raw_files']} raw responses, {comp.get('ok', '?')} companies ok, "
            f"{postings.get('new', '?')} new, {postings.get('unchanged', '?')} unchanged, {c.get('indexed')} indexed, {c['problems']} problems"
        )
        for issue in r[tag]["issues"]:
            print(f"    PROBLEM: {issue}")
    t = r["targets"]
    print("\ntargets" + ("" if t["full_size"] else f"  (the issue's targets are for 200 x 50; this run is {n} x {m})"))
    verdicts = {None: "n/a (too small to tell)", True: "PASS", False: "MISS"}
    rows = [
        [f"  {label}", f"{t[key]:.0f} MB" if key == "peak_mb" else _x(t[key]), verdicts[t[f"{key}_pass"]]]
        for _, _, key, label in TARGETS
    ]
    print(table(("", "", ""), rows))
    p = r.get("profile")
    if p:
        print(
            f"\nprofile of one more crawl under cProfile ({p['wall_seconds']:.1f} s wall, {p['total_seconds']:.1f} s profiled; {p['file']})"
        )
        print(
            table(
                ("", "s", "%"), ([f"  {k}", v, 100 * v / p["total_seconds"]] for k, v in p["steps"].items()), ("", ".2f", ".1f")
            )
        )
        functions = (
            [f"    {f['function']}", f["own_seconds"], f["cumulative_seconds"], f["calls"]] for f in p["top_own_time"][:15]
        )
        print(table(("  top functions by own time", "own s", "cum s", "calls"), functions, ("", ".2f", ".2f", ",")))
    print()
    print(machine_line(r["machine"], ("scrapy", "aiohttp", "tantivy")))


def main(argv: list[str] | None = None) -> int:
    parser = arguments(
        "Offers/second of `jobboard crawl` end to end against a bare aiohttp fetch, in one run.",
        seed=42,
        keep="put the companies files and every crawl's data dir in DIR and keep them",
    )
    parser.add_argument("--companies", type=int, default=200, help="companies, each on its own loopback address (default 200)")
    parser.add_argument("--offers", type=int, default=50, help="offers per company (default 50)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; the best one of each measurement counts (default 3)")
    parser.add_argument("--profile", action="store_true", help="also run one crawl under cProfile and print where the time went")
    parser.add_argument(
        "--mix", action="store_true", help="also time a mixed run: the companies spread over all eight ATS (bench.gen.ats)"
    )
    args = parser.parse_args(argv)
    if min(args.companies, args.offers, args.rounds) < 1:
        parser.error("--companies, --offers and --rounds must be at least 1")
    if args.companies > 250 * 250:
        parser.error("--companies: at most 62,500 loopback hosts")
    result = run(args)
    saved = save(result, f"crawl-{args.companies}x{args.offers}")
    emit(result, args.json, _print_report)
    if saved and not args.json:
        print(f"results saved to {saved.relative_to(ROOT) if saved.is_relative_to(ROOT) else saved}")
    failed = any(result[tag]["issues"] for tag in ("index", "noindex", "recrawl", "mix") if tag in result)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
