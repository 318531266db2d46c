"""Search: the index the build writes (read back and queried here as search.js queries it), the list page
for readers without JavaScript, and the search box in headless Chromium: typing, the keyboard, the
search page's ?q=, without JavaScript, under a sub-path, from disk, on a phone, with axe-core and under
netlify.toml's Content-Security-Policy.

The bundled example is built once through the CLI (`built_site`, tests/site_tools.py).
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Iterator
from datetime import date
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import unquote, urlsplit

import pytest

from bench.search_index import shard_matches
from bench.web import QuietHandler
from okrsite.build import BuildCache, compile_site
from okrsite.site.search_text import fold, plain_text, shard_of, terms
from tests.site_tools import require

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from tests.test_site_browser import Browse

pytest_plugins = ["tests.site_tools"]
pytestmark = pytest.mark.browser

BODY_ONLY = ("objectives/q3-support-in-local-language/", "Malmö")  # a word of its body, not of its title
TEAM_PAGE = "teams/customer-service/"
SUB_PATH = "/okr/goals/"
AS_OF_DATE = date(2026, 11, 20)


# --- the index, read back -------------------------------------------------------------------------------


class Index:
    """A built site's search/ folder, with search.js's lookup in Python."""

    def __init__(self, site: Path) -> None:
        self.folder = site / "search"
        self.meta = self.read("meta.js")

    def read(self, name: str) -> Any:
        text = (self.folder / name).read_text(encoding="utf-8")
        m = re.fullmatch(r'okrsiteSearch\("[mtd]",\d+,(.*)\);\n', text, re.S)
        assert m, f"search/{name} is not one okrsiteSearch(kind, number, data) call"
        return json.loads(m.group(1))

    def kind(self, doc: int) -> str:
        kind: str = next(k for k, first, end in self.meta["kinds"] if first <= doc < end)
        return kind

    def doc(self, doc: int) -> dict[str, str]:
        chunk = self.meta["chunk"]
        row = [*self.read(f"d/{doc // chunk}.js")[doc % chunk], "", "", ""]
        return {"kind": self.kind(doc), "title": row[0], "url": row[1], "context": row[2], "excerpt": row[3]}

    def docs(self) -> list[dict[str, str]]:
        return [self.doc(i) for i in range(self.meta["docs"])]

    def matches(self, word: str, prefix: bool) -> dict[int, int]:
        return shard_matches(self.read(f"t/{shard_of(word, self.meta['shards'])}.js"), word, prefix)

    def search(self, query: str) -> list[dict[str, str]]:
        """The documents search.js shows for `query`, best first."""
        words = list(dict.fromkeys(re.findall(r"[^\W_]{2,}", fold(query))))
        prefix = query[-1:].isalnum() and bool(words) and len(words[-1]) >= 3
        sets = [self.matches(w, prefix and i == len(words) - 1) for i, w in enumerate(words)]
        if not sets:
            return []
        scores = sets[0]
        for s in sets[1:]:
            scores = {i: v + s[i] for i, v in scores.items() if i in s}
        return [self.doc(i) for i in sorted(scores, key=lambda i: (-scores[i], i))]


@pytest.fixture(scope="module")
def index(built_site: Path) -> Index:
    return Index(built_site)


def urls_of(docs: list[dict[str, str]]) -> set[str]:
    return {d["url"] for d in docs}


# --- the index: what finds what -----------------------------------------------------------------------------


def test_folding_drops_case_and_accents() -> None:
    assert fold("Malmö ÅRHUS Łódź Straße Ærø") == "malmo arhus lodz strasse aero"
    assert terms("Q4: cut p95 latency, a 2nd time!") == {"q4", "cut", "p95", "latency", "2nd", "time"}


def test_plain_text_keeps_words_not_markup_or_link_targets() -> None:
    body = "## Why\n\nSee [the **plan**](https://example.org/x-y) and <https://example.org/z>.\n\n- one\n- [[csat|the CSAT]]"
    text = plain_text(body)
    assert text == "Why See the plan and . one the CSAT"
    assert "example" not in terms(text)


def test_the_build_writes_the_index_and_the_search_page(
    built_site: Path, index: Index, site_data: dict[str, Any]
) -> None:
    assert (built_site / "search" / "index.html").is_file()
    krs = sum(len(o["key_results"]) for o in site_data["objectives"])
    expected = {
        "t": len(site_data["teams"]),
        "p": len(site_data["people"]),
        "k": len(site_data["kpis"]),
        "o": len(site_data["objectives"]),
        "r": krs,
    }
    assert {kind: end - first for kind, first, end in index.meta["kinds"]} == expected
    assert index.meta["docs"] == sum(expected.values())
    shards = sorted(p.name for p in (built_site / "search" / "t").iterdir())
    assert shards == sorted(f"{n}.js" for n in range(index.meta["shards"]))


def test_a_word_of_an_objectives_body_finds_it(index: Index) -> None:
    url, word = BODY_ONLY
    found = index.search(word)
    assert url in urls_of(found), f"{word!r} is in the body of {url} but does not find it: {found}"
    assert word.lower() not in next(d for d in found if d["url"] == url)["title"].lower()


@pytest.mark.parametrize("query", ["malmo", "MALMÖ", "Malmo\u0308"])
def test_case_and_accents_do_not_matter(index: Index, query: str) -> None:
    assert BODY_ONLY[0] in urls_of(index.search(query))


def test_an_owners_name_finds_their_objectives(index: Index, site_data: dict[str, Any]) -> None:
    maria = next(p for p in site_data["people"] if p["id"] == "maria")
    owned = {f"objectives/{o['id']}/" for o in site_data["objectives"] if o["owner"] == "maria"}
    assert owned
    found = index.search(maria["name"].split()[-1])
    assert owned <= urls_of(found), f"{maria['name']} owns {sorted(owned)}; found {sorted(urls_of(found))}"
    assert found[0]["url"] == "people/maria/", "the person herself (a title hit) comes first"


def test_words_are_anded_the_last_one_is_a_prefix_and_titles_rank_first(index: Index) -> None:
    revenue = index.search("revenue")
    both = index.search("revenue nordic")
    assert both and urls_of(both) < urls_of(revenue)
    assert urls_of(index.search("reven")) == urls_of(revenue)
    assert index.search("reven ") == [], "a word followed by a space is whole, not a prefix"
    ranks = [("revenue" in fold(d["title"])) for d in revenue]
    assert ranks == sorted(ranks, reverse=True), "every title hit comes before the other hits"


def test_key_results_kpis_teams_and_people_are_found(index: Index) -> None:
    kinds = {d["kind"] for d in index.search("customer")}
    assert {"o", "r", "k", "t"} <= kinds
    kr = next(d for d in index.search("first response time") if d["kind"] == "r")
    assert "#kr-" in kr["url"] and kr["context"], kr
    assert index.search("lindqvist")[0]["url"] == "people/astrid/"


def test_every_indexed_url_is_a_page_of_the_site(built_site: Path, index: Index) -> None:
    docs = index.docs()
    assert len(docs) == index.meta["docs"]
    for d in docs:
        path, _, anchor = d["url"].partition("#")
        assert d["title"], d
        page = built_site / path / "index.html"
        assert page.is_file(), f"the index links {d['url']}, which the build did not write"
        if anchor:
            assert f'id="{anchor}"' in page.read_text(encoding="utf-8"), f"{d['url']}: no element #{anchor}"


def test_the_list_page_links_everything(built_site: Path, site_data: dict[str, Any]) -> None:
    html = (built_site / "search" / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="\.\./([^"#]+)"', html))
    wanted = {f"objectives/{o['id']}/" for o in site_data["objectives"]}
    wanted |= {f"teams/{t['id']}/" for t in site_data["teams"]}
    wanted |= {f"people/{p['id']}/" for p in site_data["people"]}
    wanted |= {f"kpis/{k['id']}/" for k in site_data["kpis"]}
    assert wanted <= links, f"the list page leaves out {sorted(wanted - links)}"
    for o in site_data["objectives"]:
        for kr in o["key_results"]:
            assert _html_text(kr["title"]) in html, f"the list page leaves out the key result {kr['title']!r}"


def _html_text(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


@pytest.mark.parametrize(
    "page", ["index.html", "teams/customer-service/index.html", "404.html", "search/index.html"]
)
def test_every_page_has_the_search_form(built_site: Path, page: str) -> None:
    html = (built_site / page).read_text(encoding="utf-8")
    form = re.search(r'<form class="site-search" role="search" action="([^"]+)" method="get"[^>]*>', html)
    assert form, f"{page} has no search form"
    assert 'name="q"' in html and 'for="site-search-q"' in html
    target = (built_site / page).parent / form.group(1)
    assert form.group(1).endswith("index.html") and target.resolve() == (built_site / "search" / "index.html")
    assert 'src="' in html and "search.js" in html


def test_okrsite_serve_renders_the_index_when_asked_and_again_after_an_edit(site: Path) -> None:
    """The preview's path: files planned lazily, made on request, made again when an objective changes."""
    cache = BuildCache()
    compile_site(site, AS_OF_DATE, cache=cache)
    path = site / "content/objectives/2026-Q3/q3-support-in-local-language.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Malmö", "Göteborg"), encoding="utf-8")
    again = compile_site(site, AS_OF_DATE, cache=cache, lazy=True)
    meta = _loaded(again.served["search/meta.js"])
    shard = shard_of("goteborg", json.loads(meta[meta.index("{") : meta.rindex(")")])["shards"])
    assert '"goteborg":' in _loaded(again.served[f"search/t/{shard}.js"])
    clean = compile_site(site, AS_OF_DATE)
    for f in clean.files:
        if f.path.startswith("search/"):
            assert _loaded(again.served[f.path]) == f.data.decode(), f"{f.path} differs from a clean build's"


def _loaded(rendered: Any) -> str:
    data: bytes = rendered if isinstance(rendered, bytes) else rendered.get()
    return data.decode()


# --- in Chromium --------------------------------------------------------------------------------------------


@pytest.fixture
def browse(browser: Browser, site_url: str) -> Iterator[Browse]:
    """tests/test_site_browser.py's `browse` (imported here only when a browser is there: that module
    skips itself without playwright, and the index tests above need none)."""
    from tests.test_site_browser import Browse

    b = Browse(browser, site_url)
    yield b
    b.close()


def expect() -> Any:
    sync_api = require("playwright")
    expect_: Any = sync_api.expect
    expect_.set_options(timeout=5_000)
    return expect_


def type_query(page: Page, query: str) -> None:
    page.locator("#site-search-q").fill(query)
    expect()(page.locator(".site-search-panel")).to_be_visible()


def options(page: Page) -> list[str]:
    found: list[str] = page.locator("#site-search-list [role=option]").evaluate_all(
        "els => els.map(e => e.textContent)"
    )
    return found


def test_typing_shows_results_by_kind_and_the_arrow_keys_and_enter_open_one(browse: Browse) -> None:
    page = browse(TEAM_PAGE)
    box = page.locator("#site-search-q")
    type_query(page, "live chat")
    expect()(page.locator("#site-search-list [role=option]").first).to_be_visible()
    groups = page.locator("#site-search-list [role=group]")
    labels = [g.get_attribute("aria-labelledby") for g in groups.all()]
    names = [page.locator(f"#{label}").text_content() for label in labels]
    assert "Objectives" in names and "Key results" in names, names
    assert page.locator("#site-search-list mark").first.inner_text().lower() in ("live", "chat")
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    box.press("ArrowDown")
    box.press("ArrowUp")
    first = page.locator("#site-search-list [role=option]").first
    expect()(first).to_have_attribute("aria-selected", "true")
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    href = first.get_attribute("href") or ""
    box.press("Enter")
    page.wait_for_url(href)
    assert page.url == href


def test_escape_closes_the_results_and_enter_without_a_choice_opens_the_search_page(browse: Browse) -> None:
    page = browse("")
    box = page.locator("#site-search-q")
    type_query(page, "revenue")
    box.press("Escape")
    expect()(page.locator(".site-search-panel")).to_be_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    expect()(box).to_be_focused()
    box.press("Enter")
    page.wait_for_url("**/search/index.html?q=revenue")
    expect()(page.locator("#search-results")).to_be_visible()
    expect()(page.locator("#search-results a").first).to_be_visible()


def test_a_query_without_hits_says_so(browse: Browse) -> None:
    page = browse("")
    type_query(page, "zzqx")
    expect()(page.locator(".site-search-message")).to_have_text("No results for \u201czzqx\u201d.")


def test_the_search_page_runs_the_query_of_its_address(browse: Browse, index: Index) -> None:
    page = browse("search/index.html?q=malmo")
    results = page.locator("#search-results")
    expect()(results).to_be_visible()
    expect()(results.locator(f'a[href$="{BODY_ONLY[0]}"]')).to_be_visible()
    expect()(results.locator("mark", has_text="Malmö").first).to_be_visible()
    expect()(page.locator("#site-search-q")).to_have_value("malmo")
    count = len(index.search("malmo"))
    expect()(page.locator("#search-status")).to_contain_text(f"{count} result")


@pytest.mark.parametrize("query", ["customer", "revenue nordic", "kowal", "q4", "Straße", "first response"])
def test_the_browser_finds_what_the_python_lookup_finds(browse: Browse, index: Index, query: str) -> None:
    """search.js folds, splits, hashes and ranks as search.py does: the same hits, in the same order."""
    page = browse("search/index.html?q=" + query)
    expect()(page.locator("#search-status")).not_to_be_empty()
    want = [d["url"] for d in index.search(query)][:50]
    got = page.locator("#search-results .search-hit > a").evaluate_all(
        "els => els.map(a => a.getAttribute('href'))"
    )
    root = page.url.split("search/index.html")[0]
    assert sorted(g.removeprefix(root) for g in got) == sorted(want)


def test_without_javascript_the_form_opens_the_list_of_everything(
    browse: Browse, site_data: dict[str, Any]
) -> None:
    page = browse(TEAM_PAGE, java_script_enabled=False)
    page.locator("#site-search-q").fill("revenue")
    page.locator("#site-search-q").press("Enter")
    page.wait_for_url("**/search/index.html?q=revenue")
    expect()(page.locator("h1")).to_have_text("Search")
    expect()(page.locator("noscript, .callout").first).to_be_attached()
    objective = site_data["objectives"][0]
    expect()(page.locator(f'main a[href$="objectives/{objective["id"]}/"]')).to_be_visible()
    expect()(page.locator("#search-results")).to_be_hidden()


def test_axe_finds_no_violation_on_the_search_page_or_the_open_box(browse: Browse) -> None:
    from tests.test_site_browser import describe, run_axe

    page = browse("search/index.html?q=maria")
    expect()(page.locator("#search-results a").first).to_be_visible()
    violations = run_axe(page)
    assert not violations, describe(violations, page.url)
    browse.goto(page, TEAM_PAGE)
    type_query(page, "customer")
    page.locator("#site-search-q").press("ArrowDown")
    violations = run_axe(page)
    assert not violations, describe(violations, page.url + " (results open)")


def test_a_phone_does_not_scroll_sideways_with_search_open(browse: Browse) -> None:
    from tests.test_site_browser import OVERFLOW, PHONE, PHONE_WIDTH

    page = browse("search/index.html?q=customer", **PHONE)
    expect()(page.locator("#search-results a").first).to_be_visible()
    for where in ("search page", "open box"):
        if where == "open box":
            browse.goto(page, TEAM_PAGE)
            type_query(page, "revenue")
        m = page.evaluate(OVERFLOW, PHONE_WIDTH)
        assert m["innerWidth"] == PHONE_WIDTH and m["scrollWidth"] <= PHONE_WIDTH + 1, (where, m)


# --- served under a sub-path, with netlify.toml's headers, and from disk ------------------------------------


class _Handler(QuietHandler):
    prefix: ClassVar[str] = "/"

    def translate_path(self, path: str) -> str:
        clean = urlsplit(path).path
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_prefix__")
        return super().translate_path("/" + clean.removeprefix(self.prefix))


@pytest.fixture(scope="module")
def serve(built_site: Path) -> Iterator[Any]:
    """serve(prefix, headers) -> the URL of the built site served under that path, with these headers."""
    servers: list[ThreadingHTTPServer] = []

    def start(prefix: str, headers: dict[str, str] | None = None) -> str:
        handler = type("Handler", (_Handler,), {"prefix": prefix, "extra": headers or {}})
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(built_site)))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{prefix}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_search_works_under_a_sub_path(browser: Browser, serve: Any) -> None:
    from tests.test_site_browser import Browse

    b = Browse(browser, serve(SUB_PATH))
    try:
        page = b(TEAM_PAGE)
        type_query(page, "chat")
        first = page.locator("#site-search-list [role=option]").first
        href = first.get_attribute("href") or ""
        assert urlsplit(href).path.startswith(SUB_PATH), href
        first.click()
        page.wait_for_url(href)
        b.goto(page, "search/index.html?q=malmo")
        expect()(page.locator(f'#search-results a[href$="{SUB_PATH}{BODY_ONLY[0]}"]')).to_be_visible()
        assert all(urlsplit(u).path.startswith(SUB_PATH) for u in b.requests), b.requests
    finally:
        b.close()


def test_search_keeps_to_the_content_security_policy(browser: Browser, serve: Any) -> None:
    from tests.test_csp_browser import LISTEN, netlify_headers

    url = serve("/", netlify_headers())
    context = browser.new_context()
    context.add_init_script(f"({LISTEN})()")
    try:
        page = context.new_page()
        response = page.goto(url + TEAM_PAGE)
        assert response is not None and "default-src 'self'" in (
            response.headers.get("content-security-policy") or ""
        )
        type_query(page, "revenue")
        expect()(page.locator("#site-search-list [role=option]").first).to_be_visible()
        page.goto(url + "search/index.html?q=maria")
        expect()(page.locator("#search-results a").first).to_be_visible()
        assert page.evaluate("window.__violations") == []
    finally:
        context.close()


def test_search_works_opened_from_disk(browser: Browser, built_site: Path) -> None:
    context = browser.new_context()
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((built_site / "teams" / "customer-service" / "index.html").as_uri())
        type_query(page, "malmo")
        first = page.locator("#site-search-list [role=option]").first
        expect()(first).to_be_visible()
        href = first.get_attribute("href") or ""
        assert href.startswith("file://") and unquote(urlsplit(href).path).endswith(
            BODY_ONLY[0] + "index.html"
        )
        page.locator("#site-search-q").press("Enter")  # the search page, as a file with ?q=
        page.wait_for_url("**/search/index.html?q=malmo")
        expect()(page.locator(f'#search-results a[href$="{BODY_ONLY[0]}index.html"]')).to_be_visible()
        assert not errors, errors
    finally:
        context.close()
