"""The dashboard's last results on disk, for an instant first paint on the next start.

After a computation the tiles' and charts' results (every scope's KPI results per month, the
selected period's, the KPI definitions and the scopes; never the inputs they came from) are
written to the user's cache folder, one file per workbench, keyed by the workbench's identity
(its path or URL) and its data stamp (:meth:`Store.data_stamp`, which changes with any commit).
On start, a file whose identity, stamp, date and months match is shown at once; anything else
(another stamp, another day, a damaged or foreign file) is ignored, never an error.

The file is JSON (safe to read, whatever is in it): a header line, then one JSON block per
scope at byte offsets the header lists, so the first paint decodes the header and the one
scope it shows (a few kB), not all of them (6 MB and 0.17 s on the large demo). Qt-free.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import zlib
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ...analytics.kpi_catalogue import KpiSpec
from ...analytics.kpi_inputs import KpiInputs
from ...analytics.kpis import KpiResult
from ...analytics.periods import Period
from ...analytics.rag import Rag, Trend
from ...analytics.sla_inputs import PauseColumns, TicketColumns
from ...analytics.ticket_kpis import TicketActivity
from ...domain.enums import Direction
from .data import DashboardData, ScopeRef

log = logging.getLogger(__name__)
FORMAT = 2  # bump when the layout of the file changes: older files are then ignored
ScopeKey = tuple[str, str]


def cache_file(folder: Path, identity: str) -> Path:
    """The cache file of the workbench ``identity`` (a hash: paths and URLs make bad names)."""
    return folder / f"{hashlib.sha256(identity.encode()).hexdigest()[:24]}.json"


# --- encoding -------------------------------------------------------------------------------
def _period(p: Period) -> list[str]:
    return [p.start.isoformat(), p.end.isoformat(), p.kind]


def _unperiod(raw: Sequence[str]) -> Period:
    start, end, kind = raw
    return Period(date.fromisoformat(start), date.fromisoformat(end), str(kind))


def _row(r: KpiResult) -> list[Any]:
    return [r.key, r.name, r.unit, r.direction, r.period, r.value, r.target, r.rag.value,
            r.previous, r.delta, r.trend.value, r.breakdown]  # fmt: skip


def _result(scope: ScopeKey, scope_name: str, raw: Sequence[Any]) -> KpiResult:
    key, name, unit, direction, period, value, target, status, prev, delta, trend, parts = raw
    return KpiResult(
        scope=scope[0], scope_code=scope[1], scope_name=scope_name, key=str(key),
        name=str(name), unit=str(unit), direction=str(direction), period=str(period),
        value=_number(value), target=_number(target), rag=Rag(status), previous=_number(prev),
        delta=_number(delta), trend=Trend(trend),
        breakdown={str(k): _number(v) for k, v in dict(parts).items()},
    )  # fmt: skip


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    return float(value)


def _spec(s: KpiSpec) -> list[Any]:
    return [s.key, s.name, s.unit, s.direction.value, s.target, s.amber, s.red, s.description]


def _unspec(raw: Sequence[Any]) -> KpiSpec:
    key, name, unit, direction, target, amber, red, description = raw
    return KpiSpec(str(key), str(name), str(unit), Direction(direction), _number(target),
                   _number(amber), _number(red), str(description))  # fmt: skip


def encode(data: DashboardData, identity: str, stamp: str, computed_at: datetime) -> bytes:
    """The cache file's bytes for ``data`` (computed from the data stamped ``stamp``)."""
    selected = data.selected_index if data.selected is not None else None
    keys = list(data.index)
    keys += [k for k in (selected or {}) if k not in data.index]
    names = {s.key: s.name for s in data.scopes}
    body = bytearray()
    blocks: dict[str, list[int]] = {}
    for key in keys:
        per_month = data.index.get(key, [])
        # the scope's name as its results carry it (the scope list's otherwise)
        name = next((r.scope_name for m in per_month for r in m.values()), names.get(key, ""))
        block: dict[str, Any] = {
            "name": name,
            "months": [[_row(r) for r in m.values()] for m in per_month],
        }
        if selected is not None:
            block["selected"] = [_row(r) for r in selected.get(key, {}).values()]
        raw = json.dumps(block, separators=(",", ":")).encode()
        blocks[f"{key[0]}\t{key[1]}"] = [len(body), len(raw), zlib.crc32(raw)]
        body += raw
    header = {
        "format": FORMAT, "identity": identity, "stamp": stamp,
        "computed_at": computed_at.isoformat(timespec="seconds"),
        "as_of": data.as_of.isoformat(), "months": [_period(p) for p in data.months],
        "period": _period(data.tile_period), "has_selected": selected is not None,
        "specs": [_spec(s) for s in data.specs.values()],
        "scopes": [[s.scope, s.code, s.name] for s in data.scopes],
        "blocks": blocks, "body_length": len(body),
    }  # fmt: skip
    return json.dumps(header, separators=(",", ":")).encode() + b"\n" + bytes(body)


# --- the cached data ------------------------------------------------------------------------
def empty_inputs() -> KpiInputs:
    """No inputs at all: cached data holds results only (what needs inputs waits)."""
    none = np.zeros(0, dtype=np.int64)
    return KpiInputs(
        services=(), customers=(), projects=(), slas=[], targets=[], calendars={},
        tickets=TicketColumns.build([], [], [], [], [], []),
        activity=TicketActivity(none, none, np.zeros(0, dtype=bool)),
        ticket_service=none, ticket_customer=none, pauses=PauseColumns.empty(), outages={},
        changes={}, surveys={}, tasks={}, budget_lines={}, raid_items=(), definitions=(),
    )  # fmt: skip


class CachedData(DashboardData):
    """Results read back from the cache: tiles and monthly charts, decoded scope by scope
    when first shown. ``cached_at`` says when they were computed; no inputs, no risks."""

    _blocks: dict[ScopeKey, tuple[int, int, int]]
    _body: memoryview
    _has_selected: bool

    def attach(self, body: memoryview, blocks: dict[ScopeKey, tuple[int, int, int]],
               selected: bool) -> None:  # fmt: skip
        self._body, self._blocks, self._has_selected = body, blocks, selected

    def _decode(self, key: ScopeKey, strict: bool = False) -> None:
        """Fill the index (and the selected period's) for scope ``key`` from its block.

        A damaged block (its checksum tells) leaves the scope without results until the fresh
        ones arrive, never with wrong ones; ``strict`` raises instead."""
        if key in self.index:
            return
        months: list[dict[str, KpiResult]] = [{} for _ in self.months]
        chosen: dict[str, KpiResult] = {}
        where = self._blocks.get(key)
        if where is not None:
            start, length, crc = where
            try:
                raw = bytes(self._body[start : start + length])
                if zlib.crc32(raw) != crc:
                    raise ValueError("its checksum does not match")
                block = json.loads(raw)
                name = str(block["name"])
                found = [{r.key: r for r in (_result(key, name, raw) for raw in month)}
                         for month in block["months"]]  # fmt: skip
                if len(found) == len(self.months):
                    months = found
                for raw in block.get("selected") or ():
                    r = _result(key, name, raw)
                    chosen[r.key] = r
            except (ValueError, TypeError, KeyError) as damaged:
                if strict:
                    raise
                log.warning("dashboard cache: scope %s unreadable: %s", key, damaged)
        self.index[key] = months
        self.selected_index[key] = chosen

    def _months_of(self, scope: ScopeRef) -> list[dict[str, KpiResult]]:
        self._decode(scope.key)
        return super()._months_of(scope)

    def tiles(self, scope: ScopeRef) -> list[KpiResult]:
        self._decode(scope.key)
        if self._has_selected:
            return list(self.selected_index.get(scope.key, {}).values())
        return super().tiles(scope)


def decode(raw: bytes, identity: str, stamp: str, as_of: date,
           axis: tuple[Period, ...], period: Period) -> CachedData | None:  # fmt: skip
    """The cached data in ``raw`` if it is for this workbench, stamp, day and months."""
    cut = raw.index(b"\n")  # the body is not copied: only the blocks shown are decoded
    header = json.loads(raw[:cut])
    body = memoryview(raw)[cut + 1 :]
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return None
    wanted = (identity, stamp, as_of.isoformat())
    if (header.get("identity"), header.get("stamp"), header.get("as_of")) != wanted:
        return None
    months = tuple(_unperiod(p) for p in header["months"])
    if months != axis or _unperiod(header["period"]) != period:
        return None
    if len(body) != header["body_length"]:
        log.warning("dashboard cache: the file is cut short; ignored")
        return None
    blocks: dict[ScopeKey, tuple[int, int, int]] = {}
    for name, (start, length, crc) in dict(header["blocks"]).items():
        scope, _, code = str(name).partition("\t")
        blocks[(scope, code)] = (int(start), int(length), int(crc))
    specs = [_unspec(s) for s in header["specs"]]
    data = CachedData(
        as_of=as_of, months=months, inputs=empty_inputs(), monthly=[[] for _ in months],
        specs={s.key: s for s in specs},
        scopes=tuple(ScopeRef(str(a), str(b), str(c)) for a, b, c in header["scopes"]),
        risks=(), period=period, index={}, selected_index={},
        cached_at=datetime.fromisoformat(header["computed_at"]),
    )  # fmt: skip
    data.attach(body, blocks, bool(header["has_selected"]))
    data._decode(("portfolio", "PORTFOLIO"), strict=True)  # readable, or the file is ignored
    return data


class ResultsCache:
    """Reads and writes the dashboard's cache files in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, identity: str) -> Path:
        return cache_file(self.folder, identity)

    def read(self, identity: str) -> bytes | None:
        """The raw cache file of the workbench (None: there is none, or it cannot be read)."""
        try:
            return self.path(identity).read_bytes()
        except OSError:
            return None

    def decode(self, raw: bytes, identity: str, stamp: str, as_of: date,
               axis: tuple[Period, ...], period: Period) -> CachedData | None:  # fmt: skip
        """The cached results in ``raw`` if they match, else None (stale or unreadable)."""
        try:
            return decode(raw, identity, stamp, as_of, axis, period)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as damaged:
            log.warning("dashboard cache of %s unreadable, ignored: %s", identity, damaged)
            return None

    def load(self, identity: str, stamp: str, as_of: date, axis: tuple[Period, ...],
             period: Period) -> CachedData | None:  # fmt: skip
        """The matching cached results, or None (missing, stale or unreadable)."""
        raw = self.read(identity)
        return None if raw is None else self.decode(raw, identity, stamp, as_of, axis, period)

    def save(self, data: DashboardData, identity: str, stamp: str, computed_at: datetime) -> Path:
        """Write ``data`` atomically (a temporary file renamed over the old one)."""
        raw = encode(data, identity, stamp, computed_at)
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.path(identity)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".dashboard-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(raw)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return path
