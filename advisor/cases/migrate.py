"""Bring a case database to the head schema: verified backup first, one transaction, checks after (C13)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from advisor import db

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """An Alembic config pointing at the bundled migrations (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The newest schema revision this build knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every revision this build can migrate from."""
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision (None: empty database)."""
    with engine.connect() as conn:
        rev = MigrationContext.configure(conn).get_current_revision()
        conn.rollback()
        return rev


@dataclass(frozen=True)
class MigrationOutcome:
    """What ``upgrade`` did."""

    from_revision: str | None
    to_revision: str
    backup: Path | None


class MigrationError(RuntimeError):
    """The migration failed and was rolled back (the database stays at its old revision)."""


def upgrade(engine: Engine, target: str = "head", *,
            backup: Callable[[str], Path] | None = None) -> MigrationOutcome:
    """Upgrade to ``target``; before touching a populated database, ``backup(revision)`` must succeed."""
    before = current_revision(engine)
    goal = head_revision() if target == "head" else target
    if before == goal:
        return MigrationOutcome(before, goal, None)
    if before is not None and before not in known_revisions():
        raise MigrationError(f"the database has schema revision {before}, newer than this program knows")
    saved = None
    if before is not None and backup is not None:
        saved = backup(before)  # raises when the backup cannot be made and verified
    cfg = alembic_config()
    with engine.connect() as conn:
        db.set_foreign_keys(conn, False)  # outside any transaction: a no-op inside one
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
        except Exception as exc:
            raise MigrationError(f"migration to {goal} failed and was rolled back: {exc}") from exc
        finally:
            if conn.in_transaction():
                conn.rollback()
            db.set_foreign_keys(conn, True)
        problems = db.integrity_check(conn)
        conn.rollback()
    if problems:
        raise MigrationError(f"integrity check failed after migrating: {'; '.join(problems[:3])}")
    return MigrationOutcome(before, goal, saved)


def table_counts(engine: Engine) -> dict[str, int]:
    """Row count of every table (reflection), for migration tests and reports."""
    from sqlalchemy import text

    with engine.connect() as conn:
        names = inspect(conn).get_table_names()
        counts = {name: conn.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one() for name in names}
        conn.rollback()
    return counts
