"""`salessim score` and the debrief after `salessim play --text`: same scores, same words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main
from game.scoring import DIMENSIONS

MINI = str(Path(__file__).parents[1] / "data" / "mini.yaml")
PAIRS = str(Path(__file__).parent / "data" / "pairs.yaml")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def section(text: str, start: str) -> str:
    return text[text.index(start) :]


def test_play_stores_scores_and_score_reproduces_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "r.json"
    code, played, _ = run(
        capsys,
        "play",
        "--text",
        PAIRS,
        "--choices",
        ",".join("1" * 12),
        "--json-out",
        str(out_file),
    )
    assert code == 0
    record = json.loads(out_file.read_text(encoding="utf-8"))
    scores = record["scores"]
    for dim in DIMENSIONS:
        assert set(scores[dim]) >= {"score", "tier", "rules"}
        for rule in scores[dim]["rules"]:
            assert set(rule) >= {"id", "points", "max", "evidence", "message"}
    assert {"overall", "passed", "rubric"} <= set(scores)
    assert set(scores["rubric"]) >= {"version", "sha256"}
    code, again, err = run(capsys, "score", str(out_file), "--json")
    assert code == 0 and err == ""
    assert json.loads(again) == scores
    code, text, _ = run(capsys, "score", str(out_file))
    assert code == 0
    # the debrief printed after play is the one `score` prints (play shows the trail first)
    assert section(played, "== Scores ==").split("Record saved")[0] == section(text, "== Scores ==")
    assert "How far the buyer moved" in text and "PASS" in text


def test_debrief_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "r.json"
    run(capsys, "play", "--text", MINI, "--choices", "3,2,1,2", "--json-out", str(out_file))
    code, text, _ = run(capsys, "score", str(out_file), "--lang", "zh")
    assert code == 0
    for words in ("== 评分 ==", "最失分的时刻", "第2轮", "未通过", "客户推进", "原因", "建议"):
        assert words in text


def test_rubric_file_on_play_is_recorded_and_reused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rubric = tmp_path / "lenient.yaml"
    rubric.write_text("version: lenient-1\noverall: {pass_mark: 10, dimension_floor: 0}\n")
    out_file = tmp_path / "r.json"
    code, _, _ = run(
        capsys,
        "play",
        "--text",
        MINI,
        "--choices",
        "1,1,1,1,1",
        "--json-out",
        str(out_file),
        "--rubric",
        str(rubric),
    )
    assert code == 0
    record = json.loads(out_file.read_text(encoding="utf-8"))
    assert record["scores"]["rubric"]["version"] == "lenient-1"
    assert record["scores"]["passed"] is True
    code, again, _ = run(capsys, "score", str(out_file), "--json")
    assert json.loads(again) == record["scores"]
    strict = tmp_path / "strict.yaml"
    strict.write_text("overall: {pass_mark: 99}\n")
    code, again, _ = run(capsys, "score", str(out_file), "--json", "--rubric", str(strict))
    assert json.loads(again)["passed"] is False


def test_bad_rubric_stops_play_before_it_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rubric = tmp_path / "bad.yaml"
    rubric.write_text("listening:\n  L9: {weight: 3}\n")
    code, out, err = run(capsys, "play", "--text", MINI, "--choices", "1", "--rubric", str(rubric))
    assert code == 1 and out == ""
    assert f"{rubric}:2:3: S201" in err and "Traceback" not in err


def test_score_invalid_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": 1,\n "events": [\n')
    code, _, err = run(capsys, "score", str(broken))
    assert code == 1 and err.startswith(f"{broken}:3:") and "Traceback" not in err
    assert err.count("\n") == 1

    good = tmp_path / "good.json"
    run(capsys, "play", "--text", MINI, "--choices", "1,1,1,1,1", "--json-out", str(good))
    record = json.loads(good.read_text())
    del record["events"][3]["turn"]
    damaged = tmp_path / "damaged.json"
    damaged.write_text(json.dumps(record, indent=1))
    line = next(
        i
        for i, text in enumerate(damaged.read_text().splitlines(), start=1)
        if '"kind": "choice"' in text
    )
    code, _, err = run(capsys, "score", str(damaged))
    assert code == 1
    assert err.startswith(f"{damaged}:{line - 1}:") and "S203" in err and "'turn'" in err

    rubric = tmp_path / "bad.yaml"
    rubric.write_text("tiers: {excellent: x}\n")
    code, _, err = run(capsys, "score", str(good), "--rubric", str(rubric))
    assert code == 1 and err.startswith(f"{rubric}:1:20: S202")

    code, _, err = run(capsys, "score", str(tmp_path / "missing.json"))
    assert code == 1 and "cannot read the record" in err


def test_score_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["score"])
    assert caught.value.code == 2
    assert "salessim:" in capsys.readouterr().err


def test_quitting_early_is_scored_as_partial(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "r.json"
    code, _, _ = run(capsys, "play", "--text", MINI, "--choices", "1", "--json-out", str(out_file))
    assert code == 2  # the script ran out: the session is quit, the record kept
    record = json.loads(out_file.read_text())
    assert record["status"] == "abandoned"
    assert record["scores"]["partial"] is True and record["scores"]["passed"] is False
    code, text, _ = run(capsys, "score", str(out_file))
    assert code == 0 and "Partial" in text and "not finished" in text


def test_validate_reports_a_bad_scenario_rubric(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "mini.yaml"
    bad.write_text(Path(MINI).read_text() + "rubric:\n  overall: {pass_mark: high}\n")
    code, out, _ = run(capsys, "validate", str(bad))
    assert code == 1 and ":108:24: S202" in out
