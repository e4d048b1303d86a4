"""Where shipped scenarios and assets live, in a source checkout and in an installed wheel."""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
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


def cache_dir() -> Path:
    """Where salessim keeps what it can rebuild (the free-text matcher's embeddings):
    ``$XDG_CACHE_HOME/salessim``, by default ``~/.cache/salessim``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "salessim"


def default_scenario() -> Path:
    return scenarios_dir() / f"{DEFAULT_SCENARIO_ID}.yaml"


def find_scenario(name: str, folders: list[Path] | None = None) -> Path | None:
    """A scenario by path, else by id (the ``id:`` in its header) or file name among the
    shipped ones (or ``folders``): ``salessim play campus-security`` finds the file that
    says ``id: campus-security``, whatever it is called.

    Cheap: the file named after ``name`` is tried first, then each scenario file's top-level
    ``id:`` line is read (no YAML parse; this module sits below the engine and the catalogue).
    """
    path = Path(name)
    if path.is_file():
        return path
    if not name or name in (".", "..") or "/" in name or "\\" in name:
        return None
    folders = folders if folders is not None else [scenarios_dir()]
    named = [f for folder in folders for f in (folder / name, folder / f"{name}.yaml")]
    for candidate in named:  # the usual case: the file is called after its id
        if candidate.is_file() and scenario_id(candidate) == name:
            return candidate
    for folder in folders:
        if folder.is_dir():
            for candidate in sorted(folder.glob("*.y*ml")):
                if candidate.suffix in (".yaml", ".yml") and scenario_id(candidate) == name:
                    return candidate
    return next((c for c in named if c.is_file()), None)


#: A top-level ``id:`` line: column 0, the id plain or quoted, maybe a comment after it.
_ID_LINE = re.compile(
    rb"""^id:[ \t]+(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#'"][^\s#]*))[ \t]*(?:#[^\n]*)?\r?$""",
    re.M,
)
#: As the engine's limit: a bigger file is no scenario.
_MAX_SCENARIO_BYTES = 16 * 1024 * 1024


def scenario_id(path: Path) -> str | None:
    """The ``id:`` a scenario file declares (its first top-level ``id:`` line), or None if
    it cannot be read or declares none. Not validated: the catalogue and the engine do that."""
    try:
        data = read_regular(path, _MAX_SCENARIO_BYTES)
    except OSError:
        return None
    found = _ID_LINE.search(data.removeprefix(b"\xef\xbb\xbf"))
    if found is None:
        return None
    raw = next(g for g in found.groups() if g is not None)
    return raw.decode("utf-8", "replace")


def read_regular(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of ``path``, which must be a regular file.

    Never blocks: the file is opened non-blocking and checked (``fstat``) before any read,
    so a FIFO, a device or a directory in its place raises OSError instead of hanging.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "a folder, not a file", str(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file: a pipe or a device", str(path))
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            return fh.read(limit)
    finally:
        if fd >= 0:
            os.close(fd)


def has_display() -> bool:
    """Whether a game window can open here (a display, or SDL's dummy/offscreen driver)."""
    if os.environ.get("SDL_VIDEODRIVER") in ("dummy", "offscreen"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


#: Extra scenario folders, separated as PATH is (':' on Linux and macOS, ';' on Windows).
LIBRARY_ENV = "SALESSIM_SCENARIOS"


def library_folders(
    given: list[str] | None = None, remembered: list[str] | None = None
) -> list[Path]:
    """The folders the picker offers scenarios from: the shipped ones, then the trainer's
    own (``$SALESSIM_SCENARIOS``, the folders remembered in the settings, ``--library``),
    each once, in that order (on a clash of ids the earlier file wins)."""
    found: list[Path] = [scenarios_dir()]
    env = [f for f in os.environ.get(LIBRARY_ENV, "").split(os.pathsep) if f.strip()]
    for name in [*env, *(remembered or []), *(given or [])]:
        folder = Path(name).expanduser()
        if folder.resolve() not in {f.resolve() for f in found}:
            found.append(folder)
    return found
