"""The rule-pack update view (offscreen): signature status, the diff, confirmation, the recall list
(names masked, filtered by role), opening a case from it, refusals that change nothing; screenshots
in test-artifacts/gui/."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtWidgets import QMessageBox

from advisor.cases import CaseStore, accounts
from advisor.cases.rule_updates import RuleUpdates
from advisor.gui import i18n
from advisor.gui.rules_update_view import RulesUpdateDialog, RulesUpdateView
from advisor.gui.services import Services
from advisor.rules.store import active_record
from tests.accounts.conftest import FAST, PASSWORDS
from tests.gui.conftest import ARTIFACTS
from tests.rulepacks.conftest import RULES, publisher, publisher_pub, signed_file, updated_dir  # noqa: F401
from tests.rulepacks.synth import bulk_load, generate

pytestmark = pytest.mark.gui


@pytest.fixture
def centre(tmp_path, pack):
    """Services over the bundled pack with a case store (an administrator logged in, 400 families),
    and a case worker's password."""
    store = CaseStore.open(tmp_path / "cases.db")
    admin = accounts.setup_centre(store, centre_name="测试中心", username="admin", display_name="管理员",
                                  password=PASSWORDS["admin"], policy=FAST).session
    bulk_load(store, generate(400, seed=31))
    admin.add_user("li.na", "李娜", "caseworker", PASSWORDS["li.na"])
    services = Services(pack)
    services.attach_store(store)
    services.session = admin
    yield services, store
    services.session.logout()
    store.close()


@pytest.fixture
def answers(monkeypatch):
    asked = []

    def question(parent, title, text, *a, **k):  # noqa: ARG001
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: asked.append(a[2]))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: asked.append(a[2]))
    return asked


def tree_text(view) -> str:
    out = []

    def walk(item, depth):
        out.append("  " * depth + " | ".join(item.text(c) for c in range(5)))
        for i in range(item.childCount()):
            walk(item.child(i), depth + 1)

    for i in range(view.tree.topLevelItemCount()):
        walk(view.tree.topLevelItem(i), 0)
    return "\n".join(out)


def test_import_diff_activate_recall(qtbot, tmp_path, centre, answers, signed_file, publisher_pub):  # noqa: F811
    services, store = centre
    rules_db = tmp_path / "rules.db"
    backend = RuleUpdates(services, rules_db=rules_db, keys=[publisher_pub])
    opened: list[int] = []
    i18n._current["lang"] = "zh"
    view = RulesUpdateView(backend, open_case=opened.append, choose_file=lambda: str(signed_file))
    qtbot.addWidget(view)
    view.resize(1100, 820)
    view.show()
    assert "cn-migrant 2026.11" in view.current_label.text()
    assert not view.activate_button.isEnabled()

    with qtbot.waitSignal(view.staged, timeout=60000) as sig:
        view.choose()
    assert sig.args == [True]
    assert "签名有效" in view.status.text() and publisher_pub.fingerprint in view.status.text()
    text = tree_text(view)
    assert "bj.points.min_si_months" in text and "84个月 | 96个月 | 2029-01-01 起  [官方原文 → 第三方]" in text
    assert view.activate_button.isEnabled()

    with qtbot.waitSignal(view.recall_ready, timeout=60000) as ready:
        view.activate_button.click()
    assert answers and "2026.12" in answers[0]  # asked before activating
    assert active_record(backend.engine).version == "2026.12"
    assert services.pack.manifest.version == "2026.12"  # the window's pack follows
    run = ready.args[0]
    assert run is not None and run.changed > 0 and view.table.rowCount() == run.changed
    assert "检查 400 户" in view.recall_label.text()
    names = {view.table.item(r, 1).text() for r in range(view.table.rowCount())}
    assert all("＊" in n for n in names)  # masked
    assert "积分" in view.table.item(0, 3).text() and "→" in view.table.item(0, 3).text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    view.grab().save(str(ARTIFACTS / "rules-update-zh.png"))

    view.table.selectRow(0)
    assert view.open_button.isEnabled()
    view.open_button.click()
    assert opened == [run.entries[0].case_id]

    i18n._current["lang"] = "en"
    try:
        view.retranslate()
        assert view.activate_button.text() == "Activate this pack"
        assert "84 months | 96 months | from 2029-01-01  [official text → third-party]" in tree_text(view)
        assert "with changed results" in view.recall_label.text()
        assert "Rule pack 2026.12 is now active" in view.status.text()
        qtbot.wait(100)  # let the layout follow the longer English texts
        view.grab().save(str(ARTIFACTS / "rules-update-en.png"))
    finally:
        i18n._current["lang"] = "zh"
        view.retranslate()

    # roll back: asked again, the bundled pack is active again, the same families are listed
    with qtbot.waitSignal(view.recall_ready, timeout=60000) as back:
        view.rollback_button.click()
    assert any("退回到规则包 2026.11" in a for a in answers)
    assert active_record(backend.engine).origin == "bundled"
    assert back.args[0].changed == run.changed
    view.shutdown()


def test_refused_file_changes_nothing(qtbot, tmp_path, centre, answers, signed_file, publisher_pub):  # noqa: F811
    services, _store = centre
    rules_db = tmp_path / "rules.db"
    backend = RuleUpdates(services, rules_db=rules_db, keys=[publisher_pub])
    backend.current()  # the bundled pack is stored
    backend.engine.dispose()
    before = hashlib.sha256(rules_db.read_bytes()).hexdigest()
    bad = tmp_path / "tampered.rulepack"
    data = bytearray(signed_file.read_bytes())
    data[len(data) // 2] ^= 0x01
    bad.write_bytes(bytes(data))
    view = RulesUpdateView(backend, choose_file=lambda: str(bad))
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    with qtbot.waitSignal(view.staged, timeout=60000) as sig:
        view.choose()
    assert sig.args == [False]
    assert "已拒绝" in view.status.text() and view.problems.isVisible()
    assert view.problems.toPlainText().strip() and "Traceback" not in view.problems.toPlainText()
    assert not view.activate_button.isEnabled()
    view.grab().save(str(ARTIFACTS / "rules-update-refused.png"))
    view.shutdown()
    backend.engine.dispose()
    assert hashlib.sha256(rules_db.read_bytes()).hexdigest() == before


def test_caseworker_cannot_import_and_sees_own_cases_only(qtbot, tmp_path, centre, answers, signed_file,  # noqa: F811
                                                          publisher_pub):  # noqa: F811
    services, store = centre
    backend = RuleUpdates(services, rules_db=tmp_path / "rules.db", keys=[publisher_pub])
    staged = backend.stage(signed_file)
    backend.activate(staged, False)
    run = backend.recall(compute=True)  # the administrator works the list out
    assert run.changed > 0
    services.session.logout()
    worker = accounts.login(store, "li.na", PASSWORDS["li.na"], FAST)
    worker.change_password(PASSWORDS["li.na"], PASSWORDS["li.na"] + "x")
    services.session = worker
    assert not backend.may_manage()
    view = RulesUpdateView(backend, choose_file=lambda: str(signed_file))
    qtbot.addWidget(view)
    assert not view.rollback_button.isEnabled()
    with qtbot.waitSignal(view.recall_ready, timeout=60000) as got:
        view.show_recall_button.click()
    mine = got.args[0]
    assert mine is not None and mine.entries == [] and mine.changed == run.changed  # none of them is hers
    assert "共" in view.recall_label.text()
    view.shutdown()


def test_dialog_opens(qtbot, tmp_path, centre, publisher_pub):  # noqa: F811
    services, _store = centre
    dialog = RulesUpdateDialog(RuleUpdates(services, rules_db=tmp_path / "rules.db", keys=[publisher_pub]))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.view.recall_ready, timeout=60000):
        dialog.show()
    assert dialog.view.table.rowCount() == 0 and "尚无召回名单" in dialog.view.recall_label.text()
    dialog.accept()
    assert RULES.is_dir()


def test_menu_entry_in_the_main_window(qtbot, window):
    """File → 规则包更新… opens the dialog over the window's rules store (no case store: list empty)."""
    action = window.act_rules_update
    assert action in window.menu_file.actions()
    assert window.menu_file.actions().index(action) < window.menu_file.actions().index(window.act_quit)
    assert action.text() == "规则包更新…"
    action.trigger()
    dialog = window.rules_update_dialog
    qtbot.waitUntil(lambda: dialog.view.recall_label.text() != "", timeout=30000)
    assert "cn-migrant" in dialog.view.current_label.text()
    window.language.set("en")
    assert action.text() == "Rule-pack update…"
    dialog.accept()
