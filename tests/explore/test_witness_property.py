"""Property: on any scenario, every witness the explorer gives replays to its ending.

Scenarios are generated: a handful of nodes linked at random by choices, gated jumps and
gotos, with trust effects and ``requires`` on some choices, and several endings. Whatever
the shape, each (ending, reason) the search reports comes with choices that, played in a
fresh session, end exactly there.
"""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import Session, load_scenario_text
from game.engine.session import replay
from game.explore.paths import reach

ENDINGS = {
    "won": "order",
    "later": "advance",
    "stall": "continuation",
    "lost": "no_sale",
}


@st.composite
def scenarios(draw: st.DrawFn) -> str:
    n = draw(st.integers(2, 7))
    names = [f"n{i}" for i in range(n)]
    targets = st.one_of(
        st.sampled_from(names).map(lambda t: ("goto", t)),
        st.sampled_from(sorted(ENDINGS)).map(lambda e: ("end", e)),
    )
    nodes = {}
    for i, name in enumerate(names):
        node: dict[str, object] = {"speaker": "ann", "says": f"Line {i}."}
        if i == 0:
            node["meeting"] = {"title": "Call", "present": ["ann"]}
        if draw(st.booleans()):
            node["advance"] = True
        choices = []
        for k in range(draw(st.integers(1, 3))):
            choice: dict[str, object] = {"say": f"Choice {i}.{k}.", "move": "other"}
            kind, target = draw(targets)
            if kind == "goto" and draw(st.integers(0, 4)) == 0:
                choice.update(move="jump", **{"pass": target}, fail=draw(st.sampled_from(names)))
            else:
                choice[kind] = target
            if draw(st.booleans()):
                choice["effects"] = {"trust": draw(st.sampled_from([1, -1, 2]))}
            if draw(st.integers(0, 3)) == 0:
                choice["requires"] = f"trust >= {draw(st.integers(0, 2))}"
            choices.append(choice)
        node["choices"] = choices
        nodes[name] = node
    doc = {
        "format": 1,
        "id": "generated",
        "language": "en",
        "title": "Generated",
        "briefing": "b",
        "meeting": {"minutes": 30},
        "stakeholders": {"ann": {"name": "Ann", "title": "CFO", "role": "economic_buyer"}},
        "variables": {"trust": {"initial": 0, "min": -3, "max": 5}},
        "decision_points": {"discover": {"requires": "trust >= 1"}},
        "start": "n0",
        "nodes": nodes,
        "endings": {e: {"outcome": o, "says": f"{e}."} for e, o in ENDINGS.items()},
    }
    return yaml.safe_dump(doc, sort_keys=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_every_witness_replays_to_its_ending(text: str) -> None:
    scenario = load_scenario_text(text, "generated.yaml")
    found = reach(scenario, budget=2000)
    for (ending, reason), path in found.endings.items():
        session = replay(Session(scenario), list(path))
        assert session.finished and session.ending is not None, path
        assert (session.ending.id, session.ending.reason) == (ending, reason), path
