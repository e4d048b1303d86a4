"""Golden play-throughs: each ``*.play`` file is a readable script of one path.

Every golden path is written once, here; its scores are pinned in the same file, and
docs/scoring.md's calibration table is generated from those pins (``table.py``).

Script lines (``#`` starts a comment):

    scenario: campus-security        a shipped scenario id, or a path from the repo root
    lang: en                         the language the snippets are in
    calibration row: c2 board review | taboo shown
                                     this path's row in docs/scoring.md's calibration table:
                                     its label, and a note after the verdict (optional)
    hear "words"                     the buyer's current line contains these words
    choose 2 "words"                 take choice 2, whose text contains these words
    stage analyze                    the buyer is in this stage now
    expect trail: discover > analyze > ✗analyze > ↺ discover
                                     the whole stage trail (✗ gate blocked, ↺ loop back)
    expect meetings: continuation, order
    expect ending: won_contract
    expect outcome: order

Score lines, checked against the default scoring of the finished session
(``score_record(session.record())``); they come after the last choice:

    expect scores: questioning 88.5, listening 100, pricing_timing not assessed, passed
                                     comma-separated: a dimension (questioning, listening,
                                     pricing_timing, next_step) or overall, then its score
                                     exactly, or a bound: overall >= 75, next_step <= 40
                                     (also > and <); "not assessed" for a dimension with no
                                     score; passed / failed for the verdict
    expect tier: excellent           the overall tier
    expect taboos: T-assumes_need    every taboo broken, in turn order ("none": no taboo)
    expect costly rules: N1, N2      rules cited among the six moments that cost most
    expect moments: P1 at turn 2     a moment that cost points under P1 at turn 2
    expect fail reasons: "ended in a continuation", "Listening scored"
                                     words found in the verdict's reasons (English)

A path in the calibration table pins its outcome, all four dimensions and overall exactly
(``table.py`` prints the table, ``--write`` puts it into the doc).

Goto lines (the buyer keeps talking) are passed automatically, as in terminal play.
"""

from __future__ import annotations

import re
from itertools import permutations
from pathlib import Path

import pytest
import table
from golden_play import PLANS, ROOT, SCRIPTS, ScriptError, play, read_script

from game.engine import load_scenario
from game.scoring import ScoreReport, score_record


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_golden_play_through(path: Path) -> None:
    play(read_script(path))


def test_golden_scripts_reach_every_ending_of_the_shipped_scenarios() -> None:
    reached: dict[Path, set[str]] = {}
    for path in SCRIPTS:
        script = read_script(path)
        ending = script.expected("ending")  # each is checked by test_golden_play_through
        if ending is not None:
            reached.setdefault(script.scenario_path.resolve(), set()).add(ending)
    for scenario_path in sorted((ROOT / "scenarios").glob("*.yaml")):
        sc = load_scenario(scenario_path)
        missing = set(sc.model.endings) - reached.get(scenario_path.resolve(), set())
        assert not missing, f"{sc.id}: no golden script reaches {sorted(missing)}"


@pytest.mark.parametrize(
    "scenario_path", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.stem
)
def test_each_shipped_scenario_calibrates_a_textbook_pass_and_three_rookie_failures(
    scenario_path: Path,
) -> None:
    """Issue 12's bar for a scenario in the library: its calibration rows include a textbook
    path that passes, and three failing paths that fail for different reasons: one on
    pricing timing (an early price), one on the next step (none set up), one on questioning
    or listening (a monologue that misses the cues), each below the dimension floor."""
    sid = load_scenario(scenario_path).id
    calibrated = [s for s in map(read_script, SCRIPTS) if s.calibration and s.scenario == sid]
    reports = {s.path.name: score_record(play(s).record()) for s in calibrated}
    assert any(r.passed for r in reports.values()), f"{sid}: no calibrated path passes"
    failing = {name: r for name, r in reports.items() if not r.passed}

    def below(report: ScoreReport, *dims: str) -> bool:
        floor = report.dimension_floor or 0.0
        scores = [report.dimensions[d].score for d in dims]
        return any(v is not None and v < floor for v in scores)

    reasons = [("pricing_timing",), ("next_step",), ("questioning", "listening")]
    fits = {
        name: {i for i, dims in enumerate(reasons) if below(r, *dims)}
        for name, r in failing.items()
    }
    assigned = next(
        (
            trio
            for trio in permutations(fits, 3)
            if all(i in fits[name] for i, name in enumerate(trio))
        ),
        None,
    )
    assert assigned is not None, f"{sid}: no three failing paths for the three reasons: {fits}"


def test_the_calibration_table_in_docs_is_generated_from_the_scripts() -> None:
    assert table.in_docs() == table.generate(), (
        "docs/scoring.md's calibration table differs from the pins in the test plans "
        "(scenarios/plans/*.play); "
        "regenerate it with: python tests/golden/table.py --write"
    )


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("expect scores: overall 96.1, listening about 100", "cannot read 'listening about 100'"),
        ("expect scores: honesty 100", "cannot read 'honesty 100'"),
        ("expect scores: overall >= not assessed", "takes no comparison"),
        ("expect mood: happy", "unknown expectation"),
        ("expect moments: P1 turn 2", "'RULE at turn N'"),
        ("expect fail reasons: stalled", "in quotes"),
        ("choose two", "unknown line"),
    ],
)
def test_a_mistake_in_a_script_names_its_line(tmp_path: Path, line: str, error: str) -> None:
    path = tmp_path / "bad.play"
    path.write_text(f"scenario: tests/data/mini.yaml\n# a comment\n{line}\n", encoding="utf-8")
    with pytest.raises(ScriptError, match=f"^bad.play:3: .*{error}"):
        read_script(path)


@pytest.mark.parametrize(
    ("expectation", "says"),
    [
        ("expect scores: overall > 100", "expected overall > 100, scored"),
        ("expect scores: pricing_timing not assessed", "expected pricing_timing not assessed"),
        ("expect scores: failed", "passed is True"),
        ("expect tier: proficient", "the tier is excellent"),
        ("expect taboos: T-overpromise", "taboos broken: []"),
        ("expect costly rules: P3", "['P3'] not among the costliest"),
        ("expect moments: N4 at turn 31", "no moment of N4 at turn 31"),
        ('expect fail reasons: "stalled"', "'stalled' not in the reasons"),
    ],
)
def test_a_score_line_that_does_not_hold_fails_there(
    tmp_path: Path, expectation: str, says: str
) -> None:
    path = textbook_with(tmp_path, expectation)
    last = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(AssertionError, match=f"^textbook.play:{last}: .*{re.escape(says)}"):
        play(read_script(path))


def test_bounds_are_scores_a_trainer_accepts(tmp_path: Path) -> None:
    bounds = "expect scores: overall >= 75, questioning > 88, next_step <= 100, listening < 101"
    session = play(read_script(textbook_with(tmp_path, bounds)))
    assert session.ending is not None and session.ending.id == "won_contract"


def textbook_with(tmp_path: Path, line: str) -> Path:
    """The textbook script with one more line at its end."""
    text = (PLANS / "campus-textbook-order.play").read_text(encoding="utf-8")
    path = tmp_path / "textbook.play"
    path.write_text(text + line + "\n", encoding="utf-8")
    return path
