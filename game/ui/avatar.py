"""Stakeholder pictures: the scenario's portrait if it has one, else a generated avatar.

Most scenarios ship no portraits, so each person gets a disc in their role's colour with
their initials (the surname character for Chinese names). A portrait that is missing,
outside the scenario's folder or not an image falls back to the same avatar: a picture
never stops a meeting. Every picture is made once per size and cached.
"""

from __future__ import annotations

import re
from pathlib import Path

import pygame

from game.engine.portrait import portrait_problem
from game.ui.text import TextCache
from game.ui.theme import Theme, mix

_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam"})
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def initials(name: str) -> str:
    """'王建国' -> '王'; 'Ms Lee' -> 'L'; 'Anna Maria Smith' -> 'AS'; '' -> '?'."""
    name = name.strip()
    if not name:
        return "?"
    if _CJK.match(name):
        return name[0]
    words = [w for w in re.split(r"[\s.]+", name) if w and w.lower() not in _HONORIFICS]
    if not words:
        words = name.split()
    letters = [w[0].upper() for w in words]
    return letters[0] if len(letters) == 1 else letters[0] + letters[-1]


def portrait_path(scenario_path: str, portrait: str | None) -> Path | None:
    """The portrait file, only if it is an image the game may open now: inside the scenario's
    folder, a regular file, within the pixel budget (asked again here, because the file may
    have changed since validation). Otherwise None: the generated avatar is shown."""
    if not portrait:
        return None
    folder = Path(scenario_path).parent
    if portrait_problem(folder, portrait) is not None:
        return None
    try:
        return (folder / portrait).resolve()
    except (OSError, RuntimeError, ValueError):
        return None


class Avatars:
    """Portraits and generated avatars by (person, size), made once."""

    def __init__(self, theme: Theme, text: TextCache) -> None:
        self.theme = theme
        self.text = text
        self._cache: dict[tuple[str, str, str, int], pygame.Surface] = {}
        self.failed: list[str] = []  # portraits that could not be shown, for diagnostics

    def get(
        self, name: str, role: str | None, size: int, portrait: Path | None = None
    ) -> pygame.Surface:
        key = (name, role or "", str(portrait or ""), size)
        found = self._cache.get(key)
        if found is None:
            found = self._portrait(portrait, size) if portrait else None
            if found is None:
                found = self._generated(name, role, size)
            self._cache[key] = found
        return found

    def _portrait(self, path: Path, size: int) -> pygame.Surface | None:
        try:
            image = pygame.image.load(str(path))
        except (pygame.error, OSError, ValueError):
            self.failed.append(str(path))
            return None
        w, h = image.get_size()
        if w == 0 or h == 0:
            self.failed.append(str(path))
            return None
        side = min(w, h)  # centre square crop, then scale
        square = image.subsurface(((w - side) // 2, (h - side) // 2, side, side))
        scaled = pygame.transform.smoothscale(square.convert_alpha(), (size, size))
        mask = pygame.Surface((size, size), pygame.SRCALPHA)
        pygame.draw.circle(mask, (255, 255, 255, 255), (size // 2, size // 2), size // 2)
        scaled.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
        return scaled

    def _generated(self, name: str, role: str | None, size: int) -> pygame.Surface:
        surface = pygame.Surface((size, size), pygame.SRCALPHA)
        colour = self.theme.role(role)
        pygame.draw.circle(surface, colour, (size // 2, size // 2), size // 2)
        ring = mix(colour, (255, 255, 255), 0.25)
        pygame.draw.circle(surface, ring, (size // 2, size // 2), size // 2, max(1, size // 24))
        letters = initials(name)
        text_size = int(size * (0.46 if len(letters) == 1 else 0.38))
        label = self.text.line(letters, text_size, (255, 255, 255), bold=True)
        surface.blit(label, label.get_rect(center=(size // 2, size // 2 - size // 40)))
        if pygame.display.get_surface() is not None:
            surface = surface.convert_alpha()
        return surface
