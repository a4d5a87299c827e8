"""Window settings, declared once (Picard-style) over QSettings, with a version for migrations.

Nothing personal is ever stored here (no names, no file names of cases): only language, text size,
layout and the centre's usual city.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

SETTINGS_VERSION = 1
FONT_SIZES = (10.0, 12.0, 14.0, 16.0, 18.0)


class Option:
    """One setting: key, type and default."""

    __slots__ = ("default", "key", "type")

    def __init__(self, key: str, type_: type, default: Any):
        self.key, self.type, self.default = key, type_, default


OPTIONS = {
    o.key: o
    for o in (
        Option("language", str, "zh"),
        Option("font_size", float, 12.0),
        Option("default_city", str, ""),
        Option("worker", str, "caseworker"),
        Option("window/geometry", QByteArray, QByteArray()),
        Option("window/splitter", QByteArray, QByteArray()),
        Option("window/whatif_open", bool, False),
        Option("idle_lock_minutes", float, 5.0),  # lock the screen after this long without input (1-30)
        # the centre's letterhead (not personal): a centre file, or the fields typed in the letter dialog (JSON)
        Option("letter/centre_file", str, ""),
        Option("letter/centre", str, ""),
    )
}


class Settings:
    """Typed access to the app's QSettings file (an INI file in the data folder)."""

    def __init__(self, path: Path):
        self._q = QSettings(str(path), QSettings.Format.IniFormat)
        self._migrate()

    def _migrate(self) -> None:
        version = int(self._q.value("settings_version", 0) or 0)
        if version < 1:
            # version 0 had no settings at all: nothing to carry over
            self._q.setValue("settings_version", SETTINGS_VERSION)

    def get(self, key: str) -> Any:
        """A setting's value (its default when unset or unreadable)."""
        opt = OPTIONS[key]
        raw = self._q.value(key, None)
        if raw is None:
            return opt.default
        try:
            if opt.type is bool:
                return raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "yes")
            if opt.type is QByteArray:
                return raw if isinstance(raw, QByteArray) else opt.default
            return opt.type(raw)
        except (TypeError, ValueError):
            return opt.default

    def set(self, key: str, value: Any) -> None:
        """Store a setting."""
        if key not in OPTIONS:
            raise KeyError(key)
        self._q.setValue(key, value)
        self._q.sync()  # written at once: a crash or power cut keeps the worker's choice

    def sync(self) -> None:
        """Write to disk now."""
        self._q.sync()

    @property
    def language(self) -> str:
        """``zh`` (default) or ``en``."""
        lang = self.get("language")
        return lang if lang in ("zh", "en") else "zh"

    @property
    def idle_lock_seconds(self) -> float:
        """Seconds without input before the screen locks (default 5 minutes; kept within 1-30 minutes)."""
        minutes = self.get("idle_lock_minutes")
        return 60.0 * min(max(minutes, 1.0), 30.0)

    @property
    def font_size(self) -> float:
        """Text size in points."""
        size = self.get("font_size")
        return size if 8.0 <= size <= 30.0 else 12.0
