"""The issue's "done when", on one PC: two case workers cannot open each other's cases unless an
administrator assigns them; an auditor gets the centre report's figures but no names, no ID numbers
and no case contents."""

from __future__ import annotations

import pytest

from advisor.cases import PermissionDenied, require
from tests.accounts.conftest import PASSWORDS
from tests.cases.conftest import MARKER_CHILD, MARKER_ID, MARKER_NOTE, all_consents, family_case

NAME_A = "MARKER_甲_ajk"
NAME_B = "MARKER_乙_bmx"


def test_two_case_workers_cannot_open_each_others_cases_unless_assigned(centre):
    # One PC, one database file: Li Na works, logs out, Wang Wei logs in on the same store object.
    store = centre.open()
    lina = centre.login("li.na", store=store)
    a = lina.save_case(family_case(NAME_A), consents=all_consents())
    lina.logout()
    wang = centre.login("wang.wei", store=store)
    b = wang.save_case(family_case(NAME_B), consents=all_consents())
    assert [c.name for c in wang.search()] == [NAME_B]
    assert wang.search(name=NAME_A) == []
    for attempt in (lambda: wang.get_case(a), lambda: wang.export_person(a), lambda: wang.delete_case(a),
                    lambda: wang.save_case(family_case("覆盖"), a), lambda: wang.history(a)):
        with pytest.raises(PermissionDenied):
            attempt()
    wang.logout()
    admin = centre.login("admin", store=store)
    admin.assign_case(a, "wang.wei")
    admin.logout()
    wang = centre.login("wang.wei", store=store)
    assert wang.get_case(a).case.applicant.name == NAME_A
    assert {c.case_id for c in wang.search()} == {a, b}
    wang.logout()
    lina = centre.login("li.na", store=store)
    assert [c.case_id for c in lina.search()] == [a]  # hers, still; Wang Wei's own case stays his
    with pytest.raises(PermissionDenied):
        lina.get_case(b)
    lina.logout()
    store.close()


def test_auditor_sees_the_report_but_no_names(centre, tmp_path):
    service = pytest.importorskip("advisor.report.service")
    from advisor.db import make_engine
    from advisor.paths import bundled_rules_dir
    from advisor.report.model import Filters
    from advisor.rules.store import ensure_bundled

    lina = centre.login("li.na")
    for i in range(6):
        lina.save_case(family_case(f"{NAME_A}{i}", id_number=MARKER_ID if i == 0 else None, notes=MARKER_NOTE,
                                   child_name=MARKER_CHILD), consents=all_consents())
    rules = make_engine(tmp_path / "rules.db")
    ensure_bundled(rules, bundled_rules_dir())
    auditor = centre.login("audit")
    for attempt in (lambda: auditor.search(), lambda: auditor.get_case(1), lambda: auditor.export_person(1),
                    lambda: auditor.recent(), lambda: auditor.list_drafts()):
        with pytest.raises(PermissionDenied):
            attempt()
    report = service.build_report(auditor.store_for("report.view"), rules, Filters(), worker=auditor.username,
                                  processes=1)
    assert report.total_served.value == 6
    text = repr(report)
    for secret in (NAME_A, MARKER_ID, MARKER_ID[-4:] + "'", MARKER_NOTE, MARKER_CHILD):
        assert secret not in text
    # the audit log is the auditor's too: ids and codes, no names
    entries = auditor.audit_entries(1000)
    assert entries and not any(NAME_A in repr(e) or MARKER_ID in repr(e) for e in entries)
    require(auditor, "audit.view")
    # a case worker gets neither
    with pytest.raises(PermissionDenied):
        lina.store_for("report.view")
    with pytest.raises(PermissionDenied):
        lina.audit_entries()
    assert PASSWORDS["audit"] not in text
