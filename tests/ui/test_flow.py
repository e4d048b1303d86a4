"""Whole play-throughs driven by posted keys and clicks, and what they leave on disk."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pygame
import pytest
from ui_support import CAMPUS, CAMPUS_LONG, CAMPUS_OTHER, MINI, MINI_ORDER, AppFactory

from game.cli import main as cli_main
from game.engine import Status
from game.paths import default_scenario
from game.record import TraineeMove
from game.record.files import read_record
from game.ui import messages as msg
from game.ui.headless import click, play_choices, press, settle, type_text
from game.ui.screens.meeting import MeetingScreen
from game.ui.settings import load_settings

pytestmark = pytest.mark.ui


def terminal_record(scenario: Path, choices: list[int], tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "terminal.json"
    code = cli_main(
        [
            "play",
            "--text",
            str(scenario),
            "--choices",
            ",".join(map(str, choices)),
            "--json-out",
            str(out),
        ]
    )
    assert code == 0
    record: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return record


def choice_ids(record: dict[str, Any]) -> list[str]:
    return [e["choice"] for e in record["events"] if e["kind"] == "choice"]


@pytest.mark.parametrize(
    ("scenario", "choices"),
    [(MINI, MINI_ORDER), (CAMPUS, CAMPUS_LONG), (CAMPUS, CAMPUS_OTHER)],
    ids=["mini", "campus-long", "campus-other"],
)
def test_keyboard_play_through_matches_terminal_play(
    make_app: AppFactory, tmp_path: Path, scenario: Path, choices: list[int]
) -> None:
    out = tmp_path / "game.json"
    app = make_app(scenario=str(scenario), json_out=out, trainee="Li Lei", lang="zh")
    assert app.top.name == "briefing"
    press(pygame.K_RETURN)
    settle(app)
    assert app.top.name == "meeting"
    play_choices(app, choices)
    settle(app, 5)  # the line, the choices, the history and the notes, one per frame
    screen = app.top
    assert isinstance(screen, MeetingScreen)
    assert screen.view.status is Status.ENDED
    ending = screen.view.ending
    assert ending is not None
    if screen.holding:  # the meeting ended on a buyer's line: it is shown first, in its voice
        line = screen.view.line
        assert line is not None and screen.block is not None
        assert screen.speaker == line.speaker and line.text.startswith(screen.block.lines[0][:8])
        press(pygame.K_SPACE)
        settle(app)
        assert not screen.holding and app.top is screen
    # then the ending, as narration (no speaker) with its outcome
    assert screen.speaker is None and screen._line_text() == ending.text
    assert screen.history[-1].text == ending.text
    press(pygame.K_SPACE)
    settle(app)
    assert app.top.name == "debrief"
    game = json.loads(out.read_text(encoding="utf-8"))
    text = terminal_record(scenario, choices, tmp_path)
    assert game["status"] == text["status"] == "finished"
    assert (game["outcome"], game["ending"], game["final_stage"]) == (
        text["outcome"],
        text["ending"],
        text["final_stage"],
    )
    assert choice_ids(game) == choice_ids(text)
    assert game["trainee"] == "Li Lei"
    assert game["language"] == "zh"
    assert "scores" in game and game["scores"]["overall"] is not None


def test_mouse_alone_plays_to_the_debrief(make_app: AppFactory, tmp_path: Path) -> None:
    out = tmp_path / "mouse.json"
    app = make_app(scenario=str(MINI), json_out=out, lang="en")
    click(app.top.button_rect(app.top.buttons[0]).center)  # "Start the meeting"
    settle(app)
    for _ in range(50):
        screen = app.top
        if screen.name == "debrief":
            break
        assert isinstance(screen, MeetingScreen)
        target = screen.choices[0]  # first choice, "continue" or "see your debrief"
        click(screen.button_rect(target).center)
        settle(app, 4)  # the new line, then its choices, on the frames after the click
    assert app.top.name == "debrief"
    assert json.loads(out.read_text(encoding="utf-8"))["status"] == "finished"


def test_number_keys_answer_while_the_line_is_still_appearing(make_app: AppFactory) -> None:
    app = make_app(scenario=str(MINI), lang="en")
    press(pygame.K_RETURN)
    app.step(dt=0)
    screen = app.top
    assert isinstance(screen, MeetingScreen)
    assert screen.revealing
    press(pygame.K_1)
    app.step(dt=0)
    assert app.play is not None
    assert [e.choice for e in app.play.session.events if isinstance(e, TraineeMove)] == ["hello.1"]


def test_tab_and_enter_press_the_focused_choice(make_app: AppFactory) -> None:
    app = make_app(scenario=str(MINI), lang="en")
    press(pygame.K_RETURN)
    settle(app)
    press(pygame.K_TAB)
    press(pygame.K_DOWN)
    press(pygame.K_UP)
    press(pygame.K_TAB)  # focus: choice 1 -> 2 -> 3 -> 2 -> 3
    press(pygame.K_RETURN)
    settle(app)
    assert app.play is not None
    taken = [e.to_dict() for e in app.play.session.events if isinstance(e, TraineeMove)]
    assert taken[-1]["number"] == 3


def test_title_name_and_picker_flow_remembers_the_name(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app(scenario_dirs=[MINI.parent], lang="zh")
    assert app.top.name == "title"
    press(pygame.K_RETURN)  # Start
    settle(app)
    assert app.top.name == "name"
    type_text("王")
    type_text("小明")
    press(pygame.K_RETURN)
    settle(app)
    assert app.top.name == "picker"
    assert load_settings().trainee == "王小明"
    press(pygame.K_RETURN)
    settle(app)
    assert app.top.name == "briefing"
    assert app.play is not None and app.play.trainee == "王小明"
    again = make_app()
    press(pygame.K_RETURN)
    settle(again)
    assert again.top.name == "name"
    assert again.top.input.text == "王小明"  # type: ignore[attr-defined]


def test_language_toggle_switches_and_is_remembered(make_app: AppFactory) -> None:
    app = make_app(lang="zh")
    press(pygame.K_LEFT)  # focus moves from Start to English
    press(pygame.K_RETURN)
    settle(app)
    assert app.ui.lang == "en"
    assert load_settings().language == "en"
    assert make_app().ui.lang == "en"


def test_pause_menu_quit_keeps_the_record(make_app: AppFactory, tmp_path: Path) -> None:
    out = tmp_path / "quit.json"
    app = make_app(scenario=str(MINI), json_out=out, lang="en")
    press(pygame.K_RETURN)
    settle(app)
    play_choices(app, [1])
    press(pygame.K_ESCAPE)
    settle(app)
    assert app.top.name == "pause"
    for _ in range(3):
        press(pygame.K_DOWN)  # resume -> restart -> menu -> quit
    press(pygame.K_RETURN)
    settle(app)
    assert not app.running
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["status"] == "abandoned"
    assert len(choice_ids(record)) == 1


def test_closing_the_window_keeps_the_record(make_app: AppFactory, tmp_path: Path) -> None:
    out = tmp_path / "closed.json"
    app = make_app(scenario=str(MINI), json_out=out, lang="en")
    press(pygame.K_RETURN)
    settle(app)
    play_choices(app, [1])
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    settle(app)
    assert not app.running
    assert json.loads(out.read_text(encoding="utf-8"))["status"] == "abandoned"


def test_restart_keeps_the_previous_attempt(make_app: AppFactory, tmp_path: Path) -> None:
    out = tmp_path / "rec.json"
    app = make_app(scenario=str(MINI), json_out=out, lang="en")
    press(pygame.K_RETURN)
    settle(app)
    play_choices(app, [1])
    press(pygame.K_ESCAPE)
    press(pygame.K_DOWN)
    press(pygame.K_RETURN)  # Restart
    settle(app)
    assert app.top.name == "meeting"
    play_choices(app, MINI_ORDER)
    kept = json.loads((tmp_path / "rec.1.json").read_text(encoding="utf-8"))
    assert kept["status"] == "abandoned"
    assert json.loads(out.read_text(encoding="utf-8"))["status"] == "finished"


def test_f5_reloads_and_shows_diagnostics_when_the_edit_broke_it(
    make_app: AppFactory, tmp_path: Path
) -> None:
    path = tmp_path / "mini.yaml"
    shutil.copy(MINI, path)
    app = make_app(scenario=str(path), lang="en")
    press(pygame.K_RETURN)
    settle(app)
    play_choices(app, [1])
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("start: hello", "start: nowhere"), encoding="utf-8")
    press(pygame.K_F5)
    settle(app)
    assert app.top.name == "error"
    assert any(f"{path}:" in line and ":" in line for line in app.top.lines)  # type: ignore[attr-defined]
    press(pygame.K_ESCAPE)
    settle(app)
    assert app.top.name == "meeting"  # the old session goes on
    assert app.play is not None and len(choice_ids(app.play.session.record())) == 1
    path.write_text(
        good.replace("Our network goes down every week.", "The network is down again."),
        encoding="utf-8",
    )
    press(pygame.K_F5)
    settle(app)
    screen = app.top
    assert isinstance(screen, MeetingScreen)
    assert screen.view.line is not None and screen.view.line.text == "The network is down again."
    assert choice_ids(app.play.session.record()) == []


def test_a_broken_scenario_on_the_command_line_shows_its_problems(
    make_app: AppFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(
        MINI.read_text(encoding="utf-8").replace("role: user", "role: boss"), encoding="utf-8"
    )
    app = make_app(scenario=str(path), lang="en")
    assert app.top.name == "error"
    err = capsys.readouterr().err
    assert f"{path}:" in err
    press(pygame.K_ESCAPE)
    settle(app)
    assert app.top.name == "title"


def test_an_unknown_scenario_name_is_an_error_screen_not_a_crash(make_app: AppFactory) -> None:
    app = make_app(scenario="no-such-scenario", lang="en")
    assert app.top.name == "error"


def test_a_second_scenario_in_the_same_run_keeps_the_first_record(
    make_app: AppFactory, tmp_path: Path
) -> None:
    out = tmp_path / "run.json"
    app = make_app(scenario=str(MINI), json_out=out, lang="en")
    press(pygame.K_RETURN)
    settle(app)
    play_choices(app, MINI_ORDER)
    app.post(msg.OpenScenario(MINI))  # as the picker does
    app.post(msg.StartMeeting())
    settle(app)
    assert json.loads((tmp_path / "run.1.json").read_text(encoding="utf-8"))["status"] == "finished"
    assert not out.exists()  # the second attempt is still being journalled
    assert read_record(out)["status"] == "abandoned"  # what a crash now would leave


def test_a_trainee_given_on_the_command_line_is_not_remembered(
    make_app: AppFactory, tmp_path: Path
) -> None:
    """--trainee names this run's sessions; the remembered name changes only when one is
    typed on the name screen."""
    app = make_app(scenario_dirs=[MINI.parent], lang="en", trainee="Visitor")
    press(pygame.K_RETURN)  # Start: the name screen, holding "Visitor"
    settle(app)
    press(pygame.K_RETURN)
    settle(app)
    assert app.top.name == "picker" and app.trainee == "Visitor"
    assert load_settings().trainee == ""
    app.post(msg.GoName())
    settle(app)
    type_text("2")
    press(pygame.K_RETURN)
    settle(app)
    assert load_settings().trainee == "Visitor2"


def test_play_without_a_scenario_opens_the_built_in_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """'salessim play --lang en' opens the built-in scenario; bare 'salessim' the title."""
    import game.ui.app

    opened: list[tuple[object, str]] = []

    def first_screen(args: Any, rubric: Any = None) -> int:
        """The real window with the command's arguments, closed after its first screen."""
        app = game.ui.app.App(args)
        opened.append((args.scenario, app.top.name))
        app.close()
        return 0

    monkeypatch.setattr(game.ui.app, "run_app", first_screen)
    assert cli_main(["play", "--lang", "en"]) == 0
    assert cli_main([]) == 0
    assert opened == [(str(default_scenario()), "briefing"), (None, "title")]
