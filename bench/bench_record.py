"""What recording costs per step, and what branching a Session costs.

Run: ``python bench/bench_record.py``. Prints medians and p95 in microseconds.

1. A step (one ``choose`` and the buyer's reply) of a session recorded by the attempt
   pipeline's record file (journal appended per event), against a *twin* session that
   records nothing, at steps 10, 250 and 5,000 of one long session. Goal (DESIGN.md): a
   recorded step under 1 ms at any session length.
2. ``snapshot``, ``restore`` and ``fork`` on the default scenario, mid-meeting; and
   ``state_key``.
3. Finishing the attempt (score + the record written atomically) at 10, 250, 5,000 steps.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.attempt import Attempt, FileSink
from game.engine import Session, load_scenario, load_scenario_text
from game.engine.session import replay
from game.paths import default_scenario

#: A buyer who will talk forever: choice 1 comes back to the same node, costing no clock.
LONG = """
format: 1
id: long-talk
language: en
title: Long talk
meeting: {minutes: 600}
stakeholders:
  lee: {name: Ms Lee, title: IT manager, role: user}
start: talk
nodes:
  talk:
    speaker: lee
    says: Go on.
    choices:
      - say: Tell me more about how the network is used every day.
        move: question
        spin: situation
        seconds: 0
        goto: talk
      - say: Thank you, let us stop here.
        move: other
        end: done
endings:
  done: {outcome: continuation, says: Bye.}
"""

MARKS = (10, 250, 5000)


def stats(samples: list[float]) -> str:
    us = sorted(s * 1e6 for s in samples)
    p95 = us[int(len(us) * 0.95) - 1]
    return f"median {statistics.median(us):8.1f} µs   p95 {p95:8.1f} µs"


def step_costs(
    session: Session, marks: tuple[int, ...], window: int = 20
) -> dict[int, list[float]]:
    """Time each step; report the ``window`` steps ending at each mark."""
    out: dict[int, list[float]] = {m: [] for m in marks}
    for step in range(1, max(marks) + 1):
        start = time.perf_counter()
        session.choose(1)
        elapsed = time.perf_counter() - start
        for m in marks:
            if m - window < step <= m:
                out[m].append(elapsed)
    return out


def bench_steps() -> None:
    sc = load_scenario_text(LONG, "long.yaml")
    print("1. one step (choose + reply), recorded vs a twin that records nothing")
    with tempfile.TemporaryDirectory() as tmp:
        twin = step_costs(Session(sc), MARKS)
        attempt = Attempt(sc, sinks=[FileSink(Path(tmp) / "run.json")])
        recorded = step_costs(attempt.start(), MARKS)
        for m in MARKS:
            ratio = statistics.median(recorded[m]) / statistics.median(twin[m])
            print(f"   step {m:>5}: twin     {stats(twin[m])}")
            print(f"               recorded {stats(recorded[m])}   ({ratio:.1f}x twin)")
        start = time.perf_counter()
        attempt.session.choose(2)
        attempt.finish()
        print(f"   finish at step {max(MARKS)} (score + atomic write): "
              f"{(time.perf_counter() - start) * 1e3:.1f} ms")  # fmt: skip


def repeat(fn: Callable[[], object], n: int = 2000) -> list[float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def bench_branching() -> None:
    sc = load_scenario(default_scenario())
    session = replay(Session(sc), [3, 3, 3, 1, 2, 2, 1, 2, 2, 2, 2, 1, 2, 2])
    snap = session.snapshot()
    print(f"2. branching, default scenario after 14 choices ({len(session.events)} events)")
    print(f"   snapshot()   {stats(repeat(session.snapshot))}")
    print(f"   restore()    {stats(repeat(lambda: session.restore(snap)))}")
    print(f"   fork()       {stats(repeat(session.fork, 500))}")
    print(f"   state_key()  {stats(repeat(session.state_key))}")

    def branch() -> None:
        session.restore(snap)
        session.choose(1)
        session.advance_to_choice()

    print(f"   restore + choose + run to the next choice  {stats(repeat(branch))}")


if __name__ == "__main__":
    bench_steps()
    bench_branching()
