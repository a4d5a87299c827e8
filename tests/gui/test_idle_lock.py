"""C34 idle lock on a shared PC, with an injected clock: after the idle time the window hides personal
data, keeps the unsaved answers as an encrypted draft, drops the key, and only the password unlocks it;
another worker may log in instead."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox

from advisor.gui.interview.answers import Answers
from advisor.gui.settings import Settings
from tests.accounts.gui_kit import PASSWORDS, close_window, make_centre, open_window, services_for
from tests.cases.conftest import find_markers
from tests.conftest import example_case_paths
from tests.gui.conftest import screenshot, settle

NAME = "MARKER_王芳_idle"
NOTE = "MARKER_NOTE_idle_病史"


class Clock:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def _case():
    path = next(p for p in example_case_paths() if p.stem == "beijing-courier-family")
    data = json.loads(path.read_text("utf-8"))
    data["applicant"]["name"] = NAME
    data["notes"] = NOTE
    return data


@pytest.fixture
def locked_world(qtbot, pack, dialogs, tmp_path):
    db = tmp_path / "data" / "cases.db"
    db.parent.mkdir()
    make_centre(db)
    win = open_window(qtbot, services_for(pack, db, "li.na"))
    clock = Clock()
    win.guard.idle.clock = clock
    win.guard.idle.poke()
    yield win, clock, db
    close_window(win)


def _type_case(qtbot, win):
    win.start_case(Answers(_case()), None)
    row = win.interview.row("case.district")
    row.editor.edit.setText("海淀区")
    row.editor.edited.emit()  # an edit the worker has not saved
    settle(qtbot, win)
    assert win.dirty and NAME in win.windowTitle()


def _visible_texts(win) -> str:
    return "\n".join(w.text() for w in win.findChildren(QLabel) if w.isVisible()) + win.windowTitle()


@pytest.mark.gui
def test_walked_away_screen_locks_itself(qtbot, locked_world):
    win, clock, db = locked_world
    _type_case(qtbot, win)
    win.interview.go_to(2)
    session = win.services.session
    dek = session._dek
    clock.t += 299
    assert not win.guard.idle.check() and not win.guard.locked  # 4 min 59 s: not yet
    clock.t += 2
    assert win.guard.idle.check()
    QApplication.processEvents()
    assert win.guard.locked and win.centralWidget() is win.guard.lock_screen
    # personal data gone from every widget, the key gone from memory
    assert win.interview.answers.get("applicant.name") is None and not win.interview.answers.data.get("notes")
    assert win.cases.list.count() == 0 and win.search.text() == ""
    assert NAME not in _visible_texts(win) and NOTE not in _visible_texts(win)
    assert not win.menuBar().isVisible() and not win.act_save.isEnabled() and not win.act_new.isEnabled()
    assert not session.key_loaded and session.store.locked and dek == bytearray(32)
    screenshot(win, "idle-locked")
    # the unsaved answers are kept as an encrypted draft: in the store, not in plaintext on disk
    drafts = session.store.list_drafts("li.na")
    assert len(drafts) == 1
    assert find_markers(db.parent, [NAME, NOTE]) == []
    # the wrong password does not unlock; the right one brings the work back
    screen = win.guard.lock_screen
    screen.password.setText("not my password")
    screen.unlock.click()
    assert win.guard.locked and "用户名或密码错误" in screen.error.text() and screen.password.text() == ""
    screen.password.setText(PASSWORDS["li.na"])
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    settle(qtbot, win)
    assert not win.guard.locked and win.menuBar().isVisible() and win.act_save.isEnabled()
    answers = win.interview.answers
    assert answers.get("applicant.name") == NAME and answers.get("case.district") == "海淀区"
    assert win.dirty and win.draft_id == drafts[0].draft_id and win.interview.current_page() == 2
    assert session.key_loaded
    # after unlocking, the idle time counts again
    assert win.guard.idle.running


@pytest.mark.gui
def test_input_resets_the_idle_time_and_switching_away_does_not(qtbot, locked_world):
    win, clock, _db = locked_world
    clock.t += 240
    qtbot.keyClick(win.search, Qt.Key.Key_Shift)  # any key press in the app is activity
    clock.t += 120
    assert not win.guard.idle.check()
    QApplication.sendEvent(win, QEvent(QEvent.Type.WindowDeactivate))  # the worker switched to another program
    QApplication.sendEvent(QApplication.instance(), QEvent(QEvent.Type.ApplicationDeactivate))
    clock.t += 181
    assert win.guard.idle.check() and win.guard.locked


@pytest.mark.gui
def test_lock_now_and_another_worker_logs_in(qtbot, locked_world, dialogs):
    win, _clock, _db = locked_world
    _type_case(qtbot, win)
    extra = QDialog(win)
    extra.setWindowTitle("a dialog showing something")
    extra.show()
    assert win.guard.act_lock.shortcut() == QKeySequence("Ctrl+L")  # set once the window is set up
    win.guard.act_lock.trigger()
    assert win.guard.locked and not extra.isVisible()
    first = win.services.session
    screen = win.guard.lock_screen
    screen.username.setText("wang.wei")
    screen.password.setText(PASSWORDS["wang.wei"])
    dialogs.answer = QMessageBox.StandardButton.No
    assert win.guard.try_unlock(screen.username.text(), screen.password.text())
    settle(qtbot, win)
    assert first.logged_out and win.services.session.username == "wang.wei"
    assert win.interview.answers.get("applicant.name") is None and not win.dirty
    assert win.services.list_drafts() == []  # Li Na's draft stays hers
    assert win.cases.list.count() == 0
    # Li Na comes back later: her draft is offered
    win.guard.lock()
    dialogs.answer = QMessageBox.StandardButton.Yes
    assert win.guard.try_unlock("li.na", PASSWORDS["li.na"])
    settle(qtbot, win)
    assert win.interview.answers.get("applicant.name") == NAME


@pytest.mark.gui
def test_idle_time_comes_from_the_settings(tmp_path):
    settings = Settings(tmp_path / "settings.ini")
    assert settings.idle_lock_seconds == 300  # default: 5 minutes
    settings.set("idle_lock_minutes", 10)
    assert settings.idle_lock_seconds == 600
    settings.set("idle_lock_minutes", 0)
    assert settings.idle_lock_seconds == 60  # never off
    settings.set("idle_lock_minutes", 999)
    assert settings.idle_lock_seconds == 1800


@pytest.mark.gui
def test_nobody_logged_in_nothing_to_lock(qtbot, window):
    window.guard.idle.check()
    window.guard.lock()
    assert not window.guard.locked
