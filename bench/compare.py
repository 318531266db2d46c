"""The peers of `bench/run.py --compare`, Hugo and MkDocs, on the same content as okrsite: the site
each is given and the command that builds it. Used by run.py; no command line of its own.

Hugo gets a theme-less site with small layouts (a header, a nav list of the sections, a breadcrumb,
a table of contents, the content); MkDocs its default `mkdocs` theme with a nav of the section index
pages only (a nav of every page would render 10,000 links on each of 10,000 pages) and no search
plugin (okrsite has no search index either, so this favours MkDocs).

The parts: bench/compare_corpus.py reads the corpus back, bench/compare_pages.py writes it as
Markdown pages, bench/compare_install.py installs the peers; this file gives each peer its site and
its command.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bench.compare_corpus import Corpus
from bench.compare_pages import write_pages

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
