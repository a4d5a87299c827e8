"""An unexpected error never shows a traceback: it is logged without personal data and the worker
sees a plain message."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from PySide6.QtWidgets import QApplication

from advisor.gui import crash


@pytest.mark.gui
def test_error_is_logged_without_personal_data(qtbot, dialogs, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(crash, "_log_dir", None)
    monkeypatch.setattr(crash, "_reporter", None)
    crash.install(tmp_path / "logs")
    try:
        raise KeyError("王建国 11010519491231002X")
    except KeyError:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=3000)
    kind, title, text = dialogs.shown[-1]
    assert kind == "warning" and "Traceback" not in text and "王建国" not in text
    log = (tmp_path / "logs" / "advisor-gui.log").read_text("utf-8")
    assert "KeyError" in log and "test_crash.py" in log
    assert "王建国" not in log and "11010519491231002X" not in log
    QApplication.processEvents()
    for handler in list(logging.getLogger("advisor.gui").handlers):
        handler.close()
        logging.getLogger("advisor.gui").removeHandler(handler)
