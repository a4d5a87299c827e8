"""The interview pane: a step bar, the pages, Back / Next — and the answers behind them.

Questions come from the facts the rules in force need (``Services.interview_facts``) for the chosen
city, needs and date; choosing another city or need rebuilds pages 2–6 (answers are kept).
Every change is checked by the core at once; problems show under the input, follow-up questions
appear or hide (``ask_if``), and ``answers_changed`` tells the window to re-evaluate and autosave.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from advisor.gui.i18n import Retranslating, lang, tr
from advisor.gui.interview.answers import Answers, error_path_of, fact_path
from advisor.gui.interview.fields import make_editor
from advisor.gui.interview.pages import (
    AS_OF_FACT,
    NEEDS_FACT,
    InterviewPage,
    NeedsEditor,
    ReviewPage,
    review_html,
    step_label,
)
from advisor.gui.interview.rows import QuestionRow

PAGE_KEYS = ("needs", "applicant", "residence", "work", "family", "extra", "review")
# Asked in every interview although no rule reads them: they identify the family's record (the case
# list searches by name and the last digits of the ID number). The ID number stays optional.
IDENTIFYING = ("applicant.name", "applicant.id_number")
TRIGGERS = ("case.city", "case.needs", "case.as_of")



class InterviewPanel(Retranslating, QWidget):
    """Pages of questions over one :class:`Answers`."""

    answers_changed = Signal()
    page_changed = Signal(int)

    def __init__(self, services: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.answers = Answers()
        self.checked: Any = None
        self.orphan_errors: list[tuple[str, str]] = []
        self.missing_facts: list[str] = []
        self._facts_key: Any = None
        self._set_aside: dict[str, Any] = {}
        self._started = False
        self.steps: list[QToolButton] = []
        group = QButtonGroup(self)
        bar = QGridLayout()
        bar.setSpacing(2)
        for i in range(len(PAGE_KEYS)):
            b = QToolButton(self)
            b.setCheckable(True)
            b.setProperty("role", "step")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            b.clicked.connect(lambda _c=False, i=i: self.go_to(i))
            group.addButton(b)
            bar.addWidget(b, i // 4, i % 4)
            self.steps.append(b)
        self.stack = QStackedWidget(self)
        self.back = QPushButton(self)
        self.next = QPushButton(self)
        self.back.clicked.connect(self.prev_page)
        self.next.clicked.connect(self._next_clicked)
        self.next.setAutoDefault(True)
        nav = QHBoxLayout()
        nav.addWidget(self.back)
        nav.addStretch(1)
        nav.addWidget(self.next)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.stack, 1)
        lay.addLayout(nav)

        self.pages: list[Any] = []
        for key in PAGE_KEYS[:-1]:
            self.pages.append(InterviewPage(key))
            self.stack.addWidget(self.pages[-1])
        self.review = ReviewPage()
        self.review.jump.connect(self.focus_fact)
        self.review.set_source(self._review_html)
        self.pages.append(self.review)
        self.stack.addWidget(self.review)
        self._build_first_page()

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(120)
        self._check_timer.timeout.connect(self.run_check)
        QApplication.instance().focusChanged.connect(self._focus_moved)
        for i in range(len(PAGE_KEYS)):
            QShortcut(QKeySequence(f"Alt+{i + 1}"), self, lambda i=i: self.go_to(i, focus=True))
        QShortcut(QKeySequence("Ctrl+PgDown"), self, self.next_page)
        QShortcut(QKeySequence("Ctrl+PgUp"), self, self.prev_page)
        self.retranslate()
        self.go_to(0)

    # ------------------------------------------------------------------ building
    def _connect(self, row: QuestionRow) -> QuestionRow:
        row.changed.connect(lambda _fid, r=row: self._row_changed(r))
        row.commit.connect(lambda r=row: self._row_commit(r))
        return row

    def _build_first_page(self) -> None:
        page = self.pages[0]
        city_fact = self.services.fact("case.city")
        self.city_row = self._connect(page.add_row(QuestionRow(city_fact, services=self.services)))
        self.needs_row = self._connect(page.add_row(
            QuestionRow(NEEDS_FACT, NeedsEditor(NEEDS_FACT, self.services))))
        self.as_of_row = self._connect(page.add_row(
            QuestionRow(AS_OF_FACT, make_editor(AS_OF_FACT, require_day=True))))
        self._fixed_rows = [self.city_row, self.needs_row, self.as_of_row]

    def _facts_key_now(self) -> tuple[Any, ...]:
        data = self.answers.data
        try:
            on = date.fromisoformat(str(data.get("as_of")))
        except ValueError:
            on = date.today()
        return data.get("city"), tuple(data.get("needs") or self.services.DOMAINS), on

    def _rebuild(self) -> None:
        """Create the question rows for the current city, needs and date."""
        key = self._facts_key_now()
        if key == self._facts_key:
            return
        self._facts_key = key
        city, domains, on = key
        focused = QApplication.focusWidget()
        facts = self.services.interview_facts(city, domains, on) if city else None
        first = self.pages[0]
        for row in [r for r in first.rows if r not in self._fixed_rows]:
            first.remove_row(row)
        for fact in (facts or {}).get("needs", []):
            if fact.id != "case.city":
                self._connect(first.add_row(QuestionRow(fact, services=self.services)))
        for index, pkey in enumerate(PAGE_KEYS[1:-1], start=1):
            old = self.pages[index]
            page = InterviewPage(pkey)
            page_facts = list((facts or {}).get(pkey, []))
            if facts is not None:
                ids = {f.id for f in page_facts}
                extra = [self.services.fact(fid) for fid in IDENTIFYING if fid not in ids]
                page_facts += [f for f in extra if f is not None and f.page == pkey]
                order = self.services.fact_order()
                page_facts.sort(key=lambda f: order.get(f.id, len(order)))
            child_facts = [f for f in page_facts if f.id.startswith("child.")]
            name = self.services.fact("child.name")
            if name is not None and name not in child_facts:
                child_facts.insert(0, name)
            for fact in page_facts:
                if fact.id.startswith("child."):
                    continue
                self._connect(page.add_row(QuestionRow(fact, services=self.services, child_facts=child_facts)))
            if facts is None:
                page.set_note(tr("Choose the city on page 1 first: the questions depend on it."))
            elif not page.rows:
                page.set_note(tr("The rules for this city and these needs ask nothing on this page."))
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.pages[index] = page
        for page in self.pages[:-1]:
            for row in page.rows:
                row.load(self.answers)
            self._tab_order(page)
        self.go_to(self.stack.currentIndex())
        if focused is not None and focused.isVisible():
            focused.setFocus()

    def _tab_order(self, page: InterviewPage) -> None:
        chain = [w for row in page.rows for w in row.tab_chain()]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)
        if chain:
            QWidget.setTabOrder(chain[-1], self.back)
            QWidget.setTabOrder(self.back, self.next)

    # ------------------------------------------------------------------ answers
    def start(self, answers: Answers, page: int = 0) -> None:
        """Show another case (new, opened or recovered)."""
        self.answers = answers
        self._set_aside: dict[str, Any] = {}
        self._started = False  # the first check shows the case as it is (nothing set aside)
        if not answers.data.get("as_of"):
            answers.data["as_of"] = date.today().isoformat()
        self._facts_key = None
        for row in self._fixed_rows:
            row.load(answers)
        self._rebuild()
        for row in self.all_rows():
            row.load(answers)
        self.run_check()
        self.go_to(page, focus=True)

    def all_rows(self) -> list[QuestionRow]:
        """Every question row on every page."""
        return [row for page in self.pages for row in page.rows]

    def _row_changed(self, row: QuestionRow) -> None:
        row.save(self.answers)
        self._check_timer.start()

    def run_check(self) -> None:
        """Check the answers now: rebuild if the city/needs/date changed, show problems and follow-ups."""
        self._check_timer.stop()
        initial = not self._started
        if self._facts_key_now() != self._facts_key:
            self._rebuild()
            initial = True  # new rows: show them as the answers are, set nothing aside
        checked = self.services.check(self.answers.data)
        changed = False
        for row in (r for r in self.all_rows() if r not in self._fixed_rows):
            ask = self.services.should_ask(row.fact, checked.case)
            fid = row.fact.id
            if not ask and not row.isHidden() and not initial:
                # The worker's last answer made this follow-up moot: set its answer aside (so it
                # cannot count), and bring it back if the follow-up is asked again.
                value = self.answers.get(fid)
                if value is not None:
                    self._set_aside[fid] = copy.deepcopy(value)
                    self.answers.set(fid, None)
                    changed = True
            elif ask and row.isHidden() and fid in self._set_aside:
                if self.answers.get(fid) is None:
                    self.answers.set(fid, self._set_aside.pop(fid))
                    row.load(self.answers)
                    changed = True
            row.setHidden(not ask)
        if changed:
            checked = self.services.check(self.answers.data)
        self._started = True
        self.checked = checked
        self._show_errors(checked.errors)
        if self.stack.currentWidget() is self.review:
            self.review.refresh()
        self.answers_changed.emit()

    def _show_errors(self, errors: list[Any]) -> None:
        by_row: dict[QuestionRow, dict[str, tuple[str, str]]] = {r: {} for r in self.all_rows()}
        targets = [(error_path_of(r.fact.id), r) for r in self.all_rows() if not r.isHidden()]
        targets.sort(key=lambda t: -len(t[0]))
        orphans = []
        for err in errors:
            for path, row in targets:
                if err.path == path or err.path.startswith(path + "[") or err.path.startswith(path + "."):
                    by_row[row][err.path[len(path):]] = (err.zh, err.en)
                    break
            else:
                orphans.append((err.path, err.en if lang() == "en" else err.zh))
        for row, errs in by_row.items():
            row.set_errors(errs)
        self.orphan_errors = orphans
        for i, page in enumerate(self.pages):
            bad = any(r.has_problem() for r in page.visible_rows())
            self.steps[i].setProperty("hasErrors", "true" if bad else "false")
            self.steps[i].style().unpolish(self.steps[i])
            self.steps[i].style().polish(self.steps[i])

    def set_missing_facts(self, missing: list[str]) -> None:
        """Unknown facts that could change the results (from the latest evaluation)."""
        self.missing_facts = list(missing)
        if self.stack.currentWidget() is self.review:
            self.review.refresh()

    def _review_html(self) -> str:
        return review_html([p for p in self.pages[:-1]], self.answers, self.services, self.missing_facts,
                           self.orphan_errors)

    def _focus_moved(self, old: QWidget | None, _new: QWidget | None) -> None:
        if old is None:
            return
        for row in self.all_rows():
            if row.isAncestorOf(old):
                row.refresh_local()
                break

    def problems(self) -> list[tuple[str, str]]:
        """(question, problem) for every answer with a problem — what Save warns about."""
        out = [(r.question.text(), r.error_text() or tr("incomplete entry")) for r in self.all_rows()
               if not r.isHidden() and r.has_problem()]
        return out + self.orphan_errors

    # ------------------------------------------------------------------ navigation
    def go_to(self, index: int, focus: bool = False) -> None:
        """Show a page (and put the cursor in its first question)."""
        index = max(0, min(index, len(self.pages) - 1))
        self.stack.setCurrentIndex(index)
        self.steps[index].setChecked(True)
        self.back.setEnabled(index > 0)
        self.next.setEnabled(index < len(self.pages) - 1)
        if self.pages[index] is self.review:
            self.review.refresh()
        if focus:
            rows = self.pages[index].visible_rows()
            if rows:
                rows[0].focus_input()
            elif index < len(self.pages) - 1:
                self.next.setFocus()
            else:
                self.review.text.setFocus()
        self.page_changed.emit(index)

    def current_page(self) -> int:
        """Index of the page shown."""
        return self.stack.currentIndex()

    def next_page(self) -> None:
        """On to the next page."""
        self.go_to(self.current_page() + 1, focus=True)

    def prev_page(self) -> None:
        """Back to the previous page."""
        self.go_to(self.current_page() - 1, focus=True)

    def _next_clicked(self) -> None:
        self.next_page()

    def _row_commit(self, row: QuestionRow) -> None:
        """Enter in a question: on to the next question shown, then to Next."""
        if self._check_timer.isActive():
            self.run_check()  # follow-ups may appear right after this answer
        page = self.pages[self.current_page()]
        rows = page.visible_rows()
        if row in rows and rows.index(row) + 1 < len(rows):
            nxt = rows[rows.index(row) + 1]
            nxt.focus_input()
            page.ensureWidgetVisible(nxt)
        else:
            self.next.setFocus(Qt.FocusReason.TabFocusReason)

    def focus_fact(self, fact_id: str) -> bool:
        """Go to the question asking a fact (``child.*`` goes to the children list)."""
        if fact_id.startswith("child."):
            fact_id = "family.children"
        for i, page in enumerate(self.pages):
            for row in page.rows:
                if row.fact.id == fact_id and not row.isHidden():
                    self.go_to(i)
                    row.focus_input()
                    page.ensureWidgetVisible(row)
                    return True
        return False

    def row(self, fact_id: str) -> QuestionRow | None:
        """The row asking a fact (tests, what-if)."""
        for r in self.all_rows():
            if r.fact.id == fact_id:
                return r
        return None

    def retranslate(self) -> None:
        for i, (key, b) in enumerate(zip(PAGE_KEYS, self.steps)):
            b.setText(step_label(key, i).replace("&", "&&"))
            b.setToolTip(f"Alt+{i + 1}")
            b.setAccessibleName(step_label(key, i))
        self.back.setText(tr("< Back"))
        self.next.setText(tr("Next >"))
        self.back.setToolTip("Ctrl+PgUp")
        self.next.setToolTip("Ctrl+PgDown")
        if self.checked is not None:
            self._show_errors(self.checked.errors)


__all__ = ["PAGE_KEYS", "TRIGGERS", "InterviewPanel", "fact_path"]
