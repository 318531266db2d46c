"""The open data export: okrs.json (documented in docs/okrs.schema.json) and okrs.csv (pure).

Locale-neutral and deterministic: the same content and as-of date give the same bytes.
Quantities carry their value in the base unit (seconds for durations, percent for percentages)
with their kind, unit and the text as written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

from okrsite import __version__
from okrsite.audience import Withheld
from okrsite.config import SiteConfig
from okrsite.model import KPI, CheckIn, KeyResult, Objective, Site
from okrsite.periods import Period
from okrsite.quantity import Quantity, format_plain
from okrsite.score.model import Aggregate, KPIState, KRScore, ObjectiveScore, Scorecard
from okrsite.score.phrase import Explanation
from okrsite.thresholds import Threshold

SCHEMA_VERSION = 1
JSON = dict[str, Any]


NOTHING = Withheld()


def _num(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def quantity(q: Quantity | None) -> JSON | None:
    """A quantity as JSON."""
    if q is None:
        return None
    return {"value": _num(q.value), "kind": q.kind.value, "unit": q.unit, "text": q.text or format_plain(q)}


def threshold(t: Threshold | None) -> JSON | None:
    """A comparison as JSON."""
    if t is None:
        return None
    return {"op": t.op, "low": quantity(t.low), "high": quantity(t.high), "text": t.text}


def _explain(items: tuple[Explanation, ...]) -> list[JSON]:
    return [{"rule": str(e.rule), "working": str(e.working or "")} for e in items]


def _period(p: Period) -> JSON:
    return {"key": p.key, "kind": p.kind.value, "start": p.start.isoformat(), "end": p.end.isoformat()}


def aggregate(a: Aggregate) -> JSON:
    """A roll-up as JSON."""
    return {
        "objectives": a.objectives,
        "scored": a.scored,
        "mean_score": _num(a.mean_score),
        "grades": dict(a.grades),
        "paces": dict(a.paces),
        "committed": a.committed,
        "committed_met": a.committed_met,
        "committed_missed": a.committed_missed,
        "too_safe": a.too_safe,
    }


def _checkin(c: CheckIn) -> JSON:
    return {
        "date": c.date.isoformat(),
        "value": quantity(c.value),
        "progress": _num(c.progress),
        "confidence": _num(c.confidence),
        "note": c.note,
        "by": c.by,
    }


def _kr(kr: KeyResult, s: KRScore) -> JSON:
    return {
        "index": kr.index,
        "id": kr.id,
        "ref": kr.ref,
        "title": kr.title,
        "kind": kr.kind.value,
        "status": kr.status.value,
        "weight": _num(kr.weight),
        "owner": kr.owner,
        "contributors": list(kr.contributors),
        "kpi": kr.kpi,
        "unit": kr.unit,
        "start": quantity(kr.start),
        "target": quantity(kr.target),
        "comparison": threshold(kr.comparison),
        "band": threshold(kr.band),
        "due": kr.due.isoformat() if kr.due else None,
        "links": list(kr.links),
        "note": kr.note,
        "current": quantity(s.current),
        "current_source": s.current_source,
        "current_date": s.current_date.isoformat() if s.current_date else None,
        "progress": _num(s.progress),
        "score": _num(s.score),
        "counted": s.counted,
        "confidence": _num(s.confidence),
        "last_checkin": s.last_checkin.isoformat() if s.last_checkin else None,
        "stale": s.stale,
        "explanation": _explain(s.explanation),
        "checkins": [_checkin(c) for c in kr.checkins],
    }


def _objective(o: Objective, s: ObjectiveScore) -> JSON:
    return {
        "id": o.id,
        "title": o.title,
        "period": o.period.key,
        "team": o.team,
        "owner": o.owner,
        "individual": o.is_individual,
        "parents": [str(p) for p in o.parents],
        "commitment": o.commitment.value,
        "status": o.status.value,
        "visibility": o.visibility.value,
        "source": o.source.path,
        "score": _num(s.score),
        "score_source": s.score_source,
        "grade": s.grade.value,
        "pace": s.pace.value,
        "expected": _num(s.expected),
        "elapsed": _num(s.elapsed),
        "missed_commitment": s.missed_commitment,
        "aligned_score": _num(s.aligned_score),
        "aligned_count": s.aligned_count,
        "stale_key_results": s.stale_krs,
        "guardrails": [{"kpi": g.kpi, "health": g.health.value} for g in s.guardrails],
        "explanation": _explain(s.explanation),
        "key_results": [_kr(kr, ks) for kr, ks in zip(o.key_results, s.key_results, strict=True)],
        "initiatives": [
            {"title": i.title, "owner": i.owner, "status": i.status.value, "link": i.link}
            for i in o.initiatives
        ],
    }


def _kpi(k: KPI, s: KPIState) -> JSON:
    return {
        "id": k.id,
        "title": k.title,
        "team": k.team,
        "owner": k.owner,
        "unit": k.unit,
        "frequency": k.frequency.value,
        "measure": k.measure,
        "visibility": k.visibility.value,
        "source": k.source.path,
        "healthy": threshold(k.healthy),
        "warning": threshold(k.warning),
        "target": {"value": quantity(k.target.value), "by": k.target.by.isoformat()} if k.target else None,
        "health": s.health.value,
        "latest": quantity(s.latest),
        "latest_date": s.latest_date.isoformat() if s.latest_date else None,
        "trend": s.trend.value,
        "trend_good": s.trend_good,
        "stale": s.stale,
        "explanation": _explain(s.explanation),
        "values": [{"date": p.date.isoformat(), "value": quantity(p.value)} for p in k.values],
    }


def _by_period(table: Mapping[tuple[str, str], Aggregate], key: str) -> JSON:
    return {period: aggregate(a) for (owner, period), a in table.items() if owner == key}


def to_json(site: Site, config: SiteConfig, card: Scorecard, withheld: Withheld = NOTHING) -> str:
    """okrs.json: every team, person, period, objective, KR, check-in, initiative and KPI."""
    return "".join(json_chunks(site, config, card, withheld))


def json_chunks(
    site: Site, config: SiteConfig, card: Scorecard, withheld: Withheld = NOTHING
) -> Iterator[str]:
    """okrs.json in pieces, one objective at a time, for writing without holding it all.
    `withheld`: who the build is for and how much it left out (default: internal, nothing)."""
    periods = sorted({o.period for o in site.objectives})
    doc: JSON = {
        "format": "okrsite.okrs",
        "version": SCHEMA_VERSION,
        "generator": f"okrsite {__version__}",
        "as_of": card.as_of.isoformat(),
        "audience": withheld.audience,
        "withheld": {"objectives": withheld.objectives, "kpis": withheld.kpis, "teams": withheld.teams},
        "site": {"title": config.title, "language": config.language, "base_url": config.base_url},
        "scoring": {
            "yellow": config.scoring.yellow,
            "green": config.scoring.green,
            "aspirational_target": config.scoring.aspirational_target,
            "at_risk": config.scoring.at_risk,
            "off_track": config.scoring.off_track,
            "maintain": config.scoring.maintain,
            "cadence_days": config.cadence_days,
            "grace_days": config.grace_days,
        },
        "teams": [
            {
                "id": t.id,
                "name": t.name,
                "parent": t.parent,
                "lead": t.lead,
                "members": list(t.members),
                "aggregates": _by_period(card.teams, t.id),
                "tree_aggregates": _by_period(card.team_trees, t.id),
            }
            for t in site.teams
        ],
        "people": [
            {
                "id": p.id,
                "name": p.name,
                "title": p.title,
                "team": p.team,
                "aggregates": _by_period(card.people, p.id),
            }
            for p in site.people
        ],
        "periods": [{**_period(p), "statistics": _stats(card, p.key)} for p in periods],
        "objectives": _OBJECTIVES,
        "kpis": [_kpi(k, card.kpis[k.id]) for k in site.kpis],
    }
    # Compact separators keep the C encoder (json's pure-Python path, taken for `indent`, is 5x
    # slower on a large site); tools pretty-print it when people want to read it. The objectives
    # are encoded one at a time into the place kept for them: one document of every objective's
    # dicts held at once is five times the size of its text (220 MB at 10,000 objectives).
    head, tail = _encode(doc).split(_encode(_OBJECTIVES), 1)
    yield head + "["
    for i, o in enumerate(site.objectives):
        yield ("," if i else "") + _encode(_objective(o, card.objectives[o.id]))
    yield "]" + tail + "\n"


_OBJECTIVES = "\0objectives\0"  # a placeholder no JSON text of the site can contain


def _encode(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _stats(card: Scorecard, key: str) -> JSON:
    s = card.periods[key]
    return {
        **aggregate(s.aggregate),
        "teams_with_objectives": list(s.teams_with),
        "teams_without_objectives": list(s.teams_without),
        "too_safe_teams": list(s.too_safe_teams),
    }


CSV_COLUMNS = (
    "objective_id",
    "objective_title",
    "period",
    "team",
    "owner",
    "parents",
    "commitment",
    "status",
    "objective_score",
    "grade",
    "pace",
    "kr_index",
    "kr_id",
    "kr_title",
    "kr_kind",
    "kr_status",
    "kr_owner",
    "start",
    "target",
    "current",
    "unit",
    "weight",
    "progress",
    "kr_score",
    "confidence",
    "stale",
    "last_checkin",
    "kpi",
)


def to_csv(site: Site, card: Scorecard) -> str:
    """okrs.csv: one row per key result with its objective's fields, for spreadsheets."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for o in site.objectives:
        s = card.objectives[o.id]
        head = [
            o.id,
            o.title,
            o.period.key,
            o.team,
            o.owner,
            " ".join(str(p) for p in o.parents),
            o.commitment.value,
            o.status.value,
            _cell(s.score),
            s.grade.value,
            s.pace.value,
        ]
        for kr, ks in zip(o.key_results, s.key_results, strict=True):
            goal = kr.comparison or kr.band
            target = kr.target.text if kr.target else goal.text if goal else ""
            w.writerow(
                [
                    *head,
                    kr.index,
                    kr.id,
                    kr.title,
                    kr.kind.value,
                    kr.status.value,
                    kr.owner,
                    kr.start.text if kr.start and not kr.start_assumed else "",
                    target,
                    format_plain(ks.current) if ks.current else "",
                    kr.unit,
                    _cell(kr.weight),
                    _cell(ks.progress),
                    _cell(ks.score),
                    _cell(ks.confidence),
                    "yes" if ks.stale else "",
                    ks.last_checkin.isoformat() if ks.last_checkin else "",
                    kr.kpi,
                ]
            )
    return buf.getvalue()


def _cell(x: float | None) -> str:
    if x is None:
        return ""
    r = round(x, 4)
    return str(int(r)) if r.is_integer() else str(r)
