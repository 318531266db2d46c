"""Drafts from one record: an objective, a key result, an initiative or a KPI, with the words of
fixed sets (statuses, kinds, commitments, frequencies) read in English, Danish or Swedish."""

from __future__ import annotations

from okrsite.importer.model import Drafts, InitiativeDraft, KPIDraft, KRDraft, ObjectiveDraft, Problem
from okrsite.importer.rows import Record
from okrsite.importer.values import (
    COMMITMENT,
    DONE,
    FREQUENCY,
    INITIATIVE_STATUS,
    KR_KIND,
    KR_KINDS,
    KR_STATUS,
    PACE,
    STATUS,
    choices,
    choose,
)


def column(drafts: Drafts, name: str) -> str:
    """How messages name the column of a field: `column 'Status'`."""
    return f"column {drafts.headers.get(name, name)!r}"


def objective(rec: Record, title: str, oid: str) -> ObjectiveDraft:
    """The objective a record describes (its objective columns as written)."""
    return ObjectiveDraft(
        row=rec.row,
        title=title,
        key=oid or title,
        id=oid,
        period=rec.get("period"),
        team=rec.get("team"),
        owner=rec.get("owner"),
        parent=rec.get("parent"),
        score=rec.get("score"),
        description=rec.get("description"),
        rows=[rec.row],
        parent_row=rec.row,
    )


def statuses(rec: Record, obj: ObjectiveDraft, drafts: Drafts, merging: bool = False) -> None:
    """Read the record's commitment and status into `obj` (a traffic light is left out)."""
    for name, table, attr in (("commitment", COMMITMENT, "commitment"), ("status", STATUS, "status")):
        text = rec.get(name)
        if not text:
            continue
        value = choose(text, table)
        if value is None:
            drafts.problems.append(
                Problem(
                    rec.row,
                    f"{column(drafts, name)}: {text!r} is not known",
                    f"write one of {choices(table)}",
                )
            )
            continue
        if value == PACE:
            continue
        mine = getattr(obj, attr)
        if merging and mine and mine != value:
            drafts.problems.append(
                Problem(
                    rec.row,
                    f"the objective {obj.title!r} has {name} {mine!r} on row {obj.row} but {value!r} here",
                    "an objective's columns agree on all its rows",
                )
            )
        setattr(obj, attr, value)


def key_result(
    rec: Record, title: str, drafts: Drafts, kr_id: str, kind: str = "", status: str = ""
) -> KRDraft:
    """The key result a record describes; `kind` and `status` come from a type or status column
    when the record has no kr_kind or kr_status."""
    kr = KRDraft(
        row=rec.row,
        title=title,
        id=kr_id,
        start=rec.get("start"),
        target=rec.get("target"),
        current=rec.get("current"),
        unit=rec.get("unit"),
        due=rec.get("due"),
        weight=rec.get("weight"),
        progress=rec.get("progress") or rec.get("kr_score"),
        note=rec.get("note"),
        kpi=rec.get("kpi"),
        date=rec.get("date"),
        confidence=rec.get("confidence"),
    )
    kind_text = rec.get("kr_kind") or kind
    if kind_text:
        found = kind_text if kind_text in KR_KINDS else choose(kind_text, KR_KIND)
        if found is None:
            drafts.problems.append(
                Problem(
                    rec.row,
                    f"{column(drafts, 'kr_kind' if rec.get('kr_kind') else 'type')}: the key result kind "
                    f"{kind_text!r} is not known",
                    f"write one of {', '.join(KR_KINDS)}",
                    "kr_kind",
                )
            )
        else:
            kr.kind = found
    status_text = rec.get("kr_status") or status
    if status_text:
        value = choose(status_text, KR_STATUS)
        if value is None:
            drafts.problems.append(
                Problem(
                    rec.row,
                    f"{column(drafts, 'kr_status' if rec.get('kr_status') else 'status')}: the key result "
                    f"status {status_text!r} is not known",
                    "write active, dropped or ungraded (done marks a milestone done)",
                    "kr_status",
                )
            )
        elif value == DONE:
            kr.done = True
        elif value != PACE:
            kr.status = value
    if kr.progress and _at_least_one(kr.progress):
        kr.done = True
    return kr


def _at_least_one(text: str) -> bool:
    try:
        return float(text) >= 1.0
    except ValueError:
        return False


def initiative(rec: Record, title: str, drafts: Drafts) -> InitiativeDraft:
    """The initiative a record describes."""
    item = InitiativeDraft(rec.row, title, owner=rec.get("owner"))
    text = rec.get("status")
    if text:
        value = choose(text, INITIATIVE_STATUS)
        if value is None:
            drafts.problems.append(
                Problem(
                    rec.row,
                    f"{column(drafts, 'status')}: the initiative status {text!r} is not known",
                    f"write one of {choices(INITIATIVE_STATUS)}",
                    "initiative",
                )
            )
        else:
            item.status = value
    return item


def kpi(rec: Record, title: str, drafts: Drafts) -> KPIDraft:
    """The KPI a record describes."""
    kpi = KPIDraft(
        row=rec.row,
        title=title,
        id=rec.get("id"),
        team=rec.get("team"),
        owner=rec.get("owner"),
        unit=rec.get("unit"),
        healthy=rec.get("healthy"),
        warning=rec.get("warning"),
        start=rec.get("start"),
        target=rec.get("target"),
        current=rec.get("current"),
        date=rec.get("date"),
        description=rec.get("description"),
    )
    text = rec.get("frequency")
    if text:
        value = choose(text, FREQUENCY)
        if value is None:
            drafts.problems.append(
                Problem(
                    rec.row,
                    f"{column(drafts, 'frequency')}: {text!r} is not known",
                    f"write one of {choices(FREQUENCY)}",
                )
            )
        else:
            kpi.frequency = value
    return kpi
