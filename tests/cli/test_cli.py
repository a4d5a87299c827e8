"""The ``advisor`` command: exit codes, one-paragraph errors, JSON and text output."""

import json
import subprocess
import sys

from advisor.cli import main
from advisor.domain.result import validate_result
from tests.conftest import example_case_paths
from tests.rules.packkit import rule, write_pack

BEIJING = next(p for p in example_case_paths() if p.stem == "beijing-courier-family")


def test_evaluate_json_validates(capsys):
    assert main(["evaluate", str(BEIJING), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    validate_result(result)
    points = next(p for p in result["points"] if p["kind"] == "points.hukou")
    assert {"breakdown", "total", "threshold", "gap", "projection"} <= set(points)
    assert all(o["sources"] for o in result["options"])


def test_evaluate_text_is_chinese_by_default_and_english_on_request(capsys):
    assert main(["evaluate", str(BEIJING)]) == 0
    zh = capsys.readouterr().out
    assert "【积分与落户】" in zh and "评估日期 2026年11月27日" in zh
    assert main(["evaluate", str(BEIJING), "--lang", "en"]) == 0
    en = capsys.readouterr().out
    assert "Points and hukou" in en and "积分与落户" not in en


def test_bad_case_exits_2_with_one_paragraph(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "advisor-case/1", "city": "beijing",
                               "applicant": {"birth_date": "1990-02-30", "shoe": 1}}), encoding="utf-8")
    assert main(["evaluate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "applicant.birth_date" in err and "applicant.shoe" in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_missing_file_and_bad_date_exit_2(capsys):
    assert main(["evaluate", "/nonexistent/case.json"]) == 2
    assert main(["evaluate", str(BEIJING), "--as-of", "2026-02-30"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_as_of_changes_the_answer(capsys):
    assert main(["evaluate", str(BEIJING), "--format", "json", "--as-of", "2019-06-01"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["as_of"] == "2019-06-01"
    assert [p["scheme"] for p in result["points"]] == ["bj.points.2016"]


def test_rules_validate_ok_and_broken(tmp_path, capsys):
    assert main(["rules", "validate"]) == 0
    assert "OK" in capsys.readouterr().out
    broken = write_pack(tmp_path, {"rules": [rule([{"type": "nope"}])]})
    assert main(["rules", "validate", str(broken)]) == 2
    assert "content.yaml:" in capsys.readouterr().err


def test_rules_list_show_audit(capsys):
    assert main(["rules", "list", "--coverage"]) == 0
    out = capsys.readouterr().out
    assert "points.hukou" in out and "beijing" in out
    assert main(["rules", "show", "bj.points.2020"]) == 0
    out = capsys.readouterr().out
    assert "bj.points.min_si_months = 84" in out and "secondary" in out
    assert main(["rules", "show", "no.such.rule"]) == 2
    assert main(["rules", "audit"]) == 0


def test_rules_test_fails_when_no_scenarios(tmp_path, capsys):
    empty = write_pack(tmp_path, {"rules": [rule([])]})
    assert main(["rules", "test", str(empty)]) == 1


def test_real_entry_point_exit_code(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "advisor", "evaluate", str(tmp_path / "nope.json")],
                          capture_output=True, text=True, env={"ADVISOR_HOME": str(tmp_path), "PATH": ""})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
