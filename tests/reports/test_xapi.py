"""xAPI statements from session records (game/reports/xapi.py)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from game.engine import Session, load_scenario
from game.engine.session import replay
from game.reports.xapi import statements
from game.scoring import score_record

ROOT = Path(__file__).resolve().parents[2]
CAMPUS = load_scenario(ROOT / "scenarios" / "campus-security.yaml")
TEXTBOOK = [3, 3, 3, 1, 2, 2, 1, 2, 2, 2, 2, 1, 2, 2, 3, 3, 1, 3, 1, 1, 1, 3, 1, 2, 3, 1, 2, 1, 2]
TEXTBOOK += [1, 2]


def played(choices: list[int], *, lang: str = "en", quit_early: bool = False) -> dict[str, Any]:
    session = Session(CAMPUS, language=lang, trainee="李娜")
    session.advance_to_choice()
    replay(session, choices)
    if quit_early:
        session.quit()
    record = session.record()
    record["scores"] = score_record(record).to_dict()
    return record


def test_one_statement_per_decision_and_one_for_the_session() -> None:
    record = played(TEXTBOOK)
    found = statements(record)
    choices = [e for e in record["events"] if e["kind"] == "choice"]
    assert len(found) == len(choices) + 1
    assert len({s["id"] for s in found}) == len(found)
    assert all(str(uuid.UUID(s["id"])) == s["id"] for s in found)
    first = found[0]
    assert first["verb"]["id"] == "http://adlnet.gov/expapi/verbs/responded"
    assert first["object"]["definition"]["interactionType"] == "choice"
    assert first["result"]["response"] == choices[0]["choice"]
    ext = first["context"]["extensions"]
    assert ext["https://salessim.invalid/extensions/move"] == choices[0]["move"]
    assert ext["https://salessim.invalid/extensions/stage"] == choices[0]["stage"]
    session = found[-1]
    assert session["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed"
    assert session["result"] == {
        "completion": True,
        "success": True,
        "score": {"scaled": 1.0, "raw": 100.0, "min": 0, "max": 100},
        "extensions": {
            **{f"https://salessim.invalid/extensions/{d}": 100.0 for d in (
                "questioning", "listening", "pricing_timing", "next_step"
            )},
            "https://salessim.invalid/extensions/outcome": "order",
        },
    }  # fmt: skip
    assert {s["context"]["registration"] for s in found} == {str(uuid.UUID(record["session_id"]))}
    assert session["actor"]["account"]["name"] == "李娜"


def test_the_same_record_gives_the_same_statements() -> None:
    record = played(TEXTBOOK[:5], quit_early=True)
    again = json.loads(json.dumps(record))
    assert statements(record) == statements(again)


def test_a_quit_session_is_abandoned_and_a_failed_one_failed() -> None:
    quit_ = statements(played(TEXTBOOK[:5], quit_early=True))[-1]
    assert quit_["verb"]["id"].endswith("/abandoned")
    assert quit_["result"]["completion"] is False and "success" not in quit_["result"]
    failed = statements(played([2, 1, 1, 1], lang="zh"))[-1]
    assert failed["verb"]["id"].endswith("/failed") and failed["result"]["success"] is False
    assert failed["context"]["language"] == "zh-CN"
    assert 0 <= failed["result"]["score"]["scaled"] <= 1


def test_a_schema_one_record_without_a_session_id_gets_a_stable_registration() -> None:
    old = json.loads((ROOT / "tests" / "data" / "records" / "v1-textbook.json").read_text())
    assert "session_id" not in old
    one, two = statements(old), statements(json.loads(json.dumps(old)))
    assert one == two and uuid.UUID(one[0]["context"]["registration"])
