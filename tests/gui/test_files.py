"""Open and Save of case files (the portable answer file): atomic, validated, round-trips."""

from __future__ import annotations

import json

import pytest

from advisor.domain.validation import load_case_file
from tests.conftest import example_case_paths
from tests.gui.conftest import settle


@pytest.mark.gui
@pytest.mark.parametrize("path", example_case_paths(), ids=lambda p: p.stem)
def test_open_save_round_trip(qtbot, window, dialogs, tmp_path, path):
    dialogs.open_path = str(path)
    window.open_file()
    settle(qtbot, window)
    assert window.current_path == path
    assert not window.dirty
    original = load_case_file(path)
    assert window.interview.checked.case == original
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "out.json"
    dialogs.save_path = str(target)
    assert window.save_as()
    assert load_case_file(target) == original
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["out.json"]  # no temp file left behind
    assert window.cases.list.count() >= 1  # listed for this session


@pytest.mark.gui
def test_bad_file_is_refused(qtbot, window, dialogs, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "advisor-case/1", "city": "beijing", "applicant": {"sex": "x"}}), "utf-8")
    before = dict(window.interview.answers.data)
    dialogs.open_path = str(bad)
    window.open_file()
    assert dialogs.shown and dialogs.shown[-1][0] == "warning"
    assert "applicant.sex" in dialogs.shown[-1][2]
    assert window.interview.answers.data == before


@pytest.mark.gui
def test_save_with_problems_asks_first(qtbot, window, dialogs, tmp_path):
    from advisor.gui.interview.answers import Answers

    window.start_case(Answers({"city": "beijing", "as_of": "2026-11-27",
                               "applicant": {"name": "测试", "birth_date": "2023-02-30"}}), None)
    settle(qtbot, window)
    target = tmp_path / "x.json"
    dialogs.save_path = str(target)
    from PySide6.QtWidgets import QMessageBox

    dialogs.answer = QMessageBox.StandardButton.No
    assert not window.save_as()
    assert not target.exists()
    assert "2023-02-30" in dialogs.shown[-1][2] or "没有这一天" in dialogs.shown[-1][2]
    dialogs.answer = QMessageBox.StandardButton.Yes
    assert window.save_as()
    saved = load_case_file(target)
    assert saved.applicant.name == "测试" and saved.applicant.birth_date is None


@pytest.mark.gui
def test_unsaved_changes_prompt(qtbot, window, dialogs):
    from PySide6.QtWidgets import QMessageBox

    from advisor.gui.interview.answers import Answers

    window.start_case(Answers({"city": "beijing"}), None)
    row = window.interview.row("case.district")
    window.interview.go_to(0)
    row.editor.edit.setText("朝阳区")
    row.editor.edited.emit()
    settle(qtbot, window)
    assert window.dirty
    dialogs.answer = QMessageBox.StandardButton.Cancel
    window.new_case()
    assert window.interview.answers.get("case.district") == "朝阳区"  # cancelled: nothing lost
    dialogs.answer = QMessageBox.StandardButton.Discard
    window.new_case()
    assert window.interview.answers.get("case.district") is None


@pytest.mark.gui
def test_autosave_without_store_says_so(qtbot, window):
    from advisor.gui.interview.answers import Answers

    window.start_case(Answers({"city": "beijing"}), None)
    row = window.interview.row("case.district")
    row.editor.edit.setText("海淀区")
    row.editor.edited.emit()
    settle(qtbot, window)
    window.autosave()
    if window.services.store_available():
        assert window.draft_id
    else:
        assert "个案库" in window.saved_label.text()
