"""The few widgets the game needs, drawn with plain pygame from cached text.

pygame_gui was measured and set aside for these: its buttons do not wrap a long Chinese
choice onto several lines, it has no keyboard focus to move with Tab or the arrows, and its
text entry shows no IME composition while a Chinese name is being typed. One small set of
widgets covers buttons (with focus and number keys), a text entry and scrolling panels,
so each of those things is done one way everywhere.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.ui.context import UI
from game.ui.text import TextBlock
from game.ui.theme import Colour, mix, readable_on

Rect = pygame.Rect


def panel(
    surf: pygame.Surface,
    ui: UI,
    rect: Rect,
    colour: str | Colour = "panel",
    border: str | Colour | None = "border",
    radius: int | None = None,
    width: int = 1,
) -> None:
    """A rounded panel; colours by theme name or as RGB."""
    r = ui.theme.radius if radius is None else radius
    fill = ui.c(colour) if isinstance(colour, str) else colour
    pygame.draw.rect(surf, fill, rect, border_radius=r)
    if border is not None:
        edge = ui.c(border) if isinstance(border, str) else border
        pygame.draw.rect(surf, edge, rect, width, border_radius=r)


def chip(
    surf: pygame.Surface | None,
    ui: UI,
    pos: tuple[int, int],
    text: str,
    colour: Colour,
    size: str = "tiny",
    filled: bool = True,
) -> Rect:
    """A small rounded label (a role, a need state, a tier); returns its rect.

    With ``surf`` None nothing is drawn: callers measure first, then place.
    """
    fg = readable_on(colour) if filled else colour
    label = ui.text.line(text, ui.fs(size), fg, bold=filled)
    pad_x, pad_y = ui.px(7), ui.px(2)
    rect = Rect(pos[0], pos[1], label.get_width() + 2 * pad_x, label.get_height() + 2 * pad_y)
    if surf is not None:
        if filled:
            pygame.draw.rect(surf, colour, rect, border_radius=rect.height // 2)
        else:
            pygame.draw.rect(surf, colour, rect, 1, border_radius=rect.height // 2)
        surf.blit(label, (rect.x + pad_x, rect.y + pad_y))
        ui.stats["blits"] += 1
    return rect


def blit(surf: pygame.Surface, ui: UI, image: pygame.Surface, pos: tuple[int, int]) -> None:
    """Blit and count it: the benchmark reports blits per idle second from this counter."""
    surf.blit(image, pos)
    ui.stats["blits"] += 1


class Button:
    """A button that may wrap its label over several lines; ``number`` shows a key badge.

    ``kind``: ``primary`` (accented), ``normal``, ``choice`` (left-aligned, wrapped, with the
    number key to press) or ``toggle`` (``selected`` shows which of a pair is on).
    """

    def __init__(
        self,
        label: str,
        action: Callable[[], None],
        *,
        kind: str = "normal",
        number: int | None = None,
        selected: bool = False,
        size: str = "body",
        key: str | None = None,
    ) -> None:
        self.label = label
        self.action = action
        self.kind = kind
        self.number = number
        self.selected = selected
        self.size = size
        self.key = key or label  # a stable name for tests and focus restoring
        self.rect = Rect(0, 0, 0, 0)
        self._block: TextBlock | None = None

    def _pad(self, ui: UI) -> tuple[int, int]:
        return (ui.px(14), ui.px(8)) if self.kind == "choice" else (ui.px(18), ui.px(9))

    def _badge(self, ui: UI) -> int:
        return ui.px(34) if self.number is not None else 0

    def _text_colour(self, ui: UI) -> Colour:
        if self.kind == "primary" or (self.kind == "toggle" and self.selected):
            return ui.c("accent_text")
        return ui.c("text")

    def measure(self, ui: UI, width: int) -> int:
        """Height the button needs at ``width`` (wrapping the label); caches the text."""
        pad_x, pad_y = self._pad(ui)
        inner = max(20, width - 2 * pad_x - self._badge(ui))
        self._block = ui.text.block(
            self.label, ui.fs(self.size), self._text_colour(ui), inner, bold=self.kind == "primary"
        )
        return self._block.height + 2 * pad_y

    def natural_width(self, ui: UI) -> int:
        pad_x, _ = self._pad(ui)
        surf = ui.text.line(self.label, ui.fs(self.size), self._text_colour(ui))
        return surf.get_width() + 2 * pad_x + self._badge(ui)

    def place(self, ui: UI, rect: Rect) -> None:
        self.rect = Rect(rect)
        self.measure(ui, rect.width)

    def draw(
        self, surf: pygame.Surface, ui: UI, *, focused: bool, hovered: bool, dy: int = 0
    ) -> None:
        rect = self.rect.move(0, -dy)
        if self.kind == "primary" or (self.kind == "toggle" and self.selected):
            fill = ui.c("accent")
            if hovered:
                fill = mix(fill, (255, 255, 255), 0.12)
        else:
            fill = ui.c("button_hover") if hovered else ui.c("button")
        pygame.draw.rect(surf, fill, rect, border_radius=ui.theme.radius)
        if focused:
            pygame.draw.rect(
                surf, ui.c("focus"), rect.inflate(4, 4), 2, border_radius=ui.theme.radius + 2
            )
        pad_x, pad_y = self._pad(ui)
        x = rect.x + pad_x
        if self.number is not None:
            badge = Rect(x, rect.y + pad_y, ui.px(24), ui.px(24))
            pygame.draw.rect(surf, ui.c("panel"), badge, border_radius=ui.px(5))
            digit = ui.text.line(str(self.number), ui.fs("small"), ui.c("focus"), bold=True)
            blit(surf, ui, digit, digit.get_rect(center=badge.center).topleft)
            x += self._badge(ui)
        block = self._block
        if block is None:
            return
        if self.kind == "choice":
            blit(surf, ui, block.surface, (x, rect.y + pad_y))
        else:
            centre = (x + (rect.right - x - pad_x) // 2, rect.centery)
            blit(surf, ui, block.surface, block.surface.get_rect(center=centre).topleft)


class Scroll:
    """A vertical viewport over taller content: wheel, PageUp/PageDown and a thin bar."""

    def __init__(self) -> None:
        self.rect = Rect(0, 0, 0, 0)
        self.content = 0
        self.offset = 0

    @property
    def max_offset(self) -> int:
        return max(0, self.content - self.rect.height)

    def set(self, rect: Rect, content: int, *, keep_bottom: bool = False) -> None:
        at_bottom = self.offset >= self.max_offset
        self.rect = Rect(rect)
        self.content = content
        if keep_bottom and at_bottom:
            self.offset = self.max_offset
        self.offset = min(max(0, self.offset), self.max_offset)

    def to_bottom(self) -> None:
        self.offset = self.max_offset

    def scroll_by(self, dy: int) -> bool:
        new = min(max(0, self.offset + dy), self.max_offset)
        changed = new != self.offset
        self.offset = new
        return changed

    def show(self, top: int, bottom: int) -> bool:
        """Scroll so content rows ``top``..``bottom`` are visible (focus moved to them)."""
        if top < self.offset:
            return self.scroll_by(top - self.offset)
        if bottom > self.offset + self.rect.height:
            return self.scroll_by(bottom - self.offset - self.rect.height)
        return False

    def wheel(self, event: pygame.event.Event, ui: UI) -> bool:
        if not self.rect.collidepoint(pygame.mouse.get_pos()):
            return False
        return self.scroll_by(-int(event.y) * ui.px(48))

    def draw_bar(self, surf: pygame.Surface, ui: UI) -> None:
        if self.max_offset <= 0:
            return
        track = Rect(self.rect.right - ui.px(5), self.rect.y, ui.px(4), self.rect.height)
        h = max(ui.px(24), track.height * self.rect.height // max(1, self.content))
        y = track.y + (track.height - h) * self.offset // self.max_offset
        pygame.draw.rect(surf, ui.c("faint"), Rect(track.x, y, track.width, h), border_radius=2)


DrawAt = Callable[[pygame.Surface, int, int], None]


class Column:
    """A scrolling column of pre-laid-out rows (text blocks, gaps, custom drawings).

    Rows are measured once at layout time; drawing blits only the rows in view.
    """

    def __init__(
        self, ui: UI, rect: Rect, scroll: Scroll | None = None, fade: str | None = "panel"
    ) -> None:
        self.ui = ui
        self.rect = Rect(rect)
        self.scroll = scroll or Scroll()
        self.fade = fade  # the colour behind the column: rows scrolled past fade into it
        self.rows: list[tuple[int, int, DrawAt]] = []  # top, height, draw(surf, x, y)
        self.height = 0

    @property
    def width(self) -> int:
        return self.rect.width - self.ui.px(12)  # room for the scroll bar

    def add(self, height: int, draw: DrawAt) -> None:
        self.rows.append((self.height, height, draw))
        self.height += height

    def gap(self, height: int) -> None:
        self.height += height

    def text(self, block: TextBlock, indent: int = 0, after: int = 0) -> None:
        surface = block.surface
        ui = self.ui

        def draw(surf: pygame.Surface, x: int, y: int) -> None:
            blit(surf, ui, surface, (x + indent, y))

        self.add(block.height, draw)
        self.gap(after)

    def finish(self, *, keep_bottom: bool = False) -> None:
        self.scroll.set(self.rect, self.height, keep_bottom=keep_bottom)

    def draw(self, surf: pygame.Surface) -> None:
        clip = surf.get_clip()
        surf.set_clip(self.rect.clip(clip) if clip else self.rect)
        offset = self.scroll.offset
        for top, height, draw in self.rows:
            y = self.rect.y + top - offset
            if y + height < self.rect.y or y > self.rect.bottom:
                continue
            draw(surf, self.rect.x, y)
        if self.fade is not None:
            edge = _fade(self.rect.width, self.ui.px(14), self.ui.c(self.fade))
            if offset > 0:
                blit(surf, self.ui, edge, self.rect.topleft)
            if offset < self.scroll.max_offset:
                flipped = _fade(self.rect.width, self.ui.px(14), self.ui.c(self.fade), up=True)
                blit(surf, self.ui, flipped, (self.rect.x, self.rect.bottom - flipped.get_height()))
        surf.set_clip(clip)
        self.scroll.draw_bar(surf, self.ui)


_FADES: dict[tuple[int, int, Colour, bool], pygame.Surface] = {}


def _fade(width: int, height: int, colour: Colour, up: bool = False) -> pygame.Surface:
    """A strip from ``colour`` to transparent (made once per size), over a column's cut edge."""
    key = (width, height, colour, up)
    found = _FADES.get(key)
    if found is None:
        found = pygame.Surface((width, height), pygame.SRCALPHA)
        for y in range(height):
            alpha = 255 * (height - y) // height
            row = height - 1 - y if up else y
            pygame.draw.line(found, (*colour, alpha), (0, row), (width, row))
        _FADES[key] = found
    return found


class TextInput:
    """A one-line text entry that takes IME input (Chinese names) and shows the composition."""

    def __init__(self, text: str = "", max_chars: int = 40) -> None:
        self.text = text
        self.composition = ""
        self.max_chars = max_chars
        self.rect = Rect(0, 0, 0, 0)
        self.blink = 0.0

    @property
    def cursor_on(self) -> bool:
        return self.blink < 0.5

    def handle(self, event: pygame.event.Event) -> bool:
        """Apply a text or editing event; True if what is shown changed."""
        if event.type == pygame.TEXTINPUT:
            room = self.max_chars - len(self.text)
            self.text += event.text[: max(0, room)]
            self.composition = ""
        elif event.type == pygame.TEXTEDITING:
            self.composition = event.text
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_BACKSPACE:
            if self.composition:
                return False  # the IME edits its own composition
            if event.mod & pygame.KMOD_CTRL:
                self.text = self.text.rstrip().rpartition(" ")[0]
            else:
                self.text = self.text[:-1]
        else:
            return False
        self.blink = 0.0
        return True

    def tick(self, dt: float) -> bool:
        """Advance the cursor blink; True when it turned on or off."""
        before = self.cursor_on
        self.blink = (self.blink + dt) % 1.0
        return before != self.cursor_on

    def until_blink(self) -> float:
        return (0.5 - self.blink) if self.blink < 0.5 else (1.0 - self.blink)

    def draw(self, surf: pygame.Surface, ui: UI, placeholder: str) -> None:
        # the field's edge is the accent, not the focus ring: typing always lands here, and
        # one focus ring (on the button Enter presses) is all a screen shows
        panel(surf, ui, self.rect, "panel_alt", "accent", width=2)
        size = ui.fs("heading")
        x = self.rect.x + ui.px(14)
        inner = self.rect.width - ui.px(28)
        if not self.text and not self.composition:
            hint = ui.text.line(placeholder, size, ui.c("faint"), max_width=inner)
            blit(surf, ui, hint, (x, self.rect.centery - hint.get_height() // 2))
            typed_w = 0
        else:
            shown = ui.text.line(self.text, size, ui.c("text")) if self.text else None
            typed_w = shown.get_width() if shown is not None else 0
            start = min(0, inner - typed_w - ui.px(40))  # keep the end in view
            clip = surf.get_clip()
            surf.set_clip(Rect(x, self.rect.y, inner, self.rect.height).clip(clip))
            if shown is not None:
                blit(surf, ui, shown, (x + start, self.rect.centery - shown.get_height() // 2))
            if self.composition:
                comp = ui.text.line(self.composition, size, ui.c("focus"))
                cx = x + start + typed_w
                blit(surf, ui, comp, (cx, self.rect.centery - comp.get_height() // 2))
                y = self.rect.centery + comp.get_height() // 2 - 2
                pygame.draw.line(surf, ui.c("focus"), (cx, y), (cx + comp.get_width(), y))
                typed_w += comp.get_width()
            surf.set_clip(clip)
            typed_w = min(typed_w, inner - ui.px(40)) if start < 0 else typed_w
        if self.cursor_on:
            cx = x + typed_w + 2
            h = ui.px(26)
            pygame.draw.line(
                surf,
                ui.c("text"),
                (cx, self.rect.centery - h // 2),
                (cx, self.rect.centery + h // 2),
                2,
            )
