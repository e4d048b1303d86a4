"""One attempt at a scenario: start → play → score → persist, for every front end.

Terminal play and the game window both run their sessions through ``Attempt``, so a record
is written, scored and saved the same way whoever drives it, and ``--rubric`` means the same
in both. Where the record goes is a list of *sinks*: today the record file (a journal while
playing, one JSON file at the end); the records store is the next.

A sink is checked before the session starts (``open`` raises ``SinkError`` with one line to
show: the session does not begin). Once play has begun a sink failure never ends the
session: the sink says so in one line (through ``warn``) and keeps the record for the end,
when it saves it where that line said.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, Protocol

from game.engine.scenario import Scenario
from game.engine.session import Clock, Session, utc_now
from game.record import Event, RecordError
from game.record.files import (
    Journal,
    RecordFileError,
    is_regular_or_absent,
    journal_path,
    read_record,
    write_record,
)

if TYPE_CHECKING:  # scoring loads on first use (~60 ms): not before the game's first frame
    from game.scoring import Rubric, ScoreReport

Warn = Callable[[str], None]


class SinkError(Exception):
    """A sink that cannot take the session; the message is one sentence to show."""


class Sink(Protocol):
    """Where an attempt's record goes."""

    def open(self, head: dict[str, Any], warn: Warn) -> None:
        """Get ready before the session starts; raise SinkError if it cannot be done."""

    def on_event(self, event: Event) -> None:
        """One event, as it happens; must not raise (report through ``warn``)."""

    def close(self, record: dict[str, Any]) -> str | None:
        """The final record (with scores); returns where it was saved, or None."""


def data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "salessim"


def records_dir() -> Path:
    """Where sessions are recorded by default (``--json-out`` chooses another place)."""
    return data_dir() / "records"


def default_record_path(head: dict[str, Any], folder: Path | None = None) -> Path:
    """``<folder>/20261203-091500-campus-security-1a2b3c4d.json`` for a record (or its head):
    sorted by time, unique by session id, ASCII only."""
    stamp = str(head.get("started_at", "")).replace("-", "").replace(":", "").replace("T", "-")
    scenario = head.get("scenario", {}).get("id", "")
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", str(scenario))[:60].strip("-.") or "scenario"
    session_id = re.sub(r"[^A-Za-z0-9]", "", str(head.get("session_id", "")))[:8]
    return (folder or records_dir()) / f"{stamp[:15]}-{name}-{session_id}.json"


class FileSink:
    """The record file: a journal appended while playing, the record written at the end.

    Writes only regular files, refuses to replace another session's record unless
    ``force``, and locks against a second writer (see ``game.record.files``).
    """

    def __init__(
        self, path: Path | None = None, *, force: bool = False, fallback: Path | None = None
    ) -> None:
        #: None: a new file in the records folder, named when the session opens it
        self.path = path or records_dir() / "record.json"
        self.default = path is None
        self.force = force
        self.fallback = fallback
        self.journal = Journal(self.path)
        self.failed = False
        self._warn: Warn = lambda _m: None

    def open(self, head: dict[str, Any], warn: Warn) -> None:
        self._warn = warn
        if self.default:
            self.path = default_record_path(head)
            self.journal = Journal(self.path)
        path = self.path
        check_target(path, force=self.force)
        try:
            self.journal.open(head)
        except RecordFileError as exc:
            raise SinkError(f"cannot record the session: {exc}.") from None
        except OSError as exc:
            raise SinkError(
                f"cannot write the record to {path} ({exc.strerror or exc}); "
                "choose a folder you can write to."
            ) from None

    def on_event(self, event: Event) -> None:
        if self.failed:
            return
        try:
            self.journal.append(event.to_dict())
        except OSError as exc:
            self.failed = True
            self.journal.close(remove=False)
            self._warn(
                f"cannot write the record to {self.path} ({exc.strerror or exc}); the session "
                f"goes on and will be saved to {self._fallback()} when it ends."
            )

    def _fallback(self) -> Path:
        if self.fallback is not None:
            return self.fallback
        return records_dir() / self.path.name

    def close(self, record: dict[str, Any]) -> str | None:
        targets = [self.path] if not self.failed else []
        targets.append(self._fallback())
        for target in targets:
            try:
                write_record(target, record)
            except OSError as exc:
                self._warn(f"cannot save the record to {target} ({exc.strerror or exc}).")
                continue
            self.journal.close(remove=True)
            return str(target)
        self.journal.close(remove=False)
        return None


def check_target(path: Path, *, force: bool = False) -> None:
    """Raise SinkError if a record may not be written to ``path``: it is not a regular
    file, or it exists and ``force`` was not given. The game checks before its window opens."""
    if path.is_dir() or not is_regular_or_absent(path):
        raise SinkError(f"{path} is not a regular file; give a file name for the record.")
    if path.exists() and not force:
        raise SinkError(_occupied(path))


def _occupied(path: Path) -> str:
    """Why an existing file is not replaced, naming whose record it is when it is one."""
    try:
        record = read_record(path)
    except ValueError:
        return (
            f"{path} already exists and is not a session record; choose another file, "
            "or add --force to replace it."
        )
    who = record.get("trainee") or "?"
    when = record.get("started_at") or "?"
    return (
        f"{path} already holds the record of another session ({who}, {when}); choose "
        "another file, or add --force to replace it."
    )


class Attempt:
    """A scenario being played once: its session, where it is recorded, its scores.

    ``start`` checks every sink and begins the session; drive ``session`` (or ``step``
    through a front end); ``finish`` scores it and saves the record once it has ended
    (or was quit). ``finish`` is idempotent.
    """

    def __init__(
        self,
        scenario: Scenario,
        *,
        language: str | None = None,
        trainee: str = "",
        rubric: Rubric | None = None,
        sinks: Sequence[Sink] = (),
        warn: Warn = lambda _m: None,
        clock: Clock = utc_now,
        choice_seed: int | None = None,
    ) -> None:
        self.scenario = scenario
        self.language = language
        self.trainee = trainee
        self.rubric = rubric
        self.sinks = list(sinks)
        self.warn = warn
        self.clock = clock
        self.choice_seed = choice_seed
        self.report: ScoreReport | None = None
        self.saved: list[str] = []
        self.finished = False
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the attempt has not started")
        return self._session

    def start(self) -> Session:
        """Open every sink (SinkError if one cannot take the record) and begin the session."""
        session = Session(
            self.scenario,
            language=self.language,
            trainee=self.trainee,
            clock=self.clock,
            choice_seed=self.choice_seed,
        )
        opened: list[Sink] = []
        try:
            for sink in self.sinks:
                sink.open(session.record_head(), self.warn)
                opened.append(sink)
        except SinkError:
            for sink in opened:
                if isinstance(sink, FileSink):
                    sink.journal.close(remove=True)
            raise
        for event in session.events:
            self._event(event)
        session.on_event = self._event
        self._session = session
        return session

    def _event(self, event: Event) -> None:
        for sink in self.sinks:
            sink.on_event(event)

    def finish(self) -> ScoreReport | None:
        """Score the ended (or quit) session and save its record; returns the report.

        A session still in progress is quit first. A scoring failure is one line through
        ``warn`` (the record is saved without scores), never the end of the debrief.
        """
        if self.finished:
            return self.report
        session = self.session
        if not session.finished:
            session.quit()
        self.finished = True
        from game.scoring import add_scores, score_log
        from game.scoring.log import log_of
        from game.scoring.score import effective_rubric

        record = session.record()
        try:
            log = log_of(session.events)
            self.report = score_log(log, effective_rubric(record, log, self.rubric))
        except (RecordError, ValueError) as exc:
            self.warn(f"salessim: the session could not be scored: {exc}")
            self.report = None
        if self.report is not None:
            add_scores(record, self.report)
        for sink in self.sinks:
            where = sink.close(record)
            if where is not None:
                self.saved.append(where)
        return self.report


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP: the session ends as with Ctrl-C (record kept, status abandoned)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def ending_on_signals() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise ``Terminated`` like Ctrl-C raises
    KeyboardInterrupt, so the session is quit and its record saved."""

    def handler(signum: int, _frame: FrameType | None) -> None:
        raise Terminated(signum)

    saved: dict[signal.Signals, Any] = {}
    for sig in (signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(ValueError, OSError):  # not the main thread: leave them
            saved[sig] = signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, previous in saved.items():
            signal.signal(sig, previous)


__all__ = [
    "Attempt",
    "FileSink",
    "Sink",
    "SinkError",
    "Terminated",
    "check_target",
    "default_record_path",
    "ending_on_signals",
    "journal_path",
    "records_dir",
]
