"""Typed-line sets: lines written the way trainees type, each with the choice it means, to
measure the matcher (tests, ``bench/bench_freetext.py``).

A set is a tab-separated file, ``#`` lines are comments, the first line the header::

    node    choice    lang    kind    line
    start   start.3   zh      plain   你们现在园区安防怎么管的
    start   -         en      none    nice weather today

``kind``: ``plain`` (an ordinary typed line, may reuse the author's words), ``hard`` (the
same meaning in other words), ``none`` (fits no choice at that node; ``choice`` is ``-``).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from game.freetext.matcher import Matcher

KINDS = ("plain", "hard", "none")
HEADER = ["node", "choice", "lang", "kind", "line"]


class LineSetError(ValueError):
    pass


@dataclass(frozen=True)
class Typed:
    node: str
    choice: str | None
    lang: str
    kind: str
    text: str
    where: str  # file:line


def read_lines(path: Path) -> list[Typed]:
    out = []
    header_seen = False
    for no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.split("\t")
        where = f"{path}:{no}"
        if not header_seen:
            if [c.strip() for c in cells] != HEADER:
                raise LineSetError(f"{where}: the first line must be the header {' '.join(HEADER)}")
            header_seen = True
            continue
        if len(cells) != 5:
            raise LineSetError(f"{where}: expected 5 tab-separated cells, found {len(cells)}")
        node, choice, lang, kind, text = (c.strip() for c in cells)
        if kind not in KINDS or lang not in ("zh", "en"):
            raise LineSetError(f"{where}: kind must be one of {', '.join(KINDS)}, lang zh or en")
        out.append(Typed(node, None if choice == "-" else choice, lang, kind, text, where))
    return out


@dataclass
class Tally:
    lines: int = 0
    top1: int = 0
    listed: int = 0  # the right choice in the confirm list
    auto: int = 0  # taken without asking
    auto_wrong: int = 0  # taken without asking, and wrong
    millis: list[float] = field(default_factory=list)

    def rate(self, n: int) -> float:
        return n / self.lines if self.lines else 0.0


def measure(matcher: Matcher, lines: Iterable[Typed]) -> dict[tuple[str, str], Tally]:
    """(lang, kind) -> what the matcher made of those lines, each matched against every
    choice of its node (what is on offer there when no condition hides one)."""
    out: dict[tuple[str, str], Tally] = {}
    for t in lines:
        offered = matcher.choices_at(t.node)
        start = time.perf_counter()
        m = matcher.match(t.text, offered, t.lang)
        ms = (time.perf_counter() - start) * 1000
        tally = out.setdefault((t.lang, t.kind), Tally())
        tally.lines += 1
        tally.millis.append(ms)
        want = matcher.candidates([t.choice])[0] if t.choice else None
        # the collapsed id of the wanted choice among those on offer
        if want is not None:
            key = matcher.collapse[want]
            want = next(c for c in matcher.candidates(offered) if matcher.collapse[c] == key)
        tally.top1 += m.best == want and want is not None
        tally.listed += want is not None and any(s.choice == want for s in m.shortlist)
        if m.zone == "auto":
            tally.auto += 1
            tally.auto_wrong += m.best != want
    return out


def table(results: dict[tuple[str, str], Tally]) -> str:
    rows = ["lang kind   lines  top-1   in list  auto    auto wrong  median ms  p95 ms"]
    for (lang, kind), t in sorted(results.items()):
        p95 = statistics.quantiles(t.millis, n=20)[-1] if len(t.millis) > 1 else t.millis[0]
        rows.append(
            f"{lang}   {kind:<6} {t.lines:>5}  {t.rate(t.top1):6.1%}  {t.rate(t.listed):6.1%}   "
            f"{t.rate(t.auto):6.1%}  {t.auto_wrong:>4}        {statistics.median(t.millis):6.3f}"
            f"     {p95:6.3f}"
        )
    return "\n".join(rows)
