"""The matcher: a typed line → the authored choices on offer, best first, and a zone.

It reads the scenario (its choices' texts in every language, its stakeholders' names) and
is handed the ids of the choices on offer at that moment (after ``requires`` and ``once``:
the session knows, ``Session.offered()``). The engine never imports it: to the session a
matched line is simply the choice it was matched to.

Candidates: the choices on offer, those with identical texts collapsed into the first (a
trainer writes the same line twice with different conditions); each scored in the typed
line's language, or in the other one when the choice lacks it. Stage 1 (``ngrams``) always
runs; the zone then says whether the best candidate is taken (``auto``) or the trainee is
asked to confirm among the best few (``confirm``), by the bars of ``zones``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from game.engine.scenario import Scenario
from game.freetext.embed import Embeddings, missing
from game.freetext.ngrams import TfIdf, cosine
from game.freetext.normalise import Names, fold
from game.freetext.zones import Bars, language_of, load_bars

#: Bump when a change alters what a line matches: the record keeps it, caches key on it.
MATCHER_VERSION = "1.0"
LANGS = ("zh", "en")
#: With both stages, the embedding's share of the rank (z-scores of the two stages, mixed):
#: on campus-security's typed lines, 0.5 reads 87.5 % of the English lines that avoid the
#: author's words right, 0.7 reads 93.2 % (Chinese 95.5 % either way; ordinary lines 100 %).
EMBEDDING_WEIGHT = 0.7
#: How many candidates a confirm list shows (plus "none of these").
CONFIRM = 3


@dataclass(frozen=True)
class Scored:
    """One candidate: its score (stage 1's cosine, or stage 2's when it ran), and with both
    stages, ``rank`` (the two stages' z-scores mixed) that orders the candidates."""

    choice: str
    score: float
    rank: float | None = None

    @property
    def shown(self) -> float:
        """What a trainer sees (``salessim match``, the record): the number that orders the
        candidates, the rank with both stages, else the score."""
        return round(self.score if self.rank is None else self.rank, 4)


def _order(s: Scored) -> float:
    return -s.score


def _z(values: list[float]) -> list[float]:
    n = len(values)
    mean = sum(values) / n
    sd = (sum((v - mean) ** 2 for v in values) / n) ** 0.5
    return [(v - mean) / sd if sd > 1e-9 else 0.0 for v in values]


@dataclass(frozen=True)
class Match:
    """What a typed line was taken as: the zone, and the candidates best first."""

    text: str
    lang: str
    zone: str  # "auto" | "confirm"
    candidates: list[Scored] = field(default_factory=list)
    stages: str = "1"  # "1", or "1+2" with the embedding model

    @property
    def best(self) -> str | None:
        return self.candidates[0].choice if self.candidates else None

    @property
    def shortlist(self) -> list[Scored]:
        """What a confirm list shows."""
        return self.candidates[:CONFIRM]

    def to_json(self) -> dict[str, object]:
        return {
            "zone": self.zone,
            "candidates": [{"choice": c.choice, "score": c.shown} for c in self.candidates],
        }


class Matcher:
    """Built once per scenario (a few milliseconds for the shipped one), then queried."""

    def __init__(
        self, scenario: Scenario, bars: Bars | None = None, *, stage2: bool = True
    ) -> None:
        """``stage2``: use the embedding model when it is installed; its vectors are built
        (or read from the cache) on a background thread: ``embeddings.ready``."""
        self.scenario = scenario
        self.bars = bars or load_bars()
        self.names = Names(scenario)
        m = scenario.model
        self.ids: list[str] = []
        self.node_of: dict[str, str] = {}
        texts: dict[str, list[str]] = {lang: [] for lang in LANGS}
        plain: dict[str, list[str]] = {lang: [] for lang in LANGS}  # for the model
        self.collapse: dict[str, str] = {}  # choice id -> its text key (identical = one)
        for node_id, node in m.nodes.items():
            for i, choice in enumerate(node.choices or ()):
                cid = scenario.choice_id(node_id, i)
                self.ids.append(cid)
                self.node_of[cid] = node_id
                said = choice.say.as_dict(m.language)
                for lang in LANGS:
                    own = said.get(lang)
                    other = next(iter(said.values()))
                    texts[lang].append(self.names(own if own is not None else other))
                    plain[lang].append(self.names(own if own is not None else other, drop=True))
                self.collapse[cid] = "\n".join(fold(said.get(lang, "")) for lang in LANGS)
        self.index = {cid: k for k, cid in enumerate(self.ids)}
        self.models = {lang: TfIdf(texts[lang]) for lang in LANGS}
        self.embeddings: Embeddings | None = None
        if stage2 and missing() is None:
            key = f"{scenario.sha256[:24]}-{MATCHER_VERSION}"
            self.embeddings = Embeddings(key, self.ids, plain)
            self.embeddings.start()

    @property
    def stages(self) -> str:
        """ "1" or "1+2": what the matcher is using right now."""
        return "1+2" if self.embeddings is not None and self.embeddings.usable else "1"

    def choices_at(self, node_id: str) -> list[str]:
        return [cid for cid in self.ids if self.node_of[cid] == node_id]

    def candidates(self, offered: Sequence[str]) -> list[str]:
        """The choices on offer, identical texts collapsed into the first one on offer."""
        seen: set[str] = set()
        out = []
        for cid in offered:
            if cid not in self.index:
                raise KeyError(cid)
            key = self.collapse[cid]
            if key not in seen:
                seen.add(key)
                out.append(cid)
        return out

    def match(self, text: str, offered: Sequence[str], lang: str | None = None) -> Match:
        """Score ``text`` against the choices ``offered`` (ids) and say which zone it is in.
        ``lang``: the typed line's language; by default, from its share of CJK characters."""
        lang = lang or language_of(text)
        model = self.models[lang]
        query = model.vector(self.names(text))
        ids = self.candidates(offered)
        first = [cosine(query, model.vectors[self.index[cid]]) for cid in ids]
        second = None
        if self.embeddings is not None:
            rows = [self.index[cid] for cid in ids]
            second = self.embeddings.scores(self.names(text, drop=True), lang, rows)
        if second is None:
            scored = sorted((Scored(c, s) for c, s in zip(ids, first, strict=True)), key=_order)
            zone = self.bars.zone("stage1", lang, [s.score for s in scored])
            return Match(text, lang, zone, scored, "1")
        # both stages: each one's z-scores among the candidates, mixed, rank them
        w = EMBEDDING_WEIGHT
        combined = [(1 - w) * a + w * b for a, b in zip(_z(first), _z(second), strict=True)]
        order = sorted(range(len(ids)), key=lambda i: -combined[i])
        scored = [Scored(ids[i], round(second[i], 4), round(combined[i], 4)) for i in order]
        zone = self.bars.zone("stage2", lang, [s.score for s in scored], [s.rank for s in scored])
        return Match(text, lang, zone, scored, "1+2")
