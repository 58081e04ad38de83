"""The database refuses invalid rows by itself, whoever writes them."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from sdm_workbench.store import Store

from .sample import build_sample

BAD_SQL = [
    "UPDATE raid_items SET probability = 7",
    "UPDATE tasks SET finish_date = '2020-01-01'",
    "UPDATE budget_months SET planned = -1",
    "UPDATE tasks SET percent_complete = 101",
    "UPDATE survey_responses SET nps = 11",
    "UPDATE tickets SET resolved_at = '2000-01-01 00:00:00.000000'",
    "UPDATE services SET delivery_model = 'telepathy'",
    "UPDATE dependencies SET successor_id = predecessor_id",
    "UPDATE projects SET service_id = 4242",
    "UPDATE people SET name = '  '",
    "INSERT INTO services (code, name, delivery_model, stage, criticality, uid, version) "
    "SELECT code, 'dup', delivery_model, stage, criticality, 'u-1', 1 FROM services",
    "UPDATE budget_lines SET service_id = project_id",
    "UPDATE tasks SET is_milestone = 1, duration_days = 5",
]


@pytest.mark.parametrize("statement", BAD_SQL)
def test_raw_sql_violations_fail(store: Store, statement: str) -> None:
    build_sample(store)
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(text(statement))


def test_foreign_keys_are_enforced_on_every_connection(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
