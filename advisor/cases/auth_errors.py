"""Errors of accounts and permissions: bilingual, and never with a password, a name or case contents."""

from __future__ import annotations

from advisor.cases.errors import InvalidInput, StoreError


class LoginFailed(StoreError):
    """Unknown user name or wrong password (the message does not say which)."""

    code = "login_failed"

    def __init__(self) -> None:
        super().__init__("用户名或密码错误", "wrong user name or password")


class LoginThrottled(StoreError):
    """Too many failed log-ins in a row: the next attempt must wait (progressive delay)."""

    code = "login_wait"

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        super().__init__(f"登录失败次数过多：请在 {seconds} 秒后再试",
                         f"too many failed log-ins: try again in {seconds} seconds")


class AccountDisabled(StoreError):
    """The account was disabled by an administrator."""

    code = "disabled"

    def __init__(self) -> None:
        super().__init__("此账户已停用，请联系管理员", "this account is disabled: ask an administrator")


class PermissionDenied(StoreError):
    """The role of the logged-in user does not allow the action (or not on this case)."""

    code = "denied"

    def __init__(self, action: str, role: str, action_zh: str, action_en: str, role_zh: str,
                 on_case: bool = False) -> None:
        self.action = action
        self.role = role
        where_zh = "（该个案不是您建立的，也未分配给您）" if on_case else ""
        where_en = " (the case is neither yours nor assigned to you)" if on_case else ""
        super().__init__(f"没有权限：{role_zh}不能{action_zh}{where_zh}",
                         f"not allowed: a {role} cannot {action_en}{where_en}")


class SessionLocked(StoreError):
    """The session is locked (idle lock or "lock now") or logged out: the key is not in memory."""

    code = "session_locked"

    def __init__(self) -> None:
        super().__init__("已锁定：请输入密码解锁", "locked: enter your password to unlock")


class AccountsRequired(StoreError):
    """The store uses personal accounts: the shared centre passphrase no longer opens it."""

    code = "accounts_required"

    def __init__(self) -> None:
        super().__init__("此个案库使用个人账户：请用您的用户名和密码登录",
                         "this case store uses personal accounts: log in with your user name and password")


class SetupRequired(StoreError):
    """No centre and no administrator yet: run the first-run setup."""

    code = "setup_required"

    def __init__(self) -> None:
        super().__init__("还没有设置中心和管理员账户：请先完成首次设置（advisor setup）",
                         "no centre and administrator yet: run the first-run setup first (advisor setup)")


class AlreadySetUp(StoreError):
    """The first-run setup was already done for this store."""

    code = "already_set_up"

    def __init__(self) -> None:
        super().__init__("此个案库已完成首次设置", "this case store is already set up")


class RecoveryKeyWrong(StoreError):
    """The recovery key does not open the recovery slot."""

    code = "recovery_wrong"

    def __init__(self) -> None:
        super().__init__("恢复密钥不正确", "the recovery key is wrong")


class PasswordRejected(InvalidInput):
    """A new password that does not meet the rules (length, differs from the user name…)."""

    code = "password_rejected"


class UserProblem(InvalidInput):
    """A user name, role or account change that cannot be made."""

    code = "user_problem"
