"""Accuracy of the parsers on hand-labelled real-world postings, field by field.

Compares each labelled field of the given folders (default ``tests/realworld``) with the golden tests' semantics
(``tests/golden.py``) and reports the share right overall, per field and field class, per format and per language,
then every miss. ``--all`` measures every golden set (realworld, heldout, heldout2, labelled) on its own: a line
each, then each one's report. A rejected case counts all its fields wrong. Exit 0 whatever the accuracy:
tests/test_accuracy.py judges.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: the repository root, for `tests.…`

from bench._common import table
from tests.golden import LABELLED, REALWORLD, Accuracy, Tally, measure

# Every golden set, measured apart (their figures are not comparable: see each folder's README).
GOLDEN_SETS = {
    "realworld": REALWORLD,
    "heldout": REALWORLD.parent / "heldout",
    "heldout2": REALWORLD.parent / "heldout2",
    "labelled": LABELLED,
}


def _table(title: str, bucket: dict[str, Tally]) -> list[str]:
    ranked = sorted(bucket.items(), key=lambda kv: (kv[1].percent, kv[0]))
    rows = ([f"  {key}", f"{t.percent:5.1f}%", f"{t.right:>4}/{t.total:<4}"] for key, t in ranked)
    return [f"{title}:", table(("", "", ""), rows)]


def _short(value: Any, limit: int = 110) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render(accuracy: Accuracy, folders: list[Path], misses: int | None) -> str:
    overall = accuracy.overall
    lines = [
        f"folders: {', '.join(str(f) for f in folders)}",
        f"cases: {accuracy.cases}, labelled records: {accuracy.records}, rejected cases: {len(accuracy.rejected)}",
        f"overall: {overall.percent:.1f}% ({overall.right}/{overall.total} labelled fields right)",
        f"required fields only: {accuracy.required.percent:.1f}% ({accuracy.required.right}/{accuracy.required.total})",
        "",
        *_table("per field class", accuracy.classes),
        "",
        *_table("per field", accuracy.fields),
        "",
        *_table("per format", accuracy.formats),
        "",
        *_table("per language", accuracy.languages),
    ]
    if accuracy.rejected:
        lines += ["", "rejected:", *(f"  {case}: {reason}" for case, reason in accuracy.rejected)]
    shown = accuracy.misses if misses is None else accuracy.misses[:misses]
    lines += ["", f"misses ({len(accuracy.misses)}, case / record / field: got | want):"]
    for miss in shown:
        lines.append(f"  {miss.case} #{miss.record} {miss.field}: {_short(miss.got)} | {_short(miss.want)}")
    if len(shown) < len(accuracy.misses):
        lines.append(f"  ... {len(accuracy.misses) - len(shown)} more (--misses to show them)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    help_dir = "folder of <case>.<ext> + <case>.expected.json (repeatable; default tests/realworld)"
    parser.add_argument("--dir", dest="dirs", action="append", type=Path, help=help_dir)
    parser.add_argument("--json", action="store_true", help="print the whole report as one JSON object")
    parser.add_argument("--misses", type=int, default=None, help="show at most N misses in the text report")
    parser.add_argument("--all", action="store_true", help="measure every golden set apart: " + ", ".join(GOLDEN_SETS))
    args = parser.parse_args(argv)
    if args.all:
        if args.dirs:
            parser.error("--all and --dir exclude each other")
        return _report_all(args.json, args.misses)
    folders: list[Path] = args.dirs or [REALWORLD]
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        parser.error(f"not a folder: {', '.join(missing)}")
    accuracy = measure(folders)
    if args.json:
        print(json.dumps({"folders": [str(f) for f in folders], **accuracy.as_dict()}, ensure_ascii=False, default=str))
    else:
        print(render(accuracy, folders, args.misses))
    return 0


def _report_all(as_json: bool, misses: int | None) -> int:
    """Each golden set's summary line, then its report (or one JSON object keyed by set)."""
    measured = {name: measure([folder]) for name, folder in GOLDEN_SETS.items()}
    if as_json:
        print(json.dumps({name: acc.as_dict() for name, acc in measured.items()}, ensure_ascii=False, default=str))
        return 0
    rows = (
        [f"  {name}", f"{acc.overall.percent:5.1f}%", f"{acc.overall.right:>5}/{acc.overall.total:<5}", f"{acc.cases} cases"]
        for name, acc in measured.items()
    )
    print("\n".join(["golden sets:", table(("", "", "", ""), rows)]))
    for name, acc in measured.items():
        print(f"\n=== {name}\n" + render(acc, [GOLDEN_SETS[name]], misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
