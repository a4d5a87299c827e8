"""The points chart, drawn with QPainter (no QtCharts: it costs start-up time and fonts of its own).

Bars: the total now and the projection if nothing changes; a grey line: past cut-off scores; a
dashed line: the score to reach (last cut-off or standard score) with the gap marked.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from advisor.gui.i18n import tr

NOW = QColor("#1a5fb4")
LATER = QColor("#99c1f1")
CUTOFF = QColor("#77767b")
LINE = QColor("#c64600")



def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


class PointsChart(QWidget):
    """Total now, projection, past cut-offs and the line to reach."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(250)
        self.entry: dict[str, Any] = {}
        self.now_year: int | None = None

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(420, 260)

    def set_entry(self, entry: dict[str, Any], now_year: int, description: str) -> None:
        """Show one points entry of a result."""
        self.entry = entry
        self.now_year = now_year
        self.setAccessibleName(tr("Points chart"))
        self.setAccessibleDescription(description)
        self.update()

    def series(self) -> tuple[list[tuple[int, float, bool]], list[tuple[int, float]]]:
        """Bars (year, total, is_now) and past cut-offs (year, value)."""
        bars: list[tuple[int, float, bool]] = []
        total = self.entry.get("total")
        if total is not None and self.now_year is not None:
            bars.append((self.now_year, float(total), True))
        for p in self.entry.get("projection") or []:
            if p.get("total") is not None and (not bars or p["year"] != bars[0][0]):
                bars.append((int(p["year"]), float(p["total"]), False))
        cuts = [(int(c["year"]), float(c["value"])) for c in self.entry.get("cutoffs") or []]
        return bars, cuts

    def paintEvent(self, _event: Any) -> None:  # noqa: N802
        bars, cuts = self.series()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        fm = p.fontMetrics()
        threshold = self.entry.get("threshold")
        if not bars and not cuts:
            p.setPen(CUTOFF)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("No points to draw yet."))
            return
        years = sorted({y for y, _v, _n in bars} | {y for y, _v in cuts})
        values = [v for _y, v, _n in bars] + [v for _y, v in cuts] + ([threshold["value"]] if threshold else [])
        top = max(values + [1.0]) * 1.15
        legend_h = self._legend(p, fm, bool(cuts), threshold is not None)
        left = fm.horizontalAdvance("0000") + 10
        area = QRectF(left, legend_h + 6 + fm.height(), self.width() - left - 10,
                      self.height() - legend_h - 2 * fm.height() - 16)

        def y_of(v: float) -> float:
            return area.bottom() - v / top * area.height()

        slot = area.width() / max(len(years), 1)

        def x_of(year: int) -> float:
            return area.left() + (years.index(year) + 0.5) * slot

        p.setPen(QPen(QColor("#d0d0d0"), 1))
        step = _nice_step(top)
        v = 0.0
        while v <= top:
            p.drawLine(QPointF(area.left(), y_of(v)), QPointF(area.right(), y_of(v)))
            p.save()
            p.setPen(CUTOFF)
            p.drawText(QRectF(0, y_of(v) - fm.height() / 2, left - 4, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, _num(v))
            p.restore()
            v += step
        bar_w = min(slot * 0.55, 46)
        for year, value, is_now in bars:
            rect = QRectF(x_of(year) - bar_w / 2, y_of(value), bar_w, area.bottom() - y_of(value))
            p.fillRect(rect, NOW if is_now else LATER)
            p.setPen(QColor("#000000"))
            p.drawText(QRectF(rect.left() - 20, rect.top() - fm.height() - 1, rect.width() + 40, fm.height()),
                       Qt.AlignmentFlag.AlignCenter, _num(value))
        if cuts:
            path = QPainterPath()
            for i, (year, value) in enumerate(cuts):
                pt = QPointF(x_of(year), y_of(value))
                path.moveTo(pt) if i == 0 else path.lineTo(pt)
            p.setPen(QPen(CUTOFF, 2))
            p.drawPath(path)
            p.setBrush(CUTOFF)
            for year, value in cuts:
                p.drawEllipse(QPointF(x_of(year), y_of(value)), 3.5, 3.5)
            p.setBrush(Qt.BrushStyle.NoBrush)
        if threshold:
            ty = y_of(float(threshold["value"]))
            p.setPen(QPen(LINE, 2, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(area.left(), ty), QPointF(area.right(), ty))
            label = f"{_num(float(threshold['value']))}"
            p.setPen(LINE)
            p.drawText(QRectF(area.right() - 80, ty - fm.height() - 2, 78, fm.height()),
                       Qt.AlignmentFlag.AlignRight, label)
            gap = self.entry.get("gap")
            now = next(((y, v) for y, v, n in bars if n), None)
            if gap and now:
                x = x_of(now[0]) + bar_w / 2 + 6
                p.setPen(QPen(LINE, 1))
                p.drawLine(QPointF(x, y_of(now[1])), QPointF(x, ty))
                p.drawText(QPointF(x + 4, (y_of(now[1]) + ty) / 2 + fm.ascent() / 2),
                           tr("gap %1").replace("%1", _num(float(gap))))
        p.setPen(QColor("#000000"))
        gap_px = fm.horizontalAdvance("2000 ")
        now_year = next((y for y, _v, n in bars if n), None)
        placed = [now_year] if now_year is not None else []
        for year in years:  # the year "now" first, then every year that does not overlap a label
            if year not in placed and all(abs(x_of(year) - x_of(q)) >= gap_px for q in placed):
                placed.append(year)
        for year in placed:
            p.drawText(QRectF(x_of(year) - slot, area.bottom() + 3, 2 * slot, fm.height()),
                       Qt.AlignmentFlag.AlignCenter, str(year))

    def _legend(self, p: QPainter, fm: Any, has_cuts: bool, has_line: bool) -> float:
        """Draw the legend (wrapping to the width); return its height."""
        x, line = 6.0, 0
        items = [(NOW, tr("total now"), "bar"), (LATER, tr("if nothing changes"), "bar")]
        if has_cuts:
            items.append((CUTOFF, tr("past cut-offs (unofficial)"), "dot"))
        if has_line:
            items.append((LINE, tr("score to reach"), "dash"))
        font = QFont(p.font())
        p.setFont(font)
        step = fm.height() + 4
        for color, text, kind in items:
            width = 16 + fm.horizontalAdvance(text) + 14
            if x > 6 and x + width > self.width():
                x, line = 6.0, line + 1
            top = 4 + line * step
            y = top + fm.height() / 2
            if kind == "bar":
                p.fillRect(QRectF(x, y - 5, 12, 10), color)
            elif kind == "dot":
                p.setPen(QPen(color, 2))
                p.drawLine(QPointF(x, y), QPointF(x + 12, y))
            else:
                p.setPen(QPen(color, 2, Qt.PenStyle.DashLine))
                p.drawLine(QPointF(x, y), QPointF(x + 12, y))
            p.setPen(QColor("#000000"))
            p.drawText(QPointF(x + 16, top + fm.ascent()), text)
            x += width
        return 4 + (line + 1) * step


def _nice_step(top: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000):
        if top / step <= 6:
            return float(step)
    return top / 5
