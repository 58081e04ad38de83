"""Services, business calendars, SLAs and their targets."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Entity, enum_type
from .enums import (
    Comparator,
    Criticality,
    DeliveryModel,
    LifecycleStage,
    MeasurementPeriod,
    SlaMetric,
    SlaStatus,
    TargetUnit,
)


class BusinessCalendar(Entity):
    """Working hours per weekday in an IANA zone, holidays by country, plus closed days.

    Hours are text such as ``08:00-12:00,13:00-17:00``; empty means closed and
    ``00:00-24:00`` means round the clock. Text keeps them editable in Excel.
    """

    __tablename__ = "business_calendars"

    code: Mapped[str] = mapped_column(String(24), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    mon_hours: Mapped[str] = mapped_column(String(64), default="08:00-18:00")
    tue_hours: Mapped[str] = mapped_column(String(64), default="08:00-18:00")
    wed_hours: Mapped[str] = mapped_column(String(64), default="08:00-18:00")
    thu_hours: Mapped[str] = mapped_column(String(64), default="08:00-18:00")
    fri_hours: Mapped[str] = mapped_column(String(64), default="08:00-18:00")
    sat_hours: Mapped[str] = mapped_column(String(64), default="")
    sun_hours: Mapped[str] = mapped_column(String(64), default="")
    holiday_country: Mapped[str | None] = mapped_column(String(8))
    holiday_subdivision: Mapped[str | None] = mapped_column(String(16))
    notes: Mapped[str | None] = mapped_column(Text)


class ClosedDay(Entity):
    """A day a calendar is closed besides its public holidays (company shutdown, local event)."""

    __tablename__ = "calendar_closed_days"

    calendar_id: Mapped[int] = mapped_column(
        ForeignKey("business_calendars.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str | None] = mapped_column(String(120))

    __table_args__ = (UniqueConstraint("calendar_id", "day", name="uq_closed_day_per_calendar"),)


class Service(Entity):
    __tablename__ = "services"

    code: Mapped[str] = mapped_column(String(24), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    delivery_model: Mapped[DeliveryModel] = mapped_column(
        enum_type(DeliveryModel, "delivery_model"), default=DeliveryModel.SUPPORT
    )
    stage: Mapped[LifecycleStage] = mapped_column(
        enum_type(LifecycleStage, "lifecycle_stage"), default=LifecycleStage.DELIVERY
    )
    criticality: Mapped[Criticality] = mapped_column(
        enum_type(Criticality, "criticality"), default=Criticality.MEDIUM
    )
    calendar_id: Mapped[int | None] = mapped_column(
        ForeignKey("business_calendars.id", ondelete="SET NULL")
    )
    description: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class Sla(Entity):
    __tablename__ = "slas"

    code: Mapped[str] = mapped_column(String(24), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True
    )
    calendar_id: Mapped[int | None] = mapped_column(
        ForeignKey("business_calendars.id", ondelete="SET NULL")
    )
    period: Mapped[MeasurementPeriod] = mapped_column(
        enum_type(MeasurementPeriod, "measurement_period"), default=MeasurementPeriod.MONTH
    )
    status: Mapped[SlaStatus] = mapped_column(
        enum_type(SlaStatus, "sla_status"), default=SlaStatus.ACTIVE
    )
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    review_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name="end_after_start",
        ),
    )


class SlaTarget(Entity):
    """One service level objective of an SLA, optionally for a single ticket priority."""

    __tablename__ = "sla_targets"

    sla_id: Mapped[int] = mapped_column(ForeignKey("slas.id", ondelete="CASCADE"), index=True)
    metric: Mapped[SlaMetric] = mapped_column(enum_type(SlaMetric, "sla_metric"))
    comparator: Mapped[Comparator] = mapped_column(
        enum_type(Comparator, "comparator"), default=Comparator.LE
    )
    target: Mapped[float] = mapped_column(Float)
    unit: Mapped[TargetUnit] = mapped_column(enum_type(TargetUnit, "target_unit"))
    priority: Mapped[int | None] = mapped_column(Integer)
    attainment_target: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (
        CheckConstraint("priority IS NULL OR priority BETWEEN 1 AND 5", name="priority_range"),
        CheckConstraint("target >= 0", name="target_not_negative"),
        CheckConstraint(
            "attainment_target IS NULL OR attainment_target BETWEEN 0 AND 100",
            name="attainment_range",
        ),
    )
