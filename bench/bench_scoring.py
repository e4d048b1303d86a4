"""Scoring benchmark: milliseconds to score (and to verify) a record of 10 ... 5,000 choices.

Run: ``python bench/bench_scoring.py [CHOICES ...]`` (default 10 100 1000 5000). Each record
is made by playing a real Session through a generated scenario: one long chain of buyer
lines whose choices cover every move the rules judge (SPIN questions, cues picked up,
verifies, presents, prices, discounts, objections, next steps, closes, taboos), with a new
meeting every 25 lines so no meeting runs out of time. Goal: time grows linearly with the
record's length (ms per choice roughly flat). Times are the best of several runs.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.engine.scenario import Scenario, load_scenario_text
from game.engine.session import Session, drive
from game.scoring import score_record

HEAD = """format: 1
id: bench-scoring-{n}
language: en
title: Scoring benchmark, {n} lines
meeting: {{minutes: 600}}
stakeholders:
  zhang: {{name: Manager Zhang, title: Security manager, role: user}}
  liu: {{name: Mr Liu, title: Vice president, role: economic_buyer}}
  wang: {{name: Engineer Wang, title: IT lead, role: technical}}
facts:
  budget: {{text: Budget of three million, kind: budget}}
  sites: {{text: Four sites, kind: background, known: true}}
  deadline: {{text: Live by March, kind: timeline}}
pains:
  theft: {{text: Night-time theft, owner: zhang}}
  alarms: {{text: False alarms, owner: wang}}
  cost: {{text: Guard costs, owner: liu}}
start: n0
nodes:
"""

PAINS = ("theft", "alarms", "cost")
FACTS = ("budget", "deadline")
SPEAKERS = ("zhang", "wang", "zhang", "liu")
OBJECTIONS = ("price", "need", "timing", "authority")

#: One choice per move the rules judge; each line offers four of them, in turn.
CHOICES = [
    "- {{say: 'What goes wrong with {p} at night?', move: question, spin: problem, "
    "open: true, picks_up: {p}, about: [{p}], goto: {next}}}",
    "- {{say: 'What does {p} cost you each month?', move: question, spin: implication, "
    "about: [{p}], goto: {next}}}",
    "- {{say: 'How many sites do you run?', move: question, spin: situation, open: false, "
    "about: [sites], goto: {next}}}",
    "- {{say: 'So {p} is what you need fixed first.', move: verify, about: [{p}], goto: {next}}}",
    "- {{say: 'Our platform solves {p}; let me show you how it works end to end.', "
    "move: present, about: [{p}], goto: {next}}}",
    "- {{say: 'I understand the concern.', move: acknowledge, goto: {next}}}",
    "- {{say: 'The whole system is about three million.', move: price, goto: {next}}}",
    "- {{say: 'We can take five percent off.', move: discount, in_return: 'a signed order', "
    "goto: {next}}}",
    "- {{say: 'Ten percent off, today only.', move: discount, flags: [overpromise], goto: {next}}}",
    "- {{say: 'Shall we bring Mr Liu to a site visit next Tuesday?', move: next_step, "
    "next_step: {{action: Site visit, buyer_commits: true, dated: true, who: [liu]}}, "
    "goto: {next}}}",
    "- {{say: 'Let us keep in touch.', move: next_step, "
    "next_step: {{action: Keep in touch}}, goto: {next}}}",
    "- {{say: 'Sign today and we start Monday.', move: close, technique: urgency, goto: {next}}}",
    "- {{say: 'To sum up: fewer thefts, fewer alarms; shall we go ahead?', move: close, "
    "technique: summary, goto: {next}}}",
]


def generate(n: int) -> str:
    """A valid scenario of ``n`` buyer lines in a chain, each offering four choices."""
    parts = [HEAD.format(n=n)]
    for i in range(n):
        nxt = f"n{i + 1}" if i + 1 < n else "last"
        pain = PAINS[i % len(PAINS)]
        lines = [f"  n{i}:", f"    speaker: {SPEAKERS[i % len(SPEAKERS)]}"]
        lines.append(f"    says: 'Line {i}: {pain} keeps coming up on our campus lately.'")
        if i % 25 == 0:
            lines.append("    meeting: {present: [zhang, wang]}")
        lines.append(f"    cues: [{pain}]")
        if i % 4 == 1:
            lines.append(f"    pains: {{{pain}: {'explicit' if i % 8 == 1 else 'implied'}}}")
        if i % 10 == 3:
            lines.append(f"    reveals: [{FACTS[i // 10 % len(FACTS)]}]")
        if i % 9 == 5:
            lines.append(f"    objection: {{type: {OBJECTIONS[i // 9 % len(OBJECTIONS)]}}}")
        if i % 60 == 30:
            lines.append("    advance: true")
        lines.append("    choices:")
        for k in range(4):
            template = CHOICES[(i + 3 * k) % len(CHOICES)]
            lines.append("      " + template.format(p=pain, next=nxt))
        parts.append("\n".join(lines) + "\n")
    parts.append(
        "  last: {speaker: liu, says: 'Good, we will decide next week.', end: done}\n"
        "endings:\n  done: {outcome: advance, says: See you next week.}\n"
    )
    return "".join(parts)


def played(scenario: Scenario) -> dict[str, object]:
    """The record of one session through the whole chain, picking the choices in turn."""
    session = Session(scenario, session_id="bench")
    count = [0]

    def pick(s: Session) -> int:
        count[0] += 1
        return 1 + (count[0] * 7 // 3) % len(s.offered())

    drive(session, pick)
    return session.record()


def best_ms(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in ms (the least disturbed by other load)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [10, 100, 1000, 5000]
    try:
        from game.verify import verify_record
    except ImportError:  # before the verifier existed
        verify_record = None  # type: ignore[assignment]
    print(f"{'choices':>8} {'events':>7} {'score ms':>9} {'ms/choice':>10} {'verify ms':>10}")
    for n in sizes:
        scenario = load_scenario_text(generate(n), f"<bench-{n}>")
        record = played(scenario)
        events = record["events"]
        assert isinstance(events, list)
        repeat = 9 if n <= 1000 else 5
        score_ms = best_ms(lambda r=record: score_record(r), repeat)  # type: ignore[misc]
        verify = "-"
        if verify_record is not None:
            ms = best_ms(lambda r=record, s=scenario: verify_record(r, s), repeat)  # type: ignore[misc]
            verify = f"{ms:10.1f}"
        print(f"{n:>8} {len(events):>7} {score_ms:9.1f} {score_ms / n:10.3f} {verify:>10}")


if __name__ == "__main__":
    main()
