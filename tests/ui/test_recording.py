"""The window records every session through the same attempt pipeline as terminal play."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from ui_support import MINI, MINI_ORDER

from game.attempt import records_dir
from game.cli import main as cli_main
from game.record.files import read_record
from game.records import Store
from game.scoring import load_rubric_text
from game.ui.app import App, play_args
from game.ui.headless import play_choices, press, settle


def begin_meeting(app: App) -> None:
    """From the briefing the app opened on, into the meeting."""
    app.step(dt=0)
    press(pygame.K_RETURN)
    settle(app)


def test_a_window_session_is_recorded_by_default_and_scored_with_the_rubric() -> None:
    strict = load_rubric_text("overall: {pass_mark: 100}\n", "strict.yaml")
    app = App(play_args(scenario=str(MINI), lang="en", trainee="Ann"), rubric=strict)
    try:
        begin_meeting(app)
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
    (stored,) = Store().sessions()  # and in the trainee's own records store
    assert stored.session_id == record["session_id"] and stored.overall == report.overall


def test_leaving_mid_meeting_keeps_a_scored_partial_record() -> None:
    app = App(play_args(scenario=str(MINI), lang="en"))
    try:
        begin_meeting(app)
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


def test_the_debrief_says_where_the_record_is() -> None:
    app = App(play_args(scenario=str(MINI), lang="en"))
    try:
        begin_meeting(app)
        play_choices(app, MINI_ORDER)
        for _ in range(20):
            if app.top.name == "debrief":
                break
            press(pygame.K_SPACE)
            settle(app)
        assert app.top.name == "debrief"
        assert app.play is not None
        note = app.top.record_note  # type: ignore[attr-defined]
        assert note == ("muted", f"Record saved: {app.play.saved[0]}")
    finally:
        app.close()


def test_a_record_that_cannot_be_written_is_said_on_the_debrief(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    app = App(play_args(scenario=str(MINI), lang="en", json_out=blocker / "run.json"))
    try:
        begin_meeting(app)
        assert app.play is not None and app.play.problems
        assert "not recorded" in app.play.problems[0]
        play_choices(app, MINI_ORDER)
        for _ in range(20):
            if app.top.name == "debrief":
                break
            press(pygame.K_SPACE)
            settle(app)
        assert app.top.record_note[0] == "warn"  # type: ignore[attr-defined]
    finally:
        app.close()


def test_the_window_shuffles_choices_from_a_seed_it_records() -> None:
    app = App(play_args(scenario=str(MINI), lang="en", no_shuffle=False))
    try:
        begin_meeting(app)
        assert app.play is not None
        seed = app.play.session.choice_seed
        assert isinstance(seed, int)
        assert app.play.session.events[0].choice_seed == seed  # type: ignore[attr-defined]
    finally:
        app.close()


def test_the_window_debrief_shows_the_trainees_earlier_attempts() -> None:
    for _ in range(2):
        app = App(play_args(scenario=str(MINI), lang="en", trainee="Ann"))
        try:
            begin_meeting(app)
            play_choices(app, MINI_ORDER)
            while app.top.name == "meeting":  # past the last lines, to the debrief
                press(pygame.K_SPACE)
                settle(app)
            assert app.play is not None
            overall = app.play.report.overall if app.play.report else None
            attempts = getattr(app.top, "attempts", None)  # what the debrief screen shows
            assert app.top.name == "debrief"
        finally:
            app.close()
    assert attempts == [overall, overall]  # the second debrief: both attempts, this one last
