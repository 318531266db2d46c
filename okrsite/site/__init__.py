"""The site stage: a scored site in, every file of the published site out (pure, but for reading
the theme's files). Pages get small contexts; templates run with StrictUndefined and autoescape."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import jinja2

from okrsite.config import SiteConfig
from okrsite.model import Site
from okrsite.score.model import Scorecard
from okrsite.site import pages, urls
from okrsite.site.context import Context, GitInfo, SiteView
from okrsite.site.objective_page import objective_page
from okrsite.site.roadmap import roadmap_page, years
from okrsite.site.theme import ThemeError, environment, find_theme, static_files
from okrsite.site.tree import tree_page
from okrsite.write import OutputFile


def plan(view: SiteView) -> Iterator[tuple[str, str, Context]]:
    """Every page: (output path, template, context)."""
    yield "index.html", "dashboard.html", pages.dashboard(view)
    yield urls.tree(), "tree.html", tree_page(view, None)
    for p in view.periods:
        yield urls.tree(p.key), "tree.html", tree_page(view, p)
        yield urls.period(p.key), "period.html", pages.period_page(view, p)
    all_years = years(view)
    if all_years:
        now = view.config.fiscal_year.year_of(view.as_of)
        yield (
            urls.roadmap(),
            "roadmap.html",
            roadmap_page(view, now if now in all_years else all_years[-1], True),
        )
        for y in all_years:
            yield urls.roadmap(y), "roadmap.html", roadmap_page(view, y, False)
    for o in view.site.objectives:
        yield urls.objective(o.id), "objective.html", objective_page(view, o)
    yield "teams/index.html", "teams.html", pages.teams_index(view)
    for t in view.site.teams:
        yield urls.team(t.id), "team.html", pages.team_page(view, t)
    yield "people/index.html", "people.html", pages.people_index(view)
    for pid in view.people_ids():
        yield urls.person(pid), "person.html", pages.person_page(view, pid)
    yield "kpis/index.html", "kpis.html", pages.kpi_board(view)
    for k in view.site.kpis:
        yield urls.kpi(k.id), "kpi.html", pages.kpi_page(view, k)
    yield "periods/index.html", "periods.html", pages.periods_index(view)
    yield "404.html", "404.html", pages.not_found(view)


def render_site(
    root: Path, site: Site, config: SiteConfig, card: Scorecard, git: GitInfo
) -> list[OutputFile]:
    """Every HTML page and static asset of the site."""
    theme = find_theme(root, config.theme)
    env = environment(theme)
    view = SiteView(site, config, card, git, theme.has_extra_css)
    out: list[OutputFile] = []
    seen: dict[str, str] = {}
    for path, template, ctx in plan(view):
        key = path.casefold()
        if key in seen:
            raise ValueError(f"two pages would be written to {path}: {seen[key]} and {template}")
        seen[key] = template
        try:
            html = env.get_template(template).render(ctx)
        except jinja2.TemplateError as exc:
            raise ThemeError(_describe(exc, template)) from exc
        out.append(OutputFile(path, html.encode()))
    out.extend(OutputFile(path, data) for path, data in static_files(theme).items())
    return out


def _describe(exc: jinja2.TemplateError, template: str) -> str:
    """`page.html:12: 'x' is undefined`: the template file and line a theme author must fix."""
    where = getattr(exc, "filename", None) or template
    line = getattr(exc, "lineno", None)
    if line is None:
        tb: TracebackType | None = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename.endswith(".html"):
                where, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
            tb = tb.tb_next
    return f"{where}:{line or 0}: template error: {exc.message or exc}"
