"""C02 SIGKILL mid-write through the real service layer (30 kills), C15 drafts survive a kill."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

from advisor import db
from advisor.cases import CaseStore
from advisor.cases.crypto import TEST_KDF
from tests.cases.conftest import PASSPHRASE
from tests.conftest import ROOT

ITERATIONS = 30


def _run_once(db_path, start: int, delay_s: float) -> list[str]:
    proc = subprocess.Popen([sys.executable, "-m", "tests.cases.crash_worker", str(db_path), str(start), PASSPHRASE],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lines: list[str] = []
    ready = threading.Event()

    def reader():
        assert proc.stdout is not None
        buf = b""
        while chunk := proc.stdout.read1(65536):
            buf += chunk
            *complete, buf = buf.split(b"\n")
            for line in complete:
                text = line.decode()
                if text == "READY":
                    ready.set()
                else:
                    lines.append(text)
        ready.set()  # EOF: the child died before being ready (reported below)

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    assert ready.wait(60), "the crash worker did not start"
    time.sleep(delay_s)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    t.join(timeout=30)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode() if proc.stderr else ""
    return lines  # only complete lines: a half-printed one was never an acknowledgement


def test_sigkill_during_saves_loses_nothing_acknowledged(tmp_path):
    db_path = tmp_path / "cases.db"
    CaseStore.open(db_path, passphrase=PASSPHRASE, kdf=TEST_KDF).close()
    seed = int(os.environ.get("CRASH_SEED", time.time_ns()))
    rng = random.Random(seed)
    acked_cases: dict[int, int] = {}
    acked_versions: dict[int, int] = {}
    last_draft: dict[str, int] = {}
    for i in range(ITERATIONS):
        for line in _run_once(db_path, i * 1_000_000, rng.uniform(0.05, 1.5)):
            kind, *rest = line.split()
            if kind == "CASE":
                acked_cases[int(rest[0])] = int(rest[1])
            elif kind == "VER":
                acked_versions[int(rest[0])] = int(rest[2])
            elif kind == "DRAFT":
                last_draft[rest[0]] = int(rest[1])
        assert db.check_file(db_path) == [], f"seed {seed}, iteration {i}"
    assert len(acked_cases) >= ITERATIONS, f"too few saves were acknowledged (seed {seed})"
    print(f"crash test: seed {seed}, {len(acked_cases)} acknowledged cases, {len(last_draft)} drafts")
    assert db.check_file(db_path, full=True) == [], f"integrity/foreign keys (seed {seed})"
    store = CaseStore.open(db_path, passphrase=PASSPHRASE)
    try:
        cipher = store._cipher
        with sqlite3.connect(db_path) as raw:
            records = {r[0]: r[1:] for r in raw.execute("SELECT id, uid, version FROM case_record")}
            versions = {(r[0], r[1]): r[2] for r in raw.execute("SELECT case_id, version, case_enc FROM case_version")}
            scopes: dict[int, set] = {}
            for cid, scope in raw.execute("SELECT case_id, scope FROM consent_record"):
                scopes.setdefault(cid, set()).add(scope)
        for cid, seq in acked_cases.items():  # every acknowledged case, with all its child rows
            assert cid in records, (cid, seed)
            uid, version = records[cid]
            assert version >= acked_versions.get(cid, 1), (cid, seed)
            for v in range(1, version + 1):
                data = cipher.decrypt_json(versions[(cid, v)], table="case_version", column="case_enc",
                                           row=f"{uid}:{v}")
                assert data["applicant"]["name"] == f"崩溃{seq}" and len(data["family"]["children"]) == 2
                assert data["notes"].startswith(f"seq={seq};v={v};")
            assert scopes[cid] == {"general", "guardian"}, (cid, seed)
        for cid in rng.sample(sorted(acked_cases), 10):  # and through the service's own read path
            assert store.get_case(cid, "check").case.applicant.name == f"崩溃{acked_cases[cid]}"
        for uid, seq in last_draft.items():  # C15 at service level: the last autosave survives the kill
            payload = store.load_draft(uid).payload
            assert payload["seq"] >= seq and payload["typed"] == "半" * 300
        assert store.verify_audit() == []
        assert not store.check()
    finally:
        store.close()
