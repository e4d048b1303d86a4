"""The game opens a portrait only if it is still an image within the budget when shown."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from game.ui.avatar import portrait_path


def png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


def test_a_portrait_swapped_after_validation_is_not_opened(tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text("", encoding="utf-8")
    small = tmp_path / "small.png"
    small.write_bytes(png_header(64, 64))
    assert portrait_path(str(scenario), "small.png") == small.resolve()
    small.write_bytes(png_header(20000, 20000))  # 400 megapixels: refused by its header
    assert portrait_path(str(scenario), "small.png") is None


def test_odd_portrait_names_fall_back_to_the_avatar(tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    for name in ("a\0b.png", "x" * 300 + ".png", "loop", "../outside.png", "missing.png"):
        assert portrait_path(str(scenario), name) is None, name
