"""The Screen base class: one class per screen (as arcade's View), with focus built in.

A screen lays itself out for a window size, handles events, advances its animations and
draws. It keeps ``dirty`` true while something it shows has changed; the App draws only
then, so an idle screen costs nothing. Keyboard focus is shared by all screens: Tab, the
arrow keys and Enter move between and press ``buttons``, while the mouse hovers and clicks
them; each works alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import pygame

from game.ui import messages as msg
from game.ui.context import UI
from game.ui.widgets import Button, Scroll

Rect = pygame.Rect

NEXT_KEYS = (pygame.K_TAB, pygame.K_DOWN, pygame.K_RIGHT)
PREV_KEYS = (pygame.K_UP, pygame.K_LEFT)
PRESS_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER)


class Screen:
    """Base of every screen. Subclasses override ``layout``, ``draw`` and maybe ``on_key``."""

    #: Drawn over the screen below it (pause menu, error overlay) instead of replacing it.
    overlay: ClassVar[bool] = False
    name: ClassVar[str] = "screen"

    def __init__(self, ui: UI) -> None:
        self.ui = ui
        self.buttons: list[Button] = []
        self.focus: int | None = None
        self.hover: Button | None = None
        self._dirty = True
        self._whole = True  # the next draw changes the whole window (else only ``_areas``)
        self._areas: list[Rect] = []
        self.size = (0, 0)
        #: Buttons inside this scroll area move with it; focus scrolls them into view.
        self.button_scroll: Scroll | None = None

    # -- what changed -----------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """Something shown has changed: the App draws the screen on its next frame."""
        return self._dirty

    @dirty.setter
    def dirty(self, value: bool) -> None:
        """True: the whole window may have changed; False: drawn, nothing pending."""
        self._dirty = value
        self._whole = value
        if not value:
            self._areas = []

    def touch(self, rect: Rect) -> None:
        """Only ``rect`` changed (a line appearing letter by letter): the App redraws the
        screen but sends just that part of the window to the display."""
        if not self._dirty:
            self._whole = False
        self._dirty = True
        self._areas.append(Rect(rect))

    def damage(self) -> list[Rect] | None:
        """The parts of the window the last changes touched; None: all of it."""
        return None if self._whole or not self._areas else list(self._areas)

    # -- layout ---------------------------------------------------------------------------

    def resize(self, width: int, height: int) -> None:
        """Lay out for a new window size (or a new language); keeps focus on the same button."""
        key = self.focused.key if self.focused is not None else None
        self.size = (width, height)
        self.layout()
        if key is not None:
            for i, b in enumerate(self.buttons):
                if b.key == key:
                    self.focus = i
        if self.focus is not None and self.focus >= len(self.buttons):
            self.focus = len(self.buttons) - 1 if self.buttons else None
        self.hover = None
        self.dirty = True

    def layout(self) -> None:
        """Compute rects and (re)build ``buttons`` for ``self.size``."""

    def on_enter(self) -> None:
        """Called when the screen becomes the top one."""

    def on_leave(self) -> None:
        """Called when the screen stops being the top one (replaced or covered)."""

    # -- input ----------------------------------------------------------------------------

    @property
    def focused(self) -> Button | None:
        if self.focus is None or not 0 <= self.focus < len(self.buttons):
            return None
        return self.buttons[self.focus]

    def button_rect(self, button: Button) -> Rect:
        """Where a button is on screen now (buttons in a scroll area move with it)."""
        scroll = self.button_scroll
        if scroll is not None and button in self.scrolled_buttons():
            return button.rect.move(0, -scroll.offset)
        return button.rect

    def scrolled_buttons(self) -> list[Button]:
        """Buttons that live inside ``button_scroll`` (default: none)."""
        return []

    def button_at(self, pos: tuple[int, int]) -> Button | None:
        scrolled = self.scrolled_buttons()
        scroll = self.button_scroll
        for b in self.buttons:
            rect = self.button_rect(b)
            if b in scrolled and scroll is not None and not scroll.rect.collidepoint(pos):
                continue
            if rect.collidepoint(pos):
                return b
        return None

    def move_focus(self, step: int) -> None:
        if not self.buttons:
            return
        if self.focus is None:
            self.focus = 0 if step > 0 else len(self.buttons) - 1
        else:
            self.focus = (self.focus + step) % len(self.buttons)
        self.reveal_focus()
        self.dirty = True

    def reveal_focus(self) -> None:
        b = self.focused
        scroll = self.button_scroll
        if b is not None and scroll is not None and b in self.scrolled_buttons():
            top = b.rect.y - scroll.rect.y
            scroll.show(top - 4, top + b.rect.height + 4)

    def press(self, button: Button) -> None:
        if button in self.buttons:
            self.focus = self.buttons.index(button)
        self.dirty = True
        button.action()

    def handle(self, event: pygame.event.Event) -> None:
        """Route one event: the screen's own keys first, then focus, mouse and scrolling."""
        if event.type == pygame.KEYDOWN:
            if self.on_key(event):
                return
            if event.key in NEXT_KEYS:
                back = event.key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT
                self.move_focus(-1 if back else 1)
            elif event.key in PREV_KEYS:
                self.move_focus(-1)
            elif event.key in PRESS_KEYS and self.focused is not None:
                self.press(self.focused)
            elif event.key == pygame.K_ESCAPE:
                self.on_escape()
        elif event.type == pygame.MOUSEMOTION:
            over = self.button_at(event.pos)
            if over is not self.hover:
                self.hover = over
                self.dirty = True
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            over = self.button_at(event.pos)
            if over is not None:
                self.press(over)
            else:
                self.on_click(event.pos)
        elif event.type == pygame.MOUSEWHEEL:
            self.on_wheel(event)
        else:
            self.on_other(event)

    def on_key(self, event: pygame.event.Event) -> bool:
        """The screen's own keys; return True if the key was used."""
        return False

    def on_escape(self) -> None:
        """Esc when the screen did not use it: go back to the title by default."""
        self.ui.post(msg.GoTitle())

    def on_click(self, pos: tuple[int, int]) -> None:
        """A click that hit no button."""

    def on_wheel(self, event: pygame.event.Event) -> None:
        """Mouse wheel: scroll whichever scroll area is under the pointer."""

    def on_other(self, event: pygame.event.Event) -> None:
        """Any other event (text input, ...)."""

    # -- time and drawing -----------------------------------------------------------------

    def update(self, dt: float) -> None:
        """Advance animations by ``dt`` seconds; set ``dirty`` if the picture changed."""

    @property
    def animating(self) -> bool:
        """True while the screen changes every frame (typewriter, tracker effects)."""
        return False

    def wake_in(self) -> float | None:
        """Seconds until the screen changes by itself (cursor blink); None: never."""
        return None

    def draw(self, surf: pygame.Surface) -> None:
        """Draw the whole screen from cached surfaces."""

    def draw_buttons(self, surf: pygame.Surface, buttons: Sequence[Button] | None = None) -> None:
        scrolled = self.scrolled_buttons()
        scroll = self.button_scroll
        for b in self.buttons if buttons is None else buttons:
            dy = scroll.offset if scroll is not None and b in scrolled else 0
            b.draw(surf, self.ui, focused=b is self.focused, hovered=b is self.hover, dy=dy)
