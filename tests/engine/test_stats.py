"""``salessim validate --stats``: a scenario's size, counted by hand on a small one."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.cli import main
from game.engine import load_scenario_text
from game.engine.stats import amount, stats

SMALL = """\
format: 1
id: small
language: en
title: {en: Small, zh: 小}
briefing: {en: You meet Ann., zh: 你去见安。}
meeting: {minutes: 10}
stakeholders:
  ann: {name: {en: Ann, zh: 安}, title: {en: CFO, zh: 财务}, role: economic_buyer}
start: a
nodes:
  a:
    speaker: ann
    meeting: {title: {en: Call, zh: 电话}, present: [ann]}
    says: {en: Our costs are too high., zh: 成本太高了。}
    choices:
      - {say: {en: How high?, zh: 多高？}, move: question, spin: problem, goto: b}
      - {say: {en: Buy ours., zh: 买我们的。}, move: present, end: lost}
  b:
    says: {en: She shows the numbers., zh: 她拿出数字。}
    end: won
endings:
  won: {outcome: advance, says: {en: Good talk., zh: 谈得好。}}
  lost: {outcome: no_sale, says: {en: No thanks., zh: 不用了。}}
"""


def test_counts_by_hand() -> None:
    s = stats(load_scenario_text(SMALL, "small.yaml"))
    assert (s.nodes, s.choices, s.endings, s.meetings) == (2, 2, 2, 1)
    # en: 5 + 2 + 2 + 4 (lines and choices) + 2 + 2 (endings) words
    assert s.words == {"en": 17, "zh": 5 + 2 + 4 + 5 + 3 + 3}
    assert s.by_speaker["ann"] == {"en": 5, "zh": 5}
    assert s.by_speaker["trainee"] == {"en": 4, "zh": 6}
    assert s.by_speaker["narrator"] == {"en": 4, "zh": 5}
    assert s.longest == "won" and 0 < s.minutes["en"] < 1


def test_words_and_characters() -> None:
    assert amount("It's a 3-year, 2.7M deal.", "en") == 6
    assert amount("预算是270万。", "zh") == 4  # the digits are not characters read


def test_the_command_prints_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    assert main(["validate", "--stats", str(path)]) == 0
    out = capsys.readouterr().out
    assert "  2 nodes, 2 choices, 2 endings, 1 meeting" in out
    assert "  en: 17 words; about 0 min to play (to 'won')" in out
    assert "    by speaker: ann 5, trainee 4, narrator 4" in out  # most first
