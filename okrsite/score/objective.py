"""Objective scores, grades, pace and missed commitments (pure)."""

from __future__ import annotations

from datetime import date

from okrsite.config import Scoring
from okrsite.model import Commitment, Objective, Status
from okrsite.periods import Period
from okrsite.score.model import Grade, KRScore, Pace
from okrsite.score.phrase import Explanation, Share, Weighted, say


def weighted_mean(objective: Objective, krs: tuple[KRScore, ...]) -> tuple[float | None, Explanation]:
    """The weighted mean of the counted key results' scores."""
    parts: list[tuple[float, float]] = []
    for kr, s in zip(objective.key_results, krs, strict=True):
        if s.counted and s.score is not None:
            parts.append((kr.weight, s.score))
    rule = say("score = weighted mean of the active %(key_results)s' scores")
    if not parts:
        return None, Explanation(rule, say("no %(key_result)s can be scored"))
    total = sum(w for w, _ in parts)
    if total == 0:
        return None, Explanation(rule, say("all weights are 0"))
    mean = sum(w * s for w, s in parts) / total
    working = say("(%(terms)s) / %(total)s = %(mean)s", terms=Weighted(tuple(parts)), total=total, mean=mean)
    return mean, Explanation(rule, working)


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
        return Pace.CANCELLED, None, share, Explanation(say("cancelled"))
    if is_final(objective, as_of):
        return Pace.FINAL, None, share, Explanation(say("the period is over: the score is final"))
    if as_of < objective.period.start:
        return Pace.NOT_STARTED, None, 0.0, Explanation(say("starts %(day)s", day=objective.period.start))
    committed = objective.commitment is Commitment.COMMITTED
    mark = 1.0 if committed else scoring.aspirational_target
    expected = share * mark
    rule = say("expected = %(elapsed)s elapsed x %(mark)s", elapsed=Share(share), mark=mark)
    if score is None:
        return Pace.NONE, expected, share, Explanation(rule, say("no score to compare"))
    gap = expected - score
    if gap <= scoring.at_risk:
        state = Pace.ON_TRACK
    elif gap <= scoring.off_track:
        state = Pace.AT_RISK
    else:
        state = Pace.OFF_TRACK
    working = say(
        "%(expected)s expected, %(score)s scored: %(behind)s behind "
        "(on track within %(at_risk)s, off track beyond %(off_track)s)",
        expected=expected,
        score=score,
        behind=max(gap, 0),
        at_risk=scoring.at_risk,
        off_track=scoring.off_track,
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
