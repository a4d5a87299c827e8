"""The adapter: answers checked with every problem pinned to a field; atomic case files; features
that need other packages say so in plain words."""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path

import pytest

from advisor.gui.services import NotAvailable, ServiceError
from tests.conftest import ROOT, example_case_paths


def test_check_pins_problems_to_fields(services):
    data = {"city": "beijing", "applicant": {"birth_date": "1987-03", "id_number": "11010519491231002X",
                                             "detentions_last_5y": -1},
            "residence": {"homes": [{"type": "rented", "start": "2015-03", "end": "2014-01"}]},
            "work": {"social_insurance": [{"start": "2017-01", "end": "2017-03", "back_paid_months": 7}],
                     "income_tax_paid": [{"year": 2024}]}}
    checked = services.check(data)
    paths = [e.path for e in checked.errors]
    assert paths == ["applicant.detentions_last_5y", "applicant.id_number", "residence.homes[0].end",
                     "work.social_insurance[0].back_paid_months", "work.income_tax_paid[0].amount"]
    case = checked.case
    assert case is not None
    assert case.applicant.birth_date is not None and case.applicant.id_number is None
    assert case.residence.homes[0].start is not None and case.residence.homes[0].end is None
    assert case.work.income_tax_paid == []
    assert data["applicant"]["detentions_last_5y"] == -1  # the answers themselves are untouched


def test_check_without_city(services):
    checked = services.check({"applicant": {"birth_date": "2017-13"}})
    assert checked.case is None
    assert [e.path for e in checked.errors] == ["city", "applicant.birth_date"]


def test_dates_and_months(services):
    assert services.check_date("2020-2-3".replace("-2-", "-02-").replace("-3", "-03")) == "2020-02-03"
    with pytest.raises(ServiceError, match="day"):
        services.check_date("2023-02-29")
    assert services.shift_month("2017-01", -13) == "2015-12"


@pytest.mark.parametrize("path", example_case_paths(), ids=lambda p: p.stem)
def test_case_file_round_trip(services, tmp_path, path):
    case = services.open_case_file(path)
    target = tmp_path / "case.json"
    services.save_case_file(case, target)
    assert services.open_case_file(target) == case
    assert sorted(os.listdir(tmp_path)) == ["case.json"]


def test_save_failure_keeps_old_file(services, tmp_path, monkeypatch):
    case = services.open_case_file(example_case_paths()[0])
    target = tmp_path / "case.json"
    target.write_text("old", "utf-8")

    def refuse(*_a):
        raise PermissionError(13, "denied")

    monkeypatch.setattr(os, "replace", refuse)
    monkeypatch.setattr("time.sleep", lambda _s: None)
    with pytest.raises(ServiceError) as exc:
        services.save_case_file(case, target)
    assert "其他程序" in exc.value.zh
    assert target.read_text("utf-8") == "old"
    assert sorted(os.listdir(tmp_path)) == ["case.json"]


def test_bad_case_file(services, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "advisor-case/1", "city": "mars"}), "utf-8")
    with pytest.raises(ServiceError) as exc:
        services.open_case_file(bad)
    assert "city" in exc.value.message("en")


def test_what_if_leaves_the_case_alone(services):
    case = services.open_case_file(next(p for p in example_case_paths() if "beijing" in p.stem))
    before = case.model_dump()
    b, a = services.what_if(case, {"applicant.education.level": "bachelor", "applicant.education.degree": True})
    assert case.model_dump() == before
    assert a["points"][0]["total"] > b["points"][0]["total"]
    with pytest.raises(ServiceError):
        services.what_if(case, {"applicant.sex": "neither"})


def test_store_not_open_is_explained(services):
    assert not services.store_available()
    with pytest.raises(NotAvailable) as exc:
        services.list_cases("王")
    assert "个案库" in exc.value.zh


def test_only_the_adapter_imports_the_core():
    """Every call the window makes into core code goes through advisor/gui/services.py."""
    allowed = {"advisor", "advisor.paths"}
    for path in (ROOT / "advisor" / "gui").rglob("*.py"):
        if path.name in ("services.py", "account_services.py"):  # the adapter (accounts: a mixin of Services)
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.startswith("advisor") and not name.startswith("advisor.gui"):
                    assert name in allowed, f"{Path(path).name} imports {name}"
