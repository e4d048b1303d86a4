"""Golden scores and calibration for the default scenario's intended play-throughs.

Each path of scenarios/campus-security.paths.md is a golden script,
scenarios/plans/campus-*.play: its choices, and its scores pinned by ``expect scores:`` (four
dimensions, overall, the verdict). The textbook path passes; every rookie or stalled path
fails, for the reasons a trainer would name (``expect costly rules:``, ``expect moments:``,
``expect fail reasons:``). tests/golden/test_golden.py plays the scripts in English and
checks all of it. Here: every path of paths.md, and no other, is a script with a calibration
row (exact pins, a row in docs/scoring.md's table); and the pins hold when the scenario is
played in its own language (Chinese), where the numbers were first pinned. If the scenario
or the default rubric changes on purpose, re-pin the scripts and regenerate the table:
``python tests/golden/table.py --write``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "golden"))
import table
from golden_play import ROOT, SCRIPTS, Script, check_scores, read_script

from game.engine import Session, load_scenario
from game.engine.session import replay
from game.scoring import score_record

SCENARIO = ROOT / "scenarios" / "campus-security.yaml"
CAMPUS = [s for s in map(read_script, SCRIPTS) if s.scenario_path.resolve() == SCENARIO]


def test_every_path_of_the_paths_document_is_a_calibrated_golden_script() -> None:
    text = (ROOT / "scenarios" / "campus-security.paths.md").read_text(encoding="utf-8")
    listed = sorted(re.findall(r"^- choices: `([\d,]+)`", text, re.M))
    calibrated = [s for s in CAMPUS if s.calibration is not None]
    assert sorted(",".join(map(str, s.choices)) for s in calibrated) == listed
    for script in calibrated:
        table.row(script)  # pins the outcome, every dimension, overall and the verdict


@pytest.mark.parametrize("script", CAMPUS, ids=[s.name for s in CAMPUS])
def test_the_pins_hold_in_the_scenarios_own_language(script: Script) -> None:
    scenario = load_scenario(SCENARIO)
    session = replay(Session(scenario), script.choices)
    assert session.language == scenario.language == "zh"
    assert session.finished and session.ending is not None
    assert session.ending.id == script.expected("ending")
    check_scores(script, score_record(session.record()))
