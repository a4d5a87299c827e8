"""Log-in at start-up (each worker with their own account), changing one's password, and resetting a
forgotten one with the printed recovery key. The first run goes to the setup wizard instead."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor.gui.i18n import lang, tr
from advisor.gui.style import ERROR, esc


def password_edit(parent: QWidget, name: str) -> QLineEdit:
    """A no-echo input with an accessible name."""
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


def show_error(label: QLabel, exc: Any) -> None:
    """A ServiceError's message in the dialog's error line."""
    label.setText(f"<span style='color:{ERROR}'>{esc(exc.message(lang()))}</span>")


def _busy(fn: Any) -> Any:
    """Deriving keys takes a moment: a wait cursor meanwhile."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return fn()
    finally:
        QApplication.restoreOverrideCursor()


class LoginDialog(QDialog):
    """User name and password; Cancel works with case files only (nothing from the case store)."""

    def __init__(self, services: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        centre = services.store_centre()
        self.setWindowTitle(tr("Log in") + (f" — {centre}" if centre else ""))
        intro = QLabel(tr("Log in with your own user name and password. Each worker sees the cases they "
                          "made or that were assigned to them."), self)
        intro.setWordWrap(True)
        self.username = QLineEdit(self)
        self.username.setMaxLength(40)
        self.username.setAccessibleName(tr("User name"))
        self.password = password_edit(self, tr("Password"))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.forgot = QPushButton(tr("Forgot the password? Use the recovery key…"), self)
        self.forgot.setFlat(True)
        self.forgot.clicked.connect(self.recover)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Log in"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Work without the case store"))
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(tr("User name"), self.username)
        form.addRow(tr("Password"), self.password)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.forgot)
        lay.addWidget(self.buttons)

    def try_login(self) -> None:
        """Log in; stay open with the reason (wrong password, wait N seconds, disabled) when it fails."""
        from advisor.gui.services import ServiceError

        try:
            _busy(lambda: self.services.sign_in(self.username.text(), self.password.text()))
        except ServiceError as exc:
            show_error(self.error, exc)
            self.password.clear()
            self.password.setFocus()
            return
        self.password.clear()
        if self.services.must_change_password() and not ChangePasswordDialog(self.services, self, first=True).exec():
            self.services.sign_out()
            self.error.setText(esc(tr("The password must be changed before the case store can be used.")))
            return
        self.accept()

    def recover(self) -> None:
        """The recovery-key dialog; logged in when it succeeds."""
        if RecoveryDialog(self.services, self).exec():
            self.accept()


class ChangePasswordDialog(QDialog):
    """The current password and the new one twice."""

    def __init__(self, services: Any, parent: QWidget | None = None, *, first: bool = False):
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(tr("Change your password"))
        intro = QLabel(tr("This account has a temporary password. Choose your own now (at least 10 characters).")
                       if first else tr("Choose a new password (at least 10 characters)."), self)
        intro.setWordWrap(True)
        self.old = password_edit(self, tr("Current password"))
        self.new = password_edit(self, tr("New password"))
        self.again = password_edit(self, tr("New password again"))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_change)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(tr("Current password"), self.old)
        form.addRow(tr("New password"), self.new)
        form.addRow(tr("New password again"), self.again)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)

    def try_change(self) -> None:
        """Change it; stay open with the reason when it fails."""
        from advisor.gui.services import ServiceError

        try:
            _busy(lambda: self.services.change_password(self.old.text(), self.new.text(), self.again.text()))
        except ServiceError as exc:
            show_error(self.error, exc)
            return
        for edit in (self.old, self.new, self.again):
            edit.clear()
        self.accept()


class RecoveryDialog(QDialog):
    """A forgotten password: the recovery key printed at setup, the user name and a new password."""

    def __init__(self, services: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(tr("Reset a password with the recovery key"))
        intro = QLabel(tr("Type the recovery key printed when the centre was set up (dashes and spaces do not "
                          "matter). Afterwards, an administrator should make a new recovery key."), self)
        intro.setWordWrap(True)
        self.key = password_edit(self, tr("Recovery key"))
        self.username = QLineEdit(self)
        self.username.setAccessibleName(tr("User name"))
        self.new = password_edit(self, tr("New password"))
        self.again = password_edit(self, tr("New password again"))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_recover)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(tr("Recovery key"), self.key)
        form.addRow(tr("User name"), self.username)
        form.addRow(tr("New password"), self.new)
        form.addRow(tr("New password again"), self.again)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)

    def try_recover(self) -> None:
        """Reset and log in; stay open with the reason when it fails."""
        from advisor.gui.services import ServiceError

        if self.new.text() != self.again.text():
            self.error.setText(esc(tr("The two new passwords differ.")))
            return
        try:
            _busy(lambda: self.services.recover_password(self.key.text(), self.username.text(), self.new.text()))
        except ServiceError as exc:
            show_error(self.error, exc)
            return
        for edit in (self.key, self.new, self.again):
            edit.clear()
        self.accept()


def ask_to_sign_in(services: Any, parent: QWidget | None = None) -> bool:
    """At start-up (and after logging out): the setup wizard on the first run, else the log-in dialog.
    True when someone is logged in afterwards."""
    state = services.setup_state()
    if state == "closed":
        return False
    if state in ("new", "passphrase"):
        from advisor.gui.setup_wizard import SetupWizard

        SetupWizard(services, parent).exec()
    elif not services.session_active():
        LoginDialog(services, parent).exec()
    return bool(services.session_active())
