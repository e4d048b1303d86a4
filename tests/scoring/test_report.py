"""Dimensions, overall, pass/fail, taboos, trainer scores and the debrief built from them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from scoring_synth import Synth

from game.engine import Session, load_scenario
from game.engine.session import replay
from game.record import read_events
from game.scoring import DIMENSIONS, load_rubric_text, score_record
from game.scoring.debrief import advice_of, card_groups, render_debrief
from game.scoring.report import pick, report_from_dict


def good_meeting(s: Synth) -> Synth:
    s.buyer(pains={"downtime": "implied"}, cues=["downtime"], seconds=20)
    s.say("question", spin="problem", picks_up="downtime", about=["downtime"])
    s.buyer(seconds=20)
    s.say("question", spin="implication", about=["downtime"])
    s.buyer(pains={"downtime": "explicit"}, seconds=20)
    s.say("verify", about=["downtime"])
    s.buyer(seconds=20)
    s.say("question", spin="need_payoff", about=["downtime"])
    s.buyer(seconds=20)
    s.say(
        "next_step",
        next_step={"buyer_commits": True, "dated": True, "who": ["li", "boss"]},
    )
    return s


def test_never_talking_price_counts_as_pricing_discipline() -> None:
    """A session that never talks price shows discipline (no early quote, nothing given
    away): pricing is judged, not dropped, and the overall weighs all four dimensions."""
    report = score_record(good_meeting(Synth()).end())
    pricing = report.dimensions["pricing_timing"]
    assert pricing.score == 100 and pricing.tier == "excellent"
    scored = [report.dimensions[d].score for d in DIMENSIONS]
    assert all(s is not None for s in scored)
    assert report.conduct == pytest.approx(round(sum(s for s in scored if s) / 4, 1))
    assert report.passed, report.fail_reasons


def test_taboos_cost_their_dimension_and_always_show() -> None:
    s = good_meeting(Synth())
    s.buyer()
    turn = s.say("other", "Anda's kit is junk.", flags=["attack_competitor", "overpromise"])
    clean = score_record(good_meeting(Synth()).end())
    report = score_record(s.end("advance"))
    assert [(r.id, e.turn) for r, e in report.taboos] == [
        ("T-attack_competitor", turn),
        ("T-overpromise", turn),
    ]
    listening = {r.id: r for r in report.dimensions["listening"].rules}
    assert listening["T-attack_competitor"].points == -15
    assert report.dimensions["next_step"].score == pytest.approx(
        clean.dimensions["next_step"].score - 15, abs=0.11
    )
    text = render_debrief(read_events(s.events), report, "en")
    assert "== Taboos ==" in text and "Attacking a competitor" in text
    assert "攻击竞争对手" in render_debrief(read_events(s.events), report, "zh")


def test_trainer_score_adjusts_with_its_feedback() -> None:
    s = good_meeting(Synth())
    s.buyer()
    turn = s.say("other", score={"pricing_timing": -20}, feedback="You hinted at a discount.")
    report = score_record(s.end("advance"))
    pricing = report.dimensions["pricing_timing"]
    assert pricing.score == 80  # nothing else judged pricing: it starts from 100
    trainer = next(r for r in pricing.rules if r.id == "S-trainer")
    assert trainer.evidence[0].turn == turn
    assert trainer.evidence[0].note == {"en": "You hinted at a discount."}


def test_dimension_weighted_zero_is_shown_but_not_graded() -> None:
    s = Synth()
    s.buyer()
    s.say("price")  # before any need: P1 and P2 score nothing
    good_meeting(s)
    rubric = load_rubric_text("pricing_timing: {weight: 0}\n")
    report = score_record(s.end("advance"), rubric)
    pricing = report.dimensions["pricing_timing"]
    assert pricing.score is not None and pricing.score < 60
    assert report.passed, report.fail_reasons
    strict = score_record(s.record())
    assert not strict.passed


def test_partial_sessions_are_labelled_and_cannot_pass() -> None:
    s = good_meeting(Synth())
    report = score_record(s.end(reason="quit"))
    assert report.partial and not report.passed
    assert any("not finished" in r["en"] for r in report.fail_reasons)
    assert "Partial" in render_debrief(read_events(s.events), report, "en")


def test_moments_cite_turns_and_carry_the_trainers_note_beside_the_coaching() -> None:
    s = Synth()
    s.buyer(pains={"downtime": "implied"})
    early = s.say("price", "It's 500k.", feedback="Too early: you know nothing yet.")
    report = score_record(s.end())
    p1 = next(m for m in report.moments if m.rule == "P1")
    assert p1.turn == early and p1.text == "It's 500k."
    assert p1.advice == p1.coaching and "quote" in p1.advice["en"].lower()  # what to do
    assert p1.feedback == {"en": "Too early: you know nothing yet."}  # the trainer's note
    assert report.moments == tuple(sorted(report.moments, key=lambda m: -m.lost))
    text = render_debrief(read_events(s.events), report, "en")
    assert "Too early: you know nothing yet." in text and f"Turn {early}" in text


def test_scores_are_deterministic_to_the_decimal() -> None:
    record = good_meeting(Synth()).end()
    assert score_record(record).to_dict() == score_record(record).to_dict()


def test_a_stored_report_reads_back_as_it_was_given() -> None:
    """Reports show a session's debrief from the scores stored in its record: read back,
    they are the very report scoring made (every golden session, as JSON)."""
    root = Path(__file__).resolve().parents[2]
    scenario = load_scenario(root / "scenarios" / "campus-security.yaml")
    for play in sorted((root / "scenarios" / "plans").glob("campus-*.play")):
        choices = [int(n) for n in re.findall(r"^choose (\d+)", play.read_text(), re.M)]
        session = Session(scenario, language="zh")
        replay(session, choices)
        report = score_record(session.record())
        assert report_from_dict(json.loads(json.dumps(report.to_dict()))) == report, play.name
    with pytest.raises(KeyError):
        report_from_dict({"overall": 50})


def test_no_card_advises_the_move_it_penalises() -> None:
    """Over every golden session: what a card says to do instead is never the trainer's
    feedback on the choice the card takes points for (which is often praise of it)."""
    root = Path(__file__).resolve().parents[2]
    scenario = load_scenario(root / "scenarios" / "campus-security.yaml")
    checked = 0
    for play in sorted((root / "scenarios" / "plans").glob("campus-*.play")):
        choices = [int(n) for n in re.findall(r"^choose (\d+)", play.read_text(), re.M)]
        for lang in ("zh", "en"):
            session = Session(scenario, language=lang)
            replay(session, choices)
            record = session.record()
            report = score_record(record)
            said = {
                e["turn"]: e.get("feedback")
                for e in record["events"]
                if e["kind"] == "choice" and e.get("feedback")
            }
            for m in report.moments:
                if m.turn in said:
                    checked += 1
                    assert m.advice != said[m.turn], (play.name, m.turn, m.rule)
            for group in card_groups(report):  # the cards the window and the text show
                feedback = said.get(group[0].turn)
                if feedback:
                    assert pick(feedback, lang) not in advice_of(group, lang), play.name
    assert checked > 20  # cards on choices that carry feedback were looked at


def test_the_overall_line_never_sets_a_tier_against_a_fail() -> None:
    """ "84 proficient — FAIL" reads as a contradiction: a failed session's overall line
    names no tier (its reasons follow); a passed one names its tier."""
    from game.scoring.score import TIER_NAMES

    root = Path(__file__).resolve().parents[2]
    scenario = load_scenario(root / "scenarios" / "campus-security.yaml")
    for name, passed in (("campus-textbook-order", True), ("campus-rookie-early-price", False)):
        text = (root / "scenarios" / "plans" / f"{name}.play").read_text()
        session = Session(scenario, language="zh")
        replay(session, [int(n) for n in re.findall(r"^choose (\d+)", text, re.M)])
        report = score_record(session.record())
        assert report.passed is passed
        line = next(
            x
            for x in render_debrief(session.events, report, "zh").splitlines()
            if "总分" in x and "—" in x
        )
        tiers = [t["zh"] for t in TIER_NAMES.values()]
        assert any(t in line for t in tiers) is passed, line
