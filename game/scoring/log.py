"""A session's event log, read once into typed turns that the scoring rules walk.

Scoring reads only the record's ``events`` (docs/architecture.md lists their fields), never
the scenario file: a record scores the same years later, wherever it is. Reading checks
each event the rules use; a record that does not fit raises RecordError naming the event
and field, which the command line turns into ``file:line:col``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

NEED_LEVELS: tuple[str, ...] = ("none", "implied", "explicit")


class RecordError(ValueError):
    """A record whose events cannot be scored; ``loc`` is the path inside the record."""

    def __init__(self, loc: tuple[str | int, ...], message: str, code: str = "S202") -> None:
        self.loc = loc
        self.message = message
        self.code = code  # the scenario diagnostics' shape codes: S202 wrong, S203 missing
        super().__init__(f"{'.'.join(str(p) for p in loc)}: {message}")


class _Event(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class StakeholderInfo(_Event):
    role: str


class PainInfo(_Event):
    owner: str | None = None
    text: dict[str, str] = {}


class FactInfo(_Event):
    kind: str = "other"
    known: bool = False
    text: dict[str, str] = {}


class SessionStarted(_Event):
    scenario: str = ""
    language: str = "en"
    stages: list[str]
    gates: dict[str, bool] = {}
    stakeholders: dict[str, StakeholderInfo] = {}
    pains: dict[str, PainInfo] = {}
    facts: dict[str, FactInfo] = {}
    meeting_minutes: int = 30
    rubric: dict[str, Any] | None = None


class MeetingStarted(_Event):
    meeting: int
    title: str | None = None
    minutes: int
    present: list[str] = []
    stage: str


class MeetingEnded(_Event):
    meeting: int
    outcome: str | None
    next_step_agreed: bool = False
    clock: float = 0.0
    reason: str


class Gate(_Event):
    node: str
    via: str
    stage_from: str
    stage_to: str
    passed: bool


class LoopBack(_Event):
    node: str
    stage_from: str
    stage_to: str
    applied: bool


class BuyerLine(_Event):
    """A line the buyer side spoke (``speaker`` None: narration)."""

    turn: int
    node: str
    speaker: str | None = None
    role: str | None = None
    text: str
    seconds: float
    clock: float = 0.0
    meeting: int
    stage_before: str
    stage_after: str
    reveals: list[str] = []
    pains: dict[str, str] = {}
    cues: list[str] = []
    objection: str | None = None

    @property
    def trainee(self) -> bool:
        return False


class NextStepInfo(_Event):
    action: dict[str, str] = {}
    buyer_commits: bool = False
    dated: bool = False
    who: list[str] = []


class TraineeMove(_Event):
    """A choice the trainee took: the words said and the trainer's tags on them."""

    turn: int
    node: str
    choice: str
    text: str
    move: str
    spin: str | None = None
    open: bool | None = None
    picks_up: str | None = None
    about: list[str] = []
    in_return: dict[str, str] | None = None
    next_step: NextStepInfo | None = None
    technique: str | None = None
    flags: list[str] = []
    score: dict[str, int] | None = None
    feedback: dict[str, str] | None = None
    seconds: float
    clock: float = 0.0
    meeting: int
    stage: str

    @property
    def trainee(self) -> bool:
        return True


class Ended(_Event):
    ending: str | None = None
    outcome: str | None = None
    reason: str
    stage: str
    meeting: int


_MODELS: dict[str, type[_Event]] = {
    "session_started": SessionStarted,
    "meeting_started": MeetingStarted,
    "meeting_ended": MeetingEnded,
    "gate": Gate,
    "loop_back": LoopBack,
    "line": BuyerLine,
    "choice": TraineeMove,
    "ended": Ended,
}

Turn = BuyerLine | TraineeMove


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
    events: tuple[Mapping[str, Any], ...]  # the raw events (for the engine's trail helpers)

    # -- what happened ------------------------------------------------------------------

    @property
    def partial(self) -> bool:
        """True when the session did not finish (quit, or still in progress)."""
        return self.ended is None or self.ended.reason == "quit"

    @property
    def moves(self) -> tuple[TraineeMove, ...]:
        return tuple(t for t in self.turns if isinstance(t, TraineeMove))

    @property
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
    """Read a record's events; raises RecordError (with the path in the record) if unfit."""
    raw = record.get("events")
    if not isinstance(raw, list):
        raise RecordError(("events",), "the record has no list of events")
    if not raw:
        raise RecordError(("events",), "the record's events are empty")
    start: SessionStarted | None = None
    turns: list[Turn] = []
    started: list[MeetingStarted] = []
    ended_meetings: dict[int, MeetingEnded] = {}
    gates: list[Gate] = []
    ended: Ended | None = None
    for i, event in enumerate(raw):
        if not isinstance(event, dict) or not isinstance(event.get("kind"), str):
            raise RecordError(("events", i), "each event must be a mapping with a 'kind'")
        model = _MODELS.get(event["kind"])
        if model is None:
            continue  # a newer kind of event: not one the rules read
        parsed = _parse(model, event, i)
        if isinstance(parsed, SessionStarted):
            if start is not None:
                raise RecordError(("events", i), "a second 'session_started' event")
            start = parsed
        elif start is None:
            raise RecordError(("events", i), "the first event must be 'session_started'")
        elif isinstance(parsed, BuyerLine | TraineeMove):
            turns.append(parsed)
        elif isinstance(parsed, MeetingStarted):
            started.append(parsed)
        elif isinstance(parsed, MeetingEnded):
            ended_meetings[parsed.meeting] = parsed
        elif isinstance(parsed, Gate):
            gates.append(parsed)
        elif isinstance(parsed, Ended):
            ended = parsed
    if start is None:
        raise RecordError(("events", 0), "the first event must be 'session_started'")
    if not start.stages:
        raise RecordError(("events", 0, "stages"), "the buying cycle has no stages")
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
    return Log(start, tuple(turns), meetings, ended, tuple(gates), tuple(raw))


def _parse(model: type[_Event], event: dict[str, Any], index: int) -> _Event:
    try:
        return model.model_validate(event)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        loc: tuple[str | int, ...] = ("events", index, *err["loc"])
        field = ".".join(str(p) for p in err["loc"])
        if err["type"] == "missing":
            raise RecordError(
                loc, f"the '{event['kind']}' event has no '{field}'", "S203"
            ) from None
        message = f"'{field}' of the '{event['kind']}' event: {err['msg'].lower()}"
        raise RecordError(loc, message) from None


def turn_list(items: Sequence[Turn]) -> str:
    """'3, 5 and 7' for evidence notes."""
    numbers = [str(t.turn) for t in items]
    if len(numbers) <= 1:
        return "".join(numbers)
    return ", ".join(numbers[:-1]) + " and " + numbers[-1]
