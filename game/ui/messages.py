"""Messages screens post up to the App: the only way a screen asks for a change of screen.

Screens say what the trainee asked for; the App decides what that means (which screen
comes next, what happens to the session and its record). Each message is a small frozen
dataclass so tests can read the queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Message:
    """Base of every message."""


@dataclass(frozen=True)
class SetLanguage(Message):
    lang: str


@dataclass(frozen=True)
class GoTitle(Message):
    """Back to the title screen (ends a running session; its record is kept)."""


@dataclass(frozen=True)
class GoName(Message):
    pass


@dataclass(frozen=True)
class NameEntered(Message):
    name: str


@dataclass(frozen=True)
class GoProgress(Message):
    """The remembered trainee's progress, from the records store."""


@dataclass(frozen=True)
class GoPicker(Message):
    pass


@dataclass(frozen=True)
class OpenScenario(Message):
    path: Path


@dataclass(frozen=True)
class StartMeeting(Message):
    pass


@dataclass(frozen=True)
class Pause(Message):
    pass


@dataclass(frozen=True)
class Resume(Message):
    pass


@dataclass(frozen=True)
class Restart(Message):
    """Play the same scenario again from the start (the previous record is kept)."""


@dataclass(frozen=True)
class ShowDebrief(Message):
    pass


@dataclass(frozen=True)
class Reload(Message):
    """F5: read the scenario file again and restart; show diagnostics if it broke.
    Shift+F5 in a meeting (``at_meeting``): restart at the start of the current meeting."""

    at_meeting: bool = False


@dataclass(frozen=True)
class CloseOverlay(Message):
    pass


@dataclass(frozen=True)
class QuitApp(Message):
    pass


@dataclass(frozen=True)
class StepTextSize(Message):
    """Ctrl+= / Ctrl+- (``step`` +1 / -1), Ctrl+0 (``step`` 0: back to normal)."""

    step: int


@dataclass(frozen=True)
class ToggleTyping(Message):
    """Switch how the trainee answers: pick a line, or type what they would say."""


@dataclass(frozen=True)
class ToggleContrast(Message):
    """Switch between the default and the high-contrast theme."""
