"""Look at what the generator makes: ``python -m bench.gen records|files|board ...`` from the repository root."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from bench.gen import files, records, world


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gen", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    shown = commands.add_parser("records", help="print Posting records as JSON lines")
    written = commands.add_parser("files", help="write postings in the four input formats into a folder")
    served = commands.add_parser("board", help="print one company's Recruitee /api/offers/ answer")
    for command, n, seed in ((shown, ("--n", 3), 7), (written, ("--n", 100), 42), (served, ("--offers", 5), 42)):
        command.add_argument(n[0], type=int, default=n[1], help=f"how many (default {n[1]})")
        command.add_argument("--seed", type=int, default=seed, help=f"random seed (default {seed})")
    written.add_argument("--out", required=True, help="output folder (created if missing)")
    written.add_argument("--formats", default=",".join(files.FORMATS), help="comma-separated subset of the formats")
    served.add_argument("--company", type=int, default=0, help="which company of the seed's list (default 0)")
    served.add_argument("--site", default="", help="the careers site's origin (default: the company's Recruitee one)")
    args = parser.parse_args(argv)
    if args.command == "records":
        if unknown := world.unknown_skills():
            print(f"warning: tags the vocabulary does not know: {unknown}", file=sys.stderr)
        for record in records.generate(args.n, args.seed):
            print(record.model_dump_json())
    elif args.command == "files":
        try:
            paths = files.write(args.n, args.seed, args.out, [f.strip() for f in args.formats.split(",") if f.strip()])
        except ValueError as exc:
            parser.error(str(exc))
        print(f"wrote {len(paths)} files ({sum(p.stat().st_size for p in paths) / 1024:.0f} KB) to {args.out}", file=sys.stderr)
    else:
        company = world.employers(args.company + 1, args.seed)[args.company]
        board = files.board(company, args.offers, args.seed, args.site or f"https://{company.slug}.recruitee.com")
        print(json.dumps(board, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
