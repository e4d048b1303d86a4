"""The meeting: who speaks, the line, the choices, the buying cycle, notes and the history.

The screen forwards input to the session (through ``Play``) and draws the ``View`` it gets
back; what is on offer, the stage, the gates and the clock are the engine's. New events in
``session.events`` (remembered by index) feed the tracker's animations and the history.

The line appears typewriter-style from one cached render, clipped by character count;
number keys answer at once even while it is still appearing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import pygame

from game.engine.labels import FACT_KINDS, NEEDS, OUTCOMES, ROLES, label
from game.engine.session import Person, Status, View
from game.record import BuyerLine, Ended, Event, Gate, LoopBack, MeetingStarted, TraineeMove
from game.ui import messages as msg
from game.ui.avatar import portrait_path
from game.ui.context import UI
from game.ui.play import Play
from game.ui.screens.base import Screen
from game.ui.text import TextBlock
from game.ui.theme import Colour
from game.ui.tracker import Tracker
from game.ui.widgets import Button, Column, Scroll, blit, chip, panel

Rect = pygame.Rect

NUMBER_KEYS = {getattr(pygame, f"K_{n}"): n for n in range(1, 10)} | {
    getattr(pygame, f"K_KP{n}"): n for n in range(1, 10)
}


def clock_text(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"


@dataclass(frozen=True)
class Said:
    """One entry of the history: a line spoken, or a notice (gate, loop-back, new meeting)."""

    who: str
    text: str
    colour: str | Colour
    notice: bool = False


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
        self.log: Column | None = None
        self.block: TextBlock | None = None
        self.choices: list[Button] = []
        self.pending: list[str] = []  # parts still to lay out after a step, one per frame
        self.stepped = False
        self.view: View = play.session.view()
        self.speaker: Person | None = None  # who spoke last (endings are in their voice)
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
        if line is not None and line.speaker is not None and not line.trainee:
            self.speaker = line.speaker
        elif line is not None and not line.trainee:
            self.speaker = None  # narration
        if self.view.status is Status.ENDED and self.view.ending is not None:
            key = (-1, self.view.ending.text)
        else:
            key = (line.turn if line else 0, line.text if line else "")
        if key != self.line_key:
            self.line_key = key
            self.shown = 0.0
            self.focus = 0

    def _remember(self, ev: Event) -> None:
        ui = self.ui
        if isinstance(ev, BuyerLine):
            if ev.speaker:
                person = self.play.session.person(ev.speaker)
                self.history.append(Said(person.name, ev.text, ui.theme.role(person.role)))
            else:
                self.history.append(Said(ui.t("narrator"), ev.text, "muted"))
        elif isinstance(ev, TraineeMove):
            self.history.append(Said(ui.t("you"), ev.text, "accent"))
        elif isinstance(ev, MeetingStarted):
            title = ev.title or ""
            heading = f"{ui.t('meeting')} {ev.meeting} · {title}"
            self.history.append(Said("", heading, "accent", True))
        elif isinstance(ev, Gate) and not ev.passed:
            name = self.tracker.stage_name(ev.stage_from)
            self.history.append(Said("", f"{ui.t('gate_blocked')}: {name}", "bad", True))
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

    def step(self, action: str, number: int = 0) -> None:
        """Forward the trainee's input to the session, then show what came back.

        Only the new line is laid out at once; the choices, the history and the notes
        follow on the next frames (``pending``), so no single frame renders them all.
        """
        status = self.view.status
        if (
            action == "choose"
            and status is Status.CHOOSING
            and 1 <= number <= len(self.view.choices)
        ):
            self.play.choose(number)
        elif action == "proceed" and status is Status.LISTENING:
            self.play.proceed()
        elif action == "debrief" and status is Status.ENDED:
            self.ui.post(msg.ShowDebrief())
            return
        else:
            return
        self._absorb()
        self._layout_line()
        self.choices = []  # stale buttons must not be pressed; new ones come next frame
        self.buttons = [self.pause]
        self.focus = None
        self.pending = ["choices", "log", "notes"]
        self.stepped = True  # this frame already did the step's work
        self.dirty = True

    def _catch_up(self) -> None:
        """Lay out one part left over from the last step (one per frame)."""
        part = self.pending.pop(0)
        if part == "choices":
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
            Rect(m + ui.px(4), self.top_rect.bottom + ui.px(6), w - 2 * m - ui.px(8), ui.px(102))
        )
        main_top = self.tracker.rect.bottom + ui.px(12)
        hint_h = ui.px(28)
        bottom = h - m - hint_h
        left_w = int((w - 3 * m) * 0.6)
        self.left = Rect(m, main_top, left_w, bottom - main_top)
        self.right = Rect(2 * m + left_w, main_top, w - 3 * m - left_w, bottom - main_top)
        self.hint_y = bottom + ui.px(4)
        self.card = Rect(self.left.x, self.left.y, self.left.width, ui.px(78))
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
        ui = self.ui
        text_w = self.left.width - ui.px(36)
        self.block = ui.text.block(self._line_text(), ui.fs("body"), ui.c("text"), text_w)
        cap = int(self.left.height * 0.36)
        line_h = min(self.block.height, cap) + ui.px(24)
        self.line_rect = Rect(self.left.x, self.card.bottom + ui.px(8), self.left.width, line_h)
        self.line_scroll.set(self.line_rect.inflate(-ui.px(36), -ui.px(24)), self.block.height)
        self.line_scroll.offset = 0

    def _layout_choices(self) -> None:
        """The choices on offer as numbered buttons (or the one button that goes on)."""
        ui = self.ui
        view = self.view
        area = Rect(self.left.x, self.line_rect.bottom + ui.px(12), self.left.width, 0)
        area.height = self.left.bottom - area.y
        self.choices = []
        if view.status is Status.CHOOSING:
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
        elif view.status is Status.LISTENING:
            self.choices.append(
                Button(
                    ui.t("continue_hint"),
                    partial(self.step, "proceed"),
                    kind="primary",
                    key="continue",
                )
            )
        else:
            self.choices.append(
                Button(
                    ui.t("to_debrief"), partial(self.step, "debrief"), kind="primary", key="debrief"
                )
            )
        y = area.y
        for b in self.choices:
            width = area.width - ui.px(10) if b.kind == "choice" else min(area.width, ui.px(320))
            height = b.measure(ui, width)
            b.rect = Rect(area.x + ui.px(2), y, width, height)
            y += height + ui.px(8)
        self.choice_scroll.set(area, y - area.y)
        self.buttons = [*self.choices, self.pause]
        if self.focus is None:
            self.focus = 0

    def _line_text(self) -> str:
        view = self.view
        if view.status is Status.ENDED and view.ending is not None:
            return view.ending.text or " "
        return view.line.text if view.line is not None else " "

    def _layout_notes(self) -> None:
        ui = self.ui
        view = self.view
        rect = Rect(self.right.x, self.right.y, self.right.width, int(self.right.height * 0.46))
        self.notes_rect = rect
        inner = rect.inflate(-ui.px(24), -ui.px(20))
        head = ui.px(30)
        old = self.notes.scroll if self.notes is not None else None
        col = Column(ui, Rect(inner.x, inner.y + head, inner.width, inner.height - head), old)
        width = col.width
        pains = [p for p in view.pains if p.state != "none"]
        sub = ui.fs("tiny")
        col.text(ui.text.block(ui.t("pains"), sub, ui.c("muted"), width, bold=True), after=ui.px(4))
        if not pains:
            col.text(
                ui.text.block(ui.t("no_pains_yet"), ui.fs("small"), ui.c("faint"), width),
                after=ui.px(8),
            )
        for p in pains:
            state = label(NEEDS, p.state, ui.lang)
            tag = chip(None, ui, (0, 0), state, ui.theme.need(p.state))
            block = ui.text.block(
                p.text, ui.fs("small"), ui.c("text"), width - tag.width - ui.px(8)
            )
            col.add(
                max(block.height, tag.height) + ui.px(6),
                partial(
                    self._draw_tagged,
                    tag=state,
                    colour=ui.theme.need(p.state),
                    block=block,
                    indent=tag.width + ui.px(8),
                ),
            )
        col.gap(ui.px(6))
        col.text(
            ui.text.block(ui.t("facts_learned"), sub, ui.c("muted"), width, bold=True),
            after=ui.px(4),
        )
        for f in view.facts:
            kind = label(FACT_KINDS, f.kind, ui.lang)
            colour = ui.c("border") if f.from_briefing else ui.c("accent")
            tag = chip(None, ui, (0, 0), kind, colour)
            block = ui.text.block(
                f.text,
                ui.fs("small"),
                ui.c("text") if not f.from_briefing else ui.c("muted"),
                width - tag.width - ui.px(8),
            )
            col.add(
                max(block.height, tag.height) + ui.px(6),
                partial(
                    self._draw_tagged,
                    tag=kind,
                    colour=colour,
                    block=block,
                    indent=tag.width + ui.px(8),
                ),
            )
        col.finish()
        self.notes = col

    def _layout_log(self) -> None:
        ui = self.ui
        top = self.notes_rect.bottom + ui.px(12)
        rect = Rect(self.right.x, top, self.right.width, self.right.bottom - top)
        self.log_rect = rect
        inner = rect.inflate(-ui.px(24), -ui.px(20))
        head = ui.px(30)
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
            name = ui.text.block(said.who, ui.fs("tiny"), colour, width, bold=True)
            col.text(name)
            col.text(ui.text.block(said.text, ui.fs("small"), ui.c("text"), width), after=ui.px(8))
        col.finish(keep_bottom=True)
        if first:
            col.scroll.to_bottom()
        self.log = col

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
    ) -> None:
        chip(surf, self.ui, (x, y + self.ui.px(2)), tag, colour)
        blit(surf, self.ui, block.surface, (x + indent, y))

    def scrolled_buttons(self) -> list[Button]:
        return self.choices

    # -- input ----------------------------------------------------------------------------

    def on_key(self, event: pygame.event.Event) -> bool:
        key = event.key
        if key in NUMBER_KEYS:
            self.step("choose", NUMBER_KEYS[key])
            return True
        if key == pygame.K_SPACE:
            if self.view.status is Status.LISTENING:
                self.step("proceed")
            elif self.view.status is Status.ENDED:
                self.step("debrief")
            else:
                self.reveal_all()
            return True
        if key == pygame.K_F5:
            self.ui.post(msg.Reload())
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
        return self.revealing or self.tracker.animating or bool(self.pending)

    def update(self, dt: float) -> None:
        if self.pending and not self.stepped:
            self._catch_up()
        self.stepped = False
        if self.revealing:
            self.shown += dt * self.ui.theme.cps(self.ui.lang)
            self.dirty = True
        if self.tracker.update(dt):
            self.dirty = True

    # -- drawing --------------------------------------------------------------------------

    def draw(self, surf: pygame.Surface) -> None:
        ui = self.ui
        view = self.view
        surf.fill(ui.c("bg"))
        self._draw_top(surf, view)
        self.tracker.draw(surf)
        self._draw_speaker(surf, view)
        # the line
        panel(surf, ui, self.line_rect, "panel_alt", None)
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
        hint = ui.t("keys_meeting")
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
        ui = self.ui
        rect = self.card
        panel(surf, ui, rect, "panel", None)
        size = rect.height - ui.px(16)
        person = self.speaker
        x = rect.x + ui.px(10)
        y = rect.y + ui.px(8)
        if person is not None:
            blit(surf, ui, self._avatar(person, size), (x, y))
            name, title, role = person.name, person.title, label(ROLES, person.role, ui.lang)
            colour = ui.theme.role(person.role)
        else:
            blit(surf, ui, ui.avatars.get("…", None, size), (x, y))
            name, title, role, colour = ui.t("narrator"), "", "", ui.theme.role(None)
        tx = x + size + ui.px(14)
        name_s = ui.text.line(
            name, ui.fs("heading"), ui.c("text"), bold=True, max_width=rect.right - tx - ui.px(180)
        )
        blit(surf, ui, name_s, (tx, y))
        if role:
            chip(surf, ui, (tx + name_s.get_width() + ui.px(10), y + ui.px(5)), role, colour)
        if title:
            t = ui.text.line(
                title, ui.fs("small"), ui.c("muted"), max_width=rect.right - tx - ui.px(10)
            )
            blit(surf, ui, t, (tx, y + name_s.get_height() + ui.px(2)))
        if view.status is Status.ENDED and view.ending is not None and view.ending.outcome:
            text = f"{ui.t('outcome')}: {label(OUTCOMES, view.ending.outcome, ui.lang)}"
            tag = chip(None, ui, (0, 0), text, ui.c("accent"), size="small")
            chip(
                surf,
                ui,
                (rect.right - tag.width - ui.px(12), rect.y + ui.px(12)),
                text,
                ui.c("accent"),
                size="small",
            )
