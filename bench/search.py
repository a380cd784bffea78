"""Index build rate and query latency of the tantivy backend, next to the bare engine.

Generates N realistic ``Posting`` records directly (``bench.gen.records``; timed
apart, excluded), builds the index through the project's interface
(``TantivyIndex(dir).rebuild(records)``) and reports postings/s and the size on
disk. Then, on that index, it times the four kinds of query of ``bench.gen.queries``,
each through the interface and made directly on the bare engine in the same run (the floor):

i.   1-2 words of free text: ``search(SearchQuery(q=...))``;
ii.  free text plus a hashtag and a country: ``search(SearchQuery(q, hashtags, location))``;
iii. a hashtag, newest first: ``search(SearchQuery(hashtags=[...], sort="date"))``;
iv.  the facets of a free-text query: ``facets(SearchQuery(q=..., facet_size=10))``.

For (i)-(iii) the interface runs with ``facet_size=0`` so that it answers what
the floor answers (a page of 20 hits and the total); the same queries with the
default ``facet_size=10`` (what ``jobboard search`` sends, so the facets come
back with every page) are timed as well and reported beside them.

The floor opens ``tantivy.Index(schema, path=...)`` on the same folder, keeps one
searcher, builds the plain equivalent query with ``tantivy.Query`` (each word,
stemmed like the ``en_stem`` fields, a term on title/company/summary/description
with the interface's boosts; terms on ``hashtags`` and ``location_keys``; the
``archived`` filter), searches with the same limit and count, and fetches the
stored document of every hit, but does not validate the stored records. For
(iv) it calls ``searcher.aggregate`` with the same terms aggregations.

Facets before and after, in the same run and on the same folder: "interface" counts facets the current
way (a result set larger than ``index.facets.EXACT_UP_TO`` postings over a sample, marked approximate),
"exact (before)" counts every set exactly as the index did before (``TantivyIndex(facet_exact_up_to=None)``);
both with the facet cache off, since the warm-up round would otherwise fill it and every timed call would be a
hit. The cache's own effect is the "cached" path (a repeated query). For (iv) the plain search of the same
queries (``facet_size=0``) is timed too: the target is facets at most 1.5x of it at p95, and (i)-(iii) with
default facets under 10 ms at p95.

A third column, "engine+built", runs the interface's own query object
(``TantivyIndex._build``) with the interface's search arguments on the floor's
searcher, fetching docs the same way: the difference to the floor is the cost
of the query's shape (prefix clauses, skill boosts, ``weight_by_field``), the
difference to the interface is Python (record validation, highlighting,
reloading the reader, pydantic models).

Each query is warmed up once on every path, then the paths take turns per query
(the order alternates), so drift hits them alike. Targets from the issue: build
at least 10,000 postings/s; p95 under 5 ms for (i)-(iii) and under 10 ms for
(iv); the interface at most 3x the bare engine (at p50).

    python bench/search.py [--n 100000] [--seed 7] [--queries 300] [--keep DIR] [--json] [--no-pin]

Like ``bench/parse.py`` it pins itself to one CPU unless ``--no-pin``. Exit 0
unless something crashed (the targets do not change the status).
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: the repository root, for `bench.…`

from bench._common import emit, machine, machine_line, peak_rss_mb, percentile, pin_to_one_cpu, ratio
from bench.gen import records
from bench.gen.queries import KINDS, specs

BUILD_TARGET = 10_000.0
BARE_BUILD_MAX = 20_000  # postings in the engine-only build floor (its documents are all held in memory)
P95_TARGET_MS = {"i": 5.0, "ii": 5.0, "iii": 5.0, "iv": 10.0}
FACETS_TO_SEARCH_MAX = 1.5  # facets of a query at most this many times its plain search, at p95
DEFAULT_FACETS_P95_MS = 10.0  # (i)-(iii) with default facets
RATIO_TARGET = 3.0
LIMIT = 20
_PACKAGES = ("tantivy", "pydantic")


# ---------------------------------------------------------------- the bare engine


class Bare:
    """The same questions asked of tantivy directly: one searcher, plain queries, stored docs fetched."""

    def __init__(self, path: Path, schema: Any) -> None:
        import tantivy

        self.t = tantivy
        self.schema = schema
        self.index = tantivy.Index(schema, path=str(path), reuse=True)
        self.searcher = self.index.searcher()
        self.analyzer = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stemmer("english"))
            .build()
        )
        self.fields = (("title", 3.0), ("company_text", 2.0), ("summary", 1.5), ("description", 1.0))
        self.not_archived = tantivy.Query.range_query(schema, "archived", tantivy.FieldType.Integer, 0, 0)
        self.aggs = {
            name: {"terms": {"field": field, "size": 10}}
            for name, field in (
                ("hashtags", "hashtags"),
                ("countries", "country"),
                ("cities", "city"),
                ("roles", "role"),
                ("seniorities", "seniority"),
                ("workplaces", "workplace"),
                ("companies", "company"),
                ("employment_types", "employment_type"),
            )
        }

    def query(self, spec: dict[str, Any]) -> Any:
        Q, Occur = self.t.Query, self.t.Occur
        must = []
        for word in (spec.get("q") or "").split():
            options = [
                Q.boost_query(Q.term_query(self.schema, field, token), boost)
                for token in self.analyzer.analyze(word)
                for field, boost in self.fields
            ]
            if options:
                must.append(Q.boolean_query([(Occur.Should, o) for o in options]))
        for tag in spec.get("hashtags") or []:
            must.append(Q.term_query(self.schema, "hashtags", tag))
        if spec.get("location"):
            must.append(Q.term_query(self.schema, "location_keys", spec["location"].lower()))
        must.append(self.not_archived)
        return Q.boolean_query([(Occur.Must, m) for m in must])

    def search(self, query: Any, by_date: bool, **extra: Any) -> int:
        if by_date:
            result = self.searcher.search(
                query, limit=LIMIT, count=True, order_by_field="posted", order=self.t.Order.Desc, **extra
            )
        else:
            result = self.searcher.search(query, limit=LIMIT, count=True, **extra)
        for _, address in result.hits:
            self.searcher.doc(address).get_first("record")
        return len(result.hits)

    def aggregate(self, query: Any) -> dict[str, Any]:
        return self.searcher.aggregate(query, self.aggs)


def _bare_build(index: Any, sample: list[Any], root: Path, threads: int) -> dict[str, Any]:
    """The engine's own indexing rate: the interface's documents made beforehand, then only add + commit."""
    import tantivy

    docs = [index._document(r) for r in sample]
    path = root / f"bare-build-{threads}"
    path.mkdir()
    try:
        engine = tantivy.Index(index.schema, path=str(path))
        writer = engine.writer(heap_size=64_000_000, num_threads=threads)
        gc.collect()
        t0 = time.perf_counter()
        for doc in docs:
            writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        seconds = time.perf_counter() - t0
    finally:
        shutil.rmtree(path, ignore_errors=True)
    return {"postings": len(docs), "threads": threads, "seconds": seconds, "postings_per_second": len(docs) / seconds}


# ---------------------------------------------------------------- timing


def _summary(samples: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in samples]
    return {
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "p99_ms": percentile(ms, 99),
        "mean_ms": sum(ms) / len(ms),
        "max_ms": max(ms),
    }


def _time_paths(paths: dict[str, list[Callable[[], Any]]]) -> dict[str, list[float]]:
    """Run the i-th call of every path in turn (rotating who goes first); one warm-up round before."""
    names = list(paths)
    count = len(next(iter(paths.values())))
    for name in names:
        for call in paths[name]:
            call()
    pc = time.perf_counter
    out: dict[str, list[float]] = {name: [] for name in names}
    gc.collect()
    for i in range(count):
        shift = i % len(names)
        for name in names[shift:] + names[:shift]:
            t0 = pc()
            paths[name][i]()
            out[name].append(pc() - t0)
    return out


def _dir_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


# ---------------------------------------------------------------- run


def run(args: argparse.Namespace) -> dict[str, Any]:
    pc = time.perf_counter
    pinned = None if args.no_pin else pin_to_one_cpu()

    t0 = pc()
    from index.base import SearchQuery
    from index.tantivy_backend import TantivyIndex

    import_seconds = pc() - t0

    t0 = pc()
    corpus = list(records.generate(args.n, args.seed))
    generate_seconds = pc() - t0
    stats = {
        "records": len(corpus),
        "companies": len({r.company.name for r in corpus}),
        "distinct_hashtags": len({t for r in corpus for t in r.hashtags}),
        "archived": sum(r.archived for r in corpus),
        "with_salary": sum(r.salary is not None for r in corpus),
        "description_bytes_mean": sum(len(r.description.encode()) for r in corpus) / len(corpus),
    }
    companies = sorted({r.company.name or "" for r in corpus})

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="jobboard-search-bench-"))
    try:
        index = TantivyIndex(root)
        gc.collect()
        t0 = pc()
        built = index.rebuild(corpus)
        build_seconds = pc() - t0
        version = index.current.resolve()
        size_bytes, size_files = _dir_size(version)
        engine_build = [_bare_build(index, corpus[:BARE_BUILD_MAX], root, threads) for threads in (1, 2)]
        del corpus
        gc.collect()

        # Warm the interface's lazy loads (skills vocabulary, gazetteer, analyzer) outside the timings.
        t0 = pc()
        index.search(SearchQuery.model_validate({"q": "python", "location": "DE", "hashtags": ["python"]}))
        first_search_seconds = pc() - t0

        bare = Bare(version, index.schema)
        # Three views of the same folder: facets as they are counted now, exactly as before, and with the cache.
        after = TantivyIndex(root, facet_cache_size=0)
        before = TantivyIndex(root, facet_exact_up_to=None, facet_cache_size=0)
        cached = TantivyIndex(root)
        kinds: dict[str, Any] = {}
        totals: dict[str, list[int]] = {}
        for kind, items in specs(args.queries, args.seed, companies).items():
            queries = [SearchQuery.model_validate(spec) for spec in items]
            bare_queries = [bare.query(spec) for spec in items]
            built_queries = [index._build(q) for q in queries]
            paths: dict[str, list[Callable[[], Any]]] = {}
            if kind == "iv":
                paths["interface"] = [partial(after.facets, q) for q in queries]
                paths["bare"] = [partial(bare.aggregate, b) for b in bare_queries]
                paths["engine+built"] = [partial(bare.aggregate, b) for b in built_queries]
                paths["exact (before)"] = [partial(before.facets, q) for q in queries]
                paths["cached"] = [partial(cached.facets, q) for q in queries]
                paths["plain search, same queries"] = [
                    partial(after.search, q.model_copy(update={"facet_size": 0})) for q in queries
                ]
            else:
                by_date = kind == "iii"
                plain = [q.model_copy(update={"facet_size": 0}) for q in queries]
                paths["interface"] = [partial(after.search, q) for q in plain]
                extra = {} if by_date else {"weight_by_field": "boost"}
                paths["bare"] = [partial(bare.search, b, by_date) for b in bare_queries]
                paths["engine+built"] = [partial(bare.search, b, by_date, **extra) for b in built_queries]
                paths["interface, default facets"] = [partial(after.search, q) for q in queries]
                paths["default facets, exact (before)"] = [partial(before.search, q) for q in queries]
                paths["default facets, cached"] = [partial(cached.search, q) for q in queries]
            timings = _time_paths(paths)
            result = {name: _summary(samples) for name, samples in timings.items()}
            inter, floor = result["interface"], result["bare"]
            if kind == "iv":
                kinds_sampled = sum(any(v.approximate for vs in after.facets(q).values() for v in vs) for q in queries)
            else:
                kinds_sampled = sum(any(v.approximate for vs in after.search(q).facets.values() for v in vs) for q in queries)
            totals[kind] = [after.search(q.model_copy(update={"facet_size": 0, "size": 1})).total for q in queries]
            kinds[kind] = {
                "label": KINDS[kind],
                "queries": len(items),
                "examples": items[:3],
                "paths": result,
                "ratio_p50": ratio(inter["p50_ms"], floor["p50_ms"]),
                "ratio_p95": ratio(inter["p95_ms"], floor["p95_ms"]),
                "approximate_queries": kinds_sampled,
            }
        for kind, counts in totals.items():
            ordered = sorted(counts)
            kinds[kind]["matches"] = {
                "median": ordered[len(ordered) // 2],
                "max": ordered[-1],
                "zero": sum(1 for c in counts if c == 0),
            }
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)

    rate = ratio(built, build_seconds)
    targets: list[dict[str, Any]] = [
        {"name": f"build >= {BUILD_TARGET:,.0f} postings/s", "value": rate, "unit": "/s", "pass": rate >= BUILD_TARGET}
    ]
    for kind, limit in P95_TARGET_MS.items():
        p95 = kinds[kind]["paths"]["interface"]["p95_ms"]
        targets.append({"name": f"({kind}) p95 < {limit:g} ms", "value": p95, "unit": "ms", "pass": p95 < limit})
    for kind in KINDS:
        to_bare = kinds[kind]["ratio_p50"]
        targets.append(
            {
                "name": f"({kind}) interface <= {RATIO_TARGET:g}x bare (p50)",
                "value": to_bare,
                "unit": "x",
                "pass": to_bare <= RATIO_TARGET,
            }
        )
    iv = kinds["iv"]["paths"]
    facet_targets = []
    for label, path in (("after", "interface"), ("before", "exact (before)")):
        to_search = ratio(iv[path]["p95_ms"], iv["plain search, same queries"]["p95_ms"])
        facet_targets.append(
            {
                "name": f"(iv) facets <= {FACETS_TO_SEARCH_MAX:g}x plain search, p95, {label}",
                "value": to_search,
                "unit": "x",
                "pass": to_search <= FACETS_TO_SEARCH_MAX,
            }
        )
    for label, path in (("after", "interface, default facets"), ("before", "default facets, exact (before)")):
        for kind in ("i", "ii", "iii"):
            p95 = kinds[kind]["paths"][path]["p95_ms"]
            facet_targets.append(
                {
                    "name": f"({kind}) default facets p95 < {DEFAULT_FACETS_P95_MS:g} ms, {label}",
                    "value": p95,
                    "unit": "ms",
                    "pass": p95 < DEFAULT_FACETS_P95_MS,
                }
            )
    informative = []
    for kind in ("i", "ii", "iii"):
        p95 = kinds[kind]["paths"]["interface, default facets"]["p95_ms"]
        limit = P95_TARGET_MS[kind]
        informative.append(
            {"name": f"({kind}) with default facets: p95 < {limit:g} ms", "value": p95, "unit": "ms", "pass": p95 < limit}
        )

    return {
        "config": {
            "n": args.n,
            "seed": args.seed,
            "queries": args.queries,
            "limit": LIMIT,
            "dir": str(root) if args.keep else None,
        },
        "corpus": {**stats, "generate_seconds": generate_seconds},
        "build": {
            "postings": built,
            "seconds": build_seconds,
            "postings_per_second": rate,
            "index_bytes": size_bytes,
            "index_files": size_files,
            "bytes_per_posting": size_bytes / built if built else 0,
            "engine_only": engine_build,
        },
        "warmup": {"import_seconds": import_seconds, "first_search_seconds": first_search_seconds},
        "kinds": kinds,
        "targets": targets,
        "informative": informative,
        "facet_targets": facet_targets,
        "machine": machine(pinned, _PACKAGES),
        "peak_rss_mb": peak_rss_mb(),
    }


def _print_report(r: dict[str, Any]) -> None:
    cfg, c, b = r["config"], r["corpus"], r["build"]
    print(
        f"jobboard search benchmark (tantivy): {cfg['n']:,} postings, seed {cfg['seed']}, {cfg['queries']} queries per kind, page of {cfg['limit']}"
    )
    print(
        f"corpus: {c['records']:,} records, {c['companies']:,} companies, {c['distinct_hashtags']} hashtags, "
        f"{c['archived']:,} archived, {c['with_salary']:,} with salary, description {c['description_bytes_mean'] / 1024:.1f} KB mean; "
        f"generated in {c['generate_seconds']:.1f} s (excluded)"
    )
    where = cfg["dir"] or "temp dir, removed"
    print(
        f"build:  TantivyIndex.rebuild {b['postings']:,} postings in {b['seconds']:.2f} s = {b['postings_per_second']:,.0f} postings/s; "
        f"index {b['index_bytes'] / 1048576:.1f} MB in {b['index_files']} files ({b['bytes_per_posting']:,.0f} B/posting; {where})"
    )
    for e in b["engine_only"]:
        print(
            f"        engine only (documents made beforehand, add + commit), {e['threads']} indexing thread{'s' if e['threads'] > 1 else ''}, "
            f"first {e['postings']:,}: {e['postings_per_second']:,.0f} postings/s"
        )
    w = r["warmup"]
    print(
        f"warm-up (excluded): import index {w['import_seconds'] * 1000:.0f} ms, first search {w['first_search_seconds'] * 1000:.0f} ms"
    )
    print()
    print("latency, ms")
    print(f"{'kind':<32}{'path':<32}{'p50':>8}{'p95':>8}{'p99':>8}{'mean':>8}{'max':>8}")
    for kind, k in r["kinds"].items():
        label = f"({kind}) {k['label']}"
        for index, (name, s) in enumerate(k["paths"].items()):
            print(
                f"{label if index == 0 else '':<32}{name:<32}{s['p50_ms']:>8.2f}{s['p95_ms']:>8.2f}{s['p99_ms']:>8.2f}"
                f"{s['mean_ms']:>8.2f}{s['max_ms']:>8.2f}"
            )
        line = f"{'':<32}interface / bare: {k['ratio_p50']:.2f}x at p50, {k['ratio_p95']:.2f}x at p95"
        if "matches" in k:
            m = k["matches"]
            line += f"; matches median {m['median']:,}, max {m['max']:,}, {m['zero']} with none"
        print(line)
        print(
            f"{'':<32}facets counted over a sample (marked approximate) for {k['approximate_queries']} of {k['queries']} queries"
        )
    print()
    print("targets")
    for t in r["targets"]:
        value = f"{t['value']:,.0f}/s" if t["unit"] == "/s" else f"{t['value']:.2f}{' ms' if t['unit'] == 'ms' else 'x'}"
        print(f"  {t['name']:<40}{value:>12}   {'PASS' if t['pass'] else 'MISS'}")
    print("as `jobboard search` calls it (facet_size=10 by default, so every page aggregates too)")
    for t in r["informative"]:
        print(f"  {t['name']:<40}{t['value']:>9.2f} ms   {'pass' if t['pass'] else 'miss'}")
    print("facets (issue 14): after = sampled when large, before = every set counted exactly; cache off in both")
    for t in r["facet_targets"]:
        value = f"{t['value']:.2f}{' ms' if t['unit'] == 'ms' else 'x'}"
        print(f"  {t['name']:<52}{value:>10}   {'PASS' if t['pass'] else 'MISS'}")
    print()
    print(machine_line(r["machine"], _PACKAGES))
    if r["peak_rss_mb"] is not None:
        print(f"peak RSS: {r['peak_rss_mb']:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Index build rate and query latency of the tantivy backend against the bare engine."
    )
    parser.add_argument("--n", type=int, default=100_000, help="postings to generate and index (default 100000)")
    parser.add_argument("--seed", type=int, default=7, help="corpus and query seed (default 7)")
    parser.add_argument("--queries", type=int, default=300, help="queries per kind (default 300)")
    parser.add_argument("--keep", metavar="DIR", help="build the index in DIR and keep it (default: a temp dir, removed)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--no-pin", action="store_true", help="do not pin the process to one CPU")
    args = parser.parse_args(argv)
    if args.n < 1 or args.queries < 1:
        parser.error("--n and --queries must be at least 1")
    emit(run(args), args.json, _print_report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
