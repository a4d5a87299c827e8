"""``advisor setup``, ``advisor users …``, ``advisor audit`` and roles in ``advisor cases …``: credentials
from ``ADVISOR_USER`` / ``ADVISOR_PASSWORD`` (scripted use) — never from an argument."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from advisor.cli import main
from tests.accounts.test_no_secrets_on_disk import scan, secret_forms
from tests.conftest import example_case_paths

BEIJING = next(p for p in example_case_paths() if p.stem == "beijing-courier-family")
PW = {"boss": "PW_cli_boss_MARKER_1", "li": "PW_cli_li_MARKER_22", "wang": "PW_cli_wang_MARKER_3",
      "eve": "PW_cli_eve_MARKER_44"}
KEY_RE = re.compile(r"\b([A-Z2-7]{4}(?:-[A-Z2-7]{4}){7})\b")


class Cli:
    """Runs ``advisor`` as one user or another."""

    def __init__(self, monkeypatch, capsys, home: Path):
        self.mp, self.capsys, self.home = monkeypatch, capsys, home

    def as_(self, user: str, password: str | None = None) -> Cli:
        self.mp.setenv("ADVISOR_USER", user)
        self.mp.setenv("ADVISOR_PASSWORD", password or PW[user])
        return self

    def __call__(self, *argv: str, new_password: str | None = None) -> tuple[int, str, str]:
        if new_password:
            self.mp.setenv("ADVISOR_NEW_PASSWORD", new_password)
        else:
            self.mp.delenv("ADVISOR_NEW_PASSWORD", raising=False)
        code = main(list(argv))
        out = self.capsys.readouterr()
        return code, out.out, out.err


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch):
    """The OWASP-minimum parameters instead of the production ones (the CLI looks the policy up per call)."""
    from advisor.cases import accounts
    from tests.accounts.conftest import FAST

    monkeypatch.setattr(accounts, "DEFAULT_POLICY", FAST)


@pytest.fixture
def cli(monkeypatch, capsys, tmp_path):
    c = Cli(monkeypatch, capsys, tmp_path / "home")
    c.as_("boss")
    code, out, _err = c("setup", "--centre", "测试中心", "--display-name", "主任")
    assert code == 0
    c.recovery_key = KEY_RE.search(out).group(1)
    for user, role in (("li", "caseworker"), ("wang", "caseworker"), ("eve", "auditor")):
        assert c("users", "add", user, "--name", f"同事{user}", "--role", role, new_password="temporary-pw-1")[0] == 0
        c.as_(user, "temporary-pw-1")
        code, _out, err = c("cases", "list")
        assert code == 2 and "请先修改密码" in err and "advisor users passwd" in err
        assert c("users", "passwd", new_password=PW[user])[0] == 0
        c.as_("boss")
    case = tmp_path / "case.json"
    case.write_text(BEIJING.read_text("utf-8"), "utf-8")
    consent = tmp_path / "consent.json"
    consent.write_text(json.dumps({"scopes": ["general", "id_number", "health", "criminal", "guardian"],
                                   "guardian": {"name": "王芳", "relation": "母亲"}}, ensure_ascii=False), "utf-8")
    c.case, c.consent = str(case), str(consent)
    return c


def test_setup_prints_the_recovery_key_once_and_only_once(cli):
    assert cli.recovery_key
    code, _out, err = cli("setup", "--centre", "again")
    assert code == 2 and "已完成首次设置" in err
    code, out, _err = cli("users", "list")
    assert code == 0 and "li" in out and "auditor" in out and cli.recovery_key not in out


def test_case_workers_see_only_their_own_and_assigned_cases(cli):
    assert cli.as_("li")("cases", "import", cli.case, "--consent-file", cli.consent)[0] == 0
    assert cli.as_("wang")("cases", "import", cli.case, "--consent-file", cli.consent)[0] == 0
    code, out, _err = cli.as_("li")("cases", "list", "--format", "json")
    assert [r["case_id"] for r in json.loads(out)] == [1]
    code, _out, err = cli("cases", "show", "2")
    assert code == 2 and "没有权限" in err
    assert cli("cases", "export", "2", "--out", str(cli.home / "x.json"))[0] == 2
    assert cli("cases", "delete", "2", "--yes")[0] == 2
    assert cli.as_("boss")("users", "assign", "li", "2")[0] == 0
    code, out, _err = cli.as_("li")("cases", "show", "2")
    assert code == 0 and json.loads(out)["city"] == "beijing"
    assert cli.as_("boss")("users", "assign", "li", "2", "--remove")[0] == 0
    assert cli.as_("li")("cases", "show", "2")[0] == 2


def test_backups_are_for_administrators(cli):
    code, _out, err = cli.as_("li")("cases", "backup")
    assert code == 2 and "没有权限" in err
    assert cli.as_("eve")("cases", "backup")[0] == 2
    assert cli.as_("boss")("cases", "backup")[0] == 0
    assert cli.as_("li")("cases", "restore", "--yes")[0] == 2
    assert cli.as_("boss")("cases", "restore", "--yes")[0] == 0


def test_restore_of_a_damaged_store_checks_the_backups_administrator(cli):
    assert cli("cases", "import", cli.case, "--consent-file", cli.consent)[0] == 0
    assert cli("cases", "backup")[0] == 0
    live = cli.home / "cases.db"
    live.write_bytes(b"\x00" * 100 + live.read_bytes()[100:])
    assert cli("cases", "list")[0] == 1
    code, _out, err = cli.as_("li")("cases", "restore", "--yes")
    assert code == 2 and "没有权限" in err
    assert cli.as_("boss", "not the password")("cases", "restore", "--yes")[0] == 2
    assert cli.as_("boss")("cases", "restore", "--yes")[0] == 0
    assert cli("cases", "list")[0] == 0


def test_auditor_reads_the_audit_log_and_nothing_else(cli):
    assert cli("cases", "import", cli.case, "--consent-file", cli.consent)[0] == 0
    code, out, _err = cli.as_("eve")("audit", "--verify", "--limit", "500")
    assert code == 0 and "审计日志完整" in out and "case.create" in out and "user.create" in out
    assert "王建国" not in out  # ids and codes only
    for argv in (("cases", "list"), ("cases", "show", "1"), ("users", "list")):
        code, _out, err = cli(*argv)
        assert code == 2 and "没有权限" in err, argv
    assert cli.as_("li")("audit")[0] == 2


def test_accounts_administration(cli):
    assert cli("users", "reset", "wang", new_password="temporary-pw-2")[0] == 0
    assert cli.as_("wang")("cases", "list")[0] == 2  # the old password is gone
    assert cli.as_("boss")("users", "disable", "li")[0] == 0
    code, _out, err = cli.as_("li")("cases", "list")
    assert code == 2 and "已停用" in err
    assert cli.as_("boss")("users", "enable", "li", new_password="temporary-pw-3")[0] == 0
    assert cli("users", "role", "eve", "caseworker")[0] == 0
    code, out, _err = cli("users", "list", "--format", "json")
    users = {u["username"]: u for u in json.loads(out)}
    assert users["eve"]["role"] == "caseworker" and users["li"]["must_change_password"]
    assert "password_hash" not in out
    code, _out, err = cli("users", "disable", "boss")
    assert code == 2 and "不能停用自己的账户" in err
    assert cli.as_("li")("users", "add", "mallory", "--name", "X", new_password="temporary-pw-4")[0] == 2


def test_recover_a_forgotten_password_with_the_recovery_key(cli, monkeypatch):
    monkeypatch.setenv("ADVISOR_RECOVERY_KEY", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    code, _out, err = cli("users", "recover", "boss", new_password="PW_cli_boss_new_MARKER")
    assert code == 2 and "恢复密钥不正确" in err
    monkeypatch.setenv("ADVISOR_RECOVERY_KEY", cli.recovery_key)
    assert cli("users", "recover", "boss", new_password="PW_cli_boss_new_MARKER")[0] == 0
    assert cli.as_("boss")("users", "list")[0] == 2
    assert cli.as_("boss", "PW_cli_boss_new_MARKER")("users", "list")[0] == 0
    code, out, _err = cli("users", "recovery-key")
    new_key = KEY_RE.search(out).group(1)
    assert new_key != cli.recovery_key
    forms = secret_forms([*PW.values(), "PW_cli_boss_new_MARKER", "temporary-pw-1"], cli.recovery_key, [])
    forms += secret_forms([], new_key, [])
    assert scan(cli.home, forms) == []


def test_a_store_without_accounts_needs_setup(tmp_path, monkeypatch, capsys):
    from advisor.cases import CaseStore
    from advisor.cases.crypto import TEST_KDF

    db = tmp_path / "old" / "cases.db"
    CaseStore.open(db, passphrase="old centre passphrase", kdf=TEST_KDF).close()
    monkeypatch.setenv("ADVISOR_USER", "boss")
    monkeypatch.setenv("ADVISOR_PASSWORD", "new admin password")
    assert main(["cases", "list", "--db", str(db)]) == 2
    assert "advisor setup" in capsys.readouterr().err
    monkeypatch.setenv("ADVISOR_PASSPHRASE", "not it at all")
    assert main(["setup", "--db", str(db), "--centre", "中心"]) == 2
    assert "密码错误" in capsys.readouterr().err
    monkeypatch.setenv("ADVISOR_PASSPHRASE", "old centre passphrase")
    assert main(["setup", "--db", str(db), "--centre", "中心"]) == 0
    capsys.readouterr()
    assert main(["cases", "list", "--db", str(db)]) == 0
