"""File > Import a plan…: a Microsoft Project XML or GanttProject file becomes a project.

Reading and planning run off the GUI thread (with progress and Cancel); the plan's summary
(counts, the first tasks, what could not be carried over) asks for a yes; applying is one
undo step (``EditHistory.perform``). A refused file changes nothing and says why.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

from ..domain.errors import DomainError
from ..exchange.plan_files.apply import ImportPlanFile
from ..exchange.plan_files.importer import PlanImport, plan_plan_file, read_plan_file
from ..store import Store
from .history import EditHistory
from .progress import run_with_progress
from .timeline import TimelineView

TITLE = "Import a plan"
FILTER = "Plans (*.xml *.gan);;Microsoft Project XML (*.xml);;GanttProject (*.gan)"


def ask_plan(parent: QWidget, plan: PlanImport) -> bool:
    """The plan's summary with Import / Cancel; True for Import."""
    lines = plan.summary(limit=40).splitlines()
    notes = [line for line in lines if line.startswith("Note:")]
    box = QMessageBox(QMessageBox.Icon.Question, TITLE, lines[0] if lines else "", parent=parent)
    box.setObjectName("planImportPreview")
    # room for the task outline (monospace, so dates line up) without wrapping
    box.setStyleSheet("QTextEdit { min-width: 640px; min-height: 260px; font-family: monospace; }")
    undo = "The whole plan is one step: Edit > Undo takes it back."
    box.setInformativeText("\n".join([*notes, undo]))
    box.setDetailedText("\n".join(line for line in lines[1:] if not line.startswith("Note:")))
    apply = box.addButton("Import", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(apply)
    box.exec()
    return box.clickedButton() is apply


def import_plan(window: QWidget, store: Store, history: EditHistory, status: QStatusBar) -> bool:
    """Ask for a plan file, show what it adds, apply it as one undo step; True if applied."""
    from .file_menu import ask_open_path, error_text, tell_error  # file_menu imports us

    path = ask_open_path(window, TITLE, Path.home(), FILTER)
    if path is None:
        return False

    def work(progress: object) -> PlanImport:
        return plan_plan_file(store, read_plan_file(path), path)

    try:
        plan, cancelled = run_with_progress(window, TITLE, f"Reading {path.name}…", work)
    except DomainError as exc:  # ExchangeError included: nothing was changed
        tell_error(window, f"{TITLE}: refused", f"{path.name}: nothing was changed.\n\n"
                   f"{error_text(exc)}")  # fmt: skip
        return False
    if cancelled or plan is None or not ask_plan(window, plan):
        status.showMessage("Import cancelled; nothing was changed.", 10_000)
        return False
    operation = ImportPlanFile(plan)
    if not history.perform(operation):
        error = history.last_error or DomainError("Refused.")
        tell_error(window, f"{TITLE}: refused", f"Nothing was changed.\n\n{error_text(error)}")
        return False
    status.showMessage(
        f"Added project {operation.project_code} from {path.name}: {len(plan.tasks)} task(s), "
        f"{len(plan.links)} dependency(ies), {len(plan.new_people)} new person(s).", 15_000
    )  # fmt: skip
    _show_on_timeline(window, operation.project_id)
    return True


def _show_on_timeline(window: QWidget, project_id: int | None) -> None:
    """The new project on the Timeline, fitted to the width: what a planner looks at next."""
    from .window_views import ViewSwitching

    if project_id is None or not isinstance(window, ViewSwitching):
        return
    window.show_view("timeline")
    timeline = window.screen("timeline")
    if isinstance(timeline, TimelineView):
        timeline.show_project(project_id)
