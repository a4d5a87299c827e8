"""GUI test helpers for accounts: a set-up centre on disk, and the main window over it, logged in or not."""

from __future__ import annotations

from pathlib import Path

from advisor.cases import CaseStore, accounts
from tests.accounts.conftest import FAST

ADMIN, ADMIN_PW = "boss", "PW_gui_boss_MARKER_7"
WORKERS = {"li.na": "PW_gui_lina_MARKER_8", "wang.wei": "PW_gui_wang_MARKER_9", "eve": "PW_gui_eve_MARKER_10"}
ROLES = {"li.na": "caseworker", "wang.wei": "caseworker", "eve": "auditor"}
PASSWORDS = {ADMIN: ADMIN_PW, **WORKERS}


def make_centre(db: Path, clock=None) -> str:
    """Set up a centre with an administrator, two case workers and an auditor; the recovery key."""
    store = CaseStore.open(db, clock=clock)
    result = accounts.setup_centre(store, centre_name="测试中心", username=ADMIN, display_name="主任",
                                   password=ADMIN_PW, policy=FAST)
    for name in WORKERS:
        result.session.add_user(name, f"同事 {name}", ROLES[name], "temporary password 1")
    result.session.logout()
    for name, password in WORKERS.items():
        s = accounts.login(store, name, "temporary password 1", FAST)
        s.change_password("temporary password 1", password)
        s.logout()
    store.close()
    return result.recovery_key


def services_for(pack, db: Path, user: str | None = ADMIN, clock=None):
    """An adapter with the store open and (unless ``user`` is None) that user logged in."""
    from advisor.gui.services import Services

    services = Services(pack)
    services.account_policy = FAST
    services.attach_store(CaseStore.open(db, clock=clock))
    if user is not None:
        services.sign_in(user, PASSWORDS[user])
    return services


def open_window(qtbot, services):
    """The main window over ``services``, shown offscreen, rules loaded and the log-in step done."""
    from advisor.gui.app import build
    from tests.gui.conftest import settle

    _app, win = build([], services_factory=lambda: services)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    with qtbot.waitSignal(win.services_ready, timeout=30000):
        win.start_loading()
    settle(qtbot, win)
    return win


def close_window(win) -> None:
    """As the window's own close would, minus the question about unsaved answers."""
    win.dirty = False
    win.guard.idle.stop()
    win.evaluator.shutdown()
    if win.whatif is not None:
        win.whatif.shutdown()
    win.services.close_store()
