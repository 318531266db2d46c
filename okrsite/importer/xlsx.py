"""Reading an XLSX workbook through openpyxl, the optional extra `okrsite[xlsx]`.

Cells typed as numbers and dates come back written plainly (`1234.5`, `85%` for a cell shown
as a percentage, `2026-03-31`), marked typed so that no decimal separator is guessed for them.
Merged cells read as blank past their first cell, which is what an objective merged over its
key results' rows means anyway.
"""

from __future__ import annotations

import importlib
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from okrsite.importer.sheet import Cell, Row, Sheet, SheetChoiceError, SheetError

INSTALL = "pip install 'okrsite[xlsx]'"


class MissingExtraError(Exception):
    """openpyxl is not installed; the message gives the command that installs it."""


def read_xlsx(path: Path, sheet: str = "") -> Sheet:
    """The rows of `sheet` (default: the first) of the workbook at `path`."""
    try:
        openpyxl = importlib.import_module("openpyxl")  # untyped, and optional
    except ImportError as exc:
        raise MissingExtraError(
            f"reading {path.name} needs openpyxl, which okrsite installs as an extra: {INSTALL} "
            "(or save the sheet as CSV and import that)"
        ) from exc
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise SheetError(
            f"cannot read {path.name} as an Excel workbook ({exc}); save it again as .xlsx"
        ) from exc
    names = list(book.sheetnames)
    if sheet and sheet not in names:
        raise SheetChoiceError(
            f"--sheet {sheet!r}: {path.name} has no such sheet; its sheets: {', '.join(names)}"
        )
    worksheet = book[sheet] if sheet else book.worksheets[0]
    rows: list[Row] = []
    for number, cells in enumerate(worksheet.iter_rows(), 1):
        row = tuple(_cell(c.value, str(getattr(c, "number_format", "") or "")) for c in cells)
        if any(c.text.strip() for c in row):
            rows.append(Row(number, row))
    notes = (f"read the sheet {worksheet.title!r} of {len(names)}",) if len(names) > 1 else ()
    return Sheet(f"{path.name}[{worksheet.title}]" if sheet else path.name, tuple(rows), notes)


def _cell(value: Any, number_format: str) -> Cell:
    if value is None:
        return Cell("")
    if isinstance(value, bool):
        return Cell("true" if value else "false", typed=True)
    if isinstance(value, datetime):
        return Cell(value.date().isoformat(), typed=True)
    if isinstance(value, date):
        return Cell(value.isoformat(), typed=True)
    if isinstance(value, time):
        return Cell(f"{value.hour}:{value.minute:02d}:{value.second:02d}", typed=True)
    if isinstance(value, timedelta):
        seconds = int(value.total_seconds())
        return Cell(f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}", typed=True)
    if isinstance(value, int | float):
        if "%" in number_format:
            return Cell(plain_number(float(value) * 100) + "%", typed=True)
        return Cell(plain_number(float(value)), typed=True)
    return Cell(str(value))


def plain_number(value: float) -> str:
    """`14100000.0` -> `14100000`, `0.30000000000000004` -> `0.3`: no exponent, no float noise."""
    rounded = round(value, 10)
    if rounded.is_integer():
        return str(int(rounded))
    return f"{rounded:.10f}".rstrip("0").rstrip(".")
