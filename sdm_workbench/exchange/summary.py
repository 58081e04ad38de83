"""The Summary sheet: rows per sheet, the risk heat map as a coloured 5x5 grid, and KPI RAG.

The KPI table shows each service's latest recorded measurement of each KPI, coloured by the
KPI's thresholds (``analytics.rag``); the heat map counts open and monitored risks by
probability and impact, coloured by the risk bands (``analytics.risk``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..analytics.rag import Rag, Thresholds, rag
from ..analytics.risk import DEFAULT_BANDS, RiskBands, RiskItem, active, heat_map, is_risk
from ..domain.enums import Direction
from ..domain.kpis import KpiDefinition, KpiMeasurement
from ..domain.services import Service
from ..store.repository import iter_rows
from . import styles
from .selection import Scope
from .summary_charts import Trends, write_trends


@dataclass(frozen=True)
class KpiColumn:
    id: int
    key: str
    limits: Thresholds


@dataclass
class SummaryData:
    """What the Summary sheet shows, read in one session."""

    heat: list[list[int]] = field(default_factory=lambda: [[0] * 5 for _ in range(5)])
    kpis: list[KpiColumn] = field(default_factory=list)
    services: list[tuple[int, str, str]] = field(default_factory=list)
    latest: dict[tuple[int, int], float] = field(default_factory=dict)  # (service, kpi) -> value


def kpi_thresholds(session: Session) -> dict[int, KpiColumn]:
    """Every KPI definition's thresholds by id (also used for the Measurements RAG column)."""
    table = KpiDefinition.__table__
    query = select(
        table.c.id,
        table.c.key,
        table.c.direction,
        table.c.target,
        table.c.amber_threshold,
        table.c.red_threshold,
    ).order_by(table.c.key)
    found = {}
    for row_id, key, direction, target, amber, red in session.execute(query):
        limits = Thresholds(Direction(direction), target, amber, red)
        found[int(row_id)] = KpiColumn(int(row_id), str(key), limits)
    return found


def read_summary(
    session: Session, kpis: dict[int, KpiColumn], scope: Scope | None = None
) -> SummaryData:
    """The heat map and KPI table of the services and projects in ``scope`` (None: all)."""
    data = SummaryData(kpis=list(kpis.values()))
    rows = (r.values for r in iter_rows(session, "raid_item"))
    risks = active(RiskItem.from_row(r) for r in rows if is_risk(r) and _in(scope, r))
    data.heat = heat_map(risks).counts.tolist()
    services = Service.__table__
    query = select(services.c.id, services.c.code, services.c.name).order_by(services.c.code)
    data.services = [
        (int(r[0]), str(r[1]), str(r[2]))
        for r in session.execute(query).all()
        if scope is None or scope.services is None or int(r[0]) in scope.services
    ]
    m = KpiMeasurement.__table__
    query = (
        select(m.c.service_id, m.c.kpi_id, m.c.value)
        .where(m.c.service_id.is_not(None))
        .order_by(m.c.period_end, m.c.id)
    )
    for row in session.execute(query).all():
        data.latest[(int(row[0]), int(row[1]))] = float(row[2])
    return data


def _in(scope: Scope | None, row: Any) -> bool:
    """Whether a RAID row belongs to the scope's services or projects."""
    if scope is None or scope.services is None:
        return True
    return row["service_id"] in scope.services or row["project_id"] in (scope.projects or ())


def _cell(ws: WriteOnlyWorksheet | CountingSheet, value: Any, **style: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws.ws if isinstance(ws, CountingSheet) else ws, value)
    if isinstance(value, str):
        cell.data_type = "s"  # text is text, whatever it starts with
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def write_summary(
    sheet: WriteOnlyWorksheet,
    data: SummaryData,
    counts: Sequence[tuple[str, int]],
    exported_at: str,
    source: str,
    bands: RiskBands = DEFAULT_BANDS,
    trends: Trends | None = None,
    selection: str = "",
) -> None:
    """Fill the (write-only) Summary sheet; it must not have been written to before."""
    ws = CountingSheet(sheet)
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 30
    for letter in "CDEFGHIJKLMNOPQRSTUVWXYZ":
        ws.column_dimensions[letter].width = 13
    ws.append([_cell(ws, "SDM Workbench - portfolio export", font=styles.TITLE_FONT)])
    ws.append([_cell(ws, "Exported (UTC)"), _cell(ws, exported_at)])
    ws.append([_cell(ws, "Source"), _cell(ws, source)])
    if selection:
        ws.append([_cell(ws, "Selection"), _cell(ws, selection)])
    ws.append([])
    ws.append([_cell(ws, "Sheet", font=styles.BOLD), _cell(ws, "Rows", font=styles.BOLD)])
    for title, rows in counts:
        ws.append([_cell(ws, title), rows])
    ws.append([])
    _heat_map(ws, data, bands)
    ws.append([])
    _kpi_table(ws, data)
    if trends is not None:
        ws.append([])
        write_trends(ws, trends, ws.rows_written + 1, _cell)


class CountingSheet:
    """A write-only sheet that counts the rows appended (the charts need their numbers)."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.ws = ws
        self.rows_written = 0

    def append(self, row: list[Any]) -> None:
        self.ws.append(row)
        self.rows_written += 1

    def __getattr__(self, name: str) -> Any:
        return getattr(self.ws, name)


def _heat_map(ws: CountingSheet, data: SummaryData, bands: RiskBands) -> None:
    title = "Risk heat map: open and monitored risks by probability (rows) and impact (columns)"
    ws.append([_cell(ws, title, font=styles.BOLD)])
    header = [_cell(ws, "Probability \\ Impact", font=styles.BOLD)]
    header += [
        _cell(ws, impact, font=styles.BOLD, alignment=styles.CENTER) for impact in range(1, 6)
    ]
    ws.append(header)
    for probability in range(5, 0, -1):
        row: list[Any] = [_cell(ws, probability, font=styles.BOLD, alignment=styles.CENTER)]
        for impact in range(1, 6):
            count = data.heat[probability - 1][impact - 1]
            fill = styles.band_fill(probability * impact, bands)
            row.append(_cell(ws, count, fill=fill, alignment=styles.CENTER))
        ws.append(row)


def _kpi_table(ws: CountingSheet, data: SummaryData) -> None:
    ws.append([_cell(ws, "KPI RAG by service (latest measurement)", font=styles.BOLD)])
    header = [_cell(ws, "Service", font=styles.BOLD), _cell(ws, "Name", font=styles.BOLD)]
    header += [_cell(ws, k.key, font=styles.BOLD) for k in data.kpis]
    ws.append(header)
    for service_id, code, name in data.services:
        values = [data.latest.get((service_id, k.id)) for k in data.kpis]
        if all(v is None for v in values):
            continue
        row: list[Any] = [_cell(ws, code), _cell(ws, name)]
        for k, value in zip(data.kpis, values, strict=True):
            status = rag(value, k.limits)
            if value is None or status is Rag.NONE:
                row.append(value)
            else:
                row.append(_cell(ws, value, fill=styles.RAG_FILLS[status.value]))
        ws.append(row)
