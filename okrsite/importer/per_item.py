"""One row per item: a type column (objective, key result, initiative, KPI) and a parent column
naming a key result's or initiative's objective by id or title; a blank parent means the nearest
objective above."""

from __future__ import annotations

from collections.abc import Mapping

from okrsite.importer.columns import fold
from okrsite.importer.drafting import initiative, key_result, kpi, objective, read_choice, statuses
from okrsite.importer.model import Drafts, ObjectiveDraft, Problem
from okrsite.importer.rows import Record
from okrsite.importer.values import INITIATIVE, KEY_RESULT, KPI, KR_KINDS, OBJECTIVE, ROW_TYPES


def per_item(records: list[Record], drafts: Drafts) -> None:
    typed: list[tuple[Record, str, str]] = []
    for rec in records:
        kind = _row_type(rec, drafts)
        if kind is None:
            continue
        title = _item_title(rec, kind)
        if not title:
            drafts.problems.append(Problem(rec.row, f"the {kind} has no title", "fill in the title column"))
            continue
        typed.append((rec, kind, title))
    by_key: dict[str, ObjectiveDraft] = {}
    by_title: dict[str, list[ObjectiveDraft]] = {}
    above: dict[int, ObjectiveDraft] = {}
    last: ObjectiveDraft | None = None
    for rec, kind, title in typed:
        if kind == OBJECTIVE:
            last = objective(rec, title, rec.get("id") or rec.get("objective_id"))
            statuses(rec, last, drafts)
            drafts.objectives.append(last)
            if last.id:
                by_key[fold(last.id)] = last
            by_title.setdefault(fold(title), []).append(last)
        elif kind == KPI:
            drafts.kpis.append(kpi(rec, title, drafts))
        elif last is not None:
            above[rec.row] = last
    kr_keys = _kr_keys(typed)
    for rec, kind, title in typed:
        if kind not in (KEY_RESULT, INITIATIVE):
            continue
        obj = _owner_objective(rec, kind, by_key, by_title, above, kr_keys, drafts)
        if obj is None:
            continue
        obj.rows.append(rec.row)
        if kind == INITIATIVE:
            obj.initiatives.append(initiative(rec, title, drafts))
            continue
        kr = key_result(
            rec, title, drafts, rec.get("kr_id") or rec.get("id"), _kind_from_type(rec), rec.get("status")
        )
        kr.owner = rec.get("kr_owner") or rec.get("owner")
        kr.note = kr.note or rec.get("description")
        obj.krs.append(kr)


def _row_type(rec: Record, drafts: Drafts) -> str | None:
    text = rec.get("type")
    if not text:
        if rec.get("key_result"):
            return KEY_RESULT
        if rec.get("objective"):
            return OBJECTIVE
        drafts.problems.append(
            Problem(rec.row, "the type is empty", "write objective, key result, initiative or KPI")
        )
        return None
    return read_choice(
        drafts, rec.row, "type", text, ROW_TYPES, hint="write objective, key result, initiative or KPI"
    )


def _kind_from_type(rec: Record) -> str:
    text = rec.get("type")
    return text if fold(text) in {fold(k) for k in KR_KINDS} else ""


def _item_title(rec: Record, kind: str) -> str:
    own = {OBJECTIVE: "objective", KEY_RESULT: "key_result", INITIATIVE: "initiative"}.get(kind, "")
    return rec.get("title") or (rec.get(own) if own else "")


def _kr_keys(typed: list[tuple[Record, str, str]]) -> set[str]:
    keys: set[str] = set()
    for rec, kind, title in typed:
        if kind == KEY_RESULT:
            keys.add(fold(title))
            if rec.get("id"):
                keys.add(fold(rec.get("id")))
    return keys


def _owner_objective(
    rec: Record,
    kind: str,
    by_key: Mapping[str, ObjectiveDraft],
    by_title: Mapping[str, list[ObjectiveDraft]],
    above: Mapping[int, ObjectiveDraft],
    kr_keys: set[str],
    drafts: Drafts,
) -> ObjectiveDraft | None:
    parent = rec.get("parent") or rec.get("objective")
    if not parent:
        obj = above.get(rec.row)
        if obj is None:
            drafts.problems.append(
                Problem(
                    rec.row,
                    f"the {kind} has no parent and no objective above it",
                    "name its objective in the parent column",
                )
            )
        return obj
    found = by_key.get(fold(parent))
    if found is not None:
        return found
    titled = by_title.get(fold(parent), [])
    if len(titled) == 1:
        return titled[0]
    if len(titled) > 1:
        rows = ", ".join(str(o.row) for o in titled)
        drafts.problems.append(
            Problem(
                rec.row,
                f"the parent {parent!r} is the title of several objectives (rows {rows})",
                "name it by id",
            )
        )
    elif fold(parent) in kr_keys:
        drafts.problems.append(
            Problem(
                rec.row,
                f"the parent {parent!r} is a key result; key results and initiatives belong to objectives",
                "name the key result's objective as the parent",
            )
        )
    else:
        drafts.problems.append(
            Problem(
                rec.row,
                f"the parent {parent!r} is no objective in the file",
                "name an objective by its id or title",
            )
        )
    return None
