"""The letter dialog (Ctrl+P): a preview for every example case in both languages, printing through
QPrinter (only the system print dialog is stood in for), Save as PDF written all-or-nothing, the
option picker, the missing-glyph warning, the letterhead, and the record in the case store."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QMessageBox

from advisor.gui.interview.answers import Answers
from tests.conftest import example_case_paths
from tests.gui.conftest import screenshot, settle

EXAMPLES = {p.stem: p for p in example_case_paths()}
_WS = re.compile(r"\s+")
LIST_HEADINGS = {  # the letter's first page: one list per status
    "zh": {"eligible": "现在可以办", "eligible_later": "以后可以办", "not_eligible": "暂时办不了"},
    "en": {"eligible": "What you can do now", "eligible_later": "What opens later", "not_eligible": "What is blocked"},
}


def _data(stem: str) -> dict:
    return json.loads(EXAMPLES[stem].read_text("utf-8"))


def _open(qtbot, window, data: dict):
    window.start_case(Answers(data), None)
    settle(qtbot, window)
    window.print_letter()
    dialog = window.letter_dialog
    assert dialog is not None and dialog.isVisible()
    _ready(qtbot, dialog)
    return dialog


def _ready(qtbot, dialog) -> None:
    qtbot.waitUntil(dialog.is_ready, timeout=20000)
    QApplication.processEvents()


def _text(pdf: bytes) -> str:
    """All text of a PDF, without whitespace (extraction breaks lines wherever the layout did)."""
    reader = PdfReader(io.BytesIO(pdf))
    return _WS.sub("", "".join(page.extract_text() or "" for page in reader.pages))


def _date(iso: str, lang: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else f"{d.day}{d.strftime('%B')}{d.year}"


def _key_statuses(result: dict, lang: str) -> list[str]:
    """What the family's first page must say: a list per status present, and the dates options open."""
    out = []
    entries = result["options"] + result["points"]
    for status, heading in LIST_HEADINGS[lang].items():
        if any(e.get("status") == status for e in entries):
            out.append(heading)
    for e in entries:
        if e.get("status") == "eligible_later" and e.get("eligible_from"):
            out.append(_date(e["eligible_from"], lang))
    return [_WS.sub("", s) for s in out]


def _close(window) -> None:
    if window.letter_dialog is not None:
        window.letter_dialog.close()
        QApplication.processEvents()


@pytest.fixture
def pdf_printer(monkeypatch, tmp_path):
    """The system print dialog, accepted: the worker picked "print to file (PDF)" (and maybe a range)."""
    chosen = {"path": tmp_path / "printed.pdf", "range": None, "shown": 0}

    def exec_(dialog):
        chosen["shown"] += 1
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(chosen["path"]))
        if chosen["range"]:
            printer.setPrintRange(QPrinter.PrintRange.PageRange)
            printer.setFromTo(*chosen["range"])
        return 1

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    return chosen


@pytest.mark.gui
@pytest.mark.parametrize("letter_lang", ["zh", "en"])
@pytest.mark.parametrize("stem", sorted(EXAMPLES))
def test_preview_for_each_example(qtbot, window, stem, letter_lang):
    if letter_lang == "en":
        window.set_language("en")
    dialog = _open(qtbot, window, _data(stem))
    if letter_lang == "en":
        dialog.set_letter_lang("en")
        _ready(qtbot, dialog)
    preview = dialog.preview
    assert preview.lang == letter_lang and preview.pdf.startswith(b"%PDF-")
    doc = dialog.document()
    assert doc is not None and doc.pageCount() == preview.pages >= 2
    assert dialog.view.document() is doc
    pages_word = "共" if letter_lang == "zh" else "pages"
    assert str(preview.pages) in dialog.state.text() and pages_word in dialog.state.text()
    result = dialog.result
    assert len(dialog.option_items()) == len(result["options"]) + len(result["points"])
    assert dialog.include() is None  # every option is in by default
    text = _text(preview.pdf)
    assert window.interview.answers.get("applicant.name") in text
    for needed in _key_statuses(result, letter_lang):
        assert needed in text, (stem, needed)
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    assert not dialog.glyphs.isVisible()
    if stem == "beijing-courier-family":
        dialog.resize(1280, 860)
        QApplication.processEvents()
        qtbot.wait(1500)  # QPdfView renders pages asynchronously: let the first page appear
        screenshot(dialog, f"letter-dialog-{letter_lang}")
    _close(window)


@pytest.mark.gui
@pytest.mark.parametrize("stem", ["beijing-courier-family", "shenzhen-new-arrival"])
def test_print_to_pdf_file(qtbot, window, dialogs, pdf_printer, stem):
    dialog = _open(qtbot, window, _data(stem))
    assert dialog.print_letter()
    assert pdf_printer["shown"] == 1
    printed = pdf_printer["path"].read_bytes()
    reader = PdfReader(io.BytesIO(printed))
    assert len(reader.pages) == dialog.preview.pages
    text = _text(printed)
    name = window.interview.answers.get("applicant.name")
    assert name in text
    for needed in _key_statuses(dialog.result, "zh"):
        assert needed in text, needed
    assert "已打印" in dialog.outcome.text() and "没有记录" in dialog.outcome.text()  # not in the store
    assert "已打印" in window.message.text()
    _close(window)


@pytest.mark.gui
def test_print_a_page_range(qtbot, window, dialogs, pdf_printer):
    dialog = _open(qtbot, window, _data("beijing-courier-family"))
    pdf_printer["range"] = (1, 2)
    assert dialog.print_letter()
    printed = PdfReader(io.BytesIO(pdf_printer["path"].read_bytes()))
    assert len(printed.pages) == 2
    assert "王建国" in _WS.sub("", printed.pages[0].extract_text())
    _close(window)


@pytest.mark.gui
def test_pages_are_rendered_for_a_printer(qtbot, window, tmp_path):
    """On a real printer the pages go as pictures rendered by QtPdf at the printer's resolution."""
    dialog = _open(qtbot, window, _data("beijing-courier-family"))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # stands in for the printer's page stream
    printer.setOutputFileName(str(tmp_path / "raster.pdf"))
    printer.setFullPage(True)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    pages = dialog.chosen_pages(printer, dialog.preview.pages)
    assert pages == [1, 2]
    assert dialog.paint_pages(printer, pages)
    reader = PdfReader(str(tmp_path / "raster.pdf"))
    assert len(reader.pages) == 2
    for page in reader.pages:
        images = list(page.images)
        assert len(images) == 1
        width, height = images[0].image.size
        assert width >= 2000 and abs(height / width - 297 / 210) < 0.02  # A4 at ≥ 240 dpi (capped at 300)
        # a rendered page is a letter, not a blank: dark text on white
        grey = images[0].image.convert("L")
        assert grey.getextrema()[0] < 80 and grey.getextrema()[1] > 240
    _close(window)


@pytest.mark.gui
def test_save_as_pdf_is_written_all_or_nothing(qtbot, window, dialogs, tmp_path, monkeypatch):
    dialog = _open(qtbot, window, _data("beijing-courier-family"))
    target = tmp_path / "out" / "letter.pdf"
    target.parent.mkdir()
    target.write_bytes(b"the previous letter")
    dialogs.save_path = str(tmp_path / "out" / "letter")  # the suffix is added
    with qtbot.waitSignal(dialog.issued, timeout=20000):
        assert dialog.save_pdf()
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and data == dialog.preview.pdf  # exactly what the preview showed
    assert sorted(p.name for p in target.parent.iterdir()) == ["letter.pdf"]  # no temp file left
    assert "letter.pdf" in dialog.outcome.text()

    # a write that fails half-way leaves the previous file as it was, and says so
    import advisor.letters.atomic as atomic

    def broken(*_a):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken)
    before = target.read_bytes()
    dialog.note.setPlainText("请带上原件。")
    _ready(qtbot, dialog)
    dialogs.save_path = str(target)
    dialog.save_pdf()
    qtbot.waitUntil(lambda: dialog._saving is None, timeout=20000)
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["letter.pdf"]
    assert any(kind == "warning" and "磁盘空间不足" in text for kind, _t, text in dialogs.shown)
    _close(window)


@pytest.mark.gui
def test_include_picker_changes_the_page_count(qtbot, window):
    dialog = _open(qtbot, window, _data("beijing-courier-family"))
    all_pages = dialog.preview.pages
    dialog.none_button.click()
    _ready(qtbot, dialog)
    assert dialog.include() == ()
    none_pages = dialog.preview.pages
    assert none_pages < all_pages
    assert str(none_pages) in dialog.state.text()
    # tick the first option with the keyboard: Space in the list
    dialog.picker.setFocus()
    dialog.picker.setCurrentItem(dialog.option_items()[0])
    qtbot.keyClick(dialog.picker, Qt.Key.Key_Space)
    _ready(qtbot, dialog)
    first = dialog.option_items()[0].data(Qt.ItemDataRole.UserRole)
    assert dialog.include() == (tuple(first),)
    assert dialog.preview.pages > none_pages
    one_text = _text(dialog.preview.pdf)
    title = dialog.entries[0]["title"]["zh"]
    assert _WS.sub("", title) in one_text
    others = [e for e in dialog.entries[1:] if e["key"] != dialog.entries[0]["key"]]
    assert _WS.sub("", others[-1]["title"]["zh"]) not in one_text
    dialog.all_button.click()
    _ready(qtbot, dialog)
    assert dialog.include() is None and dialog.preview.pages == all_pages
    _close(window)


@pytest.mark.gui
def test_blocked_options_stay_on_page_one(qtbot, window):
    """Blocked options are ticked by default: leaving one out would drop it from page 1 too."""
    dialog = _open(qtbot, window, _data("shenzhen-new-arrival"))
    blocked = [i for i, e in enumerate(dialog.entries) if e["status"] == "not_eligible"]
    assert blocked
    items = dialog.option_items()
    for i in blocked:
        assert items[i].checkState() == Qt.CheckState.Checked
        assert "第1页" in items[i].toolTip()
    headings = [dialog.picker.item(i).text() for i in range(dialog.picker.count())
                if dialog.picker.item(i).data(Qt.ItemDataRole.UserRole) is None]
    assert headings[0].startswith("● 现在可以办") and headings[-1].startswith("○ 暂时办不了")
    assert "暂时办不了" in _text(dialog.preview.pdf)
    _close(window)


@pytest.mark.gui
def test_missing_glyphs_are_named_before_printing(qtbot, window, dialogs, pdf_printer):
    data = _data("beijing-courier-family")
    dialog = _open(qtbot, window, data)
    dialog.note.setPlainText("请带上户口本 \U0002B740")  # a character no bundled font has
    _ready(qtbot, dialog)
    assert dialog.preview.missing_chars == ["\U0002B740"]
    assert dialog.glyphs.isVisible() and "U+2B740" in dialog.glyphs.text()
    screenshot(dialog, "letter-dialog-missing-glyph")
    dialogs.answer = QMessageBox.StandardButton.No
    assert not dialog.print_letter()
    assert pdf_printer["shown"] == 0 and not pdf_printer["path"].exists()
    assert dialogs.shown[-1][0] == "question" and "U+2B740" in dialogs.shown[-1][2]
    dialogs.answer = QMessageBox.StandardButton.Yes
    assert dialog.print_letter()
    assert pdf_printer["path"].exists()
    _close(window)


@pytest.mark.gui
def test_letterhead_from_the_form_and_from_a_file(qtbot, window, dialogs, tmp_path):
    from advisor.gui.letter_dialog import CentreDialog

    dialog = _open(qtbot, window, _data("beijing-courier-family"))
    assert "通用" in dialog.centre_text.text() or "generic" in dialog.centre_text.text()
    form = CentreDialog(window.services, window.settings, dialog)
    form.use_fields.setChecked(True)
    form.fields["name"].setText("朝阳区望京街道社区服务中心")
    form.fields["phone"].setText("010-12345678")
    form.accept()
    assert form.result() == 1
    dialog.reload_centre()
    _ready(qtbot, dialog)
    assert "朝阳区望京街道社区服务中心" in dialog.centre_text.text()
    text = _text(dialog.preview.pdf)
    assert "朝阳区望京街道社区服务中心" in text and "010-12345678" in text
    screenshot(form, "letter-centre-form")

    # a centre file wins over the form; a broken one is refused with the reason
    bad = tmp_path / "centre.toml"
    bad.write_text('name = "x"\ncolour = "red"\n', encoding="utf-8")
    form = CentreDialog(window.services, window.settings, dialog)
    form.use_file.setChecked(True)
    form.path.setText(str(bad))
    form.accept()
    assert form.result() == 0 and "colour" in form.error.text()
    good = tmp_path / "centre.json"
    good.write_text(json.dumps({"name": {"zh": "浦东某社区中心", "en": "Pudong Community Centre"}}), encoding="utf-8")
    form.path.setText(str(good))
    form.accept()
    assert form.result() == 1 and window.settings.get("letter/centre_file") == str(good)
    dialog.set_letter_lang("en")
    dialog.reload_centre()
    _ready(qtbot, dialog)
    assert "PudongCommunityCentre" in _text(dialog.preview.pdf)
    _close(window)


def _store_services(pack, db):
    """The adapter over a new case store someone may work in (logged in as the centre's first user when
    the build has accounts; unlocked with the centre passphrase before that)."""
    from advisor.cases import CaseStore
    from advisor.gui.services import Services

    services = Services(pack)
    if hasattr(services, "set_up_centre"):
        from tests.accounts.conftest import FAST

        services.attach_store(CaseStore.open(db))
        services.account_policy = FAST
        services.set_up_centre("阳光社区服务中心", "admin", "管理员", "Letter-Test-Password-42!")
    else:
        from advisor.cases.crypto import TEST_KDF

        services.attach_store(CaseStore.open(db, passphrase="correct horse battery staple", kdf=TEST_KDF))
    assert services.store_available()
    return services


@pytest.mark.gui
def test_printed_and_saved_letters_are_recorded_in_the_store(qtbot, pack, dialogs, tmp_path, pdf_printer):
    from advisor.gui.app import build
    from advisor.gui.services import ConsentNeeded

    services = _store_services(pack, tmp_path / "cases.db")
    _app, win = build([], services_factory=lambda: services)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    with qtbot.waitSignal(win.services_ready, timeout=30000):
        win.start_loading()
    win.start_case(Answers(_data("beijing-courier-family")), None)
    settle(qtbot, win)
    case = win.interview.checked.case
    try:
        services.save_case(case)
    except ConsentNeeded as exc:
        consents = tuple(services.consent(s, "zh", guardian_name="王建国", guardian_relation="父亲")
                         if s == "guardian" else services.consent(s, "zh") for s in exc.scopes)
        win.case_id = services.save_case(case, consents=consents)
    win.print_letter()
    dialog = win.letter_dialog
    assert dialog.case_id == win.case_id
    _ready(qtbot, dialog)
    assert dialog.print_letter()
    dialogs.save_path = str(tmp_path / "saved.pdf")
    with qtbot.waitSignal(dialog.issued, timeout=20000):
        dialog.save_pdf()
    letters = services.issued_letters(win.case_id)
    assert len(letters) == 2 and len(dialog.records) == 2
    result = dialog.result
    stored_hash = services._call(lambda s: s.history(win.case_id))[-1].case_sha256
    for info in letters:
        assert info.rule_pack_version == result["rules"]["version"]
        assert info.rule_pack_sha256 == result["rules"]["sha256"]
        assert info.as_of == result["as_of"] and info.lang == "zh"
        assert info.pdf_sha256 == dialog.preview.sha256
        assert info.input_sha256 == stored_hash  # the stored case, unchanged
    assert "已记录" in dialog.outcome.text()
    dialog.close()
    win.dirty = False
    win.evaluator.shutdown()
    win.whatif.shutdown()
    services.close_store()


@pytest.mark.gui
def test_ctrl_p_opens_the_dialog_and_needs_a_city(qtbot, window, dialogs, pdf_printer):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.start_case(Answers({"city": None}), None)
    settle(qtbot, window)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert window.letter_dialog is None
    assert dialogs.shown and dialogs.shown[-1][0] == "information" and "城市" in dialogs.shown[-1][2]
    window.start_case(Answers(_data("guangzhou-factory-worker")), None)
    settle(qtbot, window)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = window.letter_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    _ready(qtbot, dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    qtbot.keyClick(dialog.picker, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # in the dialog: print
    assert pdf_printer["shown"] == 1 and pdf_printer["path"].exists()
    qtbot.keyClick(dialog.picker, Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert window.letter_dialog is None


def test_letter_entries_keep_every_option_by_default(services):
    case = services.open_case_file(EXAMPLES["shenzhen-new-arrival"])
    result = services.evaluate(case)
    entries = services.letter_entries(result)
    assert len(entries) == len(result["options"]) + len(result["points"])
    assert all(e["default"] for e in entries)
    order = ["eligible", "eligible_later", "needs_info", "not_eligible"]
    assert [order.index(e["status"]) for e in entries] == sorted(order.index(e["status"]) for e in entries)
