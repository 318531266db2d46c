"""Quantities as people write them: `1,500`, `80%`, `12.5k`, `$13m`, `500 kr`, `24h`, `2:37`.

Pure functions: text in, a `Quantity` out, or a `QuantityError` whose message says what was
expected. Durations are held in seconds, percentages in percent (80 for `80%`), amounts in
their own unit, so arithmetic between two quantities of the same kind is plain subtraction.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What a quantity measures; two quantities are comparable when their kinds agree."""

    NUMBER = "number"
    PERCENT = "percent"
    DURATION = "duration"
    CURRENCY = "currency"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its kind; `unit` is a currency code, a free label, or a duration unit."""

    value: float
    kind: Kind = Kind.NUMBER
    unit: str = ""
    text: str = ""

    def compatible(self, other: Quantity) -> bool:
        """True when the two can be subtracted: same kind and unit, or one is a bare number."""
        if self.kind is Kind.NUMBER and not self.unit:
            return other.kind is not Kind.DURATION or self.value == 0
        if other.kind is Kind.NUMBER and not other.unit:
            return self.kind is not Kind.DURATION or other.value == 0
        if self.kind is not other.kind:
            return False
        if self.kind in (Kind.CURRENCY, Kind.NUMBER):
            return _same_unit(self.unit, other.unit)
        return True

    def describe(self) -> str:
        """A short name of the unit, for messages: `a duration`, `USD`, `a percentage`."""
        if self.kind is Kind.DURATION:
            return "a duration"
        if self.kind is Kind.PERCENT:
            return "a percentage"
        if self.unit:
            return repr(self.unit)
        return "a plain number"


class QuantityError(ValueError):
    """A value that cannot be read as a quantity; `hint` shows what would work."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


PLACEHOLDERS = frozenset({"x", "tbd", "tba", "?", "??", "n/a", "na", "todo", "xx", "xxx"})

_SECONDS = {
    "ms": 0.001,
    "msec": 0.001,
    "s": 1.0,
    "sec": 1.0,
    "secs": 1.0,
    "second": 1.0,
    "seconds": 1.0,
    "min": 60.0,
    "mins": 60.0,
    "minute": 60.0,
    "minutes": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
    "hrs": 3600.0,
    "hour": 3600.0,
    "hours": 3600.0,
    "d": 86400.0,
    "day": 86400.0,
    "days": 86400.0,
    "w": 604800.0,
    "wk": 604800.0,
    "wks": 604800.0,
    "week": 604800.0,
    "weeks": 604800.0,
}
_MAGNITUDE = {
    "k": 1e3,
    "K": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "M": 1e6,
    "MM": 1e6,
    "mn": 1e6,
    "mio": 1e6,
    "mio.": 1e6,
    "million": 1e6,
    "b": 1e9,
    "B": 1e9,
    "bn": 1e9,
    "mia": 1e9,
    "mia.": 1e9,
    "billion": 1e9,
}
_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
# ISO 4217 codes people use in goals; any other three capitals are read as a free unit label.
_CODES = frozenset(
    {"USD", "EUR", "GBP", "DKK", "SEK", "NOK", "CHF", "JPY", "CNY", "INR", "AUD", "CAD"}
    | {"NZD", "PLN", "ISK", "CZK", "HUF", "BRL", "MXN", "ZAR", "SGD", "HKD"}
)
_KR = frozenset({"kr", "kr.", ",-"})

_NUMBER = re.compile(
    r"""(?P<sign>[+\-−]?)\s*
        (?P<int>[1-9]\d{0,2}(?:[,\s\u00a0\u202f_]\d{3})+|\d+)?
        (?:(?P<dec>[.,])(?P<frac>\d+))?""",
    re.VERBOSE,
)
_CLOCK = re.compile(r"([+\-]?)(\d+):([0-5]\d)(?::([0-5]\d))?")
_PREFIX = re.compile(r"(US\$|[$€£¥₹]|[A-Z]{3}(?=[\s\d])|kr\.?(?=\s*\d))\s*")


def is_placeholder(raw: object) -> bool:
    """True for the placeholders people write before they know a number (`X`, `TBD`)."""
    return isinstance(raw, str) and raw.strip().lower() in PLACEHOLDERS


def parse_quantity(raw: object, unit: str = "") -> Quantity:
    """Read a YAML value as a quantity; `unit` (the KR's `unit:`) applies to bare numbers."""
    if isinstance(raw, bool) or raw is None:
        raise QuantityError(f"expected a number, got {_show(raw)}", "write a number like 42 or 80%")
    if isinstance(raw, int | float):
        try:
            number = float(raw)
        except OverflowError:  # an integer with hundreds of digits
            digits = str(raw)
            raise QuantityError(
                f"'{digits[:12]}...' ({len(digits)} digits) is too large a number", "write an ordinary number"
            ) from None
        return _bare(number, unit, str(raw))
    if not isinstance(raw, str):
        raise QuantityError(f"expected a number, got a {type(raw).__name__}", "write a number like 42 or 80%")
    text = raw.strip()
    if not text:
        raise QuantityError("expected a number, got an empty value", "write a number like 42")
    if is_placeholder(text):
        raise QuantityError(f"{text!r} is a placeholder, not a number", "fill in the real number")
    clock = _CLOCK.fullmatch(text)
    if clock:
        return _clock(clock, text)
    if _COMPOUND.fullmatch(text):  # 1h30min, 2d 4h
        seconds = sum(float(n) * _SECONDS[u] for n, u in _PART.findall(text))
        return Quantity(seconds, Kind.DURATION, _PART.findall(text)[-1][1], text)
    return _parse_text(text, unit)


def _parse_text(text: str, unit: str) -> Quantity:
    currency = ""
    rest = text
    prefix = _PREFIX.match(rest)
    if prefix:
        token = prefix.group(1)
        if token.startswith("kr"):
            currency = "kr"
        elif token in _SYMBOLS:
            currency = _SYMBOLS[token]
        elif token in _CODES:
            currency = token
        if currency:
            rest = rest[prefix.end() :]
    m = _NUMBER.match(rest)
    if m is None or (m.group("int") is None and m.group("frac") is None):
        raise QuantityError(f"expected a number, got {text!r}", _HINT)
    value = _number_value(m)
    suffix = rest[m.end() :].strip()
    return _apply_suffix(value, suffix, currency, unit, text)


# A free unit label: "steps", "leads", "/10". No digits after letters: "1h30min" or "1e3" are
# not a number followed by a label, and must not pass silently as one.
_LABEL = re.compile(r"(?:[^\W\d_][^\W\d]*(?:[ .'-][^\W\d]+)*\.?|/\s*\d+)")
_COMPOUND = re.compile(r"(?:(\d+(?:\.\d+)?)\s*(w|d|h|min|s|ms)\s*){2,}")
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(w|d|h|min|s|ms)")
_HINT = "numbers look like 1500, 1,500, 80%, 12.5k, $2M, 500 kr, 24h, 90min or 2:37"


def _number_value(m: re.Match[str]) -> float:
    digits = re.sub(r"[,\s\u00a0\u202f_]", "", m.group("int") or "0")
    frac = m.group("frac")
    number = float(digits + ("." + frac if frac is not None else ""))
    sign = m.group("sign")
    return -number if sign in ("-", "−") else number


def _apply_suffix(value: float, suffix: str, currency: str, unit: str, text: str) -> Quantity:
    """Interpret what follows the digits: a magnitude, %, a duration unit, a currency, a label."""
    words = suffix.split()
    magnitude = 1.0
    if words and words[0] in _MAGNITUDE:
        magnitude = _MAGNITUDE[words.pop(0)]
    elif words and _glued_magnitude(words[0]):
        head, tail = _glued_magnitude(words[0])  # type: ignore[misc]
        magnitude = _MAGNITUDE[head]
        words[0] = tail
    rest = " ".join(words)
    value *= magnitude
    _check_finite(value, text)
    if rest == "%":
        if currency:
            raise QuantityError(f"{text!r} mixes a currency and a percentage", _HINT)
        return Quantity(value, Kind.PERCENT, "", text)
    if rest in _SECONDS and not currency and magnitude == 1.0:
        return Quantity(value * _SECONDS[rest], Kind.DURATION, rest, text)
    if rest.upper() in _CODES or rest in _SYMBOLS or rest.lower() in _KR:
        code = rest.upper() if rest.upper() in _CODES else _SYMBOLS.get(rest, "kr")
        if currency and currency != code:
            raise QuantityError(f"{text!r} names two currencies", _HINT)
        return Quantity(value, Kind.CURRENCY, code, text)
    if currency:
        if rest:
            raise QuantityError(f"cannot read {rest!r} after the amount in {text!r}", _HINT)
        return Quantity(value, Kind.CURRENCY, currency, text)
    if rest:
        if not _LABEL.fullmatch(rest):
            raise QuantityError(f"cannot read {rest!r} in {text!r}", _HINT)
        return Quantity(value, Kind.NUMBER, rest, text)
    return _bare(value, unit, text)


def _glued_magnitude(word: str) -> tuple[str, str] | None:
    """Split `kUSD` or `Mkr` into ('k', 'USD'); None when the word is not of that shape."""
    for head in ("MM", "bn", "mn", "k", "K", "m", "M", "b", "B"):
        if word.startswith(head) and len(word) > len(head):
            tail = word[len(head) :]
            if tail in _CODES or tail in _SYMBOLS or tail.lower() in _KR:
                return head, tail
    return None


def _bare(value: float, unit: str, text: str) -> Quantity:
    """A number with no unit of its own takes the KR's `unit:` when one is given."""
    _check_finite(value, text)
    u = unit.strip()
    if not u:
        return Quantity(value, Kind.NUMBER, "", text)
    if u == "%":
        return Quantity(value, Kind.PERCENT, "", text)
    if u in _SECONDS:
        return Quantity(value * _SECONDS[u], Kind.DURATION, u, text)
    if u in _CODES or u.lower() in _KR or u in _SYMBOLS:
        return Quantity(value, Kind.CURRENCY, _SYMBOLS.get(u, "kr" if u.lower() in _KR else u), text)
    return Quantity(value, Kind.NUMBER, u, text)


def _clock(m: re.Match[str], text: str) -> Quantity:
    """`2:37` is minutes and seconds; `1:30:00` hours, minutes and seconds."""
    a, b, c = int(m.group(2)), int(m.group(3)), m.group(4)
    seconds = a * 3600 + b * 60 + int(c) if c is not None else a * 60 + b
    if m.group(1) == "-":
        seconds = -seconds
    return Quantity(float(seconds), Kind.DURATION, "clock", text)


def _check_finite(value: float, text: str) -> None:
    if not math.isfinite(value):
        raise QuantityError(f"{text!r} is not a finite number", "write an ordinary number")


_KRONER = frozenset({"kr", "dkk", "sek", "nok", "isk"})


def _same_unit(a: str, b: str) -> bool:
    x, y = a.strip().lower(), b.strip().lower()
    return x == y or not x or not y or ({x, y} <= _KRONER and "kr" in (x, y))


def _show(raw: object) -> str:
    if raw is None:
        return "nothing (an empty value)"
    return repr(raw).lower() if isinstance(raw, bool) else repr(raw)


def relative_target(start: Quantity, change: Quantity) -> Quantity:
    """`change: -10%` from start 5% gives 4.5%; `change: +5pp` or `+200` moves by that amount."""
    if change.kind is Kind.PERCENT:
        value = start.value * (1 + change.value / 100)
    else:
        value = start.value + change.value
    result = Quantity(value, start.kind, start.unit)
    return Quantity(value, start.kind, start.unit, format_plain(result))


def format_plain(q: Quantity) -> str:
    """A locale-neutral rendering for messages and exports: `24h`, `80%`, `500000 USD`."""
    if q.kind is Kind.PERCENT:
        return f"{_num(q.value)}%"
    if q.kind is Kind.DURATION:
        unit = q.unit if q.unit in _SECONDS else _best_duration_unit(q.value)
        return f"{_num(q.value / _SECONDS[unit])}{unit}"
    if q.unit:
        return f"{_num(q.value)} {q.unit}"
    return _num(q.value)


def _best_duration_unit(seconds: float) -> str:
    for unit in ("w", "d", "h", "min", "s"):
        if abs(seconds) >= _SECONDS[unit] and (seconds / _SECONDS[unit]).is_integer():
            return unit
    return "s"


def _num(value: float) -> str:
    rounded = round(value, 6)
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:.6f}".rstrip("0")


class GroupedNumber(float):
    """A number written like `1.500` or `250.000`: a decimal point before exactly three digits,
    which is how Danish, Swedish and many spreadsheets group thousands. YAML reads 1.5; the text is
    kept so validation can ask which was meant (OKR317)."""

    __slots__ = ("text",)
    text: str

    def __new__(cls, value: float, text: str) -> GroupedNumber:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __reduce__(self) -> tuple[type[GroupedNumber], tuple[float, str]]:  # pickled into the check cache
        return (GroupedNumber, (float(self), self.text))


_GROUPED_TEXT = re.compile(r"\s*[-+]?(?:[$€£]\s*)?([-+]?[1-9][0-9]{0,2}\.[0-9]{3})(?:\s|%|$)")


def grouped_thousands(raw: object) -> str | None:
    """`1.500` when a value is written with a dot before exactly three digits: a decimal point to
    YAML and okrsite, a thousands separator in Danish, Swedish and many spreadsheets."""
    if isinstance(raw, GroupedNumber):
        return raw.text
    if isinstance(raw, str):
        found = _GROUPED_TEXT.match(raw)
        return found.group(1) if found else None
    return None


def spaced_thousands(digits: str) -> str:
    """`1500` -> `1 500`, `-250000` -> `-250 000`."""
    sign, body = ("-", digits[1:]) if digits.startswith("-") else ("", digits)
    return sign + f"{int(body):,}".replace(",", " ")


def without_trailing_zeros(text: str) -> str:
    """`1.500` -> `1.5`, `2.000` -> `2`."""
    return text.rstrip("0").rstrip(".")
