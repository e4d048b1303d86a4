"""Examples in the docs are real: the trainer guides' scenarios validate and play."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from game.cli import main
from game.engine import load_scenario_text

ROOT = Path(__file__).resolve().parent.parent
GUIDES = [ROOT / "docs" / "trainer-guide.en.md", ROOT / "docs" / "trainer-guide.zh.md"]


def full_examples(path: Path) -> list[str]:
    blocks = re.findall(r"```yaml\n(.*?)```", path.read_text(encoding="utf-8"), re.S)
    return [b for b in blocks if b.lstrip().startswith("# yaml-language-server")]


@pytest.mark.parametrize("guide", GUIDES, ids=[g.name for g in GUIDES])
def test_guide_example_validates_and_plays(
    guide: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    examples = full_examples(guide)
    assert examples, f"{guide.name} has no complete example"
    for text in examples:
        scenario = load_scenario_text(text, guide.name)
        assert not scenario.warnings
        path = tmp_path / "example.yaml"
        path.write_text(text, encoding="utf-8")
        assert main(["play", "--text", str(path), "--choices", "1,1"]) == 0
        out = capsys.readouterr().out
        assert ("推进" if scenario.language == "zh" else "Advance") in out


@pytest.mark.parametrize("guide", GUIDES, ids=[g.name for g in GUIDES])
def test_guide_test_plan_passes_against_its_example(
    guide: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The test plan the guide shows runs with ``salessim test`` beside the guide's own
    example scenario, and passes."""
    text = guide.read_text(encoding="utf-8")
    (tmp_path / "example.yaml").write_text(full_examples(guide)[0], encoding="utf-8")
    plans = re.findall(r"```play\n(.*?)```", text, re.S)
    assert len(plans) == 1
    (tmp_path / "good-call.play").write_text(plans[0], encoding="utf-8")
    assert main(["test", str(tmp_path / "example.yaml")]) == 0
    assert capsys.readouterr().out.strip().endswith("1 plan: 1 passed")


def test_comma_inside_a_flow_mapping_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "comma.yaml"
    path.write_text(
        "format: 1\nid: x\nlanguage: en\ntitle: T\n"
        "stakeholders: {a: {name: A, title: B, role: user}}\nstart: n\n"
        "nodes: {n: {says: Hi, end: e}}\n"
        "endings: {e: {outcome: no_sale, says: Thanks, send a brochure.}}\n",
        encoding="utf-8",
    )
    from game.engine import check_file

    messages = [d.message for d in check_file(path)]
    assert any("cut off at a comma" in m for m in messages), messages


MANAGER_GUIDES = [ROOT / "docs" / "manager-guide.en.md", ROOT / "docs" / "manager-guide.zh.md"]


@pytest.mark.parametrize("guide", MANAGER_GUIDES, ids=[g.name for g in MANAGER_GUIDES])
def test_manager_guide_commands_are_real(guide: Path) -> None:
    """Every ``salessim`` command the guide shows parses with the command line as it is,
    and both guides teach the same commands."""
    from game.cli import _parser

    blocks = re.findall(r"```sh\n(.*?)```", guide.read_text(encoding="utf-8"), re.S)
    commands = [
        line.split("#")[0].split("salessim ", 1)[1]
        for block in blocks
        for line in block.splitlines()
        if "salessim " in line.split("#")[0]
    ]
    assert len(commands) >= 8
    for command in commands:
        parsed = _parser().parse_args(shlex.split(command))
        assert parsed.command in ("records", "report", "xapi"), command
    other = MANAGER_GUIDES[1 - MANAGER_GUIDES.index(guide)]

    def taught(path: Path) -> set[str]:
        return set(re.findall(r"salessim [a-z]+(?: [a-z]+)?", path.read_text("utf-8"), re.A))

    assert taught(guide) == taught(other)
