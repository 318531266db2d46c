"""Values as people write them: numbers, percentages, amounts, durations, thresholds, periods."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrsite.periods import FiscalYear, PeriodError, custom_period, parse_day, parse_period
from okrsite.quantity import Kind, Quantity, QuantityError, format_plain, parse_quantity, relative_target
from okrsite.thresholds import ThresholdError, parse_threshold


@pytest.mark.parametrize(
    ("text", "value", "kind", "unit"),
    [
        (1500, 1500, Kind.NUMBER, ""),
        ("1500", 1500, Kind.NUMBER, ""),
        ("1,500", 1500, Kind.NUMBER, ""),
        ("1 500", 1500, Kind.NUMBER, ""),
        ("250,000", 250_000, Kind.NUMBER, ""),
        ("86,5", 86.5, Kind.NUMBER, ""),
        ("-1.2", -1.2, Kind.NUMBER, ""),
        ("80%", 80, Kind.PERCENT, ""),
        ("86,5 %", 86.5, Kind.PERCENT, ""),
        ("12.5k", 12_500, Kind.NUMBER, ""),
        ("24M", 24_000_000, Kind.NUMBER, ""),
        ("4MM", 4_000_000, Kind.NUMBER, ""),
        ("1.2B", 1_200_000_000, Kind.NUMBER, ""),
        ("12 mio", 12_000_000, Kind.NUMBER, ""),
        ("$13m", 13_000_000, Kind.CURRENCY, "USD"),
        ("€2.5M", 2_500_000, Kind.CURRENCY, "EUR"),
        ("£40k", 40_000, Kind.CURRENCY, "GBP"),
        ("500 kr", 500, Kind.CURRENCY, "kr"),
        ("12 mio. kr.", 12_000_000, Kind.CURRENCY, "kr"),
        ("USD 500,000", 500_000, Kind.CURRENCY, "USD"),
        ("500k USD", 500_000, Kind.CURRENCY, "USD"),
        ("2.5MEUR", 2_500_000, Kind.CURRENCY, "EUR"),
        ("250ms", 0.25, Kind.DURATION, "ms"),
        ("20s", 20, Kind.DURATION, "s"),
        ("90min", 5400, Kind.DURATION, "min"),
        ("24h", 86_400, Kind.DURATION, "h"),
        ("2 hours", 7200, Kind.DURATION, "hours"),
        ("2d", 172_800, Kind.DURATION, "d"),
        ("3w", 1_814_400, Kind.DURATION, "w"),
        ("2:37", 157, Kind.DURATION, "clock"),
        ("1:30:00", 5400, Kind.DURATION, "clock"),
        ("6 steps", 6, Kind.NUMBER, "steps"),
        ("+5pp", 5, Kind.NUMBER, "pp"),
    ],
)
def test_reads_what_people_write(text: object, value: float, kind: Kind, unit: str) -> None:
    q = parse_quantity(text)
    assert q.value == pytest.approx(value)
    assert (q.kind, q.unit) == (kind, unit)


@pytest.mark.parametrize(
    ("text", "unit", "kind", "value"),
    [
        (500, "USD", Kind.CURRENCY, 500),
        (12, "h", Kind.DURATION, 43_200),
        (80, "%", Kind.PERCENT, 80),
        (6, "steps", Kind.NUMBER, 6),
        (3, "kr", Kind.CURRENCY, 3),
    ],
)
def test_unit_field_applies_to_bare_numbers(text: int, unit: str, kind: Kind, value: float) -> None:
    q = parse_quantity(text, unit)
    assert (q.kind, q.value) == (kind, value)


@pytest.mark.parametrize(
    "text",
    [
        "ten",
        "",
        "$",
        "12..5",
        "1,5000",
        "80% USD",
        "$5 EUR",
        True,
        None,
        [1],
        ".nan",
        float("inf"),
        "TBD",
        "X",
    ],
)
def test_refuses_what_is_not_a_number(text: object) -> None:
    with pytest.raises(QuantityError) as exc:
        parse_quantity(text)
    assert exc.value.message


def test_compatibility_rules() -> None:
    hours, pct, usd, eur, bare, zero = (parse_quantity(x) for x in ("12h", "80%", "$5", "€5", "24", "0"))
    assert hours.compatible(parse_quantity("90min"))
    assert not bare.compatible(hours) and not hours.compatible(bare)
    assert zero.compatible(hours)  # "start: 0" beside "target: 2h" is fine
    assert bare.compatible(pct) and bare.compatible(usd)
    assert not usd.compatible(eur) and not pct.compatible(hours)
    assert parse_quantity("500 kr").compatible(parse_quantity("DKK 400"))
    assert not parse_quantity("5 steps").compatible(parse_quantity("5 leads"))


def test_relative_change() -> None:
    churn = relative_target(parse_quantity("5%"), parse_quantity("-10%"))
    assert churn.value == pytest.approx(4.5) and churn.kind is Kind.PERCENT
    assert relative_target(parse_quantity("40%"), parse_quantity("+5pp")).value == 45
    assert relative_target(parse_quantity("$1M"), parse_quantity("+50%")).value == 1_500_000


@given(st.integers(min_value=0, max_value=10**9))
def test_thousands_separators_never_change_a_number(n: int) -> None:
    assert parse_quantity(f"{n:,}").value == n
    assert parse_quantity(f"{n:,}".replace(",", " ")).value == n
    assert parse_quantity(n).value == n


@given(st.integers(min_value=0, max_value=100_000), st.sampled_from(["s", "min", "h", "d", "w"]))
def test_durations_are_comparable_in_any_unit(n: int, unit: str) -> None:
    q = parse_quantity(f"{n}{unit}")
    again = parse_quantity(format_plain(q))
    assert again.value == pytest.approx(q.value) and again.kind is Kind.DURATION


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_plain_format_reads_back(x: float) -> None:
    q = Quantity(round(x, 4))
    assert parse_quantity(format_plain(q)).value == pytest.approx(q.value, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        (">= 85%", 85, 84.9),
        ("> 1M", 1_000_001, 1_000_000),
        ("< 1000", 999, 1000),
        ("<= 2h", 7200, 7201),
        ("between 40 and 60", 40, 60.5),
        ("40..60", 60, 39),
        ("≥ 99.5%", 99.5, 99.4),
        (50, 50, 49),
    ],
)
def test_thresholds(text: object, inside: float, outside: float) -> None:
    t = parse_threshold(text)
    assert t.holds(inside) and not t.holds(outside)


def test_threshold_direction_and_errors() -> None:
    assert parse_threshold(">= 85%").higher_is_better is True
    assert parse_threshold("< 1000").higher_is_better is False
    assert parse_threshold("between 40 and 60").higher_is_better is None
    band = parse_threshold("between 60 and 40%")
    assert (band.low.value, band.high.kind) == (40, Kind.PERCENT)  # reversed ends are put in order
    for bad in ("about 85", ">=", "", None, "between x and 5"):
        with pytest.raises(ThresholdError):
            parse_threshold(bad)


CAL = FiscalYear()
FEB = FiscalYear(start_month=2, named_by="end_year")


@pytest.mark.parametrize(
    ("text", "fiscal", "start", "end"),
    [
        ("2026", CAL, date(2026, 1, 1), date(2026, 12, 31)),
        (2026, CAL, date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-H2", CAL, date(2026, 7, 1), date(2026, 12, 31)),
        ("2026-Q1", CAL, date(2026, 1, 1), date(2026, 3, 31)),
        ("2024-Q1", CAL, date(2024, 1, 1), date(2024, 3, 31)),
        ("fy2026-q4", CAL, date(2026, 10, 1), date(2026, 12, 31)),
        ("2020", FEB, date(2019, 2, 1), date(2020, 1, 31)),
        ("2020-Q4", FEB, date(2019, 11, 1), date(2020, 1, 31)),
        ("2020-Q1", FiscalYear(7, "start_year"), date(2020, 7, 1), date(2020, 9, 30)),
    ],
)
def test_periods(text: object, fiscal: FiscalYear, start: date, end: date) -> None:
    p = parse_period(text, fiscal)
    assert (p.start, p.end) == (start, end)


def test_custom_periods_and_errors() -> None:
    custom = {"launch": custom_period("launch", date(2026, 3, 10), date(2026, 5, 1))}
    assert parse_period("launch", CAL, custom).days == 53
    for bad in ("2026-Q5", "2026-H3", "Q1", "next year", True):
        with pytest.raises(PeriodError):
            parse_period(bad, CAL, custom)
    assert parse_period("2026", CAL).contains(parse_period("2026-Q3", CAL))
    assert not parse_period("2026-Q3", CAL).contains(parse_period("2026", CAL))


@given(st.integers(1, 12), st.sampled_from(["end_year", "start_year"]), st.integers(1990, 2100))
def test_fiscal_quarters_tile_the_year(month: int, named_by: str, year: int) -> None:
    fy = FiscalYear(month, named_by)
    whole = parse_period(year, fy)
    quarters = [parse_period(f"{year}-Q{q}", fy) for q in range(1, 5)]
    assert quarters[0].start == whole.start and quarters[-1].end == whole.end
    for a, b in itertools.pairwise(quarters):
        assert (b.start - a.end).days == 1
    assert sum(q.days for q in quarters) == whole.days
    assert fy.year_of(whole.start) == year and fy.year_of(whole.end) == year


def test_days() -> None:
    assert parse_day("2026-02-10T14:05") == date(2026, 2, 10)
    assert parse_day(date(2026, 1, 2)) == date(2026, 1, 2)
    with pytest.raises(ValueError):
        parse_day("2026-02-30")


@pytest.mark.parametrize(
    ("text", "seconds"), [("1h30min", 5400), ("2d 4h", 187_200), ("1w 2d", 777_600), ("1m 30s", None)]
)
def test_compound_durations(text: str, seconds: float | None) -> None:
    if seconds is None:
        with pytest.raises(QuantityError):  # "m" is million, so this is not a duration
            parse_quantity(text)
    else:
        assert parse_quantity(text).value == seconds


@pytest.mark.parametrize("text", ["0x10", "1e3", "1h30", "12abc3"])
def test_labels_never_swallow_digits(text: str) -> None:
    with pytest.raises(QuantityError):
        parse_quantity(text)


def test_leading_zero_is_a_decimal_comma_not_thousands() -> None:
    assert parse_quantity("0,125").value == 0.125
    assert parse_quantity("5 dkk").unit == "DKK"
