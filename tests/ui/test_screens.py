"""Every screen builds, lays out and draws at the smallest and a large window size."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from ui_support import CAMPUS, CAMPUS_LONG, MINI, MINI_ORDER, ROOT, AppFactory

from game.ui import messages as msg
from game.ui.app import App
from game.ui.headless import play_choices, press, settle, type_text
from game.ui.screens.base import Screen

pytestmark = pytest.mark.ui

SIZES = [(1024, 640), (1600, 900)]


def assert_drawn(app: App, name: str) -> None:
    """The top screen is ``name``, draws something, and its buttons fit without overlapping."""
    screen: Screen = app.top
    assert screen.name == name
    app.draw(force=True)
    surf = pygame.display.get_surface()
    assert surf is not None
    colours = {
        surf.get_at((x, y))[:3]
        for x in range(0, surf.get_width(), 37)
        for y in range(0, surf.get_height(), 29)
    }
    assert len(colours) > 3, f"{name} looks blank"
    window = surf.get_rect()
    rects = [screen.button_rect(b) for b in screen.buttons if b not in screen.scrolled_buttons()]
    for r in rects:
        assert window.contains(r), f"{name}: a button sticks out of the window: {r}"
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert not a.colliderect(b), f"{name}: buttons overlap: {a} {b}"


LOOKS = {"default": [], "large-high-contrast": [pygame.K_EQUALS, pygame.K_EQUALS, pygame.K_h]}


@pytest.mark.parametrize("look", LOOKS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_draws(
    make_app: AppFactory, size: tuple[int, int], look: str, tmp_path: Path
) -> None:
    """Every screen, at both sizes, in the default look and with the text two steps larger
    in the high-contrast theme (set with the keys a trainee presses: Ctrl+=, Ctrl+H)."""
    app = make_app(size=size, lang="en")
    for key in LOOKS[look]:
        press(key, mod=pygame.KMOD_CTRL)
        settle(app)
    if look != "default":
        assert app.ui.text_scale == 1.3 and app.ui.theme.name == "high_contrast"
    assert_drawn(app, "title")
    press(pygame.K_RETURN)
    settle(app)
    assert_drawn(app, "name")
    type_text("Li Lei")
    press(pygame.K_RETURN)
    settle(app)
    assert_drawn(app, "picker")
    press(pygame.K_RETURN)
    settle(app)
    assert_drawn(app, "briefing")
    press(pygame.K_RETURN)
    settle(app)
    assert_drawn(app, "meeting")
    play_choices(app, CAMPUS_LONG[:5])
    assert_drawn(app, "meeting")
    press(pygame.K_ESCAPE)
    settle(app)
    assert_drawn(app, "pause")
    press(pygame.K_ESCAPE)
    settle(app)
    assert_drawn(app, "meeting")
    app.post(msg.GoTitle())
    settle(app)
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nid: Bad Id\n", encoding="utf-8")
    app.post(msg.OpenScenario(broken))
    settle(app)
    assert_drawn(app, "error")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_debrief_draws(make_app: AppFactory, size: tuple[int, int], lang: str) -> None:
    app = make_app(size=size, scenario=str(MINI), lang=lang)
    press(pygame.K_RETURN)
    settle(app)
    play_choices(app, MINI_ORDER)
    for _ in range(2):  # the buyer's last line, then the ending
        if app.top.name == "meeting":
            press(pygame.K_SPACE)
            settle(app)
    assert_drawn(app, "debrief")


def test_resizing_lays_out_again(make_app: AppFactory) -> None:
    app = make_app(scenario=str(CAMPUS), lang="zh")
    press(pygame.K_RETURN)
    settle(app)
    play_choices(app, CAMPUS_LONG[:3])
    for size in [(1024, 640), (1920, 1080), (1280, 720)]:
        pygame.display.set_mode(size, pygame.RESIZABLE)
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size))
        settle(app)
        assert app.top.size == size
        assert_drawn(app, "meeting")


def test_an_idle_screen_draws_nothing(make_app: AppFactory) -> None:
    app = make_app(scenario=str(MINI), lang="en")
    press(pygame.K_RETURN)
    settle(app)
    for _ in range(400):  # let the first line finish appearing
        app.step(dt=0.05)
    drawn, blits = app.frames_drawn, app.ui.stats["blits"]
    for _ in range(120):
        app.step(dt=1 / 60)
    assert app.frames_drawn == drawn
    assert app.ui.stats["blits"] == blits
    # a mouse move over nothing changes nothing either
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=(3, 3), rel=(0, 0), buttons=(0, 0, 0))
    )
    settle(app)
    assert app.frames_drawn == drawn


def test_text_renders_are_cached(make_app: AppFactory) -> None:
    app = make_app(scenario=str(CAMPUS), lang="zh")
    press(pygame.K_RETURN)
    settle(app)
    for _ in range(400):
        app.step(dt=0.05)
    renders = app.ui.text.renders
    for _ in range(20):
        app.draw(force=True)
    assert app.ui.text.renders == renders, "redrawing an unchanged screen rendered text again"


def test_debrief_cards_lead_with_every_taboo() -> None:
    """A session that broke a taboo: the window's cards are one per turn, each with every
    rule that turn cost; the turns with a taboo lead, then the rest, most costly first."""
    import re

    from game.engine import Session, load_scenario
    from game.engine.session import replay
    from game.scoring import score_record
    from game.scoring.debrief import card_groups, is_taboo, overall_cost

    play = ROOT / "scenarios" / "plans" / "campus-rookie-long-pitch.play"
    choices = [int(n) for n in re.findall(r"^choose (\d+)", play.read_text(), re.M)]
    session = Session(load_scenario(CAMPUS), language="zh")
    replay(session, choices)
    report = score_record(session.record())
    cards = card_groups(report)
    turns = [g[0].turn for g in cards if g[0].turn is not None]
    assert len(turns) == len(set(turns)), "a turn is split over several cards"
    assert sum(map(len, cards)) == len(report.moments)
    with_taboo = [any(map(is_taboo, g)) for g in cards]
    assert with_taboo[0] and with_taboo == sorted(with_taboo, reverse=True)
    rest = [g for g in cards if not any(map(is_taboo, g))]
    costs = [sum(overall_cost(report, m) for m in g) for g in rest]
    assert costs == sorted(costs, reverse=True)


def test_new_notes_are_marked_and_scrolled_into_view(make_app: AppFactory) -> None:
    """A pain raised or a fact learned at a step is highlighted in the notes and scrolled
    into view (not left as a faded sliver under the fold), until the next step."""
    from game.ui.headless import play_choices
    from game.ui.screens.meeting import MeetingScreen, notes_state

    app = make_app(scenario=str(CAMPUS), lang="en", size=(1024, 640))
    press(pygame.K_RETURN)
    settle(app)
    screen = app.top
    assert isinstance(screen, MeetingScreen)
    marked = 0
    for number in (3, 3, 3, 1):  # the textbook's opening questions
        play_choices(app, [number])
        settle(app, 4)
        notes = screen.notes
        assert notes is not None and screen.noted is not None
        now = notes_state(screen.view)
        new = {k for k, v in now.items() if screen.noted.get(k) != v}
        fresh = [
            (top, h)
            for top, h, draw in notes.rows
            if getattr(draw, "keywords", {}).get("fresh")  # the rows drawn highlighted
        ]
        assert len(fresh) == len(new)
        if fresh:
            marked += 1
            top, height = fresh[0]
            offset = notes.scroll.offset
            assert offset <= top and top + height <= offset + notes.rect.height
    assert marked >= 2


def test_a_blocked_decision_point_says_why_in_the_conversation(make_app: AppFactory) -> None:
    import re

    from game.ui.headless import play_choices
    from game.ui.screens.meeting import MeetingScreen

    play = ROOT / "scenarios" / "plans" / "campus-jump-fails-no-trust.play"
    choices = [int(n) for n in re.findall(r"^choose (\d+)", play.read_text(), re.M)]
    app = make_app(scenario=str(CAMPUS), lang="zh")
    press(pygame.K_RETURN)
    settle(app)
    screen = app.top
    assert isinstance(screen, MeetingScreen)
    play_choices(app, choices[:-1])
    said = [s for s in screen.history if s.who == "客户还需要"]
    assert said and "客户对你的信任还不够" in said[0].text
    assert_drawn(app, "meeting")


def test_every_briefing_section_is_reachable_by_keyboard(make_app: AppFactory) -> None:
    """Page Down reads the briefing's left column to its end and then "What you know" on the
    right; Page Up goes back. No part of the briefing needs the mouse."""
    app = make_app(scenario=str(CAMPUS), lang="en", size=(1024, 640))
    screen = app.top
    assert screen.name == "briefing"
    cols = [screen.left_col, screen.right_col]  # type: ignore[attr-defined]
    assert any(c.scroll.max_offset > 0 for c in cols)
    for _ in range(20):
        press(pygame.K_PAGEDOWN)
        settle(app)
    assert all(c.scroll.offset == c.scroll.max_offset for c in cols)
    for _ in range(20):
        press(pygame.K_PAGEUP)
        settle(app)
    assert all(c.scroll.offset == 0 for c in cols)


def test_a_line_appearing_updates_only_its_panel(make_app: AppFactory) -> None:
    """While the line appears letter by letter only its panel goes to the display; a key
    that changes the screen sends the whole window."""
    from game.ui.screens.meeting import MeetingScreen

    app = make_app(scenario=str(CAMPUS), lang="zh")
    press(pygame.K_RETURN)
    settle(app)
    screen = app.top
    assert isinstance(screen, MeetingScreen)
    app.step(dt=1 / 60)  # the pending layout of the first frame
    assert screen.revealing
    screen.update(1 / 60)
    assert screen.dirty and screen.damage() == [screen.line_rect]
    app.draw()
    assert not screen.dirty and screen.damage() is None
    press(pygame.K_TAB)  # focus moves: a whole-window change
    app.step(dt=1 / 60)
    screen.update(1 / 60)
    screen.dirty = True
    assert screen.damage() is None
