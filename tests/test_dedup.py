"""The job matcher and merge of ``parsers.dedup``, and the floors of its figures on the labelled pairs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bench.dedup import MIN_PAIRS, load, measure
from parsers.dedup import (
    canonical_order,
    company_key,
    dedupe,
    features,
    group,
    merge,
    relation,
    reposted_from,
    same_job,
    title_key,
    titles_match,
)
from parsers.geo import resolve_places
from parsers.record import Company, Location, Posting, Salary, Source, SourceKind, make_id
from parsers.values import host_of

DAY = datetime(2026, 5, 4, tzinfo=UTC)


def job(
    url: str,
    kind: SourceKind = "greenhouse",
    company: str | None = "Acme GmbH",
    title: str = "Senior Backend Engineer",
    where: str | None = "Berlin, Germany",
    workplace: list[str] | None = None,
    days: int = 0,
    archived: bool = False,
    description: str = "",
    salary: float | None = None,
) -> Posting:
    return Posting(
        id=make_id(url, kind),
        title=title,
        company=Company(name=company),
        url=url,
        location=Location(raw=where, workplace=workplace or [], places=resolve_places(where)),  # type: ignore[arg-type]
        description=description,
        salary=Salary.build(salary, None, "EUR", "year") if salary else None,
        posted_at=DAY + timedelta(days=days),
        archived=archived,
        source=Source(kind=kind, host=host_of(url)),
    )


BOARD = job("https://boards.greenhouse.io/acme/jobs/1", title="Senior Backend Engineer (m/w/d)")
PAGE = job("https://acme.example/jobs/senior-backend-engineer", "jsonld", company="ACME", where="Berlin")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Acme GmbH", "ACME"),
        ("Acme, Inc.", "acme"),
        ("The Acme Company", "Acme"),
        ("Müller & Söhne GmbH & Co. KG", "Muller und Sohne"),
        ("Wawel Systems sp. z o.o.", "Wawel Systems"),
        ("Tessera B.V.", "Tessera"),
        ("Papaya Payments S.A.", "Papaya Payments"),
        ("Data Dog", "DataDog Ltd"),
    ],
)
def test_company_spellings_share_a_key(a: str, b: str) -> None:
    assert company_key(a) == company_key(b) is not None


def test_different_companies_keep_different_keys() -> None:
    assert company_key("Acme Health") != company_key("Acme GmbH")
    assert company_key(None) is None and company_key("") is None


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Senior Backend Engineer (m/w/d)", "Senior Backend Engineer", True),
        ("Frontend Developer (f/m/x) – 100% Remote", "Frontend Developer", True),
        ("Sr. Backend Engineer", "Senior Backend Engineer", True),
        ("Full-Stack Developer", "Full Stack Developer", True),
        ("Engineering Manager, Platform", "Platform Engineering Manager", True),
        ("Backend Engineer (Python)", "Backend Engineer", True),
        ("Junior Backend Engineer", "Senior Backend Engineer", False),
        ("Backend Engineer, Payments", "Backend Engineer", False),
        ("Backend Engineer (Go)", "Backend Engineer (Java)", False),
        ("C++ Developer", "C Developer", False),
    ],
)
def test_titles_match_on_the_role_words(a: str, b: str, same: bool) -> None:
    assert titles_match(title_key(a), title_key(b)) is same


def test_an_ats_copy_and_a_careers_page_copy_are_one_job() -> None:
    assert same_job(BOARD, PAGE)
    assert relation(features(PAGE), features(BOARD)) == "same"


def test_places_must_overlap() -> None:
    assert not same_job(BOARD, job("https://acme.example/jobs/munich", "jsonld", where="Munich, Germany"))
    assert same_job(BOARD, job("https://acme.example/jobs/de", "jsonld", where="Germany"))  # a country, no city
    assert same_job(BOARD, job("https://acme.example/jobs/any", "jsonld", where=None))  # no place given
    remote_de = job("https://jobs.lever.co/acme/1", "lever", where="Remote - Germany", workplace=["remote"])
    remote_es = job("https://acme.example/jobs/es", "jsonld", where="Remote - Spain", workplace=["remote"])
    remote_any = job("https://acme.example/jobs/any-remote", "jsonld", where="Remote", workplace=["remote"])
    assert not same_job(remote_de, remote_es)
    assert same_job(remote_de, remote_any)


def test_one_board_never_lists_one_job_twice() -> None:
    twin = job("https://boards.greenhouse.io/acme/jobs/2", title="Senior Backend Engineer (m/w/d)")
    assert not same_job(BOARD, twin)
    assert relation(features(BOARD), features(twin)) is None, "two live postings of one day: two openings"


def test_reposts_within_60_days_link_and_later_ones_do_not() -> None:
    old = BOARD.model_copy(update={"archived": True})
    again = job("https://boards.greenhouse.io/acme/jobs/3", days=35)
    late = job("https://boards.greenhouse.io/acme/jobs/4", days=90)
    assert reposted_from(again, old) and not reposted_from(old, again)
    assert not reposted_from(late, old)
    far_page = job("https://acme.example/jobs/sbe-2", "jsonld", days=45)
    assert relation(features(far_page), features(old)) == "repost", "two sources 45 days apart: a repost, not a copy"


def test_canonical_rule_prefers_the_api_source_then_the_richer_record_then_the_earliest() -> None:
    rich_page = PAGE.model_copy(update={"description": "x" * 5000, "salary": Salary.build(80000, None, "EUR", "year")})
    assert merge([rich_page, BOARD]).id == BOARD.id
    lever = job("https://jobs.lever.co/acme/9", "lever", salary=90000)
    assert merge([BOARD, lever]).id == lever.id, "a salary makes the richer record"
    longer = job("https://jobs.lever.co/acme/10", "lever", description="a longer description")
    assert merge([BOARD, longer]).id == longer.id
    later = job("https://jobs.lever.co/acme/11", "lever", days=3)
    assert merge([later, BOARD]).id == BOARD.id
    assert sorted([later, BOARD], key=canonical_order) == [BOARD, later]


def test_merge_lists_every_source_and_stays_live_while_one_lists_it() -> None:
    merged = merge([PAGE, BOARD.model_copy(update={"archived": True})])
    assert merged.id == BOARD.id and merged.title == BOARD.title
    assert [(r.id, r.kind, r.archived) for r in merged.sources] == [(BOARD.id, "greenhouse", True), (PAGE.id, "jsonld", False)]
    assert not merged.archived
    assert merge([PAGE.model_copy(update={"archived": True}), BOARD.model_copy(update={"archived": True})]).archived
    assert merge([BOARD]).sources == [], "one source: just source"
    again = merge([merged, PAGE])  # a merged record met again with one of its members: nothing doubles
    assert [r.id for r in again.sources] == [BOARD.id, PAGE.id]


def test_group_and_dedupe() -> None:
    munich = job("https://boards.greenhouse.io/acme/jobs/5", where="Munich")
    repost = job("https://boards.greenhouse.io/acme/jobs/6", days=40)
    old = BOARD.model_copy(update={"archived": True})
    groups = group([old, munich, PAGE, repost])
    assert sorted(sorted(p.id for p in g) for g in groups) == sorted([sorted([old.id, PAGE.id]), [munich.id], [repost.id]])
    shown = {p.id: p for p in dedupe([old, munich, PAGE, repost])}
    assert set(shown) == {old.id, munich.id, repost.id}
    assert shown[repost.id].reposted_from == old.id
    assert shown[munich.id].reposted_from is None


def test_labelled_pairs_meet_the_floors() -> None:
    """The issue's figures on bench/dedup/pairs.yaml: precision >= 0.98 and recall >= 0.9 of "same job"."""
    result = measure(load())
    assert result["pairs"] >= MIN_PAIRS
    same = result["scores"]["same"]
    assert same["precision"] >= 0.98, result["misclassified"]
    assert same["recall"] >= 0.9, result["misclassified"]
    assert result["scores"]["repost"]["recall"] >= 0.9
    assert min(result["by_label"].values()) >= 20, "every kind of pair is represented"


def test_the_key_fingerprint_is_the_same_in_every_process() -> None:
    """The member store is remade whenever it differs: it must not depend on a process's hash seed."""
    import os
    import subprocess
    import sys

    code = "from parsers.dedup import keys_fingerprint; print(keys_fingerprint())"
    seen = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed}
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(seen) == 1 and len(next(iter(seen)).strip()) == 24
