"""UI tests run headless: the dummy SDL drivers are chosen before pygame is imported."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui.app import App, _namespace  # noqa: E402
from ui_support import AppFactory  # noqa: E402


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
        app = App(_namespace(**args), size=size, scenario_dirs=dirs)
        made.append(app)
        app.step(dt=0)
        return app

    yield factory
    for app in made:
        app.close()
    pygame.event.clear()
