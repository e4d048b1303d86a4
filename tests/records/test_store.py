"""The records store on a real SQLite file: saving, importing, listing, teams, concurrency."""

from __future__ import annotations

import json
import multiprocessing
import shutil
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from cli_support import salessim
from sqlalchemy import create_engine, inspect, text

from game.records import Store, StoreError
from game.records.rollup import KEYS
from game.records.store import HEAD, MIGRATIONS, records_of
from game.records.summary import choice_stats, gates, team_table
from game.records.tables import ROLLUPS, metadata
from game.records.team import TeamError, read_team

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "mini.yaml"
CAMPUS = ROOT / "scenarios" / "campus-security.yaml"
V1 = ROOT / "tests" / "data" / "records" / "v1-textbook.json"
MINI_WON = "1,3,1,1,3,1,2,1"


def play(tmp_path: Path, name: str, trainee: str, choices: str = MINI_WON) -> Path:
    out = tmp_path / f"{name}.json"
    proc = salessim(
        "play", "--text", str(MINI), "--choices", choices, "--trainee", trainee,
        "--json-out", str(out),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return out


def test_the_migrations_make_the_tables_the_code_uses(store_url: str) -> None:
    store = Store(store_url)
    found = inspect(store.engine)
    for table in metadata.sorted_tables:
        columns = {c["name"] for c in found.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name
    store.close()
    Store(store_url).close()  # opening again migrates nothing
    script = ScriptDirectory(str(MIGRATIONS))
    assert script.get_current_head() == HEAD  # a store at HEAD opens without Alembic
    for table in ROLLUPS:  # what a session adds names each rollup's whole key
        assert set(KEYS[table.name]) == {c.name for c in table.primary_key.columns}


def test_play_saves_every_session_to_the_store_by_default(tmp_path: Path) -> None:
    record = json.loads(play(tmp_path, "a", "Ann").read_text(encoding="utf-8"))
    store = Store()  # $XDG_DATA_HOME/salessim/records.db (the tests' own data folder)
    (row,) = store.sessions()
    assert row.session_id == record["session_id"] and row.trainee == "Ann"
    assert row.scenario == "mini" and row.outcome == "order" and row.passed is True
    assert row.overall == record["scores"]["overall"]
    assert row.scores["questioning"] == record["scores"]["questioning"]["score"]


def test_an_unreachable_store_never_costs_the_session(tmp_path: Path) -> None:
    out = tmp_path / "kept.json"
    proc = salessim(
        "play", "--text", str(MINI), "--choices", MINI_WON, "--json-out", str(out),
        "--db", "postgresql://nobody:secret@127.0.0.1:1/none",
    )  # fmt: skip
    assert proc.returncode == 0
    (line,) = [x for x in proc.stderr.splitlines() if "records store" in x]
    assert "its JSON record keeps it" in line and "secret" not in line
    assert json.loads(out.read_text(encoding="utf-8"))["status"] == "finished"


def test_import_is_idempotent_and_bad_files_are_one_line_each(
    tmp_path: Path, store_url: str
) -> None:
    folder = tmp_path / "from-laptops"
    folder.mkdir()
    for name, who in (("a", "Ann"), ("b", "Bo")):
        shutil.copy(play(tmp_path, name, who), folder / f"{name}.json")
    shutil.copy(V1, folder / "old.json")  # schema 1: no session id, one is derived
    (folder / "junk.json").write_text("{not json", encoding="utf-8")
    (folder / "other.json").write_text('{"x": 1}', encoding="utf-8")
    db = store_url
    first = salessim("records", "import", str(folder), "--db", db)
    assert first.returncode == 1
    assert first.stdout.strip() == "3 sessions imported, 0 already stored, 2 problems"
    problems = first.stderr.splitlines()
    assert len(problems) == 2 and all(p.startswith(f"salessim: {folder}") for p in problems)
    again = salessim("records", "import", str(folder), "--db", db)
    assert again.stdout.strip() == "0 sessions imported, 3 already stored, 2 problems"
    listed = salessim("records", "list", "--db", db, "--json")
    rows = json.loads(listed.stdout)
    assert sorted(r["trainee"] for r in rows) == ["Ann", "Bo", "Li Na"]


def test_list_filters_by_trainee_team_scenario_and_date(tmp_path: Path, store_url: str) -> None:
    db = store_url
    store = Store(db)
    for name, who in (("a", "Ann"), ("b", "Bo"), ("c", "Cy")):
        store.save(json.loads(play(tmp_path, name, who).read_text(encoding="utf-8")))
    store.save(json.loads(V1.read_text(encoding="utf-8")))
    team = tmp_path / "team.csv"
    team.write_text("team,trainee\nNorth,Ann\nNorth,Cy\n", encoding="utf-8")

    def names(*args: str) -> list[str]:
        proc = salessim("records", "list", "--db", db, "--json", *args)
        assert proc.returncode == 0, proc.stderr
        return sorted(r["trainee"] for r in json.loads(proc.stdout))

    assert names("--trainee", "Bo") == ["Bo"]
    assert names("--team", str(team)) == ["Ann", "Cy"]
    assert names("--scenario", "campus-security") == ["Li Na"]
    assert names("--since", "2100-01-01") == []
    bad = salessim("records", "list", "--db", db, "--since", "last week")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr and "Traceback" not in bad.stderr
    text = salessim("records", "list", "--db", db, "--trainee", "Ann").stdout.splitlines()
    assert text[-1] == "1 session" and "Ann  mini  en  order  97.8  pass" in text[0]


def test_team_files_and_their_mistakes(tmp_path: Path) -> None:
    good = tmp_path / "t.yaml"
    good.write_text("North: [Ann, Bo]\n南区: [李娜]\n", encoding="utf-8")
    assert read_team(good) == {"North": ["Ann", "Bo"], "南区": ["李娜"]}
    bad = tmp_path / "bad.yaml"
    bad.write_text("North: Ann\n", encoding="utf-8")
    with pytest.raises(TeamError, match=r"bad.yaml:1:8: team 'North' must list"):
        read_team(bad)
    rows = tmp_path / "bad.csv"
    rows.write_text("North\n", encoding="utf-8")
    with pytest.raises(TeamError, match=r"bad.csv:1:1: each row is 'team,trainee'"):
        read_team(rows)


def test_a_bad_store_url_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open the records store nonsense://x"):
        Store("nonsense://x")
    proc = salessim("records", "list", "--db", "nonsense://x")
    assert proc.returncode == 1 and len(proc.stderr.splitlines()) == 1


def _save(args: tuple[str, str]) -> bool:
    url, path = args
    store = Store(url)
    try:
        return store.save(json.loads(Path(path).read_text(encoding="utf-8")))
    finally:
        store.close()


def test_eight_processes_saving_at_once_lose_nothing(tmp_path: Path, store_url: str) -> None:
    url = store_url
    Store(url).close()
    records = [str(play(tmp_path, f"r{i}", f"T{i}")) for i in range(8)]
    with multiprocessing.get_context("spawn").Pool(8) as pool:
        saved = pool.map(_save, [(url, r) for r in records])
        again = pool.map(_save, [(url, records[0])] * 8)  # the same session, eight times
    assert saved == [True] * 8 and not any(again)
    assert sorted(r.trainee for r in Store(url).sessions()) == [f"T{i}" for i in range(8)]


def test_eight_processes_adding_to_the_same_rollups_lose_nothing(
    tmp_path: Path, store_url: str
) -> None:
    """Eight sessions of one trainee on one day, saved at once: each is added to the same
    rollup rows exactly once."""
    url = store_url
    Store(url).close()
    records = [str(play(tmp_path, f"s{i}", "Same")) for i in range(8)]
    with multiprocessing.get_context("spawn").Pool(8) as pool:
        assert pool.map(_save, [(url, r) for r in records]) == [True] * 8
    store = Store(url)
    (row,) = team_table(store)
    stats = choice_stats(store)
    store.close()
    assert (row.trainee, row.attempts, row.passed) == ("Same", 8, 8)
    moves = len(MINI_WON.split(","))
    assert sum(c.taken for c in stats) == 8 * moves


def test_a_journal_left_by_a_stopped_session_is_imported(tmp_path: Path) -> None:
    """A session killed mid-way leaves only its journal: import rebuilds the record from it
    (abandoned, scored as partial), and importing the folder again adds nothing."""
    record = json.loads(play(tmp_path, "whole", "Ann").read_text(encoding="utf-8"))
    folder = tmp_path / "laptop"
    folder.mkdir()
    head = {k: v for k, v in record.items() if k not in ("events", "scores")}
    lines = [json.dumps({"head": head})]
    lines += [json.dumps(e) for e in record["events"][:6]]
    (folder / "x.json.journal").write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    result = store.import_paths([folder])
    assert (result.added, result.problems) == (1, []), result
    (row,) = store.sessions()
    assert row.session_id == record["session_id"] and row.status == "abandoned"
    assert store.import_paths([folder]).present == 1


def test_the_debrief_shows_a_named_trainees_attempts_at_the_scenario(tmp_path: Path) -> None:
    play(tmp_path, "first", "Ann", "3,1,1,1")  # a long pitch first: fails
    second = salessim(
        "play", "--text", str(MINI), "--choices", MINI_WON, "--trainee", "Ann",
        "--json-out", str(tmp_path / "second.json"),
    )  # fmt: skip
    lines = second.stdout.splitlines()
    start = lines.index("== Your attempts at this scenario ==")
    first_line, this_line, trail = lines[start + 1 : start + 4]
    assert first_line.endswith("✗") and this_line.endswith("97.8  ✓ (this one)")
    assert trail.strip().endswith("→ 97.8")
    unnamed = salessim("play", "--text", str(MINI), "--choices", MINI_WON)
    assert "Your attempts" not in unnamed.stdout  # an unnamed trainee has no history


def test_a_stored_record_comes_back_whole(tmp_path: Path, store_url: str) -> None:
    record = json.loads(play(tmp_path, "a", "Ann").read_text(encoding="utf-8"))
    store = Store(store_url)
    store.save(record)
    (back,) = records_of(store)
    store.close()
    assert back["events"] == record["events"]  # kept in the events table, put back in place
    assert back["scores"] == record["scores"] and back["session_id"] == record["session_id"]


def test_a_store_from_before_the_narrow_sessions_table_is_migrated_with_its_data(
    tmp_path: Path,
) -> None:
    """A 0002 store (the record inside the sessions table, no rollups) opens with every
    record intact and its sessions added up in the rollups the report reads."""
    from alembic import command
    from alembic.config import Config

    from game.records.store import MIGRATIONS

    record = json.loads(play(tmp_path, "a", "Ann").read_text(encoding="utf-8"))
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        conn.execute(text("INSERT INTO trainees (id, name) VALUES (1, 'Ann')"))
        conn.execute(
            text(
                "INSERT INTO scenario_versions (id, scenario_id, version, sha256, title_zh, "
                "title_en) VALUES (1, 'mini', '1', 'x', 'm', 'm')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO sessions (session_id, trainee_id, scenario_version_id, language, "
                "started_at, status, gates_blocked, loop_backs, meetings, turns, partial, "
                "severe, record, saved_at) VALUES (:id, 1, 1, 'en', '2026-12-01 09:00:00', "
                "'finished', 0, 0, 1, 9, 0, 0, :record, '2026-12-01 10:00:00')"
            ),
            {"id": record["session_id"], "record": json.dumps(record)},
        )
        gate = next(e for e in record["events"] if e["kind"] == "gate")
        conn.execute(
            text(
                "INSERT INTO events (session_id, seq, kind, node, data) "
                "VALUES (:id, 3, 'gate', :node, :data)"
            ),
            {"id": record["session_id"], "node": gate["node"], "data": json.dumps(gate)},
        )
    engine.dispose()
    store = Store(url)
    (back,) = records_of(store)
    (row,) = team_table(store)
    (found,) = gates(store)
    store.close()
    assert back == record
    assert (row.trainee, row.attempts, row.mean["overall"]) == ("Ann", 1, None)  # no scores
    assert (found.stage, found.tried, found.blocked) == (
        gate["stage_to"],
        1,
        0 if gate["passed"] else 1,
    )
