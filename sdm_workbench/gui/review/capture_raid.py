"""Updating the RAID item chosen under "About": its probability, impact and status."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ...domain.enums import RaidStatus
from ...operations import UpdateRow
from ...store import repository as repo
from ..history import EditHistory


class RaidUpdateBox(QGroupBox):
    """Shown while a RAID item is chosen under "About"; Apply is one undo step."""

    def __init__(self, history: EditHistory, parent: QWidget | None = None) -> None:
        super().__init__("Update the RAID item", parent)
        self.history = history
        self.raid_item_id: int | None = None
        self.probability, self.impact = QSpinBox(self), QSpinBox(self)
        for spin, name in ((self.probability, "Probability"), (self.impact, "Impact")):
            spin.setRange(0, 5)
            spin.setSpecialValueText("\u2013")  # 0 shows as a dash: not rated
            spin.setAccessibleName(name)
        self.status = QComboBox(self)
        self.status.setAccessibleName("Status")
        for status in RaidStatus:
            self.status.addItem(status.value.capitalize(), status)
        self.apply = QPushButton("Apply", self)
        row = QHBoxLayout(self)
        for label, widget in (("P", self.probability), ("I", self.impact)):
            row.addWidget(QLabel(label, self))
            row.addWidget(widget)
        row.addWidget(self.status, 1)
        row.addWidget(self.apply)
        self.apply.clicked.connect(self.save)
        self.hide()

    def show_item(self, raid_item_id: int | None) -> None:
        self.raid_item_id = raid_item_id
        self.setVisible(raid_item_id is not None)
        self.refresh()

    def refresh(self) -> None:
        """Show the item's values as stored now."""
        if self.raid_item_id is None:
            return
        with self.history.store.session() as session:
            row = repo.get(session, "raid_item", self.raid_item_id)
        if row is None:
            self.show_item(None)
            return
        self.setTitle(f"Update {row['code']}")
        self.probability.setValue(row["probability"] or 0)
        self.impact.setValue(row["impact"] or 0)
        self.status.setCurrentIndex(max(0, self.status.findData(RaidStatus(row["status"]))))

    def save(self) -> bool:
        if self.raid_item_id is None:
            return False
        changes = {
            "probability": self.probability.value() or None,
            "impact": self.impact.value() or None,
            "status": self.status.currentData(),
        }
        return self.history.perform(UpdateRow("raid_item", self.raid_item_id, changes))
