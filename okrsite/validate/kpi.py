"""KPI files and their CSV series."""

from __future__ import annotations

import csv
import posixpath
from collections.abc import Mapping

from okrsite.fields import Fields, FileContext
from okrsite.model import KPI, DataPoint, DatedTarget, Frequency, Source, Visibility
from okrsite.periods import parse_day
from okrsite.quantity import Quantity, QuantityError, parse_quantity
from okrsite.thresholds import Threshold
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
    if healthy is None and target is None and not f.has("healthy"):
        f.error(
            "OKR316",
            "healthy",
            "the KPI has no threshold: its health cannot be judged",
            "add 'healthy: \">= 85%\"' (and optionally 'warning:'), or a dated 'target:'",
            value=False,
        )
    if warning is not None and healthy is None and f.has("warning") and not f.has("healthy"):
        f.error("OKR103", "healthy", "'warning' needs a 'healthy' band to sit beside", value=False)
    values = list(_inline(f, unit))
    series = f.text("source")
    if series:
        values += _from_csv(f, series, source.path, unit, files, csv_ctx)
    values.sort(key=lambda p: p.date)
    _check_units(f, unit, healthy, warning, values)
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


def _inline(f: Fields, unit: str) -> list[DataPoint]:
    out: list[DataPoint] = []
    for _, v in f.items("values", "a value with date and value"):
        v.check_keys(("date", "value", "note"))
        day = v.day("date", "the day of the measurement")
        value = v.quantity("value", unit) if v.required("value", "the measured value") else None
        if day is not None and value is not None:
            out.append(DataPoint(day, value))
    return out


def _from_csv(
    f: Fields,
    name: str,
    kpi_path: str,
    unit: str,
    files: Mapping[str, str],
    csv_ctx: dict[str, FileContext],
) -> list[DataPoint]:
    path = posixpath.normpath(posixpath.join(posixpath.dirname(kpi_path), name))
    text = files.get(path)
    if text is None:
        f.error(
            "OKR115",
            "source",
            f"the series file '{name}' does not exist (looked for {path})",
            "give the CSV's name relative to this KPI file, e.g. 'source: csat.csv'",
        )
        return []
    ctx = csv_ctx.setdefault(path, FileContext(path))
    out: list[DataPoint] = []
    for n, row in enumerate(csv.reader(text.splitlines()), start=1):
        if not row or all(not cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        if n == 1 and not row[0].strip()[:1].isdigit():
            continue  # a header line such as "date,value"
        if len(row) < 2:
            ctx.add(
                "OKR115",
                (n, 1),
                "",
                f"expected 'date,value', got {','.join(row)!r}",
                "each line holds a date and a value, like 2026-01-31,86%",
            )
            continue
        try:
            day = parse_day(row[0].strip())
        except ValueError:
            ctx.add("OKR115", (n, 1), "", f"{row[0]!r} is not a date", "write dates as 2026-01-31")
            continue
        try:
            value = parse_quantity(",".join(row[1:]).strip() if len(row) > 2 else row[1], unit)
        except QuantityError as exc:
            ctx.add("OKR115", (n, len(row[0]) + 2), "", exc.message, exc.hint)
            continue
        out.append(DataPoint(day, value))
    return out


def _check_units(
    f: Fields, unit: str, healthy: Threshold | None, warning: Threshold | None, values: list[DataPoint]
) -> None:
    anchor: Quantity | None = healthy.low if healthy is not None else None
    if anchor is None:
        return
    for key, band in (("warning", warning),):
        if band is not None and not all(q.compatible(anchor) for q in band.quantities()):
            f.error("OKR105", key, f"'{key}' is in another unit than 'healthy' ({anchor.text!r})")
    bad = next((p for p in values if not p.value.compatible(anchor)), None)
    if bad is not None:
        f.error(
            "OKR105",
            "values" if f.has("values") else "source",
            f"the value {bad.value.text!r} of {bad.date} is {bad.value.describe()}, "
            f"but 'healthy' is in {anchor.describe()}",
            f"set 'unit: {unit or '...'}' or write values like {anchor.text!r}",
        )
