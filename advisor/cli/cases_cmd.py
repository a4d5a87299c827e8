"""``advisor cases list|show|export|delete|backup|restore|import``: the case store from the command line.

Every command logs in (``advisor.cli.credentials``: ``--user`` or ``ADVISOR_USER``; the password is
asked without echo, or read from ``ADVISOR_PASSWORD`` for scheduled backups) and acts through the
user's session, so roles apply: case workers see their own and assigned cases, backups and restores
are for administrators. A store without accounts needs ``advisor setup`` first. Errors are one
paragraph without personal data; bad input or a refusal exits 2, a damaged database or a failed
check exits 1.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from advisor.cli import credentials
from advisor.cli.common import CliError

_LONG_DIGITS = re.compile(r"[0-9Xx]{6,}")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``cases`` command group."""
    common = argparse.ArgumentParser(add_help=False)
    credentials.add_arguments(common)
    p = sub.add_parser("cases", help="stored cases: list, show, export, delete, backup, restore, import / 个案库")
    cs = p.add_subparsers(dest="cases_command", metavar="ACTION", required=True)

    q = cs.add_parser("list", parents=[common], help="list or search cases (ID numbers masked)")
    q.add_argument("--name", help="name, or part of it")
    q.add_argument("--id", dest="id_number", help="last 4 or more characters of the ID number")
    q.add_argument("--city", choices=["beijing", "shanghai", "guangzhou", "shenzhen", "other"])
    q.add_argument("--district")
    q.add_argument("--from", dest="date_from", help="saved on or after YYYY-MM-DD")
    q.add_argument("--to", dest="date_to", help="saved on or before YYYY-MM-DD")
    q.add_argument("--created", action="store_true", help="filter dates on creation instead of last save")
    q.add_argument("--saved-by", help="only cases last saved by this user name")
    q.add_argument("--limit", type=int, default=50)
    q.add_argument("--format", choices=["text", "json"], default="text")
    q.set_defaults(func=run_list)

    s = cs.add_parser("show", parents=[common], help="show one case file (JSON)")
    s.add_argument("case_id", type=int)
    s.add_argument("--version", type=int)
    s.set_defaults(func=run_show)

    e = cs.add_parser("export", parents=[common], help="export everything stored about a family (JSON, PDF)")
    e.add_argument("case_id", type=int)
    e.add_argument("--out", required=True, help="JSON file to write")
    e.add_argument("--pdf", help="also write a readable PDF here")
    e.set_defaults(func=run_export)

    d = cs.add_parser("delete", parents=[common], help="delete a case for good (versions, consents, letters, drafts)")
    d.add_argument("case_id", type=int)
    d.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    d.set_defaults(func=run_delete)

    b = cs.add_parser("backup", parents=[common], help="make a verified backup and rotate old ones")
    b.set_defaults(func=run_backup)

    r = cs.add_parser("restore", parents=[common], help="restore a verified backup (default: the newest)")
    r.add_argument("backup", nargs="?", help="backup file (default: the newest that verifies)")
    r.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    r.set_defaults(func=run_restore)

    i = cs.add_parser("import", parents=[common], help="save a case file into the store")
    i.add_argument("case", help="case file (advisor-case/1 JSON)")
    i.add_argument("--case-id", type=int, help="save as a new version of this case")
    i.add_argument("--consent", default="", help="consents obtained: general,id_number,health,criminal")
    i.add_argument("--consent-file", help='JSON: {"scopes": [...], "notice_version": "...", "lang": "zh", '
                                          '"guardian": {"name": "...", "relation": "..."}}')
    i.add_argument("--notice-version", help="privacy-notice version shown (default: the current one)")
    i.set_defaults(func=run_import)

    from advisor.cli import recall_cmd  # ``cases recall``: families whose results changed with the rules

    recall_cmd.add_parser(cs, common)


# ---------------------------------------------------------------------------- helpers

def _redact(text: str) -> str:
    """Keep long digit runs (ID numbers, dates of birth) out of error messages."""
    return _LONG_DIGITS.sub("…", text)


def _worker(args: argparse.Namespace) -> str:
    """The user name of whoever runs the command (the worker in the audit log)."""
    return credentials.username(args)


def _db_path(args: argparse.Namespace) -> Path:
    return credentials.db_path(args)


def _session(args: argparse.Namespace, action: str | None = None) -> Any:
    """Log in (``action``: refuse at once unless the role allows it); close with ``credentials.sign_out``."""
    return credentials.sign_in(args, action)


def _date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(f"{option} 日期无效 / invalid {option} date: use YYYY-MM-DD") from None


def _run(args: argparse.Namespace, action: Any) -> int:
    from advisor.cases import StoreError

    try:
        return int(action() or 0)
    except StoreError as exc:
        raise CliError(_redact(exc.message(args.lang)), 1 if exc.code in ("corrupt", "decrypt") else 2) from None


# ---------------------------------------------------------------------------- subcommands

def run_list(args: argparse.Namespace) -> int:
    """List or search cases (a case worker sees their own and assigned cases)."""
    session = _session(args)

    def act() -> int:
        rows = session.search(name=args.name, id_number=args.id_number, city=args.city, district=args.district,
                              date_from=_date(args.date_from, "--from"), date_to=_date(args.date_to, "--to"),
                              date_field="created" if args.created else "updated", worker=args.saved_by,
                              limit=args.limit)
        if args.format == "json":
            print(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2))
            return 0
        for r in rows:
            print(f"{r.case_id:>6}  {r.name or '—'}  {r.city}  {r.district or '—'}  {r.id_masked or '—'}  "
                  f"{r.updated_at[:16].replace('T', ' ')}  {r.worker}")
        print(f"({len(rows)} 个个案 / cases)")
        return 0

    try:
        return _run(args, act)
    finally:
        credentials.sign_out(session)


def run_show(args: argparse.Namespace) -> int:
    """Print one case file."""
    from advisor.domain.validation import case_to_json_dict

    session = _session(args)
    try:
        def act() -> int:
            stored = session.get_case(args.case_id, version=args.version)
            print(json.dumps(case_to_json_dict(stored.case), ensure_ascii=False, indent=2))
            return 0

        return _run(args, act)
    finally:
        credentials.sign_out(session)


def run_export(args: argparse.Namespace) -> int:
    """Write the person's data as JSON (and a readable PDF)."""
    session = _session(args)
    try:
        export = _export(args, session)
    finally:
        credentials.sign_out(session)
    from advisor.cases.export import readable
    from advisor.letters.atomic import OutputError, write_atomic  # temp file (mode 0600) + os.replace
    from advisor.letters.export_pdf import build_export_pdf

    try:
        write_atomic(Path(args.out), json.dumps(export, ensure_ascii=False, indent=2).encode("utf-8"))
        print(f"已导出 / exported: {args.out}")
        if args.pdf:
            build_export_pdf(readable(export, args.lang), Path(args.pdf), lang=args.lang)
            print(f"已导出 / exported: {args.pdf}")
    except OutputError as exc:
        raise CliError(exc.message(args.lang), 1) from None
    return 0


def _export(args: argparse.Namespace, session: Any) -> dict[str, Any]:
    from advisor.cases import StoreError

    try:
        return session.export_person(args.case_id)
    except StoreError as exc:
        raise CliError(_redact(exc.message(args.lang))) from None


def run_delete(args: argparse.Namespace) -> int:
    """Deep-delete a case."""
    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError("删除需要确认：加上 --yes / deleting needs confirmation: add --yes")
        answer = input(f"永久删除个案 {args.case_id}（含全部版本、同意记录、信函、草稿）？输入 yes 确认 / type yes: ")
        if answer.strip().lower() != "yes":
            print("未删除 / not deleted")
            return 0
    from advisor.cases import StoreError

    session = _session(args)
    try:
        report = session.delete_case(args.case_id)
    except StoreError as exc:
        raise CliError(exc.message(args.lang)) from None
    finally:
        credentials.sign_out(session)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(report.rows.items()))
    print(f"已删除个案 {args.case_id} / deleted case {args.case_id}: {counts}")
    return 0


def run_backup(args: argparse.Namespace) -> int:
    """Make a verified backup (administrators; ``ADVISOR_USER``/``ADVISOR_PASSWORD`` for a scheduled task)."""
    from advisor.cases import StoreError

    session = _session(args, "backup.create")
    try:
        made = session.backup()
    except StoreError as exc:
        raise CliError(exc.message(args.lang), 1) from None
    finally:
        credentials.sign_out(session)
    print(f"备份完成并已校验 / backup made and verified: {made}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """Restore a backup after verifying it (administrators); the current database goes to quarantine.

    When the live database is damaged (or missing) nobody can log in to it: the administrator's
    password is then checked against the accounts inside the backup itself.
    """
    from advisor.cases import (
        BackupInvalid,
        CaseStore,
        CorruptDatabase,
        StoreError,
        account_admin,
        accounts,
        backup,
        migrate,
    )

    path = _db_path(args)
    backups_dir = path.parent / "backups"
    candidate = Path(args.backup) if args.backup else None
    if candidate is None:
        candidate = next((b for b in backup.list_backups(backups_dir)
                          if not backup.verify_file(b, None, migrate.known_revisions())), None)
        if candidate is None:
            raise CliError(f"没有可用的已验证备份 / no verified backup in {backups_dir}", 1)
    if not candidate.is_file():
        raise CliError(f"备份文件不存在 / no such backup file: {candidate}")
    try:
        store = CaseStore.open(path) if path.exists() else None
    except CorruptDatabase:
        store = None  # already moved to quarantine; put the backup in its place
    # Checks that need no key come before the log-in, so a refused backup leaves the live file
    # byte-identical (a log-in writes to the audit log).
    problems = backup.verify_file(candidate, None, migrate.known_revisions())
    if not problems and store is not None and backup.key_fingerprint(candidate) not in \
            (None, backup.key_fingerprint(path)):
        problems = ["made with a different centre key"]
    if problems:
        if store is not None:
            store.close()
        raise CliError(BackupInvalid(candidate.name, problems).message(args.lang))
    session = None
    if store is not None:
        session = credentials.sign_in(args, "backup.restore", store=store)
    else:
        try:
            account_admin.check_admin_in_backup(candidate, credentials.username(args), credentials.password(),
                                                accounts.DEFAULT_POLICY)
        except StoreError as exc:
            raise CliError(exc.message(args.lang)) from None
    if not args.yes:
        if not sys.stdin.isatty():
            if session is not None:
                credentials.sign_out(session)
            raise CliError("恢复需要确认：加上 --yes / restoring needs confirmation: add --yes")
        if input(f"用 {candidate.name} 替换当前个案库？输入 yes 确认 / type yes: ").strip().lower() != "yes":
            if session is not None:
                credentials.sign_out(session)
            print("未恢复 / not restored")
            return 0
    try:
        if session is not None:
            moved = session.restore(candidate)
        else:
            moved = backup.restore_file(path, candidate, datetime.now(UTC), None, migrate.known_revisions())
            restored = CaseStore.open(path)  # migrates if the backup is older
            try:  # who restored it, checked against the backup's own accounts above
                label = re.sub(r"[^A-Za-z0-9_.-]", "_", candidate.name[6:28])
                restored._audit_alone(credentials.username(args), "backup.restore", f"backup:{label}")
            finally:
                restored.close()
    except StoreError as exc:
        raise CliError(exc.message(args.lang)) from None
    finally:
        if session is not None:
            credentials.sign_out(session)
    print(f"已从 {candidate.name} 恢复 / restored from {candidate.name}"
          + (f"; 原数据库已移至 / previous database moved to {moved}" if moved else ""))
    return 0


def _consents(args: argparse.Namespace, default_notice: str) -> list[Any]:
    from advisor.cases import SCOPES, Consent

    scopes = [s.strip() for s in args.consent.split(",") if s.strip()]
    notice, lang, guardian = args.notice_version or default_notice, args.lang, {}
    if args.consent_file:
        try:
            spec = json.loads(Path(args.consent_file).read_text("utf-8"))
            scopes += list(spec.get("scopes", []))
            notice = spec.get("notice_version", notice)
            lang = spec.get("lang", lang)
            guardian = spec.get("guardian") or {}
        except (OSError, ValueError, AttributeError, TypeError):
            raise CliError("同意文件无法读取或不是有效的 JSON / the consent file cannot be read as JSON") from None
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        raise CliError(f"未知的同意范围 / unknown consent scope: {', '.join(unknown)} (allowed: {', '.join(SCOPES)})")
    out = []
    for scope in dict.fromkeys(scopes):
        if scope == "guardian":
            out.append(Consent("guardian", notice, lang, subject="children", guardian_name=guardian.get("name"),
                               guardian_relation=guardian.get("relation")))
        else:
            out.append(Consent(scope, notice, lang))
    return out


def run_import(args: argparse.Namespace) -> int:
    """Save a case file (a new case, or a new version with --case-id)."""
    from advisor.cases import StoreError
    from advisor.domain.validation import CaseError, load_case_file

    try:
        case = load_case_file(args.case)
    except CaseError as exc:
        raise CliError(_redact(exc.message(args.lang))) from None
    session = _session(args)
    try:
        consents = _consents(args, session.store.settings.notice_version)
        case_id = session.save_case(case, args.case_id, consents=consents)
    except StoreError as exc:
        raise CliError(_redact(exc.message(args.lang))) from None
    except CaseError as exc:
        raise CliError(_redact(exc.message(args.lang))) from None
    finally:
        credentials.sign_out(session)
    print(f"已保存个案 {case_id} / saved case {case_id}")
    return 0
