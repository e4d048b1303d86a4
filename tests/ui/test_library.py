"""A trainer's own scenario folders in the game's picker: ``--library DIR`` (remembered),
``$SALESSIM_SCENARIOS``; ids unique across the folders, with one sentence when not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ui_support import ROOT, AppFactory

from game import catalog
from game.cli import main
from game.ui import messages as msg
from game.ui.headless import settle
from game.ui.screens.picker import PickerScreen


def own_folder(tmp_path: Path, name: str = "mine") -> Path:
    folder = tmp_path / name
    assert main(["new", "retail-pos", "--dir", str(folder)]) == 0
    return folder


def picker_ids(app: object) -> list[str | None]:
    app.post(msg.GoPicker())  # type: ignore[attr-defined]
    settle(app)  # type: ignore[arg-type]
    screen = app.top  # type: ignore[attr-defined]
    assert isinstance(screen, PickerScreen)
    return [e.id for e in screen.entries]


def test_library_folders_show_in_the_picker_and_are_remembered(
    make_app: AppFactory, tmp_path: Path
) -> None:
    folder = own_folder(tmp_path)
    shipped = [e.id for e in catalog.catalog([ROOT / "scenarios"])]
    assert "campus-security" in shipped
    app = make_app(lang="en", library=[folder])
    assert picker_ids(app) == [*shipped, "retail-pos"]
    again = make_app(lang="en")  # no --library: the folder is remembered
    assert picker_ids(again) == [*shipped, "retail-pos"]
    assert again.settings.library == [str(folder.resolve())]


def test_the_environment_adds_folders(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALESSIM_SCENARIOS", str(own_folder(tmp_path)))
    app = make_app(lang="zh")
    assert "retail-pos" in picker_ids(app)


def test_an_id_twice_across_folders_is_one_sentence(tmp_path: Path) -> None:
    first = own_folder(tmp_path, "a")
    second = tmp_path / "b"
    second.mkdir()
    shutil.copy(first / "retail-pos.yaml", second / "copy.yaml")
    entries = catalog.catalog([ROOT / "scenarios", first, second])
    clash = next(e for e in entries if e.path.name == "copy.yaml")
    assert not clash.ok
    assert clash.first_problem.endswith(
        "R309 the scenario id 'retail-pos' is also the id of "
        f"{first / 'retail-pos.yaml'}; ids must be unique across the scenario folders: change "
        "the id of one of them."
    )
