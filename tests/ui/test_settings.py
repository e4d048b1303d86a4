"""The settings file is read defensively: any damage means defaults and one line on stderr."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pygame
import pytest
from ui_support import AppFactory

from game.ui.headless import press, settle
from game.ui.settings import (
    MAX_BYTES,
    MAX_NAME,
    Settings,
    load_settings,
    save_settings,
    settings_path,
)

pytestmark = pytest.mark.ui


@pytest.fixture
def path(config_home: Path) -> Path:
    found = settings_path()
    assert found == config_home / "salessim" / "settings.json"
    found.parent.mkdir(parents=True)
    return found


def load_in_time(capsys: pytest.CaptureFixture[str]) -> tuple[Settings, list[str]]:
    """Load the settings in a thread that must finish within seconds; the stderr lines."""
    result: list[Settings] = []
    worker = threading.Thread(target=lambda: result.append(load_settings()), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "reading the settings hangs"
    return result[0], capsys.readouterr().err.splitlines()


def assert_damaged(capsys: pytest.CaptureFixture[str], path: Path, why: str) -> None:
    settings, lines = load_in_time(capsys)
    assert settings == Settings()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"salessim: settings file {path} is damaged (")
    assert lines[0].endswith("; using defaults.")
    assert why in lines[0]
    assert len(lines[0]) < 400


def test_settings_round_trip_and_a_missing_file_is_silent(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert load_in_time(capsys) == (Settings(), [])
    assert save_settings(Settings(trainee="李雷", language="en"))
    assert load_in_time(capsys) == (Settings(trainee="李雷", language="en"), [])
    path.write_text(json.dumps({"language": "zh", "later": [1, 2]}), encoding="utf-8")
    assert load_in_time(capsys) == (Settings(language="zh"), [])  # unknown keys: ignored


DAMAGE: dict[str, tuple[bytes, str]] = {
    "not-json": (b"{not json", "not JSON"),
    "deep-nesting": (b"[" * 30_000 + b"]" * 30_000, "nested too deeply"),
    "deep-in-name": (b'{"trainee": ' + b"[" * 20_000 + b"]" * 20_000 + b"}", "nested"),
    "nul-in-name": (json.dumps({"trainee": "Li\u0000Lei"}).encode(), "control characters"),
    "raw-nul": (b'{"trainee": "Li\x00Lei"}', "not JSON"),
    "control-chars": (json.dumps({"trainee": "Li\x0b\x1b[31mLei"}).encode(), "control"),
    "bidi-override": (json.dumps({"trainee": "Li\u202eieL"}).encode(), "control"),
    "lone-surrogate": (b'{"trainee": "\\ud800"}', "control"),
    "long-name": (json.dumps({"trainee": "x" * (MAX_NAME + 1)}).encode(), "longer than"),
    "megabyte-name": (json.dumps({"trainee": "x" * 1_000_000}).encode(), "larger than 64 KiB"),
    "huge-file": (b"{}" + b" " * (2 * MAX_BYTES), "larger than"),
    "not-utf8": (b'{"trainee": "\xff\xfe"}', "not UTF-8"),
    "a-list": (b"[1, 2]", "not a JSON object"),
    "name-a-number": (b'{"trainee": 3}', "'trainee' is not a text"),
    "name-null": (b'{"trainee": null}', "'trainee' is not a text"),
    "language-fr": (b'{"language": "fr"}', "'language' is not one of"),
    "language-a-list": (b'{"language": ["zh"]}', "'language' is not one of"),
    "empty": (b"", "not JSON"),
}


@pytest.mark.parametrize("case", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_settings_file_means_defaults_and_one_line(
    path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    content, why = DAMAGE[case]
    path.write_bytes(content)
    assert_damaged(capsys, path, why)


def test_a_folder_at_the_path(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path.mkdir()
    assert_damaged(capsys, path, "folder")
    assert not save_settings(Settings(trainee="Li"))  # and saving fails quietly


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_at_the_path_does_not_block(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(path)
    assert_damaged(capsys, path, "not a regular file")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_an_unreadable_file(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path.write_text("{}", encoding="utf-8")
    path.chmod(0)
    assert_damaged(capsys, path, "Permission denied")


def test_saving_keeps_only_a_name_fit_to_read_back(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert save_settings(Settings(trainee=" Li\x00\x1b Lei\u202e" + "x" * 200, language="xx"))
    settings, lines = load_in_time(capsys)
    assert lines == []
    assert settings.language is None
    assert settings.trainee.startswith("Li Leix") and len(settings.trainee) == MAX_NAME
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temp files left


def test_the_game_starts_with_a_damaged_settings_file(
    path: Path, make_app: AppFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    path.write_bytes(b"[" * 100_000)
    app = make_app()
    assert app.running and app.top.name == "title"
    assert app.ui.lang == "zh" and app.trainee == ""
    assert sum("settings file" in line for line in capsys.readouterr().err.splitlines()) == 1


def test_text_size_and_contrast_are_remembered(make_app: AppFactory) -> None:
    """Ctrl+= / Ctrl+- step the text size within its range, Ctrl+0 resets it, Ctrl+H switches
    the high-contrast theme; the next start of the game opens with both."""
    app = make_app(lang="en")
    base = app.ui.fs("body")
    for _ in range(9):  # past the top: it stays at the largest size
        press(pygame.K_EQUALS, mod=pygame.KMOD_CTRL)
        settle(app)
    assert app.ui.text_scale == 1.5 and app.ui.fs("body") > base
    press(pygame.K_MINUS, mod=pygame.KMOD_CTRL)
    press(pygame.K_h, mod=pygame.KMOD_CTRL)
    settle(app)
    assert app.ui.text_scale == 1.3 and app.ui.theme.name == "high_contrast"
    again = make_app(lang="en")
    assert again.ui.text_scale == 1.3 and again.ui.theme.name == "high_contrast"
    assert again.ui.c("bg") == (0, 0, 0)
    press(pygame.K_0, mod=pygame.KMOD_CTRL)
    press(pygame.K_h, mod=pygame.KMOD_CTRL)
    settle(again)
    assert again.ui.text_scale == 1.0 and again.ui.theme.name == "default"
    # without Ctrl the same keys are the screen's own (no change of look)
    press(pygame.K_EQUALS)
    settle(again)
    assert again.ui.text_scale == 1.0


def test_a_bad_text_size_in_the_settings_file_is_one_sentence() -> None:
    from game.ui.settings import Damaged, parse_settings

    for raw, why in (
        (b'{"text_scale": 7}', "'text_scale' is not one of"),
        (b'{"theme": "neon"}', "'theme' is not 'default' or 'high_contrast'"),
    ):
        with pytest.raises(Damaged, match=why):
            parse_settings(raw)
