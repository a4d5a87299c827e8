"""Evaluation runs off the GUI thread; only the newest request's result is delivered."""

from __future__ import annotations

import threading
import time

import pytest

from advisor.gui.worker import Evaluator


@pytest.mark.gui
def test_stale_results_are_dropped(qtbot):
    ev = Evaluator(10)
    got = []
    ev.finished.connect(lambda gen, result: got.append((gen, result)))
    gui_thread = threading.get_ident()
    threads = []

    def slow(x):
        threads.append(threading.get_ident())
        time.sleep(0.05)
        return x

    ev.request(slow, "first", immediate=True)
    ev.request(slow, "second", immediate=True)
    last = ev.request(slow, "third")
    qtbot.waitUntil(lambda: not ev.busy, timeout=5000)
    assert got == [(last, "third")]
    assert threads and gui_thread not in threads
    ev.shutdown()


@pytest.mark.gui
def test_errors_are_reported_in_words(qtbot):
    from advisor.gui.services import ServiceError

    ev = Evaluator(0)
    failures = []
    ev.failed.connect(lambda gen, zh, en: failures.append((zh, en)))

    def bad():
        raise ServiceError("坏了", "broken")

    def crash():
        raise KeyError("王建国")  # personal data must not reach the message

    ev.request(bad, immediate=True)
    qtbot.waitUntil(lambda: not ev.busy, timeout=5000)
    ev.request(crash, immediate=True)
    qtbot.waitUntil(lambda: not ev.busy, timeout=5000)
    assert failures[0] == ("坏了", "broken")
    assert "王建国" not in failures[1][0] + failures[1][1]
    ev.shutdown()
