"""Teams for reports and lists: a YAML or CSV file naming each team's trainees.

YAML: ``{North: [Ann, Bo], South: [Cy]}``. CSV: rows of ``team,trainee`` (a header row
``team,trainee`` is allowed). A mistake is one sentence naming the file and line.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from game.engine.diagnostics import ScenarioError
from game.engine.source import read_source


class TeamError(ValueError):
    """The team file cannot be used; the message names it and says how to fix it."""


def read_team(path: Path) -> dict[str, list[str]]:
    """Team name -> trainee names, in the file's order."""
    if path.suffix.lower() == ".csv":
        return _csv(path)
    try:
        src = read_source(path)
    except ScenarioError as exc:
        raise TeamError(str(exc.diagnostics[0]) if exc.diagnostics else str(exc)) from None
    data = src.data
    if not isinstance(data, dict) or not data:
        raise TeamError(
            f"{path}:1:1: a team file maps each team to its trainees, e.g. 'North: [Ann, Bo]'."
        )
    teams: dict[str, list[str]] = {}
    for team, members in data.items():
        pos = src.pos((team,))
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise TeamError(
                f"{path}:{pos.line}:{pos.col}: team '{team}' must list its trainees' names, "
                "e.g. [Ann, Bo]."
            )
        teams[str(team)] = list(members)
    return teams


def _csv(path: Path) -> dict[str, list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TeamError(f"{path}: cannot read the team file ({exc}).") from None
    teams: dict[str, list[str]] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not any(cell.strip() for cell in row):
            continue
        if number == 1 and [c.strip().lower() for c in row[:2]] == ["team", "trainee"]:
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise TeamError(f"{path}:{number}:1: each row is 'team,trainee', e.g. North,Ann.")
        teams.setdefault(row[0].strip(), []).append(row[1].strip())
    if not teams:
        raise TeamError(f"{path}:1:1: the team file names no trainee; add rows 'team,trainee'.")
    return teams
