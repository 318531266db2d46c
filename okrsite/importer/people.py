"""New people for the site's people file: added at its end, every existing byte kept.

The entries follow the file's own indentation. The text is read back before anything is
written: it must hold every person it held before plus the new ones, or the import stops and
lists the entries to add by hand (a people file written as one flow mapping, say).
"""

from __future__ import annotations

import re

from okrsite.importer.render import Lines, Planned, t
from okrsite.importer.resolve import NewPerson
from okrsite.yamlread import LocDict, read_yaml

HEADER = "# Who is who. Owners, leads, members and contributors must be one of these ids (or a team id).\n"
_INDENT = re.compile(r"^( +)\S", re.M)


class PeopleError(Exception):
    """The people file cannot be added to safely; the message lists the entries to add by hand."""


def plan_people(path: str, existing: str | None, people: list[NewPerson]) -> Planned | None:
    """The people file with `people` added (None when there is nobody to add)."""
    if not people:
        return None
    before = existing if existing is not None else HEADER
    indent = _indent(before)
    out = Lines()
    for person in people:
        first = out.open()
        out.add(f"{t(person.id)}:")
        out.add(f"{indent}name: {t(person.name)}")
        if person.email:
            out.add(f"{indent}email: {t(person.email)}")
        out.close(first, person.row, person)
    added = out.text()
    glue = "" if not before or before.endswith("\n") else "\n"
    text = before + glue + added
    offset = (before + glue).count("\n")
    for span in out.spans:
        span.first += offset
        span.last += offset
    _verify(path, before, text, people, added)
    return Planned(path, text, "people", None, out.spans, added=added, exists=existing is not None)


def _indent(text: str) -> str:
    found = _INDENT.search(text)
    return found.group(1) if found else "  "


def _ids(text: str) -> list[str] | None:
    result = read_yaml(text)
    if result.problem is not None or result.duplicates:
        return None
    if result.value is None:
        return []
    return [str(k) for k in result.value] if isinstance(result.value, LocDict) else None


def _verify(path: str, before: str, after: str, people: list[NewPerson], added: str) -> None:
    old, new = _ids(before), _ids(after)
    wanted = None if old is None else [*old, *(p.id for p in people)]
    if new is None or new != wanted:
        raise PeopleError(
            f"{path} is not written as one 'id:' entry after another, so the import cannot add to it "
            f"safely. Add these entries to it by hand, then import again:\n{added}"
        )
