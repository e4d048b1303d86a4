"""The title screen: choose Chinese or English, start, see my progress, or quit."""

from __future__ import annotations

import pygame

from game.ui import messages as msg
from game.ui.context import UI
from game.ui.screens.base import Screen
from game.ui.widgets import Button, blit

Rect = pygame.Rect


class TitleScreen(Screen):
    name = "title"

    def __init__(self, ui: UI, scenario_titles: dict[str, str] | None = None) -> None:
        super().__init__(ui)
        self.scenario_titles = scenario_titles or {}  # the default scenario, by language

    def layout(self) -> None:
        ui = self.ui
        w, h = self.size
        self.zh = Button(
            ui.t("lang_zh"), lambda: ui.post(msg.SetLanguage("zh")), kind="toggle", key="zh"
        )
        self.en = Button(
            ui.t("lang_en"), lambda: ui.post(msg.SetLanguage("en")), kind="toggle", key="en"
        )
        self.zh.selected, self.en.selected = ui.lang == "zh", ui.lang == "en"
        self.start = Button(
            ui.t("start"), lambda: ui.post(msg.GoName()), kind="primary", key="start"
        )
        self.progress = Button(ui.t("progress"), lambda: ui.post(msg.GoProgress()), key="progress")
        self.quit = Button(ui.t("quit"), lambda: ui.post(msg.QuitApp()), key="quit")
        self.contrast = Button(
            ui.t("high_contrast"),
            lambda: ui.post(msg.ToggleContrast()),
            kind="toggle",
            size="small",
            key="contrast",
        )
        self.contrast.selected = ui.theme.name == "high_contrast"
        self.typing = Button(
            ui.t("typing_mode"),
            lambda: ui.post(msg.ToggleTyping()),
            kind="toggle",
            size="small",
            key="typing",
        )
        self.typing.selected = ui.typing
        self.buttons = [
            *(self.zh, self.en, self.start, self.progress, self.quit),
            *(self.contrast, self.typing),
        ]
        if self.focus is None:
            self.focus = 2
        bw, bh = ui.px(150), ui.px(44)
        cx = w // 2
        y = int(h * 0.52)
        self.zh.place(ui, Rect(cx - bw - ui.px(6), y, bw, bh))
        self.en.place(ui, Rect(cx + ui.px(6), y, bw, bh))
        wide = 2 * bw + ui.px(12)
        self.start.place(ui, Rect(cx - wide // 2, y + bh + ui.px(28), wide, ui.px(52)))
        self.progress.place(ui, Rect(cx - wide // 2, self.start.rect.bottom + ui.px(14), wide, bh))
        self.quit.place(ui, Rect(cx - wide // 2, self.progress.rect.bottom + ui.px(10), wide, bh))
        cw = self.contrast.natural_width(ui)
        self.contrast.place(ui, Rect(w - cw - ui.px(20), ui.px(20), cw, ui.px(34)))
        tw = self.typing.natural_width(ui)
        self.typing.place(ui, Rect(self.contrast.rect.x - tw - ui.px(10), ui.px(20), tw, ui.px(34)))

    def on_escape(self) -> None:
        """Esc on the title does nothing: quitting is a button, not an accident."""

    def draw(self, surf: pygame.Surface) -> None:
        ui = self.ui
        w, h = self.size
        surf.fill(ui.c("bg"))
        # a band of the six stages as a quiet emblem of the buying cycle
        band_y = int(h * 0.14)
        for i in range(6):
            x = w // 2 + (i - 3) * ui.px(56) + ui.px(8)
            colour = ui.c("accent") if i < 3 else ui.c("border")
            pygame.draw.rect(surf, colour, Rect(x, band_y, ui.px(40), ui.px(8)), border_radius=4)
        title = ui.text.line(ui.t("app_title"), ui.fs("display"), ui.c("text"), bold=True)
        blit(surf, ui, title, title.get_rect(center=(w // 2, int(h * 0.25))).topleft)
        sub = ui.text.block(ui.t("app_subtitle"), ui.fs("body"), ui.c("muted"), int(w * 0.7))
        blit(
            surf,
            ui,
            sub.surface,
            sub.surface.get_rect(midtop=(w // 2, int(h * 0.25) + ui.px(40))).topleft,
        )
        label = ui.text.line(ui.t("language"), ui.fs("small"), ui.c("muted"))
        blit(surf, ui, label, label.get_rect(midbottom=(w // 2, self.zh.rect.y - ui.px(8))).topleft)
        self.draw_buttons(surf)
        hint = ui.t("keys_title")
        default = self.scenario_titles.get(ui.lang)
        if default:
            hint = f"{ui.t('default_scenario')}{ui.colon}{default}    ·    {hint}"
        foot = ui.text.line(hint, ui.fs("small"), ui.c("faint"), max_width=w - ui.px(40))
        blit(surf, ui, foot, foot.get_rect(midbottom=(w // 2, h - ui.px(18))).topleft)
