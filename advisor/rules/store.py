"""The SQLite rules store: packs imported through SQLModel tables, content-hash versioned.

Import is idempotent (same hash → nothing new) and all-or-nothing: the pack is fully validated
before the database is even opened for writing, then written in one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel, select

from advisor.rules.loader import content_hash, load_pack, pack_files
from advisor.rules.pack import Pack
from advisor.rules.schema import TIER_RANK


class RulePackRecord(SQLModel, table=True):
    """One imported pack version."""

    __tablename__ = "rule_pack"
    id: int | None = Field(default=None, primary_key=True)
    pack_id: str = Field(max_length=80)
    version: str = Field(max_length=20)
    sha256: str = Field(max_length=64, unique=True, index=True)
    pack_date: str = Field(max_length=10)
    imported_at: str = Field(max_length=32)
    origin: str = Field(max_length=20)  # bundled | import
    active: bool = Field(default=False, index=True)
    content_json: str


class PackActivationRecord(SQLModel, table=True):
    """When a pack became the active one (history kept for reports, recall lists and rollback)."""

    __tablename__ = "rule_pack_activation"
    id: int | None = Field(default=None, primary_key=True)
    pack_row: int = Field(foreign_key="rule_pack.id", index=True, ondelete="CASCADE")
    activated_at: str = Field(max_length=32, index=True)
    reason: str = Field(default="", max_length=40)  # bundled | import | rollback


class PackFileRecord(SQLModel, table=True):
    """The pack's files as they were imported (for export, diff and audit)."""

    __tablename__ = "rule_pack_file"
    id: int | None = Field(default=None, primary_key=True)
    pack_row: int = Field(foreign_key="rule_pack.id", index=True, ondelete="CASCADE")
    path: str = Field(max_length=300)
    content: str


class RuleRecord(SQLModel, table=True):
    """One rule or points scheme, indexed for listing and showing."""

    __tablename__ = "rule"
    id: int | None = Field(default=None, primary_key=True)
    pack_row: int = Field(foreign_key="rule_pack.id", index=True, ondelete="CASCADE")
    rule_id: str = Field(max_length=80, index=True)
    item_type: str = Field(max_length=10)  # rule | scheme
    kind: str = Field(max_length=60, index=True)
    city: str = Field(max_length=20, index=True)
    effective_from: str = Field(max_length=10)
    effective_to: str | None = Field(default=None, max_length=10)
    verified_on: str = Field(max_length=10)
    lowest_tier: str = Field(max_length=12)
    title_zh: str
    title_en: str
    origin: str = Field(max_length=300)
    body_json: str


class ParamValueRecord(SQLModel, table=True):
    """One dated parameter value with its source."""

    __tablename__ = "rule_param_value"
    id: int | None = Field(default=None, primary_key=True)
    pack_row: int = Field(foreign_key="rule_pack.id", index=True, ondelete="CASCADE")
    param_id: str = Field(max_length=80, index=True)
    unit: str = Field(max_length=20)
    value_from: str = Field(max_length=10)
    value_to: str | None = Field(default=None, max_length=10)
    value_json: str
    source_ref: str = Field(max_length=80)
    tier: str = Field(max_length=12)


class SourceRecord(SQLModel, table=True):
    """A catalogued source document."""

    __tablename__ = "rule_source"
    id: int | None = Field(default=None, primary_key=True)
    pack_row: int = Field(foreign_key="rule_pack.id", index=True, ondelete="CASCADE")
    source_id: str = Field(max_length=80)
    title: str
    number: str | None = None
    date: str | None = Field(default=None, max_length=10)
    tier: str = Field(max_length=12)


class FactRecord(SQLModel, table=True):
    """A fact of the catalogue (what the interview may ask)."""

    __tablename__ = "rule_fact"
    id: int | None = Field(default=None, primary_key=True)
    pack_row: int = Field(foreign_key="rule_pack.id", index=True, ondelete="CASCADE")
    fact_id: str = Field(max_length=80)
    type: str = Field(max_length=20)
    page: str = Field(max_length=20)
    question_zh: str
    question_en: str


RULE_TABLES = [RulePackRecord.__table__, PackActivationRecord.__table__, PackFileRecord.__table__, RuleRecord.__table__,
               ParamValueRecord.__table__, SourceRecord.__table__, FactRecord.__table__]


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did."""

    sha256: str
    version: str
    created: bool
    activated: bool


def create_tables(engine: Engine) -> None:
    """Create the rules tables if they do not exist yet."""
    SQLModel.metadata.create_all(engine, tables=RULE_TABLES)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def import_pack(engine: Engine, root: str | Path, origin: str = "import", activate: bool = True,
                pack: Pack | None = None) -> ImportOutcome:
    """Validate a pack folder, then store it in one transaction (raises PackError, store untouched)."""
    root = Path(root)
    pack = pack or load_pack(root)  # every check happens before the database is touched
    files = {f.relative_to(root).as_posix(): f.read_text("utf-8") for f in pack_files(root)}
    create_tables(engine)
    with Session(engine) as s, s.begin():
        existing = s.exec(select(RulePackRecord).where(RulePackRecord.sha256 == pack.sha256)).first()
        if existing is not None:
            activated = False
            if activate and not existing.active:
                _set_active(s, existing, origin)
                activated = True
            return ImportOutcome(pack.sha256, pack.manifest.version, False, activated)
        rec = RulePackRecord(pack_id=pack.manifest.pack, version=pack.manifest.version, sha256=pack.sha256,
                             pack_date=pack.manifest.date, imported_at=_now(), origin=origin, active=False,
                             content_json=pack.model_dump_json())
        s.add(rec)
        s.flush()
        assert rec.id is not None
        for path, content in sorted(files.items()):
            s.add(PackFileRecord(pack_row=rec.id, path=path, content=content))
        for item, item_type in [(r, "rule") for r in pack.rules] + [(x, "scheme") for x in pack.schemes]:
            tier = max((pack.sources[r.ref].tier for r in item.sources), key=TIER_RANK.__getitem__)
            s.add(RuleRecord(pack_row=rec.id, rule_id=item.id, item_type=item_type, kind=item.kind, city=item.city,
                             effective_from=item.effective_from, effective_to=item.effective_to,
                             verified_on=item.verified_on, lowest_tier=tier, title_zh=item.title.zh,
                             title_en=item.title.en, origin=pack.origin.get(item.id, ""),
                             body_json=item.model_dump_json(by_alias=True)))
        for pid, param in pack.params.items():
            for v in param.values:
                s.add(ParamValueRecord(pack_row=rec.id, param_id=pid, unit=param.unit, value_from=v.from_,
                                       value_to=v.to, value_json=json.dumps(v.value), source_ref=v.source.ref,
                                       tier=pack.sources[v.source.ref].tier))
        for sid, src in pack.sources.items():
            s.add(SourceRecord(pack_row=rec.id, source_id=sid, title=src.title, number=src.number,
                               date=src.date, tier=src.tier))
        for fid, fact in pack.facts.items():
            s.add(FactRecord(pack_row=rec.id, fact_id=fid, type=fact.type, page=fact.page,
                             question_zh=fact.question.zh, question_en=fact.question.en))
        if activate:
            _set_active(s, rec, origin)
        return ImportOutcome(pack.sha256, pack.manifest.version, True, activate)


def _set_active(s: Session, rec: RulePackRecord, reason: str = "") -> None:
    for other in s.exec(select(RulePackRecord).where(RulePackRecord.active == True)):  # noqa: E712
        other.active = False
        s.add(other)
    s.flush()
    rec.active = True
    s.add(rec)
    assert rec.id is not None
    s.add(PackActivationRecord(pack_row=rec.id, activated_at=_now(), reason=reason))


def activate(engine: Engine, sha256: str, reason: str = "rollback") -> RulePackRecord:
    """Make a stored pack the active one (atomic; the history keeps when)."""
    create_tables(engine)
    with Session(engine) as s, s.begin():
        rec = s.exec(select(RulePackRecord).where(RulePackRecord.sha256 == sha256)).first()
        if rec is None:
            raise KeyError(sha256)
        _set_active(s, rec, reason)
        s.flush()
        s.expunge(rec)
        return rec


def activations(engine: Engine) -> list[tuple[str, RulePackRecord]]:
    """(activated_at, pack) from oldest to newest."""
    create_tables(engine)
    with Session(engine) as s:
        rows = s.exec(select(PackActivationRecord, RulePackRecord)
                      .where(PackActivationRecord.pack_row == RulePackRecord.id)
                      .order_by(PackActivationRecord.activated_at, PackActivationRecord.id)).all()
        return [(a.activated_at, p) for a, p in rows]


def pack_in_force(engine: Engine, on: str) -> Pack | None:
    """The pack that was active at the end of day ``on`` (ISO date), else the earliest one stored.

    Reports and recall lists re-evaluate stored cases with the pack their evaluation date saw.
    """
    history = activations(engine)
    chosen = None
    for when, rec in history:
        if when[:10] <= on:
            chosen = rec
    if chosen is None and history:
        chosen = history[0][1]
    return Pack.model_validate_json(chosen.content_json) if chosen else None


def active_record(engine: Engine) -> RulePackRecord | None:
    """The active pack's row (None if the store is empty)."""
    create_tables(engine)
    with Session(engine) as s:
        return s.exec(select(RulePackRecord).where(RulePackRecord.active == True)).first()  # noqa: E712


def load_active(engine: Engine) -> Pack | None:
    """The active pack, rebuilt from the store (no YAML parsing)."""
    rec = active_record(engine)
    return Pack.model_validate_json(rec.content_json) if rec else None


def ensure_bundled(engine: Engine, bundled: Path) -> Pack:
    """Import the bundled pack if it is new; make it active unless an admin imported a pack since."""
    sha = content_hash(bundled, pack_files(bundled))
    rec = active_record(engine)
    if rec is not None and rec.sha256 == sha:
        return Pack.model_validate_json(rec.content_json)
    activate = rec is None or rec.origin == "bundled"
    import_pack(engine, bundled, origin="bundled", activate=activate)
    pack = load_active(engine)
    assert pack is not None
    return pack


def list_packs(engine: Engine) -> list[RulePackRecord]:
    """Every stored pack, newest import first."""
    create_tables(engine)
    with Session(engine) as s:
        return list(s.exec(select(RulePackRecord).order_by(RulePackRecord.id.desc())))  # type: ignore[union-attr]
