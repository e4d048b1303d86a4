"""Nothing from a scenario, a record or a settings file can drive the trainee's terminal:
no escape sequences (clear the screen, retitle the window), no bidi overrides, no forged
``path:line:col: CODE`` lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import salessim as cli

from game.engine import Session, load_scenario
from game.engine.session import replay

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini.yaml"
HOSTILE = "\x1b[2J\x1b]0;pwned\x07\u202eevil\x9b31m"
BAD = ("\x1b", "\x07", "\u202e", "\x9b")


def hostile_record(tmp_path: Path, *, scenario_at_hand: bool) -> Path:
    record = replay(Session(load_scenario(MINI), trainee=HOSTILE), [1, 1, 1, 1, 1]).record()
    for event in record["events"]:
        if event["kind"] == "choice":
            event["text"] = HOSTILE + event["text"]
    if not scenario_at_hand:
        record["scenario"]["path"] = str(tmp_path / "gone.yaml")
        record["scenario"]["id"] = record["events"][0]["scenario"] = "gone"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("at_hand", [True, False])
@pytest.mark.parametrize("as_json", [False, True])
def test_score_never_prints_control_characters(
    tmp_path: Path, at_hand: bool, as_json: bool
) -> None:
    path = hostile_record(tmp_path, scenario_at_hand=at_hand)
    result = cli("score", str(path), *(["--json"] if as_json else []))
    assert "Traceback" not in result.stderr
    assert result.stdout or result.stderr
    for char in BAD:
        assert char not in result.stdout and char not in result.stderr


def test_a_forged_line_inside_an_id_stays_on_its_own_line(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8").replace(
        "start: hello", 'start: "hello\\nfake.yaml:1:1: E000 all good"'
    )
    path = tmp_path / "forged.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("validate", str(path))
    assert result.returncode == 1
    for line in result.stdout.splitlines()[:-1]:
        assert line.startswith(str(path)), line
    assert not any(char in result.stdout for char in BAD)
