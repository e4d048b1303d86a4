"""Can a trainee score by position or length instead of judgement? (issue: no gaming)

At each choice point the explorer reached, the *best* choice is the one on the best-scoring
path found through that point. If the best choice is mostly the longest text, "always pick
the longest" becomes a strategy; if it is mostly the first, "always pick 1" does (choices
are shuffled in play, but scripts and old records use the authored order). A trainer is
warned with the share, and the nodes to rewrite.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.diagnostics import NOWHERE, Diagnostic
from game.engine.scenario import Scenario
from game.explore.paths import Walk

#: A share above this is "mostly": the warning fires.
MOSTLY = 0.5
#: Fewer judged choice points than this say nothing either way.
MIN_POINTS = 4


@dataclass(frozen=True)
class Bias:
    """Where the best choice sits, over the choice points with a clear best."""

    points: int  # choice points judged (two or more choices taken, one best)
    longest: tuple[str, ...]  # nodes whose best choice is the longest text
    first: tuple[str, ...]  # nodes whose best choice is authored first

    @property
    def longest_share(self) -> float:
        return len(self.longest) / self.points if self.points else 0.0

    @property
    def first_share(self) -> float:
        return len(self.first) / self.points if self.points else 0.0

    def warnings(self) -> list[tuple[str, tuple[str, ...]]]:
        """One sentence per bias found, naming the share and where to start rewriting, with
        the nodes to rewrite."""
        if self.points < MIN_POINTS:
            return []
        out: list[tuple[str, tuple[str, ...]]] = []
        for what, share, nodes, fix in (
            (
                "the longest",
                self.longest_share,
                self.longest,
                "make a weaker choice as long, or the best one shorter",
            ),
            ("the first", self.first_share, self.first, "move the best choice down the list"),
        ):
            if share > MOSTLY:
                shown = ", ".join(nodes[:5]) + (" ..." if len(nodes) > 5 else "")
                out.append(
                    (
                        f"the best choice is {what} at {len(nodes)} of {self.points} choice "
                        f"points ({share:.0%}), so 'always pick {what}' scores well; {fix} "
                        f"(at {shown})",
                        nodes,
                    )
                )
        return out


def position_bias(scenario: Scenario, walk: Walk, language: str) -> Bias:
    """The best choice at each choice point, from the paths in ``walk``."""
    where = {cid: node for (node, _), cid in scenario.compiled.choice_ids.items()}
    best: dict[str, dict[str, float]] = {}  # node -> choice id -> best overall through it
    for path in walk.paths:
        overall = path.scores["overall"]
        if overall is None:
            continue
        for choice_id in path.ids:
            seen = best.setdefault(where[choice_id], {})
            seen[choice_id] = max(overall, seen.get(choice_id, -1.0))
    longest: list[str] = []
    first: list[str] = []
    points = 0
    for node_id, taken in best.items():
        if len(taken) < 2 or node_id not in scenario.model.nodes:
            continue
        top = max(taken.values())
        winners = [c for c, v in taken.items() if v == top]
        if len(winners) != 1:
            continue
        points += 1
        node = scenario.model.nodes[node_id]
        ids = [scenario.choice_id(node_id, i) for i in range(len(node.choices or ()))]
        choices = node.choices or ()
        lengths = {
            cid: len(scenario.text(c.say, language)) for cid, c in zip(ids, choices, strict=True)
        }
        winner = winners[0]
        if (
            lengths.get(winner) == max(lengths.values())
            and list(lengths.values()).count(lengths[winner]) == 1
        ):
            longest.append(node_id)
        if ids and ids[0] == winner:
            first.append(node_id)
    return Bias(points, tuple(longest), tuple(first))


#: The sample ``validate`` draws per language: enough to see a bias, quick enough to run
#: on every file (about a second per language on the shipped scenario).
VALIDATE_PATHS = 150
VALIDATE_STATES = 1000


def position_diagnostics(scenario: Scenario, path: str) -> list[Diagnostic]:
    """W706 for each language of ``scenario`` in which the best choice is mostly the longest
    or the first, placed at the first node to fix."""
    from game.explore import explore  # the explorer package imports this module's siblings

    found: list[Diagnostic] = []
    for lang in scenario.languages():
        ex = explore(scenario, language=lang, max_paths=VALIDATE_PATHS, budget=VALIDATE_STATES)
        bias = position_bias(scenario, ex.walk, lang)
        for message, nodes in bias.warnings():
            src = scenario.source
            pos = src.key_pos(("nodes", nodes[0])) if src is not None else NOWHERE
            found.append(Diagnostic("W706", f"in {lang}, {message}", path, pos))
    return found
