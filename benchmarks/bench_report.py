"""Centre-report timing: 10,000 stored cases, each re-evaluated (target ≤ 10 s on the 2-core machine).

Run: ``python benchmarks/bench_report.py [N]`` (default 10000; ``BENCH_CASES`` also works).
The synthetic families (``tests/report/synth.py``: four cities and elsewhere, districts, dates over
three years, 15% with several visits, unknown facts) are bulk-loaded in the store's own row format
(encrypted case files, consents). Then the whole report — decrypt every case, evaluate it with the
pack in force on its date, tally, suppress — is timed with the default settings (worker processes
from 3,000 stored families on), then in one process, then the PDF and CSV writers. Prints figures only.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advisor.cases import CaseStore  # noqa: E402
from advisor.cases.crypto import TEST_KDF  # noqa: E402
from advisor.db import make_engine  # noqa: E402
from advisor.paths import bundled_rules_dir  # noqa: E402
from advisor.report.model import Filters  # noqa: E402
from advisor.report.service import build_report, default_processes  # noqa: E402
from advisor.rules.store import ensure_bundled  # noqa: E402
from tests.report.synth import bulk_load, generate  # noqa: E402


def timed(fn, runs: int = 1):
    times, out = [], None
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        times.append((time.perf_counter() - t0, time.process_time() - c0))
    return out, times


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_CASES", "10000"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["ADVISOR_HOME"] = str(folder / "home")
        store = CaseStore.open(folder / "cases.db", passphrase="bench passphrase 2026", kdf=TEST_KDF)
        t0 = time.perf_counter()
        families = generate(n, seed=7)
        bulk_load(store, families)
        versions = sum(len(f.versions) for f in families)
        print(f"{n} families, {versions} saved versions, bulk-loaded in {time.perf_counter() - t0:.1f} s "
              f"({(folder / 'cases.db').stat().st_size / 1e6:.0f} MB)")
        rules = make_engine(folder / "rules.db")
        ensure_bundled(rules, bundled_rules_dir())
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
              f"default worker processes for {n} families: {default_processes(n)}")

        def run(processes: int | None) -> object:
            return build_report(store, rules, Filters(), worker="bench", processes=processes)

        report, times = timed(lambda: run(None), runs=3)
        walls = [w for w, _c in times]
        print(f"report, default settings: median {statistics.median(walls):.2f} s wall "
              f"(runs {', '.join(f'{w:.2f}' for w in walls)}; this process's CPU "
              f"{statistics.median(c for _w, c in times):.2f} s)")
        served = report.total_served.value  # type: ignore[attr-defined]
        print(f"  families in the report: {served}; scopes {', '.join(report.scopes)}")  # type: ignore[attr-defined]
        _r, times = timed(lambda: run(1))
        print(f"report, one process: {times[0][0]:.2f} s wall ({times[0][1]:.2f} s CPU)")
        _r, times = timed(lambda: build_report(store, rules, Filters(city="beijing"), worker="bench"))
        print(f"report, Beijing only (every case still decrypted to find its version): {times[0][0]:.2f} s")

        from advisor.report.csv_out import write_csv
        from advisor.report.pdf import write_pdf

        _r, times = timed(lambda: write_pdf(report, folder / "report.pdf", lang="zh"))
        print(f"PDF (zh, charts): {times[0][0]:.2f} s, {(folder / 'report.pdf').stat().st_size / 1e3:.0f} kB")
        _r, times = timed(lambda: write_csv(report, folder / "report.csv"))
        print(f"CSV: {times[0][0] * 1000:.0f} ms")
        store.close()


if __name__ == "__main__":  # required: worker processes are spawned and import this module
    main()
