"""The log's indexes answer exactly what a scan of the log would, for every turn.

Scoring asks these questions once per move; the log answers them from indexes built once
(so scoring is linear in the record's length). Here each answer is checked against the
plain scan it replaced, over real sessions of the shipped and test scenarios.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from game.engine.scenario import load_scenario
from game.engine.session import Session, drive
from game.record import NEED_LEVELS, BuyerLine, TraineeMove
from game.scoring.log import Log, log_of

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = [ROOT / "scenarios" / "campus-security.yaml", ROOT / "tests" / "data" / "mini.yaml"]


def walks() -> list[Log]:
    logs = []
    for path in SCENARIOS:
        scenario = load_scenario(path)
        for seed in range(12):
            rnd = random.Random(seed)
            session = Session(scenario)
            drive(session, lambda s, r=rnd: r.randint(1, len(s.offered())))
            logs.append(log_of(session.events))
    return logs


def scanned_need(log: Log, pain: str, turn: int) -> int:
    levels = [
        NEED_LEVELS.index(line.pains[pain])
        for line in log.lines
        if line.turn < turn and pain in line.pains
    ]
    return max(levels, default=0)


def scanned_met(log: Log, person: str, turn: int) -> bool:
    if any(line.speaker == person for line in log.lines if line.turn < turn):
        return True
    started = {t.meeting for t in log.turns if t.turn < turn}
    started.add(next((t.meeting for t in log.turns if t.turn == turn), 1))
    return any(person in m.present for m in log.meetings if m.number in started)


@pytest.mark.parametrize("log", walks())
def test_indexed_answers_equal_the_scans(log: Log) -> None:
    last = (log.last_turn() or 0) + 2
    facts = list(log.start.facts)
    for turn in range(0, last + 1):
        for pain in log.start.pains:
            assert log.need_before(pain, turn) == scanned_need(log, pain, turn)
        for fact in facts:
            known = log.start.facts[fact].known or any(
                fact in line.reveals for line in log.lines if line.turn < turn
            )
            assert log.fact_known_before(fact, turn) == known
        for person in log.start.stakeholders:
            assert log.met_before(person, turn) == scanned_met(log, person, turn)
        for count in (1, 2, 3):
            after = tuple(m for m in log.moves if m.turn > turn)[:count]
            assert log.trainee_turns_after(turn, count) == after
            before = [m for m in log.moves if m.turn < turn][-count:]
            assert log.trainee_turns_before(turn, count) == tuple(before)
        assert log.turn(turn) == next((t for t in log.turns if t.turn == turn), None)
        between = tuple(line for line in log.lines if 2 < line.turn < turn)
        assert log.lines_between(2, turn) == between
    for meeting in {t.meeting for t in log.turns} | {99}:
        assert log.moves_in(meeting) == tuple(m for m in log.moves if m.meeting == meeting)
        assert log.turns_in(meeting) == tuple(t for t in log.turns if t.meeting == meeting)
    for pain in log.start.pains:
        level, reached = 0, None
        for line in log.lines:
            state = line.pains.get(pain)
            if state is not None and NEED_LEVELS.index(state) > level:
                level, reached = NEED_LEVELS.index(state), line.turn
        assert log.need_reached(pain) == (level, reached)
    assert all(isinstance(t, BuyerLine | TraineeMove) for t in log.turns)
