"""Recall lists: exactly the families whose results changed (checked against full evaluations with the
engine), stored encrypted, filtered by who may see them; the fast paths agree with the engine."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from advisor.cases import CaseStore
from advisor.cases.crypto import FieldCipher
from advisor.cases.recall import (
    change_text,
    compare,
    compute_recall,
    last_change,
    list_runs,
    load_run,
    mask_name,
    recall_after_change,
    run_lines,
    save_run,
)
from advisor.db import make_engine
from advisor.domain.validation import parse_case
from advisor.rules.engine import evaluate
from advisor.rules.impact import affected, restrict, same_totals
from advisor.rules.loader import load_pack
from advisor.rules.outcomes import outcomes, summarize
from advisor.rules.store import activate, import_pack
from tests.rulepacks.conftest import RULES
from tests.rulepacks.synth import THRESHOLD_EDIT, bulk_load, edit_pack, generate

N_CASES = 160

# Pack changes of different shapes, each checked against full evaluations.
EDITS = {
    "threshold": [THRESHOLD_EDIT],
    "cutoff": [("beijing/points.yaml", "{year: 2026, value: 119.92,", "{year: 2026, value: 90.5,")],
    "national_param": [("national/social_security.yaml",
                        '      - {from: "2025-01-01", value: 240, source: {ref: nat_pension_min_2030}}',
                        '      - {from: "2025-01-01", value: 300, source: {ref: nat_pension_min_2030}}')],
    "school_param": [("beijing/school.yaml",
                      '      - {from: "2016-01-01", value: 36, source: {ref: bj_zhongkao_2016}}',
                      '      - {from: "2016-01-01", value: 60, source: {ref: bj_zhongkao_2016}}')],
    # the old Shanghai public-rental rule ends earlier: a gap before its successor (no hand-over any more)
    "rule_ends": [("shanghai/housing.yaml", 'effective_to: "2026-06-22"', 'effective_to: "2025-12-31"')],
    "wording_only": [("beijing/points.yaml", "积分落户：北京社保连续缴纳月数下限",
                      "积分落户：北京社保连续缴费月数下限")],
}


@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    base = tmp_path_factory.mktemp("recall-packs")
    out = {}
    for name, edits in EDITS.items():
        out[name] = load_pack(edit_pack(RULES, base / name, edits))
    return out


@pytest.fixture(scope="module")
def cases():
    return generate(N_CASES, seed=11)


@pytest.fixture
def store(tmp_path, cases):
    s = CaseStore.open(tmp_path / "cases.db", cipher=FieldCipher(os.urandom(32)))
    bulk_load(s, cases)
    yield s
    s.close()


def _as_of(data):
    case = parse_case(data)
    return case, case.as_of.start() if case.as_of else None


def direct(store, cases_by_id, old, new):
    """{case id: changes} from the engine's full evaluations (the reference), on each case's own date:
    its as_of, else the local day its version was saved."""
    from advisor.cases.models import CaseVersion
    from advisor.cases.recall import _saved_day

    with store._read() as s:
        saved = dict(s.exec(CaseVersion.__table__.select().with_only_columns(CaseVersion.case_id,
                                                                            CaseVersion.saved_at)).all())
    out = {}
    for cid, data in cases_by_id.items():
        case, as_of = _as_of(data)
        as_of = as_of or _saved_day(saved[cid])
        changes = compare(summarize(evaluate(case, old, as_of)), summarize(evaluate(case, new, as_of)))
        if changes:
            out[cid] = changes
    return out


def test_outcomes_match_the_engine(old_pack, packs, cases):
    for pack in (old_pack, packs["threshold"], packs["rule_ends"]):
        for data in cases[:60]:
            case, as_of = _as_of(data)
            as_of = as_of or date(2026, 3, 1)
            assert outcomes(case, pack, as_of) == summarize(evaluate(case, pack, as_of)), data["city"]


@pytest.mark.parametrize("change", sorted(EDITS))
def test_recall_lists_exactly_the_changed_families(change, store, cases, old_pack, packs):
    new = packs[change]
    ids = list(range(1, len(cases) + 1))
    expected = direct(store, dict(zip(ids, cases)), old_pack, new)
    run = compute_recall(store, "tester", old_pack, new)
    got = {e.case_id: e.changes for e in run.entries}
    assert run.checked == len(cases) and run.unreadable == 0
    assert set(got) == set(expected), change
    for cid, changes in expected.items():
        assert [(c.item, c.subject, c.change, c.before, c.after) for c in got[cid]] == \
            [(c.item, c.subject, c.change, c.before, c.after) for c in changes]
    full = compute_recall(store, "tester", old_pack, new, full=True)
    assert {e.case_id for e in full.entries} == set(got)
    if change == "wording_only":
        assert not got and affected(old_pack, new).empty
    else:
        assert got, f"the generated store should contain families affected by {change}"


def test_threshold_change_entries(store, old_pack, packs):
    run = compute_recall(store, "tester", old_pack, packs["threshold"])
    assert run.changed == len(run.entries) > 0
    assert {e.city for e in run.entries} == {"beijing"}
    kinds = {(c.type, c.item) for e in run.entries for c in e.changes}
    assert kinds <= {("points", "bj.points.2020"), ("points", "bj.points.2016")}
    moved = [c for e in run.entries for c in e.changes if "eligible_from" in c.changed_fields()]
    assert moved and all(c.after["eligible_from"] > c.before["eligible_from"] for c in moved
                         if c.before["eligible_from"] and c.after["eligible_from"])
    line = change_text(moved[0], "zh")
    assert "可办理日期" in line and "→" in line
    assert "from" in change_text(moved[0], "en")
    text = "\n".join(run_lines(run, "zh"))
    assert f"{run.changed} 户的结果有变化" in text
    for e in run.entries:
        assert e.name_masked.endswith("＊") and e.name is None  # names masked unless revealed
        assert e.name_masked not in text or "＊" in e.name_masked


def test_impact_is_narrow(old_pack, packs):
    imp = affected(old_pack, packs["threshold"])
    assert imp.schemes == {"bj.points.2016", "bj.points.2020"} and not imp.rules and imp.cities == {"beijing"}
    assert same_totals(old_pack, packs["threshold"]) >= {"bj.points.2020"}
    assert "bj.points.2020" in same_totals(old_pack, packs["cutoff"])  # a cut-off does not change totals
    assert "national.pension" not in " ".join(same_totals(old_pack, packs["national_param"]))
    small = restrict(old_pack, imp)
    assert len(small.rules) == 0 and len(small.schemes) == 2 and small.params is old_pack.params
    imp = affected(old_pack, packs["national_param"])
    assert imp.rules and "national" in imp.cities and imp.touches("shenzhen")


def test_store_round_trip_and_filters(tmp_path, store, old_pack, packs):
    engine = make_engine(tmp_path / "rules.db")
    run = compute_recall(store, "tester", old_pack, packs["threshold"])
    run_id = save_run(engine, store, run)
    raw = (tmp_path / "rules.db").read_bytes() + (tmp_path / "rules.db-wal").read_bytes() \
        if (tmp_path / "rules.db-wal").exists() else (tmp_path / "rules.db").read_bytes()
    assert b"eligible_from" not in raw and b"bj.points.2020" not in raw  # entries are ciphertext
    back = load_run(engine, store, run_id)
    assert back is not None and [e.case_id for e in back.entries] == sorted(e.case_id for e in run.entries)
    assert [c.after for c in back.entries[0].changes] == \
        [c.after for c in next(e for e in run.entries if e.case_id == back.entries[0].case_id).changes]
    assert list_runs(engine, store)[0].id == run_id
    # a reader who may see only some cases
    allowed = {back.entries[0].case_id}
    only = load_run(engine, store, run_id, visible=lambda cid: cid in allowed)
    assert [e.case_id for e in only.entries] == [back.entries[0].case_id]
    # a deleted case drops out
    store.delete_case(back.entries[0].case_id, "tester")
    again = load_run(engine, store, run_id)
    assert back.entries[0].case_id not in {e.case_id for e in again.entries}
    # another centre's key sees nothing
    other = CaseStore.open(tmp_path / "other.db", cipher=FieldCipher(os.urandom(32)))
    try:
        assert load_run(engine, other) is None and list_runs(engine, other) == []
    finally:
        other.close()
    # names revealed only on request
    revealed = load_run(engine, store, run_id, reveal=True)
    assert all(e.name and e.name_masked == mask_name(e.name) for e in revealed.entries)


def test_withdrawn_consent_is_left_out(store, old_pack, packs):
    run = compute_recall(store, "tester", old_pack, packs["threshold"])
    victim = run.entries[0].case_id
    store.withdraw_consent(victim, "general", "tester")
    again = compute_recall(store, "tester", old_pack, packs["threshold"])
    assert victim not in {e.case_id for e in again.entries} and again.withdrawn == 1


def test_after_activation_history(tmp_path, store, updated_dir):
    engine = make_engine(tmp_path / "rules.db")
    import_pack(engine, RULES, origin="bundled")
    assert last_change(engine) is None and recall_after_change(store, engine, "tester") is None
    import_pack(engine, updated_dir)
    run = recall_after_change(store, engine, "tester")
    assert run is not None and run.changed > 0 and run.stored_id is not None
    assert recall_after_change(store, engine, "tester").stored_id == run.stored_id  # stored, not recomputed
    rolled = activate(engine, load_pack(RULES).sha256)
    assert rolled.origin == "bundled"
    back = recall_after_change(store, engine, "tester")
    assert back.stored_id != run.stored_id and back.changed == run.changed  # the same families, back again
    for a, b in zip(sorted(run.entries, key=lambda e: e.case_id), sorted(back.entries, key=lambda e: e.case_id)):
        assert [(c.before, c.after) for c in a.changes] == [(c.after, c.before) for c in b.changes]


def test_mask_name():
    assert mask_name("王建国") == "王＊＊" and mask_name(None) == "—" and mask_name(" 李 ") == "李"


def test_synth_files_valid():
    for data in generate(50, seed=3):
        parse_case(data)
    assert Path(RULES).is_dir()
