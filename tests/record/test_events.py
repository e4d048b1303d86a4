"""The typed record: every event kind round-trips, versions are checked, old records read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.engine import Session, load_scenario
from game.engine.session import replay
from game.record import (
    EVENT_TYPES,
    NEED_LEVELS,
    OLDEST_READABLE,
    SCHEMA_VERSION,
    RecordError,
    SessionStarted,
    check_version,
    read_events,
)
from game.scoring import score_record

ROOT = Path(__file__).resolve().parents[2]
CAMPUS = ROOT / "scenarios" / "campus-security.yaml"
RECORDS = ROOT / "tests" / "data" / "records"
TEXTBOOK = [3, 3, 3, 1, 2, 2, 1, 2, 2, 2, 2, 1, 2, 2, 3, 3, 1, 3, 1, 1, 1, 3, 1, 2, 3, 1, 2, 1, 2]


@pytest.fixture(scope="module")
def textbook() -> Session:
    session = replay(Session(load_scenario(CAMPUS), language="zh"), [*TEXTBOOK, 1, 2])
    assert session.finished
    return session


def test_every_kind_round_trips_through_json(textbook: Session) -> None:
    stored = json.loads(json.dumps(textbook.record(), ensure_ascii=False))
    events = read_events(stored["events"])
    assert events == textbook.events
    assert {e.KIND for e in events} == set(EVENT_TYPES)  # the textbook path has every kind


def test_the_record_names_the_scenarios_stages_and_people(textbook: Session) -> None:
    start = textbook.events[0]
    assert isinstance(start, SessionStarted)
    sc = textbook.scenario
    assert start.stages == list(sc.stages)
    for stage in sc.stages:
        for lang in ("zh", "en"):
            assert start.stage_title(stage, lang) == sc.stage_title(stage, lang)
    for sid, spec in sc.model.stakeholders.items():
        info = start.stakeholders[sid]
        assert info.role == spec.role
        assert info.name == spec.name.as_dict(sc.language) and info.name["zh"] and info.name["en"]


def test_schema_two_records_carry_their_version_and_session_id(textbook: Session) -> None:
    record = textbook.record()
    assert record["schema_version"] == SCHEMA_VERSION == 2
    assert len(record["session_id"]) == 32


@pytest.mark.parametrize(
    ("version", "words"),
    [
        (999, "newer salessim"),
        (0, "not a salessim record version"),
        (None, "whole number"),
        (float("nan"), "whole number"),
        (2.5, "whole number"),
        ("2", "whole number"),
        (True, "whole number"),
    ],
)
def test_unreadable_versions_are_one_clear_line(version: object, words: str) -> None:
    with pytest.raises(RecordError, match=words) as caught:
        check_version({"schema_version": version})
    assert "\n" not in caught.value.message and caught.value.loc == ("schema_version",)


def test_readable_range() -> None:
    for version in range(OLDEST_READABLE, SCHEMA_VERSION + 1):
        assert check_version({"schema_version": version}) == version


@pytest.mark.parametrize("name", ["v1-textbook.json", "v1-early-price.json"])
def test_a_schema_one_record_is_still_read_and_scored(name: str) -> None:
    """Read with today's event classes and scored with today's rules (rubric 2); the scores
    it was stored with (rubric 1) stay in the file as they were."""
    record = json.loads((RECORDS / name).read_text(encoding="utf-8"))
    assert record["schema_version"] == 1 and record["scores"]["rubric"]["version"] == 1
    report = score_record(record)
    assert report.rubric["version"] == 2
    assert set(report.to_dict()) >= set(record["scores"])  # every stored field still made
    assert report.dimensions.keys() == {
        d
        for d in record["scores"]
        if isinstance(record["scores"][d], dict) and "rules" in record["scores"][d]
    }


def test_bad_events_name_their_place() -> None:
    start = {"kind": "session_started", "stages": ["discover"]}
    with pytest.raises(RecordError) as caught:
        read_events([start, {"kind": "line", "turn": 1}])
    assert caught.value.loc[:2] == ("events", 1) and caught.value.code == "S203"
    line = {
        "kind": "line", "turn": 1, "node": "n", "text": "t", "seconds": float("nan"),
        "meeting": 1, "stage_before": "discover", "stage_after": "discover",
    }  # fmt: skip
    with pytest.raises(RecordError, match="finite"):
        read_events([start, line])
    with pytest.raises(RecordError, match="explicit"):
        read_events([start, {**line, "seconds": 1.0, "pains": {"p": "very"}}])
    with pytest.raises(RecordError, match="first event"):
        read_events([{**line, "seconds": 1.0}])
    with pytest.raises(RecordError, match="second"):
        read_events([start, start])


def test_unknown_kinds_from_a_newer_writer_are_skipped() -> None:
    events = read_events([{"kind": "session_started", "stages": ["a"]}, {"kind": "emoji"}])
    assert len(events) == 1


def test_the_need_ladder_is_defined_once() -> None:
    import game.engine.condition as condition
    import game.engine.session as session
    import game.scoring.log as log

    assert NEED_LEVELS == ("none", "implied", "explicit")
    assert session.NEED_LEVELS is NEED_LEVELS and log.NEED_LEVELS is NEED_LEVELS
    assert condition.NEED_STATES is NEED_LEVELS
