"""The buyer's buying cycle as a state machine: stages are states, decision points are gates.

Built from engine-owned data only, never from trainer YAML handed to ``Machine(**config)``
(transitions resolves callback strings, dotted ones by importing). ``auto_transitions`` is
off (on, every state gets a ``to_<state>`` trigger: 1,000 states take seconds to build) and
``queued`` is on so a callback can never re-enter a transition half-way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from transitions import Machine

from game.engine.model import DECIDED


class BuyingCycle:
    """Where the buyer is: ``advance`` passes the current stage's gate, loop-backs go back."""

    state: str  # set by transitions
    trigger: Callable[[str], bool]  # set by transitions: fire an event by name

    def __init__(self, stages: Sequence[str], gate_open: Callable[[str], bool]) -> None:
        self.stages: tuple[str, ...] = (*stages, DECIDED)
        self._gate_open = gate_open
        self.machine = Machine(
            model=self,
            states=list(self.stages),
            initial=self.stages[0],
            auto_transitions=False,
            queued=True,
            ignore_invalid_triggers=True,
        )
        for here, there in zip(self.stages, self.stages[1:], strict=False):
            self.machine.add_transition("advance", here, there, conditions=[self._gate])
        for i, here in enumerate(self.stages):
            for earlier in self.stages[:i]:
                self.machine.add_transition(f"loop_back_to_{earlier}", here, earlier)

    def _gate(self) -> bool:
        return self._gate_open(self.state)

    @property
    def index(self) -> int:
        return self.stages.index(self.state)

    def gate_open(self) -> bool:
        """Whether the decision point out of the current stage would let the buyer on now."""
        return self.state != DECIDED and self._gate_open(self.state)

    def try_advance(self) -> bool:
        """Move to the next stage if the gate is open; True if the buyer moved."""
        before = self.state
        self.trigger("advance")
        return self.state != before

    def set_stage(self, stage: str) -> None:
        """Put the buyer at ``stage`` with no transition (restoring a snapshot)."""
        if self.state != stage:
            self.machine.set_state(stage, model=self)

    def loop_back(self, stage: str) -> bool:
        """Return to an earlier stage; False (and no move) when ``stage`` is not earlier."""
        before = self.state
        if self.stages.index(stage) >= self.stages.index(before):
            return False
        self.trigger(f"loop_back_to_{stage}")
        return self.state != before
