"""Where each page lives, and relative links between pages (so a site works under any sub-path
and opened from disk). Pure."""

from __future__ import annotations


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
    """A link from one output file to another; `index.html` becomes its folder (`../teams/`).

    Both paths are clean relative posix paths inside the site, so this is plain list arithmetic
    (posixpath.relpath would resolve them against the working directory, thousands of times)."""
    here = from_page.split("/")[:-1]
    there = to_path.split("/")
    folder = there[-1] == "index.html"
    if folder:
        there = there[:-1]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    if folder:
        return "/".join(parts) + "/" if parts else "./"
    return "/".join(parts)


def feed(name: str) -> str:
    """An Atom feed of the whole organisation: `checkins` or `changes`."""
    return f"feeds/{name}.xml"


def team_feed(tid: str) -> str:
    """A team's Atom feed (its check-ins and changes, and those of the teams below it)."""
    return f"feeds/teams/{tid}.xml"


def objective_badge(oid: str) -> str:
    """An objective's SVG badge (score and status)."""
    return f"badges/objectives/{oid}.svg"


def team_badge(tid: str) -> str:
    """A team's SVG badge (the current period's roll-up)."""
    return f"badges/teams/{tid}.svg"


def absolute(base_url: str, path: str) -> str:
    """A site path under an absolute `base_url` (`https://example.org/goals/`), `index.html`
    dropped as `relative` does: `https://example.org/goals/teams/sales/`."""
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return base_url.rstrip("/") + "/" + path
