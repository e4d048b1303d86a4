"""My progress: the remembered trainee's sessions from the records store. Each scenario's
attempts, passes, best and latest overall; the last sessions' scores as a chart; the rules
to work on next and the ones done well.

The store is read once, when the view opens (a few aggregate queries); a store that cannot
be read shows one sentence instead, never an error screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.scoring.report import pick
from game.scoring.score import DIMENSION_NAMES, rule_titles
from game.ui import messages as msg
from game.ui.context import UI
from game.ui.screens.base import Screen
from game.ui.widgets import Button, blit, panel

if TYPE_CHECKING:  # the store is read by the App when the view opens, not at start-up
    from game.records.summary import Progress

Rect = pygame.Rect

#: Sessions drawn in the chart (the newest).
SHOWN = 30
#: One theme colour per score (the overall in the text colour, drawn bold).
LINES: dict[str, str] = {
    "overall": "text",
    "questioning": "accent",
    "listening": "good",
    "pricing_timing": "warn",
    "next_step": "bad",
}


class ProgressScreen(Screen):
    name = "progress"

    def __init__(self, ui: UI, progress: Progress) -> None:
        super().__init__(ui)
        self.progress = progress
        self.titles = rule_titles()  # once, not at every redraw

    def layout(self) -> None:
        ui = self.ui
        w, h = self.size
        self.back = Button(ui.t("back"), lambda: ui.post(msg.GoTitle()), kind="primary", key="back")
        self.buttons = [self.back]
        self.focus = 0
        margin = ui.px(40)
        self.body = Rect(margin, ui.px(96), w - 2 * margin, h - ui.px(96) - ui.px(90))
        bw, bh = ui.px(180), ui.px(46)
        self.back.place(ui, Rect(w // 2 - bw // 2, h - ui.px(70), bw, bh))

    def on_escape(self) -> None:
        self.ui.post(msg.GoTitle())

    def draw(self, surf: pygame.Surface) -> None:
        ui = self.ui
        w, _ = self.size
        surf.fill(ui.c("bg"))
        p = self.progress
        heading = ui.t("progress_of", name=p.trainee) if p.trainee else ui.t("progress")
        title = ui.text.line(heading, ui.fs("title"), ui.c("text"), bold=True, max_width=w - 80)
        blit(surf, ui, title, (self.body.x, ui.px(36)))
        note = None
        if not p.trainee:
            note = ui.t("progress_no_name")
        elif p.problem is not None:
            note = ui.t("progress_problem", why=p.problem)
        elif not p.attempts:
            note = ui.t("progress_none", name=p.trainee)
        if note is not None:
            block = ui.text.block(note, ui.fs("body"), ui.c("muted"), self.body.width)
            blit(surf, ui, block.surface, (self.body.x, self.body.y + ui.px(20)))
        else:
            self._draw_progress(surf)
        self.draw_buttons(surf)

    def _draw_progress(self, surf: pygame.Surface) -> None:
        ui = self.ui
        body = self.body
        left = Rect(body.x, body.y, int(body.width * 0.42), body.height)
        right = Rect(
            left.right + ui.px(24), body.y, body.right - left.right - ui.px(24), body.height
        )
        self._draw_scenarios(surf, left)
        chart = Rect(right.x, right.y, right.width, int(right.height * 0.58))
        self._draw_chart(surf, chart)
        rules = Rect(
            right.x, chart.bottom + ui.px(16), right.width, right.bottom - chart.bottom - ui.px(16)
        )
        self._draw_rules(surf, rules)

    def _draw_scenarios(self, surf: pygame.Surface, rect: Rect) -> None:
        ui = self.ui
        p = self.progress
        head = ui.text.line(ui.t("progress_scenarios"), ui.fs("heading"), ui.c("text"), bold=True)
        blit(surf, ui, head, rect.topleft)
        y = rect.y + head.get_height() + ui.px(10)
        order: dict[str, list[int]] = {}
        for i, a in enumerate(p.attempts):
            order.setdefault(a.scenario, []).append(i)
        newest_first = sorted(order, key=lambda s: -order[s][-1])
        for scenario in newest_first:
            mine = [p.attempts[i] for i in order[scenario]]
            overall = [a.scores.get("overall") for a in mine]
            scored = [v for v in overall if v is not None]
            best = f"{max(scored):.0f}" if scored else "-"
            latest = f"{overall[-1]:.0f}" if overall[-1] is not None else "-"
            card = Rect(rect.x, y, rect.width, ui.px(66))
            if card.bottom > rect.bottom:
                break
            panel(surf, ui, card, "panel", "border", radius=ui.theme.radius)
            name = pick(p.titles.get(scenario), ui.lang) or scenario
            line = ui.text.line(
                name, ui.fs("body"), ui.c("text"), bold=True, max_width=card.width - ui.px(24)
            )
            blit(surf, ui, line, (card.x + ui.px(12), card.y + ui.px(8)))
            passed = sum(1 for a in mine if a.passed)
            stats = ui.t("progress_row", n=len(mine), passed=passed, best=best, latest=latest)
            small = ui.text.line(
                stats, ui.fs("small"), ui.c("muted"), max_width=card.width - ui.px(24)
            )
            blit(surf, ui, small, (card.x + ui.px(12), card.y + ui.px(36)))
            y = card.bottom + ui.px(10)

    def _draw_chart(self, surf: pygame.Surface, rect: Rect) -> None:
        """The newest sessions' scores: the overall bold, the four dimensions thin."""
        ui = self.ui
        shown = self.progress.attempts[-SHOWN:]
        head = ui.text.line(ui.t("progress_trend", n=len(shown)), ui.fs("small"), ui.c("muted"))
        blit(surf, ui, head, rect.topleft)
        legend_y = rect.y + head.get_height() + ui.px(6)
        x = rect.x
        for key, colour_name in LINES.items():
            colour = ui.c(colour_name)
            name = ui.t("overall") if key == "overall" else pick(DIMENSION_NAMES[key], ui.lang)
            pygame.draw.rect(surf, colour, Rect(x, legend_y + ui.px(6), ui.px(14), ui.px(4)))
            label = ui.text.line(name, ui.fs("tiny"), ui.c("muted"))
            blit(surf, ui, label, (x + ui.px(18), legend_y))
            x += ui.px(18) + label.get_width() + ui.px(14)
        plot = Rect(rect.x + ui.px(30), legend_y + ui.px(26), rect.width - ui.px(36), 0)
        plot.height = rect.bottom - plot.y - ui.px(4)
        panel(surf, ui, plot, "panel", "border", radius=4)
        for value in (0, 50, 100):
            y = plot.bottom - int(plot.height * value / 100)
            tick = ui.text.line(str(value), ui.fs("tiny"), ui.c("faint"))
            blit(surf, ui, tick, (rect.x, y - tick.get_height() // 2))
        y60 = plot.bottom - int(plot.height * 0.6)
        for x in range(plot.x + 2, plot.right - 2, ui.px(8)):
            pygame.draw.line(surf, ui.c("faint"), (x, y60), (x + ui.px(3), y60))
        if not shown:
            return
        step = (plot.width - ui.px(20)) / max(len(shown) - 1, 1)
        for key, colour_name in LINES.items():
            colour = ui.c(colour_name)
            points = [
                (plot.x + ui.px(10) + int(i * step), plot.bottom - int(plot.height * v / 100))
                for i, a in enumerate(shown)
                if (v := a.scores.get(key)) is not None
            ]
            width = ui.px(3) if key == "overall" else max(1, ui.px(1.5))
            if len(points) > 1:
                pygame.draw.lines(surf, colour, False, points, width)
            for point in points if key == "overall" else ():
                pygame.draw.circle(surf, colour, point, ui.px(3))

    def _draw_rules(self, surf: pygame.Surface, rect: Rect) -> None:
        ui = self.ui
        rules = self.progress.rules
        titles = self.titles
        weakest = rules[:3]
        strongest = [r for r in rules[::-1] if r not in weakest][:2]
        y = rect.y
        for key, chosen, colour in (
            ("progress_work_on", weakest, ui.c("bad")),
            ("progress_strong", strongest, ui.c("good")),
        ):
            if not chosen or y >= rect.bottom:
                continue
            head = ui.text.line(ui.t(key), ui.fs("small"), colour, bold=True)
            blit(surf, ui, head, (rect.x, y))
            y += head.get_height() + ui.px(4)
            for r in chosen:
                name = f"{r.rule} {pick(titles.get(r.rule), ui.lang)}".strip()
                text = ui.t("progress_rule", rule=name, share=f"{(r.share or 0) * 100:.0f}%")
                line = ui.text.line(f"· {text}", ui.fs("small"), ui.c("text"), max_width=rect.width)
                if y + line.get_height() > rect.bottom:
                    break
                blit(surf, ui, line, (rect.x + ui.px(8), y))
                y += line.get_height() + ui.px(2)
            y += ui.px(8)
