"""Readable text in both themes (WCAG 2 AA: 4.5:1 for body text): every colour used for
text on every panel it is drawn on, and the text the game puts on filled chips and buttons."""

from __future__ import annotations

import pytest

from game.ui.theme import THEMES, contrast, load_theme, readable_on

AA = 4.5
TEXT = ("text", "muted", "faint", "accent", "good", "bad", "warn", "focus")
PANELS = ("bg", "panel", "panel_alt")


@pytest.mark.parametrize("name", THEMES)
def test_text_colours_read_on_every_panel(name: str) -> None:
    theme = load_theme(name=name)
    low = [
        (fg, bg, round(contrast(theme.c(fg), theme.c(bg)), 2))
        for fg in TEXT
        for bg in PANELS
        if contrast(theme.c(fg), theme.c(bg)) < AA
    ]
    # names in the conversation take their role's colour, scores their tier's
    for group, colours in (("roles", theme.roles), ("tiers", theme.tiers)):
        for key, colour in colours.items():
            for bg in PANELS:
                if contrast(colour, theme.c(bg)) < AA:
                    low.append((f"{group}.{key}", bg, round(contrast(colour, theme.c(bg)), 2)))
    assert not low, f"text below {AA}:1 in the {name} theme: {low}"
    assert contrast(theme.c("text"), theme.c("button")) >= AA  # choices
    assert contrast(theme.c("accent_text"), theme.c("accent")) >= AA  # primary buttons


@pytest.mark.parametrize("name", THEMES)
def test_chips_pick_readable_text(name: str) -> None:
    theme = load_theme(name=name)
    fills = [*theme.roles.values(), *theme.needs.values(), *theme.tiers.values()]
    fills += [theme.c(k) for k in ("accent", "good", "bad", "warn", "border")]
    for fill in fills:
        assert contrast(readable_on(fill), fill) >= AA, fill
