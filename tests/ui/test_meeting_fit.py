"""Every choice the buyer offers is on screen: at the design size and at the smallest window
the game allows, in both languages, at every choice point the shipped scenarios can reach.

The choice points come from a search over the scenario's states (each distinct set of
choices on offer at a node once), so a long trap added to a rarely reached node fails here,
not in front of a trainee.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable
from pathlib import Path

import pygame
import pytest
from ui_support import AppFactory

from game.engine import Scenario, Session, Status
from game.engine.session import Snapshot
from game.ui.context import MIN_SIZE
from game.ui.headless import press, settle
from game.ui.screens.meeting import MeetingScreen

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


def choice_points(scenario: Scenario, language: str) -> list[Snapshot]:
    """One snapshot per distinct (node, choices on offer) the scenario can reach."""
    session = Session(scenario, language=language, choice_seed=None)
    session.advance_to_choice()
    found: dict[Hashable, Snapshot] = {}
    seen = {session.state_key(clock=False)}
    todo = deque([session.snapshot()])
    while todo:
        snap = todo.popleft()
        session.restore(snap)
        offered = session.offered()
        found.setdefault((session.node_id, tuple(c.id for c in offered)), snap)
        for choice in offered:
            session.restore(snap)
            session.choose(choice.number)
            while session.status is Status.LISTENING:
                session.proceed()
            if session.finished:
                continue
            key = session.state_key(clock=False)
            if key not in seen:
                seen.add(key)
                todo.append(session.snapshot())
    return list(found.values())


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
@pytest.mark.parametrize("size", [(1280, 720), MIN_SIZE], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_choice_is_visible(
    make_app: AppFactory, path: Path, size: tuple[int, int], lang: str
) -> None:
    app = make_app(scenario=str(path), lang=lang, size=size)
    press(pygame.K_RETURN)  # the briefing's Start
    settle(app)
    assert isinstance(app.top, MeetingScreen)
    play = app.play
    assert play is not None
    points = choice_points(play.scenario, lang)
    assert len(points) >= 10
    clipped = []
    for snap in points:
        play.session.restore(snap)
        screen = MeetingScreen(app.ui, play)
        screen.resize(*size)
        area = screen.choice_scroll.rect
        assert len(screen.choices) == len(play.session.offered()) >= 1
        out = [b.number for b in screen.choices if not area.contains(b.rect)]
        if out or screen.choice_scroll.max_offset > 0:
            clipped.append((play.session.node_id, out))
        # the line keeps its speaker's head and at least one line of text
        assert screen.line_scroll.rect.height >= screen.block.line_height  # type: ignore[union-attr]
    assert not clipped, f"choices cut off at {size} in {lang}: {clipped}"
