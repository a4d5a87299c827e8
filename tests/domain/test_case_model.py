import json

import pytest

from advisor.domain.validation import CaseError, load_case_file, parse_case
from tests.conftest import example_case_paths, make_case


@pytest.mark.parametrize("path", example_case_paths(), ids=lambda p: p.stem)
def test_examples_validate(path):
    case = load_case_file(path)
    assert case.format == "advisor-case/1"


def test_unknown_is_not_false():
    case = make_case()
    assert case.applicant.criminal_record is None
    assert case.residence.permit is None


def _errors(data):
    with pytest.raises(CaseError) as exc:
        parse_case(data)
    return {e.path: e for e in exc.value.errors}


def test_every_error_names_path_and_reason_in_both_languages():
    errs = _errors({
        "format": "advisor-case/1", "city": "beijing",
        "applicant": {"birth_date": "2020-13", "id_number": "110105194912310021", "nickname": "x"},
        "work": {"social_insurance": [{"start": "2020-01", "back_paid_months": -1}]},
        "family": {"children": [{"school_stage": "college"}]},
    })
    assert set(errs) == {"applicant.birth_date", "applicant.id_number", "applicant.nickname",
                         "work.social_insurance[0].back_paid_months", "family.children[0].school_stage"}
    assert "月份不存在" in errs["applicant.birth_date"].zh
    assert "check digit" in errs["applicant.id_number"].en
    assert errs["applicant.nickname"].en.startswith("unknown field")


def test_unknown_keys_allowed_only_under_extra():
    case = parse_case({"format": "advisor-case/1", "city": "shanghai", "extra": {"anything": 1}})
    assert case.extra == {"anything": 1}
    assert "foo" in _errors({"format": "advisor-case/1", "city": "shanghai", "foo": 1})


def test_id_number_must_match_birth_date():
    errs = _errors({"format": "advisor-case/1", "city": "beijing",
                    "applicant": {"id_number": "11010519491231002X", "birth_date": "1950-01"}})
    assert "applicant" in errs


def test_period_order_and_back_paid_limits():
    errs = _errors({"format": "advisor-case/1", "city": "beijing", "work": {"social_insurance": [
        {"start": "2020-05", "end": "2020-01"}, {"start": "2020-01", "end": "2020-03", "back_paid_months": 4}]}})
    assert "work.social_insurance[0]" in errs and "work.social_insurance[1]" in errs


def test_bad_json_file_gives_line(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text('{"format": "advisor-case/1",\n "city": }', encoding="utf-8")
    with pytest.raises(CaseError) as exc:
        load_case_file(p)
    assert "line 2" in exc.value.message("en")


def test_round_trip_keeps_month_precision():
    data = json.loads(example_case_paths()[0].read_text("utf-8"))
    case = parse_case(data)
    again = parse_case(case.model_dump(mode="json"))
    assert again == case
    assert case.model_dump(mode="json")["applicant"]["birth_date"] == data["applicant"]["birth_date"]
