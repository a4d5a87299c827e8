"""Never a traceback in the case worker's face: unexpected errors are logged and shown in plain words.

The log holds the exception type and the code locations only — never the exception's message or
local values, which may contain a family's personal data (reliability.md C30).
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QMetaObject, QObject, Slot

# logging, traceback and the message box are imported on the first error: start-up stays quick
_log_dir: Path | None = None


def redacted_traceback(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """The traceback's frames (file, line, function) and the exception type, without messages."""
    import traceback

    frames = traceback.extract_tb(tb)
    lines = [f'  File "{f.filename}", line {f.lineno}, in {f.name}' for f in frames]
    return "Traceback (most recent call last):\n" + "\n".join(lines) + f"\n{exc_type.__name__}"


class _Reporter(QObject):
    """Shows the message on the GUI thread, at most one dialog at a time."""

    def __init__(self) -> None:
        super().__init__()
        self._showing = False

    @Slot()
    def show(self) -> None:
        from PySide6.QtWidgets import QApplication, QMessageBox

        if self._showing or QApplication.instance() is None:
            return
        self._showing = True
        try:
            QMessageBox.warning(
                QApplication.activeWindow(),
                QCoreApplication.translate("Crash", "Something went wrong"),
                QCoreApplication.translate(
                    "Crash",
                    "The last action did not finish. Your answers are still on the screen; please save "
                    "them. If this keeps happening, tell the centre's administrator (the details are in "
                    "the log file)."),
            )
        finally:
            self._showing = False


_reporter: _Reporter | None = None


def logger() -> Any:
    """The app's log (a file in the data folder once :func:`install` ran); created on first use."""
    import logging

    log = logging.getLogger("advisor.gui")
    if _log_dir is not None and not log.handlers:
        _log_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(_log_dir / "advisor-gui.log", encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return log


def install(log_dir: Path) -> None:
    """Log unexpected errors to ``log_dir/advisor-gui.log`` and show a plain message instead."""
    global _reporter, _log_dir
    _log_dir = log_dir
    _reporter = _Reporter()

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        logger().error("unexpected error\n%s", redacted_traceback(exc_type, tb))
        if _reporter is not None:
            QMetaObject.invokeMethod(_reporter, "show", QtCore.Qt.ConnectionType.QueuedConnection)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        hook(args.exc_type, args.exc_value, args.exc_traceback)  # type: ignore[arg-type]

    sys.excepthook = hook
    threading.excepthook = thread_hook
