"""The unlock path ranks actions by the options they open, using the same engine."""

from datetime import date

from advisor.rules.loader import load_pack
from advisor.rules.unlock import rank_actions
from tests.conftest import make_case
from tests.rules.packkit import rule, write_pack

PERMIT = {"id": "permit", "type": "fact_equals", "fact": "residence.permit.held", "value": True,
          "label": {"zh": "持有居住证", "en": "holds a permit"}}
PERMIT_YEAR = {"id": "permit_year", "type": "months_continuous", "source": "permit", "months": 12}
ACTIONS = [
    {"id": "a.permit", "text": {"zh": "办理居住证", "en": "get a permit"},
     "when": [{"type": "fact_equals", "fact": "residence.permit.held", "value": False,
               "label": {"zh": "没有居住证", "en": "no permit"}}],
     "set": {"residence.permit": {"held": True, "since": "$as_of", "endorsed_on_time": True}}},
    {"id": "a.noop", "text": {"zh": "无关的事", "en": "unrelated"}, "set": {"family.pregnant": False}},
]


def test_permit_action_opens_two_options(tmp_path):
    root = write_pack(tmp_path, {"rules": [
        rule([PERMIT], rid="r.school", kind="school.compulsory_enrollment"),
        rule([PERMIT_YEAR], rid="r.housing", kind="housing.public_rental"),
        rule([], rid="r.free", kind="health.public_health_services"),
    ], "actions": ACTIONS})
    pack = load_pack(root)
    case = make_case(residence__permit={"held": False})
    ranked = rank_actions(case, pack, date(2026, 11, 27))
    assert [a["id"] for a in ranked] == ["a.permit"]
    opens = {g["rule_id"]: g for g in ranked[0]["opens"]}
    assert opens["r.school"]["before"] == "not_eligible" and opens["r.school"]["after"] == "eligible"
    assert opens["r.housing"]["after"] == "eligible_later" and opens["r.housing"]["eligible_from"] == "2027-11-27"


def test_actions_that_do_not_apply_are_skipped(tmp_path):
    root = write_pack(tmp_path, {"rules": [rule([PERMIT])], "actions": ACTIONS})
    case = make_case(residence__permit={"held": True, "since": "2020-01", "endorsed_on_time": True})
    assert rank_actions(case, load_pack(root), date(2026, 11, 27)) == []
