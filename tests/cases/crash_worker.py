"""Child process of the crash test (C02, C15): saves through the real service layer until killed.

Prints ``READY`` once open, then one line per acknowledged (committed) write, only after the call
returned: ``CASE <id> <seq>``, ``VER <id> <seq> <version>``, ``DRAFT <uid> <seq>``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from advisor.cases import CaseStore, Consent
from advisor.domain.validation import parse_case

NOTICE = "2026-1"


def case_for(seq: int, version: int = 1) -> object:
    """The deterministic case a sequence number saves (two children, so there are child rows)."""
    return parse_case({
        "format": "advisor-case/1", "city": "guangzhou", "district": "天河区",
        "applicant": {"name": f"崩溃{seq}", "birth_date": "1990-01"},
        "family": {"children": [{"name": f"甲{seq}", "birth_date": "2018-03"},
                                {"name": f"乙{seq}", "birth_date": "2020-07"}]},
        "notes": f"seq={seq};v={version};" + "备注" * 200,
    })


def consents() -> list[Consent]:
    return [Consent("general", NOTICE),
            Consent("guardian", NOTICE, subject="children", guardian_name="家长", guardian_relation="父母")]


def main() -> None:
    path, start, passphrase = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    store = CaseStore.open(path, passphrase=passphrase)
    draft = None
    print("READY", flush=True)
    seq = start
    while True:
        cid = store.save_case(case_for(seq), "crash", consents=consents())
        print(f"CASE {cid} {seq}", flush=True)
        if seq % 3 == 0:
            store.save_case(case_for(seq, 2), "crash", cid)
            print(f"VER {cid} {seq} 2", flush=True)
        draft = store.save_draft("crash", {"seq": seq, "typed": "半" * 300}, step="family", draft_id=draft)
        print(f"DRAFT {draft} {seq}", flush=True)
        seq += 1


if __name__ == "__main__":
    main()
