"""The packages stay layered: each imports only the ones below it, so no two of them are ever in an import cycle.

The layers are the import-linter contract in pyproject.toml (``make lint`` runs ``lint-imports`` on it); this
test checks the same contract with grimp, so the suite fails too, naming the offending import.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import grimp
import pytest

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def _config() -> dict[str, Any]:
    config: dict[str, Any] = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    return config


def _layers() -> list[str]:
    (contract,) = [c for c in _config()["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    layers: list[str] = contract["layers"]
    return layers


def test_every_package_has_a_layer() -> None:
    """A new top-level package must be placed in the order, or nothing would check what it imports."""
    config = _config()
    packages = {name.rstrip("*") for name in config["tool"]["setuptools"]["packages"]["find"]["include"]}
    assert set(_layers()) == packages
    assert set(config["tool"]["importlinter"]["root_packages"]) == packages


def test_no_package_imports_one_above_it() -> None:
    layers = _layers()
    graph = grimp.build_graph(*layers, cache_dir=None)  # function-level and TYPE_CHECKING imports count too
    illegal = graph.find_illegal_dependencies_for_layers(layers=layers)
    found = sorted(
        f"{route.heads} -> {' -> '.join(route.middle)}{' -> ' if route.middle else ''}{route.tails}"
        for dependency in illegal
        for route in dependency.routes
    )
    assert not found, "imports against the layers " + " > ".join(layers) + ":\n" + "\n".join(found)


def test_the_check_sees_an_upward_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same check on two throwaway packages, one importing the other the wrong way, reports it."""
    for name, body in (("low_layer", "from high_layer import thing\n"), ("high_layer", "thing = 1\n")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text(body, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("high_layer", "low_layer", cache_dir=None)
    (dependency,) = graph.find_illegal_dependencies_for_layers(layers=["high_layer", "low_layer"])
    assert (dependency.importer, dependency.imported) == ("low_layer", "high_layer")
