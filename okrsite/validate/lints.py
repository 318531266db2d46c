"""Lints that teach the method and need the whole corpus: alignment, periods, counts, staleness."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta

from okrsite.config import SiteConfig
from okrsite.diagnostics import Diagnostic, Related, make
from okrsite.model import KRStatus, Status
from okrsite.validate.graph import find_cycles
from okrsite.validate.objective import UNKNOWN_PERIOD
from okrsite.validate.references import Index, at


def lints(index: Index, config: SiteConfig, as_of: date) -> Iterator[Diagnostic]:
    """Every corpus-level problem: cycles, period containment, counts, alignment, staleness."""
    yield from _cycles(index)
    yield from _counts(index, config)
    yield from _alignment(index)
    yield from _stale_kpis(index, config, as_of)
    yield from _future_checkins(index, as_of)


def _cycles(index: Index) -> Iterator[Diagnostic]:
    edges = {oid: [p.objective for p in o.parents] for oid, o in index.objectives.items()}
    for cycle in find_cycles(edges):
        o = index.objectives[cycle[0]]
        path = " -> ".join(cycle)
        yield at(
            o.source,
            "parent" if "parent" in o.source.positions else "parents",
            "OKR208",
            f"objectives align to each other in a circle: {path}",
            "an objective aligns up to a broader one; remove one of these parent links",
            tuple(Related(index.objectives[c].source.path, 1, f"'{c}'") for c in cycle[1:-1]),
        )
    team_edges = {tid: [t.parent] if t.parent else [] for tid, t in index.teams.items()}
    for cycle in find_cycles(team_edges):
        t = index.teams[cycle[0]]
        yield at(
            t.source,
            "parent",
            "OKR209",
            "teams are each other's parents: " + " -> ".join(cycle),
            "the company is the one team without a parent; break the circle",
        )


def _counts(index: Index, config: SiteConfig) -> Iterator[Diagnostic]:
    r = config.rules
    per_team: Counter[tuple[str, str]] = Counter()
    for o in index.objectives.values():
        if o.status in (Status.CANCELLED, Status.DRAFT):
            continue
        active = [kr for kr in o.key_results if kr.status is not KRStatus.DROPPED]
        if not o.key_results and "key_results" not in o.source.positions:
            yield at(
                o.source,
                "title",
                "OKR313",
                "the objective has no key results of its own",
                "its score will be the mean of the objectives aligned to it; add key results "
                "unless it only groups others",
            )
        elif not r.min_key_results <= len(active) <= r.max_key_results:
            yield at(
                o.source,
                "key_results",
                "OKR301",
                f"{len(active)} key result{'s' if len(active) != 1 else ''}; the method asks for "
                f"{r.min_key_results} to {r.max_key_results}",
                "fewer than 3 rarely captures the objective; more than 5 loses focus",
            )
        n = len(o.initiatives)
        if not r.min_initiatives <= n <= r.max_initiatives:
            yield at(
                o.source,
                "initiatives" if n else "title",
                "OKR309",
                f"{n} initiative{'s' if n != 1 else ''}; the method asks for "
                f"{r.min_initiatives} to {r.max_initiatives}",
                "initiatives are the work that moves the key results",
            )
        for kr in o.key_results:
            if not kr.owner and not o.owner:
                yield at(
                    o.source,
                    f"key_results[{kr.index}].title",
                    "OKR302",
                    f"key result {kr.index} has no owner, and neither has the objective",
                    "add 'owner: <person-id>' to the key result: one person watches each",
                )
        if o.team:
            per_team[(o.team, o.period.key)] += 1
    for (team, period), n in sorted(per_team.items()):
        if n > r.max_objectives_per_team:
            first = next(o for o in index.objectives.values() if o.team == team and o.period.key == period)
            yield at(
                first.source,
                "team",
                "OKR306",
                f"team '{team}' has {n} objectives in {period}; the method advises at most "
                f"{r.max_objectives_per_team}",
                "focus: fewer objectives get done",
            )


def _alignment(index: Index) -> Iterator[Diagnostic]:
    for o in index.objectives.values():
        if o.status in (Status.CANCELLED, Status.DRAFT):
            continue
        team = index.teams.get(o.team)
        below_company = o.is_individual or (team is not None and bool(team.parent))
        if not o.parents and below_company and (o.team or o.owner):
            who = f"team '{o.team}'" if o.team else f"'{o.owner}' (an individual OKR)"
            yield at(
                o.source,
                "title",
                "OKR307",
                f"the objective of {who} aligns to nothing",
                "add 'parent: <objective-id>' so progress contributes to the level above",
            )
        for ref in o.parents:
            parent = index.objectives.get(ref.objective)
            unknown = UNKNOWN_PERIOD in (parent.period, o.period) if parent else True
            if parent is not None and not unknown and not parent.period.contains(o.period):
                yield at(
                    o.source,
                    "parent" if len(o.parents) == 1 else "parents",
                    "OKR308",
                    f"the parent '{parent.id}' runs {parent.period.key} "
                    f"({parent.period.start} to {parent.period.end}), which does not contain "
                    f"{o.period.key}",
                    "align to an objective of the same or a longer period",
                    (Related(parent.source.path, 1, f"the parent '{parent.id}'"),),
                )


def _stale_kpis(index: Index, config: SiteConfig, as_of: date) -> Iterator[Diagnostic]:
    for k in index.kpis.values():
        past = [p for p in k.values if p.date <= as_of]
        if not past:
            yield at(
                k.source,
                "title",
                "OKR312",
                "the KPI has no values yet",
                "add 'values:' or a 'source:' CSV with date,value lines",
            )
            continue
        limit = past[-1].date + timedelta(days=k.frequency.days + config.grace_days)
        if limit < as_of:
            yield at(
                k.source,
                "frequency",
                "OKR312",
                f"the last value is from {past[-1].date}, {(as_of - past[-1].date).days} days "
                f"before {as_of}; the KPI is measured {k.frequency.value}",
                "add the latest measurement (or change 'frequency')",
            )


def _future_checkins(index: Index, as_of: date) -> Iterator[Diagnostic]:
    """A check-in dated after today (and after the as-of date) is a typo, usually in the year.

    Check-ins after an as-of date in the past are simply not counted yet: that is time travel
    (`--as-of 2026-05-15`), not a mistake, so the later of today and as-of is the limit.
    """
    limit = max(as_of, date.today())
    for o in index.objectives.values():
        for kr in o.key_results:
            for c in kr.checkins:
                if c.date > limit:
                    yield make(
                        "OKR314",
                        o.source.path,
                        c.line,
                        1,
                        f"key_results[{kr.index}].checkins",
                        f"a check-in dated {c.date}, in the future (after {limit}): "
                        "it is not counted until then",
                        "check the date, often the year",
                    )
