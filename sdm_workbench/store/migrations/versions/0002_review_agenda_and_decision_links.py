"""review agenda edits and decision links

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 09:00:00.000000

Decisions say which service or project was under discussion (``service_id``, ``project_id``,
SET NULL when it is deleted), and ``review_agenda_items`` keeps each review's agenda edits:
order, hidden items, title overrides, presenter notes and free items.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# store/migrate.py reads these two plain assignments with a regex: keep their form.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_agenda_items",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("agenda_key", sa.String(length=48), nullable=True),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "agenda_key IS NOT NULL OR title IS NOT NULL",
            name=op.f("ck_review_agenda_items_free_item_title"),
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["reviews.id"],
            name=op.f("fk_review_agenda_items_review_id_reviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_agenda_items")),
        sa.UniqueConstraint("review_id", "agenda_key", name="uq_review_agenda_key"),
        sa.UniqueConstraint("uid", name=op.f("uq_review_agenda_items_uid")),
    )
    with op.batch_alter_table("review_agenda_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_agenda_items_review_id"), ["review_id"], unique=False
        )

    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("service_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("project_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_decisions_project_id_projects"),
            "projects",
            ["project_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_decisions_service_id_services"),
            "services",
            ["service_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_decisions_service_id_services"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_decisions_project_id_projects"), type_="foreignkey")
        batch_op.drop_column("project_id")
        batch_op.drop_column("service_id")

    with op.batch_alter_table("review_agenda_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_agenda_items_review_id"))

    op.drop_table("review_agenda_items")
