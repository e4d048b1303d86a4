"""The scenario-problems screen: every diagnostic as ``path:line:col: CODE message``.

Shown instead of a crash when a scenario does not load (at start, from the picker, or on
F5 after an edit broke the file). F5 tries again; Esc or Enter goes back.
"""

from __future__ import annotations

import pygame

from game.ui import messages as msg
from game.ui.context import UI
from game.ui.screens.base import Screen
from game.ui.widgets import Button, Column, blit, panel

Rect = pygame.Rect


class ErrorScreen(Screen):
    name = "error"
    overlay = True

    def __init__(self, ui: UI, lines: list[str], *, can_reload: bool = True) -> None:
        super().__init__(ui)
        self.lines = lines
        self.can_reload = can_reload
        self.col: Column | None = None

    def layout(self) -> None:
        ui = self.ui
        w, h = self.size
        m = ui.px(48)
        self.box = Rect(m, m, w - 2 * m, h - 2 * m)
        self.back = Button(
            ui.t("back"), lambda: ui.post(msg.CloseOverlay()), kind="primary", key="back"
        )
        self.buttons = [self.back]
        bh, bw = ui.px(46), ui.px(220)
        self.back.place(
            ui, Rect(self.box.right - bw - ui.px(24), self.box.bottom - bh - ui.px(20), bw, bh)
        )
        if self.can_reload:
            self.again = Button(ui.t("reload"), lambda: ui.post(msg.Reload()), key="reload")
            self.again.place(ui, self.back.rect.move(-bw - ui.px(12), 0))
            self.buttons.append(self.again)
        if self.focus is None:
            self.focus = 0
        inner = Rect(self.box.x + ui.px(24), self.box.y + ui.px(110), self.box.width - ui.px(48), 0)
        inner.height = self.back.rect.y - ui.px(16) - inner.y
        old = self.col.scroll if self.col is not None else None
        col = Column(ui, inner, old)
        for line in self.lines:
            col.text(ui.text.block(line, ui.fs("small"), ui.c("text"), col.width), after=ui.px(8))
        col.finish()
        self.col = col

    def on_escape(self) -> None:
        self.ui.post(msg.CloseOverlay())

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_F5 and self.can_reload:
            self.ui.post(msg.Reload())
            return True
        if event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN) and self.col is not None:
            step = self.col.rect.height * (1 if event.key == pygame.K_PAGEDOWN else -1)
            self.dirty |= self.col.scroll.scroll_by(step)
            return True
        return False

    def on_wheel(self, event: pygame.event.Event) -> None:
        if self.col is not None and self.col.scroll.wheel(event, self.ui):
            self.dirty = True

    def draw(self, surf: pygame.Surface) -> None:
        ui = self.ui
        panel(surf, ui, self.box, "panel", "bad", width=2)
        title = ui.text.line(ui.t("error_title"), ui.fs("title"), ui.c("bad"), bold=True)
        blit(surf, ui, title, (self.box.x + ui.px(24), self.box.y + ui.px(20)))
        hint = ui.text.line(
            ui.t("error_hint"), ui.fs("small"), ui.c("muted"), max_width=self.box.width - ui.px(48)
        )
        blit(surf, ui, hint, (self.box.x + ui.px(24), self.box.y + ui.px(24) + title.get_height()))
        if self.col is not None:
            self.col.draw(surf)
        self.draw_buttons(surf)
