"""Typed lines no choice fitted: material for a trainer's next choices.

In typing mode a trainee's line that the matcher could not place shows in the record's
``typed`` part of the move finally taken: the lines withdrawn with "none of these" (or taken
back), and, when the trainee ended up picking from the full menu, the choice they meant. Per
scenario and node, ``salessim records unmatched`` lists them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Unmatched:
    scenario: str
    node: str
    words: str
    trainee: str
    meant: str | None  # the choice picked from the menu afterwards, if it came to that


def unmatched(records: Iterable[dict[str, Any]], scenario: str | None = None) -> list[Unmatched]:
    """Every withdrawn typed line in ``records``, by scenario, node, then as they came."""
    found: list[Unmatched] = []
    for record in records:
        sid = str((record.get("scenario") or {}).get("id") or "")
        if scenario is not None and sid != scenario:
            continue
        trainee = str(record.get("trainee") or "")
        for event in record.get("events") or ():
            typed = event.get("typed") if isinstance(event, dict) else None
            if event.get("kind") != "choice" or not isinstance(typed, dict):
                continue
            meant = str(event.get("choice")) if typed.get("how") == "menu" else None
            for words in typed.get("rephrased") or ():
                found.append(Unmatched(sid, str(event.get("node")), str(words), trainee, meant))
    found.sort(key=lambda u: (u.scenario, u.node))
    return found
