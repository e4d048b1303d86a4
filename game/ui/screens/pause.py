"""The pause menu, drawn over the frozen meeting: resume, restart, main menu, quit.

Leaving the meeting (restart, menu, quit) ends the session with ``quit()``: the record is
kept with status ``abandoned``.
"""

from __future__ import annotations

import pygame

from game.ui import messages as msg
from game.ui.context import UI
from game.ui.screens.base import Screen
from game.ui.widgets import Button, blit, panel

Rect = pygame.Rect


class PauseScreen(Screen):
    name = "pause"
    overlay = True

    def __init__(self, ui: UI) -> None:
        super().__init__(ui)

    def layout(self) -> None:
        ui = self.ui
        w, h = self.size
        self.resume = Button(
            ui.t("resume"), lambda: ui.post(msg.Resume()), kind="primary", key="resume"
        )
        self.restart = Button(ui.t("restart"), lambda: ui.post(msg.Restart()), key="restart")
        self.menu = Button(ui.t("main_menu"), lambda: ui.post(msg.GoTitle()), key="menu")
        self.quit = Button(ui.t("quit_game"), lambda: ui.post(msg.QuitApp()), key="quit")
        self.buttons = [self.resume, self.restart, self.menu, self.quit]
        if self.focus is None:
            self.focus = 0
        bw, bh = ui.px(300), ui.px(48)
        self.box = Rect(0, 0, bw + ui.px(80), ui.px(90) + 4 * (bh + ui.px(12)) + ui.px(70))
        self.box.center = (w // 2, h // 2)
        y = self.box.y + ui.px(80)
        for b in self.buttons:
            b.place(ui, Rect(self.box.centerx - bw // 2, y, bw, bh))
            y += bh + ui.px(12)

    def on_escape(self) -> None:
        self.ui.post(msg.Resume())

    def draw(self, surf: pygame.Surface) -> None:
        ui = self.ui
        panel(surf, ui, self.box.move(0, 6), "shadow", None, radius=ui.theme.radius + 4)
        panel(surf, ui, self.box, "panel", "border", radius=ui.theme.radius + 4)
        title = ui.text.line(ui.t("paused"), ui.fs("title"), ui.c("text"), bold=True)
        blit(
            surf,
            ui,
            title,
            title.get_rect(midtop=(self.box.centerx, self.box.y + ui.px(22))).topleft,
        )
        self.draw_buttons(surf)
        note = ui.text.block(
            ui.t("record_kept"), ui.fs("tiny"), ui.c("muted"), self.box.width - ui.px(40)
        )
        blit(
            surf,
            ui,
            note.surface,
            note.surface.get_rect(
                midbottom=(self.box.centerx, self.box.bottom - ui.px(16))
            ).topleft,
        )
