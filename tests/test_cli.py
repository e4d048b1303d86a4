"""The command line as scripts and trainers use it: play --text, validate, schema, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import salessim as run

from game.cli import main

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini.yaml"


def test_play_text_with_choices(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.json"
    code = main(
        [
            "play",
            "--text",
            str(MINI),
            "--choices",
            "1,1,1,1,1",
            "--json-out",
            str(out),
            "--trainee",
            "Ann",
        ]
    )
    text = capsys.readouterr().out
    assert code == 0
    assert "Meeting 1: First call" in text and "Meeting 2: With the CFO" in text
    assert "Ms Lee (IT manager): Our network goes down every week." in text
    assert "  1. What happens when it goes down?" in text
    assert "[Loop back → Analyse the problem]" in text
    assert "== Outcome: Order ==" in text
    assert "Furthest stage: Evaluate solutions" in text
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["outcome"] == "order" and record["trainee"] == "Ann"


def test_play_text_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "--text", str(MINI), "--lang", "zh", "--choices", "3"]) == 0
    text = capsys.readouterr().out
    assert "== 小单 ==" in text and "发现问题" in text and "时间到" in text
    assert "结果: 原地踏步" in text


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ("9", "choice 9 at prompt 1 is out of range; give 1-5."),
        ("1,x", "answer 'x' at prompt 2 is not a number; give 1-3."),
        ("1", "--choices ran out at prompt 2; add more numbers (this prompt offers 1-3)."),
    ],
)
def test_bad_scripted_choices_exit_2_with_one_line(
    choices: str, message: str, tmp_path: Path
) -> None:
    out = tmp_path / "r.json"
    proc = run("play", "--text", str(MINI), "--choices", choices, "--json-out", str(out))
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"salessim: {message}"]
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["status"] == "abandoned"


def test_a_chinese_session_says_its_mistakes_in_chinese(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    proc = run(
        "play", "--text", str(MINI), "--lang", "zh", "--choices", "9", "--json-out", str(out)
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == "salessim: 第1次作答的选项9超出范围；请输入1-5。"


def test_end_of_input_ends_cleanly_and_keeps_the_record(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    proc = run("play", "--text", str(MINI), "--no-shuffle", "--json-out", str(out), stdin="1\n")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["status"] == "abandoned"
    assert [e["kind"] for e in record["events"]].count("choice") == 1


def test_piped_answers_are_read_like_a_keyboard(tmp_path: Path) -> None:
    proc = run("play", "--text", str(MINI), "--no-shuffle", stdin="1\n1\n1\n1\n1\n")
    assert proc.returncode == 0, proc.stderr
    assert "Outcome: Order" in proc.stdout


def test_broken_scenario_cannot_be_played(tmp_path: Path) -> None:
    bad = ROOT / "tests" / "data" / "bad" / "unknown_goto.yaml"
    proc = run("play", "--text", str(bad))
    assert proc.returncode == 1
    assert "R301" in proc.stderr and "Traceback" not in proc.stderr


def test_unknown_scenario_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "--text", "no-such-scenario"]) == 2
    assert "no scenario file or id 'no-such-scenario'" in capsys.readouterr().err


def test_game_without_display_points_to_text_mode() -> None:
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "SDL_VIDEODRIVER": ""}
    proc = run("play", str(MINI), env=env)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "--text" in lines[0] and "display" in lines[0]


def test_choices_need_text_mode(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", str(MINI), "--choices", "1"]) == 2


def test_bad_option_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["play", "--lang", "fr"])
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "invalid choice: 'fr'" in err[0]


def test_schema_lists_every_top_level_key(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    assert main(["schema", "-o", str(out)]) == 0
    schema = json.loads(out.read_text(encoding="utf-8"))
    for key in ("format", "id", "language", "title", "stakeholders", "nodes", "endings", "start"):
        assert key in schema["properties"]
    assert schema["additionalProperties"] is False


def test_shipped_schema_is_current() -> None:
    """docs/scenario.schema.json is what editors load; it must match the model."""
    from game.engine.model import json_schema

    shipped = json.loads((ROOT / "docs" / "scenario.schema.json").read_text(encoding="utf-8"))
    assert shipped == json_schema(), "run: salessim schema -o docs/scenario.schema.json"


def test_every_key_of_the_schema_says_what_it_means_in_both_languages() -> None:
    """Editors show these on completion and hover: no key is a bare name."""
    import re

    from game.engine.model import json_schema

    schema = json_schema()
    parts = [("root", schema), *schema["$defs"].items()]
    keys = [(n, k, v) for n, part in parts for k, v in part.get("properties", {}).items()]
    assert len(keys) >= 80
    for name, key, prop in keys:
        words = prop.get("description", "")
        english, _, chinese = words.partition(" · ")
        assert english and re.search(r"[\u4e00-\u9fff]", chinese), (name, key, words)


def test_python_dash_m_game_works() -> None:
    proc = run("validate", str(MINI))
    assert proc.returncode == 0
    assert proc.stdout.strip() == "1 file checked: 0 errors, 0 warnings"
