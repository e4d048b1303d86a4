"""The scenarios on offer, for the picker: each file loaded once, broken ones kept with why.

A card shows what a trainee needs to choose: title, industry, difficulty, length and the
languages it is written in. A file that does not load still gets a card (marked), so a
trainer sees it is there and what is wrong, instead of it silently missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from game.engine import Diagnostic, Scenario, ScenarioError, load_scenario


@dataclass(frozen=True)
class Entry:
    path: Path
    scenario: Scenario | None
    problems: tuple[Diagnostic, ...] = ()

    @property
    def ok(self) -> bool:
        return self.scenario is not None

    def title(self, lang: str) -> str:
        if self.scenario is None:
            return self.path.stem
        return self.scenario.text(self.scenario.model.title, lang)

    def industry(self, lang: str) -> str:
        if self.scenario is None:
            return ""
        return self.scenario.text(self.scenario.model.industry, lang)

    def summary(self, lang: str) -> str:
        if self.scenario is None:
            return str(self.problems[0]) if self.problems else ""
        return self.scenario.text(self.scenario.model.summary, lang)

    @property
    def difficulty(self) -> int | None:
        return self.scenario.model.difficulty if self.scenario else None

    @property
    def minutes(self) -> int | None:
        return self.scenario.model.meeting.minutes if self.scenario else None

    @property
    def meetings(self) -> int:
        """How many meetings the scenario sets up (on some path; an upper bound)."""
        if self.scenario is None:
            return 0
        nodes = self.scenario.model.nodes
        count = sum(1 for n in nodes.values() if n.meeting is not None)
        if nodes[self.scenario.model.start].meeting is None:
            count += 1
        return max(1, count)

    @property
    def languages(self) -> tuple[str, ...]:
        return self.scenario.languages() if self.scenario else ()


def scenario_files(folders: Iterable[Path]) -> list[Path]:
    seen: set[Path] = set()
    files: list[Path] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.y*ml")):
            key = path.resolve()
            if path.suffix in (".yaml", ".yml") and key not in seen:
                seen.add(key)
                files.append(path)
    return files


def load_entry(path: Path) -> Entry:
    try:
        return Entry(path, load_scenario(path))
    except ScenarioError as exc:
        return Entry(path, None, tuple(exc.diagnostics))


def catalog(folders: Iterable[Path]) -> list[Entry]:
    return [load_entry(p) for p in scenario_files(folders)]
