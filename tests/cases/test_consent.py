"""C35 consent gating: general, separate sensitive consents, guardian under 14, withdrawal, notice version."""

from __future__ import annotations

from datetime import date

import pytest

from advisor.cases import Consent, ConsentRequired, ConsentWithdrawn, InvalidInput, StoreSettings
from advisor.cases.consent import SENSITIVE_FIELDS, may_be_under, minors_under_14
from advisor.domain.dates import PartialDate
from advisor.rules.yaml_loader import load_yaml
from tests.cases.conftest import NOTICE, all_consents, family_case, open_store, valid_id
from tests.conftest import RULES

GENERAL = Consent("general", NOTICE)


def _guardian(**kw) -> Consent:
    return Consent("guardian", NOTICE, subject="children", **({"guardian_name": "王芳", "guardian_relation": "母亲"}
                                                               | kw))


def test_nothing_is_saved_without_general_consent(store):
    with pytest.raises(ConsentRequired) as exc:
        store.save_case(family_case(child_name=None), "w1")
    assert exc.value.scopes == ["general"]
    assert store.count() == 0
    assert store.save_case(family_case(child_name=None), "w1", consents=[GENERAL])


@pytest.mark.parametrize("kw, scope", [
    ({"id_number": valid_id("11010519880412773")}, "id_number"),
    ({"pregnant": False}, "health"),  # "not pregnant" is health information too
])
def test_sensitive_data_needs_its_own_consent(store, kw, scope):
    case = family_case(child_name=None, **kw)
    with pytest.raises(ConsentRequired) as exc:
        store.save_case(case, "w1", consents=[GENERAL])
    assert exc.value.scopes == [scope]
    assert store.count() == 0
    store.save_case(case, "w1", consents=[GENERAL, Consent(scope, NOTICE)])


def test_child_under_14_needs_guardian_name_relation_and_consent(store):
    case = family_case(child_birth="2013-01")  # 13 on 2026-11-27
    with pytest.raises(ConsentRequired) as exc:
        store.save_case(case, "w1", consents=[GENERAL])
    assert exc.value.scopes == ["guardian"]
    for bad in ({"guardian_name": ""}, {"guardian_relation": None}, {"guardian_name": "名" * 101}):
        with pytest.raises(InvalidInput):
            store.save_case(case, "w1", consents=[GENERAL, _guardian(**bad)])
    assert store.count() == 0
    cid = store.save_case(case, "w1", consents=[GENERAL, _guardian()])
    [g] = [c for c in store.consents(cid, reveal=True) if c.scope == "guardian"]
    assert g.guardian == {"name": "王芳", "relation": "母亲"} and g.worker == "w1" and g.notice_version == NOTICE


def test_age_14_counts_conservatively():
    today = date(2026, 11, 27)
    assert not may_be_under(PartialDate.parse("2012-10"), 14, today)
    assert may_be_under(PartialDate.parse("2012-11"), 14, today)  # might be born on the 30th
    assert not may_be_under(PartialDate.parse("2012-11-27"), 14, today)
    assert may_be_under(None, 14, today)
    assert minors_under_14(family_case(child_birth="2010-01"), today) == []
    assert minors_under_14(family_case(child_birth="2020-01"), today) == ["child:0"]


def test_consent_record_has_notice_version_language_time_and_staff(store, clock):
    cid = store.save_case(family_case(child_name=None), "w1", consents=[Consent("general", NOTICE, lang="en")])
    [c] = store.consents(cid)
    assert (c.scope, c.lang, c.notice_version, c.worker) == ("general", "en", NOTICE, "w1")
    assert c.obtained_at.startswith("2026-11-27T09:00")


def test_withdrawal_blocks_edits_and_letters_but_not_export_or_delete(store):
    cid = store.save_case(family_case(), "w1", consents=all_consents())
    assert store.withdraw_consent(cid, "general", "w1") == 1
    assert store.consent_status(cid)["general"] == "withdrawn"
    with pytest.raises(ConsentWithdrawn):
        store.save_case(family_case(), "w1", cid)
    with pytest.raises(ConsentWithdrawn):
        store.record_letter(cid, "w1", template="g", lang="zh", rule_pack_version="1", rule_pack_sha256="a" * 64,
                            as_of="2026-11-27", pdf_sha256="b" * 64)
    assert store.export_person(cid, "w1")["case_id"] == cid
    # consent given again re-opens the case
    store.save_case(family_case(), "w1", cid, consents=[GENERAL])
    store.withdraw_consent(cid, "health", "w1")
    with pytest.raises(ConsentWithdrawn):
        store.save_case(family_case(), "w1", cid)
    assert store.delete_case(cid, "w1").rows["case_record"] == 1


def test_new_notice_version_forces_reconsent_on_next_edit(store, db_path, clock):
    cid = store.save_case(family_case(child_name=None), "w1", consents=[GENERAL])
    store.close()
    newer = open_store(db_path, clock, notice_version="2027-1")
    try:
        assert newer.consent_status(cid) == {"general": "outdated"}
        with pytest.raises(ConsentRequired):
            newer.save_case(family_case(child_name=None), "w1", cid)
        newer.save_case(family_case(child_name=None), "w1", cid, consents=[Consent("general", "2027-1")])
        assert newer.consent_status(cid) == {"general": "active"}
    finally:
        newer.close()
    assert StoreSettings(notice_version="2027-1").notice_version == "2027-1"


def test_every_sensitive_fact_of_the_catalogue_needs_a_separate_consent():
    items = load_yaml((RULES / "facts.yaml").read_bytes()).data["facts"]
    sensitive = {f["id"] for f in items if f.get("sensitive")}
    assert sensitive, "the catalogue marks sensitive facts"
    assert sensitive <= set(SENSITIVE_FIELDS), sensitive - set(SENSITIVE_FIELDS)
