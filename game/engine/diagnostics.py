"""The diagnostic catalogue: every problem a trainer can make, with a stable code.

Trainers fix files from these lines alone, so each code has one meaning forever (tools and
docs cite them), each message is a sentence naming the offending item and the fix, and each
carries the position of the value at fault. Codes group by family:

- ``Y1xx`` the file itself (encoding, YAML syntax, unsafe YAML features)
- ``S2xx`` shape (unknown keys, types, enums, required fields)
- ``R3xx`` references between items (node, ending, stakeholder, pain, fact, stage, name)
- ``C4xx`` condition expressions
- ``F5xx`` flow of the conversation (jumps, gotos, dead ends, loop-backs)
- ``A6xx`` assets (portraits)
- ``W7xx`` warnings: the file plays, but something is probably wrong
"""

from __future__ import annotations

import difflib
import math
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from game.engine.text import printable


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


#: code -> (severity, short title). The title is what docs/diagnostics.md lists.
CATALOGUE: dict[str, tuple[Severity, str]] = {
    "Y101": (Severity.ERROR, "YAML syntax error"),
    "Y102": (Severity.ERROR, "tab character used for indentation"),
    "Y103": (Severity.ERROR, "file is not UTF-8"),
    "Y104": (Severity.ERROR, "file is empty"),
    "Y105": (Severity.ERROR, "file is binary"),
    "Y106": (Severity.ERROR, "file is too large"),
    "Y107": (Severity.ERROR, "duplicate key"),
    "Y108": (Severity.ERROR, "YAML anchor or alias"),
    "Y109": (Severity.ERROR, "YAML tag not allowed"),
    "Y110": (Severity.ERROR, "file cannot be read"),
    "Y111": (Severity.ERROR, "more than one YAML document"),
    "Y112": (Severity.ERROR, "control character in the file"),
    "Y113": (Severity.ERROR, "control character in a quoted string"),
    "S201": (Severity.ERROR, "unknown key"),
    "S202": (Severity.ERROR, "wrong type"),
    "S203": (Severity.ERROR, "missing required field"),
    "S204": (Severity.ERROR, "value not among the allowed ones"),
    "S205": (Severity.ERROR, "unsupported format version"),
    "S206": (Severity.ERROR, "invalid id"),
    "S207": (Severity.ERROR, "value out of range"),
    "S208": (Severity.ERROR, "field does not fit this move"),
    "S209": (Severity.ERROR, "duplicate id"),
    "S210": (Severity.ERROR, "a line or a choice that says nothing"),
    "R301": (Severity.ERROR, "unknown node"),
    "R302": (Severity.ERROR, "unknown ending"),
    "R303": (Severity.ERROR, "unknown stakeholder"),
    "R304": (Severity.ERROR, "unknown pain"),
    "R305": (Severity.ERROR, "unknown fact"),
    "R306": (Severity.ERROR, "unknown pain or fact"),
    "R307": (Severity.ERROR, "unknown stage"),
    "R308": (Severity.ERROR, "unknown variable"),
    "R309": (Severity.ERROR, "the same scenario id in two files of the scenario folders"),
    "C401": (Severity.ERROR, "condition syntax error"),
    "C402": (Severity.ERROR, "unknown name in condition"),
    "C403": (Severity.ERROR, "condition compares things that cannot be compared"),
    "F501": (Severity.ERROR, "jump without pass and fail"),
    "F502": (Severity.ERROR, "choice needs exactly one of goto or end"),
    "F503": (Severity.ERROR, "dead-end node"),
    "F504": (Severity.ERROR, "loop_back to a stage that is not earlier"),
    "F505": (Severity.ERROR, "node has more than one way on"),
    "A601": (Severity.ERROR, "portrait outside the scenario folder"),
    "A602": (Severity.ERROR, "portrait file missing"),
    "A603": (Severity.ERROR, "portrait path is not a readable file"),
    "A604": (Severity.ERROR, "portrait is not an image salessim can read"),
    "A605": (Severity.ERROR, "portrait image too large"),
    "W701": (Severity.WARNING, "unreachable node"),
    "W702": (Severity.WARNING, "unreachable ending"),
    "W703": (Severity.WARNING, "picks_up names no cue of this node"),
    "W704": (Severity.WARNING, "every choice of a node is conditional"),
    "W705": (Severity.WARNING, "id with look-alike or invisible characters"),
    "W706": (Severity.WARNING, "the best choice is mostly the longest or the first"),
    "W707": (Severity.WARNING, "a text in one language in a scenario written in both"),
    "W708": (Severity.WARNING, "a line spoken by someone not present in the meeting"),
    "W709": (Severity.WARNING, "a node whose choices all carry the same tags: no real decision"),
    "W710": (Severity.WARNING, "a price or discount choice with no consequence"),
}


@dataclass(frozen=True, slots=True)
class Pos:
    """A 1-based line and column in a source file."""

    line: int
    col: int


NOWHERE = Pos(1, 1)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in one file, printed as ``path:line:col: CODE message``.

    The printed form is always one safe line: the path and the message (which quotes ids and
    values from the file) go through ``printable``, so a scenario cannot put a control
    sequence on the trainer's terminal or forge a second diagnostic line.
    """

    code: str
    message: str
    path: str
    pos: Pos = NOWHERE

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code][0]

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        kind = "" if self.is_error else "warning: "
        return (
            f"{printable(self.path)}:{self.pos.line}:{self.pos.col}: "
            f"{self.code} {kind}{printable(self.message)}"
        )


class ScenarioError(Exception):
    """Raised when a scenario (or rubric) cannot be loaded; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A " Did you mean 'x'?" suffix for a misspelt name, or "" when nothing is close.

    For small, fixed sets of candidates (keys of a part, allowed values); names a scenario
    declares go through a ``Suggester``, which stays linear however many names are wrong.
    """
    options = tuple(c for c in candidates if isinstance(c, str))
    return _closest(word, options)


@lru_cache(maxsize=4096)
def _closest(word: str, options: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


#: Look-alikes that NFKC does not fold: Cyrillic and Greek letters drawn like Latin ones.
_CONFUSABLE = str.maketrans(
    "аеорсухіјѕԁԛԝАВЕКМНОРСТХІЈЅΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοιν",
    "aeopcyxijsdqwABEKMHOPCTXIJSABEZHIKMNOPTYXaoiv",
)


def skeleton(word: str) -> str:
    """What ``word`` looks like: full-width forms folded (NFKC), Cyrillic and Greek
    look-alikes mapped to Latin, invisible format characters (zero-width, bidi) dropped."""
    if word.isascii():
        return word
    folded = unicodedata.normalize("NFKC", word).translate(_CONFUSABLE)
    return "".join(c for c in folded if unicodedata.category(c) not in ("Cf", "Cc", "Mn"))


def odd_characters(word: str) -> str:
    """The characters of an id that are not plain ASCII, for a message: "'а' (U+0430
    CYRILLIC SMALL LETTER A)", or "the invisible U+200B ZERO WIDTH SPACE" for one that cannot
    be seen; "" when there are none. Chinese, Japanese and Korean characters are not odd."""
    odd: list[str] = []
    for char in dict.fromkeys(word):
        if char.isascii() or _is_cjk(char):
            continue
        name = f"U+{ord(char):04X}"
        if unicodedata.name(char, ""):
            name += " " + unicodedata.name(char)
        if unicodedata.category(char)[0] in "CZM":  # controls, format marks, spaces, combining
            odd.append(f"the invisible {name}")
        else:
            odd.append(f"'{char}' ({name})")
    return ", ".join(odd[:3]) + (" and more" if len(odd) > 3 else "")


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x3040 <= code <= 0x30FF
        or 0xAC00 <= code <= 0xD7AF
        or 0x20000 <= code <= 0x3134F
    )


#: "Did you mean" compares a wrong name with the declared ones (difflib: costly per pair), so
#: a file with thousands of wrong names in a big scenario could take minutes. Per file, a
#: Suggester compares at most this many (name, candidate) pairs in all, and this many per name.
SUGGEST_BUDGET = 50_000
SUGGEST_PER_NAME = 10_000
#: Above this many candidates, one-letter typos are looked up in an index first.
_SMALL = 1_000
#: Names longer than this are not put in the typo index (it holds every one-letter deletion).
_TYPO_INDEX_MAX_LEN = 40


class Suggester:
    """ "Did you mean" for one file's names, in time linear in the file.

    Each set of candidates is named by a ``kind`` ("nodes", "pains", ...) and indexed once, on
    the first wrong name: by look-alike skeleton (so 'pаin' with a Cyrillic а finds 'pain' at
    once), by length (difflib's 0.6 cutoff cannot match lengths more than 7/3 apart) and, for
    big sets, by one-letter deletions (so a one-letter typo, swap or extra letter is found by a
    few dictionary lookups, however many nodes there are). Each distinct wrong name is searched
    once. difflib runs within the file's budget of comparisons; once it is spent, later names
    get only the index's suggestions (their diagnostics are still all reported).
    """

    def __init__(self, budget: int = SUGGEST_BUDGET, per_name: int = SUGGEST_PER_NAME) -> None:
        self.budget = budget
        self.per_name = per_name
        self._memo: dict[tuple[str, str], str] = {}
        self._indexes: dict[str, _Index] = {}

    def __call__(self, word: str, candidates: Collection[str], kind: str) -> str:
        key = (kind, word)
        found = self._memo.get(key)
        if found is None:
            index = self._indexes.get(kind)
            if index is None:
                index = self._indexes[kind] = _Index(candidates)
            close = self._search(word, index)
            found = self._memo[key] = f" Did you mean '{close}'?" if close else ""
        return found

    def _search(self, word: str, index: _Index) -> str | None:
        alike = index.skeletons.get(skeleton(word))
        if alike is not None and alike != word:
            return alike
        if index.size > _SMALL or self.budget <= 0:
            typo = index.typo(word)
            if typo is not None or self.budget <= 0:
                return typo
        n = len(word)
        low, high = math.ceil(n * 3 / 7), math.floor(n * 7 / 3)
        pool: list[str] = []
        limit = min(self.per_name, self.budget)
        for length in sorted(index.by_length, key=lambda k: abs(k - n)):
            if low <= length <= high:
                pool.extend(index.by_length[length][: limit - len(pool)])
                if len(pool) >= limit:
                    break
        self.budget -= len(pool)
        close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
        return close[0] if close else None


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


class _Index:
    __slots__ = ("_typos", "by_length", "size", "skeletons")

    def __init__(self, candidates: Iterable[str]) -> None:
        self.by_length: dict[int, list[str]] = {}
        self.skeletons: dict[str, str] = {}
        self._typos: dict[str, str] | None = None
        self.size = 0
        for c in candidates:
            if isinstance(c, str):
                self.size += 1
                self.by_length.setdefault(len(c), []).append(c)
                self.skeletons.setdefault(skeleton(c), c)

    def typo(self, word: str) -> str | None:
        """A candidate one deletion, insertion, substitution or swap away from ``word``."""
        if self._typos is None:
            self._typos = {}
            for same_length in self.by_length.values():
                for c in same_length:
                    if len(c) <= _TYPO_INDEX_MAX_LEN:
                        self._typos.setdefault(c, c)
                        for d in _deletions(c):
                            self._typos.setdefault(d, c)
        if len(word) > _TYPO_INDEX_MAX_LEN + 1:
            return None
        for variant in (word, *_deletions(word)):
            found = self._typos.get(variant)
            if found is not None and found != word:
                return found
        return None


def clip(text: str, limit: int = 80) -> str:
    """``text`` for quoting in a message: cut to ``limit`` characters, saying how long it is
    (a 6,000-character path or id helps nobody on a terminal line)."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 20]}... ({len(text):,} characters)"


def one_of(options: Iterable[str]) -> str:
    """Lists allowed values the way a sentence would: 'a', 'b' or 'c'."""
    quoted = [f"'{o}'" for o in options]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]
