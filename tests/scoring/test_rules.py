"""One or more tests per rule, on synthetic event logs (tests/scoring/scoring_synth.py)."""

from __future__ import annotations

import pytest
from scoring_synth import Synth

from game.scoring import default_rubric, read_log, score_record
from game.scoring.listening import (
    l1_talk_share,
    l2_monologue,
    l3_cues_picked_up,
    l4_verify,
    l5_objections,
)
from game.scoring.next_step import (
    n1_meeting_outcomes,
    n2_specific_advance,
    n3_economic_buyer,
    n4_sequence,
)
from game.scoring.pricing import (
    p1_value_before_price,
    p2_phase_fit,
    p3_give_get,
    p4_provoked_objections,
    p5_qualify_before_price,
)
from game.scoring.questioning import (
    q1_investigate_before_presenting,
    q2_explicit_needs,
    q3_situation_share,
    q4_question_count,
    q5_no_interrogation,
    q6_need_payoff,
)
from game.scoring.report import RuleResult

R = default_rubric().settings
Q, L, P, N = R.questioning, R.listening, R.pricing_timing, R.next_step


def cited(result: RuleResult) -> RuleResult:
    """Every point lost is on a turn, and the losses add up to what the rule lost."""
    assert result.points is not None
    assert 0 <= result.points <= result.max
    lost = [e for e in result.evidence if e.points < 0]
    assert sum(e.points for e in lost) == pytest.approx(result.points - result.max, abs=0.011)
    assert all(e.turn is not None for e in lost)
    assert all(e.note["zh"] and e.note["en"] for e in result.evidence)
    return result


def log_of(s: Synth, outcome: str | None = None):
    return read_log(s.end(outcome))


# -- Q1 ---------------------------------------------------------------------------------


def test_q1_full_when_problem_and_implication_come_first() -> None:
    s = Synth()
    s.buyer(pains={"downtime": "implied"})
    s.say("question", spin="problem", about=["downtime"])
    s.buyer()
    s.say("question", spin="implication", about=["downtime"])
    s.buyer()
    s.say("present", about=["downtime"])
    r = cited(q1_investigate_before_presenting(log_of(s), Q.Q1))
    assert r.points == Q.Q1.weight


def test_q1_partial_with_one_kind_and_zero_with_none() -> None:
    s = Synth()
    s.buyer(pains={"downtime": "implied"})
    s.say("question", spin="problem", about=["downtime"])
    s.buyer()
    s.say("present", about=["downtime"])
    r = cited(q1_investigate_before_presenting(log_of(s), Q.Q1))
    assert r.points == Q.Q1.weight * Q.Q1.one_kind_credit
    s = Synth()
    s.buyer(pains={"downtime": "implied"})
    turn = s.say("present")  # untagged: about every pain raised so far
    r = cited(q1_investigate_before_presenting(log_of(s), Q.Q1))
    assert r.points == 0
    assert r.evidence[0].turn == turn


def test_q1_not_assessed_without_a_present() -> None:
    s = Synth()
    s.buyer()
    s.say("question", spin="problem")
    r = q1_investigate_before_presenting(log_of(s), Q.Q1)
    assert r.points is None and r.not_assessed is not None


def test_q1_questions_about_another_pain_do_not_count() -> None:
    s = Synth(pains={"downtime": "li", "scrap": "li"})
    s.buyer(pains={"downtime": "implied", "scrap": "implied"})
    s.say("question", spin="problem", about=["scrap"])
    s.buyer()
    s.say("question", spin="implication", about=["scrap"])
    s.buyer()
    s.say("present", about=["downtime"])
    r = cited(q1_investigate_before_presenting(log_of(s), Q.Q1))
    assert r.points == 0


# -- Q2 ---------------------------------------------------------------------------------


def test_q2_share_of_pains_made_explicit() -> None:
    s = Synth(pains={"a": "li", "b": "li", "c": "li", "d": "li"})
    s.buyer(pains={"a": "explicit", "b": "implied"})
    s.say("question", spin="problem")
    s.buyer(pains={"b": "explicit", "c": "implied"})
    r = cited(q2_explicit_needs(log_of(s), Q.Q2))
    assert r.points == pytest.approx(Q.Q2.weight / 2)
    losses = {e.turn for e in r.evidence if e.points < 0}
    assert losses == {3}  # c hinted at turn 3; d never raised: the last turn, also 3


def test_q2_not_assessed_without_pains() -> None:
    s = Synth(pains={})
    s.buyer()
    assert q2_explicit_needs(log_of(s), Q.Q2).points is None


# -- Q3 ---------------------------------------------------------------------------------


def test_q3_situation_share_bands() -> None:
    def run(situation: int, other: int) -> float:
        s = Synth()
        for _ in range(situation):
            s.buyer()
            s.say("question", spin="situation")
        for _ in range(other):
            s.buyer()
            s.say("question", spin="problem")
        r = cited(q3_situation_share(log_of(s), Q.Q3))
        assert r.points is not None
        return r.points

    assert run(3, 7) == Q.Q3.weight  # 30%
    assert run(6, 4) == 0  # 60%
    assert run(9, 11) == pytest.approx(Q.Q3.weight * (60 - 45) / 30)  # 45%


def test_q3_asking_a_known_fact_costs() -> None:
    s = Synth(facts={"sites": {"kind": "background", "known": True}, "budget": {"kind": "budget"}})
    s.buyer(reveals=["budget"])
    t1 = s.say("question", spin="situation", about=["sites"])
    s.buyer()
    t2 = s.say("question", spin="problem", about=["budget"])
    s.buyer()
    for _ in range(5):
        s.say("question", spin="problem")
        s.buyer()
    r = cited(q3_situation_share(log_of(s), Q.Q3))
    penalties = [e for e in r.evidence if e.points < 0]
    assert {e.turn for e in penalties} == {t1, t2}
    assert r.points == pytest.approx(Q.Q3.weight * (1 - 2 * Q.Q3.known_fact_penalty))


def test_q3_not_assessed_without_questions() -> None:
    s = Synth()
    s.buyer()
    s.say("present")
    assert q3_situation_share(log_of(s), Q.Q3).points is None


# -- Q4 ---------------------------------------------------------------------------------


def _questions(n: int, minutes: int = 60) -> Synth:
    s = Synth(minutes=minutes)
    for _ in range(n):
        s.buyer()
        s.say("question", spin="problem")
    return s


def test_q4_share_of_questions_in_a_discovery_meeting() -> None:
    s = Synth()
    for move in ("question", "question", "present", "verify"):
        s.buyer()
        s.say(move, spin="problem" if move == "question" else None)
    assert cited(q4_question_count(log_of(s), Q.Q4)).points == Q.Q4.weight  # 50 %
    s = Synth()
    for move in ("question", "present", "present", "verify"):
        s.buyer()
        s.say(move, spin="problem" if move == "question" else None)
    few = cited(q4_question_count(log_of(s), Q.Q4))
    assert few.points == pytest.approx(Q.Q4.weight * 25 / Q.Q4.full_share, abs=0.01)


def test_q4_only_discovery_meetings() -> None:
    s = Synth()
    s.advance("evaluate_vendors")
    s.start_meeting()
    s.buyer()
    s.say("present")
    assert q4_question_count(log_of(s), Q.Q4).points is None


# -- Q5 ---------------------------------------------------------------------------------


def test_q5_runs_of_unanswered_questions_cost() -> None:
    s = Synth()
    turns = []
    for _ in range(5):
        s.buyer("Yes.", seconds=1)
        turns.append(s.say("question", spin="situation"))
    r = cited(q5_no_interrogation(log_of(s), Q.Q5))
    assert [e.turn for e in r.evidence if e.points < 0] == turns[3:]
    assert r.points == pytest.approx(Q.Q5.weight * (1 - 2 * Q.Q5.run_penalty))


def test_q5_substantial_answers_break_the_run() -> None:
    s = Synth()
    for _ in range(6):
        s.buyer("A long and detailed answer about everything.", seconds=20)
        s.say("question", spin="problem", open=True)
    assert cited(q5_no_interrogation(log_of(s), Q.Q5)).points == Q.Q5.weight


def test_q5_closed_questions_weigh_lightly() -> None:
    s = Synth()
    for _ in range(4):
        s.buyer(seconds=20)
        s.say("question", spin="problem", open=False)
    r = cited(q5_no_interrogation(log_of(s), Q.Q5))
    assert r.points == pytest.approx(Q.Q5.weight * (1 - Q.Q5.open_weight))


def test_q5_a_line_heard_again_is_no_answer() -> None:
    s = Synth()
    turns = []
    for _ in range(5):
        s.buyer("The same long answer as before.", seconds=20, node="loop")
        turns.append(s.say("question", spin="problem", open=True))
    r = cited(q5_no_interrogation(log_of(s), Q.Q5))
    assert [e.turn for e in r.evidence if e.points < 0] == turns[3:]


def test_q5_asking_the_same_question_again_costs() -> None:
    s = Synth()
    s.buyer("A long answer.", seconds=20)
    s.say("question", spin="problem", open=True, choice="ask")
    s.buyer("Another long answer.", seconds=20)
    again = s.say("question", spin="problem", open=True, choice="ask")
    r = cited(q5_no_interrogation(log_of(s), Q.Q5))
    assert [e.turn for e in r.evidence if e.points < 0] == [again]
    assert r.points == pytest.approx(Q.Q5.weight * (1 - Q.Q5.repeat_penalty))


# -- Q6 ---------------------------------------------------------------------------------


def test_q6_need_payoff_before_each_meetings_commitment() -> None:
    s = Synth()
    s.buyer()
    s.say("question", spin="need_payoff")
    s.buyer()
    s.say("next_step", next_step={"buyer_commits": True})
    s.start_meeting()
    s.buyer()
    ask = s.say("close", technique="summary")
    r = cited(q6_need_payoff(log_of(s, "order"), Q.Q6))
    assert r.points == pytest.approx(Q.Q6.weight / 2)
    assert [e.turn for e in r.evidence if e.points < 0] == [ask]


def test_q6_not_judged_without_a_commitment() -> None:
    s = Synth()
    s.buyer()
    s.say("question", spin="problem")
    assert q6_need_payoff(log_of(s), Q.Q6).points is None


def test_q3_questions_to_the_coach_are_homework() -> None:
    s = Synth(stakeholders={"li": "user", "chen": "coach"})
    for _ in range(3):
        s.buyer(speaker="chen", role="coach")
        s.say("question", spin="situation")
    s.buyer(speaker="li", role="user")
    s.say("question", spin="problem")
    assert cited(q3_situation_share(log_of(s), Q.Q3)).points == Q.Q3.weight


def test_q3_asking_a_briefed_fact_costs() -> None:
    s = Synth(facts={"size": {"kind": "background", "known": True}})
    s.buyer()
    ask = s.say("question", spin="problem", about=["size"])
    r = cited(q3_situation_share(log_of(s), Q.Q3))
    assert [e.turn for e in r.evidence if e.points < 0] == [ask]


# -- L1 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mine", "theirs", "credit"),
    [(30, 70, 0.7), (40, 60, 1.0), (55, 45, 0.7), (60, 40, 0.4), (70, 30, 0.0)],
)
def test_l1_talk_share_bands(mine: float, theirs: float, credit: float) -> None:
    s = Synth()
    s.buyer(seconds=theirs)
    s.say("question", spin="problem", seconds=mine)
    s.buyer("(narration does not count)", speaker=None, seconds=500)
    r = cited(l1_talk_share(log_of(s), L.L1))
    assert r.points == pytest.approx(L.L1.weight * credit)


def test_l1_not_assessed_when_silent() -> None:
    s = Synth()
    s.buyer()
    assert l1_talk_share(log_of(s), L.L1).points is None


# -- L2 ---------------------------------------------------------------------------------


def test_l2_long_monologue_and_long_pitch() -> None:
    s = Synth()
    s.buyer(seconds=600)
    s.say("question", spin="problem", seconds=120)
    assert cited(l2_monologue(log_of(s), L.L2)).points == L.L2.weight
    s = Synth()
    s.buyer(seconds=600)
    turn = s.say("other", seconds=330)
    r = cited(l2_monologue(log_of(s), L.L2))
    assert r.points == pytest.approx(L.L2.weight * 0.5)
    assert r.evidence[0].turn == turn
    s = Synth()
    for _ in range(3):
        s.buyer(seconds=100)
        s.say("present", seconds=140)  # each short, together 7 minutes of pitch
    r = cited(l2_monologue(log_of(s), L.L2))
    assert r.points == pytest.approx(L.L2.weight * (540 - 420) / 240)


# -- L3 ---------------------------------------------------------------------------------


def test_l3_cue_picked_up_within_two_turns() -> None:
    s = Synth(pains={"downtime": "li", "scrap": "li"})
    s.buyer(cues=["downtime", "scrap"])
    s.say("question", spin="situation")
    s.buyer()
    s.say("question", spin="problem", picks_up="downtime")
    s.buyer()
    s.say("question", spin="problem")
    s.buyer()
    late = s.say("question", spin="problem", picks_up="scrap")
    r = cited(l3_cues_picked_up(log_of(s), L.L3))
    assert r.points == pytest.approx(L.L3.weight / 2)
    miss = next(e for e in r.evidence if e.points < 0)
    assert miss.turn == 2 and f"turn {late}" in miss.note["en"]


def test_l3_not_assessed_without_cues() -> None:
    s = Synth()
    s.buyer()
    s.say("question", spin="problem")
    assert l3_cues_picked_up(log_of(s), L.L3).points is None


# -- L4 ---------------------------------------------------------------------------------


def test_l4_verify_before_proposing() -> None:
    s = Synth()
    s.buyer(pains={"downtime": "explicit"})
    s.say("verify", about=["downtime"])
    s.buyer()
    s.say("present")
    assert cited(l4_verify(log_of(s), L.L4)).points == L.L4.weight
    s = Synth()
    s.buyer(pains={"downtime": "explicit"})
    proposal = s.say("present")
    s.buyer()
    s.say("verify", about=["downtime"])
    r = cited(l4_verify(log_of(s), L.L4))
    assert r.points == L.L4.weight * L.L4.late_credit
    assert r.evidence[0].turn == proposal


def test_l4_restating_what_was_never_said_costs() -> None:
    s = Synth(facts={"budget": {"kind": "budget"}})
    s.buyer(pains={"downtime": "explicit"})
    turn = s.say("verify", about=["downtime", "budget"])
    r = cited(l4_verify(log_of(s), L.L4))
    assert r.points == L.L4.weight * (1 - L.L4.unrevealed_penalty)
    assert [e.turn for e in r.evidence if e.points < 0] == [turn]


def test_l4_price_is_not_a_proposal_here() -> None:
    s = Synth()
    s.buyer()
    s.say("price")
    assert l4_verify(log_of(s), L.L4).points is None


# -- L5 ---------------------------------------------------------------------------------


def test_l5_first_move_after_an_objection() -> None:
    s = Synth()
    s.buyer(objection="trust")
    s.say("acknowledge")
    s.buyer(objection="price")
    bad = s.say("discount")
    s.buyer(objection="timing")
    s.say("jump")
    r = cited(l5_objections(log_of(s), L.L5))
    assert r.points == pytest.approx(L.L5.weight * (1 + 0 + L.L5.other_credit) / 3)
    assert min(r.evidence, key=lambda e: e.points).turn == bad


# -- P1-P4 ------------------------------------------------------------------------------


def test_p1_price_before_any_explicit_need() -> None:
    s = Synth()
    s.buyer(pains={"downtime": "implied"})
    early = s.say("price")
    r = cited(p1_value_before_price(log_of(s), P.P1))
    assert r.points == 0 and r.evidence[0].turn == early
    s = Synth()
    s.buyer(pains={"downtime": "explicit"})
    s.say("price")
    assert cited(p1_value_before_price(log_of(s), P.P1)).points == P.P1.weight


def test_never_talking_price_is_judged_on_discipline() -> None:
    """No early price, no free concession, no objection provoked: full marks, so a proper
    give-get never scores lower than staying silent on price (issue: scores that mean good
    selling)."""
    s = Synth()
    s.buyer()
    s.say("question", spin="problem")
    log = log_of(s)
    assert cited(p1_value_before_price(log, P.P1)).points == P.P1.weight
    assert p2_phase_fit(log, P.P2).points is None
    assert cited(p3_give_get(log, P.P3)).points == P.P3.weight
    assert cited(p4_provoked_objections(log, P.P4, P.P2)).points == P.P4.weight
    assert p5_qualify_before_price(log, P.P5).points is None
    report = score_record(s.record())
    assert report.dimensions["pricing_timing"].score == 100


def test_p5_budget_and_decision_process_before_the_quote() -> None:
    facts = {
        "money": {"kind": "budget"},
        "process": {"kind": "decision_process"},
    }
    s = Synth(facts=facts)
    s.buyer(reveals=["money"], pains={"downtime": "explicit"})
    quote = s.say("price")
    r = cited(p5_qualify_before_price(log_of(s), P.P5))
    assert r.points == pytest.approx(P.P5.weight / 2)
    assert [e.turn for e in r.evidence if e.points < 0] == [quote]
    s = Synth(facts=facts)
    s.buyer(reveals=["money", "process"], pains={"downtime": "explicit"})
    s.say("price")
    assert cited(p5_qualify_before_price(log_of(s), P.P5)).points == P.P5.weight


@pytest.mark.parametrize(
    ("stage", "credit"),
    [("discover", 0.0), ("prioritize", 0.25), ("evaluate_solutions", 0.6), ("select", 1.0)],
)
def test_p2_phase_fit(stage: str, credit: float) -> None:
    s = Synth()
    s.advance(stage) if stage != "discover" else None
    s.buyer(pains={"downtime": "explicit"})
    s.say("price")
    assert cited(p2_phase_fit(log_of(s), P.P2)).points == pytest.approx(P.P2.weight * credit)


def test_p2_custom_stages_by_position() -> None:
    s = Synth(stages=["meet", "trial", "buy", "renew"])
    s.advance("buy")
    s.buyer(pains={"downtime": "explicit"})
    s.say("price")
    assert cited(p2_phase_fit(log_of(s), P.P2)).points == P.P2.weight


def test_p3_give_get() -> None:
    s = Synth()
    s.buyer()
    s.say("discount", in_return="a two-year term")
    assert cited(p3_give_get(log_of(s), P.P3)).points == P.P3.weight
    s = Synth()
    s.buyer()
    first = s.say("discount")
    s.buyer()
    second = s.say("discount", in_return="volume")
    r = cited(p3_give_get(log_of(s), P.P3))
    assert r.points == pytest.approx(P.P3.weight * (1 - 0.5 - 0.25))
    assert {e.turn for e in r.evidence if e.points < 0} == {first, second}


def test_p4_price_objection_provoked_by_an_early_pitch() -> None:
    s = Synth()
    s.buyer(pains={"downtime": "implied"})
    pitch = s.say("present")
    s.buyer(objection="price")
    s.say("acknowledge")
    r = cited(p4_provoked_objections(log_of(s), P.P4, P.P2))
    assert r.points == P.P4.weight * (1 - P.P4.provoked_penalty)
    assert [e.turn for e in r.evidence if e.points < 0] == [pitch]


def test_p4_objection_after_a_timely_price_is_not_provoked() -> None:
    s = Synth()
    s.advance("select")
    s.buyer(pains={"downtime": "explicit"})
    s.say("price")
    s.buyer(objection="price")
    s.say("acknowledge")
    assert cited(p4_provoked_objections(log_of(s), P.P4, P.P2)).points == P.P4.weight


# -- N1-N4 ------------------------------------------------------------------------------


def test_n1_outcomes() -> None:
    s = Synth()
    s.buyer()
    s.say("next_step", next_step={"buyer_commits": True})
    s.start_meeting()
    s.buyer()
    s.say("other")
    r = cited(n1_meeting_outcomes(log_of(s, "continuation"), N.N1))
    assert r.points == pytest.approx(N.N1.weight / 2)


def test_n1_clean_and_caused_no_sale() -> None:
    s = Synth()
    s.buyer()
    s.say("question", spin="problem")
    clean = cited(n1_meeting_outcomes(log_of(s, "no_sale"), N.N1))
    assert clean.points == N.N1.weight * 0.5
    s = Synth()
    s.buyer()
    s.say("discount")
    caused = cited(n1_meeting_outcomes(log_of(s, "no_sale"), N.N1))
    assert caused.points == 0


def test_n1_not_assessed_when_quit_in_the_first_meeting() -> None:
    s = Synth()
    s.buyer()
    log = read_log(s.end(reason="quit"))
    assert n1_meeting_outcomes(log, N.N1).points is None
    assert log.partial


def test_n2_specificity() -> None:
    s = Synth()
    s.buyer()
    s.say("next_step", next_step={"buyer_commits": True, "dated": True, "who": ["li"]})
    assert cited(n2_specific_advance(log_of(s), N.N2)).points == N.N2.weight
    s = Synth()
    s.buyer()
    s.say("next_step", next_step={"dated": True})
    r = cited(n2_specific_advance(log_of(s), N.N2))
    assert r.points == pytest.approx(N.N2.weight / 3, abs=0.01)
    s = Synth()
    s.buyer()
    turn = s.say("other")
    r = cited(n2_specific_advance(log_of(s), N.N2))
    assert r.points == 0 and r.evidence[0].turn == turn


def test_n2_not_judged_after_an_order() -> None:
    s = Synth()
    s.buyer()
    s.say("close", technique="summary")
    assert n2_specific_advance(log_of(s, "order"), N.N2).points is None


def test_n3_economic_buyer_before_the_vendor_evaluation() -> None:
    s = Synth()
    s.buyer()
    s.advance("evaluate_vendors")
    s.buyer()
    s.say("question", spin="problem")
    assert cited(n3_economic_buyer(log_of(s), N.N3)).points == 0
    s = Synth()
    s.buyer(speaker="boss")
    s.advance("evaluate_vendors")
    s.buyer()
    s.say("question", spin="problem")
    assert cited(n3_economic_buyer(log_of(s), N.N3)).points == N.N3.weight


def test_n3_authority_objection_asks_for_the_economic_buyer() -> None:
    s = Synth()
    s.buyer(objection="authority")
    s.say("next_step", next_step={"buyer_commits": True, "who": ["li"]})
    assert cited(n3_economic_buyer(log_of(s), N.N3)).points == 0
    s = Synth()
    s.buyer(objection="authority")
    s.say("next_step", next_step={"buyer_commits": True, "who": ["boss"]})
    assert cited(n3_economic_buyer(log_of(s), N.N3)).points == N.N3.weight
    s = Synth()
    s.buyer()
    s.say("next_step", next_step={"buyer_commits": True, "who": ["li"]})
    assert n3_economic_buyer(log_of(s), N.N3).points is None  # early, no gap yet


def test_n4_sequence_and_pressure() -> None:
    s = Synth()
    s.buyer()
    s.say("verify")
    s.buyer()
    s.say("question", spin="problem")
    s.buyer()
    s.say("next_step", next_step={"buyer_commits": True})
    assert cited(n4_sequence(log_of(s), N.N4)).points == N.N4.weight
    s = Synth()
    s.buyer()
    s.say("verify")
    s.buyer()
    s.say("question", spin="problem")
    s.buyer()
    first = s.say("close", technique="urgency")  # no pressure close is tolerated
    s.buyer()
    second = s.say("close", technique="assumptive")
    r = cited(n4_sequence(log_of(s), N.N4))
    assert r.points == N.N4.weight * (1 - 2 * N.N4.pressure_penalty)
    assert {e.turn for e in r.evidence if e.points < 0} == {first, second}


def test_n4_summary_close_counts_as_summarising() -> None:
    s = Synth()
    s.buyer()
    s.say("question", spin="problem")
    s.buyer()
    s.say("close", technique="summary")
    assert cited(n4_sequence(log_of(s, "order"), N.N4)).points == N.N4.weight
