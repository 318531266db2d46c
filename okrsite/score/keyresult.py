"""Key-result progress for every kind, with the working shown (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from okrsite.config import SiteConfig
from okrsite.model import KPI, KeyResult, KRKind, KRStatus, Objective, Status
from okrsite.quantity import Quantity
from okrsite.score.model import KRScore
from okrsite.score.phrase import Explanation, Label, say


@dataclass(frozen=True, slots=True)
class Reading:
    """A key result's current value and where it came from."""

    value: Quantity | None
    source: str
    day: date | None


def clamp(x: float) -> float:
    """x limited to 0..1."""
    return 0.0 if x < 0 else 1.0 if x > 1 else x


def show(q: Quantity, like: Quantity | None = None) -> Quantity:
    """A quantity to be shown in the unit the key result was written in (`15h`, not `54000s`)."""
    unit = like.unit if like is not None and like.kind is q.kind else q.unit
    return Quantity(q.value, q.kind, unit or q.unit)


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
        why = (*why, Explanation(say("an explicit score wins"), say("score = %(score)s", score=kr.score)))
        score = clamp(kr.score)
    counted = kr.status is KRStatus.ACTIVE and kr.weight > 0 and score is not None
    if kr.status is not KRStatus.ACTIVE:
        status = Label("kr_status", kr.status.value)
        why = (*why, Explanation(say("%(status)s: left out of the %(objective)s's mean", status=status)))
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
NO_MEASUREMENT = say("no measurement yet")


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
        rule = say("a baseline is done once a first value is measured")
        working = say("measured %(value)s", value=read.value) if found and read.value else NO_MEASUREMENT
        return (1.0 if found else 0.0), (1.0 if found else 0.0), (Explanation(rule, working),)
    return None, None, (Explanation(say("not measurable: no numbers, so left out of the mean")),)


def _numeric(start: Quantity | None, target: Quantity | None, read: Reading, assumed: bool) -> Result:
    rule = say("progress = (current - start) / (target - start)")
    if start is None or target is None or read.value is None or target.value == start.value:
        return None, None, (Explanation(rule, say("not enough numbers to compute it")),)
    cur = read.value
    ratio = (cur.value - start.value) / (target.value - start.value)
    working = say(
        "(%(current)s - %(start)s) / (%(target)s - %(start)s) = %(progress)s",
        current=show(cur, target),
        start=show(start, target),
        target=show(target),
        progress=ratio,
    )
    notes = [Explanation(rule, working)]
    if assumed:
        notes.append(Explanation(say("no start was given, so progress is measured from 0")))
    if ratio > 1 or ratio < 0:
        notes.append(
            Explanation(say("the score is clamped to 0..1"), say("score = %(score)s", score=clamp(ratio)))
        )
    return ratio, clamp(ratio), tuple(notes)


def _threshold(kr: KeyResult, read: Reading) -> Result:
    comparison = kr.comparison
    if comparison is None:
        return None, None, ()
    rule = say("reach %(threshold)s", threshold=comparison)
    if read.value is None:
        return 0.0, 0.0, (Explanation(rule, NO_MEASUREMENT),)
    met = comparison.holds(read.value.value)
    if met:
        return 1.0, 1.0, (Explanation(rule, say("%(value)s meets it: score = 1", value=read.value)),)
    if kr.start is not None and kr.start.value != comparison.low.value:
        ratio, score, notes = _numeric(kr.start, comparison.low, read, False)
        return ratio, (min(score, 0.99) if score is not None else None), notes
    return 0.0, 0.0, (Explanation(rule, say("%(value)s does not: score = 0", value=read.value)),)


def _maintain(
    kr: KeyResult, read: Reading, objective: Objective, kpis: dict[str, KPI], config: SiteConfig, as_of: date
) -> Result:
    band = kr.band
    if band is None or read.value is None:
        return None, None, (Explanation(say("keep the value inside the band"), NO_MEASUREMENT),)
    if config.scoring.maintain == "partial":
        values = _period_values(kr, objective, kpis, as_of) or [read.value.value]
        inside = sum(1 for v in values if band.holds(v))
        share = inside / len(values)
        rule = say("share of measurements inside %(band)s (scoring.maintain: partial)", band=band)
        working = say("%(inside)s of %(count)s = %(share)s", inside=inside, count=len(values), share=share)
        return share, share, (Explanation(rule, working),)
    ok = band.holds(read.value.value)
    if ok:
        working = say("%(value)s is inside %(band)s: score = 1", value=read.value, band=band)
    else:
        working = say("%(value)s is outside %(band)s: score = 0", value=read.value, band=band)
    rule = say("1 inside the band, else 0")
    return (1.0 if ok else 0.0), (1.0 if ok else 0.0), (Explanation(rule, working),)


def _period_values(kr: KeyResult, objective: Objective, kpis: dict[str, KPI], as_of: date) -> list[float]:
    values = [c.value.value for c in kr.checkins if c.value is not None and c.date <= as_of]
    kpi = kpis.get(kr.kpi)
    if kpi is not None:
        values += [
            p.value.value for p in kpi.values if objective.period.contains_day(p.date) and p.date <= as_of
        ]
    return values


def _milestone(kr: KeyResult, as_of: date) -> Result:
    rule = say("a milestone is 1 when done, else its progress")
    if kr.done:
        return 1.0, 1.0, (Explanation(rule, say("done")),)
    if kr.progress is not None:
        return (
            kr.progress,
            kr.progress,
            (Explanation(rule, say("progress %(progress)s", progress=kr.progress)),),
        )
    past = [c for c in kr.checkins if c.date <= as_of and c.progress is not None]
    if past and past[-1].progress is not None:
        p = past[-1].progress
        working = say("%(check_in)s of %(day)s: %(progress)s", day=past[-1].date, progress=p)
        return p, p, (Explanation(rule, working),)
    return 0.0, 0.0, (Explanation(rule, say("not done, no progress reported")),)


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
