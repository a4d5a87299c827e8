"""Initial case-store schema (release 0.1): cases, versions, consents, letters, drafts, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from advisor.db import append_only_ddl

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _case_fk() -> sa.ForeignKey:
    return sa.ForeignKey("case_record.id", ondelete="CASCADE", name=None)


def upgrade() -> None:
    op.create_table(
        "key_slot",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slot", sa.String(60), nullable=False),
        sa.Column("kdf", sa.String(20), nullable=False),
        sa.Column("kdf_params", sa.String(200), nullable=False),
        sa.Column("salt", sa.LargeBinary, nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary, nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("slot", name="uq_key_slot_slot"),
    )
    op.create_table(
        "case_record",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(32), nullable=False),
        sa.Column("display_name", sa.String(100)),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("city", sa.String(20), nullable=False),
        sa.Column("district", sa.String(100)),
        sa.Column("needs", sa.String(200), nullable=False),
        sa.Column("id_number_enc", sa.LargeBinary),
        sa.Column("id_bidx", sa.String(32)),
        sa.Column("id_tail_bidx", sa.String(32)),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(40), nullable=False),
        sa.Column("worker", sa.String(40), nullable=False),
        sa.Column("retain_until", sa.String(10), nullable=False),
        sa.UniqueConstraint("uid", name="uq_case_record_uid"),
    )
    for column in ("name_key", "id_bidx", "id_tail_bidx", "created_at", "updated_at", "worker", "retain_until"):
        op.create_index(f"ix_case_record_{column}", "case_record", [column])
    op.create_table(
        "case_version",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, _case_fk(), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("saved_at", sa.String(32), nullable=False),
        sa.Column("worker", sa.String(40), nullable=False),
        sa.Column("case_enc", sa.LargeBinary, nullable=False),
        sa.Column("case_sha256", sa.String(64), nullable=False),
        sa.UniqueConstraint("case_id", "version", name="uq_case_version_case_id_version"),
    )
    op.create_index("ix_case_version_case_id", "case_version", ["case_id"])
    op.create_table(
        "consent_record",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(32), nullable=False),
        sa.Column("case_id", sa.Integer, _case_fk(), nullable=False),
        sa.Column("scope", sa.String(20), nullable=False),
        sa.Column("subject", sa.String(20), nullable=False),
        sa.Column("notice_version", sa.String(20), nullable=False),
        sa.Column("lang", sa.String(5), nullable=False),
        sa.Column("obtained_at", sa.String(32), nullable=False),
        sa.Column("worker", sa.String(40), nullable=False),
        sa.Column("guardian_enc", sa.LargeBinary),
        sa.Column("withdrawn_at", sa.String(32)),
        sa.Column("withdrawn_by", sa.String(40)),
        sa.UniqueConstraint("uid", name="uq_consent_record_uid"),
    )
    op.create_index("ix_consent_record_case_id", "consent_record", ["case_id"])
    op.create_table(
        "letter_issued",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(32), nullable=False),
        sa.Column("case_id", sa.Integer, _case_fk(), nullable=False),
        sa.Column("case_version", sa.Integer, nullable=False),
        sa.Column("issued_at", sa.String(32), nullable=False),
        sa.Column("worker", sa.String(40), nullable=False),
        sa.Column("template", sa.String(80), nullable=False),
        sa.Column("lang", sa.String(5), nullable=False),
        sa.Column("rule_pack_version", sa.String(40), nullable=False),
        sa.Column("rule_pack_sha256", sa.String(64), nullable=False),
        sa.Column("as_of", sa.String(10), nullable=False),
        sa.Column("input_sha256", sa.String(64), nullable=False),
        sa.Column("pdf_sha256", sa.String(64), nullable=False),
        sa.Column("pdf_enc", sa.LargeBinary),
        sa.UniqueConstraint("uid", name="uq_letter_issued_uid"),
    )
    op.create_index("ix_letter_issued_case_id", "letter_issued", ["case_id"])
    op.create_table(
        "draft",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(32), nullable=False),
        sa.Column("worker", sa.String(40), nullable=False),
        sa.Column("case_id", sa.Integer, _case_fk()),
        sa.Column("step", sa.String(40), nullable=False),
        sa.Column("payload_enc", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("uid", name="uq_draft_uid"),
    )
    for column in ("worker", "case_id", "updated_at"):
        op.create_index(f"ix_draft_{column}", "draft", [column])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("worker", sa.String(40), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.String(80), nullable=False),
        sa.Column("detail", sa.String(200), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("row_hash", sa.String(64), nullable=False),
    )
    create, _drop = append_only_ddl(op.get_bind().dialect.name, "audit_log")
    for statement in create:
        op.execute(statement)


def downgrade() -> None:
    _create, drop = append_only_ddl(op.get_bind().dialect.name, "audit_log")
    for statement in drop:
        op.execute(statement)
    for table in ("audit_log", "draft", "letter_issued", "consent_record", "case_version", "case_record", "key_slot"):
        op.drop_table(table)
