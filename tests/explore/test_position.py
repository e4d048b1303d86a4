"""W706: can 'always the longest' or 'always the first' score well? (game/explore/position.py)"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import salessim

ROOT = Path(__file__).resolve().parents[2]
#: campus-security as it was before its weaker choices were written as long as the best
OLD_CAMPUS = ROOT / "tests" / "data" / "records" / "campus-security.v1.yaml"


def test_a_scenario_whose_best_choice_is_mostly_the_longest_is_flagged() -> None:
    proc = salessim("validate", str(OLD_CAMPUS))
    assert proc.returncode == 0  # a warning, not an error
    lines = proc.stdout.splitlines()
    flagged = [line for line in lines if " W706 " in line]
    assert [line.split("in ")[1][:2] for line in flagged] == ["zh", "en"]
    for line in flagged:
        assert "the best choice is the longest at" in line and "%)" in line
        assert ":167:3: " in line  # at the first node to rewrite: `start`
    assert salessim("validate", "--strict", str(OLD_CAMPUS)).returncode == 1


@pytest.mark.parametrize("name", ["scenarios/campus-security.yaml", "tests/data/mini.yaml"])
def test_the_shipped_scenarios_are_not_flagged(name: str) -> None:
    proc = salessim("validate", "--strict", str(ROOT / name))
    assert proc.returncode == 0, proc.stdout
    assert "W706" not in proc.stdout
