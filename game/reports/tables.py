"""The report's tables as CSV files, for a spreadsheet: UTF-8 with a byte-order mark (so
Excel reads Chinese right), headers in the report's language, one file per table.

A cell a trainee or scenario wrote that begins with ``= + - @`` (or a tab or carriage return)
is prefixed with an apostrophe, so a spreadsheet shows it instead of running it as a formula.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from game.record.files import file_mode
from game.reports.build import SCORES, Report
from game.reports.words import w

Row = Sequence[object]


def tables(report: Report) -> dict[str, tuple[list[str], list[Row]]]:
    """File name -> (header, rows), every table the HTML report draws from."""
    lang = report.scope.lang
    dim = report.dimension
    out: dict[str, tuple[list[str], list[Row]]] = {}
    out["team.csv"] = (
        [w("trainee", lang), w("attempts", lang), w("passed", lang), w("pass_rate", lang)]
        + [f"{dim(k)} {w(p, lang)}" for k in SCORES for p in ("latest", "best", "mean")]
        + [w("last_played", lang)],
        [
            [r.trainee, r.attempts, r.passed, round(r.pass_rate, 3)]
            + [part.get(k) for k in SCORES for part in (r.latest, r.best, r.mean)]
            + [r.last_played.isoformat() if r.last_played else ""]
            for r in report.table
        ],
    )
    out["teams.csv"] = (
        [w("team_col", lang), w("trainees_col", lang), w("attempts", lang), w("passed", lang)]
        + [dim(k) for k in SCORES],
        [
            [t.team, t.trainees, t.attempts, t.passed] + [t.mean.get(k) for k in SCORES]
            for t in report.teams
        ],
    )
    out["sessions.csv"] = (
        [w("session_id", lang), w("trainee", lang), w("scenario", lang), w("started", lang)]
        + [w("language", lang), w("outcome", lang), w("result", lang)]
        + [dim(k) for k in SCORES],
        [
            [a.session_id, name, a.scenario, a.started_at.isoformat(), a.language]
            + [
                a.outcome or a.status,
                "" if a.passed is None else w("passed" if a.passed else "failed", lang),
            ]
            + [a.scores.get(k) for k in SCORES]
            for name, a in report.every
        ],
    )
    funnel_rows: list[Row] = []
    for f in report.funnels + [x for p in report.pages for x in p.funnels]:
        for stage, count in f.furthest.items():
            funnel_rows.append(
                [f.scenario, f.trainee or "", stage, report.stage_names.get(stage, stage), count]
            )
    out["funnel.csv"] = (
        [w("scenario", lang), w("trainee", lang), "stage", w("stage", lang), w("stopped", lang)],
        funnel_rows,
    )
    out["outcomes.csv"] = (
        [w("scenario", lang), w("trainee", lang), w("outcome", lang), w("count", lang)],
        [
            [f.scenario, f.trainee or "", k, n]
            for f in report.funnels + [x for p in report.pages for x in p.funnels]
            for k, n in f.outcomes.items()
        ],
    )
    out["gates.csv"] = (
        [
            w("scenario", lang),
            "stage",
            w("decision_point", lang),
            w("tried", lang),
            w("blocked", lang),
        ],
        [
            [g.scenario, g.stage, report.stage_names.get(g.stage, g.stage), g.tried, g.blocked]
            for g in report.gates
        ],
    )
    out["rules.csv"] = (
        [
            *(w("trainee", lang), "rule", w("rule", lang), w("dimension", lang), "kind"),
            *(w("judged", lang), w("share", lang), w("lost_in", lang), w("lost", lang)),
        ],
        [
            [
                *(s.trainee, s.rule, report.rule_names.get(s.rule, ""), s.dimension, s.kind),
                *(s.judged, None if s.share is None else round(s.share, 3), s.lost_in, s.lost),
            ]
            for s in report.rule_stats
        ],
    )
    out["choices.csv"] = (
        [
            *(w("scenario", lang), w("node", lang), "choice", w("choice", lang), w("move", lang)),
            *(w("taken", lang), w("at_node", lang), w("mean_overall", lang), w("effect", lang)),
        ],
        [
            [
                *(i.scenario, i.node, i.choice, i.said, i.move or "", i.taken),
                *(round(i.at_node, 3), i.mean_overall, i.effect),
            ]
            for i in report.items
        ],
    )
    return out


def write_tables(report: Report, folder: Path) -> list[Path]:
    """Write every table into ``folder`` (made if missing); each file appears whole or not
    at all. Raises OSError when the folder cannot take them."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (header, rows) in tables(report).items():
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([[_cell(v) for v in row] for row in rows])
        path = folder / name
        write_atomically(path, "\ufeff" + out.getvalue())
        written.append(path)
    return written


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(temp, file_mode())  # as any file the user makes (mkstemp's is private)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
