"""Engine benchmarks: load + validate vs the bare libyaml parse, and one session step.

Run: ``python bench/bench_engine.py [NODES]`` (default 10,000). Prints medians over repeated
runs. Goals (DESIGN.md): load + validate within 1.5x of ``yaml.load(..., CSafeLoader)`` on
the same file; one session step (``Session.choose``) under 1 ms.
"""

from __future__ import annotations

import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

from game.engine import Session, Status, load_scenario
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


def bench_step(path: Path, sessions: int = 300) -> None:
    scenario = load_scenario(path)
    steps: list[float] = []
    for k in range(sessions):
        session = Session(scenario)
        n = 0
        while session.status is not Status.ENDED and n < 200:
            if session.status is Status.LISTENING:
                start = time.perf_counter()
                session.proceed()
            else:
                count = len(session.view().choices)
                start = time.perf_counter()
                session.choose(1 + (k + n) % count)
            steps.append(time.perf_counter() - start)
            n += 1
    steps.sort()
    p95 = steps[int(len(steps) * 0.95)]
    print(f"session step on {path.name}: {len(steps)} steps")
    print(
        f"  median {statistics.median(steps) * 1e6:7.1f} us   p95 {p95 * 1e6:7.1f} us   "
        f"max {steps[-1] * 1e6:7.1f} us   (goal < 1000 us)"
    )


def main() -> None:
    nodes = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    bench_load(nodes)
    if default_scenario().is_file():
        bench_step(default_scenario())
    bench_step(Path(__file__).resolve().parent.parent / "tests" / "data" / "mini.yaml")


if __name__ == "__main__":
    main()
