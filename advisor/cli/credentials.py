"""Log-in for the command line: user name and password, never as arguments' values for the password.

The user name comes from ``--user`` (alias ``--worker``), else ``ADVISOR_USER``, else a prompt; the
password from ``ADVISOR_PASSWORD`` (scripted backups — set it only in the environment of that one
scheduled task, readable by nobody else: not in a shell profile, a script file or a shared
``.env``), else a no-echo prompt. Commands that touch personal data open a ``UserSession`` here and
act through it, so roles are checked by the service layer, exactly as in the window.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from advisor.cli.common import CliError

USER_ENV = "ADVISOR_USER"
PASSWORD_ENV = "ADVISOR_PASSWORD"  # noqa: S105 - the variable's name, not a secret
LEGACY_WORKER_ENV = "ADVISOR_WORKER"


def add_arguments(parser: argparse.ArgumentParser, *, db: bool = True) -> None:
    """``--db``, ``--user`` (alias ``--worker``) and ``--lang`` on a parser."""
    if db:
        parser.add_argument("--db", help="case database (default: the data folder's cases.db)")
    parser.add_argument("--user", "--worker", dest="worker",
                        help=f"your user name (default: ${USER_ENV}, else asked); the password is asked, or "
                             f"read from ${PASSWORD_ENV} for scheduled tasks")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")


def _tty() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def username(args: argparse.Namespace) -> str:
    """The user name to log in with (asked once, then kept on ``args``)."""
    from advisor.cases.base import WORKER_RE

    name = getattr(args, "worker", None) or os.environ.get(USER_ENV) or os.environ.get(LEGACY_WORKER_ENV)
    if not name:
        if not _tty():
            raise CliError(f"需要用户名：用 --user 指定，或设置环境变量 {USER_ENV} / "
                           f"a user name is needed: use --user or set {USER_ENV}")
        name = input("用户名 / user name: ")
    name = name.strip().lower()
    if not WORKER_RE.match(name):
        raise CliError("用户名无效（1-40 个字母、数字或 _.@-） / invalid user name (1-40 letters, digits or _.@-)")
    args.worker = name
    return name


def password(prompt: str = "密码 / password: ", *, env: bool = True) -> str:
    """The password: ``ADVISOR_PASSWORD`` (when ``env``), else asked without echo."""
    if env and os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if not _tty():
        raise CliError(f"需要密码：请在终端中运行，或为计划任务设置受保护的环境变量 {PASSWORD_ENV} / "
                       f"a password is needed: run in a terminal, or set {PASSWORD_ENV} for a scheduled task")
    return getpass.getpass(prompt)


def new_password(label: str = "新密码 / new password", *, env_name: str | None = None) -> str:
    """A new password: from the environment variable ``env_name`` if given and set, else typed twice."""
    if env_name and os.environ.get(env_name):
        return os.environ[env_name]
    if not _tty():
        raise CliError(f"需要新密码：请在终端中运行{f'，或设置 {env_name}' if env_name else ''} / "
                       f"a new password is needed: run in a terminal{f' or set {env_name}' if env_name else ''}")
    first = getpass.getpass(f"{label}: ")
    if getpass.getpass("再输入一次 / repeat: ") != first:
        raise CliError("两次输入的密码不一致 / the passwords differ")
    return first


def db_path(args: argparse.Namespace) -> Path:
    """``--db`` or the data folder's ``cases.db``."""
    from advisor.cases.store import default_path

    return Path(args.db) if getattr(args, "db", None) else default_path()


def open_store(args: argparse.Namespace, *, create: bool = False) -> Any:
    """The case store (checked and migrated, locked); CliError when missing or damaged."""
    from advisor.cases import CaseStore, CorruptDatabase, StoreError

    path = db_path(args)
    if not create and not path.exists():
        raise CliError(f"个案库不存在 / no case store at {path}")
    try:
        return CaseStore.open(path)
    except CorruptDatabase as exc:
        raise CliError(exc.message(args.lang) + " — advisor cases restore", 1) from None
    except StoreError as exc:
        raise CliError(exc.message(args.lang), 1) from None


def _fail(store: Any, session: Any, message: str, code: int = 2) -> CliError:
    if session is not None:
        session.logout()
    store.close()
    return CliError(message, code)


def sign_in(args: argparse.Namespace, action: str | None = None, *, store: Any = None) -> Any:
    """Open the store and log in: a ``UserSession``. ``action``: refuse at once (exit 2, audit-logged)
    unless the role allows it. Close with :func:`sign_out`."""
    from advisor.cases import SetupRequired, StoreError, accounts
    from advisor.cases.session import PasswordChangeRequired

    store = store if store is not None else open_store(args)
    if not store.has_accounts():
        raise _fail(store, None, SetupRequired().message(args.lang))
    try:
        session = accounts.login(store, username(args), password(), accounts.DEFAULT_POLICY)
    except StoreError as exc:
        raise _fail(store, None, exc.message(args.lang), 1 if exc.code == "decrypt" else 2) from None
    except (CliError, KeyboardInterrupt):
        store.close()
        raise
    if session.must_change_password and action != "account.password":
        raise _fail(store, session, PasswordChangeRequired().message(args.lang) + " — advisor users passwd")
    if action is not None:
        try:
            session.require(action)
        except StoreError as exc:
            raise _fail(store, session, exc.message(args.lang)) from None
    return session


def sign_out(session: Any) -> None:
    """Log out (the key is overwritten) and close the store."""
    session.logout()
    session.store.close()
