"""No script injection: the payloads of tests/xss_payloads.txt, planted in every field anyone with a
pull request can write, never run in a reader's browser.

The small site of tests/broken/_base gets an objective, a team, a person, a KPI and settings whose every text is a
payload (titles, names, people's titles, notes, key results' titles, units and links, initiatives'
titles and links, a KPI's measure and value notes, bodies with Markdown-only payloads, the site's
title and description). The site is built and served *without* its Content-Security-Policy (so
escaping alone must hold), and headless Chromium opens every page: a payload that runs calls
alert() or sets window.__xss, and both are watched (a setter on window, dialogs in every frame).
Each page's DOM is also searched for what a payload would leave even if it did not run: event
handler attributes, javascript:/data: addresses, inline scripts, iframes, objects, <base>.
Template syntax (`{{ 7*7 }}`) must come out as written, never evaluated.

Links that run scripts are refused earlier, by the check (OKR117): see the last test.
"""

from __future__ import annotations

import functools
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from lxml import etree

from tests.conftest import copy_example, run_cli
from tests.site_tools import require

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytest_plugins = ["tests.site_tools"]
pytestmark = [pytest.mark.browser, pytest.mark.slow]

sync_api = require("playwright")

AS_OF = "2026-05-15"
BASE = Path(__file__).parent / "broken" / "_base"
PAYLOADS = [
    line
    for line in (Path(__file__).parent / "xss_payloads.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
ALL = " ".join(PAYLOADS)
WORD = "Zebrafish"  # found by the search box, to make the search script show the payloads too
EVALUATED = ("50337", "56088")  # what {{ 7*7191 }} and {% print 123*456 %} would render as

BODY_PAYLOADS = """
<script>window.__xss='raw-html-block'</script>

<img src=x onerror="window.__xss='raw-html-inline'"> inline raw HTML

<div onmouseover="window.__xss='raw-div'">hover</div>

[link](javascript:alert('md-js')) [link](JaVaScRiPt:alert('md-js-case'))
[link](java&#09;script:alert('md-tab-entity')) [link](&#106;avascript:alert('md-entity'))
[link](<javascript:alert('md-angle')>) <javascript:alert('autolink')>
[link](vbscript:alert('md-vb')) [link](data:text/html,<script>alert('md-data')</script>)
[link](file:///etc/passwd) [link](" onclick="window.__xss='md-title-break') [t](x "\\" onmouseover=alert(1) x=")

![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) ![img](javascript:alert('md-img'))
![img](x" onerror="window.__xss='md-img-break')

[ref link][evil]

[evil]: javascript:alert('md-reference')

[[q4-xss-everywhere|<img src=x onerror=alert('wiki-label')>]] and [[q4-xss-everywhere|"><script>alert(2)</script>]]

```html
<script>alert('fenced')</script>
```

`<script>alert('inline-code')</script>` <!-- <script>alert('comment')</script> -->

| <script>alert('table')</script> | <img src=x onerror=alert('cell')> |
|---|---|
| {{ 7*7 }} | {% print 123*456 %} |
"""


def _front(data: dict[str, Any], body: str) -> str:
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000) + "---\n" + body


def plant(root: Path) -> None:
    """The example with a payload in every field that anyone with a pull request can write."""
    config = root / "okrsite.yaml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings.update(title=f"Goals {ALL}", description=ALL)
    config.write_text(yaml.safe_dump(settings, allow_unicode=True, width=1000), encoding="utf-8")
    people = root / "content" / "people.yaml"
    people.write_text(
        people.read_text(encoding="utf-8")
        + yaml.safe_dump(
            {"xss-person": {"name": f"{WORD} person {ALL}", "title": ALL, "team": "xss-team"}},
            allow_unicode=True,
            width=1000,
        ),
        encoding="utf-8",
    )
    (root / "content" / "teams" / "xss-team.md").write_text(
        _front(
            {"name": f"{WORD} team {ALL}", "parent": "acme", "lead": "xss-person", "members": ["xss-person"]},
            ALL + "\n" + BODY_PAYLOADS,
        ),
        encoding="utf-8",
    )
    (root / "content" / "kpis" / "xss-kpi.md").write_text(
        _front(
            {
                "title": f"{WORD} KPI {ALL}",
                "team": "xss-team",
                "owner": "xss-person",
                "unit": "<b>u</b>\"'>",
                "measure": ALL,
                "healthy": ">= 10",
                "frequency": "monthly",
                "values": [
                    {"date": f"2026-{m:02d}-28", "value": 10 + m, "note": PAYLOADS[m % len(PAYLOADS)]}
                    for m in range(1, 5)
                ],
            },
            ALL + "\n" + BODY_PAYLOADS,
        ),
        encoding="utf-8",
    )
    krs = [
        {
            "title": payload,
            "id": f"kr{i}",
            "start": 0,
            "target": 10,
            "unit": payload[:40],
            "owner": "xss-person",
            "note": payload,
            "links": [f"https://example.org/?q={payload}", f"docs/{payload}"],
            "checkins": [{"date": "2026-05-02", "value": 4, "confidence": 0.5, "note": payload}],
            **({"kpi": "xss-kpi"} if i == 0 else {}),
        }
        for i, payload in enumerate(PAYLOADS)
    ]
    initiatives = [
        {
            "title": payload,
            "owner": "xss-person",
            "status": "in_progress",
            "link": f"https://example.org/#{payload}",
        }
        for payload in PAYLOADS[:10]
    ] + [{"title": "Relative link", "link": "\"><script>window.__xss='relative-link'</script>"}]
    (root / "content" / "objectives" / "q4-xss-everywhere.md").write_text(
        _front(
            {
                "title": f"{WORD} objective {ALL}",
                "period": "2026-Q2",
                "team": "xss-team",
                "owner": "xss-person",
                "parent": "company",
                "guardrails": ["xss-kpi"],
                "key_results": krs,
                "initiatives": initiatives,
            },
            ALL + "\n" + BODY_PAYLOADS + "\n".join(PAYLOADS),
        ),
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("xss") / "site"
    shutil.copytree(BASE, root, ignore=shutil.ignore_patterns(".okrsite-cache"))
    plant(root)
    out = root.parent / "public"
    result = run_cli("build", root, "--out", out, "--as-of", AS_OF, "--no-cache")
    assert result.exit_code == 0, result.output + result.stderr
    assert (out / "objectives" / "q4-xss-everywhere" / "index.html").is_file()
    return out


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def xss_url(xss_site: Path) -> Iterator[str]:
    """The built site over HTTP, with no security headers: escaping alone must hold."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(xss_site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


TRAP = """(() => {
  const hits = [];
  Object.defineProperty(window, "__xssHits", { value: hits });
  Object.defineProperty(window, "__xss", {
    set(v) { (window.top.__xssHits || hits).push("window.__xss = " + v); }, get() { return undefined; },
  });
  for (const name of ["alert", "confirm", "prompt"]) {
    window[name] = (m) => { (window.top.__xssHits || hits).push(name + "(" + m + ")"); };
  }
})();"""

LEFTOVERS = """() => {
  const bad = [];
  const address = /^(href|src|action|formaction|data|srcdoc|xlink:href|background|poster|ping)$/i;
  const script = /^\\s*(javascript|vbscript|data:(?!image\\/(png|gif|jpeg|webp)[;,]))/i;
  for (const e of document.querySelectorAll("*")) {
    for (const a of e.attributes) {
      if (/^on/i.test(a.name)) bad.push(e.tagName + " " + a.name + "=" + a.value);
      else if (address.test(a.name) && script.test(a.value.replace(/[\\t\\n\\r]/g, "")))
        bad.push(e.tagName + " " + a.name + "=" + a.value);
    }
  }
  const tags = "script:not([src]), iframe, frame, object, embed, meta[http-equiv], style, svg script";
  for (const e of document.querySelectorAll(tags)) bad.push(e.outerHTML.slice(0, 120));
  for (const s of document.querySelectorAll("script[src]"))
    if (new URL(s.src).origin !== location.origin) bad.push("foreign script " + s.src);
  return bad;
}"""


def open_tab(browser: Browser) -> tuple[Page, list[str]]:
    """A tab with the traps set in every page and frame it opens, and the dialogs it saw."""
    context = browser.new_context()
    context.set_default_timeout(10_000)
    context.add_init_script(TRAP)
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(f"dialog {dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return page, dialogs


def go(page: Page, url: str) -> None:
    """Open `url` and let what a page does after loading (focus, timers, failed images) happen."""
    page.goto(url, wait_until="load")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 20)))")


def visit(browser: Browser, url: str) -> tuple[Page, list[str]]:
    page, dialogs = open_tab(browser)
    go(page, url)
    return page, dialogs


def ran(page: Page, dialogs: list[str]) -> list[str]:
    hits: list[str] = page.evaluate("window.__xssHits")
    return hits + dialogs


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_the_payloads_are_on_the_pages(xss_site: Path) -> None:
    """The planted fields really are published (else the browser test would prove nothing)."""
    page = (xss_site / "objectives" / "q4-xss-everywhere" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__xss=&#39;script&#39;&lt;/script&gt;" in page
    assert "{{ 7*7 }}" in page and "{% print 123*456 %}" in page
    for where in ("teams/xss-team/index.html", "people/xss-person/index.html", "kpis/xss-kpi/index.html"):
        assert WORD in (xss_site / where).read_text(encoding="utf-8"), where
    assert len(html_pages(xss_site)) > 20


PROBE = """<!doctype html><title>probe</title><body>
<img src=x onerror="window.__xss='img'"><script>alert('script')</script>
<iframe srcdoc="<script>alert('frame')</script>"></iframe><a href="javascript:void(0)">x</a></body>"""


def test_the_traps_catch_a_payload_that_runs(browser: Browser, xss_url: str) -> None:
    """The detector itself: a page that does run payloads is caught, in the page and in a frame."""
    page, dialogs = open_tab(browser)
    page.route("**/__probe.html", lambda route: route.fulfill(body=PROBE, content_type="text/html"))
    go(page, xss_url + "__probe.html")
    page.wait_for_function("window.__xssHits.length >= 3")
    assert sorted(ran(page, dialogs)) == ["alert(frame)", "alert(script)", "window.__xss = img"]
    left = page.evaluate(LEFTOVERS)
    assert any("onerror" in x for x in left) and any("javascript:void" in x for x in left)
    assert any(x.startswith("<script>") for x in left) and any(x.startswith("<iframe") for x in left)
    page.context.close()


def test_no_payload_runs_on_any_page(browser: Browser, xss_site: Path, xss_url: str) -> None:
    found: dict[str, list[str]] = {}
    pages = html_pages(xss_site)
    page, dialogs = open_tab(browser)
    for rel in pages:
        go(page, xss_url + rel)
        problems = ran(page, dialogs) + page.evaluate(LEFTOVERS)
        text = page.evaluate("document.documentElement.outerHTML")
        problems += [f"template evaluated: {n}" for n in EVALUATED if n in text]
        if problems:
            found[rel] = problems
        dialogs.clear()
    page.context.close()
    assert not found, json.dumps(found, indent=1)[:4000]
    print(f"{len(pages)} pages opened, {len(PAYLOADS)} payloads in every field: none ran")


def test_templates_in_texts_are_shown_as_written(browser: Browser, xss_url: str) -> None:
    page, dialogs = visit(browser, xss_url + "objectives/q4-xss-everywhere/")
    title = page.locator("h1").first.inner_text()
    assert "{{ 7*7 }}" in title and " 49 " not in title
    assert "<script>window.__xss='script'</script>" in title  # shown as text, not run
    assert ran(page, dialogs) == []
    page.context.close()


def test_the_search_shows_payloads_as_text(browser: Browser, xss_url: str) -> None:
    page, dialogs = visit(browser, xss_url + f"search/?q={WORD.lower()}")
    hits = page.locator("#search-results-list .search-hit")
    hits.first.wait_for()
    assert hits.count() >= 4
    assert "<script>" in page.locator("#search-results-list").inner_text()
    assert ran(page, dialogs) == [] and page.evaluate(LEFTOVERS) == []
    page.context.close()
    home, home_dialogs = visit(browser, xss_url)
    home.locator("#site-search-q").fill(WORD.lower())
    home.locator("[role=option]").first.wait_for()
    assert ran(home, home_dialogs) == [] and home.evaluate(LEFTOVERS) == []
    home.context.close()


def test_machine_readable_outputs_stay_well_formed(xss_site: Path) -> None:
    """okrs.json, the search index and the Atom feeds carry the payloads as data, still parseable."""
    doc = json.loads((xss_site / "okrs.json").read_text(encoding="utf-8"))
    titles = [o["title"] for o in doc["objectives"]]
    assert f"{WORD} objective {ALL}" in titles
    feeds = sorted(xss_site.rglob("*.xml"))
    assert feeds
    for feed in feeds:
        etree.parse(str(feed), etree.XMLParser(resolve_entities=False, no_network=True))


def test_links_that_run_scripts_are_refused_by_the_check(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "site")
    bad = [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
    ]
    objective = {
        "title": "Links",
        "period": "2026-Q4",
        "team": "sales",
        "parent": "double-annual-revenue",
        "key_results": [{"title": "Sign 4 deals, up from 1", "start": 1, "target": 4, "links": bad}],
        "initiatives": [{"title": f"Bad {i}", "link": link} for i, link in enumerate(bad)],
    }
    (root / "content" / "objectives" / "2026-Q4" / "q4-links.md").write_text(_front(objective, ""))
    result = run_cli("check", root, "--format", "json", "--as-of", "2026-11-20", "--no-cache")
    assert result.exit_code == 1
    unsafe = [d for d in result.json()["diagnostics"] if d["code"] == "OKR117"]
    assert len(unsafe) == 2 * len(bad) and all(d["line"] > 1 and "https://" in d["hint"] for d in unsafe)
    assert {d["path"] for d in unsafe} == {"content/objectives/2026-Q4/q4-links.md"}
