"""The page plan: every page with its template, a way to make its context, and what it depends
on, so that a rebuild renders only the pages whose inputs changed (pure).

Dependency keys: `o:<id>`, `k:<id>`, `t:<id>`, `p:<id>` for one record (and its scores),
`period:<key>` and `year:<n>` for anything in a period or fiscal year, `any-o` and `any-k` for
any objective or KPI. Every page also depends on the whole (`*`): settings, theme, as-of date,
and added or removed records change every page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from okrsite.model import Site
from okrsite.periods import Period
from okrsite.score.model import Scorecard
from okrsite.site import badges, feeds, pages, report, search, urls, wall
from okrsite.site.context import Context, SiteView
from okrsite.site.objective_page import objective_page
from okrsite.site.pageplan import PagePlan
from okrsite.site.roadmap import roadmap_page, years
from okrsite.site.tree import overlaps, tree_page


def plan(view: SiteView) -> Iterator[PagePlan]:
    """Every page of the site, in a stable order."""
    now = view.current_periods()
    yield PagePlan(
        "index.html", "dashboard.html", lambda: pages.dashboard(view), frozenset({"any-o", "any-k"})
    )
    yield PagePlan(
        urls.tree(), "tree.html", lambda: tree_page(view, None), frozenset(f"period:{p.key}" for p in now)
    )
    for p in view.periods:
        yield PagePlan(
            urls.tree(p.key), "tree.html", _bind(tree_page, view, p), frozenset({f"period:{p.key}"})
        )
        yield PagePlan(
            urls.period(p.key),
            "period.html",
            _bind(pages.period_page, view, p),
            frozenset({f"period:{p.key}"}),
        )
    yield from _roadmaps(view)
    for o in view.site.objectives:
        related = {o.id, *(r.objective for r in o.parents), *view.children.get(o.id, ())}
        related |= {o.carried_from, *(c.id for c in view.carried_into.get(o.id, ()))} - {""}
        kpis = {*o.guardrails, *(kr.kpi for kr in o.key_results if kr.kpi)}
        deps = {f"o:{i}" for i in related} | {f"k:{k}" for k in kpis}
        yield PagePlan(
            urls.objective(o.id), "objective.html", _bind(objective_page, view, o), frozenset(deps)
        )
    yield PagePlan("teams/index.html", "teams.html", lambda: pages.teams_index(view), frozenset({"any-o"}))
    for t in view.site.teams:
        deps = {f"t:{t.id}", *(f"o:{o.id}" for o in view.by_team.get(t.id, ()))}
        deps |= {f"k:{k.id}" for k in view.site.kpis if k.team == t.id}
        yield PagePlan(urls.team(t.id), "team.html", _bind(pages.team_page, view, t), frozenset(deps))
    yield PagePlan("people/index.html", "people.html", lambda: pages.people_index(view), frozenset({"any-o"}))
    for pid in view.people_ids():
        deps = {f"p:{pid}", *(f"o:{o.id}" for o in view.involves.get(pid, ()))}
        yield PagePlan(urls.person(pid), "person.html", _bind(pages.person_page, view, pid), frozenset(deps))
    yield PagePlan("kpis/index.html", "kpis.html", lambda: pages.kpi_board(view), frozenset({"any-k"}))
    for k in view.site.kpis:
        deps = {f"k:{k.id}", *(f"o:{o.id}" for o in view.kpi_uses.get(k.id, ()))}
        yield PagePlan(urls.kpi(k.id), "kpi.html", _bind(pages.kpi_page, view, k), frozenset(deps))
    yield PagePlan(
        "periods/index.html", "periods.html", lambda: pages.periods_index(view), frozenset({"any-o"})
    )
    for extra in (search, feeds, badges, wall, report):
        yield from extra.plans(view)
    yield PagePlan("404.html", "404.html", lambda: pages.not_found(view), frozenset())


def _roadmaps(view: SiteView) -> Iterator[PagePlan]:
    all_years = years(view)
    if not all_years:
        return
    now = view.config.fiscal_year.year_of(view.as_of)
    current = now if now in all_years else all_years[-1]
    yield PagePlan(
        urls.roadmap(),
        "roadmap.html",
        lambda: roadmap_page(view, current, True),
        frozenset({f"year:{current}"}),
    )
    for y in all_years:
        yield PagePlan(
            urls.roadmap(y), "roadmap.html", _bind(roadmap_page, view, y, False), frozenset({f"year:{y}"})
        )


def _bind(fn: Callable[..., Context], *args: object) -> Callable[[], Context]:
    return lambda: fn(*args)


def changed_keys(old: Site, old_card: Scorecard, new: Site, new_card: Scorecard, view: SiteView) -> set[str]:
    """The dependency keys whose records or scores differ between two builds (`*` for additions,
    removals and anything that touches every page)."""
    out: set[str] = set()
    before = {o.id: o for o in old.objectives}
    after = {o.id: o for o in new.objectives}
    if before.keys() != after.keys() or _ids(old) != _ids(new):
        return {"*"}
    if old_card.periods.keys() != new_card.periods.keys():
        return {"*"}
    for oid, o in after.items():
        if before[oid] != o or old_card.objectives[oid] != new_card.objectives[oid]:
            out |= {f"o:{oid}", "any-o"}
            out |= _spans(view, o.period, before[oid].period)
    old_kpis = {k.id: k for k in old.kpis}
    for k in new.kpis:
        if old_kpis[k.id] != k or old_card.kpis[k.id] != new_card.kpis[k.id]:
            out |= {f"k:{k.id}", "any-k"}
    for old_team, team in zip(old.teams, new.teams, strict=True):
        if old_team != team:
            return {"*"}  # names and the tree show on most pages
    for old_person, person in zip(old.people, new.people, strict=True):
        if old_person != person:
            return {"*"}
    if old_card.teams != new_card.teams or old_card.team_trees != new_card.team_trees:
        out.add("any-o")
        out |= {
            f"t:{team}"
            for (team, period), a in new_card.teams.items()
            if old_card.teams.get((team, period)) != a
        }
    return out


def _ids(site: Site) -> tuple[list[str], list[str], list[str]]:
    return [k.id for k in site.kpis], [t.id for t in site.teams], [p.id for p in site.people]


def _spans(view: SiteView, new: Period, old: Period) -> set[str]:
    """The period and year keys an objective's old and new period touch."""
    keys = {f"period:{p.key}" for p in view.periods if overlaps(p, new) or overlaps(p, old)}
    fiscal = view.config.fiscal_year
    for period in (new, old):
        keys |= {f"year:{y}" for y in range(fiscal.year_of(period.start), fiscal.year_of(period.end) + 1)}
    return keys
