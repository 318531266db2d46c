"""The wall screen (/wall/): built through the CLI, read as HTML, and shown in headless Chromium at
1920x1080 the way an office screen shows it: big type, one slide at a time, moving on by itself,
reloading only when the site answers, and every slide one under another without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import Run

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from tests.test_site_browser import Browse

pytest_plugins = ["tests.site_tools"]

WALL = "wall/"
FULL_HD = {"viewport": {"width": 1920, "height": 1080}}
MIN_TEXT_PX = 28.0
"""Body text on the wall at 1080p: readable from across a room."""

SHOWN = "() => [...document.querySelectorAll('.slide')].filter(s => !s.hidden).map(s => s.id)"
FADED_IN = """() => [...document.querySelectorAll('.slide')].filter(s => !s.hidden)
    .every(s => s.getAnimations().every(a => a.playState === 'finished'))"""
LIST_MODE = """() => { document.documentElement.classList.remove('wall-live');
  document.querySelectorAll('.slide').forEach(s => { s.hidden = false; }); }"""
SIZES = """() => {
  const px = sel => [...document.querySelectorAll(sel)].filter(e => e.checkVisibility())
      .map(e => parseFloat(getComputedStyle(e).fontSize));
  const slide = [...document.querySelectorAll('.slide')].find(s => !s.hidden);
  return {
    titles: px('.wall-obj-title, .wall-kpi-title'), meta: px('.wall-meta'),
    docHeight: document.scrollingElement.scrollHeight, docWidth: document.scrollingElement.scrollWidth,
    innerHeight, innerWidth,
    slide: slide.id, slideScroll: slide.scrollHeight, slideClient: slide.clientHeight,
    slideScrollWidth: slide.scrollWidth, slideClientWidth: slide.clientWidth,
  };
}"""


def wall_html(site: Path) -> str:
    return (site / "wall" / "index.html").read_text(encoding="utf-8")


def slide_titles(html: str) -> list[str]:
    """The headings of the slides, as text."""
    found = re.findall(r'<h2 class="slide-title"[^>]*>(.*?)</h2>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", t).split()) for t in found]


# --- the page, as files ------------------------------------------------------------------------------------


def test_the_wall_shows_the_company_objectives_and_every_team(
    built_site: Path, site_data: dict[str, Any]
) -> None:
    html = wall_html(built_site)
    titles = slide_titles(html)
    assert titles[:2] == ["Company objectives", "KPI health"], titles
    roots = {t["id"] for t in site_data["teams"] if not t.get("parent")}
    teams = [t["name"] for t in site_data["teams"] if t["id"] not in roots]
    missing = [name for name in teams if name not in titles]
    assert not missing, f"teams without a slide: {missing} (slides: {titles})"
    company = re.search(r'id="slide-1".*?</section>', html, re.S)
    assert company is not None and "Double annual revenue" in company.group(0)
    for kpi in site_data["kpis"]:
        assert kpi["title"] in html, f"KPI {kpi['title']!r} is not on the wall"


def test_the_wall_has_its_own_script_and_style_and_the_dashboard_links_to_it(built_site: Path) -> None:
    html = wall_html(built_site)
    assert '<link rel="stylesheet" href="../assets/wall.css">' in html
    assert '<script src="../assets/wall.js"></script>' in html
    assert "assets/style.css" not in html, "the wall has its own stylesheet, not the site's chrome"
    assert (built_site / "assets" / "wall.js").is_file() and (built_site / "assets" / "wall.css").is_file()
    assert 'href="./wall/"' in (built_site / "index.html").read_text(encoding="utf-8")


def test_a_team_with_many_objectives_gets_several_slides(
    write_site: Callable[[dict[str, str]], Path], cli: Callable[..., Run], tmp_path: Path
) -> None:
    objectives = {
        f"content/objectives/2026-Q4/o{n}.md": f"""
            ---
            title: Objective number {n}
            period: 2026-Q4
            team: ops
            key_results:
              - {{title: Reach {n}, start: 0, target: 10, current: {n}}}
            ---
            """
        for n in range(1, 7)
    }
    root = write_site(
        {
            "okrsite.yaml": "title: Many\nas_of: 2026-11-20\n",
            "content/teams/acme.md": "---\nname: Acme\n---\n",
            "content/teams/ops.md": "---\nname: Operations\nparent: acme\n---\n",
            **objectives,
        }
    )
    result = cli("build", root, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output + result.stderr
    titles = slide_titles(wall_html(tmp_path / "out"))
    assert titles == ["Company objectives", "KPI health", "Operations (1 of 2)", "Operations (2 of 2)"]
    html = wall_html(tmp_path / "out")
    assert html.count('class="wall-card wall-objective') == 6
    assert "No objectives running in 2026-Q4." in html  # the company has none of its own
    assert "No KPIs yet." in html


# --- in the browser ----------------------------------------------------------------------------------------


@pytest.fixture
def browse(browser: Browser, site_url: str) -> Iterator[Browse]:
    """The site browser of test_site_browser: a request outside the site or a script error fails."""
    from tests.test_site_browser import Browse

    b = Browse(browser, site_url)
    yield b
    b.close()


def shown(page: Page) -> list[str]:
    ids: list[str] = page.evaluate(SHOWN)
    return ids


@pytest.mark.browser
def test_at_1080p_every_slide_fits_the_screen_in_big_type(browse: Browse, tmp_path: Path) -> None:
    page = browse(WALL, **FULL_HD)
    count = page.locator(".slide").count()
    seen = []
    for n in range(count):
        if n < 2:
            page.screenshot(path=str(tmp_path / f"wall-{n + 1}.png"))
        m = page.evaluate(SIZES)
        seen.append(m["slide"])
        where = f"{m['slide']} at 1920x1080 (screenshots in {tmp_path})"
        assert m["titles"] or n >= 2, f"{where}: no objective or KPI title shown"
        small = [px for px in m["titles"] + m["meta"] if px < MIN_TEXT_PX]
        assert not small, f"{where}: text smaller than {MIN_TEXT_PX}px: {small}"
        assert m["docHeight"] <= m["innerHeight"] and m["docWidth"] <= m["innerWidth"], (
            f"{where} scrolls: {m}"
        )
        assert m["slideScroll"] <= m["slideClient"] and m["slideScrollWidth"] <= m["slideClientWidth"], (
            f"{where}: content is cut off: {m}"
        )
        assert len(shown(page)) == 1, f"{where}: more than one slide shown: {shown(page)}"
        page.keyboard.press("ArrowRight")
    assert len(set(seen)) == count, f"the arrow key did not visit every slide: {seen}"
    assert shown(page) == ["slide-1"], "after the last slide the wall starts again"


@pytest.mark.browser
def test_the_objective_titles_are_at_least_28px(browse: Browse) -> None:
    page = browse(WALL, **FULL_HD)
    sizes = page.locator(".slide:not([hidden]) .wall-obj-title").evaluate_all(
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes and min(sizes) >= MIN_TEXT_PX, sizes


@pytest.mark.browser
def test_interval_1_moves_to_the_next_slide_within_2_5_seconds(browse: Browse) -> None:
    page = browse(WALL + "?interval=1", **FULL_HD)
    assert shown(page) == ["slide-1"]
    page.wait_for_function("() => !document.getElementById('slide-2').hidden", timeout=2_500)
    assert shown(page) == ["slide-2"]
    assert page.locator(".wall-count").inner_text() == f"2 / {page.locator('.slide').count()}"


@pytest.mark.browser
def test_team_shows_that_team_only(browse: Browse) -> None:
    page = browse(WALL + "?team=sales&interval=1", **FULL_HD)
    assert page.locator(".slide:not([hidden]) .slide-title").inner_text() == "Sales"
    assert page.locator(".wall-count").inner_text() == "1 / 1"
    page.keyboard.press("ArrowRight")
    assert page.locator(".slide:not([hidden]) .slide-title").inner_text() == "Sales"
    browse.goto(page, WALL + "?team=nobody")
    assert page.locator("#wall-note").is_visible(), "an unknown team says so, then shows everything"
    assert page.locator(".wall-count").inner_text() == f"1 / {page.locator('.slide').count()}"


@pytest.mark.browser
def test_keys_move_and_p_pauses_and_the_live_region_speaks_only_then(browse: Browse) -> None:
    page = browse(WALL + "?interval=1", **FULL_HD)
    status = page.locator("#wall-status")
    assert status.get_attribute("aria-live") == "polite"
    page.wait_for_function("() => !document.getElementById('slide-2').hidden", timeout=2_500)
    assert status.inner_text() == "", "an automatic move is not announced"
    page.keyboard.press("p")
    assert status.inner_text() == "Paused"
    assert page.locator('[data-wall="pause"]').get_attribute("aria-pressed") == "true"
    before = shown(page)
    page.wait_for_timeout(1_600)
    assert shown(page) == before, "the wall moved on while paused"
    page.keyboard.press("ArrowLeft")
    assert shown(page) == ["slide-1"]
    assert status.inner_text().startswith("Slide 1 of ")
    page.keyboard.press(" ")
    assert shown(page) == ["slide-2"]


@pytest.mark.browser
def test_without_javascript_every_slide_reads_one_under_another(browse: Browse) -> None:
    page = browse(WALL, java_script_enabled=False, **FULL_HD)
    slides = page.locator(".slide")
    assert slides.count() > 3
    hidden = [s.get_attribute("id") for s in slides.all() if not s.is_visible()]
    assert not hidden, f"without JavaScript these slides are hidden: {hidden}"
    tops = slides.evaluate_all("els => els.map(e => e.getBoundingClientRect().top)")
    assert tops == sorted(tops) and len(set(tops)) == len(tops), f"not one under another: {tops}"
    assert page.locator("nav[aria-label='Breadcrumb']").is_visible()


@pytest.mark.browser
def test_it_reloads_at_a_cycle_end_only_when_the_page_answers(browse: Browse) -> None:
    page = browse(WALL, **FULL_HD)
    page.clock.install()
    browse.goto(page, WALL + "?interval=1&reload=1")
    slides = page.locator(".slide").count()
    heads: list[str] = []
    offline = {"on": True}

    def head(route: Any) -> None:
        if route.request.method != "HEAD":
            route.continue_()
            return
        heads.append(route.request.url)
        if offline["on"]:
            route.abort()
        else:
            route.continue_()

    page.route("**/wall/**", head)
    page.evaluate("window.__loaded = 'first'")
    page.clock.run_for(55_000)
    assert heads == [], "asked before the reload interval was over"
    page.clock.run_for(slides * 1_000 + 5_000)
    page.wait_for_timeout(300)  # the HEAD request fails on the real clock
    assert heads, "no HEAD request at the end of the cycle after the reload interval"
    assert page.evaluate("window.__loaded") == "first", "reloaded although the page did not answer"
    offline["on"] = False
    with page.expect_navigation(timeout=5_000):
        page.clock.run_for(slides * 1_000 + 1_000)
    assert page.evaluate("window.__loaded") is None, "did not reload once the page answered"


@pytest.mark.browser
def test_reduced_motion_stops_the_animations(browse: Browse) -> None:
    page = browse(WALL, reduced_motion="reduce", **FULL_HD)
    animation = page.locator(".slide:not([hidden])").evaluate("e => getComputedStyle(e).animationName")
    assert animation == "none"
    assert page.locator(".wall-timer").evaluate("e => getComputedStyle(e).visibility") == "hidden"


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("query", ["", "?theme=light"], ids=["dark", "light"])
def test_no_accessibility_violations_on_the_wall(browse: Browse, query: str) -> None:
    from tests.test_site_browser import describe, run_axe

    page = browse(WALL + query + ("&" if query else "?") + "interval=3600", **FULL_HD)
    for _ in range(3):  # the company, the KPIs and a team
        page.wait_for_function(FADED_IN)  # contrast is measured once the slide has faded in
        violations = run_axe(page)
        assert not violations, describe(violations, page.url + " " + shown(page)[0])
        page.keyboard.press("ArrowRight")
    # The list every slide reads as without JavaScript (axe needs a script, so the list is made here).
    page.evaluate(LIST_MODE)
    violations = run_axe(page)
    assert not violations, describe(violations, page.url + " (as a list)")
