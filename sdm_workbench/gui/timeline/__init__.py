"""The timeline: a Gantt view of one project (task table + chart), editable by dragging."""

from .view import TimelineView

__all__ = ["TimelineView"]
