"""Review meetings: scope, attendance, decisions, action items and frozen snapshots."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Entity, enum_type
from .enums import ActionStatus, ReviewStatus


class Review(Entity):
    __tablename__ = "reviews"

    code: Mapped[str] = mapped_column(String(24), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date)
    status: Mapped[ReviewStatus] = mapped_column(
        enum_type(ReviewStatus, "review_status"), default=ReviewStatus.PLANNED
    )
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    notes: Mapped[str | None] = mapped_column(Text)


class ReviewScopeItem(Entity):
    """One service, project or customer a review covers."""

    __tablename__ = "review_scope_items"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))

    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN service_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN project_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN customer_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_subject",
        ),
    )


class ReviewAttendee(Entity):
    __tablename__ = "review_attendees"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    present: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (UniqueConstraint("review_id", "person_id", name="uq_review_attendee"),)


class Decision(Entity):
    """A decision taken in a review, linked to the service, project or RAID item discussed."""

    __tablename__ = "decisions"

    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), index=True
    )
    raid_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("raid_items.id", ondelete="SET NULL")
    )
    # The agenda item under discussion when the decision was taken (schema 0002).
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="SET NULL"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"))
    decided_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))


class ActionItem(Entity):
    """An action with an owner and a due date; it outlives the review that raised it."""

    __tablename__ = "action_items"

    code: Mapped[str] = mapped_column(String(24), unique=True)
    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("reviews.id", ondelete="SET NULL"), index=True
    )
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="SET NULL"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"))
    raid_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("raid_items.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(String(300))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    raised_on: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        enum_type(ActionStatus, "action_status"), default=ActionStatus.OPEN
    )
    closed_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)


class ReviewSnapshot(Entity):
    """The RAG, KPI, budget, risk and milestone values frozen when a review was taken."""

    __tablename__ = "review_snapshots"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    taken_at: Mapped[datetime] = mapped_column(DateTime)
    format_version: Mapped[int] = mapped_column(default=1)
    payload: Mapped[str] = mapped_column(Text)


class ReviewAgendaItem(Entity):
    """One stored edit of a review's generated agenda, or a free item of its own.

    ``agenda_key`` names the generated item it edits (``service:3``, ``overdue_actions``);
    a free item has no key, only a ``title``. ``position`` is NULL while the item keeps its
    generated place. Not a navigator/Excel kind: it means nothing outside its review.
    """

    __tablename__ = "review_agenda_items"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    agenda_key: Mapped[str | None] = mapped_column(String(48))
    position: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(String(200))
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("review_id", "agenda_key", name="uq_review_agenda_key"),
        CheckConstraint("agenda_key IS NOT NULL OR title IS NOT NULL", name="free_item_title"),
    )
