"""Build the centre report from the case store and the rules store.

:func:`build_report` reads every family the filters select (``CaseStore.iter_cases_for_report``:
decrypted, one version each), evaluates it with the rule pack in force on its evaluation date
(:class:`~advisor.report.packs.PackHistory`), reduces it at once to its
:class:`~advisor.report.figures.CaseFigures`, adds those up and publishes the suppressed
:class:`~advisor.report.model.CentreReport`. The decrypted case files live only in memory, for as
long as one batch takes.

Speed: evaluation is the cost (≈1 ms a family with ``evaluate(detail=False)``).
From ``PARALLEL_FROM`` stored families on, batches go to worker processes (``spawn``: safe beside Qt's
threads), while this process keeps decrypting; each worker rebuilds the packs from their stored
JSON once. The case data travels to them through a pipe, never through a file. A frozen
(PyInstaller) build evaluates in-process unless ``processes`` is given, and any failure of the pool
falls back to in-process evaluation of whatever was not finished.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from pathlib import Path
from typing import Any

from advisor import __version__
from advisor.report.figures import CaseFigures
from advisor.report.model import CentreReport, Filters, Tally, publish
from advisor.report.packs import PackHistory
from advisor.report.work import Job, figures_of, init_worker, run_batch

BATCH = 200
PARALLEL_FROM = 3000  # stored families; below that, starting worker processes costs more than it saves
MAX_PROCESSES = 4

Progress = Callable[[int, int], None]  # (families done, families in the store)


class ReportError(Exception):
    """The report cannot be made; ``message(lang)`` says why, without personal data."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh = zh
        self.en = en

    def message(self, lang: str = "zh") -> str:
        """The reason in one language."""
        return self.en if lang == "en" else self.zh


class Cancelled(ReportError):
    """The caller asked to stop."""

    def __init__(self) -> None:
        super().__init__("已取消", "cancelled")


# ---------------------------------------------------------------------------------------------- the run
def default_processes(expected: int) -> int:
    """How many worker processes to use for about ``expected`` families (1: in this process)."""
    if getattr(sys, "frozen", False) or expected < PARALLEL_FROM:
        return 1
    return max(1, min(MAX_PROCESSES, os.cpu_count() or 1))


def _batches(items: Iterator[Any], history: PackHistory) -> Iterator[list[Job]]:
    batch: list[Job] = []
    for item in items:
        batch.append((item.raw, item.evaluated_on.isoformat(), history.sha_on(item.evaluated_on)))
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def build_report(store: Any, rules_engine: Any, filters: Filters, *, worker: str, today: date | None = None,
                 progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
                 processes: int | None = None, exact: bool = False) -> CentreReport:
    """The centre report for the filters (see the module docstring).

    ``store``: an unlocked ``CaseStore``; ``rules_engine``: the rules store's SQLAlchemy engine
    (``advisor.db.make_engine(advisor.paths.rules_db_path())``); ``worker``: who runs it (audit).
    ``progress(done, total)`` is called after each batch; ``cancelled()`` is polled between batches
    (raises :class:`Cancelled`). ``exact``: the full ``engine.evaluate`` instead of its lean mode.
    """
    from advisor.cases.reporting import ReportScan

    history = PackHistory(rules_engine)
    if not history:
        raise ReportError("规则库里没有规则包，请先启动一次程序或导入规则包",
                          "the rules store holds no rule pack: start the app once or import a pack")
    expected = store.count()
    procs = processes if processes is not None else default_processes(expected)
    scan = ReportScan()
    tally = Tally()
    items = store.iter_cases_for_report(worker, date_from=filters.date_from, date_to=filters.date_to,
                                        city=filters.city, district=filters.district, scan=scan)
    invalid = 0

    def take(figures: list[CaseFigures | None]) -> None:
        nonlocal invalid
        for f in figures:
            if f is None:
                invalid += 1
            else:
                tally.add(f)

    def tick() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled()
        if progress is not None:
            progress(scan.families, expected)

    batches = _batches(items, history)
    if procs <= 1:
        for batch in batches:
            take(_local(batch, history, exact))
            tick()
    else:
        _parallel(batches, history, procs, exact, take, tick)
    tally.withdrawn = scan.withdrawn
    tally.unreadable = scan.unreadable + invalid
    if progress is not None:
        progress(expected, expected)
    return publish(tally, history, filters, generated_on=today or date.today(), app_version=__version__)


def _local(batch: list[Job], history: PackHistory, exact: bool) -> list[CaseFigures | None]:
    return [figures_of(data, date.fromisoformat(day), history.pack(sha), exact) for data, day, sha in batch]


def _parallel(batches: Iterator[list[Job]], history: PackHistory, procs: int, exact: bool,
              take: Callable[[list[CaseFigures | None]], None], tick: Callable[[], None]) -> None:
    """Evaluate batches in ``procs`` worker processes, in order; in-process if the pool fails."""
    ctx = multiprocessing.get_context("spawn")
    pending: deque[tuple[list[Job], Future[list[CaseFigures | None]] | None]] = deque()
    pool: ProcessPoolExecutor | None = None
    try:
        pool = ProcessPoolExecutor(procs, mp_context=ctx, initializer=init_worker,
                                   initargs=({sha: history.content_json(sha) for sha in history.shas()},))
    except (OSError, ValueError, RuntimeError):
        pool = None

    def finish(batch: list[Job], fut: Future[list[CaseFigures | None]] | None) -> None:
        nonlocal pool
        result = None
        if fut is not None:
            try:
                result = fut.result()
            except (BrokenProcessPool, OSError, RuntimeError):
                if pool is not None:
                    pool.shutdown(wait=False, cancel_futures=True)
                pool = None
        take(result if result is not None else _local(batch, history, exact))
        tick()

    try:
        for batch in batches:
            fut = None
            if pool is not None:
                try:
                    fut = pool.submit(run_batch, batch, exact)
                except (BrokenProcessPool, RuntimeError):
                    pool = None
            pending.append((batch, fut))
            while len(pending) > 2 * procs or (pending and pending[0][1] is None):
                finish(*pending.popleft())
        while pending:
            finish(*pending.popleft())
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


# ---------------------------------------------------------------------------------------------- for the app
class ReportService:
    """The centre report for a logged-in user: what the window and the command line call.

    ``session`` is an ``advisor.cases.UserSession``; the report needs its ``report.view`` permission
    (administrators and auditors: the report holds aggregates only, no personal data). The rules
    store defaults to the data folder's ``rules.db`` (the bundled pack is imported if it is new).
    """

    def __init__(self, session: Any, rules_engine: Any = None):
        self.session = session
        self._rules_engine = rules_engine

    @property
    def rules_engine(self) -> Any:
        """The rules store's engine (opened on first use)."""
        if self._rules_engine is None:
            from advisor.db import make_engine
            from advisor.paths import bundled_rules_dir, rules_db_path
            from advisor.rules.store import ensure_bundled

            self._rules_engine = make_engine(rules_db_path())
            ensure_bundled(self._rules_engine, bundled_rules_dir())
        return self._rules_engine

    def allowed(self) -> bool:
        """Whether the user may see the report (a logged-in administrator or auditor)."""
        s = self.session
        return s is not None and bool(getattr(s, "active", False)) and s.can("report.view")

    def refusal(self, lang: str) -> str:
        """Why the report is not available, in plain words."""
        if self.session is None or not getattr(self.session, "active", False):
            return "请先以管理员或审计员身份登录个案库。" if lang == "zh" else \
                "Log in to the case store as an administrator or auditor first."
        return "您的账户不能查看中心报告（只有管理员和审计员可以）。" if lang == "zh" else \
            "Your account cannot see the centre report (administrators and auditors can)."

    def run(self, filters: Filters, *, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
            processes: int | None = None, exact: bool = False, today: date | None = None) -> CentreReport:
        """Make the report (checks ``report.view``: PermissionDenied / SessionLocked otherwise)."""
        store = self.session.store_for("report.view")
        return build_report(store, self.rules_engine, filters, worker=self.session.username, today=today,
                            progress=progress, cancelled=cancelled, processes=processes, exact=exact)

    def districts(self, city: str | None = None) -> list[str]:
        """Districts to offer as a filter: those with at least 5 stored families (a rarer one is not named)."""
        from advisor.cases.reporting import report_districts

        return report_districts(self.session.store_for("report.view"), city)

    @staticmethod
    def save_pdf(report: CentreReport, path: str | Path, lang: str = "zh") -> Path:
        """Write the report PDF (all-or-nothing)."""
        from advisor.report.pdf import write_pdf

        return write_pdf(report, path, lang)

    @staticmethod
    def save_csv(report: CentreReport, path: str | Path) -> Path:
        """Write the report's tables as CSV (all-or-nothing)."""
        from advisor.report.csv_out import write_csv

        return write_csv(report, path)
