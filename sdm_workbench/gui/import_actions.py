"""File > Import tickets…, Import survey responses… and Import a plan…: the actions, built
at start-up without importing the import machinery (parsers, previews: 40 ms of every start),
which is loaded when one of them is chosen."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from ..store import Store
from .history import EditHistory

ACTIONS = (
    ("tickets", "Import &tickets…",
     "Add or update a service's tickets from a ServiceNow or Jira export (csv, xlsx)"),
    ("surveys", "Import survey &responses…",
     "Add or update a service's CSAT, NPS, CES and SERVQUAL responses (csv, xlsx)"),
    ("plan", "Import a &plan…",
     "Add a project from a Microsoft Project XML or GanttProject plan (xml, gan)"),
)  # fmt: skip


def import_actions(window: QMainWindow, store: Store, history: EditHistory) -> list[QAction]:
    """Import tickets…, survey responses… and a plan… (the caller adds them to a menu)."""
    actions: list[QAction] = []
    for key, text, tip in ACTIONS:
        action = QAction(text, window)
        action.setObjectName(f"import{key.capitalize()}Action")
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False, k=key: _run(window, store, history, k))
        actions.append(action)
    return actions


def _run(window: QMainWindow, store: Store, history: EditHistory, key: str) -> None:
    if key == "plan":
        from .plan_import import import_plan

        import_plan(window, store, history, window.statusBar())
        return
    from .ticket_import import SURVEYS, TICKETS, import_records

    source = TICKETS if key == "tickets" else SURVEYS
    import_records(window, store, history, window.statusBar(), source)
