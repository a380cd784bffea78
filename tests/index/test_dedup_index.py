"""One card per job on the real tantivy engine, through ``open_index`` as every writer and reader gets it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from core.settings import Settings
from index import MEMBERS_FILE, SearchIndex, SearchQuery, open_index
from index.dedup import DedupIndex, MemberStore, Row
from index.tantivy_backend import TantivyIndex
from parsers.geo import resolve_places
from parsers.record import Company, Location, Posting, Source, SourceKind, make_id
from parsers.values import host_of

DAY = datetime(2026, 9, 1, tzinfo=UTC)


def posting(
    url: str,
    kind: SourceKind,
    company: str = "Acme GmbH",
    title: str = "Senior Backend Engineer",
    where: str = "Berlin, Germany",
    posted: datetime = DAY,
    archived: bool = False,
    description: str = "Acme builds routing software for delivery fleets; you own the dispatch services.",
) -> Posting:
    return Posting(
        id=make_id(url, kind),
        title=title,
        company=Company(name=company),
        url=url,
        location=Location(raw=where, places=resolve_places(where)),
        description=description,
        posted_at=posted,
        archived=archived,
        source=Source(kind=kind, host=host_of(url)),
    )


BOARD = posting("https://boards.greenhouse.io/acme/jobs/4012001", "greenhouse", title="Senior Backend Engineer (m/w/d)")
PAGE = posting("https://www.acme-routing.de/karriere/senior-backend-engineer", "jsonld", company="ACME", where="Berlin")
OTHER = posting("https://boards.greenhouse.io/acme/jobs/4012002", "greenhouse", title="Data Engineer")
MUNICH = posting("https://boards.greenhouse.io/acme/jobs/4012003", "greenhouse", where="Munich, Germany")


def settings(root: Path, dedup: bool = True) -> Settings:
    return Settings(data_dir=root, index_backend="tantivy", index_dir=None, dedup=dedup)


@pytest.fixture
def index(tmp_path: Path) -> Iterator[SearchIndex]:
    opened = open_index(settings(tmp_path))
    assert isinstance(opened, DedupIndex)
    yield opened
    opened.close()


def cards(index: SearchIndex, archived: bool = False) -> list[Posting]:
    """Every card a search shows, newest first."""
    found: list[Posting] = []
    cursor: str | None = None
    while True:
        query = SearchQuery(include_archived=archived, sort="date", size=100, facet_size=0, cursor=cursor)
        page = index.search(query)
        found += [hit.record for hit in page.items]
        cursor = page.next_cursor
        if not cursor:
            return found


def test_a_job_from_an_ats_board_and_its_careers_page_is_one_card(index: SearchIndex) -> None:
    index.upsert([PAGE])
    index.upsert([BOARD, OTHER])
    shown = cards(index)
    assert sorted(r.title for r in shown) == ["Data Engineer", "Senior Backend Engineer (m/w/d)"]
    job = next(r for r in shown if r.id != OTHER.id)
    assert job.id == BOARD.id, "the ATS API source is canonical over the JSON-LD page"
    assert [ref.id for ref in job.sources] == [BOARD.id, PAGE.id]
    assert [ref.kind for ref in job.sources] == ["greenhouse", "jsonld"]
    assert index.count(SearchQuery(q='"backend engineer"')) == 1
    resolved = index.get(PAGE.id)
    assert resolved is not None and resolved.id == BOARD.id, "a member's id resolves to the merged record"
    assert index.get(BOARD.id) == job


def test_copies_in_one_batch_and_in_either_order_give_the_same_record(tmp_path: Path) -> None:
    together = open_index(settings(tmp_path / "a"))
    apart = open_index(settings(tmp_path / "b"))
    together.upsert([PAGE, BOARD])
    apart.upsert([BOARD])
    apart.upsert([PAGE])
    assert cards(together) == cards(apart)
    assert len(cards(together)) == 1
    together.close()
    apart.close()


def test_the_job_stays_live_while_any_source_lists_it(index: SearchIndex) -> None:
    index.upsert([BOARD, PAGE])
    index.upsert([BOARD.model_copy(update={"archived": True})])
    [job] = cards(index)
    assert not job.archived
    assert {ref.id: ref.archived for ref in job.sources} == {BOARD.id: True, PAGE.id: False}
    index.upsert([PAGE.model_copy(update={"archived": True})])
    assert cards(index) == []
    [gone] = cards(index, archived=True)
    assert gone.archived and gone.id == BOARD.id


def test_a_repost_within_60_days_is_linked_and_one_after_90_is_not(index: SearchIndex) -> None:
    first = BOARD.model_copy(update={"archived": True})
    again = posting("https://boards.greenhouse.io/acme/jobs/4098877", "greenhouse", posted=DAY + timedelta(days=35))
    late = posting("https://boards.greenhouse.io/acme/jobs/4150001", "greenhouse", posted=DAY + timedelta(days=200))
    index.upsert([first])
    index.upsert([again])
    index.upsert([late])
    linked = index.get(again.id)
    assert linked is not None and linked.reposted_from == first.id
    unlinked = index.get(late.id)
    assert unlinked is not None and unlinked.reposted_from is None
    assert [r.id for r in cards(index) if r.title.startswith("Senior")] == [late.id, again.id]


def test_the_same_title_in_another_city_stays_two_cards(index: SearchIndex) -> None:
    index.upsert([BOARD, MUNICH])
    assert len(cards(index)) == 2


def test_a_better_source_arriving_later_takes_over_the_id(index: SearchIndex) -> None:
    index.upsert([PAGE])
    assert index.get(PAGE.id) is not None and index.get(PAGE.id).id == PAGE.id  # type: ignore[union-attr]
    index.upsert([BOARD])
    [job] = cards(index)
    assert job.id == BOARD.id and index.count() == 1


def test_deleting_a_member_leaves_the_rest(index: SearchIndex) -> None:
    index.upsert([BOARD, PAGE, OTHER])
    assert index.delete([BOARD.id]) == 1
    page = index.get(PAGE.id)
    assert page is not None and page.id == PAGE.id and page.sources == []
    assert index.get(BOARD.id) is None
    assert index.delete([PAGE.id, "no-such-id"]) == 1
    assert [r.id for r in cards(index)] == [OTHER.id]


def test_a_member_that_changes_title_leaves_its_job(index: SearchIndex) -> None:
    index.upsert([BOARD, PAGE])
    index.upsert([PAGE.model_copy(update={"title": "Staff Backend Engineer"})])
    shown = {r.id: r for r in cards(index)}
    assert set(shown) == {BOARD.id, PAGE.id}
    assert shown[BOARD.id].sources == [] and shown[PAGE.id].sources == []


def test_rebuild_regroups_every_record(index: SearchIndex) -> None:
    index.upsert([OTHER])
    first = BOARD.model_copy(update={"archived": True})
    again = posting("https://boards.greenhouse.io/acme/jobs/4098877", "greenhouse", posted=DAY + timedelta(days=20))
    assert index.rebuild([first, PAGE, MUNICH, again]) == 4
    everything = {r.id: r for r in cards(index, archived=True)}
    assert set(everything) == {first.id, MUNICH.id, again.id}
    assert [ref.id for ref in everything[first.id].sources] == [first.id, PAGE.id]
    assert not everything[first.id].archived, "the careers page still lists it"
    resolved = index.get(PAGE.id)
    assert resolved is not None and resolved.id == first.id
    assert everything[again.id].reposted_from == first.id, "a board lists a job once: its second id is a repost"


def test_a_merged_record_loads_back_unchanged(index: SearchIndex, tmp_path: Path) -> None:
    """What a dump holds (merged records) upserted into another index comes back as it was."""
    index.upsert([BOARD, PAGE, OTHER])
    dumped = cards(index, archived=True)
    other = open_index(settings(tmp_path / "restored"))
    other.upsert(dumped)
    assert sorted(cards(other, archived=True), key=lambda r: r.id) == sorted(dumped, key=lambda r: r.id)
    resolved = other.get(PAGE.id)
    assert resolved is not None and resolved.id == BOARD.id, "a loaded record's sources resolve to it"
    other.upsert([PAGE.model_copy(update={"archived": True})])  # then a crawl archives one source
    [job] = [r for r in cards(other) if r.id == BOARD.id]
    assert {ref.id: ref.archived for ref in job.sources} == {BOARD.id: False, PAGE.id: True}
    other.close()


def test_a_loaded_job_keeps_its_other_sources_when_the_canonical_one_changes(index: SearchIndex, tmp_path: Path) -> None:
    index.upsert([BOARD, PAGE, OTHER])
    other = open_index(settings(tmp_path / "restored"))
    other.upsert(cards(index, archived=True))
    other.upsert([BOARD.model_copy(update={"archived": True})])  # the canonical source drops the job
    [job] = [r for r in cards(other) if r.id == BOARD.id]
    assert not job.archived, "the careers page still lists it"
    assert {ref.id: ref.archived for ref in job.sources} == {BOARD.id: True, PAGE.id: False}
    assert other.delete([BOARD.id]) == 1
    page = other.get(PAGE.id)
    assert page is not None and page.id == PAGE.id and page.url == PAGE.url and page.sources == []
    other.upsert([PAGE])  # its own record comes with the next crawl
    assert other.get(PAGE.id) == PAGE
    other.close()


def test_copies_stored_without_the_wrapper_are_found(tmp_path: Path) -> None:
    """An index written with deduplication off (or before its member store existed) is read once into a store
    when a deduplicating writer first comes: a copy arriving then still finds its job."""
    plain = open_index(settings(tmp_path, dedup=False))
    plain.upsert([PAGE, OTHER])
    plain.close()
    index = open_index(settings(tmp_path))
    index.upsert([BOARD])
    shown = {r.id: r for r in cards(index)}
    assert set(shown) == {BOARD.id, OTHER.id}
    assert [ref.id for ref in shown[BOARD.id].sources] == [BOARD.id, PAGE.id]
    resolved = index.get(PAGE.id)
    assert resolved is not None and resolved.id == BOARD.id
    index.close()


def test_a_lost_member_store_is_remade_with_the_jobs_it_held(tmp_path: Path) -> None:
    index = open_index(settings(tmp_path))
    index.upsert([BOARD, PAGE, OTHER])
    index.close()
    (settings(tmp_path).index_path / MEMBERS_FILE).unlink()
    again = open_index(settings(tmp_path))
    again.upsert([MUNICH])  # the store is remade before this write
    resolved = again.get(PAGE.id)
    assert resolved is not None and resolved.id == BOARD.id
    again.upsert([PAGE.model_copy(update={"archived": True})])
    shown = {r.id: r for r in cards(again)}
    assert set(shown) == {BOARD.id, OTHER.id, MUNICH.id}
    assert {ref.id: ref.archived for ref in shown[BOARD.id].sources} == {BOARD.id: False, PAGE.id: True}
    again.close()


def test_dedup_off_stores_every_record(tmp_path: Path) -> None:
    plain = open_index(settings(tmp_path, dedup=False))
    assert not isinstance(plain, DedupIndex)
    plain.upsert([BOARD, PAGE])
    assert len(cards(plain)) == 2
    plain.close()


def test_upserts_in_any_order_and_batches_group_as_a_rebuild_does(tmp_path: Path) -> None:
    """A generated corpus (its companies publish many jobs through several sources) upserted in shuffled batches
    ends with the same documents as one rebuild: the incremental path regroups a job key as a whole."""
    import random

    from bench.gen.records import generate

    records = list(generate(400, 11))
    rebuilt = open_index(settings(tmp_path / "rebuilt"))
    rebuilt.rebuild(records)
    shuffled = records[:]
    random.Random(5).shuffle(shuffled)
    incremental = open_index(settings(tmp_path / "incremental"))
    for start in range(0, len(shuffled), 37):
        incremental.upsert(shuffled[start : start + 37])
    expected = sorted(cards(rebuilt, archived=True), key=lambda r: r.id)
    assert len(expected) < len(records), "the corpus has copies of some jobs"
    assert sorted(cards(incremental, archived=True), key=lambda r: r.id) == expected
    for record in records[:50]:
        assert incremental.get(record.id) == rebuilt.get(record.id) is not None
    rebuilt.close()
    incremental.close()


class _Unversioned(TantivyIndex):
    """The engine as a backend that cannot tell its commit version (as Elasticsearch), to take the store's
    other way of noticing a writer stopped mid-write."""

    def version(self) -> str | None:
        return None


class _Killed(Exception):
    pass


class _StoreKilledOnce(MemberStore):
    """A store whose next write never happens: the process ends between the index's write and the store's."""

    kill = False

    def write(self, rows: Iterable[Row], clear: Iterable[str], version: str | None) -> None:
        if self.kill:
            self.kill = False
            raise _Killed
        super().write(rows, clear, version)


@pytest.mark.parametrize("backend", [TantivyIndex, _Unversioned])
def test_a_writer_stopped_between_the_index_and_its_store_is_made_good(backend: type[TantivyIndex], tmp_path: Path) -> None:
    """The index is written before the member store: a writer stopped between the two leaves a store that does
    not know the last write, even when the number of documents did not change. The next writer remakes it."""
    store = _StoreKilledOnce(tmp_path / "index" / MEMBERS_FILE)
    index = DedupIndex(backend(tmp_path / "index"), store)
    index.upsert([BOARD, OTHER])
    later = DAY + timedelta(days=1)
    moved = OTHER.model_copy(update={"title": "Senior Backend Engineer", "posted_at": later})  # BOARD's job key
    store.kill = True
    with pytest.raises(_Killed):
        index.upsert([moved])
    assert index.inner.get(OTHER.id).title == moved.title, "the index has the write, the store not"  # type: ignore[union-attr]
    page = PAGE.model_copy(update={"posted_at": later})  # closer to ``moved`` than to BOARD: merged with it
    index.upsert([page])
    rebuilt = open_index(settings(tmp_path / "rebuilt"))
    rebuilt.rebuild([BOARD, moved, page])
    assert [ref.id for ref in rebuilt.get(OTHER.id).sources] == [OTHER.id, PAGE.id]  # type: ignore[union-attr]
    assert sorted(cards(index, archived=True), key=lambda r: r.id) == sorted(cards(rebuilt, archived=True), key=lambda r: r.id)
    rebuilt.close()
    index.close()


def test_an_index_written_without_the_wrapper_has_its_store_remade(index: SearchIndex, tmp_path: Path) -> None:
    """A write that bypasses the store (``JOBBOARD_DEDUP=false``, another tool) and leaves the document count as
    it was is noticed by the commit version the store follows."""
    assert isinstance(index, DedupIndex)
    index.upsert([BOARD, OTHER])
    later = DAY + timedelta(days=1)
    moved = OTHER.model_copy(update={"title": "Senior Backend Engineer", "posted_at": later})
    index.inner.upsert([moved])
    page = PAGE.model_copy(update={"posted_at": later})
    index.upsert([page])
    assert [ref.id for ref in index.get(OTHER.id).sources] == [OTHER.id, PAGE.id]  # type: ignore[union-attr]
    assert index.get(BOARD.id) == BOARD


def test_updates_and_deletes_end_as_a_rebuild_of_what_is_left(tmp_path: Path) -> None:
    """After a first crawl, sources archive postings, companies retitle some (into other jobs' titles, so that
    jobs meet) and postings go away: the index ends as a rebuild of the records left."""
    import random

    from bench.gen.records import generate

    rng = random.Random(3)
    records = {r.id: r for r in generate(400, 23)}
    incremental = open_index(settings(tmp_path / "incremental"))
    ordered = list(records.values())
    rng.shuffle(ordered)
    for start in range(0, len(ordered), 50):
        incremental.upsert(ordered[start : start + 50])
    ids = sorted(records)
    picked = rng.sample(ids, 110)  # 40 archived or back, 40 retitled, 30 gone: each posting changes once
    changed: list[Posting] = []
    for posting_id in picked[:40]:
        changed.append(records[posting_id].model_copy(update={"archived": not records[posting_id].archived}))
    by_company: dict[str | None, list[Posting]] = {}
    for record in records.values():
        by_company.setdefault(record.company.name, []).append(record)
    for posting_id in picked[40:80]:
        record = records[posting_id]
        title = rng.choice(by_company[record.company.name]).title
        changed.append(record.model_copy(update={"title": title}))
    for record in changed:
        records[record.id] = record
    gone = picked[80:]
    for posting_id in gone:
        records.pop(posting_id)
    rng.shuffle(changed)
    incremental.upsert(changed[:45])
    assert incremental.delete(gone[:15]) == 15
    incremental.upsert(changed[45:])
    assert incremental.delete(gone[15:]) == 15
    rebuilt = open_index(settings(tmp_path / "rebuilt"))
    rebuilt.rebuild(list(records.values()))
    expected = sorted(cards(rebuilt, archived=True), key=lambda r: r.id)
    assert len(expected) < len(records), "some jobs have copies"
    assert sorted(cards(incremental, archived=True), key=lambda r: r.id) == expected
    for posting_id in ids:
        assert incremental.get(posting_id) == rebuilt.get(posting_id)
    rebuilt.close()
    incremental.close()


def test_one_card_per_job_on_elasticsearch_too(elastic_url: tuple[str, str], tmp_path: Path) -> None:
    """The wrapper asks only the interface, so the second backend stores one document per job alike."""
    from index.dedup import MemberStore
    from index.elastic import ElasticIndex
    from tests.index.elastic_support import drop_test_indices, fresh_alias, make_client

    elastic = ElasticIndex(make_client(elastic_url[0]), alias=fresh_alias())
    index = DedupIndex(elastic, MemberStore(tmp_path / "members.sqlite"))
    try:
        index.rebuild([OTHER])
        index.upsert([PAGE])
        index.upsert([BOARD])
        shown = {r.id: r for r in cards(index)}
        assert set(shown) == {BOARD.id, OTHER.id}
        assert [ref.id for ref in shown[BOARD.id].sources] == [BOARD.id, PAGE.id]
        resolved = index.get(PAGE.id)
        assert resolved is not None and resolved.id == BOARD.id
    finally:
        drop_test_indices(elastic.client, elastic.alias)
        index.close()
