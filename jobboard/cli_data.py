"""``jobboard dump``, ``jobboard load`` and ``jobboard stats``: the board's data in and out, and a look at it.

Kept apart from ``jobboard/cli.py`` so the data commands can grow without touching the main parser;
``build_parser`` calls ``add_commands``.
"""

from __future__ import annotations

import argparse
import json
import sys

from pydantic import ValidationError

from core.settings import get_settings
from index.base import SearchQuery
from jobboard.cli import add_filter_arguments, filter_values
from jobboard.dumps import FORMATS, DumpError


def _query_from(args: argparse.Namespace) -> SearchQuery:
    from jobboard.dumps import dump_query

    try:
        return dump_query(**filter_values(args), include_archived=args.include_archived)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        raise DumpError(f"invalid filter {where}: {first['msg']}") from None


def _cmd_dump(args: argparse.Namespace) -> int:
    from index import open_index
    from jobboard.dumps import format_for, write_dump

    query = _query_from(args)
    out = args.out or "-"
    fmt = args.format or (format_for(out) if out != "-" else "ndjson")
    index = open_index(get_settings())
    try:
        count = write_dump(index, query, out, fmt)
    finally:
        index.close()
    where = "stdout" if out == "-" else out
    print(f"dumped {count} postings to {where} ({fmt})", file=sys.stderr)
    return 0


def _cmd_load(args: argparse.Namespace) -> int:
    from index import open_index
    from jobboard.dumps import load_dump

    def report(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.force and not args.rebuild:
        raise DumpError("--force only applies to --rebuild (a plain load always loads the good records)")
    index = open_index(get_settings())
    try:
        result = load_dump(index, args.file, rebuild=args.rebuild, force=args.force, on_problem=report)
        total = index.count()
    finally:
        index.close()
    verb = "rebuilt the index from" if args.rebuild else "loaded"
    print(
        f"{verb} {result.loaded} postings from {args.file}; {result.bad} damaged lines skipped; {total} searchable (archived ones hidden)",
        file=sys.stderr,
    )
    return 1 if result.bad else 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from index import open_index
    from jobboard.stats import collect_stats, render_stats

    settings = get_settings()
    index = open_index(settings)
    try:
        stats = collect_stats(index, settings.crawls_dir)
    finally:
        index.close()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
    else:
        print(render_stats(stats))
    return 0


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``dump``, ``load`` and ``stats`` to the main parser's subcommands."""
    d = commands.add_parser(
        "dump",
        help="write the indexed records as JSON lines (or one JSON document), archived ones included",
        description="Records come newest first, then by id, after a header naming the record schema version, "
        "so the same index always gives the same bytes. A name ending in .gz is gzip-compressed.",
    )
    add_filter_arguments(d)
    d.add_argument("--out", metavar="FILE", help="where to write ('-' or none: stdout); .gz compresses")
    d.add_argument("--format", choices=FORMATS, help="ndjson (default) or json; default from the file name (.json, .json.gz)")
    archived = d.add_mutually_exclusive_group()
    archived.add_argument(
        "--include-archived",
        dest="include_archived",
        action="store_true",
        default=True,
        help="include archived postings (default)",
    )
    archived.add_argument("--active-only", dest="include_archived", action="store_false", help="leave archived postings out")
    d.set_defaults(handler=_cmd_dump)

    lo = commands.add_parser(
        "load",
        help="read a dump back into the index (damaged lines are reported and skipped)",
        description="Reads ndjson or json dumps, gzip or not, and headerless record lines such as `jobboard parse` prints. "
        "Exit status 1 when any line was damaged (the others are loaded; with --rebuild the index is left as it was "
        "unless --force), 2 when the file is not a loadable dump.",
    )
    lo.add_argument("file", metavar="FILE", help="a dump written by `jobboard dump`")
    lo.add_argument("--rebuild", action="store_true", help="replace the index with the dump's records (swapped in atomically)")
    lo.add_argument(
        "--force", action="store_true", help="with --rebuild: swap in the good records even when some lines were damaged"
    )
    lo.set_defaults(handler=_cmd_load)

    st = commands.add_parser("stats", help="postings by company, hashtag, country and role; added and archived per day")
    st.add_argument("--json", action="store_true", help="everything as one JSON object")
    st.set_defaults(handler=_cmd_stats)
