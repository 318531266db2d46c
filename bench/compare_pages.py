"""The same content for every peer of `bench/run.py --compare`: bench/compare_corpus.py's corpus as
Markdown pages, one per objective (its title as the heading, team, period, owner and commitment, the
key results as a Markdown table, the check-ins as a list, the initiatives, the ~150-word body), one
per team, period, person (objectives and key results they own) and KPI (its series as a table), and
an index page per section, so that page counts are comparable with okrsite's (which also writes a
page per person). Only the links differ between Hugo and MkDocs.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Literal

from bench.compare_corpus import Corpus, KeyResult, Objective, Team

Style = Literal["hugo", "mkdocs"]


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
