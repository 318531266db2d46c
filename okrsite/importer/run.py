"""The import from end to end: read, assemble, resolve, render, check with the site, write.

Nothing is written unless every row could be imported (with `partial`, the rows that could
be), the new files check with the rest of the site in memory without errors (and, with
`strict`, without warnings), and none of them exists yet. New files are created exclusively;
the people file is replaced atomically, and only if it did not change since it was read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path, PurePosixPath

from okrsite.check import CheckResult, check_loaded
from okrsite.codes import Severity
from okrsite.config import CONFIG_FILE
from okrsite.diagnostics import Diagnostic
from okrsite.export import CSV_COLUMNS
from okrsite.importer.assemble import assemble
from okrsite.importer.columns import ColumnError, parse_overrides
from okrsite.importer.model import Drafts, KPIDraft, KRDraft, ObjectiveDraft, Problem
from okrsite.importer.numbers import Decimal
from okrsite.importer.people import PeopleError, plan_people
from okrsite.importer.render import Planned, Renderer, Span
from okrsite.importer.resolve import Resolved, ResolveError, resolve
from okrsite.importer.rows import read_table
from okrsite.importer.sheet import Sheet, SheetChoiceError, SheetError, read_sheet
from okrsite.importer.values import period_key
from okrsite.importer.writing import ImportFailedError, write
from okrsite.importer.xlsx import MissingExtraError
from okrsite.load import Loaded, SourceFile, load
from okrsite.periods import PeriodError

KR_FIELDS = frozenset(
    {"key_result", "kr_id", "kr_kind", "kr_owner", "kr_status", "start", "target", "current", "unit"}
    | {"progress", "due", "weight", "confidence", "kr_score", "date", "kpi", "note"}
)
MAX_ROUNDS = 50


class ImportUsageError(Exception):
    """The command cannot run as asked (columns, --map, --into, a missing extra): exit 2."""


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """What `okrsite import csv` asks for."""

    file: Path
    maps: tuple[str, ...] = ()
    period: str = ""
    into: str = ""
    sheet: str = ""
    decimal: str = "auto"
    partial: bool = False
    strict: bool = False
    write: bool = True
    as_of: date | None = None


@dataclass
class Outcome:
    """What the import found and did."""

    source: str
    shape: str = ""
    planned: list[Planned] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lints: list[tuple[Diagnostic, int]] = field(default_factory=list)
    ready: bool = False  # every file checked clean and may be written
    written: bool = False
    refused: str = ""  # why nothing was written although every row was understood
    other_errors: int = 0

    @property
    def failed_rows(self) -> list[int]:
        """The rows that could not be imported, in order."""
        return sorted({p.row for p in self.problems})


def import_file(root: Path, request: ImportRequest) -> Outcome:
    """Import `request.file` into the site at `root`; see the module's docstring for the rules."""
    loaded = load(root)
    before = check_loaded(loaded, request.as_of)
    if any(d.path == CONFIG_FILE and d.severity is Severity.ERROR for d in before.diagnostics):
        raise ImportFailedError(f"{CONFIG_FILE} has errors; fix them first (okrsite check lists them)")
    content = PurePosixPath(before.config.content_dir).as_posix().strip("/") or "."
    into = _into(root, content, request.into)
    if request.period:
        config = before.config
        try:
            period_key(request.period, config.fiscal_year, config.periods)
        except PeriodError as exc:
            raise ImportUsageError(f"--period {request.period!r}: {exc}") from exc
    drafts, name = _read(request, before)
    out = Outcome(name, drafts.shape, notes=drafts.notes)
    try:
        resolved = resolve(drafts, before, request.period)
    except ResolveError as exc:
        raise ImportFailedError(str(exc)) from exc
    out.problems = list(drafts.problems)
    _drop(drafts, out.problems, ())
    out.other_errors = before.errors
    for _ in range(MAX_ROUNDS):
        planned, after, found, culprits = _round(
            loaded, before, drafts, resolved, content, into, request, out
        )
        out.problems += found
        if not found or not request.partial or not _drop(drafts, found, culprits):
            break
    else:  # pragma: no cover - every round leaves something out, so this ends long before
        found = [Problem(0, "the import did not settle")]
    out.planned = planned
    out.lints = _lints(planned, after.diagnostics)
    if found or (out.problems and not request.partial):
        return out  # errors remain in the new files, or rows failed without --partial
    if not planned:
        return out
    if request.strict and out.lints:
        out.refused = "the new files raise warnings (--strict)"
        return out
    out.ready = True
    if request.write:
        write(root, planned, {f.path: f.text for f in loaded.files})
        out.written = True
    return out


def _read(request: ImportRequest, before: CheckResult) -> tuple[Drafts, str]:
    try:
        sheet = read_sheet(request.file, request.sheet)
        overrides = parse_overrides(request.maps)
        default = Decimal.COMMA if before.config.language in ("da", "sv") else Decimal.POINT
        forced = None if request.decimal == "auto" else Decimal(request.decimal)
        # okrsite's own okrs.csv holds values as okrsite read them: nothing to rewrite.
        as_written = forced is None and _is_export(sheet)
        table = read_table(sheet, overrides, forced, default, as_written)
        if not table.records:
            raise ImportFailedError(
                f"{sheet.name} has a header (row {table.header_row}) but no rows below it to import"
            )
        drafts = assemble(table)
    except (MissingExtraError, SheetChoiceError) as exc:
        raise ImportUsageError(str(exc)) from exc
    except ColumnError as exc:
        raise ImportUsageError(str(exc)) from exc
    except SheetError as exc:
        raise ImportFailedError(str(exc)) from exc
    drafts.notes[:0] = list(sheet.notes)
    if table.columns.unknown:
        drafts.notes.append(
            "columns not imported: "
            + ", ".join(repr(h) for h in table.columns.unknown)
            + " (--map 'COLUMN=FIELD' imports one)"
        )
    return drafts, sheet.name


def _is_export(sheet: Sheet) -> bool:
    """Whether the sheet is an okrs.csv that okrsite wrote (its header is export.CSV_COLUMNS)."""
    return bool(sheet.rows) and tuple(c.text for c in sheet.rows[0].cells) == CSV_COLUMNS


def _into(root: Path, content: str, given: str) -> str:
    """`--into` as a path relative to the root, inside the content folder."""
    if not given:
        return content
    base = root.resolve()
    target = Path(given) if Path(given).is_absolute() else root / given
    try:
        rel = target.resolve().relative_to(base).as_posix()
    except ValueError:
        rel = ""
    if not rel or not (rel == content or rel.startswith(content + "/") or content == "."):
        raise ImportUsageError(
            f"--into {given}: the new files must go inside the content folder ({content}/), or okrsite "
            f"would not read them; try --into {content} or --into {content}/imported"
        )
    return rel


def _round(
    loaded: Loaded,
    before: CheckResult,
    drafts: Drafts,
    resolved: Resolved,
    content: str,
    into: str,
    request: ImportRequest,
    out: Outcome,
) -> tuple[list[Planned], CheckResult, list[Problem], list[object]]:
    """Render what is left and check it with the site: the problems found and their items."""
    renderer = Renderer(content, into, drafts.objectives)
    planned: list[Planned] = []
    for obj in drafts.objectives:
        done = renderer.objective(obj)
        if done is not None:
            planned.append(done)
    planned += [renderer.kpi(k) for k in drafts.kpis]
    used = _used(drafts)
    planned += [renderer.team(t) for t in resolved.teams if t.id in used]
    people = [p for p in resolved.people if p.id in used]
    try:
        plan = plan_people(resolved.people_file, before.sources.get(resolved.people_file), people)
    except PeopleError as exc:
        raise ImportFailedError(str(exc)) from exc
    if plan is not None:
        planned.append(plan)
    out.notes += [n for n in renderer.notes if n not in out.notes]
    found = [p for p, _ in renderer.failed]
    culprits: list[object] = [item for _, item in renderer.failed]
    for p in planned:
        if (loaded.root / p.path).exists() and not p.exists:
            found.append(Problem(p.spans[-1].row, f"{p.path} already exists; it is never overwritten"))
            culprits.append(p.item)
    texts = {p.path: p.text for p in planned}
    files = tuple(f for f in loaded.files if f.path not in texts) + tuple(
        SourceFile(k, v) for k, v in texts.items()
    )
    after = check_loaded(replace(loaded, files=files), request.as_of)
    for d in after.diagnostics:
        if d.severity is not Severity.ERROR:
            continue
        span = _span(planned, d)
        if span is None:
            continue
        found.append(Problem(span.row, _message(d, drafts.headers), d.hint))
        culprits.append(span.item)
    return planned, after, found, culprits


# A key of the written file -> the import field whose column it came from.
_KEYS = {
    "value": "current",
    "maintain": "target",
    "done": "progress",
    "healthy": "target",
    "parents": "parent",
}


def _message(d: Diagnostic, headers: dict[str, str]) -> str:
    """A problem the check found in a new file, told by the spreadsheet's column when it has one."""
    key = re.sub(r"\[\d+\]", "", d.field.rsplit(".", 1)[-1]) if d.field else ""
    column = headers.get(_KEYS.get(key, key), "")
    message = d.message.removeprefix(f"'{key}': ") if key else d.message
    where = f"column {column!r}" if column else (d.field or "the row")
    return f"{where}: {message} [{d.code}]"


def _span(planned: Iterable[Planned], d: Diagnostic) -> Span | None:
    return next((p.at(d.line) for p in planned if p.path == d.path), None)


def _used(drafts: Drafts) -> set[str]:
    ids: set[str] = set()
    for obj in drafts.objectives:
        ids |= {obj.team_id, obj.owner_id}
        ids |= {kr.owner_id for kr in obj.krs} | {i.owner_id for i in obj.initiatives}
    for kpi in drafts.kpis:
        ids |= {kpi.team_id, kpi.owner_id}
    return ids - {""}


def _drop(drafts: Drafts, problems: list[Problem], culprits: Iterable[object]) -> bool:
    """Leave out what failed: a key result for a key result's cell, else its objective or KPI.
    Returns whether anything was left out."""
    culprits = list(culprits)
    cells = [p for p, c in _pairs(problems, culprits) if c is None]
    kr_rows = {p.row for p in cells if p.field in KR_FIELDS}
    initiative_rows = {p.row for p in cells if p.field == "initiative"}
    item_rows = {p.row for p in cells if p.field not in KR_FIELDS and p.field != "initiative"}
    gone = {id(c) for c in culprits if c is not None}
    count = len(drafts.objectives) + len(drafts.kpis) + sum(len(o.krs) for o in drafts.objectives)
    kept: list[ObjectiveDraft] = []
    for obj in drafts.objectives:
        if id(obj) in gone or set(obj.rows) & item_rows:
            continue
        obj.krs = [k for k in obj.krs if k.row not in kr_rows and id(k) not in gone]
        obj.initiatives = [i for i in obj.initiatives if i.row not in initiative_rows]
        kept.append(obj)
    drafts.objectives = kept
    drafts.kpis = [k for k in drafts.kpis if id(k) not in gone and k.row not in item_rows]
    people_failed = any(
        c is not None and not isinstance(c, ObjectiveDraft | KRDraft | KPIDraft) for c in culprits
    )
    after = len(drafts.objectives) + len(drafts.kpis) + sum(len(o.krs) for o in drafts.objectives)
    return after < count and not people_failed


def _pairs(problems: list[Problem], culprits: list[object]) -> list[tuple[Problem, object]]:
    return [(p, culprits[i] if i < len(culprits) else None) for i, p in enumerate(problems)]


def _lints(planned: list[Planned], diagnostics: Iterable[Diagnostic]) -> list[tuple[Diagnostic, int]]:
    out: list[tuple[Diagnostic, int]] = []
    for d in diagnostics:
        if d.severity is Severity.ERROR:
            continue
        span = _span(planned, d)
        if span is not None:
            out.append((d, span.row))
    return out
