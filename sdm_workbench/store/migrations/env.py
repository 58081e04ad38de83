"""Alembic environment: always run from the store with a live connection (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from sdm_workbench.domain import Base
from sdm_workbench.domain import kinds as _kinds  # noqa: F401  (registers every model)
from sdm_workbench.store.change_counter import COUNTER_METADATA

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through sdm_workbench.store.migrate, not the alembic CLI.")

context.configure(
    connection=connection,
    target_metadata=[Base.metadata, COUNTER_METADATA],
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
