"""The game's window, opened and painted before the rest of the game loads.

``game.launch`` calls ``paint`` first thing for the commands that open the window, so the
trainee sees the game at once (pygame alone loads about as fast as a bare window); the App
then takes over the same window. It needs only pygame, the settings and the theme.
"""

from __future__ import annotations

import os


def paint() -> None:
    """Open the window and paint the background and the buying-cycle emblem of the title
    screen, in the trainee's theme; any failure is left for the App to report."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    try:
        import pygame

        from game.ui.settings import load_settings
        from game.ui.theme import load_theme

        theme = load_theme(name=load_settings().theme)
        pygame.display.init()
        surf = pygame.display.set_mode((1280, 720), pygame.RESIZABLE)  # the design size
        pygame.display.set_caption("salessim")
        w, h = surf.get_size()
        surf.fill(theme.c("bg"))
        for i in range(6):  # as the title screen draws it
            colour = theme.c("accent") if i < 3 else theme.c("border")
            x = w // 2 + (i - 3) * 56 + 8
            pygame.draw.rect(surf, colour, (x, int(h * 0.14), 40, 8), border_radius=4)
        pygame.display.flip()
    except Exception:  # the App opens the window itself and says what went wrong
        return
