"""What a manager asks, answered from the store (game/records/summary.py), on SQLite and on
PostgreSQL: every number is checked against the records it came from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from game.engine import Session, load_scenario
from game.engine.session import replay
from game.records import Store
from game.records.summary import Filters, costly_rules, funnels, team_table, trend
from game.scoring import score_record

ROOT = Path(__file__).resolve().parents[2]
MINI = load_scenario(ROOT / "tests" / "data" / "mini.yaml")
WON = [1, 3, 1, 1, 3, 1, 2, 1]  # the textbook: 97.8, passes
PITCH = [3, 1, 1, 1]  # a 400-second pitch first
POLITE = [2]  # "would you sign today?": an order with no questions, fails
DAY = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def record(trainee: str, choices: list[int], day: int) -> dict[str, Any]:
    when = DAY + timedelta(days=day)
    session = Session(MINI, language="en", trainee=trainee, clock=lambda: when)
    session.advance_to_choice()
    replay(session, choices)
    data = session.record()
    data["scores"] = score_record(data).to_dict()
    return data


@pytest.fixture
def team(store_url: str) -> tuple[Store, list[dict[str, Any]]]:
    store = Store(store_url)
    saved = [
        record("Ann", PITCH, 0),
        record("Ann", WON, 1),
        record("Bo", POLITE, 0),
        record("Bo", POLITE, 2),
        record("Cy", WON, 3),
    ]
    for r in saved:
        assert store.save(r)
    return store, saved


def test_the_team_table(team: tuple[Store, list[dict[str, Any]]]) -> None:
    store, saved = team
    rows = {r.trainee: r for r in team_table(store)}
    assert sorted(rows) == ["Ann", "Bo", "Cy"]
    ann = rows["Ann"]
    pitch, won = saved[0]["scores"], saved[1]["scores"]
    assert (ann.attempts, ann.passed, ann.pass_rate) == (2, 1, 0.5)
    assert ann.latest["overall"] == won["overall"] and ann.best["overall"] == won["overall"]
    assert ann.mean["overall"] == pytest.approx((pitch["overall"] + won["overall"]) / 2, abs=0.05)
    assert ann.latest["listening"] == won["listening"]["score"]
    assert rows["Bo"].passed == 0 and rows["Bo"].last_played == DAY + timedelta(days=2)
    only = team_table(store, Filters(trainees=("Cy",)))
    assert [r.trainee for r in only] == ["Cy"]
    assert [r.trainee for r in team_table(store, Filters(since=DAY + timedelta(days=2)))] == [
        "Bo",
        "Cy",
    ]


def test_where_the_buyer_stalled(team: tuple[Store, list[dict[str, Any]]]) -> None:
    store, saved = team
    (funnel,) = funnels(store)
    assert funnel.scenario == "mini" and funnel.sessions == len(saved)
    assert sum(funnel.furthest.values()) == len(saved)
    outcomes: dict[str, int] = {}
    for r in saved:
        outcomes[r["outcome"]] = outcomes.get(r["outcome"], 0) + 1
    assert funnel.outcomes == outcomes


def test_the_costly_rules_add_up(team: tuple[Store, list[dict[str, Any]]]) -> None:
    store, saved = team
    expected: dict[str, float] = {}
    for r in saved:
        for dim in ("questioning", "listening", "pricing_timing", "next_step"):
            for rule in r["scores"][dim]["rules"]:
                if rule["points"] is None:
                    continue
                lost = rule["max"] - rule["points"] if rule["kind"] == "rule" else -rule["points"]
                if lost > 0:
                    expected[rule["id"]] = expected.get(rule["id"], 0.0) + lost
    found = costly_rules(store)
    assert {c.rule: c.lost for c in found} == pytest.approx(expected, abs=0.02)
    assert [c.lost for c in found] == sorted((c.lost for c in found), reverse=True)


def test_one_trainees_trend(team: tuple[Store, list[dict[str, Any]]]) -> None:
    store, saved = team
    attempts = trend(store, "Ann")
    assert [a.session_id for a in attempts] == [saved[0]["session_id"], saved[1]["session_id"]]
    assert [a.scores["overall"] for a in attempts] == [
        saved[0]["scores"]["overall"],
        saved[1]["scores"]["overall"],
    ]
    assert trend(store, "nobody") == []


def test_dates_count_in_whole_utc_days_in_every_summary(store_url: str) -> None:
    """A session a minute before midnight UTC and one a minute after (written with a +08:00
    clock): ``since`` and ``until`` split them the same way in the rollups and the sessions."""
    store = Store(store_url)
    late = record("Dee", WON, 0)
    early = record("Dee", POLITE, 0)
    late["started_at"] = "2026-12-01T07:59:00+08:00"  # 2026-11-30 23:59 UTC
    early["started_at"] = "2026-12-01T00:01:00+00:00"
    assert store.save(late) and store.save(early)
    cut = datetime(2026, 12, 1, tzinfo=UTC)
    for filters, scores in (
        (Filters(since=cut), [early["scores"]["overall"]]),
        (Filters(until=cut), [late["scores"]["overall"]]),
        (Filters(since=cut, until=cut + timedelta(days=1)), [early["scores"]["overall"]]),
    ):
        (row,) = team_table(store, filters)
        (funnel,) = funnels(store, filters)
        assert row.attempts == funnel.sessions == 1
        assert [a.scores["overall"] for a in trend(store, "Dee", filters)] == scores
        assert row.mean["overall"] == pytest.approx(scores[0], abs=0.05)
    assert [a.started_at for a in trend(store, "Dee")] == [
        datetime(2026, 11, 30, 23, 59, tzinfo=UTC),
        datetime(2026, 12, 1, 0, 1, tzinfo=UTC),
    ]
    store.close()
