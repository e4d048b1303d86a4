"""Where shipped scenarios and assets live, in a source checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
DEFAULT_SCENARIO_ID = "campus-security"


def _data_dir(name: str) -> Path:
    bundled = _PACKAGE / "_data" / name  # a wheel install carries them inside the package
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent / name  # a checkout or an editable install


def scenarios_dir() -> Path:
    return _data_dir("scenarios")


def assets_dir() -> Path:
    return _data_dir("assets")


def default_scenario() -> Path:
    return scenarios_dir() / f"{DEFAULT_SCENARIO_ID}.yaml"


def find_scenario(name: str) -> Path | None:
    """A scenario by path, or by id among the shipped ones (``salessim play mini``)."""
    path = Path(name)
    if path.is_file():
        return path
    for candidate in (scenarios_dir() / name, scenarios_dir() / f"{name}.yaml"):
        if candidate.is_file():
            return candidate
    return None
