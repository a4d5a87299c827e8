"""C33: the permission table, exercised against the service layer for every (role, action) pair.

Each action has one operation on a ``UserSession``; a case action is tried on the user's own case, on
a case assigned to them and on someone else's. What happens must be exactly what
``permissions.PERMISSIONS`` says — and every refusal must leave an ``access.denied`` audit entry.
"""

from __future__ import annotations

import sqlite3

import pytest

from advisor.cases import Consent, PermissionDenied, StoreSettings, accounts, require
from advisor.cases.permissions import ACTION_NAMES, ALL, ASSIGNED, CASE_ACTIONS, PERMISSIONS, ROLES, allowed, grant
from tests.accounts.conftest import FAST, PASSWORDS, build_centre
from tests.cases.conftest import FakeClock, all_consents, family_case

USERS = {"caseworker": "li.na", "admin": "admin", "auditor": "audit"}
NOTICE = StoreSettings().notice_version


def _letter(s, cid):
    return s.record_letter(cid, template="g", lang="zh", rule_pack_version="1", rule_pack_sha256="a" * 64,
                           as_of="2026-11-27", pdf_sha256="b" * 64)


def _password(s):
    old = PASSWORDS[s.username]
    s.change_password(old, old + "+1")
    s.change_password(old + "+1", old)


# action -> operation(session, case_id); case_id is None for actions that are not about one case
OPERATIONS = {
    "case.create": lambda s, _c: s.save_case(family_case("新个案"), consents=all_consents()),
    "case.list": lambda s, _c: s.search(),
    "case.view": lambda s, c: s.get_case(c),
    "case.edit": lambda s, c: s.save_case(family_case("改过"), c),
    "case.consent": lambda s, c: s.record_consent(c, Consent("general", NOTICE)),
    "case.print": _letter,
    "case.export": lambda s, c: s.export_person(c),
    "case.delete": lambda s, c: s.delete_case(c),
    "case.assign": lambda s, c: s.assign_case(c, "wang.wei"),
    "draft.own": lambda s, _c: s.save_draft({"step": 1}),
    "recall.view": lambda s, _c: require(s, "recall.view"),
    "report.view": lambda s, _c: s.store_for("report.view"),
    "audit.view": lambda s, _c: s.audit_entries(5),
    "backup.create": lambda s, _c: s.backup(),
    "backup.restore": lambda s, _c: s.restore(s.store.backup("system")),
    "retention.manage": lambda s, _c: s.purge_expired(),
    "rulepack.manage": lambda s, _c: require(s, "rulepack.manage"),
    "template.manage": lambda s, _c: require(s, "template.manage"),
    "user.manage": lambda s, _c: s.list_users(),
    "account.password": lambda s, _c: _password(s),
}
WHOSE = ("own", "assigned", "other")


def _cells():
    for action in PERMISSIONS:
        for role in ROLES:
            if action in CASE_ACTIONS:
                for whose in WHOSE:
                    yield pytest.param(role, action, whose, id=f"{role}-{action}-{whose}")
            else:
                yield pytest.param(role, action, None, id=f"{role}-{action}")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """One centre for the whole matrix; a store object and a session per user."""
    centre = build_centre(tmp_path_factory.mktemp("perm") / "cases.db", FakeClock())
    sessions = {name: centre.login(name) for name in ("li.na", "wang.wei", "admin", "audit")}
    yield centre, sessions
    for s in sessions.values():
        s.logout()
        s.store.close()


def _denials(path):
    with sqlite3.connect(path) as raw:
        return [r[0] for r in raw.execute("SELECT detail FROM audit_log WHERE action = 'access.denied'")]


def test_every_action_has_an_operation_and_names():
    assert set(OPERATIONS) == set(PERMISSIONS)
    assert set(ACTION_NAMES) == set(PERMISSIONS)
    assert all(len(row) == len(ROLES) for row in PERMISSIONS.values())


@pytest.mark.parametrize(("role", "action", "whose"), list(_cells()))
def test_matrix_against_the_service_layer(world, tmp_path, role, action, whose):
    centre, sessions = world
    if action == "backup.restore":  # a restore swaps the file under every open store: use a centre of its own
        centre = build_centre(tmp_path / "own" / "cases.db", FakeClock())
        sessions = {name: centre.login(name) for name in ("li.na", "wang.wei", "admin", "audit")}
    me = sessions[USERS[role]]
    case_id = None
    if whose is not None:  # auditors create no cases and cannot be assigned any: theirs are all "other"
        creator = me if whose == "own" and role != "auditor" else sessions["wang.wei"]
        case_id = creator.save_case(family_case("某人"), consents=all_consents())
        if whose == "assigned" and role != "auditor":
            sessions["admin"].assign_case(case_id, me.username)
    mine = whose in ("own", "assigned") and role != "auditor"
    g = grant(role, action)
    expected = g == ALL or (g == ASSIGNED and (whose is None or mine))
    before = _denials(centre.path)
    if expected:
        OPERATIONS[action](me, case_id)
        assert _denials(centre.path) == before
    else:
        with pytest.raises(PermissionDenied) as exc:
            OPERATIONS[action](me, case_id)
        assert exc.value.message("zh").startswith("没有权限") and exc.value.message("en").startswith("not allowed")
        after = _denials(centre.path)
        assert after[len(before):] == [f"action={action};role={role}"]


def test_lists_hold_only_own_and_assigned_cases(world):
    _centre, sessions = world
    mine = sessions["li.na"].save_case(family_case("李的个案"), consents=all_consents())
    theirs = sessions["wang.wei"].save_case(family_case("王的个案"), consents=all_consents())
    shared = sessions["wang.wei"].save_case(family_case("共享个案"), consents=all_consents())
    sessions["admin"].assign_case(shared, "li.na")
    seen = {c.case_id for c in sessions["li.na"].search(limit=1000)}
    assert {mine, shared} <= seen and theirs not in seen
    assert theirs not in {c.case_id for c in sessions["li.na"].search(name="王的个案")}
    assert theirs not in {c.case_id for c in sessions["li.na"].recent(1000)}
    assert {mine, theirs, shared} <= {c.case_id for c in sessions["admin"].search(limit=1000)}
    sessions["admin"].unassign_case(shared, "li.na")
    assert shared not in {c.case_id for c in sessions["li.na"].search(limit=1000)}
    with pytest.raises(PermissionDenied):
        sessions["li.na"].get_case(shared)


def test_drafts_are_personal(world):
    _centre, sessions = world
    draft = sessions["wang.wei"].save_draft({"typed": "x"})
    for other in ("li.na", "admin"):
        with pytest.raises(PermissionDenied):
            sessions[other].load_draft(draft)
        with pytest.raises(PermissionDenied):
            sessions[other].discard_draft(draft)
        assert draft not in {d.draft_id for d in sessions[other].list_drafts()}
    assert sessions["wang.wei"].load_draft(draft).payload == {"typed": "x"}


def test_pure_table_function():
    for action, row in PERMISSIONS.items():
        for role, cell in zip(ROLES, row):
            assert grant(role, action) == cell
            assert allowed(role, action, owns_case=True) == (cell is not None)
            assert allowed(role, action, owns_case=False) == (cell == ALL)
    assert not allowed("admin", "no.such.action") and not allowed("root", "case.view")


def test_menus_ask_can(world):
    _centre, sessions = world
    assert sessions["admin"].can("user.manage") and not sessions["li.na"].can("user.manage")
    assert sessions["audit"].can("report.view") and not sessions["audit"].can("case.list")
    assert not sessions["li.na"].can("report.view")


def test_temporary_password_allows_only_changing_it(tmp_path):
    centre = build_centre(tmp_path / "cases.db", FakeClock())
    admin = centre.login("admin")
    admin.add_user("new.worker", "新同事", "caseworker", "first-Temp-pass-1")
    s = accounts.login(centre.open(), "new.worker", "first-Temp-pass-1", FAST)
    from advisor.cases import PasswordChangeRequired

    with pytest.raises(PasswordChangeRequired):
        s.search()
    assert not s.can("case.create") and s.can("account.password")
    s.change_password("first-Temp-pass-1", "my-own-password-9")
    assert s.search() == []


def test_every_column_of_every_table_is_classified():
    """C33's schema half, over the whole metadata (the account tables are not in CASE_TABLES: they hold
    staff data, not a family's, so the person export leaves them out)."""
    from advisor.cases.models import ACCOUNT_TABLES, CASE_TABLES, PI_CLASSES, case_metadata

    assert {t.__tablename__ for t in CASE_TABLES + ACCOUNT_TABLES} == set(case_metadata.tables)
    for table in case_metadata.tables.values():
        for column in table.columns:
            assert column.info.get("pi_class") in PI_CLASSES and column.info.get("purpose"), f"{table}.{column}"
    users = case_metadata.tables["user_account"]
    assert users.c.password_hash.info["pi_class"] == "pseudonymous"
    assert not any("password" in c.name and c.name != "password_hash" and "must_change" not in c.name
                   for c in users.columns)
