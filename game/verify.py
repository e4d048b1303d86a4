"""Trusting no record: what ``salessim score`` checks before it scores one.

A record is a JSON file anyone can open in an editor, so a failing session could be made
to pass by retagging its moves. Before a record is scored:

1. **It is read** (``read_record_file``): a regular file of at most ``MAX_RECORD_BYTES``,
   JSON, not nested too deeply, with a ``schema_version`` this build reads, and events
   that fit their types (``game.record.read_events``: seconds finite and 0 or more ...).
2. **It holds together** (``check_consistency``), with or without its scenario: turns
   numbered 1, 2, 3 ...; meetings started in order, every turn in the meeting under way,
   each meeting ended once, with the outcome the engine gives it; each meeting's clock the
   running sum of its seconds (so it never goes back); moves, SPIN types, techniques,
   taboo flags, objections, outcomes and roles among those the scenario format knows, and
   each tag on a move that uses it; stages, pains, facts and people the record's own
   ``session_started`` declares; stage changes only through its gates and loop-backs; the
   record's head (outcome, ending, status) agreeing with its events.
3. **It is what its scenario gives** (``replay_record``), when the scenario is at hand (the
   file the record names, or the shipped one of its id): the record's choices are taken,
   in order, in a real Session of the scenario, and every event that session emits must be
   the record's, field by field: node ids, each choice on offer there, move tags, flags,
   seconds, words, clocks, stages, outcomes. The first difference is one line naming the
   turn and the field. If the scenario's content hash is not the one recorded, the line
   also says what changed in it; its wording (which no rule scores) is then not compared,
   everything scored is, and a record whose turns still play the same is scored, with a
   note. The record names its scenario's path: only a regular ``.yaml`` file is read.

Without the scenario only steps 1 and 2 run, and a note says so. A record that fails any
check raises ``RecordError`` (``RecordMismatch`` for step 3), with its place in the record
for ``file:line:col``, and is never scored.
"""

from __future__ import annotations

import math
import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, get_args

from game.engine.diagnostics import ScenarioError
from game.engine.model import (
    DECIDED,
    SLUG,
    Dimension,
    FactKind,
    Flag,
    Move,
    ObjectionType,
    Outcome,
    Role,
    Spin,
    Technique,
)
from game.engine.scenario import Scenario, load_scenario
from game.engine.session import ChoiceError, Session, Status
from game.paths import find_scenario
from game.record import (
    EVENT_TYPES,
    BuyerLine,
    Ended,
    Event,
    Gate,
    LoopBack,
    MeetingEnded,
    MeetingStarted,
    RecordError,
    SessionStarted,
    TraineeMove,
    check_version,
    read_events,
)
from game.record.files import journal_path, read_record
from game.scoring.log import Log, log_of

#: A record larger than this is refused before it is read (5,000 choices take ~5 MB).
MAX_RECORD_BYTES = 64 * 1024 * 1024

MOVES = frozenset(get_args(Move))
SPINS = frozenset(get_args(Spin))
TECHNIQUES = frozenset(get_args(Technique))
FLAGS = frozenset(get_args(Flag))
OBJECTIONS = frozenset(get_args(ObjectionType))
OUTCOMES = frozenset(get_args(Outcome))
ROLES = frozenset(get_args(Role))
FACT_KINDS = frozenset(get_args(FactKind))
DIMENSIONS = frozenset(get_args(Dimension))
#: The move each tag belongs to (the scenario format's S208 rule).
TAG_MOVES = {
    "spin": "question",
    "open": "question",
    "in_return": "discount",
    "next_step": "next_step",
    "technique": "close",
}
MEETING_END_REASONS = frozenset({"ending", "time_up", "no_choices", "new_meeting"})
END_REASONS = frozenset({"ending", "time_up", "no_choices", "quit"})
#: The clock is stored rounded to 1/100 s.
CLOCK_SLACK = 0.006


class RecordMismatch(RecordError):
    """The record is not what its scenario gives when its choices are replayed."""


@dataclass(frozen=True)
class Verified:
    """A record that passed every check: its typed events and log, ready to score."""

    events: tuple[Event, ...]
    log: Log
    scenario: Scenario | None  # the scenario it was replayed through; None: consistency only
    notes: tuple[str, ...]  # one line each, for the trainer (stderr)


def read_record_file(path: Path) -> dict[str, Any]:
    """The record at ``path`` (or the journal a stopped session left beside it); ValueError
    with one line for a file that is too large, not a regular file or not a record."""
    for candidate in (path, journal_path(path)):
        try:
            st = os.stat(candidate)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode) and st.st_size > MAX_RECORD_BYTES:
            raise ValueError(
                f"{candidate}: the file is {st.st_size // (1024 * 1024)} MB, larger than a "
                f"session record can be ({MAX_RECORD_BYTES // (1024 * 1024)} MB)."
            )
        break
    try:
        return read_record(path)
    except RecursionError:
        raise ValueError(f"{path}:1:1: the record is nested too deeply to be one.") from None
    except MemoryError:
        raise ValueError(f"{path}: the record is too large to read.") from None
    except ValueError as exc:
        text = str(exc)
        if text.startswith(str(path)):
            raise
        if "integer string conversion" in text:  # json refuses numbers of 4,300+ digits
            text = "a number in it has thousands of digits"
        raise ValueError(f"{path}:1:1: not a JSON session record ({text}).") from None


def verify_record(
    record: Mapping[str, Any], scenario: Scenario | None = None, *, find: bool = True
) -> Verified:
    """Check a record (see the module's docstring); RecordError for the first problem.

    ``scenario``: replay the record through it; None with ``find``: look for the scenario
    the record names; None without ``find``: check consistency only.
    """
    check_version(record)
    raw = record.get("events")
    events = read_events(raw)
    assert isinstance(raw, list)
    places = [i for i, e in enumerate(raw) if isinstance(e, dict) and e.get("kind") in EVENT_TYPES]
    log = log_of(events)
    check_consistency(record, log, places)
    notes: list[str] = []
    if scenario is None and find:
        scenario, note = scenario_of(record, log)
        if note:
            notes.append(note)
    if scenario is not None:
        notes.extend(replay_record(record, events, places, scenario))
    return Verified(tuple(events), log, scenario, tuple(notes))


# -- finding the scenario ----------------------------------------------------------------


def scenario_of(record: Mapping[str, Any], log: Log) -> tuple[Scenario | None, str | None]:
    """The scenario the record was played on, if at hand, and a note when it is not.

    Looked for at the path the record names (if that is a regular ``.yaml`` file) and among
    the shipped scenarios by id; only a scenario of the record's id counts, and one whose
    content hash is the recorded one is preferred.
    """
    head = record.get("scenario")
    head = head if isinstance(head, dict) else {}
    sid = head.get("id") if isinstance(head.get("id"), str) else log.start.scenario
    sha = head.get("sha256")
    if not sid:
        return None, "note: the record names no scenario; it was checked for consistency only."
    candidates: list[Path] = []
    recorded = head.get("path")
    if isinstance(recorded, str) and recorded.endswith((".yaml", ".yml")):
        path = Path(recorded)
        if _regular(path):
            candidates.append(path)
    if SLUG.match(sid):  # an id, never a path the record could point anywhere with
        shipped = find_scenario(sid)
        if shipped is not None and _regular(shipped) and shipped not in candidates:
            candidates.append(shipped)
    found: list[Scenario] = []
    broken = ""
    for path in candidates:
        try:
            loaded = load_scenario(path)
        except ScenarioError:  # said without quoting the file: the record chose the path
            broken = broken or f" ({path} does not load: 'salessim validate {path}' says why)"
            continue
        except (RecursionError, OSError):
            continue
        if loaded.id == sid:
            found.append(loaded)
    if not found:
        return None, (
            f"note: scenario {_shown(sid)} not found{broken}; the record was checked for "
            "consistency only."
        )
    return next((s for s in found if s.sha256 == sha), found[0]), None


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


# -- consistency --------------------------------------------------------------------------


class _Fail(Protocol):
    """Makes the error for one event: the field at fault, the sentence, the code."""

    def __call__(self, field: str | None, message: str, code: str = "S202") -> RecordError: ...


class _Where:
    """Places in the record for error messages: the raw event index of a typed event."""

    def __init__(self, places: Sequence[int]) -> None:
        self.places = places

    def fail(self, index: int, field: str | None, message: str, code: str = "S202") -> RecordError:
        place = self.places[index] if index < len(self.places) else index
        loc: tuple[str | int, ...] = ("events", place)
        if field:
            loc = (*loc, *field.split("."))
        return RecordError(loc, message, code)


def check_consistency(
    record: Mapping[str, Any], log: Log, places: Sequence[int] | None = None
) -> None:
    """Check that the record holds together (see the module's docstring); RecordError for
    the first problem, naming the turn and the field."""
    start = log.start
    where = _Where(places if places is not None else range(len(log.events)))
    _check_start(start, where)
    people = set(start.stakeholders)
    items = set(start.pains) | set(start.facts)
    stages = (*start.stages, DECIDED)
    stage = start.stages[0]
    expected_turn = 1
    last_turn = 0
    meeting: MeetingStarted | None = None
    next_meeting = 1
    clock = 0.0
    agreed = False
    last_end: MeetingEnded | None = None
    ended: Ended | None = None
    for index, event in enumerate(log.events[1:], start=1):
        fail = _failer(where, index, last_turn)
        if ended is not None:
            raise fail(None, f"the record goes on after its 'ended' event (a '{event.KIND}')")
        if isinstance(event, BuyerLine | TraineeMove):
            t = event.turn
            if t != expected_turn:
                raise fail(
                    "turn",
                    f"turn numbers must run 1, 2, 3 ...: after turn {last_turn} comes turn {t}",
                )
            expected_turn, last_turn = t + 1, t
            fail = _failer(where, index, t, here=True)
            if meeting is None:
                raise fail("meeting", f"turn {t} is spoken with no meeting under way")
            if event.meeting != meeting.meeting:
                raise fail(
                    "meeting",
                    f"turn {t} says meeting {event.meeting}, but meeting {meeting.meeting} "
                    "is the one under way",
                )
            before = clock
            clock += event.seconds
            if event.clock + CLOCK_SLACK < round(before, 2):
                raise fail(
                    "clock",
                    f"turn {t}: the meeting clock goes back from {_num(before)} s to "
                    f"{_num(event.clock)} s",
                )
            if abs(event.clock - round(clock, 2)) > CLOCK_SLACK:
                raise fail(
                    "clock",
                    f"turn {t}: the meeting clock says {_num(event.clock)} s, but the "
                    f"meeting's seconds add up to {_num(clock)} s",
                )
            if isinstance(event, BuyerLine):
                _check_line(event, start, people, items, stages, stage, fail)
            else:
                _check_move(event, people, items, stage, fail)
                if event.next_step is not None and event.next_step.buyer_commits:
                    agreed = True
        elif isinstance(event, MeetingStarted):
            if meeting is not None:
                raise fail(
                    "meeting",
                    f"meeting {event.meeting} starts while meeting {meeting.meeting} is under way",
                )
            if event.meeting != next_meeting:
                raise fail(
                    "meeting",
                    f"meetings must be numbered 1, 2, 3 ...: meeting {event.meeting} comes "
                    f"where meeting {next_meeting} should",
                )
            if not 0 < event.minutes <= 600:
                raise fail(
                    "minutes",
                    f"meeting {event.meeting} lasts {event.minutes} minutes; a meeting "
                    "lasts 1 to 600",
                    "S207",
                )
            unknown = [p for p in event.present if p not in people]
            if unknown:
                raise fail(
                    "present",
                    f"meeting {event.meeting} seats {_shown(unknown[0])}, who is not among "
                    "the record's stakeholders",
                )
            if event.stage != stage:
                raise fail(
                    "stage",
                    f"meeting {event.meeting} starts at stage {_shown(event.stage)}, but the "
                    f"buyer is at {_shown(stage)}",
                )
            meeting, next_meeting, clock, agreed = event, next_meeting + 1, 0.0, False
        elif isinstance(event, MeetingEnded):
            if meeting is None or event.meeting != meeting.meeting:
                raise fail("meeting", f"meeting {event.meeting} ends but is not under way")
            prior = log.events[index - 1]
            jumped = isinstance(prior, Gate) and prior.via == "jump" and prior.passed
            _check_meeting_end(event, meeting, clock, agreed, jumped, fail)
            last_end, meeting = event, None
        elif isinstance(event, Gate):
            stage = _check_gate(event, stages, stage, fail)
        elif isinstance(event, LoopBack):
            stage = _check_loop_back(event, stages, stage, fail)
        elif isinstance(event, Ended):
            _check_ended(event, meeting, last_end, stage, next_meeting - 1, fail)
            ended = event
    _check_head(record, start, ended)


def _failer(where: _Where, index: int, turn: int, *, here: bool = False) -> _Fail:
    """A function making the RecordError for event ``index``; messages of events that are
    not turns are prefixed with where they stand ("after turn 12")."""

    def fail(field: str | None, message: str, code: str = "S202") -> RecordError:
        if not here:
            message = (f"after turn {turn}: " if turn else "before the first turn: ") + message
        return where.fail(index, field, message, code)

    return fail


def _check_start(start: SessionStarted, where: _Where) -> None:
    def fail(field: str, message: str, code: str = "S202") -> RecordError:
        return where.fail(0, field, "the session's start: " + message, code)

    if len(set(start.stages)) != len(start.stages) or DECIDED in start.stages:
        raise fail("stages", f"the buying cycle {_shown(start.stages)} repeats a stage")
    if start.language not in ("zh", "en"):
        raise fail("language", f"the language is {_shown(start.language)}, not zh or en", "S204")
    if not 0 < start.meeting_minutes <= 600:
        raise fail("meeting_minutes", "meetings must last 1 to 600 minutes", "S207")
    for sid, person in start.stakeholders.items():
        if person.role not in ROLES:
            raise fail(
                f"stakeholders.{sid}.role",
                f"{_shown(sid)} has the role {_shown(person.role)}, which is not one of "
                f"{_listed(ROLES)}",
                "S204",
            )
    for fid, fact in start.facts.items():
        if fact.kind not in FACT_KINDS:
            raise fail(
                f"facts.{fid}.kind",
                f"the fact {_shown(fid)} is of kind {_shown(fact.kind)}, which is not one of "
                f"{_listed(FACT_KINDS)}",
                "S204",
            )
    for pid, pain in start.pains.items():
        if pain.owner is not None and pain.owner not in start.stakeholders:
            raise fail(
                f"pains.{pid}.owner",
                f"the pain {_shown(pid)} belongs to {_shown(pain.owner)}, who is not among "
                "the stakeholders",
            )
    for stage in start.gates:
        if stage not in start.stages:
            raise fail("gates", f"a gate out of {_shown(stage)}, which is no stage of the cycle")


def _check_line(
    line: BuyerLine,
    start: SessionStarted,
    people: set[str],
    items: set[str],
    stages: tuple[str, ...],
    stage: str,
    fail: _Fail,
) -> None:
    t = line.turn
    if line.speaker is not None:
        if line.speaker not in people:
            raise fail(
                "speaker",
                f"turn {t} is spoken by {_shown(line.speaker)}, who is not among the "
                "record's stakeholders",
            )
        role = start.stakeholders[line.speaker].role
        if line.role != role:
            raise fail(
                "role",
                f"turn {t} says the speaker's role is {_shown(line.role)}, but "
                f"{_shown(line.speaker)} is {_shown(role)}",
            )
    if line.stage_before not in stages:
        raise fail("stage_before", f"turn {t}: {_shown(line.stage_before)} is no stage")
    if line.stage_after != stage:
        raise fail(
            "stage_after",
            f"turn {t} says the buyer is at stage {_shown(line.stage_after)}, but the record's "
            f"gates and loop-backs put them at {_shown(stage)}",
        )
    for fact in line.reveals:
        if fact not in start.facts:
            raise fail("reveals", f"turn {t} reveals {_shown(fact)}, no fact of the record")
    for pain in line.pains:
        if pain not in start.pains:
            raise fail("pains", f"turn {t} raises {_shown(pain)}, which is no pain of the record")
    for cue in line.cues:
        if cue not in items:
            raise fail("cues", f"turn {t} hints at {_shown(cue)}, no pain or fact of the record")
    if line.objection is not None and line.objection not in OBJECTIONS:
        raise fail(
            "objection",
            f"turn {t}: the objection {_shown(line.objection)} is not one of {_listed(OBJECTIONS)}",
            "S204",
        )


def _check_move(
    move: TraineeMove, people: set[str], items: set[str], stage: str, fail: _Fail
) -> None:
    t = move.turn
    if move.move not in MOVES:
        raise fail(
            "move", f"turn {t}: the move {_shown(move.move)} is not one of {_listed(MOVES)}", "S204"
        )
    if move.spin is not None and move.spin not in SPINS:
        raise fail(
            "spin", f"turn {t}: spin {_shown(move.spin)} is not one of {_listed(SPINS)}", "S204"
        )
    if move.technique is not None and move.technique not in TECHNIQUES:
        raise fail(
            "technique",
            f"turn {t}: the technique {_shown(move.technique)} is not one of {_listed(TECHNIQUES)}",
            "S204",
        )
    for flag in move.flags:
        if flag not in FLAGS:
            raise fail(
                "flags", f"turn {t}: the flag {_shown(flag)} is not one of {_listed(FLAGS)}", "S204"
            )
    for tag, owner in TAG_MOVES.items():
        if getattr(move, tag) is not None and move.move != owner:
            raise fail(
                tag,
                f"turn {t} is a {_shown(move.move)} move tagged {tag}, which only a "
                f"{_shown(owner)} move has",
            )
    for item in [*move.about, *([move.picks_up] if move.picks_up is not None else [])]:
        if item not in items:
            raise fail(
                "about" if item in move.about else "picks_up",
                f"turn {t} is about {_shown(item)}, which is no pain or fact of the record",
            )
    if move.next_step is not None:
        for person in move.next_step.who:
            if person not in people:
                raise fail(
                    "next_step.who",
                    f"turn {t}'s next step names {_shown(person)}, who is not among the "
                    "record's stakeholders",
                )
    for dimension in move.score or {}:
        if dimension not in DIMENSIONS:
            raise fail(
                "score",
                f"turn {t} scores the dimension {_shown(dimension)}, which is not one of "
                f"{_listed(DIMENSIONS)}",
                "S204",
            )
    if move.number < 1:
        raise fail("number", f"turn {t}: choice number {move.number}; choices are numbered from 1")
    if move.stage != stage:
        raise fail(
            "stage",
            f"turn {t} says the buyer is at stage {_shown(move.stage)}, but the record's "
            f"gates and loop-backs put them at {_shown(stage)}",
        )


def _check_meeting_end(
    end: MeetingEnded,
    meeting: MeetingStarted,
    clock: float,
    agreed: bool,
    jumped: bool,
    fail: _Fail,
) -> None:
    """``jumped``: a jump the buyer passed led into the next meeting, which is an advance."""
    n = end.meeting
    if end.reason not in MEETING_END_REASONS:
        raise fail(
            "reason",
            f"meeting {n} ends for the reason {_shown(end.reason)}, not one of "
            f"{_listed(MEETING_END_REASONS)}",
            "S204",
        )
    if end.outcome not in OUTCOMES:
        raise fail(
            "outcome",
            f"meeting {n} ends in {_shown(end.outcome)}, not one of {_listed(OUTCOMES)}",
            "S204",
        )
    if not math.isfinite(end.clock) or abs(end.clock - round(clock, 2)) > CLOCK_SLACK:
        raise fail(
            "clock",
            f"meeting {n} ends at {_num(end.clock)} s on its clock, but its seconds add up to "
            f"{_num(clock)} s",
        )
    if end.next_step_agreed != agreed:
        raise fail(
            "next_step_agreed",
            f"meeting {n} says a next step was {'' if end.next_step_agreed else 'not '}agreed, "
            f"but {'no' if not agreed else 'a'} move in it has the buyer commit to one",
        )
    if end.reason != "ending":
        advanced = agreed or (jumped and end.reason == "new_meeting")
        given = "advance" if advanced else "continuation"
        if end.outcome != given:
            how = "an agreed next step" if not jumped else "an agreed next step or a passed jump"
            raise fail(
                "outcome",
                f"meeting {n} ended by {end.reason.replace('_', ' ')} and "
                f"{'with' if advanced else 'without'} {how}, which is "
                f"{_shown(given)}, not {_shown(end.outcome)}",
            )
    over = clock > meeting.minutes * 60
    if over != (end.reason == "time_up"):
        raise fail(
            "reason",
            f"meeting {n} ran {_num(clock)} s of its {meeting.minutes} minutes, but the "
            f"record says it ended by {_shown(end.reason)}",
        )


def _check_gate(gate: Gate, stages: tuple[str, ...], stage: str, fail: _Fail) -> str:
    _known_stages(gate, stages, "the gate", fail)
    if gate.stage_from != stage:
        raise fail(
            "stage_from",
            f"a gate out of {_shown(gate.stage_from)}, but the buyer is at {_shown(stage)}",
        )
    if gate.via not in ("advance", "jump"):
        raise fail("via", f"a gate tried by {_shown(gate.via)}, not by 'advance' or 'jump'", "S204")
    i = stages.index(stage)
    after = stages[i + 1] if gate.passed and i + 1 < len(stages) else stage
    if gate.stage_to != after:
        raise fail(
            "stage_to",
            f"a gate out of {_shown(stage)} {'passed' if gate.passed else 'blocked'} leads to "
            f"{_shown(after)}, not {_shown(gate.stage_to)}",
        )
    return after


def _check_loop_back(loop: LoopBack, stages: tuple[str, ...], stage: str, fail: _Fail) -> str:
    _known_stages(loop, stages, "the loop-back", fail)
    if loop.stage_from != stage:
        raise fail(
            "stage_from",
            f"a loop-back from {_shown(loop.stage_from)}, but the buyer is at {_shown(stage)}",
        )
    earlier = stages.index(loop.stage_to) < stages.index(stage)
    if loop.applied != earlier or (not loop.applied and loop.stage_to != stage):
        raise fail(
            "applied",
            f"the record says the loop-back from {_shown(stage)} to {_shown(loop.stage_to)} "
            f"was {'' if loop.applied else 'not '}applied",
        )
    return loop.stage_to


def _known_stages(event: Gate | LoopBack, stages: tuple[str, ...], what: str, fail: _Fail) -> None:
    for field in ("stage_from", "stage_to"):
        value = getattr(event, field)
        if value not in stages:
            raise fail(field, f"{what} names {_shown(value)}, which is no stage of the cycle")


def _check_ended(
    end: Ended,
    meeting: MeetingStarted | None,
    last_end: MeetingEnded | None,
    stage: str,
    last_meeting: int,
    fail: _Fail,
) -> None:
    if end.reason not in END_REASONS:
        raise fail(
            "reason",
            f"the session ends for the reason {_shown(end.reason)}, not one of "
            f"{_listed(END_REASONS)}",
            "S204",
        )
    if end.meeting != last_meeting:
        raise fail(
            "meeting",
            f"the session ends in meeting {end.meeting}, but the last meeting was {last_meeting}",
        )
    if end.stage != stage:
        raise fail(
            "stage",
            f"the session ends at stage {_shown(end.stage)}, but the buyer is at {_shown(stage)}",
        )
    if end.reason == "quit":
        if end.outcome is not None:
            raise fail("outcome", f"a session quit has no outcome, not {_shown(end.outcome)}")
        if meeting is None:
            raise fail("reason", "the session was quit after its last meeting had ended")
        return
    if meeting is not None or last_end is None:
        raise fail("reason", "the session ends while its meeting is still under way")
    if last_end.reason != end.reason or last_end.outcome != end.outcome:
        raise fail(
            "outcome",
            f"the session ends in {_shown(end.outcome)} ({end.reason}), but its last meeting "
            f"ended in {_shown(last_end.outcome)} ({last_end.reason})",
        )


def _check_head(record: Mapping[str, Any], start: SessionStarted, ended: Ended | None) -> None:
    """The record's summary fields (what a report lists) agree with its events."""
    status: tuple[str, ...]
    if ended is None:
        status = ("in_progress", "abandoned")
        fields: dict[str, Any] = {}
    elif ended.reason == "quit":
        status = ("abandoned",)
        fields = {"outcome": None, "ending": None, "end_reason": "quit"}
    else:
        status = ("finished",)
        fields = {
            "outcome": ended.outcome,
            "ending": ended.ending,
            "end_reason": ended.reason,
            "final_stage": ended.stage,
        }
    if "status" in record and record["status"] not in status:
        raise RecordError(
            ("status",),
            f"the record's status is {_shown(record['status'])}, but its events say "
            f"{_shown(status[0])}",
        )
    for key, value in fields.items():
        if key in record and record[key] != value:
            raise RecordError(
                (key,),
                f"the record's {key} is {_shown(record[key])}, but its 'ended' event says "
                f"{_shown(value)}",
            )
    head = record.get("scenario")
    if head is not None and not isinstance(head, dict):
        raise RecordError(
            ("scenario",), "the record's 'scenario' must be a mapping: id, version, sha256, path"
        )
    named = head.get("id") if isinstance(head, dict) else None
    if named is not None and start.scenario and named != start.scenario:
        raise RecordError(
            ("scenario", "id"),
            f"the record names the scenario {_shown(named)}, but its session started "
            f"{_shown(start.scenario)}",
        )


# -- replay ----------------------------------------------------------------------------------


def replay_record(
    record: Mapping[str, Any],
    events: Sequence[Event],
    places: Sequence[int],
    scenario: Scenario,
) -> list[str]:
    """Replay the record's choices through a Session of ``scenario`` and compare every event.

    Raises RecordMismatch at the first difference; returns notes (one line each): that the
    scenario changed since the record was made, though the record still plays the same.
    """
    head = record.get("scenario")
    head = head if isinstance(head, dict) else {}
    schema = int(check_version(record))
    changed = _changes(head, events[0], scenario)
    start = events[0]
    assert isinstance(start, SessionStarted)
    session = Session(
        scenario,
        language=start.language,
        trainee=str(record.get("trainee") or ""),
        session_id=str(record.get("session_id") or "replay"),
        clock=lambda: datetime(2000, 1, 1, tzinfo=UTC),
        choice_seed=start.choice_seed,
    )
    where = _Where(places)
    finished = any(isinstance(e, Ended) for e in events)
    state = {"pos": 0, "turn": 0}

    def mismatch(index: int, field: str | None, message: str) -> RecordMismatch:
        if changed:
            message += f" (the scenario changed since this record was made: {changed})"
        err = where.fail(index, field, message)
        return RecordMismatch(err.loc, err.message, "S202")

    def compare_new() -> None:
        while state["pos"] < len(session.events):
            pos = state["pos"]
            got = session.events[pos]
            if pos >= len(events):
                if finished:
                    raise mismatch(
                        len(events) - 1,
                        None,
                        f"{_after(state['turn'])}the record ends, but its scenario goes on "
                        f"with a '{got.KIND}' event",
                    )
                return  # a session that stopped without ending: the record is a prefix
            want = events[pos]
            if isinstance(want, BuyerLine | TraineeMove):
                state["turn"] = want.turn
            problem = _difference(
                want, got, record, places[pos], schema, state["turn"], bool(changed)
            )
            if problem is not None:
                field, message = problem
                raise mismatch(pos, field, message)
            state["pos"] = pos + 1

    compare_new()
    while state["pos"] < len(events):
        pos = state["pos"]
        want = events[pos]
        if session.status is Status.ENDED:
            raise mismatch(
                pos,
                None,
                f"{_after(state['turn'])}the record goes on with a '{want.KIND}' event after "
                "its scenario's session has ended",
            )
        if isinstance(want, Ended) and want.reason == "quit":
            session.quit()
        elif session.status is Status.LISTENING:
            session.proceed()
        elif isinstance(want, TraineeMove):
            if want.node != session.node_id:
                raise mismatch(
                    pos,
                    "node",
                    f"turn {want.turn}: the record says the trainee chose at node "
                    f"{_shown(want.node)}, but the scenario is waiting at node "
                    f"{_shown(session.node_id)}",
                )
            try:
                session.choose_id(want.choice, typed=want.typed)
            except ChoiceError:
                offered = ", ".join(c.id for c in session.offered())
                raise mismatch(
                    pos,
                    "choice",
                    f"turn {want.turn}: the record says choice {_shown(want.choice)} was taken "
                    f"at node {_shown(want.node)}, but the scenario does not offer it there "
                    f"(on offer: {offered})",
                ) from None
        else:
            raise mismatch(
                pos,
                None,
                f"{_after(state['turn'])}the record has a '{want.KIND}' event where its "
                f"scenario waits for a choice at node {_shown(session.node_id)}",
            )
        compare_new()
    if changed:
        return [
            f"note: the scenario changed since this record was made ({changed}); "
            "the record's turns still play the same in it."
        ]
    return []


def _after(turn: int) -> str:
    return f"after turn {turn}: " if turn else ""


def _changes(head: Mapping[str, Any], start: Event, scenario: Scenario) -> str:
    """What differs between the scenario the record was made with and ``scenario``, as the
    record can tell (its hash, version and the session's start); "" if it is the same."""
    sha = head.get("sha256")
    if sha == scenario.sha256:
        return ""
    parts = [
        f"sha256 {str(sha)[:12]}… is now {scenario.sha256[:12]}…"
        if sha
        else "the record carries no content hash"
    ]
    version = head.get("version")
    if version is not None and version != scenario.model.version:
        parts.append(f"version {_shown(version)} is now {scenario.model.version}")
    fresh = Session(
        scenario,
        language=getattr(start, "language", None),
        choice_seed=getattr(start, "choice_seed", None),
    ).events[0]
    if isinstance(start, SessionStarted) and isinstance(fresh, SessionStarted):
        was, now = start.model_dump(), fresh.model_dump()
        for key in _START_FIELDS:
            if was.get(key) == now.get(key):
                continue
            if isinstance(was.get(key), dict) and isinstance(now.get(key), dict):
                added = [k for k in now[key] if k not in was[key]]
                gone = [k for k in was[key] if k not in now[key]]
                edited = [k for k in now[key] if k in was[key] and now[key][k] != was[key][k]]
                said = [
                    f"{label} {', '.join(map(str, ks[:3]))}{' …' if len(ks) > 3 else ''}"
                    for label, ks in (("added", added), ("removed", gone), ("changed", edited))
                    if ks
                ]
                parts.append(f"{key}: {'; '.join(said)}")
            else:
                parts.append(f"{key} {_shown(was.get(key))} is now {_shown(now.get(key))}")
    return ", ".join(parts)


#: What the session's start carries of the scenario, compared to say what changed.
_START_FIELDS = (
    "stages", "gates", "stakeholders", "pains", "facts", "meeting_minutes", "rubric", "title",
)  # fmt: skip
#: Fields older records did not write yet (they read as empty): not compared when absent.
_LATER_FIELDS = {"session_started": ("stage_info",), "ended": ("text",), "gate": ("missing",)}
#: Fields of a trainee's move that are the trainer's tags on the choice.
_TAGS = (
    "move", "spin", "open", "picks_up", "about", "in_return", "next_step", "technique",
    "flags", "score", "feedback",
)  # fmt: skip
#: Fields of a buyer's line the scenario's node sets.
_LINE_FIELDS = ("speaker", "role", "reveals", "pains", "cues", "objection")


def _difference(
    want: Event,
    got: Event,
    record: Mapping[str, Any],
    place: int,
    schema: int,
    turn: int,
    changed: bool = False,
) -> tuple[str | None, str] | None:
    """The first field in which the record's event differs from the replayed one, and the
    sentence saying so; None when they are the same. ``changed``: the scenario is not the
    one the record was made with, so its words (which no rule scores) may differ."""
    if want.KIND != got.KIND:
        said = f" (turn {got.turn})" if isinstance(got, BuyerLine | TraineeMove) else ""
        return None, (
            f"{_after(turn)}the record has a '{want.KIND}' event where its scenario gives a "
            f"'{got.KIND}'{said}"
        )
    if want == got:
        return None
    raw = record["events"][place]
    was, now = want.model_dump(), got.model_dump()
    for key in _LATER_FIELDS.get(want.KIND, ()):
        if key not in raw:
            was.pop(key, None)
            now.pop(key, None)
    if isinstance(want, SessionStarted) and schema < 2:
        for people in (was, now):  # schema 1 stored each stakeholder's role only
            people["stakeholders"] = {k: v["role"] for k, v in people["stakeholders"].items()}
    if changed:  # the scenario changed: its wording may have, too; what is scored may not
        was, now = _scored(want.KIND, was), _scored(want.KIND, now)
    for key, value in was.items():
        if now.get(key) == value:
            continue
        return key, _sentence(want, got, key, value, now.get(key), turn)
    return None


def _scored(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """An event's fields without the words no rule scores (texts, titles, names, feedback);
    an ``in_return`` counts only as present or not. The seconds stay: they are scored."""
    words = ("text", "title", "feedback", "stage_info", "missing")
    out = {k: v for k, v in data.items() if k not in words}
    if kind == "session_started":
        for key in ("stakeholders", "pains", "facts"):
            out[key] = {
                k: {f: x for f, x in v.items() if f not in ("text", "name", "title")}
                if isinstance(v, dict)
                else v
                for k, v in (data.get(key) or {}).items()
            }
    if kind == "choice":
        out["in_return"] = bool(data.get("in_return"))
        if isinstance(data.get("next_step"), dict):
            out["next_step"] = {k: v for k, v in data["next_step"].items() if k != "action"}
    return out


def _sentence(want: Event, got: Event, key: str, was: Any, now: Any, turn: int) -> str:
    """One sentence for a field in which the record differs from the replay."""
    rec, scn = _shown(was), _shown(now)
    if isinstance(want, TraineeMove | BuyerLine):
        t = f"turn {want.turn}: "
        what = (
            f"choice {_shown(want.choice)}"
            if isinstance(want, TraineeMove)
            else f"node {_shown(want.node)}"
        )
        if key == "move":
            return f"{t}the record says move {rec} but {what} is tagged {scn} in the scenario"
        if key == "seconds":
            return (
                f"{t}the record says {_num(was)} seconds but {what} takes {_num(now)} seconds "
                "in the scenario"
            )
        if key == "text":
            return f"{t}the record's words {rec} are not what {what} says in the scenario ({scn})"
        if key == "node" and isinstance(want, BuyerLine):
            return (
                f"{t}the record says the buyer's line comes from node {rec}, but the scenario "
                f"goes to node {scn}"
            )
        if key in _TAGS or key in _LINE_FIELDS:
            return f"{t}the record says {key} {rec} but {what} has {key} {scn} in the scenario"
        return f"{t}the record says {key} {rec} but replaying the scenario gives {scn}"
    if isinstance(want, SessionStarted):
        return f"the session's start: the record says {key} {rec} but the scenario has {scn}"
    return (
        f"{_after(turn)}the record's '{want.KIND}' event says {key} {rec} but replaying the "
        f"scenario gives {scn}"
    )


# -- showing values ---------------------------------------------------------------------


def _shown(value: object, limit: int = 60) -> str:
    """A value from the record as a message shows it: strings quoted, long ones cut."""
    if isinstance(value, str):
        text = f"'{value}'"
    elif value is None:
        text = "none"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = _num(value)
    elif isinstance(value, dict | list | tuple | frozenset | set):
        import json

        items = sorted(value) if isinstance(value, frozenset | set) else value
        text = json.dumps(items, ensure_ascii=False, default=str, separators=(", ", ": "))
        text = text.replace('"', "'")
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _num(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    rounded = round(value, 2)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def _listed(values: frozenset[str]) -> str:
    return ", ".join(sorted(values))
