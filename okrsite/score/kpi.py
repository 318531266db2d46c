"""KPI health, trend and staleness (pure)."""

from __future__ import annotations

from datetime import date, timedelta

from okrsite.model import KPI
from okrsite.quantity import Quantity
from okrsite.score.model import Health, KPIState, Trend
from okrsite.score.phrase import Explanation, Label, say


def kpi_state(kpi: KPI, as_of: date, grace_days: int) -> KPIState:
    """Health by the latest value on or before `as_of`; trend from the change before it."""
    past = [p for p in kpi.values if p.date <= as_of]
    latest = past[-1] if past else None
    previous = past[-2] if len(past) > 1 else None
    why: list[Explanation] = []
    health = Health.UNKNOWN
    if latest is None:
        why.append(Explanation(say("no value yet")))
    elif kpi.healthy is not None:
        v = latest.value.value
        if kpi.healthy.holds(v):
            health = Health.HEALTHY
        elif kpi.warning is not None and kpi.warning.holds(v):
            health = Health.WARNING
        else:
            health = Health.BREACH
        if kpi.warning is not None:
            rule = say(
                "health by the latest value (healthy %(healthy)s, warning %(warning)s)",
                healthy=kpi.healthy,
                warning=kpi.warning,
            )
        else:
            rule = say("health by the latest value (healthy %(healthy)s)", healthy=kpi.healthy)
        working = say(
            "%(value)s of %(day)s: %(health)s",
            value=latest.value,
            day=latest.date,
            health=Label("health", health.value),
        )
        why.append(Explanation(rule, working))
    expected = None
    if kpi.target is not None and latest is not None and past:
        first = past[0]
        span = (kpi.target.by - first.date).days
        share = 1.0 if span <= 0 else min(1.0, max(0.0, (latest.date - first.date).days / span))
        expected = first.value.value + share * (kpi.target.value.value - first.value.value)
        rising = kpi.target.value.value >= first.value.value
        on_pace = latest.value.value >= expected if rising else latest.value.value <= expected
        if kpi.healthy is None:
            health = Health.HEALTHY if on_pace else Health.WARNING
        target = kpi.target.value
        rule = say("pace toward %(target)s by %(by)s", target=target, by=kpi.target.by)
        at = Quantity(round(expected, 2), target.kind, target.unit)  # an estimate: 2 decimals
        if on_pace:
            working = say(
                "expected %(expected)s by %(day)s, at %(value)s: on pace",
                expected=at,
                day=latest.date,
                value=latest.value,
            )
        else:
            working = say(
                "expected %(expected)s by %(day)s, at %(value)s: behind pace",
                expected=at,
                day=latest.date,
                value=latest.value,
            )
        why.append(Explanation(rule, working))
    trend, good = _trend(
        kpi, latest.value.value if latest else None, previous.value.value if previous else None
    )
    stale = latest is None or as_of - latest.date > timedelta(days=kpi.frequency.days + grace_days)
    return KPIState(
        id=kpi.id,
        health=health,
        latest=latest.value if latest else None,
        latest_date=latest.date if latest else None,
        previous=previous.value if previous else None,
        trend=trend,
        trend_good=good,
        stale=stale,
        target_expected=expected,
        explanation=tuple(why),
    )


def _trend(kpi: KPI, latest: float | None, previous: float | None) -> tuple[Trend, bool | None]:
    if latest is None or previous is None:
        return Trend.NONE, None
    if latest == previous:
        return Trend.FLAT, None
    trend = Trend.UP if latest > previous else Trend.DOWN
    better: bool | None = None
    if kpi.healthy is not None:
        higher = kpi.healthy.higher_is_better
        if higher is None and kpi.healthy.high is not None:  # a band: toward its middle is better
            middle = (kpi.healthy.low.value + kpi.healthy.high.value) / 2
            better = abs(latest - middle) < abs(previous - middle)
        elif higher is not None:
            better = (trend is Trend.UP) == higher
    elif kpi.target is not None:
        better = (trend is Trend.UP) == (kpi.target.value.value >= latest)
    return trend, better
