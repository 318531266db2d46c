"""How numbers, quantities and dates read on the page, in the site's language. Pure.

`formats(language)` gives the `Formats` of `en`, `da` or `sv`, made once per process from Babel's
locale data (CLDR): the decimal, group and minus signs, the percent and currency patterns, month
names, date patterns, compact forms ("12 mio. kr."), duration units and week rules. Formatting
itself is done here, fast: digits come from Python's own formatting (so English keeps exactly the
text it always had, and rounding is the same in every language) and the locale's signs are put in
with one `str.translate`; dates and compact numbers are remembered per value. tests/test_i18n.py
checks the results against Babel's own `format_decimal`, `format_percent` and `format_date`.

The module-level functions (`number`, `quantity`, `day`, ...) are the English formats, for code
and tests that need no language.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache, partial

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from okrsite.quantity import Kind, Quantity, format_plain

_DURATION_UNITS = (("w", 604800.0), ("d", 86400.0), ("h", 3600.0), ("min", 60.0), ("s", 1.0), ("ms", 0.001))
_UNIT_SECONDS = dict(_DURATION_UNITS)
_SYMBOL = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
# CLDR's units for the durations people write (`13h`, `45d`), in their short forms.
_CLDR_UNITS = {
    "w": ("duration-week", "narrow"),
    "d": ("duration-day", "narrow"),
    "h": ("duration-hour", "narrow"),
    "min": ("duration-minute", "short"),
    "s": ("duration-second", "narrow"),
    "ms": ("duration-millisecond", "narrow"),
}

NBSP = "\u00a0"
LOCALES = {"en": "en", "da": "da_DK", "sv": "sv_SE"}
"""The Babel locale of each site language. Danish and Swedish with their countries, whose week
rules are ISO 8601's (weeks start on Monday; week 1 holds the year's first Thursday); English with
CLDR's world-wide rules (weeks start on Monday; week 1 holds 1 January)."""

DAY_PATTERNS = {"en": "d MMM y", "da": "long", "sv": "long"}
"""How a date reads on the page: `20 Nov 2026` in English (as okrsite always wrote it), the
locale's long date in Danish and Swedish (`20. november 2026`, `20 november 2026`)."""

SHORT_DAY_PATTERNS = {"en": "MMM d"}
"""Dates on chart axes; other languages take the locale's `MMMd` skeleton (`20. nov.`, `20 nov.`)."""


class Formats:
    """Numbers, quantities and dates in one language. Thread-safe; made once per language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.locale = Locale.parse(LOCALES.get(language, language))
        loc = self.locale
        self.english = language == "en"
        self.decimal = babel_numbers.get_decimal_symbol(loc)
        self.group = babel_numbers.get_group_symbol(loc)
        self.minus = babel_numbers.format_decimal(-1, locale=loc).removesuffix("1")  # the sign Babel writes
        self._signs = str.maketrans({",": self.group, ".": self.decimal, "-": self.minus})
        self._identity = (self.group, self.decimal, self.minus) == (",", ".", "-")
        percent = loc.percent_formats[None]
        self.percent_prefix, self.percent_suffix = percent.prefix[0], percent.suffix[0]
        currency = loc.currency_formats["standard"]
        self._currency_affixes = (currency.prefix[0], currency.suffix[0])
        self._months = loc.months["format"]["abbreviated"]
        self._months_wide = loc.months["format"]["wide"]
        self.quarters = babel_dates.get_quarter_names("abbreviated", "format", loc)
        self.quarters_wide = babel_dates.get_quarter_names("wide", "format", loc)
        self._day = _date_pattern(loc, DAY_PATTERNS.get(language, "long"))
        short = SHORT_DAY_PATTERNS.get(language) or loc.datetime_skeletons["MMMd"].pattern
        self._short = _date_pattern(loc, short)
        self._units = {name: _unit_pattern(loc, *spec) for name, spec in _CLDR_UNITS.items()}
        local = babel_numbers.get_territory_currencies(loc.territory) if loc.territory else []
        self._kroner = next((c for c in local if c in ("DKK", "SEK", "NOK", "ISK")), "DKK")
        self._lock = threading.Lock()
        self._days: dict[date, str] = {}
        self._short_days: dict[date, str] = {}
        self._weeks: dict[date, int] = {}
        self._compact: dict[tuple[float, str], str] = {}

    # Numbers

    def signs(self, text: str) -> str:
        """Digits written the English way (`12,500.5`, `-3`) with this locale's signs."""
        return text if self._identity else text.translate(self._signs)

    def plain(self, q: Quantity) -> str:
        """A value written out in full, when `quantity`'s rounding would make two look alike."""
        if self.english:
            return format_plain(q)
        if q.kind is Kind.PERCENT:
            return f"{self.percent_prefix}{self.number(q.value, 6)}{self.percent_suffix}"
        if q.kind is Kind.DURATION:
            unit = q.unit if q.unit in _UNIT_SECONDS else "s"
            return self.unit(self.number(q.value / _UNIT_SECONDS[unit], 6), unit)
        return f"{self.number(q.value, 6)} {q.unit}".strip()

    def number(self, value: float, decimals: int = 2) -> str:
        """`12,500`, `86.5`, `0.25` (`12.500`, `86,5` in Danish): grouped, trailing zeros dropped."""
        text = f"{value:,.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        if text in ("-0", ""):
            return "0"
        return text if self._identity else text.translate(self._signs)

    def integer(self, value: int) -> str:
        """A count with its thousands grouped: `12,500`, `12.500`, `12 500`."""
        return self.signs(f"{value:,d}")

    def compact(self, value: float) -> str:
        """`24M`, `1.2B`, `500k` for large numbers (CLDR's short forms in Danish and Swedish:
        `24 mio.`, `1,2 md`); plain below ten thousand."""
        if abs(value) < 1e4:
            return self.number(value)
        if self.english:
            for size, suffix in ((1e9, "B"), (1e6, "M"), (1e4, "k")):
                if abs(value) >= size:
                    unit = size if suffix != "k" else 1e3
                    return self.number(value / unit, 1) + suffix
        return self._remember(value, "", self._babel_compact)

    def _babel_compact(self, value: float, currency: str) -> str:
        if currency:
            return babel_numbers.format_compact_currency(
                value, currency, locale=self.locale, fraction_digits=1
            )
        return babel_numbers.format_compact_decimal(value, locale=self.locale, fraction_digits=1)

    def _remember(self, value: float, currency: str, make: Callable[[float, str], str]) -> str:
        key = (value, currency)
        text = self._compact.get(key)
        if text is None:
            text = make(value, currency)
            with self._lock:
                self._compact[key] = text
        return text

    def score(self, value: float | None) -> str:
        """A score as a grade: `0.75` (`0,75`)."""
        return "–" if value is None else self.signs(f"{value:.2f}")

    def percent(self, value: float | None) -> str:
        """A ratio as a percentage: `127%` (`127 %` in Danish and Swedish)."""
        if value is None:
            return "–"
        return f"{self.percent_prefix}{self.signs(f'{value * 100:.0f}')}{self.percent_suffix}"

    def percent_value(self, value: float) -> str:
        """A percentage as written (`86.5` for 86.5%): `86.5%`, `86,5 %`."""
        return f"{self.percent_prefix}{self.number(value, 2)}{self.percent_suffix}"

    def currency(self, value: float, code: str) -> str:
        """An amount: `$1.2M`, `500k SEK` in English; `1,2 mio. kr.`, `1.500 kr.` in Danish."""
        if self.english:
            symbol = _SYMBOL.get(code)
            return f"{symbol}{self.compact(value)}" if symbol else f"{self.compact(value)} {code}"
        if code == "kr":  # kroner without a country: the locale's own (DKK in Danish, SEK in Swedish)
            code = self._kroner
        if abs(value) >= 1e4:
            return self._remember(value, code, self._babel_compact)
        symbol = babel_numbers.get_currency_symbol(code, self.locale)
        prefix, suffix = self._currency_affixes
        return f"{prefix.replace('¤', symbol)}{self.number(value)}{suffix.replace('¤', symbol)}"

    # Quantities

    def quantity(self, q: Quantity | None) -> str:
        """A value as people wrote it: `13h`, `86%`, `$1.2M`, `2:37`, `8 agents`."""
        if q is None:
            return "–"
        if q.kind is Kind.PERCENT:
            return self.percent_value(q.value)
        if q.kind is Kind.DURATION:
            return self.duration(q.value, q.unit)
        if q.kind is Kind.CURRENCY:
            return self.currency(q.value, q.unit)
        return f"{self.compact(q.value)} {q.unit}".strip()

    def duration(self, seconds: float, unit: str = "") -> str:
        """A duration in the unit it was written in, else the largest whole unit."""
        if unit == "clock":
            total = round(abs(seconds))
            sign = self.minus if seconds < 0 else ""
            h, rest = divmod(total, 3600)
            m, s = divmod(rest, 60)
            return f"{sign}{h}:{m:02d}:{s:02d}" if h else f"{sign}{m}:{s:02d}"
        if unit not in _UNIT_SECONDS:
            unit = next((name for name, size in _DURATION_UNITS if abs(seconds) >= size), "s")
        return self.unit(self.number(seconds / _UNIT_SECONDS[unit], 1), unit)

    def unit(self, number: str, unit: str) -> str:
        """A formatted number with a duration unit: `13.5h`, `13,5 t`, `13,5h`."""
        if self.english:
            return f"{number}{unit}"
        before, after = self._units[unit]
        return f"{before}{number}{after}"

    def scale_for(self, q: Quantity | None) -> Scale:
        """The display scale of a key result's or KPI's values."""
        if q is None:
            return Scale(compact=self.compact)
        if q.kind is Kind.PERCENT:
            return Scale(prefix=self.percent_prefix, suffix=self.percent_suffix, compact=self.compact)
        if q.kind is Kind.DURATION:
            unit = q.unit if q.unit in _UNIT_SECONDS else ("min" if q.unit == "clock" else "h")
            before, after = ("", unit) if self.english else self._units[unit]
            return Scale(_UNIT_SECONDS[unit], prefix=before, suffix=after, compact=self.compact)
        if q.kind is Kind.CURRENCY:
            if self.english:
                return (
                    Scale(prefix=_SYMBOL[q.unit], compact=self.compact)
                    if q.unit in _SYMBOL
                    else Scale(suffix=f" {q.unit}", compact=self.compact)
                )
            return Scale(compact=partial(self.currency, code=q.unit))
        return Scale(suffix=f" {q.unit}" if q.unit else "", compact=self.compact)

    # Dates

    def day(self, d: date | None) -> str:
        """`20 Nov 2026`, `20. november 2026`, `20 november 2026`."""
        if d is None:
            return "–"
        text = self._days.get(d)
        if text is None:
            text = self._keep_together(self._day(d, self._months, self._months_wide))
            with self._lock:
                self._days[d] = text
        return text

    def short_day(self, d: date) -> str:
        """A date without its year, for chart axes: `Nov 20`, `20. nov.`, `20 nov.`."""
        text = self._short_days.get(d)
        if text is None:
            text = self._keep_together(self._short(d, self._months, self._months_wide))
            with self._lock:
                self._short_days[d] = text
        return text

    def _keep_together(self, text: str) -> str:
        """A day and its month never apart at the end of a line (`31.` alone reads as a sentence's
        end in Danish): a no-break space after the day, in Danish and Swedish. English dates keep
        the text okrsite always wrote."""
        return text if self.english else text.replace(" ", NBSP, 1)

    def week(self, d: date) -> int:
        """The week number of `d` by the locale's rules (ISO 8601 in Danish and Swedish)."""
        week = self._weeks.get(d)
        if week is None:
            week = int(babel_dates.format_date(d, "w", locale=self.locale))
            with self._lock:
                self._weeks[d] = week
        return week

    def quarter(self, index: int, wide: bool = False) -> str:
        """A quarter's name: `Q3`, `3. kvt.`, `K3`; wide: `3rd quarter`, `3. kvartal`, `3:e kvartalet`."""
        return str((self.quarters_wide if wide else self.quarters)[index])


Months = Mapping[int, str]
_DateFormat = Callable[[date, Months, Months], str]


def _date_pattern(locale: Locale, pattern: str) -> _DateFormat:
    """A date pattern (or a length, `long`) compiled once: the fields okrsite's patterns use
    (day, month, year) are filled in directly; any other pattern goes through Babel."""
    if pattern in ("short", "medium", "long", "full"):
        pattern = locale.date_formats[pattern].pattern
    template = str(babel_dates.parse_pattern(pattern).format)  # `%(d)s. %(MMMM)s %(y)s`
    known = {"d", "dd", "M", "MM", "MMM", "MMMM", "y", "yyyy"}
    names = {f.split(")")[0] for f in template.replace("%%", "").split("%(")[1:]}
    if not names <= known:
        return lambda d, months, wide: str(babel_dates.format_date(d, pattern, locale=locale))

    def apply(d: date, months: Months, wide: Months) -> str:
        return template % {
            "d": d.day,
            "dd": f"{d.day:02d}",
            "M": d.month,
            "MM": f"{d.month:02d}",
            "MMM": months[d.month],
            "MMMM": wide[d.month],
            "y": d.year,
            "yyyy": f"{d.year:04d}",
        }

    return apply


def _unit_pattern(locale: Locale, unit: str, length: str) -> tuple[str, str]:
    """The text before and after the number of a CLDR unit (`("", " t")` for Danish hours)."""
    patterns = locale._data["unit_patterns"][unit][length]
    before, _, after = str(patterns.get("other") or patterns.get("one")).partition("{0}")
    return before, after


@cache
def formats(language: str) -> Formats:
    """The formats of a site language (`en`, `da`, `sv`), made once."""
    return Formats(language)


@dataclass(frozen=True, slots=True)
class Scale:
    """Shows base-unit values (seconds, percent, amounts) in a quantity's own unit on charts:
    values go through `of`, so axis ticks are nice numbers of days or hours, not seconds."""

    divisor: float = 1.0
    prefix: str = ""
    suffix: str = ""
    compact: Callable[[float], str] | None = None  # the language's `Formats.compact` (English when None)

    def of(self, value: float) -> float:
        """A base-unit value in the display unit."""
        return value / self.divisor

    def fmt(self, value: float) -> str:
        """A display-unit value with its unit: `$20M`, `45d`, `85%`."""
        return f"{self.prefix}{(self.compact or compact)(value)}{self.suffix}"


def exact(value: float, language: str, decimals: int = 2) -> str:
    """What Babel itself makes of a number rounded to `decimals` (for tests of `Formats.number`)."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    rounded = Decimal(f"{value:.{decimals}f}")
    rounded = rounded if rounded else Decimal(0)  # okrsite never writes a minus zero
    return babel_numbers.format_decimal(rounded, pattern, locale=formats(language).locale)


# English, for code and tests that need no language ------------------------------------------

EN = formats("en")


def number(value: float, decimals: int = 2) -> str:
    """`12,500`, `86.5`, `0.25`: thousands grouped, trailing zeros dropped."""
    return EN.number(value, decimals)


def compact(value: float) -> str:
    """`24M`, `1.2B`, `500k` for large numbers; plain below ten thousand."""
    return EN.compact(value)


def quantity(q: Quantity | None) -> str:
    """A value as people wrote it: `13h`, `86%`, `$1.2M`, `2:37`, `8 agents`."""
    return EN.quantity(q)


def duration(seconds: float, unit: str = "") -> str:
    """A duration in the unit it was written in, else the largest whole unit."""
    return EN.duration(seconds, unit)


def scale_for(q: Quantity | None) -> Scale:
    """The display scale of a key result's or KPI's values (English)."""
    return EN.scale_for(q)


def score(value: float | None) -> str:
    """A score as a grade: `0.75`."""
    return EN.score(value)


def percent(value: float | None) -> str:
    """A ratio as a percentage: `127%`."""
    return EN.percent(value)


def day(d: date | None) -> str:
    """`20 Nov 2026`."""
    return EN.day(d)


PACE_LABELS = {
    "not_started": "Not started",
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
    "final": "Final",
    "cancelled": "Cancelled",
    "none": "No score",
}
"""The English names of paces, grades and health: msgids of the catalogue (okrsite.site.i18n
translates them; `Lang.labels`)."""
HEALTH_LABELS = {"healthy": "Healthy", "warning": "Warning", "breach": "Breach", "unknown": "No data"}
GRADE_LABELS = {"red": "Red", "yellow": "Yellow", "green": "Green", "none": "Not graded"}


def comparison(text: str) -> str:
    """A threshold as typeset: `≥ 85%`, `≤ 2h`."""
    return text.replace(">=", "≥").replace("<=", "≤").replace("=>", "≥").replace("=<", "≤")
