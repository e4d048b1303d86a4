"""From rule results to the verdict: dimension scores, overall, pass/fail, costly moments.

How the numbers are made (docs/scoring.md says the same for trainers):

- A dimension's score is ``100 * earned / possible`` over its *assessed* rules (a rule's
  ``max`` is its rubric weight), plus its adjustments (taboo penalties, trainer scores),
  clamped to 0-100 and rounded to one decimal.
- A dimension none of whose rules had anything to judge is *not assessed*: score None,
  tier None, and the reason. It takes no part in the overall score. (If only adjustments
  touched it, it starts from 100: nothing the rules saw went wrong.)
- ``overall`` is the mean of the assessed dimensions' scores weighted by the rubric's
  dimension weights, rounded to one decimal; None if nothing was assessed.
- ``passed``: overall >= ``pass_mark``, every assessed dimension >= ``dimension_floor``,
  at least ``min_assessed`` dimensions assessed (a dimension weighted 0 is shown but counts
  for neither), and the session finished (a partial
  session cannot pass unless ``partial_can_pass``); with ``stalled_session_fails`` a
  session whose last meeting ended in a continuation, or in a no-sale the trainee caused,
  does not pass either: the sale stalled.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from game.engine.diagnostics import ScenarioError
from game.scoring import listening, next_step, pricing, questioning
from game.scoring.log import Log, RecordError, TraineeMove, read_log
from game.scoring.report import (
    DIMENSIONS,
    Bilingual,
    DimensionScore,
    Evidence,
    Moment,
    RuleResult,
    ScoreReport,
)
from game.scoring.rubric import Layer, Rubric, RubricModel, default_rubric, stack_layers
from game.scoring.taboos import (
    TABOOS,
    TRAINER_TITLE,
    severe_acts,
    taboo_rules,
    trainer_adjustments,
)
from game.scoring.tally import RuleInfo, bi, fmt

DIMENSION_NAMES: dict[str, Bilingual] = {
    "questioning": bi("提问", "Questioning"),
    "listening": bi("聆听", "Listening"),
    "pricing_timing": bi("报价时机", "Pricing timing"),
    "next_step": bi("下一步", "Next step"),
}
TIER_NAMES: dict[str, Bilingual] = {
    "excellent": bi("优秀", "excellent"),
    "proficient": bi("熟练", "proficient"),
    "developing": bi("发展中", "developing"),
    "needs_work": bi("待提高", "needs work"),
}

_RULES = {
    "questioning": questioning.rules,
    "listening": listening.rules,
    "pricing_timing": pricing.rules,
    "next_step": next_step.rules,
}


def tier_of(score: float | None, rubric: RubricModel) -> str | None:
    if score is None:
        return None
    tiers = rubric.tiers
    if score >= tiers.excellent:
        return "excellent"
    if score >= tiers.proficient:
        return "proficient"
    if score >= tiers.developing:
        return "developing"
    return "needs_work"


def _possible(rules: list[RuleResult]) -> float:
    return sum(r.max for r in rules if r.kind == "rule" and r.assessed and r.max > 0)


def dimension_score(dimension: str, rules: list[RuleResult], rubric: RubricModel) -> DimensionScore:
    """Sum a dimension's rules and adjustments into its 0-100 score (or not assessed)."""
    weight = rubric.dimension_weight(dimension)
    assessed = [r for r in rules if r.kind == "rule" and r.assessed and r.max > 0]
    adjustments = [r for r in rules if r.kind != "rule" and r.points]
    if not assessed and not adjustments:
        reasons = [r.not_assessed for r in rules if r.kind == "rule" and r.not_assessed]
        reason = reasons[0] if reasons else bi("没有可判断的内容。", "Nothing to judge.")
        return DimensionScore(dimension, None, None, tuple(rules), reason, weight)
    possible = _possible(rules)
    earned = sum(r.points or 0.0 for r in assessed)
    base = 100 * earned / possible if possible > 0 else 100.0
    total = base + sum(r.points or 0.0 for r in adjustments)
    score = round(min(100.0, max(0.0, total)), 1)
    return DimensionScore(dimension, score, tier_of(score, rubric), tuple(rules), None, weight)


def overall_score(dimensions: Mapping[str, DimensionScore]) -> float | None:
    """Weighted mean of the assessed dimensions (rubric weights), one decimal; None if none."""
    scored = [(d.score, d.weight) for d in dimensions.values() if d.score is not None]
    total_weight = sum(w for _, w in scored)
    if not scored or total_weight <= 0:
        return None
    return round(sum(s * w for s, w in scored) / total_weight, 1)


def final_outcome(log: Log) -> str | None:
    """How far the deal got: the last meeting's outcome when the session finished (a
    finished session whose meeting has no outcome, e.g. time ran out, is a continuation);
    None for a session quit early."""
    finished = log.finished_meetings()
    if log.partial or not finished or finished[-1] is not log.meetings[-1]:
        return None
    return finished[-1].outcome or "continuation"


def stalled(log: Log, rubric: RubricModel) -> Bilingual | None:
    """Why the sale stalled or was lost, if the session's last meeting ended in a
    continuation or a no-sale; None otherwise."""
    outcome = final_outcome(log)
    if outcome is None:
        return None
    last = log.meetings[-1]
    if outcome == "continuation":
        return bi(
            f"最后一次会议（第{last.number}次）以原地踏步结束：客户没有承诺任何推进，销售停滞了。",
            f"The last meeting (meeting {last.number}) ended in a continuation: the buyer "
            "committed to nothing, so the sale stalled.",
        )
    if outcome == "no_sale":
        return bi(
            f"最后一次会议（第{last.number}次）以未成交告终：这单生意丢了。",
            f"The last meeting (meeting {last.number}) ended with no sale: the deal was lost.",
        )
    return None


OUTCOME_WORDS: dict[str, Bilingual] = {
    "order": bi("签单", "an order"),
    "advance": bi("推进", "an advance"),
    "continuation": bi("原地踏步", "a continuation"),
    "no_sale": bi("未成交", "no sale"),
}


def outcome_points(log: Log, rubric: RubricModel) -> Evidence | None:
    """How far the deal got, as overall points (``overall.outcome_points``): with the same
    conduct an order beats an advance beats a continuation. None for a session quit early."""
    outcome = final_outcome(log)
    if outcome is None:
        return None
    points = float(rubric.overall.outcome_points.get(outcome, 0.0))  # type: ignore[call-overload]
    word = OUTCOME_WORDS.get(outcome, bi(outcome, outcome))
    return Evidence(
        log.last_turn(),
        "",
        bi(f"交易的结果：{word['zh']}。", f"Where the deal ended: {word['en']}."),
        points,
        anchor=True,
    )


def overall_cap(
    log: Log, rubric: RubricModel, severe: tuple[Evidence, ...]
) -> tuple[float, Bilingual] | None:
    """The highest overall the session may have, and why: severe mistakes and a stalled or
    lost deal each cap it below the pass mark. None: no cap."""
    caps: list[tuple[float, Bilingual]] = []
    if severe:
        cap = float(rubric.severe.cap)
        caps.append(
            (
                cap,
                bi(
                    f"有严重失误（{len(severe)}处），总分最高{fmt(cap)}。",
                    f"{len(severe)} severe mistake{'s' * (len(severe) != 1)}: the overall is "
                    f"capped at {fmt(cap)}.",
                ),
            )
        )
    if stalled(log, rubric) is not None:
        cap = float(rubric.overall.stalled_cap)
        caps.append(
            (
                cap,
                bi(
                    f"销售停滞或丢单，总分最高{fmt(cap)}。",
                    f"The sale stalled or was lost: the overall is capped at {fmt(cap)}.",
                ),
            )
        )
    return min(caps, key=lambda c: c[0]) if caps else None


def verdict(
    dimensions: Mapping[str, DimensionScore],
    overall: float | None,
    partial: bool,
    rubric: RubricModel,
    stall: Bilingual | None = None,
    severe: tuple[Evidence, ...] = (),
) -> tuple[bool, tuple[Bilingual, ...]]:
    """Pass or fail, and every reason for a fail, most important first: severe mistakes,
    then a stalled or lost sale (``stall``), then the marks."""
    cfg = rubric.overall
    reasons: list[Bilingual] = [e.note for e in severe]
    if stall is not None and cfg.stalled_session_fails:
        reasons.append(stall)
    if partial and not cfg.partial_can_pass:
        reasons.append(
            bi(
                "会话没有完成（提前退出），不能判定通过。",
                "The session was not finished (quit early).",
            )
        )
    # a dimension weighted 0 is shown but not graded: it counts for neither floor nor minimum
    assessed = [d for d in dimensions.values() if d.score is not None and d.weight > 0]
    if len(assessed) < cfg.min_assessed:
        reasons.append(
            bi(
                f"只有{len(assessed)}个维度可以评分，至少需要{cfg.min_assessed}个。",
                f"Only {len(assessed)} dimension{'s' * (len(assessed) != 1)} could be scored; "
                f"at least {cfg.min_assessed} are needed.",
            )
        )
    if overall is None or overall < cfg.pass_mark:
        shown = "-" if overall is None else fmt(overall)
        reasons.append(
            bi(
                f"总分{shown}，低于及格线{fmt(cfg.pass_mark)}。",
                f"Overall {shown} is below the pass mark of {fmt(cfg.pass_mark)}.",
            )
        )
    for d in assessed:
        assert d.score is not None
        if d.score < cfg.dimension_floor:
            name = DIMENSION_NAMES.get(d.dimension, bi(d.dimension, d.dimension))
            reasons.append(
                bi(
                    f"「{name['zh']}」得分{fmt(d.score)}，低于单项最低分{fmt(cfg.dimension_floor)}。",
                    f"{name['en']} scored {fmt(d.score)}, below the floor of "
                    f"{fmt(cfg.dimension_floor)} for each dimension.",
                )
            )
    return not reasons, tuple(reasons)


def moments(log: Log, dimensions: Mapping[str, DimensionScore]) -> tuple[Moment, ...]:
    """Every moment that cost points, on the dimension's 0-100 scale, most costly first.

    The advice (what to do instead) is the rule's coaching, never the trainer's feedback on
    the choice taken: that feedback is often praise of the very move, and a card saying
    "−6 on Next step" over praise teaches nothing. The feedback travels beside it
    (``Moment.feedback``), shown as the trainer's note on what was said.
    """
    found: dict[tuple[int | None, str, str], Moment] = {}
    raw: dict[tuple[int | None, str, str], float] = {}
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    for dim in dimensions.values():
        if dim.score is None:
            continue
        possible = _possible(list(dim.rules))
        for rule in dim.rules:
            if not rule.assessed:
                continue
            for e in rule.evidence:
                if e.points >= 0:
                    continue
                if rule.kind == "rule":
                    lost = -e.points * 100 / possible if possible > 0 else 0.0
                else:
                    lost = -e.points
                turn = log.turn(e.turn)
                feedback = turn.feedback if isinstance(turn, TraineeMove) and not e.anchor else None
                advice = rule.message
                key = (e.turn, dim.dimension, rule.id)
                same = found.get(key)  # one moment per turn and rule (e.g. several pains)
                total = raw[key] = raw.get(key, 0.0) + lost
                found[key] = Moment(
                    e.turn,
                    dim.dimension,
                    rule.id,
                    round(total, 2),
                    e.text,
                    advice,
                    same.note if same else e.note,
                    rule.message,
                    feedback if rule.kind != "trainer" else None,
                )
    ranked = sorted(
        found.values(),
        key=lambda m: (
            -m.lost,
            m.turn if m.turn is not None else 1 << 30,
            order.get(m.dimension, 9),
            m.rule,
        ),
    )
    return tuple(ranked)


def score_log(log: Log, rubric: Rubric) -> ScoreReport:
    """Score a typed event log with an effective rubric (defaults + layers already stacked)."""
    settings = rubric.settings
    by_dimension: dict[str, list[RuleResult]] = {
        d: list(_RULES[d](log, settings)) for d in DIMENSIONS
    }
    for result in taboo_rules(log, settings):
        by_dimension[result.dimension].append(result)
    for dim in DIMENSIONS:
        extra = trainer_adjustments(log, dim)
        if extra is not None:
            by_dimension[dim].append(extra)
    dimensions = {d: dimension_score(d, by_dimension[d], settings) for d in DIMENSIONS}
    conduct = overall_score(dimensions)
    outcome = outcome_points(log, settings)
    severe = severe_acts(log, settings.severe)
    cap = overall_cap(log, settings, severe)
    overall = conduct
    if conduct is not None:
        total = conduct + sum(e.points for e in severe) + (outcome.points if outcome else 0.0)
        if cap is not None:
            total = min(total, cap[0])
        overall = round(min(100.0, max(0.0, total)), 1)
    passed, reasons = verdict(
        dimensions, overall, log.partial, settings, stalled(log, settings), severe
    )
    return ScoreReport(
        dimensions=dimensions,
        overall=overall,
        tier=tier_of(overall, settings),
        passed=passed,
        rubric=rubric.identity(),
        moments=moments(log, dimensions),
        partial=log.partial,
        fail_reasons=reasons,
        pass_mark=float(settings.overall.pass_mark),
        dimension_floor=float(settings.overall.dimension_floor),
        conduct=conduct,
        outcome=outcome,
        severe=severe,
        cap=None if cap is None else cap[0],
        cap_reason=None if cap is None else cap[1],
    )


def recorded_layers(record: Mapping[str, Any]) -> tuple[Layer, ...]:
    """The ``--rubric`` file layers a record was scored with (stored under scores.rubric)."""
    scores = record.get("scores")
    if not isinstance(scores, dict):
        return ()
    stored = scores.get("rubric")
    if not isinstance(stored, dict):
        return ()
    files = stored.get("files", [])
    if not isinstance(files, list):
        raise RecordError(("scores", "rubric", "files"), "must be a list of {name, data}")
    layers = []
    for i, item in enumerate(files):
        if not isinstance(item, dict) or not isinstance(item.get("data"), dict):
            raise RecordError(("scores", "rubric", "files", i), "must be {name, data}")
        layers.append(Layer(str(item.get("name", "rubric")), item["data"]))
    return tuple(layers)


def effective_rubric(record: Mapping[str, Any], log: Log, rubric: Rubric | None) -> Rubric:
    """default < the scenario's section (from the log) < the file layers: those of ``rubric``
    if given, else those the record was scored with."""
    try:
        files = rubric.files if rubric is not None else recorded_layers(record)
        base = default_rubric().with_files(files) if files else default_rubric()
    except ScenarioError as exc:
        raise RecordError(("scores", "rubric", "files"), _first(exc)) from None
    try:
        return stack_layers(
            None if not log.start.rubric else Layer("scenario", log.start.rubric),
            base.files,
            "<record>",
        )
    except ScenarioError as exc:
        raise RecordError(
            ("events", 0, "rubric"), "the scenario's rubric: " + _first(exc)
        ) from None


def _first(exc: ScenarioError) -> str:
    return exc.diagnostics[0].message if exc.diagnostics else str(exc)


def score_record(record: Mapping[str, Any], rubric: Rubric | None = None) -> ScoreReport:
    """Score a session record from its events alone.

    ``rubric`` None: the defaults, the scenario's ``rubric:`` section (carried in the
    ``session_started`` event) and any rubric file the record was scored with before.
    Given (``load_rubric(path)``): its file layers replace the recorded ones; the scenario's
    section still sits between the defaults and the file. Raises RecordError for a record
    that cannot be scored.
    """
    log = read_log(record)
    return score_log(log, effective_rubric(record, log, rubric))


def add_scores(record: dict[str, Any], report: ScoreReport) -> dict[str, Any]:
    """Put the report under ``record["scores"]`` (in place) and return the record."""
    record["scores"] = report.to_dict()
    return record


def rule_titles() -> dict[str, Bilingual]:
    """Every rule's id and title (the four dimensions' rules, each taboo, the trainer's
    score): what reports call the rules they count, without a record at hand."""
    titles: dict[str, Bilingual] = {}
    for module in (questioning, listening, pricing, next_step):
        for value in vars(module).values():
            if isinstance(value, RuleInfo):
                titles[value.id] = value.title
    for flag, (title, _message) in TABOOS.items():
        titles[f"T-{flag}"] = title
    titles["S-trainer"] = TRAINER_TITLE
    return titles
