"""The score stage: a validated site and an as-of date in, a Scorecard out. Pure, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from okrsite.config import SiteConfig
from okrsite.model import KPI, Commitment, Objective, Site
from okrsite.score.keyresult import score_kr
from okrsite.score.kpi import kpi_state
from okrsite.score.model import GuardrailState, Health, KPIState, ObjectiveScore, Scorecard
from okrsite.score.objective import grade, missed_commitment, pace, weighted_mean
from okrsite.score.phrase import Explanation, say
from okrsite.score.rollup import children_of, rollups


@dataclass
class ScoreMemo:
    """Objective scores kept between builds (by `okrsite serve`): an objective is scored again
    only when it, a KPI it reads, or an objective aligned to it changed."""

    key: tuple[object, ...] = ()
    objectives: dict[
        str,
        tuple[
            Objective,
            tuple[tuple[KPI | None, KPIState | None], ...],
            tuple[ObjectiveScore, ...],
            ObjectiveScore,
        ],
    ] = field(default_factory=dict)
    scored: int = 0


def score(site: Site, config: SiteConfig, as_of: date, memo: ScoreMemo | None = None) -> Scorecard:
    """Score every key result, objective and KPI, then the roll-ups."""
    kpis = {k.id: k for k in site.kpis}
    kpi_states = {k.id: kpi_state(k, as_of, config.grace_days) for k in site.kpis}
    objectives = {o.id: o for o in site.objectives}
    children = children_of(site.objectives)
    done: dict[str, ObjectiveScore] = {}
    if memo is not None and memo.key != (config, as_of):
        memo.key, memo.objectives = (config, as_of), {}
    if memo is not None:
        memo.scored = 0

    def visit(oid: str, path: frozenset[str]) -> ObjectiveScore:
        if oid in done:
            return done[oid]
        kids = tuple(visit(c, path | {oid}) for c in children.get(oid, ()) if c not in path)
        o = objectives[oid]
        names = (*o.guardrails, *(kr.kpi for kr in o.key_results if kr.kpi))
        used = tuple((kpis.get(k), kpi_states.get(k)) for k in names)  # a KR reads a KPI's whole series
        known = memo.objectives.get(oid) if memo is not None else None
        if known is not None and (known[0] is o or known[0] == o) and known[1] == used and known[2] == kids:
            result = known[3]
        else:
            result = _objective(o, list(kids), kpis, kpi_states, config, as_of)
            if memo is not None:
                memo.objectives[oid] = (o, used, kids, result)
                memo.scored += 1
        done[oid] = result
        return result

    for oid in objectives:
        visit(oid, frozenset())
    scores = {oid: done[oid] for oid in objectives}
    teams, trees, people, periods = rollups(site, scores, as_of)
    return Scorecard(
        as_of=as_of,
        objectives=MappingProxyType(scores),
        kpis=MappingProxyType(kpi_states),
        teams=MappingProxyType(teams),
        team_trees=MappingProxyType(trees),
        people=MappingProxyType(people),
        periods=MappingProxyType(periods),
    )


def _objective(
    o: Objective,
    kids: list[ObjectiveScore],
    kpis: dict[str, KPI],
    kpi_states: dict[str, KPIState],
    config: SiteConfig,
    as_of: date,
) -> ObjectiveScore:
    krs = tuple(score_kr(kr, o, kpis, config, as_of) for kr in o.key_results)
    own, why = weighted_mean(o, krs)
    notes = [why]
    kid_scores = [k.score for k in kids if k.score is not None and k.pace.value != "cancelled"]
    aligned = sum(kid_scores) / len(kid_scores) if kid_scores else None
    value, source = own, "key_results"
    if o.score is not None:
        value, source = max(0.0, min(1.0, o.score)), "override"
        notes.append(
            Explanation(
                say("the %(objective)s's final grade `score:` wins"), say("score = %(score)s", score=o.score)
            )
        )
    elif own is None and aligned is not None:
        value, source = aligned, "aligned"
        notes.append(
            Explanation(
                say("no %(key_results)s of its own: the mean of the aligned %(objectives)s"),
                say("%(count)s aligned, mean %(mean)s", count=len(kid_scores), mean=aligned),
            )
        )
    elif own is None:
        source = "none"
    state, expected, share, pace_why = pace(o, value, as_of, config.scoring)
    notes.append(pace_why)
    committed = o.commitment is Commitment.COMMITTED
    missed = missed_commitment(o, value, as_of)
    if missed:
        notes.append(
            Explanation(
                say("a missed commitment: committed %(objectives)s are expected at 1.0"),
                say("ended at %(score)s", score=value or 0.0),
            )
        )
    guards = tuple(
        GuardrailState(g, kpi_states[g].health if g in kpi_states else Health.UNKNOWN) for g in o.guardrails
    )
    return ObjectiveScore(
        id=o.id,
        score=value,
        score_source=source,
        grade=grade(value, committed, config.scoring),
        pace=state,
        expected=expected,
        elapsed=share,
        missed_commitment=missed,
        aligned_score=aligned,
        aligned_count=len(kid_scores),
        key_results=krs,
        guardrails=guards,
        stale_krs=sum(1 for k in krs if k.stale),
        explanation=tuple(notes),
    )
