"""Terminal play and its debrief wrap to the terminal: at 60 and 100 columns no line is
wider, no word is split, and no Chinese line starts with closing punctuation; piped to a
file (no $COLUMNS, not a terminal) the text is left as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_support import salessim

from game.engine.text import NO_LINE_START, break_lines, columns, wrap_columns

ROOT = Path(__file__).resolve().parent.parent
TEXTBOOK = ROOT / "scenarios" / "plans" / "campus-textbook-order.play"


def textbook() -> str:
    return ",".join(re.findall(r"^choose (\d+)", TEXTBOOK.read_text(), re.M))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_terminal_play_wraps_to_60_and_100_columns(lang: str, tmp_path: Path) -> None:
    args = ["play", "--text", "campus-security", "--lang", lang, "--choices", textbook()]
    plain = salessim(*args, "--json-out", str(tmp_path / "plain.json"), env={"COLUMNS": ""})
    assert plain.returncode == 0, plain.stderr
    plain_text = plain.stdout.replace(str(tmp_path / "plain.json"), "RECORD")
    assert max(columns(line) for line in plain.stdout.splitlines()) > 100  # it needs wrapping
    for width in (60, 100):
        out = tmp_path / f"{width}.json"
        proc = salessim(*args, "--json-out", str(out), env={"COLUMNS": str(width)})
        assert proc.returncode == 0, proc.stderr
        text = proc.stdout.replace(str(out), "RECORD")  # a path is never broken
        lines = text.splitlines()
        assert all(columns(line) <= width for line in lines), max(lines, key=columns)
        # the same words in the same order: none split at the edge
        if lang == "en":
            assert text.split() == plain_text.split()
        else:
            assert "".join(text.split()) == "".join(plain_text.split())
            starts = [line.strip()[:1] for line in lines if line.strip()]
            plain_starts = [line.strip()[:1] for line in plain_text.splitlines() if line.strip()]
            added = [c for c in starts if c in NO_LINE_START]
            assert len(added) <= len([c for c in plain_starts if c in NO_LINE_START])


def test_wrapping_keeps_indents_words_and_punctuation() -> None:
    assert wrap_columns("    one two three four five", 14) == [
        "    one two",
        "    three four",
        "    five",
    ]
    assert wrap_columns("short", 10) == ["short"]
    lines = break_lines("我们先看一下现场，再谈方案。", 8, columns)
    assert all(columns(line) <= 8 for line in lines)
    assert not any(line[:1] in NO_LINE_START for line in lines[1:])
    assert "".join(lines) == "我们先看一下现场，再谈方案。"
