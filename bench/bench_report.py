"""The manager's whole team report on a big store, end to end, against the raw SQL it needs.

Run (fill a store once, then time the report on it)::

    python bench/bench_records.py --sessions 100000 --db sqlite:////tmp/big.db
    python bench/bench_report.py --db sqlite:////tmp/big.db [--runs 3]

Prints, per run: ``salessim report --team TEAM -o report.html`` timed as a whole command
(interpreter start-up included); the same report in-process phase by phase (its queries,
the debriefs rebuilt from their records, charts, page and font); and the raw SQL of every
query the report makes (hand-written, on the DB-API cursor, no SQLAlchemy) side by side with
its queries, and their ratio.
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
from game.reports.build import DEBRIEFS, DEBRIEFS_TEAM, TEAM, Scope, build
from game.reports.html import render

ROOT = Path(__file__).resolve().parent.parent
SCORES = ("overall", "questioning", "listening", "pricing_timing", "next_step")
TRAINEES = "trainee_id IN (SELECT id FROM trainees WHERE name IN ({names}))"
#: Every query the team report makes, written by hand over the same tables (the rollups,
#: the sessions' covering index, the stored records): the floor it is measured against.
RAW = {
    "team table": "SELECT trainee_id, sum(sessions), sum(passed), max(last_started), "
    + ", ".join(f"sum(sum_{d}), sum(n_{d}), max(max_{d})" for d in SCORES)
    + f" FROM daily_scores WHERE {TRAINEES} GROUP BY trainee_id",
    "funnels": "SELECT scenario_version_id, trainee_id, furthest_stage, outcome, "
    "min(furthest_index), sum(sessions), sum(gates_blocked) FROM daily_stages "
    f"WHERE {TRAINEES} GROUP BY 1, 2, 3, 4",
    "gates": f"SELECT scenario_version_id, stage, sum(tried), sum(blocked) FROM daily_gates "
    f"WHERE {TRAINEES} GROUP BY 1, 2",
    "rules": "SELECT trainee_id, rule, max(dimension), max(kind), sum(judged), sum(sum_share), "
    f"sum(n_share), sum(lost_in), sum(lost) FROM daily_rules WHERE {TRAINEES} GROUP BY 1, 2",
    "choices": "SELECT scenario_version_id, node, choice, max(move), sum(taken), "
    f"sum(sum_overall), sum(n_overall) FROM daily_choices WHERE {TRAINEES} GROUP BY 1, 2, 3",
    "trend": "SELECT trainee_id, run, "
    + ", ".join(f"avg({d})" for d in SCORES)
    + " FROM (SELECT trainee_id, ntile(40) OVER (PARTITION BY trainee_id ORDER BY "
    "started_at, session_id) AS run, "
    + ", ".join(SCORES)
    + f" FROM sessions WHERE {TRAINEES}) GROUP BY 1, 2",
    "names": "SELECT id, name FROM trainees",
    "texts": "SELECT scenario_id, text FROM scenario_versions",
}
NEWEST = (
    "SELECT s.session_id FROM sessions s WHERE s.trainee_id = (SELECT id FROM trainees WHERE "
    "name = '{name}') ORDER BY s.started_at DESC, s.session_id DESC LIMIT {n}"
)
RECORD = (
    "SELECT record FROM session_records WHERE session_id = '{id}'",
    "SELECT data FROM events WHERE session_id = '{id}' ORDER BY seq",
)


def raw_sql(store: Store, names: list[str], debriefs: int) -> float:
    """Seconds for the hand-written SQL of everything the report reads."""
    quoted = ", ".join("'" + n.replace("'", "''") + "'" for n in names)
    start = time.perf_counter()
    with store.engine.connect() as conn:
        for sql in RAW.values():
            conn.exec_driver_sql(sql.format(names=quoted)).fetchall()
        for name in names:
            sql = NEWEST.format(name=name.replace("'", "''"), n=max(debriefs, 1))
            newest = [r[0] for r in conn.exec_driver_sql(sql).fetchall()]
            for session_id in newest[:debriefs]:
                for part in RECORD:
                    conn.exec_driver_sql(part.format(id=session_id)).fetchall()
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
        debriefs = DEBRIEFS_TEAM if len(names) > TEAM else DEBRIEFS
        t0 = time.perf_counter()
        report = build(store, scope, debriefs=0)  # the queries alone
        t1 = time.perf_counter()
        report = build(store, scope)  # and the debriefs, rebuilt from their records
        t2 = time.perf_counter()
        page = render(report)
        t3 = time.perf_counter()
        ours.append(t1 - t0)
        raw.append(raw_sql(store, names, 0))
        print(
            f"run {run + 1}: command {whole[-1]:.2f} s; in-process: queries {t1 - t0:.3f} s, "
            f"with {debriefs} debriefs per trainee {t2 - t1:.2f} s, charts, page and font "
            f"{t3 - t2:.2f} s ({len(page) / 1e6:.1f} MB); the raw SQL of the queries "
            f"{raw[-1]:.3f} s (with the debriefs' records {raw_sql(store, names, debriefs):.3f} s)"
        )
    med = statistics.median
    print(
        f"median: whole command {med(whole):.2f} s; queries {med(ours):.3f} s against their "
        f"raw SQL {med(raw):.3f} s: {med(ours) / med(raw):.2f}x"
    )
    store.close()


if __name__ == "__main__":
    main()
