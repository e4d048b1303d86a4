"""Building one rule's result so that every point lost is pinned to a turn.

A rule adds *items* (a share of the rule with a credit from 0 to 1: a pain, a cue, a
meeting ...) and *penalties* (a fraction of the rule taken off for one moment: a discount
with nothing in return, a question about a fact already known ...). The rule's points are
``max * max(0, sum(share * credit) - sum(penalties))``, and the evidence carries each
item's and penalty's points, so the negative evidence always adds up to ``points - max``.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.scoring.report import Bilingual, Evidence, RuleResult


def bi(zh: str, en: str) -> Bilingual:
    return {"zh": zh, "en": en}


@dataclass(frozen=True)
class RuleInfo:
    """What a rule is: its id, dimension, title, source and coaching message."""

    id: str
    dimension: str
    title: Bilingual
    source: str
    message: Bilingual


def not_assessed(info: RuleInfo, max_points: float, reason: Bilingual) -> RuleResult:
    return RuleResult(
        id=info.id,
        dimension=info.dimension,
        title=info.title,
        source=info.source,
        points=None,
        max=round(max_points, 2),
        evidence=(),
        message=info.message,
        not_assessed=reason,
    )


@dataclass
class _Entry:
    turn: int | None
    text: str
    note: Bilingual
    share: float
    credit: float
    penalty: float
    anchor: bool = False


class Tally:
    """Collects one rule's items and penalties, then sums them into a RuleResult."""

    def __init__(self, info: RuleInfo, max_points: float) -> None:
        self.info = info
        self.max = max_points
        self.entries: list[_Entry] = []

    def item(
        self,
        turn: int | None,
        text: str,
        note: Bilingual,
        *,
        credit: float,
        share: float,
        anchor: bool = False,
    ) -> None:
        """A part of the rule worth ``share`` of it, earning ``credit`` (0-1) of that share;
        ``anchor``: the turn only says when, the move there is not what was judged."""
        credit = min(1.0, max(0.0, credit))
        self.entries.append(_Entry(turn, text, note, share, credit, 0.0, anchor))

    def penalty(self, turn: int | None, text: str, note: Bilingual, amount: float) -> None:
        """A moment that takes ``amount`` (a fraction of the rule's maximum) off."""
        self.entries.append(_Entry(turn, text, note, 0.0, 0.0, max(0.0, amount)))

    def result(self) -> RuleResult:
        gross = sum(e.share * e.credit for e in self.entries)
        taken = sum(e.penalty for e in self.entries)
        scale = min(1.0, gross / taken) if taken > 0 else 1.0  # penalties cannot go below 0
        net = max(0.0, gross - taken)
        evidence = []
        for e in self.entries:
            if e.penalty > 0:
                points = -self.max * e.penalty * scale
            elif e.credit < 1:
                points = -self.max * e.share * (1 - e.credit)
            else:
                points = self.max * e.share
            evidence.append(Evidence(e.turn, e.text, e.note, round(points, 2), e.anchor))
        points = round(self.max * min(1.0, net), 2)
        evidence = _balanced(evidence, round(points - self.max, 2))
        return RuleResult(
            id=self.info.id,
            dimension=self.info.dimension,
            title=self.info.title,
            source=self.info.source,
            points=points,
            max=round(self.max, 2),
            evidence=tuple(evidence),
            message=self.info.message,
        )


def _balanced(evidence: list[Evidence], lost: float) -> list[Evidence]:
    """Make the rounded losses add up to exactly what the rule lost: the rounding remainder
    goes to the largest loss."""
    losses = [i for i, e in enumerate(evidence) if e.points < 0]
    if not losses:
        return evidence
    remainder = round(lost - sum(evidence[i].points for i in losses), 2)
    if remainder:
        i = min(losses, key=lambda i: (evidence[i].points, i))
        e = evidence[i]
        evidence[i] = Evidence(e.turn, e.text, e.note, round(e.points + remainder, 2), e.anchor)
    return evidence


def linear(value: float, full: float, zero: float) -> float:
    """1 at or below ``full``, 0 at or above ``zero``, a straight line between."""
    if value <= full:
        return 1.0
    if value >= zero:
        return 0.0
    return (zero - value) / (zero - full)


def fmt(number: float) -> str:
    """A number as a trainee reads it: 5.5 stays, 6.0 shows as 6."""
    rounded = round(number, 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


#: Move names as a trainee reads them.
MOVES: dict[str, Bilingual] = {
    "question": bi("提问", "question"),
    "verify": bi("确认需求", "verify"),
    "acknowledge": bi("认同", "acknowledge"),
    "present": bi("介绍产品", "present"),
    "price": bi("报价", "price"),
    "discount": bi("让步降价", "discount"),
    "jump": bi("试探推进", "jump"),
    "next_step": bi("提出下一步", "next step"),
    "close": bi("要求成交", "close"),
    "small_talk": bi("闲聊", "small talk"),
    "other": bi("其他", "other"),
}


def move_name(move: str, lang: str) -> str:
    return MOVES.get(move, {}).get(lang, move)
