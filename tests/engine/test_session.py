"""The Session: gates, jumps, loop-backs, requires, once, the clock, meetings and the record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from game.engine import (
    ChoiceError,
    Session,
    SessionError,
    Status,
    load_scenario,
    load_scenario_text,
)
from game.engine.session import replay
from game.engine.text import speaking_seconds
from game.engine.trail import furthest_stage, meeting_outcomes, stage_trail

MINI = Path(__file__).resolve().parent.parent / "data" / "mini.yaml"


def play(session: Session, *numbers: int) -> Session:
    return replay(session, numbers)


def kinds(session: Session, kind: str) -> list[dict[str, Any]]:
    """The session's events of one kind, as the record stores them."""
    return [e.to_dict() for e in session.events if kind == e.KIND]


@pytest.fixture
def mini() -> Session:
    return Session(load_scenario(MINI), trainee="Test")


def test_first_view(mini: Session) -> None:
    view = mini.view()
    assert view.status is Status.CHOOSING
    assert view.line is not None and view.line.text == "Our network goes down every week."
    assert view.line.speaker is not None and view.line.speaker.role == "user"
    assert [c.number for c in view.choices] == [1, 2, 3, 4, 5]
    assert view.choices[0].id == "hello.1"
    assert view.stage == "discover" and view.stage_index == 0
    assert [s.id for s in view.stages][:2] == ["discover", "analyze"]
    assert view.stages[0].gated and not view.stages[2].gated
    assert view.meeting.number == 1 and view.meeting.title == "First call"
    assert [f.id for f in view.facts] == ["old"] and view.facts[0].from_briefing
    assert {p.id: p.state for p in view.pains} == {"outages": "implied"}


def test_gate_passes_when_its_condition_holds(mini: Session) -> None:
    play(mini, 1)
    gates = kinds(mini, "gate")
    assert gates[-1]["stage_from"] == "discover" and gates[-1]["passed"]
    assert mini.view().stage == "analyze"
    assert mini.view().facts[-1].id == "budget"


def test_gate_blocks_when_its_condition_fails() -> None:
    text = MINI.read_text(encoding="utf-8").replace("effects: {trust: +1}", "effects: {trust: +0}")
    session = play(Session(load_scenario_text(text)), 1, 1)
    blocked = [g for g in kinds(session, "gate") if not g["passed"]]
    assert blocked and blocked[0]["stage_from"] == "analyze"
    assert blocked[0]["requires"] == "pain.outages == explicit and trust >= 1"
    assert session.view().stage == "analyze"


def test_jump_passes_when_gate_is_open(mini: Session) -> None:
    play(mini, 2)  # "Would you sign today?" — discover's gate is open (outages implied)
    assert mini.view().ending is not None and mini.view().ending.outcome == "order"
    jump = kinds(mini, "gate")[-1]
    assert (jump["via"], jump["passed"], jump["stage_to"]) == ("jump", True, "analyze")


def test_jump_fails_when_gate_is_closed() -> None:
    text = MINI.read_text(encoding="utf-8").replace(
        '"pain.outages >= implied"', '"pain.outages == explicit"'
    )
    session = play(Session(load_scenario_text(text)), 2)
    jump = kinds(session, "gate")[0]
    assert (jump["via"], jump["passed"]) == ("jump", False)
    assert session.node_id == "pain"  # via 'pushback', which goes on to 'pain'
    assert kinds(session, "line")[1]["objection"] == "timing"


def test_loop_back_returns_to_an_earlier_stage(mini: Session) -> None:
    play(mini, 1, 1, 1)  # reach the CFO meeting at evaluate_solutions
    loop = kinds(mini, "loop_back")[0]
    assert loop == {
        "kind": "loop_back",
        "node": "cfo",
        "stage_from": "evaluate_solutions",
        "stage_to": "analyze",
        "applied": True,
    }
    assert mini.view().stage == "analyze"


def test_once_and_requires_hide_choices(mini: Session) -> None:
    play(mini, 1)
    first = [c.text for c in mini.view().choices]
    assert len(first) == 3  # the discount needs trust >= 3
    mini.choose(1)  # verify, once: true
    assert [c.text for c in mini.view().choices] == first[1:]


def test_choose_by_id_and_bad_choices(mini: Session) -> None:
    with pytest.raises(ChoiceError, match="choose 1 to 5"):
        mini.choose(6)
    with pytest.raises(ChoiceError, match="not on offer"):
        mini.choose_id("pain.1")
    mini.choose_id("hello.1")
    assert mini.node_id == "pain"
    with pytest.raises(SessionError):
        mini.proceed()


def test_meetings_and_their_outcomes(mini: Session) -> None:
    play(mini, 1, 1, 1, 1, 2)  # ... pilot booked with the CFO, then "keep in touch"
    # the jump the buyer passed led straight into the meeting with the CFO: an advance
    assert meeting_outcomes(mini.events) == [(1, "advance"), (2, "continuation")]
    started = kinds(mini, "meeting_started")
    assert [(m["meeting"], m["minutes"], m["present"]) for m in started] == [
        (1, 5, ["lee"]),
        (2, 10, ["wu", "lee"]),
    ]
    assert mini.view().meeting.number == 2
    assert mini.view().ending is not None and mini.view().ending.id == "drift"


def test_clock_counts_both_sides() -> None:
    session = play(Session(load_scenario(MINI)), 1)
    lines = [e.to_dict() for e in session.events if e.KIND in ("line", "choice")]
    total = sum(e["seconds"] for e in lines)
    assert session.view().meeting.elapsed == pytest.approx(total)
    assert lines[-1]["clock"] == pytest.approx(total, abs=0.01)


def test_time_up_ends_as_continuation_without_a_next_step(mini: Session) -> None:
    play(mini, 3)  # a 400-second pitch in a 5-minute meeting
    ending = mini.view().ending
    assert ending is not None
    assert (ending.reason, ending.outcome, ending.id) == ("time_up", "continuation", None)
    assert ending.text  # the buyer says goodbye
    assert mini.finished and mini.view().choices == ()


def test_time_up_after_a_committed_next_step_is_an_advance() -> None:
    text = (
        MINI.read_text(encoding="utf-8")
        .replace(
            "    says: Good. Anything else?\n",
            "    says: Good. Anything else?\n    effects: {trust: +1}\n",
        )
        .replace(
            "meeting: {title: With the CFO, minutes: 10",
            "meeting: {title: With the CFO, minutes: 1",
        )
    )
    text = text.replace("        goto: close\n", "        seconds: 60\n        goto: close\n")
    session = play(Session(load_scenario_text(text)), 1, 1, 1, 1)
    ending = session.view().ending
    assert ending is not None and (ending.reason, ending.outcome) == ("time_up", "advance")


def test_no_choices_left_ends_the_meeting() -> None:
    text = (
        MINI.read_text(encoding="utf-8")
        .replace(
            "      - say: Shall we sign?\n",
            "      - say: Shall we sign?\n        requires: trust > 5\n",
        )
        .replace(
            "      - say: Let's keep in touch.\n",
            "      - say: Let's keep in touch.\n        requires: trust > 5\n",
        )
    )
    session = play(Session(load_scenario_text(text)), 1, 1, 1, 1)
    ending = session.view().ending
    assert ending is not None and (ending.reason, ending.outcome) == ("no_choices", "advance")


def test_quit_keeps_the_record(mini: Session) -> None:
    play(mini, 1)
    mini.quit()
    record = mini.record()
    assert record["status"] == "abandoned" and record["outcome"] is None
    assert record["events"][-1]["kind"] == "ended"
    with pytest.raises(SessionError):
        mini.choose(1)


def test_stage_trail_reads_the_path(mini: Session) -> None:
    play(mini, 1, 1, 1, 1, 1)
    trail = [(s.stage, s.how) for s in stage_trail(mini.events)]
    assert trail == [
        ("discover", "start"),
        ("analyze", "advance"),
        ("prioritize", "advance"),
        ("evaluate_solutions", "jump"),
        ("analyze", "loop_back"),
        ("prioritize", "advance"),
    ]
    assert furthest_stage(mini.events) == ("evaluate_solutions", 3)


def test_language_changes_words_not_the_clock() -> None:
    text = MINI.read_text(encoding="utf-8")
    zh = play(Session(load_scenario_text(text), language="zh"), 1)
    en = play(Session(load_scenario_text(text), language="en"), 1)
    assert zh.record()["scenario"]["title"] == {"en": "Mini deal", "zh": "小单"}
    assert [getattr(e, "seconds", None) for e in zh.events] == [
        getattr(e, "seconds", None) for e in en.events
    ]


def test_effects_clamp_to_bounds() -> None:
    text = MINI.read_text(encoding="utf-8").replace("effects: {trust: +1}", "effects: {trust: +9}")
    session = play(Session(load_scenario_text(text)), 1)
    assert session.variable("trust") == 3


def test_visible_text_falls_back_to_the_scenario_language() -> None:
    session = Session(load_scenario(MINI), language="zh")
    assert session.view().line is not None
    assert session.view().line.text == "Our network goes down every week."  # no zh given


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("one two three", 1.2),
        ("最近园区不太平", 1.68),
        ("我们的NVR方案", 5 * 0.24 + 0.4),  # five characters and one word
        ("", 0.0),
        ("...!!", 0.0),
    ],
)
def test_speaking_seconds(text: str, seconds: float) -> None:
    assert speaking_seconds(text) == pytest.approx(seconds, abs=0.01)


def test_view_is_cheap_and_pure(mini: Session) -> None:
    before = len(mini.events)
    assert mini.view() == mini.view()
    assert len(mini.events) == before
