"""Next-step setup (下一步行动安排): did each meeting end in an advance, specific and fitting?

Rules N1-N4, one function each, pure over the event log. Only meetings that finished are
judged: a meeting the trainee quit in has no outcome yet.
"""

from __future__ import annotations

from game.engine.labels import OUTCOMES
from game.scoring.log import BuyerLine, Log, Meeting, TraineeMove, Turn
from game.scoring.report import Bilingual, RuleResult
from game.scoring.rubric import N1Config, N2Config, N3Config, N4Config, RubricModel
from game.scoring.tally import RuleInfo, Tally, bi, not_assessed

DIMENSION = "next_step"
PROPOSALS = ("next_step", "close")

NO_MEETING = bi(
    "没有一次会议进行到结束，没有可判断的结果。",
    "No meeting ran to its end, so there was no outcome to judge.",
)

N1 = RuleInfo(
    "N1",
    DIMENSION,
    bi("会议结果：推进而非原地踏步", "Meeting outcome: advance, not continuation"),
    'Huthwaite, "Sale Advance vs Continuations" (blog.huthwaite.com.au/bid/45686): a call '
    "ends in an order, an advance, a continuation or a no-sale, and continuations count as "
    "unsuccessful",
    bi(
        "每次会议都要争取一个推进：客户同意采取具体行动，让销售向前走一步。"
        "“保持联系”只是原地踏步。",
        "End every meeting with an advance: the buyer agrees to an action that moves the sale "
        'forward. "Let\'s keep in touch" is a continuation, not progress.',
    ),
)
N2 = RuleInfo(
    "N2",
    DIMENSION,
    bi("下一步要具体", "A specific next step"),
    'Huthwaite, "Sale Advance vs Continuations": an advance is a specific action agreed that '
    "moves the sale towards a decision; its three parts (commitment, date, people) are the "
    "project's own (docs/scoring.md, Next step)",
    bi(
        "下一步行动要具体：客户本人承诺、约定好时间、明确谁参加（如带样机演示、请工程师交流、"
        "参观样板项目）。",
        "Make the next step concrete: the buyer commits, a date is set, and the people are "
        "named (a demo unit, an engineer's visit, a reference-site tour).",
    ),
)
N3 = RuleInfo(
    "N3",
    DIMENSION,
    bi("评估供应商之前见到决策者", "Economic buyer before the vendor evaluation"),
    "Miller and Heiman, Strategic Selling: the economic buyer gives final approval and an "
    "uncovered buying influence is a red flag; MEDDIC: economic buyer. Where in the cycle "
    "is the project's own rule (docs/scoring.md)",
    bi(
        "在客户开始评估、比较供应商之前，要见到最高决策者（批钱的人）。客户说自己做不了主时，"
        "最好的下一步就是安排与决策者见面。",
        "Reach the economic buyer (who releases the money) before the buyer starts comparing "
        "vendors. When the buyer says it is not their decision, make meeting the "
        "decision-maker the next step.",
    ),
)
N4 = RuleInfo(
    "N4",
    DIMENSION,
    bi("收尾顺序", "Closing sequence"),
    'Rackham, SPIN Selling (1988), ch. "Obtaining Commitment": with high-value goods closing '
    "techniques lowered the sale rate; check concerns, summarise benefits, then propose a "
    "commitment",
    bi(
        "提出下一步或要求成交之前，先问一问客户还有什么顾虑，再总结已确认的价值；"
        "大客户销售中不要反复使用施压式成交技巧。",
        "Before proposing a next step or asking for the decision, check for remaining concerns "
        "and summarise the value agreed; in a large sale don't keep using pressure closes.",
    ),
)


def _last_move(log: Log, meeting: Meeting) -> tuple[int | None, str]:
    moves = log.moves_in(meeting.number)
    if moves:
        return moves[-1].turn, moves[-1].text
    turn = log.last_turn(meeting.number)
    return turn, log.words(turn)


def _outcome(outcome: str | None) -> tuple[str, str]:
    names = OUTCOMES.get(outcome or "", {"zh": "无", "en": "none"})
    return names["zh"], names["en"]


def clean_no_sale(log: Log, meeting: Meeting, cfg: N1Config) -> bool:
    """A no-sale the trainee did not cause: no taboo in the meeting, and the last move was
    not a pitch, a price, a discount or a pressure close."""
    moves = log.moves_in(meeting.number)
    if any(m.flags for m in moves):
        return False
    if not moves:
        return True
    last = moves[-1]
    pressure = last.move == "close" and last.technique in cfg.unclean_techniques
    return last.move not in cfg.unclean_moves and not pressure


def n1_meeting_outcomes(log: Log, cfg: N1Config) -> RuleResult:
    """N1: each finished meeting's outcome; order/advance full, a clean no_sale partial,
    continuation none (``outcome_credit``). A no-sale the trainee caused (a taboo in the
    meeting, or ending it with a pitch, price, discount or pressure close) counts as a
    continuation.

    Why: Huthwaite's study of large sales found that continuations (a pleasant meeting with
    no commitment) are failures; an advance moves the buyer (docs/scoring.md).
    """
    meetings = log.finished_meetings()
    if not meetings:
        return not_assessed(N1, cfg.weight, NO_MEETING)
    tally = Tally(N1, cfg.weight)
    credits: dict[str, float] = {str(k): v for k, v in cfg.outcome_credit.items()}
    for meeting in meetings:
        credit = credits.get(meeting.outcome or "continuation", 0.0)
        zh = _outcome(meeting.outcome)[0]
        turn, text = _last_move(log, meeting)
        if meeting.outcome == "no_sale" and not clean_no_sale(log, meeting, cfg):
            credit = credits.get("continuation", 0.0)
            note = bi(
                f"第{meeting.number}次会议以「{zh}」结束，而且是你的做法（第{turn}轮）断送了这次会谈。",
                f"Meeting {meeting.number} ended with no sale, and it was your move at turn "
                f"{turn} that ended it.",
            )
        elif credit >= 1:
            note = bi(
                f"第{meeting.number}次会议的结果是「{zh}」。",
                f"Meeting {meeting.number} ended in "
                f"{'an order' if meeting.outcome == 'order' else 'an advance'}.",
            )
        elif meeting.outcome == "no_sale":
            note = bi(
                f"第{meeting.number}次会议以「{zh}」结束。",
                f"Meeting {meeting.number} ended with no sale.",
            )
        else:
            note = bi(
                f"第{meeting.number}次会议结束时没有客户承诺的下一步，结果是「{zh}」。",
                f"Meeting {meeting.number} ended without a next step the buyer committed to: "
                "a continuation.",
            )
        tally.item(turn, text, note, credit=credit, share=1 / len(meetings))
    return tally.result()


def specificity(move: TraineeMove) -> float:
    """The share of what makes an advance specific: the buyer commits, dated, named people."""
    step = move.next_step
    if step is None:
        return 0.0
    return (step.buyer_commits + step.dated + bool(step.who)) / 3


def _needs_step(meeting: Meeting) -> bool:
    return meeting.outcome in ("advance", "continuation")


def n2_specific_advance(log: Log, cfg: N2Config) -> RuleResult:
    """N2: in each meeting that did not end in an order or a no-sale, the best next step
    proposed is specific: the buyer commits, it is dated, people are named (a third each).

    Why: "let's keep in touch" leaves the sale as isolated visits; a real advance has the
    buyer's commitment, a time and the people (docs/scoring.md). A continuation with no next step
    proposed at all scores none; an advance reached without a ``next_step`` move is not judged.
    """
    tally = Tally(N2, cfg.weight)
    judged: list[tuple[Meeting, TraineeMove | None]] = []
    for meeting in log.finished_meetings():
        if not _needs_step(meeting):
            continue
        steps = [m for m in log.moves_in(meeting.number) if m.move == "next_step"]
        if steps:
            judged.append((meeting, max(steps, key=lambda m: (specificity(m), -m.turn))))
        elif meeting.outcome == "continuation":
            judged.append((meeting, None))
    if not judged:
        return not_assessed(
            N2,
            cfg.weight,
            bi(
                "没有需要安排下一步的会议（会议以签单或未成交结束）。",
                "No meeting needed a next step (each ended in an order or a no-sale).",
            ),
        )
    for meeting, step in judged:
        share = 1 / len(judged)
        if step is None:
            turn, text = _last_move(log, meeting)
            tally.item(
                turn,
                text,
                bi(
                    f"第{meeting.number}次会议你没有提出任何下一步行动。",
                    f"In meeting {meeting.number} you proposed no next step at all.",
                ),
                credit=0.0,
                share=share,
            )
            continue
        info = step.next_step
        missing_zh = []
        missing_en = []
        if info is None or not info.buyer_commits:
            missing_zh.append("客户承诺")
            missing_en.append("the buyer's commitment")
        if info is None or not info.dated:
            missing_zh.append("具体时间")
            missing_en.append("a date")
        if info is None or not info.who:
            missing_zh.append("参加人员")
            missing_en.append("named people")
        credit = specificity(step)
        if not missing_en:
            note = bi(
                f"第{step.turn}轮的下一步很具体：客户承诺、有时间、有人员。",
                f"The next step at turn {step.turn} was specific: committed, dated, with people.",
            )
        else:
            note = bi(
                f"第{step.turn}轮的下一步不够具体，缺少：{'、'.join(missing_zh)}。",
                f"The next step at turn {step.turn} lacked {', '.join(missing_en)}.",
            )
        tally.item(step.turn, step.text, note, credit=credit, share=share)
    return tally.result()


def n3_economic_buyer(log: Log, cfg: N3Config) -> RuleResult:
    """N3: an economic buyer has spoken before the buyer first reaches ``gap_stage`` (the
    vendor evaluation by default); and each next step proposed after a buyer said it was not
    their decision (an ``authority`` objection), while no economic buyer had been met, names
    one in its ``who``.

    Why: a deal evaluated without the person who releases the money is at risk (Strategic
    Selling; MEDDIC). Judged only where it applies: sessions that reach the stage, next steps
    after an authority objection.
    """
    buyers = log.economic_buyers()
    if not buyers:
        return not_assessed(
            N3,
            cfg.weight,
            bi("场景中没有设定最高决策者。", "The scenario names no economic buyer."),
        )
    tally = Tally(N3, cfg.weight)
    items: list[tuple[int | None, str, Bilingual, float]] = []
    reached = (
        next((e for e in log.turns if _stage_of(e) == cfg.gap_stage), None)
        if cfg.gap_stage in log.stages
        else None
    )
    if reached is not None:
        met = any(log.met_before(b, reached.turn + 1) for b in buyers)
        stage = log.start.stage_title(cfg.gap_stage, "zh") or cfg.gap_stage
        stage_en = log.start.stage_title(cfg.gap_stage, "en") or cfg.gap_stage
        if met:
            note = bi(
                f"客户进入「{stage}」阶段之前，你已经见到了最高决策者。",
                f"You had met the economic buyer before the buyer reached '{stage_en}'.",
            )
        else:
            note = bi(
                f"客户在第{reached.turn}轮进入「{stage}」阶段时，你还没有见过最高决策者。",
                f"The buyer reached '{stage_en}' at turn {reached.turn} before you had met the "
                "economic buyer.",
            )
        items.append((reached.turn, log.words(reached.turn), note, 1.0 if met else 0.0))
    authority = min(
        (line.turn for line in log.lines if line.objection == "authority"), default=None
    )
    if authority is not None:
        for meeting in log.finished_meetings():
            steps = [
                m
                for m in log.moves_in(meeting.number)
                if m.move == "next_step" and m.turn > authority
            ]
            if not steps:
                continue
            step = max(steps, key=lambda m: (specificity(m), -m.turn))
            if any(log.met_before(b, step.turn) for b in buyers):
                continue
            fits = step.next_step is not None and any(b in step.next_step.who for b in buyers)
            if fits:
                note = bi(
                    f"客户表示自己做不了主；第{step.turn}轮你把下一步安排成与决策者见面，很对。",
                    f"The buyer said it was not their decision; at turn {step.turn} you made "
                    "meeting the economic buyer the next step.",
                )
            else:
                note = bi(
                    f"客户表示自己做不了主，而你还没见过最高决策者；第{step.turn}轮的下一步却没有"
                    "安排与决策者见面。",
                    f"The buyer said it was not their decision and you had not met the economic "
                    f"buyer, but the next step at turn {step.turn} did not include them.",
                )
            items.append((step.turn, step.text, note, 1.0 if fits else 0.0))
    if not items:
        return not_assessed(
            N3,
            cfg.weight,
            bi(
                "客户没有进入评估供应商阶段，也没有说过自己做不了主，没有可判断的内容。",
                "The buyer neither reached the vendor evaluation nor said it was not their "
                "decision, so there was nothing to judge.",
            ),
        )
    for turn, text, note, credit in items:
        tally.item(turn, text, note, credit=credit, share=1 / len(items))
    return tally.result()


def _stage_of(turn: Turn) -> str:
    return turn.stage_after if isinstance(turn, BuyerLine) else turn.stage


def n4_sequence(log: Log, cfg: N4Config) -> RuleResult:
    """N4: before the first next step or close of each meeting, concerns were checked (a
    question, acknowledge or jump after the buyer's last objection, or in the meeting) and
    the value was summarised (a verify earlier in the meeting, or a summary close); pressure closes
    (``pressure_techniques``) beyond ``pressure_allowed`` cost ``pressure_penalty`` each.

    Why: in large sales closing techniques lower success; checking concerns and summarising
    benefits before proposing a commitment raise it (Rackham; docs/scoring.md).
    """
    proposals: list[TraineeMove] = []
    for meeting in log.meetings:
        first = next((m for m in log.moves_in(meeting.number) if m.move in PROPOSALS), None)
        if first is not None:
            proposals.append(first)
    if not proposals:
        return not_assessed(
            N4,
            cfg.weight,
            bi(
                "你没有提出下一步，也没有要求成交。",
                "You proposed no next step and did not ask for a decision.",
            ),
        )
    tally = Tally(N4, cfg.weight)
    for prop in proposals:
        turns = log.turns_in(prop.meeting)
        earlier = [t for t in turns if t.turn < prop.turn]
        moves = [t for t in earlier if isinstance(t, TraineeMove)]
        summarised = any(m.move == "verify" for m in moves) or (
            prop.move == "close" and prop.technique == "summary"
        )
        # the buyer's last objection: a concern voiced must be explored before proposing
        marks = [t.turn for t in earlier if isinstance(t, BuyerLine) and t.objection]
        since = marks[-1] if marks else 0
        checked = any(
            m.move in ("question", "acknowledge", "jump") and m.turn > since for m in moves
        )
        credit = 0.5 * summarised + 0.5 * checked
        missing_zh = [w for w, ok in (("确认顾虑", checked), ("总结价值", summarised)) if not ok]
        missing_en = [
            w
            for w, ok in (("check concerns", checked), ("summarise the value", summarised))
            if not ok
        ]
        if credit >= 1:
            note = bi(
                f"第{prop.turn}轮提出承诺之前，你确认了顾虑并总结了价值。",
                f"Before asking for a commitment at turn {prop.turn} you checked concerns and "
                "summarised the value.",
            )
        else:
            note = bi(
                f"第{prop.turn}轮提出承诺之前，你没有{'和'.join(missing_zh)}。",
                f"Before asking for a commitment at turn {prop.turn} you did not "
                f"{' or '.join(missing_en)}.",
            )
        tally.item(prop.turn, prop.text, note, credit=credit, share=1 / len(proposals))
    pressure = [
        m for m in log.moves if m.move == "close" and m.technique in cfg.pressure_techniques
    ]
    for m in pressure[cfg.pressure_allowed :]:
        tally.penalty(
            m.turn,
            m.text,
            bi(
                f"第{m.turn}轮又一次使用施压式成交（{m.technique}），在大客户销售中适得其反。",
                f"Turn {m.turn} was another pressure close ({m.technique}); in a large sale it "
                "backfires.",
            ),
            cfg.pressure_penalty,
        )
    return tally.result()


def rules(log: Log, rubric: RubricModel) -> list[RuleResult]:
    """Every next-step rule, in order."""
    cfg = rubric.next_step
    return [
        n1_meeting_outcomes(log, cfg.N1),
        n2_specific_advance(log, cfg.N2),
        n3_economic_buyer(log, cfg.N3),
        n4_sequence(log, cfg.N4),
    ]
