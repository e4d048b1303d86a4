"""The manager report as one self-contained HTML file: no script, no network (a Content
Security Policy forbids both), the charts inline as SVG, and the characters it uses cut from
the shipped Noto Sans SC and embedded, so Chinese renders on any machine.

Everything a trainee, trainer or scenario wrote goes through ``esc``: a trainee named
``<script>`` is text.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from game.engine.labels import OUTCOMES, label
from game.records.summary import Attempt, Funnel
from game.reports.build import SCORES, Report, TraineePage
from game.reports.charts import (
    COLOURS,
    FAMILY,
    FONT,
    bars_chart,
    grouped_chart,
    trend_charts,
)
from game.reports.words import w

#: Choices shown per scenario in the item analysis (the CSV has every one).
ITEMS_SHOWN = 12
#: Rules shown as strongest and as weakest per trainee.
RULES_SHOWN = 3

CSS = """
body{font-family:"Noto Sans SC",system-ui,sans-serif;margin:0;color:#1d2433;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px 28px 64px;background:#fff}
h1{font-size:26px;margin:0 0 6px}
h2{font-size:20px;margin:36px 0 8px;border-bottom:2px solid #1b2a49}
h3{font-size:17px;margin:28px 0 6px}h4{font-size:14px;margin:16px 0 4px}
p.help{color:#555;font-size:13px;margin:4px 0 10px}p.scope{color:#333;margin:2px 0}
nav ol{columns:2;font-size:14px}
table{border-collapse:collapse;font-size:13px;margin:6px 0 12px}
th,td{border:1px solid #d5d9e0;padding:3px 7px;text-align:right;vertical-align:top}
th{background:#eef1f5}td.l,th.l{text-align:left}
td.h0{background:#f4c7c3}td.h1{background:#e8f1e4}td.h2{background:#c9e3c0}
td.h3{background:#94c98a}td.h4{background:#3f8f4a;color:#fff}
.chart{width:100%;height:auto;max-width:760px;display:block;margin:6px 0}
.cols{display:flex;gap:28px;flex-wrap:wrap}.cols>div{flex:1;min-width:300px}
details{margin:4px 0}summary{cursor:pointer}
pre{white-space:pre-wrap;font-family:"Noto Sans SC",monospace;font-size:12.5px;
background:#f3f4f6;padding:10px;border-radius:4px}
.pass{color:#2e7d32;font-weight:bold}.fail{color:#b0413e;font-weight:bold}
.muted{color:#777}
.key{white-space:nowrap;margin-right:12px}
.key i{display:inline-block;width:14px;height:4px;margin:0 4px 3px 0;vertical-align:middle}
"""


#: Control characters (tab and newline kept): never part of a page.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def esc(value: object) -> str:
    """Any text into the page: control characters dropped, escaped, quotes included."""
    return html.escape(_CONTROL.sub("", str(value)), quote=True)


def render(report: Report) -> str:
    """The whole report as an HTML document."""
    lang = report.scope.lang
    body = [f"<h1>{esc(w('title', lang))}</h1>", *_scope(report)]
    trends = trend_charts([p.points for p in report.pages] if report.table else [])
    if not report.table:
        body.append(f"<p>{esc(w('nothing', lang))}</p>")
    else:
        body += _contents(report)
        body += _team(report)
        body += _teams(report)
        body += _funnel(report)
        body += _mistakes(report)
        body += _people(report)
    main = "\n".join(body)
    font = _font_face(main)  # the trend charts' text is digits, which the font always has
    for i, svg in enumerate(trends.result()):
        main = main.replace(_trend_slot(i), svg, 1)
    title = esc(w("title", lang))
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; font-src data:; img-src data:\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{font}{CSS}</style>\n</head>\n"
        f"<body><main>\n{main}\n</main></body>\n</html>\n"
    )


# -- parts ------------------------------------------------------------------------------


def _scope(report: Report) -> list[str]:
    s, lang = report.scope, report.scope.lang
    who = w("everyone", lang)
    if s.team_file:
        who = w("team_file", lang, name=s.team_file)
    elif s.trainees is not None:
        who = w("trainees_named", lang, names=", ".join(s.trainees))
    what = w("scenario_only", lang, id=s.scenario) if s.scenario else w("all_scenarios", lang)
    when = [w("since", lang, date=f"{s.since:%Y-%m-%d}")] if s.since else []
    when += [w("until", lang, date=f"{s.until:%Y-%m-%d}")] if s.until else []
    counts = (
        f"{w('trainees_n', lang, n=len(report.table))} · {w('sessions_n', lang, n=report.sessions)}"
    )
    return [
        f'<p class="scope">{esc(w("scope", lang))}: {esc(who)} · {esc(what)} · '
        f"{esc(' '.join(when) or w('all_dates', lang))}</p>",
        f'<p class="scope">{esc(counts)}</p>',
        f'<p class="scope muted">{esc(w("generated", lang, when=_when(s.generated_at)))}</p>',
    ]


def _contents(report: Report) -> list[str]:
    lang = report.scope.lang
    items = [("team", "team"), ("teams", "teams"), ("funnel", "funnel"), ("mistakes", "mistakes")]
    links = [f'<li><a href="#{a}">{esc(w(k, lang))}</a></li>' for a, k in items]
    people = "".join(
        f'<li><a href="#{_anchor("t", p.name)}">{esc(_name(p.name, lang))}</a></li>'
        for p in report.pages
    )
    links.append(f'<li><a href="#people">{esc(w("people", lang))}</a><ol>{people}</ol></li>')
    return [f"<nav><h4>{esc(w('contents', lang))}</h4><ol>{''.join(links)}</ol></nav>"]


def _team(report: Report) -> list[str]:
    lang = report.scope.lang
    head = [f'<th class="l" rowspan="2">{esc(w("trainee", lang))}</th>']
    head += [f'<th colspan="3">{esc(report.dimension(k))}</th>' for k in SCORES]
    head += [
        f'<th rowspan="2">{esc(w(k, lang))}</th>' for k in ("pass_rate", "attempts", "last_played")
    ]
    sub = "".join(f"<th>{esc(w(k, lang))}</th>" for _ in SCORES for k in ("latest", "best", "mean"))
    rows = []
    for r in report.table:
        link = f'<a href="#{_anchor("t", r.trainee)}">{esc(_name(r.trainee, lang))}</a>'
        cells = [f'<td class="l">{link}</td>']
        for key in SCORES:
            cells += [_heat(part.get(key)) for part in (r.latest, r.best, r.mean)]
        cells.append(f"<td>{_percent(r.pass_rate)}</td><td>{r.attempts}</td>")
        cells.append(f"<td>{esc(_when(r.last_played))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return [
        f'<section id="team"><h2>{esc(w("team", lang))}</h2>',
        f'<p class="help">{esc(w("team_help", lang))}</p>',
        f"<table><tr>{''.join(head)}</tr><tr>{sub}</tr>{''.join(rows)}</table></section>",
    ]


def _teams(report: Report) -> list[str]:
    lang = report.scope.lang
    out = [f'<section id="teams"><h2>{esc(w("teams", lang))}</h2>']
    if len(report.teams) < 2:
        out.append(f'<p class="help">{esc(w("teams_none", lang))}</p></section>')
        return out
    names = {k: report.dimension(k) for k in SCORES}
    out.append(f'<p class="help">{esc(w("teams_help", lang))}</p>')
    out.append(
        grouped_chart(
            [t.team for t in report.teams],
            {k: [t.mean.get(k) for t in report.teams] for k in SCORES},
            names,
            w("teams_chart", lang),
        )
    )
    head = [w("team_col", lang), w("trainees_col", lang), w("attempts", lang)]
    cols = "".join(f"<th>{esc(h)}</th>" for h in head)
    cols += "".join(f"<th>{esc(names[k])}</th>" for k in SCORES)
    cols += f"<th>{esc(w('pass_rate', lang))}</th>"
    rows = [
        f'<tr><td class="l">{esc(t.team)}</td><td>{t.trainees}</td><td>{t.attempts}</td>'
        + "".join(_heat(t.mean.get(k)) for k in SCORES)
        + f"<td>{_percent(t.pass_rate)}</td></tr>"
        for t in report.teams
    ]
    out.append(f"<table><tr>{cols}</tr>{''.join(rows)}</table></section>")
    return out


def _reached(funnel: Funnel, order: Sequence[str]) -> list[tuple[str, int, int]]:
    """(stage, sessions reaching at least it, sessions that got no further), every stage of
    the cycle in order (a stage no session stopped at included)."""
    first = {s: i for i, s in enumerate(order)}
    stages = [*order, *sorted(s for s in funnel.furthest if s not in first)]
    out, left = [], funnel.sessions
    for stage in stages:
        out.append((stage, left, funnel.furthest.get(stage, 0)))
        left -= funnel.furthest.get(stage, 0)
    return out


def _funnel(report: Report) -> list[str]:
    lang = report.scope.lang
    out = [f'<section id="funnel"><h2>{esc(w("funnel", lang))}</h2>']
    out.append(f'<p class="help">{esc(w("funnel_help", lang))}</p>')
    for f in report.funnels:
        order = report.stage_order.get(f.scenario, [])
        reached = _reached(f, order)
        out.append(f"<h3>{esc(report.scenario_titles.get(f.scenario, f.scenario))}</h3>")
        out.append(
            bars_chart(
                [report.stage_names.get(s, s) for s, _, _ in reached],
                [n for _, n, _ in reached],
                w("funnel_chart", lang),
                COLOURS["questioning"],
            )
        )
        stage_rows = "".join(
            f'<tr><td class="l">{esc(report.stage_names.get(s, s))}</td><td>{n}</td>'
            f"<td>{stop}</td></tr>"
            for s, n, stop in reached
        )
        outcome_rows = "".join(
            f'<tr><td class="l">{esc(_outcome(k, lang))}</td><td>{n}</td></tr>'
            for k, n in sorted(f.outcomes.items(), key=lambda kv: -kv[1])
        )
        gates = sorted(
            (g for g in report.gates if g.scenario == f.scenario),
            key=lambda g: order.index(g.stage) if g.stage in order else len(order),
        )
        gate_rows = "".join(
            f'<tr><td class="l">{esc(report.stage_names.get(g.stage, g.stage))}</td>'
            f"<td>{g.tried}</td><td>{g.blocked}</td></tr>"
            for g in gates
        )
        out.append('<div class="cols"><div>')
        out.append(
            f'<table><tr><th class="l">{esc(w("stage", lang))}</th><th>{esc(w("reached", lang))}'
            f"</th><th>{esc(w('stopped', lang))}</th></tr>{stage_rows}</table></div><div>"
        )
        out.append(
            f'<table><tr><th class="l">{esc(w("outcome", lang))}</th>'
            f"<th>{esc(w('count', lang))}</th></tr>{outcome_rows}</table>"
        )
        if gate_rows:
            out.append(
                f'<table><tr><th class="l">{esc(w("decision_point", lang))}</th>'
                f"<th>{esc(w('tried', lang))}</th><th>{esc(w('blocked', lang))}</th></tr>"
                f"{gate_rows}</table>"
            )
        out.append("</div></div>")
        out += _funnel_by_trainee(report, f.scenario, [s for s, _, _ in reached])
    out.append("</section>")
    return out


def _funnel_by_trainee(report: Report, scenario: str, stages: Sequence[str]) -> list[str]:
    """Per trainee: the share of their sessions reaching at least each stage."""
    lang = report.scope.lang
    head = f'<th class="l">{esc(w("trainee", lang))}</th><th>{esc(w("sessions_col", lang))}</th>'
    head += "".join(f"<th>{esc(report.stage_names.get(s, s))}</th>" for s in stages)
    rows = []
    for page in report.pages:
        for f in page.funnels:
            if f.scenario != scenario or not f.sessions:
                continue
            reached = {s: n for s, n, _ in _reached(f, stages)}
            cells = "".join(
                _heat(100 * reached.get(s, 0) / f.sessions, percent=True) for s in stages
            )
            name = esc(_name(page.name, lang))
            rows.append(f'<tr><td class="l">{name}</td><td>{f.sessions}</td>{cells}</tr>')
    if not rows:
        return []
    return [f"<table><tr>{head}</tr>{''.join(rows)}</table>"]


def _mistakes(report: Report) -> list[str]:
    lang = report.scope.lang
    out = [f'<section id="mistakes"><h2>{esc(w("mistakes", lang))}</h2>']
    out.append(f'<p class="help">{esc(w("mistakes_help", lang))}</p>')
    rules = [c for c in report.costly if c.kind != "taboo"][:10]
    if rules:
        out.append(
            bars_chart(
                [f"{c.rule} {report.rule_names.get(c.rule, '')}" for c in rules],
                [round(c.lost, 1) for c in rules],
                w("costly_chart", lang),
                COLOURS["next_step"],
            )
        )
        rows = "".join(
            f'<tr><td class="l">{esc(c.rule)} {esc(report.rule_names.get(c.rule, ""))}</td>'
            f'<td class="l">{esc(report.dimension(c.dimension))}</td><td>{c.lost:g}</td>'
            f"<td>{c.sessions}</td></tr>"
            for c in rules
        )
        out.append(
            f'<table><tr><th class="l">{esc(w("rule", lang))}</th><th class="l">'
            f"{esc(w('dimension', lang))}</th><th>{esc(w('lost', lang))}</th>"
            f"<th>{esc(w('lost_in', lang))}</th></tr>{rows}</table>"
        )
    taboos = [c for c in report.costly if c.kind == "taboo"]
    out.append(f"<h3>{esc(w('taboos', lang))}</h3>")
    if taboos:
        rows = "".join(
            f'<tr><td class="l">{esc(report.rule_names.get(c.rule, c.rule))}</td>'
            f"<td>{c.sessions}</td><td>{c.lost:g}</td></tr>"
            for c in taboos
        )
        out.append(
            f'<table><tr><th class="l">{esc(w("rule", lang))}</th><th>{esc(w("lost_in", lang))}'
            f"</th><th>{esc(w('lost', lang))}</th></tr>{rows}</table>"
        )
    else:
        out.append(f"<p>{esc(w('no_taboo', lang))}</p>")
    for scenario in sorted({i.scenario for i in report.items}):
        title = report.scenario_titles.get(scenario, scenario)
        out.append(f"<h3>{esc(w('items', lang, title=title))}</h3>")
        out.append(f'<p class="help">{esc(w("items_help", lang))}</p>')
        costly = sorted(
            (i for i in report.items if i.scenario == scenario and i.effect is not None),
            key=lambda i: (i.effect or 0.0, -i.taken),
        )[:ITEMS_SHOWN]
        rows = "".join(
            f'<tr><td class="l">{esc(i.node)}</td><td class="l">{esc(_short(i.said) or i.choice)}'
            f'</td><td class="l">{esc(i.move or "")}</td><td>{i.taken}</td>'
            f"<td>{_percent(i.at_node)}</td><td>{_num(i.mean_overall)}</td>"
            f"<td>{_signed(i.effect)}</td></tr>"
            for i in costly
        )
        cols = "".join(
            f"<th{' class=l' if k in ('node', 'choice', 'move') else ''}>{esc(w(k, lang))}</th>"
            for k in ("node", "choice", "move", "taken", "at_node", "mean_overall", "effect")
        )
        out.append(f"<table><tr>{cols}</tr>{rows}</table>")
    out.append("</section>")
    return out


def _people(report: Report) -> list[str]:
    lang = report.scope.lang
    out = [f'<section id="people"><h2>{esc(w("people", lang))}</h2>']
    keys = "".join(
        f'<span class="key"><i style="background:{COLOURS[k]}"></i>{esc(report.dimension(k))}'
        "</span>"
        for k in SCORES
    )
    out.append(f'<p class="help">{esc(w("trend_help", lang))} {keys}</p>')
    for i, page in enumerate(report.pages):
        out += _page(report, page, _trend_slot(i))
    out.append("</section>")
    return out


def _trend_slot(index: int) -> str:
    """Where a trainee's trend chart goes, until it is drawn (a character no text has)."""
    return f"\x00trend {index}\x00"


def _page(report: Report, page: TraineePage, trend: str) -> list[str]:
    lang = report.scope.lang
    s = page.summary
    out = [
        f'<article id="{_anchor("t", page.name)}"><h3>{esc(_name(page.name, lang))}</h3>',
        f'<p class="scope">{esc(w("attempts", lang))} {s.attempts} · {esc(w("pass_rate", lang))} '
        f"{_percent(s.pass_rate)} · {esc(w('last_played', lang))} {esc(_when(s.last_played))}</p>",
    ]
    heading = esc(w("trend", lang))
    if s.attempts > len(page.points):
        run = round(s.attempts / max(len(page.points), 1))
        heading += " " + esc(w("trend_binned", lang, n=s.attempts, k=run))
    out.append(f"<h4>{heading}</h4>")
    out.append(trend)
    weakest = page.rules[:RULES_SHOWN]
    strongest = [r for r in page.rules[::-1] if r not in weakest][:RULES_SHOWN]
    out.append('<div class="cols">')
    for key, rules in (("strongest", strongest), ("weakest", weakest)):
        items = "".join(
            f"<li>{esc(r.rule)} {esc(report.rule_names.get(r.rule, ''))}: "
            f"{_percent(r.share or 0.0)} ({esc(w('judged', lang))} {r.judged})</li>"
            for r in rules
        )
        out.append(f"<div><h4>{esc(w(key, lang))}</h4><ul>{items}</ul></div>")
    taboo_items = "".join(
        f"<li>{esc(report.rule_names.get(r.rule, r.rule))}: {r.lost_in}×</li>" for r in page.taboos
    )
    out.append(
        f"<div><h4>{esc(w('taboos', lang))}</h4>"
        + (f"<ul>{taboo_items}</ul>" if taboo_items else f"<p>{esc(w('no_taboo', lang))}</p>")
        + "</div></div>"
    )
    out += _sessions(report, page)
    out.append("</article>")
    return out


def _sessions(report: Report, page: TraineePage) -> list[str]:
    lang = report.scope.lang
    shown = {d.attempt.session_id for d in page.debriefs}
    out = [f"<h4>{esc(w('sessions', lang))}</h4>"]
    note = w("sessions_shown", lang, n=len(shown), all=page.summary.attempts)
    out.append(f'<p class="help">{esc(note)}</p>')
    cols = "".join(
        f"<th{' class=l' if k in ('started', 'scenario', 'outcome') else ''}>{esc(w(k, lang))}</th>"
        for k in ("started", "scenario", "language", "outcome", "result")
    )
    cols += "".join(f"<th>{esc(report.dimension(k))}</th>" for k in SCORES)
    rows = []
    for d in page.debriefs:
        a = d.attempt
        link = f'<a href="#{_anchor("s", a.session_id)}">{esc(_when(a.started_at))}</a>'
        rows.append(
            f'<tr><td class="l">{link}</td><td class="l">{esc(a.scenario)}</td>'
            f"<td>{esc(a.language)}</td>"
            f'<td class="l">{esc(_outcome(a.outcome or a.status, lang))}</td>'
            f"<td>{_verdict(a, lang)}</td>"
            + "".join(_heat(a.scores.get(k)) for k in SCORES)
            + "</tr>"
        )
    out.append(f"<table><tr>{cols}</tr>{''.join(rows)}</table>")
    for d in page.debriefs:
        a = d.attempt
        summary = f"{w('debrief', lang)} · {_when(a.started_at)} · {a.scenario} · {a.session_id}"
        text = d.text if d.rebuilt else w("debrief_missing", lang, why=d.text)
        out.append(
            f'<details id="{_anchor("s", a.session_id)}"><summary>{esc(summary)}</summary>'
            f"<pre>{esc(text)}</pre></details>"
        )
    return out


# -- helpers ----------------------------------------------------------------------------


def _heat(value: float | None, *, percent: bool = False) -> str:
    if value is None:
        return '<td class="muted">–</td>'
    band = 0 if value < 60 else 1 if value < 70 else 2 if value < 80 else 3 if value < 90 else 4
    shown = f"{value:.0f}%" if percent else f"{value:.1f}".removesuffix(".0")
    return f'<td class="h{band}">{shown}</td>'


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _signed(value: float | None) -> str:
    return "–" if value is None else f"{value:+.1f}"


def _when(when: datetime | None) -> str:
    return "–" if when is None else f"{when.astimezone():%Y-%m-%d %H:%M}"


def _name(name: str, lang: str) -> str:
    return name or w("no_name", lang)


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _outcome(key: str, lang: str) -> str:
    if key in OUTCOMES:
        return label(OUTCOMES, key, lang)
    return w("abandoned", lang) if key == "abandoned" else key


def _verdict(a: Attempt, lang: str) -> str:
    if a.passed is None:
        return "–"
    key = "passed" if a.passed else "failed"
    return f'<span class="{"pass" if a.passed else "fail"}">{esc(w(key, lang))}</span>'


def _anchor(prefix: str, key: str) -> str:
    """An id for a link: safe characters only, and distinct for distinct keys."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", key)[:40]
    if safe == key:
        return f"{prefix}-{safe}"
    return f"{prefix}-{safe}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:10]}"


def _font_face(text: str) -> str:
    """An @font-face with just the characters the page uses, cut from Noto Sans SC (the
    family the charts' SVG text names too, so both use it)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    chars = set(_visible(text)) | set("0123456789%–×·+-.,:;()")
    options = subset.Options()
    options.layout_features = []  # no ligatures or vertical forms: far fewer glyphs to cut
    options.name_IDs = [1, 2]
    options.notdef_outline = True
    options.desubroutinize = True  # measured: a third faster to cut, and no bigger
    font = TTFont(str(FONT), lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    cutter = subset.Subsetter(options)
    cutter.populate(text="".join(sorted(chars)))
    cutter.subset(font)
    out = io.BytesIO()
    font.save(out)
    data = base64.b64encode(out.getvalue()).decode("ascii")
    return (
        f'@font-face{{font-family:"{FAMILY}";'
        f'src:url(data:font/otf;base64,{data}) format("opentype")}}'
    )


def _visible(text: str) -> Iterable[str]:
    """The characters a reader sees: the page without its tags, entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", " ", text))
