"""Fixtures for the case store: a fast-KDF store in a temp folder, a settable clock, marker cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from advisor.cases import CaseStore, Consent, StoreSettings
from advisor.cases.crypto import TEST_KDF
from advisor.domain.idnumber import check_char
from advisor.domain.validation import parse_case

PASSPHRASE = "test centre passphrase"
NOTICE = StoreSettings().notice_version


def valid_id(body17: str) -> str:
    """A valid 18-character ID number for a 17-digit body."""
    return body17 + check_char(body17)


MARKER_ID = valid_id("11010519880412773")
MARKER_NOTE = "MARKER_NOTE_病史_q7z"
MARKER_CHILD = "MARKER_CHILD_小明_k2"
MARKER_GUARDIAN = "MARKER_GUARDIAN_李四_w9"
SECRET_MARKERS = [MARKER_ID, MARKER_NOTE, MARKER_CHILD, MARKER_GUARDIAN]


class FakeClock:
    """A clock tests can move."""

    def __init__(self, start: datetime | None = None):
        self.now = start or datetime(2026, 11, 27, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


def family_case(name: str = "张三", *, id_number: str | None = None, notes: str | None = None,
                child_name: str | None = "小明", child_birth: str = "2016-09", pregnant: bool | None = None,
                city: str = "beijing", district: str = "朝阳区"):
    """A valid case with one child (under 14 unless said otherwise)."""
    data = {"format": "advisor-case/1", "city": city, "district": district, "as_of": "2026-11-27",
            "applicant": {"name": name, "birth_date": "1988-04"},
            "family": {"children": [{"name": child_name, "birth_date": child_birth}] if child_name else []}}
    if id_number:
        data["applicant"]["id_number"] = id_number
        data["applicant"]["birth_date"] = f"{id_number[6:10]}-{id_number[10:12]}"
    if notes:
        data["notes"] = notes
    if pregnant is not None:
        data["family"]["pregnant"] = pregnant
    return parse_case(data)


def all_consents(guardian_name: str = "王芳") -> list[Consent]:
    """Every consent scope, with a guardian."""
    return [Consent("general", NOTICE), Consent("id_number", NOTICE), Consent("health", NOTICE),
            Consent("criminal", NOTICE),
            Consent("guardian", NOTICE, subject="children", guardian_name=guardian_name, guardian_relation="母亲")]


def open_store(path: Path, clock: FakeClock | None = None, **settings) -> CaseStore:
    """A store unlocked with the test passphrase (fast KDF)."""
    return CaseStore.open(path, passphrase=PASSPHRASE, kdf=TEST_KDF, clock=clock,
                          settings=StoreSettings(**settings) if settings else None)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "data" / "cases.db"


@pytest.fixture
def store(db_path, clock):
    s = open_store(db_path, clock)
    yield s
    s.close()


def raw_files(folder: Path) -> list[Path]:
    """Every file under a folder (database, sidecars, backups, quarantine…)."""
    return [p for p in folder.rglob("*") if p.is_file()]


def find_markers(folder: Path, markers: list[str]) -> list[tuple[str, str]]:
    """(file, marker) for each marker found in raw bytes, in UTF-8, UTF-16-LE or UTF-16-BE."""
    hits = []
    for path in raw_files(folder):
        data = path.read_bytes()
        for m in markers:
            if any(m.encode(enc) in data for enc in ("utf-8", "utf-16-le", "utf-16-be")):
                hits.append((str(path), m))
    return hits
