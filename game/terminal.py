"""Terminal play (``salessim play --text``): the same Session as the game, in plain text.

Answers come from the keyboard or, with ``--choices 2,1,3``, from a list, so a path can be
replayed without anyone typing. With ``--type`` the trainee types what they would say and the
free-text matcher maps it to a choice (``ask_typed``); ``--choices`` then lists typed lines
and the numbers of confirm lists, separated by ``|``. A scripted answer that does not fit
(out of range, not a number, the list running out) is a usage error: one line, exit 2. End
of input or Ctrl-C ends the session cleanly; the record keeps every turn taken.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from typing import TextIO

from game.engine.labels import NEEDS, ROLES, UI, label, stage_name
from game.engine.scenario import Scenario
from game.engine.session import Line, Session, Status, View, drive
from game.engine.text import printable, wrap_columns
from game.freetext import Matcher
from game.freetext.turn import TypedTurn
from game.record import Gate, LoopBack, MeetingStarted, SessionStarted, TypedLine, pick_text
from game.scoring.debrief import trail_lines
from game.scoring.debrief import w as debrief_word

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class ScriptError(Exception):
    """A scripted answer that cannot be used; the message is the one line to print."""


def terminal_width() -> int | None:
    """The columns to wrap to: ``$COLUMNS``, else the terminal's width; None when output
    goes to a file or a pipe (left unwrapped for whatever reads it)."""
    given = os.environ.get("COLUMNS", "")
    if given.isdigit() and int(given) > 0:
        return max(int(given), 20)
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def fit(text: str) -> list[str]:
    """``text`` as printable lines, wrapped to the terminal (words whole, Chinese broken
    between characters, never before closing punctuation)."""
    width = terminal_width()
    lines = [printable(line) for line in text.split("\n")]
    if width is None:
        return lines
    return [part for line in lines for part in wrap_columns(line, width)]


def clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"


class TerminalPlay:
    """Prints the meeting and asks for choices; ``answers`` scripts them (``--choices``)."""

    def __init__(
        self,
        session: Session,
        out: TextIO,
        answers: list[str] | None = None,
        read: Callable[[str], str] | None = None,
        interactive: bool = False,
        matcher: Matcher | None = None,
    ) -> None:
        """``matcher``: typing mode (``--type``): the trainee types what they would say and
        it is matched to the choices on offer (game/freetext); numbers then choose only
        from a confirm list or the full menu."""
        self.s = session
        self.out = out
        self.lang = session.language
        self.script: Iterator[str] | None = iter(answers) if answers is not None else None
        self.read = read or input
        self.interactive = interactive
        self.matcher = matcher
        self.prompts = 0
        self._meeting = 0
        self._events_seen = 0

    def t(self, key: str) -> str:
        return label(UI, key, self.lang)

    def stage(self, stage: str) -> str:
        start = self.s.events[0]
        return stage_name(stage, self.lang, start if isinstance(start, SessionStarted) else None)

    def say(self, text: str = "") -> None:
        """Print scenario text safely: line by line, control and bidi characters removed
        (a scenario cannot clear the screen or retitle the window), wrapped to the
        terminal's width."""
        for line in fit(text):
            print(line, file=self.out)

    def briefing(self) -> None:
        sc: Scenario = self.s.scenario
        m = sc.model
        lang = self.lang
        self.say(f"== {sc.text(m.title, lang)} ==")
        if m.briefing is not None:
            self.say(f"[{self.t('briefing')}] {sc.text(m.briefing, lang)}")
        if m.objectives:
            self.say(f"[{self.t('objectives')}]")
            for obj in m.objectives:
                self.say(f"  - {sc.text(obj, lang)}")
        if m.stakeholders:
            self.say(f"[{self.t('stakeholders')}]")
            for sid in m.stakeholders:
                p = self.s.person(sid)
                self.say(f"  - {p.name}, {p.title} ({label(ROLES, p.role, lang)})")
        known = [f for f in self.s.view().facts if f.from_briefing]
        if known:
            self.say(f"[{self.t('known_facts')}]")
            for f in known:
                self.say(f"  - {f.text}")
        self.say()

    def run(self) -> int:
        """Play until the session ends; returns the exit code."""
        self.briefing()
        try:
            drive(self.s, lambda s: self.ask(s.view()), show=lambda s: self.show(s.view()))
        except ScriptError as exc:
            self.s.quit()
            print(f"salessim: {printable(str(exc))}", file=sys.stderr)
            return EXIT_USAGE
        except EOFError:
            self.s.quit()
            self.say()
            self.say(f"-- {self.t('ended_early')} --")
            return EXIT_OK
        except KeyboardInterrupt as exc:
            self.s.quit()
            self.say()
            self.say(f"-- {self.t('ended_early')} --")
            signum = getattr(exc, "signum", None)  # SIGTERM/SIGHUP end like Ctrl-C
            return 128 + signum if isinstance(signum, int) else EXIT_INTERRUPTED
        self.summary()
        return EXIT_OK

    def show(self, view: View) -> None:
        self.show_events(view)
        line = view.line
        if line is not None and not line.trainee:
            self.say(self.render_line(line, view))
        if view.status is Status.CHOOSING and self.matcher is None:
            for c in view.choices:
                self.say(f"  {c.number}. {c.text}")
        if view.status is Status.ENDED and view.ending is not None:
            if view.ending.reason in ("time_up", "no_choices"):
                self.say(f"-- {self.t('time_up')} --" if view.ending.reason == "time_up" else "")
            if view.ending.text:
                self.say(f"  « {view.ending.text} »")

    def show_events(self, view: View) -> None:
        """Announce meetings, gates and loop-backs as they happen."""
        events = self.s.events
        for ev in events[self._events_seen :]:
            if isinstance(ev, MeetingStarted):
                title = ev.title or ""
                minutes = self.t("minutes").format(n=ev.minutes)
                self.say(f"---- {self.t('meeting')} {ev.meeting}: {title}{minutes} ----")
            elif isinstance(ev, Gate) and not ev.passed:
                self.say(f"   [{self.t('gate_blocked')}: {self.stage(ev.stage_from)}]")
                if ev.missing and not self.s.scenario.gate_hidden(ev.stage_from):
                    needed = "; ".join(pick_text(m, self.lang) for m in ev.missing)
                    self.say(f"   {self.t('still_needed')}: {needed}")
            elif isinstance(ev, Gate):
                self.say(f"   [→ {self.stage(ev.stage_to)}]")
            elif isinstance(ev, LoopBack) and ev.applied:
                self.say(f"   [{self.t('loop_back')} → {self.stage(ev.stage_to)}]")
        self._events_seen = len(events)

    def render_line(self, line: Line, view: View) -> str:
        stage = self.stage(view.stage)
        turn = debrief_word("turn", self.lang).format(n=line.turn)  # as the debrief names it
        head = f"[{turn} | {stage} | {clock(view.meeting.elapsed)}/{view.meeting.minutes:02d}:00]"
        if line.speaker is None:
            return f"{head} {line.text}"
        who = (
            f"{line.speaker.name}（{line.speaker.title}）"
            if self.lang == "zh"
            else (f"{line.speaker.name} ({line.speaker.title})")
        )
        return f"{head} {who}: {line.text}"

    def next_answer(self, prompt: str = "> ") -> str:
        """The next answer: from the script (echoed) or the keyboard."""
        if self.script is not None:
            try:
                raw = next(self.script)
            except StopIteration:
                count = len(self.s.view().choices)
                raise ScriptError(self.t("ran_out").format(n=self.prompts, count=count)) from None
            self.say(f"{prompt}{raw}")
            return raw
        return self.read(prompt)

    def ask_typed(self, view: View) -> tuple[str, TypedLine]:
        """Typing mode: a line → the matcher → taken (with undo), confirmed, or the menu."""
        assert self.matcher is not None
        self.prompts += 1
        if self.prompts == 1:
            self.say(self.t("type_hint"))
        texts = {c.id: c.text for c in view.choices}
        turn = TypedTurn(self.matcher, [c.id for c in view.choices])
        while True:
            if turn.menu:
                self.say(self.t("full_menu"))
                for c in view.choices:
                    self.say(f"  {c.number}. {c.text}")
                number = self.pick_number(len(view.choices))
                return turn.take(view.choices[number - 1].id, how="menu")
            raw = self.next_answer()
            if not raw.strip():
                continue
            if raw.strip().lower() in ("n", "notes", "笔记"):
                self.notes(view)
                continue
            found = turn.type(raw.strip())
            if found.zone == "auto" and found.best is not None:
                self.say(f"  {self.t('counted_as')}: {texts[found.best]}")
                undo = f"  ({self.t('undo_hint')}) "
                if self.script is None and self.interactive and self.read(undo).strip() == "u":
                    turn.reject(undo=True)
                    self.say(self.t("rephrase"))
                    continue
                return turn.take()
            short = found.shortlist
            self.say(self.t("did_you_mean"))
            for k, scored in enumerate(short, 1):
                self.say(f"  {k}. {texts[scored.choice]}")
            self.say(f"  0. {self.t('none_of_these')}")
            number = self.pick_number(len(short), allow_zero=True)
            if number == 0:
                turn.reject()
                if not turn.menu:
                    self.say(self.t("rephrase"))
                continue
            return turn.take(short[number - 1].choice, how="confirm")

    def pick_number(self, count: int, *, allow_zero: bool = False) -> int:
        while True:
            raw = self.next_answer()
            if allow_zero and raw.strip() == "0":
                return 0
            try:
                return self.check(raw, count)
            except ScriptError as exc:
                if not self.interactive or self.script is not None:
                    raise
                self.say(str(exc))

    def ask(self, view: View) -> int | tuple[str, TypedLine]:
        if self.matcher is not None:
            return self.ask_typed(view)
        self.prompts += 1
        count = len(view.choices)
        if self.script is not None:
            try:
                raw = next(self.script)
            except StopIteration:
                raise ScriptError(self.t("ran_out").format(n=self.prompts, count=count)) from None
            self.say(f"> {raw}")
            return self.check(raw, count)
        if self.prompts == 1 and self.interactive:
            self.say(self.t("notes_hint"))
        while True:
            raw = self.read("> ")
            if raw.strip().lower() in ("n", "notes", "笔记"):
                self.notes(view)
                continue
            try:
                return self.check(raw, count)
            except ScriptError as exc:
                if not self.interactive:
                    raise
                self.say(str(exc))

    def notes(self, view: View) -> None:
        """What the game's notes panel shows: the stage, each pain with its need state, the
        facts learned so far."""
        self.say(f"== {self.t('notes')} ==")
        self.say(f"{self.t('stage')}: {self.stage(view.stage)}")
        self.say(f"{self.t('pains')}:")
        for p in view.pains or ():
            self.say(f"  - {p.text} [{label(NEEDS, p.state, self.lang)}]")
        if not view.pains:
            self.say(f"  {self.t('none_yet')}")
        self.say(f"{self.t('facts')}:")
        for f in view.facts or ():
            self.say(f"  - {f.text}")
        if not view.facts:
            self.say(f"  {self.t('none_yet')}")

    def check(self, raw: str, count: int) -> int:
        text = raw.strip()
        # ASCII digits only: str.isdigit() also takes '²' and '①', which int() refuses
        if not (text.isascii() and text.isdigit()):
            raise ScriptError(self.t("not_a_number").format(raw=raw, n=self.prompts, count=count))
        number = int(text) if len(text) <= 9 else count + 1  # no 4,301-digit int()
        if not 1 <= number <= count:
            shown = text if len(text) <= 9 else text[:9] + "…"
            raise ScriptError(
                self.t("out_of_range").format(shown=shown, n=self.prompts, count=count)
            )
        return number

    def summary(self) -> None:
        """How far the buyer moved: the same lines as the debrief's first part."""
        self.say()
        for line in trail_lines(self.s.events, self.lang):
            self.say(line)
