"""Running ``salessim`` as a trainee's shell would: a real process, its exit code and output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def salessim(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m game ARGS`` from the repository root, with ``stdin`` piped in."""
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        # unwrapped unless a test asks for a width (a developer's shell may export COLUMNS)
        env={**os.environ, "COLUMNS": "", **(env or {})},
        cwd=ROOT,
    )
