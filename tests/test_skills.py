"""The skills matcher: word boundaries, case-sensitive short names, canonical spellings."""

from __future__ import annotations

import pytest

from parsers.skills import vocabulary


@pytest.fixture(scope="module")
def vocab():  # type: ignore[no-untyped-def]
    return vocabulary()


def test_vocabulary_is_large(vocab) -> None:  # type: ignore[no-untyped-def]
    assert len(vocab) >= 400


@pytest.mark.parametrize(
    ("raw", "tag"),
    [
        ("postgres", "postgresql"),
        ("Postgres", "postgresql"),
        ("PostgreSQL", "postgresql"),
        ("#k8s", "kubernetes"),
        ("Ruby on Rails", "rails"),
        ("#rubylang", "ruby"),
        ("golang", "go"),
        ("#English", "english"),
        ("C#", "c#"),
        ("#ui/ux", "ui-ux"),
        ("Some Unknown Thing", "some-unknown-thing"),
        ("   ", None),
    ],
)
def test_canonical(vocab, raw: str, tag: str | None) -> None:  # type: ignore[no-untyped-def]
    assert vocab.canonical(raw) == tag


def test_go_the_language_but_not_go_to(vocab) -> None:  # type: ignore[no-untyped-def]
    assert "go" in vocab.find("Expert in Python, Java, or Go.")
    assert "go" not in vocab.find("You are the go-to person and we go fast; let's go.")
    assert "go" in vocab.find("Our services are written in Golang.")


def test_symbol_languages(vocab) -> None:  # type: ignore[no-untyped-def]
    found = vocab.find("We use C++, C#, .NET and Node.js with Next.js; some R and C for numerics.")
    for tag in ("c++", "c#", ".net", "node.js", "next.js", "r", "c"):
        assert tag in found, tag


def test_longest_match_wins(vocab) -> None:  # type: ignore[no-untyped-def]
    found = vocab.find("Our backend runs on Node.js.")
    assert "node.js" in found
    assert "javascript" not in found  # ".js" inside Node.js is not a mention of JavaScript


def test_letters_inside_words_and_r_and_d(vocab) -> None:  # type: ignore[no-untyped-def]
    found = vocab.find("Our R&D team in Cologne reacts quickly; Chef's kitchen; spring 2025; a swift reply.")
    assert "r" not in found
    assert "spring" not in found
    assert "swift" not in found


def test_hashtags_keep_given_first_then_found(vocab) -> None:  # type: ignore[no-untyped-def]
    tags = vocab.hashtags(["#Django", "#postgres", "#django"], "We also use Kubernetes (k8s) and Docker.")
    assert tags[:2] == ["django", "postgresql"]
    assert {"kubernetes", "docker"} <= set(tags)
    assert len(tags) == len(set(tags))


def test_a_requirements_heading_with_a_typographic_apostrophe_ranks_its_skills_first() -> None:
    from parsers.skills import vocabulary

    body = "We build things with Kafka.\n\n## What you’ll bring\n- Go and PostgreSQL\n\n## Benefits\n- Free lunch"
    tags = vocabulary().hashtags([], body)
    assert tags.index("go") < tags.index("kafka") and tags.index("postgresql") < tags.index("kafka")
