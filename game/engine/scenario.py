"""Loading a scenario: file -> Source -> shape -> checks -> a Scenario ready to play.

``load_scenario`` is the one way in for every caller (game, terminal, validator, tests,
bench). It raises ScenarioError with *all* problems found, in file order, so a trainer fixes
a file in one pass; warnings ride along on the loaded Scenario.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from game.engine.checks import Compiled, check_model
from game.engine.condition import Condition
from game.engine.diagnostics import Diagnostic, ScenarioError
from game.engine.gate_needs import GateNeeds
from game.engine.model import DECIDED, FORMAT_VERSION, Choice, Node, ScenarioModel
from game.engine.shape import validate_model
from game.engine.source import Source, parse_source, read_source
from game.engine.text import Text


@dataclass(frozen=True)
class Scenario:
    """A checked scenario with its conditions compiled; what a Session plays."""

    model: ScenarioModel
    path: str
    sha256: str
    compiled: Compiled
    warnings: tuple[Diagnostic, ...] = ()
    #: The parsed file with its positions, so later checks (the rubric section) can point at
    #: ``file:line:col`` without reading the file again.
    source: Source | None = field(default=None, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def language(self) -> str:
        return self.model.language

    @property
    def stages(self) -> tuple[str, ...]:
        """The buying cycle's stages in order (without the final ``decided`` state)."""
        return self.model.stage_ids()

    @property
    def all_stages(self) -> tuple[str, ...]:
        return (*self.stages, DECIDED)

    def gate_hidden(self, stage: str) -> bool:
        """True if the trainer keeps what this gate still needed for the debrief."""
        spec = self.model.decision_points.get(stage)
        return spec is not None and spec.hidden

    @cached_property
    def gate_needs(self) -> GateNeeds:
        """Words what a blocked decision point still needed (built on first use)."""
        return GateNeeds(self.model, list(self.all_stages))

    def gate(self, stage: str) -> Condition | None:
        """The decision point's condition for leaving ``stage`` forward (None: always open)."""
        return self.compiled.gates.get(stage)

    def node(self, node_id: str) -> Node:
        return self.model.nodes[node_id]

    def choice_id(self, node_id: str, index: int) -> str:
        return self.compiled.choice_ids[(node_id, index)]

    def choice_requires(self, node_id: str, index: int) -> Condition | None:
        return self.compiled.choice_requires.get((node_id, index))

    def choices(self, node_id: str) -> list[Choice]:
        return list(self.model.nodes[node_id].choices or ())

    def text(self, text: Text | None, lang: str) -> str:
        """Resolve a text for the player's language, falling back to the scenario's."""
        return "" if text is None else text.get(lang, self.model.language)

    def languages(self) -> tuple[str, ...]:
        """Languages the title is written in: what the scenario picker advertises."""
        return tuple(self.model.title.as_dict(self.model.language))

    def stage_title(self, stage: str, lang: str) -> str | None:
        for spec in self.model.stages or ():
            if spec.id == stage and spec.title is not None:
                return self.text(spec.title, lang)
        return None


def _shape(src: Source) -> tuple[ScenarioModel | None, list[Diagnostic]]:
    data: Any = src.data
    if not isinstance(data, dict):
        return None, [
            Diagnostic(
                "S202",
                "a scenario must be a mapping of 'key: value' lines, starting with 'format: 1'.",
                src.path,
                src.pos(()),
            )
        ]
    if "format" not in data:
        return None, [
            Diagnostic(
                "S203",
                "the scenario is missing 'format'; add 'format: 1' as its first line.",
                src.path,
                src.pos(()),
            )
        ]
    if data["format"] != FORMAT_VERSION or isinstance(data["format"], bool):
        return None, [
            Diagnostic(
                "S205",
                f"format {data['format']!r} is not supported; this version of salessim reads "
                f"format {FORMAT_VERSION}.",
                src.path,
                src.pos(("format",)),
            )
        ]
    return validate_model(ScenarioModel, src, data)


def compile_source(src: Source, folder: Path | None) -> Scenario:
    """Shape-check and cross-check a parsed file; raise ScenarioError on any error."""
    model, problems = _shape(src)
    if model is None:
        raise ScenarioError(problems)
    found, compiled = check_model(model, src, folder)
    errors = [d for d in found if d.is_error]
    if errors:
        raise ScenarioError(found)
    return Scenario(
        model=model,
        path=src.path,
        sha256=src.sha256,
        compiled=compiled,
        warnings=tuple(found),
        source=src,
    )


def load_scenario(path: str | Path, display: str | None = None) -> Scenario:
    """Load and check one scenario file; raises ScenarioError listing every problem."""
    src = read_source(path, display)
    return compile_source(src, Path(path).parent)


def load_scenario_text(data: bytes | str, display: str = "<scenario>") -> Scenario:
    """Load a scenario from memory (tests, tools); portraits are not checked."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return compile_source(parse_source(raw, display), None)


def check_file(path: str | Path, display: str | None = None) -> list[Diagnostic]:
    """Every diagnostic for one file, errors and warnings, never raising for bad input."""
    try:
        scenario = load_scenario(path, display)
    except ScenarioError as exc:
        return exc.diagnostics
    return list(scenario.warnings)
