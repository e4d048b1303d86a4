"""The path explorer: what a scenario lets a trainee do, and what each way through scores.

``explore(scenario)`` runs the two searches of ``paths.py`` and gathers what a trainer and
the scoring checks need: each ending with a witness path and its score ranges, the best and
worst paths, choices no path takes, nodes that conditions make unreachable. It drives the
engine's Session only; it never imports pygame.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.scenario import Scenario
from game.explore.paths import (
    STATE_BUDGET,
    EndingSummary,
    Reach,
    ScoredPath,
    Spread,
    Walk,
    by_ending,
    reach,
    walk_paths,
)
from game.scoring import Rubric


@dataclass(frozen=True)
class Exploration:
    scenario: Scenario
    language: str
    found: Reach
    walk: Walk
    endings: list[EndingSummary]

    @property
    def unreached_endings(self) -> list[str]:
        reached = {ending for ending, _ in self.found.endings}
        return [e for e in self.scenario.model.endings if e not in reached]

    @property
    def unreached_nodes(self) -> list[str]:
        return [n for n in self.scenario.model.nodes if n not in self.found.nodes]

    @property
    def untaken_choices(self) -> list[str]:
        sc = self.scenario
        every = [
            sc.choice_id(node_id, i)
            for node_id, node in sc.model.nodes.items()
            for i in range(len(node.choices or ()))
        ]
        return [c for c in every if c not in self.found.choices]

    def ranked(self) -> list[ScoredPath]:
        """Paths by overall score, best first (unscored last)."""
        return sorted(self.walk.paths, key=lambda p: -(p.scores["overall"] or -1.0))


def explore(
    scenario: Scenario,
    *,
    language: str | None = None,
    max_paths: int = 1000,
    seed: int = 0,
    budget: int = STATE_BUDGET,
    rubric: Rubric | None = None,
) -> Exploration:
    lang = language or scenario.language
    found = reach(scenario, language=lang, budget=budget)
    guides = sorted(found.endings.values(), key=len)
    walk = walk_paths(
        scenario, language=lang, max_paths=max_paths, seed=seed, rubric=rubric, guides=guides
    )
    return Exploration(scenario, lang, found, walk, by_ending(walk, found))


__all__ = [
    "EndingSummary",
    "Exploration",
    "Reach",
    "ScoredPath",
    "Spread",
    "Walk",
    "explore",
]
