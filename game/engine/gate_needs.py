"""What a blocked decision point still needed, in the trainee's words.

A gate's ``requires`` is a condition over the buyer's state. When the buyer does not move
on, "blocked" alone teaches nothing; this module reads the condition clause by clause
(its top-level ``and`` parts, and the ``or`` alternatives inside one), evaluates each
against the session, and words every clause that does not hold as something the trainee can
act on: "Mr Liu has not yet said in his own words that this must be solved: …", "you do
not know the budget yet", "Mr Liu has not joined the conversation yet".

Only clauses of a known shape are worded; any other that fails gives one general sentence,
never the condition's code. Texts come in every language the scenario is written in, so a
record read in either language says the same.
"""

from __future__ import annotations

import re

from game.engine.condition import Condition, ConditionState, Names, parse_condition
from game.engine.labels import FACT_KINDS, label
from game.engine.model import ScenarioModel
from game.record.events import Texts

LANGS = ("zh", "en")

WORDS: dict[str, dict[str, str]] = {
    "explicit": {
        "zh": "{who}还没有亲口说出这个问题必须解决：“{pain}”",
        "en": "{who} has not yet named this as a problem that must be solved: “{pain}”",
    },
    "implied": {
        "zh": "{who}还没有谈到这个问题：“{pain}”",
        "en": "{who} has not yet talked about this problem: “{pain}”",
    },
    "fact_kind": {"zh": "你还不了解{kind}", "en": "you do not know the {kind} yet"},
    "fact": {"zh": "你还不知道：“{fact}”", "en": "you have not yet learned: “{fact}”"},
    "met": {"zh": "你还没有见到{who}", "en": "you have not met {who} yet"},
    "visited": {"zh": "{who}还没有说到：“{line}”", "en": "{who} has not yet said: “{line}”"},
    "more": {"zh": "{what}还不够", "en": "not enough {what} yet"},
    "exactly": {"zh": "{what}还没到位", "en": "{what}: not there yet"},
    "general": {
        "zh": "客户还没准备好往下走",
        "en": "the buyer is not ready to move on yet",
    },
    "or": {"zh": "，或", "en": ", or "},
    "and": {"zh": "，并且", "en": ", and "},
}

_PAIN = re.compile(r"^pain\.([\w-]+)(?:\s*(==|>=|>|!=)\s*(none|implied|explicit))?$")
_FLAG = re.compile(r"^(fact|met|visited)\.([\w-]+)$")
_VAR = re.compile(r"^([A-Za-z_][\w-]*)\s*(>=|>|==)\s*(-?\d+)$")


def split_top(text: str, word: str) -> list[str]:
    """``text`` cut at ``word`` (``and``/``or``) outside parentheses; each part stripped of
    whitespace and of parentheses around the whole part."""
    text = _unwrap(text)
    parts, depth, start = [], 0, 0
    for m in re.finditer(rf"\(|\)|\b{word}\b", text):
        tok = m.group()
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
        elif depth == 0:
            parts.append(text[start : m.start()])
            start = m.end()
    parts.append(text[start:])
    return [_unwrap(p) for p in parts]


def _unwrap(part: str) -> str:
    part = " ".join(part.split())
    while part.startswith("(") and part.endswith(")") and _balanced(part[1:-1]):
        part = part[1:-1].strip()
    return part


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _first_clause(text: str, limit: int) -> str:
    """A pain or line shortened to its first clause (and to ``limit`` characters, at a word
    boundary where there are words), so a reason stays short."""
    cut = re.split(r"[；;。.!?！？，,:：]", text, maxsplit=1)[0].strip() or text
    if len(cut) <= limit:
        return cut
    head = cut[: limit - 1]
    if " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;") + "…"


class GateNeeds:
    """Words what a scenario's gates still need; built once per scenario."""

    def __init__(self, model: ScenarioModel, stages: list[str]) -> None:
        self.model = model
        self.names = Names(
            variables=list(model.variables),
            pains=list(model.pains),
            facts=list(model.facts),
            stakeholders=list(model.stakeholders),
            nodes=list(model.nodes),
            stages=stages,
        )
        self._parsed: dict[str, Condition] = {}  # clause -> its compiled condition

    def missing(self, requires: str, state: ConditionState) -> list[Texts]:
        """Every top-level clause of ``requires`` that does not hold, worded; the general
        sentence alone if none can be worded."""
        said: list[Texts] = []
        for clause in split_top(requires, "and"):
            if self._holds(clause, state):
                continue
            words = self._word(clause, state)
            if words is not None and words not in said:
                said.append(words)
        if not said and not self._holds(requires, state):
            said.append(dict(WORDS["general"]))
        return said

    def _holds(self, clause: str, state: ConditionState) -> bool:
        condition = self._parsed.get(clause)
        if condition is None:
            condition = self._parsed[clause] = parse_condition(clause, self.names)
        return condition.holds(state)

    def _word(self, clause: str, state: ConditionState) -> Texts | None:
        alternatives = split_top(clause, "or")
        if len(alternatives) > 1:
            return self._join(alternatives, state, "or")
        parts = split_top(clause, "and")
        if len(parts) > 1:
            return self._join(parts, state, "and")
        return self._atom(clause)

    def _join(self, parts: list[str], state: ConditionState, word: str) -> Texts | None:
        worded = [
            w
            for p in parts
            if not self._holds(p, state) and (w := self._word(p, state)) is not None
        ]
        if not worded:
            return None
        return {lang: WORDS[word][lang].join(w[lang] for w in worded) for lang in LANGS}

    def _atom(self, clause: str) -> Texts | None:
        m = _PAIN.match(clause)
        if m:
            pain_id, op, level = m.groups()
            spec = self.model.pains[pain_id]
            explicit = level == "explicit" or (op == ">" and level == "implied")
            if op == "!=" and level != "none":
                return None
            key = "explicit" if explicit else "implied"
            return self._each(key, who=self._who(spec.owner), pain=self._text(spec.text, 80))
        m = _FLAG.match(clause)
        if m:
            kind, ident = m.groups()
            if kind == "fact":
                fact = self.model.facts[ident]
                if fact.kind in ("budget", "timeline", "decision_process"):
                    return {
                        lang: WORDS["fact_kind"][lang].format(
                            kind=label(FACT_KINDS, fact.kind, lang).lower()
                            if lang == "en"
                            else label(FACT_KINDS, fact.kind, lang)
                        )
                        for lang in LANGS
                    }
                return self._each("fact", fact=self._text(fact.text, 48))
            if kind == "met":
                return self._each("met", who=self._who(ident))
            node = self.model.nodes[ident]
            if node.says is None:
                return None
            who = self._who(node.speaker) if node.speaker else {"zh": "客户", "en": "the buyer"}
            return self._each("visited", who=who, line=self._text(node.says, 48))
        m = _VAR.match(clause)
        if m:
            name, op, _ = m.groups()
            variable = self.model.variables.get(name)
            if variable is None:
                return None
            shown = (
                {lang: variable.label.get(lang, self.model.language) for lang in LANGS}
                if variable.label is not None
                else {lang: name.replace("_", " ") for lang in LANGS}
            )
            return self._each("more" if op in (">=", ">") else "exactly", what=shown)
        return None

    def _who(self, stakeholder: str) -> Texts:
        spec = self.model.stakeholders.get(stakeholder)
        if spec is None:
            return {"zh": "客户", "en": "the buyer"}
        return {lang: spec.name.get(lang, self.model.language) for lang in LANGS}

    def _text(self, text: object, limit: int) -> Texts:
        get = getattr(text, "get", None)
        assert get is not None
        return {lang: _first_clause(get(lang, self.model.language), limit) for lang in LANGS}

    def _each(self, key: str, **values: Texts) -> Texts:
        return {
            lang: WORDS[key][lang].format(**{k: v[lang] for k, v in values.items()})
            for lang in LANGS
        }
