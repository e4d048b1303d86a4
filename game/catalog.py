"""The scenarios on offer: what a picker card, an explorer or a report needs to know of them.

A card shows title, industry, summary, difficulty, meeting count, the estimated minutes to
play (once fully checked) and the languages a scenario is written in. That is the file's
*header* (its top-level keys), so the catalogue reads only that: it finds the top-level
keys by their column-0 lines, parses just the header blocks with the engine's safe YAML
reader (positions kept, so a problem in the header points at its real ``file:line:col``),
checks them with the scenario model's own fields, and counts meetings with a text scan of
``nodes``. On the 10,000-node benchmark file (11.7 MB) that takes about 0.1 s, where a full
load takes about 10 s.

Every answer is cached by the file's content (sha256 of its bytes): reopening the picker
rereads and hashes the files but parses nothing that did not change, and an edited file is
read again. A file that does not load still gets an entry carrying its first problem, so a
trainer sees it is there and what is wrong, instead of it silently missing:

- problems in the header (bad YAML there, a missing title, a wrong format) always show;
- small files (``FULL_CHECK_BYTES``) are also fully checked, within a time budget per
  listing (``CHECK_BUDGET``); files left over are checked on a later listing;
- a big file is fully checked when someone opens it (``load``), and that verdict is cached
  too, so its card shows the problems from then on.

Pure: no pygame, no UI. Imports the engine and ``game.paths`` only.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

from pydantic import create_model

from game import paths
from game.engine.diagnostics import NOWHERE, Diagnostic, Pos, ScenarioError
from game.engine.model import FORMAT_VERSION, ScenarioModel
from game.engine.scenario import Scenario, compile_source
from game.engine.shape import validate_model
from game.engine.source import MAX_BYTES, parse_source
from game.engine.stats import stats
from game.engine.text import Text, parse_text

#: Files up to this size are fully checked when listed (the shipped default: 0.13 MB, ~45 ms).
FULL_CHECK_BYTES = 256 * 1024
#: Seconds of full checks one listing may spend; files left over are checked next time.
CHECK_BUDGET = 0.3

#: The top-level keys a card needs (``start``: to tell whether the first node opens a meeting).
HEADER_KEYS = frozenset(
    [
        "format",
        "id",
        "version",
        "language",
        "title",
        "summary",
        "industry",
        "difficulty",
        "meeting",
        "start",
    ]
)

#: The scenario model with every non-header field made optional and untyped: the header is
#: checked by the very fields (and id rule) a full load uses, and words problems the same way.
_Header = create_model(  # type: ignore[call-overload]
    "ScenarioHeader",
    __base__=ScenarioModel,
    **{name: (Any, None) for name in ScenarioModel.model_fields if name not in HEADER_KEYS},
)

#: A key: plain or quoted, then a colon and a space or the line's end. Patterns start with a
#: literal ``\n`` (+ indent) so the regex engine skips through a 10 MB file at C speed.
_KEY = r"""(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#'"\-?:,\[\]{}][^:\n]*?))[ \t]*:(?=[ \t\r\n]|$)"""
_FIRST_KEY = re.compile(_KEY)
_TOP_KEY = re.compile(r"\n" + _KEY)
#: Lines that may come before the first key: blanks, comments, ``---`` and directives.
_PREAMBLE = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n|---[ \t]*(?:#[^\n]*)?\n|%[^\n]*\n)*\Z")
_INDENT = re.compile(r"\n( +)[^ \t\r\n#]")
_MEETING = re.compile(r"meeting[ \t]*:(?=[ \t\r\n{]|$)", re.M)
_QUOTED = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^']|'')*'""")
_MISSING_FORMAT = "the scenario is missing 'format'; add 'format: 1' as its first line."


@dataclass(frozen=True)
class Entry:
    """One scenario file as the catalogue sees it; ``problems`` empty means it should play.

    ``checked`` says the full check ran: its problems are then the validator's, else only
    the header's (the full check comes when the scenario is opened).
    """

    path: Path
    sha256: str = ""
    id: str | None = None
    language: str = "zh"  # the scenario's own language: the fallback for missing texts
    title_text: Text | None = None
    industry_text: Text | None = None
    summary_text: Text | None = None
    difficulty: int | None = None
    minutes: int | None = None
    meetings: int = 0  # on some path; an upper bound (0: not known)
    #: estimated minutes to play it through, per language (empty: not fully checked yet)
    play_minutes: tuple[tuple[str, int], ...] = ()
    problems: tuple[Diagnostic, ...] = ()
    checked: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> str:
        return str(self.problems[0]) if self.problems else ""

    def _text(self, text: Text | None, lang: str) -> str:
        return "" if text is None else text.get(lang, self.language)

    def title(self, lang: str) -> str:
        return self._text(self.title_text, lang) or self.path.stem

    def industry(self, lang: str) -> str:
        return self._text(self.industry_text, lang)

    def summary(self, lang: str) -> str:
        return self._text(self.summary_text, lang)

    def minutes_to_play(self, lang: str) -> int | None:
        """About how long a play-through takes in ``lang`` (its own language's figure when
        it lacks ``lang``); None until the file has been fully checked."""
        known = dict(self.play_minutes)
        return known.get(lang, known.get(self.language))

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages the title is written in: what the picker advertises."""
        return tuple(self.title_text.as_dict(self.language)) if self.title_text else ()


def by_industry(entries: Iterable[Entry], lang: str) -> list[tuple[str, list[Entry]]]:
    """The entries in groups by industry (in ``lang``), as the picker shows them.

    Groups go in alphabetical order, entries with no industry (or that do not load) last
    under an empty heading; inside a group, the easier scenario comes first, then by file
    name (files that do not load at the end), so a new hire meets the gentle one of an
    industry before the hard one.
    """
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        groups.setdefault(e.industry(lang).strip() if e.ok else "", []).append(e)
    order = sorted(groups, key=lambda k: (k == "", k.casefold()))
    return [
        (k, sorted(groups[k], key=lambda e: (not e.ok, e.difficulty or 0, e.path.name)))
        for k in order
    ]


# -- listing ------------------------------------------------------------------------------

_cache: dict[str, Entry] = {}  # absolute path -> the entry for its last-seen content


def clear_cache() -> None:
    _cache.clear()


def scenario_files(folders: Iterable[Path]) -> list[Path]:
    """The ``*.yaml`` / ``*.yml`` files in ``folders``, sorted, each once."""
    seen: set[Path] = set()
    files: list[Path] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.y*ml")):
            key = path.resolve()
            if path.suffix in (".yaml", ".yml") and key not in seen:
                seen.add(key)
                files.append(path)
    return files


def catalog(folders: Iterable[Path], *, budget: float = CHECK_BUDGET) -> list[Entry]:
    """An entry per scenario file in ``folders``, in file-name order."""
    deadline = time.perf_counter() + budget
    entries = []
    first: dict[str, Path] = {}  # id -> the file that has it first
    for path in scenario_files(folders):
        in_time = time.perf_counter() < deadline
        entry = read_entry(path, check=None if in_time else False)
        if entry.id is not None and entry.id in first and entry.ok:
            clash = Diagnostic(
                "R309",
                f"the scenario id '{entry.id}' is also the id of {first[entry.id]}; ids must "
                "be unique across the scenario folders: change the id of one of them.",
                str(path),
                Pos(1, 1),
            )
            entry = replace(entry, problems=(clash,))
        elif entry.id is not None:
            first.setdefault(entry.id, path)
        entries.append(entry)
    return entries


def read_entry(path: Path, *, check: bool | None = None) -> Entry:
    """The entry for one file. ``check``: True always loads it fully, False reads only the
    header, None (the default) fully checks files up to ``FULL_CHECK_BYTES``."""
    key = str(path.absolute())
    try:
        data = paths.read_regular(path, MAX_BYTES + 1)
    except OSError as exc:
        _cache.pop(key, None)
        why = exc.strerror or str(exc)
        return Entry(path, problems=(_unreadable(str(path), why),), checked=True)
    sha = hashlib.sha256(data).hexdigest()
    cached = _cache.get(key)
    if cached is None or cached.sha256 != sha or cached.path != path:
        cached = _read_header(path, data, sha)
    if check is None:
        check = len(data) <= FULL_CHECK_BYTES
    if check and not cached.checked:
        cached = _full_check(path, data, cached)
    _cache[key] = cached
    return cached


def load(path: Path) -> Scenario:
    """Load and check ``path`` fully (as the engine's ``load_scenario``), noting the verdict
    for its card. Raises ScenarioError; any other failure comes back as one too."""
    key = str(path.absolute())
    try:
        data = paths.read_regular(path, MAX_BYTES + 1)
    except OSError as exc:
        _cache.pop(key, None)
        raise ScenarioError([_unreadable(str(path), exc.strerror or str(exc))]) from None
    sha = hashlib.sha256(data).hexdigest()
    try:
        scenario = _compile(path, data)
    except ScenarioError as exc:
        errors = tuple(d for d in exc.diagnostics if d.is_error)
        cached = _cache.get(key)
        if cached is None or cached.sha256 != sha or cached.path != path:
            cached = _read_header(path, data, sha)
        _cache[key] = replace(cached, problems=errors or cached.problems, checked=True)
        raise
    _cache[key] = _from_model(path, sha, scenario)
    return scenario


# -- reading a header ---------------------------------------------------------------------


def _unreadable(shown: str, why: str) -> Diagnostic:
    why = " ".join(why.split())[:300]
    return Diagnostic("Y110", f"cannot read the file ({why}); check the path.", shown, NOWHERE)


def _compile(path: Path, data: bytes) -> Scenario:
    """The engine's full load on bytes already read; a crash in it becomes a diagnostic."""
    try:
        return compile_source(parse_source(data, str(path)), path.parent)
    except ScenarioError:
        raise
    except Exception as exc:  # e.g. a control character libyaml refuses: one line, not a crash
        why = f"{type(exc).__name__}: {exc}"
        raise ScenarioError([_unreadable(str(path), why)]) from None


def _full_check(path: Path, data: bytes, header: Entry) -> Entry:
    try:
        scenario = _compile(path, data)
    except ScenarioError as exc:
        errors = tuple(d for d in exc.diagnostics if d.is_error)
        return replace(header, problems=errors or header.problems, checked=True)
    return _from_model(path, header.sha256, scenario)


def _header_fields(m: ScenarioModel) -> dict[str, Any]:
    """What a card shows, from a scenario's (or a header's) model."""
    return {
        "id": m.id,
        "language": m.language,
        "title_text": m.title,
        "industry_text": m.industry,
        "summary_text": m.summary,
        "difficulty": m.difficulty,
        "minutes": m.meeting.minutes,
    }


def _from_model(path: Path, sha: str, scenario: Scenario) -> Entry:
    model = scenario.model
    nodes = model.nodes
    count = sum(1 for n in nodes.values() if n.meeting is not None)
    if nodes[model.start].meeting is None:
        count += 1
    return Entry(
        path,
        sha,
        **_header_fields(model),
        meetings=max(1, count),
        play_minutes=tuple((lang, max(1, round(n))) for lang, n in stats(scenario).minutes.items()),
        checked=True,
    )


def _read_header(path: Path, data: bytes, sha: str) -> Entry:
    """The entry from the file's header alone (problems: the header's first ones)."""
    shown = str(path)
    base = Entry(path, sha)
    try:
        text = _decode(data, shown)
        header, blocks = _header_text(text)
        if header is not None and "format" not in blocks:
            first = min(start for start, _ in blocks.values())
            where = Pos(text.count("\n", 0, first) + 1, 1)
            return replace(base, problems=(Diagnostic("S203", _MISSING_FORMAT, shown, where),))
        src = None
        if header is not None:
            try:
                src = parse_source(header.encode("utf-8"), shown)
            except ScenarioError:
                if len(data) > FULL_CHECK_BYTES:
                    raise  # too big to confirm on the whole file: the header's word stands
        if src is None:  # not laid out as 'key: value' lines, or the slice did not parse
            src = parse_source(data, shown)
            blocks = {}
    except ScenarioError as exc:
        return replace(base, problems=tuple(exc.diagnostics[:1]))
    except Exception as exc:  # a reader crash (e.g. a control character): one line
        return replace(base, problems=(_unreadable(shown, f"{type(exc).__name__}: {exc}"),))
    entry = _header_entry(base, src, text, blocks)
    if entry.problems and entry.problems[0].code == "S203" and blocks:
        # a field the header seems to lack may be a key the slicer could not see (typed
        # 'start：a' with a full-width colon): the whole file's syntax error says so
        try:
            parse_source(data, shown)
        except ScenarioError as exc:
            return replace(base, problems=tuple(exc.diagnostics[:1]))
    return entry


def _decode(data: bytes, shown: str) -> str:
    if len(data) > MAX_BYTES or b"\x00" in data:
        parse_source(data, shown)  # raises the engine's own diagnostic (too large, binary)
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        parse_source(data, shown)  # raises Y103 with the position of the bad byte
        raise


def _key_name(m: re.Match[str]) -> str:
    return next(g for g in m.groups() if g is not None)


def _header_text(text: str) -> tuple[str | None, dict[str, tuple[int, int]]]:
    """The header blocks of ``text`` with every other line blanked (positions kept), and
    where each top-level block starts and ends; None if the file is not laid out in
    top-level ``key:`` lines (the caller then parses the whole file)."""
    starts: list[tuple[int, str]] = []
    first = _FIRST_KEY.match(text)
    if first is not None:
        starts.append((0, _key_name(first)))
    starts += [(m.start() + 1, _key_name(m)) for m in _TOP_KEY.finditer(text)]
    if not starts or not _PREAMBLE.match(text, 0, starts[0][0]):
        return None, {}
    blocks: dict[str, tuple[int, int]] = {}
    parts = [text[: starts[0][0]]]
    gap = 0  # newlines owed for blocks left out since the last kept one
    for i, (begin, name) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        blocks.setdefault(name, (begin, end))
        if name in HEADER_KEYS:
            parts.append("\n" * gap)
            parts.append(text[begin:end])
            gap = 0
        else:
            gap += text.count("\n", begin, end)
    return "".join(parts), blocks


def _header_entry(base: Entry, src: Any, text: str, blocks: dict[str, tuple[int, int]]) -> Entry:
    data = src.data
    shown = src.path
    if not isinstance(data, dict):
        return replace(base, problems=(_shape_problem(src, "S202"),))
    if "format" not in data:
        return replace(base, problems=(_shape_problem(src, "S203"),))
    if data["format"] != FORMAT_VERSION or isinstance(data["format"], bool):
        message = (
            f"format {data['format']!r} is not supported; this version of salessim reads "
            f"format {FORMAT_VERSION}."
        )
        return replace(base, problems=(Diagnostic("S205", message, shown, src.pos(("format",))),))
    header = {k: v for k, v in data.items() if k in HEADER_KEYS}
    model, problems = validate_model(_Header, src, header)
    if model is None:
        # the title and the like may still be good: show what can be shown
        lang = str(header.get("language")) if header.get("language") in ("zh", "en") else "zh"
        title = _text_or_none(header.get("title"))
        return replace(base, language=lang, title_text=title, problems=tuple(problems[:1]))
    m = cast(ScenarioModel, model)
    if blocks:
        meetings = _count_meetings(text, blocks.get("nodes"), m.start)
    else:
        meetings = _count_meetings_in(data.get("nodes"), m.start)
    return replace(base, **_header_fields(m), meetings=meetings)


def _shape_problem(src: Any, code: str) -> Diagnostic:
    message = {
        "S202": "a scenario must be a mapping of 'key: value' lines, starting with 'format: 1'.",
        "S203": _MISSING_FORMAT,
    }[code]
    return Diagnostic(code, message, src.path, src.pos(()))


def _text_or_none(value: Any) -> Text | None:
    try:
        return parse_text(value) if value is not None else None
    except ValueError:
        return None


def _count_meetings(text: str, span: tuple[int, int] | None, start: str) -> int:
    """Meetings set up in ``nodes`` by a text scan: nodes with a ``meeting:`` key, plus one
    if the start node opens none; 0 (not known) unless ``nodes`` is in block style."""
    if span is None:
        return 0
    begin, end = span
    line_end = text.find("\n", begin, end)
    if line_end < 0 or text[text.index(":", begin) + 1 : line_end].split("#", 1)[0].strip():
        return 0  # nodes: {...} in flow style: not worth scanning
    indent = _INDENT.search(text, line_end, end)
    if indent is None:
        return 0
    keys = [m for m in _MEETING.finditer(text, line_end, end) if _is_key(text, m.start())]
    if not keys:
        return 1
    node_key = re.compile(r"\n" + re.escape(indent.group(1)) + _KEY)
    owners = [m.start() for m in node_key.finditer(text, line_end, end)]
    with_meeting: set[str] = set()
    for m in keys:
        owner = bisect.bisect_right(owners, m.start()) - 1
        if owner >= 0:
            found = node_key.match(text, owners[owner])
            if found is not None:
                with_meeting.add(_key_name(found))
    return max(1, len(with_meeting) + (0 if start in with_meeting else 1))


def _is_key(text: str, at: int) -> bool:
    """Whether the word at ``at`` starts a key (line start, after ``{``, ``,`` or ``- ``),
    not a word inside some text."""
    before = text[text.rfind("\n", 0, at) + 1 : at].rstrip(" \t")
    if not before:
        return True
    outside = _QUOTED.sub("", before)  # a quote left open: the word is inside a string
    return "'" not in outside and '"' not in outside and outside.endswith(("{", ",", "-"))


def _count_meetings_in(nodes: Any, start: str) -> int:
    if not isinstance(nodes, dict):
        return 0
    count = sum(1 for n in nodes.values() if isinstance(n, dict) and n.get("meeting") is not None)
    first = nodes.get(start)
    if not (isinstance(first, dict) and first.get("meeting") is not None):
        count += 1
    return max(1, count)
