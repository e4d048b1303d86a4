"""A seeded mutation fuzzer: broken scenarios give diagnostics, never a traceback or a hang.

Every shipped scenario (and tests/data/mini.yaml) is mutated the way files really go wrong:
control characters pasted from Word or PDF (also inside comments), deleted and duplicated
lines, swapped or misspelt ids, huge numbers, deep nesting, look-alike and bidi characters,
full-width digits, truncation (also inside a UTF-8 character), shifted indentation, NULs in
quoted strings and portraits that are missing, outside, too long, a pipe, a folder, a link
loop or an image header claiming 20000x20000 pixels.

For each mutant, ``load_scenario`` must either return a Scenario or raise ScenarioError whose
diagnostics are well-formed one-line ``path:line:col: CODE sentence`` messages at a position
inside the file; a mutant that loads is then played for a few random legal steps. A sample
also goes through ``salessim validate``. Everything is derived from one seed, so a failure
names the seed and the mutant number, and prints the mutant to reproduce it:

    FUZZ_SEED=20240611 FUZZ_COUNT=5000 python3 -m pytest tests/engine/test_fuzz.py
"""

from __future__ import annotations

import os
import random
import re
import struct
import time
import traceback
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Diagnostic, ScenarioError, Session, load_scenario
from game.engine.diagnostics import CATALOGUE
from game.engine.session import drive

ROOT = Path(__file__).resolve().parent.parent.parent
SOURCES = [*sorted((ROOT / "scenarios").glob("*.yaml")), ROOT / "tests" / "data" / "mini.yaml"]
SEED = int(os.environ.get("FUZZ_SEED", "20240611"))
#: Mutants per source file, by file; big files cost more per mutant (the default is sized so
#: the whole module runs in about 20 s on one core).
COUNT = int(os.environ.get("FUZZ_COUNT", "0"))
PLAY_STEPS = 30
CLI_EVERY = 25  # every 25th mutant also goes through `salessim validate`
LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]\d{3}) (?P<msg>.+)$")

CONTROLS = ["\x0b", "\x0c", "\x1b", "\x00", "\x07", "\x08", "\x7f", "\x9b", "\x85", "\x01", "\r"]
ODD_UNICODE = [
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u200f",  # right-to-left mark
    "\u200b",  # zero-width space
    "\ufeff",  # byte-order mark in the middle
    "\u0430",  # Cyrillic a
    "\u0435",  # Cyrillic e
    "\u043e",  # Cyrillic o
    "\u0456",  # Cyrillic i
    "\u03bf",  # Greek omicron
    "\uff11",  # full-width digit one
    "\uff10\uff10",  # full-width zeros
    "\u3000",  # ideographic space
    "\u2028",  # line separator
    "\ufffe",  # non-character
    "\U0001f600",  # emoji
    "名",
    "ｐａｉｎ",
    "\u0301",  # combining accent
]
REFERENCE_KEYS = (
    "goto",
    "end",
    "pass",
    "fail",
    "speaker",
    "owner",
    "picks_up",
    "start",
    "loop_back",
)
PORTRAITS = [
    "missing.png",
    "../outside.png",
    "/etc/passwd",
    "ok.png",
    "huge.png",
    "huge.gif",
    "huge.jpg",
    "huge.bmp",
    "fifo.png",
    "folder",
    "loop.png",
    "dangling.png",
    "notimage.png",
    "empty.png",
    "x" * 300 + ".png",
    "a/" * 3000 + "b.png",
    "",
    ".",
    "nul\\0.png",
    "esc\\e[2J.png",
    "new\\nline.png",
]


# -- portrait fixtures --------------------------------------------------------------------


def png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk) & 0xFFFFFFFF)
    )


def make_portraits(folder: Path) -> None:
    """The files the portrait mutations name, next to where mutants are written."""
    (folder / "ok.png").write_bytes(png_header(64, 64) + b"\x00" * 16)
    (folder / "huge.png").write_bytes(png_header(20000, 20000))
    (folder / "huge.gif").write_bytes(b"GIF89a" + struct.pack("<HH", 20000, 20000) + b"\x00" * 8)
    jpeg = b"\xff\xd8\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00" + b"\x00" * 9
    jpeg += b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 20000, 20000, 3) + b"\x00" * 6
    (folder / "huge.jpg").write_bytes(jpeg)
    bmp = b"BM" + b"\x00" * 12 + struct.pack("<IiiHH", 40, 20000, -20000, 1, 24) + b"\x00" * 24
    (folder / "huge.bmp").write_bytes(bmp)
    (folder / "notimage.png").write_text("this is not an image\n", encoding="utf-8")
    (folder / "empty.png").write_bytes(b"")
    (folder / "folder").mkdir(exist_ok=True)
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo.png")
    (folder / "loop.png").symlink_to(folder / "loop.png")
    (folder / "dangling.png").symlink_to(folder / "nowhere.png")


# -- mutations ----------------------------------------------------------------------------

Mutation = Callable[[random.Random, str], str]


def _at(rng: random.Random, text: str) -> int:
    return rng.randrange(len(text) + 1)


def _lines(text: str) -> list[str]:
    return text.split("\n")


def insert_control(rng: random.Random, text: str) -> str:
    i = _at(rng, text)
    return text[:i] + rng.choice(CONTROLS) + text[i:]


def control_in_comment(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    k = rng.randrange(len(lines))
    lines[k] = lines[k] + "  # pasted from Word" + rng.choice(CONTROLS) + "page 2"
    return "\n".join(lines)


def delete_line(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def duplicate_line(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    k = rng.randrange(len(lines))
    lines.insert(k, lines[k])
    return "\n".join(lines)


def swap_lines(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


def swap_ids(rng: random.Random, text: str) -> str:
    """Point a reference somewhere else: another id of the file, a typo or a look-alike."""
    refs = list(re.finditer(rf"\b({'|'.join(REFERENCE_KEYS)}): ([A-Za-z0-9_-]+)", text))
    if not refs:
        return text
    m = rng.choice(refs)
    words = re.findall(r"^ {2}([a-z][a-z0-9_]*):", text, re.M)
    ident = m.group(2)
    pick = rng.randrange(4)
    if pick == 0 and words:
        new = rng.choice(words)
    elif pick == 1 and len(ident) > 1:
        k = rng.randrange(len(ident))
        new = ident[:k] + ident[k + 1 :]
    elif pick == 2:
        k = rng.randrange(len(ident) + 1)
        new = ident[:k] + rng.choice("аеоі") + ident[k + 1 :]  # Cyrillic look-alikes
    else:
        new = ident.upper()
    return text[: m.start(2)] + new + text[m.end(2) :]


def rename_id(rng: random.Random, text: str) -> str:
    """Rename a declared id (a key at indentation 2) to a look-alike or a full-width one."""
    keys = list(re.finditer(r"^ {2}([a-z][a-z0-9_]*):", text, re.M))
    if not keys:
        return text
    m = rng.choice(keys)
    ident = m.group(1)
    new = rng.choice(
        [
            ident.replace("a", "а", 1),
            ident.replace("o", "о", 1),
            ident.translate({ord(c): ord(c) + 0xFEE0 for c in "abcdefghijklmnopqrstuvwxyz"}),
            ident + "\u200b",
            "\u202e" + ident,
        ]
    )
    return text[: m.start(1)] + new + text[m.end(1) :]


def huge_number(rng: random.Random, text: str) -> str:
    nums = list(re.finditer(r"(?<=: )-?[0-9]+\b", text))
    digits = rng.choice([4301, 5000, 20000, 40])
    big = "9" * digits
    if rng.random() < 0.3:
        big = big + "." + "9" * rng.randrange(1, 400)
    if not nums or rng.random() < 0.2:
        lines = _lines(text)
        k = rng.randrange(len(lines))
        lines.insert(k, f"x{k}: {big}")
        return "\n".join(lines)
    m = rng.choice(nums)
    return text[: m.start()] + big + text[m.end() :]


def deep_nesting(rng: random.Random, text: str) -> str:
    depth = rng.choice([30, 63, 64, 65, 200, 5000])
    value = rng.choice(["[" * depth + "]" * depth, "{a: " * depth + "1" + "}" * depth])
    if rng.random() < 0.3:  # a condition nested deeply
        value = '"' + "(" * depth + "trust >= 1" + ")" * depth + '"'
    if rng.random() < 0.2:
        value = '"' + "not " * depth + 'trust >= 1"'
    values = list(re.finditer(r"(?<=: )[^\n{}\[\]]+$", text, re.M))
    if not values:
        return text
    m = rng.choice(values)
    return text[: m.start()] + value + text[m.end() :]


def odd_unicode(rng: random.Random, text: str) -> str:
    i = _at(rng, text)
    return text[:i] + rng.choice(ODD_UNICODE) + text[i:]


def truncate(rng: random.Random, text: str) -> str:
    data = text.encode("utf-8", "surrogateescape")
    return data[: rng.randrange(len(data) + 1)].decode("utf-8", "surrogateescape")


def shift_indent(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    k = rng.randrange(len(lines))
    span = rng.randrange(1, 6)
    shift = rng.choice([-4, -2, -1, 1, 2, 4])
    for j in range(k, min(len(lines), k + span)):
        if shift > 0:
            lines[j] = rng.choice([" ", "\t"]) * shift + lines[j]
        else:
            lines[j] = lines[j][min(-shift, len(lines[j]) - len(lines[j].lstrip(" "))) :]
    return "\n".join(lines)


def nul_in_string(rng: random.Random, text: str) -> str:
    """A double-quoted string gets an escape that decodes to a control character."""
    quoted = list(re.finditer(r'"([^"\\\n]*)"', text))
    escape = rng.choice(["\\0", "\\x00", "\\e", "\\x1b[2J", "\\a", "\\r", "\\x9b", "\\u202e"])
    if not quoted:
        return text
    m = rng.choice(quoted)
    k = m.start(1) + rng.randrange(len(m.group(1)) + 1)
    return text[:k] + escape + text[k:]


def bad_portrait(rng: random.Random, text: str) -> str:
    """Give a stakeholder a portrait from PORTRAITS (missing, outside, a pipe, a huge header...)."""
    roles = list(re.finditer(r"role: [a-z_]+", text))
    if not roles:
        return text
    m = rng.choice(roles)
    line_start = text.rfind("\n", 0, m.start()) + 1
    # in a flow mapping ({name: ..., role: user}) the next key follows a comma; in a block
    # mapping it starts a new line at the same indentation
    flow = "{" in text[line_start : m.start()]
    sep = ", " if flow else "\n" + " " * (m.start() - line_start)
    return text[: m.end()] + f'{sep}portrait: "{rng.choice(PORTRAITS)}"' + text[m.end() :]


def replace_value(rng: random.Random, text: str) -> str:
    values = list(re.finditer(r"(?<=: )[^\n]+$", text, re.M))
    if not values:
        return text
    m = rng.choice(values)
    new = rng.choice(
        [
            "true",
            "~",
            "[]",
            "{}",
            "-1",
            "0",
            "1.5",
            "yes",
            '""',
            "x" * 3000,
            '"trust >= >= 1"',
            '"pain.nothing == explicit"',
            "&a x",
            "*a",
            "!!python/object:os.system x",
            "|\n  block",
            "---",
            "'unterminated",
        ]
    )
    return text[: m.start()] + new + text[m.end() :]


def flip_byte(rng: random.Random, text: str) -> str:
    data = bytearray(text.encode("utf-8", "surrogateescape"))
    if not data:
        return text
    k = rng.randrange(len(data))
    data[k] = rng.randrange(256)
    return bytes(data).decode("utf-8", "surrogateescape")


def misspell_key(rng: random.Random, text: str) -> str:
    keys = list(re.finditer(r"^\s*-?\s*([a-z_]+):", text, re.M))
    if not keys:
        return text
    m = rng.choice(keys)
    key = m.group(1)
    k = rng.randrange(len(key))
    return text[: m.start(1)] + key[:k] + key[k + 1 :] + text[m.end(1) :]


def retarget(rng: random.Random, text: str) -> str:
    """A goto, pass or fail sent to another node of the file: still valid, new paths to play."""
    refs = list(re.finditer(r"\b(goto|pass|fail): ([A-Za-z0-9_-]+)", text))
    nodes = re.findall(r"\b(?:goto|pass|fail): ([A-Za-z0-9_-]+)", text)
    if not refs:
        return text
    m = rng.choice(refs)
    return text[: m.start(2)] + rng.choice(nodes) + text[m.end(2) :]


def unicode_in_text(rng: random.Random, text: str) -> str:
    """Bidi marks, look-alikes, full-width digits or emoji inside a text the trainee reads."""
    texts = list(re.finditer(r"\b(says|say|text|title|name): (?![{\[|>'\"])([^\n#]+)$", text, re.M))
    if not texts:
        return text
    m = rng.choice(texts)
    k = m.start(2) + rng.randrange(len(m.group(2)) + 1)
    odd = "".join(rng.choice(ODD_UNICODE) for _ in range(rng.randrange(1, 4)))
    odd = odd.replace("\u2028", "").replace("\ufffe", "")  # those two are refused (Y112)
    return text[:k] + odd + text[k:]


def small_number(rng: random.Random, text: str) -> str:
    nums = list(re.finditer(r"(?<=: )[+-]?[0-9]+\b", text))
    if not nums:
        return text
    m = rng.choice(nums)
    return text[: m.start()] + rng.choice(["0", "1", "-1", "+3", "600", "3600"]) + text[m.end() :]


MUTATIONS: list[Mutation] = [
    retarget,
    retarget,
    retarget,
    unicode_in_text,
    unicode_in_text,
    small_number,
    insert_control,
    control_in_comment,
    delete_line,
    duplicate_line,
    swap_lines,
    swap_ids,
    swap_ids,
    rename_id,
    huge_number,
    deep_nesting,
    odd_unicode,
    odd_unicode,
    truncate,
    shift_indent,
    nul_in_string,
    nul_in_string,
    bad_portrait,
    bad_portrait,
    replace_value,
    flip_byte,
    misspell_key,
]


@dataclass
class Mutant:
    source: Path
    number: int
    operations: list[str]
    data: bytes

    def describe(self) -> str:
        shown = self.data if len(self.data) < 4000 else self.data[:4000] + b"..."
        return (
            f"seed {SEED}, {self.source.name} mutant {self.number}: "
            f"{' + '.join(self.operations)}\n{shown!r}"
        )


def mutant(source: Path, text: str, number: int) -> Mutant:
    """The ``number``-th mutant of ``source``; the same seed always gives the same one."""
    rng = random.Random(f"{SEED}:{source.name}:{number}")
    ops: list[str] = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        mutation = rng.choice(MUTATIONS)
        ops.append(mutation.__name__)
        text = mutation(rng, text)
    return Mutant(source, number, ops, text.encode("utf-8", "surrogateescape"))


# -- checking one mutant ------------------------------------------------------------------


def check_diagnostics(found: list[Diagnostic], data: bytes, shown: str) -> None:
    lines = data.count(b"\n") + 1
    for d in found:
        assert d.code in CATALOGUE, d.code
        assert d.path == shown
        assert 1 <= d.pos.line <= lines + 1 and d.pos.col >= 1, f"{d.pos} outside the file"
        text = str(d)
        assert "\n" not in text and "\r" not in text and "\x1b" not in text, repr(text)
        m = LINE.match(text)
        assert m is not None and m.group("code") == d.code, repr(text)
        assert d.message.endswith((".", "?")), repr(text)


def play(scenario: object, rng: random.Random) -> None:
    session = Session(scenario, language=rng.choice(["zh", "en"]))  # type: ignore[arg-type]
    drive(
        session,
        lambda s: rng.randrange(1, len(s.view().choices) + 1),
        show=lambda s: s.view(),  # every view a UI would draw must build
        limit=PLAY_STEPS,
    )
    session.quit()
    session.record()


@dataclass
class Tally:
    mutants: int = 0
    loaded: int = 0
    refused: int = 0
    validated: int = 0
    failures: list[str] | None = None


def run_one(m: Mutant, folder: Path, tally: Tally, capsys: pytest.CaptureFixture[str]) -> None:
    path = folder / f"{m.source.stem}.yaml"
    path.write_bytes(m.data)
    shown = str(path)
    tally.mutants += 1
    try:
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            tally.refused += 1
            assert exc.diagnostics, "a ScenarioError carries at least one diagnostic"
            check_diagnostics(exc.diagnostics, m.data, shown)
        else:
            tally.loaded += 1
            check_diagnostics(list(scenario.warnings), m.data, shown)
            play(scenario, random.Random(m.number))
        if m.number % CLI_EVERY == 0:
            tally.validated += 1
            code = main(["validate", str(path)])
            out, err = capsys.readouterr()
            assert code in (0, 1), f"exit {code}: {err}"
            assert "Traceback" not in out + err
            assert out.splitlines()[-1].startswith("1 file checked:"), out
    except Exception:
        assert tally.failures is not None
        tally.failures.append(f"{m.describe()}\n{traceback.format_exc()}")


DEFAULT_COUNTS = {"mini": 2500}  # other (large) files: 250 each


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_mutants_never_crash(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_portraits(tmp_path)
    text = source.read_text(encoding="utf-8")
    count = COUNT or DEFAULT_COUNTS.get(source.stem, 250)
    tally = Tally(failures=[])
    started = time.perf_counter()
    for number in range(count):
        run_one(mutant(source, text, number), tmp_path, tally, capsys)
        if tally.failures and len(tally.failures) >= 5:
            break
    seconds = time.perf_counter() - started
    print(  # shown with -s, -rP or on failure
        f"\nfuzz {source.name}: seed {SEED}, {tally.mutants} mutants in {seconds:.1f} s "
        f"({tally.loaded} loaded and played, {tally.refused} refused, "
        f"{tally.validated} through validate)"
    )
    assert not tally.failures, "\n\n".join(tally.failures)


def test_mutants_are_reproducible() -> None:
    text = SOURCES[-1].read_text(encoding="utf-8")
    assert mutant(SOURCES[-1], text, 7).data == mutant(SOURCES[-1], text, 7).data
