"""The engine: ``evaluate(case, pack, as_of) -> result`` in the ``advisor-result/1`` format.

Pure: no I/O, no Qt, no clock (the caller passes the date). Unknown facts never crash and never
count as false; waiting conditions give the earliest date they hold if nothing changes.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from advisor.domain.case import Case
from advisor.domain.dates import add_months
from advisor.rules import points as PT
from advisor.rules.conditions import Outcome, earliest_date
from advisor.rules.conditions import evaluate as eval_condition
from advisor.rules.context import Ctx
from advisor.rules.explain import change_texts, condition_entry
from advisor.rules.pack import Pack
from advisor.rules.schema import KINDS, TIER_RANK, Rule, Scheme, domain_of
from advisor.rules.wording import CONFIRM, fmt_value

RESULT_FORMAT = "advisor-result/1"
HORIZON_YEARS = 40
_DOMAIN_ORDER = ("residence_permit", "school", "health", "housing", "points", "social_security", "labour")


def rules_for(pack: Pack, city: str, on: date, domains: tuple[str, ...]) -> list[Rule]:
    """Rules in force on a date for a city (national ones too, unless a local rule replaces them)."""
    local = [r for r in pack.rules if r.city == city and r.in_force(on)]
    replaced = {rid for r in local for rid in r.replaces}
    national = [r for r in pack.rules if r.city == "national" and r.in_force(on) and r.id not in replaced]
    return [r for r in national + local if domain_of(r.kind) in domains]


def schemes_for(pack: Pack, city: str, on: date) -> list[Scheme]:
    """Points schemes in force on a date for a city."""
    return [s for s in pack.schemes if s.city == city and s.in_force(on)]


def _horizon(item: Rule | Scheme, as_of: date) -> date:
    h = add_months(as_of, 12 * HORIZON_YEARS)
    if item.effective_to:
        h = min(h, date.fromisoformat(item.effective_to))
    return h


def _leaves(o: Outcome) -> list[Outcome]:
    return [o] + [leaf for k in o.children for leaf in _leaves(k)]


def _decide(outcomes: list[Outcome], ctx: Ctx, horizon: date, conditions: list[Any]) -> tuple[str, date | None, Any]:
    """Status and eligible_from from condition outcomes (filling each waiting outcome's earliest)."""
    for o in outcomes:
        if o.met is False and o.curable:
            limit = horizon
            waits = [k.max_wait_years for k in _leaves(o) if k.max_wait_years]
            if waits:
                limit = min(horizon, add_months(ctx.as_of, 12 * min(waits)))
            o.earliest = earliest_date(o.cond, ctx, o.guess, limit)
            if o.earliest is None:
                o.curable, o.cut_by_horizon = False, True
            elif o.required is not None and not o.children:
                then = eval_condition(o.cond, ctx.at(o.earliest)).required
                if then != o.required:
                    o.required_then = then  # e.g. a minimum that rises year by year
    if any(o.met is False and not o.curable for o in outcomes):
        return "not_eligible", None, None
    if any(o.met is None for o in outcomes):
        return "needs_info", None, None
    waiting = [o for o in outcomes if o.met is False]
    if not waiting:
        return "eligible", None, None
    candidate = max(o.earliest for o in waiting if o.earliest)
    # Check the whole rule on that date: a condition met today may have lapsed by then
    # (an age limit passed while waiting for years of insurance).
    for _ in range(4):
        later = [eval_condition(c, ctx.at(candidate)) for c in conditions]
        if all(o.met is True for o in later):
            return "eligible_later", candidate, None
        lapsed = [o for o in later if o.met is False and not o.curable]
        if lapsed or any(o.met is None for o in later):
            return "not_eligible", None, {"zh": f"等到{candidate.isoformat()}时，将不再符合：" + "；".join(
                o.label["zh"] for o in lapsed), "en": f"by {candidate.isoformat()} this will no longer hold: "
                + "; ".join(o.label["en"] for o in lapsed)}
        nxt = [earliest_date(o.cond, ctx.at(candidate), o.guess, horizon) for o in later if o.met is False]
        if any(d is None for d in nxt):
            return "not_eligible", None, None
        candidate = max(d for d in nxt if d)
    return "not_eligible", None, None


def _sources(pack: Pack, refs: list[Any], params: set[str], on: date,
             schemes: set[str] | None = None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str | None]] = set()
    all_refs = list(refs)
    for sid in sorted(schemes or ()):
        scheme = pack.scheme(sid)
        if scheme is not None:  # a condition on a points total rests on that scheme's sources too
            all_refs.extend(scheme.sources)
            if hasattr(scheme.threshold, "param"):
                params = params | {scheme.threshold.param}
    for pid in sorted(params):
        pv = pack.param_value(pid, on)
        if pv is not None:
            all_refs.append(pv.source)
    for ref in all_refs:
        key = (ref.ref, ref.article)
        if key not in seen:
            seen.add(key)
            out.append(pack.source_dict(ref))
    return out


def _anniversary_window(w: Any, ctx: Ctx) -> dict[str, Any] | None:
    base = ctx.fact_or_none(w.anniversary_of)
    if base is None:
        return None
    start = base.start() if hasattr(base, "start") else base
    on = ctx.as_of
    for years in range(1, 200):
        due = add_months(start, 12 * years)
        if due > on:
            break
    opens = due - timedelta(days=w.days_before)
    return {"label": {"zh": w.label.zh, "en": w.label.en}, "from": opens.isoformat(),
            "to": (due - timedelta(days=1)).isoformat(), "tier": w.tier or "primary"}


def _windows(item: Any, ctx: Ctx) -> list[dict[str, Any]]:
    out = []
    on = ctx.as_of
    for w in item.windows:
        if w.anniversary_of:
            entry = _anniversary_window(w, ctx)
            if entry:
                out.append(entry)
            continue
        months = sorted(set(w.months))
        start = None
        for k in range(0, 13):
            m = add_months(date(on.year, on.month, 1), k)
            if m.month == months[0] or (k == 0 and m.month in months):
                start = m
                break
        if start is None:
            continue
        end_month = start
        while add_months(end_month, 1).month in months and add_months(end_month, 1).month != months[0]:
            end_month = add_months(end_month, 1)
        end = add_months(end_month, 1) - timedelta(days=1)
        out.append({"label": {"zh": w.label.zh, "en": w.label.en}, "from": start.isoformat(),
                    "to": end.isoformat(), "tier": w.tier or "primary"})
    return out


def _offices(pack: Pack, ids: list[str], city: str) -> list[dict[str, Any]]:
    out = []
    for oid in ids:
        o = pack.offices[oid]
        if o.city not in (None, "national", city):
            continue
        out.append({"id": oid, "name": {"zh": o.name.zh, "en": o.name.en}, "hotline": o.hotline,
                    "purpose": {"zh": o.purpose.zh, "en": o.purpose.en} if o.purpose else None,
                    "address": {"zh": o.address.zh, "en": o.address.en} if o.address else None,
                    "online": o.online})
    return out


_PARAM_TOKEN = re.compile(r"\{param:([a-z0-9_.\-]+)\}")


def _fill_params(text: str, pack: Pack, on: date, lang: str, used: set[str] | None) -> str:
    """Replace ``{param:ID}`` with the parameter's value in force on the date (unknown ids stay)."""
    if "{param:" not in text:
        return text

    def sub(m: re.Match[str]) -> str:
        pid = m.group(1)
        if pid not in pack.params:
            return m.group(0)
        pv = pack.param_value(pid, on)
        if pv is None:
            return "？" if lang == "zh" else "?"
        if used is not None:
            used.add(pid)
        return fmt_value(pv.value, pack.params[pid].unit, lang)
    return _PARAM_TOKEN.sub(sub, text)


def _texts(items: list[Any], pack: Pack | None = None, on: date | None = None,
           used: set[str] | None = None) -> list[dict[str, str]]:
    if pack is None or on is None:
        return [{"zh": t.zh, "en": t.en} for t in items]
    return [{"zh": _fill_params(t.zh, pack, on, "zh", used), "en": _fill_params(t.en, pack, on, "en", used)}
            for t in items]


def _option(rule: Rule, ctx: Ctx, pack: Pack, detail: bool = True) -> dict[str, Any] | None:
    applies = [eval_condition(c, ctx) for c in rule.applies_when]
    if any(o.met is False for o in applies):
        return None
    horizon = _horizon(rule, ctx.as_of)
    lapse_note = None
    if any(o.met is None for o in applies):
        outcomes = applies
        status, eligible_from = "needs_info", None
    else:
        outcomes = [eval_condition(c, ctx) for c in rule.conditions]
        status, eligible_from, lapse_note = _decide(outcomes, ctx, horizon, rule.conditions)
        if status == "not_eligible" and rule.effective_to and all(
                o.cut_by_horizon for o in outcomes if o.met is False):
            # Waiting outlasts this version of the rule: ask the version that takes over.
            handover = _handover(rule, ctx, pack)
            if handover is not None:
                status, eligible_from, lapse_note = "eligible_later", handover[0], handover[1]
    # a decided "no" lists no questions: answering them could not change it
    missing = [] if status == "not_eligible" else sorted({f for o in outcomes for f in o.missing})
    if not detail:
        lean: dict[str, Any] = {
            "kind": rule.kind, "subject": ctx.subject, "rule_id": rule.id, "domain": domain_of(rule.kind),
            "title": {"zh": rule.title.zh, "en": rule.title.en}, "status": status,
            "eligible_from": eligible_from.isoformat() if eligible_from else None,
            "conditions": [condition_entry(o, pack, text=False) for o in outcomes], "missing_facts": missing}
        if (succ := _continues_as(rule, status, eligible_from, pack)) is not None:
            lean["continues_as"] = succ
        return lean
    option: dict[str, Any] = {
        "kind": rule.kind,
        "subject": ctx.subject,
        "rule_id": rule.id,
        "title": {"zh": rule.title.zh, "en": rule.title.en},
        "status": status,
        "eligible_from": eligible_from.isoformat() if eligible_from else None,
        "conditions": (entries := [condition_entry(o, pack) for o in outcomes]),
        "missing_facts": missing,
        "next_steps": _texts(rule.next_steps, pack, ctx.as_of, ctx.used_params),
        "documents": [{"zh": d.zh, "en": d.en, **({"proves": d.proves} if d.proves else {})}
                      for d in rule.documents],
        "offices": _offices(pack, rule.offices, ctx.case.city),
        "verified_on": rule.verified_on,
        # extensions (README, "Result format extensions")
        "domain": domain_of(rule.kind),
        "reasons": _reasons(entries, status),
        "changes": change_texts([o for o in outcomes if status != "not_eligible" or o.met is False], pack),
        "windows": _windows(rule, ctx),
        "notes": _texts(rule.notes, pack, ctx.as_of, ctx.used_params) + ([lapse_note] if lapse_note else []),
    }
    if (succ_id := _continues_as(rule, status, eligible_from, pack)) is not None:
        option["continues_as"] = succ_id
    if rule.summary:
        option["summary"] = _texts([rule.summary], pack, ctx.as_of, ctx.used_params)[0]
    # sources last: texts may have quoted dated parameters, whose sources count too
    option["sources"] = sources = _sources(pack, rule.sources, ctx.used_params, ctx.as_of, ctx.used_schemes)
    option["tier"] = tier = max((s["tier"] for s in sources), key=TIER_RANK.__getitem__)
    if tier != "primary":
        option["confirm"] = {"zh": CONFIRM[0], "en": CONFIRM[1]}
    if ctx.child_index is not None:
        option["subject_name"] = ctx.case.family.children[ctx.child_index].name  # type: ignore[index]
    return option


def _successor(rule: Rule, pack: Pack) -> Rule | None:
    """The rule of the same kind, city and subject that starts the day after this one ends."""
    if not rule.effective_to:
        return None
    start = (date.fromisoformat(rule.effective_to) + timedelta(days=1)).isoformat()
    found = [r for r in pack.rules if r.kind == rule.kind and r.city == rule.city and r.subject == rule.subject
             and r.effective_from == start and r.id != rule.id]
    return found[0] if len(found) == 1 else None


def _continues_as(rule: Rule, status: str, eligible_from: date | None, pack: Pack) -> str | None:
    """The successor's id when the option only opens under the rule that takes over."""
    if status == "eligible_later" and rule.effective_to and eligible_from and \
            eligible_from.isoformat() > rule.effective_to and (succ := _successor(rule, pack)) is not None:
        return succ.id
    return None


def _handover(rule: Rule, ctx: Ctx, pack: Pack) -> tuple[date, dict[str, str]] | None:
    """(date, note) when the successor rule would give eligible on or after its start."""
    succ = _successor(rule, pack)
    if succ is None:
        return None
    start = date.fromisoformat(succ.effective_from)
    opt = _option(succ, ctx.at(start), pack, detail=False)
    if opt is None or opt["status"] not in ("eligible", "eligible_later"):
        return None
    when = date.fromisoformat(opt["eligible_from"]) if opt["eligible_from"] else start
    note = {"zh": f"现行规则到{rule.effective_to}结束；按{succ.effective_from}起施行的规则（{succ.title.zh}），"
                  f"预计{when.isoformat()}起可以办理。",
            "en": f"The current rule ends on {rule.effective_to}; under the rule in force from "
                  f"{succ.effective_from} ({succ.title.en}) this opens on {when.isoformat()}."}
    return when, note


def _reasons(entries: list[dict[str, Any]], status: str) -> list[dict[str, str]]:
    """The sentences that decided the status (all conditions when eligible), from the condition entries."""
    deciding = [e for e in entries if e["met"] is not True] if status != "eligible" else entries
    return [e["text"] for e in deciding]


def _points_entry(scheme: Scheme, ctx: Ctx, pack: Pack, detail: bool = True) -> dict[str, Any]:
    horizon = _horizon(scheme, ctx.as_of)
    pre = [eval_condition(c, ctx) for c in scheme.preconditions]
    status, eligible_from, lapse = _decide(pre, ctx, horizon, scheme.preconditions)
    met = {"eligible": True, "eligible_later": False, "not_eligible": False, "needs_info": None}[status]
    total, breakdown, missing = PT.compute_total(scheme, ctx, explain=detail)
    threshold = PT.threshold_of(scheme, ctx)
    if not detail:
        return {"kind": scheme.kind, "scheme": scheme.id, "title": {"zh": scheme.title.zh, "en": scheme.title.en},
                "status": status,
                "eligible_from": eligible_from.isoformat() if eligible_from else None,
                "preconditions_met": met, "computable": scheme.computable, "total": total,
                "threshold": threshold,
                "gap": round(max(0.0, threshold["value"] - total), 2) if threshold and total is not None else None,
                "preconditions": [condition_entry(o, pack, text=False) for o in pre],
                "missing_facts": sorted(set(missing) | {f for o in pre for f in o.missing})}
    entry: dict[str, Any] = {
        "kind": scheme.kind,
        "scheme": scheme.id,
        "title": {"zh": scheme.title.zh, "en": scheme.title.en},
        "preconditions_met": met,
        "total": total,
        "breakdown": breakdown,
        "threshold": threshold,
        "gap": None,
        "projection": [],
        "suggestions": [],
        # extensions
        "status": status,
        "eligible_from": eligible_from.isoformat() if eligible_from else None,
        "preconditions": (pre_entries := [condition_entry(o, pack) for o in pre]),
        "computable": scheme.computable,
        "total_is_partial": bool(missing),
        "total_could_be_higher": any(b.get("unknown_effect") in ("up", "either") for b in breakdown),
        "total_could_be_lower": any(b.get("unknown_effect") in ("down", "either") for b in breakdown),
        "missing_facts": sorted(set(missing) | {f for o in pre for f in o.missing}),
        "reference": scheme.reference,
        "cutoffs": [{"year": c.year, "value": c.value, "settled": c.settled, "applicants": c.applicants,
                     "tier": pack.sources[c.source.ref].tier} for c in sorted(scheme.cutoffs, key=lambda c: c.year)],
        "next_steps": _texts(scheme.next_steps),
        "documents": [{"zh": d.zh, "en": d.en} for d in scheme.documents],
        "offices": _offices(pack, scheme.offices, ctx.case.city),
        "windows": _windows(scheme, ctx),
        "notes": _texts(scheme.notes) + ([lapse] if lapse else []),
        "verified_on": scheme.verified_on,
    }
    if not scheme.computable:
        reason = scheme.not_computable_reason
        entry["reason"] = {"zh": reason.zh, "en": reason.en}  # type: ignore[union-attr]
        entry["to_confirm"] = _texts(scheme.to_confirm)
    else:
        entry["projection"] = PT.projection(scheme, ctx)
        if threshold is not None and total is not None:
            entry["gap"] = round(max(0.0, threshold["value"] - total), 2)
            if entry["gap"] > 0:
                reach = PT.months_to_reach(scheme, ctx, threshold["value"], entry["projection"])
                entry["reaches_threshold_on"] = reach.isoformat() if reach else None
        if total is not None:
            entry["suggestions"] = PT.suggestions(scheme, ctx, total)
    sources = _sources(pack, scheme.sources, ctx.used_params, ctx.as_of)
    if threshold is not None:
        sources += [pack.source_dict(c.source) for c in scheme.cutoffs
                    if c.year == threshold.get("year") and threshold["type"] == "last_cutoff"]
    entry["sources"] = sources
    entry["tier"] = max((s["tier"] for s in sources), key=TIER_RANK.__getitem__)
    if entry["tier"] != "primary" or (threshold and threshold["tier"] != "primary"):
        entry["confirm"] = {"zh": CONFIRM[0], "en": CONFIRM[1]}
    entry["reasons"] = _reasons(pre_entries, status)
    entry["changes"] = change_texts(pre, pack)
    return entry


_LEAN_KEYS = ("kind", "subject", "rule_id", "domain", "title", "status", "eligible_from", "conditions",
              "missing_facts")


def _sort_key(o: dict[str, Any]) -> tuple[int, int, str]:
    return (_DOMAIN_ORDER.index(o["domain"]), KINDS.index(o["kind"]), o["subject"])


def evaluate(case: Case, pack: Pack, as_of: date | None = None, *, detail: bool = True) -> dict[str, Any]:
    """Evaluate every option the family may have on ``as_of`` (default: the case's own date).

    ``detail=False`` gives the same decisions without what only people read — sentences, sources,
    offices, windows, projections, suggestions — for reports and recall lists over many cases.
    """
    if as_of is None:
        if case.as_of is None:
            raise ValueError("no evaluation date: give as_of or set it in the case")
        as_of = case.as_of.start()
    recorded_on = case.as_of.start() if case.as_of else as_of
    result: dict[str, Any] = {
        "format": RESULT_FORMAT,
        "city": case.city,
        "as_of": as_of.isoformat(),
        "rules": {"pack": pack.manifest.pack, "version": pack.manifest.version, "sha256": pack.sha256,
                  "date": pack.manifest.date},
        "options": [],
        "points": [],
        "notices": [],
        "missing_facts": [],
    }
    hukou = case.applicant.hukou
    if hukou is not None and hukou.city == case.city:
        result["notices"].append({"zh": "申请人已有本市户口，本工具针对非本市户籍人员，不适用。",
                                  "en": "The applicant already holds this city's hukou; this tool is for "
                                        "people without it, so it does not apply."})
        return result
    if case.city == "other":
        result["notices"].append({"zh": "所在城市不是北京、上海、广州、深圳，只给出全国性规定。",
                                  "en": "The city is not Beijing, Shanghai, Guangzhou or Shenzhen: only "
                                        "national rules are shown."})
    domains = case.domains()
    options: list[dict[str, Any]] = []
    # one evaluation, one household: facts and periods are looked up once and shared by every rule
    facts_seen: dict[Any, Any] = {}
    spans_seen: dict[Any, Any] = {}

    def new_ctx(**kw: Any) -> Ctx:
        return Ctx(case, pack, as_of, recorded_on=recorded_on, fact_cache=facts_seen, span_cache=spans_seen, **kw)

    for rule in rules_for(pack, case.city, as_of, domains):
        if rule.subject == "each_child":
            children = case.family.children
            if children is None:
                unknown = _unknown_children(rule, pack, as_of, case.city)
                options.append(unknown if detail else {k: unknown[k] for k in _LEAN_KEYS})
                continue
            for i in range(len(children)):
                opt = _option(rule, new_ctx(child_index=i), pack, detail)
                if opt:
                    options.append(opt)
        else:
            opt = _option(rule, new_ctx(subject_kind=rule.subject), pack, detail)
            if opt:
                options.append(opt)
    options.sort(key=_sort_key)
    result["options"] = options
    if "points" in domains:
        result["points"] = [_points_entry(s, new_ctx(), pack, detail) for s in schemes_for(pack, case.city, as_of)]
    missing = {f for o in options for f in o["missing_facts"]} | {f for p in result["points"]
                                                                  for f in p["missing_facts"]}
    result["missing_facts"] = sorted(missing)
    if not detail:
        result["detail"] = False
    return result


def _unknown_children(rule: Rule, pack: Pack, as_of: date, city: str) -> dict[str, Any]:
    sources = _sources(pack, rule.sources, set(), as_of)
    return {
        "kind": rule.kind, "subject": "household", "rule_id": rule.id,
        "title": {"zh": rule.title.zh, "en": rule.title.en}, "status": "needs_info", "eligible_from": None,
        "conditions": [], "missing_facts": ["family.children"], "next_steps": [], "documents": [],
        "offices": _offices(pack, rule.offices, city), "sources": sources, "verified_on": rule.verified_on,
        "domain": domain_of(rule.kind), "tier": max((s["tier"] for s in sources), key=TIER_RANK.__getitem__),
        "reasons": [{"zh": "不清楚家中是否有子女、几个子女", "en": "Not known whether there are children"}],
        "changes": [{"zh": "补充信息：子女情况", "en": "Find out: the children"}], "windows": [], "notes": [],
    }
