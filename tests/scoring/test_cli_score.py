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
    assert "(see 'salessim score --help')" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--bogus"])
    assert "(see 'salessim --help')" in capsys.readouterr().err


def test_score_takes_several_records_and_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One debrief per record under its file name, or one JSON line each; a bad record is
    one line (exit 1) and the others are still scored."""
    folder = tmp_path / "records"
    folder.mkdir()
    for name, choices in (("a", "1,3,1,1,3,1,2,1"), ("b", "5,2")):
        code, _, _ = run(
            capsys,
            "play",
            "--text",
            MINI,
            "--choices",
            choices,
            "--json-out",
            str(folder / f"{name}.json"),
        )
        assert code == 0
    code, out, _ = run(capsys, "score", str(folder / "a.json"), str(folder / "b.json"))
    assert code == 0
    assert out.count("=== ") == 2 and out.index("a.json ===") < out.index("b.json ===")
    code, out, _ = run(capsys, "score", str(folder), "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [Path(x["record"]).name for x in lines] == ["a.json", "b.json"]
    assert lines[0]["scores"]["passed"] is True and lines[1]["scores"]["passed"] is False
    (folder / "c.json").write_text("{", encoding="utf-8")
    code, out, err = run(capsys, "score", str(folder))
    assert code == 1 and out.count("=== ") == 3 and "c.json" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, "score", str(empty))
    assert code == 1 and "no session record" in err


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
    text = Path(MINI).read_text()
    bad.write_text(text + "rubric:\n  overall: {pass_mark: high}\n")
    line = text.count("\n") + 2
    code, out, _ = run(capsys, "validate", str(bad))
    assert code == 1 and f":{line}:24: S202" in out


def _played(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    good = tmp_path / "good.json"
    run(capsys, "play", "--text", MINI, "--choices", "1,1,1,1,1", "--json-out", str(good))
    record: dict[str, object] = json.loads(good.read_text())
    return record


def _one_line_refusal(capsys: pytest.CaptureFixture[str], path: Path, *words: str) -> str:
    code, out, err = run(capsys, "score", str(path))
    assert code == 1 and out == "", err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith(str(path)), err
    for w in words:
        assert w in err, (w, err)
    return err


@pytest.mark.parametrize(
    ("version", "words"),
    [
        (999, "schema 999, written by a newer salessim; this one reads schemas 1-2"),
        (0, "schema 0 is not a salessim record version"),
        (None, "'schema_version' must be a whole number, not null"),
        (float("nan"), "'schema_version' must be a whole number, not NaN"),
        ("2", "'schema_version' must be a whole number, not \"2\""),
        (True, "'schema_version' must be a whole number, not true"),
    ],
)
def test_score_refuses_unreadable_schema_versions_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], version: object, words: str
) -> None:
    record = _played(tmp_path, capsys)
    record["schema_version"] = version
    path = tmp_path / "versioned.json"
    path.write_text(json.dumps(record, indent=1))  # NaN is written as the JSON extension NaN
    err = _one_line_refusal(capsys, path, words)
    line = next(n for n, t in enumerate(path.read_text().splitlines(), 1) if "schema_version" in t)
    assert err.startswith(f"{path}:{line}:")


@pytest.mark.parametrize("seconds", [float("nan"), -1.0, float("inf"), float("-inf")])
def test_score_refuses_seconds_that_are_not_finite_and_positive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seconds: float
) -> None:
    record = _played(tmp_path, capsys)
    events = record["events"]
    assert isinstance(events, list)
    next(e for e in events if e["kind"] == "choice")["seconds"] = seconds
    path = tmp_path / "seconds.json"
    path.write_text(json.dumps(record, indent=1))
    _one_line_refusal(capsys, path, "'seconds' of the 'choice' event", "finite")


def test_score_refuses_a_meeting_clock_that_is_not_a_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = _played(tmp_path, capsys)
    events = record["events"]
    assert isinstance(events, list)
    next(e for e in events if e["kind"] == "meeting_ended")["clock"] = float("nan")
    path = tmp_path / "clock.json"
    path.write_text(json.dumps(record, indent=1))
    _one_line_refusal(capsys, path, "meeting 1 ends at nan s on its clock")


def test_score_refuses_deep_huge_and_odd_files_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    record = _played(tmp_path, capsys)
    deep = tmp_path / "deep.json"
    deep.write_text('{"schema_version": 2, "events": ' + "[" * 100_000 + "]" * 100_000 + "}")
    _one_line_refusal(capsys, deep, "nested too deeply")

    nested = json.loads(json.dumps(record))
    layer: dict[str, object] = {}
    for _ in range(900):  # deep enough to exhaust the recursion of merging rubric layers
        layer = {"a": layer}
    nested["scores"]["rubric"]["files"] = [{"name": "deep.yaml", "data": layer}]
    deep_rubric = tmp_path / "deep-rubric.json"
    deep_rubric.write_text(json.dumps(nested))
    _one_line_refusal(capsys, deep_rubric, "nested too deeply")

    digits = tmp_path / "digits.json"
    digits.write_text('{"schema_version": ' + "9" * 5000 + ', "events": []}')
    _one_line_refusal(capsys, digits, "a number in it has thousands of digits")

    import game.verify

    monkeypatch.setattr(game.verify, "MAX_RECORD_BYTES", 1000)
    huge = tmp_path / "huge.json"
    huge.write_text(json.dumps(record))
    _one_line_refusal(capsys, huge, "larger than a session record can be")


def test_score_keeps_control_characters_from_the_record_off_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = _played(tmp_path, capsys)
    events = record["events"]
    assert isinstance(events, list)
    next(e for e in events if e["kind"] == "choice")["move"] = "\x1b[2J\nquestion"
    path = tmp_path / "ctrl.json"
    path.write_text(json.dumps(record))
    err = _one_line_refusal(capsys, path, "is not one of")
    assert "\x1b" not in err


def test_a_record_carrying_its_own_rubric_file_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rubric = tmp_path / "lenient.yaml"
    rubric.write_text("overall: {pass_mark: 10, dimension_floor: 0}\n")
    out_file = tmp_path / "r.json"
    run(capsys, "play", "--text", MINI, "--choices", "1,1,1,1,1", "--json-out", str(out_file),
        "--rubric", str(rubric))  # fmt: skip
    code, _, err = run(capsys, "score", str(out_file))
    assert code == 0
    assert err == (
        "salessim: note: scored with the rubric file the record carries (lenient.yaml) on top "
        "of the defaults; give --rubric to use another.\n"
    )


def test_play_reports_a_bad_scenario_rubric_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "mini.yaml"
    text = Path(MINI).read_text()
    bad.write_text(text + "rubric:\n  overall: {pass_mark: high}\n")
    code, out, err = run(capsys, "play", "--text", str(bad), "--choices", "1")
    assert code == 1 and out == ""
    assert f"{bad}:{text.count(chr(10)) + 2}:24: S202" in err
