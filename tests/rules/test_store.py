"""The SQLite rules store: idempotent, all-or-nothing imports; the active pack round-trips."""

import hashlib
from datetime import date

import pytest

from advisor.db import make_engine
from advisor.domain.validation import load_case_file
from advisor.rules.engine import evaluate
from advisor.rules.loader import PackError, load_pack
from advisor.rules.store import ensure_bundled, import_pack, list_packs, load_active
from tests.conftest import RULES, example_case_paths
from tests.rules.packkit import rule, write_pack


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_import_is_idempotent_and_round_trips(tmp_path):
    db = tmp_path / "rules.db"
    engine = make_engine(db)
    first = import_pack(engine, RULES, origin="bundled")
    again = import_pack(engine, RULES, origin="bundled")
    assert first.created and not again.created and first.sha256 == again.sha256
    assert len(list_packs(engine)) == 1
    stored = load_active(engine)
    direct = load_pack(RULES)
    case = load_case_file(example_case_paths()[0])
    assert evaluate(case, stored, date(2026, 11, 27)) == evaluate(case, direct, date(2026, 11, 27))


def test_bad_pack_leaves_store_byte_identical(tmp_path):
    db = tmp_path / "rules.db"
    engine = make_engine(db)
    import_pack(engine, RULES)
    engine.dispose()
    before = _digest(db)
    bad = write_pack(tmp_path, {"rules": [rule([{"type": "no_such_type"}])]})
    with pytest.raises(PackError):
        import_pack(make_engine(db), bad)
    assert _digest(db) == before


def test_second_pack_becomes_active_and_bundled_does_not_override_an_admin_import(tmp_path):
    engine = make_engine(tmp_path / "rules.db")
    ensure_bundled(engine, RULES)
    other = write_pack(tmp_path, {"rules": [rule([])]})
    import_pack(engine, other, origin="import")
    assert load_active(engine).manifest.pack == "test-pack"
    # starting the app again must not silently switch back to the bundled pack
    assert ensure_bundled(engine, RULES).manifest.pack == "test-pack"


def test_connection_pragmas(tmp_path):
    engine = make_engine(tmp_path / "x.db")
    with engine.connect() as conn:
        get = lambda p: conn.exec_driver_sql(f"PRAGMA {p}").scalar()  # noqa: E731
        assert get("journal_mode") == "wal"
        assert get("synchronous") == 2
        assert get("foreign_keys") == 1
        assert get("busy_timeout") >= 10000
        assert get("secure_delete") == 1
        assert get("trusted_schema") == 0


def test_activation_history_and_pack_in_force(tmp_path):
    from advisor.rules.store import activate, activations, pack_in_force

    engine = make_engine(tmp_path / "rules.db")
    first = import_pack(engine, RULES, origin="bundled")
    other = write_pack(tmp_path, {"rules": [rule([])]})
    second = import_pack(engine, other, origin="import")
    history = activations(engine)
    assert [p.sha256 for _, p in history] == [first.sha256, second.sha256]
    today = history[-1][0][:10]
    assert pack_in_force(engine, today).sha256 == second.sha256
    assert pack_in_force(engine, "2000-01-01").sha256 == first.sha256  # before any activation: the first
    activate(engine, first.sha256)
    assert load_active(engine).sha256 == first.sha256
    assert [p.sha256 for _, p in activations(engine)][-1] == first.sha256
