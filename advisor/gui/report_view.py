"""The centre report window: filters, charts (QPainter), tables, export to PDF and CSV.

``ReportDialog(service)`` takes a report service — ``advisor.report.ReportService`` or anything with
``allowed()``, ``refusal(lang)``, ``run(filters, progress=, cancelled=)``, ``districts(city)``,
``save_pdf(report, path, lang)`` and ``save_csv(report, path)``. The report is made off the GUI
thread (a progress bar; Cancel stops between batches); exports too. The window shows only what the
published report holds — aggregates with small cells already replaced by ``*`` — so nothing here
can show a family. ``add_report_action(window, menu)`` puts "中心报告 / Centre report" in a menu of
the main window; the action opens the dialog for the logged-in user (administrators and auditors).

Words come from ``advisor.report.wording`` and a small table below (Chinese and English, switched
with the app's language), so the window and the printed report say the same things.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QObject, QRectF, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from advisor.gui.i18n import Retranslating, lang
from advisor.gui.style import ERROR, MUTED, esc

CITIES = ("beijing", "shanghai", "guangzhou", "shenzhen", "other")
STATUS_ORDER = ("eligible", "eligible_later", "not_eligible", "needs_info")
STATUS_COLOURS = {"eligible": "#1b7f3b", "eligible_later": "#b35c00", "not_eligible": "#a11d2b",
                  "needs_info": "#1f5fa8"}
HIDDEN_COLOUR = "#c8c8c8"
BAR_COLOUR = "#3c6e9f"
CITY_COLOURS = ("#3c6e9f", "#7aa6c2", "#c27a3c", "#8a6fb0", "#9a9a9a")
BLOCKER_COLOUR = "#a11d2b"
CHART_ROWS = 10
_LEFT_MID = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT_MID = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

_T: dict[str, tuple[str, str]] = {
    "window": ("中心报告", "Centre report"),
    "action": ("中心报告…", "Centre report…"),
    "from": ("从", "From"),
    "to": ("到", "to"),
    "all_dates": ("全部日期", "All dates"),
    "city": ("城市", "City"),
    "district": ("区", "District"),
    "all_cities": ("全部城市", "All cities"),
    "all_districts": ("全部区", "All districts"),
    "run": ("生成报告", "Make the report"),
    "cancel": ("取消", "Cancel"),
    "pdf": ("导出 PDF…", "Export PDF…"),
    "csv": ("导出表格（CSV）…", "Export tables (CSV)…"),
    "close": ("关闭", "Close"),
    "overview": ("概览", "Overview"),
    "demand": ("需求", "Demand"),
    "supply": ("政策供给", "Supply"),
    "blockers": ("挡住家庭的条件", "Blocking conditions"),
    "unknown": ("未填信息", "Unknown facts"),
    "scope": ("范围", "Show"),
    "working": ("正在读取和评估个案…", "Reading and evaluating the cases…"),
    "cancelled": ("已取消。", "Cancelled."),
    "ready": ("报告已生成：只含汇总数字，少于5户的数字以 * 表示。",
              "Report ready: aggregates only; counts of fewer than 5 families show as *."),
    "hint": ("选择统计期间和城市，然后点“生成报告”。", "Choose the period and the city, then make the report."),
    "top_per_city": ("各城市挡住家庭最多的条件", "The condition that stops the most families, by city"),
    "saved": ("已保存：{path}", "Saved: {path}"),
    "save_pdf_title": ("导出中心报告（PDF）", "Export the centre report (PDF)"),
    "save_csv_title": ("导出报告表格（CSV）", "Export the report's tables (CSV)"),
    "failed": ("报告没有生成：{why}", "The report was not made: {why}"),
    "generic": ("出了问题，报告没有生成。", "Something went wrong; the report was not made."),
    "not_ready": ("规则和个案库还在加载，请稍候再试。", "The rules and the case store are still loading; try again "
                  "in a moment."),
    "nothing": ("（没有可显示的数据）", "(nothing to show)"),
    "months": ("还需月数（中位数）", "Months still needed (median)"),
    "period_line": ("统计期间 {period}", "Period {period}"),
    "served_line": ("服务家庭 {n} 户", "{n} families served"),
    "packs_line": ("规则包：{packs}", "Rule packs: {packs}"),
    "chart_name": ("图表", "chart"),
}


def _t(key: str, **values: object) -> str:
    zh, en = _T[key]
    text = en if lang() == "en" else zh
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def _words() -> Any:
    from advisor.gui.services import Services

    return Services.report_wording()


def _count(count: Any, share: bool = True) -> str:
    """A published count ("*" when suppressed), with its share when there is one."""
    if count.value is None:
        return "*"
    if share and count.share is not None:
        return f"{count.value}（{count.share * 100:.0f}%）" if lang() == "zh" else f"{count.value} ({count.share:.0%})"
    return str(count.value)


# ---------------------------------------------------------------------------------------------- chart
class BarChart(QWidget):
    """Horizontal bars drawn with QPainter: one value per row, or stacked shares with a legend."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[tuple[str, list[float]]] = []
        self.colours: list[QColor] = [QColor(BAR_COLOUR)]
        self.legend: list[str] = []
        self.stacked = False
        self.percent = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_data(self, rows: list[tuple[str, list[float]]], colours: list[str], *, stacked: bool = False,
                 percent: bool = False, legend: list[str] | None = None, name: str = "") -> None:
        """Rows of (label, values); stacked rows are shares in percent."""
        self.rows, self.colours = rows, [QColor(c) for c in colours]
        self.stacked, self.percent, self.legend = stacked, percent, legend or []
        self.setAccessibleName(name)
        summary = [f"{label}: {' / '.join(f'{v:g}' for v in values)}" for label, values in rows]
        self.setToolTip("\n".join(summary[:30]))
        self.setAccessibleDescription("; ".join(summary))
        self.updateGeometry()
        self.update()

    def _row_h(self) -> int:
        return max(16, self.fontMetrics().height() + 4)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt)
        legend = self._row_h() + 4 if self.legend else 0
        return QSize(560, 14 + len(self.rows) * self._row_h() + self.fontMetrics().height() + 10 + legend)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt)
        return QSize(320, self.sizeHint().height())

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 (Qt)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        if not self.rows:
            p.setPen(QColor(MUTED))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _t("nothing"))
            return
        fm = self.fontMetrics()
        row_h = self._row_h()
        label_w = min(int(self.width() * 0.42), max(fm.horizontalAdvance(label) for label, _ in self.rows) + 10)
        left, top = label_w + 8, 8
        right = self.width() - (46 if not self.stacked else 14)
        width = max(40, right - left)
        top_value = 100.0 if self.stacked else max((sum(v) for _l, v in self.rows), default=1.0) or 1.0
        bottom = top + row_h * len(self.rows)
        ticks = [0, 25, 50, 75, 100] if self.stacked else _ticks(top_value)
        scale_max = 100.0 if self.stacked else float(ticks[-1]) or 1.0
        p.setPen(QPen(QColor("#e2e2e2"), 1))
        for tick in ticks:
            x = left + width * tick / scale_max
            p.drawLine(int(x), top, int(x), bottom)
        for i, (label, values) in enumerate(self.rows):
            y = top + i * row_h
            p.setPen(QColor("#1a1a1a"))
            text = fm.elidedText(label, Qt.TextElideMode.ElideRight, label_w)
            p.drawText(QRectF(0, y, label_w, row_h), _RIGHT_MID, text)
            x = float(left)
            for j, value in enumerate(values):
                w = width * value / scale_max
                if w > 0:
                    p.fillRect(QRectF(x, y + 2, w, row_h - 4), self.colours[j % len(self.colours)])
                x += w
            if not self.stacked:
                p.setPen(QColor(MUTED))
                p.drawText(QRectF(x + 4, y, 60, row_h), _LEFT_MID, f"{sum(values):g}")
        p.setPen(QColor("#888888"))
        p.drawLine(left, top, left, bottom)
        p.setPen(QColor(MUTED))
        for tick in ticks:
            x = left + width * tick / scale_max
            label = f"{tick}%" if self.stacked or self.percent else f"{tick:g}"
            p.drawText(QRectF(x - 30, bottom + 2, 60, fm.height()), int(Qt.AlignmentFlag.AlignHCenter), label)
        if self.legend:
            x, y = float(left), bottom + fm.height() + 8
            for j, name in enumerate(self.legend):
                p.fillRect(QRectF(x, y + 3, 10, 10), self.colours[j % len(self.colours)])
                p.setPen(QColor("#1a1a1a"))
                p.drawText(QRectF(x + 14, y, 140, row_h), _LEFT_MID, name)
                x += 18 + fm.horizontalAdvance(name) + 16


def _ticks(top: float) -> list[float]:
    """Round axis ticks from 0 to at least ``top``."""
    step = 1.0
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top / candidate <= 5:
            step = float(candidate)
            break
    else:
        step = float(10 ** len(str(int(top))))
    out, v = [], 0.0
    while v < top:
        out.append(v)
        v += step
    out.append(v)
    return out


# ---------------------------------------------------------------------------------------------- work
class _Bridge(QObject):
    progress = Signal(int, int)
    done = Signal(str, object)
    failed = Signal(str, str, str)


class _Job(QRunnable):
    def __init__(self, bridge: _Bridge, kind: str, fn: Callable[[], Any]):
        super().__init__()
        self.bridge, self.kind, self.fn = bridge, kind, fn

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # noqa: BLE001 — shown in plain words; no personal data in these messages
            message = getattr(exc, "message", None)
            zh = message("zh") if callable(message) else getattr(exc, "zh", None)
            en = message("en") if callable(message) else getattr(exc, "en", None)
            if not zh or not en:
                from advisor.gui.crash import logger, redacted_traceback

                logger().error("centre report failed\n%s", redacted_traceback(type(exc), sys.exc_info()[2]))
                zh, en = _T["generic"]
            self.bridge.failed.emit(self.kind, zh, en)
            return
        self.bridge.done.emit(self.kind, result)


def _table(columns: int) -> QTableWidget:
    t = QTableWidget(0, columns)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setAlternatingRowColors(True)
    t.verticalHeader().setVisible(False)
    t.setWordWrap(True)
    return t


def _fill(t: QTableWidget, headers: list[str], rows: list[list[str]], right: tuple[int, ...] = (),
          stretch: int = 0) -> None:
    t.clear()
    t.setColumnCount(len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            t.setItem(r, c, item)
    header = t.horizontalHeader()
    for c in range(len(headers)):
        mode = QHeaderView.ResizeMode.Stretch if c == stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(c, mode)
    t.resizeRowsToContents()


# ---------------------------------------------------------------------------------------------- dialog
class ReportDialog(Retranslating, QDialog):
    """Filters, then the report as charts and tables, with PDF and CSV export."""

    report_ready = Signal()
    exported = Signal(str)
    failed = Signal(str)

    def __init__(self, service: Any, parent: QWidget | None = None, *, today: date | None = None):
        super().__init__(parent)
        self.service = service
        self.report: Any = None
        self.busy = False
        self._cancel = False
        self._status: tuple[str | None, bool] = (None, False)
        self._today = today or date.today()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._bridge = _Bridge(self)
        self._bridge.progress.connect(self._on_progress)
        self._bridge.done.connect(self._on_done)
        self._bridge.failed.connect(self._on_failed)
        self.setObjectName("centre-report")
        self.resize(1100, 800)
        self._build()
        self.retranslate()
        self._refresh_districts()
        self._update_buttons()
        if not self.service.allowed():
            self._say(self.service.refusal(lang()), error=True, key="refused")

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.from_label, self.to_label = QLabel(self), QLabel(self)
        self.date_from, self.date_to = QDateEdit(self), QDateEdit(self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.date_from.setDate(QDate(self._today.year, 1, 1))
        self.date_to.setDate(QDate(self._today.year, self._today.month, self._today.day))
        self.all_dates = QCheckBox(self)
        self.all_dates.toggled.connect(self._dates_toggled)
        self.city_label, self.district_label = QLabel(self), QLabel(self)
        self.city = QComboBox(self)
        self.city.addItem("", None)
        for c in CITIES:
            self.city.addItem("", c)
        self.city.currentIndexChanged.connect(self._refresh_districts)
        self.district = QComboBox(self)
        self.district.setMinimumContentsLength(8)
        self.run_button = QPushButton(self)
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run_report)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel)
        for w in (self.from_label, self.date_from, self.to_label, self.date_to, self.all_dates, self.city_label,
                  self.city, self.district_label, self.district, self.run_button, self.cancel_button):
            bar.addWidget(w)
        bar.addStretch(1)
        outer.addLayout(bar)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.progress.hide()
        outer.addWidget(self.progress)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        outer.addWidget(self.status)

        self.tabs = QTabWidget(self)
        outer.addWidget(self.tabs, 1)
        # overview
        self.overview_text = QLabel(self)
        self.overview_text.setWordWrap(True)
        self.overview_text.setTextFormat(Qt.TextFormat.RichText)
        self.top_title = QLabel(self)
        self.top_table = _table(5)
        self.tabs.addTab(self._page(self.overview_text, self.top_title, self.top_table), "")
        # demand
        self.demand_chart = BarChart(self)
        self.demand_table = _table(2)
        self.tabs.addTab(self._page(self.demand_chart, self.demand_table), "")
        # supply
        self.supply_scope = QComboBox(self)
        self.supply_scope.currentIndexChanged.connect(self._show_supply)
        self.supply_chart = BarChart(self)
        self.supply_table = _table(6)
        self.tabs.addTab(self._page(self._scope_row(self.supply_scope), self.supply_chart, self.supply_table), "")
        # blockers
        self.blocker_scope = QComboBox(self)
        self.blocker_scope.currentIndexChanged.connect(self._show_blockers)
        self.blocker_chart = BarChart(self)
        self.blocker_table = _table(5)
        self.blocker_note = QLabel(self)
        self.tabs.addTab(self._page(self._scope_row(self.blocker_scope), self.blocker_chart, self.blocker_table,
                                    self.blocker_note), "")
        # unknown facts
        self.facts_scope = QComboBox(self)
        self.facts_scope.currentIndexChanged.connect(self._show_facts)
        self.facts_table = _table(3)
        self.tabs.addTab(self._page(self._scope_row(self.facts_scope), self.facts_table), "")

        buttons = QHBoxLayout()
        self.pdf_button, self.csv_button, self.close_button = QPushButton(self), QPushButton(self), QPushButton(self)
        self.pdf_button.clicked.connect(self.export_pdf)
        self.csv_button.clicked.connect(self.export_csv)
        self.close_button.clicked.connect(self.close)
        buttons.addStretch(1)
        for b in (self.pdf_button, self.csv_button, self.close_button):
            buttons.addWidget(b)
        outer.addLayout(buttons)

    def _scope_row(self, combo: QComboBox) -> QWidget:
        w = QWidget(self)
        row = QHBoxLayout(w)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel(w)
        label.setObjectName("scope-label")
        row.addWidget(label)
        row.addWidget(combo)
        row.addStretch(1)
        return w

    def _page(self, *widgets: QWidget) -> QScrollArea:
        inner = QWidget(self)
        layout = QVBoxLayout(inner)
        has_table = False
        for w in widgets:
            if isinstance(w, QTableWidget):  # the table takes the room that is left (and scrolls itself)
                w.setMinimumHeight(260)
                layout.addWidget(w, 1)
                has_table = True
            else:
                layout.addWidget(w)
        if not has_table:
            layout.addStretch(1)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setWidget(inner)
        return area

    # ------------------------------------------------------------------ running
    def filters(self) -> Any:
        """The filters the window shows."""
        from advisor.gui.services import Services

        Filters = Services.report_filters  # noqa: N806 - the core's name for it
        all_dates = self.all_dates.isChecked()
        city = self.city.currentData()
        district = self.district.currentData()
        return Filters(date_from=None if all_dates else self.date_from.date().toPython(),
                       date_to=None if all_dates else self.date_to.date().toPython(), city=city, district=district)

    def run_report(self) -> None:
        """Make the report off the GUI thread."""
        if self.busy or not self.service.allowed():
            if not self.service.allowed():
                self._say(self.service.refusal(lang()), error=True)
            return
        filters = self.filters()
        if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
            self._say(_t("failed", why="“到”早于“从”" if lang() == "zh" else "the end is before the start"),
                      error=True)
            return
        self._cancel = False
        self.busy = True
        self.progress.setRange(0, 0)
        self.progress.show()
        self._say(_t("working"), key="working")
        self._update_buttons()
        bridge = self._bridge

        def progress(done: int, total: int) -> None:
            bridge.progress.emit(done, total)

        def job() -> Any:
            return self.service.run(filters, progress=progress, cancelled=lambda: self._cancel)

        self._pool.start(_Job(bridge, "report", job))

    def cancel(self) -> None:
        """Stop the report at the next batch."""
        self._cancel = True

    def wait(self, ms: int = 60000) -> bool:
        """Block until background work is done (tests)."""
        return self._pool.waitForDone(ms)

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _on_done(self, kind: str, result: Any) -> None:
        self.busy = False
        self.progress.hide()
        if kind == "report":
            self.report = result
            self._say(_t("ready"), key="ready")
            self._populate()
            self._update_buttons()
            self.report_ready.emit()
        else:
            self._say(_t("saved", path=result))
            self._update_buttons()
            self.exported.emit(str(result))

    def _on_failed(self, _kind: str, zh: str, en: str) -> None:
        self.busy = False
        self.progress.hide()
        text = en if lang() == "en" else zh
        if en == "cancelled":  # advisor.report.Cancelled
            self._say(_t("cancelled"), key="cancelled")
        else:
            self._say(_t("failed", why=text), error=True)
        self._update_buttons()
        self.failed.emit(text)

    # ------------------------------------------------------------------ export
    def _export(self, kind: str) -> None:
        if self.report is None or self.busy:
            return
        title, name, pattern = (("save_pdf_title", "centre-report.pdf", "PDF (*.pdf)") if kind == "pdf" else
                                ("save_csv_title", "centre-report.csv", "CSV (*.csv)"))
        path, _ = QFileDialog.getSaveFileName(self, _t(title), name, pattern)
        if not path:
            return
        report, language = self.report, lang()
        fn = (lambda: self.service.save_pdf(report, path, language)) if kind == "pdf" else \
            (lambda: self.service.save_csv(report, path))
        self.busy = True
        self._update_buttons()
        self._pool.start(_Job(self._bridge, kind, fn))

    def export_pdf(self) -> None:
        """Save the report as a PDF (charts and tables)."""
        self._export("pdf")

    def export_csv(self) -> None:
        """Save the report's tables as CSV."""
        self._export("csv")

    # ------------------------------------------------------------------ showing
    def _say(self, text: str, error: bool = False, key: str | None = None) -> None:
        """A line under the filters (``key``: one of this window's own strings, re-said in a new language)."""
        self._status = (key, error)
        self.status.setText(f'<span style="color:{ERROR if error else MUTED}">{esc(text)}</span>')

    def _update_buttons(self) -> None:
        allowed = self.service.allowed()
        self.run_button.setEnabled(allowed and not self.busy)
        self.cancel_button.setEnabled(self.busy)
        for b in (self.pdf_button, self.csv_button):
            b.setEnabled(self.report is not None and not self.busy)

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(not on)
        self.date_to.setEnabled(not on)

    def _refresh_districts(self) -> None:
        current = self.district.currentData()
        self.district.blockSignals(True)
        self.district.clear()
        self.district.addItem(_t("all_districts"), None)
        if self.service.allowed():
            try:
                names = self.service.districts(self.city.currentData())
            except Exception:  # noqa: BLE001 — the filter list is a convenience; the report still runs
                names = []
            for name in names:
                self.district.addItem(name, name)
        index = self.district.findData(current)
        self.district.setCurrentIndex(max(0, index))
        self.district.blockSignals(False)

    def _fill_scopes(self, combo: QComboBox) -> None:
        w = _words()
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        if self.report is not None:
            for s in self.report.scopes:  # cities first (their figures are what the report is for), then all
                combo.addItem(w.city_label(s, lang()), s)
        index = combo.findData(current)
        combo.setCurrentIndex(index if index >= 0 else 0)
        combo.blockSignals(False)

    def _populate(self) -> None:
        for combo in (self.supply_scope, self.blocker_scope, self.facts_scope):
            self._fill_scopes(combo)
        self._show_overview()
        self._show_demand()
        self._show_supply()
        self._show_blockers()
        self._show_facts()

    def _show_overview(self) -> None:
        w, r, language = _words(), self.report, lang()
        if r is None:
            self.overview_text.setText(esc(_t("hint")))
            _fill(self.top_table, [""], [])
            return
        f = r.filters
        start = f.date_from.isoformat() if f.date_from else w.t("from_start", language)
        end = f.date_to.isoformat() if f.date_to else w.t("to_now", language)
        served = r.total_served.value
        parts = [f"<b>{esc(_t('served_line', n='*' if served is None else served))}</b> · "
                 f"{esc(_t('period_line', period=f'{start} – {end}'))}"]
        if r.scopes:
            parts.append(" · ".join(esc(f"{w.city_label(s, language)} {_count(r.served[s], False)}")
                                    for s in r.scopes if s != "all"))
        packs = ", ".join(f"{u.ref.version} ({u.ref.sha256[:12]}): {_count(u.families, False)}" for u in r.packs)
        parts.append(esc(_t("packs_line", packs=packs or "—")))
        parts.append(f'<span style="color:{MUTED}">{esc(w.t("privacy", language))}</span>')
        self.overview_text.setText("<br>".join(parts))
        rows = []
        for s in r.scopes:
            top = r.blockers.get(s) or ()
            if top:
                b = top[0]
                rows.append([w.city_label(s, language), b.label[language], b.owner_title[language],
                             _count(b.families, False), _months(b)])
            else:
                rows.append([w.city_label(s, language), _t("nothing"), "", "", ""])
        _fill(self.top_table, [w.t("city", language), w.t("condition", language), w.t("rule", language),
                               w.t("stopped", language), _t("months")], rows, right=(3, 4), stretch=1)

    def _show_demand(self) -> None:
        w, r, language = _words(), self.report, lang()
        if r is None or not r.scopes:
            self.demand_chart.set_data([], [BAR_COLOUR])
            _fill(self.demand_table, [""], [])
            return
        cities = list(r.city_scopes)  # stacked by city: a figure hidden as * is not drawn
        self.demand_chart.set_data([(w.domain_label(d.domain, language), [float(d.cells[c].value or 0) for c in cities])
                                    for d in r.demand], list(CITY_COLOURS[:len(cities)]),
                                   legend=[w.city_label(c, language) for c in cities] if len(cities) > 1 else None,
                                   name=w.t("chart_demand", language))
        headers = [w.t("domain", language)] + [w.city_label(s, language) for s in r.scopes]
        rows = [[w.domain_label(d.domain, language)] + [_count(d.cells[s]) for s in r.scopes] for d in r.demand]
        _fill(self.demand_table, headers, rows, right=tuple(range(1, len(headers))))

    def _show_supply(self) -> None:
        w, r, language = _words(), self.report, lang()
        scope = self.supply_scope.currentData()
        if r is None or scope is None:
            self.supply_chart.set_data([], [BAR_COLOUR])
            _fill(self.supply_table, [""], [])
            return
        chart_rows = []
        for row in r.supply.get(scope, ()):
            values, shown = [], 0.0
            for st in STATUS_ORDER:
                share = row.statuses[st].share
                values.append(round((share or 0.0) * 100, 1))
                shown += share or 0.0
            values.append(round(max(0.0, 1 - shown) * 100, 1))
            chart_rows.append((w.kind_label(row.kind, language), values))
        legend = [w.status_label(st, language) for st in STATUS_ORDER] + ["*"]
        self.supply_chart.set_data(chart_rows, [STATUS_COLOURS[st] for st in STATUS_ORDER] + [HIDDEN_COLOUR],
                                   stacked=True, percent=True, legend=legend, name=w.t("chart_supply", language))
        headers = [w.t("option", language), w.t("assessed", language)] + [w.status_label(st, language)
                                                                         for st in STATUS_ORDER]
        rows = [[w.kind_label(row.kind, language), _count(row.assessed, False)]
                + [_count(row.statuses[st]) for st in STATUS_ORDER] for row in r.supply.get(scope, ())]
        _fill(self.supply_table, headers, rows, right=(1, 2, 3, 4, 5))

    def _show_blockers(self) -> None:
        w, r, language = _words(), self.report, lang()
        scope = self.blocker_scope.currentData()
        if r is None or scope is None:
            self.blocker_chart.set_data([], [BLOCKER_COLOUR])
            _fill(self.blocker_table, [""], [])
            self.blocker_note.clear()
            return
        rows_all = r.blockers.get(scope, ())
        self.blocker_chart.set_data([(f"{i}. {b.label[language]}", [float(b.families.value or 0)])
                                     for i, b in enumerate(rows_all[:CHART_ROWS], 1)], [BLOCKER_COLOUR],
                                    name=w.t("chart_blockers", language))
        rows = [[str(i), b.label[language], b.owner_title[language], _count(b.families, False), _months(b)]
                for i, b in enumerate(rows_all, 1)]
        _fill(self.blocker_table, [w.t("rank", language), w.t("condition", language), w.t("rule", language),
                                   w.t("stopped", language), _t("months")], rows, right=(0, 3, 4), stretch=1)
        hidden = r.blockers_hidden.get(scope, 0)
        self.blocker_note.setText(esc(w.t("hidden_rows", language, n=hidden)) if hidden else "")

    def _show_facts(self) -> None:
        w, r, language = _words(), self.report, lang()
        scope = self.facts_scope.currentData()
        if r is None or scope is None:
            _fill(self.facts_table, [""], [])
            return
        rows = [[str(i), f.label[language], _count(f.families, False)]
                for i, f in enumerate(r.unknown_facts.get(scope, ()), 1)]
        _fill(self.facts_table, [w.t("rank", language), w.t("fact", language), w.t("families_col", language)],
              rows, right=(0, 2), stretch=1)

    def retranslate(self) -> None:
        self.setWindowTitle(_t("window"))
        self.from_label.setText(_t("from"))
        self.to_label.setText(_t("to"))
        self.all_dates.setText(_t("all_dates"))
        self.city_label.setText(_t("city"))
        self.district_label.setText(_t("district"))
        self.city.setItemText(0, _t("all_cities"))
        w = _words()
        for i, c in enumerate(CITIES, 1):
            self.city.setItemText(i, w.city_label(c, lang()))
        if self.district.count():
            self.district.setItemText(0, _t("all_districts"))
        self.run_button.setText(_t("run"))
        self.cancel_button.setText(_t("cancel"))
        self.pdf_button.setText(_t("pdf"))
        self.csv_button.setText(_t("csv"))
        self.close_button.setText(_t("close"))
        for i, key in enumerate(("overview", "demand", "supply", "blockers", "unknown")):
            self.tabs.setTabText(i, _t(key))
        for label in self.findChildren(QLabel, "scope-label"):
            label.setText(_t("scope"))
        self.top_title.setText(f"<b>{esc(_t('top_per_city'))}</b>")
        font = QFont(self.top_title.font())
        font.setPointSizeF(font.pointSizeF() * 1.05)
        self.top_title.setFont(font)
        if self.report is not None:
            self._populate()
        else:
            self._show_overview()
        key, error = self._status
        if not self.busy and self.report is None and self.service.allowed() and key in (None, "hint"):
            self._say(_t("hint"), key="hint")
        elif key == "refused":
            self._say(self.service.refusal(lang()), True, key)
        elif key in _T and key != "hint":
            self._say(_t(key), error, key)


def _months(row: Any) -> str:
    if row.median_months is not None:
        return f"{row.median_months:g}"
    return "*" if row.months == "suppressed" else "—"


# ---------------------------------------------------------------------------------------------- main window
def report_service_for(window: Any) -> Any:
    """The report service for the main window's logged-in user (None while the core is loading)."""
    services = getattr(window, "services", None)
    if services is None:
        return None
    return services.report_service()


def open_report(window: Any) -> ReportDialog | None:
    """Open the centre report for the window's user (or say why it cannot be opened)."""
    service = report_service_for(window)
    if service is None:
        QMessageBox.information(window, _t("window"), _t("not_ready"))
        return None
    if not service.allowed():
        QMessageBox.information(window, _t("window"), service.refusal(lang()))
        return None
    dialog = ReportDialog(service, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window._report_dialog = dialog  # keep it alive while open
    dialog.show()
    return dialog


def add_report_action(window: Any, menu: Any) -> QAction:
    """Add "中心报告… / Centre report…" to ``menu``; it follows the app's language."""
    action = QAction(_t("action"), window)
    action.setObjectName("action-centre-report")
    action.triggered.connect(lambda: open_report(window))
    menu.addAction(action)
    language = getattr(window, "language", None)
    if language is not None and hasattr(language, "changed"):
        language.changed.connect(lambda _l: action.setText(_t("action")))
    window.act_report = action
    return action
