"""The unlock path in the results pane: "the next step that opens the most".

After each evaluation the pack's actions (get a residence permit, register the lease, join employee
insurance…) are tried on a copy of the case, off the GUI thread (``Services.unlock_actions``: one
re-evaluation per action). Each action that improves an option is listed with how to do it and the
options it opens, before → after — the engine's own statuses, nothing added here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from advisor.gui.i18n import Retranslating, pick, tr
from advisor.gui.results.cards import status_text
from advisor.gui.style import MUTED, STATUS_STYLE, esc
from advisor.gui.worker import Evaluator

SHOWN = 3  # actions listed (the best first)


class UnlockSection(Retranslating, QFrame):
    """A card at the top of the results: the actions that open options, best first."""

    def __init__(self, services: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setObjectName("unlock-section")
        self.services = services
        self.actions: list[dict[str, Any]] = []
        self.generation = 0  # the results generation the shown actions belong to
        self._pending_generation = 0
        self.evaluator = Evaluator(0, self)
        self.evaluator.finished.connect(self._done)
        self.evaluator.failed.connect(lambda *_a: self._show([]))
        self.open = True  # the steps show; folded, the header names the best one
        self.toggle = QToolButton(self)
        self.toggle.setAutoRaise(True)  # not checkable: a checked tool button draws a pressed frame
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.clicked.connect(lambda: self.set_open(not self.open))
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.body = QLabel(self)
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.header, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 8, 6)
        lay.setSpacing(2)
        lay.addLayout(head)
        lay.addWidget(self.body)
        self.hide()
        self.retranslate()

    # ------------------------------------------------------------------ inputs
    def update_for(self, case: Any, result: dict[str, Any] | None, generation: int = 0) -> None:
        """Work out the actions for a case and its evaluation (off the GUI thread)."""
        if case is None or result is None:
            self.clear()
            return
        self._pending_generation = generation
        self.evaluator.request(self.services.unlock_actions, case, result, immediate=True)

    def clear(self) -> None:
        """Nothing to show (no result)."""
        self.evaluator.request(lambda: None, immediate=True)
        self._show([])

    @property
    def busy(self) -> bool:
        """True while the actions are being worked out."""
        return self.evaluator.busy

    def _done(self, _gen: int, actions: Any) -> None:
        if actions is None:
            return
        self.generation = self._pending_generation
        self._show(actions)

    def _show(self, actions: list[dict[str, Any]]) -> None:
        self.actions = list(actions)
        self._render()
        self.setVisible(bool(self.actions))

    # ------------------------------------------------------------------ rendering
    def set_open(self, open_: bool) -> None:
        """Show or fold the steps."""
        self.open = open_
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.body.setVisible(open_)
        self._render()

    def _badge(self, status: str, eligible_from: str | None) -> str:
        shape, fg, _bg = STATUS_STYLE.get(status, ("?", "#000000", "#ffffff"))
        words = status_text(self.services, {"status": status, "eligible_from": eligible_from})
        return f"<span style='color:{fg}'><b>{shape}</b> {esc(words)}</span>"

    def body_html(self) -> str:
        """The actions as rich text: what to do, how, and each option before → after."""
        parts = []
        for n, a in enumerate(self.actions[:SHOWN], 1):
            count = tr("opens %1").replace("%1", str(a["count"])) if a["count"] != 1 else tr("opens 1")
            head = f"<p style='margin-top:6px; margin-bottom:0'><b>{n}. {esc(pick(a['text']))}</b> " \
                   f"<span style='color:{MUTED}'>· {esc(count)}</span></p>"
            how = f"<p style='margin:0; color:{MUTED}'>{esc(pick(a['how']))}</p>" if a.get("how") else ""
            items = []
            for o in a["opens"]:
                who = f"{esc(o['subject_name'])} · " if o.get("subject_name") else ""
                items.append(f"<li>{who}{esc(pick(o['title']))}<br/>{self._badge(o['before'], None)} → "
                             f"{self._badge(o['after'], o.get('eligible_from'))}</li>")
            parts.append(head + how + f"<ul style='margin-top:0; margin-left:-18px'>{''.join(items)}</ul>")
        return "".join(parts)

    def _render(self) -> None:
        title = tr("Next step that opens the most")
        best = self.actions[0] if self.actions else None
        line = f"<b>{esc(title)}</b>"
        if best is not None and not self.open:  # folded: the best step on the header line
            line += f"<br/>{esc(pick(best['text']))}"
        self.header.setText(line)
        self.body.setText(self.body_html())
        self.toggle.setAccessibleName(f"{title}: {pick(best['text'])}" if best else title)

    def retranslate(self) -> None:
        self.toggle.setToolTip(tr("Show or hide the steps and the options they open"))
        self._render()

    def shutdown(self) -> None:
        """Wait for a running computation (the window is closing)."""
        self.evaluator.shutdown()


__all__ = ["UnlockSection"]
