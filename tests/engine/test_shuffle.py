"""Choices shown in an order drawn from the session's seed: no gaming by position, exact
replays from the record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import salessim

from game.attempt import records_dir
from game.cli import main
from game.engine import Session, load_scenario
from game.engine.session import drive, replay
from game.record.files import read_record

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "mini.yaml"
CAMPUS = ROOT / "scenarios" / "campus-security.yaml"


def orders(seed: int | None, steps: int = 12) -> list[tuple[str, ...]]:
    """The ids on offer at each choice of an always-first walk through campus."""
    session = Session(load_scenario(CAMPUS), choice_seed=seed)
    seen: list[tuple[str, ...]] = []

    def pick(s: Session) -> int:
        seen.append(tuple(c.id for c in s.offered()))
        return 1

    drive(session, pick, limit=steps)
    return seen


def test_the_same_seed_gives_the_same_order_and_none_the_authored_one() -> None:
    authored = orders(None)
    assert all(list(ids) == sorted(ids, key=lambda c: int(c.rsplit(".", 1)[1])) for ids in authored)
    assert orders(7) == orders(7)
    assert orders(7) != orders(8)
    assert orders(7)[0] != authored[0] or orders(8)[0] != authored[0]


def test_always_first_is_not_one_path_once_shuffled() -> None:
    endings = set()
    for seed in range(12):
        session = drive(Session(load_scenario(CAMPUS), choice_seed=seed), lambda s: 1)
        assert session.ending is not None
        endings.add(session.ending.id)
    assert len(endings) > 1


def test_a_snapshot_restores_the_same_order() -> None:
    session = replay(Session(load_scenario(CAMPUS), choice_seed=3), [1, 1])
    snap = session.snapshot()
    before = [c.id for c in session.offered()]
    replay(session, [2, 1])
    session.restore(snap)
    assert [c.id for c in session.offered()] == before


def test_a_shuffled_record_replays_and_scores(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    code = main(["play", "--text", str(MINI), "--seed", "5", "--choices", "1,1,1,1,1,1,1",
                 "--json-out", str(out)])  # fmt: skip
    assert code in (0, 2)  # the shuffled path may end before the answers run out
    record = read_record(out)
    assert record["events"][0]["choice_seed"] == 5
    scored = salessim("score", str(out), "--json")
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["overall"] == record["scores"]["overall"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [(["--choices", "1,1,1,1,1"], None), (["--seed", "42", "--choices", "1"], 42)],
)
def test_scripts_keep_the_authored_order_unless_seeded(
    args: list[str], expected: int | None
) -> None:
    main(["play", "--text", str(MINI), *args])
    (saved,) = records_dir().glob("*.json")
    assert read_record(saved)["events"][0]["choice_seed"] == expected


def test_an_interactive_terminal_session_is_shuffled() -> None:
    result = salessim("play", "--text", str(MINI), stdin="1\n1\n1\n1\n1\n1\n1\n")
    assert result.returncode == 0
    line = next(x for x in result.stdout.splitlines() if x.startswith("Record saved: "))
    seed = read_record(line.removeprefix("Record saved: "))["events"][0]["choice_seed"]
    assert isinstance(seed, int)
