"""Running the report: worker processes give the same report, ``exact`` (full engine) too; progress,
cancelling, a failing pool; and who may run it (administrators and auditors, through their session)."""

from __future__ import annotations

from datetime import date

import pytest

from advisor.cases import PermissionDenied, SessionLocked
from advisor.db import make_engine
from advisor.report import Cancelled, Filters, ReportError, ReportService, build_report
from advisor.report import service as service_mod

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def baseline(store_path, rules_engine):
    from advisor.cases import CaseStore
    from advisor.cases.crypto import TEST_KDF
    from tests.report.conftest import PASSPHRASE

    store = CaseStore.open(store_path, passphrase=PASSPHRASE, kdf=TEST_KDF)
    try:
        return build_report(store, rules_engine, Filters(), worker="tester", today=TODAY, processes=1)
    finally:
        store.close()


def test_worker_processes_give_the_same_report(store, rules_engine, baseline):
    seen = []
    report = build_report(store, rules_engine, Filters(), worker="tester", today=TODAY, processes=2,
                          progress=lambda done, total: seen.append((done, total)))
    assert report == baseline
    assert seen[-1] == (1000, 1000) and len(seen) > 3


def test_the_full_engine_gives_the_same_report(store, rules_engine, baseline):
    report = build_report(store, rules_engine, Filters(), worker="tester", today=TODAY, processes=1, exact=True)
    assert report == baseline


def test_a_pool_that_cannot_start_falls_back_to_this_process(store, rules_engine, baseline, monkeypatch):
    def broken(*_a, **_k):
        raise OSError("no processes here")

    monkeypatch.setattr(service_mod, "ProcessPoolExecutor", broken)
    report = build_report(store, rules_engine, Filters(), worker="tester", today=TODAY, processes=2)
    assert report == baseline


def test_cancelling_stops_between_batches(store, rules_engine):
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(Cancelled):
        build_report(store, rules_engine, Filters(), worker="tester", processes=1, cancelled=cancelled)


def test_a_rules_store_without_packs_is_a_clear_error(store, tmp_path):
    with pytest.raises(ReportError) as err:
        build_report(store, make_engine(tmp_path / "empty.db"), Filters(), worker="tester")
    assert "规则包" in err.value.message("zh") and "rule pack" in err.value.message("en")


def test_default_processes():
    assert service_mod.default_processes(100) == 1
    assert service_mod.default_processes(10_000) >= 1


@pytest.mark.parametrize("user", ["admin", "audit"])
def test_administrators_and_auditors_may_run_it(centre, rules_engine, user):
    session = centre.login(user)
    service = ReportService(session, rules_engine)
    assert service.allowed()
    report = service.run(Filters(), today=TODAY)
    assert report.total_served.value is not None and report.total_served.value > 100
    assert service.districts("beijing")  # districts with 5+ families
    session.logout()
    session.store.close()


def test_case_workers_may_not(centre, rules_engine):
    session = centre.login("li.na")
    service = ReportService(session, rules_engine)
    assert not service.allowed()
    assert "管理员" in service.refusal("zh")
    with pytest.raises(PermissionDenied):
        service.run(Filters())
    session.lock()
    with pytest.raises(SessionLocked):
        service.run(Filters())
    session.logout()
    session.store.close()
    assert not ReportService(None).allowed()
    assert "log in" in ReportService(None).refusal("en").lower()
