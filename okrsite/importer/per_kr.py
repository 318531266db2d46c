"""One row per key result: the objective's columns repeated on each of its key results' rows, or
left blank below its first row (merged cells). A row with an objective and no key result is an
objective alone. When the owner (or the description) differs between an objective's rows, the
first row's is the objective's and the others are its key results' own."""

from __future__ import annotations

from okrsite.importer.columns import fold
from okrsite.importer.drafting import key_result, objective, statuses
from okrsite.importer.model import Drafts, InitiativeDraft, ObjectiveDraft, Problem
from okrsite.importer.rows import Record
from okrsite.importer.values import period_key
from okrsite.periods import FiscalYear, PeriodError

KR_VALUE_FIELDS = ("start", "target", "current", "unit", "progress", "kr_id", "kr_kind", "due")
# Objective columns that must agree on every row of one objective.
AGREE = ("period", "team", "parent", "commitment", "status", "score")


def per_kr(records: list[Record], drafts: Drafts) -> None:
    last: ObjectiveDraft | None = None
    known: dict[str, list[ObjectiveDraft]] = {}
    for rec in records:
        title = rec.get("objective") or rec.get("title")
        oid = rec.get("objective_id") or rec.get("id")
        if title or oid:
            key = fold(oid) if oid else fold(title)
            period = rec.get("period")
            same = [
                o
                for o in known.get(key, [])
                if not period or not o.period or _same("period", o.period, period)
            ]
            if same:
                last = same[0]
                if title and fold(title) != fold(last.title):
                    drafts.problems.append(
                        Problem(
                            rec.row,
                            f"the objective {oid!r} is {last.title!r} on row {last.row} but {title!r} here",
                            "one id, one title: give the other objective another id",
                        )
                    )
            elif not title:
                drafts.problems.append(
                    Problem(rec.row, f"the objective {oid!r} has no title", "fill in the objective column")
                )
                continue
            else:
                last = objective(rec, title, oid)
                known.setdefault(key, []).append(last)
                drafts.objectives.append(last)
                statuses(rec, last, drafts)
                _add_kr(rec, last, drafts, first=True)
                continue
        elif last is None:
            drafts.problems.append(
                Problem(rec.row, "no objective on this row or above it", "fill in the objective column")
            )
            continue
        own_owner = _merge(rec, last, drafts)
        _add_kr(rec, last, drafts, first=False, owner=own_owner)


def _same(name: str, a: str, b: str) -> bool:
    """Whether two cells of an objective's column say the same: `K1 2026` is `2026-Q1`, and
    `Customer service` is `customer-service`."""
    if name == "period":
        try:
            return period_key(a, FiscalYear(), {}) == period_key(b, FiscalYear(), {})
        except PeriodError:
            return a.casefold() == b.casefold()
    return fold(a) == fold(b)


def _merge(rec: Record, obj: ObjectiveDraft, drafts: Drafts) -> str:
    """Fold a later row's objective columns into `obj`; returns the row's own owner, if any."""
    obj.rows.append(rec.row)
    for name in AGREE:
        value = rec.get(name)
        if not value or name in ("commitment", "status"):
            continue
        mine = getattr(obj, name)
        if not mine:
            setattr(obj, name, value)
        elif not _same(name, mine, value):
            drafts.problems.append(
                Problem(
                    rec.row,
                    f"the objective {obj.title!r} has {name} {mine!r} on row {obj.row} but {value!r} here",
                    "an objective's columns agree on all its rows; if this is another objective, give it "
                    "another title",
                )
            )
    statuses(rec, obj, drafts, merging=True)
    owner = rec.get("owner")
    if owner and not obj.owner:
        obj.owner = owner
        return ""
    return owner if owner and owner != obj.owner else ""


def _add_kr(rec: Record, obj: ObjectiveDraft, drafts: Drafts, first: bool, owner: str = "") -> None:
    title = rec.get("key_result")
    initiative = rec.get("initiative")
    if initiative and fold(initiative) not in {fold(i.title) for i in obj.initiatives}:
        obj.initiatives.append(InitiativeDraft(rec.row, initiative))
    if not title:
        if any(rec.get(n) for n in KR_VALUE_FIELDS):
            drafts.problems.append(
                Problem(
                    rec.row,
                    "the row has key result values but no key result title",
                    "fill in the key result column",
                    "key_result",
                )
            )
        return
    kr = key_result(rec, title, drafts, kr_id=rec.get("kr_id"))
    kr.owner = rec.get("kr_owner") or owner
    if not first and not kr.note and rec.get("description") and rec.get("description") != obj.description:
        kr.note = rec.get("description")
    obj.krs.append(kr)
