"""A read-only table model over one kind: ordered ids plus a bounded cache of row snapshots.

The model holds every matching id (cheap: 250k integers) so the scroll bar is right at once,
and loads snapshots page by page only when a view asks for a cell (Anki's browser model
works the same way). Sorting and filtering are SQL (see ``row_query``). Derived columns
(a risk's score, a task's float, a project's CPI) are worked out per page by
``derived.DerivedValues`` and coloured by status (``palette``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ..analytics.rag import Rag
from ..domain.columns import Column, ColumnType, derived_columns, table_columns
from ..store import Store
from ..store.column_filters import ColumnFilter
from ..store.repository import RowSnapshot
from ..store.row_query import RowQuery, fetch_labels, fetch_rows, ordered_ids
from . import cells
from .column_filters import filter_icon, header_tooltip
from .derived import DerivedValues
from .money import Currencies
from .palette import application_is_dark, cell_background, cell_foreground, rag_icon

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_SIZE = 200
MAX_CACHED_PAGES = 64
FEW_ROWS = 50  # changed rows signalled one by one below this

Index = QModelIndex | QPersistentModelIndex
_STATUS_ROLES = (
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.DecorationRole,
)


class RowTableModel(QAbstractTableModel):
    """Rows of one kind for a ``QTableView``; read-only; refreshes on change events."""

    reloaded = Signal()  # after the set or order of rows changed
    filters_changed = Signal()  # a column filter was set, changed or removed

    def __init__(self, store: Store, kind_name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._query = RowQuery(kind_name)
        self._columns: tuple[Column, ...] = table_columns(kind_name)
        self._derived = DerivedValues(kind_name) if derived_columns(kind_name) else None
        self._derived_sort: tuple[str, bool] | None = None  # sorted in here, not in SQL
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, RowSnapshot]] = OrderedDict()
        self._labels: dict[str, dict[int, str]] = {}
        self._currencies = Currencies(kind_name)
        self._ids = self._load_ids()

    # --- what is shown -------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return self._query.kind

    @property
    def query(self) -> RowQuery:
        return self._query

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    @property
    def referenced_kinds(self) -> frozenset[str]:
        return frozenset(c.ref_kind for c in self._columns if c.ref_kind)

    def row_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, row_id: int) -> int | None:
        try:
            return self._ids.index(row_id)
        except ValueError:
            return None

    def record(self, row: int) -> list[tuple[Column, str]] | None:
        """Every shown column of one row as full text (for a details panel)."""
        if not 0 <= row < len(self._ids):
            return None
        snap = self._snapshot(row)
        if snap is None:
            return None
        result = []
        for column in self._columns:
            value = self._value(snap, column)
            result.append((column, cells.full_text(column, value, self._label(column, value))))
        return result

    def set_filter(self, text: str) -> None:
        """Show only rows where every word occurs in some text or reference column."""
        if text.strip() != self._query.text:
            self._query = replace(self._query, text=text.strip())
            self._reset_ids()

    @property
    def column_filters(self) -> dict[str, ColumnFilter]:
        """The per-column conditions in force, by column name."""
        return {f.column: f for f in self._query.filters}

    def set_column_filter(self, name: str, condition: ColumnFilter | None) -> None:
        """Add, replace or (``None``) remove the condition on one column."""
        kept = tuple(f for f in self._query.filters if f.column != name)
        self._set_filters(kept if condition is None else (*kept, condition))

    def clear_column_filters(self) -> None:
        self._set_filters(())

    def _set_filters(self, filters: tuple[ColumnFilter, ...]) -> None:
        if filters != self._query.filters:
            self._query = replace(self._query, filters=filters)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
            self._reset_ids()
            self.filters_changed.emit()

    # --- Qt model interface --------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._columns[section].header
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return cells.alignment(self._columns[section])
            condition = self.column_filters.get(self._columns[section].name)
            if role == Qt.ItemDataRole.ToolTipRole:
                return header_tooltip(self._columns[section], condition)
            if role == Qt.ItemDataRole.DecorationRole and condition is not None:
                return filter_icon()
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return cells.alignment(column)
        if role == ROW_ID_ROLE:
            return self._ids[index.row()]
        if column.derived and role in _STATUS_ROLES:
            return self._status_role(index.row(), column, role)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        snap = self._snapshot(index.row())
        if snap is None:
            return None
        value = self._value(snap, column)
        label = self._label(column, value)
        if role == Qt.ItemDataRole.DisplayRole:
            currency = self._currencies.of(snap) if column.type is ColumnType.MONEY else None
            return cells.display(column, value, label, currency)
        if column.derived and self._derived is not None:
            return self._derived.explain(snap, column.name)
        return cells.tooltip(column, value, label)

    def _status_role(self, row: int, column: Column, role: int) -> Any:
        """Tint, readable text colour and a shape for a derived cell with a status."""
        snap = self._snapshot(row)
        if snap is None or self._derived is None:
            return None
        status = self._derived.rag(snap, column.name)
        if status is Rag.NONE:
            return None
        dark = application_is_dark()
        if role == Qt.ItemDataRole.BackgroundRole:
            return cell_background(status, dark)
        if role == Qt.ItemDataRole.ForegroundRole:
            return cell_foreground(status, dark)
        return rag_icon(status, dark)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        name = self._columns[column].name if 0 <= column < len(self._columns) else None
        descending = order == Qt.SortOrder.DescendingOrder and name is not None
        if 0 <= column < len(self._columns) and self._columns[column].derived:
            if self._derived_sort == (name, descending):
                return
            self._derived_sort = (self._columns[column].name, descending)
            self._query = replace(self._query, sort_column=None, descending=False)
        else:
            if self._derived_sort is None and (name, descending) == (
                self._query.sort_column,
                self._query.descending,
            ):
                return
            self._derived_sort = None
            self._query = replace(self._query, sort_column=name, descending=descending)
        self._reload()

    # --- live refresh --------------------------------------------------------------------
    def refresh(self, changed_ids: Collection[int] | None = None) -> None:
        """Re-read after a change to this kind (``None``: unknown rows, e.g. another process)."""
        changed: set[int] | None = None
        if changed_ids is None:
            self._pages.clear()
        else:
            changed = set(changed_ids)
            for key in [k for k, page in self._pages.items() if changed & page.keys()]:
                del self._pages[key]
        self._reload(changed)

    def forget_derived(self, kinds: Collection[str] | None = None) -> None:
        """Inputs of the derived columns changed (``None``: maybe): work them out again."""
        derived = self._derived
        if derived is None or (kinds is not None and not derived.depends_on & set(kinds)):
            return
        derived.forget()
        self._pages.clear()  # derived values are worked out together with pages
        self._emit_all_changed()

    def forget_labels(self, kinds: Collection[str] | None = None) -> None:
        """Referenced rows changed: re-read their codes/titles on the next paint."""
        names = self.referenced_kinds if kinds is None else self.referenced_kinds & set(kinds)
        if not names:
            return
        for name in names:
            self._labels.pop(name, None)
        if self._currencies.ref_kind in names:
            self._currencies.forget()
        self._pages.clear()  # labels are fetched together with pages
        self._emit_all_changed()

    # --- internals -----------------------------------------------------------------------
    def _load_ids(self) -> list[int]:
        with self._store.session() as session:
            ids = ordered_ids(session, self._query)
            if self._derived_sort is None or self._derived is None:
                return ids
            name, descending = self._derived_sort
            keys = self._derived.sort_keys(session, ids, name)
        if keys is None:  # too costly to sort by: keep the order by id
            return ids
        known = sorted((i for i in ids if keys.get(i) is not None), key=lambda i: keys[i])
        if descending:  # ties by id descending too, as the SQL sort does
            known.reverse()
        return known + [i for i in ids if keys.get(i) is None]  # empty values last

    def _page_len(self, page: int) -> int:
        return max(0, min(PAGE_SIZE, len(self._ids) - page * PAGE_SIZE))

    def _reset_ids(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._ids = self._load_ids()
        self.endResetModel()
        self.reloaded.emit()

    def _reload(self, changed: set[int] | None = None) -> None:
        new_ids = self._load_ids()
        old_ids = self._ids
        if new_ids == old_ids:
            self._emit_changed(changed)
            return
        if len(new_ids) > len(old_ids) and new_ids[: len(old_ids)] == old_ids:
            # rows appended at the end (the usual case while someone adds rows): keep scroll
            self.beginInsertRows(QModelIndex(), len(old_ids), len(new_ids) - 1)
            self._ids = new_ids
            self._drop_partial_last_page(len(old_ids))
            self.endInsertRows()
            self._emit_all_changed()
            self.reloaded.emit()
            return
        if len(new_ids) == len(old_ids) and set(new_ids) == set(old_ids):
            self._reorder(new_ids)
            return
        self.beginResetModel()
        self._ids = new_ids
        self._pages.clear()
        self.endResetModel()
        self.reloaded.emit()

    def _reorder(self, new_ids: list[int]) -> None:
        """Same rows, new order: move persistent indexes so selection follows the rows."""
        self.layoutAboutToBeChanged.emit()
        old_indexes = self.persistentIndexList()
        old_row_ids = [self._ids[i.row()] for i in old_indexes]
        self._ids = new_ids
        self._pages.clear()
        position = {row_id: row for row, row_id in enumerate(new_ids)}
        new_indexes = [
            self.index(position[row_id], old.column())
            for old, row_id in zip(old_indexes, old_row_ids, strict=True)
        ]
        self.changePersistentIndexList(old_indexes, new_indexes)
        self.layoutChanged.emit()
        self.reloaded.emit()

    def _drop_partial_last_page(self, old_len: int) -> None:
        if old_len % PAGE_SIZE:
            self._pages.pop(old_len // PAGE_SIZE, None)

    def _emit_changed(self, changed: set[int] | None) -> None:
        """dataChanged for the rows of ``changed`` ids only (an open editor elsewhere keeps
        what the user typed), or for everything when unknown or many."""
        if changed is None or len(changed) > FEW_ROWS:
            self._emit_all_changed()
            return
        last = len(self._columns) - 1
        for row_id in changed:
            row = self.row_of(row_id)
            if row is not None and last >= 0:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def _emit_all_changed(self) -> None:
        if self._ids and self._columns:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(self._columns) - 1)
            )

    def _snapshot(self, row: int) -> RowSnapshot | None:
        page_no = row // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            page = self._load_page(page_no)
        else:
            self._pages.move_to_end(page_no)
        return page.get(self._ids[row])

    def _load_page(self, page_no: int) -> dict[int, RowSnapshot]:
        ids = self._ids[page_no * PAGE_SIZE : (page_no + 1) * PAGE_SIZE]
        with self._store.session() as session:
            page = fetch_rows(session, self.kind, ids)
            if self._derived is not None:
                self._derived.prefetch(session, page.values())
            self._currencies.prefetch(session, page.values())
            for column in self._columns:
                if column.type is not ColumnType.REF or column.ref_kind is None:
                    continue
                known = self._labels.setdefault(column.ref_kind, {})
                wanted = {
                    s.get(column.name) for s in page.values() if s.get(column.name) is not None
                }
                missing = wanted - known.keys()
                if missing:
                    known.update(fetch_labels(session, column.ref_kind, missing))
        self._pages[page_no] = page
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    def _value(self, snap: RowSnapshot, column: Column) -> Any:
        if column.derived and self._derived is not None:
            return self._derived.value(snap, column.name)
        return snap.get(column.name)

    def _label(self, column: Column, value: Any) -> str | None:
        if column.type is not ColumnType.REF or value is None or column.ref_kind is None:
            return None
        return self._labels.get(column.ref_kind, {}).get(value)
