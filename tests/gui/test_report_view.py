"""The centre report window: filters, report made off the GUI thread, charts and tables, export,
language switch, refusal for case workers, and the main window's menu entry. Screenshots of each
tab go to test-artifacts/gui/report-view-*.png."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QTableWidget

from advisor.gui.report_view import BarChart, ReportDialog, open_report
from tests.gui.conftest import screenshot

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def centre_path(tmp_path_factory):
    """A set-up centre (accounts) with 300 synthetic families."""
    from tests.accounts.conftest import build_centre
    from tests.cases.conftest import FakeClock
    from tests.report.synth import bulk_load, generate

    c = build_centre(tmp_path_factory.mktemp("centre") / "cases.db", FakeClock())
    admin = c.login("admin")
    bulk_load(admin.store, generate(300, seed=11))
    admin.logout()
    admin.store.close()
    return c


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    from advisor.db import make_engine
    from advisor.paths import bundled_rules_dir
    from advisor.rules.store import ensure_bundled

    engine = make_engine(tmp_path_factory.mktemp("rules") / "rules.db")
    ensure_bundled(engine, bundled_rules_dir())
    return engine


@pytest.fixture
def service_for(centre_path, rules):
    from advisor.report import ReportService

    sessions = []

    def make(user: str) -> ReportService:
        session = centre_path.login(user)
        sessions.append(session)
        return ReportService(session, rules)

    yield make
    for s in sessions:
        s.logout()
        s.store.close()


def _texts(table: QTableWidget) -> list[list[str]]:
    return [[table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def _make(qtbot, dialog: ReportDialog) -> None:
    with qtbot.waitSignal(dialog.report_ready, timeout=60000):
        dialog.run_button.click()
        assert dialog.busy  # the work runs off the GUI thread
        assert not dialog.run_button.isEnabled() and dialog.cancel_button.isEnabled()


@pytest.mark.gui
def test_the_report_window_shows_charts_and_tables(qtbot, service_for, dialogs):
    dialog = ReportDialog(service_for("admin"), today=TODAY)
    qtbot.addWidget(dialog)
    dialog.resize(1200, 860)
    dialog.show()
    assert not dialog.pdf_button.isEnabled()  # nothing to export yet
    dialog.all_dates.setChecked(True)
    _make(qtbot, dialog)
    report = dialog.report
    assert report.total_served.value and report.total_served.value > 250
    # overview: the condition that stops the most families, city by city
    rows = _texts(dialog.top_table)
    assert [r[0] for r in rows] == ["北京", "上海", "广州", "深圳", "外地", "全部城市"][:len(rows)]
    for row, scope in zip(rows, report.scopes):
        if report.blockers[scope]:
            assert row[1] == report.blockers[scope][0].label["zh"]
            assert row[3] == str(report.blockers[scope][0].families.value)
    screenshot(dialog, "report-view-overview")
    # demand: a bar per domain, a column per city
    assert len(dialog.demand_chart.rows) == 7
    assert dialog.demand_table.columnCount() == 1 + len(report.scopes)
    dialog.tabs.setCurrentIndex(1)
    screenshot(dialog, "report-view-demand")
    # supply: stacked shares per option kind, for the chosen city
    dialog.tabs.setCurrentIndex(2)
    dialog.supply_scope.setCurrentIndex(dialog.supply_scope.findData("beijing"))
    beijing = report.supply["beijing"]
    assert len(dialog.supply_chart.rows) == len(beijing)
    assert all(abs(sum(v) - 100) < 0.5 for _l, v in dialog.supply_chart.rows)
    assert _texts(dialog.supply_table)[0][1] == str(beijing[0].assessed.value) if beijing[0].assessed.value else "*"
    screenshot(dialog, "report-view-supply")
    # blocking conditions, ranked, for a city
    dialog.tabs.setCurrentIndex(3)
    dialog.blocker_scope.setCurrentIndex(dialog.blocker_scope.findData("shanghai"))
    ranked = _texts(dialog.blocker_table)
    assert [r[1] for r in ranked] == [b.label["zh"] for b in report.blockers["shanghai"]]
    assert len(dialog.blocker_chart.rows) == min(10, len(ranked))
    screenshot(dialog, "report-view-blockers")
    dialog.tabs.setCurrentIndex(4)
    assert dialog.facts_table.rowCount() == len(report.unknown_facts[dialog.facts_scope.currentData()])
    screenshot(dialog, "report-view-facts")
    # no name, child's name, note or ID number anywhere in the window
    shown = " ".join(" ".join(" ".join(r) for r in _texts(t)) for t in dialog.findChildren(QTableWidget))
    shown += dialog.overview_text.text()
    for marker in ("NAME_MARK", "CHILD_MARK", "NOTE_MARK"):
        assert marker not in shown


@pytest.mark.gui
def test_export_pdf_and_csv(qtbot, service_for, dialogs, tmp_path):
    dialog = ReportDialog(service_for("audit"), today=TODAY)
    qtbot.addWidget(dialog)
    dialog.city.setCurrentIndex(dialog.city.findData("beijing"))
    assert dialog.district.count() >= 2  # "all" and the districts with 5+ families
    _make(qtbot, dialog)
    assert dialog.report.scopes == ("beijing",)
    dialogs.save_path = str(tmp_path / "report.pdf")
    with qtbot.waitSignal(dialog.exported, timeout=60000):
        dialog.pdf_button.click()
    assert Path(dialogs.save_path).read_bytes().startswith(b"%PDF")
    dialogs.save_path = str(tmp_path / "report.csv")
    with qtbot.waitSignal(dialog.exported, timeout=60000):
        dialog.csv_button.click()
    rows = list(csv.reader(io.StringIO(Path(dialogs.save_path).read_text("utf-8-sig"))))
    assert rows[0][0] == "section" and any(r[0] == "blockers" for r in rows)
    assert "report.csv" in dialog.status.text()


@pytest.mark.gui
def test_the_language_follows_the_app(qtbot, service_for, dialogs):
    from advisor.gui.i18n import Language
    from advisor.paths import resources_dir

    language = Language(resources_dir() / "translations")
    language.set("zh")  # installed first: Qt announces a change of translators only while the app runs, or on removal
    dialog = ReportDialog(service_for("admin"), today=TODAY)
    qtbot.addWidget(dialog)
    dialog.resize(1200, 860)
    dialog.show()
    dialog.all_dates.setChecked(True)
    _make(qtbot, dialog)
    try:
        language.set("en")
        QApplication.processEvents()
        assert dialog.windowTitle() == "Centre report"
        assert dialog.tabs.tabText(3) == "Blocking conditions"
        scope = dialog.report.scopes[0]
        assert _texts(dialog.top_table)[0][1] == dialog.report.blockers[scope][0].label["en"]
        screenshot(dialog, "report-view-english")
    finally:
        language.set("zh")
        QApplication.processEvents()
    assert dialog.windowTitle() == "中心报告"


@pytest.mark.gui
def test_case_workers_are_refused(qtbot, service_for, dialogs):
    dialog = ReportDialog(service_for("li.na"), today=TODAY)
    qtbot.addWidget(dialog)
    assert not dialog.run_button.isEnabled()
    assert "管理员" in dialog.status.text()
    dialog.run_report()
    assert dialog.report is None and not dialog.busy


class _SlowService:
    """Stands in for ReportService: cancellable, or failing with a message."""

    def __init__(self, fail: bool = False):
        self.fail = fail

    def allowed(self) -> bool:
        return True

    def refusal(self, lang: str) -> str:
        return ""

    def districts(self, city):
        return []

    def run(self, filters, progress=None, cancelled=None):
        from advisor.report import Cancelled, ReportError

        if self.fail:
            raise ReportError("规则库里没有规则包", "no rule pack")
        for i in range(200):
            progress(i, 200)
            if cancelled():
                raise Cancelled()
            import time

            time.sleep(0.01)
        raise AssertionError("not cancelled")


@pytest.mark.gui
def test_cancel_and_failure_are_reported(qtbot, dialogs):
    dialog = ReportDialog(_SlowService(), today=TODAY)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.failed, timeout=20000):
        dialog.run_button.click()
        dialog.cancel_button.click()
    assert "已取消" in dialog.status.text() and not dialog.busy and dialog.run_button.isEnabled()
    failing = ReportDialog(_SlowService(fail=True), today=TODAY)
    qtbot.addWidget(failing)
    with qtbot.waitSignal(failing.failed, timeout=20000):
        failing.run_button.click()
    assert "规则包" in failing.status.text()


@pytest.mark.gui
def test_the_chart_draws_nothing_gracefully(qtbot):
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.resize(400, 120)
    chart.set_data([], ["#000000"])
    assert not chart.grab().isNull()
    chart.set_data([("一", [3.0]), ("二", [12.0])], ["#3c6e9f"], name="test")
    assert chart.sizeHint().height() > 40 and "二: 12" in chart.toolTip()


@pytest.mark.gui
def test_the_main_window_has_the_menu_entry(qtbot, window, dialogs):
    action = window.act_report  # View → 中心报告…
    assert action in window.menu_view.actions()
    assert action.text() == "中心报告…"
    action.trigger()  # no one logged in: the window says so instead of opening the report
    assert dialogs.shown and dialogs.shown[-1][0] == "information"
    assert open_report(window) is None


@pytest.mark.gui
def test_an_administrator_opens_the_report_from_the_menu(qtbot, window, dialogs, centre_path):
    session = centre_path.login("admin")
    previous = window.services.session
    window.services.session = session
    try:
        window.act_report.trigger()
        dialog = window._report_dialog
        assert isinstance(dialog, ReportDialog) and dialog.isVisible()
        assert dialog.run_button.isEnabled()
        dialog.all_dates.setChecked(True)
        _make(qtbot, dialog)
        assert dialog.report.total_served.value
        dialog.close()
    finally:
        window.services.session = previous
        session.logout()
        session.store.close()
