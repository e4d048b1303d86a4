"""``salessim explore`` output: a page of text a trainer reads, or JSON for tools."""

from __future__ import annotations

from typing import Any

from game.explore import Exploration, ScoredPath, Spread
from game.scoring import DIMENSIONS

SHORT = {
    "questioning": "Q",
    "listening": "L",
    "pricing_timing": "P",
    "next_step": "N",
    "overall": "all",
}


def _spread(s: Spread) -> str:
    if s.low is None:
        return "-"
    return f"{s.low:g}/{s.median:g}/{s.high:g}"


def _path(p: ScoredPath) -> str:
    scores = " ".join(
        f"{SHORT[d]} {'-' if p.scores[d] is None else format(p.scores[d], 'g')}"
        for d in (*DIMENSIONS, "overall")
    )
    verdict = "PASS" if p.passed else "fail"
    taboos = f" taboos {','.join(p.taboos)}" if p.taboos else ""
    return f"{scores} {verdict} -> {p.label}{taboos}\n      --choices {p.choices_text}"


def render(ex: Exploration, *, top: int = 3) -> str:
    sc = ex.scenario
    found, walk = ex.found, ex.walk
    out = [f"== {sc.id} ({ex.language}) =="]
    out.append(
        f"states: {found.states} searched, "
        + (
            "every state reached (exhaustive)"
            if found.exhaustive
            else "budget reached: not exhaustive"
        )
    )
    if walk.exhaustive:
        out.append(f"paths: all {len(walk.paths)} scored")
    else:
        out.append(
            f"paths: {len(walk.paths)} sampled by seeded walks (seed {walk.seed}), guided towards "
            "the endings and the best paths: pass rates are of this sample, not of all paths"
        )
    out.append("")
    out.append("Endings (witness = shortest path found; scores min/median/max over the paths):")
    for e in ex.endings:
        witness = ",".join(map(str, e.shortest)) if e.shortest else "(none found by the search)"
        out.append(
            f"  {e.ending} [{e.outcome or '-'}]: {e.paths} paths, {e.passed} pass "
            f"({e.pass_rate:.0%}); overall {_spread(e.spreads['overall'])}"
        )
        out.append("      " + "  ".join(f"{SHORT[d]} {_spread(e.spreads[d])}" for d in DIMENSIONS))
        out.append(f"      witness --choices {witness}")
    missing = ex.unreached_endings
    qualifier = "" if found.exhaustive else " within the budget"
    out.append(f"  unreached endings{qualifier}: {', '.join(missing) if missing else 'none'}")
    ranked = [p for p in ex.ranked() if p.scores["overall"] is not None]
    if ranked:
        out.append("")
        out.append("Best paths:")
        out += [f"  {_path(p)}" for p in ranked[:top]]
        out.append("Worst paths:")
        out += [f"  {_path(p)}" for p in ranked[-top:][::-1]]
    out.append("")
    nodes, choices = ex.unreached_nodes, ex.untaken_choices
    out.append(f"Nodes no path reaches{qualifier}: {', '.join(nodes) if nodes else 'none'}")
    out.append(f"Choices no path takes{qualifier}: {', '.join(choices) if choices else 'none'}")
    last = sc.model.stage_ids()[-1]
    early = found.early_orders
    out.append(f"Orders before the {last} stage{qualifier}: " + ("none" if not early else ""))
    for ending, (path, stage) in sorted(early.items()):
        witness = ",".join(map(str, path))
        out.append(f"  {ending}: the buyer is at {stage} after --choices {witness}")
    never = found.jumps_never_passing
    out.append(
        f"Jumps that never pass where they are{qualifier}: {', '.join(never) if never else 'none'}"
    )
    return "\n".join(out) + "\n"


def to_json(ex: Exploration) -> dict[str, Any]:
    def path(p: ScoredPath) -> dict[str, Any]:
        return {
            "choices": p.choices_text,
            "ending": p.ending,
            "reason": p.reason,
            "outcome": p.outcome,
            "scores": p.scores,
            "passed": p.passed,
            "taboos": list(p.taboos),
        }

    ranked = [p for p in ex.ranked() if p.scores["overall"] is not None]
    return {
        "scenario": ex.scenario.id,
        "language": ex.language,
        "states": ex.found.states,
        "states_exhaustive": ex.found.exhaustive,
        "paths": len(ex.walk.paths),
        "paths_exhaustive": ex.walk.exhaustive,
        "seed": ex.walk.seed,
        "endings": [
            {
                "ending": e.ending,
                "outcome": e.outcome,
                "paths": e.paths,
                "passed": e.passed,
                "witness": ",".join(map(str, e.shortest)) if e.shortest else None,
                "scores": {
                    d: {"min": s.low, "median": s.median, "max": s.high}
                    for d, s in e.spreads.items()
                },
            }
            for e in ex.endings
        ],
        "unreached_endings": ex.unreached_endings,
        "unreached_nodes": ex.unreached_nodes,
        "untaken_choices": ex.untaken_choices,
        "early_orders": [
            {"ending": ending, "stage": stage, "witness": ",".join(map(str, path))}
            for ending, (path, stage) in sorted(ex.found.early_orders.items())
        ],
        "jumps_never_passing": ex.found.jumps_never_passing,
        "best": [path(p) for p in ranked[:3]],
        "worst": [path(p) for p in ranked[-3:][::-1]],
    }
