"""The site stage: a scored site in, every file of the published site out (pure, but for reading
the theme's files). Pages get small contexts; templates run with StrictUndefined and autoescape."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType, TracebackType

import jinja2

from okrsite.audience import Withheld
from okrsite.config import SiteConfig
from okrsite.model import Site
from okrsite.score.model import Scorecard
from okrsite.site.context import Context, GitInfo, SiteView
from okrsite.site.pageplan import PagePlan
from okrsite.site.plan import changed_keys, plan
from okrsite.site.theme import Theme, ThemeError, environment, find_theme, static_files
from okrsite.write import OutputFile

NOTHING = Withheld()
EMPTY: Mapping[str, str] = MappingProxyType({})


class PageThunk:
    """A page rendered when first asked for (by `okrsite serve`), then kept. Thread-safe."""

    def __init__(self, env: jinja2.Environment, page: PagePlan) -> None:
        self._env, self._page = env, page
        self._lock = threading.Lock()
        self._data: bytes | None = None

    def get(self, path: str = "") -> bytes:
        """The page's bytes (rendering it on the first call); raises ThemeError on a template error."""
        with self._lock:
            if self._data is None:
                self._data = render_page(self._env, self._page)
            return self._data


Rendered = bytes | PageThunk


@dataclass
class RenderMemo:
    """The previous render, kept by `okrsite serve`: a page is rendered again only when something
    it depends on changed (see okrsite.site.plan)."""

    key: tuple[object, ...] = ()
    site: Site | None = None
    card: Scorecard | None = None
    pages: dict[str, Rendered] = field(default_factory=dict)
    rendered: int = 0  # pages made anew by the last call (rendered, or due on request)
    reused: int = 0
    env_key: tuple[object, ...] = ()
    env: jinja2.Environment | None = None  # compiled templates, reused while the theme is unchanged


@dataclass(frozen=True, slots=True)
class SitePlan:
    """Every page of a site, not yet rendered, with the environment that renders them and the
    theme's static files: what a parallel build shares out among its workers."""

    env: jinja2.Environment
    pages: tuple[PagePlan, ...]
    assets: dict[str, bytes]

    def render(self, page: PagePlan) -> bytes:
        """One page's bytes; raises ThemeError on a template error."""
        return render_page(self.env, page)


def site_plan(
    site: Site,
    config: SiteConfig,
    card: Scorecard,
    git: GitInfo,
    theme: Theme,
    withheld: Withheld = NOTHING,
    snapshots: Mapping[str, str] = EMPTY,
) -> SitePlan:
    """The plan of a full build with `theme` (see `find_theme`): each template compiled once,
    every page checked for a path that another page (or, on a case-insensitive file system,
    its case) already takes. `withheld` counts what a public build left out; `snapshots` maps
    a period to the folder of its frozen site."""
    view = SiteView(site, config, card, git, theme.has_extra_css, withheld, snapshots)
    env = environment(theme, view.lang)
    pages = tuple(plan(view))
    _unique_paths(pages)
    for template in sorted({p.template for p in pages if p.template}):
        try:
            env.get_template(template)
        except jinja2.TemplateError as exc:
            raise ThemeError(_describe(exc, template)) from exc
    return SitePlan(env, pages, static_files(theme))


def _unique_paths(pages: tuple[PagePlan, ...]) -> None:
    seen: dict[str, str] = {}
    for page in pages:
        folded = page.path.casefold()
        if folded in seen:
            raise ValueError(f"two files would be written to {page.path}: {seen[folded]} and {_what(page)}")
        seen[folded] = _what(page)


def _what(page: PagePlan) -> str:
    return page.template or "a data file"


def render_site(
    root: Path,
    site: Site,
    config: SiteConfig,
    card: Scorecard,
    git: GitInfo,
    memo: RenderMemo | None = None,
    withheld: Withheld = NOTHING,
) -> list[OutputFile]:
    """Every HTML page and static asset of the site; with `memo`, unchanged pages are reused."""
    pages = render_pages(root, site, config, card, git, memo, lazy=False, withheld=withheld)
    return [OutputFile(path, data if isinstance(data, bytes) else data.get()) for path, data in pages.items()]


def render_pages(
    root: Path,
    site: Site,
    config: SiteConfig,
    card: Scorecard,
    git: GitInfo,
    memo: RenderMemo | None = None,
    lazy: bool = False,
    withheld: Withheld = NOTHING,
) -> dict[str, Rendered]:
    """Every page and asset by path. With `lazy`, pages whose inputs changed are rendered only
    when asked for, unless the theme changed (so a template error shows at once)."""
    theme = find_theme(root, config.theme)
    stamp = theme.stamp()
    view = SiteView(site, config, card, git, theme.has_extra_css, withheld)
    env_key = (theme.folders, stamp, view.lang.key)
    same_theme = memo is not None and memo.env is not None and memo.env_key == env_key
    if same_theme and memo is not None and memo.env is not None:
        env = memo.env
    else:
        env = environment(theme, view.lang)
    key = (config, card.as_of, tuple(sorted(git.items())), theme.folders, stamp, withheld)
    changed: set[str] = {"*"}
    if memo is not None and memo.key == key and memo.site is not None and memo.card is not None:
        changed = changed_keys(memo.site, memo.card, site, card, view)
    pages: dict[str, Rendered] = {}
    made = 0
    planned = tuple(plan(view))
    _unique_paths(planned)
    for page in planned:
        old = memo.pages.get(page.path) if memo is not None and "*" not in changed else None
        if old is not None and not (page.deps & changed):
            pages[page.path] = old
            continue
        made += 1
        thunk = PageThunk(env, page)
        pages[page.path] = thunk if lazy and same_theme else thunk.get()
    reused = len(pages) - made
    pages.update(static_files(theme))
    if memo is not None:
        memo.key, memo.site, memo.card = key, site, card
        memo.pages = {p: d for p, d in pages.items() if not p.startswith("assets/")}
        memo.rendered, memo.reused = made, reused
        memo.env_key, memo.env = env_key, env
    return pages


def render_page(env: jinja2.Environment, page: PagePlan) -> bytes:
    """One planned file's bytes: its template rendered, or its raw bytes made."""
    if page.raw is not None:
        return page.raw()
    return _render(env, page.template, page.make())


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
