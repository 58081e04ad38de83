"""Per-column filters run in SQL on a real SQLite file: each mode, combined with words and
sorting."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from sdm_workbench.domain.enums import Criticality, TicketState
from sdm_workbench.domain.operations_log import Ticket
from sdm_workbench.domain.people import Customer
from sdm_workbench.domain.services import Service, Sla
from sdm_workbench.store import Store
from sdm_workbench.store.column_filters import ColumnFilter, FilterMode
from sdm_workbench.store.repository import list_rows
from sdm_workbench.store.row_query import RowQuery, fetch_rows, ordered_ids


@pytest.fixture
def tickets(store: Store) -> Store:
    """Two services and five tickets with known priorities, states and times."""
    with store.unit_of_work() as session:
        mail = Service(code="SVC-001", name="Mail", criticality=Criticality.HIGH)
        web = Service(code="SVC-002", name="Web portal", description="")
        acme = Customer(code="CUS-001", name="Acme")
        session.add_all([mail, web, acme])
        session.flush()
        for n in range(5):
            session.add(
                Ticket(
                    external_id=f"INC{n}",
                    title=("Printer jam", "Cannot log in", "VPN 50% slow", "Mail bounce", "")[n],
                    service_id=(mail.id, web.id, web.id, mail.id, web.id)[n],
                    customer_id=acme.id if n == 2 else None,
                    priority=n + 1,
                    state=(TicketState.NEW, TicketState.RESOLVED, TicketState.CLOSED)[n % 3],
                    opened_at=datetime(2025, 3, 1 + n, 9, 0),
                    resolved_first_contact=n % 2 == 0,
                )
            )
    return store


def codes(store: Store, query: RowQuery) -> list[str]:
    with store.session() as session:
        ids = ordered_ids(session, query)
        rows = fetch_rows(session, query.kind, ids)
    return [rows[i].get("external_id") for i in ids]


def where(*filters: ColumnFilter, text: str = "", sort: str | None = None) -> RowQuery:
    return RowQuery("ticket", sort, False, text, tuple(filters))


def test_contains_ignores_case_and_takes_wildcards_literally(tickets: Store) -> None:
    assert codes(tickets, where(ColumnFilter("title", FilterMode.CONTAINS, text="LOG"))) == ["INC1"]
    assert codes(tickets, where(ColumnFilter("title", FilterMode.CONTAINS, text="50%"))) == ["INC2"]
    assert codes(tickets, where(ColumnFilter("title", FilterMode.CONTAINS, text="_"))) == []


def test_contains_on_a_reference_looks_at_the_referenced_rows_code(tickets: Store) -> None:
    found = codes(tickets, where(ColumnFilter("service_id", FilterMode.CONTAINS, text="svc-001")))
    assert found == ["INC0", "INC3"]


def test_one_of_takes_enum_values_flags_and_empty(tickets: Store) -> None:
    states = ColumnFilter("state", FilterMode.ONE_OF, values=("new", "closed"))
    assert codes(tickets, where(states)) == ["INC0", "INC2", "INC3"]
    flags = ColumnFilter("resolved_first_contact", FilterMode.ONE_OF, values=(False,))
    assert codes(tickets, where(flags)) == ["INC1", "INC3"]
    customer = ColumnFilter("customer_id", FilterMode.ONE_OF, values=(None,))
    assert codes(tickets, where(customer)) == ["INC0", "INC1", "INC3", "INC4"]
    assert codes(tickets, where(ColumnFilter("state", FilterMode.ONE_OF))) == []


def test_ranges_on_numbers_dates_and_timestamps_include_both_ends(tickets: Store) -> None:
    both = ColumnFilter("priority", FilterMode.RANGE, low=2, high=4)
    assert codes(tickets, where(both)) == ["INC1", "INC2", "INC3"]
    assert codes(tickets, where(ColumnFilter("priority", FilterMode.RANGE, high=1))) == ["INC0"]
    opened = ColumnFilter("opened_at", FilterMode.RANGE, low=datetime(2025, 3, 4, 9, 0))
    assert codes(tickets, where(opened)) == ["INC3", "INC4"]


def test_dates_by_range_and_emptiness(tickets: Store) -> None:
    with tickets.unit_of_work() as session:
        for n, day in enumerate((date(2025, 1, 1), date(2025, 6, 1), date(2025, 9, 1))):
            end = None if n == 2 else date(2026, 1, 1)
            session.add(Sla(code=f"SLA-{n}", name=f"L{n}", service_id=1, start_date=day,
                            end_date=end))  # fmt: skip

    def count(*filters: ColumnFilter) -> int:
        with tickets.session() as session:
            return len(ordered_ids(session, RowQuery("sla", filters=filters)))

    assert count(ColumnFilter("start_date", FilterMode.RANGE, low=date(2025, 6, 1))) == 2
    assert count(ColumnFilter("start_date", FilterMode.RANGE, high=date(2025, 6, 1))) == 2
    assert count(ColumnFilter("end_date", FilterMode.EMPTY)) == 1
    assert count(ColumnFilter("end_date", FilterMode.NOT_EMPTY)) == 2


def test_empty_text_counts_as_empty(tickets: Store) -> None:
    assert codes(tickets, where(ColumnFilter("title", FilterMode.EMPTY))) == ["INC4"]
    assert len(codes(tickets, where(ColumnFilter("title", FilterMode.NOT_EMPTY)))) == 4


def test_filters_combine_with_words_and_each_other_and_keep_the_sort(tickets: Store) -> None:
    mail = ColumnFilter("service_id", FilterMode.CONTAINS, text="SVC-001")
    low = ColumnFilter("priority", FilterMode.RANGE, low=2)
    assert codes(tickets, where(mail, low)) == ["INC3"]
    assert codes(tickets, where(mail, text="printer")) == ["INC0"]
    descending = RowQuery("ticket", "priority", True, "", (mail,))
    assert codes(tickets, descending) == ["INC3", "INC0"]


def test_rows_of_one_parent_in_their_own_order_unless_a_column_is_clicked(
    tickets: Store,
) -> None:
    """A child table (a service's tickets): only that parent's rows, by its ``then_by``
    column; a clicked reference column sorts by what it shows, the referenced code."""
    with tickets.session() as session:
        web = next(r.id for r in list_rows(session, "service") if r["code"] == "SVC-002")
    within = ("service_id", web)
    by_title = RowQuery("ticket", within=within, then_by="title")
    assert codes(tickets, by_title) == ["INC4", "INC1", "INC2"]  # "", "Cannot…", "VPN…"
    by_priority = RowQuery("ticket", "priority", True, within=within, then_by="title")
    assert codes(tickets, by_priority) == ["INC4", "INC2", "INC1"]
    by_customer = RowQuery("ticket", "customer_id", True, within=within)
    assert codes(tickets, by_customer)[0] == "INC2"  # the one with a customer code


def test_a_derived_or_unknown_column_cannot_be_filtered(tickets: Store) -> None:
    with pytest.raises(ValueError, match="no stored column"):
        codes(tickets, where(ColumnFilter("score", FilterMode.EMPTY)))
