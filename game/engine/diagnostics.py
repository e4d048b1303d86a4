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
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


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
    "S201": (Severity.ERROR, "unknown key"),
    "S202": (Severity.ERROR, "wrong type"),
    "S203": (Severity.ERROR, "missing required field"),
    "S204": (Severity.ERROR, "value not among the allowed ones"),
    "S205": (Severity.ERROR, "unsupported format version"),
    "S206": (Severity.ERROR, "invalid id"),
    "S207": (Severity.ERROR, "value out of range"),
    "S208": (Severity.ERROR, "field does not fit this move"),
    "S209": (Severity.ERROR, "duplicate id"),
    "R301": (Severity.ERROR, "unknown node"),
    "R302": (Severity.ERROR, "unknown ending"),
    "R303": (Severity.ERROR, "unknown stakeholder"),
    "R304": (Severity.ERROR, "unknown pain"),
    "R305": (Severity.ERROR, "unknown fact"),
    "R306": (Severity.ERROR, "unknown pain or fact"),
    "R307": (Severity.ERROR, "unknown stage"),
    "R308": (Severity.ERROR, "unknown variable"),
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
    "W701": (Severity.WARNING, "unreachable node"),
    "W702": (Severity.WARNING, "unreachable ending"),
    "W703": (Severity.WARNING, "picks_up names no cue of this node"),
    "W704": (Severity.WARNING, "every choice of a node is conditional"),
}


@dataclass(frozen=True, slots=True)
class Pos:
    """A 1-based line and column in a source file."""

    line: int
    col: int


NOWHERE = Pos(1, 1)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in one file, printed as ``path:line:col: CODE message``."""

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
        return f"{self.path}:{self.pos.line}:{self.pos.col}: {self.code} {kind}{self.message}"


class ScenarioError(Exception):
    """Raised when a scenario (or rubric) cannot be loaded; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A " Did you mean 'x'?" suffix for a misspelt name, or "" when nothing is close."""
    options = [c for c in candidates if isinstance(c, str)]
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


def one_of(options: Iterable[str]) -> str:
    """Lists allowed values the way a sentence would: 'a', 'b' or 'c'."""
    quoted = [f"'{o}'" for o in options]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]
