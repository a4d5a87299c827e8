"""Chinese by default; English at run time — the window's words (Qt .qm) and the pack's texts switch."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QApplication

from advisor.gui.interview.answers import Answers
from tests.conftest import example_case_paths
from tests.gui.conftest import screenshot, settle


def _load(window, qtbot, stem):
    path = next(p for p in example_case_paths() if p.stem == stem)
    window.start_case(Answers(json.loads(path.read_text("utf-8"))), None)
    settle(qtbot, window)


@pytest.mark.gui
def test_switch_to_english_and_back(qtbot, window):
    _load(window, qtbot, "beijing-courier-family")
    assert window.act_new.text() == "新建"
    assert window.interview.pages[1].title.text().find("申请人本人") >= 0
    assert "可办理" in window.results.shown_options()[0]["text"] or window.results.shown_options()
    window.set_language("en")
    settle(qtbot, window)
    QApplication.processEvents()
    assert window.act_new.text() == "New"
    assert "The applicant" in window.interview.pages[1].title.text()
    name_row = window.interview.row("applicant.name")
    assert name_row.question.text() == "Applicant's name"
    assert window.interview.steps[0].text().startswith("① City")
    statuses = [o["text"] for o in window.results.shown_options()]
    assert any(t in ("can apply now", "more information needed", "not eligible for now") or t.startswith("from ")
               for t in statuses), statuses
    assert "Total" in window.results.shown_points()[0]["summary"]
    assert "Rule pack" in window.pack_label.text()
    window.interview.go_to(3)
    screenshot(window, "english-window")
    window.set_language("zh")
    settle(qtbot, window)
    assert window.act_new.text() == "新建"
    assert name_row.question.text() == "申请人姓名"
    assert window.settings.language == "zh"


@pytest.mark.gui
def test_language_is_remembered(qtbot, window, services, dialogs):
    window.set_language("en")
    from advisor.gui.app import build

    _app, second = build([], services_factory=lambda: services)
    qtbot.addWidget(second)
    assert second.act_new.text() == "New"
    second.dirty = False
    window.set_language("zh")
