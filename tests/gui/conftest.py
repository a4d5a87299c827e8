"""GUI test fixtures: an offscreen window over the bundled pack, dialogs patched, screenshots saved.

Modal dialogs never block: ``dialogs`` records every QMessageBox and answers with a chosen button
(novelWriter style). Screenshots go to ``test-artifacts/gui/`` for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox  # noqa: E402

from advisor.gui.services import Services  # noqa: E402
from tests.conftest import ROOT  # noqa: E402

ARTIFACTS = ROOT / "test-artifacts" / "gui"


@pytest.fixture(scope="session")
def pack():
    """The bundled pack (``ADVISOR_GUI_TEST_RULES`` may name another pack folder, e.g. while one is edited)."""
    from advisor.rules.loader import load_pack
    from tests.conftest import RULES

    return load_pack(os.environ.get("ADVISOR_GUI_TEST_RULES") or RULES)


@pytest.fixture
def services(pack):
    """A fresh adapter over the shared pack."""
    return Services(pack)


class Dialogs:
    """Records message boxes; answers them with ``answer`` (default: the first button offered)."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []
        self.answer: QMessageBox.StandardButton | None = None
        self.open_path: str = ""
        self.save_path: str = ""

    def _box(self, kind: str):
        def show(parent, title, text, buttons=None, default=None):  # noqa: ARG001
            self.shown.append((kind, title, text))
            if self.answer is not None:
                return self.answer
            return QMessageBox.StandardButton.Yes if kind == "question" else QMessageBox.StandardButton.Ok
        return show


@pytest.fixture
def dialogs(monkeypatch):
    """Patch every modal dialog the window may open."""
    d = Dialogs()
    for kind in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(d._box(kind)))
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda *a: d.shown.append(("about", a[1], a[2]))))

    def exec_(box):
        d.shown.append(("box", box.windowTitle(), box.text()))
        return d.answer if d.answer is not None else QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (d.open_path, "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (d.save_path, "")))
    return d


@pytest.fixture
def window(qtbot, services, dialogs):
    """The main window, shown offscreen, with the rules loaded (Chinese, as on a new install)."""
    from advisor.gui.app import build

    app, win = build([], services_factory=lambda: services)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    with qtbot.waitSignal(win.services_ready, timeout=30000):
        win.start_loading()
    yield win
    win.dirty = False
    win.evaluator.shutdown()
    if win.whatif is not None:
        win.whatif.shutdown()
    win.language.set("zh")


def settle(qtbot, win, timeout: int = 10000) -> None:
    """Wait until the answers are checked and the results pane shows the latest evaluation."""
    QApplication.processEvents()
    if win.interview._check_timer.isActive():
        win.interview.run_check()
    qtbot.waitUntil(lambda: not win.evaluator.busy, timeout=timeout)
    QApplication.processEvents()


def screenshot(widget, name: str) -> Path:
    """Save a picture of a widget as a test artefact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    path = ARTIFACTS / f"{name}.png"
    assert widget.grab().save(str(path)), path
    return path
