"""Small graph helpers for task dependencies and WBS parents (pure, no database)."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Hashable, Iterable
from typing import TypeVar

N = TypeVar("N", bound=Hashable)


def find_path(edges: Iterable[tuple[N, N]], start: N, goal: N) -> list[N] | None:
    """A shortest path start -> ... -> goal along directed edges, or None."""
    following: dict[N, list[N]] = defaultdict(list)
    for a, b in edges:
        following[a].append(b)
    previous: dict[N, N | None] = {start: None}
    queue: deque[N] = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while (before := previous[path[-1]]) is not None:
                path.append(before)
            return path[::-1]
        for nxt in following[node]:
            if nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    return None


def find_cycle(edges: Iterable[tuple[N, N]]) -> list[N] | None:
    """One cycle as a list of nodes (first node repeated at the end), or None when acyclic."""
    following: dict[N, list[N]] = defaultdict(list)
    nodes: set[N] = set()
    for a, b in edges:
        following[a].append(b)
        nodes.update((a, b))
    state: dict[N, int] = {}  # 1 = on the current path, 2 = finished
    for root in nodes:
        if root in state:
            continue
        stack: list[tuple[N, int]] = [(root, 0)]
        path: list[N] = []
        while stack:
            node, index = stack.pop()
            if index == 0:
                state[node] = 1
                path.append(node)
            children = following[node]
            if index < len(children):
                stack.append((node, index + 1))
                child = children[index]
                if state.get(child) == 1:
                    return [*path[path.index(child) :], child]
                if child not in state:
                    stack.append((child, 0))
            else:
                state[node] = 2
                path.pop()
    return None
