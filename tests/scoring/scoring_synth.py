"""Synthetic session records for rule tests: write the log a session would, line by line.

Each call appends the events the engine would, built with the record's own typed classes
(``game.record``: ``SessionStarted(...).to_dict()`` ...), so a synthetic record has exactly
the shape of a real one and cannot drift from it; a rule test reads like the conversation
it judges:

    s = Synth()
    s.buyer("Our lines stop every week.", cues=["downtime"], pains={"downtime": "implied"})
    s.say("question", "What happens then?", spin="problem", picks_up="downtime")
    s.end("advance")
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from game.record import (
    BuyerLine,
    Ended,
    Event,
    FactInfo,
    Gate,
    MeetingEnded,
    MeetingStarted,
    NextStepInfo,
    PainInfo,
    SessionStarted,
    StakeholderInfo,
    TraineeMove,
)

STAGES = ["discover", "analyze", "prioritize", "evaluate_solutions", "evaluate_vendors", "select"]


class Synth:
    def __init__(
        self,
        *,
        pains: dict[str, str] | None = None,
        facts: dict[str, dict[str, Any]] | None = None,
        stakeholders: dict[str, str] | None = None,
        stages: list[str] | None = None,
        minutes: int = 30,
        rubric: dict[str, Any] | None = None,
    ) -> None:
        self.stages = stages or list(STAGES)
        self.stage = self.stages[0]
        self.turn = 0
        self.clock = 0.0
        self.meeting = 0
        self.agreed = False
        self.events: list[dict[str, Any]] = []
        people = stakeholders or {"li": "user", "boss": "economic_buyer"}
        self._add(
            SessionStarted(
                scenario="synth",
                language="en",
                stages=self.stages,
                gates=dict.fromkeys(self.stages, False),
                stakeholders={sid: StakeholderInfo(role=role) for sid, role in people.items()},
                pains={
                    p: PainInfo(owner=o)
                    for p, o in (pains if pains is not None else {"downtime": "li"}).items()
                },
                facts={f: FactInfo(**info) for f, info in (facts or {}).items()},
                meeting_minutes=minutes,
                rubric=rubric,
                title={"en": "Synthetic"},
            )
        )
        self.start_meeting(minutes)

    def _add(self, event: Event) -> None:
        self.events.append(event.to_dict())

    def start_meeting(self, minutes: int = 30, present: list[str] | None = None) -> Synth:
        if self.meeting:
            self._add(
                MeetingEnded(
                    meeting=self.meeting,
                    outcome="advance" if self.agreed else "continuation",
                    next_step_agreed=self.agreed,
                    clock=round(self.clock, 2),
                    reason="new_meeting",
                )
            )
        self.meeting += 1
        self.clock = 0.0
        self.agreed = False
        self._add(
            MeetingStarted(
                meeting=self.meeting,
                title=None,
                minutes=minutes,
                present=present or [],
                stage=self.stage,
            )
        )
        return self

    def advance(self, to: str | None = None) -> Synth:
        """The buyer moves to the next stage (or ``to``) before the next line."""
        before = self.stage
        self.stage = to or self.stages[self.stages.index(self.stage) + 1]
        self._add(
            Gate(
                node="n",
                via="advance",
                stage_from=before,
                stage_to=self.stage,
                passed=True,
                requires=None,
            )
        )
        return self

    def buyer(
        self,
        text: str = "I see.",
        *,
        seconds: float = 5.0,
        speaker: str | None = "li",
        role: str | None = None,
        node: str | None = None,
        pains: dict[str, str] | None = None,
        cues: list[str] | None = None,
        reveals: list[str] | None = None,
        objection: str | None = None,
    ) -> int:
        self.turn += 1
        self.clock += seconds
        self._add(  # validated from a dict: the need states arrive as plain strings
            BuyerLine.model_validate(
                {
                    "turn": self.turn,
                    "node": node or f"n{self.turn}",
                    "speaker": speaker,
                    "role": role,
                    "text": text,
                    "seconds": seconds,
                    "clock": round(self.clock, 2),
                    "meeting": self.meeting,
                    "stage_before": self.stage,
                    "stage_after": self.stage,
                    "reveals": reveals or [],
                    "pains": pains or {},
                    "cues": cues or [],
                    "objection": objection,
                }
            )
        )
        return self.turn

    def say(
        self,
        move: str,
        text: str = "...",
        *,
        seconds: float = 5.0,
        spin: str | None = None,
        open: bool | None = None,
        picks_up: str | None = None,
        about: list[str] | None = None,
        in_return: str | None = None,
        next_step: dict[str, Any] | None = None,
        technique: str | None = None,
        flags: list[str] | None = None,
        score: dict[str, int] | None = None,
        feedback: str | None = None,
        choice: str | None = None,
    ) -> int:
        self.turn += 1
        self.clock += seconds
        step = None
        if next_step is not None:
            step = NextStepInfo(
                action={"en": next_step.get("action", "meet")},
                buyer_commits=next_step.get("buyer_commits", False),
                dated=next_step.get("dated", False),
                who=next_step.get("who", []),
            )
            if step.buyer_commits:
                self.agreed = True
        self._add(
            TraineeMove(
                turn=self.turn,
                node=f"n{self.turn}",
                choice=choice or f"c{self.turn}",
                number=1,
                text=text,
                move=move,
                spin=spin,
                open=open,
                picks_up=picks_up,
                about=about or [],
                in_return={"en": in_return} if in_return else None,
                next_step=step,
                technique=technique,
                flags=flags or [],
                score=score,
                feedback={"en": feedback} if feedback else None,
                seconds=seconds,
                clock=round(self.clock, 2),
                meeting=self.meeting,
                stage=self.stage,
            )
        )
        return self.turn

    def end(self, outcome: str | None = None, reason: str = "ending") -> dict[str, Any]:
        """Finish (``reason`` 'quit' leaves the meeting open, as the engine does)."""
        if reason != "quit":
            if outcome is None:
                outcome = "advance" if self.agreed else "continuation"
            self._add(
                MeetingEnded(
                    meeting=self.meeting,
                    outcome=outcome,
                    next_step_agreed=self.agreed,
                    clock=round(self.clock, 2),
                    reason=reason,
                )
            )
        self._add(
            Ended(
                ending=None,
                outcome=outcome if reason != "quit" else None,
                reason=reason,
                text="",
                stage=self.stage,
                meeting=self.meeting,
            )
        )
        return self.record()

    def record(self) -> dict[str, Any]:
        return {"schema_version": 1, "language": "en", "events": list(self.events)}


def play_path(path: str | Path, choices: list[int], lang: str | None = None) -> dict[str, Any]:
    """Play a scenario by choice numbers (as shown, 1-based) and return the record."""
    from game.engine.scenario import load_scenario
    from game.engine.session import Session, drive

    answers = iter(choices)
    session = drive(Session(load_scenario(path), language=lang), lambda _s: next(answers, None))
    return session.record()
