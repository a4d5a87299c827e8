"""Periods (insurance, homes, permit, registration) and the duration arithmetic on them.

A span is half-open: [start, end) with end None while it is ongoing. Counting uses full months
(see :mod:`advisor.domain.dates`). A span "reaches" a date when it is ongoing or was paid through
at least the month before it — the month in progress may not have been paid yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from advisor.domain.dates import add_months, first_of_month, month_index, months_between
from advisor.rules.context import Ctx, Unknown
from advisor.rules.schema import Where

SOURCE_FACTS = {
    "social_insurance": ("work.social_insurance",),
    "homes": ("residence.homes",),
    "permit": ("residence.permit.held", "residence.permit.since", "residence.permit.endorsed_on_time",
               "residence.permit.late_endorsement_on"),
    "registration": ("residence.registered_since",),
    "medical_insurance": ("work.medical_insurance.scheme", "work.medical_insurance.city",
                          "work.medical_insurance.since"),
    "housing_fund": ("work.housing_fund.contributing", "work.housing_fund.since"),
    "marriage": ("family.spouse.married_since",),
}


@dataclass(frozen=True)
class Span:
    """One period: [start, end) with end None while ongoing; back-paid months inside it."""

    start: date
    end: date | None
    back_paid: int = 0


def _city_ok(ctx: Ctx, where: Where, city: str | None, fact: str) -> bool:
    if where.city is None:
        return True
    if city is None:
        raise Unknown(fact)
    wanted = where.city
    if wanted == "local":
        return city == ctx.case.city
    if isinstance(wanted, list):
        return city in wanted
    return city == wanted


def _district_ok(where: Where, district: str | None, fact: str) -> bool:
    if where.district_in is None and where.district_not_in is None:
        return True
    if not district:
        raise Unknown(fact)
    if where.district_in is not None and district not in where.district_in:
        return False
    return not (where.district_not_in is not None and district in where.district_not_in)


def _restarts(since: date, late_on: date, grace_days: int | None) -> bool:
    """Does a late endorsement on ``late_on`` restart the years? Not within the grace after the due date."""
    if not grace_days:
        return True
    due = since
    while add_months(due, 12) <= late_on:
        due = add_months(due, 12)
    return (late_on - due).days > grace_days


def spans(ctx: Ctx, source: str, where: Where, late_grace_days: int | None = None) -> list[Span]:
    """The spans of a source that pass the filters; raises Unknown for facts it needs."""
    case = ctx.case
    out: list[Span] = []
    if source == "social_insurance":
        periods = case.work.social_insurance
        if periods is None:
            raise Unknown("work.social_insurance")
        for p in periods:
            if p.start is None:
                raise Unknown("work.social_insurance")
            if not _city_ok(ctx, where, p.city, "work.social_insurance"):
                continue
            if where.scheme is not None:
                if p.scheme is None:
                    raise Unknown("work.social_insurance")
                if p.scheme not in where.scheme:
                    continue
            out.append(Span(p.start.start(), p.end.end_exclusive() if p.end else None, p.back_paid_months or 0))
    elif source == "homes":
        homes = case.residence.homes
        if homes is None:
            raise Unknown("residence.homes")
        for h in homes:
            if h.start is None:
                raise Unknown("residence.homes")
            if where.type is not None:
                if h.type is None:
                    raise Unknown("residence.homes")
                if h.type not in where.type:
                    continue
            if where.registered_lease is not None and h.type in ("rented", None):
                if h.registered_lease is None:
                    raise Unknown("residence.homes")
                if h.registered_lease != where.registered_lease:
                    continue
            if not _district_ok(where, h.district, "residence.homes"):
                continue
            out.append(Span(h.start.start(), h.end.end_exclusive() if h.end else None))
    elif source == "permit":
        permit = case.residence.permit
        if permit is None or permit.held is None:
            raise Unknown("residence.permit.held")
        if not permit.held:
            return []
        if permit.since is None:
            raise Unknown("residence.permit.since")
        if permit.endorsed_on_time is None:
            raise Unknown("residence.permit.endorsed_on_time")
        start = permit.since.start()
        if not permit.endorsed_on_time:
            # A late endorsement restarts the count from the endorsement date (居住证暂行条例 Art. 10).
            if permit.late_endorsement_on is None:
                raise Unknown("residence.permit.late_endorsement_on")
            late = permit.late_endorsement_on.start()
            if _restarts(start, late, late_grace_days):
                start = max(start, late)
        out.append(Span(start, None))
    elif source == "registration":
        since = case.residence.registered_since
        if since is None:
            raise Unknown("residence.registered_since")
        out.append(Span(since.start(), None))
    elif source == "medical_insurance":
        mi = case.work.medical_insurance
        if mi is None or mi.scheme is None:
            raise Unknown("work.medical_insurance.scheme")
        if where.scheme is not None and mi.scheme not in where.scheme:
            return []
        if mi.scheme == "none":
            return []
        if not _city_ok(ctx, where, mi.city, "work.medical_insurance.city"):
            return []
        if mi.since is None:
            raise Unknown("work.medical_insurance.since")
        out.append(Span(mi.since.start(), None))
    elif source == "housing_fund":
        hf = case.work.housing_fund
        if hf is None or hf.contributing is None:
            raise Unknown("work.housing_fund.contributing")
        if not hf.contributing:
            return []
        if hf.since is None:
            raise Unknown("work.housing_fund.since")
        out.append(Span(hf.since.start(), None))
    elif source == "marriage":
        spouse = case.family.spouse
        if spouse is None or spouse.married_since is None:
            raise Unknown("family.spouse.married_since")
        out.append(Span(spouse.married_since.start(), None))
    else:  # the schema's Literal makes this unreachable
        raise ValueError(f"unknown period source {source}")
    return out


def cached_spans(ctx: Ctx, source: str, where: Where, late_grace_days: int | None = None) -> list[Span]:
    """:func:`spans`, memoised per household: periods don't depend on the evaluation date."""
    key = (source, id(where), late_grace_days)
    cache = ctx.span_cache
    if key not in cache:
        try:
            cache[key] = spans(ctx, source, where, late_grace_days)
        except Unknown as exc:
            cache[key] = exc
    hit = cache[key]
    if isinstance(hit, Unknown):
        raise hit
    return hit


def upto_date(as_of: date, until: str) -> date:
    """The exclusive end of counting: the evaluation date, or Jan 1 when counting to last year's end."""
    return date(as_of.year, 1, 1) if until == "end_of_previous_year" else as_of


def _clip(items: list[Span], upto: date, since: date | None = None) -> list[Span]:
    out = []
    for s in sorted(items, key=lambda x: x.start):
        start = max(s.start, since) if since else s.start
        end = upto if s.end is None else min(s.end, upto)
        # an ongoing period that starts today is kept (0 months so far, but time will add to it)
        if start < end or (s.end is None and start == end):
            out.append(Span(start, end if (s.end is not None and s.end <= upto) else None, s.back_paid))
    return out


def _end(s: Span, upto: date) -> date:
    return upto if s.end is None else s.end


@dataclass(frozen=True)
class Run:
    """The continuous run that reaches the counting date (if any)."""

    start: date | None
    months: int
    ongoing: bool
    excluded: int = 0
    restarted_for_back_pay: bool = False


def continuous_run(items: list[Span], upto: date, back_paid: str = "count", tolerate: int = 0) -> Run:
    """Months of the unbroken run that reaches ``upto`` (0 when the last run stopped earlier)."""
    clipped = _clip(items, upto)
    if not clipped:
        return Run(None, 0, False)
    runs: list[list[Span]] = [[clipped[0]]]
    for s in clipped[1:]:
        if s.start <= _end(runs[-1][-1], upto):
            runs[-1].append(s)
        else:
            runs.append([s])
    last = runs[-1]
    run_end = max(_end(s, upto) for s in last)
    ongoing = any(s.end is None for s in last)
    if run_end < first_of_month(upto) and not ongoing:
        return Run(None, 0, False)
    start = last[0].start
    restarted = False
    excluded = 0
    paid_back = sum(s.back_paid for s in last)
    if back_paid == "tolerate" and paid_back > tolerate:
        # More back-payment than tolerated breaks continuity; the case file does not say which months
        # were back-paid, so assume the first months of the latest period with back-payments.
        latest = max((s for s in last if s.back_paid), key=lambda s: s.start)
        start = add_months(latest.start, latest.back_paid)
        restarted = True
    elif back_paid == "exclude":
        excluded = paid_back
    months = max(0, months_between(start, run_end) - excluded) if start < run_end else 0
    return Run(start, months, ongoing, excluded, restarted)


def merged(items: list[Span], upto: date) -> list[Span]:
    """Spans clipped to ``upto`` with overlaps merged (so months are never double counted)."""
    out: list[Span] = []
    for s in _clip(items, upto):
        if out and s.start <= _end(out[-1], upto):
            prev = out[-1]
            new_end = None if (prev.end is None or s.end is None) else max(prev.end, s.end)
            out[-1] = Span(prev.start, new_end, prev.back_paid + s.back_paid)
        else:
            out.append(s)
    return out


def total_months(items: list[Span], upto: date, back_paid: str = "count", since: date | None = None) -> int:
    """Cumulative full months across all spans up to ``upto`` (optionally counted from ``since``)."""
    total = 0
    excluded = 0
    for s in merged(items, upto):
        start = max(s.start, since) if since else s.start
        end = _end(s, upto)
        if start < end:
            total += months_between(start, end)
            excluded += s.back_paid
    if back_paid == "exclude":
        total = max(0, total - excluded)
    return total


def months_in_window(items: list[Span], upto: date, window: int) -> int:
    """Calendar months, among the ``window`` whole months before ``upto``'s month, that a period covers.

    Whole calendar months keep the count monotone while a period is ongoing (a month-long slide adds
    the new month before it drops the oldest), so the earliest date it holds is a month start.
    """
    hi = month_index(upto)  # months before this index
    lo = hi - window
    covered: list[tuple[int, int]] = []
    for s in items:
        first = month_index(s.start) + (0 if s.start.day == 1 else 1)  # first month fully covered
        last = hi if s.end is None else min(hi, month_index(s.end))  # months m with m+1's 1st <= end
        a, b = max(first, lo), last
        if a < b:
            covered.append((a, b))
    covered.sort()
    count, reach = 0, lo
    for a, b in covered:
        a = max(a, reach)
        if b > a:
            count += b - a
            reach = b
    return count


def has_ongoing(items: list[Span]) -> bool:
    """True when some span has no end (time alone adds months)."""
    return any(s.end is None for s in items)
