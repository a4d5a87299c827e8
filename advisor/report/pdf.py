"""The centre report as a PDF: tables and ReportLab charts, the letters' fonts, footer and provenance.

Built from a :class:`CentreReport` only (aggregates, small cells already suppressed), with the
letters' machinery: the registered CJK font and paragraph styles (``letters.builder.styles``), every
text escaped (``letters.escape.to_markup`` — labels come from admin-imported rule packs), the
page-X-of-Y footer with a provenance line in the letters' format (rule packs with their short hash,
the period, the app version), fixed metadata with no names, and an all-or-nothing write.
Charts are ``reportlab.graphics`` drawings (bar charts), their text in the same font.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from advisor.letters.atomic import write_atomic
from advisor.letters.builder import ACCENT, STATUS_COLOURS, DocMeta, Footer, build_pdf, frame_width, styles
from advisor.letters.escape import to_markup
from advisor.letters.fonts import MAIN_FONT
from advisor.report.model import CentreReport, Count
from advisor.report.wording import (
    LANGS,
    STATUS_ORDER,
    SUPPRESSED,
    city_label,
    domain_label,
    kind_label,
    status_label,
    t,
)

TOP_BLOCKERS = 10
CHART_BLOCKERS = 8
TOP_FACTS = 10
HIDDEN_GREY = colors.HexColor("#c8c8c8")
BAR_BLUE = colors.HexColor("#3c6e9f")
CITY_COLOURS = [colors.HexColor(c) for c in ("#3c6e9f", "#7aa6c2", "#c27a3c", "#8a6fb0", "#9a9a9a")]


def _p(text: str, style: str = "p") -> Paragraph:
    return Paragraph(to_markup(text), styles()[style])


def _num(count: Count, lang: str, share: bool = True) -> str:
    if count.value is None:
        return SUPPRESSED
    if share and count.share is not None:
        return f"{count.value}（{count.share * 100:.0f}%）" if lang == "zh" else f"{count.value} ({count.share:.0%})"
    return str(count.value)


def _table(rows: list[list[str]], widths: list[float], right: tuple[int, ...] = ()) -> Table:
    """A header row and body rows of plain text (escaped), numbers right-aligned."""
    cell = styles()["cell"]
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    num = ParagraphStyle("report_num", parent=cell, alignment=TA_RIGHT)
    data = [[Paragraph(to_markup(v), num if c in right else cell) for c, v in enumerate(row)] for row in rows]
    total = sum(widths)
    table = Table(data, colWidths=[frame_width() * w / total for w in widths], repeatRows=1, hAlign="LEFT",
                  spaceBefore=3, spaceAfter=6)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), MAIN_FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#c8c8c8")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _months(row: Any) -> str:
    if row.median_months is not None:
        return f"{row.median_months:g}"
    return SUPPRESSED if row.months == "suppressed" else "—"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _bar_chart(labels: list[str], series: list[list[float]], colours: list[Any], *, stacked: bool = False,
               value_max: float | None = None, legend: list[str] | None = None, percent: bool = False) -> Drawing:
    """A horizontal bar chart (first label on top) in the report font."""
    width = frame_width()
    row_h = 15 if stacked else 13
    legend_h = 18 if legend else 0
    height = max(60, row_h * len(labels) + 28 + legend_h)
    d = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 62 * mm, 18 + legend_h
    chart.width, chart.height = width - 62 * mm - 10, height - 26 - legend_h
    chart.data = [list(reversed(s)) for s in series]
    chart.categoryAxis.categoryNames = list(reversed(labels))
    chart.categoryAxis.labels.fontName = MAIN_FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.strokeColor = colors.HexColor("#888888")
    chart.valueAxis.labels.fontName = MAIN_FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    if value_max is not None:
        chart.valueAxis.valueMax = value_max
    if percent:
        chart.valueAxis.labelTextFormat = "%d%%"
        chart.valueAxis.valueStep = 20
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e2e2e2")
    chart.valueAxis.visibleGrid = True
    chart.barSpacing = 1
    chart.groupSpacing = 4
    if stacked:
        chart.categoryAxis.style = "stacked"
    chart.bars.strokeColor = None
    for i, colour in enumerate(colours):
        chart.bars[i].fillColor = colour
    d.add(chart)
    if legend:
        lg = Legend()
        lg.x, lg.y = 62 * mm, 2
        lg.alignment = "right"
        lg.columnMaximum = 1
        lg.fontName = MAIN_FONT
        lg.fontSize = 7.5
        lg.boxAnchor = "sw"
        lg.dx = lg.dy = 7
        lg.deltax = 70
        lg.colorNamePairs = list(zip(colours, legend))
        d.add(lg)
    return d


def _caption(text: str) -> Drawing:
    d = Drawing(frame_width(), 12)
    d.add(String(0, 2, text, fontName=MAIN_FONT, fontSize=8.5, fillColor=colors.HexColor("#5a5a5a")))
    return d


def _period(report: CentreReport, lang: str) -> str:
    f = report.filters
    start = f.date_from.isoformat() if f.date_from else t("from_start", lang)
    end = f.date_to.isoformat() if f.date_to else t("to_now", lang)
    return f"{start} – {end}"


def provenance(report: CentreReport, lang: str) -> str:
    """The footer's provenance line (the letters' format: pack, version, short hash; the period; the app)."""
    groups: dict[str, list[str]] = {}
    for u in report.packs:
        short = f"{u.ref.version}（{u.ref.sha256[:12]}）" if lang == "zh" else f"{u.ref.version} ({u.ref.sha256[:12]})"
        groups.setdefault(u.ref.pack, []).append(short)
    sep = "、" if lang == "zh" else ", "
    packs = "; ".join(f"{pack} {sep.join(items)}" for pack, items in groups.items())
    return t("provenance", lang, packs=packs or "-", period=_period(report, lang), app=report.app_version)


def _intro(report: CentreReport, lang: str) -> list[Flowable]:
    f = report.filters
    where = city_label(f.city, lang) if f.city else t("all_cities", lang)
    if f.district:
        where += f" · {t('district', lang)} {f.district}"
    out: list[Flowable] = [
        _p(t("title", lang), "title"),
        _p(f"{t('period', lang)}：{_period(report, lang)}　{t('city', lang)}：{where}　"
           f"{t('generated', lang)}：{report.generated_on.isoformat()}" if lang == "zh" else
           f"{t('period', lang)}: {_period(report, lang)} · {t('city', lang)}: {where} · "
           f"{t('generated', lang)}: {report.generated_on.isoformat()}", "small"),
        _p(t("privacy", lang), "box"),
        _p(t("scope_note", lang), "small"),
        _p(t("served", lang), "h1"),
    ]
    rows = [[t("city", lang), t("served", lang)]]
    rows += [[city_label(s, lang), _num(report.served[s], lang, False)] for s in report.scopes]
    rows.append([t("out_of_scope", lang), _num(report.out_of_scope, lang, False)])
    rows.append([t("withdrawn", lang), _num(report.withdrawn, lang, False)])
    rows.append([t("unreadable", lang), _num(report.unreadable, lang, False)])
    out.append(_table(rows, [3, 1], right=(1,)))
    out.append(_p(t("rules_used", lang), "h2"))
    prow = [[t("pack", lang), t("version", lang), t("pack_date", lang), t("sha", lang), t("cases", lang)]]
    prow += [[u.ref.pack, u.ref.version, u.ref.date, u.ref.sha256, _num(u.families, lang, False)] for u in report.packs]
    out.append(_table(prow, [1.4, 0.8, 1, 4.2, 0.7], right=(4,)))
    return out


def _demand(report: CentreReport, lang: str) -> list[Flowable]:
    cities = list(report.city_scopes)
    out: list[Flowable] = [CondPageBreak(90 * mm), _p(t("demand", lang), "h1"), _p(t("demand_note", lang), "small")]
    labels = [domain_label(r.domain, lang) for r in report.demand]
    series = [[float(r.cells[c].value or 0) for r in report.demand] for c in cities]
    out.append(_caption(t("chart_demand", lang)))
    out.append(_bar_chart(labels, series, CITY_COLOURS[:len(cities)], stacked=True,
                          legend=[city_label(c, lang) for c in cities] if len(cities) > 1 else None))
    rows = [[t("domain", lang), *(city_label(s, lang) for s in report.scopes)]]
    rows += [[domain_label(r.domain, lang), *(_num(r.cells[s], lang) for s in report.scopes)] for r in report.demand]
    out.append(_table(rows, [2.2, *([1.3] * len(report.scopes))], right=tuple(range(1, len(report.scopes) + 1))))
    return out


def _supply_chart(rows: tuple[Any, ...], lang: str) -> Drawing:
    labels: list[str] = []
    series: list[list[float]] = [[] for _ in STATUS_ORDER] + [[]]
    for r in rows:
        labels.append(_short(kind_label(r.kind, lang), 18 if lang == "zh" else 34))
        shown = 0.0
        for i, st in enumerate(STATUS_ORDER):
            share = r.statuses[st].share
            series[i].append(round(share * 100, 1) if share is not None else 0.0)
            shown += share or 0.0
        series[-1].append(round(max(0.0, 1 - shown) * 100, 1))  # hidden to protect privacy
    legend = [status_label(st, lang) for st in STATUS_ORDER] + [SUPPRESSED]
    return _bar_chart(labels, series, [STATUS_COLOURS[st] for st in STATUS_ORDER] + [HIDDEN_GREY],
                      stacked=True, value_max=100, legend=legend, percent=True)


def _supply(report: CentreReport, lang: str) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(100 * mm), _p(t("supply", lang), "h1"), _p(t("supply_note", lang), "small")]
    for scope in report.scopes:
        rows_scope = report.supply.get(scope, ())
        out.append(CondPageBreak(90 * mm))
        out.append(_p(city_label(scope, lang), "h2"))
        if not rows_scope:
            out.append(_p(t("none", lang), "small"))
            continue
        out.append(_caption(t("chart_supply", lang)))
        out.append(_supply_chart(rows_scope, lang))
        rows = [[t("option", lang), t("assessed", lang), *(status_label(st, lang) for st in STATUS_ORDER)]]
        for r in rows_scope:
            rows.append([kind_label(r.kind, lang), _num(r.assessed, lang, False),
                         *(_num(r.statuses[st], lang) for st in STATUS_ORDER)])
        out.append(_table(rows, [2.6, 0.9, 1.1, 1.1, 1.1, 1.1], right=(1, 2, 3, 4, 5)))
    return out


def _blockers(report: CentreReport, lang: str) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(100 * mm), _p(t("blockers", lang), "h1"),
                           _p(t("blockers_note", lang), "small")]
    for scope in report.scopes:
        rows_all = report.blockers.get(scope, ())
        out.append(CondPageBreak(70 * mm))
        out.append(_p(city_label(scope, lang), "h2"))
        if not rows_all:
            out.append(_p(t("none", lang), "small"))
        else:
            top = rows_all[:CHART_BLOCKERS]
            labels = [f"{i}. {_short(r.label[lang], 16 if lang == 'zh' else 32)}" for i, r in enumerate(top, 1)]
            out.append(_bar_chart(labels, [[float(r.families.value or 0) for r in top]],
                                  [STATUS_COLOURS["not_eligible"]]))
            rows = [[t("rank", lang), t("condition", lang), t("rule", lang), t("stopped", lang),
                     t("median_months", lang)]]
            for i, r in enumerate(rows_all[:TOP_BLOCKERS], 1):
                median = _months(r)
                rows.append([str(i), r.label[lang], r.owner_title[lang], _num(r.families, lang, False), median])
            out.append(_table(rows, [0.6, 4.2, 2.6, 0.9, 1.1], right=(0, 3, 4)))
        hidden = report.blockers_hidden.get(scope, 0)
        if hidden:
            out.append(_p(t("hidden_rows", lang, n=hidden), "small"))
    return out


def _facts(report: CentreReport, lang: str) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(80 * mm), _p(t("unknown", lang), "h1"), _p(t("unknown_note", lang), "small")]
    for scope in report.scopes:
        rows = [[t("rank", lang), t("fact", lang), t("families_col", lang)]]
        rows += [[str(i), r.label[lang], _num(r.families, lang, False)]
                 for i, r in enumerate(report.unknown_facts.get(scope, ())[:TOP_FACTS], 1)]
        block: list[Flowable] = [_p(city_label(scope, lang), "h2")]
        block.append(_table(rows, [0.6, 6, 1], right=(0, 2)) if len(rows) > 1 else _p(t("none", lang), "small"))
        hidden = report.facts_hidden.get(scope, 0)
        if hidden:
            block.append(_p(t("hidden_facts", lang, n=hidden), "small"))
        out.append(KeepTogether(block))
    return out


def render_pdf_bytes(report: CentreReport, lang: str = "zh") -> tuple[bytes, int]:
    """The report as PDF bytes and its page count."""
    if lang not in LANGS:
        raise ValueError(f"不支持的语言 / unsupported language: {lang!r} (zh or en)")
    flow: list[Flowable] = _intro(report, lang)
    if report.scopes:
        flow += [Spacer(1, 4), *_demand(report, lang), *_supply(report, lang), *_blockers(report, lang),
                 *_facts(report, lang)]
    else:
        flow.append(_p(t("none", lang)))
    left = provenance(report, lang)
    # the footer's second line sits under a one-line provenance: with many packs it wraps, then the
    # note goes (page 1 says it in full)
    fits = stringWidth(left, MAIN_FONT, styles()["footer"].fontSize) <= frame_width() - 36 * mm
    footer = Footer(left=to_markup(left),
                    page_label=lambda page, pages: to_markup(t("page", lang, page=page, pages=pages)),
                    second=to_markup(t("footer_second", lang)) if fits else "")
    meta = DocMeta(title=t("title", lang), lang="zh-CN" if lang == "zh" else "en")
    return build_pdf(flow, footer, meta)


def write_pdf(report: CentreReport, path: str | Path, lang: str = "zh") -> Path:
    """Write the report PDF all-or-nothing; return its path."""
    pdf, _pages = render_pdf_bytes(report, lang)
    return write_atomic(path, pdf)
