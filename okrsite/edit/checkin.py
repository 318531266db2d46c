"""`okrsite checkin`: append a check-in to one key result, leaving every other byte of its file.

The new check-in is inserted as text after the key result's last check-in (in the same style:
a one-line `{date: …, value: …}` or a block mapping), or as a new `checkins:` list when there
is none. Before anything is written the edited file is read back and must equal the original
plus exactly this check-in, and the site is checked in memory: a check-in that would add an
error is refused, and the file is replaced atomically.
"""

from __future__ import annotations

import copy
import difflib
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from okrsite.check import CheckResult, check_loaded
from okrsite.codes import Severity
from okrsite.diagnostics import Diagnostic
from okrsite.diskcache import load_check_cache, save_check_cache
from okrsite.edit.document import (
    Document,
    EditError,
    EditUsageError,
    UnsafeFileError,
    mapping_get,
    walk,
)
from okrsite.edit.scalars import flow_mapping, load_flow, plain_data
from okrsite.load import load, normalize_newlines
from okrsite.model import KeyResult, Objective
from okrsite.score import ScoreMemo, score
from okrsite.score.model import KRScore
from okrsite.write import write_atomic
from okrsite.yamlread import read_yaml
from okrsite.yamlwrite import scalar


@dataclass(frozen=True, slots=True)
class CheckinRequest:
    """What to record: a value on a day, optionally with confidence, a note and who measured."""

    ref: str
    value: str
    day: date
    confidence: float | None = None
    note: str = ""
    by: str = ""


@dataclass(frozen=True, slots=True)
class CheckinResult:
    """The edit made (or, in a dry run, that would be made) and what it changes."""

    path: str
    line: int  # the file line of the new check-in
    objective: Objective
    kr: KeyResult
    before: KRScore | None
    after: KRScore | None
    warnings: tuple[Diagnostic, ...]  # problems the check-in brings (errors are refused)
    old_text: str
    new_text: str
    as_of: date  # the day scores are taken at: check-ins after it do not count yet


def add_checkin(
    root: Path, request: CheckinRequest, as_of: date | None = None, write: bool = True
) -> CheckinResult:
    """Add the check-in to the file of `request.ref`; raise EditError when it cannot be done safely."""
    loaded = load(root)
    cache = load_check_cache(root)  # unchanged files are not parsed; after the edit, only this one
    before = check_loaded(loaded, as_of, cache)
    objective, kr = resolve(before, request.ref)
    _refuse_same_day(objective, kr, request.day)
    path, shown = root / objective.source.path, Path(objective.source.path)
    entry = _entry(request)
    try:
        doc = Document.read(path, shown=shown)
        line = _insert(doc, doc.compose(), kr, entry)
        new_text = doc.text()
        _verify(doc, new_text, kr.index, entry)
    except UnsafeFileError as exc:
        raise EditError(
            f"{exc}; nothing was written.\n{by_hand(path, shown, kr, entry, exc.placement_known)}"
        ) from exc
    files = tuple(
        replace(f, text=normalize_newlines(new_text.removeprefix("\ufeff")))
        if f.path == objective.source.path
        else f
        for f in loaded.files
    )
    after = check_loaded(replace(loaded, files=files), as_of, cache)
    added = _new_problems(before, after, objective.source.path)
    errors = [d for d in added if d.severity is Severity.ERROR]
    if errors:
        listed = "\n".join(
            f"  line {d.line}: {d.message}" + (f" ({d.hint})" if d.hint else "") for d in errors
        )
        raise EditError(
            f"the check-in would make {objective.source.path} invalid, so it was not written:\n{listed}"
        )
    if write:
        _write(path, doc.original(), new_text)
        save_check_cache(root, cache)
    memo = ScoreMemo()  # the second scoring reuses every objective the check-in does not touch
    return CheckinResult(
        objective.source.path,
        line + 2,
        objective,
        kr,
        _kr_score(before, objective.id, kr.index, memo),
        _kr_score(after, objective.id, kr.index, memo),
        tuple(d for d in added if d.severity is not Severity.ERROR),
        doc.original(),
        new_text,
        before.as_of,
    )


def _write(path: Path, old_text: str, new_text: str) -> None:
    """Replace the file (through a symlink: its target), if it still holds what was read."""
    try:
        if path.read_bytes() != old_text.encode("utf-8"):
            raise EditError(f"{path} changed while the check-in was prepared; nothing was written: run again")
        write_atomic(path, new_text)
    except OSError as exc:
        raise EditError(
            f"cannot write {exc.filename or path}: {exc.strerror or exc}; the file was left as it was"
        ) from exc


_POSITION = re.compile(r"[0-9]+")


def resolve(result: CheckResult, ref: str) -> tuple[Objective, KeyResult]:
    """The objective and key result named by `objective#2` (position) or `objective#kr-id`.
    A reference that names one key result by id and another by position is refused."""
    oid, sep, part = ref.rpartition("#")
    if not sep or not oid or not part:
        raise EditUsageError(
            f"'{ref}' is not a key result reference: write OBJECTIVE#N (the Nth key result, from 1) "
            "or OBJECTIVE#KR-ID, for example grow-nordics#2"
        )
    objectives = {o.id: o for o in result.site.objectives}
    objective = objectives.get(oid)
    if objective is None:
        close = difflib.get_close_matches(oid, list(objectives), n=3, cutoff=0.6)
        hint = (
            "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
            if close
            else "an objective's id is its file name without .md, unless it sets 'id:'"
        )
        raise EditUsageError(f"no objective has the id '{oid}'; {hint}")
    krs = objective.key_results
    listing = ", ".join(f"#{k.index}" + (f" ({k.id})" if k.id else "") for k in krs) or "none"
    by_id = next((kr for kr in krs if kr.id == part), None)
    if not _POSITION.fullmatch(part):
        if by_id is None:
            raise EditUsageError(
                f"{oid} has no key result with the id '{part}'; its key results are {listing}"
            )
        return objective, by_id
    n = int(part)
    by_position = krs[n - 1] if 1 <= n <= len(krs) else None
    if by_id is not None and by_position is not None and by_id is not by_position:
        raise EditUsageError(
            f"'{ref}' is ambiguous: key result #{by_id.index} \u201c{by_id.title}\u201d has the id "
            f"'{part}', and key result #{n} is \u201c{by_position.title}\u201d; nothing was written. "
            f"Give key result #{by_id.index} an id that is not a number, like 'kr-{part}' "
            f"({objective.source.path}, line {by_id.line}), then run again"
        )
    found = by_position or by_id
    if found is None:
        raise EditUsageError(f"{oid} has no key result #{n}; its key results are {listing}")
    return objective, found


def _refuse_same_day(objective: Objective, kr: KeyResult, day: date) -> None:
    for c in kr.checkins:
        if c.date == day:
            raise EditError(
                f"{objective.id}#{kr.index} already has a check-in on {day} "
                f"({objective.source.path}, line {c.line}): correct that line, or give another --date"
            )


def _entry(request: CheckinRequest) -> list[tuple[str, str]]:
    pairs = [
        ("date", request.day.isoformat()),
        ("value", scalar(request.value.strip(), typed=True, flow=True)),
    ]
    if request.confidence is not None:
        pairs.append(("confidence", f"{request.confidence:g}"))
    if request.note:
        pairs.append(("note", scalar(request.note, flow=True)))
    if request.by:
        pairs.append(("by", scalar(request.by, flow=True)))
    return pairs


def _kr_node(doc: Document, root: yaml.MappingNode, kr: KeyResult) -> yaml.MappingNode:
    found = mapping_get(root, "key_results")
    if found is None or not isinstance(found[1], yaml.SequenceNode) or len(found[1].value) < kr.index:
        raise EditError(
            f"{doc.path}: cannot find key result #{kr.index} in the front matter; run okrsite check"
        )
    node = found[1].value[kr.index - 1]
    if not isinstance(node, yaml.MappingNode):
        raise EditError(f"{doc.path}: key result #{kr.index} is not a mapping; run okrsite check")
    return node


def _insert(doc: Document, root: yaml.MappingNode, kr: KeyResult, entry: list[tuple[str, str]]) -> int:
    """Insert the entry; return the 0-based YAML line it is on."""
    node = _kr_node(doc, root, kr)
    flow = flow_mapping(entry)
    existing = mapping_get(node, "checkins")
    if existing is None:
        if node.flow_style:
            return _before_close(doc, node.end_mark, "}", f", checkins: [{flow}]")
        col = node.start_mark.column
        at = doc.last_line(node)
        doc.insert_lines_after(at, [" " * col + "checkins:", " " * (col + 2) + "- " + flow])
        return at + 2
    key, seq = existing
    if isinstance(seq, yaml.ScalarNode) and seq.tag.endswith(":null"):
        return _fill_null(doc, node, key, seq, flow)
    if not isinstance(seq, yaml.SequenceNode):
        raise EditError(f"{doc.path}:{seq.start_mark.line + 2}: 'checkins' is not a list; run okrsite check")
    if seq.flow_style:
        return _before_close(doc, seq.end_mark, "]", (", " if seq.value else "") + flow)
    return _append_block_item(doc, seq, entry, flow)


def _fill_null(doc: Document, kr: yaml.MappingNode, key: yaml.Node, null: yaml.ScalarNode, flow: str) -> int:
    """`checkins:`, `checkins: ~` or `checkins: null` becomes a list holding the new check-in:
    the null is replaced in its line, or an empty block value gets the item on the next line."""
    line, start, end = int(null.start_mark.line), int(null.start_mark.column), int(null.end_mark.column)
    text = doc.line_text(line)
    if null.value and null.end_mark.line == line and text[start:end] == null.value:
        doc.replace(line, start, end, f"[{flow}]")
        return line
    if not null.value and not kr.flow_style:
        col = key.start_mark.column
        doc.insert_lines_after(key.start_mark.line, [" " * (col + 2) + "- " + flow])
        return int(key.start_mark.line) + 1
    if not null.value and text[:start].rstrip().endswith(":"):  # `{..., checkins: }`
        doc.insert(line, start, ("" if text[:start].endswith(" ") else " ") + f"[{flow}]")
        return line
    raise UnsafeFileError(f"{doc.path}:{line + 2}: an unusual way of writing an empty 'checkins'")


def _before_close(doc: Document, end: yaml.Mark, bracket: str, text: str) -> int:
    line, col = int(end.line), int(end.column) - 1
    if col < 0 or doc.line_text(line)[col : col + 1] != bracket:
        raise UnsafeFileError(f"{doc.path}:{line + 2}: cannot locate the closing '{bracket}'")
    doc.insert(line, col, text)
    return line


def _append_block_item(doc: Document, seq: yaml.SequenceNode, entry: list[tuple[str, str]], flow: str) -> int:
    last = seq.value[-1]
    dash = int(seq.start_mark.column)
    content = int(last.start_mark.column)
    item_line = doc.line_text(last.start_mark.line)
    if item_line[dash : dash + 1] != "-" or content <= dash or item_line[dash + 1 : content].strip():
        if doc.strict:
            raise UnsafeFileError(
                f"{doc.path}:{last.start_mark.line + 2}: the check-ins are laid out in an unusual way, "
                "so the place for a new one is not certain"
            )
        at = doc.last_line(last)  # only to say where to add it by hand: a one-line item
        doc.insert_lines_after(at, [" " * dash + "- " + flow])
        return at + 1
    lead = " " * dash + "-" + " " * (content - dash - 1)
    if isinstance(last, yaml.MappingNode) and not last.flow_style:
        lines = [
            lead + f"{k}: {v}" if i == 0 else " " * content + f"{k}: {v}" for i, (k, v) in enumerate(entry)
        ]
    else:
        lines = [lead + flow]
    at = doc.last_line(last)
    doc.insert_lines_after(at, lines)
    return at + 1


def _verify(doc: Document, new_text: str, index: int, entry: list[tuple[str, str]]) -> None:
    """The edited front matter must read as the old one plus this check-in, and the body must be
    unchanged: anything else means the insertion went wrong, and nothing is written."""
    old = read_yaml(doc.yaml_text).value
    edited = Document.read_text(doc.path, new_text)
    new = read_yaml(edited.yaml_text).value
    expected: Any = copy.deepcopy(plain_data(old))
    kr = expected["key_results"][index - 1]
    kr["checkins"] = (kr.get("checkins") or []) + [load_flow(flow_mapping(entry))]
    body_same = edited.lines[edited.close :] == doc.lines[doc.close :]
    if plain_data(new) != expected or not body_same:
        raise UnsafeFileError(
            f"{doc.path}: the check-in could not be added without changing something else",
            placement_known=False,
        )


def by_hand(
    path: Path, shown: Path, kr: KeyResult, entry: list[tuple[str, str]], placement_known: bool
) -> str:
    """What to add by hand, and where: the exact lines and the line they go after, worked out
    as for a real edit but with the refused constructs let through; else the check-in as one
    list item and the key result it belongs to."""
    what = f"key result #{kr.index} \u201c{kr.title}\u201d"
    changes, shared = _placement(path, kr, entry) if placement_known else (None, False)
    if changes:
        out = []
        for line, how, lines in changes:
            todo = f"after line {line}, add" if how == "after" else f"replace line {line} with"
            out.append(f"Add it by hand: in {shown}, {what}, {todo}:")
            out += lines
        return "\n".join(out)
    item = "- " + flow_mapping(entry)
    if kr.checkins:
        last = max(kr.checkins, key=lambda c: c.line)
        where = f"at the end of its check-ins (the last one starts on line {last.line})"
    else:
        where = "in a new 'checkins:' list"
    text = f"Add it by hand: in {shown}, {what} (line {kr.line}), {where}:\n{item}"
    if shared:
        text += (
            "\nThis key result shares lines with another part of the file through a YAML alias "
            "(*): write it out in full first, or the check-in would land in both."
        )
    return text


def _placement(
    path: Path, kr: KeyResult, entry: list[tuple[str, str]]
) -> tuple[list[tuple[int, str, list[str]]] | None, bool]:
    """Where the check-in would go if the file's unusual constructs were allowed, and whether
    the key result is shared through an alias (then there is no one place to say)."""
    try:
        doc = Document.read(path, strict=False)
        root = doc.compose()
        if _shared(root, _kr_node(doc, root, kr)):
            return None, True
        _insert(doc, root, kr, entry)
    except (EditError, yaml.YAMLError, OSError):
        return None, False
    return doc.changes(), False


def _shared(root: yaml.Node, node: yaml.Node) -> bool:
    """True when part of `node` also appears elsewhere (YAML aliases make one node of two
    places): a line added there would change both."""
    seen: set[int] = set()
    twice: set[int] = set()
    stack = [root]
    while stack:
        n = stack.pop()
        if id(n) in seen:
            twice.add(id(n))
            continue
        seen.add(id(n))
        if isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
        elif isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack += [k, v]
    if not twice:
        return False
    return id(node) in twice or any(id(n) in twice for n in walk(node))


def _new_problems(before: CheckResult, after: CheckResult, path: str) -> list[Diagnostic]:
    seen = {(d.code, d.message) for d in before.diagnostics if d.path == path}
    return [d for d in after.diagnostics if d.path == path and (d.code, d.message) not in seen]


def _kr_score(result: CheckResult, oid: str, index: int, memo: ScoreMemo) -> KRScore | None:
    card = score(result.site, result.config, result.as_of, memo)
    objective = card.objectives.get(oid)
    if objective is None:
        return None
    return next((k for k in objective.key_results if k.index == index), None)
