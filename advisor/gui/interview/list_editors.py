"""Editors for lists: social-insurance periods, homes, children, yearly income tax.

A list has three states, like every answer: not answered (None), "none" (an empty list) and items.
Each item is a small form built from the same field editors as the questions; its problems show
under the sub-field (``[0].start``) or the item (``[0]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor.gui.i18n import lang, pick
from advisor.gui.interview.fields import FieldEditor, make_editor

_CTX = "ListEditors"


@dataclass(frozen=True)
class Sub:
    """One sub-field of a list item."""

    key: str
    type: str
    label: Any  # a GUI string (translated in context ListEditors) or a {zh, en} text from the pack
    values: tuple[Any, ...] = ()
    labels: dict[str, Any] | None = None
    unit: str | None = None

    def text(self) -> str:
        """The label in the current language."""
        return QCoreApplication.translate(_CTX, self.label) if isinstance(self.label, str) else pick(self.label)

    def pseudo_fact(self, owner: str) -> Any:
        """A fact-like object the field editors understand."""
        return SimpleNamespace(id=f"{owner}.{self.key}", type=self.type, values=list(self.values),
                               labels=self.labels, unit=self.unit, ask_if=None)


SCHEME_LABELS = {"employee": QT_TRANSLATE_NOOP("Choices", "employee (via employer)"),
                 "flexible": QT_TRANSLATE_NOOP("Choices", "flexible (self-paid)")}
HOME_LABELS = {
    "owned": QT_TRANSLATE_NOOP("Choices", "own home"),
    "rented": QT_TRANSLATE_NOOP("Choices", "rented"),
    "employer_dorm": QT_TRANSLATE_NOOP("Choices", "employer dormitory"),
    "informal": QT_TRANSLATE_NOOP("Choices", "informal (no registered lease)"),
    "with_relatives": QT_TRANSLATE_NOOP("Choices", "with relatives or friends"),
}
CITY_VALUES = ("beijing", "shanghai", "guangzhou", "shenzhen", "other")


def _city_labels(services: Any) -> dict[str, dict[str, str]]:
    return {c: {"zh": services.city_name(c, "zh"), "en": services.city_name(c, "en")} for c in CITY_VALUES}


def period_fields(services: Any) -> list[Sub]:
    """Sub-fields of one social-insurance period."""
    return [
        Sub("start", "date", QT_TRANSLATE_NOOP("ListEditors", "From")),
        Sub("end", "date", QT_TRANSLATE_NOOP("ListEditors", "To (empty if still paying)")),
        Sub("city", "enum", QT_TRANSLATE_NOOP("ListEditors", "Where paid"), CITY_VALUES, _city_labels(services)),
        Sub("scheme", "enum", QT_TRANSLATE_NOOP("ListEditors", "Type"), ("employee", "flexible"), SCHEME_LABELS),
        Sub("back_paid_months", "int", QT_TRANSLATE_NOOP("ListEditors", "Months paid afterwards (back-paid)"),
            unit="month"),
    ]


def home_fields(services: Any) -> list[Sub]:
    """Sub-fields of one home."""
    return [
        Sub("type", "enum", QT_TRANSLATE_NOOP("ListEditors", "Kind of home"), tuple(HOME_LABELS), HOME_LABELS),
        Sub("start", "date", QT_TRANSLATE_NOOP("ListEditors", "From")),
        Sub("end", "date", QT_TRANSLATE_NOOP("ListEditors", "To (empty if living there now)")),
        Sub("registered_lease", "bool", QT_TRANSLATE_NOOP("ListEditors", "Lease registered with the authorities?")),
        Sub("district", "text", QT_TRANSLATE_NOOP("ListEditors", "District")),
    ]


def tax_fields(services: Any) -> list[Sub]:
    """Sub-fields of one year of income tax."""
    return [Sub("year", "int", QT_TRANSLATE_NOOP("ListEditors", "Year")),
            Sub("amount", "number", QT_TRANSLATE_NOOP("ListEditors", "Income tax paid"), unit="yuan")]


def child_fields(child_facts: list[Any]) -> list[Sub]:
    """Sub-fields of one child: the per-child facts the rules need (the name always)."""
    out = []
    for f in child_facts:
        out.append(Sub(f.id.split(".", 1)[1], f.type, f.question, tuple(f.values or ()), f.labels, f.unit))
    return out


class ItemFrame(QFrame):
    """One item of a list: a title, a remove button and the sub-field editors."""

    def __init__(self, owner: ListEditor, subs: list[Sub]):
        super().__init__(owner)
        self.setProperty("role", "item")
        self.owner = owner
        self.subs = subs
        self.title = QLabel(self)
        self.remove = QPushButton(self)
        self.remove.clicked.connect(lambda: owner.remove_item(self))
        self.item_error = QLabel(self)
        self.item_error.setProperty("role", "error")
        self.item_error.setWordWrap(True)
        self.item_error.hide()
        self.editors: dict[str, FieldEditor] = {}
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        r = c = 0
        for sub in subs:
            editor = make_editor(sub.pseudo_fact(owner.fact.id), self)
            editor.edited.connect(owner.item_edited)
            editor.commit.connect(lambda k=sub.key: owner.sub_commit(self, k))
            label = QLabel(self)
            label.setWordWrap(True)
            label.setBuddy(editor.focus_widget())
            err = QLabel(self)
            err.setProperty("role", "error")
            err.setWordWrap(True)
            err.hide()
            wide = sub.type in ("date", "bool")  # date boxes and yes/no/unknown need the whole width
            if wide and c:
                r, c = r + 1, 0
            span = 2 if wide else 1
            grid.addWidget(label, 3 * r, c, 1, span)
            grid.addWidget(editor, 3 * r + 1, c, 1, span)
            grid.addWidget(err, 3 * r + 2, c, 1, span)
            r, c = (r + 1, 0) if wide or c else (r, 1)
            self.editors[sub.key], self.labels[sub.key], self.errors[sub.key] = editor, label, err
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.remove)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.addLayout(head)
        lay.addLayout(grid)
        lay.addWidget(self.item_error)

    def retranslate(self, index: int) -> None:
        """Texts for the item at a position (1-based in the title)."""
        title = self.owner.item_title(index, self.value())
        self.title.setText(title)
        self.remove.setText(QCoreApplication.translate("ListEditors", "Remove"))
        self.remove.setAccessibleName(QCoreApplication.translate("ListEditors", "Remove: %1").replace("%1", title))
        for sub in self.subs:
            text = sub.text()
            self.labels[sub.key].setText(text)
            self.editors[sub.key].set_accessible(f"{title} — {text}")

    def value(self) -> dict[str, Any]:
        """The item as a case-file object (unanswered sub-fields left out)."""
        out = {}
        for key, editor in self.editors.items():
            v = editor.value()
            if v is not None:
                out[key] = v
        return out

    def set_value(self, data: dict[str, Any]) -> None:
        """Show an item."""
        for key, editor in self.editors.items():
            editor.set_value(data.get(key))

    def inputs(self) -> list[QWidget]:
        """Focusable inputs in order."""
        out: list[QWidget] = []
        for editor in self.editors.values():
            out += editor.inputs()
        return out + [self.remove]

    def show_errors(self, errors: dict[str, str], final_all: bool) -> None:
        """Problems from the core (by sub-field key, '' for the item) plus incomplete entries."""
        for key, editor in self.editors.items():
            local = editor.local_error(final_all or not editor.has_focus_inside())
            text = errors.get(key) or (pick({"zh": local[0], "en": local[1]}) if local else "")
            label = self.errors[key]
            label.setText(f"✘ {text}" if text else "")
            label.setVisible(bool(text))
        item_text = errors.get("", "")
        self.item_error.setText(f"✘ {item_text}" if item_text else "")
        self.item_error.setVisible(bool(item_text))


class ListEditor(FieldEditor):
    """A list of items with Add / Remove, and "none" (an empty list) as an answer of its own."""

    add_text = QT_TRANSLATE_NOOP("ListEditors", "Add")
    none_text = QT_TRANSLATE_NOOP("ListEditors", "None")
    item_word = QT_TRANSLATE_NOOP("ListEditors", "Entry %1")

    def __init__(self, fact: Any, subs: list[Sub], parent: QWidget | None = None):
        super().__init__(fact, parent)
        self.subs = subs
        self.items: list[ItemFrame] = []
        self.add_button = QPushButton(self)
        self.add_button.clicked.connect(lambda: self.add_item(focus=True, user=True))
        self.add_button.installEventFilter(self)
        self.none_box = QCheckBox(self)
        self.none_box.toggled.connect(self._none_toggled)
        self._watch(self.none_box)
        self.items_box = QVBoxLayout()
        self.items_box.setSpacing(6)
        foot = QHBoxLayout()
        foot.addWidget(self.add_button)
        foot.addWidget(self.none_box)
        foot.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(self.items_box)
        lay.addLayout(foot)
        self._errors: dict[str, str] = {}
        self.retranslate()

    # ------------------------------------------------------------------ texts
    def item_title(self, index: int, data: dict[str, Any]) -> str:
        """``第 1 段`` / ``Entry 1`` (subclasses add a name)."""
        return QCoreApplication.translate(_CTX, self.item_word).replace("%1", str(index + 1))

    def retranslate(self) -> None:
        self.add_button.setText("+ " + QCoreApplication.translate(_CTX, self.add_text))
        self.none_box.setText(QCoreApplication.translate(_CTX, self.none_text))
        for i, item in enumerate(self.items):
            item.retranslate(i)
        if self._name:
            self.set_accessible(self._name)

    def set_accessible(self, name: str, description: str = "") -> None:
        self._name = name
        self.add_button.setAccessibleName(f"{name} — {self.add_button.text().lstrip('+ ')}")
        self.none_box.setAccessibleName(f"{name} — {self.none_box.text()}")
        self.add_button.setAccessibleDescription(description)

    # ------------------------------------------------------------------ items
    def add_item(self, data: dict[str, Any] | None = None, focus: bool = False, user: bool = False) -> ItemFrame:
        """Append an item (focus its first input when asked)."""
        item = ItemFrame(self, self.subs)
        self.items.append(item)
        self.items_box.addWidget(item)
        if data:
            item.set_value(data)
        item.retranslate(len(self.items) - 1)
        self._setting = True
        self.none_box.setChecked(False)
        self._setting = False
        self._fix_tab_order()
        if focus:
            item.editors[self.subs[0].key].focus_widget().setFocus(Qt.FocusReason.OtherFocusReason)
        if user:
            self.edited.emit()
        return item

    def remove_item(self, item: ItemFrame) -> None:
        """Remove an item (the worker's own action)."""
        index = self.items.index(item)
        self.items.remove(item)
        item.hide()
        item.deleteLater()
        for i, it in enumerate(self.items):
            it.retranslate(i)
        target = self.items[min(index, len(self.items) - 1)].inputs()[0] if self.items else self.add_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        self._fix_tab_order()
        self.edited.emit()

    def item_edited(self) -> None:
        """A sub-field changed: titles may show a new name."""
        for i, it in enumerate(self.items):
            it.title.setText(self.item_title(i, it.value()))
        self._emit_edited()

    def sub_commit(self, item: ItemFrame, key: str) -> None:
        """Enter in a sub-field: on to the next one, then to Add."""
        keys = [s.key for s in self.subs]
        i = keys.index(key)
        if i + 1 < len(keys):
            item.editors[keys[i + 1]].focus_widget().setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self.add_button.setFocus(Qt.FocusReason.TabFocusReason)

    def _none_toggled(self, checked: bool) -> None:
        if checked and self.items and not self._setting:
            for item in list(self.items):
                self.items.remove(item)
                item.hide()
                item.deleteLater()
        self._emit_edited()

    def _fix_tab_order(self) -> None:
        chain = self.inputs()
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)

    # ------------------------------------------------------------------ value
    def value(self) -> Any:
        if self.items:
            return [item.value() for item in self.items]
        return [] if self.none_box.isChecked() else None

    def set_value(self, value: Any) -> None:
        self._setting = True
        try:
            for item in list(self.items):
                self.items.remove(item)
                item.setParent(None)
                item.deleteLater()
            for data in value or []:
                self.add_item(data if isinstance(data, dict) else {})
            self.none_box.setChecked(value == [])
        finally:
            self._setting = False

    def inputs(self) -> list[QWidget]:
        out: list[QWidget] = []
        for item in self.items:
            out += item.inputs()
        return out + [self.add_button, self.none_box]

    def focus_widget(self) -> QWidget:
        return self.items[0].inputs()[0] if self.items else self.add_button

    def show_errors(self, errors: dict[str, tuple[str, str]], final_all: bool = False) -> str:
        """Spread problems (``[i].key`` / ``[i]``) over the items; return the text for the list itself."""
        language = lang()
        per_item: list[dict[str, str]] = [{} for _ in self.items]
        own = ""
        for sub, (zh, en) in errors.items():
            text = en if language == "en" else zh
            if sub.startswith("["):
                idx, _, rest = sub[1:].partition("]")
                if idx.isdigit() and int(idx) < len(per_item):
                    per_item[int(idx)][rest.lstrip(".").split(".")[0].split("[")[0]] = text
                    continue
            own = own or text
        for item, errs in zip(self.items, per_item):
            item.show_errors(errs, final_all)
        return own

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.add_button and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.add_item(focus=True, user=True)
                return True
        return super().eventFilter(obj, event)


class PeriodsEditor(ListEditor):
    """Social-insurance periods."""

    add_text = QT_TRANSLATE_NOOP("ListEditors", "Add a period of social insurance")
    none_text = QT_TRANSLATE_NOOP("ListEditors", "Never paid")
    item_word = QT_TRANSLATE_NOOP("ListEditors", "Period %1")


class HomesEditor(ListEditor):
    """Homes in the city."""

    add_text = QT_TRANSLATE_NOOP("ListEditors", "Add a home")
    none_text = QT_TRANSLATE_NOOP("ListEditors", "No home in the city yet")
    item_word = QT_TRANSLATE_NOOP("ListEditors", "Home %1")


class TaxYearsEditor(ListEditor):
    """Income tax paid per year."""

    add_text = QT_TRANSLATE_NOOP("ListEditors", "Add a year")
    none_text = QT_TRANSLATE_NOOP("ListEditors", "No income tax paid")
    item_word = QT_TRANSLATE_NOOP("ListEditors", "Year %1")


class ChildrenEditor(ListEditor):
    """Children (their names title the items)."""

    add_text = QT_TRANSLATE_NOOP("ListEditors", "Add a child")
    none_text = QT_TRANSLATE_NOOP("ListEditors", "No children")
    item_word = QT_TRANSLATE_NOOP("ListEditors", "Child %1")

    def item_title(self, index: int, data: dict[str, Any]) -> str:
        base = super().item_title(index, data)
        return f"{base}：{data['name']}" if data.get("name") and lang() == "zh" else (
            f"{base}: {data['name']}" if data.get("name") else base)


def make_list_editor(fact: Any, parent: QWidget | None = None, **context: Any) -> ListEditor:
    """The list editor for a list fact (``children`` needs the child facts to ask)."""
    services = context["services"]
    if fact.type == "periods":
        return PeriodsEditor(fact, period_fields(services), parent)
    if fact.type == "homes":
        return HomesEditor(fact, home_fields(services), parent)
    if fact.type == "tax_years":
        return TaxYearsEditor(fact, tax_fields(services), parent)
    return ChildrenEditor(fact, child_fields(context.get("child_facts") or []), parent)
