"""Checks across a scenario: references, conditions, the flow of the conversation, portraits.

Shape is already right when these run (``shape``); here every id a trainer wrote must name
something that exists, every condition must parse, every node must lead somewhere, and a
loop-back must go back. Each problem is a Diagnostic at the offending value.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from game.engine.condition import (
    KEYWORDS,
    NEED_STATES,
    Condition,
    ConditionError,
    Names,
    parse_condition,
)
from game.engine.diagnostics import (
    Diagnostic,
    Pos,
    Suggester,
    clip,
    odd_characters,
    skeleton,
)
from game.engine.graph import possible_stages, reachable, successors
from game.engine.model import DECIDED, Choice, Node, ScenarioModel
from game.engine.portrait import portrait_problem
from game.engine.source import PathKey, Source

STAGE_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

#: Which choice fields belong to which moves; anything else on a choice is a mistake.
_MOVE_FIELDS: dict[str, tuple[str, ...]] = {
    "spin": ("question",),
    "open": ("question",),
    "in_return": ("discount",),
    "next_step": ("next_step",),
    "technique": ("close",),
}


@dataclass
class Compiled:
    """What the checks produce besides diagnostics: parsed conditions and choice ids."""

    gates: dict[str, Condition | None] = field(default_factory=dict)
    choice_requires: dict[tuple[str, int], Condition] = field(default_factory=dict)
    choice_ids: dict[tuple[str, int], str] = field(default_factory=dict)


class _Checker:
    def __init__(self, model: ScenarioModel, src: Source, folder: Path | None) -> None:
        self.m = model
        self.src = src
        self.folder = folder
        self.out: list[Diagnostic] = []
        self.compiled = Compiled()
        self._seen_ids: set[str] = set()
        self.stages = list(model.stage_ids())
        self.things = [*model.pains, *model.facts]
        self.suggest = Suggester()
        self.names = Names(
            variables=model.variables.keys(),
            pains=model.pains.keys(),
            facts=model.facts.keys(),
            stakeholders=model.stakeholders.keys(),
            nodes=model.nodes.keys(),
            stages=[*self.stages, DECIDED],
            suggest=self.suggest,
        )

    # -- helpers -------------------------------------------------------------------------

    def add(self, code: str, message: str, loc: PathKey, key: bool = False) -> None:
        pos = self.src.key_pos(loc) if key else self.src.pos(loc)
        self.out.append(Diagnostic(code, message, self.src.path, pos))

    def ref(
        self,
        code: str,
        ident: str,
        known: Collection[str],
        what: str,
        plural: str,
        loc: PathKey,
        owner: str,
        key: bool = False,
    ) -> bool:
        if ident in known:
            return True
        shown = clip(ident)
        hint = self.suggest(ident, known, plural)
        if not ident.isascii() and odd_characters(ident):
            hint = f" '{shown}' has {odd_characters(ident)}.{hint}"
        if what == "stage":
            self.add(
                code,
                f"{owner} names the stage '{shown}', which is not a stage of this scenario's "
                f"buying cycle ({', '.join(self.stages)}); fix the spelling." + hint,
                loc,
                key,
            )
            return False
        self.add(
            code,
            f"{owner} names the {what} '{shown}', but there is no {what} '{shown}' under "
            f"'{plural}'; add it there or fix the spelling." + hint,
            loc,
            key,
        )
        return False

    def look_alikes(self, ids: Iterable[str], what: str, plural: str) -> None:
        """W705 for ids with characters that look like ASCII ones or cannot be seen."""
        odd = [i for i in ids if not i.isascii() and odd_characters(i)]
        if not odd:
            return
        plain = {skeleton(i): i for i in ids if i.isascii()}
        for ident in odd:
            alike = plain.get(skeleton(ident))
            chars = odd_characters(ident)
            if alike is not None:
                message = (
                    f"{what} id '{clip(ident)}' has {chars}: it looks like the {what} "
                    f"'{alike}' but is a different id, so links meant for one reach the other "
                    f"or nothing. Did you mean '{alike}'?"
                )
            else:
                message = (
                    f"{what} id '{clip(ident)}' has {chars}, which look like plain letters or "
                    "cannot be seen, so a link typed by hand will not match it; rename it with "
                    "a-z, 0-9, '_' and '-' (Chinese characters are fine)."
                )
            self.add("W705", message, (plural, ident), key=True)

    def condition(self, text: str, loc: PathKey, owner: str) -> Condition | None:
        try:
            return parse_condition(text, self.names)
        except ConditionError as exc:
            base = self.src.pos(loc)
            shift = 1 if self._quoted(base) else 0
            pos = Pos(base.line, base.col + shift + exc.offset) if "\n" not in text else base
            self.out.append(
                Diagnostic(
                    exc.code,
                    f"in the condition of {owner} ('{clip(text, 200)}'): {exc.message}",
                    self.src.path,
                    pos,
                )
            )
            return None

    def _quoted(self, pos: Pos) -> bool:
        line = self.src.line_text(pos.line)
        return 0 < pos.col <= len(line) and line[pos.col - 1] in "\"'"

    # -- the checks ----------------------------------------------------------------------

    def run(self) -> tuple[list[Diagnostic], Compiled]:
        self.check_stages()
        self.check_people_and_things()
        self.check_variables()
        self.ref("R301", self.m.start, self.m.nodes, "node", "nodes", ("start",), "'start'")
        for node_id, node in self.m.nodes.items():
            self.check_node(node_id, node)
        self.check_loop_backs()
        self.check_reachability()
        self.check_said()
        self.check_languages()
        self.check_speakers_present()
        self.check_decisions()
        return self.out, self.compiled

    def check_decisions(self) -> None:
        """W709: a node whose choices all carry the same tags (whichever is picked scores and
        plays the same: no real decision); W710: a price or discount choice with no consequence
        (no effect, and the buyer answers it as they answer a choice that gave nothing), among
        the choices always on offer."""
        for node_id, node in self.m.nodes.items():
            choices = node.choices or []
            free = [c for c in choices if c.requires is None]  # variants show one at a time
            if len(free) >= 2 and len({_tags(c) for c in free}) == 1:
                self.add(
                    "W709",
                    f"the {len(free)} choices of node '{clip(node_id)}' all carry the same tags, "
                    "so whichever the trainee picks scores and plays the same: no real "
                    "decision; tag what differs (move, spin, picks_up, flags, effects) or "
                    "make one of them the better move.",
                    ("nodes", node_id, "choices"),
                )
            plain = {(c.goto, c.end) for c in choices if c.move not in ("price", "discount")}
            for i, c in enumerate(choices):
                if c.move not in ("price", "discount") or c.effects or c.flags or c.score:
                    continue
                if c.requires is not None:  # a variant the author set up for a state
                    continue
                if c.move == "discount" and c.in_return is not None:
                    continue
                if (c.goto, c.end) in plain:
                    self.add(
                        "W710",
                        f"choice {i + 1} of node '{clip(node_id)}' is a {c.move} with no "
                        "consequence: no effects, and the buyer answers it as a choice that "
                        "gives nothing; give it effects or its own reply.",
                        ("nodes", node_id, "choices", i, "move"),
                    )

    def check_said(self) -> None:
        """S210: a line or a choice that says nothing (the trainee would see a blank)."""
        for node_id, node in self.m.nodes.items():
            if node.says is not None and not _has_words(node.says):
                self.add(
                    "S210",
                    f"node '{clip(node_id)}' says nothing; write what the buyer says (or "
                    "what happens, for narration).",
                    ("nodes", node_id, "says"),
                )
            for i, choice in enumerate(node.choices or ()):
                if not _has_words(choice.say):
                    self.add(
                        "S210",
                        f"choice {i + 1} of node '{clip(node_id)}' says nothing; write what the "
                        "trainee says.",
                        ("nodes", node_id, "choices", i, "say"),
                    )

    def check_languages(self) -> None:
        """W707: in a scenario written in both languages (its title and other texts have
        both), a text the trainee sees in one language only: played in the other language it
        would show the wrong one."""
        title = self.src.data.get("title") if isinstance(self.src.data, dict) else None
        if not (isinstance(title, dict) and set(title) >= {"zh", "en"}):
            return
        found: list[tuple[PathKey, list[str]]] = []
        both = 0  # texts besides the title written in both: the scenario means to be
        for loc, value in _texts(self.src.data, ()):
            have = set(value) if isinstance(value, dict) else {self.m.language}
            lacking = sorted({"zh", "en"} - have)
            if lacking:
                found.append((loc, lacking))
            elif loc != ("title",):
                both += 1
        if not both:  # a title in both languages alone does not make a bilingual scenario
            return
        for loc, lacking in found[:MAX_ONE_LANGUAGE]:
            where = ".".join(str(k) for k in loc)
            self.add(
                "W707",
                f"'{clip(where)}' has no {' or '.join(lacking)} text, though the scenario's "
                "title offers both languages; add it as {zh: ..., en: ...}.",
                loc,
            )
        if len(found) > MAX_ONE_LANGUAGE:
            rest = len(found) - MAX_ONE_LANGUAGE
            self.add(
                "W707",
                f"{rest} more texts are in one language only; give each both, or write the "
                "title in one language if the scenario is meant to be played in one.",
                found[MAX_ONE_LANGUAGE][0],
            )

    def check_speakers_present(self) -> None:
        """W708: a node spoken by a stakeholder who is not in any meeting it can be part of
        (the meetings' ``present`` lists, followed along the links)."""
        m = self.m
        rooms: dict[str, set[tuple[str, ...]]] = {}
        todo: list[tuple[str, tuple[str, ...]]] = [(m.start, ())] if m.start in m.nodes else []
        while todo:
            node_id, room = todo.pop()
            node = m.nodes.get(node_id)
            if node is None:
                continue
            if node.meeting is not None and node.meeting.present:
                room = tuple(node.meeting.present)
            seen = rooms.setdefault(node_id, set())
            if room in seen:
                continue
            seen.add(room)
            nxt, _ = successors(node)
            todo.extend((n, room) for n in nxt)
        for node_id, node in m.nodes.items():
            who = node.speaker
            possible = rooms.get(node_id, set())
            if who is None or not possible or any(not r or who in r for r in possible):
                continue
            present = sorted({p for r in possible for p in r})
            self.add(
                "W708",
                f"node '{clip(node_id)}' is spoken by '{clip(who)}', who is not present in its "
                f"meeting ({', '.join(present)}); add '{clip(who)}' to the meeting's 'present' "
                "or give the line to someone there.",
                ("nodes", node_id, "speaker"),
            )

    def check_stages(self) -> None:
        if self.m.stages is not None:
            seen: set[str] = set()
            for i, stage in enumerate(self.m.stages):
                loc: PathKey = ("stages", i)
                if not STAGE_ID.match(stage.id) or stage.id == DECIDED or stage.id in KEYWORDS:
                    self.add(
                        "S206",
                        f"stage id '{clip(stage.id)}' must start with a-z and use only a-z, 0-9 "
                        f"and '_', and must not be a reserved word ('{DECIDED}', 'stage', ...).",
                        loc,
                    )
                if stage.id in seen:
                    self.add(
                        "S209", f"stage '{clip(stage.id)}' is listed twice; list it once.", loc
                    )
                seen.add(stage.id)
        for stage_id, gate in self.m.decision_points.items():
            loc = ("decision_points", stage_id)
            if not self.ref(
                "R307", stage_id, self.stages, "stage", "stages", loc, "'decision_points'", True
            ):
                continue
            cond = None
            if gate.requires is not None:
                cond = self.condition(
                    gate.requires,
                    (*loc, "requires"),
                    f"the decision point of stage '{clip(stage_id)}'",
                )
            self.compiled.gates[stage_id] = cond
        for stage_id in self.stages:
            self.compiled.gates.setdefault(stage_id, None)

    def check_people_and_things(self) -> None:
        people = self.m.stakeholders
        self.look_alikes(people, "stakeholder", "stakeholders")
        self.look_alikes(self.m.facts, "fact", "facts")
        self.look_alikes(self.m.pains, "pain", "pains")
        self.look_alikes(self.m.nodes, "node", "nodes")
        self.look_alikes(self.m.endings, "ending", "endings")
        for sid, person in people.items():
            if person.portrait is not None:
                self.check_portrait(sid, person.portrait)
        for pid, pain in self.m.pains.items():
            self.ref(
                "R303",
                pain.owner,
                people,
                "stakeholder",
                "stakeholders",
                ("pains", pid, "owner"),
                f"pain '{clip(pid)}'",
            )

    def check_portrait(self, sid: str, portrait: str) -> None:
        loc = ("stakeholders", sid, "portrait")
        if self.folder is None:
            return
        found = portrait_problem(self.folder, portrait)
        if found is None:
            return
        code, reason = found
        self.add(
            code, f"the portrait of stakeholder '{clip(sid)}' ('{clip(portrait)}') {reason}", loc
        )

    def check_variables(self) -> None:
        reserved = {*KEYWORDS, *NEED_STATES, *self.stages, DECIDED}
        for name, var in self.m.variables.items():
            loc = ("variables", name)
            if not VARIABLE_NAME.match(name) or name in reserved:
                self.add(
                    "S206",
                    f"variable name '{clip(name)}' must be a word of letters, digits and '_' that "
                    "is not a stage, a need state or a reserved word; rename it.",
                    loc,
                    key=True,
                )
            low = var.min if var.min is not None else var.initial
            high = var.max if var.max is not None else var.initial
            if not low <= var.initial <= high:
                self.add(
                    "S207",
                    f"variable '{clip(name)}' starts at {var.initial}, outside its range "
                    f"{var.min}..{var.max}; change 'initial' or the bounds.",
                    loc,
                )

    def check_effects(self, effects: Iterable[str], loc: PathKey, owner: str) -> None:
        for name in effects:
            self.ref(
                "R308", name, self.m.variables, "variable", "variables", (*loc, name), owner, True
            )

    def check_node(self, node_id: str, node: Node) -> None:
        loc: PathKey = ("nodes", node_id)
        owner = f"node '{clip(node_id)}'"
        m = self.m
        if node.speaker is not None:
            self.ref(
                "R303",
                node.speaker,
                m.stakeholders,
                "stakeholder",
                "stakeholders",
                (*loc, "speaker"),
                owner,
            )
        for i, fact in enumerate(node.reveals):
            self.ref("R305", fact, m.facts, "fact", "facts", (*loc, "reveals", i), owner)
        for pain in node.pains:
            self.ref("R304", pain, m.pains, "pain", "pains", (*loc, "pains", pain), owner, True)
        things = self.things
        for i, cue in enumerate(node.cues):
            self.ref(
                "R306", cue, things, "pain or fact", "pains' or 'facts", (*loc, "cues", i), owner
            )
        self.check_effects(node.effects, (*loc, "effects"), owner)
        if node.loop_back is not None:
            self.ref(
                "R307", node.loop_back, self.stages, "stage", "stages", (*loc, "loop_back"), owner
            )
        if node.meeting is not None:
            for i, sid in enumerate(node.meeting.present):
                self.ref(
                    "R303",
                    sid,
                    m.stakeholders,
                    "stakeholder",
                    "stakeholders",
                    (*loc, "meeting", "present", i),
                    owner,
                )
        ways = [w for w in ("choices", "goto", "end") if getattr(node, w) is not None]
        if not ways or (node.choices is not None and not node.choices):
            self.add(
                "F503",
                f"{owner} is a dead end: give it 'choices', a 'goto' to the next node or an "
                "'end' naming an ending.",
                loc,
            )
        elif len(ways) > 1:
            self.add(
                "F505",
                f"{owner} has {' and '.join(repr(w) for w in ways)}; keep only one way on.",
                (*loc, ways[1]),
                key=True,
            )
        if node.goto is not None:
            self.ref("R301", node.goto, m.nodes, "node", "nodes", (*loc, "goto"), owner)
        if node.end is not None:
            self.ref("R302", node.end, m.endings, "ending", "endings", (*loc, "end"), owner)
        if node.choices:
            for i, choice in enumerate(node.choices):
                self.check_choice(node_id, node, i, choice)
            if len(node.choices) > 0 and all(c.requires is not None for c in node.choices):
                self.add(
                    "W704",
                    f"every choice of {owner} has 'requires'; if none holds, the trainee is "
                    "stuck and the meeting ends. Give one choice no condition.",
                    (*loc, "choices"),
                )

    def check_choice(self, node_id: str, node: Node, i: int, c: Choice) -> None:
        m = self.m
        loc: PathKey = ("nodes", node_id, "choices", i)
        owner = f"choice {i + 1} of node '{clip(node_id)}'"
        choice_id = c.id if c.id is not None else f"{node_id}.{i + 1}"
        if c.id is not None and not c.id.isascii() and odd_characters(c.id):
            self.add(
                "W705",
                f"{owner} has the id '{clip(c.id)}' with {odd_characters(c.id)}, which look like "
                "plain letters or cannot be seen; records and replays name choices by id, so "
                "rename it with a-z, 0-9, '_', '-' and '.'.",
                (*loc, "id"),
            )
        if choice_id in self._seen_ids:
            self.add(
                "S209",
                f"{owner} has the id '{clip(choice_id)}', already used by another choice; "
                "choice ids must be unique.",
                (*loc, "id") if c.id is not None else loc,
            )
        self.compiled.choice_ids[(node_id, i)] = choice_id
        self._seen_ids.add(choice_id)
        for fld, moves in _MOVE_FIELDS.items():
            if getattr(c, fld) is not None and c.move not in moves:
                self.add(
                    "S208",
                    f"{owner} has '{fld}', which only a '{moves[0]}' move uses; remove it or "
                    f"change the move to '{moves[0]}'.",
                    (*loc, fld),
                    key=True,
                )
        if c.move == "question" and c.spin is None:
            self.add(
                "S203",
                f"{owner} is a question without 'spin'; add spin: situation, problem, "
                "implication or need_payoff.",
                loc,
            )
        if c.move == "next_step" and c.next_step is None:
            self.add(
                "S203",
                f"{owner} is a next_step move without 'next_step'; add next_step: {{action: ..., "
                "buyer_commits: true, dated: true, who: [...]}}.",
                loc,
            )
        if c.score is not None and c.feedback is None:
            self.add(
                "S203",
                f"{owner} has a 'score' but no 'feedback'; add feedback that tells the trainee "
                "why.",
                (*loc, "score"),
                key=True,
            )
        ways = [w for w in ("goto", "end") if getattr(c, w) is not None]
        jumps = [w for w, v in (("pass", c.pass_), ("fail", c.fail)) if v is not None]
        if c.move == "jump":
            if ways:
                self.add(
                    "S208",
                    f"{owner} is a jump: it goes on by 'pass' and 'fail', not '{ways[0]}'; "
                    f"remove '{ways[0]}'.",
                    (*loc, ways[0]),
                    key=True,
                )
            if len(jumps) < 2:
                missing = "pass" if "pass" not in jumps else "fail"
                self.add(
                    "F501",
                    f"{owner} is a jump without '{missing}'; a jump needs both 'pass' (the node "
                    "when the buyer is ready) and 'fail' (when not).",
                    loc,
                )
        else:
            if jumps:
                self.add(
                    "S208",
                    f"{owner} has '{jumps[0]}', which only a jump uses; use 'goto' or 'end', or "
                    "make the move a jump.",
                    (*loc, jumps[0]),
                    key=True,
                )
            if len(ways) != 1:
                self.add(
                    "F502",
                    f"{owner} needs exactly one of 'goto' (next node) or 'end' (an ending)"
                    + ("; it has both." if ways else "; it has neither."),
                    loc,
                )
        for fld in ("goto", "pass", "fail"):
            target = c.goto if fld == "goto" else (c.pass_ if fld == "pass" else c.fail)
            if target is not None:
                self.ref("R301", target, m.nodes, "node", "nodes", (*loc, fld), owner)
        if c.end is not None:
            self.ref("R302", c.end, m.endings, "ending", "endings", (*loc, "end"), owner)
        things = self.things
        if (
            c.picks_up is not None
            and self.ref(
                "R306",
                c.picks_up,
                things,
                "pain or fact",
                "pains' or 'facts",
                (*loc, "picks_up"),
                owner,
            )
            and c.picks_up not in node.cues
        ):
            self.add(
                "W703",
                f"{owner} picks up '{clip(c.picks_up)}', but node '{clip(node_id)}' has no such "
                "cue; add it to the node's 'cues' so listening is scored.",
                (*loc, "picks_up"),
            )
        for j, about in enumerate(c.about):
            self.ref(
                "R306", about, things, "pain or fact", "pains' or 'facts", (*loc, "about", j), owner
            )
        if c.next_step is not None:
            for j, sid in enumerate(c.next_step.who):
                self.ref(
                    "R303",
                    sid,
                    m.stakeholders,
                    "stakeholder",
                    "stakeholders",
                    (*loc, "next_step", "who", j),
                    owner,
                )
        self.check_effects(c.effects, (*loc, "effects"), owner)
        if c.requires is not None:
            cond = self.condition(c.requires, (*loc, "requires"), owner)
            if cond is not None:
                self.compiled.choice_requires[(node_id, i)] = cond

    def check_loop_backs(self) -> None:
        """A loop_back must go back: error when the buyer can never be past the target there."""
        possible = possible_stages(self.m, self.stages, self.compiled.gates)
        for node_id, node in self.m.nodes.items():
            if node.loop_back is None or node.loop_back not in self.stages:
                continue
            target = self.stages.index(node.loop_back)
            before = possible.get(node_id, set())
            if before and max(before) <= target:
                latest = ([*self.stages, DECIDED])[max(before)]
                self.add(
                    "F504",
                    f"node '{clip(node_id)}' loops back to '{clip(node.loop_back)}', but the buyer "
                    f"is at most at '{latest}' when this node is reached, so it is not a step "
                    "back; name an earlier stage or use 'advance'.",
                    ("nodes", node_id, "loop_back"),
                )

    def check_reachability(self) -> None:
        seen_nodes, seen_endings = reachable(self.m)
        for node_id in self.m.nodes:
            if node_id not in seen_nodes:
                self.add(
                    "W701",
                    f"node '{clip(node_id)}' cannot be reached from '{clip(self.m.start)}'; "
                    "link to it or remove it.",
                    ("nodes", node_id),
                    key=True,
                )
        for ending_id in self.m.endings:
            if ending_id not in seen_endings:
                self.add(
                    "W702",
                    f"ending '{clip(ending_id)}' is never used; end a node or choice with it, or "
                    "remove it.",
                    ("endings", ending_id),
                    key=True,
                )


def check_model(
    model: ScenarioModel, src: Source, folder: Path | None
) -> tuple[list[Diagnostic], Compiled]:
    """Run every cross-reference and flow check; diagnostics come in file order."""
    out, compiled = _Checker(model, src, folder).run()
    out.sort(key=lambda d: (d.pos.line, d.pos.col))
    return fold_cascade(out), compiled


#: Links to a node or an ending that does not exist (a typo in ``goto`` or ``end``).
BROKEN_LINKS = ("R301", "R302")
#: What a broken link drags after it: everything behind it looks unreachable or unused.
CASCADE = ("W701", "W702")


def fold_cascade(found: list[Diagnostic]) -> list[Diagnostic]:
    """Report the root, not its echo: while a ``goto``/``end`` names nothing, the nodes and
    endings behind it read as unreachable (one typo gave 26 warnings). Those warnings are
    left out, and the first broken link says how many, until the link is fixed."""
    roots = [i for i, d in enumerate(found) if d.code in BROKEN_LINKS]
    echoes = [d for d in found if d.code in CASCADE]
    if not roots or not echoes:
        return found
    kept = [d for d in found if d.code not in CASCADE]
    first = found[roots[0]]
    n = len(echoes)
    some = f"{n} warning{'s' if n != 1 else ''}"
    note = (
        f" While links like this one are broken, {some} about unreachable nodes or unused "
        "endings, which follow from them, are left out."
    )
    return [replace(d, message=d.message + note) if d is first else d for d in kept]


#: One-language texts reported one by one; the rest are counted in one more line.
MAX_ONE_LANGUAGE = 10

#: Keys whose values are texts a trainee sees (a string, or {zh: ..., en: ...}).
TEXT_KEYS = frozenset(
    {
        "title",
        "summary",
        "briefing",
        "name",
        "notes",
        "text",
        "says",
        "say",
        "feedback",
        "label",
        "action",
        "objectives",
    }
)


def _texts(data: object, loc: PathKey) -> Iterator[tuple[PathKey, object]]:
    """Every text in the parsed file with where it is: values under ``TEXT_KEYS`` (items of
    a list under one), found by walking the file's own tree."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = (*loc, key)
            if key in TEXT_KEYS and isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, str | dict):
                        yield (*here, i), item
            elif key in TEXT_KEYS and (
                isinstance(value, str) or (isinstance(value, dict) and set(value) <= {"zh", "en"})
            ):
                yield here, value
            else:
                yield from _texts(value, here)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _texts(item, (*loc, i))


def _has_words(text: object) -> bool:
    """A text with something in it, in at least one language."""
    plain = getattr(text, "plain", None)
    if plain is not None:
        return bool(str(plain).strip())
    return any(v.strip() for _, v in getattr(text, "by_lang", ()))


def _tags(c: Choice) -> tuple[object, ...]:
    """What scoring and the engine read from a choice, besides its words."""
    return (
        c.move,
        c.spin,
        c.open,
        c.picks_up,
        tuple(c.about),
        c.in_return is not None,
        c.next_step is not None and (c.next_step.buyer_commits, c.next_step.dated),
        c.technique,
        tuple(sorted(c.flags)),
        tuple(sorted((k, str(v)) for k, v in c.effects.items())),
        c.goto,
        c.end,
        c.pass_,
        c.fail,
        c.once,
        tuple(sorted((c.score or {}).items())),
    )
