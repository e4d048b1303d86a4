"""How well typed lines are read, on each shipped scenario's typed-line set
(``tests/freetext/lines/<scenario>.tsv``: lines written as trainees type, lines that avoid
the author's words, lines that fit no choice). The bars are issue 14's."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import load_scenario
from game.freetext import Matcher
from game.freetext.embed import missing
from game.freetext.linesets import Tally, measure, read_lines

ROOT = Path(__file__).resolve().parents[2]
SETS = sorted((ROOT / "tests" / "freetext" / "lines").glob("*.tsv"))


def results(path: Path, stage2: bool) -> dict[tuple[str, str], Tally]:
    matcher = Matcher(load_scenario(ROOT / "scenarios" / f"{path.stem}.yaml"), stage2=stage2)
    if matcher.embeddings is not None:
        matcher.embeddings.ready.wait()
        assert matcher.embeddings.error is None, matcher.embeddings.error
    return measure(matcher, read_lines(path))


def test_every_set_names_real_nodes_and_choices_and_covers_enough() -> None:
    assert SETS, "no typed-line sets"
    for path in SETS:
        sc = load_scenario(ROOT / "scenarios" / f"{path.stem}.yaml")
        lines = read_lines(path)
        nodes = {t.node for t in lines}
        assert len(nodes) >= 20, f"{path.name}: {len(nodes)} nodes"
        for t in lines:
            assert t.node in sc.model.nodes, t.where
            ids = [sc.choice_id(t.node, i) for i in range(len(sc.choices(t.node)))]
            assert t.choice is None or t.choice in ids, t.where
        for node in nodes:
            ids = [sc.choice_id(node, i) for i in range(len(sc.choices(node)))]
            covered = {t.choice for t in lines if t.node == node and t.kind == "plain"}
            for lang in ("zh", "en"):
                per = [t for t in lines if t.node == node and t.lang == lang and t.kind == "plain"]
                for cid in covered:
                    assert sum(t.choice == cid for t in per) >= 2, (path.name, node, cid, lang)
            assert covered, (path.name, node)
            assert set(ids) >= covered


@pytest.mark.skipif(missing() is not None, reason="the freetext extra is not installed")
@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_both_stages_meet_the_bars(path: Path) -> None:
    got = results(path, stage2=True)
    for lang in ("zh", "en"):
        plain, hard, none = (got[(lang, k)] for k in ("plain", "hard", "none"))
        assert plain.rate(plain.top1) >= 0.97, (lang, "plain", plain.rate(plain.top1))
        assert hard.rate(hard.top1) >= 0.90, (lang, "hard", hard.rate(hard.top1))
        listed = (plain.listed + hard.listed) / (plain.lines + hard.lines)
        assert listed >= 0.99, (lang, "in the confirm list", listed)
        assert none.auto * 30 <= none.lines, (lang, "lines fitting nothing taken", none.auto)


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_stage_one_alone_reads_ordinary_lines(path: Path) -> None:
    """Without the extra: ordinary lines are still read right, and a line that fits nothing
    is seldom taken without asking."""
    got = results(path, stage2=False)
    for lang in ("zh", "en"):
        plain, none = got[(lang, "plain")], got[(lang, "none")]
        assert plain.rate(plain.top1) >= 0.97, (lang, plain.rate(plain.top1))
        assert none.auto * 30 <= none.lines, (lang, none.auto)
        wrong = sum(got[(lang, k)].auto_wrong for k in ("plain", "hard"))
        assert wrong <= 1, (lang, "wrong lines taken", wrong)
