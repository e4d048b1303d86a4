"""Golden play-throughs: each ``*.play`` file is a readable script of one path.

Script lines (``#`` starts a comment):

    scenario: campus-security        a shipped scenario id, or a path from the repo root
    lang: en                         the language the snippets are in
    hear "words"                     the buyer's current line contains these words
    choose 2 "words"                 take choice 2, whose text contains these words
    stage analyze                    the buyer is in this stage now
    expect trail: discover > analyze > ✗analyze > ↺ discover
                                     the whole stage trail (✗ gate blocked, ↺ loop back)
    expect meetings: continuation, order
    expect ending: won_contract
    expect outcome: order

Goto lines (the buyer keeps talking) are passed automatically, as in terminal play.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from game.engine import Session, Status, load_scenario
from game.engine.trail import meeting_outcomes, stage_trail
from game.paths import find_scenario

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SCRIPTS = sorted(HERE.glob("*.play"))


def trail_text(session: Session) -> str:
    marks = {"blocked": "✗", "loop_back": "↺ "}
    return " > ".join(marks.get(s.how, "") + s.stage for s in stage_trail(session.events))


def settle(session: Session) -> None:
    while session.status is Status.LISTENING:
        session.proceed()


def run_script(path: Path) -> Session:
    session: Session | None = None
    scenario_name = lang = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        where = f"{path.name}:{number}"
        if line.startswith("scenario:"):
            scenario_name = line.split(":", 1)[1].strip()
            continue
        if line.startswith("lang:"):
            lang = line.split(":", 1)[1].strip()
            continue
        if session is None:
            assert scenario_name, f"{where}: 'scenario:' must come first"
            found = find_scenario(scenario_name) or ROOT / scenario_name
            session = Session(load_scenario(found), language=lang)
        settle(session)
        words = shlex.split(line)
        verb = words[0]
        if verb == "choose":
            assert session.status is Status.CHOOSING, (
                f"{where}: nothing to choose ({session.status})"
            )
            choice = int(words[1])
            offered = session.view().choices
            assert 1 <= choice <= len(offered), f"{where}: only {len(offered)} choices offered"
            if len(words) > 2:
                assert words[2] in offered[choice - 1].text, (
                    f"{where}: choice {choice} is '{offered[choice - 1].text}'"
                )
            session.choose(choice)
        elif verb == "hear":
            heard = session.view().line
            assert heard is not None and words[1] in heard.text, f"{where}: heard {heard}"
        elif verb == "stage":
            assert session.view().stage == words[1], f"{where}: stage is {session.view().stage}"
        elif verb == "expect":
            what, _, value = line[len("expect ") :].partition(":")
            value = value.strip()
            settle(session)
            if what == "trail":
                assert trail_text(session) == re.sub(r"\s+", " ", value), where
            elif what == "meetings":
                got = [o for _, o in meeting_outcomes(session.events)]
                assert got == [v.strip() for v in value.split(",")], f"{where}: {got}"
            elif what == "ending":
                assert session.ending is not None and session.ending.id == value, (
                    f"{where}: ended {session.ending}"
                )
            elif what == "outcome":
                assert session.ending is not None and session.ending.outcome == value, (
                    f"{where}: ended {session.ending}"
                )
            else:
                pytest.fail(f"{where}: unknown expectation '{what}'")
        else:
            pytest.fail(f"{where}: unknown line '{line}'")
    assert session is not None and session.finished, f"{path.name}: the script ends mid-session"
    return session


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_golden_play_through(path: Path) -> None:
    run_script(path)


def test_golden_scripts_reach_every_ending_of_the_shipped_scenarios() -> None:
    reached: dict[str, set[str]] = {}
    for path in SCRIPTS:
        session = run_script(path)
        assert session.ending is not None
        if session.ending.id is not None:
            reached.setdefault(session.scenario.id, set()).add(session.ending.id)
    for scenario_path in sorted((ROOT / "scenarios").glob("*.yaml")):
        sc = load_scenario(scenario_path)
        missing = set(sc.model.endings) - reached.get(sc.id, set())
        assert not missing, f"{sc.id}: no golden script reaches {sorted(missing)}"
