"""Interview pages in the order a conversation goes, and the read-back page at the end."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QUrl, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from advisor.gui.i18n import Retranslating, lang, tr
from advisor.gui.interview.fields import FieldEditor
from advisor.gui.interview.rows import QuestionRow, question_text
from advisor.gui.style import ERROR, MUTED, esc, title_html

PAGE_TITLES = {
    "needs": QT_TRANSLATE_NOOP("Interview", "City and what the family asks about"),
    "applicant": QT_TRANSLATE_NOOP("Interview", "The applicant"),
    "residence": QT_TRANSLATE_NOOP("Interview", "Residence and permit"),
    "work": QT_TRANSLATE_NOOP("Interview", "Work and insurance"),
    "family": QT_TRANSLATE_NOOP("Interview", "Family and children"),
    "extra": QT_TRANSLATE_NOOP("Interview", "Scheme-specific facts"),
    "review": QT_TRANSLATE_NOOP("Interview", "Read back and check"),
}
STEP_NAMES = {
    "needs": QT_TRANSLATE_NOOP("Interview", "City & needs"),
    "applicant": QT_TRANSLATE_NOOP("Interview", "Applicant"),
    "residence": QT_TRANSLATE_NOOP("Interview", "Residence & permit"),
    "work": QT_TRANSLATE_NOOP("Interview", "Work & insurance"),
    "family": QT_TRANSLATE_NOOP("Interview", "Family & children"),
    "extra": QT_TRANSLATE_NOOP("Interview", "More"),
    "review": QT_TRANSLATE_NOOP("Interview", "Check"),
}

NEEDS_FACT = SimpleNamespace(id="case.needs", type="needs", values=None, labels=None, unit=None, help=None,
                             question=QT_TRANSLATE_NOOP("Interview", "What does the family ask about?"),
                             sensitive=False, ask_if=None, allow_unknown=False)
AS_OF_FACT = SimpleNamespace(id="case.as_of", type="date", values=None, labels=None, unit=None, ask_if=None,
                             question=QT_TRANSLATE_NOOP("Interview", "Date of this consultation"),
                             help=None, sensitive=False, allow_unknown=False)



class NeedsEditor(FieldEditor):
    """What the family asks about: one box per domain (all ticked means "everything")."""

    def __init__(self, fact: Any, services: Any, parent: QWidget | None = None):
        super().__init__(fact, parent)
        self.services = services
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, domain in enumerate(services_domains(services)):
            box = QCheckBox(self)
            box.setChecked(True)
            box.toggled.connect(self._emit_edited)
            self._watch(box)
            self.boxes[domain] = box
            grid.addWidget(box, i // 2, i % 2)
        self.retranslate()

    def retranslate(self) -> None:
        for domain, box in self.boxes.items():
            box.setText(self.services.domain_name(domain, lang()))
        if self._name:
            self.set_accessible(self._name)

    def set_accessible(self, name: str, description: str = "") -> None:
        self._name = name
        for box in self.boxes.values():
            box.setAccessibleName(f"{name} — {box.text()}")

    def value(self) -> Any:
        chosen = [d for d, b in self.boxes.items() if b.isChecked()]
        return None if len(chosen) == len(self.boxes) else chosen

    def set_value(self, value: Any) -> None:
        self._setting = True
        try:
            for d, b in self.boxes.items():
                b.setChecked(value is None or d in value)
        finally:
            self._setting = False

    def inputs(self) -> list[QWidget]:
        return list(self.boxes.values())


def services_domains(services: Any) -> tuple[str, ...]:
    """The domains a family may ask about, in the result order."""
    return tuple(services.DOMAINS)


class InterviewPage(Retranslating, QScrollArea):
    """A scrolling page of question rows with a title."""

    def __init__(self, key: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget()
        self.layout_ = QVBoxLayout(self.body)
        self.layout_.setContentsMargins(12, 8, 12, 8)
        self.title = QLabel(self.body)
        self.title.setProperty("role", "pagetitle")
        self.title.setWordWrap(True)
        self.note = QLabel(self.body)
        self.note.setProperty("role", "help")
        self.note.setWordWrap(True)
        self.note.hide()
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.note)
        self.rows: list[QuestionRow] = []
        self._rows_end = self.layout_.count()
        self.layout_.addStretch(1)
        self.setWidget(self.body)
        self.retranslate()

    def add_row(self, row: QuestionRow) -> QuestionRow:
        """Append a question."""
        row.setParent(self.body)
        self.layout_.insertWidget(self._rows_end, row)
        self._rows_end += 1
        self.rows.append(row)
        return row

    def remove_row(self, row: QuestionRow) -> None:
        """Take a question off the page."""
        self.layout_.removeWidget(row)
        self.rows.remove(row)
        self._rows_end -= 1
        row.hide()
        row.deleteLater()

    def set_note(self, text: str) -> None:
        """A line under the title (e.g. "choose the city first")."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def retranslate(self) -> None:
        self.title.setText(title_html(tr(PAGE_TITLES[self.key], "Interview")))

    def visible_rows(self) -> list[QuestionRow]:
        """Rows currently asked (follow-ups hidden by their trigger are left out)."""
        return [r for r in self.rows if not r.isHidden()]


class ReviewPage(Retranslating, QWidget):
    """Read-back (A2J style): every answer in plain words, unknowns and problems marked."""

    jump = Signal(str)  # fact id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setProperty("role", "pagetitle")
        self.text = QTextBrowser(self)
        self.text.setOpenLinks(False)
        self.text.anchorClicked.connect(self._anchor)
        self.text.setAccessibleName(tr(PAGE_TITLES["review"], "Interview"))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        lay.addWidget(self.title)
        lay.addWidget(self.text, 1)
        self.key = "review"
        self.rows: list[QuestionRow] = []
        self._html_fn: Any = None
        self.retranslate()

    def set_source(self, html_fn: Any) -> None:
        """Where the read-back comes from (called again whenever the page is shown)."""
        self._html_fn = html_fn
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the read-back."""
        if self._html_fn is not None:
            self.text.setHtml(self._html_fn())

    def retranslate(self) -> None:
        self.title.setText(title_html(tr(PAGE_TITLES["review"], "Interview")))
        self.refresh()

    def _anchor(self, url: QUrl) -> None:
        if url.scheme() == "fact":
            self.jump.emit(url.path())

    def visible_rows(self) -> list[QuestionRow]:
        """The read-back has no questions of its own."""
        return []


def review_html(pages: list[InterviewPage], answers: Any, services: Any, missing: list[str],
                orphans: list[tuple[str, str]]) -> str:
    """The read-back as rich text: answers page by page, then the unknowns that could change results."""
    language = lang()
    words = {"unknown": tr("unknown"), "not_asked": tr("not asked yet"), "none": tr("none"),
             "others": tr("Other problems in the answers"),
             "missing": tr("Unknown facts that could change the results"), "empty": tr("No answers yet.")}
    parts = []
    for page in pages:
        rows = page.visible_rows()
        if not rows:
            continue
        parts.append(f"<h3>{esc(tr(PAGE_TITLES[page.key], 'Interview'))}</h3>"
                     "<table width='100%' cellspacing='2'>")
        for row in rows:
            fid = row.fact.id
            value = answers.get(fid)
            if row.fact.type == "needs":
                value = answers.get(fid) or []
            if fid in answers.unknown:
                shown = f"<span style='color:{MUTED}'>{esc(words['unknown'])}</span>"
            elif value is None:
                shown = f"<span style='color:{MUTED}'>{esc(words['not_asked'])}</span>"
            elif isinstance(value, list) and row.fact.type in ("periods", "homes", "children", "tax_years"):
                shown = esc(tr("%1 entries").replace("%1", str(len(value))) if value else words["none"])
            elif row.fact.type == "needs":
                domains = value or services.DOMAINS
                shown = esc(("、" if language == "zh" else ", ").join(services.domain_name(d, language)
                                                                      for d in domains))
            else:
                shown = esc(services.answer_text(row.fact, value, language))
            problem = row.error_text()
            if problem:
                shown += f" <span style='color:{ERROR}'>✘ {esc(problem)}</span>"
            parts.append(f"<tr><td width='55%'><a href='fact:{esc(fid)}'>{esc(question_text(row.fact))}</a></td>"
                         f"<td width='45%'>{shown}</td></tr>")
        parts.append("</table>")
    if orphans:
        parts.append(f"<h3 style='color:{ERROR}'>{esc(words['others'])}</h3><ul>")
        parts += [f"<li>{esc(path)}: {esc(text)}</li>" for path, text in orphans]
        parts.append("</ul>")
    if missing:
        parts.append(f"<h3>{esc(words['missing'])}</h3><ul>")
        for fid in missing:
            fact = services.fact(fid)
            label = question_text(fact) if fact is not None else fid
            parts.append(f"<li><a href='fact:{esc(fid)}'>{esc(label)}</a></li>")
        parts.append("</ul>")
    return "".join(parts) or f"<p>{esc(words['empty'])}</p>"


def step_label(key: str, index: int) -> str:
    """``① 城市与需求``."""
    return f"{chr(0x2460 + index)} {tr(STEP_NAMES[key], 'Interview')}"

