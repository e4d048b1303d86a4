"""What the game remembers between runs: the trainee's name and the language.

Stored as JSON in ``$XDG_CONFIG_HOME/salessim/settings.json`` (``~/.config/salessim/`` by
default). Remembering a name is a convenience, not a duty, so the file is read defensively:
a missing file means "nothing remembered"; a damaged one (not a regular file, too big, not
UTF-8, not JSON, nested absurdly deep, wrong types, a name with control characters or too
long) means defaults and one line on stderr, never a crash or a hang. The file is checked
to be a regular file before any read (a FIFO there would otherwise block the game forever)
and at most ``MAX_BYTES`` are read. A failure to save is ignored.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.paths import read_regular

LANGS = ("zh", "en")
#: More than any real settings file; a bigger one is damaged, not read.
MAX_BYTES = 64 * 1024
#: Longest name remembered (the name screen takes 40 characters).
MAX_NAME = 80


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "salessim"


def settings_path() -> Path:
    return config_dir() / "settings.json"


@dataclass
class Settings:
    trainee: str = ""
    language: str | None = None  # None: nobody chose yet
    text_scale: float = 1.0  # Ctrl+= / Ctrl+- in the game, within TEXT_SCALES
    theme: str = "default"  # or "high_contrast"
    #: the trainer's own scenario folders (``play --library DIR``), offered in the picker
    library: list[str] = field(default_factory=list)
    #: how the trainee answers in a meeting: "pick" a line, or "type" what they would say
    answer_mode: str = "pick"


#: Scenario folders remembered at most (the newest kept).
MAX_LIBRARY = 20

#: The text sizes a trainee can step through, as a factor on the theme's sizes.
TEXT_SCALES = (0.85, 1.0, 1.15, 1.3, 1.5)


class Damaged(ValueError):
    """The settings file is there but cannot be used; the message says why."""


#: Bidi embeddings, overrides and isolates: invisible, and they reorder what follows.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _unfit(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cs") or ch in _BIDI


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a remembered trainee name, or None if it can."""
    if len(name) > MAX_NAME:
        return f"the name is longer than {MAX_NAME} characters"
    if any(_unfit(ch) for ch in name):
        return "the name holds control characters"
    return None


def clean_name(name: str) -> str:
    """``name`` fit to remember: control characters dropped, at most MAX_NAME characters."""
    return "".join(ch for ch in name if not _unfit(ch)).strip()[:MAX_NAME]


def load_settings(path: Path | None = None) -> Settings:
    """The remembered settings; defaults (and one line on stderr) if the file is damaged."""
    path = path or settings_path()
    try:
        return parse_settings(read_regular(path, MAX_BYTES + 1))
    except FileNotFoundError:
        return Settings()
    except (OSError, Damaged) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        why = " ".join(why.split())[:200]
        line = f"salessim: settings file {path} is damaged ({why}); using defaults."
        print(line, file=sys.stderr)
        return Settings()


def parse_settings(raw: bytes) -> Settings:
    """Settings from a file's bytes; raises Damaged saying what is wrong."""
    if len(raw) > MAX_BYTES:
        raise Damaged(f"larger than {MAX_BYTES // 1024} KiB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Damaged("not UTF-8 text") from None
    try:
        data: Any = json.loads(text)
    except RecursionError:
        raise Damaged("nested too deeply") from None
    except ValueError as exc:
        raise Damaged(f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise Damaged("not a JSON object")
    trainee = data.get("trainee", "")
    language = data.get("language")
    if not isinstance(trainee, str):
        raise Damaged("'trainee' is not a text")
    problem = name_problem(trainee)
    if problem:
        raise Damaged(problem)
    if language is not None and language not in LANGS:
        raise Damaged(f"'language' is not one of {', '.join(LANGS)}")
    scale = data.get("text_scale", 1.0)
    if isinstance(scale, bool) or not isinstance(scale, int | float) or scale not in TEXT_SCALES:
        raise Damaged(f"'text_scale' is not one of {', '.join(map(str, TEXT_SCALES))}")
    theme = data.get("theme", "default")
    if theme not in ("default", "high_contrast"):
        raise Damaged("'theme' is not 'default' or 'high_contrast'")
    library = data.get("library", [])
    if not isinstance(library, list) or not all(isinstance(f, str) for f in library):
        raise Damaged("'library' is not a list of folders")
    answer_mode = data.get("answer_mode", "pick")
    if answer_mode not in ("pick", "type"):
        raise Damaged("'answer_mode' is not 'pick' or 'type'")
    return Settings(
        answer_mode=answer_mode,
        trainee=trainee,
        language=language,
        text_scale=float(scale),
        theme=theme,
        library=library[:MAX_LIBRARY],
    )


def save_settings(settings: Settings, path: Path | None = None) -> bool:
    """Write the settings atomically; False (and nothing raised) if it could not be done."""
    path = path or settings_path()
    language = settings.language if settings.language in LANGS else None
    data = {
        "trainee": clean_name(settings.trainee),
        "language": language,
        "text_scale": settings.text_scale if settings.text_scale in TEXT_SCALES else 1.0,
        "theme": settings.theme if settings.theme == "high_contrast" else "default",
        "library": [f for f in settings.library if isinstance(f, str)][:MAX_LIBRARY],
        "answer_mode": "type" if settings.answer_mode == "type" else "pick",
    }
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".json", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)
        os.replace(tmp, path)
        tmp = None
    except (OSError, ValueError):
        return False
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return True
