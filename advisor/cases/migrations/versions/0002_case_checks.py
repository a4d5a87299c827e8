"""Length and version CHECKs on case_record; composite indexes for the case list (city, name).

SQLite cannot add a CHECK to an existing table, so batch mode recreates case_record (copy, drop,
rename). Its children (versions, consents, letters, drafts) reference it with ON DELETE CASCADE:
the migration runner switches foreign keys off first, or the drop would delete every child row.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CHECKS = {
    "display_name_len": "length(display_name) <= 100",
    "name_key_len": "length(name_key) <= 200",
    "version_positive": "version >= 1",
}


def upgrade() -> None:
    with op.batch_alter_table("case_record", recreate="always") as batch:
        for name, condition in CHECKS.items():
            batch.create_check_constraint(name, condition)
        batch.drop_index("ix_case_record_name_key")
        batch.create_index("ix_case_record_name_key_updated", ["name_key", "updated_at"])
        batch.create_index("ix_case_record_city_updated", ["city", "updated_at"])


def downgrade() -> None:
    with op.batch_alter_table("case_record", recreate="always") as batch:
        for name in CHECKS:
            batch.drop_constraint(op.f(f"ck_case_record_{name}"), type_="check")
        batch.drop_index("ix_case_record_city_updated")
        batch.drop_index("ix_case_record_name_key_updated")
        batch.create_index("ix_case_record_name_key", ["name_key"])
