"""``advisor cases …``: passwords never on the command line, one-paragraph errors without personal data.

Since accounts: every command logs in (``ADVISOR_USER`` / ``ADVISOR_PASSWORD`` here), and a store is
made by ``advisor setup`` instead of by the first passphrase given (the tests set one up first).
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from advisor.cli import main
from tests.conftest import example_case_paths

BEIJING = next(p for p in example_case_paths() if p.stem == "beijing-courier-family")
ID_NUMBER = "11010519880412773"


ADMIN_PASSWORD = "cli admin password"


def _setup(monkeypatch, db=None, password=ADMIN_PASSWORD) -> None:
    """``advisor setup``: the centre and its administrator ``w7``, who then acts in these tests."""
    monkeypatch.setenv("ADVISOR_USER", "w7")
    monkeypatch.setenv("ADVISOR_PASSWORD", password)
    assert main(["setup", "--centre", "测试中心", *(["--db", str(db)] if db else [])]) == 0


@pytest.fixture
def env(tmp_path, monkeypatch, capsys):
    _setup(monkeypatch)
    capsys.readouterr()
    data = json.loads(BEIJING.read_text("utf-8"))
    from advisor.domain.idnumber import check_char

    number = ID_NUMBER + check_char(ID_NUMBER)
    data["applicant"]["id_number"] = number
    data["applicant"]["birth_date"] = "1988-04"
    data["notes"] = "MARKER_CLI_NOTE"
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    consent = tmp_path / "consent.json"
    consent.write_text(json.dumps({"scopes": ["general", "id_number", "health", "criminal", "guardian"],
                                   "guardian": {"name": "王芳", "relation": "母亲"}}, ensure_ascii=False), "utf-8")
    return {"case": case, "consent": consent, "number": number, "home": Path(tmp_path / "home"), "data": data}


def _import(env) -> int:
    return main(["cases", "import", str(env["case"]), "--consent-file", str(env["consent"])])


def test_import_needs_consent_and_errors_hold_no_personal_data(env, capsys):
    assert main(["cases", "import", str(env["case"]), "--consent", "general"]) == 2
    err = capsys.readouterr().err
    assert "同意" in err and err.count("\n") == 1
    assert env["number"] not in err and "MARKER_CLI_NOTE" not in err and env["data"]["applicant"]["name"] not in err
    bad = dict(env["data"], applicant=dict(env["data"]["applicant"], id_number=env["number"][:-1] + "0"))
    env["case"].write_text(json.dumps(bad, ensure_ascii=False), "utf-8")
    assert _import(env) == 2
    err = capsys.readouterr().err
    assert "applicant.id_number" in err and env["number"][:-1] not in err


def test_list_show_export_delete(env, capsys, tmp_path):
    assert _import(env) == 0
    assert main(["cases", "list", "--id", env["number"][-4:]]) == 0
    out = capsys.readouterr().out
    assert env["number"][:6] + "********" + env["number"][-4:] in out and env["number"] not in out
    assert main(["cases", "list", "--name", env["data"]["applicant"]["name"], "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["case_id"] == 1
    assert main(["cases", "show", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["notes"] == "MARKER_CLI_NOTE"
    out_json = tmp_path / "export.json"
    assert main(["cases", "export", "1", "--out", str(out_json)]) == 0
    export = json.loads(out_json.read_text("utf-8"))
    assert export["format"] == "advisor-person-export/1"
    assert stat.S_IMODE(out_json.stat().st_mode) == 0o600
    assert main(["cases", "delete", "1"]) == 2  # no terminal to confirm in
    assert main(["cases", "delete", "1", "--yes"]) == 0
    capsys.readouterr()
    assert main(["cases", "show", "1"]) == 2
    assert "找不到个案" in capsys.readouterr().err


def test_backup_and_restore(env, capsys):
    assert _import(env) == 0
    assert main(["cases", "backup"]) == 0
    [made] = list((env["home"] / "backups").glob("cases-*.sqlite"))
    corrupt = made.with_name("cases-20990101T000000000000Z.sqlite")
    corrupt.write_bytes(b"\x00" * 4096)
    live = env["home"] / "cases.db"
    before = live.read_bytes()
    assert main(["cases", "restore", str(corrupt), "--yes"]) == 2
    assert live.read_bytes() == before
    corrupt.unlink()
    assert main(["cases", "import", str(env["case"]), "--consent-file", str(env["consent"])]) == 0
    assert main(["cases", "restore", "--yes"]) == 0  # the newest verified backup
    capsys.readouterr()
    assert main(["cases", "list", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_restore_after_corruption_at_startup(env, capsys):
    assert _import(env) == 0
    assert main(["cases", "backup"]) == 0
    live = env["home"] / "cases.db"
    live.write_bytes(b"\x00" * 100 + live.read_bytes()[100:])
    assert main(["cases", "list"]) == 1
    assert "advisor cases restore" in capsys.readouterr().err
    assert main(["cases", "restore", "--yes"]) == 0
    assert main(["cases", "list"]) == 0


def test_password_is_never_an_argument(env, capsys, monkeypatch):
    assert _import(env) == 0
    monkeypatch.setenv("ADVISOR_PASSWORD", "wrong password!")
    assert main(["cases", "list"]) == 2
    assert "用户名或密码错误" in capsys.readouterr().err
    monkeypatch.delenv("ADVISOR_PASSWORD")
    assert main(["cases", "list"]) == 2  # no terminal to ask in
    assert "ADVISOR_PASSWORD" in capsys.readouterr().err
    assert main(["cases", "list", "--passphrase", "x"]) == 2
    assert main(["cases", "list", "--password", "x"]) == 2


def test_bad_input_exits_2(env, capsys):
    assert _import(env) == 0
    assert main(["cases", "list", "--from", "2026-02-30"]) == 2
    assert main(["cases", "list", "--id", "12"]) == 2
    assert main(["cases", "import", str(env["case"]), "--consent", "general,everything"]) == 2
    assert main(["cases", "show", "1", "--worker", "张 三"]) == 2


def test_export_pdf_is_readable(env, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("advisor.letters.export_pdf")
    assert _import(env) == 0
    pdf = tmp_path / "export.pdf"
    assert main(["cases", "export", "1", "--out", str(tmp_path / "e.json"), "--pdf", str(pdf)]) == 0
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "MARKER_CLI_NOTE" in text.replace("\n", "") and "身份证号" in text


def test_restore_refuses_a_backup_made_under_another_key(env, capsys, tmp_path, monkeypatch):
    assert _import(env) == 0
    # another centre, with an administrator of the same name and password: its key is still another one
    _setup(monkeypatch, tmp_path / "third" / "cases.db")
    assert main(["cases", "import", str(env["case"]), "--consent-file", str(env["consent"]),
                 "--db", str(tmp_path / "third" / "cases.db")]) == 0
    assert main(["cases", "backup", "--db", str(tmp_path / "third" / "cases.db")]) == 0
    [foreign] = list((tmp_path / "third" / "backups").glob("cases-*.sqlite"))
    live = env["home"] / "cases.db"
    before = live.read_bytes()
    capsys.readouterr()
    assert main(["cases", "restore", str(foreign), "--yes"]) == 2
    assert "未通过校验" in capsys.readouterr().err
    assert live.read_bytes() == before
