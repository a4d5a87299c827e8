"""One input widget per fact type of the catalogue (bool, enum, int, number, date, text, list).

Editors hold what was typed; the core checks it (``Services.check``) and the question row shows the
problem under the input. An editor reports only what the core cannot see: an entry left half-done.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from advisor.gui.i18n import Retranslating, pick
from advisor.gui.interview.date_edit import MonthDateEdit

UNIT_WORDS = {
    "yuan": QT_TRANSLATE_NOOP("Units", "yuan"),
    "yuan_month": QT_TRANSLATE_NOOP("Units", "yuan/month"),
    "m2": QT_TRANSLATE_NOOP("Units", "m²"),
    "person": QT_TRANSLATE_NOOP("Units", "people"),
    "year": QT_TRANSLATE_NOOP("Units", "years"),
    "month": QT_TRANSLATE_NOOP("Units", "months"),
    "points": QT_TRANSLATE_NOOP("Units", "points"),
    "age": QT_TRANSLATE_NOOP("Units", "years old"),
    "day": QT_TRANSLATE_NOOP("Units", "days"),
    "percent": QT_TRANSLATE_NOOP("Units", "%"),
}


def unit_word(unit: str | None) -> str:
    """A unit as the suffix shown after a number box."""
    if not unit or unit not in UNIT_WORDS:
        return ""
    return QCoreApplication.translate("Units", UNIT_WORDS[unit])


def label_text(label: Any) -> str:
    """An enum label: a {zh, en} text from the pack, or a GUI string translated in context Choices."""
    if isinstance(label, str):
        return QCoreApplication.translate("Choices", label)
    return pick(label)


class FieldEditor(Retranslating, QWidget):
    """Base class: ``value()`` / ``set_value()``, ``edited`` on user changes, ``commit`` on Enter."""

    edited = Signal()
    commit = Signal()
    own_unknown = False  # True when the editor itself offers "unknown" (yes / no / unknown)

    def __init__(self, fact: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.fact = fact
        self._name = ""
        self._setting = False

    def value(self) -> Any:
        """The answer as a case-file value (None: not answered)."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show an answer (does not emit ``edited``)."""
        raise NotImplementedError

    def local_error(self, final: bool) -> tuple[str, str] | None:
        """An incomplete entry the core cannot see; ``final`` once the worker has left the field."""
        return None

    def inputs(self) -> list[QWidget]:
        """The focusable inputs, in Tab order."""
        raise NotImplementedError

    def focus_widget(self) -> QWidget:
        """Where the focus goes when this question is reached."""
        return self.inputs()[0]

    def has_focus_inside(self) -> bool:
        """True while an input of this editor has the focus."""
        return any(w.hasFocus() for w in self.inputs())

    def set_accessible(self, name: str, description: str = "") -> None:
        """Accessible name (the question) and description (help text) on every input."""
        self._name = name
        for w in self.inputs():
            w.setAccessibleName(name)
            w.setAccessibleDescription(description)

    def is_unknown(self) -> bool:
        """True when the editor itself says "unknown" (bool editors)."""
        return False

    def _emit_edited(self, *_args: Any) -> None:
        if not self._setting:
            self.edited.emit()

    def _watch(self, widget: QWidget) -> None:
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if isinstance(obj, QComboBox) and obj.view().isVisible():
                    return False
                self.commit.emit()
                return True
        return super().eventFilter(obj, event)


class TextEditor(FieldEditor):
    """One line of text (names, districts); the ID number is checked by the core."""

    max_length = 100

    def __init__(self, fact: Any, parent: QWidget | None = None):
        super().__init__(fact, parent)
        self.edit = QLineEdit(self)
        self.edit.setMaxLength(self.max_length)
        self.edit.textEdited.connect(self._emit_edited)
        self._watch(self.edit)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit)

    def value(self) -> Any:
        text = self.edit.text().strip()
        return text or None

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def inputs(self) -> list[QWidget]:
        return [self.edit]


class IdNumberEditor(TextEditor):
    """The resident ID number (18 characters; full-width digits accepted)."""

    max_length = 24

    def __init__(self, fact: Any, parent: QWidget | None = None):
        super().__init__(fact, parent)
        self.edit.setPlaceholderText("110105194912310021")


class ListTextEditor(TextEditor):
    """A short list typed as text, separated by commas (``list`` facts)."""

    max_length = 400

    def value(self) -> Any:
        text = self.edit.text().replace("、", ",").replace("，", ",")
        items = [p.strip() for p in text.split(",") if p.strip()]
        return items or None

    def set_value(self, value: Any) -> None:
        self.edit.setText(", ".join(str(v) for v in value) if value else "")


class NumberEditor(FieldEditor):
    """A whole number (``int``) or a number with up to 2 decimals (``number``), with its unit."""

    def __init__(self, fact: Any, parent: QWidget | None = None, *, integer: bool | None = None):
        super().__init__(fact, parent)
        self.integer = fact.type == "int" if integer is None else integer
        pattern = r"-?\d{0,7}" if self.integer else r"-?\d{0,10}([.]\d{0,2})?"
        self.edit = QLineEdit(self)
        self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), self.edit))
        self.edit.setMaximumWidth(self.edit.fontMetrics().horizontalAdvance("0") * 12 + 16)
        self.edit.textEdited.connect(self._emit_edited)
        self._watch(self.edit)
        self.unit = QLabel(self)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit)
        lay.addWidget(self.unit)
        lay.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.unit.setText(unit_word(getattr(self.fact, "unit", None)))

    def value(self) -> Any:
        text = self.edit.text()
        if text in ("", "-", ".", "-."):
            return None
        if self.integer:
            return int(text)
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number

    def set_value(self, value: Any) -> None:
        if value is None:
            self.edit.setText("")
        elif isinstance(value, float) and value.is_integer() and not self.integer:
            self.edit.setText(str(int(value)) if abs(value) < 1e15 else str(value))
        else:
            self.edit.setText(str(value))

    def local_error(self, final: bool) -> tuple[str, str] | None:
        if final and self.edit.text() in ("-", ".", "-."):
            return ("请填写数字", "enter a number")
        return None

    def inputs(self) -> list[QWidget]:
        return [self.edit]


class DateEditor(FieldEditor):
    """A date to the month (day optional)."""

    def __init__(self, fact: Any, parent: QWidget | None = None, *, require_day: bool = False):
        super().__init__(fact, parent)
        self.date = MonthDateEdit(require_day, self)
        self.date.edited.connect(self._emit_edited)
        self.date.commit.connect(self.commit)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.date)

    def value(self) -> Any:
        return self.date.text_value()

    def set_value(self, value: Any) -> None:
        self.date.set_text_value(value)

    def local_error(self, final: bool) -> tuple[str, str] | None:
        return self.date.local_error(final)

    def inputs(self) -> list[QWidget]:
        return list(self.date.inputs())

    def set_accessible(self, name: str, description: str = "") -> None:
        self._name = name
        self.date.set_accessible(name)
        for w in self.inputs():
            w.setAccessibleDescription(description)


class EnumEditor(FieldEditor):
    """A choice from the fact's values, labelled in the current language."""

    def __init__(self, fact: Any, parent: QWidget | None = None):
        super().__init__(fact, parent)
        self.combo = QComboBox(self)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.currentIndexChanged.connect(self._emit_edited)
        self._watch(self.combo)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.combo)
        lay.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        current = self.value() if self.combo.count() else None
        self._setting = True
        try:
            self.combo.clear()
            self.combo.addItem(self.tr("— choose —"), None)
            labels = self.fact.labels or {}
            for v in self.fact.values or []:
                label = labels.get(str(v)) if isinstance(labels, dict) else None
                self.combo.addItem(label_text(label) if label is not None else str(v), v)
            self._select(current)
        finally:
            self._setting = False

    def _select(self, value: Any) -> None:
        for i in range(self.combo.count()):
            data = self.combo.itemData(i)
            if data == value and type(data) is type(value):
                self.combo.setCurrentIndex(i)
                return
        self.combo.setCurrentIndex(0)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        self._setting = True
        try:
            self._select(value)
        finally:
            self._setting = False

    def inputs(self) -> list[QWidget]:
        return [self.combo]


class BoolEditor(FieldEditor):
    """Yes / no / unknown as three radio buttons (arrow keys move between them)."""

    own_unknown = True

    def __init__(self, fact: Any, parent: QWidget | None = None):
        super().__init__(fact, parent)
        self.yes, self.no, self.unknown = (QRadioButton(self) for _ in range(3))
        self.group = QButtonGroup(self)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        for b in (self.yes, self.no, self.unknown):
            self.group.addButton(b)
            self._watch(b)
            lay.addWidget(b)
        lay.addStretch(1)
        self.group.buttonToggled.connect(self._toggled)
        self.retranslate()

    def retranslate(self) -> None:
        self.yes.setText(self.tr("Yes"))
        self.no.setText(self.tr("No"))
        self.unknown.setText(self.tr("Unknown"))
        if self._name:
            self.set_accessible(self._name)

    def set_accessible(self, name: str, description: str = "") -> None:
        self._name = name
        for b in (self.yes, self.no, self.unknown):
            b.setAccessibleName(f"{name} — {b.text()}")
            b.setAccessibleDescription(description)

    def _toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self._emit_edited()

    def value(self) -> Any:
        if self.yes.isChecked():
            return True
        if self.no.isChecked():
            return False
        return None

    def is_unknown(self) -> bool:
        return self.unknown.isChecked()

    def set_value(self, value: Any, unknown: bool = False) -> None:
        self._setting = True
        try:
            self.group.setExclusive(False)
            self.yes.setChecked(value is True)
            self.no.setChecked(value is False)
            self.unknown.setChecked(value is None and unknown)
            self.group.setExclusive(True)
        finally:
            self._setting = False

    def inputs(self) -> list[QWidget]:
        return [self.yes, self.no, self.unknown]

    def focus_widget(self) -> QWidget:
        for b in self.inputs():
            if b.isChecked():
                return b
        return self.yes


def make_editor(fact: Any, parent: QWidget | None = None, **context: Any) -> FieldEditor:
    """The editor for a fact's type (list types get the list editors)."""
    t = fact.type
    if t == "bool":
        return BoolEditor(fact, parent)
    if t == "enum":
        return EnumEditor(fact, parent)
    if t in ("int", "number"):
        return NumberEditor(fact, parent)
    if t == "date":
        return DateEditor(fact, parent, require_day=bool(context.get("require_day")))
    if t == "list":
        return ListTextEditor(fact, parent)
    if t in ("periods", "homes", "children", "tax_years"):
        from advisor.gui.interview.list_editors import make_list_editor

        return make_list_editor(fact, parent, **context)
    if fact.id.endswith("id_number"):
        return IdNumberEditor(fact, parent)
    return TextEditor(fact, parent)

