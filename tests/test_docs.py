"""The documentation cannot drift: generated pages match the code, and every relative link resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jobboard import docs

ROOT = docs.ROOT
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
# Fenced blocks and inline code hold commands and help text, whose brackets are not links.
CODE = re.compile(r"^```.*?^```|`[^`\n]*`", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} +(.+?) *$", re.MULTILINE)


def _links(page: Path) -> list[str]:
    return LINK.findall(CODE.sub("", page.read_text()))


def _anchor(heading: str) -> str:
    """The id a Markdown renderer gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    return {_anchor(heading) for heading in HEADING.findall(re.sub(r"^```.*?^```", "", page.read_text(), flags=re.M | re.S))}


@pytest.mark.parametrize("path", sorted(docs.pages()), ids=str)
def test_generated_page_is_current(path: Path) -> None:
    written = ROOT / path
    assert written.is_file(), f"{path} is missing: run `{docs.REGENERATE}`"
    assert written.read_text() == docs.pages()[path], f"{path} is stale: run `{docs.REGENERATE}`"


def test_help_does_not_depend_on_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    narrow = docs.render_cli()
    monkeypatch.setenv("COLUMNS", "250")
    assert docs.render_cli() == narrow


def test_every_setting_says_what_it_is_for() -> None:
    from core.settings import Settings

    undescribed = [name for name, field in Settings.model_fields.items() if not (field.description or "").strip()]
    assert not undescribed, f"settings without a description (docs/settings.md shows it): {undescribed}"


def test_check_reports_a_stale_page(tmp_path: Path) -> None:
    for path, text in docs.pages().items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    assert docs.stale(tmp_path) == []
    (tmp_path / "docs/settings.md").write_text("hand-edited\n")
    assert docs.stale(tmp_path) == [Path("docs/settings.md")]


def _broken_links(page: Path) -> list[str]:
    """Relative links whose file, or whose heading in a Markdown file, does not exist."""
    broken = []
    for target in _links(page):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto: ...
            continue
        path, _, fragment = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        if not resolved.exists():
            broken.append(f"{target}: no such file")
        elif fragment and resolved.suffix == ".md" and fragment not in _anchors(resolved):
            broken.append(f"{target}: no heading with that anchor")
    return broken


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_relative_links_resolve(page: Path) -> None:
    broken = _broken_links(page)
    assert not broken, f"{page.relative_to(ROOT)} has broken links: " + "; ".join(broken)


def test_a_broken_link_is_found(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# A `code` heading\n")
    page = tmp_path / "page.md"
    page.write_text(
        "[ok](other.md#a-code-heading) [web](https://example.org/x) `[code](nowhere.md)`\n"
        "[gone](missing.md) [no anchor](other.md#nope)\n```\n[fenced](nowhere.md)\n```\n"
    )
    assert _broken_links(page) == ["missing.md: no such file", "other.md#nope: no heading with that anchor"]


def test_every_docs_page_is_linked_from_the_readme() -> None:
    linked = {(ROOT / target.partition("#")[0]).resolve() for target in _links(ROOT / "README.md")}
    orphans = [page.name for page in (ROOT / "docs").glob("*.md") if page.resolve() not in linked]
    assert not orphans, f"docs pages no one links to from README.md: {orphans}"


def test_readme_stays_an_overview() -> None:
    size = len((ROOT / "README.md").read_bytes())
    assert size < 8 * 1024, f"README.md is {size} bytes: move long sections to a page under docs/ and link it"


def test_every_test_the_security_page_names_exists() -> None:
    """The page promises behaviour and names its proof; a renamed or deleted test must not leave a claim unproved."""
    page = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(test_\w+)`", page))
    files = set(re.findall(r"`(tests/[\w/]+\.py)`", page))
    assert len(named) >= 20, "the security page should name the tests behind its promises"
    defined = {
        match
        for path in (ROOT / "tests").rglob("test_*.py")
        for match in re.findall(r"^(?:async )?def (test_\w+)", path.read_text(encoding="utf-8"), re.MULTILINE)
    }
    assert not named - defined, f"docs/security.md names tests that do not exist: {sorted(named - defined)}"
    assert all((ROOT / f).is_file() for f in files), [f for f in files if not (ROOT / f).is_file()]
