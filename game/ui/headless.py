"""Driving the game without a person: posted key, text and mouse events, frame by frame.

Tests, the benchmark and the screenshot tool use these helpers under the dummy video
driver (``SDL_VIDEODRIVER=dummy``), so they exercise the same event handling as a trainee's
keyboard and mouse: nothing here calls a screen or the session directly.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import pygame

from game.engine import Session, Status, load_scenario
from game.engine.session import drive
from game.ui.app import App
from game.ui.screens.meeting import MeetingScreen

DIGITS = {n: getattr(pygame, f"K_{n}") for n in range(1, 10)}


def press(key: int, mod: int = 0, unicode: str = "") -> None:
    pygame.event.post(
        pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0)
    )
    pygame.event.post(
        pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=unicode, scancode=0)
    )


def type_text(text: str) -> None:
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))


def click(pos: tuple[int, int]) -> None:
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
    )
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))


def settle(app: App, frames: int = 2, dt: float = 1 / 60) -> None:
    """Run a few frames so posted events are handled and the result drawn."""
    for _ in range(frames):
        app.step(dt=dt)


def play_choices(app: App, numbers: Sequence[int], *, frames: int = 1) -> None:
    """Answer each prompt with the next number key, pressing Space past lines without choices.

    Mirrors terminal play's ``--choices``: one number per prompt, in order.
    """
    for number in numbers:
        _listen(app, frames)
        screen = app.top
        if not isinstance(screen, MeetingScreen) or screen.view.status is not Status.CHOOSING:
            raise AssertionError(f"no prompt to answer {number} on {screen.name}")
        press(DIGITS[number])
        settle(app, frames)
    _listen(app, frames)


def _listen(app: App, frames: int) -> None:
    for _ in range(1000):
        screen = app.top
        if not (isinstance(screen, MeetingScreen) and screen.view.status is Status.LISTENING):
            return
        press(pygame.K_SPACE)
        settle(app, frames)


#: How likely a walk picks each move: a patient seller asks and verifies more than pitches.
_WEIGHTS = {"question": 5, "verify": 5, "acknowledge": 4, "next_step": 4, "small_talk": 0.3}


def long_walk(scenario: Path, seeds: int = 20) -> list[int]:
    """Choice numbers (as ``--choices`` takes them) for a long play of ``scenario``.

    The longest of a few seeded random walks that favour questions over pitches: a path
    deep into the scenario that stays valid when a trainer rewrites it.
    """
    sc = load_scenario(scenario)
    best: list[int] = []
    for seed in range(seeds):
        rng = random.Random(seed)
        numbers: list[int] = []

        def pick(session: Session, rng: random.Random = rng, numbers: list[int] = numbers) -> int:
            offered = session.offered()
            chosen = rng.choices(offered, [_WEIGHTS.get(c.move, 1.0) for c in offered])[0]
            numbers.append(chosen.number)
            return chosen.number

        drive(Session(sc), pick)
        if len(numbers) > len(best):
            best = numbers
    return best
