"""Idle lock on shared PCs (reliability.md C34): the idle watcher and the lock screen.

:class:`IdleWatcher` is an application-wide event filter: keyboard, mouse, wheel, touch and input-method
events in any of the app's windows count as activity; nothing else does (a window in the background,
or another program being used, is not activity — the time runs on). Its clock is injectable
(``time.monotonic`` by default), and ``check()`` can be called directly, so tests move a fake clock
instead of waiting five minutes. :class:`LockScreen` takes the place of the window's panes while
locked (what it does on lock and unlock: ``advisor.gui.session_guard``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor.gui.i18n import Retranslating, tr
from advisor.gui.style import title_html

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.InputMethod,
    QEvent.Type.TabletPress,
})
POLL_MS = 5000


class IdleWatcher(QObject):
    """Emits ``timed_out`` once no input reached the app for ``timeout`` seconds (while started)."""

    timed_out = Signal()

    def __init__(self, timeout: float, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None, poll_ms: int = POLL_MS):
        super().__init__(parent)
        self.timeout = timeout
        self.clock = clock
        self.last_input = clock()
        self.running = False
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        """Start watching (the idle time counts from now)."""
        self.poke()
        if not self.running:
            QApplication.instance().installEventFilter(self)
            self.running = True
        self._timer.start()

    def stop(self) -> None:
        """Stop watching (while locked, or nobody logged in)."""
        if self.running:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self.running = False
        self._timer.stop()

    def poke(self) -> None:
        """Activity now."""
        self.last_input = self.clock()

    def idle_seconds(self) -> float:
        """Seconds since the last input."""
        return self.clock() - self.last_input

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in INPUT_EVENTS:
            self.last_input = self.clock()
        return False

    def check(self) -> bool:
        """Time out now if the idle time is up (the timer calls this every few seconds)."""
        if self.running and self.idle_seconds() >= self.timeout:
            self.stop()
            self.timed_out.emit()
            return True
        return False


class LockScreen(Retranslating, QWidget):
    """What the window shows while locked: no personal data, a password field, or another user's log-in."""

    unlock_requested = Signal(str, str)  # user name, password

    def __init__(self, username: str, display_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.locked_user = username
        self.display_name = display_name
        self.title = QLabel(self)
        self.title.setProperty("role", "pagetitle")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.username = QLineEdit(username, self)
        self.username.setMaxLength(40)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self._submit)
        self.username.returnPressed.connect(self.password.setFocus)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.error.setProperty("role", "error")
        self.unlock = QPushButton(self)
        self.unlock.setDefault(True)
        self.unlock.clicked.connect(self._submit)
        self.form = QFormLayout()
        self.user_label, self.password_label = QLabel(self), QLabel(self)
        self.form.addRow(self.user_label, self.username)
        self.form.addRow(self.password_label, self.password)
        box = QWidget(self)
        box.setMaximumWidth(520)
        inner = QVBoxLayout(box)
        inner.addWidget(self.title)
        inner.addWidget(self.intro)
        inner.addLayout(self.form)
        inner.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.unlock)
        inner.addLayout(row)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(box)
        middle.addStretch(1)
        outer.addLayout(middle)
        outer.addStretch(2)
        self.retranslate()

    def _submit(self) -> None:
        self.unlock_requested.emit(self.username.text(), self.password.text())

    def show_error(self, text: str) -> None:
        """Why unlocking failed; the password field is emptied for the next try."""
        self.error.setText(text)
        self.password.clear()
        self.password.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)

    def focus_password(self) -> None:
        """Ready for typing."""
        self.password.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)

    def retranslate(self) -> None:
        self.title.setText(title_html(tr("Locked")))
        self.intro.setText(tr("The screen was locked to protect the families' information. %1, enter your "
                              "password to go on where you were. Another worker may log in instead: then %1 is "
                              "logged out, and the unsaved answers stay in %1's encrypted draft.")
                           .replace("%1", self.display_name))
        self.user_label.setText(tr("User name"))
        self.password_label.setText(tr("Password"))
        self.username.setAccessibleName(tr("User name"))
        self.password.setAccessibleName(tr("Password"))
        self.unlock.setText(tr("Unlock"))


def close_dialogs(window: Any) -> None:
    """Close every dialog the window has open (a letter preview, a consent form…) before locking."""
    from PySide6.QtWidgets import QDialog

    for dialog in window.findChildren(QDialog):
        if dialog.isVisible():
            dialog.reject()
    modal = QApplication.activeModalWidget()
    if modal is not None and modal is not window and hasattr(modal, "reject"):
        modal.reject()
