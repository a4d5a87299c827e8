"""The results pane, beside the interview: options grouped by domain, each with its badge; points
schemes with their chart. It only shows what the engine returned — it adds no rules of its own."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from advisor.gui.i18n import Retranslating, lang, pick, tr
from advisor.gui.results.cards import Card, OptionCard, PointsCard, option_key, status_text
from advisor.gui.results.unlock import UnlockSection
from advisor.gui.style import ERROR, MUTED, STATUS_STYLE, esc, title_html

DOMAIN_ORDER = ("residence_permit", "school", "health", "housing", "points", "social_security", "labour")



class ResultsPanel(Retranslating, QWidget):
    """Shows one result (``advisor-result/1``) and keeps cards open across updates."""

    fact_requested = Signal(str)
    suggestion_requested = Signal(dict, str)  # changes, label

    def __init__(self, services: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.result: dict[str, Any] | None = None
        self.generation = 0
        self.cards: list[Card] = []
        self._open: set[tuple[str, str, str]] = set()
        self.title = QLabel(self)
        self.title.setProperty("role", "pagetitle")
        self.state = QLabel(self)
        self.state.setProperty("role", "help")
        self.counts = QLabel(self)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget()
        outer = QVBoxLayout(self.body)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.setSpacing(6)
        self.unlock = UnlockSection(services, self.body)  # the next step that opens the most
        outer.addWidget(self.unlock)
        self.list = QVBoxLayout()
        self.list.setContentsMargins(0, 0, 0, 0)
        self.list.setSpacing(6)
        self.list.addStretch(1)
        outer.addLayout(self.list, 1)
        self.scroll.setWidget(self.body)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.state)
        lay.addWidget(self.counts)
        lay.addWidget(self.notice)
        lay.addWidget(self.scroll, 1)
        self._placeholder = tr("Choose the city to see results.")
        self.retranslate()

    # ------------------------------------------------------------------ state
    def set_busy(self, busy: bool) -> None:
        """"Working it out…" while an evaluation runs."""
        self.state.setText(tr("Working it out…") if busy else tr("Up to date with the answers"))

    def show_message(self, text: str) -> None:
        """No result to show (no city yet, or evaluation failed): say why."""
        self._placeholder = text
        self.result = None
        self.unlock.clear()
        self._render()

    def show_result(self, result: dict[str, Any] | None, generation: int = 0, case: Any = None) -> None:
        """Show a new result (cards that were open stay open); with the case, the unlock path too."""
        self.result = result
        self.generation = generation
        self._render()
        self.unlock.update_for(case, result, generation)

    # ------------------------------------------------------------------ rendering
    def _clear(self) -> None:
        for c in self.cards:
            if c.is_open():
                self._open.add(option_key(c.data))
        while self.list.count() > 1:
            item = self.list.takeAt(0)
            w = item.widget()
            if w is not None:
                w.hide()
                w.deleteLater()
        self.cards = []

    def _render(self) -> None:
        scroll = self.scroll.verticalScrollBar().value()
        self.body.setUpdatesEnabled(False)
        try:
            self._clear()
            result = self.result
            if result is None:
                self.counts.setText("")
                self.notice.setText(esc(self._placeholder))
                self.notice.setVisible(True)
                return
            notices = [pick(n) for n in result.get("notices", [])]
            self.notice.setText("<br/>".join(f"<span style='color:{ERROR}'>! {esc(n)}</span>" for n in notices))
            self.notice.setVisible(bool(notices))
            self.counts.setText(self._counts_html(result))
            groups: dict[str, list[dict[str, Any]]] = {}
            for o in result.get("options", []):
                groups.setdefault(o.get("domain", o["kind"].split(".")[0]), []).append(o)
            if result.get("points"):
                groups.setdefault("points", [])
            year = date.fromisoformat(result["as_of"]).year
            pos = 0
            for dom in sorted(groups, key=lambda d: DOMAIN_ORDER.index(d) if d in DOMAIN_ORDER else 99):
                head = QLabel(f"<b>{esc(self.services.domain_name(dom, lang()))}</b>")
                head.setProperty("role", "domain")
                self.list.insertWidget(pos, head)
                pos += 1
                cards: list[Card] = [OptionCard(self.services, o) for o in groups[dom]]
                if dom == "points":
                    cards += [PointsCard(self.services, p, year) for p in result.get("points", [])]
                for card in cards:
                    card.render()
                    card.fact_requested.connect(self.fact_requested)
                    card.link.connect(self._link)
                    if option_key(card.data) in self._open:
                        card.set_open(True)
                    card.toggled.connect(lambda open_, c=card: self._remember(c, open_))
                    self.list.insertWidget(pos, card)
                    pos += 1
                    self.cards.append(card)
            if not self.cards:
                empty = QLabel(esc(tr("No options for these needs in this city.")))
                empty.setWordWrap(True)
                self.list.insertWidget(0, empty)
        finally:
            self.body.setUpdatesEnabled(True)
            self.scroll.verticalScrollBar().setValue(scroll)

    def _remember(self, card: Card, open_: bool) -> None:
        key = option_key(card.data)
        if open_:
            self._open.add(key)
        else:
            self._open.discard(key)

    def _counts_html(self, result: dict[str, Any]) -> str:
        items = result.get("options", []) + [p for p in result.get("points", []) if p.get("status")]
        parts = []
        for status, (shape, fg, _bg) in STATUS_STYLE.items():
            n = sum(1 for o in items if o.get("status") == status)
            if n:
                words = esc(self.services.status_words(status, lang()))
                big = f"<span style='font-size:x-large'>{shape}</span>"
                parts.append(f"<span style='color:{fg}'>{big} {words} {n}</span>")
        rules = result.get("rules", {})
        pack_word = tr("rule pack %1").replace("%1", rules.get("version", ""))
        when = esc(tr("as of %1").replace("%1", self.services.date_text(result.get("as_of"), lang())))
        return "&nbsp;&nbsp;".join(parts) + f"<br/><span style='color:{MUTED}'>{when} · " \
            f"{esc(pack_word)}</span>"

    def _link(self, href: str) -> None:
        if href.startswith("whatif:") and self.result:
            _w, scheme, index = href.split(":", 2)
            for p in self.result.get("points", []):
                if p.get("scheme") == scheme and index.isdigit() and int(index) < len(p.get("suggestions", [])):
                    s = p["suggestions"][int(index)]
                    self.suggestion_requested.emit(dict(s.get("changes") or {}), pick(s["text"]))

    def retranslate(self) -> None:
        self.title.setText(title_html(tr("Results (update as you answer)")))
        self.set_busy(False)
        self._render()

    # ------------------------------------------------------------------ what the pane shows (tests)
    def shown_options(self) -> list[dict[str, Any]]:
        """Status, date and words of every option card on screen."""
        return [{"kind": c.data["kind"], "subject": c.data["subject"], "status": c.data["status"],
                 "eligible_from": c.data.get("eligible_from"), "text": status_text(self.services, c.data),
                 "header": c.header.text()}
                for c in self.cards if isinstance(c, OptionCard)]

    def shown_points(self) -> list[dict[str, Any]]:
        """Totals and status of every points card on screen."""
        return [{"kind": c.data["kind"], "scheme": c.data["scheme"], "status": c.data.get("status"),
                 "total": c.data.get("total"), "summary": c.summary.text()}
                for c in self.cards if isinstance(c, PointsCard)]


__all__ = ["ResultsPanel", "Qt"]
