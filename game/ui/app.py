"""The game's App: the window, the screens, and the loop tick -> events -> update -> draw.

As in pygame's chimp example the loop is: wait or tick, handle events, update, draw. It
draws only when a screen says something changed (``dirty``) or animates, and while nothing
does it sleeps in ``pygame.event.wait`` until input arrives or a screen's next scheduled
change (a cursor blink), so an idle game does no drawing work at all.

Screens post messages (``game.ui.messages``); the App acts on them: it switches screens,
starts, restarts and ends the ``Play`` (the session and its record). Tests and the
benchmark drive the same App headless with ``step()`` under the dummy video driver.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game import catalog
from game.engine import Scenario, ScenarioError
from game.paths import default_scenario, find_scenario, library_folders
from game.ui import messages as msg
from game.ui.avatar import Avatars
from game.ui.context import MIN_SIZE, UI
from game.ui.play import Play
from game.ui.screens.base import Screen
from game.ui.screens.briefing import BriefingScreen
from game.ui.screens.error import ErrorScreen
from game.ui.screens.meeting import MeetingScreen
from game.ui.screens.name import NameScreen
from game.ui.screens.pause import PauseScreen
from game.ui.screens.picker import PickerScreen
from game.ui.screens.title import TitleScreen
from game.ui.settings import (
    MAX_LIBRARY,
    TEXT_SCALES,
    Settings,
    load_settings,
    save_settings,
)
from game.ui.strings import t
from game.ui.text import FontError, Fonts, TextCache
from game.ui.theme import ThemeError, load_theme

if TYPE_CHECKING:
    from game.scoring import Rubric

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
FPS = 60


def play_args(**values: object) -> argparse.Namespace:
    """The arguments ``salessim play`` passes to ``run_app``, for tests and tools. Unlike the
    command line, choices keep their authored order unless ``seed`` is given (tests press
    numbers as the scenario lists them)."""
    base: dict[str, object] = {
        "scenario": None,
        "lang": None,
        "trainee": "",
        "json_out": None,
        "seed": None,
        "no_shuffle": True,
    }
    base.update(values)
    return argparse.Namespace(**base)


class App:
    """The running game. ``run()`` plays until quit; ``step()`` runs one loop iteration."""

    def __init__(
        self,
        args: argparse.Namespace | None = None,
        *,
        size: tuple[int, int] = (1280, 720),
        scenario_dirs: list[Path] | None = None,
        rubric: Rubric | None = None,
    ) -> None:
        args = args if args is not None else play_args()
        self.rubric = rubric  # --rubric: every attempt is scored with it on top
        pygame.display.init()
        pygame.font.init()
        self.settings: Settings = load_settings()
        theme = load_theme(name=self.settings.theme)
        fonts = Fonts()
        self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        self._set_minimum_size()
        pygame.key.set_repeat(400, 40)
        text = TextCache(fonts)
        self.ui = UI(theme, fonts, text, Avatars(theme, text), self.post)
        self.ui.text_scale = self.settings.text_scale
        if getattr(args, "type", False):  # play --type: typing from now on (remembered)
            self.settings.answer_mode = "type"
        self.ui.typing = self.settings.answer_mode == "type"
        given = [str(f) for f in getattr(args, "library", None) or []]
        if given:  # --library folders are remembered for the next start
            known = [
                f for f in self.settings.library if f not in {str(Path(g).resolve()) for g in given}
            ]
            self.settings.library = [*known, *(str(Path(g).resolve()) for g in given)]
            self.settings.library = self.settings.library[-MAX_LIBRARY:]
            save_settings(self.settings)
        self.scenario_dirs = scenario_dirs or library_folders(remembered=self.settings.library)
        self.json_out: Path | None = getattr(args, "json_out", None)
        self.db: str | None = getattr(args, "db", None)
        self.force: bool = bool(getattr(args, "force", False))  # --json-out may replace
        #: choice order: a fixed --seed, the authored order (--no-shuffle), or a new seed
        #: for every attempt (None, False)
        self.seed: int | None = getattr(args, "seed", None)
        self.shuffle: bool = not getattr(args, "no_shuffle", False)
        #: --trainee names this run's sessions without replacing the remembered name
        self.trainee_arg: str = getattr(args, "trainee", "") or ""
        self.trainee: str = self.trainee_arg or self.settings.trainee
        self.lang_arg: str | None = getattr(args, "lang", None)
        self.ui.lang = self.lang_arg or self.settings.language or "zh"
        self.queue: deque[msg.Message] = deque()
        self.stack: list[Screen] = []
        self.play: Play | None = None
        self.pending_path: Path | None = None  # a scenario that failed to load, for F5
        self.recorded = False  # a record was written to --json-out in this run
        self._titles: dict[str, str] | None = None  # the default scenario's title by language
        self.running = True
        self.exit_code = EXIT_OK
        self.frames_drawn = 0
        self.clock = pygame.time.Clock()
        self._backdrop: pygame.Surface | None = None
        self._last = time.perf_counter()
        self.ui.set_size(*self.window.get_size())
        self._caption()
        scenario = getattr(args, "scenario", None)
        if scenario:
            self.open_direct(scenario)
        else:
            self.show(TitleScreen(self.ui, self._default_titles()))

    # -- window ---------------------------------------------------------------------------

    def _set_minimum_size(self) -> None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                window = pygame.Window.from_display_module()
            window.minimum_size = MIN_SIZE
        except (AttributeError, pygame.error):  # older pygame-ce: the layout still copes
            pass

    def _caption(self) -> None:
        title = t("app_title", self.ui.lang)
        if self.play is not None:
            sc = self.play.scenario
            title = f"{sc.text(sc.model.title, self.ui.lang)} — {title}"
        pygame.display.set_caption(title)

    @property
    def size(self) -> tuple[int, int]:
        surface = pygame.display.get_surface()
        return surface.get_size() if surface is not None else (0, 0)

    def resized(self) -> None:
        w, h = self.size
        self.ui.set_size(w, h)
        self._backdrop = None
        for screen in self.stack:
            screen.resize(w, h)

    # -- screens --------------------------------------------------------------------------

    @property
    def top(self) -> Screen:
        return self.stack[-1]

    def show(self, screen: Screen) -> None:
        """Replace every screen with ``screen``."""
        if self.stack:
            self.top.on_leave()
        self.stack = [screen]
        self._backdrop = None
        screen.resize(*self.size)
        screen.on_enter()

    def push(self, screen: Screen) -> None:
        """Put an overlay (pause menu, problems) over the current screen."""
        if self.stack:
            self.top.on_leave()
        self.stack.append(screen)
        self._backdrop = None
        screen.resize(*self.size)
        screen.on_enter()

    def pop(self) -> None:
        self.top.on_leave()
        self.stack.pop()
        self._backdrop = None
        if not self.stack:
            self.show(TitleScreen(self.ui, self._default_titles()))
            return
        self.top.dirty = True
        self.top.on_enter()

    def post(self, message: msg.Message) -> None:
        self.queue.append(message)

    # -- the loop -------------------------------------------------------------------------

    def run(self) -> int:
        while self.running:
            busy = self.top.animating or self.top.dirty or bool(self.queue)
            if busy:
                self.clock.tick(FPS)
            self.step(wait=not busy)
        return self.exit_code

    def step(self, *, wait: bool = False, dt: float | None = None) -> bool:
        """One loop iteration: events, update, draw if needed. Returns ``running``.

        With ``wait`` it first sleeps until an event arrives or the top screen's next
        scheduled change; tests and the benchmark call it without waiting.
        """
        if wait:
            timeout = self.top.wake_in()
            first = pygame.event.wait(0 if timeout is None else max(1, int(timeout * 1000) + 1))
            events = [] if first.type == pygame.NOEVENT else [first]
            events += pygame.event.get()
        else:
            events = pygame.event.get()
        now = time.perf_counter()
        elapsed = min(1.0, now - self._last) if dt is None else dt
        self._last = now
        for event in events:
            self.handle(event)
            self.process_messages()
            if not self.running:
                return False
        self.top.update(elapsed)
        self.process_messages()
        if self.running:
            self.draw()
        return self.running

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.post(msg.QuitApp())
        elif event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            if self.size != self.top.size:
                self.resized()
        elif event.type in (pygame.WINDOWEXPOSED, pygame.WINDOWRESTORED):
            self.top.dirty = True
            self._backdrop = None
        elif event.type == pygame.KEYDOWN and self._view_key(event):
            return
        else:
            self.top.handle(event)

    def _view_key(self, event: pygame.event.Event) -> bool:
        """Keys that work on every screen: Ctrl+= / Ctrl+- / Ctrl+0 step the text size,
        Ctrl+H switches the high-contrast theme."""
        if not event.mod & pygame.KMOD_CTRL:
            return False
        if event.key in (pygame.K_EQUALS, pygame.K_PLUS, pygame.K_KP_PLUS):
            self.post(msg.StepTextSize(1))
        elif event.key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.post(msg.StepTextSize(-1))
        elif event.key in (pygame.K_0, pygame.K_KP0):
            self.post(msg.StepTextSize(0))
        elif event.key == pygame.K_h:
            self.post(msg.ToggleContrast())
        else:
            return False
        return True

    def draw(self, *, force: bool = False) -> bool:
        """Draw the top screen (over its backdrop, for overlays) if anything changed."""
        top = self.top
        if not (top.dirty or force):
            return False
        surf = pygame.display.get_surface()
        if surf is None:
            return False
        if top.overlay and len(self.stack) > 1:
            if self._backdrop is None or self._backdrop.get_size() != surf.get_size():
                self._backdrop = self._make_backdrop(surf.get_size())
            surf.blit(self._backdrop, (0, 0))
        top.draw(surf)
        areas = None if force or top.overlay else top.damage()
        top.dirty = False
        if areas is None:
            pygame.display.flip()
        else:  # only what changed goes to the display: a full flip costs 5-7 ms under X
            pygame.display.update(areas)
        self.frames_drawn += 1
        return True

    def _make_backdrop(self, size: tuple[int, int]) -> pygame.Surface:
        """The screens under an overlay, drawn once and dimmed, reused until something changes."""
        backdrop = pygame.Surface(size).convert()
        for screen in self.stack[:-1]:
            if screen.size != size:
                screen.resize(*size)
            screen.draw(backdrop)
        shade = pygame.Surface(size, pygame.SRCALPHA)
        shade.fill((*self.ui.c("overlay"), self.ui.theme.overlay_alpha))
        backdrop.blit(shade, (0, 0))
        return backdrop

    # -- messages -------------------------------------------------------------------------

    def process_messages(self) -> None:
        while self.queue and self.running:
            self.act(self.queue.popleft())

    def act(self, m: msg.Message) -> None:
        """What each message means: the one place screens and the session's lifecycle meet."""
        if isinstance(m, msg.SetLanguage):
            self.ui.lang = m.lang
            self.settings.language = m.lang
            save_settings(self.settings)
            self._caption()
            self.resized()
        elif isinstance(m, msg.StepTextSize):
            scales = TEXT_SCALES
            now = scales.index(self.ui.text_scale) if self.ui.text_scale in scales else 1
            at = 1 if m.step == 0 else max(0, min(len(scales) - 1, now + m.step))
            self.ui.text_scale = self.settings.text_scale = scales[at]
            save_settings(self.settings)
            self.resized()
        elif isinstance(m, msg.ToggleTyping):
            self.settings.answer_mode = "pick" if self.ui.typing else "type"
            self.ui.typing = self.settings.answer_mode == "type"
            save_settings(self.settings)
            self.resized()
        elif isinstance(m, msg.ToggleContrast):
            self.settings.theme = (
                "default" if self.settings.theme == "high_contrast" else ("high_contrast")
            )
            save_settings(self.settings)
            theme = load_theme(name=self.settings.theme)
            self.ui.theme = theme
            self.ui.avatars = Avatars(theme, self.ui.text)
            self.resized()
        elif isinstance(m, msg.GoTitle):
            self.end_play()
            self.show(TitleScreen(self.ui, self._default_titles()))
        elif isinstance(m, msg.GoName):
            self.show(NameScreen(self.ui, self.trainee))
        elif isinstance(m, msg.NameEntered):
            self.trainee = m.name
            if m.name != self.trainee_arg:  # a name typed here is remembered; --trainee's not
                self.settings.trainee = m.name
                save_settings(self.settings)
            self.post(msg.GoPicker())
        elif isinstance(m, msg.GoProgress):
            from game.records.summary import progress_of
            from game.ui.screens.progress import ProgressScreen  # scoring: not at start-up

            self.show(ProgressScreen(self.ui, progress_of(self.db, self.trainee)))
        elif isinstance(m, msg.GoPicker):
            self.end_play()
            entries = catalog.catalog(self.scenario_dirs)
            self.show(PickerScreen(self.ui, entries, default_scenario()))
        elif isinstance(m, msg.OpenScenario):
            self.guarded(m.path, lambda: self.open_scenario(m.path, back_to_picker=True))
        elif isinstance(m, msg.StartMeeting) and self.play is not None:
            self.play.start()
            self.recorded = self.json_out is not None
            self.show(MeetingScreen(self.ui, self.play))
        elif isinstance(m, msg.Pause):
            self.push(PauseScreen(self.ui))
        elif isinstance(m, msg.Resume):
            if self.top.overlay:
                self.pop()
        elif isinstance(m, msg.Restart) and self.play is not None:
            self.play.restart()
            self.show(MeetingScreen(self.ui, self.play))
        elif isinstance(m, msg.ShowDebrief) and self.play is not None:
            self.show_debrief(self.play)
        elif isinstance(m, msg.Reload):
            self.reload(at_meeting=m.at_meeting)
        elif isinstance(m, msg.CloseOverlay):
            if self.top.overlay:
                self.pop()
        elif isinstance(m, msg.QuitApp):
            self.end_play()
            self.running = False

    def end_play(self) -> None:
        """Leave the current scenario: an unfinished session ends with ``quit`` (record kept)."""
        if self.play is not None:
            self.play.abandon()
            self.play = None
            self._caption()

    def _default_titles(self) -> dict[str, str]:
        """The default scenario's title in each language, for the title screen (its header,
        read once)."""
        if self._titles is None:
            self._titles = {}
            path = default_scenario()
            if path.is_file():
                entry = catalog.read_entry(path, check=False)
                self._titles = {lang: entry.title(lang) for lang in ("zh", "en")}
        return self._titles

    def open_direct(self, name: str) -> None:
        """``salessim play SCENARIO``: straight to that scenario's briefing."""
        path = find_scenario(name, self.scenario_dirs)
        if path is None:
            line = t("error_missing", self.ui.lang, path=name)
            print(f"salessim: no scenario file or id '{name}'", file=sys.stderr)
            self.show(TitleScreen(self.ui, self._default_titles()))
            self.push(ErrorScreen(self.ui, [line], can_reload=False))
            return
        self.guarded(path, lambda: self.open_scenario(path, back_to_picker=False))

    def open_scenario(self, path: Path, *, back_to_picker: bool) -> None:
        scenario = self._load(path)
        if scenario is None:
            return
        lang = self.lang_arg or self.settings.language or scenario.language
        if self.ui.lang != lang:
            self.ui.lang = lang
        self.play = Play(
            scenario,
            path,
            language=lang,
            trainee=self.trainee,
            json_out=self.json_out,
            db=self.db,
            keep_existing=self.recorded,
            force=self.force,
            rubric=self.rubric,
            seed=self.seed,
            shuffle=self.shuffle,
        )
        self._caption()
        self.show(BriefingScreen(self.ui, self.play, back_to_picker=back_to_picker))

    def _load(self, path: Path) -> Scenario | None:
        """Load a scenario, or show (and print) its diagnostics and return None."""
        try:
            scenario = catalog.load(path)  # the catalogue notes the verdict for the card
        except ScenarioError as exc:
            self.show_problems(path, [str(d) for d in exc.diagnostics])
            return None
        self.pending_path = None
        return scenario

    def show_problems(self, path: Path, lines: list[str]) -> None:
        """Print the problems and show them over the current screen; F5 tries ``path`` again."""
        for line in lines:
            print(line, file=sys.stderr)
        print(f"{path}: cannot play: fix the problems above (F5 reloads).", file=sys.stderr)
        self.pending_path = path
        if not self.stack:
            self.show(TitleScreen(self.ui, self._default_titles()))
        self.push(ErrorScreen(self.ui, lines))

    def guarded(self, path: Path, action: Callable[[], None]) -> None:
        """Run ``action`` (opening or reloading ``path``); whatever it raises becomes one line
        on the problems screen, never a closed window: a trainer's edit can be anything."""
        try:
            action()
        except Exception as exc:  # the window must survive any bad file
            why = " ".join(f"{type(exc).__name__}: {exc}".split()).rstrip(":")[:500]
            self.show_problems(path, [f"{path}: cannot load the scenario ({why})"])

    def reload(self, *, at_meeting: bool = False) -> None:
        """F5: re-read the scenario; restart on success, show diagnostics if the edit broke it.
        ``at_meeting`` (Shift+F5 in a meeting): restart at the current meeting's start."""
        path = self.play.path if self.play is not None else self.pending_path
        if path is None:
            return
        self.guarded(path, lambda: self._reload(path, at_meeting=at_meeting))

    def _reload(self, path: Path, *, at_meeting: bool = False) -> None:
        while self.top.overlay and isinstance(self.top, ErrorScreen) and len(self.stack) > 1:
            self.pop()
        if self.play is None:  # the file never loaded: try again from the start
            base_is_picker = isinstance(self.top, PickerScreen)
            self.open_scenario(path, back_to_picker=base_is_picker)
            return
        scenario = self._load(path)
        if scenario is None:
            return
        base = self.stack[0]
        if isinstance(base, MeetingScreen) or (
            self.play.started and not isinstance(base, BriefingScreen)
        ):
            if at_meeting and isinstance(base, MeetingScreen):
                if not self.play.restart_at_meeting(scenario):
                    print(
                        f"salessim: {path}: the edited scenario no longer leads to this meeting "
                        "by the same choices; restarted from the start.",
                        file=sys.stderr,
                    )
            else:
                self.play.restart(scenario)
            self.show(MeetingScreen(self.ui, self.play))
        else:
            back = base.back_to_picker if isinstance(base, BriefingScreen) else True
            self.play.replace_scenario(scenario)
            self.show(BriefingScreen(self.ui, self.play, back_to_picker=back))

    def show_debrief(self, play: Play) -> None:
        from game.ui.screens.debrief import DebriefScreen  # it loads scoring: not at start-up

        report = play.finish()
        session = play.session
        self.show(
            DebriefScreen(
                self.ui,
                report=report,
                ending=session.ending,
                events=session.events,
                marks=play.marks,
                record_note=self._record_note(play),
                attempts=play.earlier_overall(),
            )
        )

    def _record_note(self, play: Play) -> tuple[str, str] | None:
        """Under the debrief: the record's problem if it had one, else where it was saved."""
        if play.problems:
            return ("warn", play.problems[-1])
        if play.saved:
            return ("muted", f"{self.ui.t('record_saved')}: {play.saved[-1]}")
        return None

    def close(self) -> None:
        """End the play (record kept) and shut the window."""
        self.end_play()
        pygame.display.quit()


def run_app(args: argparse.Namespace, *, rubric: Rubric | None = None) -> int:
    """``salessim play`` without ``--text``: open the window and play until quit.

    ``rubric``: the ``--rubric`` file, loaded and checked by the command line."""
    try:
        app = App(args, rubric=rubric)
    except (ThemeError, FontError) as exc:
        print(f"salessim: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except pygame.error as exc:
        print(
            f"salessim: cannot open the game window ({exc}); play in the terminal with "
            "'salessim play --text' instead.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        return app.run()
    except KeyboardInterrupt:
        return 130
    finally:
        app.close()
