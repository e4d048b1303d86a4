"""A blocked decision point says what the buyer still needed, in both languages, from its
condition: each failing clause worded, the holding ones left out, never the condition code."""

from __future__ import annotations

import re
from pathlib import Path

from game.engine import Session, load_scenario, load_scenario_text
from game.engine.gate_needs import split_top
from game.engine.session import replay
from game.record import Gate

ROOT = Path(__file__).resolve().parents[2]
CAMPUS = ROOT / "scenarios" / "campus-security.yaml"
GOLDEN = ROOT / "scenarios" / "plans"


def blocked(play: str, lang: str = "en") -> list[Gate]:
    choices = [int(n) for n in re.findall(r"^choose (\d+)", (GOLDEN / play).read_text(), re.M)]
    session = Session(load_scenario(CAMPUS), language=lang)
    replay(session, choices)
    return [e for e in session.events if isinstance(e, Gate) and not e.passed]


def test_split_top_respects_parentheses() -> None:
    text = "fact.budget and (not fact.cut or scope == 1) and trust >= 4"
    assert split_top(text, "and") == ["fact.budget", "not fact.cut or scope == 1", "trust >= 4"]
    assert split_top("(a or (b and c))", "or") == ["a", "b and c"]
    assert split_top("trust >= 2", "and") == ["trust >= 2"]


def test_a_jump_without_enough_trust_names_only_the_trust() -> None:
    gates = blocked("campus-jump-fails-no-trust.play")
    assert gates and gates[0].requires is not None
    missing = gates[0].missing
    # the pain is explicit on this path: only the trust is missing, in the variable's label
    assert missing == [{"zh": "客户对你的信任还不够", "en": "not enough trust in you yet"}]


def test_every_failing_clause_is_worded_in_both_languages() -> None:
    for play in GOLDEN.glob("campus-*.play"):
        for gate in blocked(play.name):
            assert gate.missing, (play.name, gate.stage_from)
            for words in gate.missing:
                assert set(words) == {"zh", "en"}
                for text in words.values():
                    # the trainee's words: no condition code
                    assert not re.search(r"\b(pain|fact|met|visited)\.|>=|==", text), text
    dp2 = [
        g for g in blocked("campus-loop-back-free-discount.play") if g.stage_from == "prioritize"
    ]
    assert dp2
    said = " / ".join(w["en"] for w in dp2[0].missing)
    assert "you have not met Mr Liu yet" in said
    assert "Mr Liu has not yet named this as a problem that must be solved" in said


MINI_GATE = """\
format: 1
id: gate-words
language: en
title: Gate words
briefing: You meet Ann.
meeting: {minutes: 30}
stakeholders:
  ann: {name: Ann, title: IT lead, role: economic_buyer}
facts:
  money: {text: "Budget is 1 million.", kind: budget}
pains:
  slow: {text: "Reports take a week; nobody trusts them.", owner: ann}
variables:
  trust: {initial: 0}
decision_points:
  discover: {requires: "pain.slow >= implied and (fact.money or trust >= 3)", hidden: true}
start: a
nodes:
  a:
    speaker: ann
    meeting: {title: First call, present: [ann]}
    says: Hello.
    choices:
      - {say: Ready to buy?, move: jump, pass: won, fail: b}
  b:
    speaker: ann
    says: Not yet.
    end: lost
  won:
    speaker: ann
    says: Yes.
    end: done
endings:
  lost: {outcome: no_sale, says: Over.}
  done: {outcome: order, says: Done.}
"""


def test_or_clauses_and_unlabelled_variables_and_hidden_gates() -> None:
    scenario = load_scenario_text(MINI_GATE, "gate-words.yaml")
    assert scenario.gate_hidden("discover") and not scenario.gate_hidden("analyze")
    session = Session(scenario)
    session.advance_to_choice()
    session.choose(1)
    gate = next(e for e in session.events if isinstance(e, Gate))
    assert not gate.passed
    assert [m["en"] for m in gate.missing] == [
        "Ann has not yet talked about this problem: “Reports take a week”",
        "you do not know the budget yet, or not enough trust yet",
    ]
