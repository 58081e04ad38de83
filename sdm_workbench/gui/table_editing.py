"""Edit actions on the shown table: copy, cut, paste, delete rows, new row, and refusals.

Each action that changes data is one operation pushed on the window's ``EditHistory``, so it
is one undo step; when the domain refuses it, nothing changes and the reason appears at the
cell (a tool tip), above the table (a message bar) and in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QMessageBox, QStatusBar, QToolTip

from ..domain.errors import DomainError
from ..domain.kinds import kind
from ..operations import DeleteRows, UpdateRow
from .cell_menu import build_cell_menu
from .cells import lower_plural
from .edit_model import EditableRowModel
from .history import EditHistory
from .new_row import NewRowDialog
from .paste import Cell, plan_paste
from .table_pane import TablePane
from .tsv import parse_tsv, to_tsv

STATUS_MS = 15_000
TOOLTIP_MS = 8_000


class TableEditing(QObject):
    """The Edit menu's table actions, bound to one pane and one undo history."""

    def __init__(self, pane: TablePane, history: EditHistory, status: QStatusBar) -> None:
        super().__init__(pane)
        self.pane = pane
        self.history = history
        self.status = status
        self.dialog: NewRowDialog | None = None
        # Asks before deleting several rows at once; tests replace it.
        self.confirm: Callable[[str, str], bool] = self._ask
        self.cut_action = self._action("Cu&t", QKeySequence.StandardKey.Cut, self.cut)
        self.copy_action = self._action("&Copy", QKeySequence.StandardKey.Copy, self.copy)
        self.paste_action = self._action("&Paste", QKeySequence.StandardKey.Paste, self.paste)
        self.delete_action = self._action(
            "&Delete rows", QKeySequence.StandardKey.Delete, self.delete_rows
        )
        self.new_action = self._action("&New row…", QKeySequence("Ins"), self.new_row)
        # Clipboard keys and Del act on the table only when it has the focus: Del in the
        # navigator, or in an open cell editor, must never delete rows.
        for action in (self.cut_action, self.copy_action, self.paste_action, self.delete_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            pane.table.addAction(action)
        pane.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        pane.table.customContextMenuRequested.connect(self._popup_cell_menu)
        history.refused.connect(self.show_refusal)
        history.performed.connect(lambda _op: pane.messages.clear())
        history.stepped.connect(lambda _text: pane.messages.clear())

    def _action(
        self, text: str, key: QKeySequence | QKeySequence.StandardKey, slot: Callable[[], object]
    ) -> QAction:
        action = QAction(text, self.pane)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _popup_cell_menu(self, pos: QPoint) -> None:
        table = self.pane.table
        menu = build_cell_menu(self, table.indexAt(pos))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(table.viewport().mapToGlobal(pos))

    @property
    def model(self) -> EditableRowModel | None:
        model = self.pane.model
        return model if isinstance(model, EditableRowModel) else None

    def _editing(self) -> bool:
        return self.pane.table.state() == QAbstractItemView.State.EditingState

    # --- clipboard -----------------------------------------------------------------------
    def _selection(self) -> tuple[list[int], list[int], set[tuple[int, int]]]:
        """Selected rows, columns (in the order shown) and cells; the current cell if none."""
        table = self.pane.table
        cells: set[tuple[int, int]] = set()
        selection = table.selectionModel()
        ranges = selection.selection() if selection is not None else None
        for part in ranges.toList() if ranges is not None else []:
            for row in range(part.top(), part.bottom() + 1):
                for column in range(part.left(), part.right() + 1):
                    cells.add((row, column))
        current = table.currentIndex()
        if not cells and current.isValid():
            cells.add((current.row(), current.column()))
        header = table.horizontalHeader()
        rows = sorted({r for r, _ in cells})
        columns = sorted({c for _, c in cells}, key=header.visualIndex)
        return rows, [c for c in columns if not header.isSectionHidden(c)], cells

    def copy(self) -> str:
        """Copy the selected cells as tab-separated text (a block, as spreadsheets do)."""
        model = self.model
        rows, columns, cells = self._selection()
        if model is None or not rows:
            return ""
        lines = [[model.cell_text(r, c) if (r, c) in cells else "" for c in columns] for r in rows]
        text = to_tsv(lines)
        QGuiApplication.clipboard().setText(text)
        count = len(cells)
        self.status.showMessage(f"Copied {count} cell{'s' if count != 1 else ''}.", STATUS_MS)
        return text

    def cut(self) -> bool:
        """Copy, then empty the selected cells in one undo step (refused whole if any must
        keep a value)."""
        model = self.model
        if model is None or self._editing() or not self.copy():
            return False
        _rows, _columns, cells = self._selection()
        return self._apply_cells(model, [Cell(r, c, "") for r, c in sorted(cells)], "Cut")

    def paste(self, text: str | None = None) -> bool:
        """Paste a tab-separated block at the current cell: all cells valid, or none applied."""
        model = self.model
        if model is None or self._editing():
            return False
        if text is None:
            text = QGuiApplication.clipboard().text()
        block = parse_tsv(text)
        if not block:
            return False
        cells = self._target_cells(model, block)
        return cells is not None and self._apply_cells(model, cells, "Paste")

    def _target_cells(
        self, model: EditableRowModel, block: list[list[str | None]]
    ) -> list[Cell] | None:
        table = self.pane.table
        _rows, _columns, selected = self._selection()
        if len(block) == 1 and len(block[0]) == 1 and len(selected) > 1:  # fill the selection
            text = block[0][0] or ""
            return [Cell(r, c, text) for r, c in sorted(selected)]
        start = table.currentIndex()
        if not start.isValid():
            start = model.index(0, 0)
        header = table.horizontalHeader()
        visual = [
            header.logicalIndex(v)
            for v in range(header.visualIndex(start.column()), header.count())
            if not header.isSectionHidden(header.logicalIndex(v))
        ]
        height, width = len(block), len(block[0])
        room_rows = model.rowCount() - start.row()
        problem = None
        if height > room_rows:
            problem = (
                f"The copied block has {height} rows, but only {room_rows} "
                f"row{'s are' if room_rows != 1 else ' is'} shown from row {start.row() + 1} "
                "down. Add rows first, or paste higher up."
            )
        elif width > len(visual):
            problem = (
                f"The copied block has {width} columns, but only {len(visual)} "
                f"column{'s are' if len(visual) != 1 else ' is'} right of where it would go."
            )
        if problem:
            self.history.report("Paste", DomainError(problem))
            return None
        return [
            Cell(start.row() + i, visual[j], text)
            for i, line in enumerate(block)
            for j, text in enumerate(line)
            if text is not None
        ]

    def _apply_cells(self, model: EditableRowModel, cells: list[Cell], action: str) -> bool:
        plan = plan_paste(model, cells)
        if plan.problems:
            if plan.first_bad is not None:
                self.pane.table.setCurrentIndex(
                    model.index(plan.first_bad.row, plan.first_bad.column)
                )
            self.history.report(action, DomainError(plan.problems))
            return False
        if plan.operation is None:
            self.status.showMessage("Nothing to change: the cells already hold these values.")
            return True
        plan.operation.label = f"{action} {plan.cells} cell{'s' if plan.cells != 1 else ''}"
        if not self.history.perform(plan.operation):
            return False
        for operation in plan.operation.operations:  # show the new values at once
            if isinstance(operation, UpdateRow):
                model.forget_row(operation.row_id)
        return True

    # --- rows ----------------------------------------------------------------------------
    def delete_rows(self) -> bool:
        """Delete every row with a selected cell, and what belongs to them: one undo step."""
        model = self.model
        rows, _columns, _cells = self._selection()
        if model is None or not rows or self._editing():
            return False
        ids = [model.row_id(r) for r in rows]
        k = kind(model.kind)
        what = f"{len(ids)} {lower_plural(k.plural)}" if len(ids) != 1 else f"1 {k.noun}"
        if len(ids) > 1 and not self.confirm(
            f"Delete {what}?",
            f"The {what} and every row that belongs to them will be deleted. "
            "Undo (Ctrl+Z) brings them back.",
        ):
            return False
        operation = DeleteRows(model.kind, ids)
        if not self.history.perform(operation):
            return False
        extra = operation.removed_count - len(ids)
        tail = f" and {extra} row{'s' if extra != 1 else ''} that belonged to them" if extra else ""
        self.status.showMessage(f"Deleted {what}{tail}. Undo brings them back.", STATUS_MS)
        return True

    def _ask(self, question: str, detail: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question, "Delete rows", question, parent=self.pane.window()
        )
        box.setInformativeText(detail)
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(delete)
        box.exec()
        return box.clickedButton() is delete

    def new_row(self) -> NewRowDialog | None:
        """Open the new-row form (pre-filled with the current row's required references)."""
        model = self.model
        if model is None:
            return None
        starting = {}
        current = self.pane.table.currentIndex()
        snap = model.snapshot_at(current.row()) if current.isValid() else None
        if snap is not None:
            for column in model.columns:
                spec = model.spec(model.columns.index(column))
                if column.ref_kind and spec.required and snap.get(column.name) is not None:
                    starting[column.name] = snap.get(column.name)
        dialog = NewRowDialog(model, self.history.perform, starting, self.pane.window())
        dialog.accepted.connect(lambda: self._select_created(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _select_created(self, dialog: NewRowDialog) -> None:
        model = self.model
        operation = dialog.operation
        if model is None or operation is None or operation.row_id is None:
            return
        model.refresh()
        row = model.row_of(operation.row_id)
        if row is not None:
            self.pane.table.setCurrentIndex(model.index(row, 0))
            self.pane.table.scrollTo(model.index(row, 0))
        self.status.showMessage(f"{operation.label}.", STATUS_MS)

    # --- refusals ------------------------------------------------------------------------
    def show_refusal(self, action: str, error: DomainError) -> None:
        """Say why a change was refused: at the cell, above the table, in the status bar."""
        self.pane.table.refused()  # Enter must not move away from the refused cell
        lines = [p.message for p in error.problems] or [str(error)]
        self.pane.messages.show_problems(f"{action}: nothing was changed.", lines)
        more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
        self.status.showMessage(f"{lines[0]}{more}", STATUS_MS)
        table = self.pane.table
        index = table.currentIndex()
        if index.isValid() and table.isVisible():
            rect = table.visualRect(index)
            point = table.viewport().mapToGlobal(rect.bottomLeft())
            text = "\n".join(lines[:5])
            viewport = table.viewport()
            # after the editor has closed, or closing it would hide the tip at once
            QTimer.singleShot(
                0, viewport, lambda: QToolTip.showText(point, text, viewport, rect, TOOLTIP_MS)
            )
