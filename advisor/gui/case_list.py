"""The cases pane (who): stored cases with a city filter, New / Open / Delete, and recent ones.

The list comes from the case store through the adapter; in a build without the store it says so and
lists the case files opened or saved in this session (kept in memory only — no names on disk).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor.gui.i18n import Retranslating, lang, tr
from advisor.gui.style import esc, title_html

CITIES = ("beijing", "shanghai", "guangzhou", "shenzhen", "other")


def local_time(iso: str) -> str:
    """A stored UTC time as the PC's local ``YYYY-MM-DD HH:MM``."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso[:16].replace("T", " ")



class CasesPane(Retranslating, QWidget):
    """Stored cases (or this session's files) with search, city filter and buttons."""

    new_requested = Signal()
    open_requested = Signal()
    case_chosen = Signal(object)  # ("store", case_id) or ("file", path)
    delete_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.services: Any = None
        self.search_text = ""
        self.session_files: list[tuple[str, str, Path]] = []  # (name, city, path)
        self.title = QLabel(self)
        self.title.setProperty("role", "pagetitle")
        self.city = QComboBox(self)
        self.city.currentIndexChanged.connect(self.refresh)
        self.heading = QLabel(self)
        self.heading.setProperty("role", "help")
        self.list = QListWidget(self)
        self.list.itemActivated.connect(self._activated)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setProperty("role", "help")
        self.new = QPushButton(self)
        self.open = QPushButton(self)
        self.delete = QPushButton(self)
        self.new.clicked.connect(self.new_requested)
        self.open.clicked.connect(self._open_clicked)
        self.delete.clicked.connect(self._delete_clicked)
        buttons = QHBoxLayout()
        for b in (self.new, self.open, self.delete):
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 8, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.city)
        lay.addWidget(self.heading)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.note)
        lay.addLayout(buttons)
        self.retranslate()

    def set_services(self, services: Any) -> None:
        """The adapter is ready: show real cases."""
        self.services = services
        self.retranslate()

    def set_search(self, text: str) -> None:
        """Filter by name or the last digits of the ID number (the toolbar's search box)."""
        self.search_text = text
        self.refresh()

    def remember_file(self, name: str | None, city: str | None, path: Path) -> None:
        """A case file opened or saved in this session (memory only)."""
        self.session_files = [f for f in self.session_files if f[2] != path]
        self.session_files.insert(0, (name or tr("(no name)"), city or "", path))
        self.refresh()

    def refresh(self) -> None:
        """Reload the list."""
        self.list.clear()
        city = self.city.currentData()
        s = self.services
        if s is not None and s.store_available():
            try:
                rows = s.list_cases(self.search_text, city) if self.search_text or city else s.recent_cases(20)
            except Exception as exc:  # noqa: BLE001 — a store problem shows as a note, never a crash
                self.note.setText(esc(getattr(exc, "zh" if lang() == "zh" else "en", None) or str(type(exc).__name__)))
                rows = []
            self.heading.setText(tr("Search results") if self.search_text or city else tr("Recent cases"))
            self.note.setText(tr("Cases are stored encrypted in this centre's case store."))
            for r in rows:
                label = " ".join(x for x in (r.name or tr("(no name)"), r.district or "", r.id_masked or "") if x)
                item = QListWidgetItem(f"{label}\n{local_time(r.updated_at)}")
                item.setData(Qt.ItemDataRole.UserRole, ("store", r.case_id))
                self.list.addItem(item)
            return
        self.heading.setText(tr("Case files opened or saved now"))
        self.note.setText(tr("The case store is not available in this version: use Open and Save with "
                             "case files (.json). Nothing is listed here after closing the app."))
        needle = self.search_text.strip().casefold()
        for name, c, path in self.session_files:
            if city and c != city:
                continue
            if needle and needle not in name.casefold():
                continue
            city_word = s.city_name(c, lang()) if s is not None and c else c
            item = QListWidgetItem(f"{name} {city_word}\n{path.name}")
            item.setData(Qt.ItemDataRole.UserRole, ("file", path))
            item.setToolTip(str(path))
            self.list.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        self.case_chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def _open_clicked(self) -> None:
        item = self.list.currentItem()
        if item is not None and item.isSelected():
            self.case_chosen.emit(item.data(Qt.ItemDataRole.UserRole))
        else:
            self.open_requested.emit()

    def _delete_clicked(self) -> None:
        item = self.list.currentItem()
        self.delete_requested.emit(item.data(Qt.ItemDataRole.UserRole) if item is not None else None)

    def retranslate(self) -> None:
        self.title.setText(title_html(tr("Cases")))
        index = self.city.currentIndex()
        self.city.blockSignals(True)
        self.city.clear()
        self.city.addItem(tr("All cities"), None)
        for c in CITIES:
            self.city.addItem(self.services.city_name(c, lang()) if self.services else c, c)
        self.city.setCurrentIndex(max(index, 0))
        self.city.blockSignals(False)
        self.city.setAccessibleName(tr("Show cases of one city"))
        self.list.setAccessibleName(tr("Cases"))
        self.new.setText(tr("New"))
        self.open.setText(tr("Open"))
        self.delete.setText(tr("Delete"))
        self.new.setToolTip("Ctrl+N")
        self.open.setToolTip("Ctrl+O")
        self.refresh()
