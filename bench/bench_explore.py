"""How long the path explorer takes on the shipped scenarios and the test scenario.

Run: ``python bench/bench_explore.py``. Prints, per scenario: the coarse (clock-free)
breadth-first search, the exact depth-first search, scoring paths (guided sample), the
validity checks (``salessim explore --validity`` with its defaults) and the W706 position
check that ``salessim validate`` runs, each with its size.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.engine import load_scenario
from game.explore import explore
from game.explore.paths import STATE_BUDGET, _search, walk_paths
from game.explore.position import position_diagnostics
from game.explore.validity import check

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = [ROOT / "tests" / "data" / "mini.yaml", *sorted((ROOT / "scenarios").glob("*.yaml"))]


def main() -> None:
    for path in SCENARIOS:
        sc = load_scenario(path)
        print(f"== {path.name} ({len(sc.model.nodes)} nodes)")
        for label, depth_first, clock in (("coarse BFS", False, False), ("exact DFS", True, True)):
            start = time.perf_counter()
            found = _search(sc, None, STATE_BUDGET, depth_first=depth_first, clock=clock)
            took = time.perf_counter() - start
            done = "exhaustive" if found.exhaustive else "budget reached"
            print(
                f"   {label}: {found.states:>6} states in {took:5.1f} s "
                f"({took / found.states * 1e6:.0f} µs/state, {done}), "
                f"{len(found.endings)} endings"
            )
        start = time.perf_counter()
        walk = walk_paths(sc, max_paths=1000)
        took = time.perf_counter() - start
        kind = "all" if walk.exhaustive else "sampled"
        print(
            f"   paths scored: {len(walk.paths)} ({kind}) in {took:.1f} s "
            f"({took / len(walk.paths) * 1e3:.1f} ms/path)"
        )
        start = time.perf_counter()
        found_all = explore(sc)
        verdict = check(sc, found_all.walk, language=found_all.language)
        took = time.perf_counter() - start
        print(
            f"   --validity: {len(found_all.walk.paths)} paths, {verdict.pairs} neighbour pairs, "
            f"{sum(len(v) for v in verdict.strategies.values())} strategy runs in {took:.1f} s, "
            f"{len(verdict.findings)} counter-examples"
        )
        start = time.perf_counter()
        warnings = position_diagnostics(sc, path.name)
        took = time.perf_counter() - start
        print(f"   W706 check (validate): {took:.1f} s, {len(warnings)} warnings")


if __name__ == "__main__":
    main()
