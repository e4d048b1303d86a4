"""Saving a session record as the session goes, so a crash or a closed window loses nothing.

Each save writes the whole record to a temporary file beside the target and renames it over
the target: the file on disk is always one complete, valid JSON document, never half of one.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


class RecordWriter:
    """Writes the record to ``path`` on every call; use as a Session's ``on_change``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.extra: dict[str, Any] = {}

    def __call__(self, record: dict[str, Any]) -> None:
        self.write({**record, **self.extra})

    def write(self, record: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".salessim-", suffix=".json", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(record, fh, ensure_ascii=False, indent=1)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def read_record(path: str | Path) -> dict[str, Any]:
    """Read a session record; raises ValueError with a sentence if it is not one."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the record ({exc.strerror}).") from None
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{path}:{exc.lineno}:{exc.colno}: not a JSON session record ({exc.msg})."
        ) from None
    except UnicodeDecodeError:
        raise ValueError(f"{path}:1:1: the record is not UTF-8 JSON.") from None
    if not isinstance(data, dict) or "schema_version" not in data or "events" not in data:
        raise ValueError(
            f"{path}:1:1: not a salessim session record (no 'schema_version' or 'events')."
        )
    return data
