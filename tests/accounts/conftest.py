"""Fixtures for accounts and roles: a set-up centre with an administrator, two case workers and an
auditor (fast but still OWASP-minimum Argon2id), a movable clock, and helpers to log in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from advisor.cases import AccountPolicy, CaseStore, accounts
from advisor.cases.crypto import TEST_KDF
from tests.cases.conftest import FakeClock

# OWASP minimum for argon2id (m = 19 MiB, t = 2, p = 1): fast enough for many log-ins in a test run.
FAST = AccountPolicy(hasher=PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1), kdf=TEST_KDF)
CENTRE = "MARKER_CENTRE_阳光社区"
# Distinctive passwords: a raw-bytes scan of every file must never find them.
PASSWORDS = {
    "admin": "PW_admin_MARKER_q8Zr3!",
    "li.na": "PW_lina_MARKER_t5Kx9?",
    "wang.wei": "PW_wangwei_MARKER_m2Vb7#",
    "audit": "PW_audit_MARKER_c4Jh1$",
}
ROLES = {"admin": "admin", "li.na": "caseworker", "wang.wei": "caseworker", "audit": "auditor"}
TEMP = "temporary-Pw-MARKER-0042"


@dataclass
class Centre:
    """A set-up store file and what it takes to log in to it."""

    path: Path
    clock: FakeClock
    recovery_key: str

    def open(self) -> CaseStore:
        """A new store object on the file (one per user on the same PC)."""
        return CaseStore.open(self.path, clock=self.clock)

    def login(self, username: str, password: str | None = None, store: CaseStore | None = None):
        """A session for ``username`` (its own store object unless one is given)."""
        return accounts.login(store or self.open(), username, password or PASSWORDS[username], FAST)


def build_centre(path: Path, clock: FakeClock) -> Centre:
    """Set up the centre, add the workers and the auditor, and let each choose their own password."""
    store = CaseStore.open(path, clock=clock)
    result = accounts.setup_centre(store, centre_name=CENTRE, username="admin", display_name="管理员",
                                   password=PASSWORDS["admin"], policy=FAST)
    admin = result.session
    for name in ("li.na", "wang.wei", "audit"):
        admin.add_user(name, f"MARKER_STAFF_{name}", ROLES[name], TEMP)
    admin.logout()
    for name in ("li.na", "wang.wei", "audit"):
        s = accounts.login(store, name, TEMP, FAST)
        assert s.must_change_password
        s.change_password(TEMP, PASSWORDS[name])
        s.logout()
    store.close()
    return Centre(path, clock, result.recovery_key)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def centre(tmp_path, clock) -> Centre:
    return build_centre(tmp_path / "data" / "cases.db", clock)
