"""Reading a spreadsheet file into numbered rows of text cells.

CSV: UTF-8 with or without a byte-order mark (UTF-16 with one, and Windows-1252 as a last resort,
which Excel on Windows writes), Excel's `sep=;` first line, and the delimiter (`,`, `;` or a tab)
sniffed from the header line. XLSX goes through `okrsite.importer.xlsx`. Row numbers are the
spreadsheet's: the first row is 1, whatever rows are blank.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

XLSX_SUFFIXES = (".xlsx", ".xlsm")
MAX_BYTES = 50_000_000


class SheetError(Exception):
    """The file cannot be read as a spreadsheet; the message says why and what to do."""


class SheetChoiceError(SheetError):
    """`--sheet` names no sheet of the file (or the file has no sheets): a usage error."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell as text. `typed`: a number or date typed into a spreadsheet cell, written plainly
    already (`1234.5`, `2026-03-31`), so no locale has to be guessed for it."""

    text: str
    typed: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    """A non-blank row and its number in the file."""

    number: int
    cells: tuple[Cell, ...]

    def cell(self, index: int) -> Cell:
        """The cell in column `index` (an empty one past the row's end)."""
        return self.cells[index] if index < len(self.cells) else Cell("")


@dataclass(frozen=True, slots=True)
class Sheet:
    """A file's rows (blank ones left out) and how it was read."""

    name: str
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()


def read_sheet(path: Path, sheet: str = "") -> Sheet:
    """Read a CSV (or TSV) file, or an XLSX workbook's sheet (default: the first)."""
    if path.suffix.lower() in XLSX_SUFFIXES:
        from okrsite.importer.xlsx import read_xlsx  # openpyxl is optional: only load it here

        return read_xlsx(path, sheet)
    if sheet:
        raise SheetChoiceError(f"{path.name} is not a workbook: --sheet is for .xlsx files")
    return read_csv(path)


def read_csv(path: Path) -> Sheet:
    """A CSV file's rows; delimiter and encoding found from the file itself."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SheetError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(data) > MAX_BYTES:
        raise SheetError(f"{path.name} is {len(data):,} bytes; split it into files under {MAX_BYTES:,} bytes")
    if data[:4] == b"PK\x03\x04":
        raise SheetError(
            f"{path.name} is a zip file (an Excel workbook?), not CSV text; name it .xlsx, or save it as CSV"
        )
    text, notes = _decode(data, path.name)
    lines = text.splitlines()
    skip = 0
    delimiter = ""
    if lines and lines[0].strip().lower().startswith("sep=") and len(lines[0].strip()) == 5:
        delimiter = lines[0].strip()[4]
        skip = 1
    if not delimiter:
        delimiter = sniff(next((ln for ln in lines if ln.strip()), ""))
    rows: list[Row] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, record in enumerate(reader, 1 - skip):
            if number < 1:
                continue
            cells = tuple(Cell(value) for value in record)
            if any(c.text.strip() for c in cells):
                rows.append(Row(number, cells))
    except csv.Error as exc:
        raise SheetError(
            f"{path.name}:{reader.line_num}: cannot read the CSV: {exc}; save the file again as CSV "
            "(UTF-8) from your spreadsheet program"
        ) from exc
    if delimiter != ",":
        notes.append(f"read {path.name} with {_NAMES.get(delimiter, repr(delimiter))} between the columns")
    return Sheet(path.name, tuple(rows), tuple(notes))


_NAMES = {";": "semicolons", "\t": "tabs", ",": "commas", "|": "bars"}


def sniff(header: str) -> str:
    """The delimiter of a header line: the most frequent of `,` `;` and tab outside quotes."""
    counts = dict.fromkeys((",", ";", "\t"), 0)
    quoted = False
    for c in header:
        if c == '"':
            quoted = not quoted
        elif not quoted and c in counts:
            counts[c] += 1
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _decode(data: bytes, name: str) -> tuple[str, list[str]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise SheetError(f"{name} starts like UTF-16 text but is not; save it as CSV (UTF-8)") from exc
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise SheetError(f"{name} is not text (it holds NUL bytes); save it as CSV (UTF-8)")
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise SheetError(f"{name} is not UTF-8 text; save it as CSV (UTF-8)") from exc
    return text, [f"{name} is not UTF-8: read it as Windows-1252 (check names with æ, ø, å, ä, ö)"]
