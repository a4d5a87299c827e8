"""Start-up to an interactive main window, against a bare QApplication + QMainWindow.

Each run is a fresh process (so imports are not cached); the figure is the median of several runs.
"Interactive" = the window is shown and the event loop has turned once (a zero-timer fired): toolbar,
search box and status bar work. Keyboard shortcuts, menus and the cases pane are added on the next
turn (printed as "in place"), because the first QAction.setShortcut builds every Qt enum in Python.
Two clocks: inside the process (from the first line of the script) and from process launch (adds the
interpreter's own start-up, the same for both). The app's rule pack then loads on a worker thread;
its "rules ready" time is printed too. Target: app ≤ 1.5 × bare.

The package is byte-compiled first, as an installed app is (pip writes .pyc files on install, a
PyInstaller bundle carries them, and Python writes them on the first start). Without this, a machine
with PYTHONDONTWRITEBYTECODE set — this sandbox has it — compiles the app's modules on every start,
which the bare window, made only of precompiled Qt, never pays.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_gui_startup.py [--runs 9]
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse  # noqa: E402
import compileall  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402


def child(mode: str) -> None:
    """One start-up, printing ``READY <s>`` (and ``RULES <s>`` for the app)."""
    from PySide6.QtCore import QTimer

    if mode == "bare":
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.resize(1360, 860)
        window.show()

        def ready() -> None:
            print(f"READY {time.perf_counter() - T0:.4f}", flush=True)
            app.quit()

        QTimer.singleShot(0, ready)
        app.exec()
        return
    from advisor.gui.app import launch

    app, window = launch([])

    def interactive() -> None:
        print(f"READY {time.perf_counter() - T0:.4f}", flush=True)

    def loaded() -> None:
        print(f"RULES {time.perf_counter() - T0:.4f}", flush=True)
        window.dirty = False
        QTimer.singleShot(0, window.close)

    QTimer.singleShot(0, interactive)
    window.setup_done.connect(lambda: print(f"SETUP {time.perf_counter() - T0:.4f}", flush=True))
    window.services_ready.connect(loaded)
    QTimer.singleShot(60000, app.quit)
    app.exec()


def measure(mode: str, env: dict[str, str]) -> dict[str, float]:
    """One fresh process: in-process and from-launch times."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--child", mode], stdout=subprocess.PIPE, text=True, env=env)
    out: dict[str, float] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        key, _, value = line.strip().partition(" ")
        if key in ("READY", "SETUP", "RULES"):
            out[key.lower()] = float(value)
            out[key.lower() + "_wall"] = time.perf_counter() - start
    proc.wait(timeout=120)
    return out


def main() -> int:
    """Run both modes several times and print medians and the ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    import advisor

    compileall.compile_dir(os.path.dirname(advisor.__file__), quiet=1)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as home:
        env["ADVISOR_HOME"] = home
        measure("app", env)  # first start imports the bundled pack into the store: not timed
        results: dict[str, list[dict[str, float]]] = {"bare": [], "app": []}
        for _ in range(args.runs):
            for mode in ("bare", "app"):  # interleaved, so both see the same machine load
                results[mode].append(measure(mode, env))

    def med(mode: str, key: str) -> float:
        return statistics.median(r[key] for r in results[mode])

    bare, app = med("bare", "ready"), med("app", "ready")
    bare_w, app_w = med("bare", "ready_wall"), med("app", "ready_wall")
    print(f"runs per mode: {args.runs} (median)")
    print(f"bare QApplication + QMainWindow to interactive: {bare * 1000:7.1f} ms in process, "
          f"{bare_w * 1000:7.1f} ms from launch")
    print(f"advisor main window to interactive:             {app * 1000:7.1f} ms in process, "
          f"{app_w * 1000:7.1f} ms from launch")
    print(f"ratio (target <= 1.5):                          {app / bare:7.2f} in process, "
          f"{app_w / bare_w:7.2f} from launch")
    print(f"shortcuts, menus and cases pane in place:       {med('app', 'setup') * 1000:7.1f} ms in process, "
          f"{med('app', 'setup_wall') * 1000:7.1f} ms from launch")
    print(f"rules loaded, interview and results ready:      {med('app', 'rules') * 1000:7.1f} ms in process, "
          f"{med('app', 'rules_wall') * 1000:7.1f} ms from launch")
    print("target met" if app / bare <= 1.5 else "target NOT met (see the figures above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
