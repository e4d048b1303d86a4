"""`salessim score` trusts no record: every case is a real session's record, then edited.

With the scenario at hand the record's choices are replayed through a real Session and every
event compared; without it the record is checked for consistency. Either way a problem is
one line naming the turn and the field, exit 1, and nothing is scored.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from game.attempt import Attempt, FileSink
from game.cli import main
from game.engine.scenario import load_scenario
from game.engine.session import Session, drive
from game.record import RecordError
from game.scoring import score_record
from game.verify import RecordMismatch, verify_record

ROOT = Path(__file__).resolve().parents[2]
CAMPUS = ROOT / "scenarios" / "campus-security.yaml"
MINI = ROOT / "tests" / "data" / "mini.yaml"
RECORDS = ROOT / "tests" / "data" / "records"
PRICE_FIRST = [4, 1]  # campus path b: a quote, then a discount for nothing; overall 20.6
ASSUMES = [2, 2, 1, 2, 1, 2, 2, 1]  # campus path e2: a taboo at turn 2, a blocked gate
MINI_WON = [1, 1, 1, 1, 1]

Record = dict[str, Any]


def play(
    folder: Path, scenario: Path, choices: list[int], *, name: str = "r.json", finish: bool = True
) -> Path:
    """Play ``scenario`` by choice numbers through the real pipeline (Attempt + FileSink);
    the record's path. Without ``finish`` the session is left running: only its journal."""
    attempt = Attempt(load_scenario(scenario), language="en", sinks=[FileSink(folder / name)])
    session = attempt.start()
    answers = iter(choices)
    drive(session, lambda _s: next(answers, None))
    if finish:
        attempt.finish()
    else:
        for sink in attempt.sinks:
            assert isinstance(sink, FileSink)
            sink.journal.close(remove=False)
    return folder / name


def edited(path: Path, change: Callable[[Record], object], name: str = "edited.json") -> Path:
    record = json.loads(path.read_text(encoding="utf-8"))
    change(record)
    out = path.with_name(name)
    out.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def event(record: Record, kind: str, turn: int | None = None, nth: int = 0) -> dict[str, Any]:
    found = [
        e for e in record["events"] if e["kind"] == kind and (turn is None or e["turn"] == turn)
    ]
    return found[nth]  # type: ignore[no-any-return]


def blocked_gate(record: Record) -> dict[str, Any]:
    """A gate that did not let the buyer on: deleting it leaves the record consistent."""
    return next(e for e in record["events"] if e["kind"] == "gate" and not e["passed"])


def score(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> tuple[int, str, str]:
    code = main(["score", str(path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys: pytest.CaptureFixture[str], path: Path, *words: str) -> str:
    """Score ``path``: it must be refused in one line holding ``words``, nothing scored."""
    code, out, err = score(capsys, path)
    assert code == 1 and out == "", err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith(f"{path}:"), err
    for w in words:
        assert w in err, (w, err)
    return err


# -- with the scenario at hand: the record is replayed ----------------------------------------


def test_honest_records_replay_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for i, (scenario, choices) in enumerate(
        [(CAMPUS, PRICE_FIRST), (CAMPUS, ASSUMES), (MINI, MINI_WON), (MINI, [3, 2, 1, 2])]
    ):
        path = play(tmp_path, scenario, choices, name=f"r{i}.json")
        code, out, err = score(capsys, path, "--json")
        assert code == 0 and err == ""
        assert json.loads(out) == json.loads(path.read_text())["scores"]


@pytest.mark.parametrize("scenario", [CAMPUS, MINI], ids=["campus", "mini"])
def test_every_record_the_engine_writes_passes_both_checks(scenario: Path) -> None:
    """Random walks (some quit early, some in Chinese): consistency and replay accept every
    record a real session writes, so a refusal always means the record was changed."""
    loaded = load_scenario(scenario)
    for seed in range(40):
        rnd = random.Random(seed)
        session = Session(loaded, language="zh" if seed % 2 else "en")
        drive(
            session, lambda s, r=rnd: None if r.random() < 0.03 else r.randint(1, len(s.offered()))
        )
        record = json.loads(json.dumps(session.record()))
        assert verify_record(record, find=False).scenario is None
        assert verify_record(record, loaded).notes == ()


def test_a_failing_record_retagged_to_score_100_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = play(tmp_path, CAMPUS, PRICE_FIRST)
    assert json.loads(path.read_text())["scores"]["overall"] == 2.5

    def retag(record: Record) -> None:
        for e in record["events"]:
            if e["kind"] == "choice":
                e["move"] = "acknowledge"
                e["score"] = dict.fromkeys(
                    ("questioning", "listening", "pricing_timing", "next_step"), 100
                )

    forged = edited(path, retag)
    report = score_record(json.loads(forged.read_text()))  # what the forgery was after
    assert all(d.score == 100 for d in report.dimensions.values())  # (the lost deal caps it)
    err = refused(
        capsys,
        forged,
        "turn 2: the record says move 'acknowledge' but choice 'start.4' is tagged 'price' "
        "in the scenario",
        "does not match its scenario",
    )
    line = next(
        n for n, text in enumerate(forged.read_text().splitlines(), 1) if '"acknowledge"' in text
    )
    assert err.startswith(f"{forged}:{line}:")


@pytest.mark.parametrize(
    ("what", "change", "words"),
    [
        (
            "a taboo flag dropped",
            lambda r: event(r, "choice", 2).update(flags=[]),
            ["turn 2:", "flags [] but choice 'start.2' has flags ['assumes_need']"],
        ),
        (
            "a SPIN type changed",
            lambda r: event(r, "choice", 4).update(spin="implication"),
            ["turn 4:", "spin 'implication'", "has spin"],
        ),
        (
            "the words changed",
            lambda r: event(r, "choice", 2).update(text="How can I help?"),
            ["turn 2:", "words 'How can I help?' are not what choice 'start.2' says"],
        ),
        (
            "a choice not on offer",
            lambda r: event(r, "choice", 2).update(choice="start.9"),
            ["turn 2:", "choice 'start.9'", "does not offer it there (on offer: start.1"],
        ),
        (
            "another node",
            lambda r: event(r, "choice", 2).update(node="price_objection_early"),
            ["turn 2:", "node 'price_objection_early'", "waiting at node 'start'"],
        ),
        (
            "a blocked gate deleted",
            lambda r: r["events"].remove(blocked_gate(r)),
            ["the record has a 'line' event where its scenario gives a 'gate'"],
        ),
        (
            "the scenario's rubric lowered",
            lambda r: r["events"][0].update(rubric={"overall": {"pass_mark": 5}}),
            ["the session's start: the record says rubric"],
        ),
        (
            "the buyer's pains raised",
            lambda r: event(r, "line", 1).update(pains={"guard_cost": "explicit"}),
            ["turn 1:", "pains {'guard_cost': 'explicit'} but node 'start' has pains {}"],
        ),
    ],
)
def test_an_edited_record_is_refused_naming_turn_and_field(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    what: str,
    change: Callable[[Record], object],
    words: list[str],
) -> None:
    path = play(tmp_path, CAMPUS, ASSUMES)
    refused(capsys, edited(path, change), *words, "does not match its scenario")


def test_seconds_edited_with_their_clocks_are_caught_by_the_replay(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Halving a turn's seconds (and every clock after it) keeps the record consistent; only
    replaying it through the scenario shows the seconds are not the scenario's."""
    path = play(tmp_path, CAMPUS, PRICE_FIRST)

    def shorten(record: Record) -> None:
        quote = event(record, "choice", 2)
        cut = quote["seconds"] / 2
        quote["seconds"] -= cut
        for e in record["events"]:
            if e["kind"] in ("line", "choice", "meeting_ended") and e.get("turn", 99) >= 2:
                e["clock"] = round(e["clock"] - cut, 2)

    forged = edited(path, shorten)
    verify_record(json.loads(forged.read_text()), find=False)  # consistent
    refused(capsys, forged, "turn 2: the record says 3.48 seconds but choice 'start.4' takes 6.96")


def test_a_record_that_goes_on_after_its_ending_is_refused(tmp_path: Path) -> None:
    path = play(tmp_path, MINI, MINI_WON)
    record = json.loads(path.read_text())
    last = [e for e in record["events"] if e["kind"] == "line"][-1]
    record["events"].append(dict(last, turn=last["turn"] + 1))
    with pytest.raises(RecordError, match="goes on after its 'ended' event"):
        verify_record(record)


def test_a_changed_scenario_is_named_and_a_still_matching_record_scored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "mini.yaml"
    shutil.copy(MINI, scenario)
    path = play(tmp_path, scenario, MINI_WON)
    scores = json.loads(path.read_text())["scores"]
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("Mini deal", "Mini deal 2"), encoding="utf-8")
    code, out, err = score(capsys, path, "--json")
    assert code == 0 and json.loads(out) == scores
    assert err.count("\n") == 1
    assert err.startswith("salessim: note: the scenario changed since this record was made (")
    assert "title: changed en" in err and "still play the same" in err

    retagged = text.replace("        spin: problem\n", "        spin: implication\n", 1)
    assert retagged != text
    scenario.write_text(retagged, encoding="utf-8")
    refused(
        capsys,
        path,
        "turn 2: the record says spin 'problem' but choice 'hello.1' has spin 'implication'",
        "(the scenario changed since this record was made: sha256 ",
    )


def test_schema_1_records_replay_against_the_scenario_they_were_played_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The two schema-1 records were played on an earlier campus-security (kept beside them);
    they replay against it exactly. Against today's scenario, whose choices now take longer,
    ``score`` names the change instead of scoring a record that no longer matches."""
    played_on = load_scenario(RECORDS / "campus-security.v1.yaml")
    for name in ("v1-textbook.json", "v1-early-price.json"):
        path = RECORDS / name
        record = json.loads(path.read_text(encoding="utf-8"))
        checked = verify_record(record, played_on)
        assert checked.scenario is played_on and checked.notes == ()
        assert score_record(record).rubric["version"] == 2  # today's rules score it
        code, _, err = score(capsys, path, "--json")
        assert code == 1 and "the scenario changed since this record was made" in err


def test_a_session_that_stopped_is_scored_from_its_journal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = play(tmp_path, CAMPUS, ASSUMES[:3], finish=False)
    assert not path.exists() and path.with_name("r.json.journal").exists()
    code, out, err = score(capsys, path)
    assert code == 0 and err == ""
    assert "Partial" in out


def test_a_quit_session_replays(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = play(tmp_path, MINI, [1])
    assert json.loads(path.read_text())["status"] == "abandoned"
    code, _, err = score(capsys, path)
    assert code == 0 and err == ""


# -- without the scenario: consistency only ----------------------------------------------------


def unfindable(folder: Path, choices: list[int] = MINI_WON) -> Path:
    """A record of a scenario that is no longer anywhere (its file deleted, its id unknown)."""
    scenario = folder / "gone.yaml"
    scenario.write_text(MINI.read_text().replace("id: mini", "id: mini-gone"), encoding="utf-8")
    path = play(folder, scenario, choices)
    scenario.unlink()
    return path


def test_without_the_scenario_a_note_says_it_was_checked_for_consistency_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = unfindable(tmp_path)
    code, out, err = score(capsys, path)
    assert code == 0 and "== Scores ==" in out
    assert err == (
        "salessim: note: scenario 'mini-gone' not found; the record was checked for "
        "consistency only.\n"
    )


def _seconds_doubled(r: Record) -> None:
    event(r, "choice", 4)["seconds"] *= 2


def _clock_back(r: Record) -> None:
    event(r, "line", 5).update(clock=1.0)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda r: event(r, "choice", 4).update(turn=7), ["after turn 3 comes turn 7"]),
        (lambda r: event(r, "line", 3).update(meeting=2), ["turn 3 says meeting 2"]),
        (
            lambda r: event(r, "choice", 4).update(move="interrogate"),
            ["S204", "turn 4: the move 'interrogate' is not one of"],
        ),
        (
            lambda r: event(r, "choice", 4).update(flags=["rude"]),
            ["S204", "turn 4: the flag 'rude'"],
        ),
        (
            lambda r: event(r, "choice", 4).update(spin="problem"),
            ["turn 4 is a 'verify' move tagged spin"],
        ),
        (
            lambda r: event(r, "choice", 2).update(score={"charm": 50}),
            ["turn 2 scores the dimension 'charm'"],
        ),
        (_seconds_doubled, ["turn 4: the meeting clock says", "seconds add up to"]),
        (_clock_back, ["turn 5: the meeting clock goes back"]),
        (
            lambda r: event(r, "choice", 2).update(stage="evaluate_vendors"),
            ["turn 2 says the buyer is at stage 'evaluate_vendors'", "put them at 'discover'"],
        ),
        (
            lambda r: event(r, "meeting_ended", nth=0).update(outcome="order"),
            ["meeting 1 ended by new meeting", "which is 'advance', not 'order'"],
        ),
        (
            lambda r: event(r, "line", 5).update(reveals=["secret"]),
            ["turn 5 reveals 'secret', no fact of the record"],
        ),
        (
            lambda r: event(r, "line", 1).update(speaker="ceo"),
            ["turn 1 is spoken by 'ceo'"],
        ),
        (lambda r: r.update(outcome="no_sale"), ["the record's outcome is 'no_sale'"]),
        (
            lambda r: r["events"][0].update(stages=["discover", "discover"]),
            ["the session's start: the buying cycle"],
        ),
    ],
)
def test_an_inconsistent_record_is_refused_without_its_scenario(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: Callable[[Record], object],
    words: list[str],
) -> None:
    refused(capsys, edited(unfindable(tmp_path), change), *words, "the record is damaged")


def test_every_edit_consistency_allows_is_refused_by_the_replay(tmp_path: Path) -> None:
    """The consistency check alone cannot see a retag within the enumerations: that is what
    the replay is for (and why the note says what was checked)."""
    path = play(tmp_path, MINI, MINI_WON)
    record = json.loads(path.read_text())
    event(record, "choice", 4)["move"] = "acknowledge"
    assert verify_record(record, find=False).scenario is None
    with pytest.raises(RecordMismatch) as caught:
        verify_record(record)
    assert caught.value.loc[-1] == "move"


def test_a_scenario_that_no_longer_loads_is_named_without_quoting_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "gone.yaml"
    scenario.write_text(MINI.read_text().replace("id: mini", "id: mini-gone"), encoding="utf-8")
    path = play(tmp_path, scenario, MINI_WON)
    scenario.write_text("format: 1\nid: [broken\n", encoding="utf-8")
    code, _, err = score(capsys, path)
    assert code == 0
    assert err == (
        f"salessim: note: scenario 'mini-gone' not found ({scenario} does not load: "
        f"'salessim validate {scenario}' says why); the record was checked for consistency "
        "only.\n"
    )
