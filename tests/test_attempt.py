"""One attempt pipeline: recorded by default, a journal while playing, the record at the end;
``--json-out`` never replaces what it should not; nothing is lost to a crash or a signal."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_support import salessim as cli

from game.attempt import Attempt, FileSink, SinkError, records_dir
from game.cli import main
from game.engine import load_scenario
from game.engine.session import replay
from game.record import read_events
from game.record.files import journal_path, read_record
from game.scoring import load_rubric_text

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini.yaml"
WIN = "1,1,1,1,1"


def test_terminal_play_is_recorded_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "--text", str(MINI), "--choices", WIN, "--trainee", "Ann"]) == 0
    saved = list(records_dir().glob("*.json"))
    assert len(saved) == 1 and saved[0].name.endswith(".json")
    assert f"Record saved: {saved[0]}" in capsys.readouterr().out
    record = read_record(saved[0])
    assert record["trainee"] == "Ann" and record["scores"]["passed"] in (True, False)
    mode = stat.S_IMODE(saved[0].stat().st_mode)
    assert mode & 0o040, "a manager in the owner's group can read the record"
    assert not journal_path(saved[0]).exists()


def test_the_record_file_is_the_session(tmp_path: Path) -> None:
    out = tmp_path / "run.json"
    attempt = Attempt(load_scenario(MINI), trainee="Ann", sinks=[FileSink(out)])
    session = attempt.start()
    journal = journal_path(out)
    counts = []
    for n in (1, 1, 1, 1):
        seen = read_record(out)  # rebuilt from the journal while the session runs
        assert seen["status"] == "abandoned" and not out.exists()
        counts.append(len(seen["events"]))
        replay(session, [n])
    assert counts == sorted(set(counts))
    assert read_events(read_record(journal)["events"]) == session.events
    replay(session, [1])
    report = attempt.finish()
    final = json.loads(out.read_text(encoding="utf-8"))
    assert report is not None and final["scores"] == report.to_dict()
    assert final["status"] == "finished" and final["events"] == session.record()["events"]
    assert not journal.exists() and not list(tmp_path.glob(".salessim-*"))


@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
def test_json_out_writes_only_regular_files(tmp_path: Path, kind: str) -> None:
    if kind == "folder":
        target = tmp_path / "dir"
        target.mkdir()
    elif kind == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    else:
        target = Path("/dev/null")
    result = cli("play", "--text", str(MINI), "--choices", WIN, "--json-out", str(target))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "not a regular file" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    if kind == "device":
        assert stat.S_ISCHR(os.stat(target).st_mode)


def test_an_earlier_record_is_kept_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "run.json"
    assert cli("play", "--text", str(MINI), "--choices", WIN, "--trainee", "Ann",
               "--json-out", str(out)).returncode == 0  # fmt: skip
    first = out.read_bytes()
    again = cli("play", "--text", str(MINI), "--choices", WIN, "--json-out", str(out))
    assert again.returncode == 2 and out.read_bytes() == first
    assert "another session (Ann," in again.stderr and "--force" in again.stderr
    forced = cli("play", "--text", str(MINI), "--choices", WIN, "--json-out", str(out),
                 "--force")  # fmt: skip
    assert (
        forced.returncode == 0 and read_record(out)["session_id"] != json.loads(first)["session_id"]
    )


def test_a_second_writer_is_locked_out(tmp_path: Path) -> None:
    out = tmp_path / "run.json"
    first = Attempt(load_scenario(MINI), sinks=[FileSink(out)])
    first.start()
    second = cli("play", "--text", str(MINI), "--choices", WIN, "--json-out", str(out), "--force")
    assert second.returncode == 2 and "another salessim session is writing" in second.stderr
    first.finish()
    assert read_record(out)["status"] == "abandoned"


def test_an_unwritable_place_is_refused_before_the_session_starts(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = cli("play", "--text", str(MINI), "--json-out", str(blocker / "run.json"))
    assert result.returncode == 2 and result.stdout == ""
    assert "cannot write the record" in result.stderr and result.stderr.count("\n") == 1


def test_a_write_failure_mid_session_loses_nothing(tmp_path: Path) -> None:
    out = tmp_path / "run.json"
    fallback = tmp_path / "elsewhere" / "run.json"
    said: list[str] = []
    sink = FileSink(out, fallback=fallback)
    attempt = Attempt(load_scenario(MINI), sinks=[sink], warn=said.append)
    session = attempt.start()
    replay(session, [1])
    fh = sink.journal._fh
    assert fh is not None
    os.close(fh.fileno())  # the journal's file goes away under the session (EBADF)
    replay(session, [1, 1, 1, 1])
    assert session.finished
    assert len(said) == 1 and f"will be saved to {fallback}" in said[0]
    attempt.finish()
    assert attempt.saved == [str(fallback)]
    assert read_record(fallback)["events"] == session.record()["events"]


def test_rubric_is_used_by_every_front_end(tmp_path: Path) -> None:
    strict = load_rubric_text("overall: {pass_mark: 100}\n", "strict.yaml")
    attempt = Attempt(load_scenario(MINI), rubric=strict)
    replay(attempt.start(), [1, 1, 1, 1, 1])
    report = attempt.finish()
    assert report is not None and report.pass_mark == 100 and not report.passed


def test_digits_from_an_input_method_are_one_line(tmp_path: Path) -> None:
    for answer in ("①", "²", "٣", "1" * 4301):
        result = cli("play", "--text", str(MINI), "--choices", answer)
        assert result.returncode == 2, answer
        assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def _start_interactive(out: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "game",
            "play",
            "--text",
            str(MINI),
            "--no-shuffle",
            "--json-out",
            str(out),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdin is not None
    proc.stdin.write("1\n1\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # until both answers are in the journal
        try:
            moves = [e for e in read_record(out)["events"] if e["kind"] == "choice"]
        except ValueError:
            moves = []
        if len(moves) == 2:
            break
        time.sleep(0.05)
    return proc


def test_kill_9_keeps_every_turn(tmp_path: Path) -> None:
    out = tmp_path / "run.json"
    proc = _start_interactive(out)
    proc.kill()
    proc.wait(timeout=30)
    record = read_record(out)
    assert [e["choice"] for e in record["events"] if e["kind"] == "choice"] == [
        "hello.1",
        "pain.1",
    ]
    scored = cli("score", str(out))
    assert scored.returncode == 0 and "Partial" in scored.stdout


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_end_like_ctrl_c(tmp_path: Path, sig: signal.Signals) -> None:
    out = tmp_path / "run.json"
    proc = _start_interactive(out)
    proc.send_signal(sig)
    assert proc.wait(timeout=30) == 128 + sig
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["status"] == "abandoned" and "scores" in record
    assert not journal_path(out).exists()


def test_sink_errors_say_one_thing() -> None:
    sink = FileSink(Path("/dev/null"))
    with pytest.raises(SinkError, match="not a regular file"):
        sink.open({}, print)
