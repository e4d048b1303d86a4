"""Stage 1 of the matcher: character n-grams weighted by TF-IDF, in pure Python.

Why characters and not words: Chinese is typed without spaces, and trainees type with
typos; both break word matching, while most of a word's 1–3 character pieces survive. The
n-grams stay inside word boundaries (each word padded with a space, as scikit-learn's
``char_wb``), so "pri ce" does not borrow from its neighbours; a run of Chinese characters
counts as one word. Term frequency is sublinear (1 + ln tf), idf smooth
(ln((1 + n) / (1 + df)) + 1) over the scenario's own choice texts in that language, vectors
L2-normalised: the score of a typed line against a choice is their cosine, 0..1.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

#: A run of CJK ideographs (and the kana some trainees' IMEs produce), or of other letters
#: and digits: the "words" n-grams stay inside.
_WORDS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\W_]+")

Vector = dict[str, float]


def words(text: str) -> list[str]:
    return _WORDS.findall(text)


def grams(text: str, low: int = 1, high: int = 3) -> Counter[str]:
    """The 1–3 character n-grams of each space-padded word of ``text`` (already normalised)."""
    out: Counter[str] = Counter()
    for word in words(text):
        padded = f" {word} "
        for n in range(low, high + 1):
            for i in range(len(padded) - n + 1):
                gram = padded[i : i + n]
                if gram != " ":
                    out[gram] += 1
    return out


class TfIdf:
    """Fitted on the documents of one language; turns texts into unit vectors."""

    def __init__(self, documents: Sequence[str]) -> None:
        counts = [grams(d) for d in documents]
        df: Counter[str] = Counter()
        for c in counts:
            df.update(c.keys())
        n = len(documents)
        self.idf = {g: math.log((1 + n) / (1 + k)) + 1.0 for g, k in df.items()}
        #: the weight of an n-gram no document has: the largest idf (it makes a line that
        #: fits nothing score low against everything, instead of being ignored)
        self.unseen = math.log(1 + n) + 1.0
        self.vectors = [self._weigh(c) for c in counts]

    def _weigh(self, counts: Counter[str]) -> Vector:
        vec = {g: (1.0 + math.log(k)) * self.idf.get(g, self.unseen) for g, k in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        return {g: v / norm for g, v in vec.items()} if norm else {}

    def vector(self, text: str) -> Vector:
        return self._weigh(grams(text))


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(g, 0.0) for g, v in a.items())


def best(query: Vector, vectors: Iterable[Vector]) -> list[float]:
    return [cosine(query, v) for v in vectors]
