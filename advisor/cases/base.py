"""Plumbing shared by the case-store modules: engines, the clock, the cipher, transactions, errors."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from advisor.cases import audit
from advisor.cases.crypto import FieldCipher
from advisor.cases.errors import DiskFull, InvalidInput, SaveFailed, StoreBusy, StoreLocked
from advisor.cases.types import StoreSettings

WORKER_RE = re.compile(r"^[A-Za-z0-9_.@-]{1,40}$")
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock (tests inject their own)."""
    return datetime.now(UTC)


def ts(moment: datetime) -> str:
    """A timestamp column value: UTC ISO 8601 with microseconds (sorts as text)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_uid() -> str:
    """A random 128-bit row id (hex)."""
    return secrets.token_hex(16)


def map_operational(exc: OperationalError) -> SaveFailed:
    """A SQLite operational error as the message the UI shows."""
    text = str(exc.orig if exc.orig is not None else exc).lower()
    if "locked" in text or "busy" in text:
        return StoreBusy()
    if "full" in text or "disk" in text:
        return DiskFull()
    return SaveFailed("数据库错误", "database error")


class StoreBase:
    """Engines, clock, cipher and transaction helpers; the public API lives in CaseStore."""

    path: Path
    settings: StoreSettings

    def __init__(self, path: Path, read_engine: Engine, write_engine: Engine, *,
                 cipher: FieldCipher | None, settings: StoreSettings, clock: Clock):
        self.path = path
        self._read_engine = read_engine
        self._write_engine = write_engine
        self._cipher = cipher
        self.settings = settings
        self._clock = clock

    # ------------------------------------------------------------------ helpers
    def _now(self) -> str:
        return ts(self._clock())

    def _today(self) -> date:
        return self._clock().astimezone().date()

    def _need_cipher(self) -> FieldCipher:
        if self._cipher is None:
            raise StoreLocked()
        return self._cipher

    @property
    def locked(self) -> bool:
        """True while no key is loaded (sensitive fields cannot be read or written)."""
        return self._cipher is None

    def lock(self) -> None:
        """Drop the key (idle lock); unlocking needs the passphrase again."""
        self._cipher = None

    @staticmethod
    def _check_worker(worker: str) -> None:
        if not isinstance(worker, str) or not WORKER_RE.match(worker):
            raise InvalidInput("工作人员编号无效（1-40 个字母、数字或 _.@-）",
                               "invalid worker id (1-40 letters, digits or _.@-)")

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with Session(self._read_engine, expire_on_commit=False) as s:
            yield s

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One short write transaction (BEGIN IMMEDIATE); rolled back whole on any error."""
        try:
            with Session(self._write_engine, expire_on_commit=False) as s, s.begin():
                yield s
        except OperationalError as exc:
            raise map_operational(exc) from None

    def _audit(self, s: Session, worker: str, action: str, target: str = "", detail: str = "") -> None:
        audit.append(s, at=self._now(), worker=worker, action=action, target=target, detail=detail)

    def _audit_alone(self, worker: str, action: str, target: str = "", detail: str = "") -> None:
        with self._write() as s:
            self._audit(s, worker, action, target, detail)
