"""Scoring as behaviour: hold a path, change one behaviour, and the right dimension drops
while the others hold, to the decimal.

tests/scoring/data/pairs.yaml offers, at each marked node, the held choice (1) and a
variant (2) that changes one behaviour and leads to the same place in the same time.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scoring_synth import play_path

from game.scoring import DIMENSIONS, score_record

PAIRS = Path(__file__).parent / "data" / "pairs.yaml"
BASE = [1] * 12
#: (behaviour changed, 0-based prompts switched to the variant, the dimension that drops)
TABLE = [
    ("price earlier", (1, 8), "pricing_timing"),
    ("skip a cue", (0,), "listening"),
    ("no next step", (11,), "next_step"),
    ("present at an objection", (5,), "listening"),
    ("discount without return", (9,), "pricing_timing"),
    ("a ten-minute pitch", (7,), "listening"),
]


def scores(choices: list[int]) -> dict[str, float | None]:
    report = score_record(play_path(PAIRS, choices))
    return {d: report.dimensions[d].score for d in DIMENSIONS}


def test_the_held_path_scores_well_everywhere() -> None:
    base = scores(BASE)
    assert all(s is not None and s >= 90 for s in base.values()), base


@pytest.mark.parametrize(("behaviour", "switched", "drops"), TABLE, ids=[t[0] for t in TABLE])
def test_one_behaviour_moves_one_dimension(
    behaviour: str, switched: tuple[int, ...], drops: str
) -> None:
    base = scores(BASE)
    variant = [2 if i in switched else c for i, c in enumerate(BASE)]
    changed = scores(variant)
    assert changed[drops] is not None and base[drops] is not None
    assert changed[drops] < base[drops] - 10, (behaviour, base, changed)
    for dim in DIMENSIONS:
        if dim != drops:
            assert changed[dim] == base[dim], (behaviour, dim, base, changed)
