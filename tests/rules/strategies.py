"""Hypothesis strategies for random but valid households."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

CITIES = ("beijing", "shanghai", "guangzhou", "shenzhen")


def ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


@st.composite
def months(draw, lo=2005, hi=2026):
    return draw(st.integers(lo, hi)), draw(st.integers(1, 12))


@st.composite
def insurance_periods(draw, city, last=2026):
    n = draw(st.integers(0, 3))
    y, m = draw(months(2005, min(2020, last)))
    periods = []
    for i in range(n):
        length = draw(st.integers(1, 80))
        end_y, end_m = divmod((y * 12 + m - 1) + length - 1, 12)
        end_m += 1
        ongoing = i == n - 1 and draw(st.booleans())
        periods.append({"start": ym(y, m), "end": None if ongoing or end_y >= last else ym(end_y, end_m),
                        "city": draw(st.sampled_from([city, city, "other"])),
                        "scheme": draw(st.sampled_from(["employee", "employee", "flexible"])),
                        "back_paid_months": draw(st.integers(0, min(3, length)))})
        if periods[-1]["end"] is None:
            break
        gap = draw(st.integers(1, 14))
        y, m = divmod((end_y * 12 + end_m - 1) + gap, 12)
        m += 1
        if y >= last:
            break
    return periods


@st.composite
def households(draw, city=None, on=None):
    """A household whose facts all lie before ``on`` (its evaluation date)."""
    city = city or draw(st.sampled_from(CITIES))
    last = (on.year - 1) if on else 2026  # whole years before the evaluation date
    by, bm = draw(months(1965, 2004))
    permit_held = draw(st.sampled_from([True, True, False, False, None]))
    permit = {"held": permit_held}
    if permit_held:
        py, pm = draw(months(2012, last))
        permit["since"] = ym(py, pm)
        permit["endorsed_on_time"] = draw(st.booleans())
        if not permit["endorsed_on_time"]:
            ly, lm = draw(months(min(max(py, 2013), last), last))
            permit["late_endorsement_on"] = f"{ym(ly, lm)}-15"
    ry, rm = draw(months(2008, last))
    hy, hm = draw(months(2008, last))
    home = {"type": draw(st.sampled_from(["owned", "rented", "employer_dorm", "informal", "with_relatives"])),
            "start": ym(hy, hm), "end": None, "registered_lease": draw(st.booleans()),
            "district": draw(st.sampled_from(["朝阳区", "通州区", "浦东新区", "白云区", "龙华区", "大兴区"]))}
    kids = []
    for _ in range(draw(st.integers(0, 2))):
        cy, cm = draw(months(2008, last))
        kids.append({"name": "孩子", "birth_date": ym(cy, cm), "in_city": True, "hukou_city": "other",
                     "school_stage": draw(st.sampled_from(["none", "kindergarten", "primary", "junior_middle",
                                                           "senior_high", "vocational"])),
                     "school_record_years_in_city": draw(st.integers(0, 6))})
    level = draw(st.sampled_from(["junior_high", "senior_high", "college", "bachelor", "master", "doctorate"]))
    edu = {"level": level, "degree": draw(st.booleans()), "full_time": True}
    if level in ("college", "bachelor", "master", "doctorate"):
        sy, sm = draw(months(by + 17, by + 24)) if by + 24 <= last else (by + 17, 9)
        sy = min(sy, last - 1)
        edu.update({"study_start": ym(sy, sm), "study_end": ym(min(sy + 3, last), 7)})
    sex = draw(st.sampled_from(["male", "female"]))
    case = {
        "format": "advisor-case/1", "city": city, "as_of": on.isoformat() if on else None,
        "applicant": {"name": "测试", "birth_date": ym(by, bm), "sex": sex,
                      "retirement_category": draw(st.sampled_from(["worker", "cadre"])) if sex == "female" else None,
                      "hukou": {"province": "河南省", "type": "rural"}, "education": edu,
                      "criminal_record": draw(st.sampled_from([False, False, True, None])),
                      "detentions_last_5y": draw(st.integers(0, 1)), "tax_violations": 0, "honours": "none"},
        "residence": {"registered_since": ym(ry, rm), "permit": permit, "homes": [home],
                      "owns_home_in_city": home["type"] == "owned", "per_capita_floor_area_m2": 10.0},
        "work": {"status": draw(st.sampled_from(["employed", "flexible", "self_employed", "unemployed"])),
                 "labour_contract": draw(st.booleans()), "employer_district": home["district"],
                 "social_insurance": draw(insurance_periods(city, last)),
                 "contribution_base_ratio": draw(st.sampled_from([0.6, 1.0, 1.5, 2.5])),
                 "medical_insurance": {"scheme": "employee", "city": city, "since": "2020-01"},
                 "housing_fund": {"contributing": False},
                 "monthly_income": 6000, "income_tax_paid": [],
                 "wage_arrears": {"owed": False}},
        "family": {"spouse": None, "children": kids, "household_size": 1 + len(kids),
                   "household_monthly_income": 9000},
    }
    return case


def as_of_dates():
    return st.dates(min_value=date(2021, 1, 1), max_value=date(2027, 12, 31))

