"""Project-wide bars: lint and types are clean, the engine stays pure, docs stay in sync."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine.diagnostics import CATALOGUE

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> list[str]:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (it comes with the 'test' extra)")
    return [found]


def test_ruff_is_clean() -> None:
    proc = subprocess.run([*_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_is_clean() -> None:
    proc = subprocess.run(_tool("mypy"), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("package", ["game.engine", "game.scoring", "game.cli", "game.terminal"])
def test_pure_packages_import_no_pygame(package: str) -> None:
    code = f"import sys, {package}; assert 'pygame' not in sys.modules, 'pygame imported'"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_no_eval_or_exec_in_the_game() -> None:
    offenders = []
    for path in (ROOT / "game").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.split("#", 1)[0]
            if any(f"{word}(" in stripped.replace(f".{word}(", "") for word in ("eval", "exec")):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


def test_every_diagnostic_code_is_documented_and_used() -> None:
    doc = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "game").rglob("*.py"))
    for code in CATALOGUE:
        assert f"| {code} |" in doc, f"{code} missing from docs/diagnostics.md"
        assert sources.count(f'"{code}"') >= 2, f"{code} is catalogued but never raised"


def test_readme_commands_match_ci() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = 'python3 -m pip install -e ".[test]" && python3 -m pytest'
    assert test_command in readme and test_command in ci
    assert "python3 -m pip install -e . && salessim" in readme
