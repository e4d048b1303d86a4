"""The condition language of ``requires``: parsed when a file loads, never ``eval``'d.

Grammar (lowest precedence first; no chained comparisons)::

    expr  := and ('or' and)*
    and   := not ('and' not)*
    not   := 'not' not | cmp
    cmp   := atom (('=='|'!='|'<'|'<='|'>'|'>=') atom)?
    atom  := INT | '-' INT | NAME | NAME '.' NAME | '(' expr ')'

Names: a variable (``trust``), ``pain.X`` (need state, ordered none < implied < explicit),
``fact.X`` (revealed or known), ``met.X`` (stakeholder has spoken), ``visited.X`` (node),
``stage`` (compared in cycle order), ``minutes`` (on the current meeting's clock); literals:
integers, stage ids and need-state words. Every expression is type-checked at load time, so
a condition that loads can only produce a boolean, and nothing in it can call anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from game.engine.diagnostics import did_you_mean, odd_characters, skeleton
from game.record import NEED_LEVELS

NEED_STATES = NEED_LEVELS  # the need ladder, defined once in the record
KEYWORDS = frozenset({"and", "or", "not", "stage", "minutes", "pain", "fact", "met", "visited"})
#: Deepest nesting of '(' and 'not' a condition may have: far beyond any real one, and low
#: enough that checking or evaluating it can never exhaust Python's stack.
MAX_NESTING = 50


class ConditionError(Exception):
    """A condition that does not parse or type-check; ``offset`` is 0-based in the text."""

    def __init__(self, code: str, message: str, offset: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.offset = offset


class ConditionState(Protocol):
    """What a condition can look at; the Session implements it."""

    def variable(self, name: str) -> int: ...
    def need_level(self, pain: str) -> int: ...
    def fact_known(self, fact: str) -> bool: ...
    def has_met(self, stakeholder: str) -> bool: ...
    def has_visited(self, node: str) -> bool: ...
    def stage_index(self) -> int: ...
    def minutes(self) -> float: ...


def _suggest(word: str, candidates: Collection[str], kind: str) -> str:
    return did_you_mean(word, candidates)


@dataclass(frozen=True)
class Names:
    """Everything a condition may name in one scenario.

    ``suggest(word, candidates, kind)`` words the "Did you mean" hint; the checks pass their
    file's ``Suggester`` so thousands of wrong names stay linear.
    """

    variables: Collection[str]
    pains: Collection[str]
    facts: Collection[str]
    stakeholders: Collection[str]
    nodes: Collection[str]
    stages: Sequence[str]  # in cycle order, the final state last
    suggest: Callable[[str, Collection[str], str], str] = field(default=_suggest)


Evaluator = Callable[[ConditionState], object]


@dataclass(frozen=True)
class Condition:
    """A parsed, checked condition: ``holds(state)`` is all the engine ever calls."""

    source: str
    names: tuple[str, ...]  # every reference, as written ("trust", "pain.cost", ...)
    _fn: Evaluator

    def holds(self, state: ConditionState) -> bool:
        return bool(self._fn(state))


_TOKEN = re.compile(
    r"\s*(?:(?P<int>[0-9]+)|(?P<name>[A-Za-z_][A-Za-z0-9_-]*)|(?P<op>==|!=|<=|>=|<|>|\(|\)|\.|-)"
    r"|(?P<bad>\S))"
)


@dataclass(frozen=True)
class _Tok:
    kind: str  # int, name, op, end
    text: str
    offset: int


def _tokens(text: str) -> list[_Tok]:
    result: list[_Tok] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:  # only trailing whitespace left
            break
        kind = m.lastgroup or "end"
        value = m.group(kind) if kind != "end" else ""
        start = m.start(kind) if kind != "end" else pos
        if kind == "bad":
            hint = ""
            if value in "=!&|":
                hint = " Use '==', '!=', 'and', 'or' or 'not'."
            elif value in "\"'":
                hint = " Conditions have no strings; write names and numbers without quotes."
            elif not value.isascii():
                alike, odd = skeleton(value), odd_characters(value)
                if odd and alike.isascii() and alike:
                    hint = f" It is {odd}, which looks like '{alike}'; retype it in plain ASCII."
                else:
                    hint = f" It is {odd}." if odd else ""
                    hint += " Names in conditions use only a-z, A-Z, 0-9, '_' and '-'."
            raise ConditionError("C401", f"unexpected character '{value}'.{hint}", start)
        result.append(_Tok(kind, value, start))
        pos = m.end()
    result.append(_Tok("end", "", len(text)))
    return result


# Types of sub-expressions: int, bool, need, stage.
_Typed = tuple[str, Evaluator]

_COMPARE: dict[str, Callable[[object, object], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,  # type: ignore[operator]
    "<=": lambda a, b: a <= b,  # type: ignore[operator]
    ">": lambda a, b: a > b,  # type: ignore[operator]
    ">=": lambda a, b: a >= b,  # type: ignore[operator]
}


class _Parser:
    def __init__(self, text: str, names: Names) -> None:
        self.text = text
        self.names = names
        self.toks = _tokens(text)
        self.i = 0
        self.depth = 0
        self.refs: list[str] = []

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Condition:
        if self.peek().kind == "end":
            raise ConditionError("C401", "the condition is empty; write one like 'trust >= 2'.", 0)
        kind, fn = self.or_()
        tok = self.peek()
        if tok.kind != "end":
            raise ConditionError(
                "C401",
                f"unexpected '{tok.text}'; join conditions with 'and' or 'or'.",
                tok.offset,
            )
        fn = self.as_bool(kind, fn, 0)
        return Condition(self.text, tuple(self.refs), fn)

    def as_bool(self, kind: str, fn: Evaluator, offset: int) -> Evaluator:
        if kind == "bool":
            return fn
        if kind == "need":  # ``pain.x`` alone: the pain has come up at all
            return lambda s: fn(s) != 0
        if kind == "word":
            word = str(fn(None))  # type: ignore[arg-type]  # a word's evaluator ignores state
            if word in NEED_STATES or word in self.names.stages:
                raise ConditionError(
                    "C403",
                    f"'{word}' cannot stand alone as a condition; compare it, e.g. "
                    f"'stage >= {self.names.stages[0]}' or 'pain.X == explicit'.",
                    offset,
                )
            candidates = [*self.names.variables, "stage", "minutes"]
            raise ConditionError(
                "C402",
                f"'{word}' is not a variable; declare it under 'variables' or fix the spelling."
                + self.names.suggest(word, candidates, "condition variables"),
                offset,
            )
        what = {"int": "a number", "stage": "a stage"}[kind]
        raise ConditionError(
            "C403",
            f"{what} cannot stand alone as a condition; compare it, e.g. 'trust >= 1' or "
            "'stage >= evaluate_solutions'.",
            offset,
        )

    def or_(self) -> _Typed:
        start = self.peek().offset
        kind, fn = self.and_()
        if self.peek().text != "or":
            return kind, fn
        parts = [self.as_bool(kind, fn, start)]
        while self.peek().text == "or":
            self.take()
            at = self.peek().offset
            k, f = self.and_()
            parts.append(self.as_bool(k, f, at))
        return "bool", lambda s: any(p(s) for p in parts)

    def and_(self) -> _Typed:
        start = self.peek().offset
        kind, fn = self.not_()
        if self.peek().text != "and":
            return kind, fn
        parts = [self.as_bool(kind, fn, start)]
        while self.peek().text == "and":
            self.take()
            at = self.peek().offset
            k, f = self.not_()
            parts.append(self.as_bool(k, f, at))
        return "bool", lambda s: all(p(s) for p in parts)

    def deeper(self, tok: _Tok) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ConditionError(
                "C401",
                f"the condition nests '(' and 'not' more than {MAX_NESTING} levels deep; "
                "write it more simply.",
                tok.offset,
            )

    def not_(self) -> _Typed:
        if self.peek().text == "not":
            self.deeper(self.take())
            at = self.peek().offset
            kind, fn = self.not_()
            self.depth -= 1
            inner = self.as_bool(kind, fn, at)
            return "bool", lambda s: not inner(s)
        return self.cmp()

    def cmp(self) -> _Typed:
        left_tok = self.peek()
        lkind, lfn = self.atom()
        op = self.peek()
        if op.kind != "op" or op.text not in _COMPARE:
            return lkind, lfn
        self.take()
        right_tok = self.peek()
        rkind, rfn = self.atom()
        if self.peek().text in _COMPARE:
            raise ConditionError(
                "C401",
                "comparisons cannot be chained; write 'a < b and b < c'.",
                self.peek().offset,
            )
        lkind, lfn, rkind, rfn = self.literal_sides(lkind, lfn, left_tok, rkind, rfn, right_tok)
        if lkind != rkind:
            raise ConditionError(
                "C403",
                f"'{self.text[left_tok.offset : self.peek().offset].strip()}' compares "
                f"{_KIND_WORD[lkind]} with {_KIND_WORD[rkind]}.",
                left_tok.offset,
            )
        if lkind == "bool" and op.text not in ("==", "!="):
            raise ConditionError(
                "C403", f"'{op.text}' cannot order yes/no values; use '==' or '!='.", op.offset
            )
        compare = _COMPARE[op.text]
        return "bool", lambda s: compare(lfn(s), rfn(s))

    def literal_sides(
        self,
        lkind: str,
        lfn: Evaluator,
        ltok: _Tok,
        rkind: str,
        rfn: Evaluator,
        rtok: _Tok,
    ) -> tuple[str, Evaluator, str, Evaluator]:
        """Bare words become stage or need-state literals, typed by the other side."""
        if rkind == "word":
            rkind, rfn = self.word_as(rtok, lkind)
        if lkind == "word":
            lkind, lfn = self.word_as(ltok, rkind)
        return lkind, lfn, rkind, rfn

    def word_as(self, tok: _Tok, other: str) -> _Typed:
        word = tok.text
        stages = list(self.names.stages)
        if word in NEED_STATES:
            level = NEED_STATES.index(word)
            return "need", lambda s: level
        if word in stages:
            index = stages.index(word)
            return "stage", lambda s: index
        if other == "need":
            raise ConditionError(
                "C402",
                f"'{word}' is not a need state; use none, implied or explicit."
                + did_you_mean(word, NEED_STATES),
                tok.offset,
            )
        candidates = [*self.names.variables, *stages, *NEED_STATES, "stage", "minutes"]
        raise ConditionError(
            "C402",
            f"'{word}' is not a variable, a stage or a need state; declare it under "
            "'variables' or fix the spelling."
            + self.names.suggest(word, candidates, "condition words"),
            tok.offset,
        )

    def atom(self) -> tuple[str, Evaluator]:
        tok = self.take()
        if tok.kind == "int":
            value = int(tok.text)
            return "int", lambda s: value
        if tok.text == "-" and self.peek().kind == "int":
            value = -int(self.take().text)
            return "int", lambda s: value
        if tok.text == "(":
            self.deeper(tok)
            kind, fn = self.or_()
            self.depth -= 1
            close = self.take()
            if close.text != ")":
                raise ConditionError("C401", "a '(' is never closed; add ')'.", tok.offset)
            return kind, fn
        if tok.kind != "name":
            what = f"'{tok.text}'" if tok.text else "the end of the condition"
            raise ConditionError("C401", f"expected a name or a number, found {what}.", tok.offset)
        if self.peek().text == ".":
            self.take()
            member = self.take()
            if member.kind != "name":
                raise ConditionError("C401", f"expected a name after '{tok.text}.'.", member.offset)
            return self.dotted(tok, member)
        word = tok.text
        if word == "stage":
            self.refs.append("stage")
            return "stage", lambda s: s.stage_index()
        if word == "minutes":
            self.refs.append("minutes")
            return "int", lambda s: s.minutes()
        if word in ("and", "or", "not"):
            raise ConditionError(
                "C401", f"'{word}' needs a condition before and after it.", tok.offset
            )
        if word in self.names.variables:
            self.refs.append(word)
            return "int", lambda s: s.variable(word)
        if word in ("pain", "fact", "met", "visited"):
            raise ConditionError(
                "C401", f"'{word}' needs an id after it, e.g. '{word}.some_id'.", tok.offset
            )
        return "word", lambda s: word  # resolved by the comparison it stands in

    def dotted(self, head: _Tok, member: _Tok) -> _Typed:
        kind, ident = head.text, member.text
        table: dict[str, tuple[Collection[str], str]] = {
            "pain": (self.names.pains, "pains"),
            "fact": (self.names.facts, "facts"),
            "met": (self.names.stakeholders, "stakeholders"),
            "visited": (self.names.nodes, "nodes"),
        }
        if kind not in table:
            raise ConditionError(
                "C402",
                f"'{kind}.{ident}' is not a name; use pain.X, fact.X, met.X or visited.X."
                + did_you_mean(kind, table),
                head.offset,
            )
        known, plural = table[kind]
        if ident not in known:
            raise ConditionError(
                "C402",
                f"'{kind}.{ident}' names no entry under '{plural}'."
                + self.names.suggest(ident, known, plural),
                member.offset,
            )
        self.refs.append(f"{kind}.{ident}")
        if kind == "pain":
            return "need", lambda s: s.need_level(ident)
        if kind == "fact":
            return "bool", lambda s: s.fact_known(ident)
        if kind == "met":
            return "bool", lambda s: s.has_met(ident)
        return "bool", lambda s: s.has_visited(ident)


_KIND_WORD = {
    "int": "a number",
    "bool": "a yes/no value",
    "need": "a need state",
    "stage": "a stage",
    "word": "an unknown word",
}


def parse_condition(text: str, names: Names) -> Condition:
    """Parse and type-check ``text``; raises ConditionError with a code and an offset."""
    if len(text) > 2000:
        raise ConditionError("C401", "the condition is longer than 2,000 characters.", 0)
    parser = _Parser(text, names)
    try:
        return parser.parse()
    except RecursionError:
        raise ConditionError("C401", "the condition is nested too deeply.", 0) from None
