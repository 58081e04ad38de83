"""Attendance during the meeting: a tick per person, each tick one undo step."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from ...operations.reviews import SetAttendance
from ..history import EditHistory


class AttendanceList(QListWidget):
    """Everyone in the workbench with a check box; ticking records them present."""

    def __init__(
        self,
        history: EditHistory,
        review_id: int,
        people: Sequence[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.history, self.review_id = history, review_id
        self.setAccessibleName("Attendance")
        for person_id, name in people:
            entry = QListWidgetItem(name)
            entry.setData(Qt.ItemDataRole.UserRole, person_id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(entry)
        self.itemChanged.connect(self._changed)

    def _changed(self, entry: QListWidgetItem) -> None:
        person = int(entry.data(Qt.ItemDataRole.UserRole))
        present = entry.checkState() == Qt.CheckState.Checked
        if not self.history.perform(SetAttendance(self.review_id, person, present)):
            self.blockSignals(True)  # refused: the tick goes back to what is stored
            entry.setCheckState(Qt.CheckState.Unchecked if present else Qt.CheckState.Checked)
            self.blockSignals(False)

    def show_present(self, present: Iterable[int]) -> None:
        """Tick exactly the people stored as present (after an undo, say)."""
        ids = set(present)
        self.blockSignals(True)
        for row in range(self.count()):
            entry = self.item(row)
            ticked = int(entry.data(Qt.ItemDataRole.UserRole)) in ids
            entry.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.blockSignals(False)
