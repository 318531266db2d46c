"""Which way a bar moved: a key result's target toward or away from its start, a band looser
or tighter. Pure functions over the content model."""

from __future__ import annotations

from dataclasses import dataclass

from okrsite.diff.model import Verdict
from okrsite.model import KeyResult, KRKind
from okrsite.quantity import Kind, Quantity, format_plain
from okrsite.thresholds import Threshold


def text(q: Quantity | None) -> str:
    """A value as it was written (`24h`, `80%`), or '' when there is none."""
    if q is None:
        return ""
    return q.text or format_plain(q)


def same(a: Quantity | None, b: Quantity | None) -> bool:
    """True when two values mean the same (`24h` and `1d`; `1,500` and `1500`)."""
    if a is None or b is None:
        return a is b
    if a.kind is not b.kind or a.value != b.value:
        return False
    return a.kind in (Kind.DURATION, Kind.PERCENT) or a.unit.strip().lower() == b.unit.strip().lower()


def same_band(a: Threshold | None, b: Threshold | None) -> bool:
    """True when two thresholds hold the same values."""
    if a is None or b is None:
        return a is b
    return a.op == b.op and same(a.low, b.low) and same(a.high, b.high)


@dataclass(frozen=True, slots=True)
class Goal:
    """Where a key result is headed: its bound, and +1 when higher is better, -1 when lower is."""

    bound: Quantity
    direction: int
    start: Quantity | None = None


def goal(kr: KeyResult) -> Goal | None:
    """The goal of a numeric or threshold key result; None for other kinds, or when unknown."""
    if kr.kind is KRKind.NUMERIC and kr.start is not None and kr.target is not None:
        if not kr.start.compatible(kr.target) or kr.target.value == kr.start.value:
            return None
        return Goal(kr.target, 1 if kr.target.value > kr.start.value else -1, kr.start)
    if kr.kind is KRKind.THRESHOLD and kr.comparison is not None:
        better = kr.comparison.higher_is_better
        if better is None:
            return None
        return Goal(kr.comparison.low, 1 if better else -1, kr.start)
    return None


def target_verdict(old: KeyResult, new: KeyResult) -> tuple[Verdict | None, str]:
    """EASED when the target moved toward the start (the bar is lower), RAISED when it moved
    away from it; CHANGED when the two cannot be compared. With a note in words."""
    a, b = goal(old), goal(new)
    if a is None or b is None:
        return (None, "") if a is b else (Verdict.CHANGED, "")
    if not a.bound.compatible(b.bound):
        return Verdict.CHANGED, f"the unit changed ({a.bound.describe()} to {b.bound.describe()})"
    if a.direction != b.direction:
        return Verdict.CHANGED, "the key result now goes the other way"
    delta = (b.bound.value - a.bound.value) * a.direction
    if delta < 0:
        start = f" ({text(a.start)})" if a.start is not None else ""
        return Verdict.EASED, f"closer to the start{start}"
    if delta > 0:
        return Verdict.RAISED, "further from the start"
    return None, ""


def band_verdict(old: Threshold, new: Threshold) -> tuple[Verdict | None, str]:
    """EASED when the new band admits everything the old one did and more (loosened), RAISED
    when it admits less (tightened), CHANGED when neither holds the other."""
    if same_band(old, new):
        return None, ""
    if not all(q.compatible(r) for q in old.quantities() for r in new.quantities()):
        return Verdict.CHANGED, "the unit changed"
    looser, tighter = _contains(new, old), _contains(old, new)
    if looser and not tighter:
        return Verdict.EASED, ""
    if tighter and not looser:
        return Verdict.RAISED, ""
    return Verdict.CHANGED, ""


def _interval(t: Threshold) -> tuple[float, bool, float, bool]:
    """The band as (low, low inclusive, high, high inclusive), open ends at infinity."""
    inf = float("inf")
    if t.op == ">=":
        return t.low.value, True, inf, False
    if t.op == ">":
        return t.low.value, False, inf, False
    if t.op == "<=":
        return -inf, False, t.low.value, True
    if t.op == "<":
        return -inf, False, t.low.value, False
    high = t.high.value if t.high is not None else t.low.value
    return t.low.value, True, high, True


def _contains(outer: Threshold, inner: Threshold) -> bool:
    """True when every value inside `inner` is inside `outer`."""
    olo, olo_in, ohi, ohi_in = _interval(outer)
    ilo, ilo_in, ihi, ihi_in = _interval(inner)
    low_ok = olo < ilo or (olo == ilo and (olo_in or not ilo_in))
    high_ok = ohi > ihi or (ohi == ihi and (ohi_in or not ihi_in))
    return low_ok and high_ok
