"""The house we live in: imports only go down, no cycles (DESIGN.md, "Layout").

record ← engine ← scoring ← explore / attempt ← records / reports ← ui / terminal ← cli
(the reports stand on the records store, so within that floor records come first).
Every module's ``import game...`` statements, at any depth (lazy imports inside functions
included), are checked against its floor.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GAME = Path(__file__).resolve().parent.parent / "game"

#: The floor of each part of the package; a module may import only its own floor or lower.
FLOORS: dict[str, int] = {
    "record": 0,
    "engine": 1,
    "paths": 1,
    "scoring": 2,
    "attempt": 3,
    "explore": 3,
    "catalog": 3,
    "verify": 3,
    "plans": 3,
    "freetext": 3,
    "records": 4,
    # the reports read the store (never the other way): on the records' floor, one step up
    "reports": 5,
    "ui": 6,
    "terminal": 6,
    "cli": 7,
    "launch": 8,
    "__main__": 9,
    "__init__": 0,
}


def part(module: str) -> str:
    """``game.engine.session`` → ``engine``; ``game.cli`` → ``cli``; ``game`` → ``__init__``."""
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else "__init__"


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(GAME.rglob("*.py")):
        rel = path.relative_to(GAME.parent).with_suffix("")
        name = ".".join(rel.parts)
        found.append((name.removesuffix(".__init__"), path))
    return found


def imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.startswith("game")]
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").startswith("game")
        ):
            out.append((node.lineno, str(node.module)))
    return out


@pytest.mark.parametrize(("module", "path"), modules(), ids=lambda v: str(v))
def test_imports_only_go_down(module: str, path: Path) -> None:
    here = part(module)
    assert here in FLOORS, f"{module}: give game/{here} a floor in FLOORS"
    for line, target in imports(path):
        there = part(target)
        assert there in FLOORS, f"{module}:{line} imports unknown part {target}"
        if there == here:
            continue
        assert FLOORS[there] < FLOORS[here] or (here == "__init__" and there == "__init__"), (
            f"{path.relative_to(GAME.parent)}:{line}: game/{here} (floor {FLOORS[here]}) "
            f"imports {target} (floor {FLOORS[there]}): imports only go down"
        )


def test_the_ground_floor_imports_nothing_of_ours_but_itself() -> None:
    for module, path in modules():
        if part(module) == "record":
            assert all(t.startswith("game.record") for _, t in imports(path)), module
