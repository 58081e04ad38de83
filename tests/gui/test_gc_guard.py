"""Garbage is collected on the GUI thread only, never by a worker that happens to allocate."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtWidgets import QApplication

from sdm_workbench.gui.gc_guard import collect_on_gui_thread


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


def test_a_worker_never_collects_and_the_gui_thread_does(qapp: QApplication) -> None:
    collector = collect_on_gui_thread(qapp)
    assert collect_on_gui_thread(qapp) is collector  # installed once
    assert not gc.isenabled() and collector.timer.isActive()
    freed_on: list[int] = []
    node = Node()
    watch = weakref.ref(node, lambda _ref: freed_on.append(threading.get_ident()))
    del node

    def allocate() -> None:
        junk = [Node() for _ in range(50_000)]  # far past the first generation's threshold
        del junk

    worker = threading.Thread(target=allocate)
    worker.start()
    worker.join()
    assert watch() is not None and freed_on == []  # the worker's allocations collected nothing
    collector.check()
    assert watch() is None and freed_on == [threading.get_ident()]
