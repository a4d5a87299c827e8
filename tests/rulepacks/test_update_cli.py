"""``advisor rules keys|export|import|rollback|history`` and ``advisor cases recall`` end to end:
exit codes (0 ok, 1 refused, 2 bad input), the diff, the recall list, and a rules store left
byte-identical by every refused pack."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.cases import CaseStore, accounts
from advisor.cli import main
from advisor.db import make_engine
from advisor.rules.packfile import write_pack_file
from advisor.rules.store import active_record
from tests.accounts.conftest import FAST, PASSWORDS
from tests.rulepacks.conftest import ROOT, RULES, db_fingerprint
from tests.rulepacks.synth import bulk_load, edit_pack, generate


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture
def home(tmp_path) -> Path:
    return Path(os.environ["ADVISOR_HOME"])


@pytest.fixture
def keys(tmp_path, capsys):
    code, out = run(capsys, "rules", "keys", "generate", "--out", str(tmp_path / "keys"), "--name", "pub",
                    "--no-passphrase")
    assert code == 0 and "指纹" in out
    return tmp_path / "keys" / "pub.key", tmp_path / "keys" / "pub.pub"


@pytest.fixture
def centre(home):
    """A case store with accounts (an administrator and a case worker) and 300 generated families."""
    store = CaseStore.open(home / "cases.db")
    result = accounts.setup_centre(store, centre_name="测试中心", username="admin", display_name="管理员",
                                   password=PASSWORDS["admin"], policy=FAST)
    admin = result.session
    bulk_load(store, generate(300, seed=21))
    admin.add_user("li.na", "李娜", "caseworker", PASSWORDS["li.na"])
    admin.logout()
    s = accounts.login(store, "li.na", PASSWORDS["li.na"], FAST)
    s.change_password(PASSWORDS["li.na"], PASSWORDS["li.na"] + "x")
    s.logout()
    store.close()
    return home / "cases.db"


def test_keys_export_import_recall_rollback(tmp_path, home, keys, centre, updated_dir, capsys, monkeypatch):
    key, pub = keys
    # once the centre has accounts, changing what the rules trust is for administrators only
    monkeypatch.setenv("ADVISOR_USER", "li.na")
    monkeypatch.setenv("ADVISOR_PASSWORD", PASSWORDS["li.na"] + "x")
    assert run(capsys, "rules", "keys", "trust", str(pub), "--yes")[0] == 2
    monkeypatch.setenv("ADVISOR_USER", "admin")
    monkeypatch.setenv("ADVISOR_PASSWORD", PASSWORDS["admin"])
    assert run(capsys, "rules", "keys", "trust", str(pub), "--yes")[0] == 0
    code, out = run(capsys, "rules", "keys", "list", "--lang", "en")
    assert code == 0 and "pub" in out and "added here" in out
    pack_file = tmp_path / "update.rulepack"
    code, out = run(capsys, "rules", "export", str(updated_dir), "-o", str(pack_file), "--key", str(key))
    assert code == 0 and pack_file.exists() and "2026.12" in out

    code, out = run(capsys, "rules", "import", str(pack_file), "--dry-run", "--lang", "en")
    assert code == 0, out
    assert "signature valid" in out and "scenario tests pass" in out
    assert "from 2029-01-01: 84 months → 96 months" in out and "not activated" in out
    rules_db = home / "rules.db"
    assert active_record(make_engine(rules_db)).origin == "bundled"

    monkeypatch.setenv("ADVISOR_USER", "li.na")
    monkeypatch.setenv("ADVISOR_PASSWORD", PASSWORDS["li.na"] + "x")
    assert run(capsys, "rules", "import", str(pack_file), "--yes")[0] == 2  # a case worker may not
    assert active_record(make_engine(rules_db)).origin == "bundled"
    monkeypatch.setenv("ADVISOR_USER", "admin")
    monkeypatch.setenv("ADVISOR_PASSWORD", PASSWORDS["admin"])
    code, out = run(capsys, "rules", "import", str(pack_file), "--yes")
    assert code == 0, out
    assert "2029-01-01 起：84个月 → 96个月" in out and "已启用规则包 2026.12" in out
    assert "召回名单：规则包 2026.11 → 2026.12，检查 300 户" in out
    changed = int(out.split("检查 300 户，")[1].split(" 户")[0])
    assert changed > 0 and out.count("  个案 ") == changed
    assert "积分" in out and "→" in out
    assert active_record(make_engine(rules_db)).version == "2026.12"

    code, again = run(capsys, "cases", "recall", "--format", "json")
    assert code == 0
    import json

    data = json.loads(again)
    assert data["format"] == "advisor-recall/1" and data["changed"] == changed and len(data["entries"]) == changed
    assert all(e["name"] is None and "＊" in e["name_masked"] for e in data["entries"])

    # a case worker sees only their own and assigned cases (none here)
    monkeypatch.setenv("ADVISOR_USER", "li.na")
    monkeypatch.setenv("ADVISOR_PASSWORD", PASSWORDS["li.na"] + "x")
    code, out = run(capsys, "cases", "recall", "--lang", "en")
    assert code == 0 and "0 with changed results" in out and f"{changed} changed in all" in out
    assert run(capsys, "cases", "recall", "--recompute")[0] == 2  # only administrators work it out

    monkeypatch.setenv("ADVISOR_USER", "admin")
    monkeypatch.setenv("ADVISOR_PASSWORD", PASSWORDS["admin"])
    code, out = run(capsys, "rules", "history", "--lang", "en")
    assert code == 0 and "* " in out and "2026.12" in out
    code, out = run(capsys, "rules", "rollback", "--yes", "--lang", "en")
    assert code == 0, out
    assert "from 2029-01-01: 96 months → 84 months" in out and "Rolled back to pack 2026.11" in out
    assert f"{changed} with changed results" in out
    assert active_record(make_engine(rules_db)).origin == "bundled"

    # an older pack is refused unless asked for (here: the bundled pack re-signed, while 2026.12 is active)
    assert run(capsys, "rules", "import", str(pack_file), "--yes", "--no-recall")[0] == 0
    older = tmp_path / "older.rulepack"
    assert run(capsys, "rules", "export", "-o", str(older), "--key", str(key))[0] == 0
    code, out = run(capsys, "rules", "import", str(older), "--yes", "--no-recall")
    assert code == 1 and "降级" in out
    code, out = run(capsys, "rules", "import", str(older), "--yes", "--no-recall", "--allow-older")
    assert code == 0 and active_record(make_engine(rules_db)).origin == "bundled"
    log = (home / "logs" / "rule-updates.log").read_text("utf-8")
    assert '"event": "activated"' in log and '"event": "rollback"' in log and '"code": "older"' in log


def cli(*argv: str) -> tuple[int, str]:
    """The command in its own process (so every database connection is closed when it ends)."""
    proc = subprocess.run([sys.executable, "-m", "advisor", *argv], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    return proc.returncode, proc.stdout + proc.stderr


def raw_state(home: Path) -> dict[str, str]:
    """SHA-256 of every file of the rules database (main file, and -wal/-shm if any)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(home.glob("rules.db*"))}


def test_refused_packs_leave_the_store_byte_identical(tmp_path, home, keys, updated_dir, stranger, capsys):
    key, pub = keys
    pack_file = tmp_path / "update.rulepack"
    assert run(capsys, "rules", "export", str(updated_dir), "-o", str(pack_file), "--key", str(key))[0] == 0
    # not trusted yet
    code, out = run(capsys, "rules", "import", str(pack_file), "--yes")
    assert code == 1 and "advisor rules keys trust" in out
    assert run(capsys, "rules", "keys", "trust", str(pub), "--yes")[0] == 0
    assert cli("rules", "history")[0] == 0  # the rules store exists, with the bundled pack
    before, files_before = db_fingerprint(home / "rules.db"), raw_state(home)
    assert "rules.db" in files_before

    tampered = tmp_path / "tampered.rulepack"
    data = bytearray(pack_file.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))
    foreign = tmp_path / "foreign.rulepack"
    write_pack_file(updated_dir, foreign, stranger)
    failing = edit_pack(RULES, tmp_path / "failing", [(
        "beijing/points.yaml",
        '      - {from: "2017-01-01", value: 84, source: {ref: bj_points_2016, article: 第4条}}',
        '      - {from: "2017-01-01", value: 96, source: {ref: bj_points_2016, article: 第4条}}')])
    failing_file = tmp_path / "failing.rulepack"
    assert run(capsys, "rules", "export", str(failing), "-o", str(failing_file), "--key", str(key))[0] == 0
    for bad, words in [(tampered, ""), (foreign, "does not trust"), (failing_file, "scenario test fails")]:
        code, out = cli("rules", "import", str(bad), "--yes", "--lang", "en")
        assert code == 1, (bad, out)
        assert "refused; nothing was changed" in out and words in out and "Traceback" not in out
        assert raw_state(home) == files_before, bad  # byte-identical: a refused pack never opens the database
        assert db_fingerprint(home / "rules.db") == before
    assert run(capsys, "rules", "import", str(tmp_path / "missing.rulepack"))[0] == 2
    assert run(capsys, "rules", "import")[0] == 2
    assert run(capsys, "rules", "export", "-o", str(tmp_path / "x.rulepack"), "--key", str(tmp_path / "nokey"))[0] == 2
    assert run(capsys, "rules", "rollback", "--yes")[0] == 1  # nothing to roll back to
    assert db_fingerprint(home / "rules.db") == before


def test_keys_cli_errors(tmp_path, capsys):
    (tmp_path / "bad.pub").write_text("not a key", encoding="utf-8")
    code, out = run(capsys, "rules", "keys", "trust", str(tmp_path / "bad.pub"), "--yes")
    assert code == 2 and "not a rule-pack public key" in out
    code, out = run(capsys, "rules", "keys", "untrust", "0123456789abcdef", "--yes")
    assert code == 2
    code, out = run(capsys, "rules", "keys", "list", "--lang", "en")
    assert code == 0 and "every pack file is refused" in out
