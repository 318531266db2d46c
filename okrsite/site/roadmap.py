"""The roadmap: a (fiscal) year as four quarter columns, rows by team, annual objectives across."""

from __future__ import annotations

from okrsite.periods import Period, PeriodKind, make_period
from okrsite.site import urls
from okrsite.site.context import Context, SiteView, visible
from okrsite.site.tree import overlaps


def years(view: SiteView) -> list[int]:
    """Every fiscal year some objective falls in."""
    fy = view.config.fiscal_year
    found: set[int] = set()
    for p in view.periods:
        found.update(range(fy.year_of(p.start), fy.year_of(p.end) + 1))
    return sorted(found)


def roadmap_page(view: SiteView, year: int, current: bool) -> Context:
    """One year's roadmap; `current` for the roadmap/ page of the as-of date's year."""
    page = urls.roadmap(None if current else year)
    fy = view.config.fiscal_year
    quarters = [make_period(year, "Q", q, fy) for q in range(1, 5)]
    whole = make_period(year, "", 0, fy)
    lang = view.lang
    ctx = view.frame(
        page,
        lang._("Roadmap %(year)s", year=year),
        [
            (lang._("Home"), "index.html"),
            (lang._("Roadmap"), "" if current else "roadmap/index.html"),
            *([] if current else [(str(year), "")]),
        ],
        section="Roadmap",
    )
    rows = []
    for team in [*(t.id for t in view.team_order()), ""]:  # "" collects individual OKRs
        cells = []
        for o in view.by_team.get(team, ()):
            if not visible(o) or not overlaps(o.period, whole):
                continue
            first, last = _span(o.period, quarters)
            krs = [
                {"title": kr.title, "score": ks.score}
                for kr, ks in zip(o.key_results, view.score(o.id).key_results, strict=True)
            ]
            cells.append(
                {
                    **view.card_of(page, o),
                    "col_start": first + 1,
                    "col_end": last + 2,
                    "key_results": krs,
                    "annual": o.period.kind is PeriodKind.YEAR,
                    "state": _state(view, o.period),
                }
            )
        if cells:
            cells.sort(key=lambda c: (c["col_start"], -(c["col_end"] - c["col_start"]), c["title"]))
            rows.append(
                {
                    "team": view.owner_link(page, team)
                    if team
                    else {"name": lang._("Individual"), "url": ""},
                    "cells": cells,
                }
            )
    ctx.update(
        year=year,
        quarters=[
            {
                "key": q.key,
                "label": lang.formats.quarter(q.index),
                "name": lang.period_name(q),
                "start": q.start,
                "end": q.end,
                "state": _state(view, q),
                "url": urls.relative(page, urls.period(q.key)) if q in view.periods else "",
            }
            for q in quarters
        ],
        rows=rows,
        years=[
            {"year": y, "url": urls.relative(page, urls.roadmap(y)), "current": y == year}
            for y in years(view)
        ],
    )
    return ctx


def _span(p: Period, quarters: list[Period]) -> tuple[int, int]:
    hit = [i for i, q in enumerate(quarters) if overlaps(p, q)]
    return (hit[0], hit[-1]) if hit else (0, 3)


def _state(view: SiteView, p: Period) -> str:
    if view.as_of > p.end:
        return "past"
    if view.as_of < p.start:
        return "future"
    return "current"
