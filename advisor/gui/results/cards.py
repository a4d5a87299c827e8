"""One card per option or points scheme: badge and status on top; why, what to bring, where to go,
and the sources with their tier badges underneath (expand with Enter, Space or a click)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from advisor.gui.i18n import lang, pick, tr
from advisor.gui.results.chart import PointsChart
from advisor.gui.style import CHANGED_BG, ERROR, MUTED, badge_html, esc, tier_html


def option_key(o: dict[str, Any]) -> tuple[str, str, str]:
    """What identifies an option across evaluations."""
    return (o.get("kind", ""), o.get("subject", ""), o.get("rule_id") or o.get("scheme") or "")


def status_text(services: Any, o: dict[str, Any]) -> str:
    """``2028年1月1日起可办理`` (the badge shape is drawn separately)."""
    line = services.status_line(o, lang())
    return line.split(" ", 1)[1] if " " in line else line


def _section(title: str, items: list[str], ordered: bool = False) -> str:
    if not items:
        return ""
    tag = "ol" if ordered else "ul"
    body = "".join(f"<li>{i}</li>" for i in items)
    return (f"<p style='margin-top:6px; margin-bottom:0'><b>{esc(title)}</b></p>"
            f"<{tag} style='margin-top:0; margin-left:-18px'>{body}</{tag}>")


def _office(o: dict[str, Any]) -> str:
    parts = [esc(pick(o.get("name")))]
    if o.get("address"):
        parts.append(esc(pick(o["address"])))
    if o.get("hotline"):
        parts.append(esc(tr("phone %1").replace("%1", o["hotline"])))
    if o.get("online"):
        parts.append(esc(o["online"]))
    text = " · ".join(parts)
    if o.get("purpose"):
        text += f"<br/><span style='color:{MUTED}'>{esc(pick(o['purpose']))}</span>"
    return text


def _source(services: Any, s: dict[str, Any]) -> str:
    bits = [esc(s.get("title"))]
    if s.get("number"):
        bits.append(esc(s["number"]))
    if s.get("article"):
        bits.append(esc(s["article"]))
    if s.get("date"):
        bits.append(esc(s["date"]))
    return " ".join(bits) + " " + tier_html(s.get("tier", "unverified"), services.tier_word(s.get("tier", ""), lang()))


def details_html(services: Any, o: dict[str, Any], points: bool = False) -> str:
    """Everything under a card's header, as rich text (all texts escaped)."""
    out = []
    language = lang()
    if o.get("summary"):
        out.append(f"<p style='color:{MUTED}'>{esc(pick(o['summary']))}</p>")
    if o.get("confirm"):
        out.append(f"<p style='color:{ERROR}'><b>{esc(pick(o['confirm']))}</b></p>")
    if points and not o.get("computable", True):
        out.append(f"<p>{esc(pick(o.get('reason')))}</p>")
        out.append(_section(tr("To confirm"), [esc(pick(t)) for t in o.get("to_confirm", [])]))
    out.append(_section(tr("Why"), [esc(pick(r)) for r in o.get("reasons", [])]))
    missing = []
    for fid in o.get("missing_facts", []):
        fact = services.fact(fid)
        label = pick(fact.question) if fact is not None else fid
        missing.append(f"<a href='fact:{esc(fid)}'>{esc(label)}</a>")
    out.append(_section(tr("Find out (click to go to the question)"), missing))
    out.append(_section(tr("What would change this"), [esc(pick(c)) for c in o.get("changes", [])]))
    if points:
        out.append(_breakdown(services, o))
        try_text = esc(tr("try in what-if"))
        sugg = []
        for s in o.get("suggestions", [])[:5]:
            sugg.append(f"{esc(pick(s['text']))} (+{esc(services.number(s['points']))}) "
                        f"<a href='whatif:{esc(o.get('scheme', ''))}:{o['suggestions'].index(s)}'>"
                        f"{try_text}</a>")
        out.append(_section(tr("Ways to gain points"), sugg))
        cut = [f"{c['year']}: {esc(services.number(c['value']))} "
               + tier_html(c.get("tier", "unverified"), services.tier_word(c.get("tier", ""), language))
               for c in o.get("cutoffs", [])]
        out.append(_section(tr("Past cut-off scores (not official predictions)"), cut))
    windows = [f"{esc(pick(w['label']))}: {esc(services.date_text(w['from'], language))} – "
               f"{esc(services.date_text(w['to'], language))}" for w in o.get("windows", [])]
    out.append(_section(tr("When"), windows))
    if o.get("status") in ("eligible", "eligible_later", None) or points:
        out.append(_section(tr("What to do"), [esc(pick(s)) for s in o.get("next_steps", [])], ordered=True))
        out.append(_section(tr("What to bring"), [esc(pick(d)) for d in o.get("documents", [])]))
    out.append(_section(tr("Where to go"), [_office(x) for x in o.get("offices", [])]))
    out.append(_section(tr("Notes"), [esc(pick(n)) for n in o.get("notes", [])]))
    out.append(_section(tr("Sources"), [_source(services, s) for s in o.get("sources", [])]))
    if o.get("verified_on"):
        checked = tr("Rule checked on %1").replace("%1", o["verified_on"])
        out.append(f"<p style='color:{MUTED}'>{esc(checked)}</p>")
    return "".join(out)


def _breakdown(services: Any, p: dict[str, Any]) -> str:
    rows = []
    for b in p.get("breakdown", []):
        if not b.get("points") and not b.get("missing_facts"):
            continue
        label = pick(b.get("label")) or b.get("indicator", "")
        rows.append(f"<tr><td width='60%'>{esc(label)}</td>"
                    f"<td align='right' width='10%'><b>{esc(services.number(b['points']))}</b></td>"
                    f"<td width='30%' style='color:{MUTED}'>{esc(pick(b.get('detail')))}</td></tr>")
    if not rows:
        return ""
    heading = tr("Points, item by item")
    return (f"<p style='margin-top:6px; margin-bottom:0'><b>{esc(heading)}</b></p>"
            f"<table width='100%' cellspacing='0' cellpadding='2'>{''.join(rows)}</table>")


class Card(QFrame):
    """Base card: a focusable expand button, a rich-text header and hidden details."""

    fact_requested = Signal(str)
    link = Signal(str)
    toggled = Signal(bool)

    def __init__(self, services: Any, data: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("role", "card")
        self.services = services
        self.data = data
        self.toggle = QToolButton(self)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._set_open)
        self.toggle.installEventFilter(self)
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.installEventFilter(self)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.details.linkActivated.connect(self._link)
        self.details.hide()
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.header, 1)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(6, 4, 8, 4)
        self.body.setSpacing(2)
        self.body.addLayout(head)
        self.body.addWidget(self.details)

    def is_open(self) -> bool:
        """True when the details show."""
        return self.toggle.isChecked()

    def set_open(self, open_: bool) -> None:
        """Show or hide the details."""
        self.toggle.setChecked(open_)

    def _set_open(self, open_: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        if open_:
            self.render_details()
        self.details.setVisible(open_)
        self.toggled.emit(open_)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.header and event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            self.toggle.toggle()
            return True
        if obj is self.toggle and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.toggle.toggle()
                return True
        return super().eventFilter(obj, event)

    def _link(self, href: str) -> None:
        if href.startswith("fact:"):
            self.fact_requested.emit(href[5:])
        else:
            self.link.emit(href)

    def render(self) -> None:
        """Header (and details when open) in the current language."""
        raise NotImplementedError

    def render_details(self) -> None:
        """The details' rich text."""
        self.details.setText(details_html(self.services, self.data, points=False))

    def plain_status(self) -> str:
        """The status as the card shows it, without markup (tests, accessibility)."""
        return status_text(self.services, self.data)


class OptionCard(Card):
    """An option (school, insurance, housing…) for one person."""

    def render(self) -> None:
        o = self.data
        who = o.get("subject_name")
        title = pick(o.get("title"))
        heading = f"{who} · {title}" if who else title
        tier = o.get("tier", "primary")
        tier_badge = "" if tier == "primary" else " " + tier_html(tier, self.services.tier_word(tier, lang()))
        status = self.plain_status()
        self.header.setText(f"{badge_html(o['status'], status)}{tier_badge}<br/><b>{esc(heading)}</b>")
        self.toggle.setAccessibleName(f"{heading} — {status}")
        self.toggle.setToolTip(tr("Show why, what to bring, where to go and the sources"))
        if self.is_open():
            self.render_details()


class PointsCard(Card):
    """A points scheme: total, the score to reach, the gap, a chart and the item-by-item breakdown."""

    def __init__(self, services: Any, data: dict[str, Any], as_of_year: int, parent: QWidget | None = None):
        super().__init__(services, data, parent)
        self.as_of_year = as_of_year
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.body.insertWidget(1, self.summary)
        self.chart = PointsChart(self)
        self.chart.hide()
        self.body.insertWidget(2, self.chart)

    def summary_text(self) -> str:
        """``总分 51.5 / 上次分数线（2026年）119.92 · 差 68.42 分``."""
        p = self.data
        n = self.services.number
        if not p.get("computable", True):
            return tr("Not scored: %1").replace("%1", pick(p.get("reason")))
        if p.get("total") is None:
            return tr("Total not known yet")
        text = tr("Total %1").replace("%1", n(p["total"]))
        thr = p.get("threshold")
        if thr:
            kind = tr("last cut-off") if thr.get("type") == "last_cutoff" else tr("standard score")
            year = tr(" (%1)").replace("%1", str(thr["year"])) if thr.get("year") else ""
            text += f" / {kind}{year} {n(thr['value'])}"  # 上次分数线（2026年）119.92
            if p.get("gap"):
                text += " · " + tr("gap %1").replace("%1", n(p["gap"]))
            elif p.get("gap") == 0:
                text += " · " + tr("reached")
        if p.get("total_is_partial"):
            up, down = p.get("total_could_be_higher", True), p.get("total_could_be_lower", False)
            if up and down:
                text += " " + tr("(some facts unknown: the real total may be higher or lower)")
            elif down:
                text += " " + tr("(some facts unknown: the real total may be lower)")
            else:
                text += " " + tr("(some facts unknown: the real total may be higher)")
        return text

    def render(self) -> None:
        p = self.data
        title = pick(p.get("title"))
        status = self.plain_status()
        thr = p.get("threshold") or {}
        tier = thr.get("tier") or p.get("tier", "primary")
        tier_badge = "" if tier == "primary" else " " + tier_html(tier, self.services.tier_word(tier, lang()))
        self.header.setText(f"{badge_html(p.get('status', 'needs_info'), status)}{tier_badge}<br/><b>{esc(title)}</b>")
        self.summary.setText(esc(self.summary_text()))
        self.toggle.setAccessibleName(f"{title} — {status} — {self.summary_text()}")
        self.chart.set_entry(p, self.as_of_year, self.summary_text() + ". " + self._projection_words())
        self.chart.setVisible(self.is_open() and p.get("computable", True))
        if self.is_open():
            self.render_details()

    def _projection_words(self) -> str:
        n = self.services.number
        return ", ".join(f"{x['year']}: {n(x['total'])}" for x in self.data.get("projection", [])
                         if x.get("total") is not None)

    def _set_open(self, open_: bool) -> None:
        super()._set_open(open_)
        self.chart.setVisible(open_ and self.data.get("computable", True))

    def render_details(self) -> None:
        self.details.setText(details_html(self.services, self.data, points=True))


def changed_style(widget: QWidget, changed: bool) -> None:
    """Highlight a widget whose value changed in a what-if."""
    widget.setStyleSheet(f"background:{CHANGED_BG};" if changed else "")
