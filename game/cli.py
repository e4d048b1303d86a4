"""The ``salessim`` command line. Scripts and tests depend on it: keep it stable.

Exit codes: 0 success; 1 problems found (a scenario or record that does not validate);
2 usage error (bad arguments, a scripted choice that does not fit, no display).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from game.engine.diagnostics import Diagnostic, Pos, ScenarioError
from game.engine.model import json_schema
from game.engine.scenario import Scenario, check_file, load_scenario
from game.engine.source import parse_source
from game.paths import default_scenario, find_scenario
from game.record import check_version, read_events
from game.record.files import read_record
from game.scoring import RecordError, Rubric, check_scenario_rubric, load_rubric, score_record
from game.scoring.debrief import render_debrief

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit 2 (no usage dump)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(
            f"salessim: {message} (see 'salessim {self.prog.split()[-1]} --help')", file=sys.stderr
        )
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="salessim", description="Key-account sales-training simulator.")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    play = sub.add_parser("play", help="play a scenario (the game; --text for the terminal)")
    play.add_argument("scenario", nargs="?", help="scenario file or id (default: the built-in one)")
    play.add_argument("--text", action="store_true", help="play in the terminal")
    play.add_argument("--lang", choices=["zh", "en"], help="language to play in")
    play.add_argument("--choices", help="answers in order, e.g. 2,1,3 (terminal play)")
    play.add_argument("--trainee", default="", help="trainee name stored in the record")
    play.add_argument(
        "--json-out",
        type=Path,
        help="write the session record here (default: a new file in the records folder)",
    )
    play.add_argument(
        "--force", action="store_true", help="let --json-out replace an existing record"
    )
    play.add_argument("--rubric", type=Path, help="score with this rubric file on top")

    score = sub.add_parser("score", help="score a session record again and print its debrief")
    score.add_argument("record", type=Path, help="a session record (--json-out of play)")
    score.add_argument("--rubric", type=Path, help="score with this rubric file on top")
    score.add_argument("--lang", choices=["zh", "en"], help="language of the debrief")
    score.add_argument("--json", action="store_true", help="print the scores as JSON")

    val = sub.add_parser("validate", help="check scenario files or folders")
    val.add_argument("paths", nargs="+", help="scenario files or folders of them")
    val.add_argument("--strict", action="store_true", help="warnings fail too")
    val.add_argument("--quiet", action="store_true", help="print only the summary line")

    schema = sub.add_parser("schema", help="print the JSON Schema of the scenario format")
    schema.add_argument("-o", "--output", type=Path, help="write it to this file")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        if args.command == "validate":
            return cmd_validate(args.paths, strict=args.strict, quiet=args.quiet)
        if args.command == "schema":
            return cmd_schema(args.output)
        if args.command == "score":
            return cmd_score(args.record, args.rubric, lang=args.lang, as_json=args.json)
        if args.command is None:
            args = _parser().parse_args(["play"])
        return cmd_play(args)
    except BrokenPipeError:
        return EXIT_OK


def cmd_schema(output: Path | None) -> int:
    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
    return EXIT_OK


def _scenario_files(paths: Sequence[str]) -> tuple[list[Path], list[str]]:
    files: list[Path] = []
    missing: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml")))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(name)
    return files, missing


def cmd_validate(paths: Sequence[str], *, strict: bool = False, quiet: bool = False) -> int:
    files, missing = _scenario_files(paths)
    if missing:
        print(f"salessim: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    if not files:
        print(f"salessim: no .yaml files found in {', '.join(paths)}", file=sys.stderr)
        return EXIT_USAGE
    errors = warnings = 0
    bad_files = 0
    for path in files:
        found: list[Diagnostic] = check_file(path)
        if not any(d.is_error for d in found):
            found += check_scenario_rubric(path)
        file_errors = sum(d.is_error for d in found)
        errors += file_errors
        warnings += len(found) - file_errors
        bad_files += bool(file_errors or (strict and found))
        if not quiet:
            for d in found:
                print(d)
    noun = "file" if len(files) == 1 else "files"
    print(
        f"{len(files)} {noun} checked: {errors} error{'s' * (errors != 1)}, "
        f"{warnings} warning{'s' * (warnings != 1)}"
        + ("" if not bad_files else f" ({bad_files} {noun if bad_files != 1 else 'file'} failed)")
    )
    failed = errors > 0 or (strict and warnings > 0)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _load(name: str | None) -> Scenario | int:
    if name is None:
        path: Path | None = default_scenario()
    else:
        path = find_scenario(name)
        if path is None:
            print(f"salessim: no scenario file or id '{name}'", file=sys.stderr)
            return EXIT_USAGE
    assert path is not None
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        print(
            f"{path}: cannot play: fix the problems above ('salessim validate {path}').",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS


def cmd_play(args: argparse.Namespace) -> int:
    if not args.text:
        if args.choices:
            print("salessim: --choices needs --text (terminal play)", file=sys.stderr)
            return EXIT_USAGE
        return _play_window(args)
    loaded = _load(args.scenario)
    if isinstance(loaded, int):
        return loaded
    rubric = _rubric(args.rubric, loaded.path)
    if isinstance(rubric, int):
        return rubric
    answers = None
    if args.choices is not None:
        answers = [a for a in args.choices.split(",") if a.strip() != ""]
    from game.attempt import Attempt, FileSink, SinkError, ending_on_signals
    from game.terminal import TerminalPlay

    attempt = Attempt(
        loaded,
        language=args.lang,
        trainee=args.trainee,
        rubric=rubric,
        sinks=[FileSink(args.json_out, force=args.force)],
        warn=_warn,
    )
    try:
        session = attempt.start()
    except SinkError as exc:
        print(f"salessim: {exc}", file=sys.stderr)
        return EXIT_USAGE
    play = TerminalPlay(session, sys.stdout, answers, interactive=sys.stdin.isatty())
    with ending_on_signals():
        code = play.run()
    report = attempt.finish()
    if code != EXIT_USAGE and report is not None:
        summarised = session.ending is not None and session.ending.reason != "quit"
        print()
        sys.stdout.write(render_debrief(session.events, report, play.lang, trail=not summarised))
    for where in attempt.saved:
        print(f"{play.t('record_saved')}: {where}")
    return code


def _warn(message: str) -> None:
    print(message if message.startswith("salessim:") else f"salessim: {message}", file=sys.stderr)


def _rubric(path: Path | None, scenario_path: str) -> Rubric | int | None:
    """The ``--rubric`` file (None without one), after checking the scenario's own section;
    an exit code if either has problems."""
    problems = check_scenario_rubric(scenario_path)
    rubric = None
    if path is not None:
        try:
            rubric = load_rubric(path)
        except ScenarioError as exc:
            problems += exc.diagnostics
    errors = [d for d in problems if d.is_error]
    for d in errors:
        print(d, file=sys.stderr)
    if errors:
        print("salessim: cannot score with this rubric: fix the problems above.", file=sys.stderr)
        return EXIT_PROBLEMS
    return rubric


def cmd_score(
    record_path: Path, rubric_path: Path | None, *, lang: str | None, as_json: bool
) -> int:
    """Score a session record from its events and print the debrief (or the JSON)."""
    try:
        record = read_record(record_path)
    except ValueError as exc:
        print(f"{exc} Give the --json-out file of 'salessim play'.", file=sys.stderr)
        return EXIT_PROBLEMS
    rubric = None
    if rubric_path is not None:
        try:
            rubric = load_rubric(rubric_path)
        except ScenarioError as exc:
            for d in exc.diagnostics:
                print(d, file=sys.stderr)
            return EXIT_PROBLEMS
    try:
        check_version(record)
        report = score_record(record, rubric)
    except RecordError as exc:
        pos = _record_pos(record_path, exc.loc)
        print(
            f"{record_path}:{pos.line}:{pos.col}: {exc.code} {exc.message}; the record is "
            "damaged or was not written by salessim: play the session again to get a new one.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    stored = record.get("scores")
    if rubric is None and isinstance(stored, dict) and isinstance(stored.get("rubric"), dict):
        before = stored["rubric"].get("sha256")
        if before and before != report.rubric["sha256"]:
            print(
                "salessim: note: the record was scored with rubric "
                f"v{stored['rubric'].get('version')} (sha256 {str(before)[:12]}); "
                "the current rubric differs, so scores may too.",
                file=sys.stderr,
            )
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
        return EXIT_OK
    language = lang or str(record.get("language") or "en")
    sys.stdout.write(render_debrief(read_events(record["events"]), report, language))
    return EXIT_OK


def _record_pos(path: Path, loc: tuple[str | int, ...]) -> Pos:
    """Where ``loc`` stands in the record file (JSON is YAML: the same reader finds it)."""
    try:
        src = parse_source(path.read_bytes(), str(path))
    except (OSError, ScenarioError):
        return Pos(1, 1)
    return src.pos(loc)


def _has_display() -> bool:
    if os.environ.get("SDL_VIDEODRIVER") in ("dummy", "offscreen"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def _play_window(args: argparse.Namespace) -> int:
    if not _has_display():
        print(
            "salessim: no display found to open the game window; play in the terminal with "
            "'salessim play --text' instead.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        from game.ui.app import run_app  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        print(
            "salessim: the game window is not available in this build; use 'salessim play --text'.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from game.attempt import SinkError, check_target, ending_on_signals

    if args.json_out is not None:
        try:
            check_target(args.json_out, force=args.force)
        except SinkError as exc:
            print(f"salessim: {exc}", file=sys.stderr)
            return EXIT_USAGE
    rubric = None
    if args.rubric is not None:
        try:
            rubric = load_rubric(args.rubric)
        except ScenarioError as exc:
            for d in exc.diagnostics:
                print(d, file=sys.stderr)
            print(
                "salessim: cannot score with this rubric: fix the problems above.", file=sys.stderr
            )
            return EXIT_PROBLEMS
    with ending_on_signals():
        code: int = run_app(args, rubric=rubric)
    return code
