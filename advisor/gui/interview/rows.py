"""A question row: the question, help, the input, "unknown", and the problem right under the input."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from advisor.gui.i18n import Retranslating, lang, pick
from advisor.gui.interview.answers import Answers
from advisor.gui.interview.fields import FieldEditor, make_editor
from advisor.gui.interview.list_editors import ListEditor


def question_text(fact: Any) -> str:
    """A fact's question: from the pack ({zh, en}) or a GUI string (context Interview)."""
    q = fact.question
    return QCoreApplication.translate("Interview", q) if isinstance(q, str) else pick(q)


class QuestionRow(Retranslating, QWidget):
    """One fact of the interview."""

    changed = Signal(str)  # fact id
    commit = Signal()

    def __init__(self, fact: Any, editor: FieldEditor | None = None, parent: QWidget | None = None, **context: Any):
        super().__init__(parent)
        self.fact = fact
        self.editor = editor or make_editor(fact, self, **context)
        self.editor.setParent(self)
        self.question = QLabel(self)
        self.question.setProperty("role", "question")
        self.question.setWordWrap(True)
        self.question.setBuddy(self.editor.focus_widget())
        self.tag = QLabel(self)
        self.tag.setProperty("role", "help")
        self.tag.setVisible(bool(getattr(fact, "sensitive", False)))
        self.help = QLabel(self)
        self.help.setProperty("role", "help")
        self.help.setWordWrap(True)
        self.help.setVisible(getattr(fact, "help", None) is not None)
        self.unknown: QCheckBox | None = None
        if not self.editor.own_unknown and getattr(fact, "allow_unknown", True):
            self.unknown = QCheckBox(self)
            self.unknown.toggled.connect(self._unknown_toggled)
        self.error = QLabel(self)
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.question, 1)
        head.addWidget(self.tag)
        if self.unknown is not None:
            head.addWidget(self.unknown, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 4)
        lay.setSpacing(2)
        lay.addLayout(head)
        lay.addWidget(self.help)
        lay.addWidget(self.editor)
        lay.addWidget(self.error)
        self.editor.edited.connect(self._edited)
        self.editor.commit.connect(self.commit)
        self._core_errors: dict[str, tuple[str, str]] = {}
        self.retranslate()

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        q = question_text(self.fact)
        self.question.setText(q)
        self.tag.setText(self.tr("(sensitive)"))
        self.tag.setToolTip(self.tr("Ask only if it matters for the family; it is stored encrypted."))
        help_text = pick(getattr(self.fact, "help", None))
        self.help.setText(help_text)
        if self.unknown is not None:
            unknown = self.tr("Unknown")
            self.unknown.setText(unknown)
            self.unknown.setAccessibleName(f"{q} — {unknown}")
        self.editor.set_accessible(q, help_text)
        self._render_errors()

    # ------------------------------------------------------------------ answers (Picard-style load/save)
    def load(self, answers: Answers) -> None:
        """Show the answer recorded for this fact."""
        unknown = self.fact.id in answers.unknown
        value = answers.get(self.fact.id)
        if hasattr(self.editor, "set_value") and self.editor.own_unknown:
            self.editor.set_value(value, unknown)  # type: ignore[call-arg]
        else:
            self.editor.set_value(value)
        if self.unknown is not None:
            self.unknown.blockSignals(True)
            self.unknown.setChecked(unknown)
            self.unknown.blockSignals(False)
            self.editor.setEnabled(not unknown)

    def save(self, answers: Answers) -> None:
        """Record this row's answer."""
        unknown = self.unknown.isChecked() if self.unknown is not None else self.editor.is_unknown()
        answers.set_unknown(self.fact.id, unknown)
        answers.set(self.fact.id, None if unknown else self.editor.value())

    def _edited(self) -> None:
        self.changed.emit(self.fact.id)

    def _unknown_toggled(self, checked: bool) -> None:
        self.editor.setEnabled(not checked)
        self.changed.emit(self.fact.id)
        if checked:
            self.commit.emit()

    # ------------------------------------------------------------------ problems
    def set_errors(self, errors: dict[str, tuple[str, str]]) -> None:
        """Problems the core found (key '' for the fact itself, ``[i].x`` inside a list)."""
        self._core_errors = errors
        self._render_errors()

    def _render_errors(self) -> None:
        language = lang()
        if isinstance(self.editor, ListEditor):
            text = self.editor.show_errors(self._core_errors)
        else:
            pair = self._core_errors.get("")
            if pair is None and self.editor.isEnabled():
                pair = self.editor.local_error(not self.editor.has_focus_inside())
            text = (pair[1] if language == "en" else pair[0]) if pair else ""
        self.error.setText(f"✘ {text}" if text else "")
        self.error.setVisible(bool(text))
        described = question_text(self.fact) + (f" — {text}" if text else "")
        self.error.setAccessibleName(described)

    def refresh_local(self) -> None:
        """Re-check incomplete entries (the focus moved)."""
        self._render_errors()

    def error_text(self) -> str:
        """The problem shown under the input ('' when none)."""
        return self.error.text().removeprefix("✘ ") if not self.error.isHidden() else ""

    def has_problem(self) -> bool:
        """True when a problem is shown (or would be once the worker leaves the field)."""
        if self._core_errors:
            return True
        return not isinstance(self.editor, ListEditor) and self.editor.local_error(True) is not None

    # ------------------------------------------------------------------ keyboard
    def focus_input(self) -> None:
        """Put the cursor in this question."""
        target = self.editor.focus_widget() if self.editor.isEnabled() else (self.unknown or self.editor)
        target.setFocus(Qt.FocusReason.TabFocusReason)

    def tab_chain(self) -> list[QWidget]:
        """Focusable widgets in Tab order: the inputs, then "unknown"."""
        chain = list(self.editor.inputs())
        if self.unknown is not None:
            chain.append(self.unknown)
        return chain
