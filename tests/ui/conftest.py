"""UI tests run headless: the dummy SDL drivers are chosen before pygame is imported."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ui_support import AppFactory

from game.ui.app import App, play_args


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings go to a fresh folder per test, never to the developer's own."""
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


@pytest.fixture
def make_app() -> Iterator[AppFactory]:
    """Build Apps (closed at the end of the test): ``make_app(size=..., scenario=...)``."""
    made: list[App] = []

    def factory(size: tuple[int, int] = (1280, 720), **args: Any) -> App:
        dirs = args.pop("scenario_dirs", None)
        app = App(play_args(**args), size=size, scenario_dirs=dirs)
        made.append(app)
        app.step(dt=0)
        return app

    yield factory
    for app in made:
        app.close()
