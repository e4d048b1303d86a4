"""Test plans: a trainer's scripted paths through a scenario (``*.play``), run by
``salessim test``; the project's golden play-throughs are the same files.

A plan names its scenario, the choices to take, and what must follow: the stage trail, the
meetings' outcomes, the ending, and bounds on the scores (the trainer guide shows the lines).
``read_script(path)`` parses a file (a mistake raises ``ScriptError`` naming file:line);
``play(script)`` plays it in a real Session and checks every line as it goes, raising
``PlanFailure`` (what was expected and what happened) at the first line that does not hold;
``check_scores(script, report)`` checks only the score lines, for a report of the same
choices played some other way.
"""

from __future__ import annotations

import operator
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from game.engine import Session, Status, load_scenario
from game.engine.trail import meeting_outcomes, stage_trail
from game.paths import find_scenario, scenario_id
from game.scoring import DIMENSIONS, ScoreReport, score_record

#: What ``expect scores:`` can name: the four dimensions and the overall score.
SCORED = (*DIMENSIONS, "overall")
#: How many of the moments that cost most ``expect costly rules:`` looks at.
COSTLY = 6

_PLAY = {"trail", "meetings", "ending", "outcome"}
_SCORE = {"scores", "tier", "taboos", "costly rules", "moments", "fail reasons"}
_PIN = re.compile(
    r"(?P<what>[a-z_]+)\s*(?P<op>==|=|>=|<=|>|<)?\s*"
    r"(?:(?P<number>-?\d+(?:\.\d+)?)|(?P<none>not assessed))"
)
_MOMENT = re.compile(r"(?P<rule>\S+) at turn (?P<turn>\d+)")
_QUOTED = re.compile(r'\s*"([^"]*)"\s*(?:,|$)')
_OPS = {"==": operator.eq, ">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}


class ScriptError(ValueError):
    """A script that cannot be read: ``file:line: what is wrong``."""


class PlanFailure(AssertionError):
    """A line of a plan that does not hold: ``file:line: what happened``, with what the line
    expected and what the session gave when the two can be set side by side."""

    def __init__(self, message: str, expected: str | None = None, got: str | None = None):
        super().__init__(message)
        self.expected = expected
        self.got = got


def _check(
    holds: object, message: str, expected: str | None = None, got: str | None = None
) -> None:
    if not holds:
        raise PlanFailure(message, expected, got)


@dataclass(frozen=True)
class Pin:
    """One item of ``expect scores:``: ``overall >= 75``, ``pricing_timing not assessed``."""

    what: str  # a dimension or "overall"
    op: str  # "==", ">=", "<=", ">" or "<"
    value: float | None  # None: not assessed

    def holds(self, got: float | None) -> bool:
        if self.value is None or got is None:
            return got is self.value
        return bool(_OPS[self.op](got, self.value))

    def __str__(self) -> str:
        if self.value is None:
            return f"{self.what} not assessed"
        return f"{self.what} {'' if self.op == '==' else self.op + ' '}{self.value:g}"


@dataclass(frozen=True)
class Step:
    """One script line after the header: hear, choose, stage or expect."""

    where: str  # file:line
    verb: str
    words: tuple[str, ...] = ()  # hear/choose/stage: the arguments
    what: str = ""  # expect: what is expected ("trail", "scores" ...)
    value: str = ""  # expect: the text after the colon


@dataclass
class Script:
    path: Path
    scenario: str = ""
    lang: str | None = None
    #: ``calibration row: LABEL | NOTE``: this path's row in docs/scoring.md's table.
    calibration: tuple[str, str] | None = None
    steps: list[Step] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def scenario_path(self) -> Path:
        """The scenario the plan names: a path from the plan's own folder, a scenario id in
        that folder, a shipped scenario's id, or a path from the working directory."""
        here = self.path.parent
        near = here / self.scenario
        if near.is_file():
            return near
        for folder in (here, here.parent):
            for candidate in sorted(folder.glob("*.yaml")):
                if candidate.stem == self.scenario or scenario_id(candidate) == self.scenario:
                    return candidate
        return find_scenario(self.scenario) or Path(self.scenario)

    @property
    def choices(self) -> list[int]:
        """The choice numbers, in order (what ``salessim play --choices`` takes)."""
        return [int(s.words[0]) for s in self.steps if s.verb == "choose"]

    def expected(self, what: str) -> str | None:
        """The value of the last ``expect WHAT:`` line, or None."""
        values = [s.value for s in self.steps if s.verb == "expect" and s.what == what]
        return values[-1] if values else None

    def scores(self) -> list[tuple[list[Pin], bool | None]]:
        """Each ``expect scores:`` line, read: its pins and its verdict."""
        return [
            parse_scores(s.value, s.where)
            for s in self.steps
            if s.verb == "expect" and s.what == "scores"
        ]

    def pins(self) -> list[Pin]:
        """Every ``expect scores:`` item that pins a number (or "not assessed")."""
        return [pin for pins, _ in self.scores() for pin in pins]

    def verdict(self) -> bool | None:
        """``passed`` True, ``failed`` False (the last said), None when none is said."""
        said = [verdict for _, verdict in self.scores() if verdict is not None]
        return said[-1] if said else None

    def exact(self, what: str) -> float | None:
        """The exact pin of a dimension or overall; ScriptError if it has none."""
        for pin in self.pins():
            if pin.what == what and pin.op == "==":
                return pin.value
        raise ScriptError(f"{self.path.name}: no exact pin for {what} in 'expect scores:'")


def parse_scores(value: str, where: str) -> tuple[list[Pin], bool | None]:
    pins: list[Pin] = []
    verdict: bool | None = None
    for item in (i.strip() for i in value.split(",")):
        if item in ("passed", "failed"):
            verdict = item == "passed"
            continue
        match = _PIN.fullmatch(item)
        if not match or match["what"] not in SCORED:
            raise ScriptError(
                f"{where}: cannot read '{item}': write e.g. 'listening 100', 'overall >= 75', "
                f"'pricing_timing not assessed', 'passed' or 'failed' ({', '.join(SCORED)})"
            )
        if match["none"] and match["op"] not in (None, "=", "=="):
            raise ScriptError(f"{where}: '{item}': 'not assessed' takes no comparison")
        op = "==" if match["op"] in (None, "=") else match["op"]
        number = None if match["none"] else float(match["number"])
        pins.append(Pin(match["what"], op, number))
    return pins, verdict


def _names(value: str) -> list[str]:
    return [] if value.strip() == "none" else [v.strip() for v in value.split(",") if v.strip()]


def _quoted(value: str, where: str) -> list[str]:
    found: list[str] = []
    rest = value.strip()
    while rest:
        match = _QUOTED.match(rest)
        if not match:
            raise ScriptError(f'{where}: write the words in quotes: "words", "more words"')
        found.append(match[1])
        rest = rest[match.end() :].strip()
    return found


def read_script(path: Path) -> Script:
    script = Script(path)
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = "" if raw.lstrip().startswith("#") else raw.split(" #", 1)[0].strip()
        if not line:
            continue
        where = f"{path.name}:{number}"
        key, colon, rest = line.partition(":")
        if colon and key in ("scenario", "lang", "calibration row"):
            if script.steps:
                raise ScriptError(f"{where}: '{key}:' belongs before the first step")
            if key == "scenario":
                script.scenario = rest.strip()
            elif key == "lang":
                script.lang = rest.strip()
            else:
                label, _, note = rest.partition("|")
                script.calibration = (label.strip(), note.strip())
            continue
        if not script.scenario:
            raise ScriptError(f"{where}: 'scenario:' must come first")
        verb = line.split(None, 1)[0]
        if verb == "expect":
            what = key[len("expect ") :].strip()
            if not colon or what not in _PLAY | _SCORE:
                known = ", ".join(sorted(_PLAY | _SCORE))
                raise ScriptError(f"{where}: unknown expectation '{line}' (known: {known})")
            step = Step(where, verb, what=what, value=rest.strip())
            if what == "scores":
                parse_scores(step.value, where)
            elif what == "fail reasons":
                _quoted(step.value, where)
            elif what == "moments":
                for item in _names(step.value):
                    if not _MOMENT.fullmatch(item):
                        raise ScriptError(f"{where}: write a moment as 'RULE at turn N'")
            script.steps.append(step)
            continue
        words = tuple(shlex.split(line)[1:])
        choose = verb == "choose" and 1 <= len(words) <= 2 and words[0].isdigit()
        if not (choose or (verb in ("hear", "stage") and len(words) == 1)):
            raise ScriptError(f"{where}: unknown line '{line}'")
        script.steps.append(Step(where, verb, words))
    if not script.scenario:
        raise ScriptError(f"{path.name}: no 'scenario:' line")
    return script


def trail_text(session: Session) -> str:
    marks = {"blocked": "✗", "loop_back": "↺ "}
    return " > ".join(marks.get(s.how, "") + s.stage for s in stage_trail(session.events))


def play(script: Script) -> Session:
    """Play the script in a new session, checking each line; the finished session."""
    session = Session(load_scenario(script.scenario_path), language=script.lang)
    report: ScoreReport | None = None
    for step in script.steps:
        session.advance_to_choice()  # goto lines are passed, as in terminal play
        where = step.where
        if step.verb == "choose":
            _check(
                session.status is Status.CHOOSING, f"{where}: nothing to choose ({session.status})"
            )
            choice = int(step.words[0])
            offered = session.view().choices
            _check(1 <= choice <= len(offered), f"{where}: only {len(offered)} choices offered")
            if len(step.words) > 1:
                text = offered[choice - 1].text
                _check(step.words[1] in text, f"{where}: choice {choice} is '{text}'")
            session.choose(choice)
        elif step.verb == "hear":
            heard = session.view().line
            said = heard.text if heard is not None else "(nothing)"
            _check(heard is not None and step.words[0] in said, f"{where}: heard '{said}'")
        elif step.verb == "stage":
            stage = session.view().stage
            _check(stage == step.words[0], f"{where}: stage is {stage}", step.words[0], stage)
        elif step.what in _PLAY:
            check_play(step, session)
        else:
            _check(session.finished, f"{where}: scores are known once the session has ended")
            report = report or score_record(session.record())
            check_score(step, report)
    _check(session.finished, f"{script.path.name}: the script ends mid-session")
    return session


def check_play(step: Step, session: Session) -> None:
    where, value = step.where, step.value
    if step.what == "trail":
        trail = trail_text(session)
        want = re.sub(r"\s+", " ", value)
        _check(trail == want, f"{where}: the trail is {trail}", want, trail)
    elif step.what == "meetings":
        outcomes = [o or "-" for _, o in meeting_outcomes(session.events)]
        shown = ", ".join(outcomes)
        _check(outcomes == _names(value), f"{where}: the meetings ended {outcomes}", value, shown)
    elif step.what == "ending":
        ending = session.ending
        ended = ending.id if ending is not None else None
        _check(ended == value, f"{where}: ended at '{ended}'", value, str(ended))
    elif step.what == "outcome":
        ending = session.ending
        outcome = ending.outcome if ending is not None else None
        _check(outcome == value, f"{where}: the outcome is '{outcome}'", value, str(outcome))


def check_scores(script: Script, report: ScoreReport) -> None:
    """Check every score line of the script against ``report``."""
    for step in script.steps:
        if step.verb == "expect" and step.what in _SCORE:
            check_score(step, report)


def check_score(step: Step, report: ScoreReport) -> None:
    where, value = step.where, step.value
    if step.what == "scores":
        pins, verdict = parse_scores(value, where)
        for pin in pins:
            got = report.overall if pin.what == "overall" else report.dimensions[pin.what].score
            _check(pin.holds(got), f"{where}: expected {pin}, scored {got}", str(pin), str(got))
        if verdict is not None:
            reasons = [r["en"] for r in report.fail_reasons]
            _check(report.passed is verdict, f"{where}: passed is {report.passed}: {reasons}")
    elif step.what == "tier":
        _check(report.tier == value, f"{where}: the tier is {report.tier}", value, report.tier)
    elif step.what == "taboos":
        taboos = [rule.id for rule, _ in report.taboos]
        _check(taboos == _names(value), f"{where}: taboos broken: {taboos}")
    elif step.what == "costly rules":
        costly = [m.rule for m in report.moments[:COSTLY]]
        missing = set(_names(value)) - set(costly)
        _check(not missing, f"{where}: {sorted(missing)} not among the costliest {costly}")
    elif step.what == "moments":
        moments = {(m.rule, m.turn) for m in report.moments}
        for item in _names(value):
            match = _MOMENT.fullmatch(item)
            _check(match is not None, where)
            assert match is not None  # checked when the plan was read
            _check(
                (match["rule"], int(match["turn"])) in moments,
                f"{where}: no moment of {item}: {sorted(moments, key=str)}",
            )
    elif step.what == "fail reasons":
        said = " | ".join(r["en"] for r in report.fail_reasons)
        for words in _quoted(value, where):
            _check(words in said, f"{where}: '{words}' not in the reasons: {said}")
