"""Questioning (询问): did the trainee investigate before presenting, and ask the right questions?

Rules Q1-Q5, one function each. Every function is pure: the typed event log and its part
of the rubric in, a RuleResult out. docs/scoring.md explains each for trainers.
"""

from __future__ import annotations

from game.record import NEED_LEVELS
from game.scoring.log import BuyerLine, Log, TraineeMove
from game.scoring.report import RuleResult
from game.scoring.rubric import (
    Q1Config,
    Q2Config,
    Q3Config,
    Q4Config,
    Q5Config,
    Q6Config,
    RubricModel,
)
from game.scoring.tally import RuleInfo, Tally, bi, fmt, linear, not_assessed

DIMENSION = "questioning"

Q1 = RuleInfo(
    "Q1",
    DIMENSION,
    bi("先诊断后介绍", "Investigate before presenting"),
    "Rackham, SPIN Selling (1988), ch. 3: investigating is the call stage that most decides "
    "large sales; problem and implication questions come before capabilities",
    bi(
        "介绍方案之前，先针对这个痛点问难点问题（问题出在哪里），再问暗示性问题（它带来什么后果），"
        "让客户自己感受到问题的分量。",
        "Before presenting anything on a pain, ask a problem question (what goes wrong) and an "
        "implication question (what it costs), so the buyer feels how big it is.",
    ),
)
Q2 = RuleInfo(
    "Q2",
    DIMENSION,
    bi("明确需求", "Explicit needs"),
    'Rackham, SPIN Selling (1988), ch. "Implied and Explicit Needs": in large sales explicit '
    "needs, not implied ones, predict success",
    bi(
        "客户提到的问题只是隐含需求。用暗示性问题和需求-效益问题（解决了对您有什么好处）"
        "把它发展成客户亲口说出的明确需求。",
        "A problem the buyer mentions is only an implied need. Use implication and need-payoff "
        "questions (what would solving it be worth) until the buyer states the want in their "
        "own words.",
    ),
)
Q3 = RuleInfo(
    "Q3",
    DIMENSION,
    bi("背景问题适度", "Few situation questions"),
    "Rackham, SPIN Selling (1988): successful sellers ask fewer situation questions (as "
    "secondary summaries report it); the known-fact penalty and the coach exemption are the "
    "project's own (docs/scoring.md, Questioning)",
    bi(
        "背景问题（现状、数量、设备）让客户厌烦，而且多数可以事先查到。拜访前做足功课，"
        "已知的信息不要再问，把时间留给难点和暗示性问题。",
        "Situation questions (how many, what system) bore the buyer and can mostly be "
        "researched beforehand. Do your homework, never ask what you already know, and spend "
        "the time on problem and implication questions.",
    ),
)
Q4 = RuleInfo(
    "Q4",
    DIMENSION,
    bi("多问少讲", "Ask, don't tell"),
    "Gong Labs, questions in discovery calls (11-14 per discovery call go with wins; fewer "
    "means pitching). A scenario compresses a meeting into a few turns, so salessim judges the "
    "share of your turns that are questions (the project's own threshold, docs/scoring.md)",
    bi(
        "在了解需求的会议里，以提问为主：至少一半的发言应该是问题。太少就成了推销。",
        "In a discovery meeting, mostly ask: at least half of your turns should be questions. "
        "Fewer and you are pitching.",
    ),
)
Q5 = RuleInfo(
    "Q5",
    DIMENSION,
    bi("避免审问式提问", "No interrogation"),
    "Gong Labs: questions spread through the call, not fired in a row; the repeat penalty is "
    "the project's own (docs/scoring.md); open vs closed weighted lightly because Rackham, "
    "SPIN Selling, ch. 1, found no measurable difference",
    bi(
        "客户回答得很短时，不要连珠炮似地继续发问：先回应、复述或追问他刚说的内容，"
        "多用开放式问题让客户多说。",
        "When the buyer's answers are short, stop firing questions: respond, restate or follow "
        "up on what they just said, and use open questions that let them talk.",
    ),
)


Q6 = RuleInfo(
    "Q6",
    DIMENSION,
    bi("需求-效益问题", "Need-payoff questions"),
    'Rackham, SPIN Selling (1988), ch. "Implied and Explicit Needs": need-payoff questions '
    "have the buyer state the benefit, which turns implied needs into explicit ones",
    bi(
        "要求客户承诺之前，先问一个需求-效益问题（“如果解决了，对您意味着什么？”），"
        "让客户自己说出价值，而不是由你来讲。",
        'Before you ask for a commitment, ask a need-payoff question ("if this were solved, '
        'what would it mean for you?") so the buyer states the value instead of you.',
    ),
)


def _concerns(log: Log, move: TraineeMove) -> list[str]:
    """The pains a move is about: those it names, else (untagged) those the buyer has raised
    so far, else every pain of the scenario."""
    pains = list(log.start.pains)
    named = [p for p in [*move.about, move.picks_up] if p in log.start.pains]
    if named:
        return list(dict.fromkeys(named))
    if move.about or move.picks_up:
        return []  # it is about facts, not pains
    return log.pains_open_before(move.turn) or pains


def _asked_before(question: TraineeMove | None, present: TraineeMove) -> TraineeMove | None:
    return question if question is not None and question.turn < present.turn else None


def q1_investigate_before_presenting(log: Log, cfg: Q1Config) -> RuleResult:
    """Q1: for each pain, an implication question before the first present on it, building
    on a problem question or on the problem as the buyer already described it; a problem
    question alone earns ``one_kind_credit``.

    Why: in large sales the investigating stage matters most; presenting a capability before
    the buyer feels the problem turns it into a product pitch (SPIN; docs/scoring.md "rushing to
    present"). A present names its pains with ``about``; an untagged present concerns every
    pain raised so far. An untagged question likewise concerns the pains raised so far.
    """
    first_present: dict[str, TraineeMove] = {}
    for move in log.moves:
        if move.move == "present":
            for pain in _concerns(log, move):
                first_present.setdefault(pain, move)
    if not first_present:
        return not_assessed(
            Q1,
            cfg.weight,
            bi(
                "你没有针对任何痛点介绍方案，没有可判断的内容。",
                "You presented nothing about a pain, so there was nothing to judge.",
            ),
        )
    tally = Tally(Q1, cfg.weight)
    share = 1 / len(first_present)
    # the first problem and the first implication question about each pain, in one pass
    first_asked: dict[tuple[str, str], TraineeMove] = {}
    for q in log.moves:
        if q.move == "question" and q.spin in ("problem", "implication"):
            for pain in _concerns(log, q):
                first_asked.setdefault((pain, q.spin), q)
    for pain, present in first_present.items():
        zh_pain, en_pain = log.name(pain, "zh"), log.name(pain, "en")
        problem = _asked_before(first_asked.get((pain, "problem")), present)
        implication = _asked_before(first_asked.get((pain, "implication")), present)
        volunteered = implication is not None and log.need_before(pain, implication.turn) > 0
        if implication is not None and (problem is not None or volunteered):
            credit = 1.0
            how_zh = f"难点问题（第{problem.turn}轮）" if problem else "客户已经讲出的问题"
            how_en = (
                f"a problem question (turn {problem.turn})"
                if problem
                else "the problem the buyer had described"
            )
            note = bi(
                f"介绍「{zh_pain}」相关方案之前，你从{how_zh}出发问了暗示性问题"
                f"（第{implication.turn}轮）。",
                f"Before presenting on '{en_pain}' you built on {how_en} with an implication "
                f"question (turn {implication.turn}).",
            )
        elif problem is not None or implication is not None:
            credit = cfg.one_kind_credit
            missing_zh, missing_en = (
                ("暗示性问题", "an implication question")
                if problem is not None
                else ("难点问题", "a problem question")
            )
            note = bi(
                f"第{present.turn}轮你介绍了「{zh_pain}」相关的方案，但之前还缺少{missing_zh}。",
                f"At turn {present.turn} you presented on '{en_pain}' without first asking "
                f"{missing_en}.",
            )
        else:
            credit = 0.0
            note = bi(
                f"第{present.turn}轮你介绍了「{zh_pain}」相关的方案，之前既没问难点问题，"
                "也没问暗示性问题。",
                f"At turn {present.turn} you presented on '{en_pain}' before asking any problem or "
                "implication question about it.",
            )
        tally.item(present.turn, present.text, note, credit=credit, share=share)
    return tally.result()


def q2_explicit_needs(log: Log, cfg: Q2Config) -> RuleResult:
    """Q2: the share of the scenario's pains the buyer brought to ``explicit``.

    Why: implied needs (the buyer mentions a problem) do not predict a sale in large
    accounts; explicit needs (the buyer states a want) do (SPIN). A pain left implied loses
    its share at the turn it was hinted; one never raised, at the session's last turn.
    """
    pains = list(log.start.pains)
    if not pains:
        return not_assessed(
            Q2,
            cfg.weight,
            bi("这个场景没有设定痛点。", "The scenario defines no pains."),
        )
    tally = Tally(Q2, cfg.weight)
    share = 1 / len(pains)
    last = log.last_turn()
    for pain in pains:
        zh_pain, en_pain = log.name(pain, "zh"), log.name(pain, "en")
        level, turn = log.need_reached(pain)
        if level == 2:
            note = bi(
                f"客户在第{turn}轮明确说出了「{zh_pain}」的需求。",
                f"The buyer stated '{en_pain}' as an explicit need at turn {turn}.",
            )
            tally.item(turn, log.words(turn), note, credit=1.0, share=share)
        elif level == 1:
            note = bi(
                f"客户在第{turn}轮提到了「{zh_pain}」，但直到结束都只是隐含需求，没有发展成明确需求。",
                f"The buyer mentioned '{en_pain}' at turn {turn}, but it stayed an implied need: "
                "it was never developed into an explicit one.",
            )
            tally.item(turn, log.words(turn), note, credit=cfg.implied_credit, share=share)
        else:
            note = bi(
                f"到结束（第{last}轮）为止，「{zh_pain}」这个痛点始终没有被发掘出来。",
                f"By the end (turn {last}) the pain '{en_pain}' had never come up.",
            )
            tally.item(last, "", note, credit=0.0, share=share, anchor=True)
    return tally.result()


def _to_coach(log: Log, move: TraineeMove) -> bool:
    """A move answering a coach (the last person who spoke before it is one): asking your
    coach about the account is the homework Rackham recommends, not a question to the buyer."""
    for line in reversed(log.lines_between(0, move.turn)):
        if line.speaker is not None:
            return line.role == "coach"
    return False


def q3_situation_share(log: Log, cfg: Q3Config) -> RuleResult:
    """Q3: situation questions at most ``full_share`` % of questions; none at ``zero_share`` %;
    each question about a fact already known (from the briefing or revealed) costs extra.

    Why: successful sellers ask fewer situation questions; buyers find them tedious and
    the facts can be learnt beforehand (SPIN). Questions put to a coach are that homework,
    so they are not counted.
    """
    questions = [m for m in log.moves if m.move == "question" and not _to_coach(log, m)]
    if not questions:
        return not_assessed(
            Q3, cfg.weight, bi("你没有向客户提问。", "You asked the buyer no questions.")
        )
    tally = Tally(Q3, cfg.weight)
    situation = [q for q in questions if q.spin == "situation"]
    percent = 100 * len(situation) / len(questions)
    credit = linear(percent, cfg.full_share, cfg.zero_share)
    if credit >= 1:
        tally.item(
            None,
            "",
            bi(
                f"背景问题占你提问的{fmt(percent)}%（不超过{fmt(cfg.full_share)}%）。",
                f"Situation questions were {fmt(percent)}% of your questions (at most "
                f"{fmt(cfg.full_share)}%).",
            ),
            credit=1.0,
            share=1.0,
        )
    else:
        for q in situation:
            tally.item(
                q.turn,
                q.text,
                bi(
                    f"背景问题占你提问的{fmt(percent)}%，超过了{fmt(cfg.full_share)}%，"
                    "这是其中之一。",
                    f"Situation questions were {fmt(percent)}% of your questions, above "
                    f"{fmt(cfg.full_share)}%; this was one of them.",
                ),
                credit=credit,
                share=1 / len(situation),
            )
    for q in questions:
        known = [f for f in q.about if f in log.start.facts and log.fact_known_before(f, q.turn)]
        for fact in known:
            zh_fact, en_fact = log.name(fact, "zh"), log.name(fact, "en")
            briefed = log.start.facts[fact].known
            where_zh = "任务简报里已经给出" if briefed else "客户之前已经说过"
            where_en = "was in your briefing" if briefed else "the buyer had already told you"
            tally.penalty(
                q.turn,
                q.text,
                bi(
                    f"第{q.turn}轮你问了「{zh_fact}」，而这个信息{where_zh}。",
                    f"At turn {q.turn} you asked about '{en_fact}', which {where_en}.",
                ),
                cfg.known_fact_penalty,
            )
    return tally.result()


def is_discovery(log: Log, stage: str, stages: list[str]) -> bool:
    """A meeting that starts in a discovery stage; for a custom cycle naming none of them,
    one that starts in the first half of the cycle."""
    cycle = list(log.start.stages)
    if any(s in cycle for s in stages):
        return stage in stages
    return stage in cycle and cycle.index(stage) < max(1, len(cycle) // 2)


def q4_question_count(log: Log, cfg: Q4Config) -> RuleResult:
    """Q4: in each finished discovery meeting, questions make up at least ``full_share`` %
    of the trainee's turns (less: credit in proportion).

    Why: winning discovery calls carry many questions (Gong: 11-14 per call); a seller who
    mostly talks is pitching. A scenario's meeting has only a handful of turns, so the share
    is judged rather than the count. Only finished meetings that start in a discovery stage,
    and in which the trainee spoke, are judged.
    """
    meetings = [
        m
        for m in log.finished_meetings()
        if is_discovery(log, m.stage, cfg.discovery_stages) and log.moves_in(m.number)
    ]
    if not meetings:
        return not_assessed(
            Q4,
            cfg.weight,
            bi("没有已结束的发现问题阶段的会议。", "No finished meeting was a discovery meeting."),
        )
    tally = Tally(Q4, cfg.weight)
    for meeting in meetings:
        moves = log.moves_in(meeting.number)
        count = sum(m.move == "question" for m in moves)
        percent = 100 * count / len(moves)
        credit = min(1.0, percent / cfg.full_share)
        if credit >= 1:
            note = bi(
                f"第{meeting.number}次会议你的{len(moves)}次发言中有{count}个问题"
                f"（{fmt(percent)}%），以提问为主。",
                f"In meeting {meeting.number}, {count} of your {len(moves)} turns were "
                f"questions ({fmt(percent)}%): you mostly asked.",
            )
        else:
            note = bi(
                f"第{meeting.number}次会议你的{len(moves)}次发言中只有{count}个问题"
                f"（{fmt(percent)}%，至少应占{fmt(cfg.full_share)}%）：说得多、问得少。",
                f"In meeting {meeting.number} only {count} of your {len(moves)} turns were "
                f"questions ({fmt(percent)}%; at least {fmt(cfg.full_share)}% is best): more "
                "telling than asking.",
            )
        last = moves[-1]
        tally.item(last.turn, last.text, note, credit=credit, share=1 / len(meetings), anchor=True)
    return tally.result()


def _answers(log: Log, seconds: float) -> dict[int, bool]:
    """For each trainee turn: did the buyer give a substantial answer since the trainee's
    previous turn? Substantial means new to the conversation: a fact not known before, a
    pain raised to a higher level, a cue not heard before, an objection, or a line of at
    least ``seconds`` not heard before. A line repeated in a loop says nothing new."""
    facts = {f for f, info in log.start.facts.items() if info.known}
    needs: dict[str, int] = {}
    cues: set[str] = set()
    heard: set[str] = set()
    out: dict[int, bool] = {}
    fresh = False
    for turn in log.turns:
        if isinstance(turn, TraineeMove):
            out[turn.turn] = fresh
            fresh = False
            continue
        line: BuyerLine = turn
        if line.speaker is None:
            continue
        new = (
            bool(set(line.reveals) - facts)
            or any(NEED_LEVELS.index(level) > needs.get(p, 0) for p, level in line.pains.items())
            or bool(set(line.cues) - cues)
            or bool(line.objection)
            or (line.seconds >= seconds and line.node not in heard)
        )
        fresh = fresh or new
        facts.update(line.reveals)
        for pain, level in line.pains.items():
            needs[pain] = max(needs.get(pain, 0), NEED_LEVELS.index(level))
        cues.update(line.cues)
        heard.add(line.node)
    return out


def q5_no_interrogation(log: Log, cfg: Q5Config) -> RuleResult:
    """Q5: no long runs of questions without a substantial answer, no question asked twice;
    open questions help.

    Why: a string of questions met by answers that add nothing is an interrogation, not a
    conversation (Gong: questions spread through the call, not fired in a row); asking again
    what was already asked shows you were not listening. A run longer than ``max_run`` costs
    ``run_penalty`` per extra question, a repeat ``repeat_penalty``. Open/closed is weighted
    lightly (``open_weight``): Rackham found it made no difference in large sales; it is
    judged only where trainers tagged ``open``.
    """
    questions = [m for m in log.moves if m.move == "question"]
    if not questions:
        return not_assessed(Q5, cfg.weight, bi("你一个问题也没有问。", "You asked no questions."))
    tally = Tally(Q5, cfg.weight)
    answered = _answers(log, cfg.substantial_seconds)
    run = 0
    previous: TraineeMove | None = None
    asked: set[str] = set()
    for move in log.moves:
        if move.move != "question":
            run = 0
            previous = move
            continue
        same_meeting = previous is not None and previous.meeting == move.meeting
        run = run + 1 if (run and not answered[move.turn] and same_meeting) else 1
        if run > cfg.max_run:
            tally.penalty(
                move.turn,
                move.text,
                bi(
                    f"第{move.turn}轮是你连续第{run}个问题，而客户一直没有给出新的信息。",
                    f"Turn {move.turn} was your question number {run} in a row without the "
                    "buyer telling you anything new.",
                ),
                cfg.run_penalty,
            )
        if move.choice in asked:
            tally.penalty(
                move.turn,
                move.text,
                bi(
                    f"第{move.turn}轮你把问过的问题又问了一遍。",
                    f"At turn {move.turn} you asked a question you had already asked.",
                ),
                cfg.repeat_penalty,
            )
        asked.add(move.choice)
        previous = move
    tally.item(
        None,
        "",
        bi("提问节奏：没有连续的审问式提问。", "Pace: no long run of unanswered questions."),
        credit=1.0,
        share=1 - cfg.open_weight,
    )
    tagged = [q for q in questions if q.open is not None]
    if cfg.open_weight > 0:
        closed = [q for q in tagged if not q.open]
        percent = 100 * (len(tagged) - len(closed)) / len(tagged) if tagged else 100.0
        credit = min(1.0, percent / cfg.open_target_share)
        if credit >= 1 or not closed:
            tally.item(
                None,
                "",
                bi(
                    "开放式与封闭式问题的比例合适（或未标注）。",
                    "Open and closed questions were balanced (or not tagged).",
                ),
                credit=1.0,
                share=cfg.open_weight,
            )
        else:
            for q in closed:
                tally.item(
                    q.turn,
                    q.text,
                    bi(
                        f"开放式问题只占{fmt(percent)}%，这是一个封闭式问题。",
                        f"Only {fmt(percent)}% of your questions were open; this one was closed.",
                    ),
                    credit=credit,
                    share=cfg.open_weight / len(closed),
                )
    return tally.result()


def q6_need_payoff(log: Log, cfg: Q6Config) -> RuleResult:
    """Q6: in each meeting where the trainee asks for a commitment (a next step or a close,
    ``commitment_moves``), a need-payoff question came first in that meeting, so the buyer
    stated the value before being asked to commit.

    Why: need-payoff questions get the buyer to state the benefit in their own words, which
    builds explicit needs and the case for the decision (Rackham, SPIN Selling, 1988). Each
    meeting has its own audience: the people deciding must hear the value from themselves.
    """
    judged: list[tuple[TraineeMove, TraineeMove | None]] = []
    for meeting in log.meetings:
        moves = log.moves_in(meeting.number)
        ask = next((m for m in moves if m.move in cfg.commitment_moves), None)
        if ask is None:
            continue
        payoff = next(
            (
                m
                for m in moves
                if m.turn < ask.turn and m.move == "question" and m.spin == "need_payoff"
            ),
            None,
        )
        judged.append((ask, payoff))
    if not judged:
        return not_assessed(
            Q6,
            cfg.weight,
            bi(
                "你没有要求客户做任何承诺（下一步或成交），没有可判断的内容。",
                "You asked for no commitment (a next step or a close), so there was "
                "nothing to judge.",
            ),
        )
    tally = Tally(Q6, cfg.weight)
    for ask, payoff in judged:
        if payoff is not None:
            note = bi(
                f"第{ask.turn}轮要求承诺之前，你在第{payoff.turn}轮用需求-效益问题让客户自己说出了价值。",
                f"Before asking for a commitment at turn {ask.turn}, your need-payoff question at "
                f"turn {payoff.turn} let the buyer state the value.",
            )
            tally.item(payoff.turn, payoff.text, note, credit=1.0, share=1 / len(judged))
        else:
            note = bi(
                f"第{ask.turn}轮你要求客户承诺，但这次会议里客户还没有亲口说出解决问题的价值"
                "（没有需求-效益问题）。",
                f"At turn {ask.turn} you asked for a commitment, but in this meeting the buyer "
                "had not yet stated what solving the problem is worth (no need-payoff question).",
            )
            tally.item(ask.turn, ask.text, note, credit=0.0, share=1 / len(judged))
    return tally.result()


def rules(log: Log, rubric: RubricModel) -> list[RuleResult]:
    """Every questioning rule, in order."""
    cfg = rubric.questioning
    return [
        q1_investigate_before_presenting(log, cfg.Q1),
        q2_explicit_needs(log, cfg.Q2),
        q3_situation_share(log, cfg.Q3),
        q4_question_count(log, cfg.Q4),
        q5_no_interrogation(log, cfg.Q5),
        q6_need_payoff(log, cfg.Q6),
    ]
