"""Golden postings: how a ``<case>.expected.json`` is read and compared, and the accuracy it gives.

One declaration for tests/test_labelled.py (every field must match),
tests/test_accuracy.py (floors on the share that matches) and
bench/accuracy.py (the report), so a labelled value means the same thing in all
three. The key semantics are documented in tests/labelled/README.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parsers import ParseError, parse_file

LABELLED = Path(__file__).parent / "labelled"
REALWORLD = Path(__file__).parent / "realworld"
REQUIRED = {
    "title",
    "company.name",
    "location.workplace",
    "location.places",
    "role.family",
    "role.seniority",
    "hashtags",
    "employment_type",
    "experience_years",
    "salary",
    "language",
    "source.kind",
}
# Keys grouped the way a reader asks "how good is the location?"; unknown keys form their own class.
FIELD_CLASSES = {
    "title": "title",
    "company.name": "company",
    "company.website": "company",
    "location.workplace": "workplace",
    "location.places": "places",
    "location.remote_scope": "places",
    "role.family": "role",
    "role.seniority": "role",
    "hashtags": "hashtags",
    "employment_type": "employment",
    "experience_years": "experience",
    "salary": "salary",
    "language": "language",
    "source.kind": "format",
    "url": "links",
    "apply_url": "links",
    "posted_at": "dates",
    "archived": "flags",
    "featured": "flags",
    "description_contains": "description",
}
_EXPECTED_SUFFIX = ".expected.json"


def case_files(folder: Path) -> list[Path]:
    """The postings of a golden folder: every file but the expectations and the README."""
    return sorted(p for p in folder.glob("*") if p.is_file() and not p.name.endswith(_EXPECTED_SUFFIX) and p.name != "README.md")


def expected_path(case: Path) -> Path:
    return case.with_name(case.name.rsplit(".", 1)[0] + _EXPECTED_SUFFIX)


def expected_records(case: Path) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(expected_path(case).read_text(encoding="utf-8"))["records"]
    return records


def get(record: dict[str, Any], dotted: str) -> Any:
    value: Any = record
    for part in dotted.split("."):
        value = value[part] if isinstance(value, dict) else None
    return value


def check(record: dict[str, Any], key: str, want: Any) -> str | None:
    """None when the parsed record agrees with the labelled value, else what differs."""
    if key == "description_contains":
        missing = [s for s in want if s not in record["description"]]
        return f"description lacks {missing}" if missing else None
    got = get(record, key)
    if key == "location.workplace":
        return None if set(got) == set(want) else f"{key}: got {sorted(got)}, want {sorted(want)}"
    if key == "location.places":
        if len(got) != len(want):
            return f"{key}: got {got}, want {want}"
        for g, w in zip(got, want, strict=True):
            wrong = {k: (g.get(k), v) for k, v in w.items() if g.get(k) != v}
            if wrong:
                return f"{key}: got {got}, want {want}"
        return None
    if key == "hashtags":
        missing = [t for t in want.get("include", []) if t not in got]
        extra = [t for t in want.get("exclude", []) if t in got]
        return f"hashtags: missing {missing}, unwanted {extra} (got {got})" if missing or extra else None
    if key == "salary" and want is not None:
        if got is None:
            return f"salary: got None, want {want}"
        wrong = {
            k: (got.get(k), v)
            for k, v in want.items()
            if (float(got[k]) if isinstance(v, (int, float)) and got.get(k) is not None else got.get(k)) != v
        }
        return f"salary: {wrong}" if wrong else None
    return None if got == want else f"{key}: got {got!r}, want {want!r}"


def observed(record: dict[str, Any], key: str, want: Any) -> Any:
    """The parsed value a miss report shows: the field itself, or the substrings the description lacks."""
    if key == "description_contains":
        return [s for s in want if s not in record["description"]]
    return get(record, key)


# ---------------------------------------------------------------- accuracy


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def percent(self) -> float:
        return 100.0 * self.right / self.total if self.total else 0.0


@dataclass
class Miss:
    case: str
    record: int
    field: str
    got: Any
    want: Any


@dataclass
class Accuracy:
    """Field-by-field agreement of the parsers with the labels of one or more golden folders."""

    cases: int = 0
    records: int = 0
    overall: Tally = field(default_factory=Tally)
    required: Tally = field(default_factory=Tally)
    fields: dict[str, Tally] = field(default_factory=dict)
    classes: dict[str, Tally] = field(default_factory=dict)
    formats: dict[str, Tally] = field(default_factory=dict)
    languages: dict[str, Tally] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)

    def score(self, case: str, index: int, want: dict[str, Any], parsed: dict[str, Any] | None, reason: str) -> None:
        """Count every labelled field of one record; ``parsed`` None means the parser gave no record for it."""
        self.records += 1
        kind = str(want.get("source.kind"))
        language = str(want.get("language"))
        for key, value in want.items():
            ok = parsed is not None and check(parsed, key, value) is None
            for bucket, name in (
                (self.fields, key),
                (self.classes, FIELD_CLASSES.get(key, key)),
                (self.formats, kind),
                (self.languages, language),
            ):
                bucket.setdefault(name, Tally()).add(ok)
            self.overall.add(ok)
            if key in REQUIRED:
                self.required.add(ok)
            if not ok:
                got = reason if parsed is None else observed(parsed, key, value)
                self.misses.append(Miss(case, index, key, got, value))

    def as_dict(self) -> dict[str, Any]:
        def row(tally: Tally) -> dict[str, float | int]:
            return {"right": tally.right, "total": tally.total, "percent": round(tally.percent, 1)}

        def table(bucket: dict[str, Tally]) -> dict[str, dict[str, float | int]]:
            return {k: row(t) for k, t in sorted(bucket.items())}

        return {
            "cases": self.cases,
            "records": self.records,
            "overall": row(self.overall),
            "required": row(self.required),
            "fields": table(self.fields),
            "classes": table(self.classes),
            "formats": table(self.formats),
            "languages": table(self.languages),
            "rejected": [{"case": c, "reason": r} for c, r in self.rejected],
            "misses": [m.__dict__ for m in self.misses],
        }


def measure(folders: Iterable[Path]) -> Accuracy:
    """Parse every case of ``folders`` and score it against its labels.

    A case the parser rejects counts all its fields wrong; a labelled record the
    parser did not produce (it gave fewer records) too.
    """
    accuracy = Accuracy()
    for folder in folders:
        for case in case_files(folder):
            name = f"{folder.name}/{case.name}"
            wanted = expected_records(case)
            accuracy.cases += 1
            try:
                parsed = [r.model_dump(mode="json") for r in parse_file(case)]
                reason = "no record parsed"
            except ParseError as exc:
                parsed, reason = [], f"rejected: {exc}"
                accuracy.rejected.append((name, str(exc)))
            for index, want in enumerate(wanted):
                accuracy.score(name, index, want, parsed[index] if index < len(parsed) else None, reason)
    return accuracy
