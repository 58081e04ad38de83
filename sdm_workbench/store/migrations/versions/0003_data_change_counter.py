"""data change counter

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 10:30:00.000000

SQLite only: a one-row ``data_changes`` table and, on every table, triggers that bump it on
each update and delete (see ``sdm_workbench.store.change_counter``). The data stamp reads it
instead of summing every row's version. PostgreSQL is left as it is.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sdm_workbench.store.change_counter import COUNTER_TABLE, create_triggers, drop_triggers

# store/migrate.py reads these two plain assignments with a regex: keep their form.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_NOT_COUNTED = {COUNTER_TABLE, "alembic_version"}


def _counted_tables() -> list[str]:
    names = sa.inspect(op.get_bind()).get_table_names()
    return sorted(name for name in names if name not in _NOT_COUNTED)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.create_table(
        COUNTER_TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("changes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute(f"INSERT INTO {COUNTER_TABLE} (id, changes) VALUES (1, 0)")
    for table in _counted_tables():
        for statement in create_triggers(table):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in _counted_tables():
        for statement in drop_triggers(table):
            op.execute(statement)
    op.drop_table(COUNTER_TABLE)
