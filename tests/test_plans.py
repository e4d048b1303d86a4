"""``salessim test``: a trainer's test plans (``*.play``) run against their scenario, and a
line that does not hold says where, what it expected and what happened."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.cli import main

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "scenarios" / "plans"


def test_the_shipped_plans_pass(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(ROOT / "scenarios")]) == 0
    out = capsys.readouterr().out
    count = len(list(PLANS.glob("*.play")))
    assert count >= 10 and out.strip().endswith(f"{count} plans: {count} passed")
    assert "campus-textbook-order.play  (31 choices → won_contract, overall 100)" in out


def trainer_folder(tmp_path: Path, change: tuple[str, str] | None = None) -> Path:
    """A trainer's own folder: the scenario and one plan beside it (``scenario:`` by id)."""
    shutil.copy(ROOT / "scenarios" / "campus-security.yaml", tmp_path)
    text = (PLANS / "campus-textbook-order.play").read_text(encoding="utf-8")
    if change is not None:
        assert change[0] in text
        text = text.replace(*change)
    (tmp_path / "textbook.play").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_scenario_file_runs_the_plans_beside_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = trainer_folder(tmp_path)
    (folder / "other.play").write_text("scenario: some-other-id\n", encoding="utf-8")
    assert main(["test", "--quiet", str(folder / "campus-security.yaml")]) == 0
    assert capsys.readouterr().out.strip() == "1 plan: 1 passed"


def test_a_failing_line_prints_what_was_expected_and_what_happened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = trainer_folder(tmp_path, ("expect ending: won_contract", "expect ending: lost"))
    assert main(["test", str(folder)]) == 1
    out = capsys.readouterr().out.splitlines()
    line = next(i for i, t in enumerate(out) if t.startswith("FAIL"))
    assert out[line].startswith(f"FAIL {folder / 'textbook.play'}:") and "won_contract" in out[line]
    assert out[line + 1].split() == ["expected:", "lost"]
    assert out[line + 2].split() == ["got:", "won_contract"]
    assert out[-1] == "1 plan: 0 passed, 1 failed"


def test_a_bound_on_a_score_that_does_not_hold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = trainer_folder(
        tmp_path, ("expect outcome: order", "expect outcome: order\nexpect scores: next_step <= 50")
    )
    assert main(["test", str(folder / "textbook.play")]) == 1
    out = capsys.readouterr().out
    assert "expected next_step <= 50, scored 100" in out


def test_nothing_to_run_is_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"salessim: no test plans (*.play) found in {tmp_path}"
