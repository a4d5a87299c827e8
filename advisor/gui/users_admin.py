"""Administration in the window: accounts (add, disable, enable, reset, role, a new recovery key), sharing
a case with workers, and the audit log (administrators and auditors). Every change is checked again by
the service layer — the menus only hide what a role may not do."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advisor.gui.i18n import lang, tr
from advisor.gui.login import password_edit, show_error
from advisor.gui.style import esc

ROLE_WORDS = {"caseworker": ("个案工作人员", "Case worker"), "admin": ("管理员", "Administrator"),
              "auditor": ("审计员", "Auditor")}


def role_word(role: str) -> str:
    """A role in the interface language."""
    zh, en = ROLE_WORDS.get(role, (role, role))
    return en if lang() == "en" else zh


class AccountForm(QDialog):
    """A new account, or a temporary password for an existing one (reset, enable)."""

    def __init__(self, services: Any, parent: QWidget | None = None, *, username: str | None = None,
                 action: str = "add"):
        super().__init__(parent)
        self.services = services
        self.action = action
        titles = {"add": tr("Add an account"), "reset": tr("Temporary password"), "enable": tr("Enable the account")}
        self.setWindowTitle(titles[action])
        intro = QLabel(tr("Give the worker this temporary password in person; they choose their own at the first "
                          "log-in. At least 10 characters."), self)
        intro.setWordWrap(True)
        self.username = QLineEdit(username or "", self)
        self.username.setMaxLength(40)
        self.username.setReadOnly(username is not None)
        self.username.setAccessibleName(tr("User name"))
        self.display = QLineEdit(self)
        self.display.setMaxLength(100)
        self.display.setAccessibleName(tr("Name shown"))
        self.role = QComboBox(self)
        for role in ("caseworker", "admin", "auditor"):
            self.role.addItem(role_word(role), role)
        self.role.setAccessibleName(tr("Role"))
        self.password = password_edit(self, tr("Temporary password"))
        self.again = password_edit(self, tr("Password again"))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("User name"), self.username)
        if action == "add":
            form.addRow(tr("Name shown"), self.display)
            form.addRow(tr("Role"), self.role)
        form.addRow(tr("Temporary password"), self.password)
        form.addRow(tr("Password again"), self.again)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)

    def try_save(self) -> None:
        """Make the change; stay open with the reason when it fails."""
        from advisor.gui.services import ServiceError

        if self.password.text() != self.again.text():
            self.error.setText(esc(tr("The two passwords differ.")))
            return
        name, password = self.username.text(), self.password.text()
        try:
            if self.action == "add":
                self.services.add_user(name, self.display.text(), self.role.currentData(), password)
            elif self.action == "reset":
                self.services.reset_password(name, password)
            else:
                self.services.enable_user(name, password)
        except ServiceError as exc:
            show_error(self.error, exc)
            return
        self.password.clear()
        self.again.clear()
        self.accept()


class UsersDialog(QDialog):
    """Every account with its role and state; add, disable / enable, reset, change role, new recovery key."""

    def __init__(self, services: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(tr("Accounts"))
        self.resize(760, 420)
        headers = [tr("User name"), tr("Name shown"), tr("Role"), tr("State"), tr("Last log-in")]
        self.table = QTableWidget(0, len(headers), self)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(tr("Accounts"))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.add = QPushButton(tr("Add…"), self)
        self.toggle = QPushButton(tr("Disable / enable…"), self)
        self.reset = QPushButton(tr("Temporary password…"), self)
        self.role = QComboBox(self)
        for role in ("caseworker", "admin", "auditor"):
            self.role.addItem(role_word(role), role)
        self.set_role = QPushButton(tr("Set role"), self)
        self.recovery = QPushButton(tr("New recovery key…"), self)
        self.add.clicked.connect(self.add_user)
        self.toggle.clicked.connect(self.toggle_user)
        self.reset.clicked.connect(self.reset_user)
        self.set_role.clicked.connect(self.change_role)
        self.recovery.clicked.connect(self.new_recovery_key)
        row = QHBoxLayout()
        for w in (self.add, self.toggle, self.reset, self.role, self.set_role):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.recovery)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(self.error)
        lay.addWidget(close)
        self.users: list[Any] = []
        self.refresh()

    def refresh(self) -> None:
        """Reload the accounts."""
        from advisor.gui.case_list import local_time
        from advisor.gui.services import ServiceError

        try:
            self.users = self.services.users()
        except ServiceError as exc:
            show_error(self.error, exc)
            self.users = []
        self.table.setRowCount(len(self.users))
        for i, u in enumerate(self.users):
            state = tr("Disabled") if u.disabled else (tr("Must change password") if u.must_change_password else
                                                       tr("Active"))
            cells = (u.username, u.display_name, role_word(u.role), state,
                     local_time(u.last_login_at) if u.last_login_at else "")
            for j, text in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def selected(self) -> Any:
        """The chosen account (None: nothing chosen)."""
        row = self.table.currentRow()
        return self.users[row] if 0 <= row < len(self.users) else None

    def select(self, username: str) -> None:
        """Choose an account by user name."""
        for i, u in enumerate(self.users):
            if u.username == username:
                self.table.selectRow(i)
                self.table.setCurrentCell(i, 0)

    def _do(self, fn: Any) -> bool:
        from advisor.gui.services import ServiceError

        try:
            fn()
        except ServiceError as exc:
            show_error(self.error, exc)
            return False
        self.error.clear()
        self.refresh()
        return True

    def add_user(self) -> None:
        """A new account."""
        if AccountForm(self.services, self, action="add").exec():
            self.refresh()

    def toggle_user(self) -> None:
        """Disable the chosen account (its key copy is deleted), or enable it with a temporary password."""
        u = self.selected()
        if u is None:
            return
        if u.disabled:
            if AccountForm(self.services, self, username=u.username, action="enable").exec():
                self.refresh()
            return
        if QMessageBox.question(self, tr("Disable"), tr("Disable the account %1? It can no longer log in.")
                                .replace("%1", u.username)) == QMessageBox.StandardButton.Yes:
            self._do(lambda: self.services.disable_user(u.username))

    def reset_user(self) -> None:
        """A temporary password for the chosen account."""
        u = self.selected()
        if u is not None and AccountForm(self.services, self, username=u.username, action="reset").exec():
            self.refresh()

    def change_role(self) -> None:
        """Give the chosen account the role chosen beside the button."""
        u = self.selected()
        if u is not None:
            self._do(lambda: self.services.set_role(u.username, self.role.currentData()))

    def new_recovery_key(self) -> None:
        """Make a new recovery key and show it once (the printed one stops working)."""
        from advisor.gui.services import ServiceError

        if QMessageBox.question(self, tr("New recovery key"), tr("Make a new recovery key? The old printed key stops "
                                                                  "working.")) != QMessageBox.StandardButton.Yes:
            return
        try:
            key = self.services.new_recovery_key()
        except ServiceError as exc:
            show_error(self.error, exc)
            return
        show_key_once(self, key)


def show_key_once(parent: QWidget, key: str) -> None:
    """A new recovery key in a small window, once (selectable, to copy into a document to print)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(tr("The recovery key"))
    box = QVBoxLayout(dialog)
    shown = QLabel(key, dialog)
    shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    shown.setAccessibleName(tr("Recovery key"))
    note = QLabel(tr("Print it or write it down now; it is shown only once."), dialog)
    ok = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    ok.accepted.connect(dialog.accept)
    for w in (note, shown, ok):
        box.addWidget(w)
    dialog.exec()
    shown.clear()
    dialog.deleteLater()


class AssignDialog(QDialog):
    """Which workers a stored case is shared with (the worker who made it always sees it)."""

    def __init__(self, services: Any, case_id: int, parent: QWidget | None = None):
        from advisor.gui.services import ServiceError

        super().__init__(parent)
        self.services = services
        self.case_id = case_id
        self.setWindowTitle(tr("Share the case with workers"))
        lay = QVBoxLayout(self)
        intro = QLabel(tr("Tick the workers who may open this case too."), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.boxes: dict[str, QCheckBox] = {}
        try:
            current = set(services.case_assignments(case_id))
            users = services.assignable_users()
        except ServiceError as exc:
            show_error(self.error, exc)
            current, users = set(), []
        for u in users:
            box = QCheckBox(f"{u.display_name} ({u.username}) — {role_word(u.role)}", self)
            box.setChecked(u.username in current)
            self.boxes[u.username] = box
            lay.addWidget(box)
        self.before = current
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def save(self) -> None:
        """Apply the ticks; stay open with the reason when something fails."""
        from advisor.gui.services import ServiceError

        try:
            for name, box in self.boxes.items():
                if box.isChecked() != (name in self.before):
                    self.services.assign_case(self.case_id, name, box.isChecked())
        except ServiceError as exc:
            show_error(self.error, exc)
            return
        self.accept()


class AuditLogDialog(QDialog):
    """The newest audit entries (who, what, which record — ids and codes only) and the chain check."""

    def __init__(self, services: Any, parent: QWidget | None = None, limit: int = 1000):
        from advisor.gui.case_list import local_time
        from advisor.gui.services import ServiceError

        super().__init__(parent)
        self.setWindowTitle(tr("Audit log"))
        self.resize(900, 520)
        headers = [tr("No."), tr("When"), tr("Who"), tr("Action"), tr("Record"), tr("Detail")]
        self.table = QTableWidget(0, len(headers), self)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(tr("Audit log"))
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        try:
            rows = services.audit_entries(limit)
            broken = services.verify_audit()
        except ServiceError as exc:
            show_error(self.state, exc)
            rows, broken = [], []
        else:
            altered = tr("The audit log was altered at entries %1.").replace("%1", ", ".join(map(str, broken[:20])))
            self.state.setText(esc(tr("The audit log is intact.")) if not broken else f"<b>{esc(altered)}</b>")
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for j, text in enumerate((str(r.entry_id), local_time(r.at), r.worker, r.action, r.target, r.detail)):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.state)
        lay.addWidget(self.table, 1)
        lay.addWidget(close)
