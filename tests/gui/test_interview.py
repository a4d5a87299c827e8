"""A complete interview for every example case, typed with the keyboard: the results the window shows
equal ``advisor evaluate`` on the same case file."""

from __future__ import annotations

import json

import pytest

from advisor.domain.validation import load_case_file
from advisor.rules.engine import evaluate
from tests.conftest import example_case_paths
from tests.gui.conftest import screenshot, settle
from tests.gui.driver import run_interview


def _expected(path, pack):
    case = load_case_file(path)
    return evaluate(case, pack, case.as_of.start())


@pytest.mark.gui
@pytest.mark.parametrize("path", example_case_paths(), ids=lambda p: p.stem)
def test_interview_reproduces_evaluate(qtbot, window, pack, path):
    data = json.loads(path.read_text("utf-8"))
    window.new_case()

    def shoot(index):
        settle(qtbot, window)
        screenshot(window.interview, f"{path.stem}-page{index + 1}")

    asked = run_interview(qtbot, window, data, on_page=shoot)
    assert "case.city" in asked
    settle(qtbot, window)
    window.interview.go_to(6)
    screenshot(window.interview, f"{path.stem}-page7-review")
    screenshot(window.results, f"{path.stem}-results")
    screenshot(window, f"{path.stem}-window")

    expected = _expected(path, pack)
    shown = window.results.shown_options()
    assert [(o["kind"], o["subject"], o["status"], o["eligible_from"]) for o in shown] == [
        (o["kind"], o["subject"], o["status"], o["eligible_from"]) for o in expected["options"]]
    for o, e in zip(shown, expected["options"]):
        assert window.services.status_line(e, "zh").split(" ", 1)[1] in o["header"]
    points = window.results.shown_points()
    assert [(p["scheme"], p["status"], p["total"]) for p in points] == [
        (p["scheme"], p.get("status"), p["total"]) for p in expected["points"]]
    assert window.interview.checked.errors == []
    # what the window would save is a valid case that evaluates the same
    case = window.interview.checked.case
    again = evaluate(case, pack, case.as_of.start())
    assert [o["status"] for o in again["options"]] == [o["status"] for o in expected["options"]]


@pytest.mark.gui
def test_only_needed_questions(window, services):
    """A Beijing interview about health does not ask the points-only questions."""
    from advisor.gui.interview.answers import Answers

    window.start_case(Answers({"city": "beijing", "needs": ["health"]}), None)
    asked = {r.fact.id for r in window.interview.all_rows()}
    all_needs = services.interview_facts("beijing", services.DOMAINS, window.interview._facts_key[2])
    points_only = {f.id for facts in all_needs.values() for f in facts} - asked
    assert "extra.bj_innovation_points" in points_only
    assert "case.city" in asked and "applicant.name" in asked
