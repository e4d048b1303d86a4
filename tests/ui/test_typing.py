"""Typing mode in the window: the switch is remembered; a typed line is counted as a choice
(and can be taken back), confirmed from a list, or after two misses picked from the menu;
the record keeps what was typed."""

from __future__ import annotations

import time

import pygame
import pytest
from ui_support import CAMPUS, AppFactory

from game.record import TraineeMove
from game.ui import messages as msg
from game.ui.app import App
from game.ui.headless import press, settle, type_text
from game.ui.screens.meeting import CONFIRM, COUNTED, MATCHING, MENU, TYPE, MeetingScreen
from game.ui.settings import load_settings

pytestmark = pytest.mark.ui


def meeting(make_app: AppFactory) -> tuple[App, MeetingScreen]:
    app = make_app(scenario=str(CAMPUS), lang="en", trainee="Ann")
    app.post(msg.ToggleTyping())
    settle(app)
    assert app.ui.typing and load_settings().answer_mode == "type"
    press(pygame.K_RETURN)  # the briefing's Start
    settle(app)
    screen = app.top
    assert isinstance(screen, MeetingScreen)
    settle(app, 6)
    return app, screen


def send(app: App, screen: MeetingScreen) -> None:
    """Enter in the entry; frames go on while the line is matched off the UI thread."""
    press(pygame.K_RETURN)
    settle(app)
    deadline = time.monotonic() + 30
    while screen.phase == MATCHING and time.monotonic() < deadline:
        time.sleep(0.01)
        settle(app)
    assert screen.phase != MATCHING


def moves(screen: MeetingScreen) -> list[TraineeMove]:
    return [e for e in screen.play.session.events if isinstance(e, TraineeMove)]


def test_the_switch_is_remembered(make_app: AppFactory) -> None:
    app = make_app(lang="en")
    app.post(msg.ToggleTyping())
    settle(app)
    again = make_app(lang="en")
    assert again.ui.typing


def test_a_clear_line_counts_as_a_choice_and_can_be_taken_back(make_app: AppFactory) -> None:
    app, screen = meeting(make_app)
    assert screen.phase == TYPE and not [b for b in screen.choices if b.kind == "choice"]
    type_text("how does security run day to day at the parks now")
    press(pygame.K_1)  # digits are typed, not answers: the key does nothing,
    type_text("1")  # the text event (SDL sends both) types it
    settle(app)
    assert screen.entry.text.endswith("now1") and not moves(screen)
    press(pygame.K_BACKSPACE)
    send(app, screen)
    assert screen.phase == COUNTED and screen.found is not None
    assert screen.found.best == "start.3"
    press(pygame.K_BACKSPACE)  # take it back: the words stay, to edit
    settle(app)
    assert screen.phase == TYPE and screen.entry.text.endswith("parks now")
    send(app, screen)
    press(pygame.K_RETURN)  # Say it
    settle(app, 6)
    (first,) = moves(screen)
    assert first.choice == "start.3" and first.typed is not None
    assert first.typed.how == "auto" and first.typed.rephrased == [first.typed.words]
    said = [s.text for s in screen.history if s.turn == first.turn]
    assert said and "Counted as: " in said[0] and said[0].startswith(first.typed.words)


def test_two_misses_bring_the_menu(make_app: AppFactory) -> None:
    app, screen = meeting(make_app)
    for _ in range(2):
        type_text("hmm")
        send(app, screen)
        assert screen.phase == CONFIRM
        press(pygame.K_0)  # none of these: not a move
        settle(app)
        assert not moves(screen)
    assert screen.phase == MENU
    assert len([b for b in screen.choices if b.kind == "choice"]) == len(screen.view.choices)
    press(pygame.K_2)
    settle(app, 6)
    (first,) = moves(screen)
    assert first.choice == screen.play.scenario.choice_id("start", 1) or first.number == 2
    assert first.typed is not None and first.typed.how == "menu"
    assert first.typed.rephrased == ["hmm", "hmm"]
