"""Accounts: the centre, staff accounts (roles, argon2id hashes, log-in throttling), case assignments.

Only new tables: nothing existing is rebuilt, so every row stays as it was. Per-user key slots and
the recovery slot are rows of the existing ``key_slot`` table (``user:<uid>``, ``recovery``). The
data key itself cannot be re-wrapped here (that needs the centre passphrase): the first-run setup
(``advisor.cases.accounts.setup_centre``) does it, then removes the shared ``centre`` slot.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "centre",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(40), nullable=False),
    )
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(32), nullable=False),
        sa.Column("username", sa.String(40), nullable=False),
        sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("must_change_password", sa.Boolean, nullable=False),
        sa.Column("failed_count", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.String(32)),
        sa.Column("last_login_at", sa.String(32)),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(40), nullable=False),
        sa.UniqueConstraint("uid", name="uq_user_account_uid"),
        sa.UniqueConstraint("username", name="uq_user_account_username"),
        sa.CheckConstraint("role IN ('caseworker', 'admin', 'auditor')", name="ck_user_account_role_known"),
        sa.CheckConstraint("failed_count >= 0", name="ck_user_account_failed_count_positive"),
    )
    op.create_table(
        "case_assignment",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("case_record.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("user_account.id"), nullable=False),
        sa.Column("assigned_at", sa.String(32), nullable=False),
        sa.Column("assigned_by", sa.String(40), nullable=False),
        sa.UniqueConstraint("case_id", "user_id", name="uq_case_assignment_case_id_user_id"),
    )
    op.create_index("ix_case_assignment_case_id", "case_assignment", ["case_id"])
    op.create_index("ix_case_assignment_user_id", "case_assignment", ["user_id"])


def downgrade() -> None:
    for table in ("case_assignment", "user_account", "centre"):
        op.drop_table(table)
