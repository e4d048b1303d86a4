"""A portrait image, checked without trusting it: the path is the trainer's text and the file
may be anything. Validation and the game both ask ``portrait_problem`` before showing one.

Only the image header is read (PNG, JPEG, GIF, BMP, WebP): a 20000 x 20000 image is refused
by its header, never decoded.
"""

from __future__ import annotations

import os
import re
import stat
import struct
from pathlib import Path, PurePath
from typing import BinaryIO

#: The largest portrait the game will open: 4096 x 4096 pixels (16.7 megapixels, 64 MB once
#: decoded to RGBA). The size is read from the image header at validation, never decoded.
MAX_PORTRAIT_PIXELS = 4096 * 4096
#: ... and the largest portrait file (a portrait is shown a few hundred pixels wide).
MAX_PORTRAIT_BYTES = 16 * 1024 * 1024
PORTRAIT_FORMATS = "PNG, JPEG, GIF, BMP or WebP"
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def portrait_problem(folder: Path, portrait: str) -> tuple[str, str] | None:
    """(code, the rest of a sentence) when ``portrait`` is not an image the game can show.

    Never raises: the path is the trainer's text, so it may hold a NUL, a 300-byte name, a
    link loop or name a pipe; the image is only opened without blocking and only its header
    is read (the pixel budget is checked without decoding anything).
    """
    fix = "give the relative path of an image file next to the scenario."
    if _CONTROL.search(portrait):
        return "A603", f"has a control character in its name; {fix}"
    parts = PurePath(portrait).parts
    if any(len(p.encode("utf-8", "surrogatepass")) > 255 for p in parts):
        return "A603", f"has a file or folder name longer than 255 bytes; {fix}"
    if len(portrait.encode("utf-8", "surrogatepass")) > 4096:
        return "A603", f"is longer than 4,096 bytes; {fix}"
    outside = (
        "points outside the scenario's folder; copy the image next to the scenario and give "
        "its relative path."
    )
    if PurePath(portrait).is_absolute():
        return "A601", outside
    try:
        base = folder.resolve()
        target = (base / portrait).resolve()
    except RuntimeError:  # Python 3.11 reports a symbolic-link loop this way
        return "A603", f"is a symbolic link that loops back on itself; {fix}"
    except (OSError, ValueError) as exc:
        return "A603", f"cannot be looked up ({_os_reason(exc)}); {fix}"
    if not target.is_relative_to(base):
        return "A601", outside
    missing = "does not exist; check the file name, or remove 'portrait' to use a generated avatar."
    try:
        info = os.stat(target)
    except (FileNotFoundError, NotADirectoryError):
        return "A602", missing
    except (OSError, ValueError) as exc:
        return "A603", f"cannot be looked up ({_os_reason(exc)}); {fix}"
    if stat.S_ISDIR(info.st_mode):
        return "A603", f"is a folder, not an image file; {fix}"
    if not stat.S_ISREG(info.st_mode):
        return "A603", f"is a pipe, socket or device, not an image file; {fix}"
    if info.st_size > MAX_PORTRAIT_BYTES:
        return (
            "A605",
            f"is a file of {info.st_size / (1024 * 1024):.0f} MB, more than the "
            f"{MAX_PORTRAIT_BYTES // (1024 * 1024)} MB a portrait may have; save it smaller "
            "(512 x 512 pixels is plenty).",
        )
    try:
        fd = os.open(
            target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        )
    except (OSError, ValueError) as exc:
        return "A603", f"cannot be read ({_os_reason(exc)}); check the file's permissions."
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for a pipe since the stat
            return "A603", f"is not a regular file; {fix}"
        with os.fdopen(fd, "rb", closefd=False) as fh:
            size = image_size(fh)
    except OSError as exc:
        return "A603", f"cannot be read ({_os_reason(exc)}); check the file's permissions."
    finally:
        os.close(fd)
    if size is None:
        return (
            "A604",
            f"is not a {PORTRAIT_FORMATS} image, or it is damaged; save it in one of these "
            "formats, or remove 'portrait' to use a generated avatar.",
        )
    kind, width, height = size
    if width * height > MAX_PORTRAIT_PIXELS:
        return (
            "A605",
            f"is a {kind} of {width} x {height} pixels ({width * height / 1e6:.1f} megapixels), "
            f"more than the {MAX_PORTRAIT_PIXELS / 1e6:.1f} megapixels (4096 x 4096) the game "
            "opens; scale it down (512 x 512 pixels is plenty).",
        )
    return None


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return "the name holds a character no file name may have"


def image_size(fh: BinaryIO) -> tuple[str, int, int] | None:
    """(format, width, height) from an image file's header, or None if it is not a PNG,
    JPEG, GIF, BMP or WebP image with a readable, non-zero size. Reads a few bytes (JPEG:
    skips from segment to segment up to its frame header); decodes nothing."""
    head = fh.read(32)
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR" and len(head) >= 24:
        kind, (width, height) = "PNG image", struct.unpack(">II", head[16:24])
    elif head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        kind, (width, height) = "GIF image", struct.unpack("<HH", head[6:10])
    elif head.startswith(b"BM") and len(head) >= 26:
        kind = "BMP image"
        if struct.unpack("<I", head[14:18])[0] == 12:
            width, height = struct.unpack("<HH", head[18:22])
        else:
            width, height = struct.unpack("<ii", head[18:26])
    elif head.startswith(b"RIFF") and head[8:12] == b"WEBP" and len(head) >= 30:
        kind = "WebP image"
        chunk = head[12:16]
        if chunk == b"VP8 ":
            width, height = (v & 0x3FFF for v in struct.unpack("<HH", head[26:30]))
        elif chunk == b"VP8L":
            b = head[21:25]
            width = 1 + (b[0] | (b[1] & 0x3F) << 8)
            height = 1 + (b[1] >> 6 | b[2] << 2 | (b[3] & 0x0F) << 10)
        elif chunk == b"VP8X":
            width = 1 + int.from_bytes(head[24:27], "little")
            height = 1 + int.from_bytes(head[27:30], "little")
        else:
            return None
    elif head.startswith(b"\xff\xd8"):
        found = _jpeg_size(fh)
        if found is None:
            return None
        kind, (width, height) = "JPEG image", found
    else:
        return None
    width, height = abs(width), abs(height)
    return (kind, width, height) if width and height else None


#: JPEG start-of-frame markers (all but DHT 0xC4, JPG 0xC8 and DAC 0xCC carry the size).
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_size(fh: BinaryIO) -> tuple[int, int] | None:
    fh.seek(2)
    for _ in range(10_000):  # a real file reaches its frame header in a handful of segments
        byte = fh.read(1)
        while byte == b"\xff":
            byte = fh.read(1)
        if not byte:
            return None
        marker = byte[0]
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # standalone markers carry no length
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no frame header first
            return None
        raw = fh.read(2)
        if len(raw) < 2:
            return None
        length = struct.unpack(">H", raw)[0]
        if length < 2:
            return None
        if marker in _SOF:
            frame = fh.read(5)
            if len(frame) < 5:
                return None
            height, width = struct.unpack(">HH", frame[1:5])
            return width, height
        fh.seek(length - 2, os.SEEK_CUR)
    return None
