"""Capture during the meeting: decisions, actions, RAID items, attendance and notes.

Everything is linked to the agenda item under discussion (its service or project, and the
RAID item chosen under "About"), saved as it is typed (:mod:`.autosave`) and undoable one
entry at a time. The panel sits beside the slides (one screen) or in the notes window on
the laptop (two screens); it never shows on the projector unless asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...analytics.review_agenda import AgendaItem
from ...analytics.review_history import ReviewData
from ...domain.enums import RaidStatus
from ...operations import CreateRow
from ...operations.reviews import record_action, record_decision
from ...store import repository as repo
from ..history import EditHistory
from ..qtconv import from_qdate, to_qdate
from .attendance import AttendanceList
from .autosave import TypedEntry
from .capture_raid import RaidUpdateBox

ACTION_DAYS = 14  # a new action is due two weeks after the meeting unless changed


@dataclass(frozen=True)
class About:
    """What a captured entry links to: the agenda item's subject, or one of its RAID items."""

    label: str
    service_id: int | None = None
    project_id: int | None = None
    raid_item_id: int | None = None


def abouts_of(item: AgendaItem | None) -> list[About]:
    """The choices under "About" for an agenda item: its subject first, then its RAID items."""
    if item is None or (item.service_id is None and item.project_id is None):
        return [About("This review")]
    svc, prj = item.service_id, item.project_id
    found = [About(item.title, svc, prj)]
    found += [About(f"{r.code} {r.title}", svc, prj, r.id) for r in item.risks]
    return found


class CapturePanel(QWidget):
    """The capture form; ``message`` shows why a change was refused."""

    escape = Signal()  # Esc in a field: the presenter takes the keyboard back

    def __init__(
        self, history: EditHistory, review: ReviewData, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.history, self.review_id, self.held_on = history, review.id, review.held_on
        self.abouts: list[About] = [About("This review")]
        self.setMinimumWidth(380)
        self.setMaximumWidth(520)
        with history.store.session() as session:
            people = sorted(
                ((p.id, str(p["name"])) for p in repo.list_rows(session, "person")),
                key=lambda p: (p[1], p[0]),
            )
        self.about = QComboBox(self)
        self.about.setAccessibleName("About")
        self.decision = self._line("Type a decision \u2013 saved as you type; Enter: next one")
        self.action_title = self._line("Type an action \u2013 saved as you type; Enter: next one")
        self.owner = QComboBox(self)
        self.owner.setAccessibleName("Owner")
        self.owner.addItem("No owner", None)
        for person_id, name in people:
            self.owner.addItem(name, person_id)
        self.due = QDateEdit(self)
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("d MMM yyyy")
        self.due.setAccessibleName("Due date")
        self.due.setDate(to_qdate(self.held_on + timedelta(days=ACTION_DAYS)))
        self.raid_type = QComboBox(self)
        self.raid_type.addItem("Risk", "risk")
        self.raid_type.addItem("Issue", "issue")
        self.raid_title = self._line("Raise a risk or issue: its title")
        self.probability, self.impact = self._scale("Probability"), self._scale("Impact")
        self.raid_update = RaidUpdateBox(history, self)
        self.captured = QListWidget(self)
        self.captured.setAccessibleName("Captured in this review")
        self.captured.setWordWrap(True)
        self.captured.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.attendance = AttendanceList(history, review.id, people, self)
        self.notes = QPlainTextEdit(self)
        self.notes.setPlaceholderText("Meeting notes \u2013 saved as you type")
        self.notes.setAccessibleName("Meeting notes")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.hide()
        self._entries()
        self._layout()
        self._connect()
        self.refresh(review)

    def _line(self, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(placeholder.split(" \u2013 ")[0])
        return edit

    def _scale(self, name: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(1, 5)
        spin.setValue(3)
        spin.setAccessibleName(name)
        return spin

    def _entries(self) -> None:
        h = self.history
        self.decision_entry = TypedEntry(
            h, "decision", "text", "decision", self._new_decision, parent=self
        )
        self.action_entry = TypedEntry(
            h, "action", "title", "action", self._new_action, parent=self
        )
        self.raid_entry = TypedEntry(
            h, "raid_item", "title", "RAID item", self._new_raid, parent=self
        )
        self.notes_entry = TypedEntry(
            h, "review", "notes", "meeting notes", row_id=self.review_id, parent=self
        )

    def _layout(self) -> None:
        body = QWidget(self)
        column = QVBoxLayout(body)
        about = QFormLayout()
        about.addRow("About", self.about)
        column.addLayout(about)
        decision = QGroupBox("Decision", body)
        QVBoxLayout(decision).addWidget(self.decision)
        action = QGroupBox("Action", body)
        form = QFormLayout(action)
        form.addRow(self.action_title)
        form.addRow("Owner", self.owner)
        form.addRow("Due", self.due)
        raid = QGroupBox("Raise a risk or issue", body)
        raid_form = QFormLayout(raid)
        scales = QHBoxLayout()
        for label, spin in (("P", self.probability), ("I", self.impact)):
            scales.addWidget(QLabel(label, raid))
            scales.addWidget(spin)
        scales.addStretch(1)
        raid_form.addRow(self.raid_type, self.raid_title)
        raid_form.addRow(scales)
        attendance = QGroupBox("Attendance", body)
        QVBoxLayout(attendance).addWidget(self.attendance)
        self.attendance.setMinimumHeight(120)
        notes = QGroupBox("Meeting notes", body)
        QVBoxLayout(notes).addWidget(self.notes)
        self.notes.setMinimumHeight(90)
        captured = QGroupBox("Captured in this review", body)
        QVBoxLayout(captured).addWidget(self.captured)
        self.captured.setMinimumHeight(90)
        for box in (decision, action, raid, self.raid_update, captured, attendance, notes):
            column.addWidget(box)
        column.addWidget(self.message)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _connect(self) -> None:
        pairs = (
            (self.decision, self.decision_entry),
            (self.action_title, self.action_entry),
            (self.raid_title, self.raid_entry),
        )
        for edit, entry in pairs:
            edit.textChanged.connect(entry.set_text)
            edit.returnPressed.connect(lambda e=edit, n=entry: self._finish(e, n))
        self.notes.textChanged.connect(lambda: self.notes_entry.set_text(self.notes.toPlainText()))
        self.owner.currentIndexChanged.connect(
            lambda _i: self.action_entry.update_fields({"owner_id": self.owner.currentData()})
        )
        self.due.dateChanged.connect(
            lambda d: self.action_entry.update_fields({"due_date": from_qdate(d)})
        )
        for spin, column in ((self.probability, "probability"), (self.impact, "impact")):
            spin.valueChanged.connect(lambda v, c=column: self.raid_entry.update_fields({c: v}))
        self.about.currentIndexChanged.connect(self._about_changed)
        self.history.refused.connect(self._refused)
        self.history.performed.connect(self._performed)

    def detach(self) -> None:
        """Stop listening to the history, which outlives this panel."""
        self.history.refused.disconnect(self._refused)
        self.history.performed.disconnect(self._performed)

    # ---- the operations each entry starts with ----

    def current_about(self) -> About:
        at = self.about.currentIndex()
        return self.abouts[at] if 0 <= at < len(self.abouts) else About("This review")

    def _new_decision(self, text: str) -> CreateRow:
        a = self.current_about()
        return record_decision(
            self.review_id,
            text,
            self.held_on,
            raid_item_id=a.raid_item_id,
            service_id=a.service_id,
            project_id=a.project_id,
        )

    def _new_action(self, text: str) -> CreateRow:
        a = self.current_about()
        return record_action(
            self.review_id,
            text,
            self.held_on,
            owner_id=self.owner.currentData(),
            due_date=from_qdate(self.due.date()),
            service_id=a.service_id,
            project_id=a.project_id,
            raid_item_id=a.raid_item_id,
        )

    def _new_raid(self, text: str) -> CreateRow:
        a = self.current_about()
        return CreateRow(
            "raid_item",
            {
                "type": self.raid_type.currentData(),
                "title": text,
                "service_id": a.service_id,
                "project_id": a.project_id,
                "probability": self.probability.value(),
                "impact": self.impact.value(),
                "raised_on": self.held_on,
                "status": RaidStatus.OPEN,
            },
        )

    # ---- reacting ----

    def _finish(self, edit: QLineEdit, entry: TypedEntry) -> None:
        entry.finish()
        edit.blockSignals(True)
        edit.clear()
        edit.blockSignals(False)
        if entry is self.action_entry:  # the next action starts with a fresh owner and date
            for widget in (self.owner, self.due):
                widget.blockSignals(True)
            self.owner.setCurrentIndex(0)
            self.due.setDate(to_qdate(self.held_on + timedelta(days=ACTION_DAYS)))
            for widget in (self.owner, self.due):
                widget.blockSignals(False)

    def finish_all(self) -> None:
        """End every entry (the item under discussion changes, or the presenter closes)."""
        for edit, entry in (
            (self.decision, self.decision_entry),
            (self.action_title, self.action_entry),
            (self.raid_title, self.raid_entry),
        ):
            self._finish(edit, entry)
        self.notes_entry.finish()

    def _about_changed(self, _index: int) -> None:
        a = self.current_about()
        links = {"service_id": a.service_id, "project_id": a.project_id}
        self.decision_entry.update_fields({**links, "raid_item_id": a.raid_item_id})
        self.action_entry.update_fields({**links, "raid_item_id": a.raid_item_id})
        self.raid_entry.update_fields({"service_id": a.service_id, "project_id": a.project_id})
        self.raid_update.show_item(a.raid_item_id)

    def _performed(self, _operation: object) -> None:
        self.message.hide()

    def _refused(self, action: str, error: object) -> None:
        self.message.setText(f"{action}: {error}")
        self.message.show()

    def set_item(self, item: AgendaItem | None) -> None:
        """The agenda item under discussion changed: entries so far keep their links."""
        self.finish_all()
        self.abouts = abouts_of(item)
        self.about.blockSignals(True)
        self.about.clear()
        for a in self.abouts:
            self.about.addItem(a.label)
        self.about.setCurrentIndex(0)
        self.about.blockSignals(False)
        self.raid_update.show_item(None)

    def refresh(self, review: ReviewData) -> None:
        """Show what the database holds now (after a capture, an undo or a redo)."""
        for edit, entry in (
            (self.decision, self.decision_entry),
            (self.action_title, self.action_entry),
            (self.raid_title, self.raid_entry),
        ):
            text = entry.sync()
            if text is not None:
                edit.blockSignals(True)
                edit.setText(text)
                edit.blockSignals(False)
        notes = self.notes_entry.sync()  # the first time: the notes written before
        if notes is not None and notes != self.notes.toPlainText():
            self.notes.blockSignals(True)
            self.notes.setPlainText(notes)
            self.notes.blockSignals(False)
        self.attendance.show_present(a.person_id for a in review.attendees if a.present)
        self.captured.clear()
        for d in review.decisions:
            about = [x for x in (d.subject, d.raid_item) if x]
            link = f" [{'; '.join(about)}]" if about else ""
            self.captured.addItem(f"Decision: {d.text}{link}")
        for a in review.open_actions:
            if a.review_id == review.id:
                owner = a.owner or "no owner"
                due = "" if a.due_date is None else f", due {a.due_date:%d %b}"
                self.captured.addItem(f"{a.code}: {a.title} ({owner}{due})")
        self.raid_update.refresh()
