"""Who a build is for. A public build leaves out everything marked `visibility: internal`, and
everything that would reveal it, before anything is scored or rendered (pure).

Left out of a public build:
- a team marked internal, and every team below it;
- an objective marked internal, or owned by a team that is left out;
- a KPI marked internal, or owned by a team that is left out.
What stays never points at what went: alignment links to a left-out objective, guardrails and
`kpi:` sources naming a left-out KPI (the key result then shows only its own check-ins), a
`carried_from` and a person's team are cut. Roll-ups are computed over what stays, so no score
carries a left-out objective's result; the counts of what was left out (`Withheld`) are all a
public page says about it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from okrsite.model import KeyResult, Objective, Person, Site, Team, Visibility

PUBLIC = "public"
INTERNAL = "internal"


def _empty() -> MappingProxyType[str, int]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Withheld:
    """Who a build is for, and what it left out, counted (never named): totals, and per place
    it shows. The default is an internal build: everything in."""

    audience: str = INTERNAL
    objectives: int = 0
    kpis: int = 0
    teams: int = 0
    by_team: MappingProxyType[str, int] = field(default_factory=_empty)  # team id -> its objectives
    by_period: MappingProxyType[str, int] = field(default_factory=_empty)  # period key -> objectives
    by_parent: MappingProxyType[str, int] = field(default_factory=_empty)  # objective id -> children
    kpi_sources: int = 0  # key results whose `kpi:` source was left out

    @property
    def total(self) -> int:
        """Objectives, KPIs and teams left out."""
        return self.objectives + self.kpis + self.teams

    def summary(self) -> str:
        """`2 objectives, 1 KPI and 1 team` (empty when nothing was left out)."""
        parts = [
            _count(n, word)
            for n, word in ((self.objectives, "objective"), (self.kpis, "KPI"), (self.teams, "team"))
            if n
        ]
        return f"{', '.join(parts[:-1])} and {parts[-1]}" if len(parts) > 1 else "".join(parts)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def for_audience(site: Site, audience: str) -> tuple[Site, Withheld]:
    """The site as `audience` sees it, and what was left out (nothing for `internal`)."""
    if audience != PUBLIC:
        return site, Withheld()
    nothing = Withheld(PUBLIC)
    teams = _hidden_teams(site.teams)
    hidden_kpis = {k.id for k in site.kpis if k.visibility is Visibility.INTERNAL or k.team in teams}
    gone = [o for o in site.objectives if o.visibility is Visibility.INTERNAL or o.team in teams]
    hidden = {o.id for o in gone}
    if not (teams or hidden_kpis or hidden):
        return site, nothing
    kept = [_cut_objective(o, hidden, hidden_kpis) for o in site.objectives if o.id not in hidden]
    sources = sum(
        1 for o in site.objectives if o.id not in hidden for kr in o.key_results if kr.kpi in hidden_kpis
    )
    by_parent: Counter[str] = Counter()
    for o in gone:
        for parent in dict.fromkeys(r.objective for r in o.parents):
            if parent not in hidden:
                by_parent[parent] += 1
    withheld = Withheld(
        PUBLIC,
        objectives=len(gone),
        kpis=len(hidden_kpis),
        teams=len(teams),
        by_team=MappingProxyType(dict(Counter(o.team for o in gone if o.team and o.team not in teams))),
        by_period=MappingProxyType(dict(Counter(o.period.key for o in gone))),
        by_parent=MappingProxyType(dict(by_parent)),
        kpi_sources=sources,
    )
    public = replace(
        site,
        teams=tuple(t for t in site.teams if t.id not in teams),
        people=tuple(_cut_person(p, teams) for p in site.people),
        objectives=tuple(kept),
        kpis=tuple(k for k in site.kpis if k.id not in hidden_kpis),
    )
    return public, withheld


def _hidden_teams(teams: tuple[Team, ...]) -> set[str]:
    """Teams marked internal and every team below one (a parent chain is walked at most once)."""
    parent = {t.id: t.parent for t in teams}
    marked = {t.id for t in teams if t.visibility is Visibility.INTERNAL}
    hidden: set[str] = set()
    for t in teams:
        seen: set[str] = set()
        cur = t.id
        while cur and cur not in seen:
            if cur in marked or cur in hidden:
                hidden.add(t.id)
                break
            seen.add(cur)
            cur = parent.get(cur, "")
    return hidden


def _cut_objective(o: Objective, hidden: set[str], kpis: set[str]) -> Objective:
    parents = tuple(r for r in o.parents if r.objective not in hidden)
    guardrails = tuple(g for g in o.guardrails if g not in kpis)
    krs = tuple(_cut_kr(kr, kpis) for kr in o.key_results)
    carried = "" if o.carried_from in hidden else o.carried_from
    if (parents, guardrails, krs, carried) == (o.parents, o.guardrails, o.key_results, o.carried_from):
        return o
    return replace(o, parents=parents, guardrails=guardrails, key_results=krs, carried_from=carried)


def _cut_kr(kr: KeyResult, kpis: set[str]) -> KeyResult:
    return replace(kr, kpi="") if kr.kpi in kpis else kr


def _cut_person(p: Person, teams: set[str]) -> Person:
    return replace(p, team="") if p.team in teams else p
