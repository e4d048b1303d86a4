"""The bad-input corpus: every defect gets its code at its exact position, never a traceback.

Each file in tests/data/bad/ starts with ``# expect: CODE line:col``; the rest is a scenario
with one defect. Hostile files (binary, wrong encoding, bombs) are built here in code.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

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
    # 'done' is now unused too, but that follows from the typo: folded into the first link
    assert codes == ["R301", "R302", "R303"]


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


# -- hostile input built in code: pipes, links, permissions, image headers, terminals --------

MINI = BAD.parent / "mini.yaml"


def with_portrait(tmp_path: Path, portrait: str) -> Path:
    """mini.yaml in ``tmp_path`` with Ms Lee's portrait set to ``portrait``."""
    text = MINI.read_text(encoding="utf-8").replace(
        "role: user}", f"role: user, portrait: '{portrait}'}}", 1
    )
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def codes(path: Path) -> list[str]:
    return [f"{d.code}@{d.pos.line}:{d.pos.col}" for d in check_file(path)]


def png(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + b"\x00" * 4


def jpeg(width: int, height: int) -> bytes:
    exif = b"\xff\xe1" + struct.pack(">H", 2 + 1000) + b"Exif\x00\x00" + b"\x00" * 994
    sof = b"\xff\xc2" + struct.pack(">HBHHB", 11, 8, height, width, 3) + b"\x00" * 6
    return b"\xff\xd8" + exif + sof + b"\xff\xd9"


HUGE_IMAGES = {
    "huge.png": png(20000, 20000),
    "huge.gif": b"GIF89a" + struct.pack("<HH", 20000, 20000) + b"\x00" * 8,
    "huge.jpg": jpeg(20000, 20000),
    "huge.bmp": b"BM" + b"\x00" * 12 + struct.pack("<IiiHH", 40, 20000, -20000, 1, 24),
    "huge.webp": b"RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x00\x00\x00\x00"
    + (19999).to_bytes(3, "little")
    + (19999).to_bytes(3, "little"),
}


@pytest.mark.parametrize("name", sorted(HUGE_IMAGES))
def test_portrait_over_the_pixel_budget_is_refused_from_its_header(
    name: str, tmp_path: Path
) -> None:
    (tmp_path / name).write_bytes(HUGE_IMAGES[name])  # a header only: nothing to decode
    found = check_file(with_portrait(tmp_path, name))
    assert [f"{d.code}@{d.pos.line}" for d in found] == ["A605@9"]
    assert "20000 x 20000 pixels" in found[0].message and "4096 x 4096" in found[0].message


def test_portrait_within_the_budget_passes(tmp_path: Path) -> None:
    (tmp_path / "ok.png").write_bytes(png(4096, 4096))
    (tmp_path / "ok.jpg").write_bytes(jpeg(640, 480))
    assert codes(with_portrait(tmp_path, "ok.png")) == []
    assert codes(with_portrait(tmp_path, "ok.jpg")) == []


def test_portrait_that_is_not_an_image(tmp_path: Path) -> None:
    (tmp_path / "notes.png").write_text("not an image", encoding="utf-8")
    (tmp_path / "empty.png").write_bytes(b"")
    (tmp_path / "zero.png").write_bytes(png(0, 10))
    (tmp_path / "cut.jpg").write_bytes(jpeg(10, 10)[:50])
    for name in ("notes.png", "empty.png", "zero.png", "cut.jpg"):
        assert codes(with_portrait(tmp_path, name)) == ["A604@9:64"], name


def test_portrait_that_is_a_pipe_does_not_hang(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    os.mkfifo(tmp_path / "pipe.png")
    found = check_file(with_portrait(tmp_path, "pipe.png"))
    assert [d.code for d in found] == ["A603"] and "pipe" in found[0].message


def test_portrait_link_loop_folder_and_odd_names(tmp_path: Path) -> None:
    (tmp_path / "loop.png").symlink_to(tmp_path / "loop.png")
    (tmp_path / "pictures").mkdir()
    assert codes(with_portrait(tmp_path, "loop.png")) == ["A603@9:64"]
    assert codes(with_portrait(tmp_path, "pictures")) == ["A603@9:64"]
    assert codes(with_portrait(tmp_path, "x" * 300 + ".png")) == ["A603@9:64"]
    assert codes(with_portrait(tmp_path, "a/" * 3000 + "b.png")) == ["A603@9:64"]
    assert codes(with_portrait(tmp_path, "../../etc/passwd")) == ["A601@9:64"]
    # a NUL or an escape in a quoted path is refused as text before the path is looked up
    assert codes(with_portrait(tmp_path, "nul\\0.png").with_suffix(".yaml"))[0].startswith("A60")
    path = tmp_path / "q.yaml"
    path.write_text(
        MINI.read_text(encoding="utf-8").replace(
            "role: user}", 'role: user, portrait: "a\\0b.png"}', 1
        ),
        encoding="utf-8",
    )
    assert codes(path) == ["Y113@9:64"]


def test_portrait_problems_never_raise(tmp_path: Path) -> None:
    from game.engine.portrait import portrait_problem

    for name in ("a\0b.png", "\x1b[2J.png", "x" * 5000, "", ".", "/", "~", "..", "\udcff.png"):
        found = portrait_problem(tmp_path, name)
        assert found is not None and found[0] in ("A601", "A602", "A603"), (name, found)


def test_unreadable_portrait(tmp_path: Path) -> None:
    (tmp_path / "locked.png").write_bytes(png(10, 10))
    (tmp_path / "locked.png").chmod(0)
    try:
        found = codes(with_portrait(tmp_path, "locked.png"))
    finally:
        (tmp_path / "locked.png").chmod(0o644)
    if os.geteuid() == 0:  # root reads it anyway; then the file is simply fine
        assert found == []
    else:
        assert found == ["A603@9:64"]


def test_scenario_that_is_a_pipe_or_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    os.mkfifo(tmp_path / "pipe.yaml")
    assert codes(tmp_path / "pipe.yaml") == ["Y110@1:1"]
    assert codes(tmp_path) == ["Y110@1:1"]
    assert main(["validate", str(tmp_path / "pipe.yaml")]) == 1
    out = capsys.readouterr().out
    assert "Y110 cannot read the file: it is a pipe" in out
    assert out.splitlines()[-1].startswith("1 file checked: 1 error")


def test_folder_walk_skips_what_it_cannot_read_and_never_hangs(tmp_path: Path) -> None:
    """A pipe named like a scenario, a link loop, a broken link and a link back up: one warning
    each on stderr, the rest of the folder is checked and the summary is printed."""
    folder = tmp_path / "library"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.yaml").write_bytes(MINI.read_bytes())
    (folder / "sub" / "bad.yaml").write_bytes(b"format: 1 # \x0c\n")
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    (folder / "gone.yaml").symlink_to(folder / "nowhere.yaml")
    (folder / "sub" / "up").symlink_to(folder)
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.yaml")
    proc = subprocess.run(
        [sys.executable, "-m", "game", "validate", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    out = proc.stdout.splitlines()
    assert out[-1] == "2 files checked: 1 error, 0 warnings (1 file failed)"
    assert [LINE.match(line).group("code") for line in out[:-1]] == ["Y112"]  # type: ignore[union-attr]
    warnings = proc.stderr.splitlines()
    assert all(w.startswith("salessim: warning: ") for w in warnings)
    assert any("loop.yaml" in w for w in warnings) and any("gone.yaml" in w for w in warnings)
    assert any("up leads to a folder already searched" in w for w in warnings)
    if hasattr(os, "mkfifo"):
        assert any("pipe.yaml is a pipe" in w for w in warnings)


def test_unreadable_subfolder_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.yaml").write_bytes(b"format: 1\n")
    (tmp_path / "good.yaml").write_bytes(MINI.read_bytes())
    real = os.scandir

    def scandir(path: Any) -> Any:  # root can read any folder: refuse it the way chmod would
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert main(["validate", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "1 file checked: 0 errors, 0 warnings"
    assert err.startswith("salessim: warning: cannot read the folder ")
    assert "(Permission denied); skipped it." in err


def test_control_characters_are_positioned_and_capped(tmp_path: Path) -> None:
    data = b"format: 1\n# pasted\x0b from\x0c Word\n" + b"x: a\x1bb\n" * 30
    found = diagnose(data, tmp_path)
    assert found[:3] == ["Y112@2:9", "Y112@2:15", "Y112@3:5"]
    assert len(found) == 21 and found[-1] == "Y112@21:5"
    assert diagnose("a: b\u2028c\n".encode(), tmp_path) == ["Y112@1:5"]
    assert diagnose("a: b\ufffe\n".encode(), tmp_path) == ["Y112@1:5"]


def test_escaped_controls_in_quoted_strings(tmp_path: Path) -> None:
    for escape in ("\\0", "\\x00", "\\e", "\\x1b]0;pwned\\a", "\\r", "\\x9b", "\\N", "\\b"):
        assert diagnose(f'format: 1\nid: "a{escape}"\n'.encode(), tmp_path) == ["Y113@2:5"]
    # line breaks and tabs are text; so are bidi marks (they are only removed when printed)
    ok = diagnose(b'format: 1\nid: "a\\n\\tb\\u202e"\n', tmp_path)
    assert not any(d.startswith("Y11") for d in ok)


def test_numbers_too_long_to_be_values(tmp_path: Path) -> None:
    assert diagnose(b"format: 1\ndifficulty: " + b"9" * 4301 + b"\n", tmp_path) == ["S207@2:13"]
    assert diagnose(b"format: 1\nx: -" + b"1" * 31 + b"\n", tmp_path) == ["S207@2:4"]
    assert diagnose(b"format: 1\nx: 1." + b"1" * 400 + b"\n", tmp_path) == ["S207@2:4"]
    assert diagnose(b"format: 1\n" + b"9" * 100 + b": key\n", tmp_path) == ["S207@2:1"]
    text = MINI.read_text(encoding="utf-8").replace(
        "effects: {trust: +1}", "effects: {trust: '+99999999999'}", 1
    )
    assert [c.split("@")[0] for c in diagnose(text.encode(), tmp_path)] == ["S202"]


def test_printed_diagnostics_are_one_safe_line() -> None:
    from game.engine.diagnostics import Diagnostic, Pos

    hostile = "x\n/etc/s.yaml:1:1: Y101 forged\x1b]0;title\x07\x1b[2J\u202egnp.exe\x9b31m"
    d = Diagnostic("R301", f"node '{hostile}' is unknown.", "a\nb\x1b[2J\u2066.yaml", Pos(3, 4))
    text = str(d)
    assert "\n" not in text and "\x1b" not in text and "\x9b" not in text
    assert "\u202e" not in text and "\u2066" not in text and "\x07" not in text
    assert text.startswith("a b[2J.yaml:3:4: R301 node 'x /etc/s.yaml:1:1: Y101 forged")
    assert LINE.match(text) and text.count(": R301 ") == 1


def test_file_name_with_controls_is_printed_safely(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a\nb\x1b[2J.yaml"
    path.write_bytes(b"format: 1\n\tid: x\n")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out
    lines = out.splitlines()
    assert len(lines) == 2 and LINE.match(lines[0]) and "a b[2J.yaml:2:1: Y102" in lines[0]


def test_look_alike_ids(tmp_path: Path) -> None:
    base = MINI.read_text(encoding="utf-8")
    # a pain that differs from another only by a Cyrillic letter: a warning naming both
    text = base.replace(
        "  outages: {text: Weekly outages, owner: lee}",
        "  outages: {text: Weekly outages, owner: lee}\n  оutages: {text: Again, owner: lee}",
    )
    found = load_scenario_text(text, "s.yaml").warnings
    assert [d.code for d in found] == ["W705"]
    assert "'о' (U+043E CYRILLIC SMALL LETTER O)" in found[0].message
    assert found[0].message.endswith("Did you mean 'outages'?")
    # a reference written with a look-alike finds the real id at once
    text = base.replace("picks_up: outages", "picks_up: оutages", 1)
    with pytest.raises(ScenarioError) as exc:
        load_scenario_text(text, "s.yaml")
    (d,) = exc.value.diagnostics
    assert d.code == "R306" and d.message.endswith("Did you mean 'outages'?")
    assert "CYRILLIC SMALL LETTER O" in d.message
    # full-width letters and invisible characters in a node id; Chinese ids are fine
    extra = "  ｐain\u200b: {says: Hi, end: won}\n  痛点: {says: 你好, end: won}\n"
    text = base.replace("  pain:\n", extra + "  pain:\n", 1)
    found = [d for d in load_scenario_text(text, "s.yaml").warnings if d.code == "W705"]
    assert len(found) == 1 and "'ｐ' (U+FF50 FULLWIDTH LATIN SMALL LETTER P)" in found[0].message
    assert "the invisible U+200B ZERO WIDTH SPACE" in found[0].message


def test_many_wrong_names_stay_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """Thousands of wrong names in a big scenario: 'did you mean' compares a bounded number
    of pairs per file (it used to compare every wrong name with every node: quadratic)."""
    import difflib

    from game.engine.diagnostics import SUGGEST_BUDGET

    compared = 0
    real = difflib.get_close_matches

    def counting(word: str, options: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal compared
        compared += len(options)
        return real(word, options, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    nodes = "".join(
        f"  n{i}: {{says: Hi, choices: [{{say: Go, move: other, goto: m{i}x}}]}}\n"
        for i in range(3000)
    )
    text = (
        "format: 1\nid: big\nlanguage: en\ntitle: Big\n"
        "stakeholders: {lee: {name: Lee, title: IT, role: user}}\n"
        f"start: n0\nnodes:\n{nodes}endings: {{done: {{outcome: no_sale, says: Bye}}}}\n"
    )
    started = time.perf_counter()
    with pytest.raises(ScenarioError) as exc:
        load_scenario_text(text, "big.yaml")
    took = time.perf_counter() - started
    assert sum(d.code == "R301" for d in exc.value.diagnostics) == 3000
    assert compared <= SUGGEST_BUDGET
    assert took < 60  # generous: the old quadratic search took minutes on slow machines
