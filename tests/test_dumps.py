"""`jobboard dump` / `jobboard load` and scheduled dumps, on real tantivy indexes in temporary folders."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bench.gen import records as bench_records
from core.settings import Settings
from index import Hit, SearchIndex, SearchQuery, open_index
from index.tantivy_backend import TantivyIndex
from jobboard.dumps import (
    LATEST_NAME,
    DamagedDump,
    DumpError,
    dump_query,
    load_dump,
    ordered_ids,
    scheduled_dump,
    scheduled_dumps,
    write_dump,
)
from parsers import parse_file
from parsers.record import Posting
from tests.cli import Ran, disk_full_at, jobboard
from tests.index.corpus import constructed

ROOT = Path(__file__).resolve().parents[1]


def generated(n: int, seed: int = 11) -> list[Posting]:
    return list(bench_records.generate(n, seed))


def sample_records() -> list[Posting]:
    return [record for path in sorted((ROOT / "data" / "samples").iterdir()) for record in parse_file(path)]


def with_ties(records: list[Posting]) -> list[Posting]:
    """Every 7th record shares one instant and every 13th has no date, so the order must break ties itself."""
    same = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    out = []
    for number, record in enumerate(records):
        if number % 13 == 0:
            record = record.model_copy(update={"posted_at": None})
        elif number % 7 == 0:
            record = record.model_copy(update={"posted_at": same})
        out.append(record)
    return out


def expected_order(records: list[Posting]) -> list[str]:
    dated = sorted((r for r in records if r.posted_at), key=lambda r: (-int(r.posted_at.timestamp()), r.id))  # type: ignore[union-attr]
    undated = sorted(r.id for r in records if not r.posted_at)
    return [r.id for r in dated] + undated


@pytest.fixture()
def make_index(tmp_path: Path) -> Iterator[Callable[[list[Posting]], TantivyIndex]]:
    made: list[TantivyIndex] = []

    def build(records: list[Posting]) -> TantivyIndex:
        index = TantivyIndex(tmp_path / f"index-{len(made)}")
        if records:
            index.rebuild(records)
        made.append(index)
        return index

    yield build
    for index in made:
        index.close()


@pytest.fixture(scope="module")
def small_records() -> list[Posting]:
    return with_ties(constructed() + sample_records() + generated(300, seed=3))


def body_lines(path: Path) -> list[str]:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    return raw.decode().splitlines()


def all_records(index: SearchIndex) -> dict[str, Posting]:
    found: dict[str, Posting] = {}
    query = SearchQuery(include_archived=True, size=100, facet_size=0)
    while True:
        page = index.search(query)
        found.update((hit.record.id, hit.record) for hit in page.items)
        if not page.next_cursor:
            return found
        query = query.model_copy(update={"cursor": page.next_cursor})


# ------------------------------------------------------------------ the record itself


def test_records_round_trip_exactly_through_their_json() -> None:
    for record in constructed() + sample_records() + generated(200):
        text = record.model_dump_json()
        again = Posting.model_validate_json(text)
        assert again == record
        assert again.model_dump_json() == text


# ------------------------------------------------------------------ round trips


@pytest.mark.parametrize("name", ["dump.ndjson", "dump.json", "dump.ndjson.gz", "dump.json.gz"])
def test_dump_load_dump_is_byte_identical(
    name: str, small_records: list[Posting], make_index: Callable[[list[Posting]], TantivyIndex], tmp_path: Path
) -> None:
    source = make_index(small_records)
    first = tmp_path / name
    assert write_dump(source, dump_query(), first) == len(small_records)

    empty = make_index([])
    result = load_dump(empty, first)
    assert (result.loaded, result.bad, result.problems) == (len(small_records), 0, [])
    assert result.schema_version == "1"
    assert all_records(empty) == {r.id: r for r in small_records}

    second = tmp_path / ("again-" + name)
    write_dump(empty, dump_query(), second)
    assert first.read_bytes() == second.read_bytes()

    lines = body_lines(first)
    if name.startswith("dump.ndjson"):
        assert json.loads(lines[0]) == {"format": "jobboard-dump", "schema_version": "1", "filters": {"include_archived": True}}
        assert [json.loads(line)["id"] for line in lines[1:]] == expected_order(small_records)
    else:
        document = json.loads("\n".join(lines))
        assert document["format"] == "jobboard-dump" and document["schema_version"] == "1"
        assert [r["id"] for r in document["records"]] == expected_order(small_records)


def test_samples_round_trip(make_index: Callable[[list[Posting]], TantivyIndex], tmp_path: Path) -> None:
    records = sample_records()
    source = make_index(records)
    dump = tmp_path / "samples.ndjson"
    write_dump(source, dump_query(), dump)
    target = make_index([])
    assert load_dump(target, dump).loaded == len(records) == 5
    assert all_records(target) == {r.id: r for r in records}
    again = tmp_path / "again.ndjson"
    write_dump(target, dump_query(), again)
    assert dump.read_bytes() == again.read_bytes()


def test_gzip_header_names_no_file_and_no_time(
    small_records: list[Posting], make_index: Callable[[list[Posting]], TantivyIndex], tmp_path: Path
) -> None:
    index = make_index(small_records[:20])
    out = tmp_path / "some-name.ndjson.gz"
    write_dump(index, dump_query(), out)
    raw = out.read_bytes()
    assert raw[:3] == b"\x1f\x8b\x08"
    assert raw[3] & 0x08 == 0  # no FNAME field
    assert raw[4:8] == b"\x00\x00\x00\x00"  # mtime 0
    assert b"some-name" not in raw


def test_empty_index_dumps_a_header_only(make_index: Callable[[list[Posting]], TantivyIndex], tmp_path: Path) -> None:
    index = make_index(constructed()[:1])
    index.delete(["c-cpp"])
    for name in ("e.ndjson", "e.json"):
        assert write_dump(index, dump_query(), tmp_path / name) == 0
        result = load_dump(make_index([]), tmp_path / name)
        assert (result.loaded, result.bad) == (0, 0)
    assert json.loads((tmp_path / "e.json").read_text())["records"] == []


def test_ten_thousand_generated_postings(make_index: Callable[[list[Posting]], TantivyIndex], tmp_path: Path) -> None:
    started = time.monotonic()
    records = with_ties(generated(10_000, seed=5))
    assert len({r.id for r in records}) == 10_000
    source = make_index(records)
    first = tmp_path / "big.ndjson.gz"
    assert write_dump(source, dump_query(), first) == 10_000

    target = make_index([])
    result = load_dump(target, first)
    assert (result.loaded, result.bad) == (10_000, 0)
    assert target.count(SearchQuery(include_archived=True)) == 10_000
    assert target.count() == sum(not r.archived for r in records)

    second = tmp_path / "again.ndjson.gz"
    write_dump(target, dump_query(), second)
    assert first.read_bytes() == second.read_bytes()
    lines = body_lines(second)
    assert [json.loads(line)["id"] for line in lines[1:]] == expected_order(records)
    by_id = {r.id: r for r in records}
    for line in lines[1::97]:  # spot checks; the byte comparison above covers the rest
        record = Posting.model_validate_json(line)
        assert record == by_id[record.id]
    assert time.monotonic() - started < 90


# ------------------------------------------------------------------ filters


@pytest.mark.parametrize(
    ("filters", "keep"),
    [
        ({}, lambda r: True),
        ({"include_archived": False}, lambda r: not r.archived),
        ({"role": "backend"}, lambda r: r.role.family == "backend"),
        ({"hashtags": ["python"]}, lambda r: "python" in r.hashtags),
        ({"hashtags": ["react", "spark"], "hashtag_mode": "any"}, lambda r: bool({"react", "spark"} & set(r.hashtags))),
        ({"company": "Webshop"}, lambda r: r.company.name == "Webshop"),
        (
            {"workplace": "remote", "seniority": "senior"},
            lambda r: "remote" in r.location.workplace and r.role.seniority == "senior",
        ),
        ({"location": "DE"}, lambda r: any(p.country_code == "DE" for p in r.location.places)),
    ],
)
def test_filters_choose_the_records(
    filters: dict[str, object],
    keep: Callable[[Posting], bool],
    small_records: list[Posting],
    make_index: Callable[[list[Posting]], TantivyIndex],
    tmp_path: Path,
) -> None:
    index = make_index(small_records)
    out = tmp_path / "filtered.ndjson"
    wanted = [r for r in small_records if keep(r)]
    assert wanted, "the filter should match something"
    assert write_dump(index, dump_query(**filters), out) == len(wanted)
    lines = body_lines(out)
    assert [json.loads(line)["id"] for line in lines[1:]] == expected_order(wanted)
    if filters:
        assert json.loads(lines[0])["filters"]


def test_free_text_filters_and_keeps_date_order(
    small_records: list[Posting], make_index: Callable[[list[Posting]], TantivyIndex]
) -> None:
    index = make_index(small_records)
    query = dump_query(q="kubernetes")
    ids = ordered_ids(index, query)
    assert set(ids) == {hit.record.id for hit in _every_hit(index, query)}
    assert ids == expected_order([r for r in small_records if r.id in set(ids)])


def _every_hit(index: SearchIndex, query: SearchQuery) -> list[Hit]:
    hits: list[Hit] = []
    query = query.model_copy(update={"size": 100})
    while True:
        page = index.search(query)
        hits.extend(page.items)
        if not page.next_cursor:
            return hits
        query = query.model_copy(update={"cursor": page.next_cursor})


# ------------------------------------------------------------------ damaged dumps


@pytest.fixture()
def dumped(
    small_records: list[Posting], make_index: Callable[[list[Posting]], TantivyIndex], tmp_path: Path
) -> tuple[list[Posting], Path]:
    records = small_records[:60]
    write_dump(make_index(records), dump_query(), tmp_path / "good.ndjson")
    return records, tmp_path / "good.ndjson"


def test_bad_lines_are_reported_and_the_rest_loaded(
    dumped: tuple[list[Posting], Path], make_index: Callable[[list[Posting]], TantivyIndex], tmp_path: Path
) -> None:
    records, good = dumped
    lines = good.read_bytes().split(b"\n")
    broken_json, no_title, bad_value = lines[10], lines[20], lines[30]
    lines[10] = broken_json[: len(broken_json) // 2]
    record = json.loads(no_title)
    del record["title"]
    lines[20] = json.dumps(record).encode()
    record = json.loads(bad_value)
    record["role"]["family"] = "astronaut"
    lines[30] = json.dumps(record).encode()
    damaged = tmp_path / "damaged.ndjson"
    damaged.write_bytes(b"\n".join(lines))

    index = make_index([])
    seen: list[str] = []
    result = load_dump(index, damaged, on_problem=seen.append)
    assert (result.loaded, result.bad) == (len(records) - 3, 3)
    assert seen == result.problems
    assert result.problems[0].startswith(f"{damaged}:11: bad JSON")
    assert result.problems[1] == f"{damaged}:21: invalid record: title: Field required"
    assert result.problems[2].startswith(f"{damaged}:31: invalid record: role.family: Input should be")
    lost = {json.loads(line)["id"] for line in (broken_json, no_title, bad_value)}
    assert set(all_records(index)) == {r.id for r in records} - lost


def test_bad_line_in_a_json_dump(
    dumped: tuple[list[Posting], Path], make_index: Callable[[list[Posting]], TantivyIndex], tmp_path: Path
) -> None:
    records, _ = dumped
    source = make_index(records)
    good = tmp_path / "good.json"
    write_dump(source, dump_query(), good)
    lines = good.read_bytes().split(b"\n")
    lines[5] = b'{"id": "broken", "title": '
    damaged = tmp_path / "damaged.json"
    damaged.write_bytes(b"\n".join(lines))
    result = load_dump(make_index([]), damaged)
    assert (result.loaded, result.bad) == (len(records) - 1, 1)
    assert result.problems[0].startswith(f"{damaged}:6: bad JSON")


def test_a_json_dump_cut_short_is_reported(
    dumped: tuple[list[Posting], Path], make_index: Callable[[list[Posting]], TantivyIndex], tmp_path: Path
) -> None:
    records, _ = dumped
    good = tmp_path / "good.json"
    write_dump(make_index(records), dump_query(), good)
    lines = good.read_bytes().split(b"\n")
    cut = tmp_path / "cut.json"
    cut.write_bytes(b"\n".join(lines[:21]) + b"\n")  # header and 20 whole records, no closing ]}
    result = load_dump(make_index([]), cut)
    assert result.loaded == 20
    assert result.problems == [f"{cut}:22: the records list is not closed (truncated file?)"]


def test_truncated_gzip_loses_only_what_is_missing(
    small_records: list[Posting], make_index: Callable[[list[Posting]], TantivyIndex], tmp_path: Path
) -> None:
    good = tmp_path / "good.ndjson.gz"
    write_dump(make_index(small_records), dump_query(), good)
    raw = good.read_bytes()
    cut = tmp_path / "cut.ndjson.gz"
    cut.write_bytes(raw[: int(len(raw) * 0.6)])
    # What survives: every complete line in the decompressible part.
    inflated = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(cut.read_bytes())
    complete = inflated.split(b"\n")[:-1]
    survivors = [json.loads(line)["id"] for line in complete[1:]]
    assert 0 < len(survivors) < len(small_records)

    index = make_index([])
    result = load_dump(index, cut)
    assert result.loaded == len(survivors)
    assert result.bad == 1
    assert result.problems == [
        f"{cut}:{len(complete) + 1}: gzip data ends early (truncated file); the rest of the dump is missing"
    ]
    assert set(all_records(index)) == set(survivors)


def test_other_schema_version_is_refused_before_touching_the_index(
    dumped: tuple[list[Posting], Path], make_index: Callable[[list[Posting]], TantivyIndex], tmp_path: Path
) -> None:
    _, good = dumped
    lines = good.read_bytes().split(b"\n")
    lines[0] = b'{"format":"jobboard-dump","schema_version":"2"}'
    newer = tmp_path / "newer.ndjson"
    newer.write_bytes(b"\n".join(lines))
    index = make_index(constructed())
    before = index.count(SearchQuery(include_archived=True))
    with pytest.raises(DumpError, match=r"schema version '2'.*reads version 1"):
        load_dump(index, newer)
    with pytest.raises(DumpError, match="schema version"):
        load_dump(index, newer, rebuild=True)
    assert index.count(SearchQuery(include_archived=True)) == before

    lines[0] = b'{"format":"jobboard-dump","schema_version":"1.3"}'  # a later minor version: records still validate
    minor = tmp_path / "minor.ndjson"
    minor.write_bytes(b"\n".join(lines))
    assert load_dump(make_index([]), minor).bad == 0

    lines[0] = b'{"format":"something-else","schema_version":"1"}'
    other = tmp_path / "other.ndjson"
    other.write_bytes(b"\n".join(lines))
    with pytest.raises(DumpError, match="not a jobboard dump"):
        load_dump(make_index([]), other)


def test_headerless_lines_and_reformatted_json_load(
    dumped: tuple[list[Posting], Path], make_index: Callable[[list[Posting]], TantivyIndex], tmp_path: Path
) -> None:
    records, good = dumped
    lines = good.read_bytes().split(b"\n")
    headerless = tmp_path / "parse-output.ndjson"
    headerless.write_bytes(b"\n".join(lines[1:]))
    result = load_dump(make_index([]), headerless)
    assert (result.loaded, result.bad, result.schema_version) == (len(records), 0, None)

    document = {"format": "jobboard-dump", "schema_version": "1", "records": [json.loads(line) for line in lines[1:] if line]}
    document["records"][3]["title"] = None
    for name, text in (("pretty.json", json.dumps(document, indent=2)), ("one-line.json", json.dumps(document))):
        path = tmp_path / name
        path.write_text(text)
        result = load_dump(make_index([]), path)
        assert (result.loaded, result.bad) == (len(records) - 1, 1)
        assert result.problems[0].startswith(f"{path}:record 4: invalid record: title")


def test_rebuild_replaces_the_index_but_not_with_nothing(
    dumped: tuple[list[Posting], Path], make_index: Callable[[list[Posting]], TantivyIndex], tmp_path: Path
) -> None:
    records, good = dumped
    index = make_index(constructed())
    result = load_dump(index, good, rebuild=True)
    assert result.loaded == len(records)
    assert set(all_records(index)) == {r.id for r in records}

    junk = tmp_path / "junk.ndjson"
    junk.write_bytes(b"not json\n\x00\x01\x02\n")
    with pytest.raises(DumpError, match="no valid record"):
        load_dump(index, junk, rebuild=True)
    assert set(all_records(index)) == {r.id for r in records}


def _damage(good: Path, target: Path) -> set[str]:
    """Two lines of ``good`` broken (bad JSON, an invalid record) into ``target``; the ids they lose."""
    lines = good.read_bytes().split(b"\n")
    lost = {json.loads(lines[index])["id"] for index in (7, 23)}
    lines[7] = lines[7][:40]
    record = json.loads(lines[23])
    record["role"]["family"] = "astronaut"
    lines[23] = json.dumps(record).encode()
    target.write_bytes(b"\n".join(lines))
    return lost


def test_rebuild_from_a_damaged_dump_is_refused_unless_forced(
    dumped: tuple[list[Posting], Path], make_index: Callable[[list[Posting]], TantivyIndex], tmp_path: Path
) -> None:
    records, good = dumped
    damaged = tmp_path / "damaged.ndjson"
    lost = _damage(good, damaged)
    index = make_index(constructed())
    before = all_records(index)
    versions = sorted(index.root.glob("v-*"))

    seen: list[str] = []
    with pytest.raises(DamagedDump) as refused:
        load_dump(index, damaged, rebuild=True, on_problem=seen.append)
    message = str(refused.value)
    assert f"{damaged}: 2 damaged lines were found" in message
    assert "previous one keeps serving" in message and "--force" in message and f"{len(records) - 2} good records" in message
    assert [line.split(": ")[0] for line in seen] == [f"{damaged}:8", f"{damaged}:24"]
    assert all_records(index) == before  # the old index answers, unchanged
    assert sorted(index.root.glob("v-*")) == versions  # and the refused build left nothing behind

    # A truncated gzip is damage too: it would swap in a fraction of the board.
    packed = tmp_path / "good.ndjson.gz"
    packed.write_bytes(gzip.compress(good.read_bytes()))
    cut = tmp_path / "cut.ndjson.gz"
    cut.write_bytes(packed.read_bytes()[: len(packed.read_bytes()) // 2])
    with pytest.raises(DamagedDump, match="1 damaged line was found"):
        load_dump(index, cut, rebuild=True)
    assert all_records(index) == before

    forced = load_dump(index, damaged, rebuild=True, force=True)
    assert (forced.loaded, forced.bad) == (len(records) - 2, 2)
    assert set(all_records(index)) == {r.id for r in records} - lost


def test_unreadable_files(make_index: Callable[[list[Posting]], TantivyIndex], tmp_path: Path) -> None:
    with pytest.raises(DumpError, match="no such file"):
        load_dump(make_index([]), tmp_path / "missing.ndjson")
    with pytest.raises(DumpError, match="is a directory"):
        load_dump(make_index([]), tmp_path)


# ------------------------------------------------------------------ scheduled dumps


@pytest.fixture()
def settings(tmp_path: Path, small_records: list[Posting]) -> Settings:
    settings = Settings(data_dir=tmp_path / "data")
    index = open_index(settings)
    index.rebuild(small_records[:50])
    index.close()
    return settings


def test_scheduled_dumps_rotate_and_point_latest_at_the_newest(settings: Settings) -> None:
    start = datetime(2026, 11, 1, 4, 30, tzinfo=UTC)
    written = [scheduled_dump(settings, keep=3, now=start + timedelta(days=day)) for day in range(5)]
    folder = settings.dumps_dir
    assert written[0].name == "jobboard-20261101T043000Z.ndjson.gz"
    assert scheduled_dumps(folder) == written[2:]
    latest = folder / LATEST_NAME
    assert latest.is_symlink() and os.readlink(latest) == written[-1].name
    assert latest.read_bytes() == written[-1].read_bytes() == written[-2].read_bytes()  # same index, same bytes
    assert sorted(p.name for p in folder.iterdir()) == sorted([LATEST_NAME, *(p.name for p in written[2:])])

    index = open_index(settings)
    try:
        fresh = TantivyIndex(settings.data_dir / "restored")
        assert load_dump(fresh, latest).loaded == 50
        assert all_records(fresh) == all_records(index)
    finally:
        index.close()

    now = scheduled_dump(settings, keep=3)  # the real clock
    assert os.readlink(latest) == now.name
    assert len(scheduled_dumps(folder)) == 3


def test_latest_falls_back_to_a_copy_without_symlinks(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(self: Path, target: object, target_is_directory: bool = False) -> None:
        raise OSError("symlinks not supported here")

    monkeypatch.setattr(Path, "symlink_to", no_links)
    written = scheduled_dump(settings, keep=2, now=datetime(2026, 11, 2, tzinfo=UTC))
    latest = settings.dumps_dir / LATEST_NAME
    assert not latest.is_symlink()
    assert latest.read_bytes() == written.read_bytes()


def test_a_failed_dump_leaves_no_file_and_keeps_latest(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    first = scheduled_dump(settings, keep=3, now=datetime(2026, 11, 1, tzinfo=UTC))
    calls = {"n": 0}
    real_get = TantivyIndex.get

    def failing_get(self: TantivyIndex, posting_id: str) -> Posting | None:
        calls["n"] += 1
        if calls["n"] > 10:
            raise RuntimeError("disk on fire")
        return real_get(self, posting_id)

    monkeypatch.setattr(TantivyIndex, "get", failing_get)
    with pytest.raises(RuntimeError, match="disk on fire"):
        scheduled_dump(settings, keep=3, now=datetime(2026, 11, 2, tzinfo=UTC))
    folder = settings.dumps_dir
    assert sorted(p.name for p in folder.iterdir()) == sorted([first.name, LATEST_NAME])
    assert os.readlink(folder / LATEST_NAME) == first.name


def test_stale_temp_files_are_cleaned_up(settings: Settings) -> None:
    folder = settings.dumps_dir
    folder.mkdir(parents=True)
    stale = folder / ".jobboard-20200101T000000Z.ndjson.gz.123.tmp"
    stale.write_bytes(b"half")
    os.utime(stale, (time.time() - 86_400, time.time() - 86_400))
    fresh = folder / ".jobboard-20990101T000000Z.ndjson.gz.456.tmp"  # maybe another dump still writing
    fresh.write_bytes(b"half")
    scheduled_dump(settings, keep=1, now=datetime(2026, 11, 1, tzinfo=UTC))
    assert not stale.exists()
    assert fresh.exists()


# ------------------------------------------------------------------ the command line, in process but for a full disk


def run(data_dir: Path, *args: str) -> Ran:
    data_dir.mkdir(parents=True, exist_ok=True)
    return jobboard(data_dir, *args)


def test_cli_dump_and_load(settings: Settings, small_records: list[Posting], tmp_path: Path) -> None:
    data = settings.data_dir
    out = tmp_path / "out" / "backend.json.gz"
    done = run(data, "dump", "--out", str(out), "--role", "backend", "--active-only")
    assert done.returncode == 0, done.stderr
    backend = [r for r in small_records[:50] if r.role.family == "backend" and not r.archived]
    assert done.stderr.strip() == f"dumped {len(backend)} postings to {out} (json)"
    document = json.loads(gzip.decompress(out.read_bytes()))
    assert [r["id"] for r in document["records"]] == expected_order(backend)

    printed = run(data, "dump", "python")
    assert printed.returncode == 0, printed.stderr
    header, *lines = printed.stdout.splitlines()
    assert json.loads(header)["filters"]["q"] == "python"
    assert lines

    other = tmp_path / "other-data"
    other.mkdir()
    loaded = run(other, "load", str(out))
    assert loaded.returncode == 0, loaded.stderr
    assert f"loaded {len(backend)} postings from {out}; 0 damaged lines skipped" in loaded.stderr
    again = run(other, "dump", "--active-only", "--role", "backend", "--format", "json")
    assert again.stdout.encode() == gzip.decompress(out.read_bytes())


def test_cli_refuses_a_damaged_rebuild_and_forces_it(settings: Settings, tmp_path: Path) -> None:
    data = settings.data_dir
    good = tmp_path / "good.ndjson"
    assert run(data, "dump", "--out", str(good)).returncode == 0
    damaged = tmp_path / "damaged.ndjson"
    lost = _damage(good, damaged)
    other = tmp_path / "other"
    assert run(other, "index", str(ROOT / "data" / "samples")).returncode == 0
    before = run(other, "dump").stdout

    refused = run(other, "load", "--rebuild", str(damaged))
    assert refused.returncode == 1, refused.stderr
    problems, verdict = refused.stderr.splitlines()[:2], refused.stderr.splitlines()[-1]
    assert [line.split(": ")[0] for line in problems] == [f"{damaged}:8", f"{damaged}:24"]
    assert verdict.startswith(f"jobboard: {damaged}: 2 damaged lines were found, so the index was not rebuilt")
    assert "--force" in verdict
    assert run(other, "dump").stdout == before  # the samples still answer, all of them

    forced = run(other, "load", "--rebuild", "--force", str(damaged))
    assert forced.returncode == 1, forced.stderr  # damaged lines were still skipped
    assert "rebuilt the index from 48 postings" in forced.stderr
    ids = {json.loads(line)["id"] for line in run(other, "dump").stdout.splitlines()[1:]}
    assert ids == {json.loads(line)["id"] for line in good.read_text().splitlines()[1:]} - lost

    alone = run(other, "load", "--force", str(damaged))
    assert alone.returncode == 2 and "--force only applies to --rebuild" in alone.stderr


@pytest.mark.parametrize(
    ("name", "first_line"),
    [
        ("list-header.ndjson", "[" * 100_000 + "]" * 100_000),
        ("object-header.ndjson", '{"format":' * 100_000 + "1" + "}" * 100_000),
        ("pretty.json", '{\n"format": "jobboard-dump",\n"schema_version": "1",\n"records": [' + "[" * 100_000 + "]" * 100_000),
    ],
)
def test_deeply_nested_json_is_a_clear_error(name: str, first_line: str, settings: Settings, tmp_path: Path) -> None:
    good = tmp_path / "good.ndjson"
    assert run(settings.data_dir, "dump", "--out", str(good)).returncode == 0
    deep = tmp_path / name
    records = good.read_text().splitlines()[1:]
    deep.write_text(first_line + ("]}\n" if name.endswith(".json") else "\n") + "\n".join(records) + "\n")
    other = tmp_path / "other"
    loaded = run(other, "load", str(deep))
    assert loaded.returncode in (1, 2), loaded.stderr
    assert "RecursionError" not in loaded.stderr
    line = 4 if name.endswith(".json") else 1
    assert re.search(rf"^(jobboard: )?{re.escape(str(deep))}:{line}: .*recursion limit exceeded", loaded.stderr, re.M), (
        loaded.stderr
    )


def test_cli_reports_damage_without_tracebacks(settings: Settings, tmp_path: Path) -> None:
    data = settings.data_dir
    good = tmp_path / "good.ndjson"
    assert run(data, "dump", "--out", str(good)).returncode == 0
    lines = good.read_bytes().split(b"\n")
    lines[4] = b"{oops"
    bad = tmp_path / "bad.ndjson"
    bad.write_bytes(b"\n".join(lines))
    other = tmp_path / "other"
    other.mkdir()
    loaded = run(other, "load", str(bad))
    assert loaded.returncode == 1
    assert f"{bad}:5: bad JSON" in loaded.stderr
    assert "loaded 49 postings" in loaded.stderr

    lines[0] = b'{"format":"jobboard-dump","schema_version":"7"}'
    bad.write_bytes(b"\n".join(lines))
    for result in (
        run(other, "load", str(bad)),
        run(other, "load", str(tmp_path / "missing.ndjson")),
        run(tmp_path / "nothing-here", "dump"),
        run(data, "dump", "--out", str(good / "cannot-be-inside-a-file.ndjson")),
        run(data, "dump", "x" * 2000),
    ):
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith("jobboard: "), result.stderr
        assert result.stdout == ""  # not even a header before the failure
    assert not (tmp_path / "nothing-here" / "index").exists()


@pytest.mark.e2e
def test_a_dump_the_disk_cannot_hold_is_a_clear_error(settings: Settings, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOBBOARD_")}
    env.update(JOBBOARD_DATA_DIR=str(settings.data_dir), PYTHONDONTWRITEBYTECODE="1")
    out = tmp_path / "dumps"
    out.mkdir()
    (out / "kept.ndjson.gz").write_bytes(b"an older dump")
    for name in ("new.ndjson", "kept.ndjson.gz", "-"):
        where = ["--out", str(out / name)] if name != "-" else []
        with (tmp_path / "stdout.ndjson").open("wb") as stdout:
            done = subprocess.run(
                [sys.executable, "-m", "jobboard", "dump", *where],
                stdout=stdout,
                stderr=subprocess.PIPE,
                text=True,
                timeout=120,
                env=env,
                cwd=tmp_path,
                preexec_fn=disk_full_at(4096),
            )
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert len(done.stderr.splitlines()) == 1, done.stderr
        target = "the dump to stdout" if name == "-" else str(out / name)
        assert done.stderr.startswith(f"jobboard: cannot write {target}: File too large")
    assert sorted(p.name for p in out.iterdir()) == ["kept.ndjson.gz"]  # no partial file, the older dump untouched
    assert (out / "kept.ndjson.gz").read_bytes() == b"an older dump"
