"""The window comes up before the engine loads: ``game.launch`` paints the game's backdrop
for the commands that open the window, using pygame and the theme alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from game.launch import opens_window

ROOT = Path(__file__).resolve().parent.parent


def test_which_commands_open_the_window_first() -> None:
    assert opens_window([])
    assert opens_window(["play"])
    assert opens_window(["play", "campus-security", "--lang", "en"])
    for argv in (
        ["play", "--text"],
        ["play", "--choices=1,2"],
        ["play", "--help"],
        ["validate", "scenarios"],
        ["report", "-o", "r.html"],
    ):
        assert not opens_window(argv), argv


def test_the_backdrop_is_painted_without_loading_the_engine(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from game.ui.backdrop import paint\n"
        "paint()\n"
        "heavy = [m for m in sys.modules if m.startswith(('pydantic', 'yaml', 'game.engine'))]\n"
        "assert not heavy, heavy\n"
        "import pygame\n"
        "surf = pygame.display.get_surface()\n"
        "assert surf is not None and surf.get_size() == (1280, 720)\n"
        "print(tuple(surf.get_at((5, 5)))[:3])\n"
    )
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", XDG_CONFIG_HOME=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "(22, 28, 39)"  # the theme's background
