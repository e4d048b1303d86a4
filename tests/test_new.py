"""``salessim new ID``: a starter scenario that validates and plays in both languages, with
the format's JSON Schema beside it so an editor checks it outside this repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from game.cli import main
from game.engine.model import json_schema


def test_a_starter_that_validates_and_plays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "my scenarios"
    assert main(["new", "retail-pos", "--dir", str(folder)]) == 0
    scenario = folder / "retail-pos.yaml"
    text = scenario.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first == "# yaml-language-server: $schema=scenario.schema.json"
    schema = json.loads((folder / "scenario.schema.json").read_text(encoding="utf-8"))
    assert schema == json_schema()  # the file the $schema line names, beside it
    assert yaml.safe_load(text)["id"] == "retail-pos"
    capsys.readouterr()
    assert main(["validate", "--strict", str(scenario)]) == 0
    for lang, won in (("zh", "推进"), ("en", "Advance")):
        assert main(["play", "--text", str(scenario), "--lang", lang, "--choices", "2,2"]) == 0
        assert won in capsys.readouterr().out


def test_it_never_overwrites_and_refuses_a_bad_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "a", "--dir", str(tmp_path)]) == 0
    (tmp_path / "a.yaml").write_text("mine", encoding="utf-8")
    assert main(["new", "a", "--dir", str(tmp_path)]) == 2
    assert "exists; pick another id or add --force" in capsys.readouterr().err
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == "mine"
    assert main(["new", "Bad Id", "--dir", str(tmp_path)]) == 2
    assert "cannot be a scenario id" in capsys.readouterr().err
