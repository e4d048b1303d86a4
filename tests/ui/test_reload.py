"""F5 and opening scenarios: whatever a trainer's edit does to the file, the window stays
open and the problems screen says what is wrong, in one line per problem."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pygame
import pytest
from ui_support import MINI, AppFactory

from game import catalog
from game.ui import messages as msg
from game.ui.app import App
from game.ui.headless import play_choices, press, settle
from game.ui.screens.error import ErrorScreen
from game.ui.screens.meeting import MeetingScreen
from game.ui.screens.picker import PickerScreen

pytestmark = pytest.mark.ui

BREAKAGES = {
    "vertical-tab-in-a-comment": lambda good: "# a \x0b comment\n" + good,
    "nul": lambda good: good.replace("Mini deal", "Mini\x00deal"),
    "both": lambda good: "# \x0b\n" + good + "\x00",
    "not-yaml": lambda good: good.replace("nodes:", "nodes: [", 1),
}


@pytest.fixture(autouse=True)
def fresh_catalogue() -> None:
    catalog.clear_cache()


def in_a_meeting(make_app: AppFactory, path: Path) -> App:
    app = make_app(scenario=str(path), lang="en")
    press(pygame.K_RETURN)
    settle(app)
    play_choices(app, [1])
    assert isinstance(app.top, MeetingScreen)
    return app


def problems(app: App) -> list[str]:
    screen = app.top
    assert isinstance(screen, ErrorScreen), screen.name
    return screen.lines


@pytest.mark.parametrize("breakage", BREAKAGES, ids=list(BREAKAGES))
def test_f5_on_a_broken_file_shows_its_problems_and_keeps_the_window(
    make_app: AppFactory, tmp_path: Path, breakage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mini.yaml"
    shutil.copy(MINI, path)
    app = in_a_meeting(make_app, path)
    good = path.read_text(encoding="utf-8")
    path.write_text(BREAKAGES[breakage](good), encoding="utf-8")
    press(pygame.K_F5)
    settle(app)
    assert app.running
    lines = problems(app)
    assert lines and all(line.startswith(f"{path}:") and "\n" not in line for line in lines)
    assert f"{path}:" in capsys.readouterr().err
    press(pygame.K_F5)  # still broken: the problems again, not a second overlay
    settle(app)
    assert app.running and problems(app) and len(app.stack) == 2
    path.write_text(good, encoding="utf-8")
    press(pygame.K_F5)
    settle(app)
    assert app.running and isinstance(app.top, MeetingScreen) and len(app.stack) == 1


@pytest.mark.parametrize("where", ["load", "restart"])
def test_any_exception_during_f5_is_one_line_on_the_problems_screen(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    path = tmp_path / "mini.yaml"
    shutil.copy(MINI, path)
    app = in_a_meeting(make_app, path)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something nobody\nforesaw")

    if where == "load":
        monkeypatch.setattr(catalog, "load", boom)
    else:
        assert app.play is not None
        monkeypatch.setattr(app.play, "restart", boom)
    press(pygame.K_F5)
    settle(app)
    assert app.running
    assert problems(app) == [
        f"{path}: cannot load the scenario (RuntimeError: something nobody foresaw)"
    ]
    monkeypatch.undo()
    press(pygame.K_F5)
    settle(app)
    assert app.running and isinstance(app.top, MeetingScreen)


def test_a_crash_opening_from_the_command_line_is_a_problem_too(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(path: Path) -> None:
        raise MemoryError

    monkeypatch.setattr(catalog, "load", boom)
    app = make_app(scenario=str(MINI), lang="en")
    assert app.running
    assert problems(app) == [f"{MINI}: cannot load the scenario (MemoryError)"]
    monkeypatch.undo()
    press(pygame.K_F5)
    settle(app)
    assert app.top.name == "briefing"


def test_the_picker_marks_broken_files_and_never_hangs(
    make_app: AppFactory, tmp_path: Path
) -> None:
    good = MINI.read_text(encoding="utf-8")
    shutil.copy(MINI, tmp_path / "a-good.yaml")
    (tmp_path / "b-tab.yaml").write_text("# \x0b\n" + good, encoding="utf-8")
    (tmp_path / "c-nul.yaml").write_text(good + "\x00", encoding="utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "d-pipe.yaml")
    app = make_app(lang="en", scenario_dirs=[tmp_path])
    app.post(msg.GoPicker())
    settle(app)
    screen = app.top
    assert isinstance(screen, PickerScreen)
    verdicts = {e.path.name: e.ok for e in screen.entries}
    assert verdicts.pop("a-good.yaml") is True
    assert not any(verdicts.values())
    app.draw(force=True)
    app.post(msg.OpenScenario(tmp_path / "c-nul.yaml"))
    settle(app)
    assert app.running and "Y105" in problems(app)[0]


def test_a_big_file_broken_past_its_header_is_marked_once_opened(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalog, "FULL_CHECK_BYTES", 100)  # mini.yaml now counts as big
    path = tmp_path / "late.yaml"
    path.write_text(MINI.read_text(encoding="utf-8").replace("goto: close", "goto: nowhere"))
    app = make_app(lang="en", scenario_dirs=[tmp_path])
    app.post(msg.GoPicker())
    settle(app)
    assert isinstance(app.top, PickerScreen) and app.top.entries[0].ok  # the header is fine
    press(pygame.K_RETURN)  # open it
    settle(app)
    assert any("nowhere" in line for line in problems(app))
    app.post(msg.GoPicker())
    settle(app)
    assert isinstance(app.top, PickerScreen)
    [entry] = app.top.entries
    assert not entry.ok and "nowhere" in entry.first_problem


def test_shift_f5_restarts_at_the_meeting_under_way(
    make_app: AppFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A trainer editing the second meeting presses Shift+F5: the edited file is played,
    by the same choices, to the start of that meeting; if the edit removed the way there,
    it starts from the beginning and says why."""
    from ui_support import MINI_ORDER

    from game.engine import Status
    from game.record import TraineeMove

    path = tmp_path / "mini.yaml"
    shutil.copy(MINI, path)
    app = make_app(scenario=str(path), lang="en")
    press(pygame.K_RETURN)
    settle(app)
    screen = app.top
    assert isinstance(screen, MeetingScreen)
    taken = 0
    for number in MINI_ORDER:  # play into the second meeting
        play_choices(app, [number])
        taken += 1
        if screen.view.meeting.number == 2:
            break
    assert screen.view.meeting.number == 2 and screen.view.status is not Status.ENDED
    play_choices(app, [3])  # one answer in the second meeting (the CFO's need-payoff)
    assert screen.view.meeting.number == 2
    path.write_text(path.read_text(encoding="utf-8").replace("Mr Wu", "Mr Wu Jr"), "utf-8")
    press(pygame.K_F5, mod=pygame.KMOD_SHIFT)
    settle(app, 4)
    again = app.top
    assert isinstance(again, MeetingScreen) and again is not screen
    assert again.view.meeting.number == 2
    session = app.play.session  # type: ignore[union-attr]
    moves = [e for e in session.events if isinstance(e, TraineeMove)]
    assert len(moves) == taken  # the choices before this meeting, not the one in it
    assert "Mr Wu Jr" in (again.view.line.speaker.name if again.view.line.speaker else "")  # type: ignore[union-attr]
    # an edit that removes the way there: from the start, with one line saying so
    path.write_text(
        path.read_text(encoding="utf-8").replace("goto: pain", "end: drift", 1), "utf-8"
    )
    press(pygame.K_F5, mod=pygame.KMOD_SHIFT)
    settle(app, 4)
    assert app.top.view.meeting.number == 1  # type: ignore[attr-defined]
    assert "no longer leads to this meeting" in capsys.readouterr().err
