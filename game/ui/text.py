"""Fonts and rendered text, cached: the game never renders the same words twice.

Rendering a line of Chinese costs far more than blitting it (40 lines re-rendered a frame
take 15-20 ms; blitting the cached surfaces takes well under 1 ms), so every text surface
comes from ``TextCache``, keyed by (text, size, bold, colour, wrap width). Wrapping is our
own so that a line can be revealed character by character (the typewriter) on one cached
render, and so Chinese wraps between any two characters while English wraps between words,
with closing punctuation never starting a line.

One font family everywhere: the single-face Noto Sans SC (its Latin glyphs are fine too).
The Noto CJK ``.ttc`` collections open their Japanese face first, so they are never used.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pygame
import pygame.freetype

from game.engine.text import break_lines
from game.paths import assets_dir

Colour = tuple[int, int, int]

REGULAR = "NotoSansSC-Regular.otf"
BOLD = "NotoSansSC-Bold.otf"

ELLIPSIS = "…"


class FontError(Exception):
    """The shipped font is missing: without it Chinese would show as boxes, so say so."""


class SizedFont:
    """One face at one pixel size, with the part of ``pygame.font.Font``'s interface the game
    uses (``size``, ``get_linesize``, ``render``).

    All sizes share one FreeType face per weight: opening the 8 MB CJK font costs ~12 ms,
    once per weight instead of once per size (a screen uses eight or more sizes, and a
    larger text size opens them all again). Widths are the sum of the glyphs' advances, as
    ``pygame.font`` measures them, so wrapping is unchanged.
    """

    __slots__ = ("_widths", "ascent", "face", "height", "px")

    def __init__(self, face: pygame.freetype.Font, px: int) -> None:
        self.face = face
        self.px = px
        self.ascent = round(face.get_sized_ascender(px))
        self.height = round(face.get_sized_height(px)) + 1
        #: measured widths: a redraw measures the same labels again (fitting, centring)
        self._widths: dict[str, int] = {}

    def get_linesize(self) -> int:
        return self.height

    def get_height(self) -> int:
        return self.height

    def size(self, text: str) -> tuple[int, int]:
        width = self._widths.get(text)
        if width is None:
            metrics = self.face.get_metrics(text, size=self.px) if text else []
            width = round(sum(m[4] for m in metrics if m is not None))
            if len(self._widths) >= 8192:
                self._widths.clear()
            self._widths[text] = width
        return width, self.height

    def render(self, text: str, antialias: bool, colour: Colour) -> pygame.Surface:
        width = self.size(text)[0]
        ink = self.face.get_rect(text, size=self.px)
        surface = pygame.Surface((max(1, width, ink.right), self.height), pygame.SRCALPHA)
        if text.strip():
            self.face.antialiased = antialias
            self.face.render_to(surface, (0, self.ascent), text, colour, size=self.px)
        return surface


class Fonts:
    """The game's fonts by pixel size, regular or bold: one face per weight, opened once."""

    def __init__(self, folder: Path | None = None) -> None:
        folder = folder or assets_dir() / "fonts"
        self.paths = {False: folder / REGULAR, True: folder / BOLD}
        for path in self.paths.values():
            if not path.is_file():
                raise FontError(f"font missing: {path} (the game needs it to show Chinese)")
        if not pygame.freetype.get_init():
            pygame.freetype.init()
        self._faces: dict[bool, pygame.freetype.Font] = {}
        self._fonts: dict[tuple[int, bool], SizedFont] = {}
        self._widths: dict[tuple[int, bool, str], int] = {}

    def _face(self, bold: bool) -> pygame.freetype.Font:
        face = self._faces.get(bold)
        if face is None:
            face = pygame.freetype.Font(self.paths[bold])
            face.origin = True  # render_to's position is the baseline's start
            face.pad = False
            face.kerning = False  # as pygame.font measures: advances only
            self._faces[bold] = face
        return face

    def font(self, size: int, bold: bool = False) -> SizedFont:
        key = (size, bold)
        found = self._fonts.get(key)
        if found is None:
            found = SizedFont(self._face(bold), size)
            self._fonts[key] = found
        return found

    def width(self, token: str, size: int, bold: bool = False) -> int:
        """Width of a word or character, cached: wrapping sums these instead of re-measuring."""
        key = (size, bold, token)
        found = self._widths.get(key)
        if found is None:
            found = self.font(size, bold).size(token)[0]
            self._widths[key] = found
        return found


def wrap(text: str, fonts: Fonts, size: int, width: int, bold: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` pixels (newlines are kept)."""
    return break_lines(text, width, lambda token: fonts.width(token, size, bold))


@dataclass(frozen=True)
class TextBlock:
    """Wrapped text rendered once; ``blit_reveal`` shows its first n characters."""

    surface: pygame.Surface
    lines: tuple[str, ...]
    line_height: int
    font: SizedFont

    @property
    def size(self) -> tuple[int, int]:
        return self.surface.get_size()

    @property
    def height(self) -> int:
        return self.surface.get_height()

    @property
    def chars(self) -> int:
        return sum(len(line) for line in self.lines)

    def blit_reveal(self, dest: pygame.Surface, pos: tuple[int, int], shown: int) -> None:
        """Blit whole lines, then the part of the next line holding the last shown character.

        Clipping the cached surface costs one ``Font.size`` call a frame, never a render.
        """
        x, y = pos
        left = shown
        for i, line in enumerate(self.lines):
            top = i * self.line_height
            if left >= len(line):
                dest.blit(
                    self.surface, (x, y + top), (0, top, self.surface.get_width(), self.line_height)
                )
                left -= len(line)
                continue
            if left > 0:
                w = self.font.size(line[:left])[0]
                dest.blit(self.surface, (x, y + top), (0, top, w, self.line_height))
            return


class TextCache:
    """Every text surface the game shows, least recently used dropped past ``capacity``."""

    def __init__(self, fonts: Fonts, capacity: int = 4096) -> None:
        self.fonts = fonts
        self.capacity = capacity
        self._blocks: OrderedDict[tuple[object, ...], TextBlock] = OrderedDict()
        self.hits = 0
        self.renders = 0

    def block(
        self,
        text: str,
        size: int,
        colour: Colour,
        width: int | None = None,
        bold: bool = False,
        align: str = "left",
    ) -> TextBlock:
        """``text`` wrapped to ``width`` (None: no wrapping) and rendered, from the cache.

        ``align`` "center" centres each line within the block (stage names in the tracker).
        """
        key = (text, size, bold, colour, width, align)
        found = self._blocks.get(key)
        if found is not None:
            self.hits += 1
            self._blocks.move_to_end(key)
            return found
        self.renders += 1
        found = self._render(text, size, colour, width, bold, align)
        self._blocks[key] = found
        if len(self._blocks) > self.capacity:
            self._blocks.popitem(last=False)
        return found

    def line(
        self,
        text: str,
        size: int,
        colour: Colour,
        bold: bool = False,
        max_width: int | None = None,
    ) -> pygame.Surface:
        """One line, shortened with an ellipsis if it would be wider than ``max_width``."""
        if max_width is not None:
            text = self.fit(text, size, max_width, bold)
        return self.block(text.replace("\n", " "), size, colour, None, bold).surface

    def fit(self, text: str, size: int, max_width: int, bold: bool = False) -> str:
        """``text`` cut (with an ellipsis) to fit ``max_width`` pixels on one line."""
        font = self.fonts.font(size, bold)
        if font.size(text)[0] <= max_width:
            return text
        lo, hi = 0, len(text)
        while lo < hi:  # the longest prefix that fits with the ellipsis
            mid = (lo + hi + 1) // 2
            if font.size(text[:mid].rstrip() + ELLIPSIS)[0] <= max_width:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + ELLIPSIS

    def clear(self) -> None:
        self._blocks.clear()

    def __len__(self) -> int:
        return len(self._blocks)

    def _render(
        self, text: str, size: int, colour: Colour, width: int | None, bold: bool, align: str
    ) -> TextBlock:
        font = self.fonts.font(size, bold)
        line_height = font.get_linesize()
        lines = text.split("\n") if width is None else wrap(text, self.fonts, size, width, bold)
        rendered = [font.render(line, True, colour) if line else None for line in lines]
        w = max((s.get_width() for s in rendered if s is not None), default=1)
        surface = pygame.Surface((max(1, w), max(1, line_height * len(lines))), pygame.SRCALPHA)
        for i, s in enumerate(rendered):
            if s is not None:
                x = (w - s.get_width()) // 2 if align == "center" else 0
                surface.blit(s, (x, i * line_height))
        if pygame.display.get_surface() is not None:
            surface = surface.convert_alpha()
        return TextBlock(surface, tuple(lines), line_height, font)
