"""`okrsite carry-over`: unfinished objectives of one period become new objectives of the next.

Each carried objective is a new file (the old one is never touched): its id gets the new
period as a suffix, `carried_from:` names the original, and only the key results that are not
yet done come along, each starting from its last measured value, with no check-ins. The new
files are checked in memory with the rest of the site before any is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from okrsite.check import CheckResult, check_loaded
from okrsite.codes import Severity
from okrsite.diagnostics import Diagnostic
from okrsite.edit.document import EditError, EditUsageError
from okrsite.edit.scalars import plain_data
from okrsite.fields import FileContext
from okrsite.frontmatter import parse_front_matter
from okrsite.load import Loaded, SourceFile, load
from okrsite.model import KeyResult, KRKind, KRStatus, Objective, Status
from okrsite.periods import Period, PeriodError, parse_period
from okrsite.quantity import format_plain
from okrsite.score import score
from okrsite.score.model import KRScore, ObjectiveScore
from okrsite.write import create_exclusive
from okrsite.yamlwrite import scalar

# Fields that describe the old period's progress, not the new period's plan.
_DROP_OBJECTIVE = ("score", "status", "carried_from", "id")
_DROP_KR = ("checkins", "current", "done", "progress", "status", "change")


@dataclass(frozen=True, slots=True)
class Carried:
    """One objective carried over: where from, where to, and which key results came along."""

    source: Objective
    new_id: str
    path: str
    text: str
    carried: tuple[KeyResult, ...]
    left: tuple[KeyResult, ...]  # done (or dropped) key results that stay behind


@dataclass(frozen=True, slots=True)
class AlreadyCarried:
    """An unfinished objective that a carried copy in the new period names in `carried_from:`."""

    source: Objective
    copy: Objective
    path: str


@dataclass(frozen=True, slots=True)
class CarryResult:
    """What carry-over made, what it passed by, and the warnings the new files raise."""

    source: str  # the periods, as okrsite names them
    target: str
    carried: tuple[Carried, ...]
    already: tuple[AlreadyCarried, ...]  # carried by an earlier run: skipped
    finished: tuple[Objective, ...]  # in the period but done, closed or cancelled
    warnings: tuple[Diagnostic, ...]
    sources: dict[str, str]  # the text of every file, the new ones included, for the warnings


def carry_over(
    root: Path, source: str, target: str, team: str = "", as_of: date | None = None, write: bool = True
) -> CarryResult:
    """Carry the unfinished objectives of period `source` (of `team`, or all) into `target`."""
    loaded = load(root)
    result = check_loaded(loaded, as_of)
    old, new = _period(result, source), _period(result, target)
    if old.key == new.key:
        raise EditUsageError(f"the periods are the same ({old.key}): carry over into the next one")
    if new.start <= old.start:
        raise EditUsageError(f"{new.key} does not come after {old.key}: carry over into a later period")
    if team and team not in {t.id for t in result.site.teams}:
        raise EditUsageError(f"no team has the id '{team}': teams are the files in content/teams/")
    card = score(result.site, result.config, result.as_of)
    taken = _taken(result)
    copies = {o.carried_from: o for o in result.site.objectives if o.carried_from and o.period.key == new.key}
    chosen: list[tuple[Objective, ObjectiveScore | None, tuple[KeyResult, ...]]] = []
    already: list[AlreadyCarried] = []
    finished: list[Objective] = []
    for o in result.site.objectives:
        if o.period.key != old.key or (team and o.team != team):
            continue
        state = card.objectives.get(o.id)
        open_krs = tuple(kr for kr, s in _pairs(o, state) if _unfinished(kr, s))
        if not (_open(o) and open_krs):
            finished.append(o)
        elif o.id in copies:
            already.append(AlreadyCarried(o, copies[o.id], copies[o.id].source.path))
        else:
            chosen.append((o, state, open_krs))
    renames = {o.id: Rename(new_id(o.id, old, new), krs) for o, _, krs in chosen}
    renames |= {a.source.id: Rename(a.copy.id, _matching(a.source, a.copy)) for a in already}
    carried: list[Carried] = []
    for o, state, open_krs in chosen:
        item = _carry(result, o, state, open_krs, new, renames)
        if item.new_id.lower() in taken:
            raise EditError(
                f"{o.id} would become {item.new_id}, but {taken[item.new_id.lower()]} already uses that id; "
                "nothing was written. Rename one of them (or add 'carried_from: "
                f"{o.id}' to it, if it is the carried copy), then run carry-over again"
            )
        target_path = root / item.path
        if target_path.exists() or target_path.is_symlink():
            raise EditError(f"{item.path} already exists; nothing was written. Move it away, then run again")
        taken[item.new_id.lower()] = item.path
        carried.append(item)
    warnings, sources = _check_new(loaded, result, carried, as_of)
    if write:
        _write_all(root, carried)
    return CarryResult(
        old.key, new.key, tuple(carried), tuple(already), tuple(finished), tuple(warnings), sources
    )


def _period(result: CheckResult, name: str) -> Period:
    try:
        return parse_period(name, result.config.fiscal_year, result.config.periods)
    except PeriodError as exc:
        raise EditUsageError(str(exc)) from exc


def _taken(result: CheckResult) -> dict[str, str]:
    """Every id in use (objectives, KPIs, teams and people share one set, regardless of case),
    with the file that uses it."""
    site = result.site
    named: list[tuple[str, str]] = [(p.id, p.source.path) for p in site.people]
    named += [(t.id, t.source.path) for t in site.teams]
    named += [(k.id, k.source.path) for k in site.kpis]
    named += [(o.id, o.source.path) for o in site.objectives]
    return {i.lower(): path for i, path in named}


def _matching(old: Objective, copy: Objective) -> tuple[KeyResult, ...]:
    """The key results of `old` that its carried copy holds, in the copy's order: by id, else
    by title (for re-pointing `#2` references at the copy)."""
    out: list[KeyResult] = []
    for new_kr in copy.key_results:
        match = next(
            (kr for kr in old.key_results if (kr.id and kr.id == new_kr.id) or kr.title == new_kr.title),
            None,
        )
        if match is not None and match not in out:
            out.append(match)
    return tuple(out)


def _pairs(o: Objective, state: ObjectiveScore | None) -> Iterator[tuple[KeyResult, KRScore | None]]:
    scores = {k.index: k for k in state.key_results} if state else {}
    for kr in o.key_results:
        yield kr, scores.get(kr.index)


def _open(o: Objective) -> bool:
    if o.status in (Status.CLOSED, Status.CANCELLED):
        return False
    return o.score is None or o.score < 1.0


def _unfinished(kr: KeyResult, s: KRScore | None) -> bool:
    if kr.status is KRStatus.DROPPED:
        return False
    return s is None or s.score is None or s.score < 1.0


@dataclass(frozen=True, slots=True)
class Rename:
    """A carried objective's new id and the key results that come along, in their new order."""

    new_id: str
    krs: tuple[KeyResult, ...]

    def ref(self, part: str) -> str:
        """A `#part` reference into the old objective, for the new one ("" when it stays behind)."""
        for position, kr in enumerate(self.krs, 1):
            if part == str(kr.index):
                return f"#{position}"
            if kr.id and part == kr.id:
                return f"#{kr.id}"
        return ""


def repoint(ref: object, renames: dict[str, Rename]) -> object:
    """A parent reference to an objective carried in the same run, pointed at its new id."""
    if not isinstance(ref, str):
        return ref
    oid, sep, part = ref.partition("#")
    rename = renames.get(oid)
    if rename is None:
        return ref
    return rename.new_id + (rename.ref(part) if sep else "")


def new_id(oid: str, old: Period, new: Period) -> str:
    """`grow-nordics` -> `grow-nordics-2027-q1`; a suffix of the old period is replaced."""
    base = re.sub(rf"-{re.escape(old.key.lower())}$", "", oid, flags=re.IGNORECASE)
    return f"{base}-{new.key.lower()}"


def _new_path(path: str, nid: str, old: Period, new: Period) -> str:
    parts = list(PurePosixPath(path).parent.parts)
    parts = [new.key if p == old.key else p for p in parts]
    return str(PurePosixPath(*parts, f"{nid}.md"))


def _carry(
    result: CheckResult,
    o: Objective,
    state: ObjectiveScore | None,
    open_krs: tuple[KeyResult, ...],
    new: Period,
    renames: dict[str, Rename],
) -> Carried:
    text = result.sources[o.source.path]
    parsed = parse_front_matter(text, FileContext(o.source.path))
    data: dict[str, Any] = plain_data(parsed.data) if parsed.data is not None else {}
    nid = renames[o.id].new_id
    old = o.period
    scores = {k.index: k for k in state.key_results} if state else {}
    front: dict[str, Any] = {}
    for key, value in data.items():
        if key in _DROP_OBJECTIVE:
            continue
        front[key] = value
        if key == "parent":
            front[key] = repoint(value, renames)
        elif key == "parents" and isinstance(value, list):
            front[key] = [repoint(v, renames) for v in value]
        elif key == "period":
            front["period"] = new.key
            front["carried_from"] = o.id
    if "id" in data:
        front = {"id": nid, **front}
    front["key_results"] = [
        _kr(data["key_results"][kr.index - 1], kr, scores.get(kr.index), new) for kr in open_krs
    ]
    if isinstance(data.get("initiatives"), list):
        front["initiatives"] = [
            i
            for i in data["initiatives"]
            if not (isinstance(i, dict) and i.get("status") in ("done", "dropped"))
        ] or None
        if front["initiatives"] is None:
            del front["initiatives"]
    left = tuple(kr for kr in o.key_results if kr not in open_krs)
    body = parsed.body if parsed.body.strip() else ""
    new_text = "---\n" + dump_front(front) + "---\n" + body
    return Carried(o, nid, _new_path(o.source.path, nid, old, new), new_text, open_krs, left)


def _kr(raw: Any, kr: KeyResult, s: KRScore | None, new: Period) -> dict[str, Any]:
    """The key result's fields for the new period, in its author's order: no progress fields,
    the start moved to the last value, and a relative `change:` fixed as the target it meant."""
    last = _last_value(raw, kr, s) if kr.kind in (KRKind.NUMERIC, KRKind.THRESHOLD) else None
    out: dict[str, Any] = {}
    for key, value in dict(raw).items():
        if key == "change" and "target" not in raw and kr.target is not None:
            out["target"] = kr.target.text or format_plain(kr.target)  # measured from the old start
        elif key == "start" and last is not None:
            out["start"] = last
        elif key == "due" and isinstance(value, date) and not new.contains_day(value):
            continue  # a deadline of the old period: the author sets a new one
        elif key not in _DROP_KR:
            out[key] = value
    return out


def _last_value(raw: Any, kr: KeyResult, s: KRScore | None) -> Any:
    """The last value as its author wrote it: the last check-in's, else `current:`, else the
    score's current value (from a KPI)."""
    checkins = raw.get("checkins")
    if s is not None and s.current_source == "checkin" and isinstance(checkins, list):
        dated = [c for c in checkins if isinstance(c, dict) and "value" in c and "date" in c]
        if dated:
            return max(dated, key=lambda c: str(c["date"]))["value"]
    if s is not None and s.current_source == "current" and "current" in raw:
        return raw["current"]
    if s is not None and s.current_source == "kpi" and s.current is not None:
        return s.current.text or format_plain(s.current)
    return None


def _check_new(
    loaded: Loaded, result: CheckResult, carried: list[Carried], as_of: date | None
) -> tuple[list[Diagnostic], dict[str, str]]:
    if not carried:
        return [], result.sources
    files = loaded.files + tuple(SourceFile(c.path, c.text) for c in carried)
    after = check_loaded(replace(loaded, files=files), as_of)
    paths = {c.path for c in carried}
    mine = [d for d in after.diagnostics if d.path in paths]
    errors = [d for d in mine if d.severity is Severity.ERROR]
    if errors:
        listed = "\n".join(f"  {d.path}:{d.line}: {d.message}" for d in errors)
        raise EditError(f"the carried objectives would not check clean, so nothing was written:\n{listed}")
    return mine, after.sources


def _write_all(root: Path, carried: list[Carried]) -> None:
    """Create the new files, never over an existing one; on a failure, remove those made."""
    made: list[Path] = []
    try:
        for item in carried:
            path = root / item.path
            create_exclusive(path, item.text)
            made.append(path)
    except OSError as exc:
        for path in made:
            path.unlink(missing_ok=True)
        raise EditError(
            f"cannot write {exc.filename or root}: {exc.strerror or exc}; nothing was written"
        ) from exc


def dump_front(data: dict[str, Any]) -> str:
    """Front matter as people write it: block keys, short lists inline, key results as block
    mappings, initiatives one per line."""
    lines: list[str] = []
    for key, value in data.items():
        if key == "key_results" and isinstance(value, list):
            lines.append("key_results:")
            for kr in value:
                for i, (k, v) in enumerate(kr.items()):
                    lines.append(("  - " if i == 0 else "    ") + f"{k}: {_inline(v, flow=False)}")
        elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
            lines.append(f"{key}:")
            lines += [f"  - {_inline(v)}" for v in value]
        else:
            lines.append(f"{key}: {_inline(value, flow=False)}")
    return "".join(line + "\n" for line in lines)


def _inline(value: Any, flow: bool = True) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float | date):
        return value.isoformat() if isinstance(value, date) else repr(value)
    return scalar(str(value), flow=flow)
