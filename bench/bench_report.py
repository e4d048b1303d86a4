"""The manager's whole team report on a big store, end to end, against the raw SQL it needs.

Run (fill a store once, then time the report on it)::

    python bench/bench_records.py --sessions 100000 --db sqlite:////tmp/big.db
    python bench/bench_report.py --db sqlite:////tmp/big.db [--runs 3]

Prints, per run: ``salessim report --team TEAM -o report.html`` timed as a whole command
(interpreter start-up included), the same report in-process phase by phase (queries,
debriefs, charts and page, font), and the raw SQL of every query the report makes (the
DB-API cursor, no SQLAlchemy), run side by side; then the ratio of the report to the raw SQL.
The team file names every trainee of the store, split into two teams.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from game.records import Store
from game.reports.build import DEBRIEFS, Scope, build
from game.reports.html import render

ROOT = Path(__file__).resolve().parent.parent
SCORES = "overall, questioning, listening, pricing_timing, next_step"
JOIN = (
    "FROM sessions s JOIN trainees t ON s.trainee_id = t.id "
    "JOIN scenario_versions v ON s.scenario_version_id = v.id WHERE t.name IN ({names})"
)
#: Every aggregate the team report runs, written by hand (the floor it is measured against).
RAW = {
    "team table": "SELECT t.name, count(*), sum(CASE WHEN s.passed THEN 1 ELSE 0 END), "
    "max(s.started_at), "
    + ", ".join(f"avg(s.{d}), max(s.{d})" for d in SCORES.split(", "))
    + f" {JOIN} GROUP BY t.name",
    "latest": f"SELECT t.name, {SCORES} {JOIN} AND s.started_at = (SELECT max(x.started_at) "
    "FROM sessions x WHERE x.trainee_id = s.trainee_id)",
    "rule stats": "SELECT t.name, r.rule, r.dimension, r.kind, count(*), avg(CASE WHEN r.kind = "
    "'rule' AND r.max > 0 THEN r.points / r.max END), sum(CASE WHEN r.max - r.points > 0 THEN 1 "
    "ELSE 0 END), sum(r.max - r.points) "
    + JOIN.replace("WHERE", "JOIN rule_scores r ON r.session_id = s.session_id WHERE")
    + " AND r.points IS NOT NULL GROUP BY 1, 2, 3, 4",
    "funnel stages": f"SELECT v.scenario_id, s.furthest_stage, count(*) {JOIN} GROUP BY 1, 2",
    "funnel outcomes": "SELECT v.scenario_id, coalesce(s.outcome, s.status), count(*), "
    f"sum(s.gates_blocked) {JOIN} GROUP BY 1, 2",
    "funnel stages by trainee": "SELECT v.scenario_id, t.name, s.furthest_stage, count(*) "
    f"{JOIN} GROUP BY 1, 2, 3",
    "funnel outcomes by trainee": "SELECT v.scenario_id, t.name, coalesce(s.outcome, s.status), "
    f"count(*), sum(s.gates_blocked) {JOIN} GROUP BY 1, 2, 3",
    "gates": "SELECT v.scenario_id, e.stage, count(*), sum(CASE WHEN NOT e.passed THEN 1 ELSE 0 "
    "END) "
    + JOIN.replace("WHERE", "JOIN events e ON e.session_id = s.session_id WHERE")
    + " AND e.kind = 'gate' GROUP BY 1, 2",
    "choices": "SELECT v.scenario_id, e.node, e.choice, e.move, count(*), avg(s.overall) "
    + JOIN.replace("WHERE", "JOIN events e ON e.session_id = s.session_id WHERE")
    + " AND e.kind = 'choice' GROUP BY 1, 2, 3, 4",
}
TREND = f"SELECT s.session_id, v.scenario_id, s.started_at, s.passed, {SCORES} {JOIN} "
NEWEST = (
    "SELECT r.record FROM session_records r WHERE r.session_id IN ({ids})",
    "SELECT data FROM events WHERE session_id = '{id}' ORDER BY seq",
)


def raw_sql(store: Store, names: list[str]) -> float:
    """Seconds for the hand-written SQL of everything the report reads."""
    quoted = ", ".join("'" + n.replace("'", "''") + "'" for n in names)
    start = time.perf_counter()
    with store.engine.connect() as conn:
        for sql in RAW.values():
            conn.exec_driver_sql(sql.format(names=quoted)).fetchall()
        for name in names:
            one = "'" + name.replace("'", "''") + "'"
            rows = conn.exec_driver_sql(
                TREND.format(names=one) + " ORDER BY s.started_at"
            ).fetchall()
            newest = [r[0] for r in rows[-DEBRIEFS:]]
            ids = ", ".join(f"'{i}'" for i in newest)
            conn.exec_driver_sql(NEWEST[0].format(ids=ids)).fetchall()
            for session_id in newest:
                conn.exec_driver_sql(NEWEST[1].format(id=session_id)).fetchall()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, help="a store filled by bench_records.py")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    store = Store(args.db)
    with store.engine.connect() as conn:
        names = [r[0] for r in conn.execute(text("SELECT name FROM trainees ORDER BY name"))]
        sessions = conn.execute(text("SELECT count(*) FROM sessions")).scalar_one()
        events = conn.execute(text("SELECT count(*) FROM events")).scalar_one()
    print(f"store: {sessions} sessions, {events} events, {len(names)} trainees")
    folder = Path(tempfile.mkdtemp())
    team = folder / "team.yaml"
    half = len(names) // 2
    team.write_text(
        "".join(
            f"{label}:\n" + "".join(f"  - '{n}'\n" for n in part)
            for label, part in (("North", names[:half]), ("South", names[half:]))
        ),
        encoding="utf-8",
    )
    whole, ours, raw = [], [], []
    for run in range(args.runs):
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "game", "report", "--db", args.db, "--team", str(team),
             "--lang", "zh", "-o", str(folder / "report.html")],
            capture_output=True, text=True, cwd=ROOT, check=False,
        )  # fmt: skip
        whole.append(time.perf_counter() - start)
        assert proc.returncode == 0, proc.stderr
        scope = Scope(lang="zh", trainees=tuple(names))
        t0 = time.perf_counter()
        report = build(store, scope)
        t1 = time.perf_counter()
        page = render(report)
        t2 = time.perf_counter()
        ours.append(t2 - t0)
        raw.append(raw_sql(store, names))
        print(
            f"run {run + 1}: command {whole[-1]:.2f} s; in-process {ours[-1]:.2f} s (queries and "
            f"debriefs {t1 - t0:.2f} s, charts, page and font {t2 - t1:.2f} s, "
            f"{len(page) / 1e6:.1f} MB); raw SQL {raw[-1]:.2f} s"
        )
    med = statistics.median
    print(
        f"median: command {med(whole):.2f} s, in-process {med(ours):.2f} s, raw SQL "
        f"{med(raw):.2f} s; command / raw SQL {med(whole) / med(raw):.2f}x, in-process / raw "
        f"SQL {med(ours) / med(raw):.2f}x"
    )
    store.close()


if __name__ == "__main__":
    main()
