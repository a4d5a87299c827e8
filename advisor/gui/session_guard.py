"""Who is at the keyboard: the Account menu, "lock now", the idle lock, log-out and switching users.

On lock (idle time up, or Ctrl+L): unsaved answers are saved as an encrypted draft while the key is
still there; open dialogs are closed; the interview, results, what-if pane, case list, search box and
window title are cleared; the key is dropped (``UserSession.lock``); the panes are replaced by the lock
screen, and the toolbar and menus are hidden. Unlocking with the same password brings the work back
(from the draft); another worker may log in instead, which logs the first out — their draft stays in
the store, encrypted, offered to them at their next log-in.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar

from advisor.gui.i18n import lang, tr
from advisor.gui.idle_lock import IdleWatcher, LockScreen, close_dialogs


class SessionGuard(QObject):
    """The Account menu and the lock / unlock / log-out flow of the main window."""

    def __init__(self, window: Any):
        super().__init__(window)
        self.window = window
        self.idle = IdleWatcher(window.settings.idle_lock_seconds, parent=self)
        self.idle.timed_out.connect(self.lock)
        self.lock_screen: LockScreen | None = None
        self._panes: Any = None
        self._resume: dict[str, Any] | None = None
        self._enabled: dict[QAction, bool] = {}
        self.menu: QMenu | None = None
        self.act_login = self._action(None, self.log_in)
        self.act_lock = self._action("Ctrl+L", self.lock)
        self.act_logout = self._action(None, self.log_out)
        self.act_password = self._action(None, self.change_password)
        self.act_users = self._action(None, self.manage_users)
        self.act_assign = self._action(None, self.assign_case)
        self.act_audit = self._action(None, self.show_audit_log)
        self.update_actions()

    def _action(self, keys: str | None, slot: Any) -> QAction:
        a = QAction(self.window)
        if keys:
            # the window sets shortcuts one event-loop turn after it is shown (see MainWindow._action)
            self.window._shortcuts.append((a, keys))
        a.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(a)
        return a

    @property
    def locked(self) -> bool:
        """True while the lock screen is shown."""
        return self.lock_screen is not None

    # ------------------------------------------------------------------ menu
    def add_menu(self, bar: QMenuBar) -> QMenu:
        """The Account menu (placed by the window)."""
        self.menu = bar.addMenu("")
        for a in (self.act_login, self.act_lock, self.act_logout, self.act_password, None, self.act_users,
                  self.act_assign, self.act_audit):
            self.menu.addSeparator() if a is None else self.menu.addAction(a)
        self.retranslate()
        return self.menu

    def update_actions(self) -> None:
        """Enable what the logged-in user's role allows (the service layer checks again)."""
        s = self.window.services
        active = s is not None and s.session_active()

        def can(action: str) -> bool:
            return bool(active and s.can(action))

        self.act_login.setVisible(not active and s is not None and s.store_opened())
        self.act_lock.setEnabled(active)
        self.act_logout.setEnabled(active)
        self.act_password.setEnabled(active)
        self.act_users.setVisible(can("user.manage"))
        self.act_assign.setVisible(can("case.assign"))
        self.act_audit.setVisible(can("audit.view"))

    def retranslate(self) -> None:
        """Texts in the current language (called by the window)."""
        user = self.window.services.current_user() if self.window.services is not None else None
        if self.menu is not None:
            self.menu.setTitle(tr("&Account") + (f" ({user[0]})" if user else ""))
        for action, text in ((self.act_login, tr("Log in…")), (self.act_lock, tr("Lock now")),
                             (self.act_logout, tr("Log out")),
                             (self.act_password, tr("Change my password…")), (self.act_users, tr("Accounts…")),
                             (self.act_assign, tr("Share this case with workers…")),
                             (self.act_audit, tr("Audit log…"))):
            action.setText(text)
        if self.lock_screen is not None:
            self.lock_screen.retranslate()

    # ------------------------------------------------------------------ session start / end
    def session_started(self) -> None:
        """After a log-in: menus for the role, the idle lock armed (timeout from the settings)."""
        s = self.window.services
        self.update_actions()
        self.retranslate()
        if s is not None and s.session_active():
            self.idle.timeout = self.window.settings.idle_lock_seconds
            self.idle.start()
        else:
            self.idle.stop()

    def log_in(self) -> None:
        """Log in later (after "Work without the case store")."""
        self.window.open_store()

    def log_out(self) -> None:
        """Log out (asking about unsaved answers first), then offer the log-in again."""
        w = self.window
        if w.services is None or not w.services.session_active() or not w._confirm_discard():
            return
        close_dialogs(w)
        self._clear_personal_data()
        w.cases.session_files = []  # case files this user opened: not for the next one
        w.services.sign_out()
        self.idle.stop()
        self.update_actions()
        self.retranslate()
        w.cases.refresh()
        w.open_store()

    # ------------------------------------------------------------------ lock / unlock
    def lock(self) -> None:
        """Hide personal data, keep unsaved answers as an encrypted draft, drop the key, show the lock screen."""
        from PySide6.QtWidgets import QApplication

        w = self.window
        s = w.services
        if s is None or self.locked or not s.session_active():
            return
        resume: dict[str, Any] = {"case_id": w.case_id, "path": w.current_path, "draft": None, "answers": None,
                                  "page": w.interview.current_page() if w.interview is not None else 0}
        if w.interview is not None and w.dirty:
            w._autosave.stop()
            w.autosave()  # encrypted, while the key is still in memory
            if w.draft_id is not None:
                resume["draft"] = w.draft_id
            else:  # the draft could not be written (disk full…): keep the answers in memory, off the screen
                resume["answers"] = w.interview.answers.payload(resume["page"])
        close_dialogs(w)
        self._clear_personal_data()
        user = s.current_user()
        s.lock_session()
        self._resume = resume
        self.lock_screen = LockScreen(user[0] if user else "", user[1] if user else "", w)
        self.lock_screen.unlock_requested.connect(self.try_unlock)
        self._panes = w.takeCentralWidget()
        w.setCentralWidget(self.lock_screen)
        self._set_chrome(False)
        self.idle.stop()
        self.update_actions()
        w.show_message(tr("Locked"))
        QApplication.processEvents()
        self.lock_screen.focus_password()

    def try_unlock(self, username: str, password: str) -> bool:
        """The locked user's password (back to the work), or another user's log-in (a fresh start)."""
        from advisor.gui.services import ServiceError

        w = self.window
        s = w.services
        screen = self.lock_screen
        if screen is None:
            return False
        # the same user, still locked (not logged out meanwhile): unlock; anyone else: a new log-in
        same = username.strip().lower() == screen.locked_user and s.session_locked()
        try:
            if same:
                s.unlock_session(password)
            else:
                s.switch_user(username, password)
        except ServiceError as exc:
            screen.show_error(exc.message(lang()))
            return False
        screen.password.clear()
        w.takeCentralWidget()
        w.setCentralWidget(self._panes)
        self._panes = None
        screen.deleteLater()
        self.lock_screen = None
        self._set_chrome(True)
        resume, self._resume = self._resume, None
        if same and resume is not None:
            self._resume_work(resume)
        elif not same:
            w.cases.session_files = []  # the first user's case files are not the next user's
        if s.must_change_password():
            from advisor.gui.login import ChangePasswordDialog

            if not ChangePasswordDialog(s, w, first=True).exec():
                s.sign_out()
        w.cases.refresh()
        self.session_started()
        w.show_message(tr("Unlocked"))
        if not same and s.session_active():
            w.offer_drafts()
        return True

    def _resume_work(self, resume: dict[str, Any]) -> None:
        from advisor.gui.interview.answers import Answers
        from advisor.gui.services import ServiceError

        w = self.window
        try:
            if resume["draft"] is not None:
                answers, page = Answers.from_payload(w.services.load_draft(resume["draft"]))
                w.start_case(answers, resume["path"], resume["case_id"])
                w.draft_id = resume["draft"]
                w.dirty = True
                w.interview.go_to(page)
                w._update_title()
            elif resume["answers"] is not None:
                answers, page = Answers.from_payload(resume["answers"])
                w.start_case(answers, resume["path"], resume["case_id"])
                w.dirty = True
                w.interview.go_to(page)
                w._update_title()
            elif resume["case_id"] is not None:
                w.start_case(Answers(w.services.case_dict(w.services.open_case(resume["case_id"]))), None,
                             resume["case_id"])
                w.interview.go_to(resume["page"])
            elif resume["path"] is not None:
                w.load_file(resume["path"])
                w.interview.go_to(resume["page"])
        except ServiceError as exc:
            w._warn(tr("The work could not be restored"), exc)

    def _clear_personal_data(self) -> None:
        """Empty every widget that may show a family's data."""
        from advisor.gui.interview.answers import Answers

        w = self.window
        if w.interview is not None:
            w.start_case(Answers({"city": None}), None)
        if w.results is not None:
            w.results.show_message(tr("Locked"))
        if w.whatif is not None:
            w.whatif.clear_changes()
            w.whatif.set_case(None, [])
        w.search.blockSignals(True)
        w.search.clear()
        w.search.blockSignals(False)
        if w.cases is not None:
            w.cases.search_text = ""
            w.cases.list.clear()
        w.saved_label.clear()
        w.message.clear()
        w.dirty = False
        w._update_title()

    def _set_chrome(self, shown: bool) -> None:
        """Toolbar, menus and every shortcut: off while locked (the search box is in the toolbar)."""
        from PySide6.QtWidgets import QToolBar

        w = self.window
        w.menuBar().setVisible(shown)
        for bar in w.findChildren(QToolBar):
            bar.setVisible(shown)
        if not shown:
            self._enabled = {a: a.isEnabled() for a in w.actions()}
            for a in self._enabled:
                a.setEnabled(False)
        else:
            for a, on in self._enabled.items():
                a.setEnabled(on)
            self._enabled = {}
            self.update_actions()

    # ------------------------------------------------------------------ account dialogs
    def change_password(self) -> None:
        """Change one's own password."""
        from advisor.gui.login import ChangePasswordDialog

        if ChangePasswordDialog(self.window.services, self.window).exec():
            self.window.show_message(tr("Password changed"))

    def manage_users(self) -> None:
        """Accounts (administrators)."""
        from advisor.gui.users_admin import UsersDialog

        UsersDialog(self.window.services, self.window).exec()

    def assign_case(self) -> None:
        """Share the open stored case with workers (administrators)."""
        from PySide6.QtWidgets import QMessageBox

        from advisor.gui.users_admin import AssignDialog

        if self.window.case_id is None:
            QMessageBox.information(self.window, tr("Share the case with workers"),
                                    tr("Open a stored case first (or save this one in the case store)."))
            return
        AssignDialog(self.window.services, self.window.case_id, self.window).exec()

    def show_audit_log(self) -> None:
        """The audit log (administrators, auditors)."""
        from advisor.gui.users_admin import AuditLogDialog

        AuditLogDialog(self.window.services, self.window).exec()
