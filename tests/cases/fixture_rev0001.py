"""Builds ``data/cases-rev0001.sqlite``: a populated case store at the first schema revision (C13).

Run ``python -m tests.cases.fixture_rev0001`` only to rebuild it (the file is checked in, so the
upgrade test always starts from what release 0.1 wrote). Rows are inserted with plain SQL against
the 0001 tables — not through today's store code, which targets the head schema.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

from advisor import db
from advisor.cases import audit, migrate
from advisor.cases.crypto import TEST_KDF, FieldCipher, derive_kek, new_data_key, wrap_key

FIXTURE = Path(__file__).parent / "data" / "cases-rev0001.sqlite"
PASSPHRASE = "fixture passphrase 0001"
# (uid, name, city, district, notes per version, child name or None)
CASES = [
    ("a" * 32, "张三", "beijing", "朝阳区", ["第一次面谈", "补充：孩子上学"], "小明"),
    ("b" * 32, "阿依古丽·买买提", "shanghai", "浦东新区", ["需要医保转移"], None),
    ("c" * 32, "𠀀明", "shenzhen", "福田区", ["罕见字姓名", "二", "三"], "𠀀宝"),
]
AT = "2025-06-01T08:00:00.000000Z"


def case_file(name: str, city: str, district: str, notes: str, child: str | None) -> dict:
    """A case file as release 0.1 saved it."""
    family = {"children": [{"name": child, "birth_date": "2015-09"}]} if child else {}
    return {"format": "advisor-case/1", "city": city, "district": district, "as_of": "2025-06-01",
            "applicant": {"name": name, "birth_date": "1985-03"}, "family": family, "notes": notes}


def build(path: Path) -> None:
    """Create the fixture database at revision 0001 with rows in every table."""
    path.unlink(missing_ok=True)
    engine = db.make_engine(path)
    migrate.upgrade(engine, "0001")
    engine.dispose()
    dek = new_data_key()
    cipher = FieldCipher(dek)
    salt = os.urandom(16)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO key_slot (slot, kdf, kdf_params, salt, wrapped_key, key_id, created_at) "
                 "VALUES ('centre', 'argon2id', ?, ?, ?, ?, ?)",
                 (json.dumps(TEST_KDF.as_dict()), salt, wrap_key(dek, derive_kek(PASSPHRASE, salt, TEST_KDF), "centre"),
                  cipher.key_id, AT))
    log: list[tuple[str, str, str]] = [("key.init", "slot:centre", "")]
    for n, (uid, name, city, district, notes, child) in enumerate(CASES, start=1):
        conn.execute("INSERT INTO case_record (id, uid, display_name, name_key, city, district, needs, version, "
                     "created_at, updated_at, created_by, worker, retain_until) "
                     "VALUES (?, ?, ?, ?, ?, ?, 'school,health', ?, ?, ?, 'w1', 'w1', '2028-06-01')",
                     (n, uid, name, name.casefold(), city, district, len(notes), AT, AT))
        for v, note in enumerate(notes, start=1):
            data = case_file(name, city, district, note, child)
            raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
            conn.execute("INSERT INTO case_version (case_id, version, saved_at, worker, case_enc, case_sha256) "
                         "VALUES (?, ?, ?, 'w1', ?, ?)",
                         (n, v, AT,
                          cipher.encrypt_json(data, table="case_version", column="case_enc", row=f"{uid}:{v}"),
                          hashlib.sha256(raw).hexdigest()))
        conn.execute("INSERT INTO consent_record (uid, case_id, scope, subject, notice_version, lang, obtained_at, "
                     "worker) VALUES (?, ?, 'general', 'applicant', '2025-1', 'zh', ?, 'w1')", (f"{n:032d}", n, AT))
        if child:
            guid = f"{n + 10:032d}"
            conn.execute("INSERT INTO consent_record (uid, case_id, scope, subject, notice_version, lang, obtained_at, "
                         "worker, guardian_enc) VALUES (?, ?, 'guardian', 'children', '2025-1', 'zh', ?, 'w1', ?)",
                         (guid, n, AT, cipher.encrypt_json({"name": name, "relation": "父母"}, table="consent_record",
                                                           column="guardian_enc", row=guid)))
        luid = f"{n + 20:032d}"
        conn.execute("INSERT INTO letter_issued (uid, case_id, case_version, issued_at, worker, template, lang, "
                     "rule_pack_version, rule_pack_sha256, as_of, input_sha256, pdf_sha256) "
                     "VALUES (?, ?, 1, ?, 'w1', 'guidance', 'zh', '2025.6', ?, '2025-06-01', ?, ?)",
                     (luid, n, AT, "1" * 64, "2" * 64, "3" * 64))
        duid = f"{n + 30:032d}"
        conn.execute("INSERT INTO draft (uid, worker, case_id, step, payload_enc, created_at, updated_at) "
                     "VALUES (?, 'w1', ?, 'family', ?, ?, ?)",
                     (duid, n, cipher.encrypt_json({"step": "family", "name": name}, table="draft",
                                                   column="payload_enc", row=duid), AT, AT))
        log += [("case.create", f"case:{n}", "v=1"), ("consent.record", f"case:{n}", "scope=general")]
    prev = audit.GENESIS
    for i, (action, target, detail) in enumerate(log, start=1):
        h = audit.entry_hash(i, AT, "w1", action, target, detail, prev)
        conn.execute("INSERT INTO audit_log (id, at, worker, action, target, detail, prev_hash, row_hash) "
                     "VALUES (?, ?, 'w1', ?, ?, ?, ?, ?)", (i, AT, action, target, detail, prev, h))
        prev = h
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("VACUUM")
    conn.close()


if __name__ == "__main__":
    FIXTURE.parent.mkdir(exist_ok=True)
    build(FIXTURE)
    print(FIXTURE)
