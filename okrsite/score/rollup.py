"""Roll-ups: aligned scores and aggregates over teams, people and periods (pure).

A child aligned to several parents counts once in each parent's aligned score; an aggregate
works on a set of objective ids, so no objective is ever counted twice in one of them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType

from okrsite.model import Commitment, Objective, Site, Status
from okrsite.score.model import Aggregate, ObjectiveScore, Pace, PeriodStats


def children_of(objectives: Iterable[Objective]) -> dict[str, list[str]]:
    """Parent id -> ids of the objectives aligned to it (to it or to one of its KRs), once each."""
    children: dict[str, list[str]] = defaultdict(list)
    for o in objectives:
        for parent in dict.fromkeys(ref.objective for ref in o.parents):
            children[parent].append(o.id)
    return children


def aggregate(
    ids: Iterable[str],
    objectives: Mapping[str, Objective],
    scores: Mapping[str, ObjectiveScore],
    too_safe_min: int = 2,
) -> Aggregate:
    """Counts by grade and pace, the mean score and commitments over the given objectives."""
    unique = [i for i in dict.fromkeys(ids) if i in scores]
    live = [i for i in unique if objectives[i].status is not Status.CANCELLED]
    values = [scores[i].score for i in live if scores[i].score is not None]
    committed = [i for i in live if objectives[i].commitment is Commitment.COMMITTED]
    met = [i for i in committed if scores[i].pace is Pace.FINAL and (scores[i].score or 0) >= 1.0]
    ended_aspirational = [
        i
        for i in live
        if objectives[i].commitment is Commitment.ASPIRATIONAL and scores[i].pace is Pace.FINAL
    ]
    too_safe = len(ended_aspirational) >= too_safe_min and all(
        (scores[i].score or 0) >= 1.0 for i in ended_aspirational
    )
    return Aggregate(
        objectives=len(unique),
        scored=len(values),
        mean_score=sum(values) / len(values) if values else None,  # type: ignore[arg-type]
        grades=MappingProxyType(dict(sorted(Counter(scores[i].grade.value for i in live).items()))),
        paces=MappingProxyType(dict(sorted(Counter(scores[i].pace.value for i in unique).items()))),
        committed=len(committed),
        committed_met=len(met),
        committed_missed=sum(1 for i in committed if scores[i].missed_commitment),
        too_safe=too_safe,
    )


def descendants(site: Site) -> dict[str, list[str]]:
    """Team id -> itself and every team below it (cycles are validation errors; guarded anyway)."""
    below: dict[str, list[str]] = defaultdict(list)
    for t in site.teams:
        if t.parent:
            below[t.parent].append(t.id)
    out: dict[str, list[str]] = {}
    for t in site.teams:
        seen: list[str] = []
        stack = [t.id]
        while stack:
            cur = stack.pop()
            if cur in seen:
                continue
            seen.append(cur)
            stack.extend(below.get(cur, ()))
        out[t.id] = seen
    return out


def rollups(
    site: Site, scores: Mapping[str, ObjectiveScore], as_of: date
) -> tuple[
    dict[tuple[str, str], Aggregate],
    dict[tuple[str, str], Aggregate],
    dict[tuple[str, str], Aggregate],
    dict[str, PeriodStats],
]:
    """Team, team-tree, person and period aggregates."""
    del as_of  # pace and finality are already in the scores
    objectives = {o.id: o for o in site.objectives}
    by_team: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_owner: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_period: dict[str, list[str]] = defaultdict(list)
    for o in site.objectives:
        by_period[o.period.key].append(o.id)
        if o.team:
            by_team[(o.team, o.period.key)].append(o.id)
        if o.owner:
            by_owner[(o.owner, o.period.key)].append(o.id)
    teams = {k: aggregate(v, objectives, scores) for k, v in sorted(by_team.items())}
    people = {k: aggregate(v, objectives, scores) for k, v in sorted(by_owner.items())}
    below = descendants(site)
    trees: dict[tuple[str, str], Aggregate] = {}
    for period in sorted(by_period):
        for team, members in below.items():
            ids = [i for t in members for i in by_team.get((t, period), ())]
            if ids:
                trees[(team, period)] = aggregate(ids, objectives, scores)
    periods: dict[str, PeriodStats] = {}
    all_teams = [t.id for t in site.teams]
    for period, ids in sorted(by_period.items()):
        with_okrs = tuple(t for t in all_teams if (t, period) in by_team)
        periods[period] = PeriodStats(
            period=period,
            aggregate=aggregate(ids, objectives, scores),
            teams_with=with_okrs,
            teams_without=tuple(t for t in all_teams if t not in with_okrs),
            too_safe_teams=tuple(t for t in with_okrs if teams[(t, period)].too_safe),
        )
    return teams, trees, people, periods
