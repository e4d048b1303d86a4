"""A session's event log, read once into typed turns that the scoring rules walk.

Scoring reads only the record's ``events`` (docs/architecture.md lists their fields), never
the scenario file: a record scores the same years later, wherever it is. Reading checks
each event the rules use; a record that does not fit raises RecordError naming the event
and field, which the command line turns into ``file:line:col``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from game.record import (
    NEED_LEVELS,
    BuyerLine,
    Ended,
    Event,
    Gate,
    MeetingEnded,
    MeetingStarted,
    RecordError,
    SessionStarted,
    TraineeMove,
    Turn,
    check_version,
    read_events,
)

__all__ = [
    "NEED_LEVELS",
    "BuyerLine",
    "Ended",
    "Gate",
    "Log",
    "Meeting",
    "MeetingEnded",
    "RecordError",
    "SessionStarted",
    "TraineeMove",
    "Turn",
    "log_of",
    "read_log",
    "turn_list",
]


@dataclass(frozen=True)
class Meeting:
    """One meeting: how it started and, unless the session was quit in it, how it ended."""

    number: int
    minutes: int
    title: str | None
    present: tuple[str, ...]
    stage: str  # the buyer's stage when it started
    end: MeetingEnded | None

    @property
    def outcome(self) -> str | None:
        return self.end.outcome if self.end else None


@dataclass(frozen=True)
class Log:
    """The typed event log: every spoken turn in order, the meetings, how it ended."""

    start: SessionStarted
    turns: tuple[Turn, ...]
    meetings: tuple[Meeting, ...]
    ended: Ended | None
    gates: tuple[Gate, ...]
    events: tuple[Event, ...]  # every event, in order (for the stage trail)

    # -- what happened ------------------------------------------------------------------

    @property
    def partial(self) -> bool:
        """True when the session did not finish (quit, or still in progress)."""
        return self.ended is None or self.ended.reason == "quit"

    @cached_property
    def moves(self) -> tuple[TraineeMove, ...]:
        return tuple(t for t in self.turns if isinstance(t, TraineeMove))

    @cached_property
    def lines(self) -> tuple[BuyerLine, ...]:
        return tuple(t for t in self.turns if isinstance(t, BuyerLine))

    @property
    def stages(self) -> tuple[str, ...]:
        """The buying cycle, ``decided`` last."""
        return (*self.start.stages, "decided")

    def stage_index(self, stage: str) -> int:
        stages = self.stages
        return stages.index(stage) if stage in stages else 0

    def name(self, item: str, lang: str) -> str:
        """A pain's or fact's text as the scenario wrote it (in ``lang`` if it has it), for
        evidence notes; its id when the record carries no text."""
        info = self.start.pains.get(item) or self.start.facts.get(item)
        text = info.text if info is not None else {}
        return text.get(lang) or next(iter(text.values()), "") or item

    def moves_in(self, meeting: int) -> tuple[TraineeMove, ...]:
        return tuple(m for m in self.moves if m.meeting == meeting)

    def turns_in(self, meeting: int) -> tuple[Turn, ...]:
        return tuple(t for t in self.turns if t.meeting == meeting)

    def finished_meetings(self) -> tuple[Meeting, ...]:
        return tuple(m for m in self.meetings if m.end is not None)

    def last_turn(self, meeting: int | None = None) -> int | None:
        turns = self.turns if meeting is None else self.turns_in(meeting)
        return turns[-1].turn if turns else None

    def turn(self, number: int | None) -> Turn | None:
        for t in self.turns:
            if t.turn == number:
                return t
        return None

    def words(self, number: int | None) -> str:
        found = self.turn(number)
        return found.text if found is not None else ""

    # -- what the trainee could know at a given turn -------------------------------------

    def need_before(self, pain: str, turn: int) -> int:
        """The pain's need level (0 none, 1 implied, 2 explicit) from lines before ``turn``."""
        level = 0
        for line in self.lines:
            if line.turn >= turn:
                break
            state = line.pains.get(pain)
            if state in NEED_LEVELS:
                level = max(level, NEED_LEVELS.index(state))
        return level

    def need_reached(self, pain: str) -> tuple[int, int | None]:
        """The highest need level the pain reached, and the turn it was reached."""
        level, turn = 0, None
        for line in self.lines:
            state = line.pains.get(pain)
            if state in NEED_LEVELS and NEED_LEVELS.index(state) > level:
                level, turn = NEED_LEVELS.index(state), line.turn
        return level, turn

    def first_hint(self, pain: str) -> int | None:
        """The first line that raised the pain or hinted at it (a cue)."""
        for line in self.lines:
            if pain in line.pains or pain in line.cues:
                return line.turn
        return None

    def first_explicit(self) -> int | None:
        """The turn of the first line that made any pain explicit."""
        for line in self.lines:
            if "explicit" in line.pains.values():
                return line.turn
        return None

    def fact_known_before(self, fact: str, turn: int) -> bool:
        info = self.start.facts.get(fact)
        if info is not None and info.known:
            return True
        return any(fact in line.reveals for line in self.lines if line.turn < turn)

    def pains_open_before(self, turn: int) -> list[str]:
        """Pains the buyer has raised (implied or explicit) before ``turn``, in scenario order."""
        return [p for p in self.start.pains if self.need_before(p, turn) > 0]

    def met_before(self, stakeholder: str, turn: int) -> bool:
        """The stakeholder has spoken, or sat in a meeting, before ``turn``."""
        if any(line.speaker == stakeholder for line in self.lines if line.turn < turn):
            return True
        started = {t.meeting for t in self.turns if t.turn < turn}
        started.add(self.turn_meeting(turn))
        return any(stakeholder in m.present for m in self.meetings if m.number in started)

    def turn_meeting(self, turn: int) -> int:
        found = self.turn(turn)
        return found.meeting if found is not None else 1

    def economic_buyers(self) -> list[str]:
        return [s for s, info in self.start.stakeholders.items() if info.role == "economic_buyer"]

    def trainee_turns_after(self, turn: int, count: int) -> tuple[TraineeMove, ...]:
        """The trainee's next ``count`` moves after ``turn``."""
        return tuple(m for m in self.moves if m.turn > turn)[:count]


def read_log(record: Mapping[str, Any]) -> Log:
    """Read a record's events; raises RecordError (with the path in the record) if unfit,
    or if its schema version is not one this build reads."""
    if "schema_version" in record:
        check_version(record)
    return log_of(read_events(record.get("events")))


def log_of(events: Sequence[Event]) -> Log:
    """The log of typed events (a live Session's ``events``, or a record's, read)."""
    start = events[0]
    assert isinstance(start, SessionStarted)
    turns: list[Turn] = []
    started: list[MeetingStarted] = []
    ended_meetings: dict[int, MeetingEnded] = {}
    gates: list[Gate] = []
    ended: Ended | None = None
    for event in events[1:]:
        if isinstance(event, BuyerLine | TraineeMove):
            turns.append(event)
        elif isinstance(event, MeetingStarted):
            started.append(event)
        elif isinstance(event, MeetingEnded):
            ended_meetings[event.meeting] = event
        elif isinstance(event, Gate):
            gates.append(event)
        elif isinstance(event, Ended):
            ended = event
    meetings = tuple(
        Meeting(
            m.meeting,
            m.minutes,
            m.title,
            tuple(m.present),
            m.stage,
            ended_meetings.get(m.meeting),
        )
        for m in started
    )
    return Log(start, tuple(turns), meetings, ended, tuple(gates), tuple(events))


def turn_list(items: Sequence[Turn]) -> str:
    """'3, 5 and 7' for evidence notes."""
    numbers = [str(t.turn) for t in items]
    if len(numbers) <= 1:
        return "".join(numbers)
    return ", ".join(numbers[:-1]) + " and " + numbers[-1]
