"""Editing a review's agenda before (or during) the meeting, on the Reviews screen.

The list shows every item in its stored order, hidden ones too (greyed, "hidden"). Move up
and down, hide or show, rename (double-click or F2), add an item of one's own after the
selected one, remove such an item, and type presenter notes for the selected item (they
show on the laptop's notes window while presenting, never on the projector). Every change
is one operation through the history, so one undo step; notes are saved when the typing
ends (leaving the box, choosing another item) as one step per item.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...analytics.review_agenda import AgendaItem, AgendaKind
from ...analytics.review_history import ReviewData
from ...operations.base import Operation
from ...operations.review_agenda import (
    AddAgendaItem,
    EditAgendaItem,
    MoveAgendaItem,
    RemoveAgendaItem,
)
from ..history import EditHistory

KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class AgendaEditor(QWidget):
    """The agenda items of one review with the buttons that edit them."""

    edited = Signal()  # an edit was stored (the screen reads the review again)

    def __init__(self, history: EditHistory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaEditor")
        self.history = history
        self.review: ReviewData | None = None
        self._items: list[AgendaItem] = []
        self._notes_key: str | None = None  # the item whose notes the box holds
        self._filling = False

        self.list = QTreeWidget(self)
        self.list.setObjectName("agendaItems")
        self.list.setColumnCount(2)
        self.list.setHeaderLabels(["Agenda item", "Shown"])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)

        self.up_button = self._button("Move &up", "Move the selected item up (Alt+Up)")
        self.down_button = self._button("Move do&wn", "Move the selected item down (Alt+Down)")
        self.hide_button = self._button("&Hide", "Leave the item out of the presentation and pack")
        self.remove_button = self._button("Remo&ve", "Remove an item you added")
        self.new_title = QLineEdit(self)
        self.new_title.setObjectName("agendaNewItem")
        self.new_title.setPlaceholderText("New item, e.g. Any other business")
        self.new_title.setClearButtonEnabled(True)
        self.add_button = self._button("A&dd", "Add the item after the selected one")
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("agendaNotes")
        self.notes.setPlaceholderText(
            "Presenter notes for the selected item: on the laptop while presenting, "
            "never on the projector"
        )
        self.notes.setAccessibleName("Presenter notes")
        self.notes.installEventFilter(self)
        notes_title = QLabel("Presenter &notes", self)
        notes_title.setBuddy(self.notes)
        bold = QFont(notes_title.font())
        bold.setBold(True)
        notes_title.setFont(bold)

        buttons = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.hide_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        adding = QHBoxLayout()
        adding.addWidget(self.new_title, 1)
        adding.addWidget(self.add_button)
        left = QVBoxLayout()
        left.addLayout(buttons)
        left.addWidget(self.list, 1)
        left.addLayout(adding)
        right = QVBoxLayout()
        right.addWidget(notes_title)
        right.addWidget(self.notes, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

        self.list.currentItemChanged.connect(self._on_current)
        self.list.itemChanged.connect(self._on_renamed)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        self.hide_button.clicked.connect(self.toggle_hidden)
        self.remove_button.clicked.connect(self.remove)
        self.add_button.clicked.connect(self.add)
        self.new_title.returnPressed.connect(self.add)
        for keys, step in (("Alt+Up", -1), ("Alt+Down", 1)):
            shortcut = QShortcut(QKeySequence(keys), self.list)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda s=step: self.move(s))
        self.show_review(None)

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        return button

    # ---- showing ----

    def show_review(self, review: ReviewData | None) -> None:
        """Show ``review``'s agenda (all items, hidden ones too), keeping the selected item."""
        if self.save_notes():
            return  # saving read the review again and showed it (``edited``)
        self._notes_key = None  # the box is refilled below: nothing in it is to be saved
        same = review is not None and self.review is not None and review.id == self.review.id
        keep = self.current_key() if same else None
        self.review = review
        self._items = list(review.agenda_all) if review is not None else []
        self._filling = True
        self.list.clear()
        for item in self._items:
            row = QTreeWidgetItem([item.title, "hidden" if item.hidden else "shown"])
            row.setData(0, KEY_ROLE, item.key)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsEditable)
            row.setToolTip(0, "Double-click or F2 to rename")
            if item.hidden:
                font = QFont(row.font(0))
                font.setItalic(True)
                row.setFont(0, font)
                row.setForeground(0, self.palette().placeholderText())
            self.list.addTopLevelItem(row)
        self._filling = False
        keys = self.agenda_keys()
        at = keys.index(keep) if keep in keys else 0
        if keys:
            self.list.setCurrentItem(self.list.topLevelItem(at))
        self._on_current(self.list.currentItem(), None)
        self.setEnabled(review is not None)

    def agenda_keys(self) -> list[str]:
        """Every item's key in the order shown (hidden ones included)."""
        return [i.key for i in self._items]

    def titles(self) -> Sequence[str]:
        return [i.title for i in self._items]

    def current_key(self) -> str | None:
        row = self.list.currentItem()
        return None if row is None else str(row.data(0, KEY_ROLE))

    def current_item(self) -> AgendaItem | None:
        key = self.current_key()
        return next((i for i in self._items if i.key == key), None)

    def _on_current(self, _now: QTreeWidgetItem | None, _before: QTreeWidgetItem | None) -> None:
        if not self._filling and self._notes_key is not None:
            # Notes typed for the item left behind: saved once this signal is over (saving
            # rebuilds this list, which must not happen inside its own signal).
            pending = (self._notes_key, self.notes.toPlainText())
            QTimer.singleShot(0, self, lambda: self._save(*pending))
        item = self.current_item()
        at = self.agenda_keys().index(item.key) if item is not None else -1
        self.up_button.setEnabled(at > 0)
        self.down_button.setEnabled(0 <= at < len(self._items) - 1)
        self.hide_button.setEnabled(item is not None)
        self.hide_button.setText("S&how" if item is not None and item.hidden else "&Hide")
        self.remove_button.setEnabled(item is not None and item.kind is AgendaKind.FREE)
        self.notes.setEnabled(item is not None)
        self.notes.blockSignals(True)
        self.notes.setPlainText(item.notes if item is not None else "")
        self.notes.blockSignals(False)
        self._notes_key = None if item is None else item.key

    # ---- editing: one operation each ----

    def _perform(self, operation: Operation) -> bool:
        done = self.history.perform(operation)
        if done:
            self.edited.emit()
        return done

    def move(self, offset: int) -> bool:
        item = self.current_item()
        if self.review is None or item is None:
            return False
        return self._perform(
            MoveAgendaItem(self.review.id, self.agenda_keys(), item.key, offset, item.title)
        )

    def toggle_hidden(self) -> bool:
        item = self.current_item()
        if self.review is None or item is None:
            return False
        edit = EditAgendaItem(self.review.id, item.key, hidden=not item.hidden, name=item.title)
        return self._perform(edit)

    def add(self) -> bool:
        """Add the typed title after the selected item (at the end when none is)."""
        title = self.new_title.text()
        if self.review is None or not title.strip():
            return False
        key = self.current_key()
        index = self.agenda_keys().index(key) + 1 if key in self.agenda_keys() else len(self._items)
        operation = AddAgendaItem(self.review.id, title, self.agenda_keys(), index)
        if not self.history.perform(operation):
            return False
        self.new_title.clear()
        self.edited.emit()
        if operation.key in self.agenda_keys():  # the screen has read the review again
            self.list.setCurrentItem(
                self.list.topLevelItem(self.agenda_keys().index(operation.key))
            )
        return True

    def remove(self) -> bool:
        item = self.current_item()
        if self.review is None or item is None or item.kind is not AgendaKind.FREE:
            return False
        return self._perform(RemoveAgendaItem(self.review.id, item.key, item.title))

    def _on_renamed(self, row: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != 0 or self.review is None:
            return
        key = str(row.data(0, KEY_ROLE))
        item = next((i for i in self._items if i.key == key), None)
        if item is None or row.text(0).strip() == item.title:
            return
        edit = EditAgendaItem(self.review.id, key, title=row.text(0), name=item.title)
        if not self._perform(edit):
            self._filling = True
            row.setText(0, item.title)  # refused: show the title as stored
            self._filling = False

    def save_notes(self) -> bool:
        """Store the notes typed in the box (one undo step) if they changed; True if so."""
        key = self._notes_key
        if key is None:
            return False
        return self._save(key, self.notes.toPlainText())

    def _save(self, key: str, text: str) -> bool:
        item = next((i for i in self._items if i.key == key), None)
        if self.review is None or item is None or text.strip() == item.notes.strip():
            return False
        if self._notes_key == key:
            self._notes_key = None  # once: the reload that follows must not save again
        edit = EditAgendaItem(self.review.id, key, notes=text, name=item.title)
        return self._perform(edit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.notes and event.type() == QEvent.Type.FocusOut:
            self.save_notes()
        return super().eventFilter(watched, event)
