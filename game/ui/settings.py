"""What the game remembers between runs: the trainee's name and the language.

Stored as JSON in ``$XDG_CONFIG_HOME/salessim/settings.json`` (``~/.config/salessim/`` by
default). A missing or damaged file means "nothing remembered", never a crash, and a
failure to save is ignored: remembering a name is a convenience, not a duty.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

LANGS = ("zh", "en")


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "salessim"


def settings_path() -> Path:
    return config_dir() / "settings.json"


@dataclass
class Settings:
    trainee: str = ""
    language: str | None = None  # None: nobody chose yet


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    trainee = data.get("trainee")
    language = data.get("language")
    return Settings(
        trainee=trainee if isinstance(trainee, str) else "",
        language=language if language in LANGS else None,
    )


def save_settings(settings: Settings, path: Path | None = None) -> bool:
    """Write the settings atomically; False (and nothing raised) if it could not be done."""
    path = path or settings_path()
    data = {"trainee": settings.trainee, "language": settings.language}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".json", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        return False
    return True
