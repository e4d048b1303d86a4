"""Reading a trainer's YAML file safely, keeping the position of every value.

Why not ``yaml.safe_load``: it forgets positions (a trainer needs ``file:line:col``), keeps
the last of two duplicate keys without a word, turns ``no`` into ``False``, and expands
aliases (an alias bomb eats memory). So we let libyaml *compose* the node tree (C speed,
nothing constructed), then walk it once ourselves: plain scalars resolve to booleans only
for ``true``/``false``, to integers and floats when they look like numbers, and to strings
otherwise; quoted scalars are always strings; anchors, aliases and tags are refused.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from game.engine.diagnostics import NOWHERE, Diagnostic, Pos, ScenarioError

try:  # libyaml ships in PyYAML's wheels; the pure-Python composer is ~5x slower.
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - only on a PyYAML built without libyaml
    _Loader = yaml.SafeLoader

#: Files larger than this are refused before parsing (the 10,000-node benchmark is ~6 MB).
MAX_BYTES = 16 * 1024 * 1024

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)\Z")
#: A plain number longer than this is refused: no scenario value needs it, and Python will not
#: even convert an integer of more than 4,300 digits.
MAX_NUMBER_CHARS = 30

#: Characters a scenario file may not hold anywhere, not even in a comment: the ones YAML
#: refuses (C0 controls but tab and line breaks, DEL, C1 controls, U+FFFE/U+FFFF; libyaml
#: stops at the first), plus the ones YAML would take as a line break that no editor shows as
#: one (U+0085, often a '…' saved in the wrong encoding; U+2028, U+2029), which would make
#: every line number after them wrong. Vertical tab and form feed come with text pasted from
#: Word or PDF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
#: Control characters a double-quoted string can still spell as escapes ("\0", "\x1b",
#: "\e", "\r", ...); a text may hold line breaks and tabs, nothing else of the sort.
_ESCAPED_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: At most this many Y112/Y113 diagnostics per file; one more line says how many were left.
MAX_CONTROL_REPORTS = 20

_CONTROL_NAMES = {
    0x00: "null",
    0x07: "bell",
    0x08: "backspace",
    0x09: "tab",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x0D: "carriage return",
    0x1B: "escape",
    0x7F: "delete",
    0x85: "next line, often a '…' saved in the wrong encoding",
    0x9B: "control sequence introducer",
    0x2028: "line separator",
    0x2029: "paragraph separator",
    0xFFFE: "non-character",
    0xFFFF: "non-character",
}

PathKey = tuple[str | int, ...]


@dataclass(slots=True)
class Source:
    """A parsed file: plain Python data plus where each value and each key stands."""

    path: str
    data: Any
    sha256: str
    text: str = ""
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    _lines: list[str] | None = None

    def line_text(self, line: int) -> str:
        """The text of a 1-based line (for pointing inside a value, e.g. a condition)."""
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines[line - 1] if 0 < line <= len(self._lines) else ""

    def pos(self, loc: PathKey) -> Pos:
        """Position of the value at ``loc``, or of its nearest enclosing value."""
        loc = tuple(loc)
        while loc:
            found = self.positions.get(loc)
            if found is not None:
                return Pos(*found)
            loc = loc[:-1]
        return Pos(*self.positions.get((), (1, 1)))

    def key_pos(self, loc: PathKey) -> Pos:
        """Position of the key that introduces ``loc`` (falls back to the value)."""
        found = self.key_positions.get(tuple(loc))
        return Pos(*found) if found is not None else self.pos(loc)


def read_source(path: str | Path, display: str | None = None) -> Source:
    """Read and compose one YAML file; raise ScenarioError with one diagnostic if it is bad.

    Only a regular file is read: a pipe, a device or a folder is refused without opening it
    for a blocking read, so a stray FIFO named ``*.yaml`` cannot hang the validator.
    """
    shown = display if display is not None else str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError) as exc:
        raise _fail(
            shown, "Y110", f"cannot read the file ({_reason(exc)}); check the path."
        ) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "a pipe, socket or device"
            raise _fail(
                shown,
                "Y110",
                f"cannot read the file: it is {kind}, not a regular file; give the path of "
                "a scenario file.",
            )
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _fail(
            shown, "Y110", f"cannot read the file ({_reason(exc)}); check the path."
        ) from None
    finally:
        os.close(fd)
    return parse_source(data, shown)


def _reason(exc: Exception) -> str:
    """A short, printable reason for an OS error ('Permission denied', 'File name too long')."""
    if isinstance(exc, OSError):
        if exc.errno == errno.ENAMETOOLONG:
            return "the file name is too long"
        return exc.strerror or type(exc).__name__
    return "the path contains a character no file name may hold"


def parse_source(data: bytes, shown: str) -> Source:
    """Parse bytes already read; ``shown`` is the path used in diagnostics."""
    if len(data) > MAX_BYTES:
        raise _fail(
            shown,
            "Y106",
            f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB; "
            "split the scenario into smaller ones.",
        )
    if b"\x00" in data:
        raise _fail(
            shown, "Y105", "the file is binary, not a YAML text file; save it as UTF-8 text."
        )
    sha = hashlib.sha256(data).hexdigest()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        raise _fail(
            shown,
            "Y103",
            "the file is not valid UTF-8 (it may be saved as GBK or another encoding); "
            "re-save it as UTF-8.",
            Pos(line, col),
        ) from None
    if _FORBIDDEN.search(text) is not None:
        raise ScenarioError(_control_characters(text, shown))
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise _fail(shown, "Y104", "the file is empty; a scenario starts with 'format: 1'.")
    src = Source(path=shown, data=None, sha256=sha, text=text)
    problems: list[Diagnostic] = []
    try:
        src.data = _build(text, src, problems)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, shown) from None
    if problems:
        raise ScenarioError(problems)
    if src.data is None:
        raise _fail(shown, "Y104", "the file is empty; a scenario starts with 'format: 1'.")
    return src


def char_name(char: str) -> str:
    """'U+000B (vertical tab)': how a message names an invisible character."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or "control character"
    return f"U+{code:04X} ({name})"


def _control_characters(text: str, shown: str) -> list[Diagnostic]:
    """One Y112 per forbidden character (up to a limit), each at its line and column."""
    found: list[Diagnostic] = []
    matches = _FORBIDDEN.finditer(text)
    line, line_start, scanned = 1, 0, 0
    for m in matches:
        at = m.start()
        breaks = text.count("\n", scanned, at)
        if breaks:
            line += breaks
            line_start = text.rfind("\n", scanned, at) + 1
        scanned = at
        if len(found) == MAX_CONTROL_REPORTS:
            rest = 1 + sum(1 for _ in matches)
            found.append(
                Diagnostic(
                    "Y112",
                    f"{rest} more control characters follow; remove them all (search the file "
                    "for invisible characters, or paste the text as plain text).",
                    shown,
                    Pos(line, at - line_start + 1),
                )
            )
            break
        found.append(
            Diagnostic(
                "Y112",
                f"the file contains the invisible character {char_name(m.group())}, which a "
                "scenario may not hold, not even in a comment; delete it (text pasted from "
                "Word or PDF often brings one).",
                shown,
                Pos(line, at - line_start + 1),
            )
        )
    return found


def _fail(shown: str, code: str, message: str, pos: Pos = NOWHERE) -> ScenarioError:
    return ScenarioError([Diagnostic(code, message, shown, pos)])


def _mark_pos(mark: yaml.Mark, text: str) -> Pos:
    """Line and column of a YAML mark, counting lines by '\n' as editors and diagnostics
    do: PyYAML also breaks lines at NEL and the Unicode line separators, which would put
    a position past the end of the file."""
    index = min(max(mark.index, 0), len(text))
    start = text.rfind("\n", 0, index) + 1
    return Pos(text.count("\n", 0, index) + 1, index - start + 1)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, shown: str) -> ScenarioError:
    mark = exc.problem_mark or exc.context_mark
    pos = _mark_pos(mark, text) if mark is not None else NOWHERE
    problem = (exc.problem or "").strip()
    lines = text.splitlines()
    line_text = lines[pos.line - 1] if 0 < pos.line <= len(lines) else ""
    indent = line_text[: len(line_text) - len(line_text.lstrip())]
    if "\t" in problem or "\t" in indent:
        return _fail(
            shown,
            "Y102",
            "a tab is used for indentation; YAML only allows spaces, so replace the tab "
            "with spaces.",
            pos,
        )
    if "expected a single document" in str(exc.context or ""):
        return _fail(
            shown,
            "Y111",
            "the file holds more than one YAML document ('---'); keep one scenario per file.",
            pos,
        )
    slip = _slip(lines, pos.line)
    if slip is not None:
        return _fail(shown, "Y101", slip[0], slip[1])
    context = f" {exc.context}" if exc.context else ""
    hint = " Check the indentation and that every 'key: value' has a space after the colon."
    if "mapping values are not allowed" in problem:
        hint = " A value containing ': ' must be quoted, e.g. say: \"Note: ...\"."
    elif "found undefined alias" in (exc.problem or ""):
        hint = " Aliases ('*name') are not allowed; write the value out in full."
    return _fail(shown, "Y101", f"YAML syntax error{context}: {problem}.{hint}", pos)


_FULL_WIDTH_COLON = re.compile(r"^(\s*(?:-\s+)?)([^\s:：#'\"][^:：#]*?)\s*：")
_NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):(?=[^\s:/])")
_KEY_VALUE = re.compile(r"^(\s*)(?:-\s+)?[\w-]+:\s+\S")


def _slip(lines: list[str], at: int) -> tuple[str, Pos] | None:
    """The typing slip behind a YAML syntax error reported at line ``at``, if it is one a
    trainer often makes: a full-width colon after a key, no space after a colon (both make
    YAML report the *next* line), or a line indented deeper than the one above it. The
    sentence names the slip's own line and how to fix it."""
    start = max(1, at - 3)
    for number in range(at, start - 1, -1):
        line = lines[number - 1] if 0 < number <= len(lines) else ""
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _FULL_WIDTH_COLON.match(line)
        if m:
            key = m.group(2).strip()
            column = line.index("：") + 1
            return (
                f"'{key}：' uses the full-width colon '：' (Chinese input); YAML needs the "
                f"ASCII colon and a space: '{key}: '. Switch the input method to English for "
                "keys and colons.",
                Pos(number, column),
            )
        m = _NO_SPACE.match(line)
        if m:
            key = m.group(2)
            rest = line[m.end() :].split(" #")[0].strip()
            return (
                f"'{key}:{rest}' needs a space after the colon: write '{key}: {rest}'.",
                Pos(number, m.end()),
            )
    if 1 < at <= len(lines):
        here = lines[at - 1]
        indent = len(here) - len(here.lstrip())
        for number in range(at - 1, 0, -1):
            above = lines[number - 1]
            if not above.strip() or above.lstrip().startswith("#"):
                continue
            m = _KEY_VALUE.match(above)
            if m and indent > len(m.group(1)) and not above.rstrip().endswith(("|", ">")):
                return (
                    f"this line is indented more than the line above it ({number}), so YAML "
                    "reads it as part of that line's value; give it the same indentation as "
                    "the keys next to it.",
                    Pos(at, indent + 1),
                )
            break
    return None


#: Deeper than any real scenario; guards against hostile files built to exhaust the stack.
MAX_DEPTH = 64
_EXPECT_KEY = object()  # a mapping frame waiting for its next key
_DROPPED = object()  # the key was bad (duplicate, not a scalar): its value is discarded
_NODE_EVENTS = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)


class _Frame:
    """A mapping or sequence being filled while events stream in; ``loc`` None = discarded."""

    __slots__ = ("container", "key", "loc")

    def __init__(self, container: Any, loc: PathKey | None) -> None:
        self.container = container
        self.loc = loc
        self.key: Any = _EXPECT_KEY


def _build(text: str, src: Source, problems: list[Diagnostic]) -> Any:
    """Build plain data from libyaml's event stream, iteratively (no recursion, no resolver).

    Events rather than ``yaml.compose``: libyaml's composer recurses in C and crashes the
    process on a file nested a few hundred thousand levels deep, and its implicit resolver
    runs a Python regex per scalar. Events also carry anchors and explicit tags, which a
    scenario must not use; refusing an anchor up front means an alias bomb is never expanded.
    This loop is the hot path of loading, hence its inlined, plain style.
    """
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    escapes = 0  # quoted strings spelling a control character, reported up to a limit
    shown = src.path
    positions = src.positions
    scalar_event, end_events = yaml.ScalarEvent, (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    parser = _Loader(text)
    try:
        while (ev := parser.get_event()) is not None:
            kind = type(ev)
            if kind in end_events:
                frame = stack.pop()
                if stack:
                    _place(stack[-1], frame.container, None, False, src, problems)
                else:
                    root = frame.container
                continue
            mark = ev.start_mark
            pos = (mark.line + 1, mark.column + 1)
            if kind is yaml.AliasEvent:
                raise _fail(shown, "Y108", _anchor_message("alias", ev), Pos(*pos))
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _fail(
                        shown,
                        "Y111",
                        "the file holds more than one YAML document ('---'); "
                        "keep one scenario per file.",
                        Pos(*pos),
                    )
                continue
            if kind not in _NODE_EVENTS:
                continue
            if ev.anchor is not None:
                raise _fail(shown, "Y108", _anchor_message("anchor", ev), Pos(*pos))
            tag = ev.tag
            if tag is not None and tag != "!":
                problems.append(
                    Diagnostic(
                        "Y109",
                        f"the YAML tag '{tag}' is not allowed in a scenario; remove it and "
                        "write a plain value.",
                        shown,
                        Pos(*pos),
                    )
                )
            parent = stack[-1] if stack else None
            if kind is scalar_event:
                try:
                    value = _scalar(ev)
                except _NumberTooLong:
                    value = None
                    problems.append(_long_number(ev.value, shown, pos))
                if ev.style == '"' and _ESCAPED_CONTROL.search(ev.value) is not None:
                    escapes += 1
                    if escapes <= MAX_CONTROL_REPORTS + 1:
                        problems.append(_escaped_control(ev.value, shown, pos, escapes))
                if parent is None:
                    positions[()] = pos
                    root = value
                else:
                    _place(parent, value, pos, True, src, problems)
                continue
            loc = _child_loc(parent)
            if len(stack) >= MAX_DEPTH:
                raise _fail(
                    shown,
                    "Y101",
                    f"the YAML is nested more than {MAX_DEPTH} levels deep; no scenario "
                    "needs that.",
                    Pos(*pos),
                )
            if loc is not None:
                positions[loc] = pos
            if (
                parent is not None
                and parent.key is _EXPECT_KEY
                and isinstance(parent.container, dict)
            ):
                problems.append(
                    Diagnostic(
                        "S202",
                        "a key must be a plain word, not a list or a mapping.",
                        shown,
                        Pos(*pos),
                    )
                )
            stack.append(_Frame({} if kind is yaml.MappingStartEvent else [], loc))
    finally:
        parser.dispose()
    return root


class _NumberTooLong(Exception):
    """A plain scalar that looks like a number with more than MAX_NUMBER_CHARS characters."""


def _long_number(value: str, shown: str, pos: tuple[int, int]) -> Diagnostic:
    return Diagnostic(
        "S207",
        f"this number is {len(value):,} characters long; no value in a scenario needs more "
        f"than {MAX_NUMBER_CHARS}, so shorten it (or put it in quotes if it is meant as text).",
        shown,
        Pos(*pos),
    )


def _escaped_control(value: str, shown: str, pos: tuple[int, int], count: int) -> Diagnostic:
    m = _ESCAPED_CONTROL.search(value)
    assert m is not None
    if count > MAX_CONTROL_REPORTS:
        return Diagnostic(
            "Y113",
            "more quoted strings from here on spell control characters; remove every such "
            "escape ('\\0', '\\x1b', '\\e', '\\r', ...).",
            shown,
            Pos(*pos),
        )
    return Diagnostic(
        "Y113",
        f"this quoted string contains the control character {char_name(m.group())}, written "
        "as an escape such as '\\0', '\\x1b', '\\e' or '\\r'; remove it (a text may hold line "
        "breaks and tabs, but no other control characters).",
        shown,
        Pos(*pos),
    )


def _anchor_message(what: str, ev: Any) -> str:
    return (
        f"YAML {what} '{ev.anchor}' is not allowed in a scenario; "
        "write the value out in full where it is used."
    )


def _child_loc(parent: _Frame | None) -> PathKey | None:
    """Where the next value under ``parent`` lives, or None when it is discarded or a key."""
    if parent is None:
        return ()
    if parent.loc is None:
        return None
    if isinstance(parent.container, list):
        return (*parent.loc, len(parent.container))
    if parent.key is _EXPECT_KEY or parent.key is _DROPPED:
        return None
    return (*parent.loc, parent.key)


def _place(
    parent: _Frame,
    value: Any,
    pos: tuple[int, int] | None,
    scalar: bool,
    src: Source,
    problems: list[Diagnostic],
) -> None:
    """Put a finished value into its parent: as a list item, a mapping key or its value."""
    container = parent.container
    if isinstance(container, list):
        if pos is not None and parent.loc is not None:
            src.positions[(*parent.loc, len(container))] = pos
        container.append(value)
        return
    if parent.key is _EXPECT_KEY:
        if not scalar:  # already reported when the collection started
            parent.key = _DROPPED
            return
        key = value if isinstance(value, str) else _key_text(value)
        if key in container:
            child = (*parent.loc, key) if parent.loc is not None else None
            first = src.key_positions.get(child) if child is not None else None
            where = f" (first on line {first[0]})" if first is not None else ""
            problems.append(
                Diagnostic(
                    "Y107",
                    f"key '{key}' appears twice in the same mapping{where}; YAML would silently "
                    "keep only the last, so merge them or rename one.",
                    src.path,
                    Pos(*pos) if pos else NOWHERE,
                )
            )
            parent.key = _DROPPED
            return
        if parent.loc is not None and pos is not None:
            src.key_positions[(*parent.loc, key)] = pos
        parent.key = key
        return
    if parent.key is not _DROPPED:
        if pos is not None and parent.loc is not None:
            src.positions[(*parent.loc, parent.key)] = pos
        container[parent.key] = value
    parent.key = _EXPECT_KEY


def _key_text(value: Any) -> str:
    """Keys are names: ``true:``, ``1:`` and ``null:`` keys keep the words the trainer wrote."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _scalar(ev: Any) -> Any:
    value: str = ev.value
    if ev.style:  # quoted or block scalar: always a string
        return value
    if value in ("true", "false"):
        return value == "true"
    if value in ("", "~", "null"):
        return None
    if _INT.match(value):
        if len(value) > MAX_NUMBER_CHARS:
            raise _NumberTooLong
        return int(value)
    if _FLOAT.match(value):
        if len(value) > MAX_NUMBER_CHARS:
            raise _NumberTooLong
        return float(value)
    return value
