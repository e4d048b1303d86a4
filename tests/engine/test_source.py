"""Reading YAML: our scalar rules, positions for every value, and keys kept as written."""

from __future__ import annotations

from game.engine.diagnostics import Pos
from game.engine.source import parse_source


def test_only_true_and_false_are_booleans() -> None:
    src = parse_source(b"a: yes\nb: no\nc: on\nd: true\ne: false\nf: 'true'\ng: True\n", "s.yaml")
    assert src.data == {
        "a": "yes",
        "b": "no",
        "c": "on",
        "d": True,
        "e": False,
        "f": "true",
        "g": "True",
    }


def test_numbers_nulls_and_effect_strings() -> None:
    src = parse_source(b"a: +1\nb: -2\nc: =3\nd: 1.5\ne:\nf: ~\ng: '7'\nh: 0x10\n", "s.yaml")
    assert src.data == {
        "a": 1,
        "b": -2,
        "c": "=3",
        "d": 1.5,
        "e": None,
        "f": None,
        "g": "7",
        "h": "0x10",
    }


def test_keys_keep_the_words_written() -> None:
    src = parse_source(b"1: a\ntrue: b\nnull: c\n", "s.yaml")
    assert src.data == {"1": "a", "true": "b", "null": "c"}


def test_positions_of_values_keys_and_list_items() -> None:
    src = parse_source("nodes:\n  opening:\n    says: 你好\n    cues: [a, b]\n".encode(), "s.yaml")
    assert src.pos(("nodes", "opening", "says")) == Pos(3, 11)
    assert src.key_pos(("nodes", "opening", "says")) == Pos(3, 5)
    assert src.pos(("nodes", "opening", "cues", 1)) == Pos(4, 15)
    # a path that does not exist falls back to its nearest parent
    assert src.pos(("nodes", "opening", "missing", 3)) == Pos(3, 5)


def test_block_scalars_are_text() -> None:
    src = parse_source(b"says: |\n  line one\n  line two\nn: >\n  folded\n  text\n", "s.yaml")
    assert src.data == {"says": "line one\nline two\n", "n": "folded text\n"}


def test_content_hash_is_of_the_bytes() -> None:
    a = parse_source(b"a: 1\n", "x.yaml")
    b = parse_source(b"a: 1 \n", "x.yaml")
    assert a.sha256 != b.sha256 and len(a.sha256) == 64


def test_printable_removes_what_a_terminal_would_obey() -> None:
    from game.engine.text import printable

    assert printable("plain 中文 text · ok") == "plain 中文 text · ok"
    assert printable("a\x1b[2Jb\x1b]0;title\x07c") == "a[2Jb]0;titlec"
    assert printable("line\nbreak\r\ttab\x0bvt\x85nel\u2028ls") == "line break  tab vt nel ls"
    assert printable("\u202eevil\u2066\u2069\u200e\u200f\u061c\x9b\x7f\x00") == "evil"
    assert printable("bad \udcff name") == "bad \ufffd name"


def test_image_size_reads_headers_only() -> None:
    import io
    import struct

    from game.engine.portrait import image_size

    def size(data: bytes) -> tuple[str, int, int] | None:
        return image_size(io.BytesIO(data))

    ihdr = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR" + struct.pack(">II", 640, 480) + b"\x08\x06"
    assert size(ihdr) == ("PNG image", 640, 480)
    assert size(b"GIF87a" + struct.pack("<HH", 32, 16)) == ("GIF image", 32, 16)
    os2 = b"BM" + b"\x00" * 12 + struct.pack("<IHH", 12, 7, 9) + b"\x00" * 8
    assert size(os2) == ("BMP image", 7, 9)
    vp8 = b"RIFF\x00\x00\x00\x00WEBPVP8 \x00\x00\x00\x00" + b"\x00\x00\x00\x9d\x01\x2a"
    assert size(vp8 + struct.pack("<HH", 300, 200)) == ("WebP image", 300, 200)
    vp8l = b"RIFF\x00\x00\x00\x00WEBPVP8L\x00\x00\x00\x00\x2f"
    bits = (100 - 1) | (50 - 1) << 14
    assert size(vp8l + bits.to_bytes(4, "little") + b"\x00" * 8) == ("WebP image", 100, 50)
    jpeg = b"\xff\xd8\xff\xe0\x00\x04ab\xff\xff\xc0\x00\x11\x08" + struct.pack(">HH", 48, 64)
    assert size(jpeg) == ("JPEG image", 64, 48)
    assert size(b"\xff\xd8\xff\xda\x00\x04ab") is None  # scan before any frame header
    assert size(b"\xff\xd8" + b"\xff\xe1\x00\x02" * 20_000) is None  # bounded walk
    assert size(b"") is None and size(b"hello world") is None
    assert size(ihdr[:20]) is None


def test_look_alike_skeletons_and_the_suggester() -> None:
    from game.engine.diagnostics import Suggester, odd_characters, skeleton

    assert skeleton("pаin") == "pain" and skeleton("ｐａｉｎ") == "pain"
    assert skeleton("pa\u200bin\u202e") == "pain" and skeleton("痛点") == "痛点"
    assert odd_characters("痛点_1") == "" and odd_characters("ok") == ""
    assert odd_characters("pаin") == "'а' (U+0430 CYRILLIC SMALL LETTER A)"
    suggest = Suggester()
    nodes = [f"n{i}" for i in range(5000)]
    assert suggest("n123x", nodes, "nodes") == " Did you mean 'n123'?"  # typo index, big set
    assert suggest("n4о", nodes, "nodes") == " Did you mean 'n4'?"  # Cyrillic о
    assert suggest("zzzzzzzzzzzzzz", nodes, "nodes") == ""
    small = Suggester(budget=0)  # budget spent: only the index answers, never difflib
    assert small("opneing", ["opening", "close"], "nodes") == " Did you mean 'opening'?"
    assert small("opening2", ["opening", "close"], "nodes") == " Did you mean 'opening'?"
    assert small("openin", ["opening", "close"], "nodes") == " Did you mean 'opening'?"
    assert small("closing", ["opening", "close"], "nodes") == ""  # not one typo away
