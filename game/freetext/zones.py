"""When a typed line is taken as it stands, and when the trainee is asked to confirm.

The bars live in ``assets/freetext/bars.json``, one set per language: scores in Chinese and
in English spread differently (a short Chinese line shares few characters with any choice),
so no single bar serves both. A line is taken (``auto``) when its best score reaches the
language's ``auto`` bar and leads the second by at least ``margin``; anything else goes to a
confirm list of the best few, with "none of these — let me rephrase".
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from game.paths import assets_dir


@dataclass(frozen=True)
class Bar:
    auto: float
    margin: float


@dataclass(frozen=True)
class Bars:
    """Per stage ("stage1", "stage2") and language. With stage 2, ``auto`` applies to the
    best candidate's embedding score and ``margin`` to its lead in rank (z-score units)."""

    bars: dict[str, dict[str, Bar]]

    def zone(
        self,
        stage: str,
        lang: str,
        scores: Sequence[float],
        ranks: Sequence[float | None] | None = None,
    ) -> str:
        if not scores:
            return "confirm"
        bar = self.bars[stage][lang]
        lead = ranks if ranks is not None else scores
        first = lead[0] or 0.0
        second = (lead[1] or 0.0) if len(lead) > 1 else 0.0
        if scores[0] >= bar.auto and first - second >= bar.margin:
            return "auto"
        return "confirm"


def load_bars(path: Path | None = None) -> Bars:
    path = path or assets_dir() / "freetext" / "bars.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return Bars(
        {
            stage: {lang: Bar(float(v["auto"]), float(v["margin"])) for lang, v in langs.items()}
            for stage, langs in data.items()
            if stage.startswith("stage")
        }
    )


def language_of(text: str) -> str:
    """ "zh" when at least a quarter of the letters are CJK (a Chinese line with an English
    product name is still Chinese), else "en"."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return "en"
    cjk = sum(1 for ch in letters if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff")
    return "zh" if cjk * 4 >= len(letters) else "en"
