"""The UI's boundaries: the engine never imports pygame, and the UI decides nothing itself.

The game draws what the Session and the scoring hand out. These checks read the UI's
source (an AST scan) for the places where rules would creep in: reading a choice's or a
gate's condition, the flow targets, effects, or importing the engine's condition language,
buying-cycle machine or the scoring rules.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ui_support import ROOT

pytestmark = pytest.mark.ui

UI = ROOT / "game" / "ui"

#: Attributes that carry the scenario's branching or rules; the UI must not read them.
FORBIDDEN_ATTRIBUTES = {
    "requires",  # choice and gate conditions
    "goto",
    "pass_",
    "fail",
    "end",
    "effects",
    "once",
    "loop_back",
    "advance",
    "decision_points",
    "variables",
    "compiled",
    "cycle",
    "holds",
    "gate",
    "choice_requires",
    "try_advance",
    "_offered",
    "_state",
}
#: Modules holding the rules; the UI may use the Session, labels, trail and the score report.
FORBIDDEN_MODULES = (
    "game.engine.condition",
    "game.engine.cycle",
    "game.engine.checks",
    "game.scoring.questioning",
    "game.scoring.listening",
    "game.scoring.pricing",
    "game.scoring.next_step",
    "game.scoring.taboos",
    "game.scoring.tally",
)
#: Scoring functions that compute a verdict; the UI only calls score_record.
FORBIDDEN_NAMES = {"tier_of", "dimension_score", "overall_score", "verdict", "score_log"}


def _sources() -> list[Path]:
    return sorted(UI.rglob("*.py"))


def test_the_engine_and_scoring_import_no_pygame() -> None:
    code = "import sys, game.engine, game.scoring; assert 'pygame' not in sys.modules"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SDL_")}
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr


def test_only_the_ui_imports_pygame() -> None:
    offenders = []
    for path in (ROOT / "game").rglob("*.py"):
        if UI in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "pygame" or n.startswith(("pygame.", "pygame_gui")) for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_ui_holds_no_branching_or_scoring_logic() -> None:
    problems = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
                problems.append(f"{where}:{node.lineno}: reads .{node.attr}")
            elif isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith(FORBIDDEN_MODULES):
                    problems.append(f"{where}:{node.lineno}: imports {node.module}")
                for alias in node.names:
                    if alias.name in FORBIDDEN_NAMES:
                        problems.append(f"{where}:{node.lineno}: imports {alias.name}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith(FORBIDDEN_MODULES):
                        problems.append(f"{where}:{node.lineno}: imports {alias.name}")
    assert problems == []


def test_the_scan_would_catch_a_condition_read() -> None:
    """The scan itself works: a UI that peeked at a choice's condition would be flagged."""
    tree = ast.parse("if choice.requires: pass")
    assert any(
        isinstance(n, ast.Attribute) and n.attr in FORBIDDEN_ATTRIBUTES for n in ast.walk(tree)
    )


def test_no_display_is_one_line_and_exit_2() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY") and not k.startswith("SDL_")
    }
    proc = subprocess.run(
        [sys.executable, "-m", "game", "play"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "--text" in lines[0]
    assert "Traceback" not in proc.stderr


def test_run_app_reports_a_window_that_cannot_open(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pygame

    from game.ui import app

    def refuse(*args: object, **kwargs: object) -> pygame.Surface:
        raise pygame.error("no available video device")

    monkeypatch.setattr(pygame.display, "set_mode", refuse)
    assert app.run_app(app.play_args()) == 2
    err = capsys.readouterr().err
    assert "--text" in err and len(err.strip().splitlines()) == 1
