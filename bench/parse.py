"""Throughput of ``jobboard parse``'s code path against the bare cost of ``frontmatter.load``.

Generates N realistic postings in the four formats (``bench.gen.files``), warms
up (the first call loads the skills vocabulary and the gazetteer; timed and
printed separately), then times, over ``--repeat`` rounds in one process:

* bare: ``frontmatter.load(path)`` on every file (read the file, split and parse
  YAML frontmatter; other files just come back as content);
* normalize: ``parse_file(path)`` (read, decode, detect, parse, normalize) and
  ``record.model_dump_json()`` for every record, which is what ``jobboard parse``
  does per file before writing the line out.

The two passes alternate which goes first between rounds; the best round of
each is reported, overall and per format, with the targets from issue 13: at
least 2,000 postings/s on one core and a warm-up (the lazy loads and the first
parse of each format) under 0.5 s; and the older one of at most 3x the bare load.

    python bench/parse.py [--n 4000] [--seed 42] [--repeat 3] [--keep DIR] [--json]

Exit status 1 when any file failed to parse (the generated corpus should give
none), else 0, whether or not the targets are met.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: the repository root, for `bench.…`

from bench._common import emit, machine, machine_line, peak_rss_mb, pin_to_one_cpu, ratio
from bench.gen import files

RATIO_TARGET = 3.0
RATE_TARGET = 2000.0
WARMUP_TARGET = 0.5  # seconds: the lazy loads and the first parse of each format
MAX_ERROR_SAMPLES = 10


# ---------------------------------------------------------------- passes


def _bare_pass(items: list[tuple[Path, str]], load: Callable[[Path], Any]) -> dict[str, Any]:
    pc = time.perf_counter
    per = {fmt: 0.0 for _, fmt in items}
    errors: list[dict[str, str]] = []
    gc.collect()
    start = pc()
    for path, fmt in items:
        t0 = pc()
        try:
            load(path)
        except Exception as exc:  # counted and reported, never fatal
            errors.append({"file": str(path), "error": f"{type(exc).__name__}: {exc}"[:300]})
        per[fmt] += pc() - t0
    total = pc() - start
    return {"seconds": total, "per_format": per, "errors": errors}


def _normalize_pass(
    items: list[tuple[Path, str]], parse_file: Callable[[Path], list[Any]], parse_error: type[Exception]
) -> dict[str, Any]:
    pc = time.perf_counter
    parse_time = {fmt: 0.0 for _, fmt in items}
    json_time = {fmt: 0.0 for _, fmt in items}
    records = {fmt: 0 for _, fmt in items}
    errors: list[dict[str, str]] = []
    out_bytes = 0
    gc.collect()
    start = pc()
    for path, fmt in items:
        t0 = pc()
        try:
            found = parse_file(path)
        except parse_error as exc:
            errors.append({"file": str(path), "error": f"ParseError: {exc}"[:300]})
            found = []
        except Exception as exc:  # parse_file promises ParseError only; a surprise is a finding, not a crash
            errors.append({"file": str(path), "error": f"unexpected {type(exc).__name__}: {exc}"[:300]})
            found = []
        t1 = pc()
        try:
            for record in found:
                out_bytes += len(record.model_dump_json()) + 1
        except Exception as exc:
            errors.append({"file": str(path), "error": f"serialization {type(exc).__name__}: {exc}"[:300]})
        t2 = pc()
        parse_time[fmt] += t1 - t0
        json_time[fmt] += t2 - t1
        records[fmt] += len(found)
    total = pc() - start
    return {
        "seconds": total,
        "parse_seconds": sum(parse_time.values()),
        "json_seconds": sum(json_time.values()),
        "parse_per_format": parse_time,
        "json_per_format": json_time,
        "records": records,
        "output_bytes": out_bytes,
        "errors": errors,
    }


def _lazy_loads() -> dict[str, float | None]:
    """Time the parser's one-off loads; None when this version of the parser has no such loader."""
    import importlib

    timings: dict[str, float | None] = {}
    for label, module, name in (("skills vocabulary", "parsers.skills", "vocabulary"), ("gazetteer", "parsers.geo", "gazetteer")):
        loader = getattr(importlib.import_module(module), name, None)
        if loader is None:
            timings[label] = None
            continue
        t0 = time.perf_counter()
        loader()
        timings[label] = time.perf_counter() - t0
    return timings


# ---------------------------------------------------------------- machine


def _machine(pinned: int | None) -> dict[str, Any]:
    info = machine(pinned, ("pydantic", "PyYAML"))
    import yaml

    info["libyaml"] = bool(getattr(yaml, "__with_libyaml__", False))
    return info


# ---------------------------------------------------------------- report


def run(args: argparse.Namespace) -> dict[str, Any]:
    pc = time.perf_counter
    pinned = None if args.no_pin else pin_to_one_cpu()

    t0 = pc()
    import frontmatter

    from parsers import ParseError, iter_posting_files, parse_file

    import_seconds = pc() - t0

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="jobboard-bench-"))
    try:
        t0 = pc()
        generated = files.write(args.n, args.seed, workdir, formats)
        generate_seconds = pc() - t0
        # The files as `jobboard parse DIR` would find them; anything else already in --keep DIR is left out.
        wanted = set(generated)
        discovered = [p for p in iter_posting_files([workdir]) if p in wanted]
        ignored = sum(1 for p in iter_posting_files([workdir]) if p not in wanted)
        if len(discovered) != len(generated):
            raise SystemExit(f"bench: iter_posting_files found {len(discovered)} of the {len(generated)} generated files")
        items = [(p, files.format_of(p) or "?") for p in discovered]
        order = [f for f in files.FORMATS if any(fmt == f for _, fmt in items)]
        sizes = {f: 0 for f in order}
        counts = {f: 0 for f in order}
        for path, fmt in items:
            sizes[fmt] += path.stat().st_size
            counts[fmt] += 1

        # Warm-up: the two big lazy loads first, each timed on its own, then the first parse of each
        # format, which pays for what is left (extruct/lxml imports, regex compilation, caches...).
        loads = _lazy_loads()
        warm: dict[str, float] = {}
        warm_errors: list[dict[str, str]] = []
        for fmt in order:
            path = next(p for p, f in items if f == fmt)
            t0 = pc()
            try:
                for record in parse_file(path):
                    record.model_dump_json()
            except Exception as exc:
                warm_errors.append({"file": str(path), "error": f"{type(exc).__name__}: {exc}"[:300]})
            warm[fmt] = pc() - t0
        t0 = pc()
        frontmatter.load(items[0][0])
        bare_warm = pc() - t0

        rounds: list[dict[str, Any]] = []
        for index in range(args.repeat):
            if index % 2 == 0:
                bare = _bare_pass(items, frontmatter.load)
                norm = _normalize_pass(items, parse_file, ParseError)
            else:
                norm = _normalize_pass(items, parse_file, ParseError)
                bare = _bare_pass(items, frontmatter.load)
            rounds.append({"order": "bare first" if index % 2 == 0 else "normalize first", "bare": bare, "normalize": norm})
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    warmup_seconds = sum(sec for sec in loads.values() if sec is not None) + sum(warm.values())
    best_bare = min((r["bare"] for r in rounds), key=lambda b: b["seconds"])
    best_norm = min((r["normalize"] for r in rounds), key=lambda n: n["seconds"])
    file_count = len(items)
    records = sum(best_norm["records"].values())
    overall = ratio(best_norm["seconds"], best_bare["seconds"])
    rate = ratio(records, best_norm["seconds"])

    per_format = {}
    for fmt in order:
        n = counts[fmt]
        bare_s = best_bare["per_format"][fmt]
        parse_s = best_norm["parse_per_format"][fmt]
        json_s = best_norm["json_per_format"][fmt]
        per_format[fmt] = {
            "files": n,
            "records": best_norm["records"][fmt],
            "bytes_per_file": sizes[fmt] / n,
            "bare_us_per_file": 1e6 * bare_s / n,
            "parse_us_per_file": 1e6 * parse_s / n,
            "json_us_per_file": 1e6 * json_s / n,
            "normalize_us_per_file": 1e6 * (parse_s + json_s) / n,
            "ratio": ratio(parse_s + json_s, bare_s),
            "share_of_normalize_time": ratio(parse_s + json_s, best_norm["parse_seconds"] + best_norm["json_seconds"]),
        }

    # Parsing is deterministic, so every round meets the same errors: report one round's.
    all_errors = best_norm["errors"]
    bare_errors = best_bare["errors"]
    return {
        "config": {
            "n": args.n,
            "seed": args.seed,
            "repeat": args.repeat,
            "formats": order,
            "dir": str(workdir) if args.keep else None,
        },
        "corpus": {
            "files": file_count,
            "records": records,
            "bytes": sum(sizes.values()),
            "generate_seconds": generate_seconds,
            "ignored_files_in_dir": ignored,
        },
        "warmup": {
            "import_seconds": import_seconds,
            "lazy_load_seconds": loads,
            "first_parse_seconds": warm,
            "first_parse_total_seconds": sum(warm.values()),
            "first_frontmatter_load_seconds": bare_warm,
            "total_seconds": warmup_seconds,
            "errors": warm_errors,
        },
        "rounds": [
            {
                "order": r["order"],
                "bare_seconds": r["bare"]["seconds"],
                "normalize_seconds": r["normalize"]["seconds"],
                "parse_seconds": r["normalize"]["parse_seconds"],
                "json_seconds": r["normalize"]["json_seconds"],
            }
            for r in rounds
        ],
        "bare": {"seconds": best_bare["seconds"], "files_per_second": ratio(file_count, best_bare["seconds"])},
        "normalize": {
            "seconds": best_norm["seconds"],
            "parse_seconds": best_norm["parse_seconds"],
            "json_seconds": best_norm["json_seconds"],
            "files_per_second": ratio(file_count, best_norm["seconds"]),
            "records_per_second": rate,
            "parse_only_records_per_second": ratio(records, best_norm["parse_seconds"]),
            "output_bytes": best_norm["output_bytes"],
        },
        "ratio": overall,
        "ratio_parse_only": ratio(best_norm["parse_seconds"], best_bare["seconds"]),
        "per_format": per_format,
        "errors": {
            "parse": len(all_errors),
            "bare": len(bare_errors),
            "warmup": len(warm_errors),
            "samples": (warm_errors + all_errors + bare_errors)[:MAX_ERROR_SAMPLES],
        },
        "targets": {
            "ratio_max": RATIO_TARGET,
            "ratio": overall,
            "ratio_pass": overall <= RATIO_TARGET,
            "records_per_second_min": RATE_TARGET,
            "records_per_second": rate,
            "rate_pass": rate >= RATE_TARGET,
            "warmup_seconds_max": WARMUP_TARGET,
            "warmup_seconds": warmup_seconds,
            "warmup_pass": warmup_seconds <= WARMUP_TARGET,
        },
        "machine": _machine(pinned),
        "peak_rss_mb": peak_rss_mb(),
    }


def _print_report(r: dict[str, Any]) -> None:
    c, w, b, n = r["corpus"], r["warmup"], r["bare"], r["normalize"]
    cfg = r["config"]
    rows = len(r["rounds"])
    print(f"jobboard parse benchmark: seed {cfg['seed']}, {rows} round{'s' if rows != 1 else ''}, best round of each pass")
    where = f" in {cfg['dir']}" if cfg["dir"] else " (temp dir, removed)"
    print(
        f"corpus: {c['files']} files, {c['records']} records, {c['bytes'] / 1048576:.1f} MB{where}; generated in {c['generate_seconds']:.2f} s"
    )
    if c["ignored_files_in_dir"]:
        print(f"        ({c['ignored_files_in_dir']} other files in the folder were left out)")
    print()
    first = ", ".join(f"{fmt} {sec * 1000:.0f} ms" for fmt, sec in w["first_parse_seconds"].items())
    print("warm-up (excluded from the figures below)")
    print(f"  import parsers + frontmatter   {w['import_seconds'] * 1000:8.0f} ms")
    for name, sec in w["lazy_load_seconds"].items():
        print(f"  {name:<30} {sec * 1000:8.0f} ms" if sec is not None else f"  {name:<30}   (not found)")
    print(f"  first parse per format         {w['first_parse_total_seconds'] * 1000:8.0f} ms  ({first})")
    print(f"  first frontmatter.load         {w['first_frontmatter_load_seconds'] * 1000:8.1f} ms")
    print(f"  lazy loads + first parses      {w['total_seconds'] * 1000:8.0f} ms")
    print()
    print(f"{'steady state':<34}{'files/s':>10}{'records/s':>11}{'seconds':>10}")
    print(f"{'bare: frontmatter.load':<34}{b['files_per_second']:>10,.0f}{'-':>11}{b['seconds']:>10.3f}")
    print(
        f"{'normalize: parse_file + json':<34}{n['files_per_second']:>10,.0f}{n['records_per_second']:>11,.0f}{n['seconds']:>10.3f}"
    )
    print(f"{'  of which parse_file':<34}{'':>10}{n['parse_only_records_per_second']:>11,.0f}{n['parse_seconds']:>10.3f}")
    print(f"{'  of which model_dump_json':<34}{'':>10}{'':>11}{n['json_seconds']:>10.3f}")
    print(f"ratio normalize / bare: {r['ratio']:.2f}x  (parse_file alone {r['ratio_parse_only']:.2f}x)")
    rounds = ", ".join(f"{x['bare_seconds']:.3f}/{x['normalize_seconds']:.3f}" for x in r["rounds"])
    print(f"rounds (bare/normalize s): {rounds}")
    print()
    head = f"{'format':<12}{'files':>6}{'records':>8}{'KB/file':>8}{'bare us':>9}{'parse us':>10}{'json us':>9}{'total us':>10}{'ratio':>8}{'share':>7}"
    print("per format (microseconds per file)")
    print(head)
    for fmt, p in r["per_format"].items():
        print(
            f"{fmt:<12}{p['files']:>6}{p['records']:>8}{p['bytes_per_file'] / 1024:>8.1f}{p['bare_us_per_file']:>9.0f}"
            f"{p['parse_us_per_file']:>10.0f}{p['json_us_per_file']:>9.0f}{p['normalize_us_per_file']:>10.0f}"
            f"{p['ratio']:>7.1f}x{p['share_of_normalize_time'] * 100:>6.0f}%"
        )
    print()
    t = r["targets"]
    print("targets")
    print(f"  normalize <= {t['ratio_max']:.1f}x bare             {t['ratio']:>8.2f}x   {'PASS' if t['ratio_pass'] else 'MISS'}")
    print(
        f"  >= {t['records_per_second_min']:,.0f} postings/s on one core   {t['records_per_second']:>8,.0f}/s  {'PASS' if t['rate_pass'] else 'MISS'}"
    )
    print(
        f"  warm-up <= {t['warmup_seconds_max'] * 1000:,.0f} ms              {t['warmup_seconds'] * 1000:>8,.0f} ms  {'PASS' if t['warmup_pass'] else 'MISS'}"
    )
    print()
    e = r["errors"]
    print(f"errors: {e['parse']} parse errors per round, {e['bare']} baseline errors per round, {e['warmup']} during warm-up")
    for sample in e["samples"]:
        print(f"  {sample['file']}: {sample['error']}")
    print(machine_line(r["machine"], ("pydantic",)) + f", libyaml {'yes' if r['machine']['libyaml'] else 'no'}")
    if r["peak_rss_mb"] is not None:
        print(f"peak RSS: {r['peak_rss_mb']:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Records/second of `jobboard parse` against bare frontmatter.load, in one run.")
    parser.add_argument("--n", type=int, default=4000, help="postings to generate (default 4000)")
    parser.add_argument("--seed", type=int, default=42, help="corpus seed (default 42)")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds of each pass; the best one counts (default 3)")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it (default: a temp dir, removed afterwards)")
    parser.add_argument("--formats", default=",".join(files.FORMATS), help="comma-separated subset of the four formats")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--no-pin", action="store_true", help="do not pin the process to one CPU")
    args = parser.parse_args(argv)
    if args.n < 1 or args.repeat < 1:
        parser.error("--n and --repeat must be at least 1")
    try:
        result = run(args)
    except ValueError as exc:  # an unknown --formats name
        parser.error(str(exc))
    emit(result, args.json, _print_report)
    return 1 if result["errors"]["parse"] or result["errors"]["warmup"] else 0


if __name__ == "__main__":
    sys.exit(main())
