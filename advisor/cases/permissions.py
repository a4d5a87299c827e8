"""Who may do what: the permission table (reliability.md S2, C33), enforced by ``UserSession``.

One table drives the code (``UserSession.require`` looks every action up here), the window (menus
are enabled with ``can``) and the table-driven test over every (role, action) pair
(``tests/accounts/test_permissions.py``). Grants:

``ALL``       allowed — on every case when the action is about a case;
``ASSIGNED``  only on the user's own cases (created by them) and cases an administrator assigned to
              them; lists show only those;
``None``      refused: ``PermissionDenied`` (bilingual) and an ``access.denied`` audit entry (ids and
              action codes only).

Other features call ``require(session, "report.view")`` (or ``session.require(action, case_id)``)
at their entry point before touching the store, and may filter queries on ``case_record`` with
``case_scope(session)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select, true

from advisor.cases.models import CaseAssignment, CaseRecord

if TYPE_CHECKING:
    from advisor.cases.session import UserSession

CASEWORKER, ADMIN, AUDITOR = "caseworker", "admin", "auditor"
ROLES = (CASEWORKER, ADMIN, AUDITOR)
ALL, ASSIGNED = "all", "assigned"

# action: (caseworker, admin, auditor)
PERMISSIONS: dict[str, tuple[str | None, str | None, str | None]] = {
    "case.create": (ALL, ALL, None),
    "case.list": (ASSIGNED, ALL, None),
    "case.view": (ASSIGNED, ALL, None),
    "case.edit": (ASSIGNED, ALL, None),
    "case.consent": (ASSIGNED, ALL, None),
    "case.print": (ASSIGNED, ALL, None),
    "case.export": (ASSIGNED, ALL, None),
    "case.delete": (ASSIGNED, ALL, None),
    "case.assign": (None, ALL, None),
    "draft.own": (ALL, ALL, None),
    "recall.view": (ASSIGNED, ALL, None),
    "report.view": (None, ALL, ALL),
    "audit.view": (None, ALL, ALL),
    "backup.create": (None, ALL, None),
    "backup.restore": (None, ALL, None),
    "retention.manage": (None, ALL, None),
    "rulepack.manage": (None, ALL, None),
    "template.manage": (None, ALL, None),
    "user.manage": (None, ALL, None),
    "account.password": (ALL, ALL, ALL),
}

# Actions about one case: with an ASSIGNED grant they need the case id to be checked.
CASE_ACTIONS = frozenset({"case.view", "case.edit", "case.consent", "case.print", "case.export", "case.delete",
                          "case.assign"})

ACTION_NAMES: dict[str, tuple[str, str]] = {
    "case.create": ("建立个案", "create a case"),
    "case.list": ("查看个案列表", "list cases"),
    "case.view": ("查看个案", "view a case"),
    "case.edit": ("修改个案", "change a case"),
    "case.consent": ("记录或撤回同意", "record or withdraw consent"),
    "case.print": ("为个案打印信函", "print a letter for a case"),
    "case.export": ("导出个人信息", "export a person's data"),
    "case.delete": ("删除个案", "delete a case"),
    "case.assign": ("分配个案", "assign cases"),
    "draft.own": ("保存面谈草稿", "keep interview drafts"),
    "recall.view": ("查看回访名单", "see the recall list"),
    "report.view": ("查看中心统计报告", "see the centre report"),
    "audit.view": ("查看处理记录", "see the audit log"),
    "backup.create": ("备份个案库", "make backups"),
    "backup.restore": ("从备份恢复", "restore a backup"),
    "retention.manage": ("执行保存期限清理", "run the retention purge"),
    "rulepack.manage": ("导入或回退规则包", "import or roll back rule packs"),
    "template.manage": ("修改信函模板", "change letter templates"),
    "user.manage": ("管理账户", "manage accounts"),
    "account.password": ("修改自己的密码", "change their own password"),
}
ROLE_NAMES: dict[str, tuple[str, str]] = {
    CASEWORKER: ("个案工作人员", "case worker"),
    ADMIN: ("管理员", "administrator"),
    AUDITOR: ("审计员", "auditor"),
}


def grant(role: str, action: str) -> str | None:
    """The table's cell: ``ALL``, ``ASSIGNED`` or None (unknown actions and roles are refused)."""
    row = PERMISSIONS.get(action)
    if row is None or role not in ROLES:
        return None
    return row[ROLES.index(role)]


def allowed(role: str, action: str, *, owns_case: bool | None = None) -> bool:
    """Whether ``role`` may do ``action``; for case actions, ``owns_case`` says whether the case is the
    user's own or assigned (None: not about one case)."""
    g = grant(role, action)
    if g is None:
        return False
    if g == ALL:
        return True
    return owns_case is not False  # ASSIGNED: lists are filtered; one case must be the user's


def require(session: UserSession, action: str, case_id: int | None = None) -> None:
    """Raise ``PermissionDenied`` (audit-logged) unless the session's user may do ``action``.

    The call every feature makes at its entry point, e.g. ``require(session, "report.view")`` or
    ``require(session, "case.view", case_id)``. A locked or logged-out session raises SessionLocked.
    """
    session.require(action, case_id)


def case_scope(session: UserSession, action: str = "case.list") -> Any:
    """A SQLAlchemy condition on ``case_record`` selecting the cases ``session`` may see for
    ``action`` (everything for ``ALL``; own and assigned for ``ASSIGNED``). Call ``require`` first."""
    g = grant(session.role, action)
    if g == ALL:
        return true()
    if g is None:
        return CaseRecord.id.is_(None)  # type: ignore[union-attr]  # nothing
    assigned = select(CaseAssignment.case_id).where(CaseAssignment.user_id == session.user_id)
    return or_(CaseRecord.created_by == session.username, CaseRecord.id.in_(assigned))  # type: ignore[union-attr]
