"""The project's golden play-throughs: the shipped scenarios' test plans
(``scenarios/plans/*.play``) and the test scenario's (``tests/golden/*.play``), read and
played by ``game.plans`` as ``salessim test`` does."""

from __future__ import annotations

from pathlib import Path

from game.plans import (
    COSTLY,
    SCORED,
    PlanFailure,
    Script,
    ScriptError,
    check_scores,
    play,
    read_script,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PLANS = ROOT / "scenarios" / "plans"
SCRIPTS = sorted([*PLANS.glob("*.play"), *HERE.glob("*.play")])

__all__ = [
    "COSTLY",
    "HERE",
    "PLANS",
    "ROOT",
    "SCORED",
    "SCRIPTS",
    "PlanFailure",
    "Script",
    "ScriptError",
    "check_scores",
    "play",
    "read_script",
]
