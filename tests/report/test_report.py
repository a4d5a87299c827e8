"""The centre report over 1,000 stored synthetic families: every figure equals a direct computation
(engine.evaluate on each family's chosen version, with the pack in force on its date), small cells
are suppressed, and nothing suppressed can be worked out by subtraction."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from advisor.report import ALL, CentreReport, Count, Filters, build_report
from advisor.report.packs import PackHistory
from advisor.rules.store import pack_in_force
from tests.report.conftest import OLD_UNTIL, pack_for
from tests.report.direct import Direct, compute, median_or_none

TODAY = date(2026, 11, 27)
FILTERS = {
    "everything": Filters(),
    "beijing-2025": Filters(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31), city="beijing"),
    "from-2026-03": Filters(date_from=date(2026, 3, 1)),
}
STATUSES = ("eligible", "eligible_later", "needs_info", "not_eligible")


def _direct(families, packs, f: Filters) -> Direct:
    return compute(families, lambda d: pack_for(d, packs), date_from=f.date_from, date_to=f.date_to, city=f.city,
                   district=f.district)


@pytest.fixture(scope="module")
def reports(store_path, rules_engine, families, packs):
    """(published report, direct figures) for each filter set, computed once."""
    from advisor.cases import CaseStore
    from advisor.cases.crypto import TEST_KDF
    from tests.report.conftest import PASSPHRASE

    store = CaseStore.open(store_path, passphrase=PASSPHRASE, kdf=TEST_KDF)
    try:
        out = {}
        for name, f in FILTERS.items():
            report = build_report(store, rules_engine, f, worker="tester", today=TODAY, processes=1)
            out[name] = (report, _direct(families, packs, f))
        return out
    finally:
        store.close()


def _check(count: Count, exact: int, where: str) -> None:
    """A published count is the exact figure, or suppressed; a count of 1-4 is always suppressed."""
    if 0 < exact < 5:
        assert count.value is None, f"{where}: {exact} families shown"
    if count.value is not None:
        assert count.value == exact, f"{where}: report {count.value}, direct {exact}"


def _city(d: Direct, table: dict, scope: str, *key: str) -> int:
    node = table
    for k in key:
        node = node[k]
    return sum(node.values()) if scope == ALL else node[scope]


@pytest.mark.parametrize("name", list(FILTERS))
def test_every_figure_equals_the_direct_computation(reports, name):
    report, d = reports[name]
    cities = d.cities()
    assert report.scopes == tuple(cities + ([ALL] if len(cities) > 1 else []))
    assert report.generated_on == TODAY
    # families served, left out, out of scope
    for s in report.scopes:
        _check(report.served[s], sum(d.served.values()) if s == ALL else d.served[s], f"served {s}")
    _check(report.out_of_scope, d.out_of_scope, "out of scope")
    _check(report.withdrawn, d.withdrawn, "withdrawn")
    assert report.unreadable.value == 0
    # rule packs: each family evaluated with the pack in force on its date
    assert {u.ref.sha256 for u in report.packs} == set(d.packs)
    for u in report.packs:
        _check(u.families, d.packs[u.ref.sha256], f"pack {u.ref.version}")
    # what they asked about (share of the families served in the scope)
    for row in report.demand:
        for s in report.scopes:
            exact = _city(d, d.asked, s, row.domain)
            _check(row.cells[s], exact, f"demand {row.domain} {s}")
            served = report.served[s].value
            if row.cells[s].value is not None and served:
                assert row.cells[s].share == pytest.approx(exact / served)
    # how each option kind came out
    for s in report.scopes:
        def counts(kind: str, s: str = s) -> Counter:
            per = d.status[kind]
            return per[s] if s != ALL else sum((per[c] for c in list(per)), Counter())

        shown = {r.kind: r for r in report.supply[s]}
        assert set(shown) == {k for k in list(d.status) if sum(counts(k).values()) > 0}
        for kind, row in shown.items():
            per = counts(kind)
            total = sum(per.values())
            _check(row.assessed, total, f"assessed {kind} {s}")
            for st in STATUSES:
                _check(row.statuses[st], per[st], f"{kind} {st} {s}")
                if row.statuses[st].value is not None and row.assessed.value:
                    assert row.statuses[st].share == pytest.approx(per[st] / total)
    # blocking conditions: ranked by families stopped, with the median months still needed
    for s in report.scopes:
        expected = {}
        for key, per in d.blockers.items():
            months = per[s] if s != ALL else [m for c in cities for m in per[c]]
            if months:
                expected[key] = months
        listed = {(r.owner, r.condition): r for r in report.blockers[s]}
        assert set(listed) <= set(expected)
        assert report.blockers_hidden[s] == len(set(expected) - set(listed))
        for key, months in expected.items():
            if key not in listed:
                assert len(months) < 5 or _has_suppressed_partner(report, d, key, cities), (s, key, len(months))
                continue
            row = listed[key]
            _check(row.families, len(months), f"blocker {key} {s}")
            assert row.median_months == median_or_none(months), (s, key)
            assert row.months == ("shown" if row.median_months is not None else
                                  "none" if all(m is None for m in months) else "suppressed")
        counts = [r.families.value for r in report.blockers[s]]
        assert counts == sorted(counts, reverse=True)
    # facts left unknown
    for s in report.scopes:
        expected_f = {f: (per[s] if s != ALL else sum(per.values())) for f, per in d.missing.items()}
        expected_f = {f: n for f, n in expected_f.items() if n}
        listed_f = {r.fact: r for r in report.unknown_facts[s]}
        assert report.facts_hidden[s] == len(set(expected_f) - set(listed_f))
        for fact, row in listed_f.items():
            _check(row.families, expected_f[fact], f"fact {fact} {s}")
        for fact, n in expected_f.items():
            if fact not in listed_f:
                assert n < 5 or any(0 < d.missing[fact][c] < 5 for c in cities), (s, fact, n)


def _has_suppressed_partner(report: CentreReport, d: Direct, key, cities) -> bool:
    """A blocker row hidden though it counts 5+: a complement of a small count in another city."""
    return any(0 < len(d.blockers[key][c]) < 5 for c in cities)


def test_both_rule_packs_are_used_by_date(reports, rules_engine, packs):
    report, d = reports["everything"]
    old, new = packs
    assert {u.ref.version for u in report.packs} == {old.manifest.version, new.manifest.version}
    assert [u.ref.version for u in report.packs] == sorted(u.ref.version for u in report.packs)
    history = PackHistory(rules_engine)
    for day in (date(2024, 1, 1), date(2025, 5, 31), date(2025, 6, 1), OLD_UNTIL, date(2026, 3, 1), TODAY):
        assert history.sha_on(day) == pack_in_force(rules_engine, day.isoformat()).sha256
        assert history.sha_on(day) == pack_for(day, packs).sha256
    # only the old pack's Beijing public rental needs 36 months: the figures differ between the packs
    assert old.param_value("bj.public_rental.si_months", TODAY).value == 36
    assert new.param_value("bj.public_rental.si_months", TODAY).value == 60
    later, _ = reports["from-2026-03"]
    assert [u.ref.version for u in later.packs] == [new.manifest.version]


def _all_counts(report: CentreReport):
    yield from report.served.values()
    yield report.out_of_scope
    yield report.withdrawn
    yield report.unreadable
    for u in report.packs:
        yield u.families
    for row in report.demand:
        yield from row.cells.values()
    for rows in report.supply.values():
        for r in rows:
            yield r.assessed
            yield from r.statuses.values()
    for rows in report.blockers.values():
        for b in rows:
            yield b.families
    for rows in report.unknown_facts.values():
        for fr in rows:
            yield fr.families


@pytest.mark.parametrize("name", list(FILTERS))
def test_no_count_of_one_to_four_is_ever_published(reports, name):
    report, _ = reports[name]
    shown = [c.value for c in _all_counts(report) if c.value is not None]
    assert shown and not [v for v in shown if 0 < v < 5]


def _one_hidden(values: list[int | None]) -> bool:
    return sum(v is None for v in values) == 1


@pytest.mark.parametrize("name", list(FILTERS))
def test_suppressed_cells_cannot_be_recovered_by_subtraction(reports, name):
    """Every published relation (a row and its total, cities and all cities, asked and served) has no
    single hidden cell — checked here independently of the suppression code."""
    report, d = reports[name]
    if ALL in report.scopes:
        assert not _one_hidden([report.served[s].value for s in report.scopes])
        assert not _one_hidden([u.families.value for u in report.packs] + [report.served[ALL].value])
    for row in report.demand:
        for s in report.scopes:
            asked, served = row.cells[s].value, report.served[s].value
            if asked is not None and served is not None:
                assert not 0 < served - asked < 5, ("did not ask", row.domain, s)
        if ALL in report.scopes:
            assert not _one_hidden([row.cells[s].value for s in report.scopes])
    for s in report.scopes:
        for r in report.supply[s]:
            assert not _one_hidden([r.assessed.value, *(r.statuses[st].value for st in STATUSES)]), (s, r.kind)
    if ALL in report.scopes:
        for kind in d.status:
            rows = {s: next((r for r in report.supply[s] if r.kind == kind), None) for s in report.scopes}
            for col in ("assessed", *STATUSES):
                values = []
                for r in rows.values():
                    if r is None:
                        continue  # nobody assessed in that city: 0, shown as absent
                    values.append(r.assessed.value if col == "assessed" else r.statuses[col].value)
                assert not _one_hidden(values), (kind, col)
        for key, per in d.blockers.items():
            shown = {s: next((b.families.value for b in report.blockers[s] if (b.owner, b.condition) == key), None)
                     for s in report.scopes}
            # a city nobody there was stopped in is absent (0, known); otherwise shown or hidden
            values = [shown[s] if (s == ALL or per[s]) else 0 for s in report.scopes]
            assert not _one_hidden(values), (key, values)
        for fact, per in d.missing.items():
            shown = {s: next((r.families.value for r in report.unknown_facts[s] if r.fact == fact), None)
                     for s in report.scopes}
            values = [shown[s] if (s == ALL or per[s]) else 0 for s in report.scopes]
            assert not _one_hidden(values), (fact, values)


def test_the_top_blocker_of_each_city_is_the_most_frequent(reports):
    """Done-when: the report says which rule blocks most families in each city."""
    report, d = reports["everything"]
    for city in (s for s in report.scopes if s not in (ALL, "other")):
        top = report.blockers[city][0]
        most = max(len(per[city]) for per in d.blockers.values())
        assert top.families.value == most
        assert top.label["zh"] and top.label["en"] and top.owner_title["zh"]
    # Beijing's points scheme: the generic label of its 7-year insurance condition (no case numbers)
    bj = {(b.owner, b.condition): b for b in report.blockers["beijing"]}
    si = next(b for (owner, cond), b in bj.items() if cond == "si_7_years")
    assert "7年" in si.label["zh"] and "北京" in si.label["zh"] and "目前" not in si.label["zh"]


def test_a_rare_district_is_suppressed_everywhere(store, rules_engine, families, packs):
    report = build_report(store, rules_engine, Filters(city="beijing", district="延庆区"), worker="tester",
                          today=TODAY, processes=1)
    d = _direct(families, packs, Filters(city="beijing", district="延庆区"))
    n = sum(d.served.values())
    assert 0 < n < 5, n  # the fixture's rare district
    assert report.served["beijing"].value is None
    # everything about the district is hidden (consent withdrawals are counted over the whole store)
    assert all(c.value in (None, 0) for c in _all_counts(report) if c is not report.withdrawn)
    assert all(not rows for rows in report.blockers.values())
