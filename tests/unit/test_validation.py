"""Row validation: typed coercion and the messages a manager reads."""

from __future__ import annotations

from datetime import date, datetime
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sdm_workbench.domain import DomainError
from sdm_workbench.domain.enums import RaidType
from sdm_workbench.domain.graph import find_cycle, find_path
from sdm_workbench.domain.validation import fmt, required_columns, validate


def test_text_from_a_form_or_csv_is_coerced_to_column_types() -> None:
    clean = validate(
        "ticket",
        {
            "external_id": " INC0001 ",
            "service_id": "3",
            "priority": "2.0",
            "opened_at": "2026-03-02 09:15",
            "resolved_first_contact": "yes",
            "kind": "Request",
        },
    )
    assert clean == {
        "external_id": "INC0001",
        "service_id": 3,
        "priority": 2,
        "opened_at": datetime(2026, 3, 2, 9, 15),
        "resolved_first_contact": True,
        "kind": clean["kind"],
    }
    assert clean["kind"].value == "request"


def test_a_budget_month_is_always_the_first_of_its_month() -> None:
    clean = validate("budget_month", {"line_id": 1, "month": date(2026, 5, 17), "planned": "1200"})
    assert clean["month"] == date(2026, 5, 1)
    assert clean["planned"] == 1200.0


def test_enum_names_and_values_are_accepted_case_insensitively() -> None:
    assert (
        validate("raid_item", {"type": "RISK", "title": "x", "code": "RSK-1"})["type"]
        is RaidType.RISK
    )


@pytest.mark.parametrize(
    ("kind", "values", "message"),
    [
        (
            "task",
            {
                "project_id": 1,
                "name": "Build",
                "start_date": "2026-03-05",
                "finish_date": "2026-03-03",
            },
            "Finish (3 Mar 2026) is before start (5 Mar 2026).",
        ),
        (
            "ticket",
            {
                "external_id": "I",
                "service_id": 1,
                "opened_at": "2026-03-02 10:00",
                "resolved_at": "2026-03-02 09:00",
            },
            "Resolved (2 Mar 2026 09:00) is before opened (2 Mar 2026 10:00).",
        ),
        (
            "raid_item",
            {"code": "R", "type": "risk", "title": "x", "probability": 0, "impact": 3},
            "Probability must be between 1 and 5, not 0.",
        ),
        (
            "raid_item",
            {"code": "R", "type": "risk", "title": "x", "probability": 2},
            "Give both probability and impact, or neither.",
        ),
        (
            "budget_line",
            {"category": "travel", "name": "Trips"},
            "A budget line belongs to one project or one service.",
        ),
        (
            "budget_line",
            {"project_id": 1, "category": "travel", "name": "T", "currency": "e1"},
            "Currency 'E1' must be a three-letter code such as EUR.",
        ),
        (
            "task",
            {"project_id": 1, "name": "x", "start_date": "soon", "finish_date": "2026-01-01"},
            "Start must be a date (YYYY-MM-DD), not 'soon'.",
        ),
        (
            "service",
            {"code": "S", "name": "x", "criticality": "urgent"},
            "Criticality must be one of: low, medium, high, critical (not 'urgent').",
        ),
        ("service", {"code": "S"}, "Name is required."),
        (
            "service",
            {"code": "S", "name": "x", "colour": "red"},
            "Services have no field 'colour'.",
        ),
        (
            "calendar",
            {"code": "C", "name": "x", "mon_hours": "18:00-08:00"},
            "Mon hours: 18:00-08:00 ends before it starts.",
        ),
        ("raci", {"role": "A", "project_id": 1}, "A RACI entry names one person or one team."),
        ("person", {"name": "x" * 121}, "Name is too long (121 characters; at most 120)."),
        (
            "task",
            {
                "project_id": 1,
                "name": "x",
                "start_date": "2026-01-01",
                "finish_date": "2026-01-01",
                "percent_complete": "120%",
            },
            "% complete must be between 0 and 100, not 120.",
        ),
    ],
)
def test_refusals_say_what_is_wrong(kind: str, values: dict[str, object], message: str) -> None:
    with pytest.raises(DomainError) as refused:
        validate(kind, values)
    assert message in [p.message for p in refused.value.problems]


def test_changes_are_validated_against_the_existing_row() -> None:
    existing = {
        "id": 1,
        "project_id": 1,
        "name": "x",
        "start_date": date(2026, 3, 5),
        "finish_date": date(2026, 3, 9),
    }
    with pytest.raises(DomainError, match="is before start"):
        validate("task", {"finish_date": "2026-03-01"}, existing)
    assert validate("task", {"finish_date": "2026-03-10"}, existing) == {
        "finish_date": date(2026, 3, 10)
    }


def test_an_edit_cannot_empty_a_required_field() -> None:
    existing = {"id": 1, "code": "SVC-001", "name": "Email", "stage": "delivery"}
    with pytest.raises(DomainError, match="Name may not be empty"):
        validate("service", {"name": ""}, existing)
    with pytest.raises(DomainError, match="Name is required"):
        validate("service", {"name": None}, existing)
    with pytest.raises(DomainError, match="Stage is required"):
        validate("service", {"stage": None}, existing)


def test_system_columns_cannot_be_edited() -> None:
    with pytest.raises(DomainError, match="Version cannot be edited"):
        validate("service", {"version": 9}, {"id": 1, "code": "S", "name": "x"})


def test_required_columns_leave_out_defaults_and_system_columns() -> None:
    assert required_columns("service") == ["code", "name"]


def test_dates_read_like_a_manager_writes_them() -> None:
    assert fmt(date(2026, 3, 3)) == "3 Mar 2026"
    assert fmt(datetime(2026, 3, 3, 14, 5)) == "3 Mar 2026 14:05"


@given(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=30))
def test_find_cycle_agrees_with_reachability(edges: list[tuple[int, int]]) -> None:
    cycle = find_cycle(edges)
    has_cycle = any(find_path(edges, b, a) is not None for a, b in edges)
    assert (cycle is not None) == has_cycle
    if cycle is not None:
        assert cycle[0] == cycle[-1]
        assert all(pair in edges for pair in pairwise(cycle))
