"""Drafts from one record: an objective, a key result, an initiative or a KPI, with the words of
fixed sets (statuses, kinds, commitments, frequencies) read in English, Danish or Swedish."""

from __future__ import annotations

from collections.abc import Mapping

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


def read_choice(
    drafts: Drafts,
    row: int,
    name: str,
    text: str,
    table: Mapping[str, str],
    *,
    what: str = "",
    hint: str = "",
    field: str = "",
) -> str | None:
    """The value `text` (a cell of column `name`) stands for in `table`; None for a blank cell,
    and for a word the table does not know, after adding the problem `column 'Status': the
    initiative status 'x' is not known (write one of ...)`. `what` names the word, `hint`
    replaces the table's choices, `field` makes it a cell problem."""
    if not text:
        return None
    value = choose(text, table)
    if value is None:
        word = f"{what} {text!r}" if what else repr(text)
        drafts.problems.append(
            Problem(
                row,
                f"{column(drafts, name)}: {word} is not known",
                hint or f"write one of {choices(table)}",
                field,
            )
        )
    return value


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
        value = read_choice(drafts, rec.row, name, rec.get(name), table)
        if value is None or value == PACE:
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
    if kind_text in KR_KINDS:
        kr.kind = kind_text
    elif found := read_choice(
        drafts,
        rec.row,
        "kr_kind" if rec.get("kr_kind") else "type",
        kind_text,
        KR_KIND,
        what="the key result kind",
        hint=f"write one of {', '.join(KR_KINDS)}",
        field="kr_kind",
    ):
        kr.kind = found
    value = read_choice(
        drafts,
        rec.row,
        "kr_status" if rec.get("kr_status") else "status",
        rec.get("kr_status") or status,
        KR_STATUS,
        what="the key result status",
        hint="write active, dropped or ungraded (done marks a milestone done)",
        field="kr_status",
    )
    if value == DONE:
        kr.done = True
    elif value is not None and value != PACE:
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
    status = read_choice(
        drafts,
        rec.row,
        "status",
        rec.get("status"),
        INITIATIVE_STATUS,
        what="the initiative status",
        field="initiative",
    )
    if status is not None:
        item.status = status
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
    frequency = read_choice(drafts, rec.row, "frequency", rec.get("frequency"), FREQUENCY)
    if frequency is not None:
        kpi.frequency = frequency
    return kpi
