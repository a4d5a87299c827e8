"""Bulk read of stored cases for the centre report (which only ever publishes aggregates).

``iter_cases_for_report(store, worker, date_from=, date_to=, city=, district=, scan=)`` (also
``CaseStore.iter_cases_for_report``) yields one :class:`ReportCase` per family:

- **which version**: a family counts in the period when one of its saved versions has its
  *evaluation date* — the case file's ``as_of``, else the local date the version was saved — inside
  ``[date_from, date_to]`` (inclusive; either may be None). The newest such version is the one
  yielded (a family seen in March and again in September counts once, as it was in September);
- **city / district** filters apply to that version's own case file (the search columns hold only
  the newest version's); districts compare after NFKC, trimming and case folding;
- **left out**: families with any withdrawn consent (their data is not processed at all: not even
  decrypted) and versions that fail to decrypt or to parse (``crypto.fail`` is audit-logged with ids
  only, as ``get_case`` does). ``scan`` (a :class:`ReportScan`) receives the counts.

Reading is done in short read transactions of ``BATCH`` families (keyset on the case id), so a
long report never holds one snapshot open. The whole run is audit-logged once (``report.read``,
with the filters as codes — never a district's name); single cases are not ``case.view``-logged,
since nothing about any one family leaves the report. The decrypted case files are yielded to the
caller and dropped: nothing is written anywhere.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select

from advisor.cases.errors import DecryptionFailed, InvalidInput
from advisor.cases.models import CaseRecord, CaseVersion, ConsentRecord
from advisor.domain.case import Case

if TYPE_CHECKING:
    from advisor.cases.store import CaseStore

BATCH = 500
CITY_FILTERS = ("beijing", "shanghai", "guangzhou", "shenzhen", "other")
# The stored case file is canonical JSON (save_case: sorted keys, compact). "as_of" is a key of the
# top-level object only, and a quote inside a JSON string is always escaped, so this finds it without
# decoding the whole file (the report reads every version of every family).
_AS_OF = re.compile(rb'"as_of":(?:null|"(\d{4}-\d{2}-\d{2})")')


@dataclass(frozen=True)
class ReportCase:
    """One family as the report sees it: on which date, and its case file (the decrypted JSON bytes,
    decoded on first use — ``data``, ``city``, ``district`` — and validated by ``case()``)."""

    case_id: int
    version: int
    evaluated_on: date
    raw: bytes

    @cached_property
    def data(self) -> dict[str, Any]:
        """The case file as a JSON object."""
        value = json.loads(self.raw)
        return value if isinstance(value, dict) else {}

    @property
    def city(self) -> str:
        """The version's city id."""
        return str(self.data.get("city"))

    @property
    def district(self) -> str | None:
        """The version's district, as typed."""
        return self.data.get("district")

    def case(self) -> Case:
        """The case file validated (raises ``advisor.domain.validation.CaseError`` when invalid)."""
        from advisor.domain.validation import parse_case

        return parse_case(self.data)


@dataclass
class ReportScan:
    """What a scan looked at and left out (filled while iterating)."""

    families: int = 0  # families in the store
    withdrawn: int = 0  # left out unread: a consent was withdrawn
    unreadable: int = 0  # a version failed to decrypt (or, counted by the caller, to validate)
    matched: int = 0  # yielded


def district_key(text: str | None) -> str:
    """A district name for comparison: NFKC, trimmed, whitespace removed, case-folded."""
    return "".join(unicodedata.normalize("NFKC", text or "").split()).casefold()


def saved_day(saved_at: str) -> date:
    """The local calendar day of a ``saved_at`` timestamp (stored in UTC)."""
    moment = datetime.fromisoformat(saved_at.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().date()


def evaluation_day(data: dict[str, Any], saved_at: str) -> date:
    """A version's evaluation date: the case file's ``as_of``, else the day it was saved."""
    as_of = data.get("as_of")
    if isinstance(as_of, str) and len(as_of) == 10:
        try:
            return date.fromisoformat(as_of)
        except ValueError:
            pass
    return saved_day(saved_at)


def _evaluation_day_raw(raw: bytes, saved_at: str) -> date:
    """``evaluation_day`` read off the canonical JSON bytes (decoding them only if that fails)."""
    m = _AS_OF.search(raw)
    if m is None:
        data = json.loads(raw)
        return evaluation_day(data if isinstance(data, dict) else {}, saved_at)
    if m.group(1) is None:
        return saved_day(saved_at)
    try:
        return date.fromisoformat(m.group(1).decode())
    except ValueError:
        return saved_day(saved_at)


def _withdrawn_cases(store: CaseStore) -> set[int]:
    latest: dict[tuple[int, str], bool] = {}
    with store._read() as s:
        rows = s.exec(select(ConsentRecord.case_id, ConsentRecord.scope, ConsentRecord.withdrawn_at)
                      .order_by(col(ConsentRecord.id)))
        for case_id, scope, withdrawn_at in rows:
            latest[(case_id, scope)] = withdrawn_at is not None
    return {case_id for (case_id, _scope), withdrawn in latest.items() if withdrawn}


def iter_cases_for_report(store: CaseStore, worker: str, *, date_from: date | None = None,
                          date_to: date | None = None, city: str | None = None, district: str | None = None,
                          scan: ReportScan | None = None) -> Iterator[ReportCase]:
    """Every family whose case has a version evaluated within the dates, in the city/district given.

    Needs the store unlocked (``StoreLocked`` otherwise). See the module docstring for which version
    counts and what is left out.
    """
    store._check_worker(worker)
    cipher = store._need_cipher()
    if city is not None and city not in CITY_FILTERS:
        raise InvalidInput(f"未知城市：{city}", f"unknown city: {city}")
    if date_from and date_to and date_to < date_from:
        raise InvalidInput("结束日期早于开始日期", "the end date is before the start date")
    scan = scan if scan is not None else ReportScan()
    want_district = district_key(district) if district else None
    detail = ";".join([f"from={date_from.isoformat() if date_from else '-'}",
                       f"to={date_to.isoformat() if date_to else '-'}", f"city={city or '-'}",
                       f"district={'1' if district else '0'}"])
    store._audit_alone(worker, "report.read", "", detail)
    withdrawn = _withdrawn_cases(store)
    last_id = 0
    while True:
        with store._read() as s:
            ids = list(s.exec(select(CaseRecord.id).where(col(CaseRecord.id) > last_id)
                              .order_by(col(CaseRecord.id)).limit(BATCH)))
            if not ids:
                return
            last_id = ids[-1]
            uids = dict(s.exec(select(CaseRecord.id, CaseRecord.uid).where(col(CaseRecord.id).in_(ids))).all())
            rows = list(s.exec(select(CaseVersion.case_id, CaseVersion.version, CaseVersion.saved_at,
                                      CaseVersion.case_enc)
                               .where(col(CaseVersion.case_id).in_(ids))
                               .order_by(col(CaseVersion.case_id), col(CaseVersion.version).desc())))
        versions: dict[int, list[tuple[int, str, bytes]]] = {}
        for case_id, version, saved_at, blob in rows:
            versions.setdefault(case_id, []).append((version, saved_at, blob))
        for case_id in ids:
            scan.families += 1
            if case_id in withdrawn:
                scan.withdrawn += 1
                continue
            found = _pick(store, cipher, worker, case_id, uids[case_id], versions.get(case_id, []),
                          date_from, date_to, scan)
            if found is None:
                continue
            item = ReportCase(case_id, found[0], found[1], found[2])
            if city is not None and item.city != city:
                continue
            if want_district is not None and district_key(item.district) != want_district:
                continue
            scan.matched += 1
            yield item


def _pick(store: CaseStore, cipher: Any, worker: str, case_id: int, uid: str,
          versions: list[tuple[int, str, bytes]], date_from: date | None, date_to: date | None,
          scan: ReportScan) -> tuple[int, date, bytes] | None:
    """The newest version evaluated within the dates (decrypting newest first, stopping there)."""
    for version, saved_at, blob in versions:
        try:
            raw = cipher.decrypt(blob, table="case_version", column="case_enc", row=f"{uid}:{version}")
        except DecryptionFailed:
            scan.unreadable += 1
            store._audit_alone(worker, "crypto.fail", f"case:{case_id}", f"v={version}")
            return None
        try:
            day = _evaluation_day_raw(raw, saved_at)
        except ValueError:  # not JSON (cannot happen to a file save_case wrote and AES-GCM authenticated)
            scan.unreadable += 1
            return None
        if (date_from is None or day >= date_from) and (date_to is None or day <= date_to):
            return version, day, raw
    return None


def report_districts(store: CaseStore, city: str | None = None, minimum: int = 5) -> list[str]:
    """District names (as typed, from the search columns) with at least ``minimum`` families, for the
    report's district filter: a district with fewer families is not offered by name."""
    from sqlalchemy import func

    query = select(CaseRecord.district, func.count()).where(col(CaseRecord.district).is_not(None))
    if city is not None:
        query = query.where(CaseRecord.city == city)
    with store._read() as s:
        rows = s.exec(query.group_by(col(CaseRecord.district))).all()
    return sorted(str(d) for d, n in rows if d and n >= minimum)
