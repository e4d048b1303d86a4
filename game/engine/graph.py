"""The conversation as a graph: which nodes lead where, what is reachable, and which stages
the buyer can be in on arriving at a node. Validation uses it today; the path explorer and
the scenario graph build on it.
"""

from __future__ import annotations

from game.engine.condition import Condition
from game.engine.model import Node, ScenarioModel


def successors(node: Node) -> tuple[list[str], list[str]]:
    """The nodes and endings a node can lead to, ignoring conditions."""
    nodes: list[str] = []
    endings: list[str] = []
    if node.goto is not None:
        nodes.append(node.goto)
    if node.end is not None:
        endings.append(node.end)
    for c in node.choices or ():
        nodes.extend(t for t in (c.goto, c.pass_, c.fail) if t is not None)
        if c.end is not None:
            endings.append(c.end)
    return nodes, endings


def reachable(m: ScenarioModel) -> tuple[set[str], set[str]]:
    """Nodes and endings reachable from ``start`` when every choice is allowed."""
    seen: set[str] = set()
    endings: set[str] = set()
    todo = [m.start] if m.start in m.nodes else []
    while todo:
        node_id = todo.pop()
        if node_id in seen:
            continue
        seen.add(node_id)
        nxt, ends = successors(m.nodes[node_id])
        endings.update(ends)
        todo.extend(n for n in nxt if n in m.nodes and n not in seen)
    return seen, endings


def possible_stages(
    m: ScenarioModel, stages: list[str], gates: dict[str, Condition | None]
) -> dict[str, set[int]]:
    """Which stage indices the buyer may be in on arriving at each node (over-approximated).

    A gated ``advance`` may or may not pass; an ungated one always does. Used to tell a
    loop-back that can never go back from one that does on some path.
    """
    last = len(stages)  # index of DECIDED

    def after_node(node: Node, arriving: set[int]) -> set[int]:
        result: set[int] = set()
        for s in arriving:
            states = {s}
            if node.advance and s < last:
                states = {s + 1} if gates.get(stages[s]) is None else {s, s + 1}
            if node.loop_back in stages:
                target = stages.index(node.loop_back)
                states = {min(x, target) if x > target else x for x in states}
            result |= states
        return result

    arrive: dict[str, set[int]] = {m.start: {0}} if m.start in m.nodes else {}
    todo = list(arrive)
    while todo:
        node_id = todo.pop()
        node = m.nodes[node_id]
        here = after_node(node, arrive[node_id])
        outs: list[tuple[str, set[int]]] = []
        if node.goto is not None:
            outs.append((node.goto, here))
        for c in node.choices or ():
            if c.goto is not None:
                outs.append((c.goto, here))
            if c.pass_ is not None:
                outs.append((c.pass_, {min(s + 1, last) for s in here}))
            if c.fail is not None:
                outs.append((c.fail, here))
        for target, states in outs:
            if target not in m.nodes:
                continue
            known = arrive.setdefault(target, set())
            if not states <= known:
                known |= states
                todo.append(target)
    return arrive
