"""Points schemes: preconditions, indicators, threshold or cut-off history, projection, suggestions.

Indicators come from a closed vocabulary (per-year rates with pro-rating and caps, tables, age
tables, counts, declared points, tax years, best-of). A scheme the pack marks ``computable: false``
is never scored: the result says why and what to confirm instead of inventing values.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from advisor.domain.dates import add_months, full_years, months_between
from advisor.rules import periods as P
from advisor.rules.conditions import evaluate
from advisor.rules.context import Ctx, MissingParam, Unknown
from advisor.rules.schema import Scheme
from advisor.rules.wording import fmt_number, fmt_value

PROJECTION_YEARS = 5


_NO_DETAIL = {"zh": "", "en": ""}


class _Calc:
    """Working state of one scheme evaluation (indicator months, for ``cap_years_by``).

    ``explain=False`` skips building the explanation strings: projections and searches only need
    totals, and formatting dominates their cost.
    """

    def __init__(self, ctx: Ctx, scheme: Scheme, explain: bool = True):
        self.ctx = ctx
        self.scheme = scheme
        self.explain = explain
        self.months: dict[str, int] = {}
        self.missing: list[str] = []


def _reference(ctx: Ctx, scheme: Scheme) -> date:
    return P.upto_date(ctx.as_of, scheme.reference)


def _when_ok(ind: Any, calc: _Calc) -> bool | None:
    met: bool | None = True
    for cond in ind.when:
        out = evaluate(cond, calc.ctx)
        if out.met is False:
            return False
        if out.met is None:
            calc.missing.extend(out.missing)
            met = None
    return met


def _per_year(ind: Any, calc: _Calc) -> tuple[float, dict[str, str]]:
    ctx = calc.ctx
    items = P.cached_spans(ctx, ind.periods, ind.where)
    upto = min(P.upto_date(ctx.as_of, ind.until), _reference(ctx, calc.scheme))
    since = date.fromisoformat(ind.count_from) if ind.count_from else None
    if ind.within_from_fact:
        start = ctx.fact(ind.within_from_fact).start()
        since = max(since, start) if since else start
    if ind.within_to_fact:
        upto = min(upto, ctx.fact(ind.within_to_fact).end_exclusive())
    months = P.total_months(items, upto, ind.back_paid, since) if since is None or since < upto else 0
    if ind.cap_years_by and ind.cap_years_by in calc.months:
        months = min(months, calc.months[ind.cap_years_by])
    calc.months[ind.id] = months
    rate = float(ctx.num(ind.rate))
    units = months / 12 if ind.pro_rate == "month" else months // 12
    pts = rate * units
    capped = ""
    if ind.cap is not None:
        cap = float(ctx.num(ind.cap))
        if pts > cap:
            pts, capped = cap, f"（上限{fmt_number(cap)}分）"
    pts *= ind.sign
    if not calc.explain:
        return pts, _NO_DETAIL
    zh = f"{fmt_value(months, 'month', 'zh')} × {fmt_number(rate)}分/年{capped}"
    en = f"{fmt_value(months, 'month', 'en')} × {fmt_number(rate)} points/year" + (" (capped)" if capped else "")
    if ind.pro_rate == "year":
        zh += "（满1年计）"
        en += " (full years only)"
    return pts, {"zh": zh, "en": en}


def _table(ind: Any, calc: _Calc) -> tuple[float, dict[str, str]]:
    best: tuple[float, dict[str, str]] | None = None
    before = len(calc.missing)  # an unknown row names this table's facts, not earlier indicators'
    for row in ind.rows:
        ok: bool | None = True
        for cond in row.when:
            out = evaluate(cond, calc.ctx)
            if out.met is False:
                ok = False
                break
            if out.met is None:
                ok = None
                calc.missing.extend(out.missing)
        if ok is None and ind.pick == "first":
            raise Unknown(*(calc.missing[before:] or ["table"]))
        if ok:
            label = row.label or ind.label
            cand = (float(row.points), {"zh": label.zh, "en": label.en} if calc.explain else _NO_DETAIL)
            if ind.pick == "first":
                return cand
            if best is None or cand[0] > best[0]:
                best = cand
    return best or (0.0, {"zh": "不符合任何一档", "en": "no row applies"})


def _age_table(ind: Any, calc: _Calc) -> tuple[float, dict[str, str]]:
    ctx = calc.ctx
    birth = ctx.fact("applicant.birth_date")
    if ind.basis == "year_difference":
        age = ctx.as_of.year - birth.year
        zh_basis, en_basis = f"（{ctx.as_of.year}年减出生年份）", f" ({ctx.as_of.year} minus birth year)"
    else:
        ref = _reference(ctx, calc.scheme)
        age = full_years(birth.start(), ref if ref == ctx.as_of else date(ref.year - 1, 12, 31))
        zh_basis = en_basis = ""
    detail = {"zh": f"年龄 {age} 岁{zh_basis}", "en": f"age {age}{en_basis}"} if calc.explain else _NO_DETAIL
    for row in ind.rows:
        if (row.min is None or age >= row.min) and (row.max is None or age <= row.max):
            return float(row.points), detail
    return 0.0, detail


def _per_count(ind: Any, calc: _Calc) -> tuple[float, dict[str, str]]:
    n = calc.ctx.fact(ind.fact)
    pts = float(n) * float(ind.points_each)
    if ind.cap is not None and abs(pts) > abs(ind.cap):
        pts = abs(ind.cap) * (1 if pts > 0 else -1)
    if not calc.explain:
        return pts, _NO_DETAIL
    return pts, {"zh": f"{n} 次 × {fmt_number(ind.points_each)}分", "en": f"{n} × {fmt_number(ind.points_each)}"}


def _fact_points(ind: Any, calc: _Calc) -> tuple[float, dict[str, str]]:
    v = float(calc.ctx.fact(ind.fact))
    pts = max(0.0, min(v, float(ind.cap)))
    return pts, {"zh": f"申报 {fmt_number(v)} 分（上限{fmt_number(ind.cap)}）",
                 "en": f"declared {fmt_number(v)} (cap {fmt_number(ind.cap)})"}


def _tax_years(ind: Any, calc: _Calc) -> tuple[float, dict[str, str]]:
    ctx = calc.ctx
    paid = ctx.fact("work.income_tax_paid")
    by_year = {t.year: t.amount for t in paid}
    minimum = float(ctx.num(ind.min_amount))
    years = list(range(ctx.as_of.year - ind.last_years, ctx.as_of.year))
    if ind.consecutive_years:
        last = years[-ind.consecutive_years:]
        avg = sum(by_year.get(y, 0) for y in last) / len(last)
        ok = avg >= minimum
        pts = float(ind.lump_points or 0) if ok else 0.0
        return pts, {"zh": f"{last[0]}–{last[-1]}年平均纳税 {fmt_number(round(avg))} 元（要求≥{fmt_number(minimum)}）",
                     "en": f"average tax {last[0]}–{last[-1]}: {fmt_number(round(avg))} yuan "
                           f"(needs ≥ {fmt_number(minimum)})"}
    n = sum(1 for y in years if by_year.get(y, 0) >= minimum)
    pts = n * float(ind.points_per_year or 0)
    if ind.cap is not None:
        pts = min(pts, float(ind.cap))
    return pts, {"zh": f"近{ind.last_years}年中纳税≥{fmt_number(minimum)}元的有 {n} 年",
                 "en": f"{n} of the last {ind.last_years} years with tax ≥ {fmt_number(minimum)} yuan"}


def _best_of(ind: Any, calc: _Calc) -> tuple[float, dict[str, str]]:
    best: tuple[float, dict[str, str]] = (0.0, {"zh": "无", "en": "none"})
    for sub in ind.indicators:
        pts, detail, _ = indicator_points(sub, calc)
        if abs(pts) > abs(best[0]):
            best = (pts, {"zh": f"{sub.label.zh}：{detail['zh']}", "en": f"{sub.label.en}: {detail['en']}"}
                    if calc.explain else _NO_DETAIL)
    return best


def _sum_of(ind: Any, calc: _Calc) -> tuple[float, dict[str, str]]:
    total = 0.0
    parts_zh, parts_en = [], []
    for sub in ind.indicators:
        pts, detail, _ = indicator_points(sub, calc)
        total += pts
        parts_zh.append(f"{sub.label.zh} {fmt_number(pts)}")
        parts_en.append(f"{sub.label.en} {fmt_number(pts)}")
    capped = False
    if ind.cap is not None and abs(total) > abs(ind.cap):
        total, capped = abs(ind.cap) * (1 if total > 0 else -1), True
    cap_zh = f"（上限{fmt_number(abs(ind.cap))}分）" if capped else ""
    cap_en = " (capped)" if capped else ""
    return total, {"zh": "；".join(parts_zh) + cap_zh, "en": "; ".join(parts_en) + cap_en}


_INDICATORS = {
    "per_year": _per_year, "table": _table, "age_table": _age_table, "per_count": _per_count,
    "fact_points": _fact_points, "tax_years": _tax_years, "best_of": _best_of, "sum_of": _sum_of,
}


def indicator_points(ind: Any, calc: _Calc) -> tuple[float, dict[str, str], list[str]]:
    """Points of one indicator, its explanation, and the facts that were unknown (scored 0)."""
    before = len(calc.missing)
    try:
        ok = _when_ok(ind, calc) if ind.when else True
        if ok is False:
            return 0.0, {"zh": "不适用", "en": "does not apply"}, []
        if ok is None:
            return 0.0, {"zh": "尚不清楚，暂按0分", "en": "unknown, counted as 0"}, calc.missing[before:]
        pts, detail = _INDICATORS[ind.type](ind, calc)
        return round(pts, 2), detail, []
    except Unknown as exc:
        calc.missing.extend(exc.facts)
        return 0.0, {"zh": "尚不清楚，暂按0分", "en": "unknown, counted as 0"}, list(exc.facts)


def can_lower(ind: Any) -> bool:
    """True when an indicator can subtract points (a deduction), so an unknown one may lower a total."""
    t = ind.type
    if t == "per_year":
        return ind.sign < 0
    if t == "per_count":
        return ind.points_each < 0
    if t == "table":
        return any(r.points < 0 for r in ind.rows)
    if t == "age_table":
        return any(r.points < 0 for r in ind.rows)
    if t in ("best_of", "sum_of"):
        return any(can_lower(i) for i in ind.indicators)
    return False


def can_raise(ind: Any) -> bool:
    """True when an indicator can add points."""
    t = ind.type
    if t == "per_year":
        return ind.sign > 0
    if t == "per_count":
        return ind.points_each > 0
    if t in ("table", "age_table"):
        return any(r.points > 0 for r in ind.rows)
    if t in ("best_of", "sum_of"):
        return any(can_raise(i) for i in ind.indicators)
    return True


def compute_total(scheme: Scheme, ctx: Ctx, explain: bool = True, effects: bool | None = None
                  ) -> tuple[float | None, list[dict[str, Any]], list[str]]:
    """Total, breakdown and unknown facts of a scheme on ``ctx.as_of`` (None if not computable).

    ``effects`` (default: ``explain``) adds to each unknown line whether its answer could raise or
    lower the total; projections and suggestions only need the total.
    """
    if effects is None:
        effects = explain
    if not scheme.computable:
        return None, [], []
    calc = _Calc(ctx, scheme, explain)
    breakdown = []
    total = 0.0
    for ind in scheme.indicators:
        pts, detail, missing = indicator_points(ind, calc)
        total += pts
        entry = {"indicator": ind.id, "label": {"zh": ind.label.zh, "en": ind.label.en},
                 "points": pts, "detail": detail}
        if missing:
            entry["missing_facts"] = sorted(set(missing))
        if missing and effects:
            entry["unknown_effect"] = ("either" if can_lower(ind) and can_raise(ind)
                                       else "down" if can_lower(ind) else "up")
        breakdown.append(entry)
    if scheme.floor is not None:
        total = max(total, scheme.floor)
    return round(total, 2), breakdown, sorted(set(calc.missing))


def find_scheme(pack: Any, ref: str, ctx: Ctx) -> Scheme | None:
    """A scheme by id, or the one of that kind in force for the case's city."""
    s = pack.scheme(ref)
    if s is not None:
        return s
    for s in pack.schemes:
        if s.kind == ref and s.city in (ctx.case.city, "national") and s.in_force(ctx.as_of):
            return s
    return None


def scheme_total(ref: str, ctx: Ctx) -> tuple[float | None, list[str], list[str], str | None]:
    """For ``points_at_least``: (total, facts whose answer could raise it, facts that could lower it,
    the scheme's id), cached per date."""
    key = f"{ref}@{ctx.as_of}"
    if key not in ctx.scheme_totals:
        scheme = find_scheme(ctx.pack, ref, ctx)
        if scheme is None or not scheme.computable:
            ctx.scheme_totals[key] = (None, [], [], scheme.id if scheme else None)
        else:
            total, breakdown, _ = compute_total(scheme, ctx, explain=False, effects=True)
            up = sorted({f for b in breakdown if b.get("unknown_effect") in ("up", "either")
                         for f in b["missing_facts"]})
            down = sorted({f for b in breakdown if b.get("unknown_effect") in ("down", "either")
                           for f in b["missing_facts"]})
            ctx.scheme_totals[key] = (total, up, down, scheme.id)
    return ctx.scheme_totals[key]


def threshold_of(scheme: Scheme, ctx: Ctx) -> dict[str, Any] | None:
    """The score to aim for: a fixed standard score, or the latest published cut-off."""
    if scheme.threshold is not None:
        try:
            value = ctx.num(scheme.threshold)
        except MissingParam:
            return None
        tier = "primary"
        year = None
        if hasattr(scheme.threshold, "param"):
            pv = ctx.pack.param_value(scheme.threshold.param, ctx.as_of)
            tier = ctx.pack.sources[pv.source.ref].tier
            year = int(pv.from_[:4])
        label = scheme.threshold_label
        return {"value": float(value), "year": year, "tier": tier, "type": "standard",
                "label": {"zh": label.zh, "en": label.en} if label else None}
    past = [c for c in scheme.cutoffs if c.year <= ctx.as_of.year]
    if not past:
        return None
    last = max(past, key=lambda c: c.year)
    return {"value": last.value, "year": last.year, "tier": ctx.pack.sources[last.source.ref].tier,
            "type": "last_cutoff", "label": None}


def projection(scheme: Scheme, ctx: Ctx) -> list[dict[str, Any]]:
    """Totals in each of the next years if nothing changes (periods continue, age advances)."""
    out = []
    for k in range(1, PROJECTION_YEARS + 1):
        on = add_months(ctx.as_of, 12 * k)
        total, _, _ = compute_total(scheme, ctx.at(on), explain=False)
        out.append({"year": on.year, "date": on.isoformat(), "total": total})
    return out


def suggestions(scheme: Scheme, ctx: Ctx, total: float) -> list[dict[str, Any]]:
    """The scheme's suggested changes, worth computed by re-scoring a hypothetical case, best first."""
    from advisor.rules.whatif import ChangeError, apply_changes

    out = []
    for sug in scheme.suggestions:
        if any(evaluate(c, ctx).met is not True for c in sug.when):
            continue
        try:
            changed = apply_changes(ctx.case, sug.set)
        except (ChangeError, ValueError):
            continue
        new_total, _, _ = compute_total(scheme, Ctx(changed, ctx.pack, ctx.as_of, recorded_on=ctx.recorded_on),
                                        explain=False)
        if new_total is not None and new_total > total:
            out.append({"text": {"zh": sug.text.zh, "en": sug.text.en}, "points": round(new_total - total, 2),
                        "changes": sug.set})
    out.sort(key=lambda s: -s["points"])
    return out


def months_to_reach(scheme: Scheme, ctx: Ctx, target: float, known: list[dict[str, Any]] | None = None,
                    horizon_years: int = PROJECTION_YEARS) -> date | None:
    """The first month-step date (from the evaluation date) on which the total reaches ``target``.

    Steps a year at a time (reusing the projection already computed), then month by month inside
    the first year that gets there.
    """
    def total_on(on: date) -> float | None:
        return compute_total(scheme, ctx.at(on), explain=False)[0]

    yearly = {k + 1: p["total"] for k, p in enumerate(known or [])}
    for year in range(1, horizon_years + 1):
        total = yearly.get(year)
        if total is None:
            total = total_on(add_months(ctx.as_of, 12 * year))
        if total is not None and total >= target:
            for month in range(12 * (year - 1) + 1, 12 * year + 1):
                on = add_months(ctx.as_of, month)
                t = total_on(on)
                if t is not None and t >= target:
                    return on
            return add_months(ctx.as_of, 12 * year)
    return None


__all__ = ["compute_total", "scheme_total", "threshold_of", "projection", "suggestions", "months_between"]
