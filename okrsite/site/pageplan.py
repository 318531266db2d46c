"""One planned output file: what the page plan lists and the renderers (workers, `okrsite serve`)
make. A module of its own so that every page module can plan files without importing the plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from okrsite.site.context import Context


@dataclass(frozen=True, slots=True)
class PagePlan:
    """One file to write: a template rendered with the context `make` returns, or, when
    `template` is empty, the bytes `raw` returns (a data file such as a search index shard)."""

    path: str
    template: str
    make: Callable[[], Context]
    deps: frozenset[str]
    raw: Callable[[], bytes] | None = None


def data_file(path: str, make: Callable[[], bytes], deps: frozenset[str]) -> PagePlan:
    """A planned file whose bytes are made by code, not by a template."""
    return PagePlan(path, "", dict, deps, make)
