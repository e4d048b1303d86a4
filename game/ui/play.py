"""One scenario being played in the window: the current attempt, recorded and scored.

This is orchestration only. Which choices exist, what the buyer says, the stage, the gates,
the clock and the outcome all come from the engine's ``Session``; recording and scoring
come from ``game.attempt``, the same pipeline terminal play uses. The game only starts
attempts, forwards the trainee's input and ends them.

The briefing reads a *preview* session (nothing recorded): a trainee who opens a scenario
and goes back leaves no abandoned records behind. ``start`` begins the recorded attempt.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from game.attempt import Attempt, FileSink, Sink, SinkError
from game.engine import Scenario, Session, Status, load_scenario
from game.engine.session import SessionError
from game.engine.text import printable
from game.record import MeetingStarted, TraineeMove, TypedLine

if TYPE_CHECKING:
    from game.freetext import Matcher
    from game.scoring import Rubric, ScoreReport


def _warn(message: str) -> None:
    line = printable(message)
    print(line if line.startswith("salessim:") else f"salessim: {line}", file=sys.stderr)


def _plain(message: str) -> str:
    return printable(message).removeprefix("salessim: ")


class Play:
    """A scenario and the current attempt at it.

    Every attempt is recorded: to ``json_out`` when given (an earlier attempt of this run
    there is moved aside to ``name.1.json``...), else to a new file in the records folder.
    """

    def __init__(
        self,
        scenario: Scenario,
        path: Path,
        *,
        language: str,
        trainee: str,
        json_out: Path | None = None,
        db: str | None = None,
        keep_existing: bool = False,
        force: bool = False,
        rubric: Rubric | None = None,
        seed: int | None = None,
        shuffle: bool = True,
    ) -> None:
        self.scenario = scenario
        self.path = path
        self.language = language
        self.trainee = trainee
        self.json_out = json_out
        self.db = db  # the records store (None: $SALESSIM_DB or the trainee's own file)
        self.force = force
        self.rubric = rubric
        self.seed = seed  # a fixed choice order for every attempt, if given
        self.shuffle = shuffle
        self.attempt: Attempt | None = None
        self.report: ScoreReport | None = None
        self.marks: tuple[float, float] | None = None
        self.attempts = 0  # recorded attempts of this scenario begun in this run
        #: The record file holds an earlier attempt from this run (another scenario): keep it.
        self.keep_existing = keep_existing
        self.started = False
        #: what went wrong with the record (not recorded, a write failure), shown at the end
        self.problems: list[str] = []
        self.session = Session(scenario, language=language, trainee=trainee)
        self._matcher: Matcher | None = None

    @property
    def matcher(self) -> Matcher:
        """The free-text matcher for typing mode, made on first use: its embeddings (when
        the extra is installed) are built on a background thread, stage 1 serving until
        then; without the extra, one line on stderr says stage 1 runs alone."""
        if self._matcher is None:
            from game.freetext import Matcher
            from game.freetext.embed import missing

            self._matcher = Matcher(self.scenario)
            if self._matcher.embeddings is None:
                print(f"salessim: note: {missing()}", file=sys.stderr)
        return self._matcher

    # -- the attempt's lifecycle ----------------------------------------------------------

    def start(self) -> None:
        """Begin a recorded attempt (the meeting starts)."""
        from game.records.store import StoreSink  # the store (SQLAlchemy): not at start-up

        self.abandon()
        if self.json_out is not None and (self.attempts > 0 or self.keep_existing):
            self._keep_previous()
        self.attempts += 1
        self.report = None
        self.problems = []
        # the first attempt may replace a file only with --force; later ones moved theirs
        force = self.force or self.attempts > 1 or self.keep_existing
        attempt = self._attempt(
            [FileSink(self.json_out, force=force), StoreSink(self.db, scenario=self.scenario)]
        )
        try:
            self.session = attempt.start()
        except SinkError as exc:
            self._warn(f"{exc} This attempt is not recorded.")
            attempt = self._attempt([])
            self.session = attempt.start()
        self.attempt = attempt
        self.started = True
        import game.scoring  # noqa: F401  (loaded now, at a change of screen, not at the end)

    def earlier_overall(self) -> list[float | None]:
        """The overall of each of this trainee's attempts at this scenario, from the records
        store, this one last (empty for an unnamed trainee or a store that cannot be read)."""
        from game.records.summary import attempts_at

        found = attempts_at(self.db, self.trainee, self.scenario.id)
        return [a.scores["overall"] for a in found[-8:]] if len(found) > 1 else []

    def _attempt(self, sinks: list[Sink]) -> Attempt:
        return Attempt(
            self.scenario,
            language=self.language,
            trainee=self.trainee,
            rubric=self.rubric,
            sinks=sinks,
            warn=self._warn,
            choice_seed=self._choice_seed(),
        )

    def _choice_seed(self) -> int | None:
        """The order the attempt shows choices in (see ``Session``): a new one each attempt."""
        if self.seed is not None:
            return self.seed
        return secrets.randbelow(1 << 31) if self.shuffle else None

    def _warn(self, message: str) -> None:
        """A record problem: one line on stderr, and kept for the debrief to show."""
        _warn(message)
        self.problems.append(_plain(message))

    def restart(self, scenario: Scenario | None = None) -> None:
        """End the current attempt (kept on disk) and begin a new one, maybe of a new version."""
        if scenario is not None:
            self.abandon()
            self.scenario = scenario
        self.start()

    def restart_at_meeting(self, scenario: Scenario) -> bool:
        """A new attempt of ``scenario`` (just reloaded) taken, by the same choices, to the
        start of the meeting under way: a trainer editing meeting 3 need not replay 1 and 2.
        False, and a start from the beginning, if the edited file no longer leads there."""
        events = self.session.events
        starts = [i for i, ev in enumerate(events) if isinstance(ev, MeetingStarted)]
        upto = starts[-1] if starts else 0
        taken = [ev.choice for ev in events[:upto] if isinstance(ev, TraineeMove)]
        self.restart(scenario)
        try:
            for choice_id in taken:
                while self.session.status is Status.LISTENING:
                    self.session.proceed()
                self.session.choose_id(choice_id)
        except SessionError:
            self.restart(scenario)
            return False
        if self.session.finished:
            self.restart(scenario)
            return False
        return True

    def replace_scenario(self, scenario: Scenario) -> None:
        """A reloaded scenario before the meeting starts: a fresh preview, nothing recorded."""
        self.abandon()
        self.scenario = scenario
        self.started = False
        self.session = Session(scenario, language=self.language, trainee=self.trainee)

    def reload(self) -> Scenario:
        """Read the scenario file again; raises ScenarioError (nothing changes) if it broke."""
        return load_scenario(self.path)

    def abandon(self) -> None:
        """End a recorded attempt still in progress: quit, scored as partial, saved."""
        if self.attempt is not None and not self.attempt.finished:
            self.finish()

    # -- forwarding input -----------------------------------------------------------------

    def choose(self, number: int, typed: TypedLine | None = None) -> None:
        """Forward the trainee's choice (with the line typed for it, in typing mode); score
        the session if that ended it."""
        self.session.choose(number, typed=typed)
        if self.session.finished:
            self.finish()

    def proceed(self) -> None:
        """Go on after a line without choices; score the session if that ended it."""
        self.session.proceed()
        if self.session.finished:
            self.finish()

    def finish(self) -> ScoreReport | None:
        """Score the attempt and save its record (once); the report, if it could be scored."""
        attempt = self.attempt
        if attempt is None:
            return self.report
        if not attempt.finished:
            self.report = attempt.finish()
            report = self.report
            if report is not None and report.pass_mark is not None:
                assert report.dimension_floor is not None
                self.marks = (report.dimension_floor, report.pass_mark)
        return self.report

    @property
    def saved(self) -> list[str]:
        """Where the current attempt's record was saved (empty until it ends)."""
        return self.attempt.saved if self.attempt is not None else []

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
            self._warn(f"could not keep the previous record: {exc}")
