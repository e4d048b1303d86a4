"""The rubric: weights, thresholds, pass mark and tiers, in a YAML file a trainer can read.

Three layers, each overriding the one before, key by key (a list replaces a list):

1. ``rubric.yaml`` shipped beside this module (the defaults, documented in its comments);
2. the scenario's ``rubric:`` section (it arrives in the record, ``session_started.rubric``);
3. a rubric file given with ``--rubric FILE``.

A file is read with the engine's safe YAML reader and checked with the same pydantic-to-
diagnostic mapping as scenarios, so a mistake prints as ``path:line:col: CODE message``.
The effective rubric is identified by its ``version`` and the SHA-256 of its canonical JSON,
which the record stores so a score can be reproduced.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from game.engine.diagnostics import Diagnostic, ScenarioError
from game.engine.model import Dimension, FactKind, Flag, Move, Technique
from game.engine.scenario import Scenario, load_scenario
from game.engine.shape import validate_model
from game.engine.source import PathKey, Source, parse_source, read_source

DEFAULT_FILE = Path(__file__).with_name("rubric.yaml")

Fraction = Annotated[float, Field(ge=0, le=1)]
Weight = Annotated[float, Field(ge=0, le=1000)]
Percent = Annotated[float, Field(ge=0, le=100)]
Seconds = Annotated[float, Field(ge=0, le=36000)]
Points = Annotated[float, Field(ge=-100, le=0)]

MoveName = Move  # the rubric speaks of the same moves, dimensions and techniques as a scenario
DimensionName = Dimension
TechniqueName = Technique
FlagName = Flag


class _Part(BaseModel):
    """Unknown keys are errors (with 'did you mean'); values are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class OverallConfig(_Part):
    pass_mark: Percent
    dimension_floor: Percent
    min_assessed: int = Field(ge=0, le=4)
    partial_can_pass: bool
    stalled_session_fails: bool
    outcome_points: dict[Literal["order", "advance", "no_sale", "continuation"], Points]
    stalled_cap: Percent


class SevereConfig(_Part):
    cap: Percent
    penalty: Percent
    flags: list[FlagName]
    pressure_techniques: list[TechniqueName]
    free_discount: bool
    objection_answers: list[MoveName]


class TiersConfig(_Part):
    excellent: Percent
    proficient: Percent
    developing: Percent

    @model_validator(mode="after")
    def _ordered(self) -> TiersConfig:
        if not self.excellent >= self.proficient >= self.developing:
            raise ValueError("tiers must go down: excellent >= proficient >= developing")
        return self


class Q1Config(_Part):
    weight: Weight
    one_kind_credit: Fraction


class Q2Config(_Part):
    weight: Weight
    implied_credit: Fraction


class Q3Config(_Part):
    weight: Weight
    full_share: Percent
    zero_share: Percent
    known_fact_penalty: Fraction

    @model_validator(mode="after")
    def _ordered(self) -> Q3Config:
        if self.zero_share <= self.full_share:
            raise ValueError("zero_share must be larger than full_share")
        return self


class Q4Config(_Part):
    weight: Weight
    full_share: float = Field(gt=0, le=100)
    discovery_stages: list[str]


class Q5Config(_Part):
    weight: Weight
    max_run: int = Field(ge=1, le=100)
    run_penalty: Fraction
    repeat_penalty: Fraction
    substantial_seconds: Seconds
    open_weight: Fraction
    open_target_share: float = Field(gt=0, le=100)


class Q6Config(_Part):
    weight: Weight
    commitment_moves: list[MoveName]


class QuestioningConfig(_Part):
    weight: Weight
    Q1: Q1Config
    Q2: Q2Config
    Q3: Q3Config
    Q4: Q4Config
    Q5: Q5Config
    Q6: Q6Config


class Band(_Part):
    below: Percent | None
    credit: Fraction


class L1Config(_Part):
    weight: Weight
    bands: list[Band] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> L1Config:
        limits = [b.below for b in self.bands]
        if limits[-1] is not None:
            raise ValueError("the last band must have 'below: null' (it takes every share left)")
        finite = [x for x in limits[:-1] if x is not None]
        if len(finite) != len(limits) - 1 or finite != sorted(finite):
            raise ValueError("bands must go up: each 'below' larger than the one before")
        return self


class L2Config(_Part):
    weight: Weight
    full_seconds: Seconds
    zero_seconds: Seconds
    pitch_full_seconds: Seconds
    pitch_zero_seconds: Seconds

    @model_validator(mode="after")
    def _ordered(self) -> L2Config:
        if self.zero_seconds <= self.full_seconds:
            raise ValueError("zero_seconds must be larger than full_seconds")
        if self.pitch_zero_seconds <= self.pitch_full_seconds:
            raise ValueError("pitch_zero_seconds must be larger than pitch_full_seconds")
        return self


class L3Config(_Part):
    weight: Weight
    window: int = Field(ge=1, le=100)


class L4Config(_Part):
    weight: Weight
    proposal_moves: list[MoveName]
    late_credit: Fraction
    unrevealed_penalty: Fraction


class L5Config(_Part):
    weight: Weight
    good_moves: list[MoveName]
    bad_moves: list[MoveName]
    other_credit: Fraction


class ListeningConfig(_Part):
    weight: Weight
    L1: L1Config
    L2: L2Config
    L3: L3Config
    L4: L4Config
    L5: L5Config


class P1Config(_Part):
    weight: Weight


class P2Config(_Part):
    weight: Weight
    phase_credit: dict[str, Fraction]


class P3Config(_Part):
    weight: Weight
    no_return_penalty: Fraction
    in_a_row_penalty: Fraction


class P4Config(_Part):
    weight: Weight
    window: int = Field(ge=1, le=100)
    provoked_penalty: Fraction


class P5Config(_Part):
    weight: Weight
    kinds: list[FactKind]


class PricingConfig(_Part):
    weight: Weight
    P1: P1Config
    P2: P2Config
    P3: P3Config
    P4: P4Config
    P5: P5Config


class N1Config(_Part):
    weight: Weight
    outcome_credit: dict[Literal["order", "advance", "no_sale", "continuation"], Fraction]
    unclean_moves: list[MoveName]
    unclean_techniques: list[TechniqueName]


class N2Config(_Part):
    weight: Weight


class N3Config(_Part):
    weight: Weight
    gap_stage: str


class N4Config(_Part):
    weight: Weight
    pressure_techniques: list[TechniqueName]
    pressure_allowed: int = Field(ge=0, le=100)
    pressure_penalty: Fraction


class NextStepConfig(_Part):
    weight: Weight
    N1: N1Config
    N2: N2Config
    N3: N3Config
    N4: N4Config


class TabooConfig(_Part):
    dimension: DimensionName
    penalty: Percent


class TaboosConfig(_Part):
    assumes_need: TabooConfig
    overpromise: TabooConfig
    attack_competitor: TabooConfig
    internal_politics: TabooConfig
    public_praise: TabooConfig


class RubricModel(_Part):
    """The effective rubric, every value present (the default file provides them all)."""

    version: int | str
    overall: OverallConfig
    tiers: TiersConfig
    questioning: QuestioningConfig
    listening: ListeningConfig
    pricing_timing: PricingConfig
    next_step: NextStepConfig
    severe: SevereConfig
    taboos: TaboosConfig

    def dimension_weight(self, dimension: str) -> float:
        section: Any = getattr(self, dimension)
        return float(section.weight)


@dataclass(frozen=True)
class Layer:
    """One override on top of the defaults: where it came from and what it sets."""

    name: str  # "scenario" or the rubric file's name
    data: dict[str, Any]


@dataclass(frozen=True)
class Rubric:
    """The defaults plus override layers, and the validated result of stacking them.

    ``scenario`` is the scenario's own section (layer 2), ``files`` the ``--rubric`` files
    (layer 3). ``with_scenario`` slots a scenario section *under* the files, which is how
    the precedence default < scenario < file holds whatever order they were loaded in.
    """

    settings: RubricModel
    scenario: Layer | None = None
    files: tuple[Layer, ...] = ()

    @property
    def version(self) -> int | str:
        return self.settings.version

    @property
    def sha256(self) -> str:
        return rubric_hash(self.settings)

    @property
    def sources(self) -> list[str]:
        names = ["default"]
        if self.scenario is not None:
            names.append(self.scenario.name)
        names.extend(layer.name for layer in self.files)
        return names

    def identity(self) -> dict[str, Any]:
        """What the record stores: version, hash, the layers used and the file layers' data,
        so ``salessim score`` can rebuild the same rubric from the record alone."""
        return {
            "version": self.version,
            "sha256": self.sha256,
            "sources": self.sources,
            "files": [{"name": f.name, "data": f.data} for f in self.files],
        }

    def with_scenario(self, section: dict[str, Any] | None, where: str = "<record>") -> Rubric:
        """This rubric with a scenario's ``rubric:`` section as layer 2 (None: no section)."""
        layer = Layer("scenario", section) if section else None
        return stack_layers(layer, self.files, where)

    def with_files(self, files: tuple[Layer, ...], where: str = "<record>") -> Rubric:
        return stack_layers(self.scenario, files, where)


def rubric_hash(settings: RubricModel) -> str:
    canonical = json.dumps(
        settings.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def merge(base: Any, over: Any) -> Any:
    """``over`` on top of ``base``: mappings merge key by key, anything else replaces."""
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for key, value in over.items():
            merged[key] = merge(base[key], value) if key in base else copy.deepcopy(value)
        return merged
    return copy.deepcopy(over)


@lru_cache(maxsize=1)
def _default_source() -> Source:
    return read_source(DEFAULT_FILE, "game/scoring/rubric.yaml")


def default_data() -> dict[str, Any]:
    data = _default_source().data
    assert isinstance(data, dict)
    return copy.deepcopy(data)


@lru_cache(maxsize=1)
def default_rubric() -> Rubric:
    """The shipped defaults (``game/scoring/rubric.yaml``)."""
    src = _default_source()
    model, problems = validate_model(RubricModel, src, src.data)
    if model is None:  # pragma: no cover - the shipped file is tested
        raise ScenarioError(problems)
    return Rubric(model)


def stack_layers(scenario: Layer | None, files: tuple[Layer, ...], where: str) -> Rubric:
    layers = ([scenario] if scenario else []) + list(files)
    if not layers:  # the defaults alone: built once, not copied and checked per session
        return default_rubric()
    data = default_data()
    for layer in layers:
        data = merge(data, layer.data)
    model, problems = validate_model(RubricModel, _nowhere(where), data, top="the rubric")
    if model is None:
        raise ScenarioError(problems)
    return Rubric(model, scenario, tuple(files))


def _nowhere(path: str) -> Source:
    return Source(path=path, data=None, sha256="")


def check_layer(
    src: Source, data: Any, base: PathKey = (), top: str = "the rubric"
) -> list[Diagnostic]:
    """Problems in one override layer (a rubric file or a scenario's section), positioned.

    The layer is stacked on the defaults and the result validated; every error then lies
    in the layer (the defaults are valid), so its path is looked up in ``src``.
    """
    if not isinstance(data, dict):
        where = "the scenario's 'rubric'" if base else "a rubric"
        return [
            Diagnostic(
                "S202",
                f"{where} must be a mapping of 'key: value' lines, like the default rubric.",
                src.path,
                src.pos(base),
            )
        ]
    merged = merge(default_data(), data)
    model, problems = validate_model(RubricModel, src, merged, base, top)
    return [] if model is not None else problems


def load_rubric(path: str | Path, display: str | None = None) -> Rubric:
    """The default rubric with the file at ``path`` on top; raises ScenarioError if bad."""
    src = read_source(path, display)
    problems = check_layer(src, src.data)
    if problems:
        raise ScenarioError(problems)
    return stack_layers(None, (Layer(Path(path).name, src.data),), src.path)


def load_rubric_text(text: str, name: str = "<rubric>") -> Rubric:
    """As ``load_rubric``, from memory (tests, tools)."""
    src = parse_source(text.encode("utf-8"), name)
    problems = check_layer(src, src.data)
    if problems:
        raise ScenarioError(problems)
    return stack_layers(None, (Layer(name, src.data),), name)


def check_scenario_rubric(
    scenario: Scenario | Source | str | Path, display: str | None = None
) -> list[Diagnostic]:
    """Problems in a scenario's ``rubric:`` section ([] if it has none or none are found).

    The engine loads that section as free-form data; scoring owns its shape, so the
    validator and ``salessim play`` call this to report mistakes at their line. Give what
    is already parsed, so the file is not read twice: the loaded ``Scenario`` (its section is
    checked as data, placed with the source the loader kept) or the parsed ``Source``. A
    path reads the file.
    """
    if isinstance(scenario, Scenario):
        return _check_loaded(scenario)
    if isinstance(scenario, Source):
        src = scenario
    else:
        try:
            src = read_source(scenario, display)
        except ScenarioError as exc:
            return exc.diagnostics
    data = src.data
    if not isinstance(data, dict) or data.get("rubric") is None:
        return []
    return check_layer(src, data["rubric"], ("rubric",), "the scenario")


def _check_loaded(scenario: Scenario) -> list[Diagnostic]:
    section = scenario.model.rubric
    if section is None:
        return []
    merged = merge(default_data(), section)
    model, problems = validate_model(
        RubricModel, _nowhere(scenario.path), merged, ("rubric",), "the scenario"
    )
    if model is not None:
        return []
    src = scenario.source  # the parsed file, kept by the loader: place each problem
    if src is None or not isinstance(src.data, dict):
        return problems
    return check_layer(src, src.data.get("rubric"), ("rubric",), "the scenario") or problems


def check_scenario_file(path: str | Path, display: str | None = None) -> list[Diagnostic]:
    """Every diagnostic for one scenario file, its ``rubric:`` section included, errors and
    warnings, reading and parsing the file once (``salessim validate``). Never raises for
    bad input: as the engine's ``check_file``, plus the rubric section when the rest loads.
    """
    try:
        scenario = load_scenario(path, display)
    except ScenarioError as exc:
        return exc.diagnostics
    return [*scenario.warnings, *check_scenario_rubric(scenario)]
