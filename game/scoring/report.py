"""What scoring returns: four dimensions of cited rule results, and the moments that cost most.

These types are the contract between scoring and everything that shows a score (terminal
debrief, the game's debrief screen, records, reports). Every number carries its evidence:
the turn, the words said there, and why it earned or cost points, in Chinese and English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DIMENSIONS: tuple[str, ...] = ("questioning", "listening", "pricing_timing", "next_step")

#: A text in both product languages: {"zh": "...", "en": "..."}.
Bilingual = dict[str, str]


def pick(text: Bilingual | None, lang: str) -> str:
    """The text in ``lang``, else English, else any; "" for None."""
    if not text:
        return ""
    return text.get(lang) or text.get("en") or next(iter(text.values()))


@dataclass(frozen=True)
class Evidence:
    """One moment a rule looked at: the turn, the words said there, and what it meant."""

    turn: int | None
    text: str
    note: Bilingual
    points: float = 0.0  # what this moment added (+) or cost (-), in the rule's points
    #: True when the turn only marks *when* (e.g. the end of a meeting that had too few
    #: questions), not a move that was itself judged: its feedback is not about this rule.
    anchor: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "turn": self.turn,
            "text": self.text,
            "note": self.note,
            "points": self.points,
            "anchor": self.anchor,
        }


@dataclass(frozen=True)
class RuleResult:
    """One rule's verdict. ``points`` is None when the rule had nothing to judge."""

    id: str  # "Q1", "L3", "P2", "N1", "T-overpromise" ...
    dimension: str
    title: Bilingual
    source: str
    points: float | None
    max: float
    evidence: tuple[Evidence, ...]
    message: Bilingual  # coaching: what a strong seller would do
    not_assessed: Bilingual | None = None  # why the rule did not apply
    #: "rule" (points out of ``max``), or an adjustment added to the dimension's 0-100
    #: score: "taboo" (a flag, ``max`` 0, points <= 0) or "trainer" (a choice's ``score``).
    kind: str = "rule"

    @property
    def assessed(self) -> bool:
        return self.points is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "points": self.points,
            "max": self.max,
            "evidence": [e.to_dict() for e in self.evidence],
            "message": self.message,
            "not_assessed": self.not_assessed,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class DimensionScore:
    """A dimension 0-100, or None ("not assessed") with the reason why."""

    dimension: str
    score: float | None
    tier: str | None  # excellent, proficient, developing, needs_work
    rules: tuple[RuleResult, ...]
    not_assessed: Bilingual | None = None
    weight: float = 0.0  # the dimension's weight in the overall score

    @property
    def assessed(self) -> bool:
        return self.score is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "tier": self.tier,
            "rules": [r.to_dict() for r in self.rules],
            "not_assessed": self.not_assessed,
            "weight": self.weight,
        }


@dataclass(frozen=True)
class Moment:
    """A turn that cost points, with what to do instead (the scenario's feedback or the rule's)."""

    turn: int | None
    dimension: str
    rule: str
    lost: float  # points lost on the dimension's 0-100 scale
    text: str  # the trainee's words (or the buyer's line) at that turn
    advice: Bilingual
    note: Bilingual | None = None  # what happened there (the rule's evidence note)
    coaching: Bilingual | None = None  # the rule's coaching message
    feedback: Bilingual | None = None  # the trainer's feedback on the choice at that turn

    def to_dict(self) -> dict[str, Any]:
        return {
            "turn": self.turn,
            "dimension": self.dimension,
            "rule": self.rule,
            "lost": self.lost,
            "text": self.text,
            "advice": self.advice,
            "note": self.note,
            "coaching": self.coaching,
            "feedback": self.feedback,
        }


@dataclass(frozen=True)
class ScoreReport:
    """The whole verdict on a session, as stored under ``scores`` in the record."""

    dimensions: dict[str, DimensionScore]
    overall: float | None
    tier: str | None
    passed: bool
    rubric: dict[str, Any]  # {"version": ..., "sha256": ...}
    moments: tuple[Moment, ...] = field(default=())  # most costly first
    #: True when the session was quit (or is still running): scored on what happened.
    partial: bool = False
    #: Why the session did not pass (empty when it passed), most important first.
    fail_reasons: tuple[Bilingual, ...] = ()
    #: The rubric's marks, for charts that draw the pass line: overall and per dimension.
    pass_mark: float | None = None
    dimension_floor: float | None = None
    #: The weighted mean of the dimensions, before the outcome, severe mistakes and caps.
    conduct: float | None = None
    #: Where the deal ended, as overall points (None: the session was quit early).
    outcome: Evidence | None = None
    #: The severe mistakes, in turn order, each as overall points: they lead the debrief.
    severe: tuple[Evidence, ...] = ()
    #: The highest overall allowed (severe mistakes, a stalled or lost deal), and why.
    cap: float | None = None
    cap_reason: Bilingual | None = None

    @property
    def taboos(self) -> tuple[tuple[RuleResult, Evidence], ...]:
        """Every taboo broken, with its moment, in turn order: the debrief always shows them."""
        found = [
            (rule, e)
            for dim in self.dimensions.values()
            for rule in dim.rules
            if rule.kind == "taboo"
            for e in rule.evidence
        ]
        return tuple(sorted(found, key=lambda pair: (pair[1].turn or 0, pair[0].id)))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {d: s.to_dict() for d, s in self.dimensions.items()}
        data.update(
            overall=self.overall,
            tier=self.tier,
            passed=self.passed,
            rubric=self.rubric,
            moments=[m.to_dict() for m in self.moments],
            partial=self.partial,
            fail_reasons=list(self.fail_reasons),
            pass_mark=self.pass_mark,
            dimension_floor=self.dimension_floor,
            conduct=self.conduct,
            outcome=None if self.outcome is None else self.outcome.to_dict(),
            severe=[e.to_dict() for e in self.severe],
            cap=self.cap,
            cap_reason=self.cap_reason,
        )
        return data


def report_from_dict(data: dict[str, Any]) -> ScoreReport:
    """The ScoreReport a record stores under ``scores`` (``ScoreReport.to_dict``), back as
    objects: reports show the debrief a session was given without scoring it again. Raises
    KeyError, TypeError or ValueError for scores that are not in that shape."""

    def evidence(e: dict[str, Any]) -> Evidence:
        return Evidence(e["turn"], str(e["text"]), e["note"], float(e["points"]), bool(e["anchor"]))

    def rule(r: dict[str, Any], dimension: str) -> RuleResult:
        return RuleResult(
            id=str(r["id"]),
            dimension=dimension,
            title=r["title"],
            source=str(r["source"]),
            points=None if r["points"] is None else float(r["points"]),
            max=float(r["max"]),
            evidence=tuple(evidence(e) for e in r["evidence"]),
            message=r["message"],
            not_assessed=r.get("not_assessed"),
            kind=str(r.get("kind") or "rule"),
        )

    dimensions = {
        d: DimensionScore(
            dimension=d,
            score=data[d]["score"],
            tier=data[d]["tier"],
            rules=tuple(rule(r, d) for r in data[d]["rules"]),
            not_assessed=data[d].get("not_assessed"),
            weight=float(data[d].get("weight") or 0.0),
        )
        for d in DIMENSIONS
    }
    outcome = data.get("outcome")
    return ScoreReport(
        dimensions=dimensions,
        overall=data["overall"],
        tier=data["tier"],
        passed=bool(data["passed"]),
        rubric=dict(data["rubric"]),
        moments=tuple(Moment(**m) for m in data.get("moments", [])),
        partial=bool(data.get("partial", False)),
        fail_reasons=tuple(data.get("fail_reasons", [])),
        pass_mark=data.get("pass_mark"),
        dimension_floor=data.get("dimension_floor"),
        conduct=data.get("conduct"),
        outcome=None if outcome is None else evidence(outcome),
        severe=tuple(evidence(e) for e in data.get("severe", [])),
        cap=data.get("cap"),
        cap_reason=data.get("cap_reason"),
    )
