"""The bad-input corpus: every defect gets its code at its exact position, never a traceback.

Each file in tests/data/bad/ starts with ``# expect: CODE line:col``; the rest is a scenario
with one defect. Hostile files (binary, wrong encoding, bombs) are built here in code.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.cli import main
from game.engine import ScenarioError, check_file, load_scenario_text
from game.engine.source import MAX_BYTES

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"
CASES = sorted(BAD.glob("*.yaml"))
LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]\d{3}) (?P<msg>.+)$")


def expected(path: Path) -> tuple[str, int, int]:
    head = path.read_text(encoding="utf-8").splitlines()[0]
    m = re.match(r"# expect: (\w+) (\d+):(\d+)", head)
    assert m, f"{path.name} must start with '# expect: CODE line:col'"
    return m.group(1), int(m.group(2)), int(m.group(3))


def test_corpus_is_large() -> None:
    assert len(CASES) >= 60


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_each_defect_has_its_code_and_position(path: Path) -> None:
    code, line, col = expected(path)
    found = check_file(path)
    hits = [(d.pos.line, d.pos.col) for d in found if d.code == code]
    assert (line, col) in hits, f"{path.name}: wanted {code} at {line}:{col}, got {found}"
    for d in found:
        text = str(d)
        assert LINE.match(text), text
        assert "\n" not in text
        assert d.message.endswith((".", "?")), text


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_validate_exit_code(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = expected(path)
    warning_only = code.startswith("W")
    assert main(["validate", str(path)]) == (0 if warning_only else 1)
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("1 file checked:")
    assert all(LINE.match(line) for line in out[:-1])
    assert main(["validate", "--strict", str(path)]) == 1


def test_validate_folder_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(BAD)]) == 1
    summary = capsys.readouterr().out.splitlines()[-1]
    assert summary.startswith(f"{len(CASES)} files checked:")


def test_validate_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no/such/file.yaml"]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["validate"])
    assert exc.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def diagnose(data: bytes, tmp_path: Path, name: str = "s.yaml") -> list[str]:
    path = tmp_path / name
    path.write_bytes(data)
    return [f"{d.code}@{d.pos.line}:{d.pos.col}" for d in check_file(path)]


def test_binary_file(tmp_path: Path) -> None:
    assert diagnose(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", tmp_path) == ["Y105@1:1"]


def test_gbk_file_points_at_first_bad_byte(tmp_path: Path) -> None:
    data = "format: 1\ntitle: 园区安防\n".encode("gbk")
    # GBK's first two bytes happen to form one valid UTF-8 character; the third cannot.
    assert diagnose(data, tmp_path) == ["Y103@2:9"]


def test_empty_and_comment_only_files(tmp_path: Path) -> None:
    assert diagnose(b"", tmp_path) == ["Y104@1:1"]
    assert diagnose(b"   \n\n", tmp_path) == ["Y104@1:1"]
    assert diagnose(b"# just a comment\n", tmp_path) == ["Y104@1:1"]


def test_bom_is_tolerated() -> None:
    text = (Path(__file__).resolve().parent.parent / "data" / "mini.yaml").read_bytes()
    scenario = load_scenario_text(b"\xef\xbb\xbf" + text, "bom.yaml")
    assert scenario.id == "mini"


def test_huge_junk_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "junk.yaml"
    with open(path, "wb") as fh:
        for _ in range(50):
            fh.write(b"x: " + b"junk " * 209715 + b"\n")
    assert path.stat().st_size > 50 * 1024 * 1024 > MAX_BYTES
    assert [d.code for d in check_file(path)] == ["Y106"]


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        bomb.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    assert diagnose("\n".join(bomb).encode(), tmp_path) == ["Y108@1:4"]


def test_deep_nesting_is_refused_without_crashing(tmp_path: Path) -> None:
    found = diagnose(b"[" * 300_000, tmp_path)
    assert len(found) == 1 and found[0].startswith("Y101@1:")


def test_python_tags_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (
        "format: 1\nid: x\nlanguage: en\n"
        f"title: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    found = diagnose(text.encode(), tmp_path)
    assert found == ["Y109@4:8"]
    assert not marker.exists()


def test_unknown_alias_without_anchor(tmp_path: Path) -> None:
    assert diagnose(b"format: 1\ntitle: *nowhere\n", tmp_path)[0].startswith("Y10")


def test_every_error_at_once(tmp_path: Path) -> None:
    """A trainer fixes a file in one pass: all reference errors are reported together."""
    text = (BAD / "unknown_goto.yaml").read_text(encoding="utf-8")
    text = text.replace("end: done", "end: dnoe")
    text = text.replace("speaker: lee\n    says: Hello", "speaker: li\n    says: Hello")
    codes = sorted(d.split("@")[0] for d in diagnose(text.encode(), tmp_path))
    assert codes == ["R301", "R302", "R303", "W702"]  # 'done' is now unused, too


def test_load_error_is_an_exception_with_diagnostics() -> None:
    with pytest.raises(ScenarioError) as exc:
        load_scenario_text("format: 1\nid: x\n", "inline.yaml")
    assert all(str(d).startswith("inline.yaml:") for d in exc.value.diagnostics)


def test_cli_never_shows_a_traceback(tmp_path: Path) -> None:
    """Run the real command in a subprocess on the worst files: one line each, no traceback."""
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"format: 1\n\tid: x\n")
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "game", "validate", str(bad), str(BAD / "anchor.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = proc.stdout.strip().splitlines()
    assert [LINE.match(line).group("code") for line in lines[:-1]] == ["Y102", "Y108"]  # type: ignore[union-attr]
    assert time.perf_counter() - started < 60
