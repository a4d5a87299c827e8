"""SQLite engines with the settings every connection needs (reliability.md C01, C06, C07).

WAL, synchronous=FULL, foreign keys, a busy timeout, secure_delete and trusted_schema=OFF on every
connection; every write transaction begins IMMEDIATE so a writer never has to upgrade a read lock.
This is the only module that speaks SQLite-specific SQL (pragmas, checks, VACUUM INTO, checkpoints,
trigger dialects); everything else stays portable so a PostgreSQL URL can serve a district later.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import create_engine

BUSY_TIMEOUT_MS = 15000
PRAGMAS = (
    "journal_mode=WAL",
    "synchronous=FULL",
    "foreign_keys=ON",
    f"busy_timeout={BUSY_TIMEOUT_MS}",
    "secure_delete=ON",
    "trusted_schema=OFF",
)


def _is_url(target: str | Path) -> bool:
    return isinstance(target, str) and "://" in target


def make_engine(path: str | Path, *, immediate: bool = True, echo: bool = False) -> Engine:
    """An engine on a SQLite file with the project's pragmas; transactions BEGIN IMMEDIATE.

    ``path`` may also be a database URL: a non-SQLite URL (e.g. ``postgresql://``) gets a plain
    engine, since the pragmas and the BEGIN recipe only concern SQLite.
    """
    if _is_url(path) and not str(path).startswith("sqlite"):
        return create_engine(str(path), echo=echo, pool_pre_ping=True)
    url = str(path) if _is_url(path) else f"sqlite:///{Path(path)}"
    engine = create_engine(url, echo=echo,
                           connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (pysqlite's own is deferred)
        cur = dbapi_conn.cursor()
        for pragma in PRAGMAS:
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    begin_sql = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin_sql)

    return engine


def make_engines(path: str | Path, *, echo: bool = False) -> tuple[Engine, Engine]:
    """``(read_engine, write_engine)``: reads BEGIN (deferred, a consistent snapshot), writes BEGIN IMMEDIATE."""
    return make_engine(path, immediate=False, echo=echo), make_engine(path, immediate=True, echo=echo)


def is_sqlite(engine: Engine | Connection) -> bool:
    """Whether the engine (or connection) talks to SQLite."""
    return engine.dialect.name == "sqlite"


# ----------------------------------------------------------------------------- file-level checks

def _plain_connect(path: str | Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA trusted_schema=OFF")
    return conn


def check_file(path: str | Path, *, full: bool = False) -> list[str]:
    """``quick_check`` (or ``integrity_check``) of a database file; ``[]`` when it is sound.

    Any SQLite error while opening or reading counts as a problem (header overwritten, truncated file).
    """
    try:
        conn = _plain_connect(path)
    except sqlite3.Error as exc:
        return [f"cannot open: {exc}"]
    try:
        rows = conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchall()
        problems = [str(r[0]) for r in rows if r[0] != "ok"]
        if not problems:
            problems = [f"foreign key violation in {r[0]}" for r in conn.execute("PRAGMA foreign_key_check")]
        return problems
    except sqlite3.Error as exc:
        return [str(exc)]
    finally:
        conn.close()


def integrity_check(conn: Connection) -> list[str]:
    """``PRAGMA integrity_check`` + ``foreign_key_check`` on an open connection; ``[]`` when sound."""
    if not is_sqlite(conn):
        return []
    rows = conn.exec_driver_sql("PRAGMA integrity_check").fetchall()
    problems = [str(r[0]) for r in rows if r[0] != "ok"]
    problems += [f"foreign key violation in {r[0]}" for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
    return problems


def foreign_key_check(conn: Connection) -> list[str]:
    """Tables with rows whose foreign keys point nowhere."""
    if not is_sqlite(conn):
        return []
    return [str(r[0]) for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]


def set_foreign_keys(conn: Connection, on: bool) -> None:
    """Switch FK enforcement on a connection (must be outside a transaction; used around migrations)."""
    if is_sqlite(conn):
        conn.connection.dbapi_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")  # type: ignore[union-attr]


def checkpoint_truncate(engine: Engine, attempts: int = 20) -> bool:
    """Copy the WAL into the database and truncate it to zero bytes; True when it completed."""
    if not is_sqlite(engine):
        return True
    import time

    for _ in range(attempts):
        raw = engine.raw_connection()
        try:
            busy, _log, _done = raw.driver_connection.execute(  # type: ignore[union-attr]
                "PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            raw.close()
        if not busy:
            return True
        time.sleep(0.05)
    return False


def vacuum_into(engine: Engine, dest: Path) -> None:
    """A consistent, compacted snapshot of the live database in ``dest`` (which must not exist)."""
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("VACUUM INTO ?", (str(dest),))  # type: ignore[union-attr]
    finally:
        raw.close()
    conn = _plain_connect(dest)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")  # a self-contained file: no -wal beside a backup
    finally:
        conn.close()


def copy_file_db(src: Path, dest: Path) -> None:
    """Copy a database file with the SQLite backup API into a fresh file (rollback-journal mode)."""
    source = _plain_connect(src)
    target = sqlite3.connect(str(dest), isolation_level=None)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
        source.close()


def fsync_path(path: Path) -> None:
    """fsync a file or a directory (directories: where the OS allows it)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    try:
        fd = os.open(path, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def sidecars(path: Path) -> list[Path]:
    """The journal files SQLite may keep beside a database file."""
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


# ----------------------------------------------------------------------------- dialect DDL

def append_only_ddl(dialect: str, table: str) -> tuple[list[str], list[str]]:
    """(create, drop) statements making ``table`` append-only: UPDATE and DELETE are refused."""
    if dialect == "sqlite":
        create = [
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
        ]
        drop = [f"DROP TRIGGER IF EXISTS {table}_no_update", f"DROP TRIGGER IF EXISTS {table}_no_delete"]
        return create, drop
    if dialect == "postgresql":
        create = [
            f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$ BEGIN "
            f"RAISE EXCEPTION '{table} is append-only'; END $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()",
        ]
        drop = [f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}",
                f"DROP FUNCTION IF EXISTS {table}_append_only()"]
        return create, drop
    raise ValueError(f"no append-only recipe for {dialect}")
