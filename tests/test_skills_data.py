"""Checks on the curated skills vocabulary data file (parsers/data/skills.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

SKILLS_PATH = Path(__file__).resolve().parents[1] / "parsers" / "data" / "skills.yaml"

ALLOWED_CATEGORIES = {
    "language",
    "framework",
    "library",
    "database",
    "cloud",
    "devops",
    "tool",
    "data",
    "ml",
    "mobile",
    "frontend",
    "testing",
    "security",
    "practice",
    "methodology",
    "protocol",
    "os",
    "design",
    "business",
    "spoken-language",
    "domain",
    "soft-skill",
}

REQUIRED_TAGS = [
    "postgresql",
    "kubernetes",
    "rails",
    "go",
    "c++",
    "c#",
    ".net",
    "node.js",
    "next.js",
    "r",
    "c",
    "javascript",
    "python",
    "english",
]

REQUIRED_ALIASES = [
    ("postgresql", "postgres"),
    ("kubernetes", "k8s"),
    ("rails", "ruby on rails"),
    ("go", "golang"),
]


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    with SKILLS_PATH.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, list), "skills.yaml must be a YAML list"
    return data


@pytest.fixture(scope="module")
def by_tag(entries: list[dict]) -> dict[str, dict]:
    return {entry["tag"]: entry for entry in entries}


def test_is_a_list_of_mappings(entries: list[dict]) -> None:
    assert all(isinstance(entry, dict) for entry in entries)
    for entry in entries:
        assert "tag" in entry and "category" in entry and "aliases" in entry, entry
        assert set(entry) <= {"tag", "category", "aliases", "cased"}, entry


def test_has_enough_entries(entries: list[dict]) -> None:
    assert len(entries) >= 400


def test_tags_are_well_formed_and_unique(entries: list[dict]) -> None:
    tags = [entry["tag"] for entry in entries]
    for tag in tags:
        assert isinstance(tag, str) and tag, tag
        assert tag == tag.lower(), f"tag not lowercase: {tag!r}"
        assert not any(ch.isspace() for ch in tag), f"tag has whitespace: {tag!r}"
        assert not tag.startswith("#"), f"tag starts with '#': {tag!r}"
    duplicates = sorted({t for t in tags if tags.count(t) > 1})
    assert not duplicates, f"duplicate tags: {duplicates}"


def test_categories_are_allowed(entries: list[dict]) -> None:
    bad = [(entry["tag"], entry["category"]) for entry in entries if entry["category"] not in ALLOWED_CATEGORIES]
    assert not bad, f"unknown categories: {bad}"


def test_aliases_are_lowercase_strings(entries: list[dict]) -> None:
    for entry in entries:
        aliases = entry["aliases"]
        assert isinstance(aliases, list), entry["tag"]
        for alias in aliases:
            assert isinstance(alias, str) and alias.strip() == alias and alias, (entry["tag"], alias)
            assert alias == alias.lower(), f"alias not lowercase: {entry['tag']}: {alias!r}"
            assert alias != entry["tag"], f"alias repeats its own tag: {alias!r}"


def test_cased_spellings_are_strings(entries: list[dict]) -> None:
    for entry in entries:
        cased = entry.get("cased", [])
        assert isinstance(cased, list), entry["tag"]
        for spelling in cased:
            assert isinstance(spelling, str) and spelling.strip() == spelling and spelling, (entry["tag"], spelling)


def test_no_alias_shared_or_equal_to_another_tag(entries: list[dict]) -> None:
    owner: dict[str, str] = {entry["tag"].casefold(): entry["tag"] for entry in entries}
    clashes = []
    for entry in entries:
        for alias in entry["aliases"]:
            key = alias.casefold()
            if key in owner and owner[key] != entry["tag"]:
                clashes.append((alias, owner[key], entry["tag"]))
            owner.setdefault(key, entry["tag"])
    assert not clashes, f"aliases claimed by two tags: {clashes}"


def test_cased_spellings_do_not_name_another_tag(entries: list[dict]) -> None:
    owner: dict[str, str] = {}
    for entry in entries:
        for spelling in [entry["tag"], *entry["aliases"]]:
            owner[spelling.casefold()] = entry["tag"]
    clashes = []
    for entry in entries:
        for spelling in entry.get("cased", []):
            other = owner.get(spelling.casefold())
            if other is not None and other != entry["tag"]:
                clashes.append((spelling, other, entry["tag"]))
    assert not clashes, f"cased spellings that belong to another tag: {clashes}"


@pytest.mark.parametrize("tag", REQUIRED_TAGS)
def test_required_tag_present(by_tag: dict[str, dict], tag: str) -> None:
    assert tag in by_tag


@pytest.mark.parametrize(("tag", "alias"), REQUIRED_ALIASES)
def test_required_alias(by_tag: dict[str, dict], tag: str, alias: str) -> None:
    assert alias in by_tag[tag]["aliases"]
