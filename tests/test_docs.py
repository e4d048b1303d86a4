"""Examples in the docs are real: the trainer guides' scenarios validate and play."""

from __future__ import annotations

import re
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
