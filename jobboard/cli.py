"""The one command line: ``jobboard <command>``. Later issues add commands here."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from jobboard.errors import JobboardError
from jobboard.settings import get_settings


def _cmd_parse(args: argparse.Namespace) -> int:
    from parsers import ParseError, iter_posting_files, parse_file

    settings = get_settings()
    max_bytes = int(settings.max_file_mb * 1024 * 1024)
    paths = args.paths or [str(settings.samples_dir)]
    failed = 0
    out = sys.stdout
    for raw in paths:
        if not os.path.exists(raw):
            print(f"{raw}: no such file or directory", file=sys.stderr)
            failed += 1
    for path in iter_posting_files(p for p in paths if os.path.exists(p)):
        try:
            records = parse_file(path, max_bytes=max_bytes)
        except ParseError as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            failed += 1
            continue
        for record in records:
            out.write(record.model_dump_json())
            out.write("\n")
    out.flush()
    return 1 if failed else 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from parsers.record import posting_json_schema

    target = Path(args.out) if args.out else get_settings().data_dir / "schema" / "posting.schema.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(posting_json_schema(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jobboard", description="Crawl, normalize and search job postings.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = commands.add_parser("parse", help="normalize posting files and print one JSON record per line")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the samples folder)")
    p.set_defaults(handler=_cmd_parse)

    s = commands.add_parser("schema", help="write the record's JSON Schema (default data/schema/posting.schema.json)")
    s.add_argument("--out", help="where to write the schema")
    s.set_defaults(handler=_cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except JobboardError as exc:
        print(f"jobboard: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
