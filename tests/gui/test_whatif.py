"""What-if beside the results: before → after, the interview's answers untouched."""

from __future__ import annotations

import copy
import json

import pytest
from PySide6.QtWidgets import QApplication

from advisor.gui.interview.answers import Answers
from tests.conftest import example_case_paths
from tests.gui.conftest import screenshot, settle


def _beijing(window, qtbot):
    path = next(p for p in example_case_paths() if p.stem == "beijing-courier-family")
    window.start_case(Answers(json.loads(path.read_text("utf-8"))), None)
    settle(qtbot, window)


def _wait(qtbot, panel):
    qtbot.waitUntil(lambda: not panel.evaluator.busy, timeout=10000)
    QApplication.processEvents()


def _points_row(panel):
    return next(r for r in panel.rows() if "积分" in r[0])


@pytest.mark.gui
def test_degree_raises_points(qtbot, window):
    _beijing(window, qtbot)
    before_answers = copy.deepcopy(window.interview.answers.data)
    window.toggle_whatif(True)
    panel = window.whatif
    _wait(qtbot, panel)
    assert all(not changed for *_x, changed in panel.rows())  # nothing changed yet
    panel.kind.setCurrentIndex(1)  # a diploma or degree
    panel.level.setCurrentIndex(panel.level.findData("bachelor"))
    panel.add.click()
    _wait(qtbot, panel)
    name, before, after, changed = _points_row(panel)
    assert changed, (before, after)
    total_before = next(p["total"] for p in panel.before["points"])
    total_after = next(p["total"] for p in panel.after["points"])
    assert total_after > total_before
    assert window.interview.answers.data == before_answers  # the case itself never changes
    assert not window.dirty
    screenshot(window.whatif, "whatif-degree")
    screenshot(window, "whatif-window")


@pytest.mark.gui
def test_more_insurance_and_time(qtbot, window):
    _beijing(window, qtbot)
    window.toggle_whatif(True)
    panel = window.whatif
    panel.kind.setCurrentIndex(0)
    panel.months.setValue(24)
    panel.add.click()
    panel.kind.setCurrentIndex(4)
    panel.later.setValue(12)
    panel.add.click()
    _wait(qtbot, panel)
    assert len(panel.changes) == 2
    total_before = next(p["total"] for p in panel.before["points"])
    total_after = next(p["total"] for p in panel.after["points"])
    assert total_after > total_before
    panel.clear_changes()
    _wait(qtbot, panel)
    assert all(not changed for *_x, changed in panel.rows())


@pytest.mark.gui
def test_suggestion_link_opens_whatif(qtbot, window):
    _beijing(window, qtbot)
    card = next(c for c in window.results.cards if hasattr(c, "chart"))
    card.set_open(True)
    QApplication.processEvents()
    screenshot(card, "points-card")
    screenshot(card.chart, "points-chart")
    scheme = card.data["scheme"]
    assert card.data["suggestions"], "the Beijing example has suggestions"
    card.details.linkActivated.emit(f"whatif:{scheme}:0")
    _wait(qtbot, window.whatif)
    assert window.whatif.isVisible()
    assert window.whatif.changes[0].changes == card.data["suggestions"][0]["changes"]
    assert _points_row(window.whatif)[3]


@pytest.mark.gui
def test_answer_change(qtbot, window):
    _beijing(window, qtbot)
    window.toggle_whatif(True)
    panel = window.whatif
    panel.kind.setCurrentIndex(5)
    index = panel.fact_box.findData("residence.permit.held")
    assert index >= 0
    panel.fact_box.setCurrentIndex(index)
    panel.value_editor.set_value(False)
    panel.add.click()
    _wait(qtbot, panel)
    assert any(changed for *_x, changed in panel.rows())
