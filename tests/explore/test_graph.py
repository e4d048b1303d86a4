"""``salessim graph``: the scenario's branching as DOT, Mermaid and SVG, parsed back.

DOT is laid out by Graphviz's own ``dot`` (installed by CI) and Mermaid is read back by its
structure; a trainer's hostile text (quotes, backslashes, brackets, line breaks) never
breaks either file, and a record's path is drawn on the picture.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Session, load_scenario, load_scenario_text
from game.engine.session import replay
from game.explore.graph import PATH_COLOUR, build, mermaid_id, to_dot, to_mermaid, with_path

ROOT = Path(__file__).resolve().parents[2]
CAMPUS = ROOT / "scenarios" / "campus-security.yaml"
MINI = ROOT / "tests" / "data" / "mini.yaml"
DOT = shutil.which("dot")

HOSTILE = """\
format: 1
id: hostile
language: en
title: 'Quotes " and \\\\ backslashes'
briefing: b
meeting: {minutes: 10}
stakeholders:
  a: {name: 'Ann "the boss" <b>', title: t, role: economic_buyer}
start: "n-1"
nodes:
  "n-1":
    speaker: a
    meeting: {title: m, present: [a]}
    says: "\\"Quoted\\" \\\\ slash [b] {c} | d\\nline two"
    choices:
      - {say: 'Go "on"', move: question, spin: situation, goto: "n.2"}
      - {say: Stop, move: close, end: done}
  "n.2":
    speaker: a
    says: "#hash &amp; `tick` (paren)"
    end: done
endings:
  done: {outcome: advance, says: ok}
"""


def mermaid_structure(text: str) -> tuple[set[str], list[tuple[str, str]], int]:
    """The ids a Mermaid flowchart declares, its arrows and its subgraphs; every label must
    be one double-quoted string with no raw quote inside."""
    declared: set[str] = set()
    arrows: list[tuple[str, str]] = []
    lanes = 0
    for line in text.splitlines()[1:]:
        line = line.strip()
        if line.startswith("subgraph "):
            lanes += 1
        box = re.fullmatch(r'(n_\w+)(\[|\(\(|\{\{)"([^"]*)"(\]|\)\)|\}\})', line)
        if box:
            assert box[1] not in declared, f"{box[1]} declared twice"
            declared.add(box[1])
            continue
        arrow = re.fullmatch(r'(n_\w+) (-->|==>|-\.->)(?:\|"[^"]*"\|)? (n_\w+)', line)
        if arrow:
            arrows.append((arrow[1], arrow[3]))
            continue
        assert re.match(r"(subgraph |end$|classDef |class |linkStyle |%%)", line), line
    return declared, arrows, lanes


@pytest.mark.parametrize("path", [MINI, CAMPUS], ids=["mini", "campus"])
def test_mermaid_declares_every_box_once_and_every_arrow_between_boxes(path: Path) -> None:
    scenario = load_scenario(path)
    declared, arrows, lanes = mermaid_structure(to_mermaid(build(scenario, "en")))
    m = scenario.model
    assert declared == {mermaid_id(n) for n in m.nodes} | {
        mermaid_id(f"end:{e}") for e in m.endings
    }
    assert arrows and all(a in declared and b in declared for a, b in arrows)
    assert lanes == len(scenario.stages)


def test_hostile_texts_stay_inside_their_labels() -> None:
    scenario = load_scenario_text(HOSTILE, "hostile.yaml")
    graph = build(scenario)
    declared, arrows, _ = mermaid_structure(to_mermaid(graph))
    assert len(declared) == 3 and len(arrows) == 3  # two nodes and the ending
    dot = to_dot(graph)
    assert '\\"Quoted\\" \\\\ slash' in dot  # quotes and backslashes escaped
    if DOT is not None:
        proc = subprocess.run([DOT, "-Tsvg"], input=dot, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.count('class="node"') == 3 and proc.stdout.count('class="edge"') == 3


def test_jumps_loop_backs_and_endings_are_styled_apart() -> None:
    graph = build(load_scenario(CAMPUS), "en")
    kinds = {a.kind for a in graph.arrows}
    assert {"jump_pass", "jump_fail", "loop_back", "choice", "goto"} <= kinds
    assert {b.kind for b in graph.boxes.values()} >= {"decision", "loop_back", "ending", "node"}
    lanes = {b.lane for b in graph.boxes.values() if b.lane is not None}
    assert len(lanes) == len(graph.lanes)  # every stage holds some node
    dot = to_dot(graph)
    assert "style=dashed" in dot and "penwidth=2" in dot and "doubleoctagon" in dot


def test_a_record_draws_the_trainee_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = ROOT / "scenarios" / "plans" / "campus-rookie-early-price.play"
    choices = [int(n) for n in re.findall(r"^choose (\d+)", plan.read_text(), re.M)]
    session = Session(load_scenario(CAMPUS), language="en")
    replay(session, choices)
    record = session.record()
    graph = with_path(build(load_scenario(CAMPUS), "en"), record["events"])
    assert graph.visited[0] == "start" and graph.visited[-1].startswith("end:")
    assert len(graph.taken) == len(graph.visited) - 1
    path = tmp_path / "rookie.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    out = tmp_path / "rookie.dot"
    assert main(["graph", str(CAMPUS), "-o", str(out), "--record", str(path)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.count(PATH_COLOUR) == len(graph.visited) + len(graph.taken)
    # a record of another scenario is refused in one sentence
    assert main(["graph", str(MINI), "--record", str(path)]) == 1
    assert "is a session of 'campus-security', not of 'mini'" in capsys.readouterr().err


@pytest.mark.skipif(DOT is None, reason="GRAPHVIZ NOT INSTALLED: .ci/run installs it")
def test_svg_is_written_with_graphviz(tmp_path: Path) -> None:
    out = tmp_path / "campus.svg"
    assert main(["graph", "campus-security", "-o", str(out), "--lang", "en"]) == 0
    svg = out.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "Discover the problem" in svg and "won_contract" in svg


def test_svg_without_graphviz_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no dot on it
    assert main(["graph", str(MINI), "-o", str(tmp_path / "g.svg")]) == 1
    err = capsys.readouterr().err
    assert "Graphviz's 'dot' is not installed" in err and "-o FILE.mmd" in err
    assert main(["graph", str(MINI), "-o", str(tmp_path / "g.png")]) == 2
    assert "name it FILE.svg, FILE.dot or FILE.mmd" in capsys.readouterr().err
