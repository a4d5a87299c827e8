"""``CaseStore.iter_cases_for_report``: which version of each family counts, filters, what is left out,
and what the audit log says — on a small store saved through the real ``save_case``."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlmodel import select

from advisor.cases import InvalidInput, StoreLocked
from advisor.cases.models import AuditEntry
from advisor.cases.reporting import ReportScan, report_districts
from tests.cases.conftest import FakeClock, all_consents, family_case, open_store


def _case(name: str, *, city="beijing", district="朝阳区", as_of: str | None):
    c = family_case(name, city=city, district=district)
    data = c.model_dump(mode="json")
    data["as_of"] = as_of
    return data


@pytest.fixture
def small(tmp_path):
    """Five families: two versions each for A and B, C withdrew consent, D is damaged, E plain."""
    clock = FakeClock(datetime(2025, 3, 10, 2, 0, tzinfo=UTC))
    store = open_store(tmp_path / "cases.db", clock)
    ids = {}
    ids["A"] = store.save_case(_case("甲", as_of="2025-03-10"), "w1", consents=all_consents())
    ids["B"] = store.save_case(_case("乙", as_of="2025-03-10"), "w1", consents=all_consents())
    ids["C"] = store.save_case(_case("丙", as_of="2025-03-10"), "w1", consents=all_consents())
    ids["D"] = store.save_case(_case("丁", as_of="2025-03-10"), "w1", consents=all_consents())
    ids["E"] = store.save_case(_case("戊", district="　朝阳区 ", as_of=None), "w1", consents=all_consents())
    clock.now = datetime(2025, 9, 5, 2, 0, tzinfo=UTC)
    store.save_case(_case("甲", as_of=None), "w1", ids["A"])  # evaluated on the day it was saved
    store.save_case(_case("乙", city="shanghai", district="浦东新区", as_of="2025-09-01"), "w1", ids["B"])  # moved
    store.withdraw_consent(ids["C"], "general", "w1")
    with store._write_engine.begin() as conn:  # one flipped byte in D's case file
        blob = bytearray(conn.execute(text("SELECT case_enc FROM case_version WHERE case_id = :i"),
                                      {"i": ids["D"]}).scalar_one())
        blob[20] ^= 0x01
        conn.execute(text("UPDATE case_version SET case_enc = :b WHERE case_id = :i"),
                     {"b": bytes(blob), "i": ids["D"]})
    yield store, ids
    store.close()


def _run(store, **filters):
    scan = ReportScan()
    got = {(r.case_id, r.version, r.city, r.evaluated_on) for r in store.iter_cases_for_report("mgr", scan=scan,
                                                                                              **filters)}
    return got, scan


def test_the_newest_version_within_the_dates_counts(small):
    store, ids = small
    got, scan = _run(store)
    assert (ids["A"], 2, "beijing", date(2025, 9, 5)) in got  # no as_of: the day it was saved
    assert (ids["B"], 2, "shanghai", date(2025, 9, 1)) in got
    assert (ids["E"], 1, "beijing", date(2025, 3, 10)) in got
    assert len(got) == 3
    assert (scan.families, scan.withdrawn, scan.unreadable, scan.matched) == (5, 1, 1, 3)
    spring, _ = _run(store, date_to=date(2025, 6, 30))
    assert {(c, v) for c, v, *_ in spring} == {(ids["A"], 1), (ids["B"], 1), (ids["E"], 1)}
    autumn, _ = _run(store, date_from=date(2025, 9, 2))
    assert {(c, v) for c, v, *_ in autumn} == {(ids["A"], 2)}


def test_city_and_district_apply_to_the_version_counted(small):
    store, ids = small
    beijing, _ = _run(store, city="beijing")
    assert {c for c, *_ in beijing} == {ids["A"], ids["E"]}  # B moved to Shanghai in the period
    early, _ = _run(store, city="beijing", date_to=date(2025, 6, 30))
    assert {c for c, *_ in early} == {ids["A"], ids["B"], ids["E"]}
    chaoyang, _ = _run(store, district="朝阳区")  # E typed "　朝阳区 ": the same district
    assert {c for c, *_ in chaoyang} == {ids["A"], ids["E"]}
    assert _run(store, city="shanghai", district="浦东新区")[0] == {(ids["B"], 2, "shanghai", date(2025, 9, 1))}


def test_audit_log_has_one_entry_per_run_with_codes_only(small):
    store, ids = small
    _run(store, city="beijing", district="朝阳区", date_from=date(2025, 1, 1))
    with store._read() as s:
        entries = list(s.exec(select(AuditEntry).order_by(AuditEntry.id)))
    reads = [e for e in entries if e.action == "report.read"]
    assert len(reads) == 1
    assert reads[0].detail == "from=2025-01-01;to=-;city=beijing;district=1"
    assert "朝阳" not in reads[0].detail
    assert not [e for e in entries if e.action == "case.view"]
    fails = [e for e in entries if e.action == "crypto.fail"]
    assert [e.target for e in fails] == [f"case:{ids['D']}"]
    assert store.verify_audit() == []


def test_bad_input_and_a_locked_store(small):
    store, _ = small
    with pytest.raises(InvalidInput):
        list(store.iter_cases_for_report("mgr", city="paris"))
    with pytest.raises(InvalidInput):
        list(store.iter_cases_for_report("mgr", date_from=date(2025, 2, 1), date_to=date(2025, 1, 1)))
    with pytest.raises(InvalidInput):
        list(store.iter_cases_for_report("bad worker!"))
    store.lock()
    with pytest.raises(StoreLocked):
        list(store.iter_cases_for_report("mgr"))


def test_district_filter_offers_only_districts_with_five_families(tmp_path):
    store = open_store(tmp_path / "cases.db", FakeClock())
    for i in range(5):
        store.save_case(_case(f"户{i}", district="海淀区", as_of="2026-01-05"), "w1", consents=all_consents())
    for i in range(2):
        store.save_case(_case(f"稀{i}", district="延庆区", as_of="2026-01-05"), "w1", consents=all_consents())
    assert report_districts(store) == ["海淀区"]
    assert report_districts(store, "shanghai") == []
    store.close()
