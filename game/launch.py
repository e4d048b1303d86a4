"""What ``salessim`` runs first: the game's window, up at once, with the rest loaded behind it.

Loading the engine (its scenario model, the condition language, the records) takes a few
hundred milliseconds before the first screen can be drawn. A trainee who starts the game
should see its window straight away, as with any desktop program, so for the commands that
open the window this module opens it first (pygame alone, about as fast as a bare window)
and paints the game's backdrop (``game.ui.backdrop``); the App then takes over the same
window. Every other command goes straight to ``game.cli``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from game.paths import has_display


def opens_window(argv: Sequence[str]) -> bool:
    """``salessim`` alone, or ``salessim play`` without ``--text``, ``--choices`` or help."""
    if not argv:
        return True
    if argv[0] != "play":
        return False
    return not any(a in ("--text", "-h", "--help") or a.startswith("--choices") for a in argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if opens_window(args) and has_display():
        from game.ui.backdrop import paint  # pygame and the theme only: fast

        paint()
    from game.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
