"""The catalogue: cards from headers (cheaply, cached by content), scenarios found by id."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from game import catalog, paths
from game.catalog import Entry, read_entry
from game.cli import main as cli_main
from game.engine import ScenarioError, load_scenario

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini.yaml"
CAMPUS = ROOT / "scenarios" / "campus-security.yaml"
BAD = sorted((ROOT / "tests" / "data" / "bad").glob("*.yaml"))
sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    catalog.clear_cache()
    yield
    catalog.clear_cache()


def card(entry: Entry) -> dict[str, Any]:
    """What a picker card shows, in both languages."""
    return {
        "id": entry.id,
        "titles": [entry.title(lang) for lang in ("zh", "en")],
        "industries": [entry.industry(lang) for lang in ("zh", "en")],
        "summaries": [entry.summary(lang) for lang in ("zh", "en")],
        "difficulty": entry.difficulty,
        "minutes": entry.minutes,
        "meetings": entry.meetings,
        "languages": entry.languages,
        "ok": entry.ok,
    }


@pytest.mark.parametrize("path", [MINI, CAMPUS], ids=lambda p: p.stem)
def test_the_header_says_what_the_full_load_says(path: Path) -> None:
    header = read_entry(path, check=False)
    assert not header.checked
    catalog.clear_cache()
    full = read_entry(path, check=True)
    assert full.checked
    assert card(header) == card(full)
    assert header.sha256 == full.sha256 == load_scenario(path).sha256


def test_meetings_are_counted_in_every_layout(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8")
    text = text.replace(  # a flow-style meeting on one node, and 'meeting:' inside a text
        "  pushback2:\n    speaker: lee\n    says: Not yet.\n    end: polite\n",
        "  pushback2: {speaker: lee, meeting: {minutes: 3}, says: 'No. meeting: later', "
        "end: polite}\n",
    )
    text = text.replace("    says: Sure.\n", '    says: "Sure, meeting: tomorrow?"\n')
    path = tmp_path / "meetings.yaml"
    path.write_text(text, encoding="utf-8")
    header = read_entry(path, check=False)
    catalog.clear_cache()
    full = read_entry(path, check=True)
    assert full.ok, full.first_problem
    assert header.meetings == full.meetings == 3
    # without a meeting on the start node, the first meeting is implied
    path.write_text(text.replace("    meeting: {title: First call, present: [lee]}\n", ""))
    catalog.clear_cache()
    assert read_entry(path, check=False).meetings == read_entry(path, check=True).meetings == 3


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_a_header_problem_is_one_the_validator_reports(path: Path) -> None:
    """No false alarms from reading only the header, and the same words as the validator."""
    header = read_entry(path, check=False)
    try:
        errors = [str(d) for d in load_scenario(path).warnings if d.is_error]
    except ScenarioError as exc:
        errors = [str(d) for d in exc.diagnostics if d.is_error]
    if not header.ok:
        assert header.first_problem in errors
    catalog.clear_cache()
    full = read_entry(path, check=True)
    assert full.first_problem == (errors[0] if errors else "")
    if errors:
        assert full.title("en")  # a broken card still has a title (or the file name)


def test_a_big_scenario_is_read_by_its_header_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(generate(2000), encoding="utf-8")
    assert path.stat().st_size > catalog.FULL_CHECK_BYTES
    parsed: list[int] = []
    real = catalog.parse_source

    def spy(data: bytes, shown: str) -> Any:
        parsed.append(len(data))
        return real(data, shown)

    monkeypatch.setattr(catalog, "parse_source", spy)
    monkeypatch.setattr(catalog, "compile_source", None)  # a full load would fail loudly
    [entry] = catalog.catalog([tmp_path])
    assert entry.ok and not entry.checked and entry.id == "bench-2000"
    assert entry.title("en") == "Benchmark scenario with 2000 nodes"
    assert entry.meetings == 1 and entry.minutes == 30
    assert parsed and max(parsed) < 2000  # the header lines, not the 2,000 nodes


def test_entries_are_cached_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mini.yaml"
    shutil.copy(MINI, path)
    first = catalog.catalog([tmp_path])
    assert first[0].checked
    monkeypatch.setattr(catalog, "parse_source", None)  # nothing may be parsed again
    assert catalog.catalog([tmp_path])[0] is first[0]
    monkeypatch.undo()
    path.write_text(MINI.read_text(encoding="utf-8").replace("Mini deal", "Maxi deal"))
    again = catalog.catalog([tmp_path])[0]
    assert again.title("en") == "Maxi deal" and again.sha256 != first[0].sha256


def test_full_checks_stop_at_the_budget_and_resume_later(tmp_path: Path) -> None:
    for name in ("a", "b"):
        shutil.copy(MINI, tmp_path / f"{name}.yaml")
    assert [e.checked for e in catalog.catalog([tmp_path], budget=0)] == [False, False]
    assert [e.checked for e in catalog.catalog([tmp_path])] == [True, True]


def test_opening_a_scenario_notes_its_problems_for_the_card(tmp_path: Path) -> None:
    path = tmp_path / "late.yaml"
    path.write_text(MINI.read_text(encoding="utf-8").replace("goto: close", "goto: nowhere"))
    [entry] = catalog.catalog([tmp_path], budget=0)  # as a big file: header only
    assert entry.ok and not entry.checked
    with pytest.raises(ScenarioError):
        catalog.load(path)
    [entry] = catalog.catalog([tmp_path], budget=0)
    assert not entry.ok and "nowhere" in entry.first_problem
    path.write_text(MINI.read_text(encoding="utf-8"))
    catalog.load(path)
    [entry] = catalog.catalog([tmp_path], budget=0)
    assert entry.ok and entry.checked


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"format: 1\nid: x\x00\n", "Y105"),
        (b"format: 1\ntitle: \xff\xfe\n", "Y103"),
        (b"format: 1\n# a \x0b comment\nid: mini\n", "Y11"),  # Y112 (or Y110 if libyaml's)
        (b"", "Y104"),
        (b"- a list\n- not a scenario\n", "S202"),
        (b"{format: 1, id: [unclosed\n", "Y101"),
        (b"format: 1\nid: x\ntitle: {zh: a\nen: b}\n", "Y101"),
    ],
    ids=["nul", "not-utf8", "control-char", "empty", "list", "flow-broken", "col0-continuation"],
)
def test_a_damaged_file_gets_a_card_with_one_problem(
    tmp_path: Path, content: bytes, code: str
) -> None:
    path = tmp_path / "damaged.yaml"
    path.write_bytes(content)
    [entry] = catalog.catalog([tmp_path])
    assert not entry.ok and entry.checked
    assert entry.problems[0].code.startswith(code)
    assert entry.first_problem.startswith(f"{path}:") and "\n" not in entry.first_problem
    assert entry.title("en") == "damaged"


def test_a_control_character_in_a_big_file_is_found_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(generate(400).replace("  n7:\n", "  # a \x0b comment\n  n7:\n"))
    assert path.stat().st_size > catalog.FULL_CHECK_BYTES
    [entry] = catalog.catalog([tmp_path])
    assert entry.ok and not entry.checked  # the header is fine
    with pytest.raises(ScenarioError) as caught:
        catalog.load(path)
    problem = caught.value.diagnostics[0]
    assert problem.code.startswith("Y11") and "000b" in problem.message.lower()
    assert not catalog.catalog([tmp_path])[0].ok


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_a_folder_named_like_a_scenario_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "folder.yaml").mkdir()
    entries = {e.path.name: e for e in catalog.catalog([tmp_path])}
    assert "not a regular file" in entries["pipe.yaml"].first_problem
    assert "a folder" in entries["folder.yaml"].first_problem
    with pytest.raises(ScenarioError):
        catalog.load(tmp_path / "pipe.yaml")
    assert paths.find_scenario("pipe", [tmp_path]) is None
    assert paths.scenario_id(tmp_path / "pipe.yaml") is None


def test_a_scenario_is_found_by_its_id_whatever_its_file_is_called(tmp_path: Path) -> None:
    find = paths.find_scenario
    other = tmp_path / "our-first-deal.yaml"
    shutil.copy(MINI, other)
    shutil.copy(CAMPUS, tmp_path / "mini.yaml")  # a file named like the id, holding another
    assert find("mini", [tmp_path]) == other
    assert find("campus-security", [tmp_path]) == tmp_path / "mini.yaml"
    assert find("our-first-deal", [tmp_path]) == other  # a file name still works
    assert find(str(other), [tmp_path]) == other  # and so does a path
    assert find("nothing", [tmp_path]) is None
    assert find("../mini", [tmp_path]) is None
    quoted = tmp_path / "q.yml"
    quoted.write_bytes(b"\xef\xbb\xbfid: 'quoted-id'  # a comment\r\nformat: 1\r\n")
    assert find("quoted-id", [tmp_path]) == quoted


@pytest.mark.parametrize("path", [MINI, CAMPUS, *BAD], ids=lambda p: p.stem)
def test_the_quick_id_scan_agrees_with_the_catalogue(path: Path) -> None:
    entry = read_entry(path, check=False)
    if entry.id is not None:
        assert paths.scenario_id(path) == entry.id


def test_play_by_id_from_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    shutil.copy(MINI, shipped / "renamed.yaml")
    monkeypatch.setattr(paths, "scenarios_dir", lambda: shipped)
    assert paths.find_scenario("mini") == shipped / "renamed.yaml"
    out = tmp_path / "rec.json"
    code = cli_main(["play", "--text", "mini", "--choices", "1,1,1,1,1", "--json-out", str(out)])
    assert code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["scenario"]["id"] == "mini"


def test_the_shipped_default_is_found_by_id() -> None:
    assert paths.find_scenario("campus-security") == paths.default_scenario()


def test_the_catalogue_loads_no_pygame_and_no_ui() -> None:
    code = (
        "import sys, game.catalog, game.paths; game.paths.find_scenario('campus-security'); "
        "bad = [m for m in sys.modules if m == 'pygame' or m.startswith('game.ui')]; "
        "assert not bad, bad"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SDL_")}
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr


def test_a_crash_while_loading_is_one_problem_not_an_exception(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: object) -> None:
        raise RecursionError("maximum recursion depth exceeded\nwhile composing")

    path = tmp_path / "mini.yaml"
    shutil.copy(MINI, path)
    monkeypatch.setattr(catalog, "compile_source", crash)
    [entry] = catalog.catalog([tmp_path])
    assert entry.problems[0].code == "Y110"
    assert "RecursionError: maximum recursion depth exceeded while composing" in entry.first_problem
    with pytest.raises(ScenarioError):
        catalog.load(path)


def test_a_checked_card_knows_how_long_a_play_through_takes() -> None:
    from game.engine.stats import stats

    header = read_entry(CAMPUS, check=False)
    assert header.minutes_to_play("en") is None  # the header alone cannot say
    catalog.clear_cache()
    full = read_entry(CAMPUS, check=True)
    expected = stats(load_scenario(CAMPUS)).minutes
    assert full.minutes_to_play("zh") == round(expected["zh"])
    assert full.minutes_to_play("en") == round(expected["en"])
    mini = read_entry(MINI, check=True)  # English only: its own figure serves both
    assert mini.minutes_to_play("zh") == mini.minutes_to_play("en") is not None


def test_the_picker_groups_by_industry_easier_first(tmp_path: Path) -> None:
    def write(name: str, industry: str | None, difficulty: int) -> None:
        text = CAMPUS.read_text(encoding="utf-8")
        head, _, rest = text.partition("\nindustry:\n")
        rest = rest.split("\n", 2)[2]  # drop the two language lines of the old industry
        line = f'industry: {{zh: "{industry}", en: "{industry}"}}\n' if industry else ""
        rest = rest.replace("difficulty: 3", f"difficulty: {difficulty}", 1)
        body = head.replace("id: campus-security", f"id: {name}") + "\n" + line + rest
        (tmp_path / f"{name}.yaml").write_text(body, encoding="utf-8")

    write("a-hard-retail", "Retail", 5)
    write("b-easy-retail", "Retail", 1)
    write("c-banking", "Banking", 2)
    write("d-none", None, 1)
    (tmp_path / "e-broken.yaml").write_text("format: 1\nid: [\n", encoding="utf-8")
    groups = catalog.by_industry(catalog.catalog([tmp_path]), "en")
    assert [(k, [e.path.stem for e in v]) for k, v in groups] == [
        ("Banking", ["c-banking"]),
        ("Retail", ["b-easy-retail", "a-hard-retail"]),
        ("", ["d-none", "e-broken"]),
    ]
