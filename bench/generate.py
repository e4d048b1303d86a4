# ruff: noqa: E501  (YAML templates keep their lines whole)
"""Generate a large, valid scenario for benchmarks: ``python bench/generate.py N OUT.yaml``.

Each node is a buyer line in Chinese and English with three choices (a question that picks
up a cue, a gated jump, a present with a condition), so the file exercises every part of
loading and checking, at roughly the size per node that real scenarios have.
"""

from __future__ import annotations

import sys
from pathlib import Path

HEAD = """format: 1
id: bench-{n}
language: zh
title: {{zh: 基准场景 {n} 节点, en: Benchmark scenario with {n} nodes}}
briefing: {{zh: 用于性能测试的生成场景。, en: A generated scenario for benchmarks.}}
stakeholders:
  zhang: {{name: {{zh: 张经理, en: Manager Zhang}}, title: {{zh: 安保部经理, en: Security manager}}, role: user}}
  liu: {{name: {{zh: 刘总, en: Mr Liu}}, title: {{zh: 副总经理, en: Vice president}}, role: economic_buyer}}
facts:
  budget: {{text: {{zh: 预算三百万元, en: Budget of three million}}, kind: budget}}
pains:
  theft: {{text: {{zh: 夜间盗窃频发, en: Frequent night-time theft}}, owner: zhang}}
variables: {{trust: {{initial: 0, min: -5, max: 50}}}}
decision_points:
  discover: {{requires: "pain.theft >= implied"}}
  analyze: {{requires: "pain.theft == explicit and trust >= 2"}}
start: n0
nodes:
"""

NODE = """  n{i}:
    speaker: {speaker}
    says: {{zh: 第{i}轮：最近园区不太平，业主投诉挺多的，夜里经常出事，我们也很头疼。, en: "Round {i}: things have not been quiet on campus lately; owners complain and night incidents keep happening."}}
    cues: [theft]
    pains: {{theft: {need}}}
    advance: {advance}
    choices:
      - say: {{zh: 您说夜里经常出事，具体是哪些情况？, en: "You said incidents happen at night — what kind exactly?"}}
        move: question
        spin: problem
        open: true
        picks_up: theft
        effects: {{trust: +1}}
        goto: n{next}
      - say: {{zh: 如果我们能证明节省的费用，今年的预算能安排吗？, en: "If we can show the savings, will it fit this year's budget?"}}
        move: jump
        pass: n{next}
        fail: n{next}
      - say: {{zh: 我们的系统行业领先，我给您介绍一下。, en: "Our system leads the industry; let me walk you through it."}}
        move: present
        requires: "trust >= 1 or stage >= analyze"
        feedback: {{zh: 还没弄清问题就介绍产品。, en: Presenting before understanding the problem.}}
        goto: n{next}
"""

TAIL = """  last:
    speaker: liu
    says: {{zh: 好，我们下周安排现场勘察。, en: "Good, let us schedule a site survey next week."}}
    end: survey
endings:
  survey: {{outcome: advance, says: {{zh: 下周见。, en: See you next week.}}}}
"""


def generate(n: int) -> str:
    parts = [HEAD.format(n=n)]
    for i in range(n):
        nxt = i + 1 if i + 1 < n else "last"
        parts.append(
            NODE.format(
                i=i,
                next=nxt,
                speaker="liu" if i % 7 == 0 else "zhang",
                need="explicit" if i % 3 == 0 else "implied",
                advance="true" if i % 50 == 0 else "false",
            )
            .replace("goto: nlast", "goto: last")
            .replace("pass: nlast", "pass: last")
            .replace("fail: nlast", "fail: last")
        )
    parts.append(TAIL.format())
    return "".join(parts)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"bench-{n}.yaml")
    out.write_text(generate(n), encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB, {n} nodes)")


if __name__ == "__main__":
    main()
