"""Work off the GUI thread: loading the rule pack at start-up and evaluating while answers change.

Evaluation is debounced and numbered: every request gets a new generation, a job that starts after a
newer request skips its work, and a result that arrives for an old generation is dropped — so the
results pane only ever shows the latest answers, and typing never waits for the engine.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from advisor.gui.crash import logger, redacted_traceback

_GENERIC = ("计算时出了问题，结果暂时没有更新。", "Something went wrong while working this out; the results "
            "were not updated.")


class _Bridge(QObject):
    """Lives on the GUI thread; worker threads emit through it (queued to the GUI thread)."""

    done = Signal(int, object)
    failed = Signal(int, str, str)


def _run_job(bridge: _Bridge, gen: int, fn: Callable[..., Any], args: tuple[Any, ...],
             still_wanted: Callable[[int], bool]) -> None:
    if not still_wanted(gen):
        return
    try:
        result = fn(*args)
    except Exception as exc:  # noqa: BLE001 — reported in plain words, logged without personal data
        zh, en = getattr(exc, "zh", None), getattr(exc, "en", None)
        if zh is None or en is None:
            logger().error("background job failed\n%s", redacted_traceback(type(exc), sys.exc_info()[2]))
            zh, en = _GENERIC
        bridge.failed.emit(gen, zh, en)
        return
    bridge.done.emit(gen, result)


class Evaluator(QObject):
    """Runs a function off the GUI thread after a quiet period; only the newest result is delivered."""

    finished = Signal(int, object)
    failed = Signal(int, str, str)
    busy_changed = Signal(bool)

    def __init__(self, delay_ms: int = 250, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._bridge = _Bridge(self)
        self._bridge.done.connect(self._on_done)
        self._bridge.failed.connect(self._on_failed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._fire)
        self._gen = 0
        self._delivered = 0
        self._pending: tuple[int, Callable[..., Any], tuple[Any, ...]] | None = None

    @property
    def generation(self) -> int:
        """The newest request's number."""
        return self._gen

    @property
    def busy(self) -> bool:
        """True while a request has not been answered yet."""
        return self._delivered < self._gen

    def request(self, fn: Callable[..., Any], *args: Any, immediate: bool = False) -> int:
        """Ask for ``fn(*args)`` off the GUI thread; returns the request's generation."""
        was_busy = self.busy
        self._gen += 1
        self._pending = (self._gen, fn, args)
        if immediate:
            self._timer.stop()
            self._fire()
        else:
            self._timer.start()
        if not was_busy:
            self.busy_changed.emit(True)
        return self._gen

    def _fire(self) -> None:
        if self._pending is None:
            return
        gen, fn, args = self._pending
        self._pending = None
        bridge, wanted = self._bridge, self._wanted
        self._pool.start(lambda: _run_job(bridge, gen, fn, args, wanted))

    def _wanted(self, gen: int) -> bool:
        return gen == self._gen

    def _on_done(self, gen: int, result: Any) -> None:
        if gen != self._gen:
            return  # a newer request is on its way
        self._delivered = gen
        self.finished.emit(gen, result)
        self.busy_changed.emit(False)

    def _on_failed(self, gen: int, zh: str, en: str) -> None:
        if gen != self._gen:
            return
        self._delivered = gen
        self.failed.emit(gen, zh, en)
        self.busy_changed.emit(False)

    def shutdown(self, wait_ms: int = 3000) -> None:
        """Stop accepting work and wait for a running job to end."""
        self._timer.stop()
        self._pending = None
        self._gen += 1  # anything still running is now stale
        self._pool.waitForDone(wait_ms)


class PackLoader(QObject):
    """Imports the core and loads the active rule pack on a worker thread."""

    loaded = Signal(object)
    failed = Signal(str, str)

    def __init__(self, factory: Callable[[], Any], parent: QObject | None = None):
        super().__init__(parent)
        self._factory = factory
        self._bridge = _Bridge(self)
        self._bridge.done.connect(lambda _g, services: self.loaded.emit(services))
        self._bridge.failed.connect(lambda _g, zh, en: self.failed.emit(zh, en))
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    def start(self) -> None:
        """Begin loading (returns at once)."""
        bridge, factory = self._bridge, self._factory
        self._pool.start(lambda: _run_job(bridge, 1, factory, (), lambda _g: True))

    def wait(self, ms: int = 30000) -> bool:
        """Block until loading has finished (tests, self-test)."""
        return self._pool.waitForDone(ms)
