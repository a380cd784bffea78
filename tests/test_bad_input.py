"""Bad input gets a clear ParseError or a record with the bad field left null; never a crash."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from parsers import ParseError, parse_bytes, parse_file, parse_text

GOOD_BODY = "We are hiring a backend engineer to build APIs in Python and PostgreSQL for our logistics platform."


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t\r\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(256)) * 4, "binary"),
        (b"---\ntitle: [unclosed\nlocation: Berlin\n---\nbody\n", "invalid YAML"),
        (b'{"offers": 5}', "neither"),
        (b'{"hello": "world"}', "neither"),
        (b"[1, 2, 3]", "neither"),
        (b'{"title": "x", ', "invalid JSON"),
        (b"<html><head><title>Shop</title></head><body><p>Buy shoes</p></body></html>", "no schema.org JobPosting"),
        (b"just some words that are not a job posting at all", "no job title"),
    ],
)
def test_rejected_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_bytes(data)
    assert reason.lower() in str(info.value).lower()


def test_cp1252_text_is_decoded_not_rejected() -> None:
    text = "# Senior Backend Engineer (m/w/d)\n\nDu entwickelst unsere Plattform in Köln mit Python – Gehalt 70.000 € pro Jahr. Büro in Köln."
    records = parse_bytes(text.encode("cp1252"))
    assert records[0].title == "Senior Backend Engineer"
    assert "Köln" in records[0].description
    assert "–" in records[0].description


def test_utf16_with_bom_is_decoded() -> None:
    text = "# Frontend Developer\n\nWe build our React app in TypeScript and need a frontend developer."
    assert parse_bytes(text.encode("utf-16"))[0].title == "Frontend Developer"


def test_wrong_types_in_frontmatter_become_null() -> None:
    text = (
        '---\ntitle: Platform Engineer\nfeatured: "ten"\ntimestamp: "yesterday"\narchived: "maybe"\n'
        "hashtags: 42\nlocation: [Berlin, 7]\nsalary: {min: lots, max: null}\nurl: not a url\n---\n" + GOOD_BODY
    )
    record = parse_text(text)[0]
    assert record.title == "Platform Engineer"
    assert record.featured is None
    assert record.posted_at is None
    assert record.archived is False
    assert record.salary is None
    assert record.url is None
    assert record.location.places[0].city == "Berlin"


def test_frontmatter_that_is_not_a_mapping() -> None:
    with pytest.raises(ParseError, match="mapping"):
        parse_text("---\n- just\n- a list\n---\nbody text here\n")


def test_html_full_of_scripts_keeps_no_script() -> None:
    posting = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": "QA Engineer",
        "description": "<p>Test our apps.</p><script>alert('x')</script><img src=x onerror=alert(1)><a href=\"javascript:alert(2)\">click</a>",
        "hiringOrganization": {"@type": "Organization", "name": "Acme"},
    }
    scripts = "<script>var a = '<script>';</script>" * 200
    embedded = json.dumps(posting).replace("</", "<\\/")  # as pages embed JSON-LD: "</script>" escaped
    html = f'<html><head>{scripts}<script type="application/ld+json">{embedded}</script></head><body>{scripts}</body></html>'
    record = parse_text(html)[0]
    assert record.title == "QA Engineer"
    assert "alert" not in record.description
    assert "javascript:" not in record.description
    assert "Test our apps." in record.description


def test_one_broken_jsonld_block_does_not_hide_a_good_one() -> None:
    good = json.dumps(
        {"@context": "https://schema.org", "@type": "JobPosting", "title": "Android Developer", "description": "Kotlin apps."}
    )
    html = f'<html><head><script type="application/ld+json">{{"@type": "Organization", oops</script><script type="application/ld+json">{good}</script></head></html>'
    assert [r.title for r in parse_text(html)] == ["Android Developer"]


def test_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "huge.md"
    with big.open("wb") as handle:
        handle.write(b"# Data Engineer\n\n")
        handle.write(b"We process data with Python and Spark. " * (20 * 1024 * 1024 // 39))
    assert big.stat().st_size > 20 * 1024 * 1024 - 100
    with pytest.raises(ParseError, match="over the 16 MB limit"):
        parse_file(big)


def test_large_but_allowed_file_parses(tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    path.write_text("# Data Engineer\n\n" + "We process data with Python and Spark in Berlin. " * 60000, encoding="utf-8")
    record = parse_file(path)[0]
    assert record.title == "Data Engineer"
    assert {"python", "spark"} <= set(record.hashtags)


def test_one_bad_offer_in_a_response_does_not_lose_the_others() -> None:
    good = {
        "title": "Backend Developer",
        "slug": "backend",
        "careers_url": "https://acme.recruitee.com/o/backend",
        "description": "<p>Go and Postgres.</p>",
    }
    records = parse_text(
        json.dumps({"offers": [good, "garbage", {"slug": "no-title", "careers_url": "https://acme.recruitee.com/o/x"}]})
    )
    assert [r.title for r in records] == ["Backend Developer"]


# ------------------------------------------------------------------ YAML aliases


def alias_bomb(levels: int) -> str:
    """The "billion laughs" shape: each level a list of nine aliases of the one before, so 9**levels strings."""
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [" + ",".join([f"*l{level - 1}"] * 9) + "]")
    fields = "\n".join(f"{key}: *l{levels - 1}" for key in ("title", "workplace", "location", "hashtags", "summary"))
    return "---\n" + "\n".join(lines) + "\n" + fields + "\n---\n" + GOOD_BODY + "\n"


# Parses stdin in a process whose memory and CPU time are capped well below what expanding a bomb costs.
_CAPPED_PARSE = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (768 << 20, 768 << 20))
resource.setrlimit(resource.RLIMIT_CPU, (20, 20))
from parsers import ParseError, parse_text
try:
    print(json.dumps({"titles": [record.title for record in parse_text(sys.stdin.read())]}))
except ParseError as exc:
    print(json.dumps({"error": str(exc)}))
"""


def test_yaml_alias_bomb_is_refused_at_the_cost_of_its_size_and_honest_aliases_parse() -> None:
    bomb = alias_bomb(10)
    assert len(bomb) < 1000  # ten levels of nine: 3.5e9 strings from under a kilobyte
    done = subprocess.run(
        [sys.executable, "-c", _CAPPED_PARSE],
        input=bomb,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[1],
    )
    assert done.returncode == 0, f"killed by its limits ({done.returncode}): {done.stderr[-500:]}"
    answer = json.loads(done.stdout)
    assert "frontmatter uses too many YAML aliases" in answer.get("error", ""), answer

    honest = (
        "---\n"
        "berlin: &berlin {city: Berlin, country_code: DE}\n"
        "title: Backend Engineer\n"
        "places: [*berlin, {city: Munich, country_code: DE}]\n"
        "stack: &stack [python, postgresql]\n"
        "hashtags: *stack\n"
        "---\n" + GOOD_BODY
    )
    record = parse_text(honest)[0]  # a few aliases, as people use them, are fine
    assert record.title == "Backend Engineer"
    assert [p.city for p in record.location.places] == ["Berlin", "Munich"]
    assert {"python", "postgresql"} <= set(record.hashtags)


def test_yaml_alias_inside_its_own_anchor_is_refused() -> None:
    with pytest.raises(ParseError, match="alias inside its own anchor"):
        parse_text("---\ntitle: Backend Engineer\nworkplace: &w [remote, *w]\n---\n" + GOOD_BODY)


def test_values_that_are_not_text_are_not_turned_into_text() -> None:
    # A YAML set (or list) where a title belongs is not a title: the heading is, rather than "{'Senior'}".
    record = parse_text("---\ntitle: !!set {Senior: null}\n---\n# Backend Engineer\n\n" + GOOD_BODY)[0]
    assert record.title == "Backend Engineer"
