"""The slips Chinese trainers make, each named at its own line with the fix: a full-width
colon, a missing space after a colon, a line indented too deep, a text holding ': ', a goto
typo (reported once, not with the warnings it drags along), a synonym for a move."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import check_file

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("fullwidth_colon", ["'start：'", "full-width colon '：'", "'start: '"]),
        ("no_space_after_colon", ["'start:a' needs a space after the colon", "'start: a'"]),
        ("over_indented", ["indented more than the line above it (18)", "same indentation"]),
        ("objective_with_colon", ["'弄清预算: 多少钱' contains ': '", '"弄清预算: 多少钱"']),
    ],
)
def test_the_slip_is_named_at_its_line(case: str, words: list[str]) -> None:
    found = check_file(BAD / f"{case}.yaml")
    assert len(found) == 1
    for w in words:
        assert w in found[0].message, found[0].message
    assert "unknown language" not in found[0].message
    assert "must be quoted" not in found[0].message


def test_a_goto_typo_is_reported_once_with_its_echoes_folded() -> None:
    found = check_file(BAD / "goto_typo_cascade.yaml")
    assert [d.code for d in found] == ["R301"]
    assert "Did you mean 'b'?" in found[0].message
    assert "2 warnings about unreachable nodes or unused endings" in found[0].message


def test_a_move_named_by_its_meaning_is_suggested_by_meaning(tmp_path: Path) -> None:
    text = (BAD / "fullwidth_colon.yaml").read_text(encoding="utf-8").replace("start：", "start:")
    for said, meant in (("quote", "price"), ("报价", "price"), ("让步", "discount")):
        path = tmp_path / f"{meant}.yaml"
        path.write_text(text.replace("move: question", f"move: {said}"), encoding="utf-8")
        (found,) = check_file(path)
        assert found.code == "S204" and found.message.endswith(f"Did you mean '{meant}'?")
