"""The records store: import throughput and the manager's summaries against raw SQL.

Run: ``python bench/bench_records.py [--sessions N] [--db URL]`` (default 10,000 sessions
into a new SQLite file). Real sessions of the shipped scenario are played on 200 distinct
paths of the explorer's guided sample (~90 events each), then saved as N sessions of 40
trainees over 90 days, each with its own session id, so the store holds N x ~90 events.
Prints the save throughput (batches of 200 records per transaction, as an import does,
rollups included). ``bench/bench_report.py`` times the whole report on the store it leaves.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.engine import Session, load_scenario
from game.engine.session import replay
from game.explore import explore
from game.records import Store
from game.records.store import BATCH
from game.scoring import score_record

ROOT = Path(__file__).resolve().parent.parent


def played(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """``count`` sessions of the shipped scenario on the explorer's guided sample of paths
    (random walks end early; the guided sample averages ~90 events, as trainees' do)."""
    sc = load_scenario(ROOT / "scenarios" / "campus-security.yaml")
    rng = random.Random(seed)
    out = []
    for path in explore(sc, max_paths=count, seed=seed).walk.paths:
        session = Session(sc, language=rng.choice(["zh", "en"]))
        replay(session, list(path.choices))
        record = session.record()
        record["scores"] = score_record(record).to_dict()
        out.append(record)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--db", help="store URL (default: a new SQLite file)")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    start = time.perf_counter()
    base = played(200)
    print(f"played 200 sessions in {time.perf_counter() - start:.1f} s")
    store = Store(url)
    rng = random.Random(1)
    day0 = datetime(2026, 9, 1, tzinfo=UTC)
    events = 0
    start = time.perf_counter()
    batch: list[tuple[dict[str, Any], str | None]] = []
    for i in range(args.sessions):
        record = dict(rng.choice(base))  # saving does not change the record: share events
        record["session_id"] = uuid.UUID(int=rng.getrandbits(128)).hex
        record["trainee"] = f"trainee-{rng.randrange(40):02d}"
        when = day0 + timedelta(minutes=rng.randrange(90 * 24 * 60))
        record["started_at"] = when.isoformat()
        events += len(record["events"])
        batch.append((record, None))
        if len(batch) == BATCH:  # as an import does: one transaction per batch
            store.save_many(batch)
            batch = []
        if (i + 1) % 10_000 == 0:
            print(f"  {i + 1} saved", flush=True)
    store.save_many(batch)
    took = time.perf_counter() - start
    print(
        f"saved {args.sessions} sessions ({events} events) in {took:.1f} s: "
        f"{args.sessions / took:.0f} sessions/s, {events / took:.0f} events/s"
    )
    store.close()
    print(f"store: {url} (time the report on it with bench/bench_report.py --db {url})")


if __name__ == "__main__":
    main()
