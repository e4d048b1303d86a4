"""One typed turn: from the words the trainee types to the choice the session takes.

The same steps in the game and the terminal:

1. the trainee types a line; the matcher scores it against the choices on offer;
2. ``auto`` zone: the line is taken; the trainee sees "counted as: <authored line>" and may
   undo before the buyer answers (the words are kept as rephrased, nothing is scored);
3. ``confirm`` zone: the best few are listed with "none of these — let me rephrase"; a pick
   takes that choice; "none" is not a move, is not scored and never reaches the buyer;
4. after the second "none of these", the full menu of choices is shown.

What it settles on becomes the record's ``TypedLine`` on the trainee's move: the words, the
matcher's version and stages, the best three with scores, the zone, how it was settled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from game.freetext.matcher import MATCHER_VERSION, Match, Matcher
from game.freetext.zones import language_of
from game.record import Candidate, TypedLine

#: "None of these" this many times, and the full menu is shown.
MISSES_BEFORE_MENU = 2


@dataclass
class TypedTurn:
    matcher: Matcher
    offered: Sequence[str]  # the choice ids on offer, in the order shown
    rephrased: list[str] = field(default_factory=list)
    misses: int = 0
    last: Match | None = None

    @property
    def menu(self) -> bool:
        """Whether the trainee now picks from the full menu."""
        return self.misses >= MISSES_BEFORE_MENU

    def type(self, words: str) -> Match:
        """Match a typed line; the caller shows "counted as" (auto) or the list (confirm)."""
        self.last = self.matcher.match(words, self.offered)
        return self.last

    def take(self, choice: str | None = None, *, how: str = "auto") -> tuple[str, TypedLine]:
        """The choice to take and what the record keeps: ``choice`` from the confirm list
        or the menu (``how``), else the auto-matched best."""
        m = self.last
        if how == "menu" or m is None:
            words = m.text if m is not None else (self.rephrased[-1] if self.rephrased else "")
            assert choice is not None, "the menu needs a choice"
            return choice, self._record(m, words, "menu")
        chosen = choice or m.best
        assert chosen is not None
        return chosen, self._record(m, m.text, how)

    def reject(self, *, undo: bool = False) -> None:
        """ "None of these — let me rephrase" (a miss), or an undo of a taken line."""
        if self.last is not None:
            self.rephrased.append(self.last.text)
        self.last = None
        if not undo:
            self.misses += 1

    def _record(self, m: Match | None, words: str, how: str) -> TypedLine:
        return TypedLine(
            words=words,
            lang=m.lang if m is not None else language_of(words),
            matcher=f"{MATCHER_VERSION} stages {m.stages if m is not None else '1'}",
            zone=m.zone if m is not None else "confirm",
            candidates=[
                Candidate(choice=c.choice, score=c.shown)
                for c in (m.shortlist if m is not None else [])
            ],
            how="menu" if how == "menu" else ("confirm" if how == "confirm" else "auto"),
            rephrased=list(self.rephrased),
        )
