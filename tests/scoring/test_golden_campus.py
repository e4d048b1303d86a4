"""Golden scores and calibration for the default scenario's intended play-throughs.

The paths are those of scenarios/campus-security.paths.md (choice numbers as shown). The
textbook path (a) passes; every rookie or stalled path fails, for the reasons a trainer
would name: the rules cited at the moments that cost most and the verdict's reasons.
If the scenario or the default rubric changes on purpose, re-pin these numbers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scoring_synth import play_path

from game.scoring import DIMENSIONS, ScoreReport, score_record

SCENARIO = Path(__file__).parents[2] / "scenarios" / "campus-security.yaml"

#: (path, choices, ending, (questioning, listening, pricing_timing, next_step), overall, passed)
GOLDEN = [
    (
        "a",
        "3,3,3,1,2,2,1,2,2,2,2,1,2,2,3,3,1,3,1,1,1,3,1,2,3,1,2,1,2,1,2",
        "won_contract",
        (88.5, 100.0, 100.0, 95.8),
        96.1,
        True,
    ),
    ("b", "4,1", "m1_lost_discount", (0.0, 62.5, 20.0, 0.0), 20.6, False),
    ("b2", "2,1,3", "m1_brochure", (0.0, 10.0, None, 9.8), 6.6, False),
    (
        "c",
        "3,3,3,1,2,2,1,2,2,2,2,1,2,2,3,3,1,2,1,1,1,2,3,1,2",
        "m2_site_visit_only",
        (81.1, 100.0, None, 78.8),
        86.6,
        True,
    ),
    (
        "c2",
        "3,3,3,1,2,2,1,2,2,2,2,1,2,2,3,3,1,3,1,1,1,3,1,2,2,1,1,2,1,2,1,2",
        "m3_board_review",
        (86.5, 82.5, 100.0, 95.8),
        91.2,
        True,
    ),
    (
        "d",
        "3,3,3,1,2,2,1,2,2,2,2,1,2,1",
        "m1_keep_in_touch",
        (61.4, 100.0, None, 20.8),
        60.7,
        False,
    ),
    (
        "e",
        "3,2,2,3,1,2,2,1,2,2,2,2,1,2,2,3,3,1,3,1,1,1,3,1,2,3,1,2,1,2,1,2",
        "won_contract",
        (83.3, 96.4, 100.0, 95.8),
        93.9,
        True,
    ),
    ("e2", "2,2,1,2,1,2,2,1", "m1_keep_in_touch", (39.9, 60.8, None, 9.8), 36.8, False),
    (
        "f",
        "3,3,3,1,2,2,1,2,2,2,2,1,2,2,3,3,1,3,1,1,1,1,2",
        "m2_wait",
        (83.2, 88.9, None, 61.7),
        77.9,
        False,
    ),
    (
        "f2",
        "3,3,3,1,2,2,1,2,2,2,2,1,2,2,3,3,1,3,1,1,1,2",
        "m2_lost_cheap",
        (83.2, 88.9, 65.0, 55.0),
        73.0,
        False,
    ),
    ("shown_out", "5,1", "m1_shown_out", (0.0, 20.0, None, 0.0), 6.7, False),
    ("brushoff", "4,3", "m1_brushoff", (0.0, 50.0, 10.0, 0.0), 15.0, False),
    (
        "report_first",
        "3,3,3,1,2,1,2,4,2,2",
        "m1_report_first",
        (72.7, 75.0, None, 19.6),
        55.8,
        False,
    ),
    (
        "sent_materials",
        "3,3,3,1,2,2,1,2,2,2,2,1,2,2,3,3,2",
        "m2_sent_materials",
        (77.2, 100.0, None, 61.7),
        79.6,
        False,
    ),
    (
        "rebid",
        "3,3,3,1,2,2,1,2,2,2,2,1,2,2,3,3,1,3,1,1,1,3,1,2,1",
        "m3_rebid",
        (86.7, 95.0, 87.5, 73.8),
        85.8,
        False,
    ),
    (
        "lost",
        "3,3,3,1,2,2,1,2,2,2,2,1,2,2,3,3,1,3,1,1,1,3,1,2,2,2",
        "m3_lost",
        (84.6, 62.5, None, 82.1),
        76.4,
        False,
    ),
]


def report_for(choices: str) -> tuple[dict[str, object], ScoreReport]:
    record = play_path(SCENARIO, [int(c) for c in choices.split(",")])
    return record, score_record(record)


@pytest.mark.parametrize(
    ("name", "choices", "ending", "dims", "overall", "passed"), GOLDEN, ids=[g[0] for g in GOLDEN]
)
def test_golden_scores(
    name: str,
    choices: str,
    ending: str,
    dims: tuple[float | None, ...],
    overall: float,
    passed: bool,
) -> None:
    record, report = report_for(choices)
    assert record["ending"] == ending, name
    assert tuple(report.dimensions[d].score for d in DIMENSIONS) == dims
    assert report.overall == overall
    assert report.passed is passed


def costly(report: ScoreReport, count: int = 6) -> set[str]:
    return {m.rule for m in report.moments[:count]}


def reasons(report: ScoreReport) -> str:
    return " | ".join(r["en"] for r in report.fail_reasons)


def test_textbook_path_passes_with_excellence() -> None:
    _, report = report_for(GOLDEN[0][1])
    assert report.passed and report.tier == "excellent"
    assert all(report.dimensions[d].score >= 85 for d in DIMENSIONS)  # type: ignore[operator]
    assert not report.taboos


def test_rookie_price_first_fails_on_pricing() -> None:
    _, report = report_for("4,1")
    assert not report.passed
    assert "Pricing timing scored 20" in reasons(report)
    by_rule = {m.rule: m.turn for m in report.moments}
    assert by_rule["P1"] == 2 and by_rule["P2"] == 2  # the quote in the first answer
    assert by_rule["P3"] == 4  # the discount with nothing in return


def test_rookie_pitch_fails_on_listening_and_questioning() -> None:
    _, report = report_for("2,1,3")
    assert not report.passed
    pitch = {m.rule for m in report.moments if m.turn == 4}
    assert {"L1", "L2"} <= pitch  # the nine-minute monologue
    assert [r.id for r, _ in report.taboos] == ["T-assumes_need"]
    assert "Listening scored" in reasons(report) and "Questioning scored" in reasons(report)


@pytest.mark.parametrize(
    ("name", "rules", "words"),
    [
        ("d", {"N1", "N2"}, "meeting 1) ended in a continuation"),
        ("e2", {"N1", "Q1"}, "ended in a continuation"),
        ("f", {"N1", "L5"}, "meeting 2) ended in a continuation"),
        ("f2", {"P2", "N1", "T-overpromise"}, "no sale, caused by your moves"),
        ("report_first", {"N1", "N4"}, "ended in a continuation"),
        ("sent_materials", {"N1", "N2"}, "ended in a continuation"),
        ("rebid", {"P3", "N1"}, "meeting 3) ended in a continuation"),
        ("lost", {"T-attack_competitor", "N1"}, "no sale, caused by your moves"),
        ("shown_out", {"N1", "Q1"}, "no sale, caused by your moves"),
        ("brushoff", {"P1", "P2", "N1"}, "ended in a continuation"),
    ],
)
def test_failing_paths_fail_for_the_reasons_a_trainer_names(
    name: str, rules: set[str], words: str
) -> None:
    choices = next(g[1] for g in GOLDEN if g[0] == name)
    _, report = report_for(choices)
    assert not report.passed
    assert rules <= costly(report), (name, [m.rule for m in report.moments[:6]])
    assert words in reasons(report), reasons(report)
