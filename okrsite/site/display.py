"""How numbers, quantities and dates read on the page (English; locale work comes later). Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from okrsite.quantity import Kind, Quantity

_DURATION_UNITS = (("w", 604800.0), ("d", 86400.0), ("h", 3600.0), ("min", 60.0), ("s", 1.0), ("ms", 0.001))
_UNIT_SECONDS = dict(_DURATION_UNITS)
_SYMBOL = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}


def number(value: float, decimals: int = 2) -> str:
    """`12,500`, `86.5`, `0.25`: thousands grouped, trailing zeros dropped."""
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def compact(value: float) -> str:
    """`24M`, `1.2B`, `500k` for large numbers; plain below ten thousand."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e4, "k")):
        if abs(value) >= size:
            unit = size if suffix != "k" else 1e3
            return number(value / unit, 1) + suffix
    return number(value)


def quantity(q: Quantity | None) -> str:
    """A value as people wrote it: `13h`, `86%`, `$1.2M`, `2:37`, `8 agents`."""
    if q is None:
        return "–"
    if q.kind is Kind.PERCENT:
        return f"{number(q.value, 2)}%"
    if q.kind is Kind.DURATION:
        return duration(q.value, q.unit)
    if q.kind is Kind.CURRENCY:
        symbol = _SYMBOL.get(q.unit)
        return f"{symbol}{compact(q.value)}" if symbol else f"{compact(q.value)} {q.unit}"
    return f"{compact(q.value)} {q.unit}".strip()


def duration(seconds: float, unit: str = "") -> str:
    """A duration in the unit it was written in, else the largest whole unit."""
    if unit == "clock":
        total = round(abs(seconds))
        sign = "-" if seconds < 0 else ""
        h, rest = divmod(total, 3600)
        m, s = divmod(rest, 60)
        return f"{sign}{h}:{m:02d}:{s:02d}" if h else f"{sign}{m}:{s:02d}"
    if unit in _UNIT_SECONDS:
        return f"{number(seconds / _UNIT_SECONDS[unit], 1)}{unit}"
    for name, size in _DURATION_UNITS:
        if abs(seconds) >= size:
            return f"{number(seconds / size, 1)}{name}"
    return f"{number(seconds, 1)}s"


@dataclass(frozen=True, slots=True)
class Scale:
    """Shows base-unit values (seconds, percent, amounts) in a quantity's own unit on charts:
    values go through `of`, so axis ticks are nice numbers of days or hours, not seconds."""

    divisor: float = 1.0
    prefix: str = ""
    suffix: str = ""

    def of(self, value: float) -> float:
        """A base-unit value in the display unit."""
        return value / self.divisor

    def fmt(self, value: float) -> str:
        """A display-unit value with its unit: `$20M`, `45d`, `85%`."""
        return f"{self.prefix}{compact(value)}{self.suffix}"


def scale_for(q: Quantity | None) -> Scale:
    """The display scale of a key result's or KPI's values."""
    if q is None:
        return Scale()
    if q.kind is Kind.PERCENT:
        return Scale(suffix="%")
    if q.kind is Kind.DURATION:
        unit = q.unit if q.unit in _UNIT_SECONDS else ("min" if q.unit == "clock" else "h")
        return Scale(_UNIT_SECONDS[unit], suffix=unit)
    if q.kind is Kind.CURRENCY and q.unit in _SYMBOL:
        return Scale(prefix=_SYMBOL[q.unit])
    return Scale(suffix=f" {q.unit}" if q.unit else "")


def score(value: float | None) -> str:
    """A score as a grade: `0.75`."""
    return "–" if value is None else f"{value:.2f}"


def percent(value: float | None) -> str:
    """A ratio as a percentage: `127%`."""
    return "–" if value is None else f"{value * 100:.0f}%"


def day(d: date | None) -> str:
    """`20 Nov 2026`."""
    return "–" if d is None else f"{d.day} {d.strftime('%b')} {d.year}"


PACE_LABELS = {
    "not_started": "Not started",
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
    "final": "Final",
    "cancelled": "Cancelled",
    "none": "No score",
}
HEALTH_LABELS = {"healthy": "Healthy", "warning": "Warning", "breach": "Breach", "unknown": "No data"}
GRADE_LABELS = {"red": "Red", "yellow": "Yellow", "green": "Green", "none": "Not graded"}


def comparison(text: str) -> str:
    """A threshold as typeset: `≥ 85%`, `≤ 2h`."""
    return text.replace(">=", "≥").replace("<=", "≤").replace("=>", "≥").replace("=<", "≤")
