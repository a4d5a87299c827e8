"""What-if, beside the results: change facts hypothetically and compare options and points before →
after. The interview's answers and the saved case are never touched (``Services.what_if`` works on a
copy). Changes are expressed as ``{case path: value}`` for ``advisor.rules.whatif.apply_changes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advisor.gui.i18n import Retranslating, lang, pick, tr
from advisor.gui.interview.answers import error_path_of
from advisor.gui.interview.fields import FieldEditor, make_editor
from advisor.gui.interview.rows import question_text
from advisor.gui.results.cards import option_key, status_text
from advisor.gui.style import CHANGED_BG, ERROR, STATUS_STYLE, esc, title_html
from advisor.gui.worker import Evaluator

PRESETS = (
    ("insurance", QT_TRANSLATE_NOOP("WhatIf", "More months of social insurance in this city")),
    ("degree", QT_TRANSLATE_NOOP("WhatIf", "A (higher) diploma or degree")),
    ("lease", QT_TRANSLATE_NOOP("WhatIf", "The lease is registered")),
    ("district", QT_TRANSLATE_NOOP("WhatIf", "Moving to another district")),
    ("later", QT_TRANSLATE_NOOP("WhatIf", "Some time passes")),
    ("answer", QT_TRANSLATE_NOOP("WhatIf", "Another answer to a question")),
)
LEVELS = ("junior_high", "senior_high", "secondary_vocational", "college", "bachelor", "master", "doctorate")



@dataclass
class Change:
    """One hypothetical change as the worker described it."""

    label: str
    changes: dict[str, Any] = field(default_factory=dict)
    later_months: int = 0


def merged(changes: list[Change]) -> tuple[dict[str, Any], int]:
    """All changes as one ``{path: value}`` (later ones win) and the total months of waiting."""
    out: dict[str, Any] = {}
    for c in changes:
        out.update(c.changes)
    return out, sum(c.later_months for c in changes)


class WhatIfPanel(Retranslating, QWidget):
    """Build hypothetical changes, then see every option and points total before → after."""

    def __init__(self, services: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.case: Any = None
        self.case_data: dict[str, Any] = {}
        self.facts: list[Any] = []
        self.changes: list[Change] = []
        self.before: dict[str, Any] | None = None
        self.after: dict[str, Any] | None = None
        self.evaluator = Evaluator(150, self)
        self.evaluator.finished.connect(self._done)
        self.evaluator.failed.connect(self._failed)

        self.title = QLabel(self)
        self.title.setProperty("role", "pagetitle")
        self.title.setWordWrap(True)
        self.intro = QLabel(self)
        self.intro.setProperty("role", "help")
        self.intro.setWordWrap(True)
        self.kind = QComboBox(self)
        self.kind.currentIndexChanged.connect(lambda i: self.params.setCurrentIndex(max(i, 0)))
        self.params = QStackedWidget(self)
        self.months = QSpinBox(self)
        self.months.setRange(1, 480)
        self.months.setValue(12)
        self.level = QComboBox(self)
        self.with_degree = QCheckBox(self)
        self.with_degree.setChecked(True)
        self.lease_note = QLabel(self)
        self.lease_note.setWordWrap(True)
        self.district = QLineEdit(self)
        self.district.setMaxLength(100)
        self.later = QSpinBox(self)
        self.later.setRange(1, 480)
        self.later.setValue(12)
        self.fact_box = QComboBox(self)
        self.fact_box.currentIndexChanged.connect(self._fact_chosen)
        self.value_holder = QVBoxLayout()
        self.value_editor: FieldEditor | None = None
        self._param_labels: list[QLabel] = []
        for widgets in ([self.months], [self.level, self.with_degree], [self.lease_note], [self.district],
                        [self.later], [self.fact_box, None]):
            page = QWidget()
            form = QFormLayout(page)
            form.setContentsMargins(0, 0, 0, 0)
            for w in widgets:
                label = QLabel(page)
                self._param_labels.append(label)
                if w is None:
                    holder = QWidget(page)
                    holder.setLayout(self.value_holder)
                    form.addRow(label, holder)
                else:
                    form.addRow(label, w)
            self.params.addWidget(page)
        self.add = QPushButton(self)
        self.add.clicked.connect(self._add_clicked)
        self.list = QListWidget(self)
        self.list.setMaximumHeight(110)
        self.remove = QPushButton(self)
        self.remove.clicked.connect(self._remove_selected)
        self.clear = QPushButton(self)
        self.clear.clicked.connect(self.clear_changes)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.table = QTableWidget(0, 2, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # narrow pane: both columns wrap

        buttons = QHBoxLayout()
        buttons.addWidget(self.remove)
        buttons.addWidget(self.clear)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.intro)
        lay.addWidget(self.kind)
        lay.addWidget(self.params)
        lay.addWidget(self.add)
        lay.addWidget(self.list)
        lay.addLayout(buttons)
        lay.addWidget(self.message)
        lay.addWidget(self.table, 1)
        self.retranslate()

    # ------------------------------------------------------------------ inputs
    def set_case(self, case: Any, facts: list[Any]) -> None:
        """The interview's current case (never modified) and the facts it asks."""
        self.case = case
        self.case_data = self.services.case_dict(case) if case is not None else {}
        self.facts = [f for f in facts if f.type in ("bool", "enum", "int", "number", "date", "text")
                      and not f.id.startswith("child.") and f.id not in ("case.as_of",)]
        current = self.fact_box.currentData()
        self.fact_box.blockSignals(True)
        self.fact_box.clear()
        for f in self.facts:
            self.fact_box.addItem(question_text(f), f.id)
        index = self.fact_box.findData(current)
        self.fact_box.setCurrentIndex(max(index, 0))
        self.fact_box.blockSignals(False)
        self._fact_chosen()
        self.recompute()

    def _fact_chosen(self, *_args: Any) -> None:
        if self.value_editor is not None:
            self.value_editor.setParent(None)
            self.value_editor.deleteLater()
            self.value_editor = None
        fid = self.fact_box.currentData()
        fact = next((f for f in self.facts if f.id == fid), None)
        if fact is None:
            return
        self.value_editor = make_editor(fact, services=self.services)
        self.value_editor.set_accessible(question_text(fact))
        self.value_holder.addWidget(self.value_editor)

    def build_change(self) -> Change | None:
        """The change the form describes (None with a message when it cannot apply)."""
        key = PRESETS[max(self.kind.currentIndex(), 0)][0]
        data, s = self.case_data, self.services
        city = data.get("city")
        if key == "insurance":
            n = self.months.value()
            periods = ((data.get("work") or {}).get("social_insurance")) or []
            local = [i for i, p in enumerate(periods) if p.get("city") == city and p.get("start")]
            ongoing = [i for i in local if not periods[i].get("end")]
            label = tr("%1 more months of social insurance in this city").replace("%1", str(n))
            if ongoing or local:
                i = (ongoing or local)[-1]
                start = periods[i]["start"]
                return Change(label, {f"work.social_insurance[{i}].start": s.shift_month(start[:7], -n)})
            as_of = str(data.get("as_of") or "")[:7]
            if not as_of:
                return None
            return Change(label, {"work.social_insurance[+]": {
                "start": s.shift_month(as_of, -n), "end": s.shift_month(as_of, -1), "city": city,
                "scheme": "employee", "back_paid_months": 0}})
        if key == "degree":
            level = self.level.currentData()
            label = tr("Diploma: %1").replace("%1", self.level.currentText())
            if self.with_degree.isChecked():
                label += " " + tr("with the degree")
            return Change(label, {"applicant.education.level": level,
                                  "applicant.education.degree": self.with_degree.isChecked()})
        if key == "lease":
            homes = ((data.get("residence") or {}).get("homes")) or []
            idx = [i for i, h in enumerate(homes) if h.get("type") in (None, "rented", "informal")]
            if not idx:
                self.message.setText(esc(tr("There is no rented home in the answers to register a lease for.")))
                return None
            ch: dict[str, Any] = {}
            for i in idx:
                ch[f"residence.homes[{i}].registered_lease"] = True
                if homes[i].get("type") == "informal":
                    ch[f"residence.homes[{i}].type"] = "rented"
            return Change(tr("The lease is registered"), ch)
        if key == "district":
            name = self.district.text().strip()
            if not name:
                self.message.setText(esc(tr("Type the district first.")))
                return None
            ch = {"district": name}
            homes = ((data.get("residence") or {}).get("homes")) or []
            for i, h in enumerate(homes):
                if not h.get("end"):
                    ch[f"residence.homes[{i}].district"] = name
            return Change(tr("Moving to %1").replace("%1", name), ch)
        if key == "later":
            n = self.later.value()
            return Change(tr("In %1 months").replace("%1", str(n)), {}, n)
        fid = self.fact_box.currentData()
        fact = next((f for f in self.facts if f.id == fid), None)
        if fact is None or self.value_editor is None:
            return None
        value = self.value_editor.value()
        shown = self.services.answer_text(fact, value, lang())
        return Change(f"{question_text(fact)} → {shown}", {error_path_of(fid): value})

    def _add_clicked(self) -> None:
        self.message.setText("")
        change = self.build_change()
        if change is not None:
            self.add_change(change)

    def add_change(self, change: Change) -> None:
        """Add a hypothetical change (also used by "try in what-if" on a points suggestion)."""
        self.changes.append(change)
        self._refresh_list()
        self.recompute()

    def add_suggestion(self, changes: dict[str, Any], label: str) -> None:
        """A points suggestion's changes, as computed by the engine."""
        self.add_change(Change(label, dict(changes)))

    def _remove_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.changes):
            del self.changes[row]
            self._refresh_list()
            self.recompute()

    def clear_changes(self) -> None:
        """Back to no changes."""
        self.changes = []
        self._refresh_list()
        self.recompute()

    def _refresh_list(self) -> None:
        self.list.clear()
        for c in self.changes:
            self.list.addItem(c.label)
            item = self.list.item(self.list.count() - 1)
            item.setBackground(QBrush(QColor(CHANGED_BG)))
        self.remove.setEnabled(bool(self.changes))
        self.clear.setEnabled(bool(self.changes))

    # ------------------------------------------------------------------ results
    def recompute(self) -> None:
        """Evaluate before and after off the GUI thread."""
        if self.case is None:
            self.before = self.after = None
            self._render()
            return
        changes, later = merged(self.changes)
        self.evaluator.request(self.services.what_if, self.case, changes, None, later)

    def _done(self, _gen: int, pair: Any) -> None:
        self.before, self.after = pair
        self.message.setText("")
        self._render()

    def _failed(self, _gen: int, zh: str, en: str) -> None:
        self.after = None
        self.message.setText(f"<span style='color:{ERROR}'>{esc(en if lang() == 'en' else zh)}</span>")
        self._render()

    def rows(self) -> list[tuple[str, str, str, bool]]:
        """(what, before, after, changed) for every option and points scheme."""
        out: list[tuple[str, str, str, bool]] = []
        if self.before is None:
            return out
        after = self.after or self.before
        b_opts = {option_key(o): o for o in self.before.get("options", [])}
        a_opts = {option_key(o): o for o in after.get("options", [])}
        for key in list(b_opts) + [k for k in a_opts if k not in b_opts]:
            o = b_opts.get(key) or a_opts[key]
            name = pick(o["title"]) + (f" · {o['subject_name']}" if o.get("subject_name") else "")
            bt = self._status(b_opts.get(key))
            at = self._status(a_opts.get(key))
            out.append((name, bt, at, bt != at))
        b_pts = {p["scheme"]: p for p in self.before.get("points", [])}
        a_pts = {p["scheme"]: p for p in after.get("points", [])}
        for scheme in list(b_pts) + [k for k in a_pts if k not in b_pts]:
            p = b_pts.get(scheme) or a_pts[scheme]
            bt, at = self._points(b_pts.get(scheme)), self._points(a_pts.get(scheme))
            out.append((pick(p["title"]), bt, at, bt != at))
        return out

    def _status(self, o: dict[str, Any] | None) -> str:
        if o is None:
            return tr("not shown")
        return f"{STATUS_STYLE[o['status']][0]} {status_text(self.services, o)}"

    def _points(self, p: dict[str, Any] | None) -> str:
        if p is None:
            return tr("not shown")
        if p.get("total") is None:
            return self._status(p) if p.get("status") else "—"
        n = self.services.number
        text = tr("%1 points").replace("%1", n(p["total"]))
        if p.get("gap"):
            text += " " + tr("(gap %1)").replace("%1", n(p["gap"]))
        return f"{STATUS_STYLE[p['status']][0]} {text}" if p.get("status") else text

    def _render(self) -> None:
        rows = sorted(self.rows(), key=lambda r: not r[3])  # what changed comes first
        self.table.setRowCount(len(rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, (name, before, after, changed) in enumerate(rows):
            cells = [name, f"{before}\n→ {after}" if changed else before]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if changed:
                    item.setBackground(QBrush(QColor(CHANGED_BG)))
                    item.setFont(bold)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()

    def retranslate(self) -> None:
        self.title.setText(title_html(tr("What if…")))
        self.intro.setText(tr("Try a change without touching the answers or the saved case. "
                              "Changed results are highlighted."))
        index = self.kind.currentIndex()
        self.kind.clear()
        for _key, text in PRESETS:
            self.kind.addItem(tr(text, "WhatIf"))
        self.kind.setCurrentIndex(max(index, 0))
        self.kind.setAccessibleName(tr("What to change"))
        texts = [tr("More months"), tr("Diploma"), "", "", tr("District"), tr("Months from now"),
                 tr("Question"), tr("New answer")]
        for label, text in zip(self._param_labels, texts):
            label.setText(text)
        self.months.setAccessibleName(tr("More months"))
        self.later.setAccessibleName(tr("Months from now"))
        self.district.setAccessibleName(tr("District"))
        self.fact_box.setAccessibleName(tr("Question"))
        self.with_degree.setText(tr("with the degree certificate"))
        self.lease_note.setText(tr("Every rented home in the answers gets a registered lease."))
        level = self.level.currentData()
        self.level.clear()
        fact = self.services.fact("applicant.education.level")
        labels = (fact.labels or {}) if fact is not None else {}
        for v in LEVELS:
            self.level.addItem(pick(labels.get(v)) or v, v)
        self.level.setCurrentIndex(max(self.level.findData(level or "bachelor"), 0))
        self.level.setAccessibleName(tr("Diploma"))
        self.add.setText(tr("Add this change"))
        self.remove.setText(tr("Remove selected"))
        self.clear.setText(tr("Clear all"))
        self.list.setAccessibleName(tr("Changes tried"))
        self.table.setHorizontalHeaderLabels([tr("Option"), tr("Now → with the changes")])
        self.table.setAccessibleName(tr("Before and after"))
        for f in range(self.fact_box.count()):
            fact = next((x for x in self.facts if x.id == self.fact_box.itemData(f)), None)
            if fact is not None:
                self.fact_box.setItemText(f, question_text(fact))
        self._refresh_list()
        self._render()

    def shutdown(self) -> None:
        """Wait for a running evaluation before the window closes."""
        self.evaluator.shutdown()


__all__ = ["Change", "WhatIfPanel", "merged", "Qt"]
