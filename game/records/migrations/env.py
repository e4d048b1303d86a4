"""Alembic's environment for the records store: always run from ``Store`` on its own
connection (``config.attributes["connection"]``), never from an alembic.ini."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
