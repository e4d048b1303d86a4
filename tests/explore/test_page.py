"""``salessim explore -o``: the trainer's page, with every place in the scenario as
``file:line:col`` and everything the scenario wrote escaped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.cli import main
from game.engine import load_scenario

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "mini.yaml"
CAMPUS = ROOT / "scenarios" / "campus-security.yaml"


def test_the_page_of_the_test_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "mini.html"
    assert main(["explore", str(MINI), "-o", str(out), "--validity"]) == 0
    assert capsys.readouterr().out.strip() == f"salessim: wrote {out}"
    page = out.read_text(encoding="utf-8")
    assert "default-src 'none'" in page and "<script" not in page
    scenario = load_scenario(MINI)
    for ending in scenario.model.endings:  # every ending, each with where it is written
        line = scenario.source.pos(("endings", ending)).line  # type: ignore[union-attr]
        assert re.search(rf"<b>{ending}</b><br><span class=\"where\">[^<]*mini.yaml:{line}:", page)
    assert "All 57 paths scored." in page  # the hand count of the test scenario's paths
    assert "No counter-example." in page
    assert "Bad paths that come close to passing" in page


def test_untaken_choices_point_at_their_line(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8").replace(
        "      - say: Would you sign today?\n",
        '      - say: Would you sign today?\n        requires: "trust >= 99"\n',
    )
    assert "trust >= 99" in text
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "page.html"
    assert main(["explore", str(path), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    line = text.splitlines().index("      - say: Would you sign today?") + 1
    assert re.search(rf"choice 2 of <b>hello</b> <span class=\"where\">[^<]*:{line}:\d+", page)
    assert "Not checked: add <code>--validity</code>" in page


def test_the_scenario_text_is_escaped(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8").replace(
        "title: {en: Mini deal, zh: 小单}", 'title: {en: "<script>alert(1)</script>", zh: 小单}'
    )
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "x.html"
    assert main(["explore", str(path), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_scenario_gets_its_page(path: Path, tmp_path: Path) -> None:
    """The page CI builds for each shipped scenario (about 20 s for campus-security on two
    cores): every ending the search found is in it, with where it is written."""
    out = tmp_path / f"{path.stem}.html"
    assert main(["explore", str(path), "-o", str(out), "--lang", "en"]) == 0
    page = out.read_text(encoding="utf-8")
    scenario = load_scenario(path)
    for ending in scenario.model.endings:
        assert f"<b>{ending}</b>" in page
