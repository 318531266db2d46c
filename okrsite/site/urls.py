"""Where each page lives, and relative links between pages (so a site works under any sub-path
and opened from disk). Pure."""

from __future__ import annotations

import posixpath


def objective(oid: str) -> str:
    """The objective page's path."""
    return f"objectives/{oid}/index.html"


def team(tid: str) -> str:
    """A team page."""
    return f"teams/{tid}/index.html"


def person(pid: str) -> str:
    """A person page."""
    return f"people/{pid}/index.html"


def kpi(kid: str) -> str:
    """A KPI page."""
    return f"kpis/{kid}/index.html"


def period(key: str) -> str:
    """A period page (the period's dashboard and statistics)."""
    return f"periods/{key}/index.html"


def tree(key: str = "") -> str:
    """The alignment tree, for the current periods or one period."""
    return f"tree/{key}/index.html" if key else "tree/index.html"


def roadmap(year: int | None = None) -> str:
    """The roadmap of the current year, or of one year."""
    return f"roadmap/{year}/index.html" if year is not None else "roadmap/index.html"


def relative(from_page: str, to_path: str) -> str:
    """A link from one output file to another; `index.html` becomes its folder (`../teams/`)."""
    start = posixpath.dirname(from_page) or "."
    target = to_path
    folder = to_path.endswith("index.html")
    if folder:
        target = posixpath.dirname(to_path) or "."
    rel = posixpath.relpath(target, start)
    if folder:
        return "./" if rel == "." else rel + "/"
    return rel
