"""Text, fonts, avatars and settings: Chinese renders (never tofu), wraps, and is cached."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest
import yaml
from ui_support import CAMPUS, ROOT

from game.engine.text import NO_LINE_END, NO_LINE_START
from game.ui.avatar import Avatars, initials, portrait_path
from game.ui.strings import TEXTS
from game.ui.text import Fonts, TextCache, wrap
from game.ui.theme import ThemeError, load_theme

pytestmark = pytest.mark.ui


@pytest.fixture(scope="module")
def fonts() -> Iterator[Fonts]:
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((64, 64))
    yield Fonts()
    pygame.display.quit()


def _pixels(surface: pygame.Surface) -> bytes:
    return pygame.image.tobytes(surface, "RGBA")


def _strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def test_chinese_text_surfaces_are_not_empty(fonts: Fonts) -> None:
    cache = TextCache(fonts)
    for text in ("大客户销售模拟训练", "决策点未通过：分析问题", "明确需求"):
        surface = cache.line(text, 18, (255, 255, 255))
        assert surface.get_width() > 18 * len(text) // 2
        assert surface.get_bounding_rect().width > 0, f"{text!r} rendered nothing"


def test_no_character_in_the_game_or_the_default_scenario_is_a_tofu_box(fonts: Fonts) -> None:
    """Every character the trainee can see exists in the shipped font (none falls back to
    the 'missing glyph' box): all UI words, and every text of the default scenario."""
    font = fonts.font(20)
    tofu = _pixels(font.render("\ue000", True, (255, 255, 255)))  # a private-use character
    seen: set[str] = set()
    texts = [s for entry in TEXTS.values() for s in entry.values()]
    texts += list(_strings(yaml.safe_load(CAMPUS.read_text(encoding="utf-8"))))
    missing = []
    for text in texts:
        for ch in text:
            if ch in seen or ch.isspace():
                continue
            seen.add(ch)
            if _pixels(font.render(ch, True, (255, 255, 255))) == tofu:
                missing.append(ch)
    assert missing == [], f"characters the font lacks: {''.join(missing)}"
    assert len(seen) > 500


def test_wrapping_respects_width_and_chinese_line_breaking(fonts: Fonts) -> None:
    text = "我们想先了解一下贵校目前的安防系统情况，可以吗？出了事调录像慢、查不清，业主投诉不断。"
    for width in (120, 200, 333):
        lines = wrap(text, fonts, 18, width)
        assert "".join(lines) == text
        font = fonts.font(18)
        assert all(font.size(line)[0] <= width + 2 for line in lines[:-1])
        assert not any(line and line[0] in NO_LINE_START for line in lines[1:])
    brackets = "把握报价时机：每一次让步都要换回条件（give-get），不要让太多。" * 3
    for width in range(120, 400, 7):
        lines = wrap(brackets, fonts, 18, width)
        assert "".join(lines) == brackets
        assert not any(line[-1:] in NO_LINE_END for line in lines[:-1])
    english = "Sorry to keep you waiting. So after all that, what would you actually do?"
    lines = wrap(english, fonts, 18, 200)
    assert " ".join(lines) == english  # breaks fall between words


def test_rendered_text_is_cached(fonts: Fonts) -> None:
    cache = TextCache(fonts, capacity=2)
    a = cache.block("甲乙丙", 18, (1, 2, 3), 100)
    assert cache.block("甲乙丙", 18, (1, 2, 3), 100) is a
    assert cache.renders == 1 and cache.hits == 1
    cache.block("x", 18, (1, 2, 3))
    cache.block("y", 18, (1, 2, 3))
    assert len(cache) == 2  # least recently used dropped


def test_reveal_shows_only_the_first_characters(fonts: Fonts) -> None:
    cache = TextCache(fonts)
    block = cache.block("第一行文字很长很长很长很长很长很长", 18, (255, 255, 255), 80)
    assert len(block.lines) > 1
    dest = pygame.Surface(block.size, pygame.SRCALPHA)
    block.blit_reveal(dest, (0, 0), 2)
    shown = dest.get_bounding_rect()
    assert 0 < shown.width < block.size[0]
    assert shown.bottom <= block.line_height


def test_initials() -> None:
    assert initials("王建国") == "王"
    assert initials("Ms Lee") == "L"
    assert initials("Anna Maria Smith") == "AS"
    assert initials("  ") == "?"


def test_a_missing_or_broken_portrait_falls_back_to_an_avatar(fonts: Fonts, tmp_path: Path) -> None:
    theme = load_theme()
    avatars = Avatars(theme, TextCache(fonts))
    broken = tmp_path / "face.png"
    broken.write_text("not an image", encoding="utf-8")
    for portrait in (tmp_path / "missing.png", broken):
        face = avatars.get("张经理", "user", 64, portrait)
        assert face.get_size() == (64, 64)
        assert face.get_at((32, 32))[:3] != (0, 0, 0)
    good = tmp_path / "good.png"
    image = pygame.Surface((40, 30))
    image.fill((200, 10, 10))
    pygame.image.save(image, str(good))
    assert avatars.get("Li", "coach", 48, good).get_at((24, 24))[:3] == (200, 10, 10)
    scenario = tmp_path / "s.yaml"
    assert portrait_path(str(scenario), "../outside.png") is None
    assert portrait_path(str(scenario), "good.png") == good.resolve()


def test_theme_problems_are_one_sentence(tmp_path: Path) -> None:
    bad = tmp_path / "theme.json"
    data = json.loads((ROOT / "assets" / "ui" / "theme.json").read_text(encoding="utf-8"))
    data["colours"]["bg"] = "blue"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ThemeError, match=r"colours\.bg"):
        load_theme(bad)
    with pytest.raises(ThemeError, match="cannot read"):
        load_theme(tmp_path / "none.json")
