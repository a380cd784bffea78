"""Search queries over the generated records, in the four kinds (``KINDS``) the search and API benchmarks time.

Words come from the records' vocabulary in three bands (frequent, middling, rare), hashtags from ``world.SKILLS`` by
popularity, countries by how many postings they have, so a query's selectivity is what a board's users would meet."""

from __future__ import annotations

import random
from typing import Any

from bench.gen.world import CITIES, SKILLS

KINDS = {
    "i": "free text, 1-2 words",
    "ii": "text + hashtag + country",
    "iii": "hashtag, by date",
    "iv": "facets of free text",
}
_COMMON = (
    "engineer", "developer", "senior", "backend", "python", "data", "react", "platform", "remote",
    "kubernetes", "typescript", "aws", "frontend", "java", "product", "team", "experience", "cloud",
)  # fmt: skip
_MIDDLE = (
    "observability", "terraform", "django", "payments", "pipelines", "mentor", "analytics", "mobile",
    "kafka", "berlin", "london", "amsterdam", "figma", "devops", "security", "lead", "scala", "swift",
    "warehouse", "on-call", "graphql", "postgresql", "machine", "learning", "lisbon", "designer",
)  # fmt: skip
_RARE = ("haskell", "erlang", "ocaml", "zig", "fpga", "clojure", "quantum", "webassembly", "unity", "blockchain", "tallinn")
_PAIRS = (
    "senior python", "react developer", "data engineer", "kubernetes berlin", "machine learning", "backend go",
    "frontend typescript", "remote devops", "product manager", "ios developer", "platform engineer", "rust backend",
)  # fmt: skip
_COUNTRY_WEIGHTS: dict[str, int] = {}
for _city in CITIES:
    _COUNTRY_WEIGHTS[_city.code] = _COUNTRY_WEIGHTS.get(_city.code, 0) + _city.weight


def _text(rng: random.Random, extra_rare: list[str]) -> str:
    roll = rng.random()
    if roll < 0.25:
        return rng.choice(_PAIRS)
    words = []
    for _ in range(1 if roll < 0.65 else 2):
        pool_roll = rng.random()
        pool = _COMMON if pool_roll < 0.5 else _MIDDLE if pool_roll < 0.85 else (*_RARE, *extra_rare)
        words.append(rng.choice(pool))
    return " ".join(dict.fromkeys(words))


def _tag(rng: random.Random) -> str:
    roll = rng.random()
    return rng.choice(SKILLS[:20] if roll < 0.6 else SKILLS[20:90] if roll < 0.9 else SKILLS[90:])


def _country(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return rng.choice(sorted(_COUNTRY_WEIGHTS))  # any country, rare ones included
    return rng.choices(list(_COUNTRY_WEIGHTS), list(_COUNTRY_WEIGHTS.values()))[0]


def specs(count: int, seed: int, companies: list[str]) -> dict[str, list[dict[str, Any]]]:
    """``count`` query specs per kind (``SearchQuery`` fields), from their own seeded generator."""
    rng = random.Random(f"queries:{seed}")
    # A few single-word company names make rare free-text terms that exist in the corpus.
    extra_rare = sorted({c.lower() for c in companies if c.isalpha()})[:50]
    extra_rare = rng.sample(extra_rare, k=min(5, len(extra_rare)))
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in KINDS}
    for _ in range(count):
        out["i"].append({"q": _text(rng, extra_rare)})
        q = rng.choice((*_COMMON, *_MIDDLE)) if rng.random() < 0.8 else _text(rng, extra_rare)
        out["ii"].append({"q": q, "hashtags": [_tag(rng)], "location": _country(rng)})
        out["iii"].append({"hashtags": [_tag(rng)], "sort": "date"})
        out["iv"].append({"q": _text(rng, extra_rare), "facet_size": 10})
    return out
