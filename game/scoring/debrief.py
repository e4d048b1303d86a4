"""The text debrief: what ``salessim play --text`` prints at the end and ``salessim score``
prints for a record. Both build it from the same record and report, so they read the same.

Parts, in order: how far the buyer moved (each meeting's outcome, the stage trail with
blocked gates and loop-backs), the four scores with tiers and pass/fail, the three moments
that cost most (with the trainer's feedback or the rule's coaching), every taboo broken,
and each rule's points.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from game.engine.labels import OUTCOMES, UI, label, stage_name
from game.engine.text import columns
from game.engine.trail import furthest_stage, meeting_outcomes, stage_trail
from game.record import Ended, Event, Gate, SessionStarted, TraineeMove
from game.scoring.report import Moment, ScoreReport, pick
from game.scoring.score import DIMENSION_NAMES, TIER_NAMES
from game.scoring.tally import fmt

WORDS: dict[str, dict[str, str]] = {
    "scores": {"zh": "评分", "en": "Scores"},
    "overall": {"zh": "总分", "en": "Overall"},
    "passed": {"zh": "通过", "en": "PASS"},
    "failed": {"zh": "未通过", "en": "FAIL"},
    "not_assessed": {"zh": "不评分", "en": "not assessed"},
    "moments": {"zh": "最失分的时刻", "en": "Moments that cost most"},
    "turn": {"zh": "第{n}轮", "en": "Turn {n}"},
    "end": {"zh": "全程", "en": "Overall"},
    "why": {"zh": "原因", "en": "Why"},
    "trainer": {"zh": "教练对你这句话的点评", "en": "Trainer's note on what you said"},
    "instead": {"zh": "建议", "en": "Instead"},
    "taboos": {"zh": "禁忌", "en": "Taboos"},
    "rules": {"zh": "各项规则", "en": "Rules"},
    "partial": {
        "zh": "部分评分：会话没有完成，只按已经发生的内容评分。",
        "en": "Partial: the session did not finish; scored on what happened.",
    },
    "blocked": {"zh": "未通过的决策点", "en": "Decision points blocked"},
    "loops": {"zh": "回环", "en": "Loop-backs"},
    "rubric": {"zh": "评分标准", "en": "Rubric"},
    "none_lost": {"zh": "没有失分的时刻。", "en": "No moment cost points."},
    "points": {"zh": "分", "en": "pts"},
    "severe": {"zh": "严重失误（不能通过）", "en": "Severe mistakes (no pass)"},
    "conduct": {"zh": "四项加权", "en": "Four dimensions"},
    "overall_points": {"zh": "总分", "en": "overall"},
    "cost": {"zh": "「{dim}」扣{lost}分（满分100）", "en": "−{lost} of 100 on {dim}"},
    "all_of": {"zh": "{rule}的{max}分全部失去", "en": "all {max} points of {rule}"},
    "typed": {"zh": "你输入的是", "en": "You typed"},
    "counted": {"zh": "算作上面这句", "en": "counted as the line above"},
}


def w(key: str, lang: str) -> str:
    entry = WORDS[key]
    return entry.get(lang) or entry["en"]


def trail_lines(events: Sequence[Event], lang: str) -> list[str]:
    """How far the buyer moved: the outcome, each meeting's outcome, the stage trail, the
    furthest stage, and how many gates were blocked and loop-backs happened."""
    start = events[0] if events and isinstance(events[0], SessionStarted) else None
    ended = next((e for e in reversed(events) if isinstance(e, Ended)), None)
    result = ended.outcome if ended else None
    lines = [
        f"== {label(UI, 'outcome', lang)}: {label(OUTCOMES, result, lang) if result else '-'} =="
    ]
    for number, outcome in meeting_outcomes(events):
        shown = label(OUTCOMES, outcome, lang) if outcome else "-"
        lines.append(f"  {label(UI, 'meeting', lang)} {number}: {shown}")
    trail = stage_trail(events)
    parts = []
    for step in trail:
        name = stage_name(step.stage, lang, start)
        if step.how == "blocked":
            parts.append(f"✗({name})")
        elif step.how == "loop_back":
            parts.append(f"↺ {name}")
        else:
            parts.append(name)
    lines.append(f"{label(UI, 'buyer_moved', lang)}: {' → '.join(parts)}")
    stage, _ = furthest_stage(events)
    lines.append(f"{label(UI, 'furthest', lang)}: {stage_name(stage, lang, start)}")
    blocked = sum(step.how == "blocked" for step in trail)
    loops = sum(step.how == "loop_back" for step in trail)
    lines.append(f"{w('blocked', lang)}: {blocked} · {w('loops', lang)}: {loops}")
    for stage, needed in blocked_needs(events, lang):
        lines.append(f"  ✗ {stage_name(stage, lang, start)} — {label(UI, 'still_needed', lang)}:")
        lines.extend(f"      · {n}" for n in needed)
    return lines


def blocked_needs(events: Sequence[Event], lang: str) -> list[tuple[str, list[str]]]:
    """Each blocked decision point (once per stage, the last time it was tried) with what the
    buyer still needed then: the debrief shows it even when the meeting kept it hidden."""
    found: dict[str, list[str]] = {}
    for ev in events:
        if isinstance(ev, Gate) and not ev.passed and ev.missing:
            found[ev.stage_from] = [pick(m, lang) for m in ev.missing]
    return list(found.items())


def _turn(turn: int | None, lang: str) -> str:
    return w("end", lang) if turn is None else w("turn", lang).format(n=turn)


def _quote(text: str, lang: str) -> str:
    if not text:
        return ""
    short = text if len(text) <= 80 else text[:79] + "…"
    return f" “{short}”" if lang == "zh" else f' "{short}"'


def overall_cost(report: ScoreReport, moment: Moment) -> float:
    """What a moment cost the overall score: its dimension points times the dimension's
    share of the overall weight."""
    weights = {d: s.weight for d, s in report.dimensions.items() if s.score is not None}
    total = sum(weights.values())
    return moment.lost * weights.get(moment.dimension, 0.0) / total if total > 0 else 0.0


def turn_groups(report: ScoreReport) -> list[list[Moment]]:
    """Every turn that cost points, as one group of moments (one per rule it cost), the turns
    that cost the overall score most first; each group's moments costliest first. Moments
    without a turn stand alone."""
    groups: dict[object, list[Moment]] = {}
    for i, m in enumerate(report.moments):
        key: object = m.turn if m.turn is not None else ("whole", i)
        groups.setdefault(key, []).append(m)
    for group in groups.values():
        group.sort(key=lambda m: -overall_cost(report, m))
    return sorted(
        groups.values(),
        key=lambda ms: (
            -round(sum(overall_cost(report, m) for m in ms), 6),
            ms[0].turn if ms[0].turn is not None else 1 << 30,
        ),
    )


def top_moments(report: ScoreReport, count: int = 3) -> list[list[Moment]]:
    """The ``count`` turns that cost the overall score most (see ``turn_groups``)."""
    return turn_groups(report)[:count]


def is_taboo(moment: Moment) -> bool:
    return moment.rule.startswith("T-")


def card_groups(report: ScoreReport) -> list[list[Moment]]:
    """The debrief's cards, one per turn: every turn with a taboo broken first (marked as
    one), then the rest, most costly first."""
    groups = turn_groups(report)
    return [g for g in groups if any(map(is_taboo, g))] + [
        g for g in groups if not any(map(is_taboo, g))
    ]


def advice_of(group: Sequence[Moment], lang: str) -> list[str]:
    """What to do instead at one turn: each rule's coaching once, in the group's order. Never
    the trainer's feedback on the choice taken, which may praise the very move penalised."""
    seen: list[str] = []
    for m in group:
        said = pick(m.coaching or m.advice, lang)
        if said and said not in seen:
            seen.append(said)
    return seen


def _cost(report: ScoreReport, moment: Moment, lang: str) -> str:
    """What a moment cost, exactly: "−6.3 of 100 on Next step (N4)", and when the rule lost
    every point it had, that it did."""
    dim = pick(DIMENSION_NAMES.get(moment.dimension), lang) or moment.dimension
    text = w("cost", lang).format(dim=dim, lost=fmt(moment.lost))
    dimension = report.dimensions.get(moment.dimension)
    rule = next((r for r in dimension.rules if r.id == moment.rule), None) if dimension else None
    if rule is not None and rule.kind == "rule" and rule.points == 0 and rule.max > 0:
        whole = w("all_of", lang).format(max=fmt(rule.max), rule=moment.rule)
        return f"{text} ({whole})"
    return f"{text} ({moment.rule})"


def pad(text: str, cols: int) -> str:
    return text + " " * max(0, cols - columns(text))


def typed_words(events: Sequence[Event]) -> dict[int, str]:
    """Turn -> the words the trainee typed there (free-text play): a debrief shows them
    beside the authored line they counted as, which is what was scored."""
    return {e.turn: e.typed.words for e in events if isinstance(e, TraineeMove) and e.typed}


def score_lines(
    report: ScoreReport, lang: str, typed: Mapping[int, str] | None = None
) -> list[str]:
    """The scores, pass/fail, costly moments, taboos and per-rule points; ``typed``: the
    words typed per turn (``typed_words``), shown under each moment's line."""
    out = [f"== {w('scores', lang)} =="]
    if report.partial:
        out.append(f"  [{w('partial', lang)}]")
    cols = max(columns(pick(n, lang)) for n in DIMENSION_NAMES.values()) + 2
    for dim, result in report.dimensions.items():
        name = pick(DIMENSION_NAMES.get(dim), lang) or dim
        if result.score is None:
            why = pick(result.not_assessed, lang)
            out.append(f"  {pad(name, cols)}{w('not_assessed', lang)}: {why}")
        else:
            tier = pick(TIER_NAMES.get(result.tier or ""), lang)
            out.append(f"  {pad(name, cols)}{fmt(result.score):>5}  {tier}")
    overall = "-" if report.overall is None else fmt(report.overall)
    # a tier beside a fail ("84 proficient — FAIL") reads as a contradiction: the overall's
    # tier is named only when the session passed; a fail gives its reasons below instead
    tier = pick(TIER_NAMES.get(report.tier or ""), lang) if report.passed else ""
    verdict = w("passed", lang) if report.passed else w("failed", lang)
    out.append(
        f"  {pad(w('overall', lang), cols)}{overall:>5}  {tier + '  ' if tier else ''}— {verdict}"
    )
    if report.conduct is not None and report.overall != report.conduct:
        parts = [f"{w('conduct', lang)} {fmt(report.conduct)}"]
        if report.outcome is not None and report.outcome.points:
            said = pick(report.outcome.note, lang).rstrip("。.")
            parts.append(f"{said} {fmt(report.outcome.points)}")
        if report.severe:
            lost = sum(e.points for e in report.severe)
            parts.append(f"{w('severe', lang)} {fmt(lost)}")
        if report.cap_reason is not None:
            parts.append(pick(report.cap_reason, lang))
        out.append(f"    = {'; '.join(parts)}")
    for reason in report.fail_reasons:
        out.append(f"    · {pick(reason, lang)}")
    out.append("")
    if report.severe:
        out.append(f"== {w('severe', lang)} ==")
        for e in report.severe:
            out.append(
                f"  {pick(e.note, lang)} ({w('overall_points', lang)} {fmt(e.points)})"
                f"{_quote(e.text, lang)}"
            )
        out.append("")
    out.append(f"== {w('moments', lang)} ==")
    groups = top_moments(report)
    if not groups:
        out.append(f"  {w('none_lost', lang)}")
    for i, group in enumerate(groups, start=1):
        first = group[0]
        out.append(f"  {i}. {_turn(first.turn, lang)}{_quote(first.text, lang)}")
        if typed and first.turn is not None and first.turn in typed:
            out.append(
                f"     {w('typed', lang)}:{_quote(typed[first.turn], lang)} — {w('counted', lang)}"
            )
        for m in group:
            out.append(f"     {_cost(report, m, lang)}")
            if m.note:
                out.append(f"       {w('why', lang)}: {pick(m.note, lang)}")
        if first.feedback:
            out.append(f"     {w('trainer', lang)}: {pick(first.feedback, lang)}")
        for advice in advice_of(group, lang):
            out.append(f"     {w('instead', lang)}: {advice}")
    taboos = report.taboos
    if taboos:
        out.append("")
        out.append(f"== {w('taboos', lang)} ==")
        for rule, e in taboos:
            dim = pick(DIMENSION_NAMES.get(rule.dimension), lang)
            out.append(
                f"  {_turn(e.turn, lang)} — {pick(rule.title, lang)} "
                f"({dim} −{fmt(-e.points)}){_quote(e.text, lang)}"
            )
            out.append(f"     {w('instead', lang)}: {pick(rule.message, lang)}")
    out.append("")
    out.append(f"== {w('rules', lang)} ==")
    for dim, result in report.dimensions.items():
        out.append(f"  {pick(DIMENSION_NAMES.get(dim), lang)}")
        for rule in result.rules:
            if rule.kind == "taboo" and not rule.evidence:
                continue
            title = pick(rule.title, lang)
            if rule.points is None:
                shown = f"{w('not_assessed', lang)}: {pick(rule.not_assessed, lang)}"
            elif rule.kind != "rule":
                shown = f"{'+' if rule.points > 0 else ''}{fmt(rule.points)}"
            else:
                shown = f"{fmt(rule.points)}/{fmt(rule.max)}"
            out.append(f"    {rule.id:<4} {title}: {shown}")
    rubric = report.rubric
    sha = str(rubric.get("sha256", ""))[:12]
    sources = " < ".join(str(s) for s in rubric.get("sources", []))
    out.append("")
    out.append(f"{w('rubric', lang)}: v{rubric.get('version')} ({sources}; sha256 {sha})")
    return out


def render_debrief(
    events: Sequence[Event],
    report: ScoreReport,
    lang: str,
    *,
    trail: bool = True,
) -> str:
    """The whole debrief as text; ``trail=False`` leaves out the buying-cycle part (terminal
    play has just printed it in its summary)."""
    lines: list[str] = []
    if trail:
        lines.extend(trail_lines(events, lang))
        lines.append("")
    lines.extend(score_lines(report, lang, typed_words(events)))
    return "\n".join(lines) + "\n"
