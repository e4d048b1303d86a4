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
