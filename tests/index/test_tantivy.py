"""What only the embedded backend must guarantee: durability, one writer, atomic rebuilds, readers never blocked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import tantivy

from index.base import SearchQuery
from index.errors import IndexLocked, IndexUnavailable
from index.tantivy_backend import TantivyIndex
from parsers.record import Posting
from tests.index.corpus import make

READER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from index.tantivy_backend import TantivyIndex
    from index.base import SearchQuery
    index = TantivyIndex(Path(sys.argv[1]))
    deadline = time.monotonic() + float(sys.argv[2])
    answers, errors, totals = 0, [], set()
    while time.monotonic() < deadline:
        try:
            totals.add(index.search(SearchQuery(q="engineer", size=5)).total)
            answers += 1
        except Exception as exc:
            errors.append(repr(exc))
    print(json.dumps({"answers": answers, "errors": errors[:3], "totals": sorted(totals)}))
    """
)

WRITER = textwrap.dedent(
    """
    import sys, time, tantivy
    from pathlib import Path
    from index.tantivy_backend import TantivyIndex
    index = TantivyIndex(Path(sys.argv[1]))
    writer = tantivy.Index(index.schema, path=str(index.current.resolve())).writer(heap_size=15_000_000, num_threads=1)
    print("ready", flush=True)
    time.sleep(30)
    """
)


def records(prefix: str, n: int) -> Iterator[Posting]:
    for i in range(n):
        yield make(f"{prefix}-{i}", f"Engineer {prefix} {i}", hashtags=["python"], description="Python engineer wanted.")


def test_missing_index_is_reported(tmp_path: Path) -> None:
    with pytest.raises(IndexUnavailable, match="jobboard index"):
        TantivyIndex(tmp_path / "none").search(SearchQuery())


def test_durable_across_processes(tmp_path: Path) -> None:
    TantivyIndex(tmp_path).upsert(records("a", 3))
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from index.tantivy_backend import TantivyIndex; print(TantivyIndex(Path(sys.argv[1])).count())",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert out.stdout.strip() == "3"


def test_readers_keep_answering_during_upserts_and_rebuilds(tmp_path: Path) -> None:
    index = TantivyIndex(tmp_path)
    index.rebuild(records("base", 50))
    reader = subprocess.Popen([sys.executable, "-c", READER, str(tmp_path), "4"], stdout=subprocess.PIPE, text=True)
    time.sleep(0.5)
    for round_ in range(6):
        index.upsert(records(f"up{round_}", 20))
        index.rebuild(records(f"re{round_}", 50 + round_))
    report = json.loads(reader.communicate(timeout=60)[0])
    assert report["errors"] == []
    assert report["answers"] > 10
    assert all(total >= 50 for total in report["totals"])  # never an empty or half-built index
    assert index.count() == 55


def test_failed_rebuild_leaves_the_old_index_serving(tmp_path: Path) -> None:
    index = TantivyIndex(tmp_path)
    index.rebuild(records("old", 5))

    def broken() -> Iterator[Posting]:
        yield from records("new", 3)
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        index.rebuild(broken())
    assert index.count() == 5
    assert {h.record.id for h in index.search(SearchQuery(size=10)).items} == {f"old-{i}" for i in range(5)}
    assert len(list(tmp_path.glob("v-*"))) == 1


def test_second_writer_fails_clearly(tmp_path: Path) -> None:
    index = TantivyIndex(tmp_path)
    index.upsert(records("a", 2))
    holder = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(IndexLocked, match="another process"):
            index.upsert(records("b", 1))
        assert index.count() == 2  # readers are not blocked by the writer lock
    finally:
        holder.kill()
        holder.wait(timeout=30)
    index.upsert(records("b", 1))
    assert index.count() == 3


def test_highlight_escapes_html_and_marks_matches() -> None:
    from index.tantivy_backend import highlight
    from index.terms import TextQuery

    snippets = highlight("Intro. <script>alert(1)</script> We love Python & Django here.", TextQuery.parse("python"))
    assert snippets == ["Intro. &lt;script&gt;alert(1)&lt;/script&gt; We love <mark>Python</mark> &amp; Django here."]
    assert highlight("Nothing relevant.", TextQuery.parse("python")) == []
    assert highlight("Python", TextQuery.parse(None)) == []


def test_a_long_lived_reader_sees_each_new_commit(tmp_path: Path) -> None:
    reader, writer = TantivyIndex(tmp_path), TantivyIndex(tmp_path)
    writer.upsert(records("a", 2))
    assert reader.count() == 2
    for expected in (3, 4):
        writer.upsert(records(f"b{expected}", 1))
        assert reader.count() == expected
    writer.rebuild(records("c", 1))
    assert reader.count() == 1


def test_version_changes_with_every_commit_and_rebuild_and_only_then(tmp_path: Path) -> None:
    reader, writer = TantivyIndex(tmp_path), TantivyIndex(tmp_path)
    assert reader.version() is None  # no index yet
    writer.upsert(records("a", 2))
    seen = [reader.version()]
    assert seen[0] is not None
    reader.search(SearchQuery(q="engineer"))
    assert reader.version() == seen[0]  # reading changes nothing
    writer.upsert(records("b", 1))
    seen.append(reader.version())
    writer.delete(["a-0"])
    seen.append(reader.version())
    writer.rebuild(records("c", 1))
    seen.append(reader.version())
    assert None not in seen and len(set(seen)) == len(seen)


def test_an_index_built_before_the_field_table_still_opens(tmp_path: Path) -> None:
    # The schema as it was written out by hand before index.fields generated it: a folder built with it must
    # keep serving after an upgrade, without a rebuild.
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_bytes_field("record", stored=True)
    for name in ("title", "company_text", "summary", "description"):
        builder.add_text_field(name, tokenizer_name="en_stem")
    keywords = ("hashtags", "country", "city", "role", "seniority", "workplace", "company", "employment_type")
    for name in (*keywords, "location_keys", "language", "source_kind"):
        builder.add_text_field(name, fast=True, tokenizer_name="raw")
    builder.add_integer_field("archived", indexed=True, fast=True)
    builder.add_integer_field("posted", indexed=True, fast=True)
    builder.add_float_field("salary_top", indexed=True, fast=True)
    builder.add_float_field("boost", fast=True)
    (tmp_path / "v-before").mkdir()
    tantivy.Index(builder.build(), path=str(tmp_path / "v-before"))
    os.symlink("v-before", tmp_path / "current")

    index = TantivyIndex(tmp_path)
    index.upsert([make("old-1", "Rust Engineer", hashtags=["rust"])])
    assert [hit.record.id for hit in index.search(SearchQuery(q="rust")).items] == ["old-1"]
