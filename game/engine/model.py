"""The scenario as data: the shape of format version 1, checked by pydantic.

These classes are the intermediate form between a trainer's YAML and the running session:
plain, typed, positions kept beside them in the Source. Shape is checked here (keys, types,
allowed values); cross-references and flow are checked in ``checks``. The same classes
export the JSON Schema that editors use to complete and flag keys as trainers type.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from game.engine.diagnostics import clip
from game.engine.text import Text, parse_text

FORMAT_VERSION = 1

DEFAULT_STAGES: tuple[str, ...] = (
    "discover",
    "analyze",
    "prioritize",
    "evaluate_solutions",
    "evaluate_vendors",
    "select",
)
#: The final state after the gate out of the last stage (DP4): the buyer has decided.
DECIDED = "decided"

Role = Literal["economic_buyer", "user", "technical", "coach", "gatekeeper", "influencer"]
FactKind = Literal["budget", "timeline", "decision_process", "background", "competitor", "other"]
NeedState = Literal["implied", "explicit"]
ObjectionType = Literal["price", "need", "timing", "competitor", "trust", "authority"]
Move = Literal[
    "question",
    "verify",
    "acknowledge",
    "present",
    "price",
    "discount",
    "jump",
    "next_step",
    "close",
    "small_talk",
    "other",
]
Spin = Literal["situation", "problem", "implication", "need_payoff"]
Technique = Literal["assumptive", "alternative", "urgency", "summary"]
Flag = Literal[
    "overpromise", "attack_competitor", "internal_politics", "public_praise", "assumes_need"
]
Outcome = Literal["order", "advance", "continuation", "no_sale"]
Dimension = Literal["questioning", "listening", "pricing_timing", "next_step"]

SLUG = re.compile(r"[a-z0-9_-]+\Z")
#: Stage, variable, node, ending and other ids used in conditions must be identifiers.
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _text(value: Any) -> Text:
    if isinstance(value, Text):
        return value
    try:
        return parse_text(value)
    except ValueError as exc:
        raise PydanticCustomError("text_type", str(exc)) from None


TextField = Annotated[
    Text,
    PlainValidator(_text),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "properties": {"zh": {"type": "string"}, "en": {"type": "string"}},
                    "additionalProperties": False,
                    "minProperties": 1,
                },
            ]
        }
    ),
]


class Effect(BaseModel):
    """A change to a variable: ``op`` '+' adds ``value`` (may be negative), '=' sets it."""

    model_config = ConfigDict(frozen=True)
    op: Literal["+", "="]
    value: int


_EFFECT = re.compile(r"\s*([=+-])\s*([0-9]{1,9})\s*\Z")


def _effects(value: Any) -> dict[str, Effect]:
    if not isinstance(value, dict):
        raise PydanticCustomError(
            "effects_type", "effects must be a map of variable to change, e.g. {trust: +1}"
        )
    result: dict[str, Effect] = {}
    for name, change in value.items():
        if isinstance(change, bool) or not isinstance(change, int | str):
            raise PydanticCustomError(
                "effect_value",
                "the change for '{name}' must be like +1, -2 or =3",
                {"name": name},
            )
        if isinstance(change, int):
            result[name] = Effect(op="+", value=change)
            continue
        m = _EFFECT.match(change)
        if not m:
            raise PydanticCustomError(
                "effect_value",
                "the change for '{name}' must be like +1, -2 or =3, not '{change}'",
                {"name": name, "change": change},
            )
        sign, digits = m.groups()
        amount = int(digits)
        result[name] = (
            Effect(op="=", value=amount)
            if sign == "="
            else Effect(op="+", value=-amount if sign == "-" else amount)
        )
    return result


EffectsField = Annotated[
    dict[str, Effect],
    PlainValidator(_effects),
    WithJsonSchema(
        {
            "type": "object",
            "additionalProperties": {
                "anyOf": [
                    {"type": "integer"},
                    {"type": "string", "pattern": r"^\s*[=+-]\s*[0-9]+\s*$"},
                ]
            },
        }
    ),
]


class Part(BaseModel):
    """Base of every scenario part: unknown keys are errors, types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True, frozen=True)


class MeetingDefaults(Part):
    minutes: int = Field(30, gt=0, le=600)


class Stakeholder(Part):
    name: TextField
    title: TextField
    role: Role
    portrait: str | None = None
    notes: TextField | None = None


class Fact(Part):
    text: TextField
    kind: FactKind
    known: bool = False


class Pain(Part):
    text: TextField
    owner: str


class Variable(Part):
    initial: int = 0
    min: int | None = None
    max: int | None = None
    #: how a blocked decision point names it to the trainee ("the IT lead's support")
    label: TextField | None = None


def _variable(value: Any) -> Any:
    return {"initial": value} if isinstance(value, int) and not isinstance(value, bool) else value


class StageSpec(Part):
    id: str
    title: TextField | None = None


def _stage(value: Any) -> Any:
    return {"id": value} if isinstance(value, str) else value


class DecisionPoint(Part):
    requires: str | None = None
    #: true: a blocked gate says what the buyer still needed only in the debrief
    hidden: bool = False


class Objection(Part):
    type: ObjectionType


class Meeting(Part):
    title: TextField | None = None
    minutes: int | None = Field(None, gt=0, le=600)
    present: list[str] = []


class NextStep(Part):
    action: TextField
    buyer_commits: bool = False
    dated: bool = False
    who: list[str] = []


class Choice(Part):
    id: str | None = None
    say: TextField
    move: Move
    spin: Spin | None = None
    open: bool | None = None
    picks_up: str | None = None
    about: list[str] = []
    in_return: TextField | None = None
    next_step: NextStep | None = None
    technique: Technique | None = None
    flags: list[Flag] = []
    requires: str | None = None
    once: bool = False
    effects: EffectsField = {}
    seconds: float | None = Field(None, ge=0, le=3600)
    goto: str | None = None
    end: str | None = None
    pass_: str | None = Field(None, alias="pass")
    fail: str | None = None
    feedback: TextField | None = None
    score: dict[Dimension, int] | None = None


class Node(Part):
    speaker: str | None = None
    says: TextField
    reveals: list[str] = []
    pains: dict[str, NeedState] = {}
    cues: list[str] = []
    objection: Objection | None = None
    effects: EffectsField = {}
    advance: bool = False
    loop_back: str | None = None
    meeting: Meeting | None = None
    choices: list[Choice] | None = None
    goto: str | None = None
    end: str | None = None


class Ending(Part):
    outcome: Outcome
    says: TextField


class ScenarioModel(Part):
    """Format version 1, top level. ``format`` is checked before this model is used."""

    format: int
    id: str
    version: int = Field(1, ge=1)
    language: Literal["zh", "en"]
    title: TextField
    summary: TextField | None = None
    briefing: TextField | None = None
    objectives: list[TextField] = []
    industry: TextField | None = None
    difficulty: int | None = Field(None, ge=1, le=5)
    tags: list[str] = []
    meeting: MeetingDefaults = MeetingDefaults()
    stakeholders: dict[str, Stakeholder] = Field(min_length=1)
    facts: dict[str, Fact] = {}
    pains: dict[str, Pain] = {}
    variables: dict[str, Annotated[Variable, BeforeValidator(_variable)]] = {}
    stages: list[Annotated[StageSpec, BeforeValidator(_stage)]] | None = Field(None, min_length=1)
    decision_points: dict[str, DecisionPoint] = {}
    start: str
    nodes: dict[str, Node] = Field(min_length=1)
    endings: dict[str, Ending] = Field(min_length=1)
    rubric: dict[str, Any] | None = None
    #: other names for a thing the trainee may mention (the incumbent, a product), per
    #: language: free-text matching reads them all as one ("the current vendor" = Anda)
    aliases: dict[str, dict[Literal["zh", "en"], list[str]]] = {}

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise PydanticCustomError(
                "slug",
                "the scenario id '{value}' may only use a-z, 0-9, '_' and '-'; "
                "for example 'campus-security'",
                {"value": clip(value)},
            )
        return value

    def stage_ids(self) -> tuple[str, ...]:
        """The buying cycle this scenario uses: its own ``stages`` or the default six."""
        if self.stages is None:
            return DEFAULT_STAGES
        return tuple(s.id for s in self.stages)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of format 1, for editors (``# yaml-language-server: $schema=...``)."""
    from game.engine.schema_words import describe

    schema = ScenarioModel.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "salessim scenario, format 1"
    schema.setdefault("properties", {})["format"] = {"const": FORMAT_VERSION}
    parts = [("root", schema), *schema.get("$defs", {}).items()]
    for definition, part in parts:  # every key's meaning, in both languages, for editors
        for key, prop in part.get("properties", {}).items():
            words = describe(definition, key)
            if words is not None:
                prop["description"] = words
    return schema
