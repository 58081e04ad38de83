"""Operational records: tickets with their pauses, outages and change records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Entity, enum_type
from .enums import TicketKind, TicketState


class Ticket(Entity):
    """An incident or request; timestamps are naive UTC."""

    __tablename__ = "tickets"

    external_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[TicketKind] = mapped_column(
        enum_type(TicketKind, "ticket_kind"), default=TicketKind.INCIDENT
    )
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str | None] = mapped_column(String(300))
    priority: Mapped[int] = mapped_column(Integer, default=3)
    state: Mapped[TicketState] = mapped_column(
        enum_type(TicketState, "ticket_state"), default=TicketState.NEW
    )
    category: Mapped[str | None] = mapped_column(String(80))
    assignment_group: Mapped[str | None] = mapped_column(String(80))
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    first_response_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    reassignment_count: Mapped[int] = mapped_column(Integer, default=0)
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    resolved_first_contact: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        UniqueConstraint("service_id", "external_id", name="uq_tickets_service_external"),
        CheckConstraint("priority BETWEEN 1 AND 5", name="priority_range"),
        CheckConstraint(
            "first_response_at IS NULL OR first_response_at >= opened_at",
            name="response_after_open",
        ),
        CheckConstraint(
            "resolved_at IS NULL OR resolved_at >= opened_at", name="resolved_after_open"
        ),
        CheckConstraint("closed_at IS NULL OR closed_at >= opened_at", name="closed_after_open"),
        CheckConstraint("reassignment_count >= 0", name="reassignments_not_negative"),
        CheckConstraint("reopen_count >= 0", name="reopens_not_negative"),
    )


class TicketPause(Entity):
    """A stretch when the SLA clock stops (waiting on the customer)."""

    __tablename__ = "ticket_pauses"

    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    start_at: Mapped[datetime] = mapped_column(DateTime)
    end_at: Mapped[datetime | None] = mapped_column(DateTime)
    reason: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (
        CheckConstraint("end_at IS NULL OR end_at >= start_at", name="end_after_start"),
    )


class Outage(Entity):
    __tablename__ = "outages"

    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    start_at: Mapped[datetime] = mapped_column(DateTime)
    end_at: Mapped[datetime | None] = mapped_column(DateTime)
    planned: Mapped[bool] = mapped_column(Boolean, default=False)
    severity: Mapped[int] = mapped_column(Integer, default=3)
    description: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("end_at IS NULL OR end_at >= start_at", name="end_after_start"),
        CheckConstraint("severity BETWEEN 1 AND 4", name="severity_range"),
    )


class ChangeRecord(Entity):
    """A deployment to a service, for the DORA measures."""

    __tablename__ = "change_records"

    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    reference: Mapped[str | None] = mapped_column(String(64))
    committed_at: Mapped[datetime | None] = mapped_column(DateTime)
    deployed_at: Mapped[datetime] = mapped_column(DateTime)
    failed: Mapped[bool] = mapped_column(Boolean, default=False)
    restored_at: Mapped[datetime | None] = mapped_column(DateTime)
    description: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint(
            "committed_at IS NULL OR deployed_at >= committed_at", name="deploy_after_commit"
        ),
        CheckConstraint(
            "restored_at IS NULL OR restored_at >= deployed_at", name="restore_after_deploy"
        ),
    )
