"""A session's event log, read once into typed turns that the scoring rules walk.

Scoring reads only the record's ``events`` (docs/architecture.md lists their fields), never
the scenario file: a record scores the same years later, wherever it is. Reading checks
each event the rules use; a record that does not fit raises RecordError naming the event
and field, which the command line turns into ``file:line:col``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
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
    """The typed event log: every spoken turn in order, the meetings, how it ended.

    Turns are numbered upwards in the order spoken (the engine numbers them 1, 2, 3 ...;
    ``salessim score`` refuses a record whose turns do not run so). The questions below
    are answered from indexes built once, so scoring stays linear in the record's length.
    """

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

    # -- indexes, built once on first use: every question below costs O(1) or O(log n) ----
    # (rules ask them once per move; scanning the log each time made scoring quadratic)

    @cached_property
    def _by_turn(self) -> dict[int, Turn]:
        found: dict[int, Turn] = {}
        for t in self.turns:
            found.setdefault(t.turn, t)
        return found

    @cached_property
    def _line_turns(self) -> list[int]:
        return [line.turn for line in self.lines]

    @cached_property
    def _move_turns(self) -> list[int]:
        return [m.turn for m in self.moves]

    @cached_property
    def _turns_by_meeting(self) -> dict[int, tuple[Turn, ...]]:
        grouped: dict[int, list[Turn]] = {}
        for t in self.turns:
            grouped.setdefault(t.meeting, []).append(t)
        return {k: tuple(v) for k, v in grouped.items()}

    @cached_property
    def _moves_by_meeting(self) -> dict[int, tuple[TraineeMove, ...]]:
        grouped: dict[int, list[TraineeMove]] = {}
        for m in self.moves:
            grouped.setdefault(m.meeting, []).append(m)
        return {k: tuple(v) for k, v in grouped.items()}

    @cached_property
    def _need_steps(self) -> dict[str, tuple[list[int], list[int]]]:
        """Per pain, the turns at which its need level rose and the level reached there."""
        steps: dict[str, tuple[list[int], list[int]]] = {}
        for line in self.lines:
            for pain, state in line.pains.items():
                if state not in NEED_LEVELS:
                    continue
                level = NEED_LEVELS.index(state)
                turns, levels = steps.setdefault(pain, ([], []))
                if level > (levels[-1] if levels else 0):
                    turns.append(line.turn)
                    levels.append(level)
        return steps

    @cached_property
    def _first_reveal(self) -> dict[str, int]:
        """Per fact, the earliest turn a buyer line revealed it."""
        first: dict[str, int] = {}
        for line in self.lines:
            for fact in line.reveals:
                if fact not in first or line.turn < first[fact]:
                    first[fact] = line.turn
        return first

    @cached_property
    def _first_spoke(self) -> dict[str, int]:
        """Per stakeholder, the earliest turn they spoke."""
        first: dict[str, int] = {}
        for line in self.lines:
            if line.speaker is not None and (
                line.speaker not in first or line.turn < first[line.speaker]
            ):
                first[line.speaker] = line.turn
        return first

    @cached_property
    def _first_seated(self) -> dict[str, int]:
        """Per stakeholder, the earliest first turn of a meeting they sat in."""
        first_turn: dict[int, int] = {}
        for t in self.turns:
            if t.meeting not in first_turn or t.turn < first_turn[t.meeting]:
                first_turn[t.meeting] = t.turn
        seated: dict[str, int] = {}
        for m in self.meetings:
            start = first_turn.get(m.number)
            if start is None:
                continue
            for person in m.present:
                if person not in seated or start < seated[person]:
                    seated[person] = start
        return seated

    @cached_property
    def _present_in(self) -> dict[int, frozenset[str]]:
        present: dict[int, set[str]] = {}
        for m in self.meetings:
            present.setdefault(m.number, set()).update(m.present)
        return {k: frozenset(v) for k, v in present.items()}

    # -- questions the rules ask -----------------------------------------------------------

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
        return self._moves_by_meeting.get(meeting, ())

    def turns_in(self, meeting: int) -> tuple[Turn, ...]:
        return self._turns_by_meeting.get(meeting, ())

    def finished_meetings(self) -> tuple[Meeting, ...]:
        return tuple(m for m in self.meetings if m.end is not None)

    def last_turn(self, meeting: int | None = None) -> int | None:
        turns = self.turns if meeting is None else self.turns_in(meeting)
        return turns[-1].turn if turns else None

    def turn(self, number: int | None) -> Turn | None:
        return None if number is None else self._by_turn.get(number)

    def words(self, number: int | None) -> str:
        found = self.turn(number)
        return found.text if found is not None else ""

    def lines_between(self, after: int, before: int) -> tuple[BuyerLine, ...]:
        """The buyer's lines with ``after < turn < before``, in order."""
        turns = self._line_turns
        return self.lines[bisect_right(turns, after) : bisect_left(turns, before)]

    # -- what the trainee could know at a given turn -------------------------------------

    def need_before(self, pain: str, turn: int) -> int:
        """The pain's need level (0 none, 1 implied, 2 explicit) from lines before ``turn``."""
        steps = self._need_steps.get(pain)
        if steps is None:
            return 0
        turns, levels = steps
        i = bisect_left(turns, turn)
        return levels[i - 1] if i else 0

    def need_reached(self, pain: str) -> tuple[int, int | None]:
        """The highest need level the pain reached, and the turn it was reached."""
        steps = self._need_steps.get(pain)
        if not steps or not steps[0]:
            return 0, None
        return steps[1][-1], steps[0][-1]

    def first_hint(self, pain: str) -> int | None:
        """The first line that raised the pain or hinted at it (a cue)."""
        for line in self.lines:
            if pain in line.pains or pain in line.cues:
                return line.turn
        return None

    @cached_property
    def _first_explicit(self) -> int | None:
        for line in self.lines:
            if "explicit" in line.pains.values():
                return line.turn
        return None

    def first_explicit(self) -> int | None:
        """The turn of the first line that made any pain explicit."""
        return self._first_explicit

    def fact_known_before(self, fact: str, turn: int) -> bool:
        info = self.start.facts.get(fact)
        if info is not None and info.known:
            return True
        first = self._first_reveal.get(fact)
        return first is not None and first < turn

    def pains_open_before(self, turn: int) -> list[str]:
        """Pains the buyer has raised (implied or explicit) before ``turn``, in scenario order."""
        return [p for p in self.start.pains if self.need_before(p, turn) > 0]

    def met_before(self, stakeholder: str, turn: int) -> bool:
        """The stakeholder has spoken, or sat in a meeting, before ``turn`` (or sits in the
        meeting of ``turn`` itself)."""
        spoke = self._first_spoke.get(stakeholder)
        if spoke is not None and spoke < turn:
            return True
        seated = self._first_seated.get(stakeholder)
        if seated is not None and seated < turn:
            return True
        return stakeholder in self._present_in.get(self.turn_meeting(turn), frozenset())

    def turn_meeting(self, turn: int) -> int:
        found = self.turn(turn)
        return found.meeting if found is not None else 1

    def economic_buyers(self) -> list[str]:
        return [s for s, info in self.start.stakeholders.items() if info.role == "economic_buyer"]

    def trainee_turns_after(self, turn: int, count: int) -> tuple[TraineeMove, ...]:
        """The trainee's next ``count`` moves after ``turn``."""
        i = bisect_right(self._move_turns, turn)
        return self.moves[i : i + count]

    def trainee_turns_before(self, turn: int, count: int) -> tuple[TraineeMove, ...]:
        """The trainee's last ``count`` moves before ``turn``."""
        i = bisect_left(self._move_turns, turn)
        return self.moves[max(0, i - count) : i]


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
