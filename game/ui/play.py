"""One scenario being played: the Session, its record on disk, and its scores at the end.

This is orchestration only. Which choices exist, what the buyer says, the stage, the gates,
the clock and the outcome all come from the engine's ``Session``; the scores come from
``game.scoring``. The game only starts sessions, ends them and saves what they produce.

The briefing reads a *preview* session (no record written): a trainee who opens a scenario
and goes back leaves no abandoned records behind. ``start`` begins the recorded attempt.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.engine import Scenario, Session, load_scenario
from game.engine.record import RecordWriter

if TYPE_CHECKING:
    from game.scoring import ScoreReport


def score(record: dict[str, Any]) -> ScoreReport:
    """The scoring engine's verdict on a finished record.

    Scoring is imported on first use (it costs ~60 ms): not before the first frame.
    """
    from game.scoring import score_record

    return score_record(record)


class Play:
    """A scenario and the current attempt at it."""

    def __init__(
        self,
        scenario: Scenario,
        path: Path,
        *,
        language: str,
        trainee: str,
        json_out: Path | None = None,
        keep_existing: bool = False,
    ) -> None:
        self.scenario = scenario
        self.path = path
        self.language = language
        self.trainee = trainee
        self.json_out = json_out
        self.writer = RecordWriter(json_out) if json_out is not None else None
        self.report: ScoreReport | None = None
        self.marks: tuple[float, float] | None = None
        self.scored = False
        self.attempts = 0  # recorded attempts of this scenario begun in this run
        #: The record file holds an earlier attempt from this run (another scenario): keep it.
        self.keep_existing = keep_existing
        self.started = False
        self.session = self._session(record=False)

    def _session(self, *, record: bool) -> Session:
        return Session(
            self.scenario,
            language=self.language,
            trainee=self.trainee,
            on_change=self.writer if record else None,
        )

    # -- the attempt's lifecycle ----------------------------------------------------------

    def start(self) -> None:
        """Begin a recorded attempt (the meeting starts)."""
        self.abandon()
        if self.attempts > 0 or self.keep_existing:
            self._keep_previous()
        self.attempts += 1
        self.report = None
        self.scored = False
        if self.writer is not None:
            self.writer.extra.pop("scores", None)
        self.session = self._session(record=True)
        self.started = True
        import game.scoring  # noqa: F401  (loaded now, at a change of screen, not at the end)

    def restart(self, scenario: Scenario | None = None) -> None:
        """End the current attempt (kept on disk) and begin a new one, maybe of a new version."""
        if scenario is not None:
            self.abandon()
            self.scenario = scenario
        self.start()

    def replace_scenario(self, scenario: Scenario) -> None:
        """A reloaded scenario before the meeting starts: a fresh preview, nothing recorded."""
        self.abandon()
        self.scenario = scenario
        self.started = False
        self.session = self._session(record=False)

    def reload(self) -> Scenario:
        """Read the scenario file again; raises ScenarioError (nothing changes) if it broke."""
        return load_scenario(self.path)

    def abandon(self) -> None:
        """Stop a recorded session still in progress; ``quit`` writes it (status abandoned)."""
        if self.started and not self.session.finished:
            self.session.quit()

    # -- forwarding input -----------------------------------------------------------------

    def choose(self, number: int) -> None:
        """Forward the trainee's choice; score the session if that ended it."""
        self.session.choose(number)
        self.finish()

    def proceed(self) -> None:
        """Go on after a line without choices; score the session if that ended it."""
        self.session.proceed()
        self.finish()

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
        report = self.report
        if report is not None and report.pass_mark is not None:
            assert report.dimension_floor is not None
            self.marks = (report.dimension_floor, report.pass_mark)
        if self.writer is not None and self.started:
            if self.report is not None:
                from game.scoring import add_scores

                add_scores(record, self.report)
                self.writer.extra["scores"] = record["scores"]  # kept if written again
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
