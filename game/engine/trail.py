"""The buyer's path through the buying cycle, read back from a session's event log.

Terminal play, the game's debrief, scoring and reports all tell "how far the buyer moved"
from these functions, so they always agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from game.record import (
    BuyerLine,
    Event,
    Gate,
    LoopBack,
    MeetingEnded,
    MeetingStarted,
    SessionStarted,
    TraineeMove,
)


@dataclass(frozen=True, slots=True)
class Step:
    """One stage change (or blocked gate); ``how`` is start, advance, jump, loop_back or blocked."""

    stage: str
    how: str
    turn: int | None  # the line or choice turn at which it happened
    meeting: int


def stage_trail(events: Iterable[Event]) -> list[Step]:
    """Every stage the buyer stood in, in order, with blocked gates marked where they were."""
    steps: list[Step] = []
    turn: int | None = None
    meeting = 1
    for ev in events:
        if isinstance(ev, SessionStarted):
            steps.append(Step(ev.stages[0], "start", None, 1))
        elif isinstance(ev, BuyerLine | TraineeMove):
            turn = ev.turn
        elif isinstance(ev, MeetingStarted):
            meeting = ev.meeting
        elif isinstance(ev, Gate):
            how = ev.via if ev.passed else "blocked"
            stage = ev.stage_to if ev.passed else ev.stage_from
            # a gate is decided just before the next line, which has the next turn number
            steps.append(Step(stage, how, _next(turn, ev.via), meeting))
        elif isinstance(ev, LoopBack) and ev.applied:
            steps.append(Step(ev.stage_to, "loop_back", _next(turn, "advance"), meeting))
    return steps


def _next(turn: int | None, via: str) -> int | None:
    if via == "jump":
        return turn  # decided by the choice just taken
    return None if turn is None else turn + 1


def furthest_stage(events: Iterable[Event]) -> tuple[str, int]:
    """The furthest stage reached (and its index, ``decided`` being the last)."""
    events = list(events)
    stages = next(
        ([*e.stages, "decided"] for e in events if isinstance(e, SessionStarted)),
        ["decided"],
    )
    best = 0
    for step in stage_trail(events):
        if step.stage in stages:
            best = max(best, stages.index(step.stage))
    return stages[best], best


def meeting_outcomes(events: Iterable[Event]) -> list[tuple[int, str | None]]:
    """Each meeting's number and outcome (order, advance, continuation, no_sale)."""
    return [(e.meeting, e.outcome) for e in events if isinstance(e, MeetingEnded)]
