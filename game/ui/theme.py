"""The game's look, read from ``assets/ui/theme.json`` so colours and sizes change without code.

The JSON file is the one place the palette lives; this module only types it and checks it,
so a typo in the file is one clear sentence at start-up instead of a crash mid-meeting.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.paths import assets_dir

Colour = tuple[int, int, int]


def mix(a: Colour, b: Colour, t: float) -> Colour:
    """``a`` moved towards ``b`` by ``t`` (0: a, 1: b): fades and hover tints."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def luminance(colour: Colour) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = colour
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: Colour, b: Colour) -> float:
    """WCAG 2 contrast ratio (1 to 21); AA asks 4.5 for body text."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


WHITE: Colour = (255, 255, 255)
INK: Colour = (11, 16, 32)


def readable_on(fill: Colour) -> Colour:
    """White or near-black, whichever reads better on ``fill`` (chips, filled buttons)."""
    return WHITE if contrast(WHITE, fill) >= contrast(INK, fill) else INK


class ThemeError(Exception):
    """The theme file is missing or malformed; the message says which key and how."""


def parse_colour(value: Any, where: str) -> Colour:
    """``"#rrggbb"`` -> (r, g, b); anything else is a ThemeError naming ``where``."""
    if not (isinstance(value, str) and len(value) == 7 and value.startswith("#")):
        raise ThemeError(f"theme: '{where}' must be a colour like \"#4b8bf5\", not {value!r}")
    try:
        return (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))
    except ValueError:
        raise ThemeError(f"theme: '{where}' is not a hex colour: {value!r}") from None


def _section(data: dict[str, Any], name: str) -> dict[str, Colour]:
    raw = data.get(name)
    if not isinstance(raw, dict):
        raise ThemeError(f"theme: '{name}' must be a map of name to colour")
    return {k: parse_colour(v, f"{name}.{k}") for k, v in raw.items()}


@dataclass(frozen=True)
class Theme:
    colours: dict[str, Colour]
    roles: dict[str, Colour]
    tiers: dict[str, Colour]
    needs: dict[str, Colour]
    sizes: dict[str, int]
    radius: int
    overlay_alpha: int
    typewriter_cps: dict[str, float]
    name: str = "default"  # which of THEMES

    def c(self, name: str) -> Colour:
        """A named colour from ``colours``."""
        return self.colours[name]

    def role(self, role: str | None) -> Colour:
        """A stakeholder role's colour (avatars, badges); unknown roles get the narrator's."""
        return self.roles.get(role or "narrator", self.roles["narrator"])

    def tier(self, tier: str | None) -> Colour:
        return self.tiers.get(tier or "none", self.tiers["none"])

    def need(self, state: str) -> Colour:
        return self.needs.get(state, self.needs["none"])

    def cps(self, lang: str) -> float:
        """Typewriter speed in characters per second for ``lang``."""
        return self.typewriter_cps.get(lang, 60.0)


REQUIRED_COLOURS = (
    "bg",
    "panel",
    "panel_alt",
    "border",
    "text",
    "muted",
    "faint",
    "accent",
    "accent_text",
    "button",
    "button_hover",
    "focus",
    "good",
    "bad",
    "warn",
    "trainee",
    "shadow",
    "overlay",
)
REQUIRED_SIZES = ("display", "title", "heading", "body", "small", "tiny")


#: The themes a trainee can pick: the default, and one of higher contrast.
THEMES = {"default": "theme.json", "high_contrast": "theme-high-contrast.json"}


def load_theme(path: Path | None = None, name: str = "default") -> Theme:
    """Read and check the theme; raises ThemeError with one sentence on any problem."""
    chosen = name if name in THEMES else "default"
    path = path or assets_dir() / "ui" / THEMES[chosen]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ThemeError(f"theme: cannot read {path} ({exc.strerror})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ThemeError(f"theme: {path} is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ThemeError(f"theme: {path} must hold a JSON object")
    colours = _section(data, "colours")
    missing = [k for k in REQUIRED_COLOURS if k not in colours]
    if missing:
        raise ThemeError(f"theme: colours missing: {', '.join(missing)}")
    roles = _section(data, "roles")
    tiers = _section(data, "tiers")
    needs = _section(data, "needs")
    for section, name, key in (
        (roles, "roles", "narrator"),
        (tiers, "tiers", "none"),
        (needs, "needs", "none"),
    ):
        if key not in section:
            raise ThemeError(f"theme: '{name}' needs a '{key}' colour")
    sizes = data.get("sizes")
    if not isinstance(sizes, dict) or any(
        not isinstance(sizes.get(k), int) or sizes[k] < 6 for k in REQUIRED_SIZES
    ):
        raise ThemeError(f"theme: 'sizes' needs whole pixel sizes for {', '.join(REQUIRED_SIZES)}")
    cps = data.get("typewriter_cps", {})
    if not isinstance(cps, dict) or not all(
        isinstance(v, int | float) and v > 0 for v in cps.values()
    ):
        raise ThemeError("theme: 'typewriter_cps' must map a language to characters per second")
    return Theme(
        colours=colours,
        roles=roles,
        tiers=tiers,
        needs=needs,
        sizes={k: int(v) for k, v in sizes.items()},
        radius=int(data.get("radius", 8)),
        overlay_alpha=int(data.get("overlay_alpha", 170)),
        typewriter_cps={k: float(v) for k, v in cps.items()},
        name=chosen,
    )
