"""A Session that tools can branch: snapshot/restore, fork, run to the next choice, state keys.

The strongest check: exploring every path of a scenario by snapshots gives, path for path,
exactly the events a fresh session replaying the same choices from the start gives.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from game.engine import Scenario, Session, Status, load_scenario
from game.engine.session import drive, replay

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "mini.yaml"
CAMPUS = ROOT / "scenarios" / "campus-security.yaml"
FIXED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
def mini() -> Scenario:
    return load_scenario(MINI)


def fresh(sc: Scenario) -> Session:
    return Session(sc, trainee="T", clock=lambda: FIXED, session_id="0" * 32)


def test_advance_to_choice_stops_at_a_choice_or_the_end(mini: Scenario) -> None:
    session = fresh(mini)
    assert session.advance_to_choice() is Status.CHOOSING
    replay(session, [1])
    while session.status is not Status.ENDED:
        status = session.advance_to_choice()
        assert status in (Status.CHOOSING, Status.ENDED)
        assert session.status is status
        if status is Status.CHOOSING:
            session.choose(1)


def test_a_fork_goes_its_own_way(mini: Scenario) -> None:
    session = replay(fresh(mini), [1])
    before = session.record()
    other = session.fork()
    drive(other, lambda s: len(s.offered()))  # always the last choice
    assert other.finished and not session.finished
    assert session.record() == before  # the original did not move
    assert other.events[: len(session.events)] == session.events


def test_restore_replays_exactly(mini: Scenario) -> None:
    session = replay(fresh(mini), [1])
    snap = session.snapshot()
    key = session.state_key()
    replay(session, [2, 1, 1])
    first = session.record()
    session.restore(snap)
    assert session.state_key() == key and session.status is Status.CHOOSING
    replay(session, [2, 1, 1])
    assert session.record() == first
    session.restore(snap)  # the snapshot stays usable
    assert session.state_key() == key


def test_the_injected_clock_makes_records_repeatable(mini: Scenario) -> None:
    a = replay(fresh(mini), [1, 1, 1, 1, 1]).record()
    b = replay(fresh(mini), [1, 1, 1, 1, 1]).record()
    assert a == b and a["started_at"] == a["ended_at"] == "2026-01-02T03:04:05+00:00"


def test_state_keys_tell_futures_apart(mini: Scenario) -> None:
    session = replay(fresh(mini), [1])
    keys = set()
    snap = session.snapshot()
    for n in range(1, len(session.offered()) + 1):
        session.restore(snap)
        session.choose(n)
        session.advance_to_choice()
        keys.add(session.state_key())
    assert len(keys) == len(snap.offered)
    assert hash(session.state_key()) == hash(session.fork().state_key())


def _paths_by_snapshot(sc: Scenario, cap: int) -> dict[tuple[int, ...], list[object]]:
    """Every path (choice numbers) to its end, explored depth-first with snapshots."""
    found: dict[tuple[int, ...], list[object]] = {}
    session = fresh(sc)
    session.advance_to_choice()
    stack = [((), session.snapshot())]
    while stack and len(found) < cap:
        path, snap = stack.pop()
        session.restore(snap)
        for n in range(1, len(session.offered()) + 1):
            session.restore(snap)
            session.choose(n)
            session.advance_to_choice()
            if session.finished:
                found[(*path, n)] = session.record()["events"]
            else:
                stack.append(((*path, n), session.snapshot()))
    return found


@pytest.mark.parametrize(("path", "cap"), [(MINI, 10_000), (CAMPUS, 300)])
def test_exploring_by_snapshots_equals_replaying_from_the_start(path: Path, cap: int) -> None:
    sc = load_scenario(path)
    found = _paths_by_snapshot(sc, cap)
    assert len(found) >= min(cap, 8)
    for choices, events in found.items():
        again = replay(fresh(sc), list(choices))
        assert again.finished
        assert again.record()["events"] == events, choices
