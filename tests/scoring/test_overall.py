"""The overall verdict: where the deal ended, severe mistakes and caps (docs/scoring.md)."""

from __future__ import annotations

import pytest
from scoring_synth import Synth

from game.scoring import default_rubric, read_log, score_record
from game.scoring.listening import l4_verify

R = default_rubric().settings


def _good_meeting(s: Synth, *, flags: list[str] | None = None, technique: str = "summary") -> None:
    """A short, well-run meeting: cue picked up, need made explicit, verified, closed."""
    s.buyer("Our lines stop every week.", cues=["downtime"], pains={"downtime": "implied"})
    s.say("question", spin="problem", picks_up="downtime")
    s.buyer("It costs us a shift each time.", seconds=20, pains={"downtime": "explicit"})
    s.say("question", spin="need_payoff")
    s.buyer("Fixing it would pay for itself.", seconds=20)
    s.say("verify", about=["downtime"], flags=flags)
    s.buyer("Exactly.", seconds=10)
    s.say("close", technique=technique)


def _report(outcome: str, **kw: object):  # type: ignore[no-untyped-def]
    s = Synth()
    _good_meeting(s, **kw)  # type: ignore[arg-type]
    return score_record(s.end(outcome))


def test_same_conduct_order_beats_advance_beats_continuation() -> None:
    order, advance, cont = (_report(o) for o in ("order", "advance", "continuation"))
    assert order.conduct == advance.conduct  # N1 also judges the meeting: the rest is equal
    assert order.overall is not None and advance.overall is not None and cont.overall is not None
    assert order.overall > advance.overall > cont.overall
    assert order.passed


@pytest.mark.parametrize("outcome", ["continuation", "no_sale"])
def test_a_stalled_or_lost_deal_is_never_proficient(outcome: str) -> None:
    report = _report(outcome)
    assert report.overall is not None
    assert report.overall <= R.overall.stalled_cap < R.tiers.proficient
    assert not report.passed
    assert report.cap == R.overall.stalled_cap


def test_a_severe_mistake_caps_the_overall_and_leads_the_reasons() -> None:
    clean = _report("order")
    report = _report("order", flags=["overpromise"])
    assert report.overall is not None and clean.overall is not None
    assert report.overall <= R.severe.cap < R.overall.pass_mark
    assert not report.passed
    assert "severe" in report.fail_reasons[0]["en"]
    assert [e.turn for e in report.severe] == [6]


def test_a_pressure_close_is_severe() -> None:
    report = _report("order", technique="urgency")
    assert len(report.severe) == 1 and "pressure close" in report.severe[0].note["en"]
    assert not report.passed


def test_severe_mistakes_are_in_the_stored_scores() -> None:
    data = _report("order", flags=["attack_competitor"]).to_dict()
    assert data["severe"][0]["points"] == -R.severe.penalty
    assert data["outcome"]["points"] == R.overall.outcome_points["order"]


def test_l4_is_judged_in_every_meeting() -> None:
    s = Synth()
    _good_meeting(s)
    s.start_meeting()
    s.buyer("So what do you propose?")
    late = s.say("present", about=["downtime"])
    result = l4_verify(read_log(s.end("order")), R.listening.L4)
    assert result.points == pytest.approx(R.listening.L4.weight / 2)
    assert [e.turn for e in result.evidence if e.points < 0] == [late]
