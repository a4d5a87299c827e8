"""Drive the interview the way a case worker does: keys typed into the inputs, choices made with the
keyboard, list items added with Enter on "Add". Values come from a case file."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from advisor.gui.interview.answers import Answers
from advisor.gui.interview.fields import (
    BoolEditor,
    DateEditor,
    EnumEditor,
    FieldEditor,
    NumberEditor,
    TextEditor,
)
from advisor.gui.interview.list_editors import ListEditor
from advisor.gui.interview.pages import NeedsEditor


def type_text(qtbot, edit, text: str) -> None:
    """Type into an input: ASCII as key presses, Chinese as an input-method commit (as a Pinyin IME does)."""
    run = ""
    for ch in text + "\0":
        if ch != "\0" and (ch.isascii() == (run[:1].isascii() if run else ch.isascii())):
            run += ch
            continue
        if run.isascii():
            qtbot.keyClicks(edit, run)
        else:
            event = QInputMethodEvent()
            event.setCommitString(run)
            QApplication.sendEvent(edit, event)
        run = ch


def _type(qtbot, edit, text: str) -> None:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    if text:
        type_text(qtbot, edit, text)


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def fill_editor(qtbot, editor: FieldEditor, value: Any) -> None:
    """Enter one value into an editor with the keyboard."""
    if isinstance(editor, ListEditor):
        fill_list(qtbot, editor, value)
    elif isinstance(editor, NeedsEditor):
        wanted = set(value) if value else set(editor.boxes)
        for domain, box in editor.boxes.items():
            if box.isChecked() != (domain in wanted):
                box.setFocus()
                qtbot.keyClick(box, Qt.Key.Key_Space)
    elif isinstance(editor, BoolEditor):
        button = editor.yes if value is True else editor.no if value is False else editor.unknown
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)
    elif isinstance(editor, EnumEditor):
        combo = editor.combo
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Home)
        for _ in range(combo.count()):
            data = combo.currentData()
            if data == value and type(data) is type(value):
                break
            qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentData() == value, (editor.fact.id, value, combo.currentData())
    elif isinstance(editor, DateEditor):
        parts = (value or "").split("-")
        for edit, part in zip(editor.date.inputs(), parts + ["", ""]):
            _type(qtbot, edit, part)
    elif isinstance(editor, NumberEditor):
        _type(qtbot, editor.edit, "" if value is None else _number_text(value))
    elif isinstance(editor, TextEditor):
        _type(qtbot, editor.edit, "" if value is None else str(value))
    else:
        raise AssertionError(f"no driver for {type(editor).__name__}")


def fill_list(qtbot, editor: ListEditor, items: list[dict[str, Any]] | None) -> None:
    """Add the items (Enter on "Add"), or tick "none" for an empty list."""
    if items is None:
        return
    if not items:
        if not editor.none_box.isChecked():
            editor.none_box.setFocus()
            qtbot.keyClick(editor.none_box, Qt.Key.Key_Space)
        return
    for data in items:
        editor.add_button.setFocus()
        qtbot.keyClick(editor.add_button, Qt.Key.Key_Return)
        item = editor.items[-1]
        for key, sub_editor in item.editors.items():
            if data.get(key) is not None:
                fill_editor(qtbot, sub_editor, data[key])


def run_interview(qtbot, win, data: dict[str, Any], *, on_page=None) -> list[str]:
    """Answer every question the interview shows with the case file's values; return the facts asked."""
    example = Answers(data)
    panel = win.interview
    asked: list[str] = []
    for index in range(len(panel.pages) - 1):
        qtbot.keyClick(panel, getattr(Qt.Key, f"Key_{index + 1}"), Qt.KeyboardModifier.AltModifier)
        assert panel.current_page() == index
        done: set[str] = set()
        while True:
            panel.run_check()
            QApplication.processEvents()
            todo = [r for r in panel.pages[index].visible_rows() if r.fact.id not in done]
            if not todo:
                break
            row = todo[0]
            done.add(row.fact.id)
            fid = row.fact.id
            value = example.data.get("needs") if fid == "case.needs" else example.get(fid)
            if fid == "case.needs" or value is not None:
                fill_editor(qtbot, row.editor, value)
                asked.append(fid)
            elif _explicit_null(data, fid):
                if row.unknown is not None:  # the file says null: answer "unknown"
                    row.unknown.setFocus()
                    qtbot.keyClick(row.unknown, Qt.Key.Key_Space)
        if on_page is not None:
            on_page(index)
    return asked


def _explicit_null(data: dict[str, Any], fact_id: str) -> bool:
    from advisor.gui.interview.answers import fact_path

    node: Any = data
    keys = fact_path(fact_id)
    for key in keys[:-1]:
        if not isinstance(node, dict) or not isinstance(node.get(key), dict):
            return False
        node = node[key]
    return isinstance(node, dict) and keys[-1] in node and node[keys[-1]] is None
