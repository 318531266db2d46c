"""The site stage: a scored site in, every file of the published site out (pure, but for reading
the theme's files). Pages get small contexts; templates run with StrictUndefined and autoescape."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import jinja2

from okrsite.config import SiteConfig
from okrsite.model import Site
from okrsite.score.model import Scorecard
from okrsite.site.context import Context, GitInfo, SiteView
from okrsite.site.plan import changed_keys, plan
from okrsite.site.theme import ThemeError, environment, find_theme, static_files
from okrsite.write import OutputFile


@dataclass
class RenderMemo:
    """The previous render, kept by `okrsite serve`: a page is rendered again only when something
    it depends on changed (see okrsite.site.plan)."""

    key: tuple[object, ...] = ()
    site: Site | None = None
    card: Scorecard | None = None
    pages: dict[str, bytes] = field(default_factory=dict)
    rendered: int = 0  # pages rendered by the last call, for tests and the benchmark
    reused: int = 0


def render_site(
    root: Path,
    site: Site,
    config: SiteConfig,
    card: Scorecard,
    git: GitInfo,
    memo: RenderMemo | None = None,
) -> list[OutputFile]:
    """Every HTML page and static asset of the site; with `memo`, unchanged pages are reused."""
    theme = find_theme(root, config.theme)
    env = environment(theme)
    view = SiteView(site, config, card, git, theme.has_extra_css)
    key = (config, card.as_of, tuple(sorted(git.items())), theme.folders, theme.stamp())
    changed: set[str] = {"*"}
    if memo is not None and memo.key == key and memo.site is not None and memo.card is not None:
        changed = changed_keys(memo.site, memo.card, site, card, view)
    out: list[OutputFile] = []
    seen: dict[str, str] = {}
    pages: dict[str, bytes] = {}
    rendered = 0
    for page in plan(view):
        folded = page.path.casefold()
        if folded in seen:
            raise ValueError(f"two pages would be written to {page.path}: {seen[folded]} and {page.template}")
        seen[folded] = page.template
        old = memo.pages.get(page.path) if memo is not None and "*" not in changed else None
        if old is not None and not (page.deps & changed):
            data = old
        else:
            data = _render(env, page.template, page.make())
            rendered += 1
        pages[page.path] = data
        out.append(OutputFile(page.path, data))
    out.extend(OutputFile(path, data) for path, data in static_files(theme).items())
    if memo is not None:
        memo.key, memo.site, memo.card, memo.pages = key, site, card, pages
        memo.rendered, memo.reused = rendered, len(pages) - rendered
    return out


def _render(env: jinja2.Environment, template: str, ctx: Context) -> bytes:
    try:
        return env.get_template(template).render(ctx).encode()
    except jinja2.TemplateError as exc:
        raise ThemeError(_describe(exc, template)) from exc


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
