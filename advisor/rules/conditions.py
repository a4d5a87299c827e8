"""The closed vocabulary of condition types: each evaluates itself, explains itself and, where it
is a duration or an age, gives a first guess of the date it will hold if nothing changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from advisor.domain.dates import add_months, full_years, months_between
from advisor.rules import periods as P
from advisor.rules.context import Ctx, MissingParam, Unknown
from advisor.rules.schema import (
    AgeBetween,
    AllOf,
    AnyOf,
    AtLeast,
    AtMost,
    DateBetween,
    FactEquals,
    FactIn,
    HasItem,
    MonthsContinuous,
    MonthsTotal,
    MonthsWithin,
    NotOf,
    ParamRef,
    PointsAtLeast,
)
from advisor.rules.wording import city_name, fmt_value


@dataclass(slots=True)
class Outcome:
    """What one condition says about one subject on one date."""

    cond: Any
    met: bool | None
    curable: bool = False
    actual: Any = None
    required: Any = None
    unit: str | None = None
    label: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    guess: date | None = None
    children: list[Outcome] = field(default_factory=list)
    note: dict[str, str] | None = None
    earliest: date | None = None  # filled by the engine after verifying the guess
    max_wait_years: int | None = None  # how far ahead waiting is worth projecting (points: 5 years)
    cut_by_horizon: bool = False  # would wait, but not within the rule's life (or the search horizon)
    required_then: Any = None  # the requirement on ``earliest`` when a dated parameter changes it

    @property
    def id(self) -> str:
        """The condition's id (or its type when it has none)."""
        return self.cond.id or self.cond.type


def _label(cond: Any, zh: str, en: str) -> dict[str, str]:
    if cond.label is not None:
        return {"zh": cond.label.zh, "en": cond.label.en}
    return {"zh": zh, "en": en}


def _num_text(ctx: Ctx, value: Any, unit: str | None) -> tuple[str, str]:
    return fmt_value(value, unit, "zh"), fmt_value(value, unit, "en")


# ----------------------------------------------------------------------------- simple facts
def _fact_equals(c: FactEquals, ctx: Ctx) -> Outcome:
    v = ctx.fact(c.fact)
    return Outcome(c, v == c.value, actual=v, required=c.value, label=_label(c, c.fact, c.fact))


def _fact_in(c: FactIn, ctx: Ctx) -> Outcome:
    v = ctx.fact(c.fact)
    return Outcome(c, v in c.values, actual=v, required=list(c.values), label=_label(c, c.fact, c.fact))


def _date_within(c: Any, ctx: Ctx) -> Outcome:
    base = ctx.fact(c.fact)
    months = int(ctx.num(c.months))
    deadline = add_months(base.end(), months)  # the last day the deadline still allows
    met = ctx.as_of <= deadline
    label = _label(c, f"在{fmt_value(base, None, 'zh')}之后{fmt_value(months, 'month', 'zh')}内",
                   f"within {fmt_value(months, 'month', 'en')} of {fmt_value(base, None, 'en')}")
    note = {"zh": f"期限到{fmt_value(deadline, None, 'zh')}", "en": f"deadline {fmt_value(deadline, None, 'en')}"}
    return Outcome(c, met, actual=str(base), required=deadline.isoformat(), unit="deadline", label=label, note=note)


def _months_since(c: Any, ctx: Ctx) -> Outcome:
    base = ctx.fact(c.fact)
    months = int(ctx.num(c.months))
    elapsed = months_between(base.start(), ctx.as_of)
    met = elapsed >= months
    label = _label(c, f"自{fmt_value(base, None, 'zh')}起满{fmt_value(months, 'month', 'zh')}",
                   f"{fmt_value(months, 'month', 'en')} since {fmt_value(base, None, 'en')}")
    return Outcome(c, met, curable=not met, actual=elapsed, required=months, unit="month", label=label,
                   guess=None if met else add_months(base.start(), months))


def _facts_equal(c: Any, ctx: Ctx) -> Outcome:
    a, b = ctx.fact(c.fact), ctx.fact(c.other)
    norm = (lambda v: v.strip() if isinstance(v, str) else v)  # noqa: E731
    return Outcome(c, norm(a) == norm(b), actual=a, required=b, label=_label(c, c.fact, c.fact))


def _compare(c: AtLeast | AtMost, ctx: Ctx, at_least: bool) -> Outcome:
    v = ctx.fact(c.fact)
    req = ctx.num(c.value)
    if hasattr(v, "start") and not isinstance(v, int | float):
        raise ValueError(f"{c.fact} is a date; use date_between")
    grown = 0
    if at_least and getattr(c, "grows_yearly", False):
        grown = max(0, full_years(ctx.recorded_on or ctx.as_of, ctx.as_of))
        v = v + grown
    met = v >= req if at_least else v <= req
    if c.label is not None:
        label = {"zh": c.label.zh, "en": c.label.en}
    else:
        zh_req, en_req = _num_text(ctx, req, c.unit)
        op = "≥" if at_least else "≤"
        label = {"zh": f"{c.fact} {op} {zh_req}", "en": f"{c.fact} {op} {en_req}"}
    out = Outcome(c, met, actual=v, required=req, unit=c.unit, label=label)
    if not met and grown is not None and getattr(c, "grows_yearly", False):
        out.curable = True
        out.guess = add_months(ctx.recorded_on or ctx.as_of, 12 * int(req - v + grown))
    return out


def _date_between(c: DateBetween, ctx: Ctx) -> Outcome:
    v = ctx.fact(c.fact)
    d = v.start()
    met = (c.on_or_after is None or d.isoformat() >= c.on_or_after) and (
        c.on_or_before is None or d.isoformat() <= c.on_or_before)
    required = {"on_or_after": c.on_or_after, "on_or_before": c.on_or_before}
    return Outcome(c, met, actual=str(v), required=required, unit="date", label=_label(c, c.fact, c.fact))


# ----------------------------------------------------------------------------- ages
def _age_reference(on: date, at: str) -> date:
    if at == "next_aug_31":
        this_year = date(on.year, 8, 31)
        return this_year if on <= this_year else date(on.year + 1, 8, 31)
    if at == "end_of_year":
        return date(on.year, 12, 31)
    if at == "end_of_previous_year":
        return date(on.year - 1, 12, 31)
    return on


def _age_between(c: AgeBetween, ctx: Ctx) -> Outcome:
    if c.of == "applicant" or ctx.child_index is None:
        birth = ctx.fact("applicant.birth_date")
        who = ("本人", "the applicant")
    else:
        birth = ctx.fact("child.birth_date")
        who = ("孩子", "the child")
    ref = _age_reference(ctx.as_of, c.at)
    age = full_years(birth.start(), ref)
    lo = ctx.num(c.min) if c.min is not None else None
    hi = ctx.num(c.max) if c.max is not None else None
    if c.under is not None:
        under = ctx.num(c.under)
        hi = under - 1
    met = (lo is None or age >= lo) and (hi is None or age <= hi)
    when_zh = {"as_of": "", "next_aug_31": "（按当年8月31日计）", "end_of_year": "（按年底计）",
               "end_of_previous_year": "（按上一年12月31日计）"}[c.at]
    when_en = {"as_of": "", "next_aug_31": " (counted on 31 August)", "end_of_year": " (at year end)",
               "end_of_previous_year": " (on 31 December last year)"}[c.at]
    if lo is not None and hi is not None:
        zh, en = f"{who[0]}年龄在{lo}至{hi}周岁{when_zh}", f"{who[1]} aged {lo} to {hi}{when_en}"
    elif lo is not None:
        zh, en = f"{who[0]}年满{lo}周岁{when_zh}", f"{who[1]} at least {lo} years old{when_en}"
    elif c.under is not None:
        zh, en = f"{who[0]}未满{hi + 1}周岁{when_zh}", f"{who[1]} younger than {hi + 1}{when_en}"
    else:
        zh, en = f"{who[0]}年龄不超过{hi}周岁{when_zh}", f"{who[1]} no older than {hi}{when_en}"
    curable = lo is not None and age < lo
    guess = add_months(birth.start(), 12 * int(lo)) if curable and c.at == "as_of" else None
    required = [lo, hi] if lo is not None and hi is not None else (lo if lo is not None else hi)
    return Outcome(c, met, curable=curable, actual=age, required=required, unit="age",
                   label=_label(c, zh, en), guess=guess)


# ----------------------------------------------------------------------------- durations
_SOURCE_WORDS = {
    "social_insurance": ("缴纳社保", "social insurance"),
    "homes": ("在符合条件的住所居住", "living in a qualifying home"),
    "permit": ("持有居住证", "holding the residence permit"),
    "registration": ("登记居住", "registered residence"),
    "medical_insurance": ("参加医保", "medical insurance"),
    "housing_fund": ("缴存住房公积金", "housing provident fund contributions"),
    "marriage": ("结婚", "marriage"),
}


def _where_city(c: Any, ctx: Ctx) -> tuple[str, str]:
    city = c.where.city
    if city == "local":
        return city_name(ctx.case.city, "zh"), city_name(ctx.case.city, "en")
    if isinstance(city, str):
        return city_name(city, "zh"), city_name(city, "en")
    return "", ""


_LABELS: dict[tuple[int, str, int, Any, Any], dict[str, str]] = {}


def _duration_label(c: Any, ctx: Ctx, required: int) -> dict[str, str]:
    if c.label is not None:
        return {"zh": c.label.zh, "en": c.label.en}
    window = ctx.num(c.window) if c.type == "months_within" else None
    tol = ctx.num(c.tolerate_months) if c.back_paid == "tolerate" else None
    key = (id(c), ctx.case.city, required, window, tol)
    if key not in _LABELS:  # labels depend only on these; evaluation is hot, so build each once
        if len(_LABELS) > 10000:
            _LABELS.clear()
        _LABELS[key] = _build_duration_label(c, ctx, required)
    return _LABELS[key]


def _build_duration_label(c: Any, ctx: Ctx, required: int) -> dict[str, str]:
    zh_city, en_city = _where_city(c, ctx)
    zh_src, en_src = _SOURCE_WORDS[c.source]
    req_zh, req_en = fmt_value(required, "month", "zh"), fmt_value(required, "month", "en")
    in_zh = f"在{zh_city}" if zh_city else ""
    in_en = f" in {en_city}" if en_city else ""
    if c.type == "months_continuous":
        zh, en = f"{in_zh}连续{zh_src}满{req_zh}", f"{req_en} of continuous {en_src}{in_en}"
    elif c.type == "months_total":
        zh, en = f"{in_zh}累计{zh_src}满{req_zh}", f"{req_en} of {en_src}{in_en} in total"
    else:
        window = ctx.num(c.window)
        zh = f"最近{fmt_value(window, 'month', 'zh')}内{in_zh}{zh_src}满{req_zh}"
        en = f"{req_en} of {en_src}{in_en} within the last {fmt_value(window, 'month', 'en')}"
    if c.until == "end_of_previous_year":
        zh += "（计算到上一年年底）"
        en += " (counted to the end of last year)"
    if c.back_paid == "exclude":
        zh += "，补缴月份不计"
        en += ", back-paid months not counted"
    elif c.back_paid == "tolerate":
        tol = int(ctx.num(c.tolerate_months))
        zh += f"，补缴累计不超过{tol}个月"
        en += f", at most {tol} back-paid months"
    return _label(c, zh, en)


def _jan1_on_or_after(d: date) -> date:
    return d if (d.month, d.day) == (1, 1) else date(d.year + 1, 1, 1)


def _months_continuous(c: MonthsContinuous, ctx: Ctx) -> Outcome:
    required = int(ctx.num(c.months))
    items = P.cached_spans(ctx, c.source, c.where, c.late_grace_days)
    upto = P.upto_date(ctx.as_of, c.until)
    tol = int(ctx.num(c.tolerate_months)) if c.tolerate_months is not None else 0
    run = P.continuous_run(items, upto, c.back_paid, tol)
    met = run.months >= required
    curable = not met and run.ongoing and P.has_ongoing(items)
    guess = None
    if curable and run.start is not None:
        guess = add_months(run.start, required + run.excluded)
        if c.until == "end_of_previous_year":
            guess = _jan1_on_or_after(guess)
    note = None
    if run.restarted_for_back_pay:
        note = {"zh": f"补缴超过{tol}个月，连续缴费按最近一段重新计算（请向社保经办机构核实）",
                "en": f"more than {tol} back-paid months: continuity is counted again from the latest "
                      "period (please confirm with the social-insurance office)"}
    elif not run.ongoing and not met:
        note = {"zh": "目前没有在持续缴纳/持有，时间本身不会让条件满足",
                "en": "not currently ongoing, so time alone will not meet this"}
    return Outcome(c, met, curable=curable, actual=run.months, required=required, unit="month",
                   label=_duration_label(c, ctx, required), guess=guess, note=note)


def _months_total(c: MonthsTotal, ctx: Ctx) -> Outcome:
    required = int(ctx.num(c.months))
    items = P.cached_spans(ctx, c.source, c.where, c.late_grace_days)
    upto = P.upto_date(ctx.as_of, c.until)
    total = P.total_months(items, upto, c.back_paid)
    met = total >= required
    curable = not met and P.has_ongoing(P._clip(items, upto))
    guess = None
    if curable:
        ongoing = [s for s in P.merged(items, upto) if s.end is None]
        if ongoing:
            start = ongoing[-1].start
            guess = add_months(start, months_between(start, upto) + required - total)
            if c.until == "end_of_previous_year":
                guess = _jan1_on_or_after(guess)
    return Outcome(c, met, curable=curable, actual=total, required=required, unit="month",
                   label=_duration_label(c, ctx, required), guess=guess)


def _months_within(c: MonthsWithin, ctx: Ctx) -> Outcome:
    required = int(ctx.num(c.months))
    window = int(ctx.num(c.window))
    items = P.cached_spans(ctx, c.source, c.where, c.late_grace_days)
    upto = P.upto_date(ctx.as_of, c.until)
    count = P.months_in_window(items, upto, window)
    met = count >= required
    curable = not met and P.has_ongoing(P._clip(items, upto))
    return Outcome(c, met, curable=curable, actual=count, required=required, unit="month",
                   label=_duration_label(c, ctx, required))


def _has_item(c: HasItem, ctx: Ctx) -> Outcome:
    items = P.cached_spans(ctx, c.source, c.where)
    if c.current:
        items = [s for s in items if s.start <= ctx.as_of and (s.end is None or s.end > ctx.as_of)]
    return Outcome(c, bool(items), label=_label(c, c.source, c.source))


def _points_at_least(c: PointsAtLeast, ctx: Ctx) -> Outcome:
    from advisor.rules.points import scheme_total  # points builds on conditions

    required = ctx.num(c.value)
    total, could_raise, could_lower, scheme_id = scheme_total(c.scheme, ctx)
    if scheme_id:
        ctx.used_schemes.add(scheme_id)
    if total is None:
        raise Unknown(*(could_raise or (f"scheme:{c.scheme}",)))
    met = total >= required
    out = Outcome(c, met, actual=total, required=required, unit="points",
                  label=_label(c, f"积分达到{fmt_value(required, 'points', 'zh')}",
                               f"at least {fmt_value(required, 'points', 'en')}"))
    # Unknown indicators could move the total across the line: then we don't know.
    if met and could_lower:
        out.met, out.missing = None, list(could_lower)
    elif not met and could_raise:
        out.met, out.missing = None, list(could_raise)
    elif not met:
        # Insurance years and the like accrue; the engine searches the date, but only as far as the
        # points projection goes: further out, schemes and cut-offs will have changed.
        from advisor.rules.points import PROJECTION_YEARS

        out.curable, out.max_wait_years = True, PROJECTION_YEARS
    return out


# ----------------------------------------------------------------------------- logic
def _all(c: AllOf, ctx: Ctx) -> Outcome:
    kids = [evaluate(x, ctx) for x in c.conditions]
    return _combine_all(c, kids)


def _combine_all(c: Any, kids: list[Outcome]) -> Outcome:
    missing = [f for k in kids for f in k.missing]
    fails = [k for k in kids if k.met is False]
    if any(not k.curable for k in fails):
        met, curable = False, False
        missing = []  # decided: answering the unknown parts cannot change it
    elif any(k.met is None for k in kids):
        met, curable = None, False
    elif fails:
        met, curable = False, True
    else:
        met, curable = True, False
    guesses = [k.guess for k in fails if k.guess]
    guess = max(guesses) if curable and len(guesses) == len(fails) else None
    return Outcome(c, met, curable=curable, children=kids, missing=missing, guess=guess,
                   label=_label(c, "以下条件全部满足", "all of the following"))


def _any(c: AnyOf, ctx: Ctx) -> Outcome:
    kids = [evaluate(x, ctx) for x in c.conditions]
    missing = [f for k in kids for f in k.missing]
    if any(k.met is True for k in kids):
        met, curable = True, False
        missing = []
    elif any(k.met is None for k in kids):
        met, curable = None, False
    else:
        met, curable = False, any(k.curable for k in kids)
    guesses = [k.guess for k in kids if k.met is False and k.curable and k.guess]
    return Outcome(c, met, curable=curable, children=kids, missing=missing,
                   guess=min(guesses) if curable and guesses else None,
                   label=_label(c, "满足以下任一条件", "any one of the following"))


def _not(c: NotOf, ctx: Ctx) -> Outcome:
    kid = evaluate(c.condition, ctx)
    met = None if kid.met is None else not kid.met
    return Outcome(c, met, children=[kid], missing=list(kid.missing),
                   label=_label(c, "不满足：" + kid.label.get("zh", ""), "not: " + kid.label.get("en", "")))


_EVALUATORS = {
    "fact_equals": _fact_equals, "fact_in": _fact_in, "facts_equal": _facts_equal,
    "date_within": _date_within, "months_since": _months_since,
    "at_least": lambda c, ctx: _compare(c, ctx, True), "at_most": lambda c, ctx: _compare(c, ctx, False),
    "date_between": _date_between, "age_between": _age_between,
    "months_continuous": _months_continuous, "months_total": _months_total, "months_within": _months_within,
    "has_item": _has_item, "points_at_least": _points_at_least,
    "all": _all, "any": _any, "not": _not,
}


# Conditions that read only the household's facts — never the date or a parameter — come out the same
# on every date: points tables re-scored for each projection year reuse the first outcome.
_STATIC = frozenset({"fact_equals", "fact_in", "facts_equal"})


def evaluate(cond: Any, ctx: Ctx) -> Outcome:
    """Evaluate one condition; unknown facts give ``met=None`` with the facts named, never a crash."""
    if cond.type in _STATIC:
        # memoised beside the household's facts (Ctx.fact_cache: one household, shared by every date).
        # Static outcomes are never curable, so the engine never writes to them: sharing is safe.
        key = (id(cond), ctx.child_index)
        hit = ctx.fact_cache.get(key)
        if hit is None:
            hit = ctx.fact_cache[key] = _evaluate(cond, ctx)
        return hit
    return _evaluate(cond, ctx)


def _evaluate(cond: Any, ctx: Ctx) -> Outcome:
    try:
        return _EVALUATORS[cond.type](cond, ctx)
    except Unknown as exc:
        return Outcome(cond, None, missing=list(exc.facts), label=_unknown_label(cond, ctx))
    except MissingParam as exc:
        return Outcome(cond, None, missing=[], label=_unknown_label(cond, ctx), note={
            "zh": f"规则包没有 {exc.on} 适用的参数 {exc.param_id}，请更新规则包",
            "en": f"the rule pack has no value of {exc.param_id} for {exc.on}; update the rule pack"})


def _unknown_label(cond: Any, ctx: Ctx) -> dict[str, str]:
    if cond.label is not None:
        return {"zh": cond.label.zh, "en": cond.label.en}
    if cond.type in ("months_continuous", "months_total", "months_within"):
        try:
            return _duration_label(cond, ctx, int(ctx.num(cond.months)))
        except MissingParam:
            pass
    return {"zh": cond.type, "en": cond.type}


# ----------------------------------------------------------------------------- earliest dates
def holds(cond: Any, ctx: Ctx, on: date) -> bool:
    """True when the condition holds on ``on`` if nothing else changes."""
    return evaluate(cond, ctx.at(on)).met is True


def earliest_date(cond: Any, ctx: Ctx, guess: date | None, horizon: date) -> date | None:
    """The first date after ``ctx.as_of`` on which the condition holds (None within the horizon).

    The condition's own guess is accepted only if it holds and the day before does not; otherwise
    the date is found by galloping month steps and then a binary search on days.
    """
    one = timedelta(days=1)
    if guess is not None and ctx.as_of < guess <= horizon:
        if holds(cond, ctx, guess) and (guess - one <= ctx.as_of or not holds(cond, ctx, guess - one)):
            return guess
    lo, step = ctx.as_of, 1
    hi = add_months(ctx.as_of, step)
    while not holds(cond, ctx, min(hi, horizon)):
        if hi >= horizon:
            return None
        lo, step = hi, step * 2
        hi = add_months(ctx.as_of, step)
    hi = min(hi, horizon)
    while (hi - lo).days > 1:
        mid = lo + timedelta(days=(hi - lo).days // 2)
        if holds(cond, ctx, mid):
            hi = mid
        else:
            lo = mid
    return hi


def condition_facts(cond: Any) -> set[str]:
    """Every catalogue fact a condition (and its children) reads."""
    out: set[str] = set()
    t = cond.type
    if t in ("fact_equals", "fact_in", "at_least", "at_most", "date_between", "date_within", "months_since"):
        out.add(cond.fact)
    elif t == "facts_equal":
        out.update((cond.fact, cond.other))
    elif t == "age_between":
        out.add("applicant.birth_date" if cond.of == "applicant" else "child.birth_date")
    elif t in ("months_continuous", "months_total", "months_within", "has_item"):
        out.update(P.SOURCE_FACTS[cond.source])
    elif t in ("all", "any"):
        for c in cond.conditions:
            out |= condition_facts(c)
    elif t == "not":
        out |= condition_facts(cond.condition)
    return out


def condition_params(cond: Any) -> set[str]:
    """Every parameter a condition (and its children) refers to."""
    out: set[str] = set()
    for name in ("value", "months", "window", "min", "max", "under", "tolerate_months"):
        v = getattr(cond, name, None)
        if isinstance(v, ParamRef):
            out.add(v.param)
    for c in getattr(cond, "conditions", None) or []:
        out |= condition_params(c)
    if getattr(cond, "condition", None) is not None:
        out |= condition_params(cond.condition)
    return out
