"""Key-result progress for every kind, with the working shown (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from okrsite.config import SiteConfig
from okrsite.model import KPI, KeyResult, KRKind, KRStatus, Objective, Status
from okrsite.quantity import Quantity, format_plain
from okrsite.score.model import Explanation, KRScore


@dataclass(frozen=True, slots=True)
class Reading:
    """A key result's current value and where it came from."""

    value: Quantity | None
    source: str
    day: date | None


def clamp(x: float) -> float:
    """x limited to 0..1."""
    return 0.0 if x < 0 else 1.0 if x > 1 else x


def fmt(x: float) -> str:
    """A score or ratio for explanations: at most two decimals, no trailing zeros."""
    return f"{x:.2f}".rstrip("0").rstrip(".") if x == x else "n/a"


def show(q: Quantity, like: Quantity | None = None) -> str:
    """A quantity in the unit the key result was written in, e.g. `15h`."""
    unit = like.unit if like is not None and like.kind is q.kind else q.unit
    return format_plain(Quantity(q.value, q.kind, unit or q.unit))


def reading(kr: KeyResult, objective: Objective, kpis: dict[str, KPI], as_of: date) -> Reading:
    """current: explicit `current`, else the last check-in on or before as-of, else the linked
    KPI's last value inside the period on or before as-of, else `start`."""
    if kr.current is not None:
        return Reading(kr.current, "current", None)
    past = [c for c in kr.checkins if c.date <= as_of and c.value is not None]
    if past:
        return Reading(past[-1].value, "checkin", past[-1].date)
    kpi = kpis.get(kr.kpi)
    if kpi is not None:
        period = objective.period
        inside = [p for p in kpi.values if period.contains_day(p.date) and p.date <= as_of]
        if inside:
            return Reading(inside[-1].value, "kpi", inside[-1].date)
    if kr.start is not None and not kr.start_assumed:
        return Reading(kr.start, "start", None)
    return Reading(None, "none", None)


def score_kr(
    kr: KeyResult, objective: Objective, kpis: dict[str, KPI], config: SiteConfig, as_of: date
) -> KRScore:
    """The key result's progress, score, confidence and staleness at `as_of`."""
    read = reading(kr, objective, kpis, as_of)
    progress, score, why = _by_kind(kr, read, objective, kpis, config, as_of)
    if kr.score is not None:
        why = (*why, Explanation("an explicit score wins", f"score = {fmt(kr.score)}"))
        score = clamp(kr.score)
    counted = kr.status is KRStatus.ACTIVE and kr.weight > 0 and score is not None
    if kr.status is not KRStatus.ACTIVE:
        why = (*why, Explanation(f"{kr.status.value}: left out of the objective's mean", ""))
    confidences = [c for c in kr.checkins if c.date <= as_of and c.confidence is not None]
    last = _last_update(kr, read, as_of)
    return KRScore(
        index=kr.index,
        current=read.value,
        current_source=read.source,
        current_date=read.day,
        progress=progress,
        score=score,
        counted=counted,
        confidence=confidences[-1].confidence if confidences else None,
        last_checkin=last,
        stale=_stale(kr, objective, last, config, as_of),
        explanation=why,
    )


Result = tuple[float | None, float | None, tuple[Explanation, ...]]


def _by_kind(
    kr: KeyResult, read: Reading, objective: Objective, kpis: dict[str, KPI], config: SiteConfig, as_of: date
) -> Result:
    if kr.kind is KRKind.NUMERIC:
        return _numeric(kr.start, kr.target, read, kr.start_assumed)
    if kr.kind is KRKind.THRESHOLD:
        return _threshold(kr, read)
    if kr.kind is KRKind.MAINTAIN:
        return _maintain(kr, read, objective, kpis, config, as_of)
    if kr.kind is KRKind.MILESTONE:
        return _milestone(kr, as_of)
    if kr.kind is KRKind.BASELINE:
        found = read.value is not None and read.source != "start"
        rule = "a baseline is done once a first value is measured"
        working = f"measured {show(read.value)}" if found and read.value else "no measurement yet"
        return (1.0 if found else 0.0), (1.0 if found else 0.0), (Explanation(rule, working),)
    return None, None, (Explanation("not measurable: no numbers, so left out of the mean", ""),)


def _numeric(start: Quantity | None, target: Quantity | None, read: Reading, assumed: bool) -> Result:
    rule = "progress = (current - start) / (target - start)"
    if start is None or target is None or read.value is None or target.value == start.value:
        return None, None, (Explanation(rule, "not enough numbers to compute it"),)
    cur = read.value
    ratio = (cur.value - start.value) / (target.value - start.value)
    working = (
        f"({show(cur, target)} - {show(start, target)}) / ({show(target)} - {show(start, target)}) "
        f"= {fmt(ratio)}"
    )
    notes = [Explanation(rule, working)]
    if assumed:
        notes.append(Explanation("no start was given, so progress is measured from 0", ""))
    if ratio > 1 or ratio < 0:
        notes.append(Explanation("the score is clamped to 0..1", f"score = {fmt(clamp(ratio))}"))
    return ratio, clamp(ratio), tuple(notes)


def _threshold(kr: KeyResult, read: Reading) -> Result:
    comparison = kr.comparison
    if comparison is None:
        return None, None, ()
    if read.value is None:
        return 0.0, 0.0, (Explanation(f"reach {comparison.text}", "no measurement yet"),)
    met = comparison.holds(read.value.value)
    if met:
        why = Explanation(f"reach {comparison.text}", f"{show(read.value)} meets it: score = 1")
        return 1.0, 1.0, (why,)
    if kr.start is not None and kr.start.value != comparison.low.value:
        ratio, score, notes = _numeric(kr.start, comparison.low, read, False)
        return ratio, (min(score, 0.99) if score is not None else None), notes
    return 0.0, 0.0, (Explanation(f"reach {comparison.text}", f"{show(read.value)} does not: score = 0"),)


def _maintain(
    kr: KeyResult, read: Reading, objective: Objective, kpis: dict[str, KPI], config: SiteConfig, as_of: date
) -> Result:
    band = kr.band
    if band is None or read.value is None:
        return None, None, (Explanation("keep the value inside the band", "no measurement yet"),)
    if config.scoring.maintain == "partial":
        values = _period_values(kr, objective, kpis, as_of) or [read.value.value]
        inside = sum(1 for v in values if band.holds(v))
        share = inside / len(values)
        rule = f"share of measurements inside {band.text} (scoring.maintain: partial)"
        return share, share, (Explanation(rule, f"{inside} of {len(values)} = {fmt(share)}"),)
    ok = band.holds(read.value.value)
    working = f"{show(read.value)} is {'inside' if ok else 'outside'} {band.text}: score = {1 if ok else 0}"
    return (1.0 if ok else 0.0), (1.0 if ok else 0.0), (Explanation("1 inside the band, else 0", working),)


def _period_values(kr: KeyResult, objective: Objective, kpis: dict[str, KPI], as_of: date) -> list[float]:
    values = [c.value.value for c in kr.checkins if c.value is not None and c.date <= as_of]
    kpi = kpis.get(kr.kpi)
    if kpi is not None:
        values += [
            p.value.value for p in kpi.values if objective.period.contains_day(p.date) and p.date <= as_of
        ]
    return values


def _milestone(kr: KeyResult, as_of: date) -> Result:
    rule = "a milestone is 1 when done, else its progress"
    if kr.done:
        return 1.0, 1.0, (Explanation(rule, "done"),)
    if kr.progress is not None:
        return kr.progress, kr.progress, (Explanation(rule, f"progress {fmt(kr.progress)}"),)
    past = [c for c in kr.checkins if c.date <= as_of and c.progress is not None]
    if past and past[-1].progress is not None:
        p = past[-1].progress
        return p, p, (Explanation(rule, f"check-in of {past[-1].date}: {fmt(p)}"),)
    return 0.0, 0.0, (Explanation(rule, "not done, no progress reported"),)


def _last_update(kr: KeyResult, read: Reading, as_of: date) -> date | None:
    dates = [c.date for c in kr.checkins if c.date <= as_of]
    if read.source == "kpi" and read.day is not None:
        dates.append(read.day)
    return max(dates) if dates else None


def _stale(kr: KeyResult, objective: Objective, last: date | None, config: SiteConfig, as_of: date) -> bool:
    """No update for longer than the check-in cadence plus grace, while the period runs."""
    if objective.status is not Status.ACTIVE or kr.status is not KRStatus.ACTIVE:
        return False
    if not objective.period.contains_day(as_of) or kr.done:
        return False
    since = last or objective.period.start
    return as_of - since > timedelta(days=config.cadence_days + config.grace_days)
