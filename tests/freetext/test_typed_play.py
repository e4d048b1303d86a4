"""Typed play in the terminal: what was typed is matched, confirmed or picked from the menu;
the record keeps it; the scores are exactly those of picking the same choices."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Session, load_scenario
from game.engine.session import replay
from game.freetext import Matcher
from game.record import TraineeMove
from game.scoring import score_record
from game.terminal import TerminalPlay

ROOT = Path(__file__).resolve().parents[2]
CAMPUS = ROOT / "scenarios" / "campus-security.yaml"


def typed_play(answers: list[str], lang: str = "en") -> tuple[Session, str]:
    sc = load_scenario(CAMPUS)
    session = Session(sc, language=lang)
    out = io.StringIO()
    play = TerminalPlay(session, out, answers, matcher=Matcher(sc, stage2=False))
    assert play.run() == 2  # the script runs out mid-meeting: a usage error, as --choices
    return session, out.getvalue()


def moves(session: Session) -> list[TraineeMove]:
    return [e for e in session.events if isinstance(e, TraineeMove)]


def test_a_clear_line_is_taken_and_shown_as_what_it_counted_as() -> None:
    session, out = typed_play(["how does security run day to day at the parks now"])
    first = moves(session)[0]
    assert first.choice == "start.3"
    assert first.typed is not None
    assert first.typed.words == "how does security run day to day at the parks now"
    assert (first.typed.zone, first.typed.how, first.typed.lang) == ("auto", "auto", "en")
    assert first.typed.matcher.startswith("1.0 stages 1")
    assert first.typed.candidates[0].choice == "start.3"
    assert len(first.typed.candidates) == 3
    assert "Counted as: Thank you. Before we talk about the new park" in out
    assert "  1. " not in out.split("Counted as")[0]  # no menu shown before typing


def test_none_of_these_twice_brings_the_menu_and_nothing_rejected_is_scored() -> None:
    session, out = typed_play(["hmm", "0", "whatever", "0", "3"])
    assert out.count("None of these — let me rephrase") == 2
    assert "Still no match. Pick from all the choices:" in out
    first = moves(session)[0]
    assert first.choice == session.scenario.choice_id("start", 2)
    assert first.typed is not None and first.typed.how == "menu"
    assert first.typed.rephrased == ["hmm", "whatever"]
    assert len(moves(session)) == 1  # the rejected lines were never moves


def test_a_confirmed_line_takes_the_pick() -> None:
    session, out = typed_play(["blind spot", "1"])
    first = moves(session)[0]
    assert first.typed is not None and first.typed.how == "confirm"
    assert "Which did you mean?" in out
    assert first.choice == first.typed.candidates[0].choice


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_typed_play_scores_exactly_as_picking_the_same_choices(tmp_path: Path, lang: str) -> None:
    lines = {
        "en": [
            "how does security run day to day at the parks now",
            "you said that corner was a blind spot, how often does that happen",
        ],
        "zh": [
            "现在几个老园区的安防日常是怎么运作的 靠哪些系统和人",
            "你说那个角落是盲区 这种情况多吗",
        ],
    }[lang]
    out = tmp_path / "typed.json"
    code = main(
        [
            "play", "--text", "--type", "--lang", lang, "--json-out", str(out),
            "campus-security", "--choices", "|".join(lines),
        ]
    )  # fmt: skip
    assert code == 2  # the script ran out: the record keeps what was played
    record = json.loads(out.read_text(encoding="utf-8"))
    taken = [e for e in record["events"] if e["kind"] == "choice"]
    assert [e["typed"]["words"] for e in taken] == lines
    assert [e["choice"] for e in taken] == ["start.3", "current_ops.3"]
    picked = replay(Session(load_scenario(CAMPUS), language=lang), [e["choice"] for e in taken])
    picked.quit()
    typed_report = score_record(record)
    picked_report = score_record(picked.record())
    assert typed_report.overall == picked_report.overall
    assert {d: s.score for d, s in typed_report.dimensions.items()} == {
        d: s.score for d, s in picked_report.dimensions.items()
    }


def test_lines_no_choice_fitted_are_listed_for_the_trainer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "typed.json"
    db = f"sqlite:///{tmp_path / 'team.db'}"
    script = "|".join(["do you play golf", "0", "nice weather", "0", "3"])
    args = ["play", "--text", "--type", "--lang", "en", "--json-out", str(out), "--db", db]
    assert main([*args, "campus-security", "--choices", script]) == 2
    capsys.readouterr()
    assert main(["records", "unmatched", "--db", db, "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(u["node"], u["words"]) for u in found] == [
        ("start", "do you play golf"),
        ("start", "nice weather"),
    ]
    assert {u["meant"] for u in found} == {load_scenario(CAMPUS).choice_id("start", 2)}
    assert main(["records", "unmatched", "--db", db]) == 0
    text = capsys.readouterr().out
    assert "campus-security · start" in text and "2 lines no choice fitted" in text
