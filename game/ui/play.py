"""One scenario being played: the Session, its record on disk, and its scores at the end.

This is orchestration only. Which choices exist, what the buyer says, the stage, the gates,
the clock and the outcome all come from the engine's ``Session``; the scores come from
``game.scoring``. The game only starts sessions, ends them and saves what they produce.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from game.engine import Scenario, Session, load_scenario
from game.engine.record import RecordWriter
from game.scoring.report import ScoreReport


def score(record: dict[str, Any]) -> ScoreReport | None:
    """The scoring engine's verdict on a finished record; None if scoring is not installed."""
    try:
        from game.scoring import score_record  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return None
    report: ScoreReport = score_record(record)
    return report


class Play:
    """A scenario and the current attempt at it. ``restart`` begins a fresh attempt."""

    def __init__(
        self,
        scenario: Scenario,
        path: Path,
        *,
        language: str,
        trainee: str,
        json_out: Path | None = None,
    ) -> None:
        self.scenario = scenario
        self.path = path
        self.language = language
        self.trainee = trainee
        self.json_out = json_out
        self.writer = RecordWriter(json_out) if json_out is not None else None
        self.report: ScoreReport | None = None
        self.scored = False
        self.attempts = 0
        self.session = self._new_session()

    def _new_session(self) -> Session:
        self.attempts += 1
        self.report = None
        self.scored = False
        if self.writer is not None:
            self.writer.extra.pop("scores", None)
        return Session(
            self.scenario, language=self.language, trainee=self.trainee, on_change=self.writer
        )

    def reload(self) -> Scenario:
        """Read the scenario file again; raises ScenarioError (nothing changes) if it broke."""
        return load_scenario(self.path)

    def restart(self, scenario: Scenario | None = None) -> None:
        """End the current attempt (kept on disk) and begin a new one, maybe of a new version."""
        self.abandon()
        self._keep_previous()
        if scenario is not None:
            self.scenario = scenario
        self.session = self._new_session()

    def abandon(self) -> None:
        """Stop a session still in progress; ``quit`` writes the record (status abandoned)."""
        if not self.session.finished:
            self.session.quit()

    def finish(self) -> ScoreReport | None:
        """Once the session has ended: score it and save the scores with the record."""
        if not self.session.finished or self.scored:
            return self.report
        self.scored = True
        record = self.session.record()
        try:
            self.report = score(record)
        except Exception as exc:  # a scoring bug must not take the trainee's debrief away
            print(f"salessim: scoring failed: {exc!r}", file=sys.stderr)
            self.report = None
        if self.writer is not None:
            if self.report is not None:
                self.writer.extra["scores"] = self.report.to_dict()
            self.writer(record)
        return self.report

    def _keep_previous(self) -> None:
        """Move the last attempt's record aside (``name.1.json``...) so a restart loses nothing."""
        out = self.json_out
        if out is None or not out.is_file():
            return
        n = 1
        while (kept := out.with_name(f"{out.stem}.{n}{out.suffix}")).exists():
            n += 1
        try:
            out.replace(kept)
        except OSError as exc:
            print(f"salessim: could not keep the previous record: {exc}", file=sys.stderr)
