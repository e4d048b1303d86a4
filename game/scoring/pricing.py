"""Pricing timing (报价时机): value before price, the right phase, give-get concessions.

Rules P1-P5, one function each, pure over the event log. A session that never talks price
is judged on the discipline it showed (no early price, no free concession, no price
objection provoked), so a proper give-get never scores lower than staying silent on price.
"""

from __future__ import annotations

from game.scoring.log import Log, TraineeMove
from game.scoring.report import Bilingual, RuleResult
from game.scoring.rubric import P1Config, P2Config, P3Config, P4Config, P5Config, RubricModel
from game.scoring.tally import RuleInfo, Tally, bi, fmt, not_assessed

DIMENSION = "pricing_timing"
PRICE_MOVES = ("price", "discount")

NEVER_PRICED = bi(
    "本次会谈没有谈到价格（你没有报价或让步），没有可判断的内容。",
    "Price never came up (you made no quote or concession), so there was nothing to judge.",
)

P1 = RuleInfo(
    "P1",
    DIMENSION,
    bi("先价值后价格", "Value before price"),
    'Rackham, SPIN Selling (1988), ch. "Preventing Objections" ("Features and Price '
    'Concerns"): price concerns come from presenting before the need is developed; the '
    "training material: quote once the need is stated (docs/scoring.md, Pricing timing)",
    bi(
        "在客户明确说出需求、认可价值之前不要报价；客户先问价格时，说明价格取决于方案，"
        "再继续了解需求。",
        "Don't quote before the buyer has stated a need and sees the value; if asked early, "
        "explain that the price depends on the solution and keep exploring the need.",
    ),
)
P2 = RuleInfo(
    "P2",
    DIMENSION,
    bi("报价时机", "Price in the right phase"),
    "Rackham, Major Account Sales Strategy (1989): the buying cycle, with price and risk "
    "weighed late; the phase credits are the project's own, as no study gives a moment to "
    "quote (docs/scoring.md, Pricing timing)",
    bi(
        "把报价留到客户评估卖方、准备选择的阶段：这时报价直接转向签约，议价空间最小。",
        "Keep the quote for when the buyer is evaluating vendors and about to choose: a quote "
        "that turns straight into signing leaves little room to haggle.",
    ),
)
P3 = RuleInfo(
    "P3",
    DIMENSION,
    bi("让步要有交换", "Give-get concessions"),
    "The training material's give-get rule: trade every concession for something and pace "
    "them; the penalties are the project's own (docs/scoring.md, Pricing timing)",
    bi(
        "每次让步都要换回对等的东西（订量、合同期、签约承诺），不要连续让步，也不要一次让太多。",
        "Trade every concession for something of equal value (volume, term, a signed "
        "commitment); don't give concessions back to back, and don't give too much.",
    ),
)
P4 = RuleInfo(
    "P4",
    DIMENSION,
    bi("避免引发价格异议", "Don't provoke price objections"),
    'Rackham, SPIN Selling (1988), ch. "Preventing Objections": objections are mostly caused '
    "by the seller presenting capabilities and price too early",
    bi(
        "价格异议往往是自己过早报价或过早介绍产品引起的：先把需求和价值谈透，异议自然会少。",
        "Price objections are often caused by quoting or pitching too early: build the need "
        "and the value first and fewer objections come.",
    ),
)


P5 = RuleInfo(
    "P5",
    DIMENSION,
    bi("报价前先摸清预算和决策流程", "Qualify before quoting"),
    "MEDDIC (PTC, 1990s; Dunkel and Napoli): know the economic buyer, the decision criteria "
    "and the decision process; Miller and Heiman, Strategic Selling: who releases the money. "
    "That budget and process come before the quote is the project's own rule (docs/scoring.md)",
    bi(
        "报价之前先弄清预算（有多少钱、谁批）和决策流程（谁参与、怎么定、什么时候定）；"
        "否则报价不是太高就是太低，也不知道该跟谁谈。",
        "Before you quote, find out the budget (how much, who approves it) and the decision "
        "process (who is involved, how and when they decide); otherwise the quote misses and "
        "you don't know whom to negotiate with.",
    ),
)


def _priced(log: Log) -> list[TraineeMove]:
    return [m for m in log.moves if m.move in PRICE_MOVES]


def phase_credit(log: Log, cfg: P2Config, stage: str) -> float:
    """The rubric's credit for quoting in ``stage``; for a stage it does not name, by position
    (the last two stages of the cycle and ``decided`` full, the first none)."""
    if stage in cfg.phase_credit:
        return cfg.phase_credit[stage]
    cycle = list(log.start.stages)
    if stage not in cycle:
        return 1.0
    return min(1.0, cycle.index(stage) / max(1, len(cycle) - 2))


def _before_value(log: Log, move: TraineeMove) -> bool:
    first = log.first_explicit()
    return first is None or move.turn < first


def p1_value_before_price(log: Log, cfg: P1Config) -> RuleResult:
    """P1: no trainee ``price`` or ``discount`` before any pain is explicit (0 if there is one).

    Why: a price before the buyer has stated a need reveals the floor and makes the offer a
    commodity (docs/scoring.md). The format has no tag for "the buyer asked for the price", so
    every price move counts: answering an early "how much?" with a question is the skill.
    """
    priced = _priced(log)
    tally = Tally(P1, cfg.weight)
    early = [m for m in priced if _before_value(log, m)]
    if not priced:
        tally.item(
            None,
            "",
            bi(
                "你没有在客户明确需求之前谈价格。",
                "You did not talk price before the buyer had stated a need.",
            ),
            credit=1.0,
            share=1.0,
        )
    elif early:
        m = early[0]
        tally.item(
            m.turn,
            m.text,
            bi(
                f"第{m.turn}轮你在客户还没有明确任何需求时就谈了价格。",
                f"At turn {m.turn} you talked price before the buyer had stated any explicit need.",
            ),
            credit=0.0,
            share=1.0,
        )
    else:
        m = priced[0]
        tally.item(
            m.turn,
            m.text,
            bi(
                f"第{m.turn}轮报价时，客户已经明确了需求。",
                f"When you first talked price (turn {m.turn}) the buyer had already stated a need.",
            ),
            credit=1.0,
            share=1.0,
        )
    return tally.result()


def _stage_word(stage: str) -> Bilingual:
    from game.engine.labels import STAGES

    return STAGES.get(stage, {"zh": stage, "en": stage})


def p2_phase_fit(log: Log, cfg: P2Config) -> RuleResult:
    """P2: the earliest-phase price or discount, by the buyer's stage at that moment
    (discover/analyze none ... evaluate_vendors/select full; see ``phase_credit``).

    Why: the best moment to quote is after the needs are agreed, just before the decision
    (docs/scoring.md); the buyer's stage in the cycle says how far that is.
    """
    priced = _priced(log)
    if not priced:
        return not_assessed(P2, cfg.weight, NEVER_PRICED)
    worst = min(priced, key=lambda m: (phase_credit(log, cfg, m.stage), m.turn))
    credit = phase_credit(log, cfg, worst.stage)
    stage = _stage_word(worst.stage)
    tally = Tally(P2, cfg.weight)
    if credit >= 1:
        note = bi(
            f"你在「{stage['zh']}」阶段才谈价格，时机合适。",
            f"You talked price only once the buyer was at '{stage['en']}': the right moment.",
        )
    else:
        note = bi(
            f"第{worst.turn}轮你在「{stage['zh']}」阶段就谈了价格，太早了"
            f"（该阶段得分{fmt(credit * 100)}%）。",
            f"At turn {worst.turn} you talked price while the buyer was still at "
            f"'{stage['en']}': too early (worth {fmt(credit * 100)}% there).",
        )
    tally.item(worst.turn, worst.text, note, credit=credit, share=1.0)
    return tally.result()


def p3_give_get(log: Log, cfg: P3Config) -> RuleResult:
    """P3: every ``discount`` asks for something ``in_return``; back-to-back discounts cost more.

    Why: a concession given for nothing raises the buyer's next demand and cheapens the
    offer; pace concessions and trade each one (give-get, docs/scoring.md).
    """
    discounts = [m for m in log.moves if m.move == "discount"]
    tally = Tally(P3, cfg.weight)
    tally.item(
        None,
        "",
        bi(
            f"你一共让步{len(discounts)}次。",
            f"You made {len(discounts)} concession{'s' * (len(discounts) != 1)}.",
        ),
        credit=1.0,
        share=1.0,
    )
    moves = log.moves
    for index, m in enumerate(moves):
        if m.move != "discount":
            continue
        if not m.in_return:
            tally.penalty(
                m.turn,
                m.text,
                bi(
                    f"第{m.turn}轮你让了步，却没有要求客户给出任何回报。",
                    f"At turn {m.turn} you gave a concession and asked nothing in return.",
                ),
                cfg.no_return_penalty,
            )
        if index > 0 and moves[index - 1].move == "discount":
            tally.penalty(
                m.turn,
                m.text,
                bi(
                    f"第{m.turn}轮的让步紧跟在上一次让步之后，让步节奏太快。",
                    f"The concession at turn {m.turn} came right after another one: too fast.",
                ),
                cfg.in_a_row_penalty,
            )
    return tally.result()


def p4_provoked_objections(log: Log, cfg: P4Config, phases: P2Config) -> RuleResult:
    """P4: a buyer price objection within ``window`` trainee turns after an early price
    (before any explicit need, or in a phase not worth full P2 credit) or an early present
    (before any explicit need) costs ``provoked_penalty``.

    Why: early prices and pitches hand the buyer reasons to haggle (docs/scoring.md).
    """
    objections = [line for line in log.lines if line.objection == "price"]
    tally = Tally(P4, cfg.weight)
    tally.item(
        None,
        "",
        bi(
            f"客户提出价格异议{len(objections)}次。",
            f"The buyer raised {len(objections)} price objection{'s' * (len(objections) != 1)}.",
        ),
        credit=1.0,
        share=1.0,
    )
    blamed: set[int] = set()
    for line in objections:
        before = log.trainee_turns_before(line.turn, cfg.window)
        cause = next(
            (
                m
                for m in reversed(before)
                if (
                    m.move in PRICE_MOVES
                    and (_before_value(log, m) or phase_credit(log, phases, m.stage) < 1)
                )
                or (m.move == "present" and _before_value(log, m))
            ),
            None,
        )
        if cause is None or cause.turn in blamed:
            continue
        blamed.add(cause.turn)
        tally.penalty(
            cause.turn,
            cause.text,
            bi(
                f"第{cause.turn}轮过早的报价或产品介绍，引出了客户第{line.turn}轮的价格异议。",
                f"Your early price or pitch at turn {cause.turn} drew the buyer's price "
                f"objection at turn {line.turn}.",
            ),
            cfg.provoked_penalty,
        )
    return tally.result()


def p5_qualify_before_price(log: Log, cfg: P5Config) -> RuleResult:
    """P5: when the trainee first talks price, a fact of each kind in ``kinds`` (budget and
    decision process by default) is already known, from the briefing or the buyer; each kind
    is an equal share. Kinds the scenario has no fact of are not judged.

    Why: a quote made without knowing the budget or how the decision is made is a guess;
    qualifying first is the core of MEDDIC and of the economic-buyer role (Strategic Selling).
    """
    priced = _priced(log)
    kinds = [k for k in cfg.kinds if any(info.kind == k for info in log.start.facts.values())]
    if not priced or not kinds:
        why = (
            NEVER_PRICED
            if not priced
            else bi(
                "场景中没有设定预算或决策流程方面的信息。",
                "The scenario has no budget or decision-process facts.",
            )
        )
        return not_assessed(P5, cfg.weight, why)
    first = priced[0]
    tally = Tally(P5, cfg.weight)
    for kind in kinds:
        facts = [f for f, info in log.start.facts.items() if info.kind == kind]
        known = any(log.fact_known_before(f, first.turn) for f in facts)
        word = KIND_WORDS.get(kind, bi(kind, kind.replace("_", " ")))
        if known:
            note = bi(
                f"第{first.turn}轮报价时，你已经了解了{word['zh']}。",
                f"When you first talked price (turn {first.turn}) you already knew the "
                f"{word['en']}.",
            )
        else:
            note = bi(
                f"第{first.turn}轮你报价时，还不了解客户的{word['zh']}。",
                f"At turn {first.turn} you talked price without knowing the {word['en']}.",
            )
        tally.item(first.turn, first.text, note, credit=1.0 if known else 0.0, share=1 / len(kinds))
    return tally.result()


KIND_WORDS: dict[str, Bilingual] = {
    "budget": bi("预算", "budget"),
    "decision_process": bi("决策流程", "decision process"),
    "timeline": bi("时间表", "timeline"),
    "competitor": bi("竞争情况", "competition"),
    "background": bi("背景", "background"),
}


def rules(log: Log, rubric: RubricModel) -> list[RuleResult]:
    """Every pricing-timing rule, in order."""
    cfg = rubric.pricing_timing
    return [
        p1_value_before_price(log, cfg.P1),
        p2_phase_fit(log, cfg.P2),
        p3_give_get(log, cfg.P3),
        p4_provoked_objections(log, cfg.P4, cfg.P2),
        p5_qualify_before_price(log, cfg.P5),
    ]
