"""Start the desktop app: ``advisor`` with no arguments calls :func:`run`.

Start-up order keeps the window quick to appear: Qt, the bundled font, the translator and the window
come first; the core (pydantic, SQLAlchemy) and the rule pack load on a worker thread afterwards, and
the large fallback fonts for rare name characters are registered once the window is up.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from advisor.gui import crash, fonts
from advisor.gui.i18n import Language
from advisor.gui.main_window import MainWindow, default_services_factory
from advisor.gui.settings import Settings
from advisor.gui.style import STYLESHEET
from advisor.paths import data_dir, resources_dir

APP_NAME = "Migrant Services Advisor"


def build(argv: list[str] | None = None, services_factory: Callable[[], Any] = default_services_factory,
          settings: Settings | None = None) -> tuple[QApplication, MainWindow]:
    """The application object and the main window (not shown, rules not loaded yet)."""
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "advisor", *(argv or [])])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("advisor")
    settings = settings or Settings(data_dir() / "settings.ini")
    fonts.register_fonts(resources_dir() / "fonts", first_only=True)
    fonts.apply_app_font(app, settings.font_size)
    app.setStyleSheet(STYLESHEET)
    language = Language(resources_dir() / "translations", app)
    language.set(settings.language)
    window = MainWindow(settings, language, services_factory)
    return app, window  # type: ignore[return-value]


def register_fallback_fonts(settings: Settings) -> None:
    """The rare-character fonts (large; only needed once such a name is typed)."""
    app = QApplication.instance()
    fonts.register_fonts(resources_dir() / "fonts")
    fonts.apply_app_font(app, settings.font_size)  # type: ignore[arg-type]


def launch(argv: list[str] | None = None) -> tuple[QApplication, MainWindow]:
    """Everything :func:`run` does before the event loop: the window is shown, loading is queued."""
    crash.install(data_dir() / "logs")
    app, window = build(argv)
    window.show()
    # After the first frame (one event-loop turn later): shortcuts, menus and the cases pane; one more
    # turn later the core and the rule pack load on a worker thread (so it does not compete with the
    # first paint); the large fallback fonts follow.
    QTimer.singleShot(0, lambda: QTimer.singleShot(0, window.finish_setup))
    QTimer.singleShot(0, lambda: QTimer.singleShot(0, lambda: QTimer.singleShot(0, window.start_loading)))
    QTimer.singleShot(50, lambda: register_fallback_fonts(window.settings))
    return app, window


def run(argv: list[str] | None = None) -> int:
    """Open the window and run until it is closed; ``--self-test`` loads everything and exits."""
    argv = list(argv or [])
    self_test = "--self-test" in argv
    argv = [a for a in argv if a != "--self-test"]
    app, window = launch(argv)
    if self_test:
        outcome = {"code": 1}

        def ready() -> None:
            outcome["code"] = 0 if window.services is not None else 1
            window.dirty = False
            window.close()

        window.services_ready.connect(lambda: QTimer.singleShot(0, ready))
        window._loader.failed.connect(lambda *_a: app.exit(1))
        QTimer.singleShot(120000, app.quit)
        app.exec()
        print("self-test ok" if outcome["code"] == 0 else "self-test FAILED")
        return outcome["code"]
    return app.exec()
