"""The readable diff: parameters old → new with their dates, rules/schemes field changes, sources
(tier changes flagged), in Chinese and English, as text and as data."""

from __future__ import annotations

import json

import pytest

from advisor.rules.diff import diff_packs, param_effects
from advisor.rules.loader import load_pack
from tests.rulepacks.conftest import RULES
from tests.rulepacks.synth import THRESHOLD_EDIT, edit_pack


def test_threshold_param_diff(old_pack, new_pack):
    d = diff_packs(old_pack, new_pack)
    assert not d.is_empty and not d.older
    assert [p.id for p in d.params] == ["bj.points.min_si_months"] and not d.items
    p = d.params[0]
    assert [(e.start, e.end, e.old, e.new) for e in p.effects] == [("2029-01-01", None, 84, 96)]
    assert {e.change for e in p.entries} == {"added", "changed"}
    zh, en = d.text("zh"), d.text("en")
    assert "cn-migrant 2026.11（2026-11-27） → cn-migrant 2026.12（2026-12-15）" in zh
    assert "2029-01-01 起：84个月 → 96个月" in zh
    assert "from 2029-01-01: 84 months → 96 months" in en
    assert "Points settlement: months of continuous Beijing social insurance required" in en
    data = json.loads(json.dumps(d.to_dict()))
    assert data["counts"] == {"params": {"added": 0, "removed": 0, "changed": 1}}
    assert data["params"][0]["effects"][0]["new"] == 96


def test_same_pack_is_empty(old_pack):
    d = diff_packs(old_pack, old_pack)
    assert d.is_empty and "没有变化" in d.text("zh") and "nothing changes" in d.text("en")


@pytest.fixture(scope="module")
def many_changes(tmp_path_factory):
    root = edit_pack(RULES, tmp_path_factory.mktemp("d") / "p", [
        THRESHOLD_EDIT,
        # a cut-off corrected, and a new one
        ("beijing/points.yaml", "{year: 2026, value: 119.92,", "{year: 2026, value: 121.5,"),
        # a value over a closed period changed
        ("national/social_security.yaml",
         '{from: "2030-01-01", to: "2030-12-31", value: 186,', '{from: "2030-01-01", to: "2030-12-31", value: 190,'),
        # a source now only secondary
    ], version="2027.1", date_="2027-01-10")
    src = root / "shanghai" / "sources.yaml"
    text = src.read_text("utf-8")
    i = text.index("sh_points_2015:")
    j = text.index("tier: primary", i)
    src.write_text(text[:j] + "tier: secondary" + text[j + len("tier: primary"):], encoding="utf-8")
    # a rule removed: drop the first rule of Shenzhen's housing file
    return load_pack(root)


def test_many_changes(old_pack, many_changes):
    d = diff_packs(old_pack, many_changes)
    en, zh = d.text("en"), d.text("zh")
    assert "cutoffs: ~ 2026: 119.92 → 121.5" in en
    assert "2030-01-01 to 2030-12-31: 186 months → 190 months" in en
    assert "2030-01-01 至 2030-12-31：186个月 → 190个月" in zh
    src = next(s for s in d.sources if s.id == "sh_points_2015")
    assert (src.old_tier, src.new_tier, src.tier_change) == ("primary", "secondary", "weaker")
    assert "official text → third-party  ⚠ weaker: confirm with the office" in en
    assert "官方原文 → 第三方  ⚠ 依据变弱，须向经办部门核实" in zh
    scheme = next(i for i in d.items if i.id == "bj.points.2020")
    assert scheme.section == "schemes" and [f.field for f in scheme.fields] == ["cutoffs"]


def test_rules_added_removed_changed(tmp_path, old_pack):
    import yaml

    root = edit_pack(RULES, tmp_path / "p", [])
    f = root / "shenzhen" / "housing.yaml"
    data = yaml.safe_load(f.read_text("utf-8"))
    removed = data["rules"].pop(0)
    changed = data["rules"][0]
    changed["verified_on"] = "2026-12-01"
    changed["title"] = {"zh": changed["title"]["zh"] + "（修订）", "en": changed["title"]["en"] + " (revised)"}
    added = dict(removed, id="sz.test.new_rule")
    data["rules"].append(added)

    class D(yaml.SafeDumper):
        def ignore_aliases(self, _data):
            return True

    f.write_text(yaml.dump(data, Dumper=D, allow_unicode=True, sort_keys=False), encoding="utf-8")
    d = diff_packs(old_pack, load_pack(root))
    got = {(i.id, i.change) for i in d.items if i.section == "rules"}
    assert {(removed["id"], "removed"), (changed["id"], "changed"), ("sz.test.new_rule", "added")} <= got
    ch = next(i for i in d.items if i.id == changed["id"])
    fields = {f.field: f for f in ch.fields}
    assert fields["verified_on"].new == "2026-12-01"
    assert "title" in fields
    text = d.text("en")
    assert f"- {removed['id']}" in text and "(removed)" in text and "+ sz.test.new_rule" in text


def test_param_effects_on_gap_and_downgrade(old_pack, new_pack):
    # reversed: new → old is a downgrade and the effect reads 96 → 84
    d = diff_packs(new_pack, old_pack)
    assert d.older and "降级" in d.text("zh") and "downgrade" in d.text("en")
    assert [(e.start, e.old, e.new) for e in param_effects(new_pack, old_pack, "bj.points.min_si_months")] == \
        [("2029-01-01", 96, 84)]
