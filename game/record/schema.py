"""The session record's versions: what this build writes and the oldest it can still read.

As in ink's save states, a record carries ``schema_version`` (the writer's version) and a
reader carries the oldest version it understands. Schema 1 records (before stage titles and
people's names were stored) still read and score: the added fields default to empty.

- 1: the first release.
- 2: ``session_started`` carries ``stage_info`` (titles per stage) and stakeholders' names
  and titles; records carry ``session_id``; the ``ended`` event carries its text.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from game.record.errors import RecordError

SCHEMA_VERSION = 2
OLDEST_READABLE = 1


def check_version(record: Mapping[str, Any]) -> int:
    """The record's schema version if this build can read it; else RecordError in one line."""
    version = record.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int | float):
        raise RecordError(
            ("schema_version",),
            f"'schema_version' must be a whole number, not {_shown(version)}",
        )
    if isinstance(version, float) and (not math.isfinite(version) or not version.is_integer()):
        raise RecordError(
            ("schema_version",), f"'schema_version' must be a whole number, not {_shown(version)}"
        )
    number = int(version)
    if number > SCHEMA_VERSION:
        raise RecordError(
            ("schema_version",),
            f"the record is schema {number}, written by a newer salessim; this one reads "
            f"schemas {OLDEST_READABLE}-{SCHEMA_VERSION}: upgrade salessim to read it",
        )
    if number < OLDEST_READABLE:
        raise RecordError(
            ("schema_version",),
            f"schema {number} is not a salessim record version; this one reads schemas "
            f"{OLDEST_READABLE}-{SCHEMA_VERSION}",
        )
    return number


def _shown(value: object) -> str:
    """The value as the JSON file spells it (null, true, NaN, "2")."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 20 else text[:19] + "…"
