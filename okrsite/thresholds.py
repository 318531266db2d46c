"""Threshold expressions for KPIs and maintain KRs: `>= 85%`, `< 1000`, `between 40 and 60`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from okrsite.quantity import Quantity, QuantityError, parse_quantity

OPERATORS = (">=", "<=", ">", "<", "between")
_SIMPLE = re.compile(r"\s*(>=|=>|≥|<=|=<|≤|>|<)\s*(.+)")
_BETWEEN = re.compile(r"\s*(?:between\s+)?(.+?)\s*(?:\.\.|\band\b|–|\bto\b)\s*(.+)", re.IGNORECASE)
_NORMAL = {"=>": ">=", "≥": ">=", "=<": "<=", "≤": "<="}


@dataclass(frozen=True, slots=True)
class Threshold:
    """A band of acceptable values. `between` holds both ends inclusive."""

    op: str
    low: Quantity
    high: Quantity | None = None
    text: str = ""

    def holds(self, value: float) -> bool:
        """True when `value` (in the quantity's base unit) lies inside the band."""
        bound = self.low.value
        if self.op == ">=":
            return value >= bound
        if self.op == ">":
            return value > bound
        if self.op == "<=":
            return value <= bound
        if self.op == "<":
            return value < bound
        assert self.high is not None
        return bound <= value <= self.high.value

    @property
    def higher_is_better(self) -> bool | None:
        """Which way is good: True for >=/>, False for <=/<, None for a band."""
        if self.op in (">=", ">"):
            return True
        if self.op in ("<=", "<"):
            return False
        return None

    def quantities(self) -> tuple[Quantity, ...]:
        """The bounds, for unit checks."""
        return (self.low,) if self.high is None else (self.low, self.high)


class ThresholdError(ValueError):
    """An expression that cannot be read."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = HINT


HINT = "write a comparison like '>= 85%', '< 1000', '<= 2h' or 'between 40 and 60'"


def parse_threshold(raw: object, unit: str = "") -> Threshold:
    """Read a threshold; a bare value means `>=` that value, which is how people say 'at least'."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Threshold(">=", parse_quantity(raw, unit), None, str(raw))
    if not isinstance(raw, str) or not raw.strip():
        raise ThresholdError(f"expected a comparison, got {raw!r}")
    text = raw.strip()
    try:
        if text in _NORMAL or text in (">=", "<=", ">", "<"):
            raise ThresholdError(f"'{text}' needs a value after it, like '{text} 85%'")
        m = _SIMPLE.fullmatch(text)
        if m:
            op = _NORMAL.get(m.group(1), m.group(1))
            return Threshold(op, parse_quantity(m.group(2), unit), None, text)
        b = _BETWEEN.fullmatch(text)
        if b:
            low = parse_quantity(b.group(1), unit)
            high = parse_quantity(b.group(2), unit)
            if high.kind is not low.kind and low.compatible(high):
                low = Quantity(low.value, high.kind, high.unit, low.text)
            if low.value > high.value:
                low, high = high, low
            return Threshold("between", low, high, text)
        if text.lower().startswith("between"):
            raise ThresholdError(f"'{text}' needs two values, like 'between 40 and 60'")
        return Threshold(">=", parse_quantity(text, unit), None, text)
    except QuantityError as exc:
        raise ThresholdError(f"cannot read {text!r}: {exc.message}") from exc
