"""``salessim explore -o report.html``: the explorer's findings as a page a trainer reads.

One self-contained HTML file (no script, no network): each ending with its witness path and
score ranges, the failing paths that come closest to passing, the choices no path takes and
the nodes no path reaches, and, with the validity checks, every counter-example. Every item
that is a place in the scenario says where: ``file:line`` of the node, choice or ending, so
the trainer can go straight to it. Everything the scenario wrote is escaped.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from game.explore import Exploration, ScoredPath, Spread
from game.explore.validity import Validity
from game.scoring import DIMENSIONS

NAMES = {
    "questioning": "Questioning",
    "listening": "Listening",
    "pricing_timing": "Pricing timing",
    "next_step": "Next step",
    "overall": "Overall",
}
#: Failing paths shown as "came close": the best of them by overall score.
NEAR_MISSES = 6

STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2433;
line-height:1.45;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:2px solid #e3e7ef;
padding-bottom:.2rem}.meta{color:#5b6474}table{border-collapse:collapse;width:100%;
margin:.6rem 0}th,td{border-bottom:1px solid #e3e7ef;padding:.35rem .5rem;text-align:left;
vertical-align:top;font-size:.92rem}th{background:#f4f6fa}code{background:#f4f6fa;
padding:.05rem .3rem;border-radius:4px;font-size:.85rem;word-break:break-all}
.where{color:#2f6fd6;font-family:ui-monospace,monospace;font-size:.85rem}
.pass{color:#1f7a4a;font-weight:600}.fail{color:#b42318;font-weight:600}
.ok{background:#e8f7ee;padding:.6rem .8rem;border-radius:6px}
.bad{background:#fdecea;padding:.6rem .8rem;border-radius:6px}
.order{color:#1f7a4a}.advance{color:#2f6fd6}.continuation{color:#b26a00}.no_sale{color:#b42318}
"""


def _file(ex: Exploration) -> str:
    """The scenario's file as the trainer named it: relative to where the command ran."""
    path = Path(ex.scenario.path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _where(ex: Exploration, *path: str | int) -> str:
    """``file:line:col`` of a place in the scenario, as the validator prints positions."""
    src = ex.scenario.source
    pos = src.pos(tuple(path)) if src is not None else None
    line = f"{pos.line}:{pos.col}" if pos is not None and pos.line else "?"
    return f'<span class="where">{escape(_file(ex))}:{line}</span>'


def _spread(s: Spread) -> str:
    return "–" if s.low is None else f"{s.low:g} / {s.median:g} / {s.high:g}"


def _scores(p: ScoredPath) -> str:
    return " · ".join(
        f"{NAMES[d]} {'–' if p.scores[d] is None else format(p.scores[d], 'g')}"
        for d in (*DIMENSIONS, "overall")
    )


def _choice_place(ex: Exploration, choice_id: str) -> tuple[str, int] | None:
    for (node_id, index), cid in ex.scenario.compiled.choice_ids.items():
        if cid == choice_id:
            return node_id, index
    return None


def render_page(ex: Exploration, validity: Validity | None = None) -> str:
    sc = ex.scenario
    title = sc.text(sc.model.title, ex.language)
    found, walk = ex.found, ex.walk
    out: list[str] = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{escape(title)} — explorer</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">Scenario <code>{escape(sc.id)}</code> · '
        f"{escape(_file(ex))} · played in {escape(ex.language)}</p>",
        "<p>",
        f"{found.states} states searched: "
        + (
            "every state reached (exhaustive)."
            if found.exhaustive
            else "budget reached: not exhaustive, so 'no path' below means none within the budget."
        )
        + "<br>",
        (
            f"All {len(walk.paths)} paths scored."
            if walk.exhaustive
            else f"{len(walk.paths)} paths sampled by seeded walks (seed {walk.seed}), guided "
            "towards the endings and the best paths: counts and pass rates are of this sample."
        ),
        "</p>",
    ]
    out += _endings(ex)
    out += _near_misses(ex)
    out += _unused(ex)
    out += _doubtful(ex)
    out += _validity(validity)
    out += _best_and_worst(ex)
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _endings(ex: Exploration) -> list[str]:
    out = [
        "<h2>Endings</h2>",
        "<p>Each ending a trainee can reach, the shortest way there (<code>salessim play "
        "--text --choices …</code> replays it), and the scores over the paths that end there "
        "(min / median / max).</p>",
        "<table><tr><th>Ending</th><th>Outcome</th><th>Paths</th><th>Pass</th>"
        + "".join(f"<th>{NAMES[d]}</th>" for d in (*DIMENSIONS, "overall"))
        + "<th>Witness</th></tr>",
    ]
    for e in ex.endings:
        witness = ",".join(map(str, e.shortest)) if e.shortest else ""
        where = _where(ex, "endings", e.ending) if e.ending in ex.scenario.model.endings else ""
        out.append(
            f"<tr><td><b>{escape(e.ending)}</b><br>{where}</td>"
            f'<td class="{escape(e.outcome or "")}">{escape(e.outcome or "–")}</td>'
            f"<td>{e.paths}</td><td>{e.passed} ({e.pass_rate:.0%})</td>"
            + "".join(f"<td>{_spread(e.spreads[d])}</td>" for d in (*DIMENSIONS, "overall"))
            + f"<td><code>{escape(witness) or '—'}</code></td></tr>"
        )
    out.append("</table>")
    missing = ex.unreached_endings
    if missing:
        items = "".join(f"<li><b>{escape(m)}</b> {_where(ex, 'endings', m)}</li>" for m in missing)
        out.append(f'<div class="bad">No path reaches these endings:<ul>{items}</ul></div>')
    return out


def _near_misses(ex: Exploration) -> list[str]:
    failing = [p for p in ex.ranked() if not p.passed and p.scores["overall"] is not None]
    out = [
        "<h2>Bad paths that come close to passing</h2>",
        "<p>The failing paths with the highest overall score: check that each deserves to "
        "fail, and that it fails for the reason you meant.</p>",
    ]
    if not failing:
        return [*out, '<p class="ok">No path fails.</p>']
    out.append("<table><tr><th>Scores</th><th>Ends</th><th>Taboos</th><th>Choices</th></tr>")
    for p in failing[:NEAR_MISSES]:
        out.append(
            f"<tr><td>{escape(_scores(p))}</td><td>{escape(p.label)} "
            f'<span class="{escape(p.outcome or "")}">({escape(p.outcome or "–")})</span></td>'
            f"<td>{escape(', '.join(p.taboos)) or '—'}</td>"
            f"<td><code>{escape(p.choices_text)}</code></td></tr>"
        )
    out.append("</table>")
    return out


def _choice_item(ex: Exploration, choice_id: str) -> str:
    """A list item naming a choice: which of its node, where it is written, its words."""
    place = _choice_place(ex, choice_id)
    if place is None:
        return f"<li><code>{escape(choice_id)}</code></li>"
    node_id, index = place
    sc = ex.scenario
    say = sc.text(sc.model.nodes[node_id].choices[index].say, ex.language)  # type: ignore[index]
    return (
        f"<li>choice {index + 1} of <b>{escape(node_id)}</b> "
        f"{_where(ex, 'nodes', node_id, 'choices', index)}: “{escape(say[:120])}”</li>"
    )


def _unused(ex: Exploration) -> list[str]:
    out = ["<h2>Choices no path takes, nodes no path reaches</h2>"]
    choices = ex.untaken_choices
    if choices:
        out.append(
            "<p>No trainee can ever pick these (their <code>requires</code> never holds where "
            "they are offered, or the node is never reached):</p><ul>"
        )
        out += [_choice_item(ex, cid) for cid in choices]
        out.append("</ul>")
    else:
        out.append('<p class="ok">Every choice is taken on some path.</p>')
    nodes = ex.unreached_nodes
    if nodes:
        out.append("<p>No path reaches these nodes (conditions or links shut them off):</p><ul>")
        out += [f"<li><b>{escape(n)}</b> {_where(ex, 'nodes', n)}</li>" for n in nodes]
        out.append("</ul>")
    else:
        out.append('<p class="ok">Every node is reached on some path.</p>')
    return out


def _doubtful(ex: Exploration) -> list[str]:
    """Orders the buyer gives before the select stage, jumps whose gate never opens."""
    sc = ex.scenario
    out = ["<h2>Orders too early, jumps that never pass</h2>"]
    early = ex.found.early_orders
    last = sc.model.stage_ids()[-1]
    if early:
        out.append(
            f"<p>These <code>order</code> endings can be reached while the buyer is still "
            f"before the <b>{escape(last)}</b> stage, so the deal skips decision points. Put "
            "them behind the last decision point (an <code>advance</code> line, or "
            "<code>requires: stage &gt;= " + escape(last) + "</code>).</p><ul>"
        )
        for ending, (path, stage) in sorted(early.items()):
            out.append(
                f"<li><b>{escape(ending)}</b> {_where(ex, 'endings', ending)}: the buyer is at "
                f"<b>{escape(stage)}</b> after <code>{escape(','.join(map(str, path)))}</code></li>"
            )
        out.append("</ul>")
    else:
        out.append(f'<p class="ok">No order comes before the {escape(last)} stage.</p>')
    never = ex.found.jumps_never_passing
    if never:
        out.append(
            "<p>These jumps never pass where they are offered: their <code>pass</code> branch "
            "is never taken. Fine for a trap meant to fail; otherwise move the jump later or "
            "loosen the decision point's condition.</p><ul>"
        )
        out += [_choice_item(ex, cid) for cid in never]
        out.append("</ul>")
    else:
        out.append('<p class="ok">Every jump passes on some path.</p>')
    return out


def _validity(validity: Validity | None) -> list[str]:
    if validity is None:
        return [
            "<h2>What the scores promise</h2>",
            "<p>Not checked: add <code>--validity</code> to check that bad selling never "
            "passes, a stalled deal is never proficient, one changed choice moves the right "
            "score, and no mechanical strategy passes.</p>",
        ]
    out = [
        "<h2>What the scores promise</h2>",
        f"<p>Checked over every path above and {validity.pairs} pairs of paths one choice "
        "apart, and mechanical strategies (always the first, the longest, random).</p>",
    ]
    if validity.ok:
        return [*out, '<p class="ok">No counter-example.</p>']
    out.append(
        '<div class="bad"><b>Counter-examples</b></div><table><tr><th>Check</th>'
        "<th>What happened</th><th>Choices</th></tr>"
    )
    for f in validity.findings:
        out.append(
            f"<tr><td>{escape(f.check)}</td><td>{escape(f.what)}</td>"
            f"<td><code>{escape(f.choices)}</code></td></tr>"
        )
    out.append("</table>")
    return out


def _best_and_worst(ex: Exploration) -> list[str]:
    ranked = [p for p in ex.ranked() if p.scores["overall"] is not None]
    if not ranked:
        return []
    out = [
        "<h2>Best and worst paths</h2><table><tr><th></th><th>Scores</th><th>Ends</th>"
        "<th>Choices</th></tr>"
    ]
    for tag, paths in (("best", ranked[:3]), ("worst", ranked[-3:][::-1])):
        for p in paths:
            verdict = (
                '<span class="pass">pass</span>' if p.passed else '<span class="fail">fail</span>'
            )
            out.append(
                f"<tr><td>{tag}</td><td>{escape(_scores(p))} {verdict}</td>"
                f"<td>{escape(p.label)}</td><td><code>{escape(p.choices_text)}</code></td></tr>"
            )
    out.append("</table>")
    return out
