"""Alembic environment for the case store: one transaction, FKs off around it, FK check before commit.

Run through ``advisor.cases.migrate.upgrade`` (which hands over the connection, switches foreign
keys off *before* the transaction — batch mode recreates tables, and with FKs on, dropping a parent
table would cascade-delete its children — and takes a verified backup first).
"""

from __future__ import annotations

from alembic import context

from advisor import db
from advisor.cases.models import case_metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable when someone runs the alembic CLI directly
    raise RuntimeError("run case-store migrations through advisor.cases.migrate.upgrade()")

context.configure(
    connection=connection,
    target_metadata=case_metadata,
    render_as_batch=True,
    transactional_ddl=True,
    compare_type=True,
)

with context.begin_transaction():
    context.run_migrations()
    broken = db.foreign_key_check(connection)
    if broken:
        raise RuntimeError(f"migration left rows with dangling foreign keys in: {', '.join(sorted(set(broken)))}")
