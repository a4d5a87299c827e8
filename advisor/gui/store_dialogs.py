"""Dialogs of the case store: the centre passphrase (set up once, then unlock) and the consents
the law requires before a family's data is saved (PIPL: general, separate for sensitive data,
a guardian's for children under 14)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from advisor.gui.i18n import lang, tr
from advisor.gui.style import ERROR, esc

SCOPE_TEXT = {
    "general": QT_TRANSLATE_NOOP("Consent", "The family was told the privacy notice (version %1) and agrees "
                                 "that the centre keeps their information to advise them."),
    "id_number": QT_TRANSLATE_NOOP("Consent", "Separate consent to keep the ID number (sensitive)."),
    "health": QT_TRANSLATE_NOOP("Consent", "Separate consent to keep health information, such as a "
                                "pregnancy (sensitive)."),
    "criminal": QT_TRANSLATE_NOOP("Consent", "Separate consent to keep records of offences or detention "
                                  "(sensitive)."),
    "guardian": QT_TRANSLATE_NOOP("Consent", "A parent or guardian agrees for the children under 14."),
}


class UnlockDialog(QDialog):
    """Ask for the centre passphrase; the first time, set it (typed twice)."""

    def __init__(self, services: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.first = not services.store_has_key()
        self.setWindowTitle(tr("Case store"))
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit(self)
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setProperty("role", "error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(tr("Centre passphrase"), self.passphrase)
        if self.first:
            form.addRow(tr("The same again"), self.again)
        else:
            self.again.hide()
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.intro.setText(tr("Set a passphrase for this centre's case store. Every case is stored encrypted "
                              "with it; without it nobody can read them. Keep it safe.") if self.first else
                           tr("Enter the centre passphrase to open the case store."))
        self.passphrase.setAccessibleName(tr("Centre passphrase"))
        self.again.setAccessibleName(tr("The same again"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Work without the case store"))

    def try_unlock(self) -> None:
        """Unlock (or set up); stay open with the reason when it fails."""
        from PySide6.QtWidgets import QApplication

        from advisor.gui.services import ServiceError

        if self.first and self.passphrase.text() != self.again.text():
            self.error.setText(esc(tr("The two passphrases differ.")))
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # deriving the key takes a moment
        try:
            self.services.unlock_store(self.passphrase.text())
        except ServiceError as exc:
            self.error.setText(f"<span style='color:{ERROR}'>{esc(exc.message(lang()))}</span>")
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.accept()


class ConsentDialog(QDialog):
    """Record the consents a save needs; OK only once every box is ticked (and the guardian named)."""

    def __init__(self, services: Any, scopes: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.scopes = scopes
        self.setWindowTitle(tr("Consent before saving"))
        intro = QLabel(tr("Before saving, ask the family and tick what they agreed to."), self)
        intro.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        self.boxes: dict[str, QCheckBox] = {}
        version = services.notice_version()
        for scope in scopes:
            text = tr(SCOPE_TEXT.get(scope, scope), "Consent").replace("%1", version)
            box = QCheckBox(text, self)
            box.setAccessibleName(text)
            box.toggled.connect(self._update)
            self.boxes[scope] = box
            lay.addWidget(box)
        self.guardian_name = QLineEdit(self)
        self.guardian_relation = QLineEdit(self)
        for w, label in ((self.guardian_name, tr("Guardian's name")),
                         (self.guardian_relation, tr("Relation to the child"))):
            w.setMaxLength(100)
            w.setAccessibleName(label)
            w.textChanged.connect(self._update)
        if "guardian" in scopes:
            form = QFormLayout()
            form.addRow(tr("Guardian's name"), self.guardian_name)
            form.addRow(tr("Relation to the child"), self.guardian_relation)
            lay.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        ok = all(b.isChecked() for b in self.boxes.values())
        if "guardian" in self.scopes:
            ok = ok and bool(self.guardian_name.text().strip()) and bool(self.guardian_relation.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def consents(self) -> list[Any]:
        """The consents as the store records them."""
        out = []
        for scope in self.scopes:
            if scope == "guardian":
                out.append(self.services.consent(scope, lang(), "children", self.guardian_name.text().strip(),
                                                 self.guardian_relation.text().strip()))
            else:
                out.append(self.services.consent(scope, lang()))
        return out
