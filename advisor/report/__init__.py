"""The centre report: service demand vs policy supply across stored cases (aggregates only).

For a date range (and optionally a city or district): families served; what they asked about, by
domain; for each option kind, the share eligible now / later / blocked / unknown; the conditions that
stopped the most families, with the median months they still need; the facts workers most often
left unknown — each family evaluated with the rule pack in force on its evaluation date, and the
report saying which packs those were.

No Qt here (layers: gui/cli → report → cases, letters, rules → domain). The pieces, in order:

- ``advisor.cases.reporting`` — one decrypted version per family (audit: ``report.read``);
- :mod:`advisor.report.packs` — the pack in force on each evaluation date;
- evaluation: ``engine.evaluate(detail=False)``, the decisions without the wording (``exact``: full);
- :mod:`advisor.report.figures` — a family reduced to codes and numbers (no personal data past here);
- :mod:`advisor.report.model` — tallies, then the publishable :class:`CentreReport`;
- :mod:`advisor.report.suppress` — fewer than 5 families never shown, nor derivable by subtraction;
- :mod:`advisor.report.pdf`, :mod:`advisor.report.csv_out` — the printable report and its tables;
- :mod:`advisor.report.service` — :func:`build_report` and :class:`ReportService` (for a logged-in
  user with ``report.view``: administrators and auditors).

Typical use::

    from advisor.report import Filters, ReportService
    service = ReportService(session)                       # an advisor.cases.UserSession
    report = service.run(Filters(date_from=date(2026, 1, 1), city="beijing"))
    service.save_pdf(report, "report.pdf", lang="zh"); service.save_csv(report, "report.csv")
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Names load on first use: a worker process imports only ``advisor.report.work`` and what it needs.
_EXPORTS = {
    "ALL": "model", "BlockerRow": "model", "CentreReport": "model", "Count": "model", "DemandRow": "model",
    "FactRow": "model", "Filters": "model", "PackUse": "model", "SupplyRow": "model",
    "Cancelled": "service", "ReportError": "service", "ReportService": "service", "build_report": "service",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'advisor.report' has no attribute {name!r}")
    return getattr(import_module(f"advisor.report.{module}"), name)
