"""SQLite engines with the settings every connection needs (reliability.md C01, C06, C07).

WAL, synchronous=FULL, foreign keys, a busy timeout, secure_delete and trusted_schema=OFF on every
connection; every transaction begins IMMEDIATE so a writer never has to upgrade a read lock.
This is the only module that speaks SQLite-specific SQL; everything else stays portable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
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


def make_engine(path: str | Path, *, immediate: bool = True, echo: bool = False) -> Engine:
    """An engine on a SQLite file with the project's pragmas; transactions BEGIN IMMEDIATE."""
    engine = create_engine(f"sqlite:///{Path(path)}", echo=echo,
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
