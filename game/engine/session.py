"""The Session: one trainee playing one scenario, driven by a UI one step at a time.

Like ink's Story or Yarn Spinner's Dialogue, the session hands out what to show and takes
back what the trainee chose; it never draws, sleeps or reads a keyboard. Terminal play, the
pygame game, tests, bots and the path explorer all drive this same class.
"""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from game.engine.cycle import BuyingCycle
from game.engine.model import DECIDED, Choice, Effect, Meeting, Node
from game.engine.scenario import Scenario
from game.engine.text import speaking_seconds
from game.record import (
    NEED_LEVELS,
    SCHEMA_VERSION,
    BuyerLine,
    Ended,
    Event,
    FactInfo,
    Gate,
    LoopBack,
    MeetingEnded,
    MeetingStarted,
    NextStepInfo,
    PainInfo,
    SessionStarted,
    StageInfo,
    StakeholderInfo,
    TraineeMove,
    TypedLine,
)

#: A clock for the record's start and end times; tools inject a fixed one.
Clock = Callable[[], datetime]

#: What the buyer says when a meeting runs out of time, or when nothing is left to say.
CLOSING_WORDS = {
    "time_up": {
        "zh": "不好意思，时间到了，我还有别的会。今天就先到这里吧。",
        "en": "Sorry, we're out of time and I have another meeting. Let's stop here for today.",
    },
    "no_choices": {
        "zh": "好的，今天先聊到这里吧。",
        "en": "All right, let's leave it there for today.",
    },
}


class Status(StrEnum):
    """Why the session is waiting (see Session's docstring)."""

    CHOOSING = "choosing"
    LISTENING = "listening"
    ENDED = "ended"


class SessionError(Exception):
    """The caller asked for something the session cannot do now (a UI or script bug)."""


class ChoiceError(SessionError):
    """A choice number or id that is not on offer; the message says what is."""


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    title: str
    role: str


@dataclass(frozen=True, slots=True)
class Line:
    """A line just spoken: by a stakeholder, by nobody (narration) or by the trainee."""

    turn: int
    text: str
    seconds: float
    speaker: Person | None = None
    trainee: bool = False


@dataclass(frozen=True, slots=True)
class ChoiceView:
    number: int
    id: str
    text: str
    move: str


@dataclass(frozen=True, slots=True)
class StageView:
    id: str
    title: str | None
    gated: bool  # a decision point with a condition guards the way out


@dataclass(frozen=True, slots=True)
class MeetingView:
    number: int
    title: str | None
    minutes: int
    elapsed: float  # seconds on this meeting's clock
    present: tuple[Person, ...]


@dataclass(frozen=True, slots=True)
class FactView:
    id: str
    text: str
    kind: str
    from_briefing: bool


@dataclass(frozen=True, slots=True)
class PainView:
    id: str
    text: str
    owner: str
    state: str  # none, implied or explicit


@dataclass(frozen=True, slots=True)
class EndingView:
    id: str | None
    outcome: str | None  # order, advance, continuation, no_sale; None if abandoned
    text: str
    reason: str  # ending, time_up, no_choices, quit


@dataclass(frozen=True, slots=True)
class View:
    """Everything a UI needs to draw the meeting now."""

    status: Status
    line: Line | None
    choices: tuple[ChoiceView, ...]
    stage: str
    stage_index: int
    stages: tuple[StageView, ...]
    meeting: MeetingView
    facts: tuple[FactView, ...]
    pains: tuple[PainView, ...]
    ending: EndingView | None


@dataclass(slots=True)
class _Meeting:
    number: int
    title: str | None
    minutes: int
    present: tuple[str, ...]
    clock: float = 0.0
    next_step_agreed: bool = False

    def copy(self) -> _Meeting:
        return _Meeting(
            self.number, self.title, self.minutes, self.present, self.clock, self.next_step_agreed
        )


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class _State:
    variables: dict[str, int] = field(default_factory=dict)
    needs: dict[str, int] = field(default_factory=dict)
    facts: dict[str, bool] = field(default_factory=dict)  # id -> known from the briefing
    met: set[str] = field(default_factory=set)
    visited: set[str] = field(default_factory=set)
    used: set[str] = field(default_factory=set)

    def copy(self) -> _State:
        return _State(
            dict(self.variables),
            dict(self.needs),
            dict(self.facts),
            set(self.met),
            set(self.visited),
            set(self.used),
        )


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A session frozen at one moment: ``Session.restore`` puts any session of the same
    scenario back exactly there (state, clock, stage, choices on offer and the event log).

    Opaque to callers; cheap to take (the event log is shared as a tuple, the rest is a few
    small dicts and sets).
    """

    node_id: str
    status: Status
    stage: str
    state: _State
    meeting: _Meeting | None
    offered: tuple[tuple[int, Choice], ...]
    turn: int
    line: Line | None
    ending: EndingView | None
    events: tuple[Event, ...]
    ended_at: str | None


class Session:
    """One play of a scenario. Drive it with ``choose``, ``proceed`` and ``quit``.

    The session stops and waits in exactly these cases (``view().status`` says which):

    - ``CHOOSING``: the buyer has spoken a line that offers choices; call ``choose(n)`` with
      the 1-based number shown (or ``choose_id``). Only choices whose ``requires`` holds (and
      ``once`` choices not yet taken) are offered and numbered.
    - ``LISTENING``: the buyer has spoken a line with ``goto`` (the buyer keeps talking); call
      ``proceed()`` once the trainee has read it.
    - ``ENDED``: the session is over, for one of four reasons in ``view().ending.reason``:
      ``ending`` (a node or choice named an ending), ``time_up`` (the meeting clock passed its
      length after a line: the outcome is ``advance`` if a buyer-committed next step was
      agreed in this meeting, else ``continuation``), ``no_choices`` (a node's choices were
      all hidden by ``requires``; judged like ``time_up``), or ``quit`` (``quit()`` was
      called; the outcome is None). Nothing more can be chosen.

    Every step appends typed events (``game.record``) to ``events``, and hands each to
    ``on_event`` as it happens, so a sink can append it to a journal instead of rewriting
    the record; ``record()`` is the JSON-ready session record.

    For tools (the path explorer, bots, tests) the session is a value one can branch:

    - ``snapshot()`` / ``restore(snap)``: freeze the session and put it (or another session
      of the same scenario) back there later; ``fork()`` is a new, independent session at
      the same point. Nothing a fork does changes the original.
    - ``advance_to_choice()``: go on through lines without choices until the trainee must
      choose, or the session has ended.
    - ``state_key()``: equal keys mean equal futures (the same choices give the same lines,
      stages and ending), whatever the past: an explorer may merge such states.
    - ``clock``: the wall clock for the record's start and end times, injectable so a
      replay's record is byte-for-byte repeatable. Nothing else in play reads the time.
    - ``choice_seed``: choices are shown shuffled from this seed (stored in the record, so
      a replay numbers them the same); None keeps the authored order (scripts, golden
      play-throughs, the explorer).
    """

    def __init__(
        self,
        scenario: Scenario,
        *,
        language: str | None = None,
        trainee: str = "",
        on_event: Callable[[Event], None] | None = None,
        clock: Clock = utc_now,
        session_id: str | None = None,
        choice_seed: int | None = None,
    ) -> None:
        self.scenario = scenario
        #: None: choices are shown in the order the trainer wrote them; else shuffled from
        #: this seed at each node (no strategy "always the first" or "the last" can work)
        self.choice_seed = choice_seed
        self.model = scenario.model
        self.language = language or scenario.language
        self.trainee = trainee
        self.session_id = session_id or uuid.uuid4().hex
        self.events: list[Event] = []
        self.clock = clock
        self.started_at = self._now()
        self.ended_at: str | None = None
        self.on_event = on_event
        self._turn = 0
        self._watched = _watched_nodes(scenario)  # visited nodes that conditions ask about
        self._state = _State(
            variables={n: v.initial for n, v in self.model.variables.items()},
            needs=dict.fromkeys(self.model.pains, 0),
            facts={f: True for f, spec in self.model.facts.items() if spec.known},
        )
        self.cycle = BuyingCycle(scenario.stages, self._gate_open)
        self.node_id = self.model.start
        self.status = Status.LISTENING
        self.line: Line | None = None
        self.ending: EndingView | None = None
        self._meeting: _Meeting | None = None
        self._offered: list[tuple[int, Choice]] = []
        self._emit(self._started())
        self._enter(self.model.start)

    # -- what the condition language can see ---------------------------------------------

    def variable(self, name: str) -> int:
        return self._state.variables.get(name, 0)

    def need_level(self, pain: str) -> int:
        return self._state.needs.get(pain, 0)

    def fact_known(self, fact: str) -> bool:
        return fact in self._state.facts

    def has_met(self, stakeholder: str) -> bool:
        return stakeholder in self._state.met

    def has_visited(self, node: str) -> bool:
        return node in self._state.visited

    def stage_index(self) -> int:
        return self.cycle.index

    def minutes(self) -> float:
        return self._meeting.clock / 60.0 if self._meeting else 0.0

    # -- driving the session -------------------------------------------------------------

    def choose(self, number: int, *, typed: TypedLine | None = None) -> None:
        """Take the choice shown as ``number`` (1-based among the choices on offer)."""
        if self.status is not Status.CHOOSING:
            raise SessionError(f"nothing to choose now: the session is {self.status.value}")
        if not 1 <= number <= len(self._offered):
            raise ChoiceError(f"choice {number} is not on offer; choose 1 to {len(self._offered)}")
        index, choice = self._offered[number - 1]
        self._take(number, index, choice, typed)

    def choose_id(self, choice_id: str, *, typed: TypedLine | None = None) -> None:
        """Take a choice by its stable id (records, replays and bots use ids). ``typed``:
        the line the trainee typed that was matched to it, kept in the record."""
        for number, (index, _) in enumerate(self._offered, start=1):
            if self.scenario.choice_id(self.node_id, index) == choice_id:
                self.choose(number, typed=typed)
                return
        offered = [self.scenario.choice_id(self.node_id, i) for i, _ in self._offered]
        raise ChoiceError(f"choice '{choice_id}' is not on offer; on offer: {offered}")

    def proceed(self) -> None:
        """Go on after a line the buyer speaks without offering choices."""
        if self.status is not Status.LISTENING:
            raise SessionError(f"nothing to continue: the session is {self.status.value}")
        node = self.scenario.node(self.node_id)
        assert node.goto is not None
        self._enter(node.goto)

    def quit(self) -> None:
        """Stop early (window closed, Ctrl-C, end of input); the record keeps every turn."""
        if self.status is Status.ENDED:
            return
        self._finish(None, "quit")

    @property
    def finished(self) -> bool:
        return self.status is Status.ENDED

    def advance_to_choice(self) -> Status:
        """Go on through lines without choices until a choice is due or the session ends."""
        while self.status is Status.LISTENING:
            self.proceed()
        return self.status

    # -- branching, for tools ----------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """Freeze the session as it is now (see the class docstring)."""
        return Snapshot(
            self.node_id,
            self.status,
            self.cycle.state,
            self._state.copy(),
            None if self._meeting is None else self._meeting.copy(),
            tuple(self._offered),
            self._turn,
            self.line,
            self.ending,
            tuple(self.events),
            self.ended_at,
        )

    def restore(self, snap: Snapshot) -> None:
        """Put the session back where ``snap`` was taken. The snapshot stays usable."""
        self.node_id = snap.node_id
        self.status = snap.status
        self.cycle.set_stage(snap.stage)
        self._state = snap.state.copy()
        self._meeting = None if snap.meeting is None else snap.meeting.copy()
        self._offered = list(snap.offered)
        self._turn = snap.turn
        self.line = snap.line
        self.ending = snap.ending
        self.events = list(snap.events)
        self.ended_at = snap.ended_at

    def fork(self, *, on_event: Callable[[Event], None] | None = None) -> Session:
        """A new session at this same point, independent of this one from here on.

        The fork shares the scenario and the log so far (events are immutable) and writes to
        ``on_event`` only (by default nowhere), so exploring never touches a record.
        """
        other = Session.__new__(Session)
        other.scenario = self.scenario
        other.model = self.model
        other.language = self.language
        other.trainee = self.trainee
        other.session_id = self.session_id
        other.clock = self.clock
        other.started_at = self.started_at
        other.on_event = on_event
        other.choice_seed = self.choice_seed
        other._watched = self._watched
        other.cycle = BuyingCycle(self.scenario.stages, other._gate_open)
        other.restore(self.snapshot())
        return other

    def state_key(self, *, clock: bool = True) -> Hashable:
        """What decides the session's future, as a hashable value (see the class docstring).

        Visited nodes count only where a condition asks about them, and turn numbers and
        the log not at all, so states reached by different paths can compare equal.
        ``clock=False`` leaves out the meeting clock: a coarser key that merges states whose
        futures differ only in when time runs out (a search for short witness paths uses it;
        anything that must be exact does not).
        """
        st = self._state
        meeting = self._meeting
        watched = self._watched
        return (
            self.node_id,
            self.status.value,
            self.cycle.state,
            tuple(sorted(st.variables.items())),
            tuple(sorted(st.needs.items())),
            frozenset(st.facts),
            frozenset(st.met),
            frozenset(st.visited & watched) if watched else frozenset(),
            frozenset(st.used),
            None
            if meeting is None
            else (
                meeting.number,
                round(meeting.clock, 2) if clock else None,
                meeting.next_step_agreed,
            ),
            tuple(sorted(i for i, _ in self._offered)),  # what is on offer, not its order
            None if self.ending is None else (self.ending.id, self.ending.reason),
        )

    # -- what to show ----------------------------------------------------------------------

    def view(self) -> View:
        """What the UI should show now. Cheap: built from the session's state on demand."""
        lang = self.language
        sc = self.scenario
        m = self.model
        meeting = self._meeting
        assert meeting is not None
        return View(
            status=self.status,
            line=self.line,
            choices=self.offered(),
            stage=self.cycle.state,
            stage_index=self.cycle.index,
            stages=tuple(
                StageView(s, sc.stage_title(s, lang), sc.gate(s) is not None) for s in sc.stages
            ),
            meeting=MeetingView(
                meeting.number,
                meeting.title,
                meeting.minutes,
                meeting.clock,
                tuple(self.person(p) for p in meeting.present),
            ),
            facts=tuple(
                FactView(f, sc.text(m.facts[f].text, lang), m.facts[f].kind, briefing)
                for f, briefing in self._state.facts.items()
            ),
            pains=tuple(
                PainView(p, sc.text(spec.text, lang), spec.owner, NEED_LEVELS[self.need_level(p)])
                for p, spec in m.pains.items()
            ),
            ending=self.ending,
        )

    def offered(self) -> tuple[ChoiceView, ...]:
        if self.status is not Status.CHOOSING:
            return ()
        return tuple(
            ChoiceView(
                n,
                self.scenario.choice_id(self.node_id, i),
                self.scenario.text(c.say, self.language),
                c.move,
            )
            for n, (i, c) in enumerate(self._offered, start=1)
        )

    def person(self, stakeholder: str) -> Person:
        spec = self.model.stakeholders[stakeholder]
        lang = self.language
        return Person(
            stakeholder,
            self.scenario.text(spec.name, lang),
            self.scenario.text(spec.title, lang),
            spec.role,
        )

    def record(self) -> dict[str, Any]:
        """The session record: JSON-ready, enough to replay and re-score the session."""
        record = self.record_head()
        record["events"] = [e.to_dict() for e in self.events]
        return record

    def record_head(self) -> dict[str, Any]:
        """The record without its events (a journal's first line; the events follow)."""
        sc = self.scenario
        ending = self.ending
        return {
            "schema_version": SCHEMA_VERSION,
            "session_id": self.session_id,
            "scenario": {
                "id": sc.id,
                "version": self.model.version,
                "sha256": sc.sha256,
                "title": self.model.title.as_dict(sc.language),
                "path": sc.path,
            },
            "trainee": self.trainee,
            "language": self.language,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "status": "in_progress"
            if ending is None
            else ("abandoned" if ending.reason == "quit" else "finished"),
            "outcome": ending.outcome if ending else None,
            "ending": ending.id if ending else None,
            "end_reason": ending.reason if ending else None,
            "final_stage": self.cycle.state,
        }

    # -- internals -------------------------------------------------------------------------

    def _now(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def _started(self) -> SessionStarted:
        """The scenario as this session sees it, so a record can be shown and scored alone."""
        m = self.model
        sc = self.scenario
        lang = m.language
        return SessionStarted(
            scenario=m.id,
            language=self.language,
            stages=list(sc.stages),
            gates={s: sc.gate(s) is not None for s in sc.stages},
            stage_info={
                s: StageInfo(
                    title=_texts(sc, s),
                    gated=sc.gate(s) is not None,
                )
                for s in sc.stages
            },
            stakeholders={
                sid: StakeholderInfo(
                    role=s.role, name=s.name.as_dict(lang), title=s.title.as_dict(lang)
                )
                for sid, s in m.stakeholders.items()
            },
            pains={
                pid: PainInfo(owner=p.owner, text=p.text.as_dict(lang))
                for pid, p in m.pains.items()
            },
            facts={
                fid: FactInfo(kind=f.kind, known=f.known, text=f.text.as_dict(lang))
                for fid, f in m.facts.items()
            },
            meeting_minutes=m.meeting.minutes,
            rubric=m.rubric,
            title=m.title.as_dict(lang),
            choice_seed=self.choice_seed,
        )

    def _emit(self, event: Event) -> None:
        self.events.append(event)
        if self.on_event is not None:
            self.on_event(event)

    def _gate_open(self, stage: str) -> bool:
        cond = self.scenario.gate(stage)
        return cond is None or cond.holds(self)

    def _apply(self, effects: dict[str, Effect]) -> None:
        for name, effect in effects.items():
            spec = self.model.variables[name]
            value = effect.value if effect.op == "=" else self.variable(name) + effect.value
            if spec.min is not None:
                value = max(spec.min, value)
            if spec.max is not None:
                value = min(spec.max, value)
            self._state.variables[name] = value

    def _seconds(self, text_field: Any, override: float | None) -> float:
        """Speaking time, from the scenario's own language so both languages play alike."""
        if override is not None:
            return float(override)
        return speaking_seconds(self.scenario.text(text_field, self.scenario.language))

    def _speak(self, seconds: float) -> _Meeting:
        """Add speaking time to the meeting's clock; the meeting as it is now."""
        meeting = self._meeting
        assert meeting is not None
        meeting.clock += seconds
        return meeting

    def _next_turn(self) -> int:
        self._turn += 1
        return self._turn

    def _start_meeting(self, spec: Meeting | None, *, jumped: bool = False) -> None:
        """End the meeting under way (if any) and start the next. The meeting ended ends in
        an advance when the buyer committed to a next step in it, or when a jump the buyer
        passed leads straight into the new one (e.g. bringing in the decision-maker)."""
        previous = self._meeting
        if previous is not None:
            self._emit(
                MeetingEnded(
                    meeting=previous.number,
                    outcome="advance" if previous.next_step_agreed or jumped else "continuation",
                    next_step_agreed=previous.next_step_agreed,
                    clock=round(previous.clock, 2),
                    reason="new_meeting",
                )
            )
        number = previous.number + 1 if previous else 1
        title = self.scenario.text(spec.title, self.language) if spec and spec.title else None
        minutes = spec.minutes if spec and spec.minutes else self.model.meeting.minutes
        present = tuple(spec.present) if spec else ()
        self._meeting = _Meeting(number, title, minutes, present)
        self._emit(
            MeetingStarted(
                meeting=number,
                title=title,
                minutes=minutes,
                present=list(present),
                stage=self.cycle.state,
            )
        )

    def _enter(self, node_id: str, *, jumped: bool = False) -> None:
        """Go to a node (``jumped``: by a jump the buyer passed)."""
        node = self.scenario.node(node_id)
        self.node_id = node_id
        state = self._state
        stage_before = self.cycle.state
        if node.meeting is not None or self._meeting is None:
            self._start_meeting(node.meeting, jumped=jumped)
        self._apply(node.effects)
        revealed = [f for f in node.reveals if f not in state.facts]
        for fact in revealed:
            state.facts[fact] = False
        raised: dict[str, str] = {}
        for pain, need in node.pains.items():
            level = NEED_LEVELS.index(need)
            if level > state.needs[pain]:
                state.needs[pain] = level
                raised[pain] = need
        if node.advance:
            self._advance(node_id, "advance")
        if node.loop_back is not None:
            before = self.cycle.state
            moved = self.cycle.loop_back(node.loop_back)
            self._emit(
                LoopBack(
                    node=node_id,
                    stage_from=before,
                    stage_to=self.cycle.state,
                    applied=moved,
                )
            )
        state.visited.add(node_id)
        if node.speaker is not None:
            state.met.add(node.speaker)
        text = self.scenario.text(node.says, self.language)
        seconds = self._seconds(node.says, None)
        meeting = self._speak(seconds)
        turn = self._next_turn()
        speaker = self.person(node.speaker) if node.speaker else None
        self.line = Line(turn, text, seconds, speaker)
        self._emit(
            BuyerLine(
                turn=turn,
                node=node_id,
                speaker=node.speaker,
                role=speaker.role if speaker else None,
                text=text,
                seconds=seconds,
                clock=round(meeting.clock, 2),
                meeting=meeting.number,
                stage_before=stage_before,
                stage_after=self.cycle.state,
                reveals=revealed,
                pains=raised,
                cues=list(node.cues),
                objection=node.objection.type if node.objection else None,
            )
        )
        if self._time_is_up():
            return
        if node.end is not None:
            self._finish(node.end, "ending")
        elif node.goto is not None:
            self.status = Status.LISTENING
        else:
            self._offer(node)

    def _offer(self, node: Node) -> None:
        offered: list[tuple[int, Choice]] = []
        for i, choice in enumerate(node.choices or ()):
            if choice.once and self.scenario.choice_id(self.node_id, i) in self._state.used:
                continue
            cond = self.scenario.choice_requires(self.node_id, i)
            if cond is not None and not cond.holds(self):
                continue
            offered.append((i, choice))
        if self.choice_seed is not None and len(offered) > 1:
            # a string seed is hashed with SHA-512: the same order in every process, and a
            # restored snapshot shows the same order again (the turn is part of the seed)
            random.Random(f"{self.choice_seed}/{self._turn}/{self.node_id}").shuffle(offered)
        self._offered = offered
        if not offered:
            self._finish(None, "no_choices")
            return
        self.status = Status.CHOOSING

    def _take(self, number: int, index: int, choice: Choice, typed: TypedLine | None) -> None:
        sc = self.scenario
        choice_id = sc.choice_id(self.node_id, index)
        if choice.once:
            self._state.used.add(choice_id)
        self._apply(choice.effects)
        if choice.next_step is not None and choice.next_step.buyer_commits:
            assert self._meeting is not None
            self._meeting.next_step_agreed = True
        text = sc.text(choice.say, self.language)
        seconds = self._seconds(choice.say, choice.seconds)
        meeting = self._speak(seconds)
        turn = self._next_turn()
        self.line = Line(turn, text, seconds, None, trainee=True)
        self._offered = []
        lang = sc.language
        step = choice.next_step
        self._emit(
            TraineeMove(
                turn=turn,
                node=self.node_id,
                choice=choice_id,
                number=number,
                text=text,
                move=choice.move,
                spin=choice.spin,
                open=choice.open,
                picks_up=choice.picks_up,
                about=list(choice.about),
                in_return=choice.in_return.as_dict(lang) if choice.in_return else None,
                next_step=None
                if step is None
                else NextStepInfo(
                    action=step.action.as_dict(lang),
                    buyer_commits=step.buyer_commits,
                    dated=step.dated,
                    who=list(step.who),
                ),
                technique=choice.technique,
                flags=list(choice.flags),
                score=dict(choice.score) if choice.score else None,
                feedback=choice.feedback.as_dict(lang) if choice.feedback else None,
                seconds=seconds,
                clock=round(meeting.clock, 2),
                meeting=meeting.number,
                stage=self.cycle.state,
                typed=typed,
            )
        )
        if self._time_is_up():
            return
        if choice.move == "jump":
            passed = self._advance(self.node_id, "jump")
            target = choice.pass_ if passed else choice.fail
            assert target is not None
            self._enter(target, jumped=passed)
        elif choice.end is not None:
            self._finish(choice.end, "ending")
        else:
            assert choice.goto is not None
            self._enter(choice.goto)

    def _advance(self, node_id: str, via: str) -> bool:
        before = self.cycle.state
        if before == DECIDED:
            return False
        passed = self.cycle.try_advance()
        cond = self.scenario.gate(before)
        missing = self.scenario.gate_needs.missing(cond.source, self) if cond and not passed else []
        self._emit(
            Gate(
                node=node_id,
                via=via,
                stage_from=before,
                stage_to=self.cycle.state,
                passed=passed,
                requires=cond.source if cond else None,
                missing=missing,
            )
        )
        return passed

    def _time_is_up(self) -> bool:
        meeting = self._meeting
        assert meeting is not None
        if meeting.clock <= meeting.minutes * 60:
            return False
        self._finish(None, "time_up")
        return True

    def _finish(self, ending_id: str | None, reason: str) -> None:
        meeting = self._meeting
        assert meeting is not None
        lang = self.language
        if ending_id is not None:
            spec = self.model.endings[ending_id]
            outcome: str | None = spec.outcome
            text = self.scenario.text(spec.says, lang)
        elif reason == "quit":
            outcome, text = None, ""
        else:
            outcome = "advance" if meeting.next_step_agreed else "continuation"
            words = CLOSING_WORDS[reason]
            text = words.get(lang, words["en"])
        self.ending = EndingView(ending_id, outcome, text, reason)
        self.status = Status.ENDED
        self._offered = []
        self.ended_at = self._now()
        if reason != "quit":
            self._emit(
                MeetingEnded(
                    meeting=meeting.number,
                    outcome=outcome,
                    next_step_agreed=meeting.next_step_agreed,
                    clock=round(meeting.clock, 2),
                    reason=reason,
                )
            )
        self._emit(
            Ended(
                ending=ending_id,
                outcome=outcome,
                reason=reason,
                text=text,
                stage=self.cycle.state,
                meeting=meeting.number,
            )
        )


def _texts(scenario: Scenario, stage: str) -> dict[str, str]:
    """A stage's own title in each of the scenario's languages ({} when it has none)."""
    for spec in scenario.model.stages or ():
        if spec.id == stage and spec.title is not None:
            return spec.title.as_dict(scenario.language)
    return {}


_VISITED = re.compile(r"\bvisited\s*\.\s*([A-Za-z0-9_\-]+)")


def _watched_nodes(scenario: Scenario) -> frozenset[str]:
    """Nodes some condition of the scenario asks ``visited.X`` about."""
    compiled = scenario.compiled
    conditions = [*compiled.gates.values(), *compiled.choice_requires.values()]
    sources = [c.source for c in conditions if c is not None and "visited" in c.source]
    return frozenset(m.group(1) for src in sources for m in _VISITED.finditer(src))


#: a number as shown, a choice id, a choice id with the typed line it was matched from, or
#: None to quit
Pick = Callable[[Session], "int | str | tuple[str, TypedLine] | None"]


def drive(
    session: Session,
    pick: Pick,
    *,
    show: Callable[[Session], None] | None = None,
    limit: int | None = None,
) -> Session:
    """The one loop that plays a session to its end.

    ``pick`` answers each choice with a 1-based number as shown or a choice id (with the
    line the trainee typed, when matched from one), or None to quit; ``show`` (if given)
    sees the session at every stop: each line, each choice and the end; ``limit`` caps the
    choices taken (the session is then left waiting at its choice).
    Exceptions from ``pick`` or ``show`` propagate with the session where it was.
    """
    taken = 0
    while True:
        if show is not None:
            show(session)
        if session.status is Status.ENDED:
            break
        if session.status is Status.LISTENING:
            session.proceed()
            continue
        if limit is not None and taken >= limit:
            break
        answer = pick(session)
        if answer is None:
            session.quit()
            break
        if isinstance(answer, tuple):
            session.choose_id(answer[0], typed=answer[1])
        elif isinstance(answer, str):
            session.choose_id(answer)
        else:
            session.choose(answer)
        taken += 1
    return session


def replay(session: Session, answers: Sequence[int | str]) -> Session:
    """Drive ``session`` with ``answers`` in order (numbers as shown, or choice ids); it is
    left waiting at the next choice when they run out."""
    it: Iterator[int | str] = iter(answers)
    return drive(session, lambda _s: next(it), limit=len(answers))
