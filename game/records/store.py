"""Open a store, save a record into it (idempotent by session id), list what it holds."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, insert, select
from sqlalchemy import text as sql
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from game.attempt import Warn, data_dir
from game.engine.scenario import Scenario
from game.record import BuyerLine, Event, Gate, LoopBack, MeetingStarted, TraineeMove
from game.record.errors import RecordError
from game.record.files import JOURNAL_SUFFIX, read_record
from game.records import rollup
from game.records import tables as t
from game.scoring import score_record
from game.scoring.log import Log
from game.verify import scenario_of, verify_record

MIGRATIONS = Path(__file__).with_name("migrations")
#: The newest migration: a store already there opens without loading Alembic (a test keeps
#: this in step with migrations/versions).
HEAD = "0004"
DIMENSIONS = ("questioning", "listening", "pricing_timing", "next_step")
#: A session's rows: the session, its events, its rule scores, its record, what it adds to
#: the rollups.
Rows = tuple[
    dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], dict[str, Any], rollup.Adds
]
#: Records imported per transaction.
BATCH = 200


class StoreError(Exception):
    """The store cannot be opened or written; the message is one sentence to show."""


def default_url() -> str:
    """``SALESSIM_DB`` if set, else one SQLite file under the user's data directory."""
    return os.environ.get("SALESSIM_DB") or f"sqlite:///{data_dir() / 'records.db'}"


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    head, at, tail = url.rpartition("@")
    if not at or "://" not in head:
        return url
    scheme, _, user = head.partition("://")
    return f"{scheme}://{user.split(':')[0]}:***@{tail}"


@dataclass(frozen=True)
class SessionRow:
    """One stored session, as ``records list`` shows it."""

    session_id: str
    trainee: str
    scenario: str
    language: str
    started_at: datetime
    status: str
    outcome: str | None
    passed: bool | None
    overall: float | None
    scores: dict[str, float | None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "trainee": self.trainee,
            "scenario": self.scenario,
            "language": self.language,
            "started_at": self.started_at.isoformat(),
            "status": self.status,
            "outcome": self.outcome,
            "passed": self.passed,
            "overall": self.overall,
            **self.scores,
        }


@dataclass
class ImportResult:
    added: int = 0
    present: int = 0  # already in the store: importing twice changes nothing
    problems: list[str] = field(default_factory=list)

    def count(self, added: Iterable[bool]) -> None:
        for new in added:
            if new:
                self.added += 1
            else:
                self.present += 1


class Store:
    """A records store at ``url`` (SQLite file or PostgreSQL), migrated to the newest schema
    when opened."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        self._versions: dict[str, int] = {}  # scenario sha256 -> row id, once looked up
        self._trainees: dict[str, int] = {}  # trainee name -> row id, once looked up
        try:
            self.engine = _engine(self.url)
            with self.engine.begin() as conn:
                if _revision(conn) != HEAD:
                    from alembic import command
                    from alembic.config import Config

                    cfg = Config()
                    cfg.set_main_option("script_location", str(MIGRATIONS))
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "head")
        except (SQLAlchemyError, OSError, ImportError, ValueError) as exc:
            raise StoreError(
                f"cannot open the records store {shown_url(self.url)}: {_reason(exc)}; give "
                "--db (or SALESSIM_DB) as sqlite:///PATH or postgresql://USER:PASSWORD@HOST/DB"
            ) from None

    def close(self) -> None:
        self.engine.dispose()

    # -- saving -------------------------------------------------------------------------

    def save(
        self,
        record: Mapping[str, Any],
        *,
        source: str | None = None,
        scenario: Scenario | None = None,
    ) -> bool:
        """Save one finished (or abandoned) record; False when its session is already
        stored. Raises RecordError for a record that does not hold together, StoreError
        when the store cannot take it."""
        return self.save_many([(record, source)], scenario=scenario)[0]

    def save_many(
        self,
        records: Sequence[tuple[Mapping[str, Any], str | None]],
        *,
        scenario: Scenario | None = None,
    ) -> list[bool]:
        """Save (record, source) pairs in one transaction, which is what makes an import of
        thousands of files fast; for each, False when its session was already stored.
        Raises RecordError for the first record that does not hold together (nothing of the
        batch is saved), StoreError when the store cannot take them."""
        rows = [self._rows(record, source, scenario) for record, source in records]
        return self._insert(rows)

    def _insert(self, prepared: Sequence[Rows]) -> list[bool]:
        """Insert prepared rows in one transaction; for each, whether it was new."""
        ids = [p[0]["session_id"] for p in prepared]
        try:
            with self.engine.begin() as conn:
                taken = self._present(conn, ids)
                fresh = []
                for p in prepared:  # the first of a session id in the batch is the one kept
                    if p[0]["session_id"] not in taken:
                        taken.add(p[0]["session_id"])
                        fresh.append(p)
                if fresh:
                    conn.execute(insert(t.sessions), [p[0] for p in fresh])
                    conn.execute(insert(t.session_records), [p[3] for p in fresh])
                    conn.execute(insert(t.events), [e for p in fresh for e in p[1]])
                    rules = [r for p in fresh for r in p[2]]
                    if rules:
                        conn.execute(insert(t.rule_scores), rules)
                    rollup.write(conn, rollup.merge_all(p[4] for p in fresh))
        except IntegrityError:
            if len(prepared) == 1:
                return [False]  # another process saved the same session first
            # another process saved one of them meanwhile: one at a time sorts it out
            return [self._insert([p])[0] for p in prepared]
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(
                f"cannot save to the records store {shown_url(self.url)}: {_reason(exc)}"
            ) from None
        added = {p[0]["session_id"] for p in fresh}
        out = []
        for session_id in ids:
            out.append(session_id in added)
            added.discard(session_id)
        return out

    def _rows(
        self, record: Mapping[str, Any], source: str | None, scenario: Scenario | None
    ) -> Rows:
        """The session, event, rule and record rows of one record (checked and scored
        first). The record is kept without its events when the events table holds every one
        of them (an event kind this version does not know keeps them all in the record)."""
        checked = verify_record(record, find=False)
        session_id = session_id_of(record)
        scores = record.get("scores")
        if not isinstance(scores, dict):
            scores = score_record(record).to_dict()
        try:
            trainee_id = self._trainee(str(record.get("trainee") or ""))
            version_id = self._scenario_version(record, scenario, checked.log)
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(
                f"cannot save to the records store {shown_url(self.url)}: {_reason(exc)}"
            ) from None
        kept = dict(record)
        if len(checked.events) == len(record.get("events") or []):
            kept.pop("events", None)
        session = _session_row(record, checked.events, scores, trainee_id, version_id, source)
        rules = _rule_rows(session_id, scores)
        return (
            session,
            _event_rows(session_id, checked.events),
            rules,
            {
                "session_id": session_id,
                "record": json.dumps(kept, ensure_ascii=False, separators=(",", ":")),
            },
            rollup.session_adds(session, rules, checked.events),
        )

    @staticmethod
    def _present(conn: Connection, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            query = select(t.sessions.c.session_id).where(t.sessions.c.session_id.in_(chunk))
            found.update(r[0] for r in conn.execute(query))
        return found

    def import_paths(self, paths: Iterable[str | Path]) -> ImportResult:
        """Import record files and folders of them (``*.json``, and the journals a stopped
        session left); one problem line per bad file, the rest still imported."""
        result = ImportResult()
        batch: list[Rows] = []
        for path in _record_files(paths, result.problems):
            try:
                record = read_record(path)
            except ValueError as exc:  # read_record's sentence names the file
                result.problems.append(str(exc))
                continue
            try:
                batch.append(self._rows(record, str(path), None))
            except RecordError as exc:
                result.problems.append(f"{path}: not a session record salessim can take: {exc}")
                continue
            if len(batch) >= BATCH:
                result.count(self._insert(batch))
                batch = []
        if batch:
            result.count(self._insert(batch))
        return result

    def _trainee(self, name: str) -> int:
        known = self._trainees.get(name)
        if known is None:
            known = self._trainees[name] = self._get_or_add(
                t.trainees, {"name": name}, "name", name
            )
        return known

    def _scenario_version(
        self, record: Mapping[str, Any], scenario: Scenario | None, log: Log
    ) -> int:
        """The id of the record's scenario version, added (with the scenario's text when it
        is at hand and still the one played) the first time it is seen."""
        head = record.get("scenario")
        head = head if isinstance(head, dict) else {}
        sha = str(head.get("sha256") or "")
        key = sha or f"unknown:{head.get('id')}"
        known = self._versions.get(key)
        if known is None:
            with self.engine.connect() as conn:
                known = conn.execute(
                    select(t.scenario_versions.c.id).where(t.scenario_versions.c.sha256 == key)
                ).scalar()
        if known is not None:
            self._versions[key] = int(known)
            return int(known)
        if scenario is None:
            scenario, _ = scenario_of(record, log)
        title = head.get("title") if isinstance(head.get("title"), dict) else {}
        assert isinstance(title, dict)
        text = None
        if scenario is not None and scenario.source is not None and scenario.sha256 == sha:
            text = scenario.source.text or None
        row = {
            "scenario_id": str(head.get("id") or ""),
            "version": str(head.get("version") or ""),
            "sha256": key,
            "title_zh": str(title.get("zh") or title.get("en") or ""),
            "title_en": str(title.get("en") or title.get("zh") or ""),
            "text": text,
        }
        found = self._get_or_add(t.scenario_versions, row, "sha256", key)
        self._versions[key] = found
        return found

    def _get_or_add(self, table: Any, row: dict[str, Any], key: str, value: str) -> int:
        column = table.c[key]
        with self.engine.connect() as conn:
            found = conn.execute(select(table.c.id).where(column == value)).first()
        if found is not None:
            return int(found[0])
        try:
            with self.engine.begin() as conn:
                added = conn.execute(insert(table).values(**row))
                assert added.inserted_primary_key is not None
                return int(added.inserted_primary_key[0])
        except IntegrityError:  # added by another process meanwhile
            with self.engine.connect() as conn:
                return int(conn.execute(select(table.c.id).where(column == value)).scalar_one())

    # -- reading ------------------------------------------------------------------------

    def sessions(
        self,
        *,
        trainees: Iterable[str] | None = None,
        scenario: str | None = None,
        since: datetime | None = None,
    ) -> list[SessionRow]:
        """Stored sessions, oldest first, filtered by trainee names, scenario id and start."""
        s, tr, sv = t.sessions, t.trainees, t.scenario_versions
        query = (
            select(s, tr.c.name, sv.c.scenario_id)
            .join(tr, s.c.trainee_id == tr.c.id)
            .join(sv, s.c.scenario_version_id == sv.c.id)
            .order_by(s.c.started_at, s.c.session_id)
        )
        if trainees is not None:
            query = query.where(tr.c.name.in_(list(trainees)))
        if scenario is not None:
            query = query.where(sv.c.scenario_id == scenario)
        if since is not None:
            query = query.where(s.c.started_at >= since)
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(query).mappings().all()
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(
                f"cannot read the records store {shown_url(self.url)}: {_reason(exc)}"
            ) from None
        return [
            SessionRow(
                r["session_id"],
                r["name"],
                r["scenario_id"],
                r["language"],
                aware(r["started_at"]),
                r["status"],
                r["outcome"],
                r["passed"],
                r["overall"],
                {d: r[d] for d in DIMENSIONS},
            )
            for r in rows
        ]


def records_of(store: Store, session_ids: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
    """Stored records (the JSON as saved, its events back in place), oldest first: every
    one, or those of ``session_ids``. Read in chunks of 200: the records, then all their
    events in one query."""
    s, r, e = t.sessions, t.session_records, t.events
    order = (s.c.started_at, s.c.session_id)
    with store.engine.connect() as conn:
        if session_ids is None:
            ids = [row[0] for row in conn.execute(select(s.c.session_id).order_by(*order))]
        else:
            ids = list(session_ids)
        for i in range(0, len(ids), 200):
            chunk = ids[i : i + 200]
            query = (
                select(s.c.session_id, r.c.record)
                .join(r, r.c.session_id == s.c.session_id)
                .where(s.c.session_id.in_(chunk))
                .order_by(*order)
            )
            records = [(sid, json.loads(text_)) for sid, text_ in conn.execute(query)]
            wanted = [sid for sid, record in records if "events" not in record]
            events: dict[str, list[str]] = {}
            if wanted:
                rows = conn.execute(
                    select(e.c.session_id, e.c.data)
                    .where(e.c.session_id.in_(wanted))
                    .order_by(e.c.session_id, e.c.seq)
                )
                for sid, data in rows:
                    events.setdefault(sid, []).append(data)
            for sid, record in records:
                if "events" not in record:  # kept in the events table: one parse for all
                    record["events"] = json.loads("[" + ",".join(events.get(sid, [])) + "]")
                yield record


def sent_ids(store: Store, lrs: str) -> set[str]:
    """The statement ids this LRS has already accepted."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(t.xapi_sent.c.statement_id).where(t.xapi_sent.c.lrs == lrs)
        ).all()
    return {r[0] for r in rows}


def mark_sent(store: Store, lrs: str, session_id: str, ids: Iterable[str]) -> None:
    """Remember that the LRS accepted these statements (a later push skips them)."""
    now = datetime.now(UTC)
    rows = [{"lrs": lrs, "statement_id": i, "session_id": session_id, "sent_at": now} for i in ids]
    if rows:
        with store.engine.begin() as conn:
            conn.execute(insert(t.xapi_sent), rows)


class StoreSink:
    """An attempt's sink that saves the finished record into a store. A store that cannot
    be reached never costs the session: the JSON record (the file sink) keeps it, and one
    line says so and how to import it later."""

    def __init__(self, url: str | None = None, scenario: Scenario | None = None) -> None:
        self.url = url or default_url()
        self.scenario = scenario
        self.warn: Warn = lambda _m: None

    def open(self, head: dict[str, Any], warn: Warn) -> None:
        self.warn = warn

    def on_event(self, event: Event) -> None:
        return None

    def close(self, record: dict[str, Any]) -> str | None:
        try:
            store = Store(self.url)
            try:
                store.save(record, scenario=self.scenario)
            finally:
                store.close()
        except (StoreError, RecordError) as exc:
            self.warn(
                f"salessim: the session was not saved to the records store ({exc}); its JSON "
                "record keeps it: 'salessim records import' it later."
            )
            return None
        return None  # the store is not a place a trainee opens: the JSON path is shown


# -- rows -------------------------------------------------------------------------------


def session_id_of(record: Mapping[str, Any]) -> str:
    """The record's session id; a schema-1 record has none, so one is derived from its
    events (the same record always gets the same id: importing twice changes nothing)."""
    given = record.get("session_id")
    if isinstance(given, str) and given:
        return given
    events = json.dumps(record.get("events"), sort_keys=True, ensure_ascii=False)
    return "v1-" + hashlib.sha256(events.encode("utf-8")).hexdigest()[:32]


def _session_row(
    record: Mapping[str, Any],
    events: Iterable[Event],
    scores: Mapping[str, Any],
    trainee_id: int,
    version_id: int,
    source: str | None,
) -> dict[str, Any]:
    evs = list(events)
    start = next((e for e in evs if e.KIND == "session_started"), None)
    stages = [*(getattr(start, "stages", []) or []), "decided"]
    reached = [
        s
        for e in evs
        for s in ((e.stage_after,) if isinstance(e, BuyerLine) else ())
        if s in stages
    ]
    reached += [e.stage_to for e in evs if isinstance(e, Gate) and e.passed and e.stage_to]
    furthest = max(reached, key=stages.index, default=stages[0] if stages else None)
    severe = scores.get("severe")
    return {
        "session_id": session_id_of(record),
        "trainee_id": trainee_id,
        "scenario_version_id": version_id,
        "language": str(record.get("language") or ""),
        "started_at": _when(record.get("started_at")) or datetime.now(UTC),
        "ended_at": _when(record.get("ended_at")),
        "status": str(record.get("status") or ""),
        "outcome": record.get("outcome"),
        "ending": record.get("ending"),
        "final_stage": record.get("final_stage"),
        "furthest_stage": furthest,
        "furthest_index": stages.index(furthest) if furthest in stages else None,
        "gates_blocked": sum(isinstance(e, Gate) and not e.passed for e in evs),
        "loop_backs": sum(isinstance(e, LoopBack) for e in evs),
        "meetings": sum(isinstance(e, MeetingStarted) for e in evs),
        "turns": sum(isinstance(e, BuyerLine | TraineeMove) for e in evs),
        "passed": scores.get("passed"),
        "partial": bool(scores.get("partial", record.get("status") != "finished")),
        "overall": scores.get("overall"),
        "conduct": scores.get("conduct"),
        **{d: (scores.get(d) or {}).get("score") for d in DIMENSIONS},
        "severe": len(severe) if isinstance(severe, list) else 0,
        "rubric_version": str((scores.get("rubric") or {}).get("version") or "") or None,
        "rubric_sha256": (scores.get("rubric") or {}).get("sha256"),
        "source": source,
        "saved_at": datetime.now(UTC),
    }


def _event_rows(session_id: str, events: Iterable[Event]) -> list[dict[str, Any]]:
    rows = []
    for seq, e in enumerate(events):
        data = e.to_dict()
        rows.append(
            {
                "session_id": session_id,
                "seq": seq,
                "kind": e.KIND,
                "turn": data.get("turn"),
                "meeting": data.get("meeting"),
                "node": data.get("node"),
                "choice": data.get("choice"),
                "move": data.get("move"),
                # a gate's stage is the one it leads to: the decision point is named by it
                "stage": data.get("stage") or data.get("stage_after") or data.get("stage_to"),
                "data": json.dumps(data, ensure_ascii=False, separators=(",", ":")),
            }
        )
    return rows


def _rule_rows(session_id: str, scores: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for dim in DIMENSIONS:
        part = scores.get(dim)
        if not isinstance(part, dict):
            continue
        for rule in part.get("rules", []):
            if isinstance(rule, dict) and rule.get("id"):
                rows.append(
                    {
                        "session_id": session_id,
                        "rule": str(rule["id"]),
                        "dimension": dim,
                        "kind": str(rule.get("kind") or "rule"),
                        "points": rule.get("points"),
                        "max": float(rule.get("max") or 0.0),
                    }
                )
    return rows


# -- helpers ----------------------------------------------------------------------------


def _revision(conn: Connection) -> str | None:
    """The store's migration revision; None for a new (or not yet migrated) store."""
    try:
        with conn.begin_nested():
            return conn.execute(sql("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        return None


def _engine(url: str) -> Engine:
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]  # psycopg 3
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(conn: Any, _record: Any) -> None:
            cursor = conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
            cursor.execute("PRAGMA busy_timeout=30000")  # eight trainees saving at once
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    return engine


def _record_files(paths: Iterable[str | Path], problems: list[str]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and (p.suffix == ".json" or p.name.endswith(JOURNAL_SUFFIX))
                and not (
                    p.name.endswith(JOURNAL_SUFFIX)
                    and p.with_name(p.name.removesuffix(JOURNAL_SUFFIX)).exists()
                )
            )
            yield from found
        elif path.exists():
            yield path
        else:
            problems.append(f"{path}: no such file or folder.")


def _when(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        # kept in UTC: SQLite keeps no offset, so a +08:00 time would come back 8 h off
        return aware(datetime.fromisoformat(value)).astimezone(UTC)
    except ValueError:
        return None


def aware(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OperationalError):
        text = str(exc.orig) if exc.orig is not None else str(exc)
    else:
        text = str(exc)
    return " ".join(text.split())[:200] or type(exc).__name__
