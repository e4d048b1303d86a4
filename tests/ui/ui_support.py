"""Shared constants for the UI tests (the dummy drivers are chosen before pygame loads)."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from collections.abc import Callable
from pathlib import Path

from game.ui.app import App
from game.ui.headless import long_walk

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "mini.yaml"
CAMPUS = ROOT / "scenarios" / "campus-security.yaml"

#: mini.yaml, answered as terminal play's --choices would: question, verify, jump, pilot, sign.
MINI_ORDER = [1, 1, 1, 1, 1]

AppFactory = Callable[..., App]

#: Long plays of the default scenario, found by seeded walks so they survive its edits.
CAMPUS_LONG = long_walk(CAMPUS, seeds=100)
CAMPUS_OTHER = long_walk(CAMPUS, seeds=5)
