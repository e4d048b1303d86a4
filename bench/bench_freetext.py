"""Free-text matcher benchmark: accuracy and speed on the typed-line sets.

Run: ``python bench/bench_freetext.py [SCENARIO ...] [--stage1]``. For each shipped scenario
with a set in ``tests/freetext/lines/``, every typed line is matched against the choices of
its node. Per language and kind (plain / hard / none): lines, top-1 (the right choice
first), in list (among the three a confirm list shows), auto (taken without asking), auto
wrong, and the median and p95 milliseconds per line on one thread. Also the time to build
the matcher and its embeddings (a cold cache, then a warm one).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.engine import load_scenario  # noqa: E402
from game.freetext import Matcher  # noqa: E402
from game.freetext.linesets import measure, read_lines, table  # noqa: E402

LINES = ROOT / "tests" / "freetext" / "lines"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("scenarios", nargs="*", help="scenario ids (default: every set)")
    p.add_argument("--stage1", action="store_true", help="character n-grams only")
    args = p.parse_args()
    ids = args.scenarios or sorted(f.stem for f in LINES.glob("*.tsv"))
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="salessim-bench-")
    for sid in ids:
        sc = load_scenario(ROOT / "scenarios" / f"{sid}.yaml")
        lines = read_lines(LINES / f"{sid}.tsv")
        for attempt in ("cold", "warm"):
            start = time.perf_counter()
            matcher = Matcher(sc, stage2=not args.stage1)
            stage1 = time.perf_counter() - start
            if matcher.embeddings is not None:
                matcher.embeddings.ready.wait()
            total = time.perf_counter() - start
            print(
                f"{sid}: matcher built in {stage1 * 1000:.0f} ms (stage 1), "
                f"{total:.2f} s with stage 2 ({attempt} cache)"
            )
        print(f"stages {matcher.stages}; {len(lines)} typed lines")
        print(table(measure(matcher, lines)))
        print()


if __name__ == "__main__":
    main()
