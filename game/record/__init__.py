"""The ground floor: a session's typed events and the record's schema versions.

Imports nothing else of salessim; everything else reads records through this package.
"""

from game.record.errors import RecordError
from game.record.events import (
    EVENT_TYPES,
    NEED_LEVELS,
    BuyerLine,
    Candidate,
    Ended,
    Event,
    FactInfo,
    Gate,
    LoopBack,
    MeetingEnded,
    MeetingStarted,
    NextStepInfo,
    PainInfo,
    SessionStarted,
    StageInfo,
    StakeholderInfo,
    TraineeMove,
    Turn,
    TypedLine,
    events_to_dicts,
    pick_text,
    read_event,
    read_events,
)
from game.record.schema import OLDEST_READABLE, SCHEMA_VERSION, check_version

__all__ = [
    "EVENT_TYPES",
    "NEED_LEVELS",
    "OLDEST_READABLE",
    "SCHEMA_VERSION",
    "BuyerLine",
    "Candidate",
    "Ended",
    "Event",
    "FactInfo",
    "Gate",
    "LoopBack",
    "MeetingEnded",
    "MeetingStarted",
    "NextStepInfo",
    "PainInfo",
    "RecordError",
    "SessionStarted",
    "StageInfo",
    "StakeholderInfo",
    "TraineeMove",
    "Turn",
    "TypedLine",
    "check_version",
    "events_to_dicts",
    "pick_text",
    "read_event",
    "read_events",
]
