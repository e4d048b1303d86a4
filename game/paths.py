"""Where shipped scenarios and assets live, in a source checkout and in an installed wheel."""

from __future__ import annotations

import os
import stat
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
DEFAULT_SCENARIO_ID = "campus-security"


def _data_dir(name: str) -> Path:
    bundled = _PACKAGE / "_data" / name  # a wheel install carries them inside the package
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent / name  # a checkout or an editable install


def scenarios_dir() -> Path:
    return _data_dir("scenarios")


def assets_dir() -> Path:
    return _data_dir("assets")


def default_scenario() -> Path:
    return scenarios_dir() / f"{DEFAULT_SCENARIO_ID}.yaml"


def find_scenario(name: str) -> Path | None:
    """A scenario by path, or by id (its header's ``id:``) or file name among the shipped
    ones: ``salessim play campus-security``. The catalogue does the looking."""
    from game.catalog import find_scenario as find  # it loads the engine, and imports us

    return find(name)


def read_regular(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of ``path``, which must be a regular file.

    Never blocks: the file is opened non-blocking and checked (``fstat``) before any read,
    so a FIFO, a device or a directory in its place raises OSError instead of hanging.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
            raise OSError(f"{path} is {kind}")
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            return fh.read(limit)
    finally:
        if fd >= 0:
            os.close(fd)
