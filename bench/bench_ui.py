"""Benchmark the game's screens: frame times, idle work, and time to the first frame.

    python bench/bench_ui.py            # dummy video driver (no display needed)
    python bench/bench_ui.py --display  # the real display in $DISPLAY (e.g. an Xvfb)

Prints, at 1280x720:

- frame time of the meeting and debrief screens, redrawn in full every frame (the worst
  case: what a hover or a typewriter frame costs), median and p95, goal p95 <= 4 ms;
- frame time while playing (keys posted, the typewriter running, choices taken: the
  session step and the re-layout included);
- work per idle second: loop wake-ups, frames drawn and blits while nothing happens;
- time to first frame of ``salessim play`` against a bare pygame window, in fresh processes.

Numbers, not assertions: the tests check behaviour, this script measures it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "campus-security.yaml"
SIZE = (1280, 720)


def _setup(display: bool) -> None:
    if not display:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"
    os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
    os.environ.setdefault("XDG_CONFIG_HOME", str(Path("/tmp") / "salessim-bench-config"))
    sys.path.insert(0, str(ROOT))


def _stats(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    median = statistics.median(ms)
    return f"median {median:6.3f} ms   p95 {p95:6.3f} ms   max {ms[-1]:6.3f} ms   n={len(ms)}"


def _full_redraws(app: object, frames: int) -> list[float]:
    from game.ui.app import App

    assert isinstance(app, App)
    times = []
    for _ in range(frames):
        start = time.perf_counter()
        app.draw(force=True)
        times.append(time.perf_counter() - start)
    return times


def bench_frames(frames: int) -> None:
    import pygame

    from game.ui.app import App, play_args
    from game.ui.headless import DIGITS, long_walk, press, settle
    from game.ui.screens.meeting import MeetingScreen

    path = long_walk(SCENARIO, seeds=100)
    app = App(play_args(scenario=str(SCENARIO), lang="zh"), size=SIZE)
    settle(app)
    press(pygame.K_RETURN)
    settle(app)
    # play the path as a trainee would: read each line to the end, then answer
    playing: list[float] = []  # every frame drawn while playing
    answers: list[float] = []  # the frames in which a key took a choice
    for number in path[:-3]:
        screen = app.top
        assert isinstance(screen, MeetingScreen)
        while screen.animating or screen.view.status.value == "listening":
            if not screen.animating:
                press(pygame.K_SPACE)
            drawn = app.frames_drawn
            start = time.perf_counter()
            app.step(dt=1 / 60)
            if app.frames_drawn > drawn:
                playing.append(time.perf_counter() - start)
        press(DIGITS[number])
        start = time.perf_counter()
        app.step(dt=1 / 60)
        answers.append(time.perf_counter() - start)
        playing.append(answers[-1])
    for _ in range(600):
        app.step(dt=1 / 30)  # let the line finish and the tracker settle
    print(f"meeting, full redraw   {_stats(_full_redraws(app, frames))}")
    print(f"meeting, while playing {_stats(playing)}   (every frame drawn)")
    print(f"meeting, answer frames {_stats(answers)}   (key -> session step -> new line)")
    from game.ui.headless import play_choices

    play_choices(app, path[-3:])
    press(pygame.K_SPACE)
    settle(app)
    assert app.top.name == "debrief", app.top.name
    print(f"debrief, full redraw   {_stats(_full_redraws(app, frames))}")
    text = app.ui.text
    print(f"text cache: {len(text)} surfaces, {text.renders} renders, {text.hits} hits")
    app.close()


def bench_idle(seconds: float) -> None:
    import pygame

    from game.ui.app import App, play_args
    from game.ui.headless import long_walk, play_choices, press, settle
    from game.ui.messages import GoName

    app = App(play_args(scenario=str(SCENARIO), lang="zh"), size=SIZE)
    settle(app)
    press(pygame.K_RETURN)
    settle(app)
    play_choices(app, long_walk(SCENARIO, seeds=100)[:6])
    for _ in range(600):
        app.step(dt=1 / 30)

    def idle(label: str) -> None:
        wake = pygame.event.custom_type()
        pygame.time.set_timer(wake, int(seconds * 1000), loops=1)
        frames, blits = app.frames_drawn, app.ui.stats["blits"]
        cpu, wall = time.process_time(), time.perf_counter()
        loops = 0
        while time.perf_counter() - wall < seconds:
            busy = app.top.animating or app.top.dirty or bool(app.queue)
            if busy:
                app.clock.tick(60)
            app.step(wait=not busy)
            loops += 1
        per = 1 / (time.perf_counter() - wall)
        print(
            f"idle {label:<8} per second: {loops * per:5.1f} wake-ups, "
            f"{(app.frames_drawn - frames) * per:5.1f} frames drawn, "
            f"{(app.ui.stats['blits'] - blits) * per:6.1f} blits, "
            f"{(time.process_time() - cpu) * per * 1000:6.2f} ms CPU"
        )

    # the floor: a bare pygame window waiting in event.wait (SDL's own wait loop)
    wake = pygame.event.custom_type()
    pygame.time.set_timer(wake, int(seconds * 1000), loops=1)
    cpu, wall = time.process_time(), time.perf_counter()
    while time.perf_counter() - wall < seconds:
        pygame.event.wait(int(seconds * 1000))
    cpu_rate = (time.process_time() - cpu) / (time.perf_counter() - wall) * 1000
    print(f"idle, bare pygame.event.wait (baseline):  {cpu_rate:6.2f} ms CPU per second")
    idle("meeting")
    app.post(GoName())
    settle(app)
    idle("name")  # the text cursor blinks: two redraws a second
    app.close()


FIRST_FRAME_BARE = """
import time, os
import pygame
pygame.display.init()
screen = pygame.display.set_mode((1280, 720), pygame.RESIZABLE)
screen.fill((22, 28, 39))
pygame.display.flip()
print(time.perf_counter())
"""

FIRST_FRAME_GAME = """
import time, sys
sys.path.insert(0, {root!r})
import pygame
real_flip = pygame.display.flip
def flip():
    real_flip()
    print("window", time.perf_counter())
    pygame.display.flip = real_flip
pygame.display.flip = flip
from game import launch
args = ["play", {scenario!r}]
if launch.opens_window(args):  # what launch.main does, with the App's first frame timed
    from game.ui.backdrop import paint
    paint()
import game.cli
import game.ui.app as app_module
real_step = app_module.App.step
def first(self, **kw):
    alive = real_step(self, **kw)
    if self.frames_drawn:
        print("screen", time.perf_counter())
        sys.exit(0)
    return alive
app_module.App.step = first
game.cli.main(args)
"""


def bench_first_frame(runs: int) -> None:
    """Process start to the window's first frame (the game's backdrop, painted before the
    engine loads) and to the first screen a trainee can use (the briefing), against a bare
    pygame-ce window. The child runs ``game.launch``'s steps itself, to time both frames."""

    def timed(code: str) -> dict[str, float]:
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        if proc.returncode != 0 or not proc.stdout.strip():
            raise SystemExit(f"first-frame run failed: {proc.stderr.strip()[-400:]}")
        marks = {}
        for line in proc.stdout.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] in ("window", "screen"):
                marks.setdefault(parts[0], float(parts[1]) - start)
            elif len(parts) == 1:
                marks.setdefault("window", float(parts[0]) - start)
        return marks

    bare = [timed(FIRST_FRAME_BARE)["window"] for _ in range(runs)]
    game = [
        timed(FIRST_FRAME_GAME.format(root=str(ROOT), scenario=str(SCENARIO))) for _ in range(runs)
    ]
    b = statistics.median(bare)
    window = statistics.median(g["window"] for g in game)
    screen = statistics.median(g["screen"] for g in game)
    print(f"first frame (process start to frame on screen, median of {runs}):")
    print(f"  bare pygame window                  {b * 1000:7.1f} ms")
    print(f"  salessim play: the game's window    {window * 1000:7.1f} ms   ({window / b:.2f}x)")
    print(f"  salessim play: the briefing         {screen * 1000:7.1f} ms   ({screen / b:.2f}x)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--display", action="store_true", help="use $DISPLAY instead of the dummy driver"
    )
    parser.add_argument("--frames", type=int, default=400)
    parser.add_argument("--idle-seconds", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--only", choices=("frames", "idle", "first-frame"), help="run one part of the benchmark"
    )
    args = parser.parse_args()
    _setup(args.display)
    import pygame

    print(
        f"pygame-ce {pygame.version.ver}, SDL {'.'.join(map(str, pygame.get_sdl_version()))}, ",
        end="",
    )
    print(
        f"video driver: {os.environ.get('SDL_VIDEODRIVER', 'default')}, window {SIZE[0]}x{SIZE[1]}"
    )
    if args.only in (None, "frames"):
        bench_frames(args.frames)
    if args.only in (None, "idle"):
        bench_idle(args.idle_seconds)
    if args.only in (None, "first-frame"):
        bench_first_frame(args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
