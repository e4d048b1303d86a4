"""The path explorer, checked against what the scenarios are known to allow."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Session, load_scenario
from game.engine.session import replay
from game.explore import explore
from game.explore.paths import _search, reach, walk_paths

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "mini.yaml"
CAMPUS = ROOT / "scenarios" / "campus-security.yaml"


def test_mini_is_explored_exhaustively() -> None:
    ex = explore(load_scenario(MINI))
    assert ex.found.exhaustive and ex.walk.exhaustive
    assert len(ex.walk.paths) == 57  # every path, each to its end
    assert ex.unreached_endings == []
    # conditions make these unreachable: the jump at 'hello' always passes (the pain is
    # implied on arrival), and the discount needs more trust than any path builds
    assert ex.unreached_nodes == ["pushback"]
    assert ex.untaken_choices == ["pain.3"]
    counts = {e.ending: e.paths for e in ex.endings}
    assert counts == {"won": 11, "polite": 20, "drift": 25, "time_up": 1}
    # mini lets the buyer order straight after the jump, at analyze: the explorer says so,
    # with the shortest witness; and both its jumps pass, so no jump is reported dead
    assert ex.found.early_orders == {"won": ((2,), "analyze")}
    session = replay(Session(ex.scenario), [2])
    assert session.ending is not None and session.ending.outcome == "order"
    assert session.cycle.state == "analyze"
    assert ex.found.jumps == {"hello.2": True, "pain.2": True}
    assert ex.found.jumps_never_passing == []


def test_a_jump_meant_to_fail_is_named_and_orders_wait_for_select() -> None:
    """Campus's jump at 'current_ops' is the trap that always fails there; its other jumps
    pass on some path; its orders all come after the select stage."""
    found = reach(load_scenario(CAMPUS))
    assert found.jumps_never_passing == ["current_ops.2"]
    assert {"need_payoff_reply.2", "liu_cost.2", "liu_tenant.1"} <= set(found.jumps)
    assert found.early_orders == {}


def test_every_witness_replays_to_its_ending() -> None:
    sc = load_scenario(MINI)
    for (ending, reason), path in reach(sc).endings.items():
        session = replay(Session(sc), list(path))
        assert session.finished and session.ending is not None
        assert (session.ending.id, session.ending.reason) == (ending, reason)


def test_walked_scores_are_the_scores_of_a_real_play() -> None:
    from game.scoring import score_record

    sc = load_scenario(MINI)
    for p in walk_paths(sc).paths:
        report = score_record(replay(Session(sc), list(p.choices)).record())
        assert p.scores["overall"] == report.overall and p.passed == report.passed


def test_campus_reaches_every_ending_within_a_small_budget() -> None:
    sc = load_scenario(CAMPUS)
    found = reach(sc, budget=6000)
    assert {e for e, _ in found.endings if e} == set(sc.model.endings)
    assert not found.exhaustive  # and it says so


def test_the_coarse_search_finishes_and_finds_short_witnesses() -> None:
    sc = load_scenario(CAMPUS)
    found = _search(sc, None, 40_000, depth_first=False, clock=False)
    assert found.exhaustive and found.nodes == set(sc.model.nodes)
    assert {e for e, _ in found.endings} == set(sc.model.endings)
    textbook = (ROOT / "scenarios" / "plans" / "campus-textbook-order.play").read_text("utf-8")
    assert len(found.endings[("won_contract", "ending")]) <= textbook.count("\nchoose ")


def test_sampling_is_seeded_and_says_so() -> None:
    sc = load_scenario(CAMPUS)
    a = walk_paths(sc, max_paths=40, seed=7)
    b = walk_paths(sc, max_paths=40, seed=7)
    assert not a.exhaustive and a.seed == 7
    assert [p.choices for p in a.paths] == [p.choices for p in b.paths]
    assert len({p.choices for p in a.paths}) == 40


def test_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explore", str(MINI)]) == 0
    text = capsys.readouterr().out
    assert "every state reached (exhaustive)" in text and "paths: all 57 scored" in text
    assert "Choices no path takes: pain.3" in text
    assert main(["explore", str(MINI), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["paths"] == 57 and data["untaken_choices"] == ["pain.3"]
    won = next(e for e in data["endings"] if e["ending"] == "won")
    assert (
        won["witness"] == "2" and won["scores"]["overall"]["max"] >= won["scores"]["overall"]["min"]
    )
    assert main(["explore", str(MINI), "--max-paths", "0"]) == 2
