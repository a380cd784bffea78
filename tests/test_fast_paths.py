"""The parser's fast paths give what the general code they skip would give.

Each shortcut taken for speed (issue 13) is compared here with the plain computation it stands for: the
host and canonical URL read without ``urlsplit``, the skills automaton filled in another order, the
language sample's prose filter, and the lower case of a text put together from its parts.
"""

from __future__ import annotations

import random
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit

import ahocorasick
import pytest
import yaml

from parsers.formats import frontmatter as frontmatter_format
from parsers.record import canonical_url
from parsers.skills import vocabulary
from parsers.values import host_of

ROOT = Path(__file__).resolve().parents[1]
# The module, not the function of the same name that parsers.infer exports.
language = import_module("parsers.infer.language")

URLS = [
    "https://example.com",
    "https://Example.COM/Jobs/42/?utm=x#top",
    "http://jobs.acme.io/o/data-engineer/",
    "https://acme.io?x=1",
    "https://acme.io#frag/with/slash",
    "https://acme.io:8443/a",
    "https://acme.io:443/a",
    "https://user:pw@acme.io/a",
    "https://[::1]/a",
    "https://ex\tample.com/a",
    "https://example.com/a\nb",
    "HTTPS://EXAMPLE.COM/A",
    "https:///path-only",
    "https://bücher.example/a",
    "https://a.b./c//",
    "ftp://example.com/a",
    "example.com/jobs",
    "  https://example.com/a/  ",
]


def _host_reference(raw: str) -> str | None:
    text = raw.strip()
    if not text:
        return None
    parts = urlsplit(text if "//" in text else "https://" + text)
    return parts.hostname.lower() if parts.hostname else None


def _canonical_reference(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    return f"{host}{parts.path.rstrip('/') or '/'}"


@pytest.mark.parametrize("url", URLS)
def test_url_fast_paths_agree_with_urlsplit(url: str) -> None:
    assert host_of(url) == _host_reference(url)
    assert canonical_url(url) == _canonical_reference(url)


def test_skills_automaton_order_changes_no_match() -> None:
    """Filled in common-letters-first order for speed; matches as when filled in the vocabulary's order."""
    entries = yaml.safe_load((ROOT / "parsers/data/skills.yaml").read_text(encoding="utf-8"))
    plain = ahocorasick.Automaton()
    for entry in entries:
        tag = str(entry["tag"])
        aliases = [str(a) for a in entry.get("aliases") or []]
        for spelling in aliases if entry.get("cased") else [tag, *aliases]:
            plain.add_word(spelling.lower(), (len(spelling.lower()), tag))  # a later claim replaces an earlier one
    plain.make_automaton()
    fast = vocabulary()._folded
    assert sorted(fast.items()) == sorted(plain.items())
    keys = sorted(plain.keys())
    rng = random.Random(13)
    texts = [
        path.read_text(encoding="utf-8", errors="replace").lower() for path in sorted((ROOT / "tests/labelled").glob("*.md"))
    ]
    texts += ["".join(rng.choice(keys) + rng.choice(["", " ", "-", "s", "."]) for _ in range(25)) for _ in range(300)]
    for text in texts:
        assert list(fast.iter_long(text)) == list(plain.iter_long(text))


def _prose_reference(sample: str) -> str:
    """The filter as first written: split every line, list its words, count the lower-case ones."""
    kept = []
    for line in sample.splitlines():
        tokens = line.split()
        if not tokens:
            continue
        heading = line.lstrip(" \t-*•>").startswith("#") or line.lstrip().startswith("**")
        names = "," in line or "/" in line
        if not heading and not names:
            if any(token[0].isalpha() for token in tokens):
                kept.append(line)
            continue
        words = [w for w in tokens if w[0].isalpha()]
        if not words or (heading and len(words) <= 4):
            continue
        if len(words) >= 2 and names and sum(w[0].islower() for w in words) <= 1:
            continue
        kept.append(line)
    prose = "\n".join(kept)
    return prose if len(prose) >= 80 else sample


def test_prose_filter_matches_reference() -> None:
    pieces = [
        "a",
        "B",
        "cd",
        "Ef",
        "1x",
        "-",
        "*",
        "**",
        "#",
        "•",
        ">",
        ",",
        "/",
        "a,b",
        "x/y",
        "é",
        "Ü",
        "\t",
        "\u00a0",
        "\u2028",
        "\x85",
    ]
    rng = random.Random(5)
    samples = [
        "\n".join(" ".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(8)) + "\n" + "word " * 20
        for _ in range(3000)
    ]
    samples += [path.read_text(encoding="utf-8")[:2000] for path in sorted((ROOT / "tests/labelled").glob("*.md"))]
    for sample in samples:
        assert language._prose(sample) == _prose_reference(sample)


@pytest.mark.parametrize("parts", [["Senior Engineer Σ", "ΣΟΦΙΑ\nΣ"], ["İstanbul", "ẞ straße"], ["a'Σ", "'Σb"], ["x"]])
def test_lower_case_of_joined_parts(parts: list[str]) -> None:
    """``hashtags`` lower-cases its parts and joins them with line ends: the same as lower-casing the whole."""
    assert "\n".join(part.lower() for part in parts) == "\n".join(parts).lower()


FLAT_HEADS = [
    '\ntitle: "Data Engineer"\nfeatured: 5\nlogoUrl: null\nremote: true\narchived: "false"\n',
    '\ntitle: ""\ncount: -12\nzero: 0\n',
    '\ntitle: "A"\ntitle: "B"\n',  # the later value wins, at the first one's place
    '\nname: "é ü ß 中文 😀  # not a comment: really"\n',
    '\nyes: "a"\n',  # a name YAML reads as a boolean
    '\ntitle: "tab\there"\n',  # a character YAML would not keep as it is
    '\ntitle: "nel\u0085x"\n',
    '\ntitle: "escaped \\" quote"\n',
    "\ncount: 007\n",  # octal in YAML 1.1
    "\ncount: 1_000\n",
    "\nwhen: 2026-01-01\n",
    "\ntags: [a, b]\n",
    '\n# a comment\ntitle: "x"\n',
    '\ntitle:  "two spaces"\n',
    '\ntitle: "x"\r\nurl: "y"\r\n',
    "\n",
]


@pytest.mark.parametrize("head", FLAT_HEADS)
def test_flat_frontmatter_reads_as_yaml_does(head: str) -> None:
    """Flat frontmatter read without YAML gives YAML's own mapping; anything else is left to YAML."""
    fast = frontmatter_format._flat_yaml(head)
    if fast is None:
        return
    loaded = yaml.load(head, Loader=frontmatter_format._BoundedLoader)
    assert fast == loaded
    assert [(key, type(value)) for key, value in fast.items()] == [(key, type(value)) for key, value in loaded.items()]


def test_flat_frontmatter_covers_the_usual_block() -> None:
    assert frontmatter_format._flat_yaml(FLAT_HEADS[0]) == {
        "title": "Data Engineer",
        "featured": 5,
        "logoUrl": None,
        "remote": True,
        "archived": "false",
    }
    assert frontmatter_format._flat_yaml('\nyes: "a"\n') is None
    assert frontmatter_format._flat_yaml("\ncount: 007\n") is None


# ---------------------------------------------------------------- company: where the intro patterns are tried

company = import_module("parsers.infer.company")


def _company_texts() -> list[str]:
    """Postings of the test folders, and random texts made of the companies vocabulary and the marks around it."""
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted((ROOT / "tests" / "labelled").iterdir())]
    pieces = [
        *(f"{word} " for key in ("about", "join", "we_are", "at", "legal_forms") for word in company.words("companies", key)),
        *("**", "\n", " ", "  ", "\t", ". ", "! ", "? ", ".\n", "-", "> ", "# ", "## ", ", ", "Acme", "Nord Labs ", "2024 "),
        *("ı", "ſ", "İ", "Σ", "ẞ", "K"),  # letters whose case folding differs between str.lower and the regex engine
    ]
    rng = random.Random(13)
    for _ in range(3000):
        words = [rng.choice(pieces) for _ in range(rng.randint(1, 40))]
        texts.append("".join(word.upper() if rng.random() < 0.2 else word for word in words))
    for _ in range(300):  # a trigger across the 3,000 characters that the intro rules read
        tail = "".join(rng.choice(pieces) for _ in range(8))
        texts.append("x" * rng.randint(2960, 3000) + tail)
    return texts


COMPANY_TEXTS = _company_texts()


def _intros_reference(head: str) -> list[tuple[int, int, str | None]]:
    """_INTRO run over every line that holds a trigger phrase or opens with an "about" word, as the rule reads it."""
    low = head.lower()
    if len(low) != len(head):
        return [(m.start(), m.end(), m.group("closed")) for m in company._INTRO.finditer(head)]
    found = []
    position = 0
    for line in low.split("\n"):
        if any(trigger in line for trigger in company._INTRO_TRIGGERS) or line.lstrip(" \t#*").startswith(company._ABOUT_STARTS):
            found += [
                (m.start(), m.end(), m.group("closed")) for m in company._INTRO.finditer(head, position, position + len(line))
            ]
        position += len(line) + 1
    return found


def test_intros_tried_at_candidate_positions_match_the_line_scan() -> None:
    found = 0
    for text in COMPANY_TEXTS:
        head = text[:3000]
        fast = [(m.start(), m.end(), m.group("closed")) for m in company._intros(head, text)]
        assert fast == _intros_reference(head), head[:200]
        found += len(fast)
    assert found > 1000  # the texts do hold introductions


def test_sentence_starts_match_finditer() -> None:
    found = 0
    for text in COMPANY_TEXTS:
        head = text[:3000]
        fast = [(m.start(), m.end()) for m in company._sentence_starts(head)]
        assert fast == [(m.start(), m.end()) for m in company._SENTENCE_START.finditer(head)], head[:200]
        found += len(fast)
    assert found > 100  # the texts do hold sentences opening with one of its words


def test_legal_gate_holds_wherever_a_legal_name_does() -> None:
    found = 0
    for text in COMPANY_TEXTS:
        head = text[:3000]
        if company._LEGAL.search(head):
            found += 1
            assert company._LEGAL_GATE.search(head), head[:200]
    assert found > 100  # the texts do hold legal names
