"""Free-text matcher benchmark: accuracy and speed on the typed-line sets.

Run: ``python bench/bench_freetext.py [SCENARIO ...] [--stage1] [--game]``. For each
shipped scenario with a set in ``tests/freetext/lines/``, every typed line is matched
against the choices of its node. Per language and kind (plain / hard / none): lines, top-1
(the right choice first), in list (among the three a confirm list shows), auto (taken
without asking), auto wrong, and the median and p95 milliseconds per line on one thread.
Also the time to build the matcher and its embeddings (a cold cache, then a warm one).
``--game``: in the game window (dummy video driver), the frames while a typed line is
matched off the UI thread, and how long until the match is shown.
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


def game_frames(sid: str, lines: int = 30) -> None:
    """Frame times in the meeting while typed lines are matched (the match runs off the UI
    thread), and the time from Enter to the match shown."""
    import statistics

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="salessim-bench-config-")
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="salessim-bench-data-")
    import pygame

    from game.ui import messages as msg
    from game.ui.app import App, play_args
    from game.ui.headless import press, settle, type_text
    from game.ui.screens.meeting import MATCHING, MeetingScreen

    app = App(play_args(scenario=str(ROOT / "scenarios" / f"{sid}.yaml"), lang="en"))
    app.step(dt=0)
    settle(app)
    app.post(msg.ToggleTyping())
    settle(app)
    press(pygame.K_RETURN)
    settle(app, 6)
    screen = app.top
    assert isinstance(screen, MeetingScreen)
    matcher = screen.play.matcher
    if matcher.embeddings is not None:
        matcher.embeddings.ready.wait()
    frames: list[float] = []
    waits: list[float] = []
    for _ in range(lines):
        type_text("so what do you think about all of this for the new site")
        settle(app)
        press(pygame.K_RETURN)
        begun = time.perf_counter()
        while True:
            start = time.perf_counter()
            app.step(dt=1 / 60)
            frames.append((time.perf_counter() - start) * 1000)
            if screen.phase != MATCHING:
                break
            time.sleep(0.002)
        waits.append((time.perf_counter() - begun) * 1000)
        press(pygame.K_BACKSPACE if screen.phase == "counted" else pygame.K_0)
        settle(app)
        screen.entry.text = ""
    frames.sort()
    print(
        f"{sid} in the game (stages {matcher.stages}): frames while matching median "
        f"{statistics.median(frames):.1f} ms, p95 {frames[int(len(frames) * 0.95)]:.1f} ms; "
        f"the match shown after a median {statistics.median(waits):.0f} ms"
    )
    app.close()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("scenarios", nargs="*", help="scenario ids (default: every set)")
    p.add_argument("--stage1", action="store_true", help="character n-grams only")
    p.add_argument("--game", action="store_true", help="frame times in the game while matching")
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
        if args.game:
            game_frames(sid)


if __name__ == "__main__":
    main()
