"""My progress, from the title screen: the remembered trainee's sessions in the records store,
drawn at the smallest and a large window, and its empty states."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from cli_support import salessim
from test_screens import SIZES, assert_drawn
from ui_support import MINI, AppFactory

from game.ui import messages as msg
from game.ui.headless import press, settle
from game.ui.screens.progress import ProgressScreen

pytestmark = pytest.mark.ui


def played(trainee: str, *paths: str) -> None:
    for choices in paths:
        proc = salessim(
            "play", "--text", str(MINI), "--choices", choices, "--trainee", trainee
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_my_progress_shows_the_trainees_sessions(
    make_app: AppFactory, size: tuple[int, int], lang: str
) -> None:
    order = "1,3,1,1,3,1,2,1"  # the textbook path: an order
    played("Ann", "5,2", order)
    played("Bo", order)  # someone else's session is not Ann's progress
    app = make_app(size=size, lang=lang, trainee="Ann")
    assert "progress" in [b.key for b in app.top.buttons]
    app.post(msg.GoProgress())
    settle(app)
    assert_drawn(app, "progress")
    screen = app.top
    assert isinstance(screen, ProgressScreen)
    progress = screen.progress
    assert progress.problem is None and len(progress.attempts) == 2
    assert [a.passed for a in progress.attempts] == [False, True]  # oldest first
    assert progress.rules and progress.rules[0].share <= progress.rules[-1].share  # type: ignore[operator]
    assert progress.titles["mini"]["en"]
    press(pygame.K_ESCAPE)
    settle(app)
    assert app.top.name == "title"


def test_my_progress_without_a_name_or_sessions_says_what_to_do(make_app: AppFactory) -> None:
    app = make_app(lang="en")
    app.post(msg.GoProgress())
    settle(app)
    assert_drawn(app, "progress")
    screen = app.top
    assert isinstance(screen, ProgressScreen)
    assert screen.progress.trainee == "" and screen.progress.attempts == []
    app = make_app(lang="en", trainee="Nobody Yet")
    app.post(msg.GoProgress())
    settle(app)
    assert_drawn(app, "progress")


def test_my_progress_when_the_store_cannot_be_read(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app(lang="zh", trainee="Ann", db="postgresql://nobody:secret@127.0.0.1:1/none")
    app.post(msg.GoProgress())
    settle(app)
    assert_drawn(app, "progress")
    screen = app.top
    assert isinstance(screen, ProgressScreen)
    assert screen.progress.problem and "cannot open the records store" in screen.progress.problem
