"""The letter dialog (Ctrl+P): choose the language and the options to include, add a note, see the
letter as it will print (QtPdf), then print it through the system dialog or save it as a PDF.

The letter is built off the GUI thread after every change (a long one takes 150-400 ms); the preview
keeps the previous build until the new one is ready, and Print / Save act on exactly what the preview
shows. Characters no bundled font can draw are named before anything is printed. When the case is
in the case store, every printed or saved letter is recorded there (rule-pack version and hash,
as-of date, case and PDF hashes), so each letter can be traced and rebuilt.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QKeySequence, QPageLayout, QPageSize, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from advisor.gui.i18n import Retranslating, lang, pick, tr
from advisor.gui.results.cards import status_text
from advisor.gui.style import ERROR, MUTED, STATUS_STYLE, esc, title_html
from advisor.gui.worker import Evaluator

MAX_PRINT_DPI = 300  # an A4 page at 300 dpi is ~35 MB as an image; at a printer's 1200 dpi it would be ~550 MB
NOTE_MAX = 1000
CENTRE_FIELDS = ("name", "address", "phone", "hours")


@dataclass(frozen=True)
class LetterParams:
    """What a letter is built from besides the case and its result (the same params give the same PDF)."""

    lang: str
    include: tuple[tuple[str, str], ...] | None
    note: str | None
    centre: Any


def _build_job(services: Any, case: Any, result: dict[str, Any] | None, params: LetterParams) -> tuple[Any, Any]:
    """Off the GUI thread: evaluate the case (first time only), then build the letter for the preview."""
    if result is None:
        result = services.evaluate(case)
    preview = services.letter_preview(case, result, lang=params.lang, centre=params.centre,
                                      include=list(params.include) if params.include is not None else None,
                                      note=params.note)
    return result, (preview, params)


def _save_job(services: Any, case: Any, result: dict[str, Any], path: str, params: LetterParams) -> Any:
    return services.build_letter(case, result, path, lang=params.lang, centre=params.centre,
                                 include=list(params.include) if params.include is not None else None,
                                 note=params.note)


def load_centre_setting(services: Any, settings: Any) -> tuple[Any, str | None]:
    """The letterhead from the settings (a centre file, or the typed fields) and, if it could not be
    used, why (the generic letterhead is used then)."""
    from advisor.gui.services import ServiceError

    path = settings.get("letter/centre_file") or None
    try:
        fields = json.loads(settings.get("letter/centre") or "{}")
    except ValueError:
        fields = {}
    if not isinstance(fields, dict):
        fields = {}
    try:
        return services.letter_centre(path, fields), None
    except ServiceError as exc:
        return services.letter_centre(None, None), exc.message(lang())


def _opaque(image: QImage) -> QImage:
    """A rendered page on white paper (QtPdf renders on a transparent background; a printer driver may
    turn transparent pixels black, and an alpha mask doubles the data sent to the printer)."""
    page = QImage(image.size(), QImage.Format.Format_RGB32)
    page.fill(QColor("white"))
    painter = QPainter(page)
    painter.drawImage(0, 0, image)
    painter.end()
    return page


class LetterDialog(Retranslating, QDialog):
    """Preview, print and save the family's guidance letter."""

    preview_ready = Signal(int)  # pages of the new preview
    issued = Signal(str, str)  # "print" or "save", and a message for the status bar

    def __init__(self, services: Any, settings: Any, case: Any, *, result: dict[str, Any] | None = None,
                 case_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("letter-dialog")
        self.services = services
        self.settings = settings
        self.case = case
        self.case_id = case_id
        self.result = result
        self.entries: list[dict[str, Any]] = []
        self.preview: Any = None  # services.LetterPreview shown now
        self.params: LetterParams | None = None  # what the shown preview was built from
        self.records: list[str] = []  # ids of the letters recorded in the case store
        self.last_output: Path | None = None
        self._doc: QPdfDocument | None = None
        self._buffer: QBuffer | None = None
        self._error: str | None = None
        self._saving: tuple[str, LetterParams] | None = None
        self.centre, self.centre_problem = load_centre_setting(services, settings)

        self.builder = Evaluator(300, self)
        self.builder.finished.connect(self._built)
        self.builder.failed.connect(self._build_failed)
        self.builder.busy_changed.connect(lambda _b: self._update_state())
        self.saver = Evaluator(0, self)
        self.saver.finished.connect(self._saved)
        self.saver.failed.connect(self._save_failed)

        self.title = QLabel(self)
        self.title.setProperty("role", "pagetitle")
        self.lang_label = QLabel(self)
        self.lang_box = QComboBox(self)
        self.lang_box.addItem("中文", "zh")
        self.lang_box.addItem("English", "en")
        self.lang_box.currentIndexChanged.connect(self._lang_changed)
        self.lang_label.setBuddy(self.lang_box)
        self.picker_label = QLabel(self)
        self.picker = QListWidget(self)
        self.picker.setWordWrap(True)
        self.picker.itemChanged.connect(lambda _item: self.rebuild())
        self.picker_label.setBuddy(self.picker)
        self.all_button = QPushButton(self)
        self.all_button.clicked.connect(lambda: self.set_all(True))
        self.none_button = QPushButton(self)
        self.none_button.clicked.connect(lambda: self.set_all(False))
        self.picker_hint = QLabel(self)
        self.picker_hint.setProperty("role", "help")
        self.picker_hint.setWordWrap(True)
        self.note_label = QLabel(self)
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(96)
        self.note.textChanged.connect(self._note_changed)
        self.note_label.setBuddy(self.note)
        self.centre_label = QLabel(self)
        self.centre_text = QLabel(self)
        self.centre_text.setWordWrap(True)
        self.centre_button = QPushButton(self)
        self.centre_button.clicked.connect(self.edit_centre)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.glyphs = QLabel(self)
        self.glyphs.setWordWrap(True)
        self.glyphs.hide()
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setMinimumWidth(460)
        self.print_button = QPushButton(self)
        self.print_button.clicked.connect(self.print_letter)
        self.save_button = QPushButton(self)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.reject)
        for b in (self.all_button, self.none_button, self.centre_button, self.print_button, self.save_button,
                  self.close_button):
            b.setAutoDefault(False)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_letter)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save_pdf)

        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.title)
        row = QHBoxLayout()
        row.addWidget(self.lang_label)
        row.addWidget(self.lang_box, 1)
        side.addLayout(row)
        side.addWidget(self.picker_label)
        side.addWidget(self.picker, 1)
        row = QHBoxLayout()
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        row.addStretch(1)
        side.addLayout(row)
        side.addWidget(self.picker_hint)
        side.addWidget(self.note_label)
        side.addWidget(self.note)
        side.addWidget(self.centre_label)
        row = QHBoxLayout()
        row.addWidget(self.centre_text, 1)
        row.addWidget(self.centre_button, 0, Qt.AlignmentFlag.AlignTop)
        side.addLayout(row)
        side.addWidget(self.state)
        side.addWidget(self.glyphs)
        side.addWidget(self.outcome)
        panel = QWidget(self)
        panel.setLayout(side)
        panel.setFixedWidth(370)
        body = QHBoxLayout()
        body.addWidget(panel)
        body.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.print_button, self.save_button, self.close_button):
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addLayout(body, 1)
        lay.addLayout(buttons)
        self.resize(1180, 800)
        self.retranslate()
        self.rebuild(immediate=True)

    # ------------------------------------------------------------------ choices
    def letter_lang(self) -> str:
        """The letter's language (independent of the window's)."""
        return str(self.lang_box.currentData() or "zh")

    def set_letter_lang(self, language: str) -> None:
        """Choose the letter's language (rebuilds)."""
        self.lang_box.setCurrentIndex(max(self.lang_box.findData(language), 0))

    def option_items(self) -> list[QListWidgetItem]:
        """The picker's option rows (without the group headings), in the letter's order."""
        items = (self.picker.item(i) for i in range(self.picker.count()))
        return [item for item in items if item.data(Qt.ItemDataRole.UserRole) is not None]

    def include(self) -> tuple[tuple[str, str], ...] | None:
        """The ticked options (None: all of them, or the picker is not filled yet)."""
        items = self.option_items()
        keys = [tuple(item.data(Qt.ItemDataRole.UserRole)) for item in items
                if item.checkState() == Qt.CheckState.Checked]
        return None if len(keys) == len(items) else tuple(keys)

    def set_all(self, on: bool) -> None:
        """Tick or untick every option (one rebuild)."""
        self.picker.blockSignals(True)
        for item in self.option_items():
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.picker.blockSignals(False)
        self.picker.viewport().update()
        self.rebuild()

    def set_included(self, keys: set[tuple[str, str]]) -> None:
        """Tick exactly these options (one rebuild)."""
        self.picker.blockSignals(True)
        for item in self.option_items():
            on = tuple(item.data(Qt.ItemDataRole.UserRole)) in keys
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.picker.blockSignals(False)
        self.picker.viewport().update()
        self.rebuild()

    def _lang_changed(self, *_a: Any) -> None:
        self._label_centre()
        self.rebuild()

    def _note_changed(self) -> None:
        text = self.note.toPlainText()
        if len(text) > NOTE_MAX:
            self.note.blockSignals(True)
            self.note.setPlainText(text[:NOTE_MAX])
            self.note.moveCursor(self.note.textCursor().MoveOperation.End)
            self.note.blockSignals(False)
        self.rebuild()

    def current_params(self) -> LetterParams:
        """The choices as they are on screen now."""
        note = self.note.toPlainText().strip()
        return LetterParams(self.letter_lang(), self.include(), note or None, self.centre)

    def _fill_picker(self) -> None:
        """One row per option under a heading per status, as the letter's first page groups them."""
        self.entries = self.services.letter_entries(self.result)
        self.picker.blockSignals(True)
        self.picker.clear()
        status = None
        for e in self.entries:
            if e["status"] != status:
                status = e["status"]
                head = QListWidgetItem()
                head.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading: not ticked, skipped by the arrow keys
                head.setData(Qt.ItemDataRole.UserRole + 1, status)
                head.setForeground(QColor(STATUS_STYLE[status][1]))
                font = QFont(self.picker.font())
                font.setBold(True)
                head.setFont(font)
                self.picker.addItem(head)
            item = QListWidgetItem()
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if e["default"] else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, list(e["key"]))
            self.picker.addItem(item)
        self._label_picker()
        self.picker.blockSignals(False)
        options = self.option_items()
        if options:
            self.picker.setCurrentItem(options[0])

    def _label_picker(self) -> None:
        headings = {"eligible": tr("Can do now"), "eligible_later": tr("Opens later"),
                    "needs_info": tr("To find out first"), "not_eligible": tr("Not possible for now")}
        blocked_tip = tr("Listed on page 1 under \"What is blocked for now\", with the reason. "
                         "Untick it to leave it out of the letter altogether.")
        options = iter(self.entries)
        for i in range(self.picker.count()):
            item = self.picker.item(i)
            status = item.data(Qt.ItemDataRole.UserRole + 1)
            if status is not None:
                item.setText(f"{STATUS_STYLE[status][0]} {headings[status]}")
                continue
            e = next(options)
            who = f"{e['subject_name']} · " if e.get("subject_name") else ""
            text = f"{who}{pick(e['title'])}"
            if e["status"] == "eligible_later" and e.get("eligible_from"):
                text = f"{status_text(self.services, e)}：{text}" if lang() == "zh" else \
                    f"{status_text(self.services, e)}: {text}"
            item.setText(text)
            item.setToolTip(blocked_tip if e["status"] == "not_eligible" else "")

    # ------------------------------------------------------------------ building the preview
    def rebuild(self, immediate: bool = False) -> None:
        """Build the letter again off the GUI thread (after a short pause, so typing does not queue builds)."""
        self._error = None
        self.builder.request(partial(_build_job, self.services, self.case, self.result, self.current_params()),
                             immediate=immediate)
        self._update_state()

    def is_ready(self) -> bool:
        """True when the preview shows the choices on screen (nothing is being built)."""
        return self.preview is not None and not self.builder.busy and self._saving is None

    def _built(self, _gen: int, payload: Any) -> None:
        result, (preview, params) = payload
        if self.result is None:
            self.result = result
            self._fill_picker()
        self.preview, self.params = preview, params
        self._show_pdf(preview.pdf)
        missing = preview.missing_chars
        if missing:
            chars = self.services.describe_missing_chars(missing, lang())
            self.glyphs.setText(f"<span style='color:{ERROR}'><b>! {esc(self._glyph_words(chars))}</b></span>")
        self.glyphs.setVisible(bool(missing))
        self._update_state()
        self.preview_ready.emit(preview.pages)

    def _build_failed(self, _gen: int, zh: str, en: str) -> None:
        self._error = en if lang() == "en" else zh
        self._update_state()

    def _show_pdf(self, pdf: bytes) -> None:
        bar = self.view.verticalScrollBar()
        ratio = bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        doc = QPdfDocument(self)
        doc.load(buffer)
        old_doc, old_buffer = self._doc, self._buffer
        self._doc, self._buffer = doc, buffer
        self.view.setDocument(doc)
        if old_doc is not None:
            old_doc.deleteLater()
        if old_buffer is not None:
            old_buffer.close()
            old_buffer.deleteLater()
        bar.setValue(round(ratio * bar.maximum()))

    def document(self) -> QPdfDocument | None:
        """The PDF document the preview shows."""
        return self._doc

    def _update_state(self) -> None:
        if self._error:
            text = f"<span style='color:{ERROR}'>{esc(self._error)}</span>"
        elif self.preview is None or self.builder.busy:
            building = tr("Building the letter…")
            text = f"<span style='color:{MUTED}'>{esc(building)}</span>"
            if self.preview is not None:
                text = f"<b>{esc(self._pages_words(self.preview.pages))}</b> · " + text
        else:
            text = f"<b>{esc(self._pages_words(self.preview.pages))}</b>"
        if self._saving is not None:
            saving = tr("Saving…")
            text += f" · <span style='color:{MUTED}'>{esc(saving)}</span>"
        self.state.setText(text)
        ready = self.is_ready() and not self._error
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    @staticmethod
    def _pages_words(pages: int) -> str:
        return tr("The letter has %1 pages").replace("%1", str(pages)) if pages != 1 else tr("The letter has 1 page")

    @staticmethod
    def _glyph_words(chars: str) -> str:
        return tr("The fonts cannot print these characters, so they would be blank on paper: %1. Check how they "
                  "are written (often in a name), or write them in by hand after printing.").replace("%1", chars)

    def _glyphs_ok(self) -> bool:
        """Warn before printing when characters cannot be printed; True to go on."""
        missing = self.preview.missing_chars if self.preview is not None else []
        if not missing:
            return True
        chars = self.services.describe_missing_chars(missing, lang())
        answer = QMessageBox.question(self, tr("Characters that cannot be printed"),  # type: ignore[arg-type]
                                      self._glyph_words(chars) + "\n\n" + tr("Go on anyway?"))
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ print
    def print_letter(self) -> bool:
        """Print through the system print dialog (Ctrl+P); True when something was printed."""
        if not self.is_ready() or self._doc is None or not self._glyphs_ok():
            return False
        doc, preview = self._doc, self.preview
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(tr("Guidance letter"))  # the print queue is seen by others: no name in it
        size = doc.pagePointSize(0)
        printer.setPageSize(QPageSize(size, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch))
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        printer.setFullPage(True)  # the letter has its own margins
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(tr("Print the letter"))
        dialog.setMinMax(1, preview.pages)
        if not dialog.exec():
            return False
        pages = self.chosen_pages(printer, preview.pages)
        if not pages:
            return False
        from advisor.gui.services import ServiceError

        to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName()
        try:
            if to_file:
                # "print to file": the letter itself (text stays text and can be searched), not pictures of it
                chosen = None if len(pages) == preview.pages else pages
                target = self.services.write_letter_pdf(preview.pdf, printer.outputFileName(), chosen)
                self.last_output = Path(target)
            elif not self.paint_pages(printer, pages):
                QMessageBox.warning(self, tr("Not printed"),  # type: ignore[arg-type]
                                    tr("The printer could not be started. Check that it is switched on and "
                                       "connected, or save the letter as a PDF."))
                return False
        except ServiceError as exc:
            QMessageBox.warning(self, tr("Not printed"), exc.message(lang()))  # type: ignore[arg-type]
            return False
        self._issued("print", preview.sha256, len(pages), self.last_output if to_file else None)
        return True

    @staticmethod
    def chosen_pages(printer: QPrinter, count: int) -> list[int]:
        """The pages (0-based) the print dialog asked for: a range or all."""
        ranges = printer.pageRanges()
        if printer.printRange() == QPrinter.PrintRange.PageRange and not ranges.isEmpty():
            return [i for i in range(count) if ranges.contains(i + 1)]
        return list(range(count))

    def paint_pages(self, printer: QPrinter, pages: list[int]) -> bool:
        """Draw the letter's pages on the printer, each rendered by QtPdf at the printer's resolution
        (at most 300 dpi, which keeps an old PC's memory in check); False when the printer cannot start."""
        doc = self._doc
        if doc is None:
            return False
        painter = QPainter()
        if not painter.begin(printer):
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            dpi = min(printer.resolution(), MAX_PRINT_DPI)
            area = QRectF(0, 0, printer.width(), printer.height())
            for n, index in enumerate(pages):
                if n and not printer.newPage():
                    return False
                pts = doc.pagePointSize(index)
                image = _opaque(doc.render(index, QSize(round(pts.width() * dpi / 72),
                                                        round(pts.height() * dpi / 72))))
                scale = min(area.width() / pts.width(), area.height() / pts.height())
                w, h = pts.width() * scale, pts.height() * scale
                target = QRectF(area.x() + (area.width() - w) / 2, area.y() + (area.height() - h) / 2, w, h)
                painter.drawImage(target, image)
        finally:
            painter.end()
            QApplication.restoreOverrideCursor()
        return True

    # ------------------------------------------------------------------ save
    def save_pdf(self) -> bool:
        """Save as PDF (Ctrl+S): the letter is written again off the GUI thread, all-or-nothing."""
        if not self.is_ready() or not self._glyphs_ok():
            return False
        suggested = tr("letter-%1.pdf").replace("%1", str(self.result.get("as_of", "")))
        path, _f = QFileDialog.getSaveFileName(self, tr("Save the letter as PDF"), suggested,  # type: ignore
                                               tr("PDF files (*.pdf)"))
        if not path:
            return False
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        assert self.params is not None
        self._saving = (str(target), self.params)
        self._update_state()
        self.saver.request(partial(_save_job, self.services, self.case, self.result, str(target), self.params),
                           immediate=True)
        return True

    def _saved(self, _gen: int, report: Any) -> None:
        self._saving = None
        self.last_output = Path(report.path)
        self._update_state()
        if report.missing_chars and not (self.preview and self.preview.missing_chars):
            chars = self.services.describe_missing_chars(report.missing_chars, lang())
            QMessageBox.warning(self, tr("Characters that cannot be printed"), self._glyph_words(chars))  # type: ignore
        self._issued("save", report.sha256, report.pages, report.path)

    def _save_failed(self, _gen: int, zh: str, en: str) -> None:
        self._saving = None
        self._update_state()
        QMessageBox.warning(self, tr("Not saved"), en if lang() == "en" else zh)  # type: ignore[arg-type]

    # ------------------------------------------------------------------ after printing or saving
    def _issued(self, kind: str, pdf_sha256: str, pages: int, path: Any = None) -> None:
        from advisor.gui.services import ServiceError

        done = (tr("Letter printed (%1 pages).") if kind == "print" else tr("Letter saved as %2 (%1 pages).")) \
            .replace("%1", str(pages)).replace("%2", Path(path).name if path else "")
        if self.case_id is not None and self.services.store_available():
            try:
                self.records.append(self.services.record_letter(
                    self.case_id, self.case, self.result, lang=self.params.lang if self.params else "zh",
                    pdf_sha256=pdf_sha256))
                done += " " + tr("Recorded with the stored case.")
            except ServiceError as exc:
                QMessageBox.warning(self, tr("Letter not recorded"), exc.message(lang()))  # type: ignore[arg-type]
        else:
            done += " " + tr("Not recorded: the case is not saved in the case store.")
        self.outcome.setText(esc(done))
        self.issued.emit(kind, done)

    # ------------------------------------------------------------------ letterhead
    def edit_centre(self) -> None:
        """Change the centre's letterhead (saved in the settings for every letter)."""
        dialog = CentreDialog(self.services, self.settings, self)
        if dialog.exec():
            self.reload_centre()

    def reload_centre(self) -> None:
        """Read the letterhead from the settings again and rebuild."""
        self.centre, self.centre_problem = load_centre_setting(self.services, self.settings)
        self._label_centre()
        self.rebuild()

    def _label_centre(self) -> None:
        name = self.services.centre_name(self.centre, self.letter_lang())
        generic = tr("Not set up: a generic heading is printed")
        text = esc(name) if name else f"<span style='color:{MUTED}'>{esc(generic)}</span>"
        if self.centre_problem:
            text += f"<br/><span style='color:{ERROR}'>{esc(self.centre_problem)}</span>"
        self.centre_text.setText(text)

    # ------------------------------------------------------------------ language, closing
    def retranslate(self) -> None:
        self.setWindowTitle(tr("Letter"))
        self.title.setText(title_html(tr("Letter for the family")))
        self.lang_label.setText(tr("Letter language"))
        self.lang_box.setAccessibleName(tr("Letter language"))
        self.picker_label.setText(tr("Options in the letter"))
        self.picker.setAccessibleName(tr("Options in the letter"))
        self.all_button.setText(tr("All"))
        self.none_button.setText(tr("None"))
        self.all_button.setAccessibleName(tr("Include every option"))
        self.none_button.setAccessibleName(tr("Include no option"))
        self.picker_hint.setText(tr("All are ticked: options not possible for now get no detail pages, only "
                                    "their reason on page 1, which the family should see. Untick an option "
                                    "to leave it out."))
        self.note_label.setText(tr("Note for the family (printed on page 1)"))
        self.note.setAccessibleName(tr("Note for the family"))
        self.note.setPlaceholderText(tr("Optional: a few words in plain language"))
        self.centre_label.setText(tr("Letterhead"))
        self.centre_button.setText(tr("Change…"))
        self.centre_button.setAccessibleName(tr("Change the letterhead"))
        self.view.setAccessibleName(tr("Letter preview"))
        self.print_button.setText(tr("Print…"))
        self.save_button.setText(tr("Save as PDF…"))
        self.close_button.setText(tr("Close"))
        for button, key in ((self.print_button, QKeySequence.StandardKey.Print),
                            (self.save_button, QKeySequence.StandardKey.Save)):
            keys = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(f"{button.text()} ({keys})")
        self._label_picker()
        self._label_centre()
        if self.preview is not None and self.preview.missing_chars:
            chars = self.services.describe_missing_chars(self.preview.missing_chars, lang())
            self.glyphs.setText(f"<span style='color:{ERROR}'><b>! {esc(self._glyph_words(chars))}</b></span>")
        self._update_state()

    def done(self, r: int) -> None:  # Qt override
        """Closing: let a running build or save finish first."""
        self.builder.shutdown()
        self.saver.shutdown()
        super().done(r)


class CentreDialog(Retranslating, QDialog):
    """The centre's letterhead: typed details (name, address, phone, opening hours) or a centre file."""

    def __init__(self, services: Any, settings: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.settings = settings
        self.use_fields = QRadioButton(self)
        self.use_file = QRadioButton(self)
        self.fields: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        try:
            saved = json.loads(settings.get("letter/centre") or "{}")
        except ValueError:
            saved = {}
        saved = saved if isinstance(saved, dict) else {}
        for key in CENTRE_FIELDS:
            edit = QLineEdit(self)
            edit.setMaxLength(200)
            edit.setText(str(saved.get(key) or ""))
            label = QLabel(self)
            label.setBuddy(edit)
            self.fields[key], self.labels[key] = edit, label
            form.addRow(label, edit)
        self.path = QLineEdit(self)
        self.path.setText(settings.get("letter/centre_file") or "")
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self._browse)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setProperty("role", "error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        (self.use_file if self.path.text() else self.use_fields).setChecked(True)
        self.use_fields.toggled.connect(self._enable)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.browse)
        lay = QVBoxLayout(self)
        lay.addWidget(self.use_fields)
        lay.addLayout(form)
        lay.addWidget(self.use_file)
        lay.addLayout(file_row)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self._enable()
        self.retranslate()
        self.resize(520, 0)

    def _enable(self, *_a: Any) -> None:
        typed = self.use_fields.isChecked()
        for edit in self.fields.values():
            edit.setEnabled(typed)
        self.path.setEnabled(not typed)
        self.browse.setEnabled(not typed)

    def _browse(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, tr("Choose the centre file"), "",  # type: ignore[arg-type]
                                               tr("Centre files (*.toml *.json)"))
        if path:
            self.path.setText(path)

    def accept(self) -> None:
        """Check the letterhead, then keep it in the settings."""
        from advisor.gui.services import ServiceError

        values = {k: e.text().strip() for k, e in self.fields.items()}
        path = self.path.text().strip() if self.use_file.isChecked() else ""
        try:
            if self.use_file.isChecked() and not path:
                raise ServiceError("请选择中心信息文件。", "Choose the centre file.")
            if not path and any(values.values()) and not values["name"]:
                raise ServiceError("请填写中心名称。", "Type the centre's name.")
            self.services.letter_centre(path or None, None if path else values)
        except ServiceError as exc:
            self.error.setText(exc.message(lang()))
            return
        self.settings.set("letter/centre_file", path)
        self.settings.set("letter/centre", json.dumps({k: v for k, v in values.items() if v}, ensure_ascii=False))
        super().accept()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Letterhead"))
        self.use_fields.setText(tr("Type the centre's details (used in both languages)"))
        self.use_file.setText(tr("Use a centre file (.toml or .json, with Chinese and English)"))
        names = {"name": tr("Centre name"), "address": tr("Address"), "phone": tr("Phone"),
                 "hours": tr("Opening hours")}
        for key, text in names.items():
            self.labels[key].setText(text)
            self.fields[key].setAccessibleName(text)
        self.path.setAccessibleName(tr("Centre file"))
        self.browse.setText(tr("Browse…"))


__all__ = ["CentreDialog", "LetterDialog", "LetterParams", "load_centre_setting"]
