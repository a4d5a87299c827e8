"""Month-precision date input: year + month, day optional (``YYYY-MM`` or ``YYYY-MM-DD``)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from advisor.gui.i18n import Retranslating


def _digits(n: int, parent: QObject) -> QRegularExpressionValidator:
    return QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{n}}}"), parent)


class MonthDateEdit(Retranslating, QWidget):
    """Three small boxes: year (4 digits), month, day (optional unless ``require_day``)."""

    edited = Signal()
    commit = Signal()

    def __init__(self, require_day: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.require_day = require_day
        self.year = QLineEdit(self)
        self.month = QLineEdit(self)
        self.day = QLineEdit(self)
        self._labels = [QLabel(self) for _ in range(3)]
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        for edit, width, label in ((self.year, 5, self._labels[0]), (self.month, 3, self._labels[1]),
                                   (self.day, 3, self._labels[2])):
            edit.setValidator(_digits(4 if edit is self.year else 2, edit))
            edit.setMaxLength(4 if edit is self.year else 2)
            edit.setFixedWidth(edit.fontMetrics().horizontalAdvance("0") * width + 16)
            edit.textEdited.connect(self._on_edited)
            edit.installEventFilter(self)
            label.setBuddy(edit)
            lay.addWidget(edit)
            lay.addWidget(label)
        lay.addStretch(1)
        self._name = ""
        self.retranslate()

    def retranslate(self) -> None:
        """Labels and accessible names in the current language."""
        self._labels[0].setText(self.tr("year"))
        self._labels[1].setText(self.tr("month"))
        self._labels[2].setText(self.tr("day") if self.require_day else self.tr("day (optional)"))
        self.set_accessible(self._name)

    def set_accessible(self, name: str) -> None:
        """Accessible names naming the question and the part (year, month, day)."""
        self._name = name
        for edit, part in ((self.year, self.tr("year")), (self.month, self.tr("month")),
                           (self.day, self.tr("day"))):
            edit.setAccessibleName(f"{name} — {part}" if name else part)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.FontChange:
            for edit, width in ((self.year, 5), (self.month, 3), (self.day, 3)):
                edit.setFixedWidth(edit.fontMetrics().horizontalAdvance("0") * width + 16)
        super().changeEvent(event)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if obj is self.year and self.year.text():
                    self.month.setFocus(Qt.FocusReason.TabFocusReason)
                else:
                    self.commit.emit()
                return True
        return super().eventFilter(obj, event)

    def _on_edited(self, _text: str) -> None:
        if self.sender() is self.year and len(self.year.text()) == 4 and self.year.hasFocus():
            self.month.setFocus(Qt.FocusReason.TabFocusReason)  # year done: on to the month
        self.edited.emit()

    # ------------------------------------------------------------------ value
    def text_value(self) -> str | None:
        """``YYYY-MM`` / ``YYYY-MM-DD`` as typed (not checked further), or None when incomplete/empty."""
        y, m, d = self.year.text(), self.month.text(), self.day.text()
        if not (y or m or d) or len(y) != 4 or not m:
            return None
        text = f"{y}-{int(m):02d}"
        return f"{text}-{int(d):02d}" if d else text

    def local_error(self, final: bool) -> tuple[str, str] | None:
        """Problems only this widget can see (an incomplete entry); the rest is checked by the core."""
        y, m, d = self.year.text(), self.month.text(), self.day.text()
        if not (y or m or d):
            return None
        if not y:
            return ("请填写年份", "enter the year")
        if len(y) != 4:
            return ("年份应为4位数字，例如 2017", "the year has 4 digits, e.g. 2017") if final else None
        if not m:
            return ("请填写月份", "enter the month") if final else None
        if final and self.require_day and not d:
            return ("需要填写具体哪一天", "the day is needed too")
        return None

    def set_text_value(self, value: str | None) -> None:
        """Show ``YYYY-MM[-DD]`` (or clear)."""
        parts = (value or "").split("-")
        self.year.setText(parts[0] if value else "")
        self.month.setText(parts[1] if len(parts) > 1 else "")
        self.day.setText(parts[2] if len(parts) > 2 else "")

    def inputs(self) -> list[QLineEdit]:
        """The three boxes."""
        return [self.year, self.month, self.day]

    def has_focus_inside(self) -> bool:
        """True while one of the boxes has the focus."""
        return any(e.hasFocus() for e in self.inputs())
