"""The deciding figures of an evaluation, without its words: for recall lists over thousands of cases.

``outcomes(case, pack, as_of)`` returns, for every option and points entry ``evaluate`` would
produce, only what a recall list compares — status and eligible_from; for points also the total,
the threshold value and reaches_threshold_on — keyed ``option|<rule>|<subject>`` and
``points|<scheme>``. The decisions come from the engine's lean mode (``evaluate(detail=False)``:
no sentences, sources, windows, offices or suggestions); only the threshold date is worked out here,
with ``totals``/``shared`` letting a second evaluation of the same household reuse the points
totals of schemes whose scoring did not change.

``summarize(evaluate(case, pack, as_of)) == outcomes(case, pack, as_of)`` is checked over generated
households and several pack changes in ``tests/rulepacks/test_recall.py``; change both together.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from advisor.domain.case import Case
from advisor.domain.dates import add_months
from advisor.rules import points as PT
from advisor.rules.context import Ctx
from advisor.rules.engine import evaluate
from advisor.rules.pack import Pack
from advisor.rules.schema import Scheme

OPTION_FIELDS = ("status", "eligible_from")
POINTS_FIELDS = ("status", "eligible_from", "total", "threshold", "reaches_threshold_on")


def summarize(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The compared fields of a full ``evaluate`` result (plus ``_kind``, ``_title``, ``_subject``)."""
    out: dict[str, dict[str, Any]] = {}
    for o in result["options"]:
        out[f"option|{o['rule_id']}|{o['subject']}"] = {
            "_kind": o["kind"], "_title": o["title"], "_subject": o["subject"],
            "status": o["status"], "eligible_from": o.get("eligible_from")}
    for p in result["points"]:
        thr = p.get("threshold")
        out[f"points|{p['scheme']}"] = {
            "_kind": p["kind"], "_title": p["title"], "_subject": "",
            "status": p.get("status"), "eligible_from": p.get("eligible_from"), "total": p.get("total"),
            "threshold": thr.get("value") if isinstance(thr, dict) else None,
            "reaches_threshold_on": p.get("reaches_threshold_on")}
    return out


def _reach(total_on: Callable[[date], float | None], as_of: date, target: float,
           yearly: list[float | None]) -> date | None:
    """``PT.months_to_reach`` with a shared total function (same steps: by year, then by month)."""
    for year in range(1, PT.PROJECTION_YEARS + 1):
        total = yearly[year - 1]
        if total is not None and total >= target:
            for month in range(12 * (year - 1) + 1, 12 * year + 1):
                on = add_months(as_of, month)
                t = total_on(on)
                if t is not None and t >= target:
                    return on
            return add_months(as_of, 12 * year)
    return None


def _reaches(scheme: Scheme, ctx: Ctx, entry: dict[str, Any], totals: dict[Any, Any] | None) -> str | None:
    """``reaches_threshold_on`` as ``evaluate`` gives it, with totals shared between two packs when the
    scheme's scoring did not change."""
    def total_on(on: date) -> float | None:
        key = (scheme.id, on)
        if totals is not None and key in totals:
            return totals[key]
        value = PT.compute_total(scheme, ctx if on == ctx.as_of else ctx.at(on), explain=False)[0]
        if totals is not None:
            totals[key] = value
        return value

    threshold, total = entry.get("threshold"), entry.get("total")
    if not scheme.computable or threshold is None or total is None or \
            round(max(0.0, threshold["value"] - total), 2) <= 0:
        return None
    yearly = [total_on(add_months(ctx.as_of, 12 * k)) for k in range(1, PT.PROJECTION_YEARS + 1)]
    reach = _reach(total_on, ctx.as_of, threshold["value"], yearly)
    return reach.isoformat() if reach else None


def outcomes(case: Case, pack: Pack, as_of: date, *, totals: dict[Any, Any] | None = None,
             shared: frozenset[str] = frozenset()) -> dict[str, dict[str, Any]]:
    """What ``summarize(evaluate(case, pack, as_of))`` gives: the decisions from the engine's lean mode
    (``evaluate(detail=False)``), plus the date each points total reaches its threshold.

    ``totals`` (a dict kept for one household) remembers the points totals of the schemes in
    ``shared`` (see ``advisor.rules.impact.same_totals``) so that evaluating the same household with
    a second pack reuses them."""
    result = evaluate(case, pack, as_of, detail=False)
    out = summarize(result)
    if result["points"]:
        ctx = Ctx(case, pack, as_of, recorded_on=case.as_of.start() if case.as_of else as_of)
        for entry in result["points"]:
            scheme = pack.scheme(entry["scheme"])
            if scheme is not None:
                out[f"points|{scheme.id}"]["reaches_threshold_on"] = _reaches(
                    scheme, ctx, entry, totals if scheme.id in shared else None)
    return out
