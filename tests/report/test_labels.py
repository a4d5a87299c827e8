"""Generic condition labels (advisor.rules.labels): the pack's label, or the engine's words without
any family's numbers."""

from __future__ import annotations

from datetime import date

from advisor.rules.labels import condition_label, fact_label, find_condition, owner_conditions
from tests.rules.packkit import rule, write_pack


def test_a_labelled_condition_gives_its_label(pack):
    cond = find_condition(pack, "bj.housing.public_rental", "insurance_5_years")
    assert cond is not None and cond.label is not None
    label = condition_label(pack, "bj.housing.public_rental", "insurance_5_years")
    assert label == {"zh": cond.label.zh, "en": cond.label.en}


def test_an_unlabelled_duration_gets_the_engines_words(pack):
    label = condition_label(pack, "bj.points.2020", "si_7_years", on=date(2026, 11, 27))
    assert label["zh"].startswith("在北京连续缴纳社保满7年")
    assert "7 years of continuous social insurance in Beijing" in label["en"]
    assert "目前" not in label["zh"] and "Now:" not in label["en"]  # no family's numbers


def test_scheme_preconditions_and_unknown_ids(pack):
    owner, conditions = owner_conditions(pack, "bj.points.2020")
    assert owner.kind == "points.hukou" and any(c.id == "si_7_years" for c in conditions)
    assert owner_conditions(pack, "no.such.rule") is None
    assert condition_label(pack, "no.such.rule", "x") == {"zh": "x", "en": "x"}
    assert condition_label(pack, "bj.points.2020", "nope") == {"zh": "nope", "en": "nope"}


def test_a_national_local_duration_names_the_city_or_says_the_city(tmp_path):
    from advisor.rules.loader import load_pack

    cond = {"id": "si_local", "type": "months_total", "source": "social_insurance", "where": {"city": "local"},
            "months": 12}
    root = write_pack(tmp_path, {"rules": [rule([cond], rid="n.rule", city="national")]})
    pk = load_pack(root)
    assert "上海" in condition_label(pk, "n.rule", "si_local", city="shanghai")["zh"]
    generic = condition_label(pk, "n.rule", "si_local")
    assert "本市" in generic["zh"] and "the city" in generic["en"]
    assert "北京" not in generic["zh"]


def test_an_unlabelled_fact_condition_uses_the_question(tmp_path):
    """Packs must label such conditions (the loader says so); if one slips through, the question."""
    from advisor.rules.loader import load_pack

    cond = {"id": "permit", "type": "fact_equals", "fact": "residence.permit.held", "value": True,
            "label": {"zh": "持有居住证", "en": "holds a permit"}}
    pk = load_pack(write_pack(tmp_path, {"rules": [rule([cond], rid="t.rule")]}))
    bare = pk.rules[0].conditions[0].model_copy(update={"label": None})
    pk.rules[0] = pk.rules[0].model_copy(update={"conditions": [bare]})
    assert condition_label(pk, "t.rule", "permit") == fact_label(pk, "residence.permit.held")
    assert fact_label(pk, "no.such.fact") == {"zh": "no.such.fact", "en": "no.such.fact"}
