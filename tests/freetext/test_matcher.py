"""The matcher's parts: names folded per person, the line's language, the candidates on
offer (identical texts as one), zones from the bars, and the command a trainer runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine import load_scenario
from game.engine.scenario import load_scenario_text
from game.freetext import Matcher, language_of
from game.freetext.embed import missing
from game.freetext.normalise import Names
from game.freetext.zones import Bar, Bars

ROOT = Path(__file__).resolve().parents[2]
CAMPUS = ROOT / "scenarios" / "campus-security.yaml"
MINI = ROOT / "tests" / "data" / "mini.yaml"


def test_every_way_of_naming_a_stakeholder_is_one_token() -> None:
    names = Names(load_scenario(CAMPUS))
    zhang = {names(t).strip() for t in ("张经理", "张总", "老张", "Mr Zhang", "mr. zhang", "Zhang")}
    assert len(zhang) == 1
    assert names("张经理").strip() != names("刘总").strip()
    assert names("紧张") == "紧张"  # a surname inside a word is not a name
    assert names("谢谢张经理，预算多少", drop=True) == "谢谢 ,预算多少"


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        ("你们预算多少", "zh"),
        ("IT部门谁拍板", "zh"),
        ("budget?", "en"),
        ("ok 好的 thanks a lot", "en"),
    ],
)
def test_the_line_language_is_its_share_of_chinese(line: str, lang: str) -> None:
    assert language_of(line) == lang


def test_identical_texts_on_offer_are_one_candidate() -> None:
    text = MINI.read_text(encoding="utf-8").replace(
        "      - say: Would you sign today?",
        "      - say: What happens when it goes down?\n"
        "        move: question\n"
        "        spin: problem\n"
        '        requires: "trust >= 0"\n'
        "        goto: pain\n"
        "      - say: Would you sign today?",
        1,
    )
    sc = load_scenario_text(text)
    matcher = Matcher(sc, stage2=False)
    offered = matcher.choices_at("hello")
    assert offered[:3] == ["hello.1", "hello.2", "hello.3"]
    assert matcher.candidates(offered)[:2] == ["hello.1", "hello.3"]
    found = matcher.match("what happens when it goes down", offered)
    assert [c.choice for c in found.candidates].count("hello.2") == 0
    assert found.best == "hello.1"
    only_second = matcher.match("what happens when it goes down", ["hello.2", "hello.3"])
    assert only_second.best == "hello.2"  # on its own, the variant on offer answers


def test_the_zone_needs_the_bar_and_a_lead() -> None:
    bars = Bars({"stage1": {"en": Bar(auto=0.5, margin=0.1)}})
    assert bars.zone("stage1", "en", [0.7, 0.5]) == "auto"
    assert bars.zone("stage1", "en", [0.7, 0.65]) == "confirm"  # no clear lead
    assert bars.zone("stage1", "en", [0.4, 0.1]) == "confirm"  # below the bar
    assert bars.zone("stage1", "en", []) == "confirm"


def test_stage_one_reads_an_ordinary_line() -> None:
    matcher = Matcher(load_scenario(CAMPUS), stage2=False)
    offered = matcher.choices_at("start")
    found = matcher.match("how does security run day to day at the parks now?", offered)
    assert found.best == "start.3" and found.stages == "1" and found.lang == "en"
    assert found.candidates == sorted(found.candidates, key=lambda c: -c.score)
    assert {c.choice for c in found.candidates} == set(offered)


def salessim(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )


def test_the_match_command_answers_one_json_object_a_line() -> None:
    lines = "how does security run day to day now\n\n你们现在几个园区的安防是怎么运作的\n"
    proc = salessim("match", "campus-security", "start", "--json", stdin=lines)
    assert proc.returncode == 0, proc.stderr
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(answers) == 2  # the empty line is skipped
    for answer in answers:
        assert set(answer) == {"zone", "candidates"}
        assert answer["zone"] in ("auto", "confirm")
        assert [set(c) for c in answer["candidates"]] == [{"choice", "score"}] * 5
        scores = [c["score"] for c in answer["candidates"]]
        assert scores == sorted(scores, reverse=True)
        assert answer["candidates"][0]["choice"] == "start.3"


def test_only_restricts_the_candidates_and_mistakes_are_one_line() -> None:
    proc = salessim(
        "match", "campus-security", "start", "--only", "start.1,start.4", "--json", stdin="hi\n"
    )
    assert proc.returncode == 0, proc.stderr
    got = {c["choice"] for c in json.loads(proc.stdout)["candidates"]}
    assert got == {"start.1", "start.4"}
    typo = salessim("match", "campus-security", "strat", stdin="hi\n")
    assert typo.returncode == 2
    assert typo.stderr.strip().splitlines() == [
        "salessim: 'strat' is not a node with choices in campus-security. Did you mean 'start'?"
    ]
    wrong = salessim("match", "campus-security", "start", "--only", "start.9", stdin="hi\n")
    assert wrong.returncode == 2 and "start.9" in wrong.stderr and "Traceback" not in wrong.stderr


NO_NETWORK = """
import sys
opened = []
sys.addaudithook(lambda event, args: opened.append(event) if event.startswith("socket.") else None)
from game.engine import load_scenario
from game.freetext import Matcher
matcher = Matcher(load_scenario(sys.argv[1]))
if matcher.embeddings is not None:
    matcher.embeddings.ready.wait()
    assert matcher.embeddings.error is None, matcher.embeddings.error
found = matcher.match("how much would the whole system cost", matcher.choices_at("start"))
print(found.stages, found.best, sorted(set(opened)))
"""


def test_free_text_matching_opens_no_network_socket() -> None:
    """Both stages, model loading and cache building included: no socket is ever created
    (Python's audit hooks see every socket.socket, connect and getaddrinfo)."""
    proc = subprocess.run(
        [sys.executable, "-c", NO_NETWORK, str(CAMPUS)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    stages, best, opened = proc.stdout.split(" ", 2)
    assert stages == ("1+2" if missing() is None else "1") and best.startswith("start.")
    assert opened.strip() == "[]"
