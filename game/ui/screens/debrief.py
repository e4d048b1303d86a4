"""The debrief: outcome, the four scores as bars with tiers, pass or fail, the moments that
cost points with coaching, and the buyer's path through the buying cycle.

Numbers come from ``game.scoring`` (a ScoreReport) and the path from ``engine.trail``; this
screen only lays them out. Without a report (scoring unavailable) it still shows the outcome
and the path.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import pygame

from game.engine.labels import OUTCOMES, label, stage_name
from game.engine.session import EndingView
from game.engine.trail import meeting_outcomes, stage_trail
from game.record import Event, SessionStarted
from game.scoring import DIMENSION_NAMES, DIMENSIONS, TIER_NAMES, Moment, ScoreReport
from game.scoring.debrief import advice_of, blocked_needs, card_groups, is_taboo, typed_words
from game.scoring.debrief import w as debrief_word
from game.scoring.report import Evidence, pick
from game.ui import messages as msg
from game.ui.context import UI
from game.ui.screens.base import Screen
from game.ui.text import TextBlock
from game.ui.theme import Colour
from game.ui.widgets import Button, Column, blit, chip, panel

Rect = pygame.Rect


@dataclass(frozen=True)
class PathChip:
    rect: Rect
    text: str
    colour: Colour
    filled: bool


class DebriefScreen(Screen):
    name = "debrief"

    def __init__(
        self,
        ui: UI,
        *,
        report: ScoreReport | None,
        ending: EndingView | None,
        events: list[Event],
        marks: tuple[float, float] | None = None,
        attempts: list[float | None] | None = None,
        record_note: tuple[str, str] | None = None,
    ) -> None:
        super().__init__(ui)
        self.report = report
        self.marks = marks  # (dimension floor, overall pass mark) of the rubric used
        #: (colour, words): where the record was saved, or why it could not be
        self.record_note = record_note
        #: turn -> the words the trainee typed there (typing mode), shown on its card
        self.typed = typed_words(events)
        #: the overall of the trainee's attempts at this scenario, this one last
        self.attempts = attempts or []
        self.ending = ending
        self.events = events
        start = events[0] if events else None
        self.start = start if isinstance(start, SessionStarted) else None
        self.moments: Column | None = None
        self.path: list[PathChip] = []
        self.arrows: list[tuple[int, int]] = []

    def dimension_name(self, dimension: str) -> str:
        return pick(DIMENSION_NAMES.get(dimension), self.ui.lang) or dimension

    def tier_name(self, tier: str | None) -> str:
        name = pick(TIER_NAMES.get(tier or ""), self.ui.lang)
        return name[:1].upper() + name[1:]

    def stage_name(self, stage: str) -> str:
        return stage_name(stage, self.ui.lang, self.start)

    # -- layout ---------------------------------------------------------------------------

    def layout(self) -> None:
        ui = self.ui
        w, h = self.size
        m = ui.px(28)
        self.again = Button(
            ui.t("try_again"), lambda: ui.post(msg.Restart()), kind="primary", key="again"
        )
        self.other = Button(ui.t("another_scenario"), lambda: ui.post(msg.GoPicker()), key="other")
        self.menu = Button(ui.t("main_menu"), lambda: ui.post(msg.GoTitle()), key="menu")
        self.buttons = [self.again, self.other, self.menu]
        if self.focus is None:
            self.focus = 0
        bh, bw = ui.px(46), ui.px(200)
        y = h - m - bh
        self.again.place(ui, Rect(w - m - bw, y, bw, bh))
        self.other.place(ui, Rect(w - m - 2 * bw - ui.px(12), y, bw, bh))
        self.menu.place(ui, Rect(m, y, ui.px(160), bh))
        self.header = Rect(m, ui.px(20), w - 2 * m, ui.px(96))
        top = self.header.bottom + ui.px(12)
        bottom = y - ui.px(16)
        left_w = int((w - 3 * m) * 0.52)
        self.chart = Rect(m, top, left_w, ui.px(4 * 46 + 56))
        self.path_rect = Rect(
            m, self.chart.bottom + ui.px(12), left_w, bottom - self.chart.bottom - ui.px(12)
        )
        self.moments_rect = Rect(2 * m + left_w, top, w - 3 * m - left_w, bottom - top)
        self._layout_path()
        self._layout_moments()

    def _layout_path(self) -> None:
        ui = self.ui
        inner = self.path_rect.inflate(-ui.px(28), -ui.px(24))
        if len(meeting_outcomes(self.events)) > 1:
            inner.height -= ui.px(22)  # room for the meetings' outcomes line
        x, y = inner.x, inner.y + ui.px(30)
        row_h = ui.px(30)
        arrow_w = ui.px(22)
        self.path, self.arrows = [], []
        for i, step in enumerate(stage_trail(self.events)):
            name = self.stage_name(step.stage)
            if step.how == "blocked":
                text, colour, filled = f"× {ui.t('blocked')}{ui.colon}{name}", ui.c("bad"), False
            elif step.how == "loop_back":
                text, colour, filled = f"{ui.t('loop_back')} → {name}", ui.c("warn"), True
            elif step.how == "jump":
                text, colour, filled = f"{name} ({ui.t('jumped')})", ui.c("accent"), True
            else:
                text, colour, filled = name, ui.c("accent"), step.how != "start"
            probe = chip(None, ui, (0, 0), text, colour, size="small", filled=filled)
            need = probe.width + (arrow_w if i else 0)
            if x + need > inner.right and x > inner.x:
                x, y = inner.x, y + row_h + ui.px(6)
            if i and x > inner.x:
                self.arrows.append((x + arrow_w // 2, y + probe.height // 2))
                x += arrow_w
            if y + probe.height > inner.bottom:
                break
            self.path.append(PathChip(Rect(x, y, probe.width, probe.height), text, colour, filled))
            x += probe.width
        self.path_bottom = y + row_h

    def _layout_moments(self) -> None:
        ui = self.ui
        inner = self.moments_rect.inflate(-ui.px(28), -ui.px(24))
        head = ui.px(34)
        old = self.moments.scroll if self.moments is not None else None
        col = Column(ui, Rect(inner.x, inner.y + head, inner.width, inner.height - head), old)
        report = self.report
        if report is None:
            col.text(
                ui.text.block(ui.t("scores_unavailable"), ui.fs("small"), ui.c("muted"), col.width)
            )
        elif not report.moments and not report.severe:
            col.text(ui.text.block(ui.t("no_moments"), ui.fs("body"), ui.c("good"), col.width))
        else:
            for severe in report.severe:  # severe mistakes lead the debrief
                self._add_severe(col, severe)
            for stage, needed in blocked_needs(self.events, ui.lang):
                self._add_blocked(col, stage, needed)
            for group in card_groups(report):
                self._add_turn(col, group)
        col.finish()
        self.moments = col

    def _add_severe(self, col: Column, severe: Evidence) -> None:
        """A severe mistake: what it was, its words, and that it caps the score below a pass."""
        ui = self.ui
        parts = [ui.t("turn_n", n=severe.turn)] if severe.turn is not None else []
        parts.append(ui.t("severe"))
        width = col.width - ui.px(20)
        head = ui.text.block(" · ".join(parts), ui.fs("small"), ui.c("bad"), width, bold=True)
        points = ui.t("overall_points", points=f"−{-severe.points:g}")
        note = ui.text.block(pick(severe.note, ui.lang), ui.fs("small"), ui.c("bad"), width)
        self._add_card(col, head, points, severe.text, [note])

    def _add_blocked(self, col: Column, stage: str, needed: list[str]) -> None:
        """A decision point the buyer did not pass, and what they still needed there."""
        ui = self.ui
        width = col.width - ui.px(20)
        head = ui.text.block(
            f"{ui.t('gate_blocked')}{ui.colon}{self.stage_name(stage)}",
            ui.fs("small"),
            ui.c("warn"),
            width,
            bold=True,
        )
        words = "\n".join(f"· {n}" for n in needed)
        blocks = [
            ui.text.block(ui.t("still_needed"), ui.fs("tiny"), ui.c("muted"), width),
            ui.text.block(words, ui.fs("small"), ui.c("text"), width),
        ]
        self._add_card(col, head, "", "", blocks)

    def _add_turn(self, col: Column, group: list[Moment]) -> None:
        """One card per turn: every rule it cost with the points and why, what was said, the
        trainer's note on it, and what to do instead (the rules' coaching)."""
        ui = self.ui
        width = col.width - ui.px(20)
        first = group[0]
        parts = [ui.t("turn_n", n=first.turn)] if first.turn is not None else []
        taboo = any(map(is_taboo, group))
        if taboo:
            parts.append(ui.t("taboo"))
        dims = dict.fromkeys(self.dimension_name(m.dimension) for m in group)
        parts.extend(dims)
        colour = ui.c("bad") if taboo else ui.c("muted")
        head = ui.text.block(" · ".join(parts), ui.fs("small"), colour, width, bold=True)
        blocks: list[TextBlock] = []
        if first.turn is not None and first.turn in self.typed:
            typed = f"{debrief_word('typed', ui.lang)}{ui.colon}“{self.typed[first.turn]}” — "
            typed += debrief_word("counted", ui.lang)
            blocks.append(ui.text.block(typed, ui.fs("tiny"), ui.c("muted"), width))
        for m in group:
            cost = debrief_word("cost", ui.lang).format(  # the words of the text debrief
                lost=f"{m.lost:g}", dim=self.dimension_name(m.dimension)
            )
            blocks.append(ui.text.block(cost, ui.fs("small"), ui.c("bad"), width, bold=True))
            why = pick(m.note, ui.lang)
            if why:
                blocks.append(ui.text.block(why, ui.fs("tiny"), ui.c("muted"), width))
        said = pick(first.feedback, ui.lang)
        if said:
            note = ui.t("trainer_note", note=said)
            blocks.append(ui.text.block(note, ui.fs("tiny"), ui.c("muted"), width))
        for advice in advice_of(group, ui.lang):
            instead = ui.t("instead", advice=advice)
            blocks.append(ui.text.block(instead, ui.fs("small"), ui.c("good"), width))
        self._add_card(col, head, "", first.text, blocks)

    def _add_card(
        self, col: Column, head: TextBlock, cost: str, said: str, blocks: list[TextBlock]
    ) -> None:
        """One card of the moments column: a head, what it cost (top right, if given), the
        words said, the rest."""
        ui = self.ui
        width = col.width - ui.px(20)
        lost = ui.text.line(cost, ui.fs("body"), ui.c("bad"), bold=True)
        if said:
            blocks = [ui.text.block(f"“{said}”", ui.fs("small"), ui.c("text"), width), *blocks]
        height = head.height + ui.px(26) + sum(b.height + ui.px(4) for b in blocks)
        col.add(
            height,
            partial(
                self._draw_moment,
                head=head,
                lost=lost,
                parts=blocks,
                width=col.width,
                height=height,
            ),
        )

    def _draw_moment(
        self,
        surf: pygame.Surface,
        x: int,
        y: int,
        *,
        head: TextBlock,
        lost: pygame.Surface,
        parts: list[TextBlock],
        width: int,
        height: int,
    ) -> None:
        ui = self.ui
        card = Rect(x, y, width, height - ui.px(10))
        panel(surf, ui, card, "panel_alt", None)
        pygame.draw.rect(surf, ui.c("bad"), Rect(card.x, card.y, ui.px(4), card.height))
        tx, ty = x + ui.px(14), y + ui.px(8)
        blit(surf, ui, head.surface, (tx, ty))
        blit(surf, ui, lost, (card.right - lost.get_width() - ui.px(10), ty - ui.px(2)))
        ty += head.height + ui.px(2)
        for block in parts:
            blit(surf, ui, block.surface, (tx, ty))
            ty += block.height + ui.px(4)

    # -- input ----------------------------------------------------------------------------

    def on_escape(self) -> None:
        self.ui.post(msg.GoTitle())

    def on_wheel(self, event: pygame.event.Event) -> None:
        if self.moments is not None and self.moments.scroll.wheel(event, self.ui):
            self.dirty = True

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN) and self.moments is not None:
            step = self.moments.rect.height * (1 if event.key == pygame.K_PAGEDOWN else -1)
            self.dirty |= self.moments.scroll.scroll_by(step)
            return True
        return False

    # -- drawing --------------------------------------------------------------------------

    def draw(self, surf: pygame.Surface) -> None:
        ui = self.ui
        surf.fill(ui.c("bg"))
        self._draw_header(surf)
        self._draw_chart(surf)
        panel(surf, ui, self.path_rect, "panel", None)
        head = ui.text.line(ui.t("path"), ui.fs("small"), ui.c("muted"), bold=True)
        blit(surf, ui, head, (self.path_rect.x + ui.px(14), self.path_rect.y + ui.px(12)))
        for c in self.path:
            chip(surf, ui, c.rect.topleft, c.text, c.colour, size="small", filled=c.filled)
        arrow = ui.text.line("→", ui.fs("small"), ui.c("muted"))
        for ax, ay in self.arrows:
            blit(surf, ui, arrow, arrow.get_rect(center=(ax, ay)).topleft)
        meetings = meeting_outcomes(self.events)
        if len(meetings) > 1:
            parts = [
                f"{ui.t('meeting')} {n}: {label(OUTCOMES, o, ui.lang) if o else '-'}"
                for n, o in meetings
            ]
            line = ui.text.line(
                "    ".join(parts),
                ui.fs("small"),
                ui.c("muted"),
                max_width=self.path_rect.width - ui.px(28),
            )
            blit(
                surf,
                ui,
                line,
                (
                    self.path_rect.x + ui.px(14),
                    min(
                        self.path_bottom + ui.px(8),
                        self.path_rect.bottom - line.get_height() - ui.px(10),
                    ),
                ),
            )
        panel(surf, ui, self.moments_rect, "panel", None)
        head = ui.text.line(ui.t("moments"), ui.fs("small"), ui.c("muted"), bold=True)
        blit(surf, ui, head, (self.moments_rect.x + ui.px(14), self.moments_rect.y + ui.px(12)))
        if self.moments is not None:
            self.moments.draw(surf)
        self.draw_buttons(surf)
        if self.record_note is not None:
            colour, words = self.record_note
            left, right = self.menu.rect.right + ui.px(16), self.other.rect.x - ui.px(16)
            note = ui.text.line(words, ui.fs("tiny"), ui.c(colour), max_width=right - left)
            y = self.menu.rect.centery - note.get_height() // 2
            blit(surf, ui, note, (left, y))

    def _draw_header(self, surf: pygame.Surface) -> None:
        ui = self.ui
        rect = self.header
        kicker = ui.text.line(ui.t("debrief"), ui.fs("small"), ui.c("accent"), bold=True)
        blit(surf, ui, kicker, rect.topleft)
        if self.attempts:
            trail = " → ".join("-" if a is None else f"{a:.0f}" for a in self.attempts)
            line = ui.text.line(
                ui.t("attempts_here", trail=trail),
                ui.fs("small"),
                ui.c("muted"),
                max_width=rect.width // 2,
            )
            blit(surf, ui, line, (rect.right - line.get_width(), rect.y))
        ending = self.ending
        if ending is None or ending.outcome is None:
            outcome, colour = ui.t("abandoned"), ui.c("muted")
        else:
            outcome = label(OUTCOMES, ending.outcome, ui.lang)
            colour = ui.c("good") if ending.outcome in ("order", "advance") else ui.c("warn")
            if ending.outcome == "no_sale":
                colour = ui.c("bad")
        big = ui.text.line(
            f"{ui.t('outcome')}{ui.colon}{outcome}", ui.fs("title"), colour, bold=True
        )
        y = rect.y + kicker.get_height() + ui.px(2)
        blit(surf, ui, big, (rect.x, y))
        x = rect.x + big.get_width() + ui.px(18)
        report = self.report
        if report is not None:
            verdict = ui.t("passed") if report.passed else ui.t("failed")
            badge = chip(
                surf,
                ui,
                (x, y + ui.px(8)),
                verdict,
                ui.c("good") if report.passed else ui.c("bad"),
                size="body",
            )
            x = badge.right + ui.px(18)
            if report.overall is not None:
                # the tier only beside a pass: "84 proficient" next to FAIL contradicts it
                tier = self.tier_name(report.tier) if report.passed else ""
                overall = ui.text.line(
                    f"{ui.t('overall')} {report.overall:.0f}  {tier}".rstrip(),
                    ui.fs("heading"),
                    ui.theme.tier(report.tier),
                    bold=True,
                )
                blit(surf, ui, overall, (x, y + ui.px(4)))
        below = y + big.get_height() + ui.px(4)
        if report is not None and not report.passed and report.fail_reasons:
            why = pick(report.fail_reasons[0], ui.lang)
            line = ui.text.line(
                f"{ui.t('failed')}{ui.colon}{why}",
                ui.fs("small"),
                ui.c("bad"),
                max_width=rect.width,
            )
            blit(surf, ui, line, (rect.x, below))
        elif ending is not None and ending.text:
            words = ui.text.line(
                f"“{ending.text}”", ui.fs("small"), ui.c("muted"), max_width=rect.width
            )
            blit(surf, ui, words, (rect.x, below))

    def _draw_chart(self, surf: pygame.Surface) -> None:
        ui = self.ui
        rect = self.chart
        panel(surf, ui, rect, "panel", None)
        head = ui.text.line(ui.t("scores"), ui.fs("small"), ui.c("muted"), bold=True)
        blit(surf, ui, head, (rect.x + ui.px(14), rect.y + ui.px(12)))
        if self.marks is not None:
            floor, mark = self.marks
            rule = ui.text.line(
                ui.t("pass_rule", floor=f"{floor:g}", mark=f"{mark:g}"),
                ui.fs("tiny"),
                ui.c("faint"),
            )
            blit(surf, ui, rule, (rect.right - rule.get_width() - ui.px(14), rect.y + ui.px(14)))
        names = {
            d: ui.text.line(self.dimension_name(d), ui.fs("body"), ui.c("text"), bold=True)
            for d in DIMENSIONS
        }
        label_w = min(rect.width // 3, max(s.get_width() for s in names.values()) + ui.px(16))
        widest = max(
            ui.fonts.font(ui.fs("body"), True).size(f"100  {self.tier_name(t)}")[0]
            for t in TIER_NAMES
        )
        value_w = max(ui.px(130), widest + ui.px(16))
        track_x = rect.x + ui.px(14) + label_w
        track_w = rect.width - ui.px(28) - label_w - value_w
        y = rect.y + ui.px(48)
        row = ui.px(46)
        report = self.report
        for dim in DIMENSIONS:
            name = names[dim]
            blit(surf, ui, name, (rect.x + ui.px(14), y + (ui.px(26) - name.get_height()) // 2))
            track = Rect(track_x, y + ui.px(4), track_w, ui.px(18))
            pygame.draw.rect(surf, ui.c("panel_alt"), track, border_radius=ui.px(9))
            score = (
                report.dimensions[dim] if report is not None and dim in report.dimensions else None
            )
            if score is not None and score.score is not None:
                fill = Rect(
                    track.x,
                    track.y,
                    max(track.height, int(track.width * score.score / 100)),
                    track.height,
                )
                pygame.draw.rect(surf, ui.theme.tier(score.tier), fill, border_radius=ui.px(9))
                tier = self.tier_name(score.tier)
                value = ui.text.line(
                    f"{score.score:.0f}  {tier}",
                    ui.fs("body"),
                    ui.theme.tier(score.tier),
                    bold=True,
                )
            else:
                value = ui.text.line(ui.t("not_assessed"), ui.fs("small"), ui.c("faint"))
            blit(
                surf,
                ui,
                value,
                (track.right + ui.px(12), y + (ui.px(26) - value.get_height()) // 2),
            )
            if self.marks is not None:
                x = track.x + int(track.width * self.marks[0] / 100)
                pygame.draw.line(
                    surf, ui.c("text"), (x, track.y - ui.px(3)), (x, track.bottom + ui.px(3)), 2
                )
            y += row
