"""Objective scores, grades, pace and missed commitments (pure)."""

from __future__ import annotations

from datetime import date

from okrsite.config import Scoring
from okrsite.model import Commitment, Objective, Status
from okrsite.periods import Period
from okrsite.score.keyresult import fmt
from okrsite.score.model import Explanation, Grade, KRScore, Pace


def weighted_mean(objective: Objective, krs: tuple[KRScore, ...]) -> tuple[float | None, Explanation]:
    """The weighted mean of the counted key results' scores."""
    parts: list[tuple[float, float]] = []
    for kr, s in zip(objective.key_results, krs, strict=True):
        if s.counted and s.score is not None:
            parts.append((kr.weight, s.score))
    rule = "score = weighted mean of the active key results' scores"
    if not parts:
        return None, Explanation(rule, "no key result can be scored")
    total = sum(w for w, _ in parts)
    if total == 0:
        return None, Explanation(rule, "all weights are 0")
    mean = sum(w * s for w, s in parts) / total
    terms = " + ".join(f"{fmt(w)} x {fmt(s)}" if w != 1 else fmt(s) for w, s in parts)
    return mean, Explanation(rule, f"({terms}) / {fmt(total)} = {fmt(mean)}")


def elapsed(period: Period, as_of: date) -> float:
    """The share of the period's days that have passed by the end of `as_of` (0..1)."""
    if as_of < period.start:
        return 0.0
    if as_of >= period.end:
        return 1.0
    return ((as_of - period.start).days + 1) / period.days


def grade(score: float | None, committed: bool, scoring: Scoring) -> Grade:
    """Red below `yellow`, yellow below `green`, green above; committed is green only at 1.0."""
    if score is None:
        return Grade.NONE
    if committed and score < 1.0:
        return Grade.YELLOW if score >= scoring.yellow else Grade.RED
    if score >= scoring.green:
        return Grade.GREEN
    return Grade.YELLOW if score >= scoring.yellow else Grade.RED


def is_final(objective: Objective, as_of: date) -> bool:
    """True once the period is over, or once it has begun and the objective is closed or cancelled
    (a file that says `closed` today does not make it final before it started: time travel)."""
    if as_of > objective.period.end:
        return True
    return as_of >= objective.period.start and objective.status in (Status.CLOSED, Status.CANCELLED)


def pace(
    objective: Objective, score: float | None, as_of: date, scoring: Scoring
) -> tuple[Pace, float | None, float, Explanation]:
    """Pace against the calendar: expected = elapsed share x (0.7 aspirational | 1.0 committed)."""
    share = elapsed(objective.period, as_of)
    if objective.status is Status.CANCELLED and is_final(objective, as_of):
        return Pace.CANCELLED, None, share, Explanation("cancelled", "")
    if is_final(objective, as_of):
        return Pace.FINAL, None, share, Explanation("the period is over: the score is final", "")
    if as_of < objective.period.start:
        return Pace.NOT_STARTED, None, 0.0, Explanation(f"starts {objective.period.start}", "")
    committed = objective.commitment is Commitment.COMMITTED
    mark = 1.0 if committed else scoring.aspirational_target
    expected = share * mark
    rule = f"expected = {fmt(share * 100)}% elapsed x {fmt(mark)}"
    if score is None:
        return Pace.NONE, expected, share, Explanation(rule, "no score to compare")
    gap = expected - score
    if gap <= scoring.at_risk:
        state = Pace.ON_TRACK
    elif gap <= scoring.off_track:
        state = Pace.AT_RISK
    else:
        state = Pace.OFF_TRACK
    working = (
        f"{fmt(expected)} expected, {fmt(score)} scored: {fmt(max(gap, 0))} behind "
        f"(on track within {fmt(scoring.at_risk)}, off track beyond {fmt(scoring.off_track)})"
    )
    return state, expected, share, Explanation(rule, working)


def missed_commitment(objective: Objective, score: float | None, as_of: date) -> bool:
    """A committed objective that ended below 1.0."""
    return (
        objective.commitment is Commitment.COMMITTED
        and objective.status is not Status.CANCELLED
        and is_final(objective, as_of)
        and (score is None or score < 1.0)
    )
