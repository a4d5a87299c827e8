"""One test group per condition type: met / not met / unknown, the explanation, and earliest dates."""

from datetime import date, timedelta

import pytest

from advisor.rules.engine import evaluate
from tests.conftest import make_case
from tests.rules.packkit import pack_with, rule

AS_OF = date(2026, 11, 27)
LBL = {"zh": "条件", "en": "condition"}


def option(result, rid="t.rule", subject="applicant"):
    return next(o for o in result["options"] if o["rule_id"] == rid and o["subject"] == subject)


def run(tmp_path, cond, case, as_of=AS_OF, who="applicant", **kw):
    pack = pack_with(tmp_path, rule([cond], **kw))
    return option(evaluate(case, pack, as_of), subject=who)


def test_fact_equals(tmp_path):
    cond = {"id": "c", "type": "fact_equals", "fact": "applicant.criminal_record", "value": False, "label": LBL}
    assert run(tmp_path, cond, make_case(applicant__criminal_record=False))["status"] == "eligible"
    o = run(tmp_path, cond, make_case(applicant__criminal_record=True))
    assert o["status"] == "not_eligible" and o["conditions"][0]["met"] is False
    o = run(tmp_path, cond, make_case())
    assert o["status"] == "needs_info" and o["missing_facts"] == ["applicant.criminal_record"]
    assert "尚不清楚" in o["conditions"][0]["text"]["zh"]


def test_fact_in(tmp_path):
    cond = {"id": "c", "type": "fact_in", "fact": "work.status", "values": ["employed", "flexible"], "label": LBL}
    assert run(tmp_path, cond, make_case(work__status="flexible"))["status"] == "eligible"
    assert run(tmp_path, cond, make_case(work__status="student"))["status"] == "not_eligible"


def test_at_least_and_at_most_with_units(tmp_path):
    cond = {"id": "c", "type": "at_least", "fact": "family.household_size", "value": 3, "unit": "person",
            "label": LBL}
    o = run(tmp_path, cond, make_case(family__household_size=2))
    assert o["status"] == "not_eligible"
    assert o["conditions"][0]["actual"] == 2 and o["conditions"][0]["required"] == 3
    assert "2人" in o["conditions"][0]["text"]["zh"] and "3 people" in o["conditions"][0]["text"]["en"]
    cond = {"id": "c", "type": "at_most", "fact": "residence.per_capita_floor_area_m2", "value": 15, "unit": "m2",
            "label": LBL}
    assert run(tmp_path, cond, make_case(residence__per_capita_floor_area_m2=14.9))["status"] == "eligible"


def test_at_least_grows_yearly_gives_eligible_later(tmp_path):
    cond = {"id": "c", "type": "at_least", "fact": "child.school_record_years_in_city", "value": 3,
            "grows_yearly": True, "label": LBL}
    case = make_case(family__children=[{"name": "小林", "birth_date": "2012-09", "school_stage": "junior_middle",
                                        "school_record_years_in_city": 1}])
    o = run(tmp_path, cond, case, who="child:0", subject="each_child")
    assert o["subject"] == "child:0" and o["subject_name"] == "小林"
    assert o["status"] == "eligible_later" and o["eligible_from"] == "2028-11-27"


def test_date_between(tmp_path):
    cond = {"id": "c", "type": "date_between", "fact": "applicant.birth_date", "on_or_after": "1978-01-01",
            "label": LBL}
    assert run(tmp_path, cond, make_case(applicant__birth_date="1978-01"))["status"] == "eligible"
    assert run(tmp_path, cond, make_case(applicant__birth_date="1977-12"))["status"] == "not_eligible"


def test_age_min_is_curable_and_max_is_not(tmp_path):
    cond = {"id": "c", "type": "age_between", "of": "applicant", "min": 18}
    o = run(tmp_path, cond, make_case(applicant__birth_date="2010-03"))
    assert o["status"] == "eligible_later" and o["eligible_from"] == "2028-03-01"
    cond = {"id": "c", "type": "age_between", "of": "applicant", "max": 45}
    o = run(tmp_path, cond, make_case(applicant__birth_date="1980-01"))
    assert o["status"] == "not_eligible"
    assert o["conditions"][0]["actual"] == 46


def test_age_at_next_aug_31(tmp_path):
    cond = {"id": "c", "type": "age_between", "min": 6, "at": "next_aug_31"}
    case = make_case(family__children=[{"birth_date": "2020-08"}, {"birth_date": "2020-09"}])
    pack = pack_with(tmp_path, rule([cond], subject="each_child"))
    res = evaluate(case, pack, date(2026, 3, 1))
    assert option(res, subject="child:0")["status"] == "eligible"   # 6 by 31 Aug 2026
    later = option(res, subject="child:1")
    assert later["status"] == "eligible_later" and later["eligible_from"] == "2026-09-01"


SI = [{"start": "2019-01", "end": "2022-12", "city": "beijing", "scheme": "employee", "back_paid_months": 0},
      {"start": "2023-03", "end": None, "city": "beijing", "scheme": "employee", "back_paid_months": 0}]


def test_months_continuous_gap_resets(tmp_path):
    cond = {"id": "c", "type": "months_continuous", "source": "social_insurance", "where": {"city": "local"},
            "months": 60}
    o = run(tmp_path, cond, make_case(work__social_insurance=SI))
    c = o["conditions"][0]
    assert c["actual"] == 44  # 2023-03-01 .. 2026-11-27 → 3 years 8 months; the 2023 gap reset the count
    assert o["status"] == "eligible_later" and o["eligible_from"] == "2028-03-01"
    assert "还差1年4个月" in c["text"]["zh"]


def test_months_continuous_exact_day(tmp_path):
    cond = {"id": "c", "type": "months_continuous", "source": "social_insurance", "where": {"city": "local"},
            "months": 44}
    assert run(tmp_path, cond, make_case(work__social_insurance=SI), as_of=date(2026, 11, 1))["status"] == "eligible"
    o = run(tmp_path, cond, make_case(work__social_insurance=SI), as_of=date(2026, 10, 31))
    assert o["status"] == "eligible_later" and o["eligible_from"] == "2026-11-01"


def test_months_continuous_stopped_paying_is_not_curable(tmp_path):
    cond = {"id": "c", "type": "months_continuous", "source": "social_insurance", "where": {"city": "local"},
            "months": 60}
    periods = [dict(SI[0])]
    o = run(tmp_path, cond, make_case(work__social_insurance=periods))
    assert o["status"] == "not_eligible" and o["conditions"][0]["actual"] == 0


def test_back_paid_tolerance_and_exclusion(tmp_path):
    def periods(back_paid):
        return [{"start": "2018-01", "end": None, "city": "beijing", "scheme": "employee",
                 "back_paid_months": back_paid}]
    tolerate = {"id": "c", "type": "months_continuous", "source": "social_insurance", "where": {"city": "local"},
                "months": 84, "back_paid": "tolerate", "tolerate_months": 5}
    # 2018-01-01 .. 2026-11-27 = 106 full months
    assert run(tmp_path, tolerate, make_case(work__social_insurance=periods(5)))["conditions"][0]["actual"] == 106
    o = run(tmp_path, tolerate, make_case(work__social_insurance=periods(6)))
    assert o["conditions"][0]["actual"] == 100  # more than 5 back-paid: continuity counted from 2018-07
    assert "补缴超过5个月" in o["conditions"][0]["text"]["zh"] or o["status"] == "eligible"
    exclude = {"id": "c", "type": "months_continuous", "source": "social_insurance", "where": {"city": "local"},
               "months": 84, "back_paid": "exclude"}
    assert run(tmp_path, exclude, make_case(work__social_insurance=periods(6)))["conditions"][0]["actual"] == 100
    assert run(tmp_path, exclude, make_case(work__social_insurance=periods(2)))["conditions"][0]["actual"] == 104


def test_months_total_and_within(tmp_path):
    total = {"id": "c", "type": "months_total", "source": "social_insurance", "where": {"city": "local"},
             "months": 96}
    o = run(tmp_path, total, make_case(work__social_insurance=SI))
    assert o["conditions"][0]["actual"] == 48 + 44
    # 92 months now; 4 more full months of the ongoing period from 2023-03-01 → 2027-03-01
    assert o["status"] == "eligible_later" and o["eligible_from"] == "2027-03-01"
    within = {"id": "c", "type": "months_within", "source": "social_insurance", "where": {"city": "local"},
              "months": 18, "window": 24}
    o = run(tmp_path, within, make_case(work__social_insurance=SI), as_of=date(2023, 8, 1))
    # window 2021-08-01..2023-08-01: 17 months to 2022-12 + 5 from 2023-03 = 22
    assert o["conditions"][0]["actual"] == 22 and o["status"] == "eligible"


def test_permit_late_endorsement_restarts_years(tmp_path):
    cond = {"id": "c", "type": "months_continuous", "source": "permit", "months": 36}
    on_time = make_case(residence__permit={"held": True, "since": "2020-01", "endorsed_on_time": True})
    assert run(tmp_path, cond, on_time)["status"] == "eligible"
    late = make_case(residence__permit={"held": True, "since": "2020-01", "endorsed_on_time": False,
                                        "late_endorsement_on": "2025-03-10"})
    o = run(tmp_path, cond, late)
    assert o["status"] == "eligible_later" and o["eligible_from"] == "2028-03-10"
    unknown = make_case(residence__permit={"held": True, "since": "2020-01", "endorsed_on_time": False})
    o = run(tmp_path, cond, unknown)
    assert o["status"] == "needs_info" and "residence.permit.late_endorsement_on" in o["missing_facts"]


def test_has_item_current_homes(tmp_path):
    cond = {"id": "c", "type": "has_item", "source": "homes", "where": {"type": ["rented"], "registered_lease": True},
            "label": LBL}
    homes = [{"type": "rented", "start": "2020-01", "end": "2024-12", "registered_lease": True},
             {"type": "rented", "start": "2025-01", "end": None, "registered_lease": False}]
    assert run(tmp_path, cond, make_case(residence__homes=homes))["status"] == "not_eligible"
    homes[1]["registered_lease"] = True
    assert run(tmp_path, cond, make_case(residence__homes=homes))["status"] == "eligible"


def test_all_any_not_three_valued(tmp_path):
    crime = {"type": "fact_equals", "fact": "applicant.criminal_record", "value": False, "label": LBL}
    job = {"type": "fact_in", "fact": "work.status", "values": ["employed"], "label": LBL}
    any_ = {"id": "c", "type": "any", "conditions": [crime, job]}
    assert run(tmp_path, any_, make_case(work__status="employed"))["status"] == "eligible"  # unknown crime irrelevant
    assert run(tmp_path, any_, make_case(work__status="student"))["status"] == "needs_info"
    all_ = {"id": "c", "type": "all", "conditions": [crime, job]}
    assert run(tmp_path, all_, make_case(work__status="student"))["status"] == "not_eligible"  # decided anyway
    not_ = {"id": "c", "type": "not", "condition": job}
    assert run(tmp_path, not_, make_case(work__status="student"))["status"] == "eligible"


def test_age_limit_lapses_while_waiting(tmp_path):
    """Waiting for insurance months while an age limit passes → not eligible, with the reason."""
    conds = [{"id": "age", "type": "age_between", "of": "applicant", "max": 45},
             {"id": "si", "type": "months_continuous", "source": "social_insurance", "where": {"city": "local"},
              "months": 48}]
    case = make_case(applicant__birth_date="1982-01",
                     work__social_insurance=[{"start": "2025-01", "city": "beijing", "scheme": "employee"}])
    pack = pack_with(tmp_path, rule(conds))
    o = option(evaluate(case, pack, AS_OF))
    assert o["status"] == "not_eligible"
    assert any("不再符合" in n["zh"] for n in o["notes"])


def test_points_at_least_uses_scheme_total(tmp_path):
    scheme = {"id": "t.points", "kind": "points.hukou", "city": "beijing", "title": {"zh": "积分", "en": "points"},
              "effective_from": "2000-01-01", "verified_on": "2026-01-01", "sources": [{"ref": "src_p"}],
              "indicators": [{"id": "si", "type": "per_year", "label": LBL, "periods": "social_insurance",
                              "where": {"city": "local"}, "rate": 10, "pro_rate": "year"}],
              "threshold": 50}
    cond = {"id": "c", "type": "points_at_least", "scheme": "t.points", "value": 50, "label": LBL}
    pack = pack_with(tmp_path, rule([cond]), schemes=[scheme])
    case = make_case(work__social_insurance=SI)
    o = option(evaluate(case, pack, AS_OF))
    assert o["conditions"][0]["actual"] == 70.0 and o["status"] == "eligible"


def test_param_values_follow_the_date(tmp_path):
    params = {"t.months": {"unit": "month", "values": [
        {"from": "2000-01-01", "to": "2025-12-31", "value": 12, "source": {"ref": "src_p"}},
        {"from": "2026-01-01", "value": 24, "source": {"ref": "src_s"}}]}}
    cond = {"id": "c", "type": "months_continuous", "source": "social_insurance", "where": {"city": "local"},
            "months": {"param": "t.months"}}
    pack = pack_with(tmp_path, rule([cond]), params=params)
    case = make_case(work__social_insurance=[{"start": "2024-06", "city": "beijing", "scheme": "employee"}])
    old = option(evaluate(case, pack, date(2025, 7, 1)))
    new = option(evaluate(case, pack, date(2026, 7, 1)))
    assert old["status"] == "eligible" and old["tier"] == "primary"
    assert new["status"] == "eligible" and new["conditions"][0]["required"] == 24
    assert new["tier"] == "secondary" and new["confirm"]["zh"] == "请向经办部门核实"


@pytest.mark.parametrize("days", [0, 1])
def test_rule_effective_dates(tmp_path, days):
    pack = pack_with(tmp_path, rule([], effective_from="2026-06-01"))
    on = date(2026, 6, 1) - timedelta(days=days)
    res = evaluate(make_case(), pack, on)
    assert (len(res["options"]) == 1) == (days == 0)


def test_date_within_is_a_deadline_and_never_later(tmp_path):
    cond = {"id": "c", "type": "date_within", "fact": "work.wage_arrears.left_job_on", "months": 12}
    case = make_case(work__wage_arrears={"owed": True, "left_job_on": "2025-11-27"})
    o = run(tmp_path, cond, case)  # deadline 2026-11-27 == as_of: still within
    assert o["status"] == "eligible" and "2026年11月27日" in o["conditions"][0]["text"]["zh"]
    o = run(tmp_path, cond, case, as_of=date(2026, 11, 28))
    assert o["status"] == "not_eligible" and "已超过期限" in o["conditions"][0]["text"]["zh"]
    assert run(tmp_path, cond, make_case())["status"] == "needs_info"


def test_months_since_waits(tmp_path):
    cond = {"id": "c", "type": "months_since", "fact": "family.spouse.married_since", "months": 12}
    o = run(tmp_path, cond, make_case(family__spouse={"married_since": "2026-03"}))
    assert o["status"] == "eligible_later" and o["eligible_from"] == "2027-03-01"


def test_household_subject(tmp_path):
    pack = pack_with(tmp_path, rule([], subject="household"))
    assert evaluate(make_case(), pack, AS_OF)["options"][0]["subject"] == "household"


def test_waiting_hands_over_to_the_rule_that_takes_over(tmp_path):
    """A wait that outlasts a rule version continues under its successor instead of ending in 'no'."""
    si = {"id": "si", "type": "months_continuous", "source": "social_insurance", "where": {"city": "local"},
          "months": 24}
    old = rule([si], rid="t.old", effective_to="2026-12-31")
    new = rule([dict(si, months=30)], rid="t.new", effective_from="2027-01-01")
    pack = pack_with(tmp_path, old, new)
    case = make_case(work__social_insurance=[{"start": "2025-06", "city": "beijing", "scheme": "employee"}])
    o = option(evaluate(case, pack, date(2026, 6, 1)), rid="t.old")
    assert o["status"] == "eligible_later" and o["eligible_from"] == "2027-12-01"  # 30 months under the new rule
    assert o["continues_as"] == "t.new" and any("2027-01-01" in n["zh"] for n in o["notes"])
    later = option(evaluate(case, pack, date(2027, 12, 1)), rid="t.new")
    assert later["status"] == "eligible"
