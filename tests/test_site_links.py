"""The generated site, read as files (no browser): every page there, every link working, nothing
loaded from outside, the parts every page has, and a light dashboard.

Each test reports every problem it finds at once, with the page's path (and line) in the site.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

pytest_plugins = ["tests.site_tools"]

DASHBOARD_BUDGET = 150_000
"""Bytes: index.html plus every stylesheet and script it references (images and fonts not counted)."""

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# <link rel> values that never make the browser fetch anything: such a link may point outside.
NON_LOADING_RELS = {"alternate", "author", "bookmark", "canonical", "help", "license", "me", "next", "prev"}
# SVG elements whose href is fetched (an <a> is followed, not fetched).
SVG_LOADING = {"use", "image", "feimage", "script"}


@dataclass
class Ref:
    """One URL in a page, or in a stylesheet."""

    value: str
    where: str  # "page.html:12 <img src>"
    loads: bool  # the browser fetches it to show the page (unlike an <a href>, which is followed)
    attrs: dict[str, str] = field(default_factory=dict)
    tag: str = ""
    attr: str = ""


@dataclass
class Page:
    """What the tests need to know of one HTML page."""

    rel: str  # path in the site, "objectives/x/index.html"
    base: str | None = None  # <base href>
    lang: str | None = None
    titles: list[str] = field(default_factory=list)
    h1: int = 0
    ids: set[str] = field(default_factory=set)
    refs: list[Ref] = field(default_factory=list)
    css: list[tuple[int, str]] = field(default_factory=list)  # (line, text) of <style> and style=""
    breadcrumbs: int = 0
    switchers: int = 0
    switcher_periods: list[str] = field(default_factory=list)
    footer_hrefs: list[str] = field(default_factory=list)
    charts: list[tuple[int, str | None, bool]] = field(default_factory=list)  # (line, role, in #key-results)

    @property
    def url_base(self) -> str:
        """The file that the page's relative URLs are relative to: itself, unless it has a <base href>.

        A <base> pointing outside (the site's published address, say) is taken as the site's root.
        """
        if not self.base:
            return self.rel
        if kind(self.base) != "relative":
            return "index.html"
        return posixpath.join(posixpath.dirname(self.rel), self.base.split("#")[0] + "x")


class _PageParser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        # Open elements: (tag, flags of it and its ancestors). End tags close back to their element,
        # so elements closed implicitly (<p>, <li>) cannot leave us inside a <footer> that ended.
        self.stack: list[tuple[str, frozenset[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, void=tag in VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, void=True)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not self.stack:
            return
        tag, ctx = self.stack[-1]
        if tag == "title" and "svg" not in ctx:
            self.page.titles[-1] += data
        elif tag == "style":
            self.page.css.append((self.getpos()[0], data))

    def _start(self, tag: str, attr_list: list[tuple[str, str | None]], void: bool) -> None:
        page = self.page
        a = {k: (v or "") for k, v in attr_list}
        ctx = self.stack[-1][1] if self.stack else frozenset()
        line = self.getpos()[0]
        classes = a.get("class", "").split()
        own: set[str] = {tag} if tag in ("svg", "footer", "style") else set()

        if tag == "html":
            page.lang = a.get("lang")
        elif tag == "base" and page.base is None:
            page.base = a.get("href")
        elif tag == "h1":
            page.h1 += 1
        elif tag == "title" and "svg" not in ctx:
            page.titles.append("")
        elif tag == "nav" and a.get("aria-label", "").strip().lower() == "breadcrumb":
            page.breadcrumbs += 1
        elif tag == "details" and "period-switcher" in classes:
            page.switchers += 1
            own.add("switcher")
        elif tag == "section" and a.get("id") == "key-results":
            own.add("key-results")
        elif tag == "svg" and "chart" in classes:
            page.charts.append((line, a.get("role"), "key-results" in ctx))
        if a.get("id"):
            page.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            page.ids.add(a["name"])
        if tag == "a" and "switcher" in ctx and "data-period" in a:
            page.switcher_periods.append(a["data-period"])
        if tag == "a" and "footer" in ctx and a.get("href"):
            page.footer_hrefs.append(a["href"])
        if "style" in a:
            page.css.append((line, a["style"]))

        def ref(name: str, value: str, loads: bool) -> None:
            where = f"{page.rel}:{line} <{tag} {name}>"
            page.refs.append(Ref(value.strip(), where, loads, a, tag, name))

        for name in ("href", "xlink:href"):
            if name in a:
                if tag == "link":
                    rels = set(a.get("rel", "").lower().split())
                    ref(name, a[name], loads=not rels or not rels <= NON_LOADING_RELS)
                else:
                    ref(name, a[name], loads="svg" in ctx and tag in SVG_LOADING)
        if "src" in a:
            ref("src", a["src"], loads=True)
        if "srcset" in a:
            for candidate in a["srcset"].split(","):
                if candidate.strip():
                    ref("srcset", candidate.split()[0], loads=True)
        if tag == "object" and "data" in a:
            ref("data", a["data"], loads=True)
        if tag == "video" and "poster" in a:
            ref("poster", a["poster"], loads=True)

        if not void:
            self.stack.append((tag, ctx | own))


# --- URLs ----------------------------------------------------------------------------------------------------

CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?(?:"([^"]*)"|'([^']*)'|([^)'"\s;]+))""", re.I)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def css_urls(text: str) -> list[str]:
    """The URLs a stylesheet (or a style attribute) uses: url(...) and @import "..."."""
    text = CSS_COMMENT.sub("", text)
    found = [next(g for g in m.groups() if g is not None) for m in CSS_URL.finditer(text)]
    found += [next(g for g in m.groups() if g is not None) for m in CSS_IMPORT.finditer(text)]
    return list(dict.fromkeys(u.strip() for u in found))


def kind(url: str) -> str:
    """external (another host), absolute (/path), scheme (mailto:, data:, ...), fragment, relative, empty."""
    if not url:
        return "empty"
    if url.startswith("//"):
        return "external"
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("http", "https"):
        return "external"
    if scheme:
        return "scheme"
    if url.startswith("/"):
        return "absolute"
    if url.startswith("#"):
        return "fragment"
    return "relative"


def resolve(site: Path, base: str, url: str) -> tuple[str | None, str]:
    """The file (path in the site) that a relative URL in file `base` names, and the URL's fragment.

    A folder means its index.html. None when it names nothing in the site.
    """
    parts = urlsplit(url)
    path = unquote(parts.path)
    if not path:
        return base, unquote(parts.fragment)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
    if joined == ".." or joined.startswith("../"):
        return None, ""
    if path.endswith("/") or (site / joined).is_dir():
        joined = posixpath.normpath(posixpath.join(joined, "index.html"))
    return (joined if (site / joined).is_file() else None), unquote(parts.fragment)


# --- fixtures ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, Page]:
    """Every .html page of the site, parsed, by its path in the site."""
    found: dict[str, Page] = {}
    for path in sorted(built_site.rglob("*.html")):
        rel = path.relative_to(built_site).as_posix()
        page = Page(rel)
        parser = _PageParser(page)
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        parser.close()
        found[rel] = page
    top = sorted(p.name for p in built_site.iterdir())
    assert found, f"the build wrote no .html page; its output folder has only {top}"
    return found


def stylesheets(site: Path) -> list[tuple[str, str]]:
    """(path in the site, text) of every .css file."""
    return [
        (p.relative_to(site).as_posix(), p.read_text(encoding="utf-8", errors="replace"))
        for p in sorted(site.rglob("*.css"))
    ]


def report(problems: list[str], what: str) -> None:
    """Fail with every problem, one a line."""
    if problems:
        pytest.fail(f"{len(problems)} {what}:\n  " + "\n  ".join(problems), pytrace=False)


# --- tests ---------------------------------------------------------------------------------------------------


def expected_pages(data: dict[str, Any]) -> list[str]:
    """Every file the page contract promises, for the entities in the site's own okrs.json."""

    def public(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [i for i in items if i.get("visibility", "public") == "public"]

    files = [
        "index.html",
        "tree/index.html",
        "roadmap/index.html",
        "teams/index.html",
        "people/index.html",
        "kpis/index.html",
        "periods/index.html",
        "404.html",
        "okrs.json",
        "okrs.csv",
    ]
    files += [f"objectives/{o['id']}/index.html" for o in public(data["objectives"])]
    files += [f"teams/{t['id']}/index.html" for t in data["teams"]]
    files += [f"people/{p['id']}/index.html" for p in data["people"]]
    files += [f"kpis/{k['id']}/index.html" for k in public(data["kpis"])]
    files += [f"periods/{p['key']}/index.html" for p in data["periods"]]
    return files


def test_every_page_of_the_contract_is_there(built_site: Path, site_data: dict[str, Any]) -> None:
    missing = [f for f in expected_pages(site_data) if not (built_site / f).is_file()]
    if not (built_site / "assets").is_dir():
        missing.append("assets/ (the folder for stylesheets, scripts and images)")
    report(missing, "promised files missing from the site")


def test_every_link_and_fragment_leads_somewhere(built_site: Path, pages: dict[str, Page]) -> None:
    problems = []
    for page in pages.values():
        for r in page.refs:
            k = kind(r.value)
            # The 404 page is served at any depth, so its <base> may name the site's root path
            # (from base_url): root-relative, never another host.
            if k == "absolute" and not (page.rel == "404.html" and r.tag == "base"):
                problems.append(f"{r.where} {r.value!r}: starts with `/`; links must be relative")
            if k not in ("relative", "fragment"):
                continue
            target, fragment = resolve(built_site, page.url_base, r.value)
            if target is None:
                problems.append(f"{r.where} {r.value!r}: no such file in the site")
            elif fragment and fragment != "top" and target in pages and fragment not in pages[target].ids:
                problems.append(f"{r.where} {r.value!r}: {target} has no id={fragment!r}")
        for line, css in page.css:
            for url in css_urls(css):
                if kind(url) == "relative" and resolve(built_site, page.url_base, url)[0] is None:
                    problems.append(f"{page.rel}:{line} css url({url}): no such file in the site")
    for rel, css in stylesheets(built_site):
        for url in css_urls(css):
            if kind(url) == "relative" and resolve(built_site, rel, url)[0] is None:
                problems.append(f"{rel} url({url}): no such file in the site")
    report(problems, "broken links")


def test_nothing_is_loaded_from_outside_the_site(built_site: Path, pages: dict[str, Page]) -> None:
    problems = []
    for page in pages.values():
        for r in page.refs:
            if r.loads and kind(r.value) == "external":
                problems.append(f"{r.where} loads {r.value!r}")
        relative_loads = [r.value for r in page.refs if r.loads and kind(r.value) == "relative"]
        if page.base and kind(page.base) == "external" and relative_loads:
            problems.append(
                f"{page.rel}: <base href={page.base!r}> makes it load {relative_loads} from there"
            )
        for line, css in page.css:
            problems += [f"{page.rel}:{line} css loads {u!r}" for u in css_urls(css) if kind(u) == "external"]
    for rel, css in stylesheets(built_site):
        problems += [f"{rel} loads {u!r}" for u in css_urls(css) if kind(u) == "external"]
    report(problems, "resources loaded from outside the site (no CDN, web fonts or analytics)")


def test_every_page_has_the_common_parts(built_site: Path, pages: dict[str, Page]) -> None:
    problems = []
    for page in pages.values():
        p = page.rel
        if page.lang != "en":
            problems.append(f"{p}: <html lang> is {page.lang!r}, expected 'en'")
        if len(page.titles) != 1 or not page.titles[0].strip():
            problems.append(f"{p}: needs one non-empty <title>, has {[t.strip() for t in page.titles]}")
        if page.h1 != 1:
            problems.append(f"{p}: has {page.h1} <h1>, needs exactly one")
        if page.breadcrumbs != 1:
            problems.append(f'{p}: has {page.breadcrumbs} <nav aria-label="Breadcrumb">, needs one')
        if page.switchers != 1:
            problems.append(f'{p}: has {page.switchers} <details class="period-switcher">, needs one')
        elif "2026-Q1" not in page.switcher_periods:
            problems.append(
                f'{p}: the period switcher has no <a data-period="2026-Q1"> ({page.switcher_periods})'
            )
        footer = {
            resolve(built_site, page.url_base, h)[0] for h in page.footer_hrefs if kind(h) == "relative"
        }
        for export in ("okrs.json", "okrs.csv"):
            if export not in footer:
                problems.append(f"{p}: the <footer> has no link to {export}")
    report(problems, "problems with the parts every page has")


def test_charts_are_images_and_objectives_have_them(pages: dict[str, Page]) -> None:
    problems = []
    for page in pages.values():
        for line, role, _ in page.charts:
            if role != "img":
                problems.append(f'{page.rel}:{line}: <svg class="chart"> has role={role!r}, needs role="img"')
        if page.rel.startswith("objectives/") and not any(in_krs for _, _, in_krs in page.charts):
            problems.append(f'{page.rel}: no <svg class="chart"> inside <section id="key-results">')
    report(problems, "chart problems")


def test_the_dashboard_is_light(built_site: Path, pages: dict[str, Page]) -> None:
    if "index.html" not in pages:
        pytest.fail("there is no index.html", pytrace=False)
    sizes = {"index.html": (built_site / "index.html").stat().st_size}
    todo = []
    for r in pages["index.html"].refs:
        rels = set(r.attrs.get("rel", "").lower().split())
        script = r.tag == "script" and r.attr == "src"
        style = r.tag == "link" and bool(rels & {"stylesheet", "preload", "modulepreload"})
        if (script or style) and kind(r.value) == "relative":
            todo.append(resolve(built_site, "index.html", r.value)[0])
    while todo:  # stylesheets that @import others count those too
        rel = todo.pop()
        if rel is None or rel in sizes:
            continue
        sizes[rel] = (built_site / rel).stat().st_size
        if rel.endswith(".css"):
            text = (built_site / rel).read_text(encoding="utf-8", errors="replace")
            for m in CSS_IMPORT.finditer(CSS_COMMENT.sub("", text)):
                url = next(g for g in m.groups() if g is not None)
                if kind(url) == "relative":
                    todo.append(resolve(built_site, rel, url)[0])
    total = sum(sizes.values())
    detail = ", ".join(f"{k} {v:,}" for k, v in sorted(sizes.items()))
    if total >= DASHBOARD_BUDGET:
        pytest.fail(
            f"the dashboard weighs {total:,} bytes (budget {DASHBOARD_BUDGET:,}): {detail}", pytrace=False
        )
