"""The ``salessim`` command line. Scripts and tests depend on it: keep it stable.

Exit codes: 0 success; 1 problems found (a scenario or record that does not validate);
2 usage error (bad arguments, a scripted choice that does not fit, no display).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.engine.diagnostics import Diagnostic, Pos, ScenarioError
from game.engine.model import json_schema
from game.engine.scenario import Scenario, load_scenario
from game.engine.source import parse_source
from game.engine.text import printable
from game.paths import default_scenario, find_scenario, has_display
from game.record import RecordError

if TYPE_CHECKING:
    from game.freetext import Matcher
    from game.records import Store
    from game.scoring import Rubric

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit 2 (no usage dump)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        words = self.prog.split()
        where = " ".join(["salessim", *words[1:]])  # "salessim", or "salessim score"
        print(f"salessim: {message} (see '{where} --help')", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="salessim", description="Key-account sales-training simulator.")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    play = sub.add_parser("play", help="play a scenario (the game; --text for the terminal)")
    play.add_argument("scenario", nargs="?", help="scenario file or id (default: the built-in one)")
    play.add_argument("--text", action="store_true", help="play in the terminal")
    play.add_argument("--lang", choices=["zh", "en"], help="language to play in")
    play.add_argument("--choices", help="answers in order, e.g. 2,1,3 (terminal play)")
    play.add_argument(
        "--type",
        action="store_true",
        help="type what you would say instead of picking a number; it is matched to the "
        "choices on offer (with --choices: typed lines and numbers, separated by '|')",
    )
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
    order = play.add_mutually_exclusive_group()
    order.add_argument(
        "--seed", type=int, help="show choices shuffled from this seed (stored in the record)"
    )
    order.add_argument(
        "--no-shuffle", action="store_true", help="show choices in the order the trainer wrote"
    )

    play.add_argument(
        "--db", help="records store URL (default: $SALESSIM_DB, else a SQLite file of your own)"
    )
    play.add_argument(
        "--library",
        action="append",
        type=Path,
        metavar="DIR",
        help="a folder of your own scenarios for the picker (remembered; may be given more "
        "than once; $SALESSIM_SCENARIOS adds more)",
    )

    records = sub.add_parser("records", help="the records store: import records, list sessions")
    rsub = records.add_subparsers(dest="records_command", parser_class=_Parser, required=True)
    imp = rsub.add_parser("import", help="import session records (files or folders)")
    imp.add_argument("paths", nargs="+", help="record files (.json) or folders of them")
    imp.add_argument("--db", help="records store URL (default: $SALESSIM_DB or your own file)")
    unm = rsub.add_parser(
        "unmatched",
        help="typed lines no choice fitted, per scenario and node: material for new choices",
    )
    unm.add_argument("--scenario", help="only this scenario id")
    unm.add_argument("--json", action="store_true", help="print JSON")
    unm.add_argument("--db", help="records store URL (default: $SALESSIM_DB or your own file)")
    lst = rsub.add_parser("list", help="list the stored sessions")
    lst.add_argument("--trainee", action="append", help="only this trainee (repeatable)")
    lst.add_argument("--team", type=Path, help="only the trainees of this team file (YAML/CSV)")
    lst.add_argument("--scenario", help="only this scenario id")
    lst.add_argument("--since", help="only sessions started on or after this date (YYYY-MM-DD)")
    lst.add_argument("--json", action="store_true", help="print the sessions as JSON")
    lst.add_argument("--db", help="records store URL (default: $SALESSIM_DB or your own file)")

    rep = sub.add_parser("report", help="the manager's report: HTML (and CSV) from the store")
    rep.add_argument("-o", "--output", type=Path, help="write the HTML report to this file")
    rep.add_argument("--csv", type=Path, metavar="DIR", help="write the tables as CSV files here")
    rep.add_argument("--trainee", action="append", help="only this trainee (repeatable)")
    rep.add_argument("--team", type=Path, help="only the trainees of this team file (YAML/CSV)")
    rep.add_argument("--scenario", help="only this scenario id")
    rep.add_argument("--since", help="only sessions started on or after this date (YYYY-MM-DD)")
    rep.add_argument("--until", help="only sessions started before this date (YYYY-MM-DD)")
    rep.add_argument("--lang", choices=["zh", "en"], default="zh", help="report language")
    rep.add_argument(
        "--debriefs",
        type=int,
        metavar="N",
        help="full debriefs of each trainee's newest N sessions (default 10; 3 when the "
        "report covers more than 5 trainees)",
    )
    rep.add_argument("--db", help="records store URL (default: $SALESSIM_DB or your own file)")

    xapi = sub.add_parser("xapi", help="send the stored sessions to a learning record store")
    xsub = xapi.add_subparsers(dest="xapi_command", parser_class=_Parser, required=True)
    push = xsub.add_parser("push", help="send what the LRS does not have yet (xAPI 1.0.3)")
    push.add_argument("--lrs", required=True, help="the LRS endpoint, e.g. http://host/xAPI/")
    push.add_argument("--auth", help="user:password for the LRS (HTTP basic)")
    push.add_argument("--db", help="records store URL (default: $SALESSIM_DB or your own file)")
    push.add_argument(
        "--activity-base",
        default="https://salessim.invalid/",
        help="the IRI activities are named under (default https://salessim.invalid/)",
    )

    score = sub.add_parser("score", help="score session records again and print their debriefs")
    score.add_argument(
        "records", type=Path, nargs="+", help="session records (.json) or folders of them"
    )
    score.add_argument("--rubric", type=Path, help="score with this rubric file on top")
    score.add_argument("--lang", choices=["zh", "en"], help="language of the debrief")
    score.add_argument("--json", action="store_true", help="print the scores as JSON")

    val = sub.add_parser("validate", help="check scenario files or folders")
    val.add_argument("paths", nargs="+", help="scenario files or folders of them")
    val.add_argument("--strict", action="store_true", help="warnings fail too")
    val.add_argument("--quiet", action="store_true", help="print only the summary line")
    val.add_argument(
        "--stats",
        action="store_true",
        help="also print each scenario's size: nodes, choices, words per language and speaker, "
        "estimated minutes to play",
    )

    exp = sub.add_parser("explore", help="every way through a scenario, and what each scores")
    exp.add_argument("scenario", help="scenario file or id")
    exp.add_argument("--lang", choices=["zh", "en"], help="language to play in")
    exp.add_argument(
        "--max-paths",
        type=int,
        default=1000,
        help="score every path if there are at most this many, else a seeded sample of this "
        "many (default 1000)",
    )
    exp.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    exp.add_argument(
        "--states",
        type=int,
        default=10_000,
        help="states each reachability search may visit (default 10000)",
    )
    exp.add_argument("--rubric", type=Path, help="score with this rubric file on top")
    exp.add_argument("--json", action="store_true", help="print the findings as JSON")
    exp.add_argument(
        "-o",
        "--output",
        type=Path,
        help="write a page a trainer reads (HTML): endings, near misses, unused choices, with "
        "file:line; with --validity, the counter-examples too",
    )
    exp.add_argument(
        "--validity",
        action="store_true",
        help="check what the scores claim over the paths found; exit 1 on a counter-example",
    )

    new = sub.add_parser(
        "new", help="write a starter scenario that validates, to edit into your own"
    )
    new.add_argument("id", help="the new scenario's id: a-z, 0-9, '_' and '-', e.g. 'retail-pos'")
    new.add_argument(
        "--dir", type=Path, default=Path("."), help="the folder to write it in (default: here)"
    )
    new.add_argument("--force", action="store_true", help="replace files that exist")

    graph = sub.add_parser(
        "graph", help="draw a scenario's branching: stages as lanes, decision points, endings"
    )
    graph.add_argument("scenario", help="scenario file or id")
    graph.add_argument(
        "-o",
        "--output",
        type=Path,
        help="FILE.svg (needs Graphviz), FILE.dot or FILE.mmd (Mermaid); default: DOT on stdout",
    )
    graph.add_argument("--record", type=Path, help="draw this session record's path on it")
    graph.add_argument("--lang", choices=["zh", "en"], help="language of the texts")

    test = sub.add_parser(
        "test",
        help="run scenarios' test plans (*.play): choices, then the trail, ending and scores "
        "they must give",
    )
    test.add_argument(
        "paths", nargs="+", help=".play files, folders of them, or scenario files (their plans)"
    )
    test.add_argument("--quiet", action="store_true", help="print only failures and the summary")

    match = sub.add_parser(
        "match",
        help="how typed lines (stdin, one a line) are read at a node: the matched choices, "
        "best first, and whether each is taken or confirmed",
    )
    match.add_argument("scenario", help="scenario file or id")
    match.add_argument("node", help="the node whose choices are on offer")
    match.add_argument(
        "--only", help="only these choice ids are on offer (comma-separated), e.g. start.1,start.3"
    )
    match.add_argument(
        "--lang", choices=["zh", "en"], help="the lines' language (default: guessed)"
    )
    match.add_argument("--json", action="store_true", help="one JSON object a line")

    schema = sub.add_parser("schema", help="print the JSON Schema of the scenario format")
    schema.add_argument("-o", "--output", type=Path, help="write it to this file")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        if args.command == "validate":
            return cmd_validate(
                args.paths, strict=args.strict, quiet=args.quiet, with_stats=args.stats
            )
        if args.command == "schema":
            return cmd_schema(args.output)
        if args.command == "score":
            return cmd_score_all(args.records, args.rubric, lang=args.lang, as_json=args.json)
        if args.command == "explore":
            return cmd_explore(args)
        if args.command == "test":
            return cmd_test(args.paths, quiet=args.quiet)
        if args.command == "graph":
            return cmd_graph(args)
        if args.command == "new":
            return cmd_new(args.id, args.dir, force=args.force)
        if args.command == "match":
            return cmd_match(args)
        if args.command == "records":
            return cmd_records(args)
        if args.command == "xapi":
            return cmd_xapi_push(args)
        if args.command == "report":
            return cmd_report(args)
        if args.command is None:  # bare 'salessim': the title screen
            args = _parser().parse_args(["play"])
            args.title = True
        return cmd_play(args)
    except BrokenPipeError:
        return EXIT_OK


def cmd_new(ident: str, folder: Path, *, force: bool = False) -> int:
    """``salessim new ID``: a starter scenario in both languages that validates and plays, and
    beside it the format's JSON Schema, which its first line names, so an editor checks and
    completes it anywhere (no repository, no network)."""
    from game.engine.model import SLUG
    from game.paths import assets_dir

    if not SLUG.match(ident):
        print(
            f"salessim: '{printable(ident)}' cannot be a scenario id: use a-z, 0-9, '_' and '-', "
            "e.g. 'retail-pos'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    target = folder / f"{ident}.yaml"
    schema = folder / "scenario.schema.json"
    if target.exists() and not force:
        print(
            f"salessim: {printable(str(target))} exists; pick another id or add --force",
            file=sys.stderr,
        )
        return EXIT_USAGE
    text = (assets_dir() / "templates" / "starter.yaml").read_text(encoding="utf-8")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(text.replace("__ID__", ident), encoding="utf-8")
        schema.write_text(
            json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    except OSError as exc:
        print(
            f"salessim: cannot write in {printable(str(folder))} ({exc.strerror})", file=sys.stderr
        )
        return EXIT_PROBLEMS
    print(f"salessim: wrote {printable(str(target))} and {printable(str(schema))}")
    print(f"  play it:  salessim play {printable(str(target))}")
    print(f"  check it: salessim validate --strict {printable(str(target))}")
    return EXIT_OK


def cmd_graph(args: argparse.Namespace) -> int:
    """``salessim graph``: the scenario's branching as SVG, DOT or Mermaid (game/explore/graph)."""
    from game.explore.graph import GraphvizMissing, build, to_dot, to_mermaid, to_svg, with_path

    out: Path | None = args.output
    suffix = out.suffix.lower() if out is not None else ".dot"
    if suffix not in (".svg", ".dot", ".gv", ".mmd"):
        print(
            f"salessim: cannot write '{printable(str(out))}': name it FILE.svg, FILE.dot or "
            "FILE.mmd",
            file=sys.stderr,
        )
        return EXIT_USAGE
    loaded = _load(args.scenario)
    if isinstance(loaded, int):
        return loaded
    graph = build(loaded, args.lang)
    if args.record is not None:
        from game.verify import read_record_file

        try:
            record = read_record_file(args.record)
        except ValueError as exc:
            print(f"salessim: {printable(str(exc))}", file=sys.stderr)
            return EXIT_PROBLEMS
        played = record.get("scenario")
        played_id = played.get("id") if isinstance(played, dict) else None
        if played_id != loaded.id:
            print(
                f"salessim: {printable(str(args.record))} is a session of "
                f"'{printable(str(played_id))}', not of '{loaded.id}'",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
        events = record.get("events")
        graph = with_path(graph, events if isinstance(events, list) else [])
    text = to_mermaid(graph) if suffix == ".mmd" else to_dot(graph)
    if suffix == ".svg":
        try:
            text = to_svg(text)
        except GraphvizMissing as exc:
            print(f"salessim: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS
    if out is None:
        _write_safely(text)
        return EXIT_OK
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"salessim: cannot write {printable(str(out))} ({exc.strerror})", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"salessim: wrote {printable(str(out))}")
    return EXIT_OK


def _plans_in(paths: Sequence[str]) -> tuple[list[Path], list[str]]:
    """The plans a ``salessim test`` argument list names: .play files as given, every .play
    under a folder, and for a scenario file the plans beside it (its folder and the folders
    under it) that name it. Also the arguments that are not there."""
    from game.plans import ScriptError, read_script

    found: list[Path] = []
    missing: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(path.rglob("*.play"))
        elif path.suffix == ".play" and path.is_file():
            found.append(path)
        elif path.suffix in (".yaml", ".yml") and path.is_file():
            for plan in sorted(path.parent.rglob("*.play")):
                try:
                    named = read_script(plan).scenario_path
                except (ScriptError, OSError, UnicodeDecodeError):
                    found.append(plan)  # unreadable: run it, so its problem is reported
                    continue
                if named.is_file() and named.resolve() == path.resolve():
                    found.append(plan)
        else:
            missing.append(name)
    return list(dict.fromkeys(found)), missing


def cmd_test(paths: Sequence[str], *, quiet: bool = False) -> int:
    """``salessim test``: play every test plan and check each of its lines (game/plans.py);
    a failure says where, what was expected and what happened. Exit 1 if any fails."""
    from game.plans import PlanFailure, ScriptError, play, read_script
    from game.scoring import score_record

    plans, missing = _plans_in(paths)
    for name in missing:
        print(
            f"salessim: no .play file, folder or scenario file '{printable(name)}'", file=sys.stderr
        )
    if not plans:
        shown = printable(", ".join(paths))
        print(f"salessim: no test plans (*.play) found in {shown}", file=sys.stderr)
        return EXIT_PROBLEMS
    failed = 0
    for plan in plans:
        try:
            script = read_script(plan)
            session = play(script)
        except (ScriptError, OSError, UnicodeDecodeError) as exc:
            failed += 1
            print(f"FAIL {plan}: {printable(str(exc))}")
            continue
        except ScenarioError as exc:
            failed += 1
            print(f"FAIL {plan}: its scenario does not load:")
            for d in exc.diagnostics:
                print(f"     {d}")
            continue
        except PlanFailure as exc:
            failed += 1
            where = str(exc)
            print(f"FAIL {plan.parent / where}" if ":" in where else f"FAIL {plan}: {where}")
            if exc.expected is not None and exc.got is not None:
                print(f"     expected: {printable(exc.expected)}")
                print(f"     got:      {printable(exc.got)}")
            continue
        if not quiet:
            ending = session.ending.id if session.ending is not None else "-"
            overall = score_record(session.record()).overall
            shown = "-" if overall is None else f"{overall:g}"
            turns = len(script.choices)
            said = f"{turns} choice{'s' if turns != 1 else ''}"
            print(f"ok   {plan}  ({said} → {ending}, overall {shown})")
    passed = len(plans) - failed
    count = f"{len(plans)} plan{'s' if len(plans) != 1 else ''}"
    print(f"{count}: {passed} passed" + (f", {failed} failed" if failed else ""))
    return EXIT_PROBLEMS if failed else EXIT_OK


def _matcher(scenario: Scenario, *, wait: bool) -> Matcher:
    """The free-text matcher for ``scenario``, saying in one line when it runs on stage 1
    alone. ``wait``: answer with both stages from the first line (scripts, ``match``);
    else stage 1 serves while the embeddings are built."""
    from game.freetext import Matcher
    from game.freetext.embed import missing

    matcher = Matcher(scenario)
    if matcher.embeddings is None:
        print(f"salessim: note: {missing()}", file=sys.stderr)
    elif wait:
        matcher.embeddings.ready.wait()
    if matcher.embeddings is not None and matcher.embeddings.error:
        print(
            f"salessim: note: the embedding model did not load ({matcher.embeddings.error}); "
            "matching on character n-grams only",
            file=sys.stderr,
        )
    return matcher


def cmd_match(args: argparse.Namespace) -> int:
    """``salessim match``: what the free-text matcher makes of typed lines at one node, so a
    trainer sees how their choices will be read (game/freetext)."""
    loaded = _load(args.scenario)
    if isinstance(loaded, int):
        return loaded
    from difflib import get_close_matches

    nodes = loaded.model.nodes
    if args.node not in nodes or not nodes[args.node].choices:
        with_choices = [n for n, node in nodes.items() if node.choices]
        near = get_close_matches(args.node, with_choices, n=1)
        hint = f" Did you mean '{near[0]}'?" if near else ""
        print(
            f"salessim: '{printable(args.node)}' is not a node with choices in {loaded.id}." + hint,
            file=sys.stderr,
        )
        return EXIT_USAGE
    matcher = _matcher(loaded, wait=True)
    offered = matcher.choices_at(args.node)
    if args.only:
        wanted = [c.strip() for c in args.only.split(",") if c.strip()]
        unknown = [c for c in wanted if c not in offered]
        if unknown or not wanted:
            print(
                f"salessim: --only names {', '.join(map(printable, unknown)) or 'nothing'}, "
                f"not a choice of {args.node}; its choices are {', '.join(offered)}.",
                file=sys.stderr,
            )
            return EXIT_USAGE
        offered = [c for c in offered if c in wanted]
    for raw in sys.stdin:
        line = raw.rstrip("\n")
        if not line.strip():
            continue
        found = matcher.match(line, offered, args.lang)
        if args.json:
            print(json.dumps(found.to_json(), ensure_ascii=False))
        else:
            best = ", ".join(f"{c.choice} {c.shown:.3f}" for c in found.shortlist)
            print(f"{found.zone:<7} {best}")
        sys.stdout.flush()
    return EXIT_OK


def cmd_explore(args: argparse.Namespace) -> int:
    """``salessim explore``: reachability and score ranges for a trainer (game/explore)."""
    if args.max_paths < 1 or args.states < 1:
        print("salessim: --max-paths and --states must be 1 or more", file=sys.stderr)
        return EXIT_USAGE
    loaded = _load(args.scenario)
    if isinstance(loaded, int):
        return loaded
    rubric = _rubric(args.rubric, loaded)
    if isinstance(rubric, int):
        return rubric
    from game.explore import explore
    from game.explore.text import render, to_json

    found = explore(
        loaded,
        language=args.lang,
        max_paths=args.max_paths,
        seed=args.seed,
        budget=args.states,
        rubric=rubric,
    )
    verdict = None
    if args.validity:
        from game.explore.validity import check, render_validity

        verdict = check(loaded, found.walk, language=found.language, rubric=rubric, seed=args.seed)
        if args.output is None:
            _write_safely(render_validity(found, verdict))
            return EXIT_OK if verdict.ok else EXIT_PROBLEMS
    if args.output is not None:
        from game.explore.page import render_page

        try:
            args.output.write_text(render_page(found, verdict), encoding="utf-8")
        except OSError as exc:
            shown = printable(str(args.output))
            print(f"salessim: cannot write {shown} ({exc.strerror})", file=sys.stderr)
            return EXIT_PROBLEMS
        print(f"salessim: wrote {printable(str(args.output))}")
        return EXIT_OK if verdict is None or verdict.ok else EXIT_PROBLEMS
    if args.json:
        print(_json_for_terminal(to_json(found)))
    else:
        _write_safely(render(found))
    return EXIT_OK


def cmd_records(args: argparse.Namespace) -> int:
    """``salessim records import|list|unmatched`` (game/records)."""
    from game.records import StoreError

    trainees: list[str] | None = None
    since: datetime | None = None
    if args.records_command == "list":
        chosen = _list_filters(args)
        if isinstance(chosen, int):
            return chosen
        trainees, since = chosen.trainees, chosen.since
    store = _open_store(args.db)
    if isinstance(store, int):
        return store
    try:
        if args.records_command == "unmatched":
            from game.records.store import records_of
            from game.records.unmatched import unmatched

            found = unmatched(records_of(store), args.scenario)
            if args.json:
                print(_json_for_terminal([vars(u) for u in found]))
                return EXIT_OK
            where = None
            for u in found:
                if (u.scenario, u.node) != where:
                    where = (u.scenario, u.node)
                    print(printable(f"{u.scenario} · {u.node}"))
                meant = f" (then picked {u.meant} from the menu)" if u.meant else ""
                print(printable(f"  “{u.words}” — {u.trainee or '(no name)'}{meant}"))
            print(f"{len(found)} line{'s' * (len(found) != 1)} no choice fitted")
            return EXIT_OK
        if args.records_command == "import":
            result = store.import_paths(args.paths)
            for problem in result.problems:
                print(f"salessim: {printable(problem)}", file=sys.stderr)
            bad = len(result.problems)
            print(
                f"{result.added} session{'s' * (result.added != 1)} imported, "
                f"{result.present} already stored, {bad} problem{'s' * (bad != 1)}"
            )
            return EXIT_PROBLEMS if bad else EXIT_OK
        rows = store.sessions(trainees=trainees, scenario=args.scenario, since=since)
    except StoreError as exc:
        print(f"salessim: {printable(str(exc))}", file=sys.stderr)
        return EXIT_PROBLEMS
    finally:
        store.close()
    if args.json:
        print(_json_for_terminal([r.to_dict() for r in rows]))
        return EXIT_OK
    for r in rows:
        overall = "-" if r.overall is None else f"{r.overall:g}"
        verdict = {True: "pass", False: "fail", None: "-"}[r.passed]
        print(
            printable(
                f"{r.started_at:%Y-%m-%d %H:%M}  {r.trainee or '(no name)'}  {r.scenario}  "
                f"{r.language}  {r.outcome or r.status}  {overall}  {verdict}"
            )
        )
    print(f"{len(rows)} session{'s' * (len(rows) != 1)}")
    return EXIT_OK


def cmd_xapi_push(args: argparse.Namespace) -> int:
    """``salessim xapi push``: every stored session's statements the LRS has not accepted
    yet, in batches; the store remembers what was accepted, so a second push sends nothing
    and what failed stays queued for the next one."""
    from game.records.store import mark_sent, records_of, sent_ids, session_id_of
    from game.reports.xapi import BATCH, PushError, post_statements, statements

    store = _open_store(args.db)
    if isinstance(store, int):
        return store
    try:
        done = sent_ids(store, args.lrs)
        todo: list[tuple[str, dict[str, Any]]] = [
            (session_id_of(record), st)
            for record in records_of(store)
            for st in statements(record, base=args.activity_base)
            if st["id"] not in done
        ]
        sent, problem = 0, None
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            try:
                post_statements(args.lrs, [st for _, st in batch], args.auth, timeout=60)
            except PushError as exc:
                problem = str(exc)
                break
            by_session: dict[str, list[str]] = {}
            for session_id, st in batch:
                by_session.setdefault(session_id, []).append(str(st["id"]))
            for session_id, ids in by_session.items():
                mark_sent(store, args.lrs, session_id, ids)
            sent += len(batch)
    finally:
        store.close()
    print(f"{sent} statements sent, {len(todo) - sent} still queued")
    if problem is not None:
        print(f"salessim: {printable(problem)}; run the push again later.", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def _open_store(url: str | None) -> Store | int:
    """The records store, or the exit code after its one-line error."""
    from game.records import Store, StoreError

    try:
        return Store(url)
    except StoreError as exc:
        print(f"salessim: {printable(str(exc))}", file=sys.stderr)
        return EXIT_PROBLEMS


@dataclass(frozen=True)
class _Chosen:
    """Which sessions a list or report covers, from its options."""

    trainees: list[str] | None
    teams: dict[str, list[str]]
    since: datetime | None
    until: datetime | None


def _list_filters(args: argparse.Namespace) -> _Chosen | int:
    """The trainees (``--trainee`` and ``--team``) and the dates a list or report asks
    for; an exit code after a one-line error."""
    from game.records.team import TeamError, read_team

    trainees: list[str] | None = list(args.trainee) if args.trainee else None
    teams: dict[str, list[str]] = {}
    if args.team is not None:
        try:
            teams = read_team(args.team)
        except TeamError as exc:
            print(f"salessim: {printable(str(exc))}", file=sys.stderr)
            return EXIT_PROBLEMS
        trainees = [*(trainees or []), *(m for members in teams.values() for m in members)]
    dates: list[datetime | None] = []
    for option in ("since", "until"):
        given = getattr(args, option, None)
        if given is None:
            dates.append(None)
            continue
        try:
            when = datetime.fromisoformat(given)
        except ValueError:
            print(
                f"salessim: --{option} {printable(given)} is not a date; write it as "
                "YYYY-MM-DD, e.g. 2026-12-01.",
                file=sys.stderr,
            )
            return EXIT_USAGE
        dates.append(when.replace(tzinfo=UTC) if when.tzinfo is None else when)
    return _Chosen(trainees, teams, dates[0], dates[1])


def cmd_report(args: argparse.Namespace) -> int:
    """``salessim report``: the manager's report from the store, as one HTML file and/or a
    folder of CSV tables."""
    from game.records import StoreError
    from game.reports.build import Scope, build
    from game.reports.html import render
    from game.reports.tables import write_atomically, write_tables

    if args.output is None and args.csv is None:
        print(
            "salessim: say where the report goes: -o report.html, --csv DIR, or both.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.output is not None and (args.output.is_dir() or not args.output.parent.is_dir()):
        print(
            f"salessim: -o {printable(str(args.output))}: give a file in a folder that exists, "
            "e.g. -o report.html.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.debriefs is not None and args.debriefs < 0:
        print("salessim: --debriefs takes 0 or more, e.g. --debriefs 10.", file=sys.stderr)
        return EXIT_USAGE
    chosen = _list_filters(args)
    if isinstance(chosen, int):
        return chosen
    store = _open_store(args.db)
    if isinstance(store, int):
        return store
    scope = Scope(
        lang=args.lang,
        trainees=tuple(dict.fromkeys(chosen.trainees)) if chosen.trainees is not None else None,
        teams=chosen.teams,
        team_file=args.team.name if args.team is not None else None,
        scenario=args.scenario,
        since=chosen.since,
        until=chosen.until,
    )
    try:
        report = build(store, scope, debriefs=args.debriefs, every_session=args.csv is not None)
    except StoreError as exc:
        print(f"salessim: {printable(str(exc))}", file=sys.stderr)
        return EXIT_PROBLEMS
    finally:
        store.close()
    try:
        if args.output is not None:
            write_atomically(args.output, render(report))
            print(f"report written to {printable(str(args.output))}")
        if args.csv is not None:
            written = write_tables(report, args.csv)
            print(f"{len(written)} tables written to {printable(str(args.csv))}")
    except OSError as exc:
        print(f"salessim: cannot write the report: {printable(str(exc))}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{len(report.table)} trainees, {report.sessions} sessions")
    return EXIT_OK


def cmd_schema(output: Path | None) -> int:
    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
    return EXIT_OK


def _scenario_files(paths: Sequence[str]) -> tuple[list[Path], list[str]]:
    """The scenario files ``paths`` name (folders searched for *.yaml/*.yml), and the names
    that do not exist.

    A folder search never hangs or stops half-way: only regular files are taken (opening a
    pipe named like a scenario would block), folders linked to by symbolic links are searched
    once each (a link loop is skipped), and a folder that cannot be read, a broken link or a
    pipe gets a one-line warning on stderr; at most 10,000 folders are searched. A file named
    on the command line is always checked: ``check_file`` refuses one that is not a regular
    file with a diagnostic.
    """
    import stat

    def warn(message: str) -> None:
        print(f"salessim: warning: {printable(message)}", file=sys.stderr)

    def walk(top: Path) -> list[Path]:
        found: list[Path] = []
        searched: set[tuple[int, int]] = set()
        todo = [top]
        while todo:
            if len(searched) >= 10_000:  # e.g. a link to '/': stop rather than walk the disk
                warn(f"searched 10,000 folders under {top}; stopped there. Give a smaller one.")
                break
            folder = todo.pop()
            try:
                info = folder.stat()
                with os.scandir(folder) as scan:
                    entries = sorted(scan, key=lambda e: e.name)
            except OSError as exc:
                warn(f"cannot read the folder {folder} ({exc.strerror}); skipped it.")
                continue
            if (info.st_dev, info.st_ino) in searched:
                warn(f"{folder} leads to a folder already searched (a link loop?); skipped.")
                continue
            searched.add((info.st_dev, info.st_ino))
            for entry in entries:
                path = Path(entry.path)
                try:
                    mode = entry.stat().st_mode
                except OSError as exc:
                    if path.suffix in (".yaml", ".yml") or entry.is_symlink():
                        warn(f"{path} is a broken or looping link ({exc.strerror}); skipped.")
                    continue
                if stat.S_ISDIR(mode):
                    todo.append(path)
                elif path.suffix not in (".yaml", ".yml"):
                    continue
                elif stat.S_ISREG(mode):
                    found.append(path)
                else:
                    warn(f"{path} is a pipe, socket or device, not a file; skipped.")
        return sorted(found)

    files: list[Path] = []
    missing: list[str] = []
    for name in paths:
        path = Path(name)
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except (FileNotFoundError, ValueError):
            missing.append(name)
            continue
        except OSError:  # a link loop, a name too long, no permission: check_file says which
            is_dir = False
        if is_dir:
            files.extend(walk(path))
        else:
            files.append(path)
    return files, missing


def cmd_validate(
    paths: Sequence[str], *, strict: bool = False, quiet: bool = False, with_stats: bool = False
) -> int:
    from game.scoring.rubric import check_scenario_file  # not needed to start the game

    files, missing = _scenario_files(paths)
    if missing:
        shown = printable(", ".join(missing))
        print(f"salessim: no such file or folder: {shown}", file=sys.stderr)
        return EXIT_USAGE
    if not files:
        print(f"salessim: no .yaml files found in {printable(', '.join(paths))}", file=sys.stderr)
        return EXIT_USAGE
    errors = warnings = 0
    bad_files = 0
    for path in files:
        try:
            found: list[Diagnostic] = check_scenario_file(path)  # rubric section included
        except Exception as exc:  # a bug must not cost the trainer the rest of the folder
            print(
                f"salessim: internal error while checking {printable(str(path))}: "
                f"{type(exc).__name__}: {printable(str(exc))[:200]}; please report it.",
                file=sys.stderr,
            )
            errors += 1
            bad_files += 1
            continue
        file_errors = sum(d.is_error for d in found)
        if not file_errors:
            found += _position_warnings(path)
        errors += file_errors
        warnings += len(found) - file_errors
        bad_files += bool(file_errors or (strict and found))
        if not quiet:
            for d in found:
                print(d)
        if with_stats and not file_errors:
            from game.engine.stats import stats

            print(f"{printable(str(path))}:")
            for line in stats(load_scenario(path)).lines():
                print(printable(line))
    noun = "file" if len(files) == 1 else "files"
    print(
        f"{len(files)} {noun} checked: {errors} error{'s' * (errors != 1)}, "
        f"{warnings} warning{'s' * (warnings != 1)}"
        + ("" if not bad_files else f" ({bad_files} {noun if bad_files != 1 else 'file'} failed)")
    )
    failed = errors > 0 or (strict and warnings > 0)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _position_warnings(path: Path) -> list[Diagnostic]:
    """W706 (game/explore/position.py): can 'always the longest' or 'always the first' score
    well? Only for a file that loads; a rubric section it cannot score with is already an
    error."""
    from game.explore.position import position_diagnostics

    try:
        scenario = load_scenario(path)
    except ScenarioError:
        return []
    return position_diagnostics(scenario, str(path))


def _load(name: str | None, library: list[Path] | None = None) -> Scenario | int:
    """The scenario a command names (a file, or an id in the shipped and library folders)."""
    if name is None:
        path: Path | None = default_scenario()
    else:
        from game.paths import library_folders

        path = find_scenario(name, library_folders([str(f) for f in library or []]))
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
        if args.scenario is None and not getattr(args, "title", False):
            args.scenario = str(default_scenario())  # 'salessim play': the built-in scenario
        return _play_window(args)
    loaded = _load(args.scenario, args.library)
    if isinstance(loaded, int):
        return loaded
    rubric = _rubric(args.rubric, loaded)
    if isinstance(rubric, int):
        return rubric
    answers = None
    if args.choices is not None:
        sep = "|" if args.type else ","
        answers = [a for a in args.choices.split(sep) if a.strip() != ""]
    from game.attempt import Attempt, FileSink, SinkError, ending_on_signals
    from game.records.store import StoreSink
    from game.scoring.debrief import render_debrief
    from game.terminal import TerminalPlay

    attempt = Attempt(
        loaded,
        language=args.lang,
        trainee=args.trainee,
        rubric=rubric,
        sinks=[FileSink(args.json_out, force=args.force), StoreSink(args.db, scenario=loaded)],
        warn=_warn,
        choice_seed=choice_seed(args),
    )
    try:
        session = attempt.start()
    except SinkError as exc:
        print(f"salessim: {printable(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    matcher = _matcher(loaded, wait=answers is not None) if args.type else None
    play = TerminalPlay(
        session, sys.stdout, answers, interactive=sys.stdin.isatty(), matcher=matcher
    )
    with ending_on_signals():
        code = play.run()
    report = attempt.finish()
    if code != EXIT_USAGE and report is not None:
        summarised = session.ending is not None and session.ending.reason != "quit"
        print()
        _write_safely(render_debrief(session.events, report, play.lang, trail=not summarised))
        _write_safely(_attempt_lines(args, loaded, session.session_id, play.lang))
    for where in attempt.saved:
        print(f"{play.t('record_saved')}: {printable(where)}")
    return code


def _attempt_lines(args: argparse.Namespace, scenario: Scenario, session_id: str, lang: str) -> str:
    """The named trainee's attempts at this scenario from the records store, this one last:
    is the trainee improving? Nothing for an unnamed trainee or an unreadable store."""
    from game.records.summary import attempts_at

    attempts = attempts_at(args.db, args.trainee, scenario.id)
    if len(attempts) < 2:
        return ""
    head = "你在本场景的历次成绩" if lang == "zh" else "Your attempts at this scenario"
    this = "（本次）" if lang == "zh" else " (this one)"
    lines = [f"== {head} =="]
    for a in attempts[-10:]:
        overall = "-" if a.scores["overall"] is None else f"{a.scores['overall']:g}"
        verdict = {True: "✓", False: "✗", None: "-"}[a.passed]
        mark = this if a.session_id == session_id else ""
        lines.append(f"  {a.started_at:%Y-%m-%d %H:%M}  {overall:>5}  {verdict}{mark}")
    trail = " → ".join(
        "-" if a.scores["overall"] is None else f"{a.scores['overall']:g}" for a in attempts[-10:]
    )
    lines.append(f"  {trail}")
    return "\n".join(lines) + "\n"


def choice_seed(args: argparse.Namespace) -> int | None:
    """The order choices are shown in: ``--seed N``; authored with ``--no-shuffle`` or with
    scripted ``--choices`` (a script's numbers mean the authored order unless it gives a
    seed); else a fresh random seed, kept in the record so the session replays exactly."""
    if args.seed is not None:
        return int(args.seed)
    if args.no_shuffle or getattr(args, "choices", None):
        return None
    return secrets.randbelow(1 << 31)


def _warn(message: str) -> None:
    line = printable(message)
    print(line if line.startswith("salessim:") else f"salessim: {line}", file=sys.stderr)


_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _json_for_terminal(data: object, indent: int | None = 1) -> str:
    """JSON that keeps Chinese readable but escapes what a terminal would act on (C0 is
    escaped by json itself; C1 controls and bidi marks here); ``indent=0``: one line."""
    text = json.dumps(
        data, ensure_ascii=False, indent=indent or None, separators=None if indent else (",", ":")
    )
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _write_safely(text: str) -> None:
    """Print text that carries scenario or record words: line by line, with control and
    bidi characters removed, so no file can drive the terminal; wrapped to its width."""
    from game.terminal import fit

    sys.stdout.write("\n".join(fit(text)))


def _rubric(path: Path | None, scenario: Scenario) -> Rubric | int | None:
    """The ``--rubric`` file (None without one), after checking the scenario's own section
    (from the loaded scenario: the file is not parsed again); an exit code if either has
    problems."""
    from game.scoring import check_scenario_rubric, load_rubric

    problems = check_scenario_rubric(scenario)
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


def cmd_score_all(
    paths: Sequence[Path], rubric_path: Path | None, *, lang: str | None, as_json: bool
) -> int:
    """``salessim score``: each record given (a folder: its ``*.json``, sorted) checked and
    scored; one debrief each under its file name, or with ``--json`` one JSON object per
    line (``{"record": file, "scores": ...}``) when there are several. Exit 1 if any
    record could not be scored; the others still are."""
    files: list[Path] = []
    for path in paths:
        files += sorted(p for p in path.glob("*.json") if p.is_file()) if path.is_dir() else [path]
    if not files:
        _problem(f"salessim: no session record (*.json) in {', '.join(map(str, paths))}.")
        return EXIT_PROBLEMS
    if len(files) == 1:
        return cmd_score(files[0], rubric_path, lang=lang, as_json=as_json)
    worst = EXIT_OK
    for n, path in enumerate(files):
        if not as_json:
            print(("\n" if n else "") + printable(f"=== {path} ==="))
        code = cmd_score(path, rubric_path, lang=lang, as_json=as_json, line=True)
        worst = max(worst, code)
    return worst


def cmd_score(
    record_path: Path,
    rubric_path: Path | None,
    *,
    lang: str | None,
    as_json: bool,
    line: bool = False,
) -> int:
    """Check a session record (``game.verify``: no record is trusted), score it from its
    events and print the debrief (or the JSON). Every problem is one line, exit 1."""
    from game.scoring import load_rubric, score_log
    from game.scoring.debrief import render_debrief
    from game.scoring.score import effective_rubric
    from game.verify import RecordMismatch, read_record_file, verify_record

    try:
        record = read_record_file(record_path)
    except ValueError as exc:
        _problem(f"{exc} Give the --json-out file of 'salessim play'.")
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
        checked = verify_record(record)
        report = score_log(checked.log, effective_rubric(record, checked.log, rubric))
    except RecordError as exc:
        pos = _record_pos(record_path, exc.loc)
        why = (
            "the record does not match its scenario: it was edited, or made with another "
            "version of the scenario"
            if isinstance(exc, RecordMismatch)
            else "the record is damaged or was not written by salessim: play the session "
            "again to get a new one"
        )
        _problem(f"{record_path}:{pos.line}:{pos.col}: {exc.code} {exc.message}; {why}.")
        return EXIT_PROBLEMS
    except RecursionError:
        _problem(f"{record_path}:1:1: the record is nested too deeply to be scored.")
        return EXIT_PROBLEMS
    for note in checked.notes:
        _problem(f"salessim: {note}")
    _rubric_notes(record, report.rubric, rubric)
    if as_json and line:  # one line per record, named by its file
        print(_json_for_terminal({"record": str(record_path), "scores": report.to_dict()}, 0))
        return EXIT_OK
    if as_json:
        print(_json_for_terminal(report.to_dict()))
        return EXIT_OK
    recorded = record.get("language")
    language = lang or (recorded if recorded in ("zh", "en") else "en")
    _write_safely(render_debrief(checked.events, report, language))
    return EXIT_OK


def _problem(line: str) -> None:
    """One line to stderr; record contents in it cannot reach the terminal as controls."""
    print(printable(line), file=sys.stderr)


def _rubric_notes(record: dict[str, Any], used: dict[str, Any], given: Rubric | None) -> None:
    """Say when the rubric differs from the one the record was scored with, or comes from
    rubric files the record itself carries."""
    stored = record.get("scores")
    if (
        given is not None
        or not isinstance(stored, dict)
        or not isinstance(stored.get("rubric"), dict)
    ):
        return
    before = stored["rubric"].get("sha256")
    if before and before != used["sha256"]:
        _problem(
            "salessim: note: the record was scored with rubric "
            f"v{stored['rubric'].get('version')} (sha256 {str(before)[:12]}); "
            "the current rubric differs, so scores may too."
        )
    files = [str(f.get("name", "?")) for f in used.get("files", []) if isinstance(f, dict)]
    if files:
        _problem(
            f"salessim: note: scored with the rubric file{'s' * (len(files) > 1)} the record "
            f"carries ({', '.join(files)}) on top of the defaults; give --rubric to use another."
        )


def _record_pos(path: Path, loc: tuple[str | int, ...]) -> Pos:
    """Where ``loc`` stands in the record file (JSON is YAML: the same reader finds it)."""
    try:
        src = parse_source(path.read_bytes(), str(path))
    except Exception:  # only a position for the message: any failure means "1:1"
        return Pos(1, 1)
    return src.pos(loc)


def _play_window(args: argparse.Namespace) -> int:
    if not has_display():
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
        from game.scoring import load_rubric

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
