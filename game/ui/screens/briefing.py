"""The briefing: the account, the people and their buying roles, the objectives, what you know.

Everything shown is read from the scenario and the fresh session's view (facts known from
the briefing); Enter starts the meeting, F5 reloads the file.
"""

from __future__ import annotations

from functools import partial

import pygame

from game.engine.labels import FACT_KINDS, ROLES, label
from game.engine.stats import stats
from game.ui import messages as msg
from game.ui.avatar import portrait_path
from game.ui.context import UI
from game.ui.play import Play
from game.ui.screens.base import Screen
from game.ui.text import TextBlock
from game.ui.theme import Colour
from game.ui.widgets import Button, Column, blit, chip, panel

Rect = pygame.Rect


class BriefingScreen(Screen):
    name = "briefing"

    def __init__(self, ui: UI, play: Play, *, back_to_picker: bool = True) -> None:
        super().__init__(ui)
        self.play = play
        self.back_to_picker = back_to_picker
        self.left_col: Column | None = None
        self.right_col: Column | None = None
        self._length: str | None = None

    def layout(self) -> None:
        ui = self.ui
        w, h = self.size
        m = ui.px(28)
        self.start = Button(
            ui.t("start_meeting"), lambda: ui.post(msg.StartMeeting()), kind="primary", key="start"
        )
        back_label = ui.t("back") if self.back_to_picker else ui.t("main_menu")
        self.back = Button(back_label, self.go_back, key="back")
        # how the trainee will answer: pick a line, or type it (remembered in the settings)
        self.typing = Button(
            ui.t("typing_mode"), lambda: ui.post(msg.ToggleTyping()), kind="toggle", key="typing"
        )
        self.typing.selected = ui.typing
        self.buttons = [self.start, self.back, self.typing]
        if self.focus is None:
            self.focus = 0
        bh = ui.px(48)
        self.start.place(ui, Rect(w - m - ui.px(240), h - m - bh, ui.px(240), bh))
        self.back.place(ui, Rect(m, h - m - bh, ui.px(160), bh))
        tw = self.typing.natural_width(ui)
        self.typing.place(ui, Rect(self.start.rect.x - tw - ui.px(16), h - m - bh, tw, bh))
        top = ui.px(118)
        bottom = h - m - bh - ui.px(18)
        split = int((w - 3 * m) * 0.55)
        self.left_col = Column(ui, Rect(m, top, split, bottom - top), fade="bg")
        self.right_col = Column(
            ui, Rect(2 * m + split, top, w - 3 * m - split, bottom - top), fade="bg"
        )
        self._fill_left(self.left_col)
        self._fill_right(self.right_col)

    def _heading(self, col: Column, key: str) -> None:
        ui = self.ui
        col.text(ui.text.block(ui.t(key), ui.fs("heading"), ui.c("accent"), col.width, bold=True))
        col.gap(ui.px(6))

    def _fill_left(self, col: Column) -> None:
        ui = self.ui
        sc = self.play.scenario
        m = sc.model
        lang = self.play.session.language
        if m.summary is not None:
            col.text(
                ui.text.block(sc.text(m.summary, lang), ui.fs("body"), ui.c("muted"), col.width),
                after=ui.px(14),
            )
        if m.briefing is not None:
            self._heading(col, "briefing")
            col.text(
                ui.text.block(sc.text(m.briefing, lang), ui.fs("body"), ui.c("text"), col.width),
                after=ui.px(18),
            )
        if m.objectives:
            self._heading(col, "objectives")
            bullet = ui.px(20)
            for obj in m.objectives:
                block = ui.text.block(
                    sc.text(obj, lang), ui.fs("body"), ui.c("text"), col.width - bullet
                )
                col.add(0, partial(self._draw_dot, centre=block.line_height // 2))
                col.text(block, indent=bullet, after=ui.px(6))
        col.finish()

    def _fill_right(self, col: Column) -> None:
        ui = self.ui
        session = self.play.session
        sc = self.play.scenario
        lang = session.language
        self._heading(col, "stakeholders")
        size = ui.px(56)
        for sid, spec in sc.model.stakeholders.items():
            person = session.person(sid)
            text_w = col.width - size - ui.px(28)
            name = ui.text.line(
                person.name, ui.fs("body"), ui.c("text"), bold=True, max_width=text_w
            )
            title = ui.text.block(person.title, ui.fs("small"), ui.c("muted"), text_w)
            notes = (
                ui.text.block(sc.text(spec.notes, lang), ui.fs("small"), ui.c("muted"), text_w)
                if spec.notes is not None
                else None
            )
            role = label(ROLES, person.role, ui.lang)
            text_h = name.get_height() + title.height + ui.px(26) + (notes.height if notes else 0)
            height = max(size, text_h) + ui.px(16)
            avatar = ui.avatars.get(
                person.name, person.role, size, portrait_path(sc.path, spec.portrait)
            )

            col.add(
                height,
                partial(
                    self._draw_person,
                    avatar=avatar,
                    name=name,
                    title=title,
                    notes=notes,
                    role=role,
                    colour=ui.theme.role(person.role),
                    size=size,
                    width=col.width,
                    height=height,
                ),
            )
        known = [f for f in session.view().facts if f.from_briefing]
        if known:
            col.gap(ui.px(12))
            self._heading(col, "known_facts")
            for fact in known:
                kind = label(FACT_KINDS, fact.kind, ui.lang)
                tag = chip(None, ui, (0, 0), kind, ui.c("border"))
                block = ui.text.block(
                    fact.text, ui.fs("small"), ui.c("text"), col.width - tag.width - ui.px(10)
                )

                col.add(
                    block.height + ui.px(8),
                    partial(self._draw_fact, kind=kind, block=block, indent=tag.width + ui.px(10)),
                )
        col.finish()

    def _draw_person(
        self,
        surf: pygame.Surface,
        x: int,
        y: int,
        *,
        avatar: pygame.Surface,
        name: pygame.Surface,
        title: TextBlock,
        notes: TextBlock | None,
        role: str,
        colour: Colour,
        size: int,
        width: int,
        height: int,
    ) -> None:
        ui = self.ui
        panel(surf, ui, Rect(x, y, width, height - ui.px(8)), "panel", None)
        blit(surf, ui, avatar, (x + ui.px(8), y + ui.px(4)))
        tx, ty = x + size + ui.px(20), y + ui.px(4)
        blit(surf, ui, name, (tx, ty))
        badge = chip(surf, ui, (tx + name.get_width() + ui.px(10), ty + ui.px(3)), role, colour)
        ty = max(ty + name.get_height(), badge.bottom) + ui.px(2)
        blit(surf, ui, title.surface, (tx, ty))
        if notes is not None:
            blit(surf, ui, notes.surface, (tx, ty + title.height + ui.px(2)))

    def _draw_dot(self, surf: pygame.Surface, x: int, y: int, *, centre: int) -> None:
        pygame.draw.circle(
            surf, self.ui.c("accent"), (x + self.ui.px(6), y + centre), self.ui.px(4)
        )

    def _draw_fact(
        self, surf: pygame.Surface, x: int, y: int, *, kind: str, block: TextBlock, indent: int
    ) -> None:
        chip(surf, self.ui, (x, y + self.ui.px(2)), kind, self.ui.c("border"))
        blit(surf, self.ui, block.surface, (x + indent, y))

    def length_text(self) -> str:
        """ "about 20 min (3 meetings of 30 min)": the estimate of a play-through in the
        session's language, then the meetings and their clock, worked out once."""
        if self._length is None:
            ui, sc = self.ui, self.play.scenario
            minutes = stats(sc).minutes.get(self.play.session.language)
            nodes = sc.model.nodes
            default = sc.model.meeting.minutes
            clocks = [n.meeting.minutes or default for n in nodes.values() if n.meeting]
            if nodes[sc.model.start].meeting is None:
                clocks.append(default)
            count, clock = len(clocks), max(clocks)
            if count <= 1:
                meetings = ui.t("meeting_of", m=clock)
            elif len(set(clocks)) == 1:
                meetings = ui.t("meetings_of", n=count, m=clock)
            else:
                meetings = ui.t("meetings_n", n=count)
            played = ui.t("about_minutes", n=max(1, round(minutes))) if minutes else ""
            around = "（{}）" if ui.lang == "zh" else " ({})"
            self._length = played + around.format(meetings) if played else meetings
        return self._length

    def go_back(self) -> None:
        self.ui.post(msg.GoPicker() if self.back_to_picker else msg.GoTitle())

    def on_escape(self) -> None:
        self.go_back()

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_F5:
            self.ui.post(msg.Reload())
            return True
        if event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            # both columns in reading order: Page Down reads the left one to its end, then
            # the right one ("What you know"); Page Up goes back the same way
            down = event.key == pygame.K_PAGEDOWN
            cols = [c for c in (self.left_col, self.right_col) if c is not None]
            for col in cols if down else cols[::-1]:
                if col.scroll.scroll_by(col.rect.height * (1 if down else -1)):
                    self.dirty = True
                    break
            return True
        return False

    def on_wheel(self, event: pygame.event.Event) -> None:
        for col in (self.left_col, self.right_col):
            if col is not None and col.scroll.wheel(event, self.ui):
                self.dirty = True

    def draw(self, surf: pygame.Surface) -> None:
        ui = self.ui
        w, _ = self.size
        surf.fill(ui.c("bg"))
        sc = self.play.scenario
        lang = self.play.session.language
        m = ui.px(28)
        kicker = ui.text.line(ui.t("briefing"), ui.fs("small"), ui.c("accent"), bold=True)
        blit(surf, ui, kicker, (m, ui.px(22)))
        title = ui.text.line(
            sc.text(sc.model.title, lang),
            ui.fs("title"),
            ui.c("text"),
            bold=True,
            max_width=w - 2 * m,
        )
        blit(surf, ui, title, (m, ui.px(22) + kicker.get_height()))
        meta: list[str] = []
        if sc.model.industry is not None:
            meta.append(f"{ui.t('industry')}{ui.colon}{sc.text(sc.model.industry, lang)}")
        meta.append(f"{ui.t('length')}{ui.colon}{self.length_text()}")
        if sc.model.difficulty:
            stars = "★" * sc.model.difficulty + "☆" * (5 - sc.model.difficulty)
            meta.append(f"{ui.t('difficulty')}{ui.colon}{stars}")
        line = ui.text.line("    ".join(meta), ui.fs("small"), ui.c("muted"), max_width=w - 2 * m)
        blit(surf, ui, line, (m, ui.px(22) + kicker.get_height() + title.get_height() + ui.px(2)))
        for col in (self.left_col, self.right_col):
            if col is not None:
                col.draw(surf)
        self.draw_buttons(surf)
        # the keys, in the gap between Back and the typing switch
        gap = Rect(self.back.rect.right, 0, self.typing.rect.x - self.back.rect.right, 0)
        hint = ui.text.line(
            ui.t("keys_briefing"), ui.fs("small"), ui.c("faint"), max_width=gap.width - ui.px(24)
        )
        blit(surf, ui, hint, hint.get_rect(center=(gap.centerx, self.start.rect.centery)).topleft)
