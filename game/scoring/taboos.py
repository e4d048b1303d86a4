"""Taboos (禁忌) and the trainer's own score adjustments.

A choice tagged with a taboo ``flag`` costs points on the dimension the rubric maps it to
(by default: assumes_need -> questioning; attack_competitor, internal_politics and
public_praise -> listening; overpromise -> next_step). Taboos always appear in the debrief.
A choice's ``score: {dimension: n}`` (the format's escape hatch) adds n to that dimension,
with the choice's ``feedback`` as the evidence.

Both are *adjustments*: rule results with ``max`` 0 whose points are added to the
dimension's 0-100 score after the rules are summed.
"""

from __future__ import annotations

from game.scoring.log import BuyerLine, Log
from game.scoring.report import Bilingual, Evidence, RuleResult
from game.scoring.rubric import RubricModel, SevereConfig
from game.scoring.tally import bi, move_name

TABOOS: dict[str, tuple[Bilingual, Bilingual]] = {
    "assumes_need": (
        bi("假设客户需求", "Assuming the need"),
        bi(
            "不要替客户下结论（“您肯定需要……”）；用提问让客户自己说出需求。",
            'Don\'t tell the buyer what they need ("you surely need ..."); ask, and let them '
            "say it.",
        ),
    ),
    "overpromise": (
        bi("过度承诺（大包大揽）", "Over-promising"),
        bi(
            "只承诺做得到的事；大包大揽、说到做不到，会毁掉客户的信任和后续推进。",
            "Promise only what you can deliver; promising everything and failing to deliver "
            "destroys trust and the next step with it.",
        ),
    ),
    "attack_competitor": (
        bi("攻击竞争对手", "Attacking a competitor"),
        bi(
            "不要直接贬低竞争对手；讲清自己的优势，让客户自己比较。",
            "Don't run down a competitor; make your own strengths clear and let the buyer compare.",
        ),
    ),
    "internal_politics": (
        bi("卷入客户内部矛盾", "Taking sides in internal politics"),
        bi(
            "不要在客户内部的分歧中站队；倾听各方，找到共同利益。",
            "Don't take sides in the customer's internal conflicts; listen to every side and "
            "find the shared interest.",
        ),
    ),
    "public_praise": (
        bi("当众评价客户", "Praising or judging the customer in public"),
        bi(
            "不要当众夸奖或评判客户的人和事；私下表达认可，公开场合保持专业。",
            "Don't praise or judge the customer's people in public; give recognition in "
            "private and stay professional in the room.",
        ),
    ),
}

SOURCE = (
    "The training material's taboos (禁忌) in key-account selling, as docs/scoring.md, "
    "Taboos, describes them: the project's own list"
)
TRAINER = "trainer's score on the choice (scenario format: score)"
TRAINER_TITLE = bi("培训师评分", "Trainer's score")


def taboo_rule(log: Log, flag: str, dimension: str, penalty: float) -> RuleResult:
    """T-<flag>: each choice tagged with this taboo costs ``penalty`` points on ``dimension``.

    Why: the training material lists the mistakes trainers most want caught; they are shown in every
    debrief where they happen, whatever else the trainee scored.
    """
    title, message = TABOOS[flag]
    hits = [m for m in log.moves if flag in m.flags]
    evidence = tuple(
        Evidence(
            m.turn,
            m.text,
            bi(
                f"第{m.turn}轮触犯禁忌：{title['zh']}。",
                f"Turn {m.turn} broke a taboo: {title['en'].lower()}.",
            ),
            -penalty,
        )
        for m in hits
    )
    return RuleResult(
        id=f"T-{flag}",
        dimension=dimension,
        title=title,
        source=SOURCE,
        points=round(-penalty * len(hits), 2) + 0.0,
        max=0.0,
        evidence=evidence,
        message=message,
        kind="taboo",
    )


def taboo_rules(log: Log, rubric: RubricModel) -> list[RuleResult]:
    """One result per taboo flag (0 points when clean), in the rubric's dimensions."""
    cfg = rubric.taboos
    return [
        taboo_rule(log, flag, getattr(cfg, flag).dimension, getattr(cfg, flag).penalty)
        for flag in TABOOS
    ]


def trainer_adjustments(log: Log, dimension: str) -> RuleResult | None:
    """S-trainer: the sum of the choices' ``score`` for ``dimension``, or None if none set one.

    Why: the format lets a trainer reward or punish a choice the rules cannot see; the
    choice's feedback explains it in the debrief.
    """
    hits = [m for m in log.moves if m.score and dimension in m.score]
    if not hits:
        return None
    evidence = tuple(
        Evidence(
            m.turn,
            m.text,
            m.feedback or bi("培训师对这一步的评分。", "The trainer's score on this choice."),
            float(m.score[dimension]) if m.score else 0.0,
        )
        for m in hits
    )
    total = sum(e.points for e in evidence)
    return RuleResult(
        id="S-trainer",
        dimension=dimension,
        title=TRAINER_TITLE,
        source=TRAINER,
        points=round(total, 2),
        max=0.0,
        evidence=evidence,
        message=bi(
            "见培训师对这一步的点评。",
            "See the trainer's note on this choice.",
        ),
        kind="trainer",
    )


PRESSURE_WORDS = {"assumptive": "假定成交", "alternative": "二选一", "urgency": "限时施压"}


def severe_acts(log: Log, cfg: SevereConfig) -> tuple[Evidence, ...]:
    """The turns with a severe mistake, in turn order, each costing ``cfg.penalty`` overall
    points (a turn with several counts once, naming each): a taboo in ``cfg.flags``
    (over-promising, attacking a competitor), a pressure close, a discount with nothing in
    return, an objection met with a pitch, a price or a close.

    Why: these are the moves that lose large sales outright (pressure closes: Rackham, SPIN
    Selling, ch. "Obtaining Commitment"; objections come from pitching and pricing before the
    need, ch. "Preventing Objections"; a concession for nothing raises the next demand), so
    no other strength may outweigh them: they cap the overall below the pass mark.
    """
    found: list[Evidence] = []
    objection: BuyerLine | None = None
    for turn in log.turns:
        if isinstance(turn, BuyerLine):
            objection = turn if turn.objection else None
            continue
        m = turn
        why: list[Bilingual] = []
        for flag in cfg.flags:
            if flag in m.flags:
                title = TABOOS[flag][0]
                why.append(bi(title["zh"], title["en"].lower()))
        if m.move == "close" and m.technique in cfg.pressure_techniques:
            kind = PRESSURE_WORDS.get(m.technique, m.technique)
            why.append(bi(f"施压式成交（{kind}）", f"a pressure close ({m.technique})"))
        if cfg.free_discount and m.move == "discount" and not m.in_return:
            why.append(bi("无条件让步", "a discount with nothing in return"))
        if objection is not None and m.move in cfg.objection_answers:
            why.append(
                bi(
                    f"用{move_name(m.move, 'zh')}回应客户的异议",
                    f"an objection met with a {move_name(m.move, 'en')}",
                )
            )
        objection = None
        if why:
            found.append(
                Evidence(
                    m.turn,
                    m.text,
                    bi(
                        f"第{m.turn}轮严重失误：{'；'.join(w['zh'] for w in why)}。",
                        f"Turn {m.turn}, a severe mistake: {'; '.join(w['en'] for w in why)}.",
                    ),
                    -float(cfg.penalty),
                )
            )
    return tuple(found)
