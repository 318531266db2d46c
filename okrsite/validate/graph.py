"""Cycles in the alignment graph and the team tree."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def find_cycles(edges: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Each cycle once, as the list of nodes along it (first node repeated at the end).

    Iterative depth-first search with colours, so a 100,000-node chain cannot overflow the stack.
    """
    white, grey, black = 0, 1, 2
    colour: dict[str, int] = dict.fromkeys(edges, white)
    cycles: list[list[str]] = []
    for root in sorted(edges):
        if colour[root] != white:
            continue
        path: list[str] = [root]
        iters = [iter(sorted(edges.get(root, ())))]
        colour[root] = grey
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                colour[path.pop()] = black
                iters.pop()
                continue
            state = colour.get(nxt)
            if state is None:
                continue  # a dangling reference: reported elsewhere
            if state == grey:
                start = path.index(nxt)
                cycles.append([*path[start:], nxt])
            elif state == white:
                colour[nxt] = grey
                path.append(nxt)
                iters.append(iter(sorted(edges.get(nxt, ()))))
    return cycles
