"""Engine benchmarks: load + validate vs the bare libyaml parse, and one session step.

Run: ``python bench/bench_engine.py [NODES]`` (default 10,000). Prints medians over repeated
runs. Goals (DESIGN.md): load + validate within 1.5x of ``yaml.load(..., CSafeLoader)`` on
the same file; one session step (``Session.choose``) under 1 ms; a file full of wrong names
checked in linear time ("did you mean" has a budget), reported next to a valid file's load.

A file over the 16 MB cap (about 17,000 nodes) is refused unread (Y106) by salessim; to time
the pipeline on such a file anyway (``bench_engine.py 100000``), the cap is lifted here.
"""

from __future__ import annotations

import gc
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

import game.engine.source
from game.engine import (
    Diagnostic,
    ScenarioError,
    Session,
    load_scenario,
    load_scenario_text,
)
from game.engine.session import drive
from game.paths import default_scenario


def timed(fn: object, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return times


def bench_load(nodes: int, repeat: int = 5) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        path.write_text(generate(nodes), encoding="utf-8")
        size = path.stat().st_size / 1e6
        if path.stat().st_size > game.engine.source.MAX_BYTES:
            game.engine.source.MAX_BYTES = path.stat().st_size
            print(f"(file over the 16 MB cap: cap lifted to time {size:.0f} MB)")

        def bare() -> None:
            with open(path, "rb") as fh:
                yaml.load(fh, Loader=yaml.CSafeLoader)

        def ours() -> None:
            load_scenario(path)

        base = statistics.median(timed(bare, repeat))
        full = statistics.median(timed(ours, repeat))
        print(f"scenario: {nodes} nodes, {size:.1f} MB")
        print(f"  yaml.load(CSafeLoader)     median {base * 1000:8.1f} ms")
        print(f"  load_scenario (validated)  median {full * 1000:8.1f} ms")
        print(f"  ratio                      {full / base:8.2f}x   (goal <= 1.5x)")


def wrong_names(text: str, typo: bool) -> str:
    """Every node's first choice goes to a node that does not exist, each a different name:
    a typo of the real target (``typo``: 'did you mean' finds it) or an unrelated name."""

    def bad(m: re.Match[str]) -> str:
        target = m.group(1)
        wrong = f"{target}x" if typo else f"unknown_target_{target}"
        return m.group(0).replace(f"goto: {target}", f"goto: {wrong}")

    return re.sub(r"picks_up: theft\n.*\n        goto: (n\d+|last)", bad, text)


def bench_wrong_names(counts: list[int]) -> None:
    """Before the budget, 4,000 wrong names took 21-25 s and 8,000 took 105 s (quadratic)."""
    for n in counts:
        for typo in (True, False):
            text = wrong_names(generate(n), typo)
            start = time.perf_counter()
            try:
                load_scenario_text(text, "wrong.yaml")
                found: list[Diagnostic] = []
            except ScenarioError as exc:
                found = exc.diagnostics
            took = time.perf_counter() - start
            start = time.perf_counter()
            load_scenario_text(generate(n), "valid.yaml")
            valid = time.perf_counter() - start
            wrong = sum(d.code == "R301" for d in found)
            hints = sum("Did you mean" in d.message for d in found)
            print(
                f"{n} nodes, {wrong} wrong names ({'typos' if typo else 'unrelated'}, "
                f"{hints} with a suggestion): {took:6.2f} s; valid file {valid:6.2f} s "
                f"({took / valid:.2f}x)"
            )


def bench_step(path: Path, sessions: int = 300) -> None:
    scenario = load_scenario(path)
    steps: list[float] = []
    for k in range(sessions):
        # the time between two stops of the drive loop is one step (a choice or a proceed)
        last = [time.perf_counter()]
        laps: list[float] = []

        def lap(_s: Session, last: list[float] = last, laps: list[float] = laps) -> None:
            now = time.perf_counter()
            laps.append(now - last[0])
            last[0] = now

        def pick(s: Session, k: int = k, last: list[float] = last, laps: list[float] = laps) -> int:
            count = len(s.view().choices)
            last[0] = time.perf_counter()  # not the view above
            return 1 + (k + len(laps)) % count

        drive(Session(scenario), pick, show=lap, limit=200)
        steps.extend(laps[1:])  # the first lap is the session's start, not a step
    steps.sort()
    p95 = steps[int(len(steps) * 0.95)]
    print(f"session step on {path.name}: {len(steps)} steps")
    print(
        f"  median {statistics.median(steps) * 1e6:7.1f} us   p95 {p95 * 1e6:7.1f} us   "
        f"max {steps[-1] * 1e6:7.1f} us   (goal < 1000 us)"
    )


def main() -> None:
    nodes = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    bench_load(nodes, repeat=5 if nodes <= 20_000 else 1)
    bench_wrong_names([4_000, 8_000])
    if default_scenario().is_file():
        bench_step(default_scenario())
    bench_step(Path(__file__).resolve().parent.parent / "tests" / "data" / "mini.yaml")


if __name__ == "__main__":
    main()
