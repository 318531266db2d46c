"""KPI files and their CSV series."""

from __future__ import annotations

import csv
import difflib
import posixpath
from collections.abc import Mapping

from okrsite.fields import Fields, FileContext
from okrsite.model import KPI, DataPoint, DatedTarget, Frequency, Source, Visibility
from okrsite.periods import parse_day
from okrsite.quantity import Quantity, QuantityError, parse_quantity
from okrsite.validate.wikilinks import wiki_links

KPI_KEYS = (
    "type",
    "id",
    "title",
    "team",
    "owner",
    "unit",
    "healthy",
    "warning",
    "target",
    "frequency",
    "values",
    "source",
    "measure",
    "visibility",
)


def read_kpi(
    f: Fields,
    kid: str,
    source: Source,
    body: str,
    body_line: int,
    files: Mapping[str, str],
    csv_ctx: dict[str, FileContext],
) -> KPI | None:
    """Read a KPI; its CSV series (if any) comes from `files`, problems in it go to `csv_ctx`."""
    f.check_keys(KPI_KEYS)
    title = f.text("title", "the metric's name")
    unit = f.text("unit")
    healthy = f.threshold("healthy", unit)
    warning = f.threshold("warning", unit)
    target = _target(f, unit)
    if not f.has("healthy") and not f.has("target"):
        f.error(
            "OKR316",
            "healthy",
            "the KPI has no threshold: its health cannot be judged",
            "add 'healthy: \">= 85%\"' (and optionally 'warning:'), or a dated 'target:'",
            value=False,
        )
    if warning is not None and healthy is None and f.has("warning") and not f.has("healthy"):
        f.error("OKR103", "healthy", "'warning' needs a 'healthy' band to sit beside", value=False)
    anchor = healthy.low if healthy is not None else (target.value if target is not None else None)
    if (
        anchor is not None
        and warning is not None
        and not all(q.compatible(anchor) for q in warning.quantities())
    ):
        f.error("OKR105", "warning", f"'warning' is in another unit than 'healthy' ({anchor.text!r})")
    values = list(_inline(f, unit, anchor))
    series = f.text("source")
    if series:
        values += _from_csv(f, series, source.path, unit, anchor, files, csv_ctx)
    values.sort(key=lambda p: p.date)
    if not title:
        return None
    return KPI(
        id=kid,
        title=title,
        source=source,
        team=f.ident("team"),
        owner=f.ident("owner"),
        unit=unit,
        healthy=healthy,
        warning=warning,
        target=target,
        frequency=Frequency(f.choice("frequency", [q.value for q in Frequency], "monthly")),
        values=tuple(values),
        series_file=series,
        measure=f.text("measure"),
        visibility=Visibility(f.choice("visibility", [v.value for v in Visibility], "public")),
        body=body,
        body_line=body_line,
        wiki_links=wiki_links(body, body_line),
    )


def _target(f: Fields, unit: str) -> DatedTarget | None:
    t = f.mapping("target")
    if t is None:
        return None
    t.check_keys(("value", "by"))
    value = t.quantity("value", unit) if t.required("value", "the value to reach") else None
    by = t.day("by", "the date to reach it by")
    return DatedTarget(value, by) if value is not None and by is not None else None


def _mismatch(value: Quantity, anchor: Quantity | None) -> str:
    """Why a series value cannot be compared with the thresholds ('' when it can)."""
    if anchor is None or value.compatible(anchor):
        return ""
    return (
        f"{value.text!r} is {value.describe()}, "
        f"but the thresholds are in {anchor.describe()} ({anchor.text!r})"
    )


def _inline(f: Fields, unit: str, anchor: Quantity | None) -> list[DataPoint]:
    out: list[DataPoint] = []
    for _, v in f.items("values", "a value with date and value"):
        v.check_keys(("date", "value", "note"))
        day = v.day("date", "the day of the measurement")
        value = v.quantity("value", unit) if v.required("value", "the measured value") else None
        if value is not None and _mismatch(value, anchor):
            v.error(
                "OKR105",
                "value",
                _mismatch(value, anchor),
                f"set 'unit:' or write it like {anchor.text!r}" if anchor else "",
            )
        elif day is not None and value is not None:
            out.append(DataPoint(day, value))
    return out


def _from_csv(
    f: Fields,
    name: str,
    kpi_path: str,
    unit: str,
    anchor: Quantity | None,
    files: Mapping[str, str],
    csv_ctx: dict[str, FileContext],
) -> list[DataPoint]:
    folder = posixpath.dirname(kpi_path)
    path = posixpath.normpath(posixpath.join(folder, name))
    text = files.get(path)
    ctx = csv_ctx.setdefault(path, FileContext(path))  # read (or looked for): a cache depends on it
    if text is None:
        here = [posixpath.basename(p) for p in files if p.endswith(".csv") and posixpath.dirname(p) == folder]
        close = difflib.get_close_matches(name, here, n=1, cutoff=0.6)
        hint = (
            f"did you mean '{close[0]}'?"
            if close
            else "give the CSV's name relative to this KPI file, e.g. 'source: csat.csv'"
        )
        f.error("OKR115", "source", f"the series file '{name}' does not exist (looked for {path})", hint)
        return []
    out: list[DataPoint] = []
    first = True
    for n, row in enumerate(csv.reader(text.splitlines()), start=1):
        if not row or all(not cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        header, first = first and not row[0].strip()[:1].isdigit(), False
        if header:
            continue  # the first line that is not a comment may be a header such as "date,value"
        point = _row(ctx, n, row, unit, anchor)
        if point is not None:
            out.append(point)
    return out


def _row(ctx: FileContext, n: int, row: list[str], unit: str, anchor: Quantity | None) -> DataPoint | None:
    """One `date,value` line of a series; problems are reported at the line."""
    if len(row) < 2:
        ctx.add(
            "OKR115",
            (n, 1),
            "",
            f"expected 'date,value', got {','.join(row)!r}",
            "each line holds a date and a value, like 2026-01-31,86%",
        )
        return None
    try:
        day = parse_day(row[0].strip())
    except ValueError:
        ctx.add("OKR115", (n, 1), "", f"{row[0]!r} is not a date", "write dates as 2026-01-31")
        return None
    try:
        # An unquoted "1,500" arrives as two cells: join them back.
        value = parse_quantity(",".join(row[1:]).strip(), unit)
    except QuantityError as exc:
        ctx.add("OKR115", (n, len(row[0]) + 2), "", exc.message, exc.hint)
        return None
    problem = _mismatch(value, anchor)
    if problem:
        ctx.add("OKR105", (n, len(row[0]) + 2), "", problem, "set 'unit:' in the KPI file, or fix the value")
        return None
    return DataPoint(day, value)
