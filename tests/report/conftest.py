"""Fixtures for the centre report: 1,000 synthetic families in a real (encrypted) case store, and a
rules store whose history has two packs — an older one (Beijing public rental after 36 months of
insurance instead of 60) in force until 2026-02-28, the bundled one from 2026-03-01."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from advisor.cases import CaseStore
from advisor.cases.crypto import TEST_KDF
from advisor.db import make_engine
from advisor.rules.loader import load_pack
from advisor.rules.store import import_pack
from tests.conftest import RULES
from tests.report.synth import generate

PASSPHRASE = "report test passphrase"
N_FAMILIES = 1000
SEED = 2026
OLD_VERSION = "2025.12"
OLD_UNTIL = date(2026, 2, 28)  # the old pack is in force up to this day; the bundled one from the next
OLD_SI_LINE = '      - {from: "2017-04-12", value: 60, source: {ref: bj_public_rental_projects}}'


def make_old_pack(folder: Path) -> Path:
    """A copy of the bundled pack, one version older, with a different Beijing public-rental line."""
    root = folder / "old-pack"
    if root.exists():
        return root
    shutil.copytree(RULES, root)
    manifest = root / "pack.yaml"
    body = manifest.read_text("utf-8")
    body = body.replace('version: "2026.11"', f'version: "{OLD_VERSION}"').replace('date: "2026-11-27"',
                                                                                  'date: "2025-12-01"')
    manifest.write_text(body, "utf-8")
    housing = root / "beijing" / "housing.yaml"
    text_ = housing.read_text("utf-8")
    assert OLD_SI_LINE in text_, "the bundled pack changed: update the fixture"
    housing.write_text(text_.replace(OLD_SI_LINE, OLD_SI_LINE.replace("value: 60", "value: 36")), "utf-8")
    return root


@pytest.fixture(scope="session")
def packs(tmp_path_factory):
    """(old pack, bundled pack)."""
    folder = tmp_path_factory.mktemp("packs")
    return load_pack(make_old_pack(folder)), load_pack(RULES)


@pytest.fixture(scope="session")
def rules_engine(tmp_path_factory, packs):
    """A rules store: the old pack activated on 2025-06-01, the bundled one on 2026-03-01."""
    old, new = packs
    folder = tmp_path_factory.mktemp("rules")
    engine = make_engine(folder / "rules.db")
    import_pack(engine, make_old_pack(folder), origin="import", pack=old)
    import_pack(engine, RULES, origin="bundled", pack=new)
    with engine.begin() as conn:
        rows = conn.execute(text("SELECT a.id, p.sha256 FROM rule_pack_activation a JOIN rule_pack p "
                                 "ON a.pack_row = p.id ORDER BY a.id")).all()
        for row_id, sha in rows:
            when = "2025-06-01T08:00:00+00:00" if sha == old.sha256 else "2026-03-01T08:00:00+00:00"
            conn.execute(text("UPDATE rule_pack_activation SET activated_at = :w WHERE id = :i"),
                         {"w": when, "i": row_id})
    return engine


def pack_for(day: date, packs):
    """The pack in force on ``day`` — worked out here from the fixture's own dates."""
    old, new = packs
    return old if day <= OLD_UNTIL else new


@pytest.fixture(scope="session")
def families():
    """The 1,000 synthetic families (with every version the store holds)."""
    return generate(N_FAMILIES, seed=SEED)


@pytest.fixture(scope="session")
def store_path(tmp_path_factory, families):
    """A case store file holding the families (bulk-loaded in save_case's row format)."""
    from tests.report.synth import bulk_load

    folder = tmp_path_factory.mktemp("store")
    path = folder / "cases.db"
    store = CaseStore.open(path, passphrase=PASSPHRASE, kdf=TEST_KDF)
    bulk_load(store, families)
    store.close()
    return path


@pytest.fixture
def store(store_path):
    """The store, unlocked with the centre passphrase (legacy, no accounts: the service layer's own tests)."""
    s = CaseStore.open(store_path, passphrase=PASSPHRASE, kdf=TEST_KDF)
    yield s
    s.close()


@pytest.fixture
def centre(tmp_path, families):
    """A set-up centre (administrator, case worker, auditor) holding 120 of the families."""
    from tests.accounts.conftest import build_centre
    from tests.cases.conftest import FakeClock
    from tests.report.synth import bulk_load

    c = build_centre(tmp_path / "data" / "cases.db", FakeClock())
    admin = c.login("admin")
    bulk_load(admin.store, families[:120])
    admin.logout()
    admin.store.close()
    return c
