"""The meeting: who speaks, the line, the choices, the buying cycle, notes and the history.

The screen forwards input to the session (through ``Play``) and draws the ``View`` it gets
back; what is on offer, the stage, the gates and the clock are the engine's. New events in
``session.events`` (remembered by index) feed the tracker's animations and the history.

The line appears typewriter-style from one cached render, clipped by character count;
number keys answer at once even while it is still appearing.

In typing mode (``ui.typing``) the choices are not shown: the trainee types what they would
say, and ``game.freetext`` matches it to the choices on offer. A clear match is shown as
"counted as: <the authored line>" with Go on / Take it back before the buyer answers; an
unclear one lists the best three and "none of these — let me rephrase"; after two misses the
full menu appears. The phases are ``TYPE``, ``COUNTED``, ``CONFIRM`` and ``MENU``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import partial

import pygame

from game.engine.labels import FACT_KINDS, NEEDS, OUTCOMES, ROLES, label
from game.engine.session import Person, Status, View
from game.freetext.matcher import Match
from game.freetext.turn import TypedTurn
from game.record import (
    BuyerLine,
    Ended,
    Event,
    Gate,
    LoopBack,
    MeetingStarted,
    TraineeMove,
    TypedLine,
    pick_text,
)
from game.ui import messages as msg
from game.ui.avatar import portrait_path
from game.ui.context import UI
from game.ui.play import Play
from game.ui.screens.base import Screen
from game.ui.text import TextBlock
from game.ui.theme import Colour, mix
from game.ui.tracker import Tracker
from game.ui.widgets import Button, Column, Scroll, TextInput, blit, chip, panel

Rect = pygame.Rect

NUMBER_KEYS = {getattr(pygame, f"K_{n}"): n for n in range(1, 10)} | {
    getattr(pygame, f"K_KP{n}"): n for n in range(1, 10)
}
ZERO_KEYS = (pygame.K_0, pygame.K_KP0)
#: typing mode's phases at a choice point (MATCHING: the line is being matched, off the UI
#: thread, as the embedding model takes tens of milliseconds)
TYPE, MATCHING, COUNTED, CONFIRM, MENU = "type", "matching", "counted", "confirm", "menu"
#: the longest line a trainee may type
MAX_TYPED = 200


def clock_text(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def notes_state(view: View) -> dict[str, str]:
    """What the notes show, as comparable keys: each raised pain's need state, each fact."""
    pains = {f"pain.{p.id}": p.state for p in view.pains if p.state != "none"}
    return pains | {f"fact.{f.id}": "" for f in view.facts}


@dataclass(frozen=True)
class Said:
    """One entry of the history: a line spoken, or a notice (gate, loop-back, new meeting)."""

    who: str
    text: str
    colour: str | Colour
    notice: bool = False
    turn: int | None = None  # the turn number the debrief's cards name


class MeetingScreen(Screen):
    name = "meeting"

    def __init__(self, ui: UI, play: Play) -> None:
        super().__init__(ui)
        self.play = play
        self.tracker = Tracker(ui)
        self.history: list[Said] = []
        self.seen = 0
        self.shown = 0.0  # characters of the current line revealed so far
        self.line_key: tuple[int, str] | None = None
        self.choice_scroll = Scroll()
        self.button_scroll = self.choice_scroll
        self.line_scroll = Scroll()
        self.notes: Column | None = None
        #: what the notes showed before the last step (pain states, facts): what differs
        #: now is new, marked until the next step
        self.noted: dict[str, str] | None = None
        self.log: Column | None = None
        self.block: TextBlock | None = None
        self.choices: list[Button] = []
        self.pending: list[str] = []  # parts still to lay out after a step, one per frame
        self.stepped = False
        self.view: View = play.session.view()
        self.speaker: Person | None = None  # who spoke last (None: narration)
        #: the meeting has ended right after a buyer's line: that line is shown first, and
        #: the ending's narration only after the trainee goes on
        self.holding = False
        self.held: Said | None = None
        # typing mode: the entry, the turn being typed, its phase and what was matched
        self.entry = TextInput(max_chars=MAX_TYPED)
        self.typed: TypedTurn | None = None
        self.phase = TYPE
        self.found: Match | None = None
        self.matching: threading.Thread | None = None
        self.typing_label: TextBlock | None = None  # the line above the buttons
        self.extra_top = 0  # room the typing label (and entry) take above the buttons
        self.label_at = (0, 0)
        self._absorb(animate=False)
        self.tracker.caption = None

    # -- following the session ------------------------------------------------------------

    def _absorb(self, *, animate: bool = True) -> None:
        """Read the session's new view and new events (the tracker animates those)."""
        session = self.play.session
        self.view = session.view()
        events = session.events
        new = events[self.seen :]
        self.seen = len(events)
        self.tracker.set_view(self.view.stages, self.view.stage_index)
        self.tracker.feed(new, animate=animate)
        for ev in new:
            self._remember(ev)
        line = self.view.line
        ended = self.view.status is Status.ENDED and self.view.ending is not None
        spoke = any(isinstance(ev, BuyerLine) for ev in new)
        self.holding = (
            animate
            and ended
            and spoke
            and line is not None
            and not line.trainee
            and bool(self.view.ending and self.view.ending.text)
        )
        if self.holding and self.history and self.history[-1].notice:
            self.held = self.history.pop()  # the ending's words wait for the trainee too
        if ended and not self.holding:
            self.speaker = None  # the ending is narration, not the last speaker's words
        elif line is not None and not line.trainee:
            self.speaker = line.speaker  # None: narration
        if ended and not self.holding:
            assert self.view.ending is not None
            key = (-1, self.view.ending.text)
        else:
            key = (line.turn if line else 0, line.text if line else "")
        if key != self.line_key:
            self.line_key = key
            self.shown = 0.0
            self.focus = 0
            self.typed = None  # a new choice point: a new typed turn
            self.phase = TYPE
            self.found = None
            self.entry.text = self.entry.composition = ""

    def _remember(self, ev: Event) -> None:
        ui = self.ui
        if isinstance(ev, BuyerLine):
            if ev.speaker:
                person = self.play.session.person(ev.speaker)
                colour = ui.theme.role(person.role)
                self.history.append(Said(person.name, ev.text, colour, turn=ev.turn))
            else:
                self.history.append(Said(ui.t("narrator"), ev.text, "muted", turn=ev.turn))
        elif isinstance(ev, TraineeMove) and ev.typed is not None:
            said = f"{ev.typed.words}\n→ {ui.t('counted_as')}{ui.colon}{ev.text}"
            self.history.append(Said(ui.t("you"), said, "accent", turn=ev.turn))
        elif isinstance(ev, TraineeMove):
            self.history.append(Said(ui.t("you"), ev.text, "accent", turn=ev.turn))
        elif isinstance(ev, MeetingStarted):
            title = ev.title or ""
            heading = f"{ui.t('meeting')} {ev.meeting} · {title}"
            self.history.append(Said("", heading, "accent", True))
        elif isinstance(ev, Gate) and not ev.passed:
            name = self.tracker.stage_name(ev.stage_from)
            self.history.append(Said("", f"{ui.t('gate_blocked')}{ui.colon}{name}", "bad", True))
            if ev.missing and not self.play.scenario.gate_hidden(ev.stage_from):
                needed = "\n".join(f"· {pick_text(m, ui.lang)}" for m in ev.missing)
                self.history.append(Said(ui.t("still_needed"), needed, "bad"))
        elif isinstance(ev, Gate):
            name = self.tracker.stage_name(ev.stage_to)
            self.history.append(Said("", f"{ui.t('gate_passed')} → {name}", "good", True))
        elif isinstance(ev, LoopBack) and ev.applied:
            name = self.tracker.stage_name(ev.stage_to)
            self.history.append(Said("", f"{ui.t('loop_back')} → {name}", "warn", True))
        elif isinstance(ev, Ended) and ev.text and ev.reason != "ending":
            self.history.append(Said(ui.t("time_up"), ev.text, "warn"))
        elif isinstance(ev, Ended) and ev.text:
            self.history.append(Said("", ev.text, "text", True))

    def step(self, action: str, number: int = 0, typed: TypedLine | None = None) -> None:
        """Forward the trainee's input to the session, then show what came back.

        The frame of the key press only steps the session and shows who speaks next (the
        line starts appearing from its first letter anyway); the line, the choices, the
        history and the notes follow on the next frames (``pending``), one each, so no
        single frame renders them all and a key is answered within one short frame.
        """
        status = self.view.status
        if (
            action == "choose"
            and status is Status.CHOOSING
            and 1 <= number <= len(self.view.choices)
        ):
            self.play.choose(number, typed)
        elif action == "proceed" and self.holding:
            self.holding = False  # the buyer's last line was read: now the ending's narration
            self.speaker = None
            if self.held is not None:
                self.history.append(self.held)
                self.held = None
                self._layout_log()
                self.log_to_bottom()
            self.line_key = (-1, self.view.ending.text if self.view.ending else "")
            self.shown = 0.0
            self._layout_line()
            self._layout_choices()
            self.dirty = True
            return
        elif action == "proceed" and status is Status.LISTENING:
            self.play.proceed()
        elif action == "debrief" and status is Status.ENDED:
            self.ui.post(msg.ShowDebrief())
            return
        else:
            return
        self.noted = notes_state(self.view)
        self._absorb()
        self.block = None  # the new line is rendered next frame
        self.choices = []  # stale buttons must not be pressed; new ones come next frame
        self.buttons = [self.pause]
        self.focus = None
        self.pending = ["line", "choices", "log", "notes"]
        self.stepped = True  # this frame already did the step's work
        self.dirty = True

    def _catch_up(self) -> None:
        """Lay out one part left over from the last step (one per frame)."""
        part = self.pending.pop(0)
        if part == "line":
            self._layout_line()
        elif part == "choices":
            self._layout_choices()
        elif part == "log":
            self._layout_log()
            self.log_to_bottom()
        elif part == "notes":
            self._layout_notes()
        self.dirty = True

    def log_to_bottom(self) -> None:
        if self.log is not None:
            self.log.scroll.to_bottom()

    # -- layout ---------------------------------------------------------------------------

    def layout(self) -> None:
        """Everything at once (a new window size or language)."""
        ui = self.ui
        w, h = self.size
        m = ui.px(16)
        self.top_rect = Rect(m, m, w - 2 * m, ui.px(44))
        self.tracker.layout(
            Rect(
                m + ui.px(4),
                self.top_rect.bottom + ui.px(6),
                w - 2 * m - ui.px(8),
                self.tracker.height_needed(),
            )
        )
        main_top = self.tracker.rect.bottom + ui.px(12)
        hint_h = ui.px(28)
        bottom = h - m - hint_h
        left_w = int((w - 3 * m) * 0.64)
        self.left = Rect(m, main_top, left_w, bottom - main_top)
        self.right = Rect(2 * m + left_w, main_top, w - 3 * m - left_w, bottom - main_top)
        self.hint_y = bottom + ui.px(4)
        # a pause button, so the mouse alone can reach the pause menu (the keyboard has Esc)
        self.pause = Button(
            ui.t("pause_button"), lambda: ui.post(msg.Pause()), size="tiny", key="pause"
        )
        pw = self.pause.natural_width(ui)
        self.pause.place(ui, Rect(self.left.right - pw, self.hint_y - ui.px(4), pw, hint_h))
        self.pending = []
        self._layout_line()
        self._layout_choices()
        self._layout_notes()
        self._layout_log()

    def _layout_line(self) -> None:
        """The line spoken (or the ending's narration) as one cached block; ``_place`` sizes
        its panel once the choices are known."""
        ui = self.ui
        text_w = self.left.width - ui.px(36)
        self.block = ui.text.block(self._line_text(), ui.fs("body"), ui.c("text"), text_w)
        self._place()
        self.line_scroll.offset = 0

    def _layout_choices(self) -> None:
        """The choices on offer as numbered buttons (or the one button that goes on)."""
        ui = self.ui
        view = self.view
        self.choices = []
        if self.holding or view.status is Status.LISTENING:
            self.choices.append(
                Button(
                    ui.t("continue_hint"),
                    partial(self.step, "proceed"),
                    kind="primary",
                    key="continue",
                )
            )
        elif view.status is Status.CHOOSING and ui.typing:
            self._layout_typing()
        elif view.status is Status.CHOOSING:
            for c in view.choices:
                self.choices.append(
                    Button(
                        c.text,
                        partial(self.step, "choose", c.number),
                        kind="choice",
                        number=c.number,
                        key=c.id,
                    )
                )
        else:
            self.choices.append(
                Button(
                    ui.t("to_debrief"), partial(self.step, "debrief"), kind="primary", key="debrief"
                )
            )
        if not (view.status is Status.CHOOSING and ui.typing and not self.holding):
            self.typing_label = None
            self.extra_top = 0
        width = self.left.width - ui.px(10)
        for b in self.choices:
            w = width if b.kind == "choice" else min(self.left.width, ui.px(320))
            b.rect = Rect(0, 0, w, b.measure(ui, w))
        if self._choices_height() > self._room_for_choices():
            for b in self.choices:  # long choices: smaller type before anything scrolls
                if b.kind == "choice":
                    b.size = "small"
                    b.rect.height = b.measure(ui, b.rect.width)
        self._place()
        self.buttons = [*self.choices, self.pause]
        if self.focus is None:
            self.focus = 0

    # -- typing mode ----------------------------------------------------------------------

    def _layout_typing(self) -> None:
        """The choice area in typing mode, by phase: the entry and Send; what the line
        counted as with Go on / Take it back; the best three and "none of these"; or, after
        two misses, every choice."""
        ui = self.ui
        view = self.view
        if self.typed is None:
            self.typed = TypedTurn(self.play.matcher, [c.id for c in view.choices])
        texts = {c.id: c.text for c in view.choices}
        found = self.found
        buttons: list[Button] = []
        if self.phase == COUNTED and found is not None and found.best is not None:
            label = (
                f"{ui.t('you_typed')}{ui.colon}{found.text}\n"
                f"{ui.t('counted_as')}{ui.colon}{texts[found.best]}"
            )
            buttons = [
                Button(ui.t("go_on"), self.take_counted, kind="primary", key="go_on"),
                Button(ui.t("take_back"), self.undo_typed, key="take_back"),
            ]
        elif self.phase == CONFIRM and found is not None:
            label = f"{ui.t('you_typed')}{ui.colon}{found.text}\n{ui.t('did_you_mean')}"
            for k, scored in enumerate(found.shortlist, 1):
                buttons.append(
                    Button(
                        texts[scored.choice],
                        partial(self.confirm_typed, scored.choice),
                        kind="choice",
                        number=k,
                        key=scored.choice,
                    )
                )
            buttons.append(
                Button(
                    ui.t("none_of_these"), self.reject_typed, kind="choice", number=0, key="none"
                )
            )
        elif self.phase == MENU:
            label = ui.t("full_menu")
            buttons = [
                Button(
                    c.text, partial(self.menu_pick, c.id), kind="choice", number=c.number, key=c.id
                )
                for c in view.choices
            ]
        elif self.phase == MATCHING:
            label = f"{ui.t('you_typed')}{ui.colon}{' '.join(self.entry.text.split())}\n…"
        else:
            self.phase = TYPE
            label = ui.t("type_prompt")
            buttons = [Button(ui.t("send"), self.submit_typed, kind="primary", key="send")]
        width = self.left.width - ui.px(18)
        colour = ui.c("text") if self.phase == COUNTED else ui.c("muted")
        self.typing_label = ui.text.block(label, ui.fs("small"), colour, width)
        self.extra_top = self.typing_label.height + ui.px(6)
        if self.phase == TYPE:
            self.extra_top += ui.px(52) + ui.px(8)
        self.choices = buttons

    def _typing_now(self) -> bool:
        return self.ui.typing and self.view.status is Status.CHOOSING and not self.holding

    def _relayout_choices(self) -> None:
        self._layout_choices()
        self.focus = 0
        self.dirty = True

    def submit_typed(self) -> None:
        """Enter (or Send) in the entry: match the line; taken, or a list to confirm."""
        words = " ".join(self.entry.text.split())
        if not words or self.typed is None or self.entry.composition or self.matching:
            return
        turn = self.typed
        self.matching = threading.Thread(target=turn.type, args=(words,), daemon=True)
        self.matching.start()  # frames go on; ``update`` picks up the result
        self.phase = MATCHING
        self._relayout_choices()

    def _matched(self) -> None:
        """The match of the typed line is ready: taken, or a list to confirm."""
        self.matching = None
        assert self.typed is not None
        self.found = self.typed.last
        auto = self.found is not None and self.found.zone == "auto" and self.found.best
        self.phase = COUNTED if auto else CONFIRM
        self._relayout_choices()

    def take_counted(self) -> None:
        if self.typed is not None and self.found is not None:
            self._take(*self.typed.take())

    def undo_typed(self) -> None:
        """Take a matched line back before the buyer answers: the words stay to edit."""
        if self.typed is not None:
            self.typed.reject(undo=True)
        self.phase, self.found = TYPE, None
        self._relayout_choices()

    def confirm_typed(self, choice: str) -> None:
        if self.typed is not None:
            self._take(*self.typed.take(choice, how="confirm"))

    def reject_typed(self) -> None:
        """ "None of these — let me rephrase": not a move; after two, the full menu."""
        if self.typed is None:
            return
        self.typed.reject()
        self.phase = MENU if self.typed.menu else TYPE
        self.found = None
        self.entry.text = self.entry.composition = ""
        self._relayout_choices()

    def menu_pick(self, choice: str) -> None:
        if self.typed is not None:
            self._take(*self.typed.take(choice, how="menu"))

    def _take(self, choice: str, typed: TypedLine) -> None:
        number = next(c.number for c in self.view.choices if c.id == choice)
        self.step("choose", number, typed)

    def _typing_key(self, event: pygame.event.Event) -> bool | None:
        """Keys in typing mode; None: not handled here (the usual keys apply)."""
        key = event.key
        if self.phase == MATCHING:  # a moment: the line is being matched
            return key not in (pygame.K_ESCAPE, pygame.K_F5)
        if self.phase == TYPE:
            if key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.submit_typed()
                return True
            if key == pygame.K_BACKSPACE:
                if self.entry.handle(event):
                    self.dirty = True
                return True
            if key in (pygame.K_F5, pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_TAB):
                return None
            return key not in (pygame.K_ESCAPE, pygame.K_UP, pygame.K_DOWN)
        if self.phase == COUNTED and key == pygame.K_BACKSPACE:
            self.undo_typed()
            return True
        if self.phase == CONFIRM and self.found is not None:
            if key in ZERO_KEYS:
                self.reject_typed()
                return True
            n = NUMBER_KEYS.get(key, 0)
            if 1 <= n <= len(self.found.shortlist):
                self.confirm_typed(self.found.shortlist[n - 1].choice)
            return True if key in NUMBER_KEYS else None
        if self.phase == MENU and key in NUMBER_KEYS:
            n = NUMBER_KEYS[key]
            if 1 <= n <= len(self.view.choices):
                self.menu_pick(self.view.choices[n - 1].id)
            return True
        return True if key in NUMBER_KEYS or key == pygame.K_SPACE else None

    def on_other(self, event: pygame.event.Event) -> None:
        if self._typing_now() and self.phase == TYPE and self.entry.handle(event):
            self.dirty = True

    def on_enter(self) -> None:
        if self.ui.typing:
            pygame.key.start_text_input()
            pygame.key.set_text_input_rect(self.entry.rect)

    def on_leave(self) -> None:
        if self.ui.typing:
            pygame.key.stop_text_input()

    def wake_in(self) -> float | None:
        return self.entry.until_blink() if self._typing_now() and self.phase == TYPE else None

    def _head_height(self) -> int:
        """The line panel's head (who speaks: name over title), from the type's own height,
        so a larger text size never runs the title into the line."""
        ui = self.ui
        name = ui.fonts.font(ui.fs("body"), True).get_linesize()
        title = ui.fonts.font(ui.fs("tiny")).get_linesize()
        return max(ui.px(48), name + title + ui.px(6)) + ui.px(6)

    def _panel_head(self) -> int:
        """Room for a side panel's heading (Notes, Conversation) at the current text size."""
        ui = self.ui
        return ui.fonts.font(ui.fs("small"), True).get_linesize() + ui.px(8)

    def _least_line(self, lines: int = 2) -> int:
        """The line's panel at its smallest: its head and ``lines`` lines of text (the rest
        scrolls; the whole line is also in the conversation panel)."""
        ui = self.ui
        block = self.block
        shown = min(block.height, block.line_height * lines) if block is not None else 0
        return self._head_height() + shown + ui.px(14)

    def _room_for_choices(self, lines: int = 2) -> int:
        return self.left.height - self._least_line(lines) - self.ui.px(10)

    def _choices_height(self) -> int:
        between = self.ui.px(8) * max(0, len(self.choices) - 1)
        return sum(b.rect.height for b in self.choices) + between + self.extra_top

    def _place(self) -> None:
        """Share the left column between the line and the choices: the choices get all the
        room they need and the line what is left (down to its head and two lines, which then
        scroll); only when even that does not leave room do the choices scroll."""
        ui = self.ui
        left = self.left
        gap, between = ui.px(10), ui.px(8)
        head, pad = self._head_height(), ui.px(14)
        block_h = self.block.height if self.block is not None else 0
        want = head + block_h + pad
        needed = self._choices_height()
        least = self._least_line(2 if needed <= self._room_for_choices(2) else 1)
        room = left.height - needed - gap if self.choices else int(left.height * 0.45)
        line_h = max(least, min(want, room))
        self.line_rect = Rect(left.x, left.y, left.width, line_h)
        text = Rect(left.x + ui.px(18), left.y + head, left.width - ui.px(36), line_h - head - pad)
        self.line_scroll.set(text, block_h)
        area = Rect(left.x, self.line_rect.bottom + gap, left.width, 0)
        area.height = left.bottom - area.y
        y = area.y
        if self.extra_top:  # typing mode: its line of words, then the entry when typing
            self.label_at = (area.x + ui.px(4), y)
            y += self.typing_label.height + ui.px(6) if self.typing_label is not None else 0
            if self.phase == TYPE:
                self.entry.rect = Rect(area.x + ui.px(2), y, area.width - ui.px(10), ui.px(52))
                y = self.entry.rect.bottom + between
        for b in self.choices:
            b.rect.topleft = (area.x + ui.px(2), y)
            y += b.rect.height + between
        self.choice_scroll.set(area, max(0, y - area.y - between))

    def _line_text(self) -> str:
        view = self.view
        if view.status is Status.ENDED and view.ending is not None and not self.holding:
            return view.ending.text or " "
        return view.line.text if view.line is not None else " "

    def _layout_notes(self) -> None:
        """Pains with their need state, then facts: those learned in the meeting (newest
        first) before the briefing's. What is new since the last step is highlighted and
        scrolled into view."""
        ui = self.ui
        view = self.view
        rect = Rect(self.right.x, self.right.y, self.right.width, int(self.right.height * 0.5))
        self.notes_rect = rect
        inner = rect.inflate(-ui.px(24), -ui.px(20))
        head = self._panel_head()
        old = self.notes.scroll if self.notes is not None else None
        col = Column(ui, Rect(inner.x, inner.y + head, inner.width, inner.height - head), old)
        width = col.width
        pains = [p for p in view.pains if p.state != "none"]
        facts = [f for f in view.facts if not f.from_briefing][::-1] + [
            f for f in view.facts if f.from_briefing
        ]
        before = self.noted
        now = notes_state(view)
        new = set() if before is None else {k for k, v in now.items() if before.get(k) != v}
        fresh: list[tuple[int, int]] = []  # rows of new notes, to scroll into view
        sub = ui.fs("tiny")
        col.text(ui.text.block(ui.t("pains"), sub, ui.c("muted"), width, bold=True), after=ui.px(4))
        if not pains:
            col.text(
                ui.text.block(ui.t("no_pains_yet"), ui.fs("small"), ui.c("muted"), width),
                after=ui.px(8),
            )
        rows: list[tuple[str, str, Colour, str, Colour]] = [
            (
                f"pain.{p.id}",
                label(NEEDS, p.state, ui.lang),
                ui.theme.need(p.state),
                p.text,
                ui.c("text"),
            )
            for p in pains
        ]
        for i, (key, tag_text, colour, text, text_colour) in enumerate(
            [
                *rows,
                *(
                    (
                        f"fact.{f.id}",
                        label(FACT_KINDS, f.kind, ui.lang),
                        ui.c("border") if f.from_briefing else ui.c("accent"),
                        f.text,
                        ui.c("muted") if f.from_briefing else ui.c("text"),
                    )
                    for f in facts
                ),
            ]
        ):
            if i == len(rows):
                col.gap(ui.px(6))
                col.text(
                    ui.text.block(ui.t("facts_learned"), sub, ui.c("muted"), width, bold=True),
                    after=ui.px(4),
                )
            tag = chip(None, ui, (0, 0), tag_text, colour)
            room = width - tag.width - ui.px(14)  # 6 px inset for the new-note edge
            block = ui.text.block(text, ui.fs("small"), text_colour, room)
            height = max(block.height, tag.height) + ui.px(6)
            if key in new:
                fresh.append((col.height, height))
            col.add(
                height,
                partial(
                    self._draw_tagged,
                    tag=tag_text,
                    colour=colour,
                    block=block,
                    indent=tag.width + ui.px(8),
                    fresh=key in new,
                    width=width,
                ),
            )
        if not facts:
            col.text(ui.text.block(ui.t("facts_learned"), sub, ui.c("muted"), width, bold=True))
        col.finish()
        if fresh:
            top, height = fresh[0]
            col.scroll.show(top - ui.px(4), top + height)
        self.notes = col

    def _layout_log(self) -> None:
        ui = self.ui
        top = self.notes_rect.bottom + ui.px(12)
        rect = Rect(self.right.x, top, self.right.width, self.right.bottom - top)
        self.log_rect = rect
        inner = rect.inflate(-ui.px(24), -ui.px(20))
        head = self._panel_head()
        old = self.log.scroll if self.log is not None else None
        first = self.log is None
        col = Column(ui, Rect(inner.x, inner.y + head, inner.width, inner.height - head), old)
        width = col.width
        for said in self.history[-60:]:
            colour = ui.c(said.colour) if isinstance(said.colour, str) else said.colour
            if said.notice:
                block = ui.text.block(f"— {said.text} —", ui.fs("tiny"), colour, width)
                col.text(block, after=ui.px(6))
                continue
            name = ui.text.line(said.who, ui.fs("tiny"), colour, bold=True)
            turn = ui.text.line(
                ui.t("turn_n", n=said.turn) if said.turn is not None else "",
                ui.fs("tiny"),
                ui.c("muted"),
            )
            col.add(name.get_height(), partial(self._draw_name, name=name, turn=turn, width=width))
            col.text(ui.text.block(said.text, ui.fs("small"), ui.c("text"), width), after=ui.px(8))
        col.finish(keep_bottom=True)
        if first:
            col.scroll.to_bottom()
        self.log = col

    def _draw_name(
        self,
        surf: pygame.Surface,
        x: int,
        y: int,
        *,
        name: pygame.Surface,
        turn: pygame.Surface,
        width: int,
    ) -> None:
        blit(surf, self.ui, name, (x, y))
        blit(surf, self.ui, turn, (x + width - turn.get_width(), y))

    def _draw_tagged(
        self,
        surf: pygame.Surface,
        x: int,
        y: int,
        *,
        tag: str,
        colour: Colour,
        block: TextBlock,
        indent: int,
        fresh: bool = False,
        width: int = 0,
    ) -> None:
        ui = self.ui
        if fresh:  # new since the last step: a tinted row with an accent edge
            row = Rect(x, y - ui.px(2), width, block.height + ui.px(6))
            pygame.draw.rect(surf, mix(ui.c("panel"), ui.c("accent"), 0.22), row, border_radius=4)
            pygame.draw.rect(surf, ui.c("focus"), Rect(row.x, row.y, ui.px(3), row.height))
        x += ui.px(6)
        chip(surf, ui, (x, y + ui.px(2)), tag, colour)
        blit(surf, ui, block.surface, (x + indent, y))

    def scrolled_buttons(self) -> list[Button]:
        return self.choices

    # -- input ----------------------------------------------------------------------------

    def on_key(self, event: pygame.event.Event) -> bool:
        key = event.key
        if self._typing_now():
            handled = self._typing_key(event)
            if handled is not None:
                return handled
        if key in NUMBER_KEYS:
            self.step("choose", NUMBER_KEYS[key])
            return True
        if key == pygame.K_SPACE:
            if self.holding or self.view.status is Status.LISTENING:
                self.step("proceed")
            elif self.view.status is Status.ENDED:
                self.step("debrief")
            else:
                self.reveal_all()
            return True
        if key == pygame.K_F5:  # Shift+F5: back to the start of this meeting, not of all
            self.ui.post(msg.Reload(at_meeting=bool(event.mod & pygame.KMOD_SHIFT)))
            return True
        if key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN) and self.log is not None:
            step = self.log.rect.height * (1 if key == pygame.K_PAGEDOWN else -1)
            self.dirty |= self.log.scroll.scroll_by(step)
            return True
        return False

    def on_escape(self) -> None:
        self.ui.post(msg.Pause())

    def on_click(self, pos: tuple[int, int]) -> None:
        if self.line_rect.collidepoint(pos):
            self.reveal_all()

    def reveal_all(self) -> None:
        if self.block is not None and self.shown < self.block.chars:
            self.shown = float(self.block.chars)
            self.dirty = True

    def on_wheel(self, event: pygame.event.Event) -> None:
        for scroll in (
            self.choice_scroll,
            self.line_scroll,
            self.notes.scroll if self.notes else None,
            self.log.scroll if self.log else None,
        ):
            if scroll is not None and scroll.wheel(event, self.ui):
                self.dirty = True

    # -- time -----------------------------------------------------------------------------

    @property
    def revealing(self) -> bool:
        return self.block is not None and self.shown < self.block.chars

    @property
    def animating(self) -> bool:
        return self.revealing or self.tracker.animating or bool(self.pending) or bool(self.matching)

    def update(self, dt: float) -> None:
        if self.pending and not self.stepped:
            self._catch_up()
        self.stepped = False
        if self.revealing:
            self.shown += dt * self.ui.theme.cps(self.ui.lang)
            self.touch(self.line_rect)  # only the line's panel changes
        if self.tracker.update(dt):
            self.dirty = True
        if self._typing_now() and self.phase == TYPE and self.entry.tick(dt):
            self.touch(self.entry.rect)
        if self.matching is not None and not self.matching.is_alive():
            self._matched()

    # -- drawing --------------------------------------------------------------------------

    def draw(self, surf: pygame.Surface) -> None:
        ui = self.ui
        view = self.view
        surf.fill(ui.c("bg"))
        self._draw_top(surf, view)
        self.tracker.draw(surf)
        # the line, under its speaker
        panel(surf, ui, self.line_rect, "panel_alt", None)
        self._draw_speaker(surf, view)
        if self.block is not None:
            clip = surf.get_clip()
            inner = self.line_scroll.rect
            surf.set_clip(inner)
            self.block.blit_reveal(
                surf, (inner.x, inner.y - self.line_scroll.offset), int(self.shown)
            )
            ui.stats["blits"] += 1
            surf.set_clip(clip)
            self.line_scroll.draw_bar(surf, ui)
        # the choices
        clip = surf.get_clip()
        surf.set_clip(self.choice_scroll.rect.inflate(6, 6))
        self.draw_buttons(surf, self.choices)
        if self.typing_label is not None:
            x, y = self.label_at
            blit(surf, ui, self.typing_label.surface, (x, y - self.choice_scroll.offset))
            if self.phase == TYPE:
                self.entry.draw(surf, ui, ui.t("type_placeholder"))
        surf.set_clip(clip)
        self.draw_buttons(surf, [self.pause])
        self.choice_scroll.draw_bar(surf, ui)
        # notes and history
        for rect, key, col in (
            (self.notes_rect, "notes", self.notes),
            (self.log_rect, "history", self.log),
        ):
            panel(surf, ui, rect, "panel", None)
            head = ui.text.line(ui.t(key), ui.fs("small"), ui.c("muted"), bold=True)
            blit(surf, ui, head, (rect.x + ui.px(12), rect.y + ui.px(10)))
            if col is not None:
                col.draw(surf)
        hint = ui.t("keys_typing") if self._typing_now() else ui.t("keys_meeting")
        text = ui.text.line(
            hint,
            ui.fs("tiny"),
            ui.c("faint"),
            max_width=self.pause.rect.x - self.left.x - ui.px(12),
        )
        blit(surf, ui, text, (self.left.x, self.pause.rect.centery - text.get_height() // 2))

    def _draw_top(self, surf: pygame.Surface, view: View) -> None:
        ui = self.ui
        rect = self.top_rect
        meeting = view.meeting
        title = f"{ui.t('meeting')} {meeting.number}"
        if meeting.title:
            title += f" · {meeting.title}"
        clock = f"{ui.t('clock')} {clock_text(meeting.elapsed)} / {meeting.minutes:02d}:00"
        used = meeting.elapsed / max(1.0, meeting.minutes * 60.0)
        colour = ui.c("bad") if used >= 0.9 else ui.c("warn") if used >= 0.75 else ui.c("text")
        clock_s = ui.text.line(clock, ui.fs("heading"), colour, bold=True)
        cx = rect.right - clock_s.get_width()
        blit(surf, ui, clock_s, (cx, rect.centery - clock_s.get_height() // 2))
        # who is present, as small avatars left of the clock
        size = ui.px(30)
        x = cx - ui.px(20)
        speaker = self.speaker.id if self.speaker is not None else None
        for person in reversed(view.meeting.present):
            x -= size + ui.px(4)
            avatar = self._avatar(person, size)
            blit(surf, ui, avatar, (x, rect.centery - size // 2))
            if person.id == speaker:
                pygame.draw.circle(
                    surf, ui.c("focus"), (x + size // 2, rect.centery), size // 2 + 2, 2
                )
        # a thin bar under the clock shows the time used
        bar = Rect(cx, rect.bottom - ui.px(2), clock_s.get_width(), ui.px(3))
        pygame.draw.rect(surf, ui.c("panel_alt"), bar)
        pygame.draw.rect(
            surf, colour, Rect(bar.x, bar.y, int(bar.width * min(1.0, used)), bar.height)
        )
        head = ui.text.line(
            title, ui.fs("heading"), ui.c("text"), bold=True, max_width=x - rect.x - ui.px(20)
        )
        blit(surf, ui, head, (rect.x, rect.centery - head.get_height() // 2))

    def _avatar(self, person: Person, size: int) -> pygame.Surface:
        sc = self.play.scenario
        spec = sc.model.stakeholders.get(person.id)
        portrait = portrait_path(sc.path, spec.portrait) if spec is not None else None
        return self.ui.avatars.get(person.name, person.role, size, portrait)

    def _draw_speaker(self, surf: pygame.Surface, view: View) -> None:
        """The head of the line's panel: who speaks (avatar, name, role, title), or the
        narrator; at the end, the outcome."""
        ui = self.ui
        rect = self.line_rect
        size = ui.px(40)
        person = self.speaker
        x = rect.x + ui.px(12)
        y = rect.y + ui.px(8)
        if person is not None:
            blit(surf, ui, self._avatar(person, size), (x, y))
            name, title, role = person.name, person.title, label(ROLES, person.role, ui.lang)
            colour = ui.theme.role(person.role)
        else:
            blit(surf, ui, ui.avatars.get("…", None, size), (x, y))
            name, title, role, colour = ui.t("narrator"), "", "", ui.theme.role(None)
        tx = x + size + ui.px(12)
        ended = view.status is Status.ENDED and view.ending is not None and not self.holding
        outcome = ""
        if ended and view.ending is not None and view.ending.outcome:
            outcome = f"{ui.t('outcome')}{ui.colon}{label(OUTCOMES, view.ending.outcome, ui.lang)}"
        right = rect.right - ui.px(12)
        if outcome:
            tag = chip(None, ui, (0, 0), outcome, ui.c("accent"), size="small")
            right = rect.right - tag.width - ui.px(12)
            chip(surf, ui, (right, y + ui.px(2)), outcome, ui.c("accent"), size="small")
            right -= ui.px(10)
        name_s = ui.text.line(
            name, ui.fs("body"), ui.c("text"), bold=True, max_width=max(ui.px(40), right - tx)
        )
        blit(surf, ui, name_s, (tx, y))
        cx = tx + name_s.get_width() + ui.px(10)
        if role:
            badge = chip(None, ui, (0, 0), role, colour)
            if cx + badge.width <= right:
                chip(surf, ui, (cx, y + ui.px(2)), role, colour)
        if title:
            t = ui.text.line(title, ui.fs("tiny"), ui.c("muted"), max_width=right - tx)
            blit(surf, ui, t, (tx, y + name_s.get_height() + ui.px(1)))
