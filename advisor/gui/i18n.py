"""Chinese by default, English at run time: Qt translators for the window's own words, and the
language code for texts that come from the rule pack ({zh, en} pairs).

Source strings in the code are English; ``resources/translations/advisor_zh_CN.qm`` translates them.
Switching installs or removes translators; Qt then sends every widget a LanguageChange event, and
widgets re-set their texts in ``retranslate()`` (see :class:`Retranslating`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTranslator, Signal

LANGS = ("zh", "en")
_current = {"lang": "zh"}


def lang() -> str:
    """The current interface language (``zh`` or ``en``)."""
    return _current["lang"]


def tr(text: str, context: str = "") -> str:
    """A window string in the current language (source strings are English; lupdate collects ``tr("…")``)."""
    return QCoreApplication.translate(context, text)


def pick(text: Any, language: str | None = None) -> str:
    """One side of a ``{zh, en}`` dict or LocalText (falls back to Chinese; '' for None)."""
    if text is None:
        return ""
    language = language or lang()
    if isinstance(text, dict):
        return str(text.get(language) or text.get("zh") or "")
    return str(getattr(text, language, None) or getattr(text, "zh", ""))


class Language(QObject):
    """Owns the translators and switches the language of the running app."""

    changed = Signal(str)

    def __init__(self, translations_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self._dir = translations_dir

    # one set of translators for the whole app, whichever Language object installed them
    _installed: list[QTranslator] = []  # noqa: RUF012

    def set(self, language: str) -> None:
        """Switch to ``zh`` or ``en`` (every open widget retranslates itself)."""
        if language not in LANGS:
            language = "zh"
        _current["lang"] = language
        app = QCoreApplication.instance()
        for t in Language._installed:
            app.removeTranslator(t)
        Language._installed.clear()
        if language == "zh":
            QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
            for folder, name in ((self._dir, "advisor_zh_CN"),
                                 (Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
                                  "qtbase_zh_CN")):
                t = QTranslator(app)
                if t.load(name, str(folder)):
                    app.installTranslator(t)
                    Language._installed.append(t)
        else:
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
            t = QTranslator(app)
            if t.load("advisor_en", str(self._dir)):  # plural forms of the English source
                app.installTranslator(t)
                Language._installed.append(t)
        # Qt sends LanguageChange when a translator comes or goes; make sure it happens once even
        # when no translator file was found, so texts from the rule pack switch too.
        if not Language._installed:
            QCoreApplication.sendEvent(app, QEvent(QEvent.Type.LanguageChange))
        self.changed.emit(language)


class Retranslating:
    """Mixin for widgets: call ``retranslate()`` whenever the language changes."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]

    def retranslate(self) -> None:
        """Set every visible text again in the current language."""
