"""Listening (聆听): did the trainee let the buyer talk, pick up cues and confirm the need?

Rules L1-L5, one function each, pure over the event log. Speaking seconds in the log come
from the scenario's own language, so Chinese and English play score alike.
"""

from __future__ import annotations

from collections import defaultdict

from game.scoring.log import Log, TraineeMove
from game.scoring.report import RuleResult
from game.scoring.rubric import L1Config, L2Config, L3Config, L4Config, L5Config, RubricModel
from game.scoring.tally import RuleInfo, Tally, bi, fmt, linear, move_name, not_assessed

DIMENSION = "listening"

OBJECTIONS = {
    "price": ("价格", "price"),
    "need": ("需求", "need"),
    "timing": ("时机", "timing"),
    "competitor": ("竞争对手", "competitor"),
    "trust": ("信任", "trust"),
    "authority": ("决策权", "authority"),
}

L1 = RuleInfo(
    "L1",
    DIMENSION,
    bi("说话占比", "Talk share"),
    "Gong Labs, talk-to-listen ratio (gong.io/resources/labs/talk-to-listen-conversion-"
    "ratio): winners near 43 % seller / 57 % buyer, conversion falls above about 65 %; the "
    "bands are the project's own (docs/scoring.md)",
    bi(
        "让客户多说：你的说话时间控制在35%-50%之间。说得太多会漏掉信息，说得太少则没有引导对话。",
        "Let the buyer talk: keep your share of speaking time between 35% and 50%. Talk more "
        "and you miss what they tell you; much less and you are not steering the meeting.",
    ),
)
L2 = RuleInfo(
    "L2",
    DIMENSION,
    bi("避免长篇独白", "No long monologue"),
    "Gong Labs (257,967 calls): win rates fall when a company overview runs past about 2 "
    'minutes; Gong, "never pitch for more than 9 minutes" (headline); the 5-minute product '
    "talk of a first meeting is the training material's (docs/scoring.md, Listening)",
    bi(
        "每次发言不超过两分钟；产品介绍要短，并且在客户想听的时候再讲，讲完就把话题交还给客户。",
        "Keep each turn under two minutes; keep product talk short, give it when the buyer "
        "asks, then hand the conversation back.",
    ),
)
L3 = RuleInfo(
    "L3",
    DIMENSION,
    bi("捕捉机会点", "Pick up cues"),
    "The training material: buyer statements carry opportunity points (机会点) a listening "
    "seller follows up; the project's own rule (docs/scoring.md, Listening)",
    bi(
        "客户话里透露的痛点、成本、期限或人物就是机会点：紧接着追问它，而不是按自己的提纲往下走。",
        "A hint of pain, a cost, a deadline or a person in the buyer's words is an opportunity: "
        "ask about it right away instead of carrying on with your script.",
    ),
)
L4 = RuleInfo(
    "L4",
    DIMENSION,
    bi("需求确认", "Verify the need"),
    "The training material: verify the need in your own words (用自己的语言确认) before proposing; "
    "judging it per meeting is the project's own (docs/scoring.md, Listening)",
    bi(
        "在提出方案或下一步之前，用自己的话复述客户说过的问题和需求，请客户确认；"
        "只复述客户真正说过的内容。",
        "Before proposing a solution or a next step, restate the buyer's problems and needs in "
        "your own words and ask them to confirm; restate only what they actually said.",
    ),
)
L5 = RuleInfo(
    "L5",
    DIMENSION,
    bi("异议处理", "Handle objections"),
    "The project's own judgement (docs/scoring.md, Listening): acknowledge and explore an "
    'objection before answering it. Rackham, SPIN Selling, ch. "Preventing Objections", shows'
    " objections come mostly from presenting too early; it does not test how to answer them",
    bi(
        "客户提出异议时，先认同和理解（“您担心的是……”），再提问弄清背后的原因；"
        "不要立刻反驳、介绍产品或降价。",
        'When the buyer objects, first acknowledge it ("so your concern is ...") and ask what '
        "lies behind it; don't rebut, pitch or discount straight away.",
    ),
)


def l1_talk_share(log: Log, cfg: L1Config) -> RuleResult:
    """L1: the trainee's share of speaking seconds, scored by bands (35-50% best).

    Why: Gong found winning calls at a 43/57 talk-to-listen ratio and losing ones above
    65% seller talk. Narration does not count as anyone talking. Too much talk is pinned on
    the trainee's longest turns; too little on the session's last trainee turn.
    """
    moves = log.moves
    mine = sum(m.seconds for m in moves)
    if mine <= 0:
        return not_assessed(L1, cfg.weight, bi("你没有说话。", "You did not speak."))
    theirs = sum(line.seconds for line in log.lines if line.speaker is not None)
    percent = 100 * mine / (mine + theirs)
    index = next(
        i for i, band in enumerate(cfg.bands) if band.below is None or percent < band.below
    )
    credit = cfg.bands[index].credit
    best = max(range(len(cfg.bands)), key=lambda i: cfg.bands[i].credit)
    tally = Tally(L1, cfg.weight)
    said = bi(f"你的说话时间占{fmt(percent)}%", f"You spoke {fmt(percent)}% of the time")
    if credit >= 1:
        tally.item(
            None,
            "",
            bi(said["zh"] + "，在理想范围内。", said["en"] + ", within the best range."),
            credit=1.0,
            share=1.0,
        )
    elif index < best:
        last = moves[-1]
        tally.item(
            last.turn,
            last.text,
            bi(
                said["zh"] + "，偏少：可以多回应、多引导。",
                said["en"] + ": too little; respond and steer more.",
            ),
            credit=credit,
            share=1.0,
            anchor=True,
        )
    else:
        longest = sorted(moves, key=lambda m: (-m.seconds, m.turn))[:3]
        total = sum(m.seconds for m in longest)
        for move in longest:
            tally.item(
                move.turn,
                move.text,
                bi(
                    said["zh"] + f"，太多了；这一轮说了{fmt(move.seconds)}秒。",
                    said["en"] + f": too much; this turn took {fmt(move.seconds)} s.",
                ),
                credit=credit,
                share=move.seconds / total if total else 1 / len(longest),
            )
    return tally.result()


def l2_monologue(log: Log, cfg: L2Config) -> RuleResult:
    """L2: the longest trainee turn (2 min full, 9 min none) and the product talk in any one
    meeting (5 min full, 9 min none); the worse of the two counts.

    Why: long monologues lose the buyer (Gong); in a 30-minute first meeting product
    presentation should take no more than about five minutes (docs/scoring.md).
    """
    moves = log.moves
    if not moves:
        return not_assessed(L2, cfg.weight, bi("你没有说话。", "You did not speak."))
    longest = max(moves, key=lambda m: (m.seconds, -m.turn))
    turn_credit = linear(longest.seconds, cfg.full_seconds, cfg.zero_seconds)
    pitch: dict[int, list[TraineeMove]] = defaultdict(list)
    for m in moves:
        if m.move == "present":
            pitch[m.meeting].append(m)
    worst_meeting, worst_total = None, 0.0
    for meeting, presents in pitch.items():
        total = sum(m.seconds for m in presents)
        if total > worst_total:
            worst_meeting, worst_total = meeting, total
    pitch_credit = linear(worst_total, cfg.pitch_full_seconds, cfg.pitch_zero_seconds)
    tally = Tally(L2, cfg.weight)
    if turn_credit >= 1 and pitch_credit >= 1:
        tally.item(
            None,
            "",
            bi(
                f"你最长的一次发言{fmt(longest.seconds)}秒，产品介绍也不长。",
                f"Your longest turn took {fmt(longest.seconds)} s and product talk stayed short.",
            ),
            credit=1.0,
            share=1.0,
        )
    elif turn_credit <= pitch_credit:
        tally.item(
            longest.turn,
            longest.text,
            bi(
                f"第{longest.turn}轮你一口气说了{fmt(longest.seconds / 60)}分钟，"
                f"超过{fmt(cfg.full_seconds / 60)}分钟就成了独白。",
                f"At turn {longest.turn} you talked for {fmt(longest.seconds / 60)} minutes "
                f"without a break; beyond {fmt(cfg.full_seconds / 60)} minutes it is a monologue.",
            ),
            credit=turn_credit,
            share=1.0,
        )
    else:
        presents = pitch[worst_meeting] if worst_meeting is not None else []
        top = max(presents, key=lambda m: (m.seconds, -m.turn))
        tally.item(
            top.turn,
            top.text,
            bi(
                f"第{worst_meeting}次会议里你介绍产品共{fmt(worst_total / 60)}分钟"
                f"（这一轮最长），超过了{fmt(cfg.pitch_full_seconds / 60)}分钟。",
                f"In meeting {worst_meeting} your product talk added up to "
                f"{fmt(worst_total / 60)} minutes (this turn the longest), more than "
                f"{fmt(cfg.pitch_full_seconds / 60)}.",
            ),
            credit=pitch_credit,
            share=1.0,
        )
    return tally.result()


def l3_cues_picked_up(log: Log, cfg: L3Config) -> RuleResult:
    """L3: the share of opportunity points (``cues``) followed with ``picks_up`` within the
    next ``window`` trainee turns after a hint.

    Why: a listening seller hears the hint of pain, cost, deadline or person and asks about
    it (docs/scoring.md). Each distinct cue counts once; a cue heard when the trainee had no
    turn left does not count.
    """
    hints: dict[str, list[int]] = {}
    for line in log.lines:
        for cue in line.cues:
            hints.setdefault(cue, []).append(line.turn)
    judged: list[tuple[str, list[int]]] = [
        (cue, turns) for cue, turns in hints.items() if log.trainee_turns_after(turns[0], 1)
    ]
    if not judged:
        return not_assessed(
            L3,
            cfg.weight,
            bi(
                "客户的话里没有出现需要捕捉的机会点。",
                "The buyer gave no opportunity points to pick up.",
            ),
        )
    tally = Tally(L3, cfg.weight)
    first_picked: dict[str, TraineeMove] = {}
    for m in log.moves:
        if m.picks_up is not None:
            first_picked.setdefault(m.picks_up, m)
    for cue, turns in judged:
        zh_cue, en_cue = log.name(cue, "zh"), log.name(cue, "en")
        caught = None
        for hint in turns:
            caught = next(
                (m for m in log.trainee_turns_after(hint, cfg.window) if m.picks_up == cue), None
            )
            if caught is not None:
                break
        if caught is not None:
            tally.item(
                caught.turn,
                caught.text,
                bi(
                    f"你在第{caught.turn}轮抓住了客户提到的「{zh_cue}」。",
                    f"At turn {caught.turn} you picked up the buyer's hint about '{en_cue}'.",
                ),
                credit=1.0,
                share=1 / len(judged),
            )
        else:
            after = log.trainee_turns_after(turns[0], 1)[0]
            later = first_picked.get(cue)
            late_zh = f"（直到第{later.turn}轮才回到这个话题）" if later else ""
            late_en = f" (you came back to it only at turn {later.turn})" if later else ""
            tally.item(
                after.turn,
                after.text,
                bi(
                    f"客户在第{turns[0]}轮提到了「{zh_cue}」这个机会点，你没有追问{late_zh}。",
                    f"The buyer hinted at '{en_cue}' at turn {turns[0]}, and you did not follow it "
                    f"up{late_en}.",
                ),
                credit=0.0,
                share=1 / len(judged),
            )
    return tally.result()


def _revealed(log: Log, item: str, turn: int) -> bool:
    if item in log.start.pains:
        return log.need_before(item, turn) > 0
    if item in log.start.facts:
        return log.fact_known_before(item, turn)
    return True


def l4_verify(log: Log, cfg: L4Config) -> RuleResult:
    """L4: in each meeting where the trainee proposes something (a move in
    ``proposal_moves``: present, next_step or close by default), a ``verify`` restating the
    buyer's need comes before the first proposal of that meeting; restating pains or facts the
    buyer never revealed costs points.

    Why: confirming the need in your own words shows you listened and avoids proposing to a
    need the buyer does not have; each meeting has its own audience, so it is judged per
    meeting. A price is judged by P1, not here, so a pricing mistake does not also cost
    listening points.
    """
    judged: list[tuple[TraineeMove, list[TraineeMove]]] = []
    for meeting in log.meetings:
        moves = log.moves_in(meeting.number)
        first = next((m for m in moves if m.move in cfg.proposal_moves), None)
        if first is not None:
            judged.append((first, [m for m in moves if m.move == "verify"]))
    verifies = [m for m in log.moves if m.move == "verify"]
    if not judged and not verifies:
        return not_assessed(
            L4,
            cfg.weight,
            bi(
                "你既没有提出方案或下一步，也没有复述需求，没有可判断的内容。",
                "You neither proposed anything nor restated a need, so there was nothing to judge.",
            ),
        )
    tally = Tally(L4, cfg.weight)
    if not judged:
        tally.item(
            verifies[0].turn,
            verifies[0].text,
            bi(
                f"你在第{verifies[0].turn}轮复述确认了客户的需求。",
                f"At turn {verifies[0].turn} you restated the buyer's need.",
            ),
            credit=1.0,
            share=1.0,
        )
    for first, mine in judged:
        share = 1 / len(judged)
        before = [v for v in mine if v.turn < first.turn]
        if not before and first.move == "close" and first.technique == "summary":
            before = [first]  # a summary close restates the need itself
        if before:
            tally.item(
                before[0].turn,
                before[0].text,
                bi(
                    f"第{first.meeting}次会议里，你在第{before[0].turn}轮先复述确认了客户的需求。",
                    f"In meeting {first.meeting} you restated the buyer's need at turn "
                    f"{before[0].turn} before proposing.",
                ),
                credit=1.0,
                share=share,
            )
        elif mine:
            tally.item(
                first.turn,
                first.text,
                bi(
                    f"第{first.turn}轮你先提出了方案，直到第{mine[0].turn}轮才确认需求。",
                    f"At turn {first.turn} you proposed before confirming the need; you verified "
                    f"only at turn {mine[0].turn}.",
                ),
                credit=cfg.late_credit,
                share=share,
            )
        else:
            tally.item(
                first.turn,
                first.text,
                bi(
                    f"第{first.turn}轮你提出了方案，但这次会议里没有用自己的话确认客户的需求。",
                    f"At turn {first.turn} you proposed without restating the buyer's need in "
                    "this meeting.",
                ),
                credit=0.0,
                share=share,
            )
    for v in verifies:
        for item in v.about:
            zh_item, en_item = log.name(item, "zh"), log.name(item, "en")
            if not _revealed(log, item, v.turn):
                tally.penalty(
                    v.turn,
                    v.text,
                    bi(
                        f"第{v.turn}轮你复述了「{zh_item}」，但客户从来没有说过。",
                        f"At turn {v.turn} you restated '{en_item}', which the buyer never told "
                        "you.",
                    ),
                    cfg.unrevealed_penalty,
                )
    return tally.result()


def l5_objections(log: Log, cfg: L5Config) -> RuleResult:
    """L5: the first move after an objection is ``acknowledge`` or a question (or a verify),
    not ``present``, ``discount``, ``price`` or ``close``.

    Why: fighting an objection head-on hardens it; acknowledging and exploring it first
    keeps the buyer talking (docs/scoring.md). Other moves earn ``other_credit``.
    """
    responses: list[tuple[TraineeMove, list[tuple[int, str]]]] = []
    previous = 0
    for move in log.moves:
        raised = [
            (line.turn, line.objection)
            for line in log.lines_between(previous, move.turn)
            if line.objection
        ]
        if raised:
            responses.append((move, raised))
        previous = move.turn
    if not responses:
        return not_assessed(
            L5, cfg.weight, bi("客户没有提出异议。", "The buyer raised no objection.")
        )
    tally = Tally(L5, cfg.weight)
    for move, raised in responses:
        turn, kind = raised[-1]
        kind_zh, kind_en = OBJECTIONS.get(kind, (kind, kind))
        if move.move in cfg.good_moves:
            credit = 1.0
            note = bi(
                f"客户在第{turn}轮提出{kind_zh}异议，你先认同、提问或确认，而不是反驳。",
                f"The buyer objected on {kind_en} at turn {turn}; you acknowledged or explored "
                "it instead of arguing.",
            )
        elif move.move in cfg.bad_moves:
            credit = 0.0
            note = bi(
                f"客户在第{turn}轮提出{kind_zh}异议，你马上{move_name(move.move, 'zh')}，"
                "没有先认同和了解原因。",
                f"The buyer objected on {kind_en} at turn {turn} and you answered with a "
                f"{move_name(move.move, 'en')} straight away, without acknowledging it or "
                "asking why.",
            )
        else:
            credit = cfg.other_credit
            note = bi(
                f"客户在第{turn}轮提出{kind_zh}异议，你没有正面认同或追问。",
                f"The buyer objected on {kind_en} at turn {turn}; you neither acknowledged "
                "it nor asked about it.",
            )
        tally.item(move.turn, move.text, note, credit=credit, share=1 / len(responses))
    return tally.result()


def rules(log: Log, rubric: RubricModel) -> list[RuleResult]:
    """Every listening rule, in order."""
    cfg = rubric.listening
    return [
        l1_talk_share(log, cfg.L1),
        l2_monologue(log, cfg.L2),
        l3_cues_picked_up(log, cfg.L3),
        l4_verify(log, cfg.L4),
        l5_objections(log, cfg.L5),
    ]
