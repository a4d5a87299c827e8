"""Log-in timings with the production parameters (C32: verification ≈ 0.3-1 s on reference hardware).

Run: ``python benchmarks/bench_login.py [N]`` (default 10 log-ins). Measures the argon2id hash check
alone, the key derivation and unwrapping of the user's key slot alone, and a whole ``login`` (both,
plus the audit entry), on a fresh store in a temporary folder. Prints figures only; asserts nothing.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlmodel import select

from advisor.cases import CaseStore, account_admin, accounts
from advisor.cases.crypto import KdfParams, derive_kek
from advisor.cases.models import KeySlot, UserAccount

PASSWORD = "benchmark password 1"


def _ms(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:.0f} ms, max {max(samples) * 1000:.0f} ms"


def main(n: int) -> None:
    """Time ``n`` log-ins."""
    with tempfile.TemporaryDirectory() as tmp:
        store = CaseStore.open(Path(tmp) / "cases.db")
        policy = accounts.DEFAULT_POLICY
        accounts.setup_centre(store, centre_name="bench", username="admin", display_name="admin",
                              password=PASSWORD, policy=policy).session.logout()
        [user] = account_admin.list_users(store)
        with store._read() as s:
            slot = s.exec(select(KeySlot).where(KeySlot.slot == accounts.user_slot(user.uid))).one()
            hashed = s.exec(select(UserAccount.password_hash)).one()
        verify, derive, whole = [], [], []
        for _ in range(n):
            t = time.perf_counter()
            policy.hasher.verify(hashed, PASSWORD)
            verify.append(time.perf_counter() - t)
            t = time.perf_counter()
            derive_kek(PASSWORD, slot.salt, KdfParams.from_dict(json.loads(slot.kdf_params)))
            derive.append(time.perf_counter() - t)
            t = time.perf_counter()
            accounts.login(store, "admin", PASSWORD, policy).logout()
            whole.append(time.perf_counter() - t)
        store.close()
    h = policy.hasher
    print(f"argon2id hash (m={h.memory_cost} KiB, t={h.time_cost}, p={h.parallelism}) verify: {_ms(verify)}")
    k = policy.kdf
    print(f"key-slot KEK (m={k.memory_kib} KiB, t={k.iterations}, p={k.lanes}) derive: {_ms(derive)}")
    print(f"whole log-in (verify + derive + unwrap + audit entries): {_ms(whole)}  [{n} runs]")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
