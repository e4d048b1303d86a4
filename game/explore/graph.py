"""The scenario drawn as a graph: ``salessim graph``.

The picture is built from the scenario model as data first (``Graph``: boxes in buying-cycle
lanes, and arrows of a few kinds), and only then written out as Graphviz DOT or Mermaid text,
each with its own quoting, so no trainer's text can break the file. Lanes are the stages the
buyer can first be in on arriving at a node; a decision point (a gated ``advance``, a jump)
is marked; jumps that pass, jumps that fail and loop-backs are styled apart; endings are
coloured by outcome. ``--record`` draws one trainee's path on it: the nodes visited and the
arrows taken, in the order taken.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from game.engine.graph import possible_stages
from game.engine.labels import OUTCOMES, label, stage_name
from game.engine.model import DECIDED
from game.engine.scenario import Scenario
from game.engine.text import columns

#: Fill colours of endings by outcome (order, advance, continuation, no sale).
OUTCOME_COLOURS = {
    "order": "#3fcf8e",
    "advance": "#6aa5ff",
    "continuation": "#ffb347",
    "no_sale": "#ff8080",
}
PATH_COLOUR = "#d63384"


@dataclass(frozen=True)
class Box:
    """A node or an ending."""

    id: str
    text: str  # the box's label: who speaks and the start of the line, or the ending
    lane: str | None  # the stage (None: endings, drawn after the lanes)
    kind: str  # "node", "decision" (a gated advance), "loop_back", "ending"
    outcome: str | None = None


@dataclass(frozen=True)
class Arrow:
    """One way from a box to another."""

    source: str
    target: str
    kind: str  # "goto", "choice", "jump_pass", "jump_fail", "loop_back"
    text: str = ""  # a choice's number and move


@dataclass
class Graph:
    title: str
    lanes: list[tuple[str, str]]  # (stage id, its name), in cycle order
    boxes: dict[str, Box] = field(default_factory=dict)
    arrows: list[Arrow] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)  # a trainee's path, in order
    taken: set[tuple[str, str]] = field(default_factory=set)


def _short(text: str, limit: int = 44) -> str:
    """A line cut to ``limit`` terminal columns (a Chinese character takes two)."""
    text = " ".join(text.split())
    if columns(text) <= limit:
        return text
    while text and columns(text) > limit - 1:
        text = text[:-1]
    return text.rstrip() + "…"


def build(scenario: Scenario, lang: str | None = None) -> Graph:
    """The graph of ``scenario``'s nodes and endings, texts in ``lang``."""
    lang = lang or scenario.language
    m = scenario.model
    stages = list(scenario.stages)
    gates = {s: scenario.gate(s) for s in stages}
    arrive = possible_stages(m, stages, gates)
    graph = Graph(
        title=scenario.text(m.title, lang),
        lanes=[(s, scenario.stage_title(s, lang) or stage_name(s, lang)) for s in stages],
    )
    for node_id, node in m.nodes.items():
        where = sorted(arrive.get(node_id, {0}))
        lane = ([*stages, DECIDED])[where[-1]] if where else stages[0]
        who = ""
        if node.speaker is not None and node.speaker in m.stakeholders:
            who = scenario.text(m.stakeholders[node.speaker].name, lang) + ": "
        kind = "node"
        if node.advance and gates.get(lane) is not None:
            kind = "decision"
        if node.loop_back is not None:
            kind = "loop_back"
        text = f"{node_id}\n{who}{_short(scenario.text(node.says, lang))}"
        graph.boxes[node_id] = Box(node_id, text, lane if lane != DECIDED else stages[-1], kind)

        def into(target: str, kind: str) -> str:
            """An arrow into a node that sends the buyer back is drawn as a loop-back."""
            spec = m.nodes.get(target)
            return "loop_back" if spec is not None and spec.loop_back is not None else kind

        if node.goto is not None:
            graph.arrows.append(Arrow(node_id, node.goto, into(node.goto, "goto")))
        if node.end is not None:
            graph.arrows.append(Arrow(node_id, f"end:{node.end}", "goto"))
        for number, choice in enumerate(node.choices or (), start=1):
            tag = f"{number} {choice.move}"
            if choice.pass_ is not None:
                graph.arrows.append(Arrow(node_id, choice.pass_, "jump_pass", f"{tag} ✓"))
            if choice.fail is not None:
                graph.arrows.append(Arrow(node_id, choice.fail, "jump_fail", f"{tag} ✗"))
            if choice.goto is not None:
                graph.arrows.append(Arrow(node_id, choice.goto, into(choice.goto, "choice"), tag))
            if choice.end is not None:
                graph.arrows.append(Arrow(node_id, f"end:{choice.end}", "choice", tag))
    for ending_id, ending in m.endings.items():
        outcome = label(OUTCOMES, ending.outcome, lang)
        text = f"{ending_id}\n{outcome}"
        graph.boxes[f"end:{ending_id}"] = Box(
            f"end:{ending_id}", text, None, "ending", ending.outcome
        )
    return graph


def with_path(graph: Graph, events: Iterable[Mapping[str, Any]]) -> Graph:
    """``graph`` with a trainee's path: the nodes the record's events visited, in order,
    and the ending it reached."""
    visited: list[str] = []
    for ev in events:
        kind = ev.get("kind")
        node = ev.get("node")
        if kind in ("line", "choice") and isinstance(node, str) and node in graph.boxes:
            if not visited or visited[-1] != node:
                visited.append(node)
        elif kind == "ended" and isinstance(ev.get("ending"), str):
            end = f"end:{ev['ending']}"
            if end in graph.boxes:
                visited.append(end)
    graph.visited = visited
    graph.taken = set(pairwise(visited))
    return graph


# -- DOT ---------------------------------------------------------------------------------

_DOT_ARROWS = {
    "goto": 'color="#8a94a6"',
    "choice": 'color="#5b6474"',
    "jump_pass": 'color="#1f9d55", penwidth=2',
    "jump_fail": 'color="#d64545", style=dashed',
    "loop_back": 'color="#d08b2c", style=dashed, constraint=false',
}
_DOT_BOXES = {
    "node": 'shape=box, style="rounded,filled", fillcolor="#f4f6fa"',
    "decision": 'shape=box, style="rounded,filled,bold", fillcolor="#fff4d6", peripheries=2',
    "loop_back": 'shape=box, style="rounded,filled,dashed", fillcolor="#fdebd3"',
}


def dot_quote(text: str) -> str:
    """A DOT string literal: backslashes and quotes escaped, newlines as DOT line breaks."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r", "").replace("\n", "\\n") + '"'


def to_dot(graph: Graph) -> str:
    lines = [
        "digraph scenario {",
        f"  label={dot_quote(graph.title)}; labelloc=t; rankdir=TB; newrank=true;",
        '  node [fontname="Noto Sans SC", fontsize=10]; edge [fontname="Noto Sans SC", '
        "fontsize=9];",
    ]
    on_path = set(graph.visited)
    for i, (stage, name) in enumerate(graph.lanes):
        lines.append(f"  subgraph cluster_{i} {{")
        lines.append(f'    label={dot_quote(f"{i + 1} {name}")}; style=filled; color="#eef1f6";')
        for box in graph.boxes.values():
            if box.lane == stage:
                lines.append(f"    {_dot_box(box, box.id in on_path)}")
        lines.append("  }")
    lines.append("  subgraph cluster_endings {")
    lines.append('    label="—"; style=invis;')
    for box in graph.boxes.values():
        if box.lane is None:
            lines.append(f"    {_dot_box(box, box.id in on_path)}")
    lines.append("  }")
    for a in graph.arrows:
        style = _DOT_ARROWS[a.kind]
        if (a.source, a.target) in graph.taken:
            style += f', color="{PATH_COLOUR}", penwidth=3'
        text = f", label={dot_quote(a.text)}" if a.text else ""
        lines.append(f"  {dot_quote(a.source)} -> {dot_quote(a.target)} [{style}{text}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_box(box: Box, on_path: bool) -> str:
    if box.kind == "ending":
        fill = OUTCOME_COLOURS.get(box.outcome or "", "#dddddd")
        style = f'shape=doubleoctagon, style=filled, fillcolor="{fill}"'
    else:
        style = _DOT_BOXES[box.kind]
    if on_path:
        style += f', color="{PATH_COLOUR}", penwidth=3'
    return f"{dot_quote(box.id)} [{style}, label={dot_quote(box.text)}];"


# -- Mermaid -----------------------------------------------------------------------------


def mermaid_id(name: str) -> str:
    """A Mermaid node id: letters, digits and underscores only (ids stay distinct)."""
    safe = re.sub(r"[^A-Za-z0-9_]", lambda m: f"_{ord(m.group()):x}_", name)
    return f"n_{safe}"


def mermaid_text(text: str) -> str:
    """A Mermaid label in double quotes: quotes and markup characters as entity codes."""
    out = []
    for ch in text:
        if ch == "\n":
            out.append("<br/>")
        elif ch in '"#<>&`|[]{}()':
            out.append(f"#{ord(ch)};")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


_MERMAID_ARROWS = {
    "goto": "-->",
    "choice": "-->",
    "jump_pass": "==>",
    "jump_fail": "-.->",
    "loop_back": "-.->",
}


def to_mermaid(graph: Graph) -> str:
    lines = ["flowchart TB", f"  %% {' '.join(graph.title.split())}"]
    for i, (stage, name) in enumerate(graph.lanes):
        lines.append(f"  subgraph lane_{i} [{mermaid_text(f'{i + 1} {name}')}]")
        for box in graph.boxes.values():
            if box.lane == stage:
                lines.append(f"    {_mermaid_box(box)}")
        lines.append("  end")
    for box in graph.boxes.values():
        if box.lane is None:
            lines.append(f"  {_mermaid_box(box)}")
    taken: list[int] = []
    for i, a in enumerate(graph.arrows):
        arrow = _MERMAID_ARROWS[a.kind]
        text = f"|{mermaid_text(a.text)}|" if a.text else ""
        lines.append(f"  {mermaid_id(a.source)} {arrow}{text} {mermaid_id(a.target)}")
        if (a.source, a.target) in graph.taken:
            taken.append(i)
    lines += [
        "  classDef decision fill:#fff4d6,stroke:#b7791f,stroke-width:2px",
        "  classDef loop_back fill:#fdebd3,stroke:#d08b2c,stroke-dasharray:4 3",
        *(
            f"  classDef {outcome} fill:{colour},stroke:#333"
            for outcome, colour in OUTCOME_COLOURS.items()
        ),
        f"  classDef path stroke:{PATH_COLOUR},stroke-width:3px",
    ]
    for box in graph.boxes.values():
        classes = [box.kind] if box.kind in ("decision", "loop_back") else []
        if box.outcome in OUTCOME_COLOURS:
            classes.append(box.outcome or "")
        if box.id in set(graph.visited):
            classes.append("path")
        if classes:
            lines.append(f"  class {mermaid_id(box.id)} {','.join(classes)}")
    if taken:
        numbers = ",".join(map(str, taken))
        lines.append(f"  linkStyle {numbers} stroke:{PATH_COLOUR},stroke-width:3px")
    return "\n".join(lines) + "\n"


def _mermaid_box(box: Box) -> str:
    text = mermaid_text(box.text)
    if box.kind == "ending":
        return f"{mermaid_id(box.id)}(({text}))"
    if box.kind == "decision":
        return f"{mermaid_id(box.id)}{{{{{text}}}}}"
    return f"{mermaid_id(box.id)}[{text}]"


# -- SVG ---------------------------------------------------------------------------------


class GraphvizMissing(Exception):
    """``dot`` is not installed: SVG needs it (DOT and Mermaid text do not)."""


def to_svg(dot: str, *, timeout: float = 120.0) -> str:
    """Lay the DOT out with Graphviz's ``dot``; GraphvizMissing if it is not installed."""
    program = shutil.which("dot")
    if program is None:
        raise GraphvizMissing(
            "Graphviz's 'dot' is not installed, so no SVG: write '-o FILE.dot' or "
            "'-o FILE.mmd', or install Graphviz (apt-get install graphviz)"
        )
    proc = subprocess.run(
        [program, "-Tsvg"], input=dot, capture_output=True, text=True, timeout=timeout, check=False
    )
    if proc.returncode != 0:
        why = " ".join(proc.stderr.split())[:300]
        raise GraphvizMissing(f"Graphviz could not lay the graph out: {why}")
    return proc.stdout


def formats() -> Sequence[str]:
    return (".svg", ".dot", ".gv", ".mmd")
