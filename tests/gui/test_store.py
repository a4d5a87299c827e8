"""With the case store: log in, save with consents, list / open / delete, autosave a draft and
resume it after a restart. (Since accounts, the window logs in with a user's password instead of
unlocking with the centre passphrase: ``tests/accounts/gui_kit.py``.)"""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QMessageBox

from advisor.gui.interview.answers import Answers
from advisor.gui.login import LoginDialog
from advisor.gui.store_dialogs import ConsentDialog
from tests.accounts.gui_kit import ADMIN_PW, close_window, make_centre, open_window, services_for
from tests.conftest import example_case_paths
from tests.gui.conftest import screenshot, settle


def _open_window(qtbot, pack, db, *, unlocked=True):
    if not db.exists():
        make_centre(db)
    return open_window(qtbot, services_for(pack, db, "boss" if unlocked else None))


def _close(win):
    close_window(win)


def _beijing():
    path = next(p for p in example_case_paths() if p.stem == "beijing-courier-family")
    return json.loads(path.read_text("utf-8"))


@pytest.fixture
def consent_ok(monkeypatch):
    """The worker ticks every consent and names the guardian."""
    shown = []

    def exec_(dialog):
        shown.append(list(dialog.scopes))
        for box in dialog.boxes.values():
            box.setChecked(True)
        dialog.guardian_name.setText("王建国")
        dialog.guardian_relation.setText("父亲")
        return 1

    monkeypatch.setattr(ConsentDialog, "exec", exec_)
    return shown


@pytest.mark.gui
def test_autosave_then_restart_restores_the_draft(qtbot, pack, dialogs, tmp_path):
    db = tmp_path / "cases.db"
    win = _open_window(qtbot, pack, db)
    win.start_case(Answers(_beijing()), None)
    row = win.interview.row("case.district")
    row.editor.edit.setText("海淀区")
    row.editor.edited.emit()
    settle(qtbot, win)
    win.interview.go_to(3)
    qtbot.waitUntil(lambda: win.draft_id is not None, timeout=5000)  # the autosave timer fired
    assert "草稿已自动保存" in win.saved_label.text()
    typed = json.loads(json.dumps(win.interview.answers.data))
    _close(win)  # as after a crash: the draft stays
    dialogs.answer = QMessageBox.StandardButton.Yes
    again = _open_window(qtbot, pack, db)
    assert any(kind == "question" and "恢复" in title for kind, title, _t in dialogs.shown)
    assert again.interview.answers.data == typed
    assert again.interview.current_page() == 3
    _close(again)


@pytest.mark.gui
def test_save_list_open_delete(qtbot, pack, dialogs, tmp_path, consent_ok):
    win = _open_window(qtbot, pack, tmp_path / "cases.db")
    win.start_case(Answers(_beijing()), None)
    settle(qtbot, win)
    win.dirty = True
    assert win.save()
    assert consent_ok and "general" in consent_ok[0] and "guardian" in consent_ok[0]
    assert win.case_id is not None and not win.dirty
    assert win.cases.list.count() == 1
    assert "王建国" in win.cases.list.item(0).text()
    screenshot(win, "store-window")
    win.new_case()
    win.open_chosen(("store", win.cases.list.item(0).data(256)[1]))
    settle(qtbot, win)
    assert win.interview.answers.get("applicant.name") == "王建国"
    win.search.setText("建国")
    assert win.cases.list.count() == 1
    win.search.setText("张")
    assert win.cases.list.count() == 0
    win.search.setText("")
    dialogs.answer = QMessageBox.StandardButton.Yes
    win.delete_case(("store", win.case_id))
    assert win.cases.list.count() == 0
    _close(win)


@pytest.mark.gui
def test_login_dialog(qtbot, pack, dialogs, tmp_path, monkeypatch):
    tries = []

    def exec_(dialog):
        dialog.username.setText("boss")
        dialog.password.setText("wrong one")
        dialog.try_login()
        tries.append(dialog.error.text())
        dialog.password.setText(ADMIN_PW)
        dialog.try_login()
        return dialog.result()

    monkeypatch.setattr(LoginDialog, "exec", exec_)
    win = _open_window(qtbot, pack, tmp_path / "cases.db", unlocked=False)
    qtbot.waitUntil(lambda: win.services.store_available(), timeout=10000)
    assert tries and "用户名或密码错误" in tries[0]
    _close(win)
