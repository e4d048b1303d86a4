"""The scenario picker: a card per scenario (title, difficulty, length, languages), grouped
under a heading per industry, the easier scenario of an industry first.

Cards come from the catalogue (``game.catalog``), which reads only each file's header and
caches by content; a file with problems gets a marked card with its first problem.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pygame

from game.catalog import Entry, by_industry
from game.ui import messages as msg
from game.ui.context import UI
from game.ui.screens.base import Screen
from game.ui.text import ELLIPSIS
from game.ui.widgets import Button, Scroll, blit, chip

Rect = pygame.Rect

LANG_NAMES = {"zh": "中文", "en": "English"}


class Card(Button):
    """A scenario card: a button that draws its own content."""

    def __init__(self, entry: Entry, action: Callable[[], None]) -> None:
        super().__init__(entry.title("en"), action, key=str(entry.path))
        self.entry = entry

    def draw(
        self, surf: pygame.Surface, ui: UI, *, focused: bool, hovered: bool, dy: int = 0
    ) -> None:
        e = self.entry
        rect = self.rect.move(0, -dy)
        fill = ui.c("button_hover") if hovered else ui.c("panel")
        pygame.draw.rect(surf, fill, rect, border_radius=ui.theme.radius)
        edge = ui.c("focus") if focused else (ui.c("border") if e.ok else ui.c("bad"))
        pygame.draw.rect(surf, edge, rect, 2 if focused else 1, border_radius=ui.theme.radius)
        pad = ui.px(16)
        inner = rect.width - 2 * pad
        x, y = rect.x + pad, rect.y + pad
        # the title on up to two lines, the second cut with an ellipsis if need be
        block = ui.text.block(e.title(ui.lang), ui.fs("heading"), ui.c("text"), inner, bold=True)
        if len(block.lines) > 2:
            rest = "".join(block.lines[1:])
            block = ui.text.block(
                block.lines[0] + "\n" + ui.text.fit(rest, ui.fs("heading"), inner, bold=True),
                ui.fs("heading"),
                ui.c("text"),
                bold=True,
            )
        blit(surf, ui, block.surface, (x, y))
        y += block.height + ui.px(4)
        if not e.ok:
            chip(surf, ui, (x, y), ui.t("broken_scenario"), ui.c("bad"))
            y += ui.px(30)
            text = ui.text.block(e.first_problem, ui.fs("tiny"), ui.c("muted"), inner)
            room = rect.bottom - pad - y
            lines = max(0, room // text.line_height)
            area = Rect(0, 0, text.surface.get_width(), lines * text.line_height)
            surf.blit(text.surface, (x, y), area)
            return
        facts: list[str] = []  # the industry is the group's heading above the card
        played = e.minutes_to_play(ui.lang)
        if played or e.minutes:
            # the estimate of a whole play-through once the file was checked, else the clock
            length = ui.t("about_minutes", n=played) if played else f"{e.minutes} {ui.t('minutes')}"
            meetings = e.meetings  # 0: not known from the header
            if meetings:
                length += " · " + (
                    ui.t("meeting_1") if meetings == 1 else ui.t("meetings_n", n=meetings)
                )
            facts.append(f"{ui.t('length')}{ui.colon}{length}")
        joined = "    ".join(facts)
        if ui.fonts.font(ui.fs("small")).size(joined)[0] > inner:
            joined = "\n".join(ui.text.fit(f, ui.fs("small"), inner) for f in facts)
        meta = ui.text.block(joined, ui.fs("small"), ui.c("muted"))
        blit(surf, ui, meta.surface, (x, y))
        y += meta.height + ui.px(6)
        summary = e.summary(ui.lang)
        if summary:
            block = ui.text.block(summary, ui.fs("small"), ui.c("text"), inner)
            room = rect.bottom - pad - ui.px(30) - y
            lines = max(0, room // block.line_height)
            if lines and len(block.lines) > lines:  # cut: the last line shown ends in "…"
                last = block.lines[lines - 1].rstrip() + ELLIPSIS
                kept = [*block.lines[: lines - 1], ui.text.fit(last, ui.fs("small"), inner)]
                block = ui.text.block("\n".join(kept), ui.fs("small"), ui.c("text"), None)
            if lines:
                area = Rect(0, 0, block.surface.get_width(), lines * block.line_height)
                surf.blit(block.surface, (x, y), area)
        # bottom row: difficulty stars and languages
        by = rect.bottom - pad - ui.px(22)
        if e.difficulty:
            stars = "★" * e.difficulty + "☆" * (5 - e.difficulty)
            label = ui.text.line(f"{ui.t('difficulty')} ", ui.fs("small"), ui.c("muted"))
            blit(surf, ui, label, (x, by))
            s = ui.text.line(stars, ui.fs("small"), ui.c("warn"))
            blit(surf, ui, s, (x + label.get_width(), by))
        cx = rect.right - pad
        for lang in reversed(e.languages):
            r = chip(None, ui, (0, 0), LANG_NAMES.get(lang, lang), ui.c("accent"), filled=False)
            cx -= r.width
            chip(surf, ui, (cx, by), LANG_NAMES.get(lang, lang), ui.c("accent"), filled=False)
            cx -= ui.px(6)


class PickerScreen(Screen):
    name = "picker"

    def __init__(self, ui: UI, entries: list[Entry], preferred: Path | None = None) -> None:
        super().__init__(ui)
        self.entries = entries
        self.preferred = preferred.resolve() if preferred else None
        self.scroll = Scroll()
        self.button_scroll = self.scroll

    def open(self, entry: Entry) -> None:
        self.ui.post(msg.OpenScenario(entry.path))

    def layout(self) -> None:
        ui = self.ui
        w, h = self.size
        margin = ui.px(32)
        top = ui.px(96)
        self.back = Button(ui.t("back"), lambda: ui.post(msg.GoName()), key="back")
        view = Rect(margin, top, w - 2 * margin, h - top - ui.px(90))
        cols = 3 if w >= 1800 else 2
        gap = ui.px(18)
        cw = (view.width - (cols - 1) * gap - ui.px(8)) // cols
        ch = ui.px(210)
        head = ui.fonts.font(ui.fs("body"), bold=True).get_height() + ui.px(10)
        # a heading per industry, then its cards in rows; focus follows the same order
        self.cards = []
        self.headings: list[tuple[str, int]] = []  # (text, y in content coordinates)
        self.heading_of: dict[int, int] = {}  # id(first card of a group) -> heading height
        y = view.y
        for industry, entries in by_industry(self.entries, ui.lang):
            self.headings.append((industry or ui.t("other_industry"), y))
            y += head
            for i, e in enumerate(entries):
                r, c = divmod(i, cols)
                card = Card(e, partial(self.open, e))
                card.rect = Rect(view.x + c * (cw + gap), y + r * (ch + gap), cw, ch)
                if i == 0:
                    self.heading_of[id(card)] = head
                self.cards.append(card)
            y += (len(entries) + cols - 1) // cols * (ch + gap)
        self.buttons = [*self.cards, self.back]
        self.scroll.set(view, y - view.y)
        self.back.place(ui, Rect(margin, h - ui.px(66), ui.px(160), ui.px(44)))
        if self.focus is None:
            self.focus = 0 if self.cards else len(self.buttons) - 1
            for i, card in enumerate(self.cards):
                if self.preferred and card.entry.path.resolve() == self.preferred:
                    self.focus = i
        self.reveal_focus()

    def scrolled_buttons(self) -> list[Button]:
        return list(self.cards)

    def reveal_focus(self) -> None:
        """As every screen, but the first card of a group brings its heading into view."""
        b = self.focused
        if b is not None and id(b) in self.heading_of:
            top = b.rect.y - self.scroll.rect.y - self.heading_of[id(b)]
            self.scroll.show(top - 4, top + self.heading_of[id(b)] + b.rect.height + 4)
            return
        super().reveal_focus()

    def on_escape(self) -> None:
        self.ui.post(msg.GoName())

    def on_wheel(self, event: pygame.event.Event) -> None:
        if self.scroll.wheel(event, self.ui):
            self.dirty = True

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            step = self.scroll.rect.height * (1 if event.key == pygame.K_PAGEDOWN else -1)
            self.dirty |= self.scroll.scroll_by(step)
            return True
        return False

    def draw(self, surf: pygame.Surface) -> None:
        ui = self.ui
        w, h = self.size
        surf.fill(ui.c("bg"))
        title = ui.text.line(ui.t("choose_scenario"), ui.fs("title"), ui.c("text"), bold=True)
        blit(surf, ui, title, (ui.px(32), ui.px(30)))
        if not self.cards:
            note = ui.text.block(ui.t("no_scenarios"), ui.fs("body"), ui.c("muted"), w - ui.px(64))
            blit(surf, ui, note.surface, (ui.px(32), ui.px(110)))
        clip = surf.get_clip()
        surf.set_clip(self.scroll.rect.inflate(8, 8))
        top, bottom = self.scroll.offset, self.scroll.offset + self.scroll.rect.height
        visible = [
            c
            for c in self.cards
            if c.rect.bottom - self.scroll.rect.y > top and c.rect.y - self.scroll.rect.y < bottom
        ]
        self.draw_buttons(surf, visible)
        for text, y in self.headings:
            y -= self.scroll.offset
            if self.scroll.rect.y - ui.px(40) < y < self.scroll.rect.bottom:
                line = ui.text.line(text, ui.fs("body"), ui.c("accent"), bold=True)
                blit(surf, ui, line, (self.scroll.rect.x, y))
        surf.set_clip(clip)
        self.scroll.draw_bar(surf, ui)
        self.draw_buttons(surf, [self.back])
        hint = ui.text.line(ui.t("keys_title"), ui.fs("small"), ui.c("faint"))
        blit(surf, ui, hint, hint.get_rect(bottomright=(w - ui.px(32), h - ui.px(28))).topleft)
