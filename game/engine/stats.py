"""A scenario's size, for its author: ``salessim validate --stats``.

How many nodes, choices, endings and meetings it has; how much text in each language (English
words, Chinese characters) and who speaks it; and about how long a play takes: reading every
line and choice on the longest of the shortest ways to an ending, at an easy reading pace,
plus a few seconds to decide at each choice. The estimate is for planning a training day,
not a measurement; the explorer gives real paths.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from game.engine.graph import successors
from game.engine.model import ScenarioModel
from game.engine.scenario import Scenario

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
#: Reading pace (English words, Chinese characters a minute) and time to decide a choice.
READ_PER_MINUTE = {"en": 200, "zh": 400}
DECIDE_SECONDS = 8


def amount(text: str, lang: str) -> int:
    """English words, or Chinese characters: how text is counted in each language."""
    if lang == "zh":
        return len(_CJK.findall(text))
    return len(_WORD.findall(_CJK.sub(" ", text)))


@dataclass
class Stats:
    nodes: int = 0
    choices: int = 0
    endings: int = 0
    meetings: int = 0
    languages: tuple[str, ...] = ()
    words: dict[str, int] = field(default_factory=dict)  # language -> words (zh: characters)
    by_speaker: dict[str, dict[str, int]] = field(default_factory=dict)  # who -> language -> n
    minutes: dict[str, float] = field(default_factory=dict)  # language -> estimated minutes
    longest: str | None = None  # the ending whose shortest way is longest

    def lines(self) -> list[str]:
        """The stats as the validator prints them, one indented line each."""
        unit = {"en": "words", "zh": "characters"}
        out = [
            f"  {self.nodes} nodes, {self.choices} choices, {self.endings} endings, "
            f"{self.meetings} meeting{'s' if self.meetings != 1 else ''}"
        ]
        for lang in self.languages:
            out.append(
                f"  {lang}: {self.words.get(lang, 0)} {unit[lang]}; about "
                f"{self.minutes.get(lang, 0):.0f} min to play (to '{self.longest}')"
            )
            speakers = sorted(self.by_speaker.items(), key=lambda kv: -kv[1].get(lang, 0))
            parts = [f"{who} {counts.get(lang, 0)}" for who, counts in speakers]
            out.append(f"    by speaker: {', '.join(parts)}")
        return out


def stats(scenario: Scenario) -> Stats:
    m = scenario.model
    langs = tuple(scenario.languages()) or (m.language,)
    result = Stats(
        nodes=len(m.nodes),
        choices=sum(len(n.choices or ()) for n in m.nodes.values()),
        endings=len(m.endings),
        meetings=max(1, sum(1 for n in m.nodes.values() if n.meeting is not None)),
        languages=langs,
    )
    for lang in langs:
        total = 0
        for node in m.nodes.values():
            n = amount(scenario.text(node.says, lang), lang)
            who = _speaker_name(m, node.speaker)
            result.by_speaker.setdefault(who, {})[lang] = (
                result.by_speaker.get(who, {}).get(lang, 0) + n
            )
            total += n
            for choice in node.choices or ():
                said = amount(scenario.text(choice.say, lang), lang)
                result.by_speaker.setdefault("trainee", {})[lang] = (
                    result.by_speaker.get("trainee", {}).get(lang, 0) + said
                )
                total += said
        for spec in m.endings.values():
            total += amount(scenario.text(spec.says, lang), lang)
        result.words[lang] = total
    path, result.longest = _longest_shortest(m)
    for lang in langs:
        read = 0
        decide = 0
        for node_id in path:
            node = m.nodes[node_id]
            read += amount(scenario.text(node.says, lang), lang)
            if node.choices:
                decide += 1
                read += sum(amount(scenario.text(c.say, lang), lang) for c in node.choices)
        result.minutes[lang] = read / READ_PER_MINUTE[lang] + decide * DECIDE_SECONDS / 60
    return result


def _speaker_name(m: ScenarioModel, speaker: str | None) -> str:
    return speaker if speaker is not None else "narrator"


def _longest_shortest(m: ScenarioModel) -> tuple[list[str], str | None]:
    """The shortest way (in nodes, conditions ignored) to each ending; the longest of them."""
    if m.start not in m.nodes:
        return [], None
    parent: dict[str, str | None] = {m.start: None}
    reached: dict[str, str] = {}  # ending -> the node that ends there
    todo = deque([m.start])
    while todo:
        node_id = todo.popleft()
        nxt, ends = successors(m.nodes[node_id])
        for e in ends:
            reached.setdefault(e, node_id)
        for n in nxt:
            if n in m.nodes and n not in parent:
                parent[n] = node_id
                todo.append(n)
    best: list[str] = []
    best_ending: str | None = None
    for ending, last in reached.items():
        path: list[str] = []
        at: str | None = last
        while at is not None:
            path.append(at)
            at = parent[at]
        if len(path) > len(best):
            best, best_ending = path[::-1], ending
    return best, best_ending
