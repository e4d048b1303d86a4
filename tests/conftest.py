"""Shared test helpers: paths to the shipped and test scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SCENARIOS = ROOT / "scenarios"


@pytest.fixture
def mini_path() -> Path:
    return DATA / "mini.yaml"
