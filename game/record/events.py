"""The session's events: one typed class per kind, the only definition of what a record holds.

The engine's Session emits these; scoring, the stage trail, terminal play, the game's
tracker and meeting screen, the records store and reports read them. A stored record is
self-describing: ``session_started`` carries the scenario's stages with their titles, its
people with names and roles, its pains and facts, so a record can be shown and scored
without the scenario file.

Reading is strict where readers depend on a field and lenient about extra fields (a newer
writer may add some): ``read_events`` raises RecordError with the path inside the record.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from game.record.errors import RecordError

#: A pain's need ladder, lowest first (SPIN: implied needs grow into explicit ones).
NEED_LEVELS: tuple[str, ...] = ("none", "implied", "explicit")
NeedState = Literal["none", "implied", "explicit"]

#: Text in the scenario's languages, ``{"zh": ..., "en": ...}``.
Texts = dict[str, str]


def pick_text(texts: Mapping[str, str] | None, lang: str) -> str:
    """The text in ``lang``, else in any language it has, else ""."""
    if not texts:
        return ""
    return texts.get(lang) or next(iter(texts.values()), "")


class _Part(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Event(_Part):
    """One thing that happened in a session. ``kind`` names the class in the record."""

    KIND: ClassVar[str] = ""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.KIND, **self.model_dump()}


class _Timed(Event):
    """Events with speaking time: seconds must be finite and not negative."""

    @field_validator("seconds", "clock", check_fields=False)
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value) or value < 0:
            raise ValueError("must be a finite number of seconds, 0 or more")
        return value


class StageInfo(_Part):
    title: Texts = {}  # the scenario's own title; empty: the built-in name
    gated: bool = False


class StakeholderInfo(_Part):
    role: str
    name: Texts = {}
    title: Texts = {}


class PainInfo(_Part):
    owner: str | None = None
    text: Texts = {}


class FactInfo(_Part):
    kind: str = "other"
    known: bool = False
    text: Texts = {}


class SessionStarted(Event):
    """The scenario as the session saw it: enough to show and score the record alone."""

    KIND = "session_started"
    scenario: str = ""
    language: str = "en"
    stages: list[str]
    gates: dict[str, bool] = {}
    stage_info: dict[str, StageInfo] = {}  # schema 2: titles per stage
    stakeholders: dict[str, StakeholderInfo] = {}
    pains: dict[str, PainInfo] = {}
    facts: dict[str, FactInfo] = {}
    meeting_minutes: int = 30
    rubric: dict[str, Any] | None = None
    title: Texts = {}
    #: The seed of the order choices are shown in; None: the authored order. Replays use it
    #: so a choice's number means the same as when it was played.
    choice_seed: int | None = None

    def stage_title(self, stage: str, lang: str) -> str | None:
        """The scenario's own title for a stage, or None (show the built-in name)."""
        info = self.stage_info.get(stage)
        return (pick_text(info.title, lang) or None) if info is not None else None


class MeetingStarted(Event):
    KIND = "meeting_started"
    meeting: int
    title: str | None = None
    minutes: int
    present: list[str] = []
    stage: str


class MeetingEnded(Event):
    KIND = "meeting_ended"
    meeting: int
    outcome: str | None
    next_step_agreed: bool = False
    clock: float = 0.0
    reason: str


class Gate(Event):
    """A decision point tried: by an ``advance`` line or a ``jump`` choice."""

    KIND = "gate"
    node: str
    via: str
    stage_from: str
    stage_to: str
    passed: bool
    requires: str | None = None
    #: when blocked: what the buyer still needed, in the trainee's words, per language
    missing: list[Texts] = []


class LoopBack(Event):
    KIND = "loop_back"
    node: str
    stage_from: str
    stage_to: str
    applied: bool


class BuyerLine(_Timed):
    """A line the buyer side spoke (``speaker`` None: narration)."""

    KIND = "line"
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
    pains: dict[str, NeedState] = {}
    cues: list[str] = []
    objection: str | None = None

    @property
    def trainee(self) -> bool:
        return False


class NextStepInfo(_Part):
    action: Texts = {}
    buyer_commits: bool = False
    dated: bool = False
    who: list[str] = []


class Candidate(_Part):
    choice: str
    score: float


class TypedLine(_Part):
    """How a choice was reached when the trainee typed it (free-text questioning): the
    words, what the matcher offered, and how the trainee settled on the choice. A replay
    takes the choice and never runs the matcher again; scoring reads the choice's tags only.
    """

    words: str
    lang: str
    matcher: str  # the matcher's version, and its stages ("1.0 stages 1+2")
    zone: str  # "auto" | "confirm"
    candidates: list[Candidate] = []  # the best three, best first
    how: Literal["auto", "confirm", "menu"] = "auto"  # taken; picked from the list; the menu
    rephrased: list[str] = []  # lines withdrawn ("none of these") before this one


class TraineeMove(_Timed):
    """A choice the trainee took: the words said and the trainer's tags on them (and, when
    it was typed, what was typed: ``typed``)."""

    KIND = "choice"
    turn: int
    node: str
    choice: str
    number: int = 0
    text: str
    move: str
    spin: str | None = None
    open: bool | None = None
    picks_up: str | None = None
    about: list[str] = []
    in_return: Texts | None = None
    next_step: NextStepInfo | None = None
    technique: str | None = None
    flags: list[str] = []
    score: dict[str, int] | None = None
    feedback: Texts | None = None
    seconds: float
    clock: float = 0.0
    meeting: int
    stage: str
    typed: TypedLine | None = None

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        if data.get("typed") is None:
            data.pop("typed", None)  # a picked choice's event is as it always was
        return data

    @property
    def trainee(self) -> bool:
        return True


class Ended(Event):
    KIND = "ended"
    ending: str | None = None
    outcome: str | None = None
    reason: str
    text: str = ""
    stage: str
    meeting: int


Turn = BuyerLine | TraineeMove

EVENT_TYPES: dict[str, type[Event]] = {
    cls.KIND: cls
    for cls in (
        SessionStarted,
        MeetingStarted,
        MeetingEnded,
        Gate,
        LoopBack,
        BuyerLine,
        TraineeMove,
        Ended,
    )
}


def read_event(data: object, index: int) -> Event | None:
    """One event from its dict; None for a kind this version does not know (a newer
    writer's addition, which no reader here needs). Raises RecordError if it is unfit."""
    if not isinstance(data, dict) or not isinstance(data.get("kind"), str):
        raise RecordError(("events", index), "each event must be a mapping with a 'kind'")
    model = EVENT_TYPES.get(data["kind"])
    if model is None:
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        loc: tuple[str | int, ...] = ("events", index, *err["loc"])
        field = ".".join(str(p) for p in err["loc"])
        if err["type"] == "missing":
            raise RecordError(loc, f"the '{data['kind']}' event has no '{field}'", "S203") from None
        why = err["msg"].removeprefix("Value error, ")
        turn = data.get("turn")
        where = f" (turn {turn})" if isinstance(turn, int) and not isinstance(turn, bool) else ""
        message = f"'{field}' of the '{data['kind']}' event{where}: {why[:1].lower()}{why[1:]}"
        raise RecordError(loc, message) from None
    except RecursionError:
        raise RecordError(("events", index), "the event is nested too deeply") from None


def read_events(raw: object) -> list[Event]:
    """A record's ``events`` list, typed, in order; raises RecordError naming the first
    unfit event. The first event must be ``session_started``, and only the first."""
    if not isinstance(raw, list):
        raise RecordError(("events",), "the record has no list of events")
    if not raw:
        raise RecordError(("events",), "the record's events are empty")
    events: list[Event] = []
    for i, data in enumerate(raw):
        event = read_event(data, i)
        if event is None:
            continue
        if isinstance(event, SessionStarted) and events:
            raise RecordError(("events", i), "a second 'session_started' event")
        if not events and not isinstance(event, SessionStarted):
            raise RecordError(("events", i), "the first event must be 'session_started'")
        events.append(event)
    if not events:
        raise RecordError(("events", 0), "the first event must be 'session_started'")
    start = events[0]
    assert isinstance(start, SessionStarted)
    if not start.stages:
        raise RecordError(("events", 0, "stages"), "the buying cycle has no stages")
    return events


def events_to_dicts(events: Sequence[Event]) -> list[dict[str, Any]]:
    return [e.to_dict() for e in events]
