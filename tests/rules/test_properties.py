"""Properties that must hold for any household, against the bundled pack."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.domain.validation import parse_case
from advisor.rules.context import Ctx
from advisor.rules.engine import evaluate, schemes_for
from advisor.rules.points import compute_total
from tests.rules.strategies import CITIES, as_of_dates, households

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _one_more_month(case: dict, city: str, on: date) -> dict:
    """The same household with one more month of local social insurance before ``on``."""
    more = copy.deepcopy(case)
    periods = more["work"]["social_insurance"]
    local = [p for p in periods if p["city"] == city]
    target = local[0] if local else None
    if target is not None:
        y, m = map(int, target["start"].split("-"))
        y, m = divmod(y * 12 + m - 2, 12)
        candidate = f"{y:04d}-{m + 1:02d}"
        earlier_ends = [p["end"] for p in periods if p is not target and p["end"] and p["start"] < target["start"]]
        if all(e < candidate for e in earlier_ends) and not any(
                p is not target and p["start"] <= candidate <= (p["end"] or "9999") for p in periods):
            target["start"] = candidate
            return more
    # otherwise add a one-month period right before the evaluation month, in a free month
    y, m = on.year, on.month
    for _ in range(240):
        y, m = divmod(y * 12 + m - 2, 12)
        m += 1
        ym = f"{y:04d}-{m:02d}"
        if not any(p["start"] <= ym <= (p["end"] or "9999") for p in periods):
            periods.append({"start": ym, "end": ym, "city": city, "scheme": "employee", "back_paid_months": 0})
            return more
    return more


@SETTINGS
@given(data=st.data())
def test_one_more_month_of_local_insurance_never_lowers_points(pack, data):
    city = data.draw(st.sampled_from(CITIES))
    on = data.draw(as_of_dates())
    raw = data.draw(households(city, on))
    case = parse_case(raw)
    more = parse_case(_one_more_month(raw, city, on))
    for scheme in schemes_for(pack, city, on):
        if not scheme.computable:
            continue
        before, _, _ = compute_total(scheme, Ctx(case, pack, on))
        after, _, _ = compute_total(scheme, Ctx(more, pack, on))
        assert after >= before, (scheme.id, before, after)


@SETTINGS
@given(data=st.data())
def test_eligible_from_is_exact(pack, data):
    """On eligible_from the option is eligible; on the day before it is not."""
    on = data.draw(as_of_dates())
    raw = data.draw(households(None, on))
    # a recent arrival: residence registered a few months ago, so duration conditions wait
    if data.draw(st.booleans()):
        back = data.draw(st.integers(0, 11))
        y, m = divmod(on.year * 12 + on.month - 1 - back, 12)
        raw["residence"]["registered_since"] = f"{y:04d}-{m + 1:02d}"
        raw["residence"]["permit"] = {"held": False}
    case = parse_case(raw)
    result = evaluate(case, pack, on)
    entries = [("option", o) for o in result["options"]] + [("points", p) for p in result["points"]]
    for kind, entry in entries:
        if entry["status"] != "eligible_later":
            continue
        start = date.fromisoformat(entry["eligible_from"])
        assert start > on
        rule_ids = {entry.get("rule_id"), entry.get("continues_as")} - {None}
        key = (frozenset(rule_ids), entry["subject"]) if kind == "option" else entry["scheme"]

        def status_on(d: date, kind=kind, key=key) -> str | None:
            res = evaluate(case, pack, d)
            if kind == "option":
                found = [o for o in res["options"] if o["rule_id"] in key[0] and o["subject"] == key[1]]
            else:
                found = [p for p in res["points"] if p["scheme"] == key]
            return found[0]["status"] if found else None

        assert status_on(start) == "eligible", (key, start)
        assert status_on(start - timedelta(days=1)) != "eligible", (key, start)
        CHECKED.append(key)


CHECKED: list = []


def test_eligible_from_property_is_not_vacuous(pack):
    """The property above must have checked real eligible_later options (run after it)."""
    if not CHECKED:
        test_eligible_from_is_exact(pack)
    assert len(CHECKED) >= 1


def _strip(entry: dict) -> dict:
    """Drop the sentences from a condition entry (and its children)."""
    out = {k: v for k, v in entry.items() if k != "text"}
    if "children" in out:
        out["children"] = [_strip(c) for c in out["children"]]
    return out


@SETTINGS
@given(data=st.data())
def test_lean_evaluation_decides_exactly_as_the_full_one(pack, data):
    """evaluate(detail=False) — used by reports and recall lists — makes the same decisions."""
    on = data.draw(as_of_dates())
    case = parse_case(data.draw(households(None, on)))
    full = evaluate(case, pack, on)
    lean = evaluate(case, pack, on, detail=False)
    assert lean["missing_facts"] == full["missing_facts"]
    assert len(lean["options"]) == len(full["options"])
    for f, ln in zip(full["options"], lean["options"], strict=True):
        for key in ("kind", "subject", "rule_id", "domain", "status", "eligible_from", "missing_facts"):
            assert ln[key] == f[key], key
        assert ln.get("continues_as") == f.get("continues_as")
        assert ln["conditions"] == [_strip(c) for c in f["conditions"]]
    for f, ln in zip(full["points"], lean["points"], strict=True):
        for key in ("kind", "scheme", "status", "eligible_from", "preconditions_met", "total", "threshold",
                    "gap", "missing_facts", "computable"):
            assert ln[key] == f[key], key
        assert ln["preconditions"] == [_strip(c) for c in f["preconditions"]]


def test_an_unknown_table_names_only_its_own_facts(pack):
    """A first-match table with an unknown row reports the facts it reads, not those of the
    indicators scored before it (so "what to find out" points at the right line of the breakdown)."""
    data = json.loads((Path(__file__).parents[1] / "data" / "cases" / "shanghai-engineer.json").read_text())
    data["applicant"]["birth_date"] = None  # the age indicator, scored first, is unknown
    data["work"]["contribution_base_ratio"] = None  # and so is the contribution-base table's first row
    result = evaluate(parse_case(data, "test"), pack)
    entry = next(p for p in result["points"] if p["scheme"] == "sh.points.2018")
    lines = {b["indicator"]: b for b in entry["breakdown"]}
    assert lines["age"]["missing_facts"] == ["applicant.birth_date"]
    assert lines["contribution_base"]["missing_facts"] == ["work.contribution_base_ratio"]
