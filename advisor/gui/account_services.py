"""Accounts for the window, part of the :class:`~advisor.gui.services.Services` adapter (a mixin).

The window never holds the data key or a ``CaseStore`` of its own: it signs in here, and every case
operation of the adapter goes through ``self.session`` (an ``advisor.cases.UserSession``), so the
permission table applies to the window exactly as to the command line. Errors become
``ServiceError`` with the message in Chinese and English.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class AccountServices:
    """Setup, log-in, lock, user administration, assignments and the audit log."""

    _store: Any
    worker: str
    session: Any = None
    account_policy: Any = None  # None: advisor.cases.accounts.DEFAULT_POLICY (tests give a faster one)

    # ------------------------------------------------------------------ helpers
    def _policy(self) -> Any:
        from advisor.cases import accounts

        return self.account_policy or accounts.DEFAULT_POLICY

    @staticmethod
    def _wrap(fn: Callable[[], Any]) -> Any:
        from advisor.cases import StoreError
        from advisor.gui.services import ServiceError

        try:
            return fn()
        except StoreError as exc:
            err = ServiceError(exc.message("zh"), exc.message("en"))
            err.code = exc.code  # type: ignore[attr-defined]
            err.seconds = getattr(exc, "seconds", 0)  # type: ignore[attr-defined]
            raise err from None

    def _need_open(self) -> Any:
        from advisor.gui.services import NotAvailable

        if self._store is None:
            raise NotAvailable("个案库没有打开。", "The case store is not open.")
        return self._store

    def _need_session(self, action: str | None = None) -> Any:
        from advisor.gui.services import NotAvailable

        if self.session is None or not self.session.active:
            raise NotAvailable("请先登录。", "Log in first.")
        if action is not None:
            self._wrap(lambda: self.session.require(action))
        return self.session

    def _start(self, session: Any) -> None:
        old, self.session = self.session, session
        if old is not None and old is not session:
            old.logout()
        self.worker = session.username

    # ------------------------------------------------------------------ setup and log-in
    def setup_state(self) -> str:
        """``new`` / ``passphrase`` (first-run setup needed), ``done`` (log in), ``closed`` (no store)."""
        if self._store is None:
            return "closed"
        from advisor.cases import accounts

        return accounts.setup_state(self._store)

    def store_centre(self) -> str:
        """The centre's name as set up in the case store ('' before the setup)."""
        from advisor.cases import accounts

        return (accounts.centre_name(self._store) or "") if self._store is not None else ""

    def set_up_centre(self, centre: str, username: str, display_name: str, password: str,
                      passphrase: str | None = None) -> str:
        """First run: the centre and its administrator (logged in); returns the recovery key to show once."""
        from advisor.cases import accounts

        store = self._need_open()
        result = self._wrap(lambda: accounts.setup_centre(store, centre_name=centre, username=username,
                                                          display_name=display_name, password=password,
                                                          passphrase=passphrase or None, policy=self._policy()))
        self._start(result.session)
        return str(result.recovery_key)

    def sign_in(self, username: str, password: str) -> None:
        """Log in (replacing whoever was logged in); ServiceError says why not (``code``, ``seconds``)."""
        from advisor.cases import accounts

        store = self._need_open()
        self._start(self._wrap(lambda: accounts.login(store, username, password, self._policy())))

    def recover_password(self, recovery_key: str, username: str, new_password: str) -> None:
        """A forgotten password: the recovery key sets a new one and logs the user in."""
        from advisor.cases import accounts

        store = self._need_open()
        self._start(self._wrap(lambda: accounts.recover(store, recovery_key, username, new_password,
                                                        self._policy())))

    def session_active(self) -> bool:
        """Someone is logged in and the screen is not locked."""
        return self.session is not None and self.session.active

    def session_locked(self) -> bool:
        """Someone is logged in but the key was dropped (idle lock, "lock now")."""
        return self.session is not None and not self.session.logged_out and not self.session.key_loaded

    def current_user(self) -> tuple[str, str, str] | None:
        """(user name, display name, role) of whoever is logged in (also while locked)."""
        s = self.session
        if s is None or s.logged_out:
            return None
        return s.username, s.display_name, s.role

    def must_change_password(self) -> bool:
        """True after a reset or for a new account: the password must be changed first."""
        return bool(self.session is not None and self.session.active and self.session.must_change_password)

    def can(self, action: str) -> bool:
        """Whether the logged-in user's role allows ``action`` (menus; the session checks again)."""
        return bool(self.session is not None and self.session.active and self.session.can(action))

    def lock_session(self) -> None:
        """Drop the key (idle lock); ``unlock_session`` or ``switch_user`` brings a user back."""
        if self.session is not None:
            self.session.lock()

    def unlock_session(self, password: str) -> None:
        """The locked user's password again."""
        if self.session is None:
            self._need_session()
        self._wrap(lambda: self.session.unlock(password))

    def switch_user(self, username: str, password: str) -> None:
        """Another user logs in at the lock screen; the first one is logged out (their drafts stay theirs)."""
        self.sign_in(username, password)

    def sign_out(self) -> None:
        """Log out: the key is overwritten and dropped."""
        if self.session is not None:
            self.session.logout()
            self.session = None

    def change_password(self, old: str, new: str, again: str) -> None:
        """Change the logged-in user's own password."""
        session = self._need_session()
        self._wrap(lambda: session.change_password(old, new, again))

    # ------------------------------------------------------------------ administration
    def users(self) -> list[Any]:
        """Every account (administrators)."""
        return self._wrap(lambda: self._need_session().list_users())

    def add_user(self, username: str, display_name: str, role: str, password: str) -> Any:
        """A new account with a temporary password."""
        return self._wrap(lambda: self._need_session().add_user(username, display_name, role, password))

    def disable_user(self, username: str) -> Any:
        """Disable an account."""
        return self._wrap(lambda: self._need_session().disable_user(username))

    def enable_user(self, username: str, password: str) -> Any:
        """Enable an account with a temporary password."""
        return self._wrap(lambda: self._need_session().enable_user(username, password))

    def reset_password(self, username: str, password: str) -> Any:
        """A temporary password for an account."""
        return self._wrap(lambda: self._need_session().reset_password(username, password))

    def set_role(self, username: str, role: str) -> Any:
        """Change an account's role."""
        return self._wrap(lambda: self._need_session().set_role(username, role))

    def new_recovery_key(self) -> str:
        """A new recovery key (show it once)."""
        return str(self._wrap(lambda: self._need_session().renew_recovery_key()))

    def assignable_users(self) -> list[Any]:
        """Enabled case workers and administrators."""
        return self._wrap(lambda: self._need_session().assignable_users())

    def case_assignments(self, case_id: int) -> list[str]:
        """User names a stored case is assigned to."""
        return self._wrap(lambda: self._need_session().assignments(case_id))

    def assign_case(self, case_id: int, username: str, assigned: bool = True) -> None:
        """Share a stored case with a worker (or stop sharing it)."""
        s = self._need_session()
        self._wrap(lambda: (s.assign_case if assigned else s.unassign_case)(case_id, username))

    def audit_entries(self, limit: int = 500) -> list[Any]:
        """The newest audit entries (ids and codes only)."""
        return self._wrap(lambda: self._need_session().audit_entries(limit))

    def verify_audit(self) -> list[int]:
        """Entries whose hash chain is broken ([] when intact)."""
        return self._wrap(lambda: self._need_session().verify_audit())
