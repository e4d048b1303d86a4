"""The buying-cycle tracker: six stages, the decision points between them, where the buyer is.

It draws what the session reports and animates what the event log says just happened: a
gate passed (the decision point pulses green), a gate blocked (it flashes red and stays
marked until passed), a loop-back (an arrow arcs back to the earlier stage) and a new
meeting. The tracker never decides anything: stages and gates come from the ``View``,
changes from ``session.events``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pygame

from game.engine.labels import stage_name
from game.engine.session import StageView
from game.record import Event, Gate, LoopBack, MeetingStarted, SessionStarted
from game.ui.context import UI
from game.ui.theme import Colour, mix
from game.ui.widgets import blit

Rect = pygame.Rect

PULSE = 1.4  # seconds a gate pulse lasts
ARC = 2.6  # seconds a loop-back arrow stays fully visible before fading


@dataclass
class Pulse:
    kind: str  # passed, blocked, loop_back
    a: int  # stage index (gate: the stage left; loop_back: from)
    b: int  # loop_back: to
    age: float = 0.0

    @property
    def length(self) -> float:
        return ARC + 0.6 if self.kind == "loop_back" else PULSE


@dataclass
class Caption:
    text: str
    colour: str  # theme colour name


class Tracker:
    """Draws the cycle for a rect; ``feed`` new events, ``update`` to animate."""

    def __init__(self, ui: UI) -> None:
        self.ui = ui
        self.stages: tuple[StageView, ...] = ()
        self.index = 0
        self.pulses: list[Pulse] = []
        self.blocked: set[int] = set()  # gates blocked and not yet passed
        self.caption: Caption | None = None
        self.rect = Rect(0, 0, 0, 0)
        self._pills: list[Rect] = []
        self._picture: pygame.Surface | None = None  # the still part, drawn once per change
        self._picture_key: tuple[object, ...] | None = None
        self.start: SessionStarted | None = None  # the record's names for the stages

    # -- state ----------------------------------------------------------------------------

    def set_view(self, stages: tuple[StageView, ...], index: int) -> None:
        self.stages = stages
        self.index = index

    def _at(self, stage: str) -> int:
        ids = [s.id for s in self.stages]
        return ids.index(stage) if stage in ids else len(ids)

    def feed(self, events: Iterable[Event], *, animate: bool = True) -> None:
        """Take events the tracker has not seen yet (remember the last index outside)."""
        ui = self.ui
        for ev in events:
            if isinstance(ev, SessionStarted):
                self.start = ev
            elif isinstance(ev, Gate):
                at = self._at(ev.stage_from)
                name = self.stage_name(ev.stage_from)
                if ev.passed:
                    self.blocked.discard(at)
                    if animate:
                        self.pulses.append(Pulse("passed", at, at + 1))
                    to = self.stage_name(ev.stage_to)
                    self.caption = Caption(f"{ui.t('gate_passed')}: {name} → {to}", "good")
                else:
                    self.blocked.add(at)
                    if animate:
                        self.pulses.append(Pulse("blocked", at, at))
                    self.caption = Caption(f"{ui.t('gate_blocked')}: {name}", "bad")
            elif isinstance(ev, LoopBack) and ev.applied:
                a, b = self._at(ev.stage_from), self._at(ev.stage_to)
                if animate:
                    self.pulses.append(Pulse("loop_back", a, b))
                self.caption = Caption(
                    f"{ui.t('loop_back')}: {self.stage_name(ev.stage_from)} → "
                    f"{self.stage_name(ev.stage_to)}",
                    "warn",
                )
            elif isinstance(ev, MeetingStarted) and ev.meeting > 1:
                title = ev.title or ""
                self.caption = Caption(f"{ui.t('meeting')} {ev.meeting}: {title}", "accent")

    def stage_name(self, stage: str) -> str:
        return stage_name(stage, self.ui.lang, self.start)

    def update(self, dt: float) -> bool:
        """Age the pulses; True while any is running (the screen redraws every frame)."""
        if not self.pulses:
            return False
        for e in self.pulses:
            e.age += dt
        self.pulses = [e for e in self.pulses if e.age < e.length]
        return True

    @property
    def animating(self) -> bool:
        return bool(self.pulses)

    # -- drawing --------------------------------------------------------------------------

    def layout(self, rect: Rect) -> None:
        ui = self.ui
        self.rect = Rect(rect)
        n = len(self.stages)
        end_w = ui.px(40)
        gap = ui.px(34)  # room for a decision-point diamond between stages
        pill_h = self._pill_height()
        usable = rect.width - end_w - gap * n
        pill_w = max(ui.px(60), usable // max(1, n))
        y = rect.y + self._legend_height()
        self._pills = [Rect(rect.x + i * (pill_w + gap), y, pill_w, pill_h) for i in range(n)]

    def _legend_height(self) -> int:
        ui = self.ui
        return max(ui.px(26), ui.fonts.font(ui.fs("small"), True).get_linesize() + ui.px(6))

    def _pill_height(self) -> int:
        ui = self.ui
        return max(ui.px(40), 2 * ui.fonts.font(ui.fs("tiny")).get_linesize() + ui.px(6))

    def height_needed(self) -> int:
        """The legend's row, the stage pills and the marker under the current one."""
        return self._legend_height() + self._pill_height() + self.ui.px(12)

    def _pill_text(self, text: str, colour: Colour, bold: bool, width: int) -> pygame.Surface:
        """A stage name in its pill: small type, else smaller, else on two lines, else cut."""
        ui = self.ui
        for size in (ui.fs("small"), ui.fs("tiny")):
            if ui.fonts.font(size, bold).size(text)[0] <= width:
                return ui.text.line(text, size, colour, bold=bold)
        block = ui.text.block(text, ui.fs("tiny"), colour, width, bold=bold, align="center")
        if len(block.lines) <= 2:
            return block.surface
        return ui.text.line(text, ui.fs("tiny"), colour, bold=bold, max_width=width)

    def _diamond(self, i: int) -> tuple[int, int]:
        pill = self._pills[i]
        ui = self.ui
        return pill.right + ui.px(17), pill.centery

    def draw(self, surf: pygame.Surface) -> None:
        """The pills, diamonds and legend from a cached picture (redrawn only when the
        stage, a gate or the look changes), then the running effects and the caption."""
        ui = self.ui
        if len(self._pills) != len(self.stages):
            self.layout(self.rect)
        key = (
            tuple(self.stages),
            self.index,
            frozenset(self.blocked),
            tuple(self.rect),
            ui.lang,
            ui.theme.name,
            ui.text_scale,
            ui.scale,
        )
        area = self.rect.inflate(0, ui.px(8))
        if self._picture is None or self._picture_key != key:
            picture = self._picture
            if picture is None or picture.get_size() != (area.right, area.bottom):
                picture = pygame.Surface((area.right, area.bottom)).convert()
            picture.fill(ui.c("bg"))
            self._draw_still(picture)
            self._picture, self._picture_key = picture, key
        surf.blit(self._picture, area.topleft, area)
        ui.stats["blits"] += 1
        for e in self.pulses:
            self._draw_pulse(surf, e)
        if self.caption is not None:  # right-aligned in the legend's row
            legend_end = self.rect.x + ui.px(200)
            text = ui.text.line(
                self.caption.text,
                ui.fs("small"),
                ui.c(self.caption.colour),
                bold=True,
                max_width=self.rect.right - legend_end,
            )
            blit(surf, ui, text, (self.rect.right - text.get_width(), self.rect.y))

    def _draw_still(self, surf: pygame.Surface) -> None:
        ui = self.ui
        n = len(self.stages)
        head = ui.text.line(ui.t("stage"), ui.fs("tiny"), ui.c("muted"), bold=True)
        blit(surf, ui, head, (self.rect.x, self.rect.y + ui.px(4)))
        if any(s.gated for s in self.stages):  # legend: what a diamond means
            lx = self.rect.x + head.get_width() + ui.px(24)
            ly = self.rect.y + ui.px(4) + head.get_height() // 2
            r = ui.px(6)
            pygame.draw.polygon(
                surf, ui.c("muted"), [(lx, ly - r), (lx + r, ly), (lx, ly + r), (lx - r, ly)]
            )
            legend = ui.text.line(ui.t("decision_point"), ui.fs("tiny"), ui.c("muted"))
            blit(surf, ui, legend, (lx + r + ui.px(6), ly - legend.get_height() // 2))
        for i, (stage, pill) in enumerate(zip(self.stages, self._pills, strict=True)):
            current = i == self.index
            done = i < self.index
            if current:
                pygame.draw.rect(surf, ui.c("accent"), pill, border_radius=pill.height // 2)
                colour = ui.c("accent_text")
            elif done:
                pygame.draw.rect(surf, ui.c("panel_alt"), pill, border_radius=pill.height // 2)
                pygame.draw.rect(surf, ui.c("accent"), pill, 1, border_radius=pill.height // 2)
                colour = ui.c("text")
            else:
                pygame.draw.rect(surf, ui.c("panel"), pill, border_radius=pill.height // 2)
                pygame.draw.rect(surf, ui.c("border"), pill, 1, border_radius=pill.height // 2)
                colour = ui.c("muted")
            text = self._pill_text(
                f"{i + 1} {self.stage_name(stage.id)}", colour, current, pill.width - ui.px(14)
            )
            blit(surf, ui, text, text.get_rect(center=pill.center).topleft)
            if current:
                tip = pill.centerx, pill.bottom + ui.px(3)
                pygame.draw.polygon(
                    surf,
                    ui.c("accent"),
                    [
                        (tip[0] - ui.px(7), tip[1] + ui.px(8)),
                        (tip[0] + ui.px(7), tip[1] + ui.px(8)),
                        tip,
                    ],
                )
            # the way out of this stage: a decision point if gated, else a plain step
            cx, cy = self._diamond(i)
            r = ui.px(10)
            if stage.gated:
                points = [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
                passed = i < self.index
                fill = ui.c("good") if passed else ui.c("panel_alt")
                if i in self.blocked:
                    fill = ui.c("bad")
                pygame.draw.polygon(surf, fill, points)
                pygame.draw.polygon(
                    surf, ui.c("text") if i == self.index else ui.c("border"), points, 1
                )
            else:
                pygame.draw.line(surf, ui.c("border"), (cx - r, cy), (cx + r - 2, cy), 2)
                pygame.draw.polygon(
                    surf, ui.c("border"), [(cx + r, cy), (cx + r - 6, cy - 4), (cx + r - 6, cy + 4)]
                )
        # the end: the buyer has decided
        if self._pills:
            last = self._pills[-1]
            end = (last.right + ui.px(34) + ui.px(14), last.centery)
            decided = self.index >= n
            pygame.draw.circle(surf, ui.c("good") if decided else ui.c("panel"), end, ui.px(14))
            pygame.draw.circle(surf, ui.c("good"), end, ui.px(14), 2)
            tick = [
                (end[0] - ui.px(6), end[1]),
                (end[0] - ui.px(1), end[1] + ui.px(5)),
                (end[0] + ui.px(7), end[1] - ui.px(5)),
            ]
            pygame.draw.lines(
                surf, ui.c("accent_text") if decided else ui.c("good"), False, tick, 2
            )

    def _draw_pulse(self, surf: pygame.Surface, e: Pulse) -> None:
        ui = self.ui
        if e.kind in ("passed", "blocked"):
            if not 0 <= e.a < len(self._pills):
                return
            cx, cy = self._diamond(e.a)
            phase = e.age / PULSE
            colour = ui.c("good") if e.kind == "passed" else ui.c("bad")
            radius = ui.px(10) + int(phase * ui.px(22))
            width = max(1, int(4 * (1 - phase)) + 1)
            pygame.draw.circle(surf, colour, (cx, cy), radius, width)
            if e.kind == "blocked":
                s = ui.px(9)
                shake = int(math.sin(e.age * 40) * ui.px(3) * (1 - phase))
                x = cx + shake
                pygame.draw.line(
                    surf, colour, (x - s, cy - s - ui.px(22)), (x + s, cy + s - ui.px(22)), 3
                )
                pygame.draw.line(
                    surf, colour, (x - s, cy + s - ui.px(22)), (x + s, cy - s - ui.px(22)), 3
                )
            return
        # loop-back: an arrow arcing above the pills from the later stage back to the earlier
        n = len(self._pills)
        if not (0 <= e.a <= n and 0 <= e.b < n):
            return
        a = self._pills[min(e.a, n - 1)]
        b = self._pills[e.b]
        fade = 1.0 if e.age < ARC else max(0.0, 1 - (e.age - ARC) / 0.6)
        grow = min(1.0, e.age / 0.5)
        colour = mix(ui.c("bg"), ui.c("warn"), fade)
        x0, x1 = a.centerx, b.centerx
        top = a.y - ui.px(4)
        height = ui.px(22)
        steps = 24
        points = []
        for k in range(int(steps * grow) + 1):
            t = k / steps
            points.append((int(x0 + (x1 - x0) * t), int(top - math.sin(math.pi * t) * height)))
        if len(points) >= 2:
            pygame.draw.lines(surf, colour, False, points, 3)
            if grow >= 1.0:
                tip = points[-1]
                pygame.draw.polygon(
                    surf,
                    colour,
                    [
                        tip,
                        (tip[0] - ui.px(5), tip[1] - ui.px(9)),
                        (tip[0] + ui.px(6), tip[1] - ui.px(7)),
                    ],
                )
