"""Lookups over a scored site, and the small, ready-to-use pieces every page context is built of.

A page never receives the whole site: it gets its own record, the cards it lists, and the shared
frame (navigation, breadcrumb, period switcher), each with links already made relative to it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from okrsite.audience import Withheld
from okrsite.config import SiteConfig
from okrsite.model import KPI, Objective, Person, Site, Status, Team
from okrsite.periods import Period
from okrsite.score.model import ObjectiveScore, Scorecard
from okrsite.score.rollup import children_of
from okrsite.site import urls
from okrsite.site.i18n import N_, Lang, lang_for

Context = dict[str, Any]
GitInfo = Mapping[str, tuple[str, date]]  # path -> (author, date) of the last change

NAV = (
    ("Dashboard", N_("Dashboard"), "index.html"),
    ("Alignment", N_("Alignment"), "tree/index.html"),
    ("Roadmap", N_("Roadmap"), "roadmap/index.html"),
    ("Teams", "%(Teams)s", "teams/index.html"),
    ("People", N_("People"), "people/index.html"),
    ("KPIs", "%(Kpis)s", "kpis/index.html"),
    ("Periods", N_("Periods"), "periods/index.html"),
)
"""The main navigation: (section, label, page). A page names its section by the first; the label is
a message (the teams and KPIs links are called by the site's terms)."""


@dataclass
class SiteView:
    """Everything pages look things up in, computed once per build."""

    site: Site
    config: SiteConfig
    card: Scorecard
    git: GitInfo
    extra_css: bool
    withheld: Withheld = field(default_factory=Withheld)  # what a public build left out, counted
    snapshots: Mapping[str, str] = field(default_factory=dict)  # period key -> its frozen site's path
    objectives: dict[str, Objective] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    kpis: dict[str, KPI] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    periods: list[Period] = field(default_factory=list)
    by_team: dict[str, list[Objective]] = field(default_factory=dict)
    sub_teams: dict[str, list[str]] = field(default_factory=dict)
    involves: dict[str, list[Objective]] = field(default_factory=dict)  # person -> objectives
    kpi_uses: dict[str, list[Objective]] = field(default_factory=dict)  # KPI -> objectives
    carried_into: dict[str, list[Objective]] = field(default_factory=dict)  # id -> its continuations
    lang: Lang = field(init=False)  # the site's language and terms (config.language, config.terms)
    nav: list[tuple[str, str, str]] = field(init=False)  # NAV with its labels translated

    def __post_init__(self) -> None:
        self.lang = lang_for(self.config)
        self.nav = [(key, self.lang._(label), target) for key, label, target in NAV]
        self.objectives = {o.id: o for o in self.site.objectives}
        self.teams = {t.id: t for t in self.site.teams}
        self.people = {p.id: p for p in self.site.people}
        self.kpis = {k.id: k for k in self.site.kpis}
        self.children = children_of(self.site.objectives)
        self.periods = sorted(
            {o.period for o in self.site.objectives}, key=lambda p: (p.start, -p.days, p.key)
        )
        self.by_team = defaultdict(list)
        for o in self.site.objectives:
            self.by_team[o.team].append(o)
        self.sub_teams = defaultdict(list)
        for t in self.site.teams:
            if t.parent:
                self.sub_teams[t.parent].append(t.id)
        # Indexes so that a person or KPI page looks at its own objectives, never the whole site.
        self.involves = defaultdict(list)
        self.kpi_uses = defaultdict(list)
        self.carried_into = defaultdict(list)
        for o in self.site.objectives:
            people = {o.owner}
            kpis = set(o.guardrails)
            for kr in o.key_results:
                people.add(kr.owner)
                people.update(c.by for c in kr.checkins)
                kpis.add(kr.kpi)
            for who in sorted(people - {""}):
                self.involves[who].append(o)
            for k in sorted(kpis - {""}):
                self.kpi_uses[k].append(o)
            if o.carried_from:
                self.carried_into[o.carried_from].append(o)

    @property
    def as_of(self) -> date:
        """The build's date."""
        return self.card.as_of

    def current_periods(self) -> list[Period]:
        """Periods that contain the as-of date; if none, the latest period that ended before it."""
        now = [p for p in self.periods if p.contains_day(self.as_of)]
        if now:
            return now
        past = [p for p in self.periods if p.end < self.as_of]
        return past[-1:] if past else self.periods[:1]

    def score(self, oid: str) -> ObjectiveScore:
        """An objective's scores."""
        return self.card.objectives[oid]

    def name_of(self, who: str) -> str:
        """A person's or team's display name (the id when unknown)."""
        if who in self.people:
            return self.people[who].name
        if who in self.teams:
            return self.teams[who].name
        return who

    def owner_link(self, page: str, who: str) -> Context | None:
        """A link to a person's or team's page, or plain text for an unknown id."""
        if not who:
            return None
        if who in self.teams:
            return {"name": self.teams[who].name, "url": urls.relative(page, urls.team(who))}
        if who in self.people or not self.site.has_directory:
            return {"name": self.name_of(who), "url": urls.relative(page, urls.person(who))}
        return {"name": who, "url": ""}

    def ancestors(self, t: Team) -> list[Team]:
        """The teams above `t`, nearest first (a cycle, already an error, stops the walk)."""
        out: list[Team] = []
        seen = {t.id}
        cur = t
        while cur.parent in self.teams and cur.parent not in seen:
            cur = self.teams[cur.parent]
            seen.add(cur.id)
            out.append(cur)
        return out

    def team_order(self) -> list[Team]:
        """Every team, the company first and each team followed by the teams below it."""
        out: list[Team] = []
        placed: set[str] = set()
        stack = [t for t in reversed(self.site.teams) if not t.parent]
        while stack:
            t = stack.pop()
            if t.id in placed:
                continue
            placed.add(t.id)
            out.append(t)
            stack.extend(self.teams[c] for c in sorted(self.sub_teams.get(t.id, ()), reverse=True))
        return out + [t for t in self.site.teams if t.id not in placed]

    def is_company(self, o: Objective) -> bool:
        """True for an objective of a root team (the company level)."""
        team = self.teams.get(o.team)
        return team is not None and not team.parent

    def people_ids(self) -> list[str]:
        """Everyone with a page: the directory, plus owners named in content without one."""
        ids = dict.fromkeys(p.id for p in self.site.people)
        if not self.site.has_directory:
            for o in self.site.objectives:
                for who in (o.owner, *(kr.owner for kr in o.key_results)):
                    if who and who not in self.teams:
                        ids.setdefault(who)
        return list(ids)

    def card_of(self, page: str, o: Objective) -> Context:
        """What a list, tree node or roadmap cell shows of an objective."""
        s = self.score(o.id)
        return {
            "id": o.id,
            "title": o.title,
            "url": urls.relative(page, urls.objective(o.id)),
            "team": self.owner_link(page, o.team),
            "owner": self.owner_link(page, o.owner),
            "period": o.period.key,
            "commitment": o.commitment.value,
            "status": o.status.value,
            "score": s.score,
            "grade": s.grade.value,
            "pace": s.pace.value,
            "missed": s.missed_commitment,
            "stale": s.stale_krs,
            "individual": o.is_individual,
            "krs": len(o.key_results),
        }

    def frame(
        self,
        page: str,
        title: str,
        crumbs: list[tuple[str, str]],
        switch: Callable[[Period], str] = lambda p: urls.period(p.key),
        current: str = "",
        section: str = "",
    ) -> Context:
        """The parts every page shares, with links relative to `page`."""
        rel: Callable[[str], str] = lambda target: urls.relative(page, target)  # noqa: E731
        return {
            "site": {
                "title": self.config.title,
                "description": self.config.description,
                "repo_url": self.config.repo_url,
                "language": self.config.language,
                "extra_css": self.extra_css,
            },
            "page": {"path": page, "title": title},
            "home": rel("index.html"),
            "assets": rel("assets/style.css").removesuffix("style.css"),
            "nav": [
                {"label": label, "url": rel(target), "active": key == section}
                for key, label, target in self.nav
            ],
            "breadcrumb": [
                {"label": label, "url": rel(target) if target else ""} for label, target in crumbs
            ],
            "switcher": [
                {"key": p.key, "url": rel(switch(p)), "current": p.key == current} for p in self.periods
            ],
            "current_period": current or ", ".join(p.key for p in self.current_periods()),
            "as_of": self.as_of,
            "exports": {"json": rel("okrs.json"), "csv": rel("okrs.csv")},
            # The file itself, not its folder: a form submitted from disk must open the page.
            "search_url": rel("search/index.html") + "index.html",
        }


def visible(o: Objective) -> bool:
    """Objectives shown in lists (cancelled ones only on their own pages and archives)."""
    return o.status is not Status.CANCELLED
