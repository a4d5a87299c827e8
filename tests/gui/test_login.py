"""Accounts in the window: the first-run wizard (recovery key shown once, printable), log-in with its
progressive delay, a temporary password changed at once, roles in the menus and the case list, the
accounts dialog, sharing a case, the audit log — and no password or key in any file afterwards."""

from __future__ import annotations

import json
import re

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from advisor.cases import CaseStore
from advisor.cases.crypto import TEST_KDF
from advisor.gui.login import ChangePasswordDialog, LoginDialog, RecoveryDialog
from advisor.gui.setup_wizard import SetupWizard
from advisor.gui.users_admin import AccountForm, AssignDialog, AuditLogDialog, UsersDialog
from tests.accounts.gui_kit import ADMIN_PW, PASSWORDS, close_window, make_centre, open_window, services_for
from tests.accounts.test_no_secrets_on_disk import scan, secret_forms
from tests.cases.conftest import all_consents, family_case
from tests.gui.conftest import screenshot, settle

KEY_RE = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$")
SETUP_PW = "PW_wizard_MARKER_42"


def _drive_wizard(wizard, tmp_path, *, passphrase=None, shots=None):
    wizard.show()
    page = wizard.centre_page
    assert not page.isComplete()
    page.centre.setText("阳光社区服务中心")
    if passphrase is not None:
        assert wizard.state == "passphrase" and not page.isComplete()
        page.passphrase.setText(passphrase)
    assert page.isComplete()
    wizard.next()
    admin = wizard.admin_page
    admin.username.setText("Boss")
    admin.display.setText("张主任")
    admin.password.setText(SETUP_PW)
    admin.again.setText(SETUP_PW + "x")
    wizard.next()
    assert wizard.currentPage() is admin and "不一致" in admin.error.text()  # nothing written
    admin.again.setText(SETUP_PW)
    if shots:
        screenshot(wizard, f"{shots}-admin")
    wizard.next()  # "Set up": the centre is made now
    recovery = wizard.recovery_page
    assert wizard.currentPage() is recovery
    key = recovery.key.text()
    assert KEY_RE.match(key)
    assert admin.password.text() == "" and admin.again.text() == ""
    if shots:
        screenshot(wizard, f"{shots}-recovery")
    wizard.reject()  # the key must be confirmed before the wizard can be left
    assert wizard.isVisible()
    pdf = tmp_path / "recovery.pdf"
    QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (str(pdf), ""))
    assert recovery.save_pdf() == str(pdf) and pdf.read_bytes().startswith(b"%PDF")
    assert not recovery.isComplete()
    recovery.confirmed.setChecked(True)
    assert recovery.isComplete()
    wizard.accept()
    assert recovery.key.text() == ""
    return key


@pytest.mark.gui
def test_first_run_wizard_then_the_admin_is_logged_in(qtbot, pack, dialogs, tmp_path, monkeypatch):
    from advisor.gui.services import Services
    from tests.accounts.conftest import FAST

    keys = []

    def exec_(wizard):
        keys.append(_drive_wizard(wizard, tmp_path, shots="setup-wizard"))
        return 1

    monkeypatch.setattr(SetupWizard, "exec", exec_)
    db = tmp_path / "data" / "cases.db"
    services = Services(pack)
    services.account_policy = FAST
    services.attach_store(CaseStore.open(db))
    win = open_window(qtbot, services)
    assert keys and services.session_active() and services.current_user() == ("boss", "张主任", "admin")
    assert win.guard.act_users.isVisible() and win.guard.act_audit.isVisible()
    assert "boss" in win.guard.menu.title()
    close_window(win)
    home = tmp_path / "home"
    forms = secret_forms([SETUP_PW], keys[0], [])
    assert scan(db.parent, forms) == [] and (not home.exists() or scan(home, forms) == [])


@pytest.mark.gui
def test_wizard_moves_a_passphrase_store_to_accounts(qtbot, pack, dialogs, tmp_path, monkeypatch):
    from advisor.gui.services import Services
    from tests.accounts.conftest import FAST

    db = tmp_path / "cases.db"
    legacy = CaseStore.open(db, passphrase="old centre passphrase", kdf=TEST_KDF)
    cid = legacy.save_case(family_case("旧个案"), "caseworker", consents=all_consents())
    legacy.close()
    services = Services(pack)
    services.account_policy = FAST
    services.attach_store(CaseStore.open(db))
    wizard = SetupWizard(services)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.centre_page.centre.setText("中心")
    wizard.centre_page.passphrase.setText("wrong passphrase")
    wizard.next()
    a = wizard.admin_page
    a.username.setText("boss")
    a.display.setText("主任")
    a.password.setText(SETUP_PW)
    a.again.setText(SETUP_PW)
    wizard.next()
    assert wizard.currentPage() is a and "密码错误" in a.error.text()
    wizard.back()
    wizard.centre_page.passphrase.setText("old centre passphrase")
    wizard.next()
    a.password.setText(SETUP_PW)
    a.again.setText(SETUP_PW)
    wizard.next()
    assert wizard.currentPage() is wizard.recovery_page
    assert services.open_case(cid).applicant.name == "旧个案"
    services.close_store()


@pytest.mark.gui
def test_login_wrong_password_waits_and_a_temporary_password_is_changed(qtbot, pack, dialogs, tmp_path,
                                                                       monkeypatch):
    db = tmp_path / "cases.db"
    make_centre(db)
    admin = services_for(pack, db, "boss")
    admin.reset_password("li.na", "a temporary one 1")
    admin.close_store()
    services = services_for(pack, db, None)
    dialog = LoginDialog(services)
    qtbot.addWidget(dialog)
    dialog.username.setText("li.na")
    messages = []
    for _ in range(3):
        dialog.password.setText("wrong password")
        dialog.try_login()
        messages.append(dialog.error.text())
    assert "用户名或密码错误" in messages[0] and "秒后再试" in messages[2]
    assert not services.session_active() and dialog.password.text() == ""
    screenshot(dialog, "login-wait")
    services._store._clock = lambda: __import__("datetime").datetime.now(__import__("datetime").UTC) + \
        __import__("datetime").timedelta(minutes=1)
    changed = []

    def change(d):
        d.old.setText("a temporary one 1")
        d.new.setText(PASSWORDS["li.na"] + "!")
        d.again.setText(PASSWORDS["li.na"] + "!")
        d.try_change()
        changed.append(d.result())
        return d.result()

    monkeypatch.setattr(ChangePasswordDialog, "exec", change)
    dialog.password.setText("a temporary one 1")
    dialog.try_login()
    assert changed == [1] and dialog.result() == 1 and services.session_active()
    assert not services.must_change_password() and services.can("case.create")
    services.close_store()


@pytest.mark.gui
def test_recovery_dialog_resets_a_forgotten_password(qtbot, pack, dialogs, tmp_path):
    db = tmp_path / "cases.db"
    key = make_centre(db)
    services = services_for(pack, db, None)
    dialog = RecoveryDialog(services)
    qtbot.addWidget(dialog)
    dialog.key.setText("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
    dialog.username.setText("boss")
    dialog.new.setText("a brand new password")
    dialog.again.setText("a brand new password")
    dialog.try_recover()
    assert "恢复密钥不正确" in dialog.error.text()
    dialog.key.setText(key)
    dialog.new.setText("a brand new password")
    dialog.again.setText("a brand new password")
    dialog.try_recover()
    assert dialog.result() == 1 and services.current_user()[0] == "boss"
    services.close_store()


@pytest.mark.gui
def test_case_workers_see_their_own_cases_and_auditors_none(qtbot, pack, dialogs, tmp_path):
    db = tmp_path / "cases.db"
    make_centre(db)
    for user, name in (("li.na", "李的家庭"), ("wang.wei", "王的家庭")):
        s = services_for(pack, db, user)
        s.save_case(family_case(name), consents=tuple(all_consents()))
        s.close_store()
    win = open_window(qtbot, services_for(pack, db, "li.na"))
    texts = [win.cases.list.item(i).text() for i in range(win.cases.list.count())]
    assert any("李的家庭" in t for t in texts) and not any("王的家庭" in t for t in texts)
    win.search.setText("王的")
    assert win.cases.list.count() == 0
    assert not win.guard.act_users.isVisible() and not win.guard.act_audit.isVisible()
    from advisor.gui.services import ServiceError

    with pytest.raises(ServiceError) as exc:
        win.services.open_case(2)
    assert "没有权限" in exc.value.message("zh")
    close_window(win)
    auditor = open_window(qtbot, services_for(pack, db, "eve"))
    assert auditor.cases.list.count() == 0 and not auditor.services.store_available()
    assert auditor.guard.act_audit.isVisible() and not auditor.guard.act_users.isVisible()
    log = AuditLogDialog(auditor.services, auditor)
    qtbot.addWidget(log)
    cells = [log.table.item(r, c).text() for r in range(log.table.rowCount()) for c in range(log.table.columnCount())]
    assert "case.create" in cells and "access.denied" in cells and "完整" in log.state.text()
    assert not any("家庭" in c for c in cells)
    screenshot(log, "audit-log")
    close_window(auditor)


@pytest.mark.gui
def test_accounts_dialog_and_sharing_a_case(qtbot, pack, dialogs, tmp_path, monkeypatch):
    db = tmp_path / "cases.db"
    make_centre(db)
    s = services_for(pack, db, "wang.wei")
    cid = s.save_case(family_case("王的家庭"), consents=tuple(all_consents()))
    s.close_store()
    win = open_window(qtbot, services_for(pack, db, "boss"))
    users = UsersDialog(win.services, win)
    qtbot.addWidget(users)
    assert {u.username for u in users.users} == {"boss", "li.na", "wang.wei", "eve"}
    screenshot(users, "accounts")

    def fill(form):
        if form.action == "add":
            form.username.setText("zhao")
            form.display.setText("赵")
        form.password.setText("temporary pass 9")
        form.again.setText("temporary pass 9")
        form.try_save()
        return form.result()

    monkeypatch.setattr(AccountForm, "exec", fill)
    users.add_user()
    assert "zhao" in {u.username for u in users.users}
    users.select("li.na")
    dialogs.answer = QMessageBox.StandardButton.Yes
    users.toggle_user()
    assert next(u for u in users.users if u.username == "li.na").disabled
    users.toggle_user()  # enable again, with a temporary password
    assert next(u for u in users.users if u.username == "li.na").must_change_password
    users.select("boss")
    users.toggle_user()
    assert "不能停用自己的账户" in users.error.text()
    shown = []
    monkeypatch.setattr("advisor.gui.users_admin.show_key_once", lambda _parent, key: shown.append(key))
    users.new_recovery_key()
    assert len(shown) == 1 and KEY_RE.match(shown[0])
    # share Wang Wei's case with Zhao
    win.open_chosen(("store", cid))
    settle(qtbot, win)
    assign = AssignDialog(win.services, cid, win)
    qtbot.addWidget(assign)
    assert set(assign.boxes) >= {"zhao", "wang.wei", "boss"} and "eve" not in assign.boxes
    assign.boxes["zhao"].setChecked(True)
    assign.save()
    assert win.services.case_assignments(cid) == ["zhao"]
    close_window(win)


@pytest.mark.gui
def test_log_out_clears_the_window_and_asks_for_the_next_login(qtbot, pack, dialogs, tmp_path, monkeypatch):
    db = tmp_path / "cases.db"
    make_centre(db)
    win = open_window(qtbot, services_for(pack, db, "li.na"))
    win.start_case(__import__("advisor.gui.interview.answers", fromlist=["Answers"]).Answers(
        {"city": "beijing", "applicant": {"name": "退出前的名字"}}), None)
    settle(qtbot, win)
    asked = []

    def login(dialog):
        asked.append(True)
        dialog.username.setText("wang.wei")
        dialog.password.setText(PASSWORDS["wang.wei"])
        dialog.try_login()
        return dialog.result()

    monkeypatch.setattr(LoginDialog, "exec", login)
    win.guard.act_logout.trigger()
    settle(qtbot, win)
    assert asked and win.services.current_user()[0] == "wang.wei"
    assert win.interview.answers.get("applicant.name") is None
    assert json.dumps(win.interview.answers.data, ensure_ascii=False).find("退出前") == -1
    close_window(win)


def test_admin_password_constant_is_distinct():
    assert ADMIN_PW != SETUP_PW


@pytest.mark.gui
def test_an_unexpected_error_during_log_in_leaves_no_password_in_the_logs(qtbot, pack, dialogs, tmp_path,
                                                                          monkeypatch):
    import logging
    import sys
    import threading

    from advisor.gui import crash

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(crash, "_log_dir", None)
    monkeypatch.setattr(crash, "_reporter", None)
    home = tmp_path / "home"
    crash.install(home / "logs")
    db = tmp_path / "data" / "cases.db"
    db.parent.mkdir()
    key = make_centre(db)
    services = services_for(pack, db, None)
    dialog = LoginDialog(services)
    qtbot.addWidget(dialog)

    def broken(username, password):
        raise RuntimeError(f"unexpected, with {password}")  # a bug that puts the password in a message

    monkeypatch.setattr(services, "sign_in", broken)
    dialog.username.setText("boss")
    dialog.password.setText(ADMIN_PW)
    try:
        dialog.try_login()
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=3000)
    log = (home / "logs" / "advisor-gui.log").read_text("utf-8")
    assert "RuntimeError" in log
    forms = secret_forms(list(PASSWORDS.values()), key, [])
    assert scan(home, forms) == [] and scan(db.parent, forms) == []
    for handler in list(logging.getLogger("advisor.gui").handlers):
        handler.close()
        logging.getLogger("advisor.gui").removeHandler(handler)
    services.close_store()
