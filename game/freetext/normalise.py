"""What a typed line and an authored line are compared as: the same characters, the same
names for the same people and things.

Trainees type "张总", "老张", "Mr Zhang" or "zhang" for the one stakeholder the author wrote
as "张经理"; left as they are, names decide matches (a line that names the person in a
choice lifts that choice, whatever it says). So every way of naming a stakeholder becomes
one token for that person, in the choices and in the typed line alike, and width, case and
punctuation are folded (NFKC: full-width letters and digits become plain ones). The
scenario's ``aliases`` (the incumbent as "Anda", "安达安防", "the current vendor"…) are folded
the same way, each thing to its own token.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from game.engine.scenario import Scenario

#: Chinese forms of address that follow a surname (张经理, 王工, 刘总…).
ZH_ADDRESS = (
    *("总经理", "副总经理", "董事长", "副总", "总监", "总工", "经理", "主任", "主管", "部长"),
    *("处长", "科长", "厂长", "院长", "所长", "老师", "先生", "女士", "小姐", "老板"),
    *("工", "总", "姐", "哥"),
)
#: English forms of address before a surname.
EN_ADDRESS = ("mr", "mrs", "ms", "miss", "dr", "mister", "madam")


def fold(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


class Names:
    """Every way a trainee may name each stakeholder, replaced by one token per person."""

    def __init__(self, scenario: Scenario) -> None:
        forms: list[tuple[str, str]] = []  # (folded alias, token)
        #: what the embedding model reads instead (``drop``): nothing for a person's name,
        #: the alias's own key for a thing ("anda"), so the sentence keeps its sense
        self._plain: dict[str, str] = {}
        for i, (sid, person) in enumerate(scenario.model.stakeholders.items()):
            token = f" qx{i}q "
            for alias in self._aliases(sid, person.name.as_dict(scenario.model.language)):
                forms.append((alias, token))
        # the trainer's own aliases: every name of one thing becomes one token
        for k, (key, by_lang) in enumerate(scenario.model.aliases.items()):
            token = f" qa{k}q "
            for alias in (fold(a) for names in by_lang.values() for a in names):
                if alias:
                    forms.append((alias, token))
                    self._plain[alias] = f" {key.replace('_', ' ')} "
        # longest first, so "刘副总" is taken whole before "刘总" could match inside it
        forms.sort(key=lambda f: -len(f[0]))
        self._tokens = dict(forms)
        zh = [re.escape(a) for a, _ in forms if not a.isascii()]
        en = [re.escape(a) for a, _ in forms if a.isascii()]
        parts = []
        if zh:
            parts.append("|".join(zh))
        if en:
            parts.append(r"(?<![a-z0-9])(?:" + "|".join(en) + r")(?![a-z0-9])")
        self._pattern = re.compile("|".join(parts)) if parts else None

    @staticmethod
    def _aliases(sid: str, names: dict[str, str]) -> Iterable[str]:
        for name in names.values():
            name = fold(name)
            if name:
                yield name
            if not name.isascii():
                surname = _zh_surname(name)
                if surname:
                    yield from (surname + form for form in ZH_ADDRESS)
                    yield "老" + surname
                    yield "小" + surname
            else:
                words = name.replace(".", " ").split()
                if len(words) >= 2 and words[0] in EN_ADDRESS:
                    surname = words[-1]
                    yield surname
                    yield from (f"{form} {surname}" for form in EN_ADDRESS)
                    yield from (f"{form}. {surname}" for form in EN_ADDRESS)
        if sid.isascii() and len(sid) > 2:
            yield fold(sid)

    def __call__(self, text: str, *, drop: bool = False) -> str:
        """``text`` folded, each name a token for its person (``drop``: a space, for the
        embedding model, which would read a token as a word)."""
        text = fold(text)
        if self._pattern is None:
            return text
        if drop:
            plain = self._plain
            return " ".join(self._pattern.sub(lambda m: plain.get(m.group(0), " "), text).split())
        return self._pattern.sub(lambda m: self._tokens[m.group(0)], text)


def _zh_surname(name: str) -> str:
    """ "张经理" → "张"; "刘总" → "刘"; "" when the name is not surname + form of address."""
    for form in sorted(ZH_ADDRESS, key=len, reverse=True):
        if name.endswith(form) and 1 <= len(name) - len(form) <= 2:
            return name[: -len(form)]
    return ""
