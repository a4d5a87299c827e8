"""Dialogs of the case store: the consents the law requires before a family's data is saved (PIPL:
general, separate for sensitive data, a guardian's for children under 14). Logging in to the store is
``advisor.gui.login`` (personal accounts replaced the centre passphrase)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
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
