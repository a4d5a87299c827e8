"""The unlock path in the results pane: "the next step that opens the most", worked out off the GUI
thread after each evaluation, through the adapter."""

from __future__ import annotations

import json
import threading

import pytest
from PySide6.QtWidgets import QApplication

from advisor.gui.interview.answers import Answers
from tests.conftest import example_case_paths
from tests.gui.conftest import screenshot, settle


def _beijing(**changes) -> dict:
    path = next(p for p in example_case_paths() if p.stem == "beijing-courier-family")
    data = json.loads(path.read_text("utf-8"))
    data["residence"].update(changes)
    return data


def _wait(qtbot, window) -> None:
    unlock = window.results.unlock
    qtbot.waitUntil(lambda: not unlock.busy and unlock.generation == window.results.generation, timeout=10000)
    QApplication.processEvents()


@pytest.mark.gui
def test_a_permit_opens_school_and_housing(qtbot, window, monkeypatch):
    calls = []
    real = window.services.unlock_actions

    def spy(case, result):
        calls.append(threading.current_thread() is threading.main_thread())
        return real(case, result)

    monkeypatch.setattr(window.services, "unlock_actions", spy)
    window.start_case(Answers(_beijing(permit={"held": False})), None)  # in Beijing since 2014, no permit
    settle(qtbot, window)
    _wait(qtbot, window)
    unlock = window.results.unlock
    assert calls and not any(calls)  # worked out, and never on the GUI thread
    assert unlock.isVisible()
    best = unlock.actions[0]
    assert best["id"] == "action.residence_permit"
    opened = {(o["subject_name"], o["rule_id"]): (o["before"], o["after"]) for o in best["opens"]}
    assert opened[("王小雨", "bj.school.compulsory_enrollment")] == ("not_eligible", "eligible")
    assert opened[(None, "bj.housing.public_rental")] == ("not_eligible", "eligible")
    assert opened[("王小林", "bj.school.zhongkao")] == ("not_eligible", "eligible_later")
    header, body = unlock.header.text(), unlock.body.text()
    assert "最能打开选项的下一步" in header
    assert "办理本市居住证" in body and "住满半年后" in body  # the action and how to do it
    assert f"可打开 {best['count']} 项" in body
    assert "王小雨 · 在北京上小学" in body
    assert "○</b> 暂不符合" in body and "●</b> 可办理" in body  # before → after, shape and words
    assert "2028年11月27日起可办理" in body  # the zhongkao date once the permit is held
    # the section sits above the cards, inside the results' scroll area
    assert window.results.scroll.widget().isAncestorOf(unlock)
    assert unlock.y() < window.results.cards[0].mapTo(window.results.body, window.results.cards[0].rect().topLeft()).y()
    window.results.scroll.verticalScrollBar().setValue(0)
    screenshot(window.results, "unlock-section-zh")
    screenshot(window, "unlock-window")

    # folded: one line with the best step
    unlock.toggle.click()
    assert not unlock.body.isVisible() and "办理本市居住证" in unlock.header.text()
    unlock.toggle.click()
    assert unlock.body.isVisible()

    window.set_language("en")
    qtbot.wait(200)
    assert "Next step that opens the most" in unlock.header.text()
    assert "Get this city&#x27;s residence permit" in unlock.body.text() or \
        "Get this city's residence permit" in unlock.body.text()
    assert "can apply now" in unlock.body.text() and "not eligible" in unlock.body.text().lower()
    screenshot(window.results, "unlock-section-en")


@pytest.mark.gui
def test_nothing_to_unlock_hides_the_section(qtbot, window):
    window.start_case(Answers(_beijing()), None)  # permit held, lease registered, insured: nothing to open
    settle(qtbot, window)
    _wait(qtbot, window)
    assert window.results.unlock.actions == [] and not window.results.unlock.isVisible()
    # answering "no permit" brings it up after the next evaluation
    row = window.interview.row("residence.permit.held")
    row.editor.set_value(False)
    row.editor.edited.emit()
    settle(qtbot, window)
    _wait(qtbot, window)
    assert window.results.unlock.isVisible()
    assert window.results.unlock.actions[0]["id"] == "action.residence_permit"
    # no city: no results, no unlock path
    window.start_case(Answers({"city": None}), None)
    settle(qtbot, window)
    assert not window.results.unlock.isVisible()


def test_unlock_actions_through_the_adapter(services):
    path = next(p for p in example_case_paths() if p.stem == "shenzhen-new-arrival")
    case = services.open_case_file(path)
    result = services.evaluate(case)
    actions = services.unlock_actions(case, result)
    assert actions and actions[0]["id"] == "action.residence_permit"
    assert all({"text", "how", "opens", "count"} <= set(a) for a in actions)
    assert [a["count"] for a in actions] == sorted((a["count"] for a in actions), reverse=True)
