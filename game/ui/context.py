"""What every screen is handed: the look, the text cache, the language and a way to speak up.

"Attributes down, messages up" (as in Textual): the App gives each screen this context and
the data it shows; a screen never switches screens or touches the session's lifecycle
itself, it posts a message (``game.ui.messages``) and the App acts on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from game.ui.avatar import Avatars
from game.ui.messages import Message
from game.ui.strings import t
from game.ui.text import Fonts, TextCache
from game.ui.theme import Colour, Theme

#: Window size the layout is designed at; other sizes scale spacing and type from it.
DESIGN_SIZE = (1280, 720)
MIN_SIZE = (1024, 640)


@dataclass
class UI:
    theme: Theme
    fonts: Fonts
    text: TextCache
    avatars: Avatars
    post: Callable[[Message], None]
    lang: str = "zh"
    scale: float = 1.0
    #: the trainee's own text size (Ctrl+= / Ctrl+-), on top of the window's scale
    text_scale: float = 1.0
    #: the trainee types what they would say (free-text questioning) instead of picking
    typing: bool = False
    stats: dict[str, int] = field(default_factory=lambda: {"blits": 0})

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    @property
    def colon(self) -> str:
        """The colon after a label: full-width in Chinese ("时长：…"), ": " in English."""
        return "：" if self.lang == "zh" else ": "

    def px(self, n: float) -> int:
        """A design-size length in pixels at the current window size."""
        return max(1, round(n * self.scale))

    def fs(self, name: str) -> int:
        """Font size for a theme size name (display, title, heading, body, small, tiny)."""
        return max(10, round(self.theme.sizes[name] * self.scale * self.text_scale))

    def c(self, name: str) -> Colour:
        return self.theme.c(name)

    def set_size(self, width: int, height: int) -> None:
        """Scale type and spacing with the window, within limits that keep text readable."""
        raw = min(width / DESIGN_SIZE[0], height / DESIGN_SIZE[1])
        self.scale = round(min(1.5, max(0.9, raw)), 2)
