"""Company names as users write them: slugs, Recruitee URLs, own careers domains, typos."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.companies import parse_companies, parse_company, read_companies_file
from crawlers.errors import CompanyListError, InvalidCompany


@pytest.mark.parametrize(
    ("spec", "key", "base"),
    [
        ("perdoo", "perdoo", "https://perdoo.recruitee.com"),
        ("  Perdoo ", "perdoo", "https://perdoo.recruitee.com"),
        ("https://perdoo.recruitee.com", "perdoo", "https://perdoo.recruitee.com"),
        ("perdoo.recruitee.com/o/backend-engineer", "perdoo", "https://perdoo.recruitee.com"),
        ("https://jobs.chartmogul.com/", "jobs.chartmogul.com", "https://jobs.chartmogul.com"),
        ("jobs.chartmogul.com", "jobs.chartmogul.com", "https://jobs.chartmogul.com"),
        ("http://127.0.0.1:8080", "127.0.0.1_8080", "http://127.0.0.1:8080"),
        ("http://localhost:9000/api/offers/", "localhost_9000", "http://localhost:9000"),
    ],
)
def test_companies_are_named_by_slug_url_or_domain(spec: str, key: str, base: str) -> None:
    company = parse_company(spec)
    assert (company.key, company.base_url) == (key, base)
    assert company.offers_url == base + "/api/offers/"


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("", "empty"),
        ("perdo o", "not a Recruitee slug"),
        ("perdoo!!", "not a Recruitee slug"),
        ("ftp://files.example.com", "scheme 'ftp'"),
        ("https://user:secret@jobs.example.com", "credentials"),
        ("http://exa mple.com", "not a Recruitee slug"),
        ("https://jobs.example.com:99999", "not a URL"),
        ("12345", "not a Recruitee slug"),
    ],
)
def test_typos_are_refused_with_a_reason(spec: str, words: str) -> None:
    with pytest.raises(InvalidCompany) as caught:
        parse_company(spec)
    assert words in str(caught.value)


def test_a_list_keeps_the_first_spelling_and_collects_the_bad_entries() -> None:
    companies, invalid = parse_companies(["perdoo", "https://perdoo.recruitee.com/", "bad name", "jobs.chartmogul.com"])
    assert [c.key for c in companies] == ["perdoo", "jobs.chartmogul.com"]
    assert [bad.spec for bad in invalid] == ["bad name"]


def test_companies_file_has_comments_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "companies.txt"
    path.write_text("\ufeff# boards\nperdoo  # our favourite\n\n   \nhttps://jobs.chartmogul.com\n", encoding="utf-8")
    assert read_companies_file(path) == ["perdoo", "https://jobs.chartmogul.com"]
    with pytest.raises(CompanyListError, match="no such companies file"):
        read_companies_file(tmp_path / "missing.txt")


def test_the_shipped_starter_list_is_valid() -> None:
    entries = read_companies_file(Path(__file__).resolve().parents[2] / "data" / "companies.txt")
    companies, invalid = parse_companies(entries)
    assert invalid == [] and {c.key for c in companies} >= {"perdoo", "jobs.chartmogul.com"}


def test_redirects_may_upgrade_to_https_on_the_same_host_only() -> None:
    plain = parse_company("http://jobs.example.org")
    assert plain.origins == {"http://jobs.example.org:80", "https://jobs.example.org:443"}
    assert parse_company("http://127.0.0.1:8080").origins == {"http://127.0.0.1:8080"}  # an explicit port: exactly as given
    assert parse_company("perdoo").origins == {"https://perdoo.recruitee.com:443"}


def test_a_board_may_move_to_its_atss_other_public_host_for_the_same_token_only() -> None:
    assert parse_company("teamtailor:acme").origins == {
        "https://acme.teamtailor.com:443",
        "https://acme.career.teamtailor.com:443",
    }
    assert parse_company("personio:clark").origins == {
        "https://clark.jobs.personio.de:443",
        "https://clark.jobs.personio.com:443",
    }
    assert "https://other.career.teamtailor.com:443" not in parse_company("teamtailor:acme").origins
    assert parse_company("greenhouse:stripe").origins == {"https://boards-api.greenhouse.io:443"}
    # A mirror or test server set by JOBBOARD_TEAMTAILOR_API_BASE is exactly where the board is read.
    assert parse_company("teamtailor:acme", {"teamtailor": "http://127.0.0.1:8080"}).origins == {"http://127.0.0.1:8080"}


@pytest.mark.parametrize(
    ("spec", "ats", "token", "key", "root"),
    [
        ("greenhouse:stripe", "greenhouse", "stripe", "greenhouse-stripe", "https://boards-api.greenhouse.io"),
        (
            "https://job-boards.greenhouse.io/stripe/jobs/123",
            "greenhouse",
            "stripe",
            "greenhouse-stripe",
            "https://boards-api.greenhouse.io",
        ),
        (
            "boards.greenhouse.io/embed/job_board?for=stripe",
            "greenhouse",
            "stripe",
            "greenhouse-stripe",
            "https://boards-api.greenhouse.io",
        ),
        ("Lever:veeva", "lever", "veeva", "lever-veeva", "https://api.lever.co"),
        ("https://jobs.eu.lever.co/veeva/abc-123", "lever", "veeva", "lever-veeva", "https://api.eu.lever.co"),
        ("https://jobs.ashbyhq.com/render", "ashby", "render", "ashby-render", "https://api.ashbyhq.com"),
        ("apply.workable.com/netguru/j/ABC123/", "workable", "netguru", "workable-netguru", "https://apply.workable.com"),
        ("smartrecruiters:Wise", "smartrecruiters", "Wise", "smartrecruiters-wise", "https://api.smartrecruiters.com"),
        (
            "https://careers.smartrecruiters.com/Wise",
            "smartrecruiters",
            "Wise",
            "smartrecruiters-wise",
            "https://api.smartrecruiters.com",
        ),
        ("personio:clark", "personio", "clark", "personio-clark", "https://clark.jobs.personio.de"),
        ("https://clark.jobs.personio.com/job/42", "personio", "clark", "personio-clark", "https://clark.jobs.personio.com"),
        ("https://upcloud.teamtailor.com/jobs", "teamtailor", "upcloud", "teamtailor-upcloud", "https://upcloud.teamtailor.com"),
        ("recruitee:Perdoo", "recruitee", "perdoo", "perdoo", "https://perdoo.recruitee.com"),  # the slug's folder
    ],
)
def test_ats_companies_are_named_ats_token_or_by_a_board_url(spec: str, ats: str, token: str, key: str, root: str) -> None:
    company = parse_company(spec)
    assert (company.ats, company.token, company.key, company.api) == (ats, token, key, root)


def test_api_bases_move_where_a_board_is_fetched_never_its_folder() -> None:
    loopback = {kind: "http://127.0.0.1:8080" for kind in ("greenhouse", "personio", "recruitee")}
    personio = parse_company("personio:clark", loopback)
    greenhouse = parse_company("greenhouse:stripe", loopback)
    slug = parse_company("perdoo", loopback)
    mirror = parse_company("personio:clark", {"personio": "https://mirror.example/{token}/feed"})

    assert (personio.key, personio.api, personio.base_url) == (
        "personio-clark",
        "http://127.0.0.1:8080/clark",
        "http://127.0.0.1:8080",
    )
    assert personio.public_root == "https://clark.jobs.personio.de"  # job links stay public
    assert (greenhouse.key, greenhouse.api) == ("greenhouse-stripe", "http://127.0.0.1:8080")  # its paths name the token
    assert (slug.key, slug.offers_url) == ("perdoo", "http://127.0.0.1:8080/perdoo/api/offers/")
    assert personio.given_at_address and not parse_company("personio:clark").given_at_address
    assert mirror.api == "https://mirror.example/clark/feed"


@pytest.mark.parametrize("spec", ["personio:not_a_label", "greenhouse:", "teamtailor:-x", "lever:a/b"])
def test_ats_tokens_that_cannot_name_a_board_are_refused(spec: str) -> None:
    with pytest.raises(InvalidCompany, match="board name"):
        parse_company(spec)
