"""The manager's report from a real store (SQLite and PostgreSQL) of sessions played through
the command line, as a manager runs it: the numbers, the HTML, the CSV tables."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from cli_support import salessim

from game.records import Store
from game.reports.build import Scope, build
from game.reports.html import render

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "mini.yaml"
WON = "1,3,1,1,3,1,2,1"  # the textbook path: an order
HOSTILE = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://example.invalid","x")'
#: (trainee, choices) played into every store: a strong trainee, a weak one, two named to
#: break a page or a spreadsheet.
PLAYED = [
    ("王小明", WON),
    ("王小明", WON),
    ("Bo", "5,2"),  # the buyer politely says no
    ("Bo", WON),
    (HOSTILE, "3"),  # time runs out
    (FORMULA, WON),
]


def fill(url: str, tmp_path: Path) -> None:
    for n, (trainee, choices) in enumerate(PLAYED):
        proc = salessim(
            "play", "--text", str(MINI), "--choices", choices, "--trainee", trainee,
            "--db", url, "--json-out", str(tmp_path / f"{n}.json"), "--lang", "en",
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr


@pytest.fixture
def filled(store_url: str, tmp_path: Path) -> str:
    fill(store_url, tmp_path)
    return store_url


def test_the_report_answers_the_managers_questions(filled: str) -> None:
    store = Store(filled)
    report = build(store, Scope(lang="en", teams={"A": ["王小明", "Bo"], "B": [HOSTILE]}))
    store.close()
    rows = {r.trainee: r for r in report.table}
    assert set(rows) == {"王小明", "Bo", HOSTILE, FORMULA}
    # who is strongest and weakest: the textbook player passes every time, Bo half the time
    assert rows["王小明"].attempts == 2 and rows["王小明"].pass_rate == 1.0
    assert rows["Bo"].pass_rate == 0.5
    assert rows["Bo"].best["overall"] == rows["王小明"].best["overall"]
    assert rows["Bo"].mean["overall"] < rows["王小明"].mean["overall"]  # type: ignore[operator]
    # team comparison, weighted by sessions
    a, b = report.teams
    assert (a.team, a.trainees, a.attempts, a.passed) == ("A", 2, 4, 3)
    assert (b.team, b.attempts, b.passed) == ("B", 1, 0)
    # where the buyer stalls: every session counted once, by how far it got
    (funnel,) = report.funnels
    assert funnel.sessions == len(PLAYED) == sum(funnel.furthest.values())
    assert funnel.outcomes.get("order") == 4
    order = report.stage_order["mini"]
    assert order[0] == "discover" and order[-1] == "decided"
    # common mistakes: the rules that cost points, and choices with their effect
    assert report.costly and all(c.lost > 0 for c in report.costly)
    first = [i for i in report.items if i.node == "hello"]
    assert sum(i.taken for i in first) == len(PLAYED)
    assert abs(sum(i.at_node for i in first) - 1.0) < 1e-9
    worst = min(first, key=lambda i: i.effect or 0.0)
    assert worst.taken == 1 and worst.effect is not None and worst.effect < -30  # "3": time up
    assert all(i.said for i in report.items)  # named by what the trainee said
    # one trainee over time, with every session's full debrief
    page = next(p for p in report.pages if p.name == "王小明")
    assert len(page.points) == 2 and len(page.debriefs) == 2
    assert page.points[-1]["overall"] == page.debriefs[0].attempt.scores["overall"]  # newest
    assert all(d.rebuilt and "Turn" in d.text for d in page.debriefs)
    assert page.rules and page.rules[0].share <= page.rules[-1].share  # type: ignore[operator]


def test_report_writes_html_and_csv_that_keep_names_as_text(tmp_path: Path, store_url: str) -> None:
    """From the store SALESSIM_DB names (a SQLite file, or a PostgreSQL server)."""
    fill(store_url, tmp_path)
    team = tmp_path / "team.yaml"
    team.write_text(
        f"North: [王小明, Bo]\nSouth: ['{HOSTILE}', '{FORMULA.replace(chr(39), chr(39) * 2)}']\n"
    )
    out, tables = tmp_path / "r.html", tmp_path / "tables"
    proc = salessim(
        "report", "--team", str(team), "--lang", "zh", "-o", str(out), "--csv", str(tables),
        env={"SALESSIM_DB": store_url},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "4 trainees, 6 sessions" in proc.stdout
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page.lower()  # the hostile name is text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "default-src 'none'" in page  # and nothing could load or run if it were not
    assert "团队总览" in page and "王小明" in page and "@font-face" in page
    assert page.count('class="chart"') >= 4  # team, funnel, mistakes, one trend per trainee
    raw = (tables / "team.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 Chinese with the BOM
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "学员"
    names = {r[0] for r in rows[1:]}
    assert "'" + FORMULA in names and FORMULA not in names  # shown, never run as a formula
    assert HOSTILE in names and "王小明" in names
    sessions = list(csv.reader(io.StringIO((tables / "sessions.csv").read_text("utf-8-sig"))))
    assert len(sessions) == 1 + len(PLAYED)


def test_report_filters_by_trainee_scenario_and_dates(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'records.db'}"
    fill(url, tmp_path)
    out = tmp_path / "r.html"
    proc = salessim("report", "--db", url, "--trainee", "Bo", "--lang", "en", "-o", str(out))
    assert proc.returncode == 0 and "1 trainees, 2 sessions" in proc.stdout, proc.stderr
    proc = salessim("report", "--db", url, "--since", "2999-01-01", "-o", str(out), "--lang", "en")
    assert proc.returncode == 0 and "0 trainees, 0 sessions" in proc.stdout
    assert "No sessions in this scope" in out.read_text(encoding="utf-8")
    proc = salessim("report", "--db", url, "--scenario", "nope", "--csv", str(tmp_path / "t"))
    assert proc.returncode == 0 and "0 trainees" in proc.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ([], "say where the report goes"),
        (["-o", "/nonexistent-folder/r.html"], "give a file in a folder that exists"),
        (["-o", "r.html", "--since", "yesterday"], "--since yesterday is not a date"),
        (["-o", "r.html", "--debriefs", "-1"], "--debriefs takes 0 or more"),
    ],
)
def test_report_mistakes_are_one_line(tmp_path: Path, args: list[str], says: str) -> None:
    proc = salessim("report", "--db", f"sqlite:///{tmp_path / 'r.db'}", *args)
    assert proc.returncode != 0
    assert says in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_an_empty_store_still_makes_a_report() -> None:
    store = Store("sqlite:///:memory:")
    page = render(build(store, Scope(lang="zh")))
    store.close()
    assert "所选范围内没有练习记录" in page
