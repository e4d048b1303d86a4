"""The window records every session through the same attempt pipeline as terminal play."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from ui_support import MINI, MINI_ORDER

from game.attempt import records_dir
from game.cli import main as cli_main
from game.record.files import read_record
from game.scoring import load_rubric_text
from game.ui.app import App, play_args
from game.ui.headless import play_choices, press, settle


def test_a_window_session_is_recorded_by_default_and_scored_with_the_rubric() -> None:
    strict = load_rubric_text("overall: {pass_mark: 100}\n", "strict.yaml")
    app = App(play_args(scenario=str(MINI), lang="en", trainee="Ann"), rubric=strict)
    try:
        app.step(dt=0)
        press(pygame.K_RETURN)
        settle(app)
        play_choices(app, MINI_ORDER)
        assert app.play is not None and app.play.session.finished
        report = app.play.report
        assert report is not None and report.pass_mark == 100 and not report.passed
        saved = app.play.saved
    finally:
        app.close()
    assert len(saved) == 1 and saved[0].startswith(str(records_dir()))
    record = read_record(saved[0])
    assert record["trainee"] == "Ann" and record["status"] == "finished"
    assert record["scores"] == report.to_dict()


def test_leaving_mid_meeting_keeps_a_scored_partial_record() -> None:
    app = App(play_args(scenario=str(MINI), lang="en"))
    try:
        app.step(dt=0)
        press(pygame.K_RETURN)
        settle(app)
        play_choices(app, MINI_ORDER[:1])
    finally:
        app.close()  # the window closes mid-meeting
    (saved,) = records_dir().glob("*.json")
    record = read_record(saved)
    assert record["status"] == "abandoned" and record["scores"]["partial"] is True


def test_the_window_checks_json_out_and_rubric_before_it_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = tmp_path / "taken.json"
    taken.write_text("{}", encoding="utf-8")
    assert cli_main(["play", str(MINI), "--json-out", str(taken)]) == 2
    assert "--force" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text("overall: {pass_mark: high}\n", encoding="utf-8")
    assert cli_main(["play", str(MINI), "--rubric", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:1:" in err and "Traceback" not in err
