"""The salessim engine: scenarios in, sessions out. Pure Python; never imports pygame."""

from game.engine.diagnostics import Diagnostic, ScenarioError
from game.engine.scenario import Scenario, check_file, load_scenario, load_scenario_text
from game.engine.session import ChoiceError, Session, SessionError, Status, View

__all__ = [
    "ChoiceError",
    "Diagnostic",
    "Scenario",
    "ScenarioError",
    "Session",
    "SessionError",
    "Status",
    "View",
    "check_file",
    "load_scenario",
    "load_scenario_text",
]
