"""First run: the centre, its first administrator, and the recovery key — shown once, to print or save.

Nothing is written until the administrator page is accepted (its "Set up" commits: the centre, the
account and the key slots in one transaction); the last page then shows the recovery key and cannot
be left before the administrator confirms having printed or written it down. A store made before
accounts asks for its old centre passphrase once (it unwraps the data key for the new accounts).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from advisor.gui.i18n import tr
from advisor.gui.login import _busy, password_edit, show_error
from advisor.gui.style import esc


class CentrePage(QWizardPage):
    """The centre's name (and the old centre passphrase of a store made before accounts)."""

    def __init__(self, wizard: SetupWizard):
        super().__init__(wizard)
        self.setTitle(tr("Set up this centre"))
        intro = QLabel(tr("Families' case files are kept encrypted on this PC. Each worker will log in with "
                          "their own account. First, name the centre; next, create its first administrator."), self)
        intro.setWordWrap(True)
        self.centre = QLineEdit(self)
        self.centre.setMaxLength(100)
        self.centre.setAccessibleName(tr("Centre name"))
        self.centre.textChanged.connect(self.completeChanged)
        self.passphrase = password_edit(self, tr("Old centre passphrase"))
        form = QFormLayout()
        form.addRow(tr("Centre name"), self.centre)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        if wizard.state == "passphrase":
            note = QLabel(tr("This case store was protected by one passphrase for the whole centre. Type it once "
                             "more: the cases move to personal accounts, and the shared passphrase stops opening "
                             "them."), self)
            note.setWordWrap(True)
            lay.addWidget(note)
            form.addRow(tr("Old centre passphrase"), self.passphrase)
            self.passphrase.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:  # noqa: N802
        done = bool(self.centre.text().strip())
        if self.wizard().state == "passphrase":
            done = done and bool(self.passphrase.text())
        return done


class AdminPage(QWizardPage):
    """The first administrator; "Set up" writes everything (a commit page: no going back)."""

    def __init__(self, wizard: SetupWizard):
        super().__init__(wizard)
        self.setTitle(tr("The first administrator"))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, tr("Set up"))
        intro = QLabel(tr("The administrator adds, disables and resets the workers' accounts, makes backups and "
                          "manages rule packs. The password needs at least 10 characters."), self)
        intro.setWordWrap(True)
        self.username = QLineEdit(self)
        self.username.setMaxLength(40)
        self.username.setAccessibleName(tr("User name"))
        self.display = QLineEdit(self)
        self.display.setMaxLength(100)
        self.display.setAccessibleName(tr("Name shown"))
        self.password = password_edit(self, tr("Password"))
        self.again = password_edit(self, tr("Password again"))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        for edit in (self.username, self.display, self.password, self.again):
            edit.textChanged.connect(self.completeChanged)
        form = QFormLayout()
        form.addRow(tr("User name"), self.username)
        form.addRow(tr("Name shown"), self.display)
        form.addRow(tr("Password"), self.password)
        form.addRow(tr("Password again"), self.again)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.error)

    def isComplete(self) -> bool:  # noqa: N802
        return all(e.text().strip() for e in (self.username, self.display, self.password, self.again))

    def validatePage(self) -> bool:  # noqa: N802
        """Set the centre up now; stay on the page with the reason when it fails."""
        from advisor.gui.services import ServiceError

        if self.password.text() != self.again.text():
            self.error.setText(esc(tr("The two passwords differ.")))
            return False
        wizard: SetupWizard = self.wizard()  # type: ignore[assignment]
        centre = wizard.centre_page
        try:
            wizard.recovery_key = _busy(lambda: wizard.services.set_up_centre(
                centre.centre.text().strip(), self.username.text(), self.display.text().strip(), self.password.text(),
                centre.passphrase.text() or None))
        except ServiceError as exc:
            show_error(self.error, exc)
            return False
        for edit in (self.password, self.again, centre.passphrase):
            edit.clear()
        wizard.recovery_page.show_key(wizard.recovery_key, centre.centre.text().strip())
        return True


class RecoveryPage(QWizardPage):
    """The recovery key, shown once: print it or save it as a PDF, then confirm."""

    def __init__(self, wizard: SetupWizard):
        super().__init__(wizard)
        self.setTitle(tr("The recovery key"))
        intro = QLabel(tr("If the administrator's password is ever forgotten, this key resets it — without it, "
                          "the cases could not be read any more. Print it (or save it and print it), keep it locked "
                          "away from this PC. It is shown only now."), self)
        intro.setWordWrap(True)
        self.key = QLabel(self)
        self.key.setAccessibleName(tr("Recovery key"))
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(16)
        self.key.setFont(font)
        self.print_button = QPushButton(tr("Print…"), self)
        self.save_button = QPushButton(tr("Save as PDF…"), self)
        self.print_button.clicked.connect(self.print_key)
        self.save_button.clicked.connect(self.save_pdf)
        self.confirmed = QCheckBox(tr("I have printed or written down the recovery key and will keep it safe."), self)
        self.confirmed.toggled.connect(self.completeChanged)
        self.centre = ""
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.key)
        lay.addLayout(row)
        lay.addWidget(self.confirmed)

    def show_key(self, key: str, centre: str) -> None:
        """The key to show (set by the administrator page once the setup is done)."""
        self.key.setText(key)
        self.centre = centre

    def isComplete(self) -> bool:  # noqa: N802
        return self.confirmed.isChecked()

    def document(self) -> QTextDocument:
        """The recovery sheet (centre, date, key, what it is for) in Chinese and English."""
        doc = QTextDocument(self)
        doc.setHtml(
            f"<h2>{esc(self.centre)}</h2>"
            f"<p>恢复密钥 / Recovery key — {date.today().isoformat()}</p>"
            f"<p style='font-family:monospace; font-size:20pt'><b>{esc(self.key.text())}</b></p>"
            "<p>忘记管理员密码时，用此密钥重设密码（登录窗口：“忘记密码？”）。请锁好保管，不要放在电脑旁。</p>"
            "<p>If an administrator's password is forgotten, this key resets it (log-in window: \"Forgot the "
            "password?\"). Keep it locked away, not next to the PC.</p>")
        return doc

    def print_key(self) -> None:
        """Print the recovery sheet."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec():
            self.document().print_(printer)

    def save_pdf(self) -> str:
        """Save the recovery sheet as a PDF (to print, or to keep on a removable drive in a safe)."""
        from PySide6.QtPrintSupport import QPrinter

        path, _f = QFileDialog.getSaveFileName(self, tr("Save the recovery key"), "recovery-key.pdf", "PDF (*.pdf)")
        if not path:
            return ""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(path)
        self.document().print_(printer)
        return path


class SetupWizard(QWizard):
    """Centre → administrator (commit) → recovery key."""

    def __init__(self, services: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.state = services.setup_state()
        self.recovery_key = ""
        self.setWindowTitle(tr("First-run setup"))
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.centre_page = CentrePage(self)
        self.admin_page = AdminPage(self)
        self.recovery_page = RecoveryPage(self)
        for page in (self.centre_page, self.admin_page, self.recovery_page):
            self.addPage(page)

    def reject(self) -> None:
        """Before the setup: cancel (work with case files only). After it: only once the key is confirmed."""
        if self.recovery_key and not self.recovery_page.confirmed.isChecked():
            return
        super().reject()

    def done(self, result: int) -> None:
        """Forget the key once the wizard closes."""
        super().done(result)
        if result or self.recovery_page.confirmed.isChecked():
            self.recovery_key = ""
            self.recovery_page.key.clear()
