"""The peers of `bench/run.py --compare`: the generated corpus as plain Markdown pages for Hugo and
MkDocs, and the installation of both. Used by run.py; no command line of its own.

The same content for every tool: one page per objective (its title as the heading, team, period,
owner and commitment, the key results as a Markdown table, the check-ins as a list, the
initiatives, the ~150-word body), one page per team, period, person (objectives and key results
they own) and KPI (its series as a table), and an index page per section, so that page counts are
comparable with okrsite's (which also writes a page per person). Hugo gets a theme-less site with
small layouts (a header, a nav list of the sections, a breadcrumb, a table of contents, the
content); MkDocs its default `mkdocs` theme with a nav of the section index pages only (a nav of
every page would render 10,000 links on each of 10,000 pages) and no search plugin (okrsite has no
search index either, so this favours MkDocs).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Literal

MKDOCS_PIN = "mkdocs==1.6.*"

Style = Literal["hugo", "mkdocs"]


@dataclass(frozen=True, slots=True)
class KeyResult:
    title: str
    owner: str
    start: str
    target: str
    latest: str
    checkins: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Objective:
    slug: str
    title: str
    period: str
    team: str
    owner: str
    commitment: str
    key_results: tuple[KeyResult, ...]
    initiatives: tuple[str, ...]
    body: str


@dataclass(frozen=True, slots=True)
class Team:
    slug: str
    name: str
    parent: str
    body: str


@dataclass(frozen=True, slots=True)
class Kpi:
    slug: str
    title: str
    team: str
    healthy: str
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Corpus:
    title: str
    teams: tuple[Team, ...]
    objectives: tuple[Objective, ...]
    kpis: tuple[Kpi, ...]


# --- reading the okrsite corpus ---------------------------------------------------------------


def _split(path: Path, load: Callable[[str], Any]) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    data = load(front)
    return (data if isinstance(data, dict) else {}), body


def _s(value: object) -> str:
    return "" if value is None else str(value)


def _key_result(kr: dict[str, Any]) -> KeyResult:
    checkins = tuple(
        f"{_s(c.get('date'))}: {_s(c.get('value'))}"
        + (f" (confidence {_s(c['confidence'])})" if "confidence" in c else "")
        for c in kr.get("checkins") or ()
        if isinstance(c, dict)
    )
    if kr.get("milestone"):
        start, target, latest = "0", "done", _s(kr.get("progress"))
    else:
        start, target = _s(kr.get("start")), _s(kr.get("target"))
        last = (kr.get("checkins") or [{}])[-1]
        latest = _s(last.get("value")) if isinstance(last, dict) else ""
        if kr.get("unit"):
            start, target = f"{start} {kr['unit']}", f"{target} {kr['unit']}"
    return KeyResult(_s(kr.get("title")), _s(kr.get("owner")), start, target, latest or "-", checkins)


def read_corpus(site: Path) -> Corpus:
    """The objectives, teams and KPIs of a site written by bench/corpus.py, parsed with PyYAML
    (okrsite's own dependency, so it is there wherever okrsite is)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def load(text: str) -> Any:
        return yaml.load(text, Loader=loader)  # CSafeLoader or SafeLoader

    config = load((site / "okrsite.yaml").read_text(encoding="utf-8")) or {}
    content = site / "content"
    teams = []
    for path in sorted((content / "teams").glob("*.md")):
        data, body = _split(path, load)
        teams.append(Team(path.stem, _s(data.get("name")), _s(data.get("parent")), body))
    kpis = []
    for path in sorted((content / "kpis").glob("*.md")):
        data, _ = _split(path, load)
        rows: tuple[tuple[str, str], ...] = ()
        source = data.get("source")
        if source and (path.parent / str(source)).is_file():
            lines = (path.parent / str(source)).read_text(encoding="utf-8").splitlines()[1:]
            rows = tuple((a, b) for a, _, b in (line.partition(",") for line in lines if line))
        kpis.append(
            Kpi(path.stem, _s(data.get("title")), _s(data.get("team")), _s(data.get("healthy")), rows)
        )
    objectives = []
    for path in sorted((content / "objectives").rglob("*.md"), key=lambda p: p.name):
        data, body = _split(path, load)
        objectives.append(
            Objective(
                slug=path.stem,
                title=_s(data.get("title")),
                period=_s(data.get("period")),
                team=_s(data.get("team")),
                owner=_s(data.get("owner")),
                commitment=_s(data.get("commitment")),
                key_results=tuple(
                    _key_result(kr) for kr in data.get("key_results") or () if isinstance(kr, dict)
                ),
                initiatives=tuple(
                    f"{_s(i.get('title'))} ({_s(i.get('status')).replace('_', ' ')})"
                    for i in data.get("initiatives") or ()
                    if isinstance(i, dict)
                ),
                body=body,
            )
        )
    return Corpus(_s(config.get("title")) or "Bench", tuple(teams), tuple(objectives), tuple(kpis))


# --- writing Markdown pages -----------------------------------------------------------------------


class _Links:
    """Links between pages, written as each tool expects them: MkDocs resolves (and checks)
    relative links to .md files; Hugo leaves links alone, so they are site-absolute URLs."""

    def __init__(self, style: Style) -> None:
        self.style = style

    def __call__(self, here: str, there: str, text: str) -> str:
        if self.style == "mkdocs":
            target = os.path.relpath(there, PurePosixPath(here).parent)
        else:
            stem = there.removesuffix(".md")
            target = "/" + (stem.removesuffix("index") if stem.endswith("index") else stem + "/")
        return f"[{_md(text)}]({target})"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("[", "\\[").replace("]", "\\]")


def _pages(corpus: Corpus, link: _Links) -> Iterable[tuple[str, str, str]]:
    """(path under the docs folder, title, Markdown) for every page of the site."""
    team_name = {t.slug: t.name for t in corpus.teams}
    periods = sorted({o.period for o in corpus.objectives})
    by_team: dict[str, list[Objective]] = defaultdict(list)
    by_period: dict[str, list[Objective]] = defaultdict(list)
    owned: dict[str, list[Objective]] = defaultdict(list)
    krs_owned: dict[str, list[tuple[Objective, KeyResult]]] = defaultdict(list)
    children: dict[str, list[Team]] = defaultdict(list)
    for o in corpus.objectives:
        by_team[o.team].append(o)
        by_period[o.period].append(o)
        owned[o.owner].append(o)
        for kr in o.key_results:
            krs_owned[kr.owner].append((o, kr))
    for t in corpus.teams:
        if t.parent:
            children[t.parent].append(t)
    people = sorted(set(owned) | set(krs_owned))

    def team(here: str, slug: str) -> str:
        return link(here, f"teams/{slug}.md", team_name.get(slug, slug))

    def period(here: str, p: str) -> str:
        return link(here, f"periods/{p}.md", p)

    def person(here: str, p: str) -> str:
        return link(here, f"people/{p}.md", p)

    def objective(here: str, o: Objective) -> str:
        return link(here, f"objectives/{o.slug}.md", o.title)

    here = "index.md"
    yield (
        here,
        corpus.title,
        f"# {corpus.title}\n\n{len(corpus.objectives)} objectives of {len(corpus.teams)} teams in "
        f"{len(periods)} periods.\n\n"
        + "".join(
            f"- {link(here, f'{s}/index.md', s.title())}\n"
            for s in ("teams", "periods", "people", "objectives", "kpis")
        )
        + "\n## Periods\n\n"
        + "".join(f"- {period(here, p)}: {len(by_period[p])} objectives\n" for p in periods),
    )
    here = "teams/index.md"
    yield here, "Teams", "# Teams\n\n" + "".join(f"- {team(here, t.slug)}\n" for t in corpus.teams)
    for t in corpus.teams:
        here = f"teams/{t.slug}.md"
        text = f"# {t.name}\n\n{t.body}\n"
        if t.parent:
            text += f"Part of {team(here, t.parent)}.\n\n"
        if children[t.slug]:
            text += "## Teams\n\n" + "".join(f"- {team(here, c.slug)}\n" for c in children[t.slug]) + "\n"
        for p in periods:
            mine = [o for o in by_team[t.slug] if o.period == p]
            if mine:
                text += (
                    f"## {p}\n\n" + "".join(f"- {objective(here, o)} ({o.commitment})\n" for o in mine) + "\n"
                )
        yield here, t.name, text
    here = "periods/index.md"
    yield here, "Periods", "# Periods\n\n" + "".join(f"- {period(here, p)}\n" for p in periods)
    for p in periods:
        here = f"periods/{p}.md"
        text = f"# {p}\n\n"
        for t in corpus.teams:
            mine = [o for o in by_period[p] if o.team == t.slug]
            if mine:
                text += (
                    f"## {t.name}\n\n"
                    + "".join(f"- {objective(here, o)} ({person(here, o.owner)})\n" for o in mine)
                    + "\n"
                )
        yield here, p, text
    here = "people/index.md"
    yield here, "People", "# People\n\n" + "".join(f"- {person(here, p)}\n" for p in people)
    for p in people:
        here = f"people/{p}.md"
        text = f"# {p}\n\n"
        if owned[p]:
            text += (
                "## Objectives\n\n"
                + "".join(f"- {objective(here, o)} ({o.period})\n" for o in owned[p])
                + "\n"
            )
        if krs_owned[p]:
            text += "## Key results\n\n" + "".join(
                f"- {_md(kr.title)}, of {objective(here, o)}\n" for o, kr in krs_owned[p]
            )
        yield here, p, text
    here = "objectives/index.md"
    yield (
        here,
        "Objectives",
        "# Objectives\n\n" + "".join(f"- {objective(here, o)} ({o.period})\n" for o in corpus.objectives),
    )
    for o in corpus.objectives:
        here = f"objectives/{o.slug}.md"
        rows = "".join(
            f"| {_md(kr.title)} | {person(here, kr.owner)} | {_md(kr.start)} | {_md(kr.target)} | "
            f"{_md(kr.latest)} | {len(kr.checkins)} |\n"
            for kr in o.key_results
        )
        checkins = (
            "".join(f"- {_md(kr.title)}, {c}\n" for kr in o.key_results for c in kr.checkins) or "None yet.\n"
        )
        yield (
            here,
            o.title,
            f"# {o.title}\n\n"
            f"**Team:** {team(here, o.team)} · **Period:** {period(here, o.period)} · "
            f"**Owner:** {person(here, o.owner)} · **Commitment:** {o.commitment}\n\n"
            "## Key results\n\n| Key result | Owner | Start | Target | Latest | Check-ins |\n"
            f"|---|---|---|---|---|---|\n{rows}\n"
            f"## Check-ins\n\n{checkins}\n"
            "## Initiatives\n\n" + "".join(f"- {i}\n" for i in o.initiatives) + f"\n## Notes\n\n{o.body}",
        )
    here = "kpis/index.md"
    yield (
        here,
        "KPIs",
        "# KPIs\n\n" + "".join(f"- {link(here, f'kpis/{k.slug}.md', k.title)}\n" for k in corpus.kpis),
    )
    for k in corpus.kpis:
        here = f"kpis/{k.slug}.md"
        yield (
            here,
            k.title,
            f"# {k.title}\n\n**Team:** {team(here, k.team)} · **Healthy:** {_md(k.healthy)}\n\n"
            "| Date | Value |\n|---|---|\n" + "".join(f"| {d} | {v} |\n" for d, v in k.rows),
        )


def write_pages(corpus: Corpus, docs: Path, style: Style) -> int:
    """Write every page under `docs` (Hugo: section indexes as _index.md); returns the page count."""
    count = 0
    made: set[Path] = set()
    for rel, title, text in _pages(corpus, _Links(style)):
        if style == "hugo" and rel.endswith("index.md"):
            rel = rel.removesuffix("index.md") + "_index.md"
        path = docs / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(f"---\ntitle: {json.dumps(title)}\n---\n{text}", encoding="utf-8")
        count += 1
    return count


# --- the two sites --------------------------------------------------------------------------------

_HUGO_CONFIG = """\
baseURL = "/"
title = {title}
languageCode = "en"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
enableRobotsTXT = false
"""

_HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header class="site-header">
  <a class="brand" href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
  <nav aria-label="Main">
    <ul>
    {{- $here := . }}
    {{- range .Site.Home.Sections }}
      <li><a href="{{ .RelPermalink }}"{{ if $here.IsDescendant . }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
    {{- end }}
    </ul>
  </nav>
</header>
<nav class="breadcrumb" aria-label="Breadcrumb">
  <ol>
  {{- with .Parent }}
    {{- with .Parent }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
    <li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
  {{- end }}
    <li><span aria-current="page">{{ .Title }}</span></li>
  </ol>
</nav>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<footer>{{ .Site.Title }}</footer>
</body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}
<aside class="toc">{{ .TableOfContents }}</aside>
<article>
{{ .Content }}
</article>
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<aside class="toc">{{ .TableOfContents }}</aside>
<article>
{{ .Content }}
</article>
{{ end }}
""",
    "404.html": """\
{{ define "main" }}<h1>Not found</h1><p><a href="{{ "/" | relURL }}">Home</a></p>{{ end }}
""",
}

_STYLE = "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .4rem}\n"


def write_hugo_site(corpus: Corpus, root: Path) -> int:
    """A theme-less Hugo site at `root` (content/, layouts/, static/, hugo.toml); returns pages."""
    (root / "hugo.toml").parent.mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text(_HUGO_CONFIG.format(title=json.dumps(corpus.title)), encoding="utf-8")
    for rel, text in _HUGO_LAYOUTS.items():
        path = root / "layouts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "static").mkdir(exist_ok=True)
    (root / "static" / "style.css").write_text(_STYLE, encoding="utf-8")
    return write_pages(corpus, root / "content", "hugo")


def write_mkdocs_site(corpus: Corpus, root: Path) -> int:
    """An MkDocs site at `root` (mkdocs.yml, docs/) with the default theme; returns pages."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(
        f"site_name: {json.dumps(corpus.title)}\n"
        "docs_dir: docs\n"
        "use_directory_urls: true\n"
        "theme:\n  name: mkdocs\n"
        "plugins: []\n"
        "nav:\n"
        "  - Home: index.md\n"
        "  - Teams: teams/index.md\n"
        "  - Periods: periods/index.md\n"
        "  - People: people/index.md\n"
        "  - Objectives: objectives/index.md\n"
        "  - KPIs: kpis/index.md\n"
        "validation:\n  nav:\n    omitted_files: ignore\n",
        encoding="utf-8",
    )
    return write_pages(corpus, root / "docs", "mkdocs")


def hugo_command(site: Path, out: Path, cache: Path) -> list[str]:
    hugo = shutil.which("hugo") or "hugo"
    return [
        hugo,
        "--quiet",
        "--noBuildLock",
        "--source",
        str(site),
        "--destination",
        str(out),
        "--cacheDir",
        str(cache),
    ]


def mkdocs_command(venv: Path, site: Path, out: Path) -> list[str]:
    return [str(venv / "bin" / "mkdocs"), "build", "-q", "-f", str(site / "mkdocs.yml"), "-d", str(out)]


# --- installing the peers -------------------------------------------------------------------------


def _tail(text: str, lines: int = 8) -> str:
    return "\n".join("    " + line for line in text.strip().splitlines()[-lines:])


def _run(cmd: list[str], timeout: float, env: dict[str, str] | None = None) -> tuple[bool, str]:
    try:
        done = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    return done.returncode == 0, (done.stdout + done.stderr)


def ensure_hugo(say: Callable[[str], None]) -> tuple[str | None, str]:
    """Hugo's version line, installing it with apt-get when it is not on PATH; (None, why) when
    it cannot be had."""
    if shutil.which("hugo") is None:
        if shutil.which("apt-get") is None:
            return None, "hugo is not on PATH and there is no apt-get to install it with"
        prefix: list[str] = []
        if os.geteuid() != 0:
            if shutil.which("sudo") is None:
                return None, "hugo is not on PATH; installing it needs root, and there is no sudo"
            prefix = ["sudo", "-n"]
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        say("installing Hugo: " + " ".join([*prefix, "apt-get", "install", "-y", "hugo"]))
        ok, log = _run([*prefix, "apt-get", "install", "-y", "hugo"], 900, env)
        if not ok:
            say("apt-get install failed; running apt-get update and trying again")
            _run([*prefix, "apt-get", "update"], 900, env)
            ok, log = _run([*prefix, "apt-get", "install", "-y", "hugo"], 900, env)
        if not ok or shutil.which("hugo") is None:
            return None, "apt-get install -y hugo failed:\n" + _tail(log)
    ok, out = _run(["hugo", "version"], 60)
    if not ok:
        return None, "hugo version failed:\n" + _tail(out)
    return out.strip().splitlines()[0], ""


def ensure_mkdocs(venv: Path, say: Callable[[str], None]) -> tuple[str | None, str]:
    """MkDocs' version line, installed into the scratch venv `venv` (reused when it is already
    there); (None, why) when the installation fails."""
    mkdocs = venv / "bin" / "mkdocs"
    if not mkdocs.exists():
        say(f"installing MkDocs ({MKDOCS_PIN}) into {venv}")
        ok, log = _run([sys.executable, "-m", "venv", "--clear", str(venv)], 300)
        if not ok:
            return None, "python -m venv failed:\n" + _tail(log)
        ok, log = _run(
            [str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", MKDOCS_PIN], 900
        )
        if not ok or not mkdocs.exists():
            return None, f"pip install {MKDOCS_PIN} failed:\n" + _tail(log)
    ok, out = _run([str(mkdocs), "--version"], 120)
    if not ok:
        return None, "mkdocs --version failed:\n" + _tail(out)
    return out.strip().splitlines()[0], ""
