"""Shape checks: pydantic's verdict on a file, retold as diagnostics a trainer can act on.

Pydantic knows *what* is wrong at which path (``nodes.opening.choices.1.spinn``); the Source
knows *where* that path stands in the file. This module joins the two and words each problem
as a sentence naming the item ("choice 2 of node 'opening'") and the fix, with a "did you
mean" for misspelt keys and values.
"""

from __future__ import annotations

import types
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from game.engine.diagnostics import Diagnostic, clip, did_you_mean, one_of
from game.engine.source import PathKey, Source

M = TypeVar("M", bound=BaseModel)

#: What an item at a path is called in messages: (collection key, singular word).
_ITEMS = {
    "nodes": "node",
    "endings": "ending",
    "stakeholders": "stakeholder",
    "facts": "fact",
    "pains": "pain",
    "variables": "variable",
    "decision_points": "decision point of stage",
}


def describe(loc: PathKey, top: str = "the scenario") -> str:
    """Name the item that holds ``loc`` the way a trainer would: "choice 2 of node 'x'"."""
    if len(loc) >= 4 and loc[0] == "nodes" and loc[2] == "choices" and isinstance(loc[3], int):
        return f"choice {loc[3] + 1} of node '{clip(str(loc[1]))}'"
    if len(loc) >= 2 and loc[0] in _ITEMS:
        return f"{_ITEMS[str(loc[0])]} '{clip(str(loc[1]))}'"
    if len(loc) >= 2 and loc[0] == "stages" and isinstance(loc[1], int):
        return f"stage {loc[1] + 1}"
    if len(loc) >= 2 and loc[0] == "objectives" and isinstance(loc[1], int):
        return f"objective {loc[1] + 1}"
    return top


def _owner_depth(loc: PathKey) -> int:
    if len(loc) >= 4 and loc[0] == "nodes" and loc[2] == "choices":
        return 4
    if len(loc) >= 2 and (loc[0] in _ITEMS or loc[0] in ("stages", "objectives")):
        return 2
    return 0


def field_name(loc: PathKey) -> str:
    """The field inside its item, dotted: 'next_step.who' for a choice's next step people."""
    rest = [str(p) if not isinstance(p, int) else f"[{p + 1}]" for p in loc[_owner_depth(loc) :]]
    return ".".join(rest).replace(".[", "[")


def _unwrap(tp: Any) -> Any:
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
            continue
        if origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
            continue
        return tp


def _fields(cls: type[BaseModel]) -> dict[str, Any]:
    return {(f.alias or name): f for name, f in cls.model_fields.items()}


def model_at(root: type[BaseModel], loc: PathKey) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``loc`` (for 'did you mean' keys)."""
    tp: Any = root
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = _fields(tp).get(str(part))
            if field is None:
                return None
            tp = field.annotation
        elif get_origin(tp) is dict:
            tp = get_args(tp)[1]
        elif get_origin(tp) is list:
            tp = get_args(tp)[0]
        else:
            return None
    tp = _unwrap(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _kind_of(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_EXPECT = {
    "string_type": "a text (a string)",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "dict_type": "a mapping of 'key: value' lines",
    "model_type": "a mapping of 'key: value' lines",
    "model_attributes_type": "a mapping of 'key: value' lines",
    "list_type": "a list, e.g. [a, b] or '- a' lines",
}


def validate_model(
    root: type[M], src: Source, data: Any, base: PathKey = (), top: str = "the scenario"
) -> tuple[M | None, list[Diagnostic]]:
    """Validate ``data`` against ``root``; shape problems come back as diagnostics.

    ``base`` is where ``data`` stands in the file (a scenario's ``rubric:`` section) and
    ``top`` how messages name the whole document ("the scenario", "the rubric").
    """
    try:
        return root.model_validate(data), []
    except ValidationError as exc:
        problems = [_diagnostic(root, src, err, base, top) for err in exc.errors(include_url=False)]
        seen: set[tuple[str, int, int]] = set()
        unique = []
        for d in problems:
            key = (d.code, d.pos.line, d.pos.col)
            if key not in seen:
                seen.add(key)
                unique.append(d)
        return None, unique


def _diagnostic(
    root: type[BaseModel], src: Source, err: Any, base: PathKey, top: str
) -> Diagnostic:
    loc: PathKey = tuple(p for p in err["loc"] if p != "[key]")
    is_key = "[key]" in err["loc"]
    full = (*base, *loc)
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    item = describe(full, top)
    name = field_name(full)
    here = f"'{name}' of {item}" if name else item
    if kind == "extra_forbidden":
        model = model_at(root, loc[:-1])
        options = list(_fields(model)) if model else []
        hint = did_you_mean(str(loc[-1]), options)
        if value is None and " " in str(loc[-1]):
            hint = (
                " It looks like the rest of a text cut off at a comma: inside {...} put a "
                "text that contains a comma in quotes."
            )
        if not hint and options:
            hint = f" Allowed keys here: {', '.join(options)}."
        parent_field = field_name(full[:-1])
        owner_item = describe(full[:-1], top)
        where = f"'{parent_field}' of {owner_item}" if parent_field else owner_item
        return Diagnostic(
            "S201",
            f"{where} has an unknown key '{clip(str(loc[-1]))}'.{hint}",
            src.path,
            src.key_pos(full),
        )
    if kind == "missing":
        parent = full[:-1]
        owner = describe(parent, top)
        inside = field_name(parent)
        owner = f"'{inside}' of {owner}" if inside else owner
        return Diagnostic(
            "S203",
            f"{owner} is missing the required field '{loc[-1]}'; add it.",
            src.path,
            src.pos(parent),
        )
    if kind == "literal_error":
        expected = [e.strip().strip("'") for e in str(ctx.get("expected", "")).split(",")]
        expected = [x for part in expected for x in part.split(" or ")]
        expected = [x.strip().strip("'") for x in expected if x.strip()]
        parent_name = field_name(full[:-1])
        shown = clip(str(value))
        what = f"'{parent_name}' of {item} has the key '{shown}', which" if is_key else here
        verb = "is not allowed" if is_key else f"cannot be '{shown}'"
        return Diagnostic(
            "S204",
            f"{what} {verb}; use {one_of(expected)}." + _suggest_value(str(value), expected),
            src.path,
            src.key_pos(full) if is_key else src.pos(full),
        )
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = next(iter(ctx.values()), "")
        words = {
            "greater_than": "more than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        return Diagnostic(
            "S207", f"{here} must be {words} {bound}, not {value}.", src.path, src.pos(full)
        )
    if kind == "too_short":
        return Diagnostic(
            "S203", f"{here} must not be empty; add at least one entry.", src.path, src.pos(full)
        )
    if kind == "value_error":  # a cross-field check (e.g. thresholds out of order)
        reason = str(ctx.get("error", err["msg"]))
        return Diagnostic("S207", f"{here}: {reason}.", src.path, src.pos(full))
    if kind == "slug":
        return Diagnostic("S206", f"{err['msg']}.", src.path, src.pos(full))
    if kind in ("text_type", "effects_type", "effect_value"):
        found = (
            f", not {_kind_of(value)}"
            if kind == "text_type" and not isinstance(value, dict)
            else ""
        )
        return Diagnostic("S202", f"{here}: {err['msg']}{found}.", src.path, src.pos(full))
    expected_kind = _EXPECT.get(kind, err["msg"].lower())
    hint = ""
    if (
        kind == "bool_type"
        and isinstance(value, str)
        and value.lower() in ("yes", "no", "on", "off", "y", "n", "true", "false")
    ):
        hint = " Only true and false are yes/no values here."
    elif kind == "string_type" and isinstance(value, int | float | bool):
        hint = " Put quotes around it to make it text."
    return Diagnostic(
        "S202",
        f"{here} must be {expected_kind}, not {_kind_of(value)}.{hint}",
        src.path,
        src.pos(full),
    )


#: Words trainers write for a value the format names otherwise (a quote is a price move),
#: in English and Chinese: "did you mean" by meaning where spelling alone would mislead.
SYNONYMS = {
    "quote": "price",
    "quotation": "price",
    "offer": "price",
    "pricing": "price",
    "报价": "price",
    "价格": "price",
    "rebate": "discount",
    "concession": "discount",
    "让步": "discount",
    "折扣": "discount",
    "优惠": "discount",
    "ask": "question",
    "提问": "question",
    "问题": "question",
    "confirm": "verify",
    "确认": "verify",
    "pitch": "present",
    "介绍": "present",
    "推销": "present",
    "closing": "close",
    "成交": "close",
    "next": "next_step",
    "nextstep": "next_step",
    "下一步": "next_step",
    "寒暄": "small_talk",
    "empathy": "acknowledge",
    "认同": "acknowledge",
    "won": "order",
    "win": "order",
    "签单": "order",
    "lost": "no_sale",
    "lose": "no_sale",
    "丢单": "no_sale",
    "推进": "advance",
}


def _suggest_value(value: str, expected: list[str]) -> str:
    """ "Did you mean" for an enum value: a known synonym first, else the closest spelling."""
    meant = SYNONYMS.get(value.strip().lower())
    if meant is not None and meant in expected:
        return f" Did you mean '{meant}'?"
    return did_you_mean(value, expected)
