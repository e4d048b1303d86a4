"""The rubric file: defaults, layers (default < scenario < file), hashing and diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest
from scoring_synth import Synth

from game.engine.diagnostics import ScenarioError
from game.scoring import (
    DIMENSIONS,
    check_scenario_rubric,
    default_rubric,
    load_rubric,
    load_rubric_text,
    score_record,
)
from game.scoring.rubric import DEFAULT_FILE


def test_default_rubric_is_shipped_and_weights_add_up() -> None:
    rubric = default_rubric()
    assert DEFAULT_FILE.name == "rubric.yaml" and DEFAULT_FILE.parent.name == "scoring"
    settings = rubric.settings
    assert settings.overall.pass_mark == 75 and settings.overall.dimension_floor == 60
    assert (settings.tiers.excellent, settings.tiers.proficient, settings.tiers.developing) == (
        90,
        75,
        50,
    )
    for dim in DIMENSIONS:
        section = getattr(settings, dim)
        rules = [v for k, v in section if k != "weight"]
        assert sum(r.weight for r in rules) == 100, dim
    assert rubric.identity()["sources"] == ["default"]
    assert len(rubric.sha256) == 64


def test_file_overrides_and_identity() -> None:
    rubric = load_rubric_text("version: acme-2\nquestioning: {Q1: {weight: 40}}\n", "acme.yaml")
    assert rubric.settings.questioning.Q1.weight == 40
    assert rubric.settings.questioning.Q1.one_kind_credit == 0.5  # untouched keys stay
    assert rubric.version == "acme-2"
    assert rubric.sha256 != default_rubric().sha256
    assert rubric.identity()["files"] == [
        {"name": "acme.yaml", "data": {"version": "acme-2", "questioning": {"Q1": {"weight": 40}}}}
    ]


def test_precedence_default_then_scenario_then_file() -> None:
    file = load_rubric_text("questioning: {Q1: {weight: 10}}\n", "f.yaml")
    section = {"questioning": {"Q1": {"weight": 20, "one_kind_credit": 0.1}}}
    both = file.with_scenario(section)
    assert both.settings.questioning.Q1.weight == 10  # the file wins
    assert both.settings.questioning.Q1.one_kind_credit == 0.1  # the scenario beats default
    assert both.sources == ["default", "scenario", "f.yaml"]


def test_the_hash_is_canonical() -> None:
    a = load_rubric_text("tiers: {excellent: 95, proficient: 80, developing: 50}\n")
    b = load_rubric_text("tiers: {developing: 50, proficient: 80, excellent: 95}\n")
    assert a.sha256 == b.sha256


@pytest.mark.parametrize(
    ("text", "where", "code", "words"),
    [
        ("questioning:\n  Q1: {wieght: 3}\n", "2:8", "S201", "Did you mean 'weight'?"),
        ("listening:\n  L3:\n    window: two\n", "3:13", "S202", "must be a whole number"),
        ("questioning:\n  Q3: {full_share: 70}\n", "2:7", "S207", "zero_share must be larger"),
        ("tiers: {excellent: 50, proficient: 75}\n", "1:8", "S207", "tiers must go down"),
        ("taboos:\n  overpromise: {dimension: pricing}\n", "2:28", "S204", "'pricing_timing'"),
        ("overall:\n  pass_mark: 120\n", "2:14", "S207", "at most 100"),
        ("overall: {pass_mark: 70}\noverall: {pass_mark: 80}\n", "2:1", "Y107", "twice"),
        ("- just a list\n", "1:1", "S202", "must be a mapping"),
        ("questioning: [\n", "2:1", "Y101", "YAML syntax error"),
    ],
)
def test_bad_rubric_files_point_at_the_mistake(
    tmp_path: Path, text: str, where: str, code: str, words: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_rubric(path)
    first = str(caught.value.diagnostics[0])
    assert first.startswith(f"{path}:{where}: {code} "), first
    assert words in first
    assert "of the scenario" not in first


def test_a_missing_rubric_file_is_a_diagnostic(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_rubric(tmp_path / "nope.yaml")
    assert caught.value.diagnostics[0].code == "Y110"


def test_scenario_rubric_section_is_checked_with_positions(tmp_path: Path) -> None:
    scenario = Path(__file__).parents[1] / "data" / "mini.yaml"
    bad = tmp_path / "mini.yaml"
    bad.write_text(
        scenario.read_text(encoding="utf-8") + "rubric:\n  next_step: {N2: {weigth: 5}}\n",
        encoding="utf-8",
    )
    problems = check_scenario_rubric(bad)
    assert [d.code for d in problems] == ["S201"]
    assert problems[0].pos.line == len(scenario.read_text().splitlines()) + 2
    assert (
        "'rubric.next_step.N2' of the scenario has an unknown key 'weigth'" in problems[0].message
    )
    assert check_scenario_rubric(scenario) == []


def test_scenario_section_from_the_record_applies() -> None:
    s = Synth(rubric={"overall": {"pass_mark": 10, "dimension_floor": 0, "min_assessed": 1}})
    s.buyer(pains={"downtime": "explicit"})
    s.say("next_step", next_step={"buyer_commits": True, "dated": True, "who": ["li"]})
    report = score_record(s.end())
    assert report.rubric["sources"] == ["default", "scenario"]
    assert report.passed
    assert not score_record(Synth().end()).passed


def test_the_scenario_rubric_check_reuses_what_is_already_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`salessim validate` and `play` parse a scenario file once: the rubric section is
    checked from the loaded Scenario (or the parsed Source), not by reading the file again."""
    import game.engine.scenario
    import game.scoring.rubric as rubric_module
    from game.engine.scenario import load_scenario
    from game.engine.source import read_source
    from game.scoring.rubric import check_scenario_file

    mini = Path(__file__).parents[1] / "data" / "mini.yaml"
    good = tmp_path / "good.yaml"
    good.write_text(
        mini.read_text(encoding="utf-8") + "rubric:\n  overall: {pass_mark: 70}\n", "utf-8"
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(mini.read_text(encoding="utf-8") + "rubric:\n  overall: {pass_mark: x}\n")
    assert check_scenario_rubric(read_source(bad)) == check_scenario_rubric(bad)

    reads: list[str] = []

    def counted(path: object, display: str | None = None) -> object:
        reads.append(str(path))
        return read_source(path, display)  # type: ignore[arg-type]

    monkeypatch.setattr(game.engine.scenario, "read_source", counted)
    monkeypatch.setattr(rubric_module, "read_source", counted)
    assert check_scenario_file(good) == []
    assert reads == [str(good)]
    scenario = load_scenario(good)
    reads.clear()
    assert check_scenario_rubric(scenario) == []
    assert reads == []

    # a problem is placed at its line: only then is the file read again, for positions
    found = check_scenario_file(bad)
    line = mini.read_text().count("\n") + 2  # the section appended after the scenario
    assert [(d.code, d.pos.line) for d in found] == [("S202", line)]
    assert found == check_scenario_rubric(bad)
