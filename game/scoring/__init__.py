"""Scoring: pure rules over a session's event log, four dimensions, every point cited.

Where things are (a newcomer should find a rule in a minute):

- ``questioning.py`` Q1-Q5, ``listening.py`` L1-L5, ``pricing.py`` P1-P4,
  ``next_step.py`` N1-N4: one function per rule (``q3_situation_share`` ...), each with a
  docstring saying why and its source; ``taboos.py`` the taboo flags and trainer scores;
- ``rubric.yaml`` the default weights and thresholds, ``rubric.py`` loading and layering;
- ``log.py`` reading the record's events; ``tally.py`` turning items into cited points;
- ``score.py`` dimensions, overall, pass/fail and the costly moments;
- ``report.py`` the result types everything else shows; ``debrief.py`` the text debrief.

Never imports pygame.
"""

from __future__ import annotations

from game.scoring.log import RecordError, read_log
from game.scoring.report import (
    DIMENSIONS,
    DimensionScore,
    Evidence,
    Moment,
    RuleResult,
    ScoreReport,
)
from game.scoring.rubric import (
    Rubric,
    check_scenario_rubric,
    default_rubric,
    load_rubric,
    load_rubric_text,
)
from game.scoring.score import (
    DIMENSION_NAMES,
    TIER_NAMES,
    add_scores,
    score_log,
    score_record,
)

__all__ = [
    "DIMENSIONS",
    "DIMENSION_NAMES",
    "TIER_NAMES",
    "DimensionScore",
    "Evidence",
    "Moment",
    "RecordError",
    "Rubric",
    "RuleResult",
    "ScoreReport",
    "add_scores",
    "check_scenario_rubric",
    "default_rubric",
    "load_rubric",
    "load_rubric_text",
    "read_log",
    "score_log",
    "score_record",
]
