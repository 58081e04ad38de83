"""Project plans made in other tools: Microsoft Project XML (MSPDI) and GanttProject (.gan).

Each reader turns a file into a :class:`~.model.PlanFile` (Qt-free, no database); the
importer plans and applies it as one operation (one transaction, one undo step).
"""
