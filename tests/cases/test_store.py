"""Saving, versions, search (C25 names, ID tails, city, dates), atomic saves (C03), drafts, letters."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from advisor.cases import CaseNotFound, InvalidInput, SaveFailed, StoreLocked
from advisor.cases.names import display_name, name_key
from advisor.domain.validation import CaseError, case_to_json_dict
from tests.cases.conftest import all_consents, family_case, valid_id


def test_save_get_and_versions(store):
    cid = store.save_case(family_case(), "w1", consents=all_consents())
    assert store.save_case(family_case("张三", notes="第二次面谈"), "w2", cid) == cid
    got = store.get_case(cid, "w3")
    assert got.version == 2 and got.case.notes == "第二次面谈" and got.worker == "w2" and got.created_by == "w1"
    assert store.get_case(cid, "w3", version=1).case.notes is None
    assert [v.version for v in store.history(cid)] == [1, 2]
    assert got.consent == {"general": "active", "id_number": "active", "health": "active", "criminal": "active",
                           "guardian": "active"}
    with pytest.raises(CaseNotFound):
        store.get_case(999, "w1")


def test_service_validates_independently_of_the_ui(store):
    data = case_to_json_dict(family_case())
    data["applicant"]["id_number"] = "110105194912310021"  # wrong check digit
    with pytest.raises(CaseError):
        store.save_case(data, "w1", consents=all_consents())
    with pytest.raises(InvalidInput):
        store.save_case(family_case(), "张三", consents=all_consents())  # a worker id, never a name
    assert store.count() == 0


@pytest.mark.parametrize("typed, searched", [
    ("Ｚhang Ｗei", "zhang wei"),                # full-width Latin, case
    ("阿依古丽\u3000买买提", "阿依古丽 买买提"),  # ideographic space
    ("阿依古丽•买买提", "阿依古丽·买买提"),      # bullet vs middle dot
    ("阿依古丽・买买提", "阿依古丽.买买提"),     # katakana middle dot vs full stop
    ("阿依古丽‧买买提", "阿依古丽 · 买买提"),    # hyphenation point, spaces around the dot
    ("阿依古丽．买买提", "阿依古丽·买买提"),     # full-width full stop
    ("\uf900金", "豈金"),                        # CJK compatibility ideograph
    ("  𠀀明  ", "𠀀明"),                       # Ext-B, leading/trailing spaces
])
def test_names_stored_as_typed_and_found_from_any_variant(store, typed, searched):
    cid = store.save_case(family_case(typed), "w1", consents=all_consents())
    hits = store.search(name=searched)
    assert [h.case_id for h in hits] == [cid]
    assert hits[0].name == typed.strip()  # the original code points, only trimmed
    assert store.get_case(cid, "w1").case.applicant.name == typed  # the case file keeps it exactly
    with sqlite3.connect(store.path) as raw:
        stored = raw.execute("SELECT display_name FROM case_record WHERE id = ?", (cid,)).fetchone()[0]
    assert stored.encode() == typed.strip().encode()


def test_name_key_rules():
    assert name_key("  A　B  ") == "a b"
    assert name_key("Ａ・Ｂ") == name_key("a · b") == "a·b"
    assert display_name("  \uf900 ") == "\uf900"
    assert display_name("   ") is None


def test_search_by_id_tail_city_date_worker(store, clock):
    a_id, b_id = valid_id("11010519880412773"), valid_id("44030519900101123")
    a = store.save_case(family_case("甲", id_number=a_id), "w1", consents=all_consents())
    clock.advance(days=10)
    b = store.save_case(family_case("乙", id_number=b_id, city="shenzhen", district="福田区"), "w2",
                        consents=all_consents())
    assert [h.case_id for h in store.search(id_number=a_id[-4:])] == [a]
    assert [h.case_id for h in store.search(id_number=a_id[-6:].lower())] == [a]
    full_width = a_id.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X"})
    assert [h.case_id for h in store.search(id_number=full_width)] == [a]
    other = "1" if a_id[-5] != "1" else "2"
    assert store.search(id_number=other + a_id[-4:]) == []  # same last 4, different 5th: filtered out
    with pytest.raises(InvalidInput):
        store.search(id_number="12")
    assert [h.case_id for h in store.search(city="shenzhen")] == [b]
    assert [h.case_id for h in store.search(district="福田区")] == [b]
    assert [h.case_id for h in store.search(worker="w1")] == [a]
    day_a = date(2026, 11, 27)
    assert [h.case_id for h in store.search(date_from=day_a, date_to=day_a)] == [a]
    assert [h.case_id for h in store.search(date_from=date(2026, 12, 1))] == [b]
    assert [h.case_id for h in store.recent()] == [b, a]
    masked = {h.case_id: h.id_masked for h in store.search()}
    assert masked[a] == a_id[:6] + "*" * 8 + a_id[-4:]
    assert all(a_id not in str(h) for h in store.search())


def test_search_terms_cannot_inject_like_wildcards(store):
    store.save_case(family_case("张三"), "w1", consents=all_consents())
    assert store.search(name="%") == [] and store.search(name="_") == []


def test_failed_save_changes_nothing_and_next_save_works(store, monkeypatch):
    """C03: the version insert fails after the case row was written → nothing persists, no stuck lock."""
    import advisor.cases.store as store_mod

    cid = store.save_case(family_case(), "w1", consents=all_consents())
    real = store_mod.CaseVersion

    def boom(**kw):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store_mod, "CaseVersion", boom)
    with pytest.raises(sqlite3.OperationalError):
        store.save_case(family_case("新名字"), "w1", cid)
    with pytest.raises(sqlite3.OperationalError):
        store.save_case(family_case("王五"), "w1", consents=all_consents())
    monkeypatch.setattr(store_mod, "CaseVersion", real)
    assert store.count() == 1 and store.get_case(cid, "w1").version == 1
    assert store.search(name="新名字") == []
    assert store.save_case(family_case("新名字"), "w1", cid) == cid


def test_disk_full_is_reported_and_rolled_back(store):
    """C14: SQLITE_FULL → DiskFull ("磁盘空间不足"), nothing half-saved, the draft kept."""
    cid = store.save_case(family_case(), "w1", consents=all_consents())
    draft = store.save_draft("w1", {"typed": "so far"}, case_id=cid)
    with store._write_engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        conn.rollback()
    raw = store._write_engine.raw_connection()
    raw.driver_connection.execute(f"PRAGMA max_page_count={pages + 1}")
    raw.close()
    with pytest.raises(SaveFailed) as exc:
        store.save_case(family_case("张三", notes="长" * 20000), "w1", cid)
    assert "磁盘空间不足" in exc.value.message("zh")
    assert store.load_draft(draft).payload == {"typed": "so far"}
    assert store.get_case(cid, "w1").version == 1


def test_locked_store_refuses_sensitive_work(store):
    cid = store.save_case(family_case(), "w1", consents=all_consents())
    store.lock()
    assert store.locked
    with pytest.raises(StoreLocked):
        store.get_case(cid, "w1")
    with pytest.raises(StoreLocked):
        store.save_draft("w1", {})


def test_drafts_roundtrip_list_discard_and_finish(store):
    d = store.save_draft("w1", {"applicant": {"name": "赵六"}}, step="applicant")
    assert store.save_draft("w1", {"applicant": {"name": "赵六", "sex": "male"}}, step="work", draft_id=d) == d
    assert [x.draft_id for x in store.list_drafts("w1")] == [d] and store.list_drafts("w2") == []
    got = store.load_draft(d)
    assert got.payload["applicant"]["sex"] == "male" and got.step == "work"
    cid = store.save_case(family_case("赵六"), "w1", consents=all_consents(), draft_id=d)
    assert store.list_drafts() == [] and cid
    d2 = store.save_draft("w1", {"x": 1})
    store.discard_draft(d2, "w1")
    assert store.list_drafts() == []


def test_letters_are_recorded_with_provenance(store):
    cid = store.save_case(family_case(), "w1", consents=all_consents())
    uid = store.record_letter(cid, "w1", template="guidance", lang="zh", rule_pack_version="2026.11",
                              rule_pack_sha256="c" * 64, as_of=date(2026, 11, 27), pdf_sha256="d" * 64,
                              pdf_bytes=b"%PDF-1.4 ... %%EOF")
    [letter] = store.letters(cid)
    assert letter.letter_id == uid and letter.case_version == 1 and letter.as_of == "2026-11-27"
    assert letter.input_sha256 == store.get_case(cid, "w1").case_sha256
    assert store.letter_copy(uid) == b"%PDF-1.4 ... %%EOF"
    with pytest.raises(InvalidInput):
        store.record_letter(cid, "w1", template="g", lang="zh", rule_pack_version="1", rule_pack_sha256="x",
                            as_of="2026-11-27", pdf_sha256="d" * 64)


def test_name_search_pages_and_date_filter(store, clock):
    ids = []
    for i in range(7):
        ids.append(store.save_case(family_case(f"张{i}号"), "w1", consents=all_consents()))
        clock.advance(days=1)
    newest_first = list(reversed(ids))
    assert [h.case_id for h in store.search(name="张", limit=3)] == newest_first[:3]
    assert [h.case_id for h in store.search(name="张", limit=3, offset=3)] == newest_first[3:6]
    day3 = date(2026, 11, 29)
    assert [h.case_id for h in store.search(name="号", date_from=day3, date_to=day3)] == [ids[2]]
    assert [h.case_id for h in store.search(name="张", city="beijing", limit=2)] == newest_first[:2]


def test_concurrent_writers_never_surface_database_is_locked(store, db_path):
    """C05 (in-process variant): a second store (own connections) saves and backs up while we save."""
    import threading

    from tests.cases.conftest import open_store

    other = open_store(db_path)
    errors: list[BaseException] = []
    stop = threading.Event()

    def loop(s, prefix):
        i = 0
        try:
            while not stop.is_set():
                s.save_case(family_case(f"{prefix}{i}"), "w1", consents=all_consents())
                if i % 10 == 0:
                    s.save_draft("w1", {"i": i})
                i += 1
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=loop, args=(store, "甲")), threading.Thread(target=loop, args=(other, "乙"))]
    for t in threads:
        t.start()
    try:
        for _ in range(3):
            other.backup("w2")
            other.purge_expired("w2")
    finally:
        stop.set()
        for t in threads:
            t.join()
        other.close()
    assert errors == []
    assert store.search(name="甲") and store.search(name="乙") and not store.check()
