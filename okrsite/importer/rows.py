"""A sheet's rows as records of fields, every cell cleaned and written as okrsite reads it.

The header is the first of the top rows that names at least two known columns (a title row above
it is skipped). Numbers, dates and fractions are decided per column from all its cells.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from okrsite.importer.columns import ColumnError, Columns, fold, guess, map_columns
from okrsite.importer.model import Problem
from okrsite.importer.numbers import NUMERIC_FIELDS, Decimal, decide, rewrite
from okrsite.importer.sheet import Row, Sheet
from okrsite.importer.values import day_first, fraction, percent_scale, plain, read_date

HEADER_SEARCH = 10
DATE_FIELDS = ("due", "date")
FRACTION_FIELDS = ("progress", "confidence", "score", "kr_score")
MULTILINE_FIELDS = ("description", "note")


@dataclass(frozen=True, slots=True)
class Record:
    """One data row: each mapped field's cleaned text ('' for an empty cell)."""

    row: int
    values: Mapping[str, str]

    def get(self, name: str) -> str:
        """The field's text, '' when the column is missing or the cell empty."""
        return self.values.get(name, "")


@dataclass
class Table:
    """The records of a sheet, its columns, and what reading them found."""

    records: list[Record]
    columns: Columns
    header_row: int
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_table(
    sheet: Sheet,
    overrides: Mapping[str, str],
    forced: Decimal | None,
    default: Decimal,
    as_written: bool = False,
) -> Table:
    """The sheet's records; a ColumnError when its columns cannot be told apart. `as_written`
    keeps numbers as they are (okrsite's own okrs.csv, whose values okrsite has read already)."""
    if not sheet.rows:
        raise ColumnError(f"{sheet.name} is empty: it needs a header row and a row per key result")
    header = _header(sheet, overrides)
    data = [r for r in sheet.rows if r.number > header.number]
    headers = [c.text.strip() for c in header.cells]
    samples = [[r.cell(i).text for r in data] for i in range(len(headers))]
    columns = map_columns(headers, overrides, samples)
    table = Table([], columns, header.number, notes=list(columns.notes))
    texts: dict[str, dict[int, str]] = {name: {} for name in columns.fields}
    for name, index in columns.fields.items():
        for r in data:
            texts[name][r.number] = _clean(r.cell(index).text, name)
    if not as_written:
        _numbers(texts, data, columns, forced, default, table)
    _dates(texts, columns, table)
    _fractions(texts, columns, table)
    for r in data:
        table.records.append(Record(r.number, {name: texts[name][r.number] for name in texts}))
    return table


def _header(sheet: Sheet, overrides: Mapping[str, str]) -> Row:
    for row in sheet.rows[:HEADER_SEARCH]:
        known = sum(1 for c in row.cells if c.text.strip() and (guess(c.text) or fold(c.text) in overrides))
        if known >= 2:
            return row
    first = sheet.rows[0]
    if overrides:  # the columns are named by --map: the first row is the header
        return first
    raise ColumnError(
        f"{sheet.name}: no header row found in the first {HEADER_SEARCH} rows; row {first.number} reads "
        + ", ".join(repr(c.text) for c in first.cells[:8] if c.text.strip())
        + ". The header names the columns: objective, key result, owner, team, start, target, current "
        "(or målsætning, nøgleresultat, ejer; mål, nyckelresultat, ägare), or use --map 'COLUMN=FIELD'"
    )


def _clean(text: str, name: str) -> str:
    if name in MULTILINE_FIELDS:
        return "\n".join(line.rstrip() for line in text.strip().splitlines())
    return " ".join(text.split())


def _numbers(
    texts: dict[str, dict[int, str]],
    data: list[Row],
    columns: Columns,
    forced: Decimal | None,
    default: Decimal,
    table: Table,
) -> None:
    typed = {(name, r.number) for name, index in columns.fields.items() for r in data if r.cell(index).typed}
    numeric = [n for n in NUMERIC_FIELDS if n in columns.fields]
    cells = {n: [(row, t) for row, t in texts[n].items() if t and (n, row) not in typed] for n in numeric}
    names = {n: repr(columns.headers[columns.fields[n]]) for n in numeric}
    decisions = decide(cells, names, forced, default)
    table.problems += decisions.problems
    table.notes += decisions.notes
    for n in numeric:
        style = decisions.styles[n]
        for row, text in cells[n]:
            texts[n][row] = rewrite(text, style)


def _dates(texts: dict[str, dict[int, str]], columns: Columns, table: Table) -> None:
    for name in DATE_FIELDS:
        if name not in columns.fields:
            continue
        cells = texts[name]
        dmy, guessed = day_first([t for t in cells.values() if t])
        if guessed:
            table.notes.append(
                f"{columns.describe(name)}: dates like 03/04/2026 are read day first (3 April); "
                "write them as 2026-04-03 to be sure"
            )
        for row, text in cells.items():
            if not text:
                continue
            try:
                cells[row] = read_date(text, dmy).isoformat()
            except ValueError:
                table.problems.append(
                    Problem(
                        row,
                        f"column {columns.headers[columns.fields[name]]!r}: {text!r} is not a date",
                        "write dates as 2026-03-31 (31.03.2026 and 31/03/2026 work too)",
                        name,
                    )
                )
                cells[row] = ""


def _fractions(texts: dict[str, dict[int, str]], columns: Columns, table: Table) -> None:
    for name in FRACTION_FIELDS:
        if name not in columns.fields:
            continue
        cells = texts[name]
        percent = percent_scale(list(cells.values()))
        if percent:
            table.notes.append(f"{columns.describe(name)}: read as percentages (80 is 0.8)")
        for row, text in cells.items():
            if not text:
                continue
            try:
                cells[row] = plain(fraction(text, percent))
            except ValueError:
                table.problems.append(
                    Problem(
                        row,
                        f"column {columns.headers[columns.fields[name]]!r}: {text!r} is not a number",
                        "write a fraction like 0.8, or a percentage like 80%",
                        name,
                    )
                )
                cells[row] = ""
