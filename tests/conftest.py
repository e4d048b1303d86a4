"""Shared test helpers: paths to the shipped and test scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest

#: The records stores to test on (SQLite and a real PostgreSQL server): tests/stores.py.
pytest_plugins = ["stores"]

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SCENARIOS = ROOT / "scenarios"


@pytest.fixture
def mini_path() -> Path:
    return DATA / "mini.yaml"


@pytest.fixture(autouse=True)
def _own_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own data and config folders: records and settings written by
    default go there, never into the real user's."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    return home
