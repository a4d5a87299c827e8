"""Recall list: after the rules change, which stored families now get a different answer.

``compute_recall(store, worker, old_pack, new_pack)`` takes every stored case (its newest version),
evaluates it with the old and with the new pack on the case's own date (the case file's ``as_of``,
else the day its newest version was saved) and lists the families for whom an option appeared or
disappeared, or whose **status**, **eligible_from** date, or — for points — **total**, **threshold**
or **reaches_threshold_on** date changed (each before → after). Only the rules and schemes the change
can affect are evaluated (``advisor.rules.impact``), and only their deciding figures
(``advisor.rules.outcomes``, no wording); ``full=True`` evaluates every rule and scheme.

Left out, and counted: families with a withdrawn consent (their data is not processed), versions
that fail to decrypt (``crypto.fail`` audit-logged) or no longer validate. The run is audit-logged
once (``recall.read``, pack hashes and counts only).

Stored in the rules database next to the activation history it follows from (tables
``rule_recall_run`` and ``rule_recall_entry``): each family's changes are AES-GCM encrypted with the
centre key (AAD binds run and case), so reading a recall list needs the unlocked case store; a run
records the centre key's id and lists from another store are never shown. The entries hold case ids,
rule ids, statuses and dates only — names are looked up in the case store when the list is shown,
masked unless the caller may see them. Entries of cases deleted since are dropped when read.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlalchemy.orm import registry
from sqlmodel import Field, Session, SQLModel, col, select

from advisor.cases.base import new_uid
from advisor.cases.errors import DecryptionFailed
from advisor.cases.models import CaseRecord, CaseVersion, ConsentRecord
from advisor.domain.validation import CaseError, parse_case
from advisor.rules.impact import Impact, affected, restrict, same_totals
from advisor.rules.outcomes import outcomes
from advisor.rules.pack import Pack

if TYPE_CHECKING:
    from advisor.cases.store import CaseStore

RECALL_FORMAT = "advisor-recall/1"
BATCH = 500

recall_metadata = MetaData()


class _RecallBase(SQLModel, registry=registry(metadata=recall_metadata)):
    """Own metadata: these tables live in the rules database but are created only here."""


class RecallRunRecord(_RecallBase, table=True):
    """One recall computation: which pack change, when, by whom, and the counts."""

    __tablename__ = "rule_recall_run"
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(max_length=32, unique=True)
    store_key_id: str = Field(max_length=16, index=True)
    from_sha: str = Field(max_length=64)
    to_sha: str = Field(max_length=64, index=True)
    from_version: str = Field(max_length=20)
    to_version: str = Field(max_length=20)
    created_at: str = Field(max_length=32, index=True)
    worker: str = Field(max_length=40)
    mode: str = Field(max_length=10)  # targeted | full
    checked: int = 0
    changed: int = 0
    withdrawn: int = 0
    unreadable: int = 0
    seconds: float = 0.0


class RecallEntryRecord(_RecallBase, table=True):
    """One family on a recall list: its changes, encrypted with the centre key."""

    __tablename__ = "rule_recall_entry"
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="rule_recall_run.id", index=True, ondelete="CASCADE")
    case_id: int = Field(index=True)
    changes_enc: bytes


@dataclass
class OptionChange:
    """One option or points entry that differs: ``before``/``after`` hold the compared fields (None: absent)."""

    type: str  # option | points
    item: str  # rule or scheme id
    kind: str
    subject: str  # applicant | household | spouse | child:N | ""
    title: dict[str, str]
    change: str  # added | removed | changed
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def changed_fields(self) -> list[str]:
        """The compared fields whose values differ."""
        if self.before is None or self.after is None:
            return []
        return [k for k in self.after if self.before.get(k) != self.after.get(k)]


@dataclass
class RecallEntry:
    """A family whose results changed (case id, which version, on which date, what changed)."""

    case_id: int
    version: int
    as_of: str
    city: str
    changes: list[OptionChange]
    name_masked: str = ""
    name: str | None = None


@dataclass
class RecallRun:
    """A recall list and what the computation looked at."""

    uid: str
    from_sha: str
    to_sha: str
    from_version: str
    to_version: str
    created_at: str
    worker: str
    mode: str
    checked: int = 0
    changed: int = 0
    withdrawn: int = 0
    unreadable: int = 0
    seconds: float = 0.0
    entries: list[RecallEntry] = field(default_factory=list)
    stored_id: int | None = None

    @property
    def rate(self) -> float:
        """Cases re-evaluated per second."""
        return self.checked / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (names as the entries carry them: masked unless revealed)."""
        data = asdict(self)
        data["format"] = RECALL_FORMAT
        data.pop("stored_id")
        return data


# ----------------------------------------------------------------------------- comparing results
def _public(entry: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if entry is None else {k: v for k, v in entry.items() if not k.startswith("_")}


def compare(a: dict[str, dict[str, Any]], b: dict[str, dict[str, Any]]) -> list[OptionChange]:
    """What differs between two summaries (``outcomes`` / ``summarize``) of the same case."""
    out = []
    for key in list(dict.fromkeys([*b, *a])):
        x, y = _public(a.get(key)), _public(b.get(key))
        if x == y:
            continue
        meta = b.get(key) or a[key]
        typ, item = key.split("|")[:2]
        change = "added" if x is None else "removed" if y is None else "changed"
        out.append(OptionChange(typ, item, meta["_kind"], meta["_subject"], meta["_title"], change, x, y))
    return out


def recall_case(case: Any, old: Pack, new: Pack, as_of: date, shared: frozenset[str] = frozenset()
                ) -> list[OptionChange]:
    """The changes for one case (``old``/``new`` may be restricted packs; ``shared``: schemes whose
    totals are the same in both, see ``advisor.rules.impact.same_totals``)."""
    totals: dict[Any, Any] = {}
    return compare(outcomes(case, old, as_of, totals=totals, shared=shared),
                   outcomes(case, new, as_of, totals=totals, shared=shared))


# ----------------------------------------------------------------------------- reading the store
@dataclass(frozen=True)
class _Stored:
    case_id: int
    version: int
    saved_at: str
    data: dict[str, Any]


def _withdrawn(store: CaseStore) -> set[int]:
    latest: dict[tuple[int, str], bool] = {}
    with store._read() as s:
        for case_id, scope, withdrawn_at in s.exec(select(ConsentRecord.case_id, ConsentRecord.scope,
                                                          ConsentRecord.withdrawn_at).order_by(col(ConsentRecord.id))):
            latest[(case_id, scope)] = withdrawn_at is not None
    return {case_id for (case_id, _scope), w in latest.items() if w}


def _saved_day(saved_at: str) -> date:
    moment = datetime.fromisoformat(saved_at.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().date()


def _iter_latest(store: CaseStore, worker: str, run: RecallRun, skip: set[int]) -> Iterator[_Stored]:
    cipher = store._need_cipher()
    last_id = 0
    while True:
        with store._read() as s:
            rows = list(s.exec(select(CaseRecord.id, CaseRecord.uid, CaseVersion.version, CaseVersion.saved_at,
                                      CaseVersion.case_enc)
                               .where(CaseVersion.case_id == CaseRecord.id, CaseVersion.version == CaseRecord.version,
                                      col(CaseRecord.id) > last_id)
                               .order_by(col(CaseRecord.id)).limit(BATCH)))
        if not rows:
            return
        last_id = rows[-1][0]
        for case_id, uid, version, saved_at, blob in rows:
            if case_id in skip:
                run.withdrawn += 1
                continue
            try:
                data = json.loads(cipher.decrypt(blob, table="case_version", column="case_enc", row=f"{uid}:{version}"))
            except (DecryptionFailed, ValueError):
                run.unreadable += 1
                store._audit_alone(worker, "crypto.fail", f"case:{case_id}", f"v={version}")
                continue
            yield _Stored(case_id, version, saved_at, data)


# ----------------------------------------------------------------------------- computing
def compute_recall(store: CaseStore, worker: str, old: Pack, new: Pack, *, full: bool = False,
                   progress: Callable[[int], None] | None = None, now: datetime | None = None) -> RecallRun:
    """The recall list for the change ``old`` → ``new`` over every stored case (not saved; see :func:`save_run`).

    Needs the store unlocked (``StoreLocked`` otherwise)."""
    store._check_worker(worker)
    store._need_cipher()
    started = time.perf_counter()
    run = RecallRun(new_uid(), old.sha256, new.sha256, old.manifest.version, new.manifest.version,
                    (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds"), worker,
                    "full" if full else "targeted")
    impact: Impact | None = None
    shared: frozenset[str] = frozenset()
    if full:
        old_p, new_p = old, new
    else:
        impact = affected(old, new)
        old_p, new_p = restrict(old, impact), restrict(new, impact)
        shared = same_totals(old, new)
    skip = _withdrawn(store)
    for n, stored in enumerate(_iter_latest(store, worker, run, skip), 1):
        if progress is not None and n % 100 == 0:
            progress(n)
        run.checked += 1
        city = stored.data.get("city")
        if impact is not None and (impact.empty or not impact.touches(str(city))):
            continue  # nothing this case can see has changed: no need even to validate it
        try:
            case = parse_case(stored.data)
        except CaseError:
            run.unreadable += 1
            continue
        as_of = case.as_of.start() if case.as_of else _saved_day(stored.saved_at)
        changes = recall_case(case, old_p, new_p, as_of, shared)
        if changes:
            run.entries.append(RecallEntry(stored.case_id, stored.version, as_of.isoformat(), str(city), changes))
    run.changed = len(run.entries)
    run.seconds = time.perf_counter() - started
    store._audit_alone(worker, "recall.read", "", f"from={old.sha256[:12]};to={new.sha256[:12]};"
                                                  f"cases={run.checked};changed={run.changed};mode={run.mode}")
    attach_names(store, run.entries)
    return run


def mask_name(name: str | None) -> str:
    """``王建国`` → ``王＊＊``; ``John Smith`` → ``J＊＊＊＊＊＊＊＊＊`` (first character kept)."""
    if not name:
        return "—"
    name = name.strip()
    return name[:1] + "＊" * min(len(name) - 1, 6)


def attach_names(store: CaseStore, entries: list[RecallEntry], *, reveal: bool = False,
                 visible: Callable[[int], bool] | None = None) -> list[RecallEntry]:
    """Fill each entry's masked name (and the full name when ``reveal``); drop entries of deleted cases
    and, with ``visible``, of cases the reader may not see."""
    ids = [e.case_id for e in entries]
    names: dict[int, str | None] = {}
    with store._read() as s:
        for i in range(0, len(ids), 500):
            for cid, name in s.exec(select(CaseRecord.id, CaseRecord.display_name)
                                    .where(col(CaseRecord.id).in_(ids[i:i + 500]))):
                names[cid] = name
    kept = []
    for e in entries:
        if e.case_id not in names or (visible is not None and not visible(e.case_id)):
            continue
        e.name_masked = mask_name(names[e.case_id])
        e.name = names[e.case_id] if reveal else None
        kept.append(e)
    entries[:] = kept
    return entries


# ----------------------------------------------------------------------------- storing
def create_tables(engine: Engine) -> None:
    """Create the recall tables in the rules database if needed."""
    recall_metadata.create_all(engine)


def _entry_row(run_uid: str, case_id: int) -> str:
    return f"{run_uid}:{case_id}"


def save_run(engine: Engine, store: CaseStore, run: RecallRun) -> int:
    """Store a recall list (one transaction); its id."""
    cipher = store._need_cipher()
    create_tables(engine)
    with Session(engine) as s, s.begin():
        rec = RecallRunRecord(uid=run.uid, store_key_id=cipher.key_id, from_sha=run.from_sha, to_sha=run.to_sha,
                              from_version=run.from_version, to_version=run.to_version, created_at=run.created_at,
                              worker=run.worker, mode=run.mode, checked=run.checked, changed=run.changed,
                              withdrawn=run.withdrawn, unreadable=run.unreadable, seconds=round(run.seconds, 3))
        s.add(rec)
        s.flush()
        assert rec.id is not None
        for e in run.entries:
            payload = {"version": e.version, "as_of": e.as_of, "city": e.city,
                       "changes": [asdict(c) for c in e.changes]}
            s.add(RecallEntryRecord(run_id=rec.id, case_id=e.case_id, changes_enc=cipher.encrypt_json(
                payload, table="rule_recall_entry", column="changes_enc", row=_entry_row(run.uid, e.case_id))))
        run.stored_id = rec.id
        return rec.id


def list_runs(engine: Engine, store: CaseStore) -> list[RecallRunRecord]:
    """Stored recall lists of this case store, newest first."""
    create_tables(engine)
    key_id = store._need_cipher().key_id
    with Session(engine) as s:
        rows = s.exec(select(RecallRunRecord).where(RecallRunRecord.store_key_id == key_id)
                      .order_by(col(RecallRunRecord.id).desc()))
        return list(rows)


def load_run(engine: Engine, store: CaseStore, run_id: int | None = None, *, to_sha: str | None = None,
             reveal: bool = False, visible: Callable[[int], bool] | None = None) -> RecallRun | None:
    """A stored recall list (default: the newest; or the newest for the change to ``to_sha``), decrypted."""
    cipher = store._need_cipher()
    create_tables(engine)
    with Session(engine) as s:
        q = select(RecallRunRecord).where(RecallRunRecord.store_key_id == cipher.key_id)
        if run_id is not None:
            q = q.where(RecallRunRecord.id == run_id)
        if to_sha is not None:
            q = q.where(RecallRunRecord.to_sha == to_sha)
        rec = s.exec(q.order_by(col(RecallRunRecord.id).desc())).first()
        if rec is None:
            return None
        rows = list(s.exec(select(RecallEntryRecord).where(RecallEntryRecord.run_id == rec.id)
                           .order_by(col(RecallEntryRecord.case_id))))
    run = RecallRun(rec.uid, rec.from_sha, rec.to_sha, rec.from_version, rec.to_version, rec.created_at, rec.worker,
                    rec.mode, rec.checked, rec.changed, rec.withdrawn, rec.unreadable, rec.seconds, [], rec.id)
    for row in rows:
        try:
            data = cipher.decrypt_json(row.changes_enc, table="rule_recall_entry", column="changes_enc",
                                       row=_entry_row(rec.uid, row.case_id))
        except DecryptionFailed:
            continue
        changes = [OptionChange(**c) for c in data["changes"]]
        run.entries.append(RecallEntry(row.case_id, data["version"], data["as_of"], data["city"], changes))
    attach_names(store, run.entries, reveal=reveal, visible=visible)
    return run


# ----------------------------------------------------------------------------- after an activation
def last_change(rules_engine: Engine) -> tuple[Pack, Pack] | None:
    """(previously active pack, active pack) from the activation history; None before any change."""
    from advisor.rules.store import activations

    history = activations(rules_engine)
    if not history:
        return None
    current = history[-1][1]
    previous = next((rec for _when, rec in reversed(history[:-1]) if rec.sha256 != current.sha256), None)
    if previous is None:
        return None
    return Pack.model_validate_json(previous.content_json), Pack.model_validate_json(current.content_json)


def recall_after_change(store: CaseStore, rules_engine: Engine, worker: str, *, recompute: bool = False,
                        compute: bool = True, reveal: bool = False, visible: Callable[[int], bool] | None = None,
                        progress: Callable[[int], None] | None = None) -> RecallRun | None:
    """The recall list for the last pack change: the stored one, else (when ``compute``) computed and
    stored now. None when the pack never changed, or nothing is stored and ``compute`` is False."""
    change = last_change(rules_engine)
    if change is None:
        return None
    old, new = change
    if not recompute:
        existing = load_run(rules_engine, store, to_sha=new.sha256, reveal=reveal, visible=visible)
        if existing is not None and existing.from_sha == old.sha256:
            return existing
    if not compute:
        return None
    run = compute_recall(store, worker, old, new, progress=progress)
    save_run(rules_engine, store, run)
    attach_names(store, run.entries, reveal=reveal, visible=visible)
    return run


def visible_to(session: Any) -> Callable[[int], bool] | None:
    """Which recall entries a logged-in user may see (``recall.view``): None = all (administrators),
    else only the user's own and assigned cases. Raises PermissionDenied (audit-logged) otherwise."""
    from advisor.cases.permissions import ALL, grant

    session.require("recall.view")
    if grant(session.role, "recall.view") == ALL:
        return None

    def own(case_id: int) -> bool:
        try:
            return bool(session.owns_case(case_id))
        except Exception:  # noqa: BLE001 - a case deleted meanwhile is simply not shown
            return False

    return own


# ----------------------------------------------------------------------------- words
_STATUS = {"eligible": ("可办理", "can apply now"), "eligible_later": ("以后可办理", "can apply later"),
           "not_eligible": ("暂不符合", "not eligible"), "needs_info": ("需补充信息", "more information needed")}
_FIELD = {"status": ("状态", "status"), "eligible_from": ("可办理日期", "opens on"), "total": ("积分", "points"),
          "threshold": ("分数线", "threshold"), "reaches_threshold_on": ("预计达线", "reaches the line")}


def subject_words(subject: str, lang: str) -> str:
    """``child:1`` → 子女2 / child 2 (no names)."""
    if subject.startswith("child:"):
        n = int(subject.split(":")[1]) + 1
        return f"子女{n}" if lang == "zh" else f"child {n}"
    return {"applicant": ("申请人", "applicant"), "household": ("全家", "household"),
            "spouse": ("配偶", "spouse")}.get(subject, ("", ""))[0 if lang == "zh" else 1]


def _val(name: str, value: Any, lang: str) -> str:
    if value is None:
        return "—"
    if name == "status":
        return _STATUS.get(value, (value, value))[0 if lang == "zh" else 1]
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def change_text(c: OptionChange, lang: str = "zh") -> str:
    """One line: what changed for one option, before → after."""
    zh = lang == "zh"
    who = subject_words(c.subject, lang)
    head = c.title.get(lang, c.item) + (f"（{who}）" if zh and who else f" ({who})" if who else "")
    if c.change == "added":
        st = _val("status", (c.after or {}).get("status"), lang)
        return f"{head}：新出现 — {st}" if zh else f"{head}: new — {st}"
    if c.change == "removed":
        st = _val("status", (c.before or {}).get("status"), lang)
        return f"{head}：不再适用（原为 {st}）" if zh else f"{head}: no longer applies (was {st})"
    parts = []
    for f in c.changed_fields():
        label = _FIELD.get(f, (f, f))[0 if zh else 1]
        parts.append(f"{label} {_val(f, (c.before or {}).get(f), lang)} → {_val(f, (c.after or {}).get(f), lang)}")
    return f"{head}：" + "；".join(parts) if zh else f"{head}: " + "; ".join(parts)


def run_lines(run: RecallRun, lang: str = "zh") -> list[str]:
    """The recall list as text lines."""
    zh = lang == "zh"
    shown = len(run.entries)
    lines = [(f"召回名单：规则包 {run.from_version} → {run.to_version}，检查 {run.checked} 户，"
              f"{shown} 户的结果有变化" if zh else
              f"Recall list: rule pack {run.from_version} → {run.to_version}; {run.checked} families checked, "
              f"{shown} with changed results")]
    if shown < run.changed:
        lines.append(f"  （只列出您可查看的个案；共 {run.changed} 户有变化）" if zh else
                     f"  (only the cases you may see are listed; {run.changed} changed in all)")
    if run.withdrawn or run.unreadable:
        lines.append(f"  未检查：{run.withdrawn} 户已撤回同意，{run.unreadable} 户无法读取" if zh else
                     f"  not checked: {run.withdrawn} withdrew consent, {run.unreadable} unreadable")
    for e in run.entries:
        name = e.name or e.name_masked
        lines.append(f"  个案 {e.case_id}  {name}  （{e.as_of}）" if zh else f"  case {e.case_id}  {name}  ({e.as_of})")
        for c in e.changes:
            lines.append(f"      {change_text(c, lang)}")
    return lines
