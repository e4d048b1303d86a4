"""Session records on disk: an append-only journal while playing, one JSON file at the end.

While a session runs, each event is appended as one line to a JSON Lines *journal* beside
the record (``run.json`` → ``run.json.journal``): a step costs one short write, whatever
the session's length, and a crash or ``kill -9`` loses nothing (every line written is a
complete event). When the session ends the whole record is written to a temporary file and
renamed over the target, so the record file is always one complete JSON document; then the
journal goes. ``read_record`` reads a record, or rebuilds it from a journal left behind.

The journal holds an exclusive lock while its session runs: a second writer to the same
record is refused instead of silently interleaving.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import IO, Any

JOURNAL_SUFFIX = ".journal"
JOURNAL_FORMAT = 1
#: Record files are readable by the owner's group (a manager collects them from a shared
#: folder); the umask may take more away, never the owner's read and write.
RECORD_MODE = 0o640


class RecordFileError(OSError):
    """A record file that cannot be used; the message is one sentence to show."""


def journal_path(record: str | Path) -> Path:
    path = Path(record)
    return path.with_name(path.name + JOURNAL_SUFFIX)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def file_mode() -> int:
    return (0o666 & ~_umask()) | RECORD_MODE


def is_regular_or_absent(path: Path) -> bool:
    """True when ``path`` does not exist or is a regular file (a symlink is followed)."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True  # nothing there: writing will say why it cannot, if it cannot
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode)


class Journal:
    """The append-only journal of one session, locked against a second writer."""

    def __init__(self, record_path: Path) -> None:
        self.path = journal_path(record_path)
        self._fh: IO[str] | None = None

    def open(self, head: dict[str, Any]) -> None:
        """Create (or take over) the journal and write its first line; raises
        RecordFileError if another session holds it or it cannot be written."""
        if not is_regular_or_absent(self.path):
            raise RecordFileError(f"{self.path} is not a regular file")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, file_mode())
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise RecordFileError(
                f"another salessim session is writing {self.path.with_suffix('')}"
            ) from None
        os.ftruncate(fd, 0)
        self._fh = os.fdopen(fd, "a", encoding="utf-8")
        self._line({"journal": JOURNAL_FORMAT, "head": head})

    def append(self, event: dict[str, Any]) -> None:
        self._line(event)

    def _line(self, data: dict[str, Any]) -> None:
        fh = self._fh
        if fh is None:
            raise RecordFileError(f"{self.path} is not open")
        fh.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
        fh.flush()

    def close(self, *, remove: bool) -> None:
        """Release the lock; ``remove`` deletes the journal (the record is safely written)."""
        fh, self._fh = self._fh, None
        if fh is None:
            return
        if remove:
            with contextlib.suppress(OSError):
                self.path.unlink()
        with contextlib.suppress(OSError):
            fh.close()


def write_record(path: Path, record: dict[str, Any]) -> None:
    """Write the record atomically: a temporary file beside it, synced, renamed over it.

    Raises RecordFileError when ``path`` names something other than a regular file (a
    device, a folder, a FIFO): a record never replaces one.
    """
    if not is_regular_or_absent(path):
        raise RecordFileError(f"{path} is not a regular file")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".salessim-", suffix=".json", dir=path.parent)
    try:
        os.fchmod(fd, file_mode())
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(record, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_record(path: str | Path) -> dict[str, Any]:
    """Read a session record, or rebuild it from the journal a stopped session left.

    Raises ValueError with a one-line sentence (file, and line:col where it helps) if the
    file is not a record. Does not check the schema version or the events: the reader of
    the events does (``read_events``, ``check_version``).
    """
    path = Path(path)
    journal = path if path.name.endswith(JOURNAL_SUFFIX) else journal_path(path)
    if journal.exists() and (journal == path or not path.exists()):
        return read_journal(journal)
    if not is_regular_or_absent(path):
        raise ValueError(f"{path}: not a regular file.")
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the record ({exc.strerror}).") from None
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{path}:{exc.lineno}:{exc.colno}: not a JSON session record ({exc.msg})."
        ) from None
    except UnicodeDecodeError:
        raise ValueError(f"{path}:1:1: the record is not UTF-8 JSON.") from None
    except RecursionError:
        raise ValueError(f"{path}:1:1: the record is nested too deeply to be one.") from None
    if not isinstance(data, dict) or "schema_version" not in data or "events" not in data:
        raise ValueError(
            f"{path}:1:1: not a salessim session record (no 'schema_version' or 'events')."
        )
    return data


def read_journal(path: Path) -> dict[str, Any]:
    """The record of a session that stopped without finishing (a crash, ``kill -9``),
    rebuilt from its journal: every complete line kept, a torn last line dropped."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the journal ({exc.strerror}).") from None
    lines = text.split("\n")
    try:
        first = json.loads(lines[0])
    except (ValueError, RecursionError):
        first = None
    if not isinstance(first, dict) or not isinstance(first.get("head"), dict):
        raise ValueError(f"{path}:1:1: not a salessim journal (its first line is no header).")
    record: dict[str, Any] = dict(first["head"])
    events: list[Any] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        try:
            events.append(json.loads(line))
        except (ValueError, RecursionError):
            if number >= len(lines) - 1:
                break  # the last line, torn by the crash
            raise ValueError(f"{path}:{number}:1: the journal line is not JSON.") from None
    record["events"] = events
    record["recovered_from_journal"] = True
    ended = next(
        (e for e in reversed(events) if isinstance(e, dict) and e.get("kind") == "ended"), None
    )
    if ended is not None and ended.get("reason") != "quit":
        record.update(
            status="finished",
            outcome=ended.get("outcome"),
            ending=ended.get("ending"),
            end_reason=ended.get("reason"),
            final_stage=ended.get("stage"),
        )
    else:
        record.update(status="abandoned", end_reason="quit")
    return record
