"""The trainee-name screen: type a name (Chinese through the IME works), Enter to go on.

The name is remembered between runs (the App saves it when the trainee goes on) and is
written into every session record.
"""

from __future__ import annotations

import pygame

from game.ui import messages as msg
from game.ui.context import UI
from game.ui.screens.base import Screen
from game.ui.widgets import Button, TextInput, blit

Rect = pygame.Rect


class NameScreen(Screen):
    name = "name"

    def __init__(self, ui: UI, name: str = "") -> None:
        super().__init__(ui)
        self.input = TextInput(name)

    def layout(self) -> None:
        ui = self.ui
        w, h = self.size
        self.ok = Button(ui.t("continue"), self.confirm, kind="primary", key="continue")
        self.back = Button(ui.t("back"), lambda: ui.post(msg.GoTitle()), key="back")
        self.buttons = [self.ok, self.back]
        if self.focus is None:
            self.focus = 0
        fw = min(ui.px(560), w - ui.px(80))
        self.input.rect = Rect((w - fw) // 2, int(h * 0.40), fw, ui.px(56))
        bw, bh = ui.px(180), ui.px(48)
        y = self.input.rect.bottom + ui.px(72)
        self.back.place(ui, Rect(w // 2 - bw - ui.px(8), y, bw, bh))
        self.ok.place(ui, Rect(w // 2 + ui.px(8), y, bw, bh))

    def on_enter(self) -> None:
        pygame.key.start_text_input()
        pygame.key.set_text_input_rect(self.input.rect)

    def on_leave(self) -> None:
        pygame.key.stop_text_input()

    def confirm(self) -> None:
        self.ui.post(msg.NameEntered(self.input.text.strip()))

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_BACKSPACE:
            if self.input.handle(event):
                self.dirty = True
            return True
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.input.composition:
            return True  # Enter belongs to the IME while it composes
        # arrows would move focus away mid-name; Tab still does
        return bool(event.key in (pygame.K_LEFT, pygame.K_RIGHT))

    def on_escape(self) -> None:
        self.ui.post(msg.GoTitle())

    def on_other(self, event: pygame.event.Event) -> None:
        if self.input.handle(event):
            self.dirty = True

    def update(self, dt: float) -> None:
        if self.input.tick(dt):
            self.dirty = True

    def wake_in(self) -> float | None:
        return self.input.until_blink()

    def draw(self, surf: pygame.Surface) -> None:
        ui = self.ui
        w, _ = self.size
        surf.fill(ui.c("bg"))
        title = ui.text.line(ui.t("your_name"), ui.fs("title"), ui.c("text"), bold=True)
        blit(
            surf,
            ui,
            title,
            title.get_rect(midbottom=(w // 2, self.input.rect.y - ui.px(22))).topleft,
        )
        self.input.draw(surf, ui, ui.t("name_placeholder"))
        hint = ui.text.block(
            ui.t("name_hint"), ui.fs("small"), ui.c("muted"), self.input.rect.width
        )
        blit(surf, ui, hint.surface, (self.input.rect.x, self.input.rect.bottom + ui.px(12)))
        self.draw_buttons(surf)
