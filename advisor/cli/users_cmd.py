"""``advisor setup``, ``advisor users …`` and ``advisor audit``: accounts and roles from the command line.

``setup`` is the first run (the centre, its first administrator, the recovery key — printed once;
a store made before accounts needs its old centre passphrase this once). ``users`` commands are for
administrators, except ``passwd`` (one's own password) and ``recover`` (a forgotten password, with
the recovery key). ``audit`` shows the audit log to administrators and auditors.

Passwords are never arguments: they are asked without echo, or read from ``ADVISOR_PASSWORD`` (the
caller's own) and ``ADVISOR_NEW_PASSWORD`` (a password being set) for scripts — keep such an
environment readable by nobody else.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from advisor.cli import credentials
from advisor.cli.common import CliError

NEW_PASSWORD_ENV = "ADVISOR_NEW_PASSWORD"  # noqa: S105 - the variable's name, not a secret
PASSPHRASE_ENV = "ADVISOR_PASSPHRASE"  # noqa: S105 - the old centre passphrase (setup of an old store only)
RECOVERY_ENV = "ADVISOR_RECOVERY_KEY"


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``setup``, ``users`` and ``audit``."""
    common = argparse.ArgumentParser(add_help=False)
    credentials.add_arguments(common)

    s = sub.add_parser("setup", parents=[common], help="first run: the centre and its first administrator / 首次设置")
    s.add_argument("--centre", required=True, help="the centre's name")
    s.add_argument("--display-name", help="the administrator's name as shown (default: the user name)")
    s.set_defaults(func=run_setup)

    p = sub.add_parser("users", help="accounts: list, add, disable, enable, reset, role, assign, passwd, recover "
                                     "/ 账户管理")
    us = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    q = us.add_parser("list", parents=[common], help="every account (administrators)")
    q.add_argument("--format", choices=["text", "json"], default="text")
    q.set_defaults(func=run_list)
    a = us.add_parser("add", parents=[common], help="a new account with a temporary password")
    a.add_argument("username")
    a.add_argument("--name", required=True, help="the worker's name as shown in the app")
    a.add_argument("--role", choices=["caseworker", "admin", "auditor"], default="caseworker")
    a.set_defaults(func=run_add)
    for name, helptext, func in (("disable", "disable an account (its key copy is deleted)", run_disable),
                                 ("enable", "enable an account again, with a temporary password", run_enable),
                                 ("reset", "give an account a temporary password", run_reset)):
        c = us.add_parser(name, parents=[common], help=helptext)
        c.add_argument("username")
        c.set_defaults(func=func)
    r = us.add_parser("role", parents=[common], help="change an account's role")
    r.add_argument("username")
    r.add_argument("role", choices=["caseworker", "admin", "auditor"])
    r.set_defaults(func=run_role)
    g = us.add_parser("assign", parents=[common], help="share cases with a worker (or --remove)")
    g.add_argument("username")
    g.add_argument("case_ids", nargs="*", type=int)
    g.add_argument("--created-by", help="every case created under this worker id (cases from before accounts)")
    g.add_argument("--remove", action="store_true", help="stop sharing instead")
    g.set_defaults(func=run_assign)
    w = us.add_parser("passwd", parents=[common], help="change your own password")
    w.set_defaults(func=run_passwd)
    v = us.add_parser("recover", parents=[common], help="forgotten password: set a new one with the recovery key")
    v.add_argument("username")
    v.set_defaults(func=run_recover)
    k = us.add_parser("recovery-key", parents=[common], help="make a new recovery key (the old one stops working)")
    k.set_defaults(func=run_recovery_key)

    t = sub.add_parser("audit", parents=[common], help="the audit log (administrators, auditors) / 处理记录")
    t.add_argument("--limit", type=int, default=100)
    t.add_argument("--verify", action="store_true", help="check the hash chain; exit 1 when broken")
    t.add_argument("--format", choices=["text", "json"], default="text")
    t.set_defaults(func=run_audit)


def _act(args: argparse.Namespace, session: Any, fn: Any) -> Any:
    from advisor.cases import StoreError

    try:
        return fn()
    except StoreError as exc:
        raise CliError(exc.message(args.lang), 1 if exc.code == "decrypt" else 2) from None
    finally:
        credentials.sign_out(session)


def _new_password(label: str) -> str:
    return credentials.new_password(label, env_name=NEW_PASSWORD_ENV)


def _print_recovery(key: str, lang: str) -> None:
    if lang == "en":
        print("RECOVERY KEY — print it or write it down now and keep it locked away. It is shown only once;\n"
              "with it a forgotten administrator password can be reset, without it the data would be lost.")
    else:
        print("恢复密钥——请立即打印或抄写，锁好保管。只显示这一次；\n忘记管理员密码时用它重设密码，没有它数据将无法找回。")
    print(f"\n    {key}\n")


# ---------------------------------------------------------------------------------------------- setup
def run_setup(args: argparse.Namespace) -> int:
    """First run: the centre and its first administrator; prints the recovery key once."""
    from advisor.cases import StoreError, accounts

    store = credentials.open_store(args, create=True)
    try:
        state = accounts.setup_state(store)
        if state == "done":
            raise CliError("此个案库已完成首次设置 / this case store is already set up")
        username = credentials.username(args)
        passphrase = None
        if state == "passphrase":
            passphrase = os.environ.get(PASSPHRASE_ENV) or credentials.password(
                "原来的中心密码（只需这一次） / the old centre passphrase (needed this once): ", env=False)
        password = credentials.password("管理员密码 / administrator password: ") \
            if os.environ.get(credentials.PASSWORD_ENV) else _new_password("管理员密码 / administrator password")
        try:
            result = accounts.setup_centre(store, centre_name=args.centre, username=username,
                                           display_name=args.display_name or username, password=password,
                                           passphrase=passphrase, policy=accounts.DEFAULT_POLICY)
        except StoreError as exc:
            raise CliError(exc.message(args.lang)) from None
        result.session.logout()
        print(f"已设置中心和管理员 {result.session.username} / centre and administrator set up")
        _print_recovery(result.recovery_key, args.lang)
        return 0
    finally:
        store.close()


# ---------------------------------------------------------------------------------------------- users
def run_list(args: argparse.Namespace) -> int:
    """Every account."""
    session = credentials.sign_in(args, "user.manage")
    users = _act(args, session, session.list_users)
    if args.format == "json":
        print(json.dumps([u.__dict__ for u in users], ensure_ascii=False, indent=2))
        return 0
    for u in users:
        state = "停用 / disabled" if u.disabled else \
            ("须改密码 / must change password" if u.must_change_password else "")
        print(f"{u.username:<20} {u.role:<11} {u.display_name}  {state}".rstrip())
    return 0


def run_add(args: argparse.Namespace) -> int:
    """A new account with a temporary password."""
    session = credentials.sign_in(args, "user.manage")
    password = _new_password("临时密码 / temporary password")
    info = _act(args, session, lambda: session.add_user(args.username, args.name, args.role, password))
    print(f"已添加 {info.username}（{info.role}），首次登录时须修改密码 / added {info.username} ({info.role}); "
          "the password must be changed at the first log-in")
    return 0


def run_disable(args: argparse.Namespace) -> int:
    """Disable an account."""
    session = credentials.sign_in(args, "user.manage")
    info = _act(args, session, lambda: session.disable_user(args.username))
    print(f"已停用 {info.username} / disabled {info.username}")
    return 0


def run_enable(args: argparse.Namespace) -> int:
    """Enable an account with a temporary password."""
    session = credentials.sign_in(args, "user.manage")
    password = _new_password("临时密码 / temporary password")
    info = _act(args, session, lambda: session.enable_user(args.username, password))
    print(f"已重新启用 {info.username} / enabled {info.username}")
    return 0


def run_reset(args: argparse.Namespace) -> int:
    """A temporary password for an account."""
    session = credentials.sign_in(args, "user.manage")
    password = _new_password("临时密码 / temporary password")
    info = _act(args, session, lambda: session.reset_password(args.username, password))
    print(f"已重设 {info.username} 的密码 / reset the password of {info.username}")
    return 0


def run_role(args: argparse.Namespace) -> int:
    """Change an account's role."""
    session = credentials.sign_in(args, "user.manage")
    info = _act(args, session, lambda: session.set_role(args.username, args.role))
    print(f"{info.username}: {info.role}")
    return 0


def run_assign(args: argparse.Namespace) -> int:
    """Share cases with a worker (or stop sharing them)."""
    from sqlmodel import select

    from advisor.cases.models import CaseRecord

    session = credentials.sign_in(args, "case.assign")
    case_ids = list(args.case_ids)
    if args.created_by:
        with session.store._read() as s:
            case_ids += list(s.exec(select(CaseRecord.id).where(CaseRecord.created_by == args.created_by)))
    if not case_ids:
        credentials.sign_out(session)
        raise CliError("请给出个案编号或 --created-by / give case ids or --created-by")

    def act() -> int:
        for cid in dict.fromkeys(case_ids):
            (session.unassign_case if args.remove else session.assign_case)(cid, args.username)
        return len(case_ids)

    n = _act(args, session, act)
    print(f"{'已取消' if args.remove else '已分配'} {n} 个个案 / {'unassigned' if args.remove else 'assigned'} {n} "
          f"case(s): {args.username}")
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    """Change one's own password."""
    session = credentials.sign_in(args, "account.password")
    old = credentials.password("当前密码 / current password: ")
    new = _new_password("新密码 / new password")
    _act(args, session, lambda: session.change_password(old, new))
    print("密码已修改 / password changed")
    return 0


def run_recover(args: argparse.Namespace) -> int:
    """A forgotten password: the recovery key sets a new one."""
    from advisor.cases import StoreError, accounts

    store = credentials.open_store(args)
    try:
        key = os.environ.get(RECOVERY_ENV)
        if not key:
            if not sys.stdin.isatty():
                raise CliError(f"需要恢复密钥：请在终端中运行，或设置 {RECOVERY_ENV} / the recovery key is needed")
            key = input("恢复密钥 / recovery key: ")
        password = _new_password("新密码 / new password")
        try:
            session = accounts.recover(store, key, args.username, password, accounts.DEFAULT_POLICY)
        except StoreError as exc:
            raise CliError(exc.message(args.lang)) from None
        session.logout()
    finally:
        store.close()
    print("密码已重设。请尽快生成新的恢复密钥（advisor users recovery-key） / password reset; make a new recovery "
          "key soon (advisor users recovery-key)")
    return 0


def run_recovery_key(args: argparse.Namespace) -> int:
    """A new recovery key, printed once."""
    session = credentials.sign_in(args, "user.manage")
    key = _act(args, session, session.renew_recovery_key)
    _print_recovery(key, args.lang)
    return 0


# ---------------------------------------------------------------------------------------------- audit
def run_audit(args: argparse.Namespace) -> int:
    """The newest audit entries (ids and codes only); ``--verify`` checks the hash chain."""
    session = credentials.sign_in(args, "audit.view")

    def act() -> tuple[list[Any], list[int]]:
        return session.audit_entries(args.limit), (session.verify_audit() if args.verify else [])

    rows, broken = _act(args, session, act)
    if args.format == "json":
        print(json.dumps({"entries": [r.__dict__ for r in rows], "broken": broken}, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            print(f"{r.entry_id:>7}  {r.at[:19].replace('T', ' ')}  {r.worker:<16} {r.action:<16} {r.target:<16} "
                  f"{r.detail}".rstrip())
    if args.verify:
        if broken:
            print(f"审计日志被改动：第 {', '.join(map(str, broken[:10]))} 条 / the audit log was altered at entries "
                  f"{', '.join(map(str, broken[:10]))}", file=sys.stderr)
            return 1
        print("审计日志完整 / the audit log is intact")
    return 0
