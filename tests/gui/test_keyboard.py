"""Keyboard first: Enter moves on, Tab order follows the questions, shortcuts reach every action;
every input has an accessible name."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QTableWidget,
    QTextBrowser,
)

from advisor.gui.interview.answers import Answers
from tests.gui.conftest import settle


def _focus():
    return QApplication.focusWidget()


@pytest.mark.gui
def test_enter_moves_through_the_questions(qtbot, window):
    window.activateWindow()
    window.start_case(Answers({"city": "beijing", "as_of": "2026-11-27"}), None)
    settle(qtbot, window)
    panel = window.interview
    city = panel.row("case.city").editor.combo
    assert _focus() is city
    qtbot.keyClick(city, Qt.Key.Key_Return)
    assert _focus() is panel.needs_row.editor.focus_widget()
    qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    as_of = panel.as_of_row.editor.date
    assert _focus() is as_of.year
    qtbot.keyClick(_focus(), Qt.Key.Key_Return)  # year filled: on to the month
    assert _focus() is as_of.month
    qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    rows = panel.pages[0].visible_rows()
    assert _focus() is rows[3].editor.focus_widget()
    for _ in range(len(rows) - 3):
        qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    assert _focus() is panel.next
    qtbot.keyClick(panel.next, Qt.Key.Key_Return)
    assert panel.current_page() == 1
    assert _focus() is panel.pages[1].visible_rows()[0].editor.focus_widget()


@pytest.mark.gui
def test_typing_a_year_moves_to_the_month(qtbot, window):
    window.start_case(Answers({"city": "beijing"}), None)
    panel = window.interview
    panel.go_to(1)
    date = panel.row("applicant.birth_date").editor.date
    date.year.setFocus()
    qtbot.keyClicks(date.year, "1987")
    assert _focus() is date.month


@pytest.mark.gui
def test_tab_order_follows_the_questions(qtbot, window):
    window.start_case(Answers({"city": "beijing"}), None)
    panel = window.interview
    panel.go_to(1, focus=True)
    chain = [w for row in panel.pages[1].visible_rows() for w in row.tab_chain() if w.isEnabled()]
    seen = [_focus()]
    for _ in range(len(chain) - 1):
        qtbot.keyClick(_focus(), Qt.Key.Key_Tab)
        seen.append(_focus())
    # radio groups take one Tab stop (arrows move inside), so compare the order of what was reached
    reached = [w for w in seen if w in chain]
    assert reached == sorted(reached, key=chain.index)
    assert len(set(reached)) >= len({id(r) for r in panel.pages[1].visible_rows()})


@pytest.mark.gui
def test_shortcuts(qtbot, window, dialogs):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.start_case(Answers({"city": "beijing"}), None)
    panel = window.interview
    qtbot.keyClick(_focus(), Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert panel.current_page() == 2
    qtbot.keyClick(_focus(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert panel.current_page() == 3
    qtbot.keyClick(_focus(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.whatif.isVisible()
    qtbot.keyClick(_focus(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert _focus() is window.search
    qtbot.keyClick(_focus(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert window.letter_dialog is not None and window.letter_dialog.isVisible()  # the letter dialog
    window.letter_dialog.reject()
    dialogs.save_path = ""
    qtbot.keyClick(_focus(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # asks for a file name
    qtbot.keyClick(_focus(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert panel.current_page() == 0
    qtbot.keyClick(_focus(), Qt.Key.Key_F6)
    assert window.results.isAncestorOf(_focus()) or window.cases.isAncestorOf(_focus()) or \
        window.whatif.isAncestorOf(_focus())


@pytest.mark.gui
def test_every_input_has_an_accessible_name(qtbot, window):
    import json

    from tests.conftest import example_case_paths

    for path in example_case_paths():
        window.start_case(Answers(json.loads(path.read_text("utf-8"))), None)
        settle(qtbot, window)
        window.toggle_whatif(True)
        kinds = (QLineEdit, QComboBox, QAbstractButton, QAbstractSpinBox, QListWidget, QTableWidget, QTextBrowser)
        nameless = []
        for root in (window.interview, window.results, window.whatif, window.cases):
            for w in [w for kind in kinds for w in root.findChildren(kind)]:
                if w.isHidden() or not w.isEnabled() or w.focusPolicy() == Qt.FocusPolicy.NoFocus:
                    continue
                if isinstance(w, QLineEdit) and isinstance(w.parent(), (QComboBox, QAbstractSpinBox)):
                    continue
                if not (w.accessibleName() or (isinstance(w, QAbstractButton) and w.text())):
                    nameless.append(f"{type(w).__name__} in {type(root).__name__}")
        assert not nameless, (path.stem, nameless)


@pytest.mark.gui
def test_font_size_setting(qtbot, window):
    size = QApplication.font().pointSizeF()
    window.change_font(+1)
    assert QApplication.font().pointSizeF() > size
    assert window.settings.font_size == QApplication.font().pointSizeF()
    window.change_font(-1)
    assert QApplication.font().pointSizeF() == size
