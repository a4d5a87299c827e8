"""Synthetic case stores for the centre report: realistic variety, planted personal-data markers.

``generate(n, seed)`` gives ``SynthCase`` objects — one per family, each with one to three saved
versions (case file + saved date). ``bulk_load`` writes them into a case store in exactly the rows
``CaseStore.save_case`` writes (record, versions, a general consent), in one transaction: saving
thousands of cases one by one with synchronous=FULL would take minutes (see
``benchmarks/bench_case_store.py``, which does the same).

Every family carries markers that must never reach a report: the applicant's name
(``NAME_MARK_…``), a valid ID number whose tail is recorded in ``ID_TAILS``, children's names and a
free-text note (``NOTE_MARK_…``).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from advisor.domain.idnumber import check_char

CITY_WEIGHTS = {"beijing": 30, "shanghai": 25, "guangzhou": 24, "shenzhen": 20, "other": 2}
DISTRICTS = {
    "beijing": ["朝阳区", "海淀区", "丰台区", "通州区", "大兴区", "延庆区"],
    "shanghai": ["浦东新区", "闵行区", "宝山区", "松江区", "崇明区"],
    "guangzhou": ["天河区", "白云区", "番禺区", "海珠区", "从化区"],
    "shenzhen": ["福田区", "南山区", "宝安区", "龙岗区", "龙华区", "大鹏新区"],
    "other": ["城区"],
}
# the last district of each city is rare (a handful of families): suppression must show up there
DISTRICT_WEIGHTS = [30, 25, 20, 15, 9, 1]
PROVINCES = ["河南省", "四川省", "湖南省", "江西省", "安徽省", "湖北省", "广西壮族自治区", "河北省"]
REGIONS = ["410102", "510104", "430102", "360102", "340102", "420102", "450102", "130102"]
FIRST_DAY = date(2024, 1, 1)
LAST_DAY = date(2026, 11, 27)
NAME_MARK = "NAME_MARK_"
CHILD_MARK = "CHILD_MARK_"
NOTE_MARK = "NOTE_MARK_"
ALL_DOMAINS = ("residence_permit", "school", "health", "housing", "points", "social_security", "labour")


@dataclass
class SynthVersion:
    """One save of a case: its file and the moment it was saved (UTC)."""

    data: dict[str, Any]
    saved_at: datetime

    @property
    def evaluation_date(self) -> date:
        """The case file's as_of, else the local date of the save."""
        if self.data.get("as_of"):
            return date.fromisoformat(self.data["as_of"])
        return self.saved_at.astimezone().date()


@dataclass
class SynthCase:
    """One family: its versions, oldest first, and what the test needs to know about it."""

    index: int
    versions: list[SynthVersion]
    withdrawn: bool = False  # general consent withdrawn: the report must leave the family out
    id_number: str | None = None
    markers: list[str] = field(default_factory=list)


def _ym(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def _months_before(d: date, months: int) -> date:
    idx = d.year * 12 + d.month - 1 - months
    return date(idx // 12, idx % 12 + 1, 1)


def _maybe(rng: random.Random, value: Any, unknown: float) -> Any:
    """``value``, or None (unknown) with probability ``unknown``."""
    return None if rng.random() < unknown else value


def _insurance(rng: random.Random, city: str, on: date, arrived: date) -> list[dict[str, Any]] | None:
    if rng.random() < 0.08:
        return None  # the worker did not ask
    periods: list[dict[str, Any]] = []
    if rng.random() < 0.35:  # insured at home first
        start = _months_before(arrived, rng.randint(12, 80))
        end = _months_before(arrived, rng.randint(1, 6))
        if end > start:
            periods.append({"start": _ym(start), "end": _ym(end), "city": "other",
                            "scheme": "employee", "back_paid_months": 0})
    style = rng.random()
    local = city if city != "other" else "other"
    if style < 0.15:
        return periods  # never insured in the city
    start = _months_before(on, rng.randint(1, max(2, (on.year - arrived.year) * 12 + 1)))
    start = max(start, arrived)
    scheme = "employee" if rng.random() < 0.7 else "flexible"
    if style < 0.35:  # a gap: an earlier period, then a new one
        mid_end = _months_before(on, rng.randint(2, 14))
        if mid_end > start:
            periods.append({"start": _ym(start), "end": _ym(mid_end), "city": local, "scheme": scheme,
                            "back_paid_months": rng.choice([0, 0, 0, 1, 2])})
            start = _months_before(on, rng.randint(0, 1)) if rng.random() < 0.5 else None
            if start is None:
                return periods  # stopped paying
    back = rng.choice([0, 0, 0, 0, 0, 1, 3, 8])
    span = max(1, (on.year - start.year) * 12 + on.month - start.month)
    periods.append({"start": _ym(start), "end": None, "city": local, "scheme": scheme,
                    "back_paid_months": _maybe(rng, min(back, span), 0.05)})
    return periods


def _child(rng: random.Random, on: date, parent_born: date, i: int, k: int) -> dict[str, Any]:
    born = date(rng.randint(max(parent_born.year + 18, on.year - 18), on.year - 1), rng.randint(1, 12), 1)
    age = on.year - born.year
    stage = ("none" if age < 3 else "kindergarten" if age < 6 else "primary" if age < 12 else
             "junior_middle" if age < 15 else rng.choice(["senior_high", "vocational", "none"]))
    child: dict[str, Any] = {
        "name": f"{CHILD_MARK}{i}_{k}",
        "birth_date": _ym(born),
        "in_city": _maybe(rng, rng.random() < 0.85, 0.05),
        "hukou_city": "other",
        "school_stage": _maybe(rng, stage, 0.1),
        "school_record_years_in_city": _maybe(rng, rng.randint(0, max(0, min(age - 5, 6))), 0.25),
    }
    return child


def case_file(rng: random.Random, i: int, on: date, *, city: str, district: str, as_of: bool,
              id_number: str | None, born: date) -> dict[str, Any]:
    """A plausible household evaluated on ``on`` (facts before that date), with unknowns sprinkled in."""
    arrived = _months_before(on, rng.randint(2, 15 * 12))
    sex = rng.choice(["male", "female"])
    level = rng.choices(["primary", "junior_high", "senior_high", "secondary_vocational", "college", "bachelor",
                         "master"], [5, 30, 20, 10, 15, 15, 5])[0]
    education: dict[str, Any] = {"level": _maybe(rng, level, 0.05), "degree": _maybe(rng, rng.random() < 0.5, 0.2),
                                 "full_time": _maybe(rng, True, 0.2)}
    if level in ("college", "bachelor", "master") and born.year + 22 < on.year:
        education.update({"study_start": f"{born.year + 18}-09", "study_end": f"{born.year + 21}-07",
                          "study_city": rng.choice(["other", "other", city])})
    permit_held = _maybe(rng, rng.random() < 0.6, 0.1)
    permit: dict[str, Any] = {"held": permit_held}
    if permit_held:
        since = max(arrived, _months_before(on, rng.randint(1, 10 * 12)))
        permit.update({"since": _maybe(rng, _ym(since), 0.1), "endorsed_on_time": _maybe(rng, rng.random() < 0.8, 0.1)})
    home_type = rng.choices(["rented", "employer_dorm", "informal", "with_relatives", "owned"], [55, 15, 15, 10, 5])[0]
    homes = [{"type": home_type, "start": _ym(arrived), "end": None,
              "registered_lease": _maybe(rng, home_type == "rented" and rng.random() < 0.6, 0.15),
              "district": district}]
    status = rng.choices(["employed", "flexible", "self_employed", "unemployed"], [60, 20, 12, 8])[0]
    owed = rng.random() < 0.12
    arrears: dict[str, Any] = {"owed": _maybe(rng, owed, 0.1)}
    if owed:
        since = _months_before(on, rng.randint(1, 18))
        arrears.update({"amount": float(rng.randint(2, 40) * 1000), "since": _ym(since),
                        "still_employed": rng.random() < 0.5})
    n_children = _maybe(rng, rng.choices([0, 1, 2, 3], [30, 40, 25, 5])[0], 0.05)
    children = None if n_children is None else [_child(rng, on, born, i, k) for k in range(n_children)]
    married = rng.random() < 0.7
    spouse = {"hukou_city": _maybe(rng, rng.choice(["other", "other", "other", city]), 0.1),
              "married_since": _ym(_months_before(on, rng.randint(12, 240))), "in_city": rng.random() < 0.8} \
        if married else None
    needs = None
    if rng.random() >= 0.2:
        needs = sorted(rng.sample(ALL_DOMAINS, rng.choices([1, 2, 3, 4], [30, 35, 25, 10])[0]))
    if needs is not None and children and "school" not in needs and rng.random() < 0.5:
        needs = sorted([*needs, "school"])
    hukou: dict[str, Any] = {"province": rng.choice(PROVINCES), "type": rng.choice(["rural", "rural", "urban"])}
    applicant: dict[str, Any] = {
        "name": f"{NAME_MARK}{i}",
        "birth_date": _ym(born),
        "sex": sex,
        "retirement_category": rng.choice(["worker", "cadre"]) if sex == "female" else None,
        "id_number": id_number,
        "hukou": hukou,
        "education": education,
        "criminal_record": _maybe(rng, rng.random() < 0.03, 0.15),
        "detentions_last_5y": _maybe(rng, 0, 0.3),
        "tax_violations": _maybe(rng, 0, 0.3),
        "honours": "none",
    }
    data: dict[str, Any] = {
        "format": "advisor-case/1",
        "city": city,
        "district": district,
        "as_of": on.isoformat() if as_of else None,
        "needs": needs,
        "applicant": applicant,
        "residence": {
            "registered_since": _maybe(rng, _ym(arrived), 0.2),
            "permit": permit,
            "homes": _maybe(rng, homes, 0.05),
            "owns_home_in_city": home_type == "owned",
            "per_capita_floor_area_m2": _maybe(rng, round(rng.uniform(4, 30), 1), 0.4),
        },
        "work": {
            "status": _maybe(rng, status, 0.05),
            "labour_contract": _maybe(rng, status == "employed" and rng.random() < 0.75, 0.1),
            "employer_district": district if status == "employed" else None,
            "social_insurance": _insurance(rng, city, on, arrived),
            "contribution_base_ratio": _maybe(rng, rng.choice([0.6, 0.8, 1.0, 1.5]), 0.4),
            "medical_insurance": {"scheme": rng.choice(["employee", "resident", "none"]),
                                  "city": rng.choice([city, "hometown"]),
                                  "since": _ym(arrived)},
            "housing_fund": {"contributing": _maybe(rng, status == "employed" and rng.random() < 0.4, 0.2)},
            "monthly_income": _maybe(rng, float(rng.randint(25, 150) * 100), 0.15),
            "income_tax_paid": [{"year": on.year - 1, "amount": float(rng.randint(0, 200) * 100)}]
            if rng.random() < 0.5 else None,
            "wage_arrears": arrears,
        },
        "family": {
            "spouse": spouse,
            "children": children,
            "household_size": 1 + (1 if married else 0) + (n_children or 0),
            "household_monthly_income": _maybe(rng, float(rng.randint(30, 250) * 100), 0.2),
            "pregnant": _maybe(rng, False, 0.3) if sex == "female" else None,
        },
        "notes": f"{NOTE_MARK}{i} 家庭情况：曾在工地受伤" if rng.random() < 0.4 else None,
    }
    if rng.random() < 0.01:  # holds this city's hukou: out of scope, but still a family served
        hukou["city"] = city
    return data


def _id_number(rng: random.Random, born: date) -> str:
    body = f"{rng.choice(REGIONS)}{born.year:04d}{born.month:02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + check_char(body)


def _random_day(rng: random.Random, lo: date = FIRST_DAY, hi: date = LAST_DAY) -> date:
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


def _stamp(rng: random.Random, day: date) -> datetime:
    """A save during office hours (Beijing time) on ``day``, in UTC."""
    local = datetime.combine(day, time(rng.randint(9, 17), rng.randint(0, 59), rng.randint(0, 59)))
    return (local - timedelta(hours=8)).replace(tzinfo=UTC)


def generate(n: int, seed: int = 2026) -> list[SynthCase]:
    """``n`` families over four cities (and a few elsewhere), 2024-01-01 … 2026-11-27."""
    rng = random.Random(seed)
    cities = list(CITY_WEIGHTS)
    out = []
    for i in range(n):
        city = rng.choices(cities, [CITY_WEIGHTS[c] for c in cities])[0]
        names = DISTRICTS[city]
        district = rng.choices(names, DISTRICT_WEIGHTS[:len(names)])[0]
        born = date(rng.randint(1966, 2004), rng.randint(1, 12), 1)
        id_number = _id_number(rng, born) if rng.random() < 0.6 else None
        if id_number:
            born = date(int(id_number[6:10]), int(id_number[10:12]), 1)
        n_versions = rng.choices([1, 2, 3], [85, 12, 3])[0]
        days = sorted(_random_day(rng) for _ in range(n_versions))
        versions = []
        for k, day in enumerate(days):
            with_as_of = rng.random() < 0.75
            # a version's evaluation date is its as_of; the save happens that day or up to a month later
            saved = _stamp(rng, min(LAST_DAY, day + timedelta(days=rng.choice([0, 0, 0, 1, 3, 30]))))
            if not with_as_of:
                saved = _stamp(rng, day)
            move = k > 0 and rng.random() < 0.1  # the family moved district (same city) since
            dist = rng.choice(names) if move else district
            data = case_file(rng, i, day, city=city, district=dist, as_of=with_as_of, id_number=id_number, born=born)
            versions.append(SynthVersion(data, saved))
        case = SynthCase(i, versions, withdrawn=rng.random() < 0.01, id_number=id_number)
        case.markers = [f"{NAME_MARK}{i}", f"{CHILD_MARK}{i}_", f"{NOTE_MARK}{i}"] + ([id_number] if id_number else [])
        out.append(case)
    return out


def bulk_load(store: Any, cases: list[SynthCase], *, notice: str | None = None) -> None:
    """Write the families into ``store`` (unlocked) in the rows ``save_case`` writes, in one transaction."""
    from sqlmodel import Session

    from advisor.cases.base import new_uid, ts
    from advisor.cases.models import CaseRecord, CaseVersion, ConsentRecord
    from advisor.cases.names import name_key
    from advisor.cases.store import canonical_json
    from advisor.domain.validation import case_to_json_dict, parse_case

    cipher = store._cipher
    assert cipher is not None, "unlock the store first"
    notice = notice or store.settings.notice_version
    records, versions, consents = [], [], []
    for case in cases:
        uid = new_uid()
        cid = case.index + 1
        last = case.versions[-1]
        latest = case_to_json_dict(parse_case(last.data))
        number = case.id_number
        first_stamp = ts(case.versions[0].saved_at)
        records.append({
            "id": cid, "uid": uid, "display_name": latest["applicant"]["name"],
            "name_key": name_key(latest["applicant"]["name"]), "city": latest["city"],
            "district": latest.get("district"), "needs": ",".join(parse_case(last.data).domains()),
            "version": len(case.versions), "created_at": first_stamp, "updated_at": ts(last.saved_at),
            "created_by": "synth", "worker": "synth", "retain_until": "2031-01-01",
            "id_number_enc": cipher.encrypt_text(number, table="case_record", column="id_number_enc", row=uid)
            if number else None,
            "id_bidx": cipher.blind_index("id", number) if number else None,
            "id_tail_bidx": cipher.blind_index("id_tail", number[-4:]) if number else None})
        for k, v in enumerate(case.versions, 1):
            data = case_to_json_dict(parse_case(v.data))
            versions.append({"case_id": cid, "version": k, "saved_at": ts(v.saved_at), "worker": "synth",
                             "case_enc": cipher.encrypt_json(data, table="case_version", column="case_enc",
                                                             row=f"{uid}:{k}"),
                             "case_sha256": hashlib.sha256(canonical_json(data)).hexdigest()})
        consents.append({"uid": new_uid(), "case_id": cid, "scope": "general", "subject": "applicant",
                         "notice_version": notice, "lang": "zh", "obtained_at": first_stamp, "worker": "synth",
                         "withdrawn_at": ts(last.saved_at) if case.withdrawn else None,
                         "withdrawn_by": "synth" if case.withdrawn else None})
    with Session(store._write_engine) as s, s.begin():
        conn = s.connection()
        conn.execute(CaseRecord.__table__.insert(), records)
        conn.execute(CaseVersion.__table__.insert(), versions)
        conn.execute(ConsentRecord.__table__.insert(), consents)
