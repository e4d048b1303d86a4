"""Terminal play shows what the game's notes panel does, on asking: the stage, each pain
with its need state and the facts learned; and every buyer line carries its turn number,
the one the debrief names."""

from __future__ import annotations

import io
from pathlib import Path

from game.engine import Session, load_scenario
from game.terminal import TerminalPlay

ROOT = Path(__file__).resolve().parent.parent


def test_notes_on_asking_and_turn_numbers_in_the_transcript() -> None:
    scenario = load_scenario(ROOT / "scenarios" / "campus-security.yaml")
    answers = iter(["n", "3", "3", "n", "x"])  # "x": not a number, then the input ends

    def read(_prompt: str) -> str:
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None

    out = io.StringIO()
    play = TerminalPlay(Session(scenario, language="en"), out, read=read, interactive=True)
    play.run()
    text = out.getvalue()
    assert "type n for your notes" in text
    first, second = text.split("== Notes ==")[1:3]
    assert "Stage: Discover the problem" in first and "Pains:" in first
    assert "Facts learned:" in second and "[implied]" in second  # what the buyer let slip
    assert "[Turn 1 | Discover the problem |" in text  # the buyer's first line is turn 1


def test_a_chinese_session_speaks_chinese_in_the_transcript() -> None:
    scenario = load_scenario(ROOT / "scenarios" / "campus-security.yaml")
    out = io.StringIO()
    play = TerminalPlay(Session(scenario, language="zh"), out, answers=["3"])
    play.run()
    text = out.getvalue()
    assert "分钟）" in text and " min)" not in text
    assert "[第1轮 | 发现问题 |" in text


def test_a_blocked_decision_point_says_what_the_buyer_still_needed() -> None:
    """In the transcript as it happens, and in the debrief (which shows it even for a gate
    the trainer keeps hidden during the meeting)."""
    import re

    from game.scoring import score_record
    from game.scoring.debrief import render_debrief

    scenario = load_scenario(ROOT / "scenarios" / "campus-security.yaml")
    play_file = ROOT / "scenarios" / "plans" / "campus-jump-fails-no-trust.play"
    choices = [n for n in re.findall(r"^choose (\d+)", play_file.read_text(), re.M)]
    out = io.StringIO()
    session = Session(scenario, language="en")
    TerminalPlay(session, out, answers=choices).run()
    text = out.getvalue()
    assert "[Decision point not passed: Analyse the problem]" in text
    assert "What the buyer still needed: not enough trust in you yet" in text
    debrief = render_debrief(session.events, score_record(session.record()), "en")
    assert "✗ Analyse the problem — What the buyer still needed:" in debrief
    assert "· not enough trust in you yet" in debrief
