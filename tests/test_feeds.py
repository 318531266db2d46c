"""Atom feeds, through the CLI: every feed the build writes is valid Atom 1.0 (RFC 4287), by the
RFC's own schema (tests/atom.rng) and the rules a schema cannot express; the feeds hold the
check-ins and changes of the content, per team only that team's, with the same bytes every build."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import etree

from okrsite.site.feeds import FEED_LIMIT
from tests.conftest import REPO, Run, copy_example, run_cli

AS_OF = "2026-11-20"
BASE = "https://okrsite.github.io/okrsite/"  # base_url of the bundled example
A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
# RFC 4151: tag:<DNS name or email>,<YYYY[-MM[-DD]]>:<specific>
TAG = re.compile(
    r"tag:(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|[^@\s]+@[^@\s]+)"
    r",\d{4}(?:-\d{2}(?:-\d{2})?)?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*"
)


@cache
def schema() -> etree.RelaxNG:
    """RFC 4287's schema (Appendix B), in RELAX NG's XML syntax."""
    return etree.RelaxNG(etree.parse(str(REPO / "tests" / "atom.rng")))


def atom_problems(data: bytes, url: str) -> list[str]:
    """Everything wrong with a feed served at `url`: the schema's errors, then RFC 4287's rules the
    schema cannot express (its Schematron rules, absolute unique ids, RFC 3339 dates, a self
    link to where the feed is)."""
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError as e:
        return [f"not well-formed XML: {e}"]
    rng = schema()
    if not rng.validate(root):
        return [f"schema: line {err.line}: {err.message}" for err in rng.error_log]
    problems = []
    entries = root.findall(f"{A}entry")
    if root.find(f"{A}author") is None and any(e.find(f"{A}author") is None for e in entries):
        problems.append("the feed has no author, and not every entry has one")
    ids = [root.findtext(f"{A}id", "")] + [e.findtext(f"{A}id", "") for e in entries]
    problems += [f"id {i!r} is used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    problems += [f"id {i!r} is not an absolute IRI" for i in ids if not re.match(r"[A-Za-z][\w+.-]*:", i)]
    problems += [
        f"id {i!r} is not a tag: URI (RFC 4151)" for i in ids if i.startswith("tag:") and not TAG.fullmatch(i)
    ]
    for el in root.iter(f"{A}updated", f"{A}published"):
        if not RFC3339.fullmatch(el.text or ""):
            problems.append(f"<{etree.QName(el).localname}> {el.text!r} is not an RFC 3339 date-time")
    for n, entry in enumerate(entries, start=1):
        links = entry.findall(f"{A}link")
        if (
            not any(li.get("rel", "alternate") == "alternate" for li in links)
            and entry.find(f"{A}content") is None
        ):
            problems.append(f"entry {n} has neither an alternate link nor content")
    selves = [li.get("href", "") for li in root.findall(f"{A}link") if li.get("rel") == "self"]
    if len(selves) != 1 or urljoin(url, selves[0]) != url:
        problems.append(f"the self link {selves} does not lead to {url}")
    return problems


@dataclass
class Built:
    """A build of a site: where, and what the CLI said."""

    out: Path
    run: Run

    def feed(self, rel: str) -> etree._Element:
        return etree.fromstring((self.out / rel).read_bytes())

    def feeds(self) -> list[Path]:
        return sorted((self.out / "feeds").rglob("*.xml"))


def build(site: Path, out: Path, as_of: str = AS_OF) -> Built:
    run = run_cli("build", site, "--out", out, "--as-of", as_of)
    assert run.exit_code == 0, run.output + run.stderr
    return Built(out, run)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The bundled example, built once for this module (a copy: no git history)."""
    root = tmp_path_factory.mktemp("feeds")
    return build(copy_example(root / "site"), root / "out")


@dataclass(frozen=True)
class Item:
    """What a test reads of an entry."""

    id: str
    title: str
    updated: str
    summary: str
    href: str  # the alternate link
    author: str
    terms: frozenset[str]  # its categories
    content: str  # the text of its content


def entries(feed: etree._Element) -> list[Item]:
    """The feed's entries, in order."""
    out = []
    for e in feed.findall(f"{A}entry"):
        link = next(
            li.get("href", "") for li in e.findall(f"{A}link") if li.get("rel", "alternate") == "alternate"
        )
        content = e.find(f"{A}content")
        out.append(
            Item(
                id=e.findtext(f"{A}id", ""),
                title=e.findtext(f"{A}title", ""),
                updated=e.findtext(f"{A}updated", ""),
                summary=e.findtext(f"{A}summary", ""),
                href=link,
                author=e.findtext(f"{A}author/{A}name", ""),
                terms=frozenset(c.get("term", "") for c in e.findall(f"{A}category")),
                content="".join(content.itertext()) if content is not None else "",
            )
        )
    return out


# Validity --------------------------------------------------------------------------------------


def test_every_feed_is_valid_atom(example: Built) -> None:
    feeds = example.feeds()
    names = {p.relative_to(example.out).as_posix() for p in feeds}
    assert {"feeds/checkins.xml", "feeds/changes.xml", "feeds/teams/sales.xml"} <= names
    assert len(names) == 2 + len(list((REPO / "content" / "teams").glob("*.md")))
    problems = {}
    for path in feeds:
        rel = path.relative_to(example.out).as_posix()
        found = atom_problems(path.read_bytes(), BASE + rel)
        if found:
            problems[rel] = found
    assert not problems


def dead_links(out: Path, base: str) -> list[str]:
    """Every link of every feed in `out`, published at `base`, that leads to no file of the site."""
    dead = []
    for path in sorted((out / "feeds").rglob("*.xml")):
        rel = path.relative_to(out).as_posix()
        root = etree.parse(str(path)).getroot()
        hrefs = [el.get("href", "") for el in root.iter() if el.get("href") is not None]
        hrefs += [el.text or "" for el in root.iter(f"{A}uri")]
        for href in hrefs:
            target = urljoin(base + rel, href)
            local = urlsplit(target).path.removeprefix(urlsplit(base).path)
            file = out / (local + "index.html" if local.endswith("/") or not local else local)
            if not target.startswith(base) or not file.is_file():
                dead.append(f"{rel}: {href}")
    return dead


def test_every_link_in_a_feed_leads_to_a_file_of_the_site(example: Built) -> None:
    assert dead_links(example.out, BASE) == []


BROKEN: dict[str, Callable[[str], str]] = {
    "no id": lambda s: re.sub(r"\n  <id>[^<]*</id>", "", s, count=1),
    "a date without a time": lambda s: s.replace(
        "<updated>2026-11-16T00:00:00Z</updated>", "<updated>2026-11-16</updated>", 1
    ),
    "a date without a zone": lambda s: s.replace("T00:00:00Z</published>", "T00:00:00</published>", 1),
    "two entries with one id": lambda s: re.sub(
        r"<id>(tag:[^<]*checkin[^<]*)</id>", "<id>tag:x.org,2026:same</id>", s, count=2
    ),
    "a relative id": lambda s: re.sub(r"<id>tag:[^<]*checkin[^<]*</id>", "<id>checkins/1</id>", s, count=1),
    "a malformed tag id": lambda s: s.replace(",2026:", ":", 1),
    "a self link elsewhere": lambda s: s.replace("feeds/checkins.xml", "feeds/other.xml", 1),
    "no title": lambda s: re.sub(r"\n  <title>[^<]*</title>", "", s, count=1),
    "xhtml content without its div": lambda s: s.replace(
        '<div xmlns="http://www.w3.org/1999/xhtml">', "<div>", 1
    ),
    "a text element with markup": lambda s: s.replace("<summary>", "<summary><b>bold</b>", 1),
    "an unknown atom element": lambda s: s.replace("<entry>", "<entry><colour>red</colour>", 1),
    "no authors anywhere": lambda s: re.sub(r"\s*<author>.*?</author>", "", s),
    "an entry without link or content": lambda s: re.sub(
        r'(<entry>.*?)<link rel="alternate"[^>]*/>(.*?)<content .*?</content>',
        r"\1\2",
        s,
        count=1,
        flags=re.S,
    ),
    "not well-formed": lambda s: s.replace("</feed>", ""),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_validator_catches_a_broken_feed(example: Built, name: str) -> None:
    text = (example.out / "feeds" / "checkins.xml").read_text()
    broken = BROKEN[name](text)
    assert broken != text, f"the sample for {name!r} changed nothing"
    assert atom_problems(broken.encode(), BASE + "feeds/checkins.xml")


def test_the_validator_passes_the_rfc_example() -> None:
    rfc = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Feed</title>
  <link href="http://example.org/"/>
  <link rel="self" href="http://example.org/feed.xml"/>
  <updated>2003-12-13T18:30:02Z</updated>
  <author><name>John Doe</name></author>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <entry>
    <title>Atom-Powered Robots Run Amok</title>
    <link href="http://example.org/2003/12/13/atom03"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2003-12-13T18:30:02Z</updated>
    <summary>Some text.</summary>
  </entry>
</feed>"""
    assert atom_problems(rfc, "http://example.org/feed.xml") == []


# What the feeds hold ---------------------------------------------------------------------------


def test_a_known_checkin_appears_with_its_note(example: Built) -> None:
    feed = example.feed("feeds/checkins.xml")
    found = [
        e for e in entries(feed) if e.href.endswith("objectives/q4-ai-assisted-support/#kr-weekend-response")
    ]
    latest = next(e for e in found if e.updated == "2026-11-16T00:00:00Z")
    assert latest.title == "Cut first response on weekend tickets from 2 days to under 2 hours: 9h"
    assert "Weekend rota plus AI drafts" in latest.summary
    assert "confidence 50%" in latest.summary
    assert latest.author == "Noah Bennett"
    assert latest.terms == {"customer-service", "2026-Q4"}
    assert (
        latest.id
        == "tag:okrsite.github.io,2026:okrsite/checkin/q4-ai-assisted-support/weekend-response/2026-11-16"
    )
    assert "Score after this check-in" in latest.content


def test_checkins_are_newest_first_capped_and_never_after_the_as_of_date(example: Built) -> None:
    feed = example.feed("feeds/checkins.xml")
    days = [e.updated for e in entries(feed)]
    assert len(days) == FEED_LIMIT
    assert days == sorted(days, reverse=True)
    assert max(days) <= f"{AS_OF}T00:00:00Z"
    assert feed.findtext(f"{A}updated") == days[0]


def test_changes_report_each_objective_and_kpi_with_score_and_status(example: Built) -> None:
    found = {e.href.removeprefix(BASE): e for e in entries(example.feed("feeds/changes.xml"))}
    ai = found["objectives/q4-ai-assisted-support/"]
    # No git history in the copy: the day of the last check-in is the last change.
    assert ai.updated == "2026-11-16T00:00:00Z"
    assert ai.title.startswith("Answer customers faster with AI-drafted replies: 0.")
    assert "on track" in ai.title or "at risk" in ai.title or "off track" in ai.title
    assert "status active" in ai.summary and "1 check-in" in ai.summary
    assert "kpis/csat/" in found


def test_team_feeds_hold_only_their_teams_items(example: Built) -> None:
    below = {"engineering": {"engineering", "platform"}, "sales": {"sales"}, "platform": {"platform"}}
    for team, allowed in below.items():
        items = entries(example.feed(f"feeds/teams/{team}.xml"))
        assert items, f"{team}'s feed is empty"
        strays = [e.title for e in items if not (e.terms & allowed)]
        assert not strays, f"{team}'s feed holds other teams' items: {strays}"
        others = {t for e in items for t in e.terms} & {"sales", "engineering", "platform", "product"}
        assert others <= allowed
    engineering = entries(example.feed("feeds/teams/engineering.xml"))
    assert any("platform" in e.terms for e in engineering)
    company = entries(example.feed("feeds/teams/quillmark.xml"))
    assert {"sales", "engineering"} <= {t for e in company for t in e.terms}


def test_feeds_are_the_same_bytes_in_every_build(example: Built, tmp_path: Path) -> None:
    again = build(copy_example(tmp_path / "site"), tmp_path / "out")
    first = {p.relative_to(example.out): p.read_bytes() for p in example.feeds()}
    second = {p.relative_to(again.out): p.read_bytes() for p in again.feeds()}
    assert first == second


def test_the_dashboard_and_team_pages_offer_their_feeds(example: Built) -> None:
    home = (example.out / "index.html").read_text()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Quillmark Labs goals: check-ins" href="./feeds/checkins.xml">'
        in home
    )
    assert 'href="./feeds/changes.xml" type="application/atom+xml">changes</a>' in home
    team = (example.out / "teams" / "sales" / "index.html").read_text()
    assert (
        'type="application/atom+xml" title="Sales: check-ins and changes" href="../../feeds/teams/sales.xml">'
        in team
    )
    assert (
        '<a href="../../feeds/teams/sales.xml" type="application/atom+xml">Check-ins and changes</a>' in team
    )


# Without base_url, and with git ------------------------------------------------------------------

SMALL = {
    "okrsite.yaml": "title: Mål & Co <goals>\nas_of: 2026-05-20\n",
    "content/teams/co.md": "---\nname: Co\n---\n",
    "content/teams/idle.md": "---\nname: Idle\nparent: co\n---\n",
    "content/objectives/grow.md": """\
        ---
        title: Grow & <thrive>
        period: 2026-Q2
        team: co
        owner: ada
        key_results:
          - title: Reach 10 customers
            id: customers
            start: 0
            target: 10
            checkins:
              - {date: 2026-04-10, value: 2, note: "First two <signed> & happy"}
              - {date: 2026-05-02, value: 5, confidence: 0.8}
              - {date: 2026-05-02, value: 6, by: bob}
              - {date: 2026-06-01, value: 9, note: after the as-of date}
        ---
        """,
}


def test_without_base_url_ids_are_tags_and_links_are_relative(
    write_site: Callable[[dict[str, str]], Path], tmp_path: Path
) -> None:
    site = write_site(SMALL)
    built = build(site, tmp_path / "out", "2026-05-20")
    feed_url = "https://anywhere.example/some/path/feeds/checkins.xml"
    for path in built.feeds():
        rel = path.relative_to(built.out).as_posix()
        url = "https://anywhere.example/some/path/" + rel
        assert atom_problems(path.read_bytes(), url) == [], rel
    assert dead_links(built.out, "https://anywhere.example/some/path/") == []
    items = entries(built.feed("feeds/checkins.xml"))
    assert [e.id for e in items] == [
        "tag:mal-co-goals,2026:checkin/grow/customers/2026-05-02",
        "tag:mal-co-goals,2026:checkin/grow/customers/2026-05-02/2",
        "tag:mal-co-goals,2026:checkin/grow/customers/2026-04-10",
    ]
    assert (
        items[2].summary
        == "2 (score 0.20). Note: First two <signed> & happy. Objective: Grow & <thrive> (2026-Q2, Co)."
    )
    assert (
        urljoin(feed_url, items[0].href) == "https://anywhere.example/some/path/objectives/grow/#kr-customers"
    )
    idle = built.feed("feeds/teams/idle.xml")
    assert idle.findall(f"{A}entry") == [] and idle.findtext(f"{A}updated") == "2026-05-20T00:00:00Z"
    assert built.feed("feeds/checkins.xml").findtext(f"{A}title") == "Mål & Co <goals>: check-ins"


def test_changes_take_the_last_commit_date_from_git(
    write_site: Callable[[dict[str, str]], Path], tmp_path: Path
) -> None:
    site = write_site(SMALL)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ada Lovelace",
        "GIT_AUTHOR_EMAIL": "ada@example.org",
        "GIT_COMMITTER_NAME": "Ada Lovelace",
        "GIT_COMMITTER_EMAIL": "ada@example.org",
        "GIT_AUTHOR_DATE": "2026-05-12T09:00:00+00:00",
        "GIT_COMMITTER_DATE": "2026-05-12T09:00:00+00:00",
    }
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "goals"]):
        subprocess.run(["git", "-C", str(site), *command], check=True, env=env, capture_output=True)
    built = build(site, tmp_path / "out", "2026-05-20")
    (grow,) = [e for e in entries(built.feed("feeds/changes.xml")) if "objectives/grow/" in e.href]
    assert grow.updated == "2026-05-12T00:00:00Z"
    assert grow.id == "tag:mal-co-goals,2026:change/objective/grow/2026-05-12"
    assert grow.author == "Ada Lovelace"
    assert "the file was edited by Ada Lovelace" in grow.summary
