"""Records into drafts, in either of the two shapes spreadsheets come in: one row per key result
(`per_kr`), or one row per item with a type column (`per_item`)."""

from __future__ import annotations

from okrsite.importer.columns import ColumnError
from okrsite.importer.model import Drafts
from okrsite.importer.per_item import per_item
from okrsite.importer.per_kr import per_kr
from okrsite.importer.rows import Table


def assemble(table: Table) -> Drafts:
    """The table's drafts (both shapes); a ColumnError when no column names the items."""
    fields = table.columns.fields
    drafts = Drafts(problems=list(table.problems), notes=list(table.notes))
    drafts.headers = {name: table.columns.headers[i] for name, i in fields.items()}
    if "type" in fields:
        drafts.shape = "one row per item"
        per_item(table.records, drafts)
    else:
        if "objective" not in fields and "objective_id" not in fields and "title" not in fields:
            raise ColumnError(
                "no column holds the objectives: name one objective (målsætning, mål), or map one "
                "with --map 'COLUMN=objective'; with one row per item, add a type column"
            )
        per_kr(table.records, drafts)
    return drafts
