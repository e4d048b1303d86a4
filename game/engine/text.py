"""Bilingual texts: a plain string in the scenario's language, or a ``{zh, en}`` map.

A missing translation falls back to the scenario's own language, then to whatever is there,
so a half-translated scenario still plays (the validator can point out the gaps).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

LANGUAGES: tuple[str, ...] = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Text:
    """A text as written: ``plain`` (one language) or ``by_lang`` (language -> string)."""

    plain: str | None = None
    by_lang: tuple[tuple[str, str], ...] = ()

    def get(self, lang: str, fallback: str) -> str:
        """The text in ``lang``, else in ``fallback`` (the scenario's language), else any."""
        if self.plain is not None:
            return self.plain
        found = dict(self.by_lang)
        if lang in found:
            return found[lang]
        if fallback in found:
            return found[fallback]
        return self.by_lang[0][1] if self.by_lang else ""

    def as_dict(self, default_lang: str) -> dict[str, str]:
        """Every language this text has, for records that must outlive the scenario file."""
        if self.plain is not None:
            return {default_lang: self.plain}
        return dict(self.by_lang)


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")

#: Speaking rates from the format page: 150 English words or 250 Chinese characters a minute.
WORDS_PER_MINUTE = 150
CHARS_PER_MINUTE = 250


@lru_cache(maxsize=8192)
def speaking_seconds(text: str) -> float:
    """Seconds it takes to say ``text``: CJK characters at 250/min, other words at 150/min.

    Cached: a scenario has a few hundred lines, and the session step, the explorer and the
    records verifier time the same ones again and again.

    Mixed lines (a Chinese sentence naming 'NVR' or a price) count each part at its own rate.
    """
    cjk = len(_CJK.findall(text))
    words = len(_WORD.findall(_CJK.sub(" ", text)))
    return round(cjk * 60.0 / CHARS_PER_MINUTE + words * 60.0 / WORDS_PER_MINUTE, 2)


#: What a terminal must never receive from a scenario: C0 and C1 control characters (ESC
#: starts the sequences that clear the screen or retitle the window, a newline could forge a
#: diagnostic line), DEL, line and paragraph separators, and the marks and overrides that
#: reorder text (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069). Lone surrogates (a file
#: name that is not UTF-8) cannot be printed at all and become U+FFFD.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
#: Of those, the ones that separate words become a space rather than vanish.
_SPACING = frozenset("\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029")


def _unprintable(m: re.Match[str]) -> str:
    char = m.group()
    if char in _SPACING:
        return " "
    return "\ufffd" if "\ud800" <= char <= "\udfff" else ""


def printable(text: str) -> str:
    """``text`` made safe to print on one terminal line: controls and bidi marks removed.

    Tabs, line breaks and other separators become a space; every other C0/C1 control
    character (ESC included), DEL, and the bidi marks, embeddings, overrides and isolates are
    dropped; a lone surrogate becomes U+FFFD. Use it on anything from a scenario or a file
    name that reaches a terminal; print a multi-line text line by line, each through
    ``printable``.
    """
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(_unprintable, text)


def parse_text(value: Any) -> Text:
    """Turn a YAML value into a Text; raises ValueError with a sentence for the trainer."""
    if isinstance(value, str):
        return Text(plain=value)
    if isinstance(value, dict) and value:
        pairs: list[tuple[str, str]] = []
        for lang, item in value.items():
            if lang not in LANGUAGES and item is None and (" " in lang or len(lang) > 3):
                raise ValueError(
                    f"'{lang}' looks like the rest of a text cut off at a comma; in "
                    "{zh: ..., en: ...} put a text that contains a comma in quotes"
                )
            if lang not in LANGUAGES and len(value) == 1 and isinstance(item, str):
                # "弄清预算: 多少钱": YAML read a text holding ': ' as a key and its value
                raise ValueError(
                    f"the text '{lang}: {item}' contains ': ', so YAML read it as a key and a "
                    f'value; put the whole text in quotes: "{lang}: {item}"'
                )
            if lang not in LANGUAGES:
                raise ValueError(f"unknown language '{lang}' in a text; use 'zh' or 'en'")
            if not isinstance(item, str):
                raise ValueError(f"the '{lang}' text must be a string")
            pairs.append((lang, item))
        return Text(by_lang=tuple(pairs))
    raise ValueError("expected a text: a string, or a map like {zh: '…', en: '…'}")


# -- line breaking (the game's text boxes and the terminal share it) --------------------

#: Characters that must not begin a line (Chinese line-breaking rule, 避头点).
NO_LINE_START = frozenset("，。、！？；：）」』》〉】〕”’…—,.!?;:)]}%")
#: Characters that must not end a line (避尾点): opening brackets and quotes.
NO_LINE_END = frozenset("（「『《〈【〔“‘([{")
# Runs of non-space, non-CJK characters (a word with its punctuation) plus trailing spaces,
# else a run of spaces, else one character (each CJK character is its own break point).
_TOKEN = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+[ \t]*|\s+|.")


def columns(text: str) -> int:
    """Columns a string takes in a terminal (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def break_lines(text: str, width: int, measure: Callable[[str], int]) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` as ``measure`` counts (pixels in
    the game, columns in a terminal); newlines are kept. Words stay whole (a word wider
    than a line is broken by characters), Chinese breaks between characters, and no line
    starts with closing punctuation or ends with an opening bracket."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0
        for token in _TOKEN.findall(paragraph):
            w = measure(token)
            # a word fits when its letters do: the space after it may hang over the edge
            if used + (measure(token.rstrip()) if token[-1:] in " \t" else w) <= width or not line:
                if w > width and not token.isspace():
                    # one word wider than the box: break it by characters
                    for ch in token:
                        cw = measure(ch)
                        if used + cw > width and line:
                            lines.append("".join(line).rstrip())
                            line, used = [], 0
                        line.append(ch)
                        used += cw
                    continue
                line.append(token)
                used += w
                continue
            if token.isspace():
                lines.append("".join(line).rstrip())
                line, used = [], 0
                continue
            carried: list[str] = []
            if token[0] in NO_LINE_START and len(line) > 1:
                carried.append(line.pop())  # the previous character goes down with it
            while len(line) > 1 and line[-1][-1:] in NO_LINE_END:
                carried.insert(0, line.pop())  # an opening bracket never ends a line
            lines.append("".join(line).rstrip())
            line = [*carried, token]
            used = sum(measure(t) for t in line)
        lines.append("".join(line).rstrip())
    return lines


def wrap_columns(text: str, width: int) -> list[str]:
    """``text`` for a terminal ``width`` columns wide; a line's leading spaces indent the
    lines it wraps onto."""
    out: list[str] = []
    for line in text.split("\n"):
        body = line.lstrip(" ")
        indent = " " * (len(line) - len(body))
        if columns(line) <= width or not body:
            out.append(line)
            continue
        room = max(width - len(indent), 10)
        out += [indent + part for part in break_lines(body, room, columns)]
    return out
