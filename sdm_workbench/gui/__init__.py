"""Everything Qt: the main window, item models, delegates, editors, timeline, dashboards."""
