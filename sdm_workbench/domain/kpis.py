"""KPI definitions (target, thresholds, direction) and their measurements."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Entity, enum_type
from .enums import Direction, KpiSource


class KpiDefinition(Entity):
    __tablename__ = "kpi_definitions"

    key: Mapped[str] = mapped_column(String(48), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    unit: Mapped[str] = mapped_column(String(24))
    direction: Mapped[Direction] = mapped_column(enum_type(Direction, "direction"))
    target: Mapped[float | None] = mapped_column(Float)
    amber_threshold: Mapped[float | None] = mapped_column(Float)
    red_threshold: Mapped[float | None] = mapped_column(Float)
    source: Mapped[KpiSource] = mapped_column(
        enum_type(KpiSource, "kpi_source"), default=KpiSource.COMPUTED
    )
    description: Mapped[str | None] = mapped_column(Text)


class KpiMeasurement(Entity):
    """A KPI value for a service or a project (or the portfolio when both are empty)."""

    __tablename__ = "kpi_measurements"

    kpi_id: Mapped[int] = mapped_column(
        ForeignKey("kpi_definitions.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(String(300))

    __table_args__ = (
        CheckConstraint("period_end >= period_start", name="period_end_after_start"),
        CheckConstraint("service_id IS NULL OR project_id IS NULL", name="service_or_project"),
    )
