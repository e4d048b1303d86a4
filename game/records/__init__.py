"""The records store: every session of every trainee, for reports and learning platforms.

SQLAlchemy Core over SQLite (one file under the user's data directory, the default) or
PostgreSQL for a team (``--db URL`` or ``SALESSIM_DB``). The schema is made and upgraded by
Alembic migrations (``game/records/migrations``) when a store is opened. What reports group
by (outcome, furthest stage, gates blocked, scores per dimension and rule, moves) is written
as columns when a session is saved, so no report reads event JSON.

The engine and scoring stay pure: this package only reads records they produced.
"""

from game.records.store import ImportResult, SessionRow, Store, StoreError, default_url

__all__ = ["ImportResult", "SessionRow", "Store", "StoreError", "default_url"]
