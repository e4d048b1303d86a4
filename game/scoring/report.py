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

    def to_dict(self) -> dict[str, Any]:
        return {"turn": self.turn, "text": self.text, "note": self.note, "points": self.points}


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
        }


@dataclass(frozen=True)
class DimensionScore:
    """A dimension 0-100, or None ("not assessed") with the reason why."""

    dimension: str
    score: float | None
    tier: str | None  # excellent, proficient, developing, needs_work
    rules: tuple[RuleResult, ...]
    not_assessed: Bilingual | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "tier": self.tier,
            "rules": [r.to_dict() for r in self.rules],
            "not_assessed": self.not_assessed,
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "turn": self.turn,
            "dimension": self.dimension,
            "rule": self.rule,
            "lost": self.lost,
            "text": self.text,
            "advice": self.advice,
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

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {d: s.to_dict() for d, s in self.dimensions.items()}
        data.update(
            overall=self.overall,
            tier=self.tier,
            passed=self.passed,
            rubric=self.rubric,
            moments=[m.to_dict() for m in self.moments],
        )
        return data
