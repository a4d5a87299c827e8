"""Rule-pack updates from a signed file: check, show what changes, activate atomically, roll back.

The steps the CLI (``advisor rules import/rollback``) and the window (``rules_update_view``) share:

1. :func:`stage_update` — :func:`advisor.rules.packfile.open_pack_file` (signature against the
   trusted keys first, then the hostile-archive checks and the strict loader), the pack's own
   scenario tests, and only then the diff against the active pack (the first time the rules
   database is opened at all). Nothing is written but the staging folder.
2. The caller shows ``update.diff`` and asks.
3. :func:`activate_update` — ``import_pack`` in one transaction (the previous pack stays stored);
   a downgrade (older date/version) is refused unless ``allow_older``.
4. :func:`rollback` — re-activates the pack that was active before (``activate``: atomic, logged in
   the activation history with reason ``rollback``).

Every outcome (accepted, refused with its code, rolled back) is appended to
``data_dir()/logs/rule-updates.log`` (JSON lines: time, file name, hashes, versions, signer key id,
who — the user name, or the operating-system account on the command line — and the result); the
rules database itself is not touched by a refused pack.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from advisor.rules.diff import PackDiff, diff_packs
from advisor.rules.pack import Pack
from advisor.rules.packfile import PackFileError, Problem, StagedPack, open_pack_file
from advisor.rules.signing import PublicKey, trusted_keys
from advisor.rules.store import (
    ImportOutcome,
    RulePackRecord,
    activate,
    activations,
    active_record,
    ensure_bundled,
    import_pack,
    list_packs,
)


@dataclass
class StagedUpdate:
    """A checked pack file, ready to be shown and activated."""

    staged: StagedPack
    current: Pack
    diff: PackDiff
    scenario_failures: list[str] = field(default_factory=list)
    scenario_count: int = 0

    @property
    def pack(self) -> Pack:
        """The candidate pack."""
        return self.staged.pack

    @property
    def already_active(self) -> bool:
        """The file holds the pack that is already active."""
        return self.current.sha256 == self.pack.sha256

    def cleanup(self) -> None:
        """Remove the staging folder."""
        self.staged.cleanup()

    def __enter__(self) -> StagedUpdate:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cleanup()


def log_path() -> Path:
    """``data_dir()/logs/rule-updates.log``."""
    from advisor.paths import data_dir

    return data_dir() / "logs" / "rule-updates.log"


def log_event(event: str, **fields: Any) -> None:
    """Append one JSON line to the update log (never raises: logging must not block an update)."""
    try:
        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"at": datetime.now(UTC).isoformat(timespec="seconds"), "event": event, **fields},
                          ensure_ascii=False, sort_keys=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as f:
            f.write(line + "\n")
    except OSError:
        pass


def current_pack(engine: Engine) -> Pack:
    """The active pack (the bundled one is imported first if the store is new)."""
    from advisor.paths import bundled_rules_dir

    return ensure_bundled(engine, bundled_rules_dir())


def stage_update(path: str | Path, engine: Engine, *, keys: list[PublicKey] | None = None,
                 staging_parent: str | Path | None = None, run_tests: bool = True) -> StagedUpdate:
    """Check a pack file and compare it with the active pack; raise PackFileError when refused."""
    from advisor.rules.scenarios import run_scenarios

    keys = trusted_keys() if keys is None else keys
    try:
        staged = open_pack_file(path, keys, staging_parent=staging_parent)
    except PackFileError as exc:
        log_event("refused", file=Path(path).name, code=exc.code, problems=[p.en for p in exc.problems][:10])
        raise
    try:
        update = StagedUpdate(staged, staged.pack, None)  # type: ignore[arg-type]  # compared below
        if run_tests:
            try:
                results = run_scenarios(staged.pack, staged.root)
            except Exception as exc:  # noqa: BLE001 - e.g. a scenario's case file is missing, not JSON, too deep
                raise PackFileError([Problem("tests/", f"场景测试无法运行：{exc.__class__.__name__}",
                                             f"the scenario tests cannot run: {exc.__class__.__name__}: "
                                             f"{str(exc)[:200]}")], "invalid") from None
            update.scenario_count = len(results)
            failed = [r for r in results if not r.passed]
            update.scenario_failures = [f"{r.file}: {r.name}: {'; '.join(r.failures)[:300]}" for r in failed]
            if failed:
                raise PackFileError([Problem(r.file, f"场景测试未通过（{r.name}）：{'; '.join(r.failures)[:300]}",
                                             f"scenario test fails ({r.name}): {'; '.join(r.failures)[:300]}")
                                     for r in failed[:20]], "invalid")
        # only a pack that passed every check gets near the rules database (read: the active pack)
        update.current = current_pack(engine)
        update.diff = diff_packs(update.current, staged.pack)
    except PackFileError as exc:
        staged.cleanup()
        log_event("refused", file=Path(path).name, code=exc.code, sha256=staged.pack.sha256,
                  problems=[p.en for p in exc.problems][:10])
        raise
    except BaseException:
        staged.cleanup()
        raise
    return update


def activate_update(engine: Engine, update: StagedUpdate, *, allow_older: bool = False, by: str = "") -> ImportOutcome:
    """Store and activate the staged pack in one transaction (the previous pack stays for rollback)."""
    if update.diff.older and not allow_older and not update.already_active:
        log_event("refused", file=update.staged.path.name, code="older", sha256=update.pack.sha256)
        raise PackFileError([Problem("", f"这个规则包（{update.pack.manifest.version}，{update.pack.manifest.date}）"
                                         f"比当前的（{update.current.manifest.version}，{update.current.manifest.date}）"
                                         "旧。若确需退回旧规则，请明确选择允许降级。",
                                     f"this pack ({update.pack.manifest.version}, {update.pack.manifest.date}) is "
                                     f"older than the active one ({update.current.manifest.version}, "
                                     f"{update.current.manifest.date}); allow a downgrade explicitly if that is "
                                     "really wanted.")], "older")
    outcome = import_pack(engine, update.staged.root, origin="import", activate=True, pack=update.pack)
    log_event("activated", file=update.staged.path.name, sha256=update.pack.sha256,
              version=update.pack.manifest.version, previous=update.current.sha256,
              signer=update.staged.signer.key_id, new_in_store=outcome.created, by=by)
    return outcome


def rollback_target(engine: Engine) -> RulePackRecord | None:
    """The pack that was active before the current one (None when there is none)."""
    history = activations(engine)
    current = active_record(engine)
    if current is None:
        return None
    for _when, rec in reversed(history):
        if rec.sha256 != current.sha256:
            return rec
    return None


def find_pack(engine: Engine, sha_prefix: str) -> RulePackRecord:
    """A stored pack by (a unique prefix of) its SHA-256; KeyError otherwise."""
    found = [r for r in list_packs(engine) if r.sha256.startswith(sha_prefix.lower())]
    if len(found) != 1:
        raise KeyError(sha_prefix)
    return found[0]


def rollback(engine: Engine, target: RulePackRecord, *, by: str = "") -> RulePackRecord:
    """Make ``target`` the active pack again (atomic; recorded as a rollback)."""
    previous = active_record(engine)
    rec = activate(engine, target.sha256, reason="rollback")
    log_event("rollback", sha256=rec.sha256, version=rec.version, previous=previous.sha256 if previous else None,
              by=by)
    return rec


def stored_pack(rec: RulePackRecord) -> Pack:
    """The pack of a stored row."""
    return Pack.model_validate_json(rec.content_json)

