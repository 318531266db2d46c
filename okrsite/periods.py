"""Periods: `2026`, `2026-H1`, `2026-Q3` in a (fiscal) calendar, plus custom named periods."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum


class PeriodKind(StrEnum):
    """The shape of a period; the roadmap lays years out as quarters."""

    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    CUSTOM = "custom"


@dataclass(frozen=True, slots=True)
class FiscalYear:
    """When a year starts: `start_month` 2 with `end_year` makes FY2020 run 2019-02-01..2020-01-31."""

    start_month: int = 1
    named_by: str = "end_year"

    def first_day(self, year: int) -> date:
        """The first day of the year named `year`."""
        if self.start_month == 1:
            return date(year, 1, 1)
        shift = -1 if self.named_by == "end_year" else 0
        return date(year + shift, self.start_month, 1)

    def year_of(self, day: date) -> int:
        """The name of the fiscal year `day` falls in."""
        for year in (day.year - 1, day.year, day.year + 1):
            try:
                if self.first_day(year) <= day < self.first_day(year + 1):
                    return year
            except ValueError:  # the year before 1 or after 9999: the day is in a neighbour
                continue
        return day.year  # the calendar's last days, which no next year's first day bounds


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A named span of days, both ends inclusive. Ordered by start, then end, then key."""

    start: date
    end: date
    key: str
    kind: PeriodKind
    year: int = 0
    index: int = 0

    @property
    def days(self) -> int:
        """Length in days, counting both ends."""
        return (self.end - self.start).days + 1

    def contains(self, other: Period) -> bool:
        """True when `other` lies wholly inside this period."""
        return self.start <= other.start and other.end <= self.end

    def contains_day(self, day: date) -> bool:
        """True when `day` is one of this period's days."""
        return self.start <= day <= self.end


class PeriodError(ValueError):
    """A period name that cannot be read; the message lists what would work."""


_NAMED = re.compile(r"(?:FY)?(\d{4})(?:-([HQ])([1-4]))?", re.IGNORECASE)


def add_months(day: date, months: int) -> date:
    """The same day-of-month `months` later (day 1 in all our uses)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, day.day)


def make_period(year: int, part: str, index: int, fiscal: FiscalYear) -> Period:
    """Build a year (`part` ''), half ('H') or quarter ('Q') of fiscal year `year`."""
    first = fiscal.first_day(year)
    if part == "":
        return Period(first, add_months(first, 12) - _ONE, str(year), PeriodKind.YEAR, year)
    months = 6 if part == "H" else 3
    start = add_months(first, months * (index - 1))
    end = add_months(start, months) - _ONE
    kind = PeriodKind.HALF if part == "H" else PeriodKind.QUARTER
    return Period(start, end, f"{year}-{part}{index}", kind, year, index)


def parse_period(raw: object, fiscal: FiscalYear, custom: Mapping[str, Period] | None = None) -> Period:
    """Read `2026`, `2026-H1`, `2026-Q3` (also `FY2026-Q3`) or a custom period's name."""
    text = str(raw).strip() if isinstance(raw, str | int) and not isinstance(raw, bool) else ""
    if custom and text in custom:
        return custom[text]
    m = _NAMED.fullmatch(text)
    if m is None:
        names = ", ".join(sorted(custom)) if custom else ""
        extra = f", or one of the periods declared in okrsite.yaml ({names})" if names else ""
        raise PeriodError(f"expected a period like 2026, 2026-H1 or 2026-Q3{extra}, got {raw!r}")
    year = int(m.group(1))
    part = (m.group(2) or "").upper()
    index = int(m.group(3) or 0)
    if part == "H" and index > 2:
        raise PeriodError(f"a year has two halves, H1 and H2, got {raw!r}")
    try:
        return make_period(year, part, index, fiscal)
    except (ValueError, OverflowError):  # 0000, 9999-Q4: past the calendar's first or last day
        raise PeriodError(f"the year {year} is outside the calendar okrsite can show, got {raw!r}") from None


def custom_period(name: str, start: date, end: date) -> Period:
    """A period declared in okrsite.yaml."""
    return Period(start, end, name, PeriodKind.CUSTOM)


def parse_day(raw: object) -> date:
    """Read a YAML date, or text `YYYY-MM-DD` / `YYYY-MM-DDTHH:MM[:SS]`; raise ValueError."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            return datetime.fromisoformat(text).date()
        except ValueError:
            pass
    raise ValueError(f"expected a date as YYYY-MM-DD, got {raw!r}")


_ONE = timedelta(days=1)
