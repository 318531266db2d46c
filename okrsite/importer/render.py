"""The new files' text, written the way people write them, with every line's spreadsheet row.

Every value goes through okrsite.yamlwrite.scalar, so quoting is always right. Each file keeps
spans (first line, last line, row, item), so that a problem the check finds at a line is
reported at the spreadsheet row that wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from okrsite.importer.model import KPIDraft, KRDraft, ObjectiveDraft, ParentRef, Problem
from okrsite.importer.resolve import NewPerson, NewTeam
from okrsite.quantity import QuantityError, parse_quantity
from okrsite.validate.files import kind_of
from okrsite.yamlwrite import scalar

Item = ObjectiveDraft | KRDraft | KPIDraft | NewTeam | NewPerson
COMPARISON = ("<", ">", "≥", "≤", "=")


@dataclass
class Span:
    """File lines `first`..`last` (1-based) came from `row`, and describe `item`."""

    first: int
    last: int
    row: int
    item: Item


@dataclass
class Planned:
    """A file to write: a new one, or the people file with entries added at its end."""

    path: str  # relative to the site root, posix
    text: str  # the whole text after the import
    kind: str  # objective | kpi | team | people
    item: Item | None
    spans: list[Span] = field(default_factory=list)
    added: str = ""  # for an existing people file: the lines added
    exists: bool = False

    def at(self, line: int) -> Span | None:
        """The innermost span holding `line` (a key result's inside its objective's)."""
        found = [s for s in self.spans if s.first <= line <= s.last]
        return min(found, key=lambda s: s.last - s.first) if found else None


class Lines:
    """Text built line by line, remembering the row and item of each stretch."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.spans: list[Span] = []

    def add(self, text: str) -> None:
        """One more line."""
        self.lines.append(text)

    def open(self) -> int:
        """The number the next line will have."""
        return len(self.lines) + 1

    def close(self, first: int, row: int, item: Item) -> None:
        """Lines from `first` to the last one came from `row`."""
        self.spans.append(Span(first, max(first, len(self.lines)), row, item))

    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


def q(text: str, flow: bool = False) -> str:
    """A value (a quantity, a comparison, a fraction) as YAML: a number stays a plain number."""
    return scalar(text, typed=True, flow=flow)


def t(text: str, flow: bool = False) -> str:
    """Text (a title, a name, an id) as YAML: `2026` or `no` is quoted, so it stays text."""
    return scalar(text, flow=flow)


@dataclass
class Renderer:
    """Makes each new file's text; `failed` gathers what cannot be written, and the item at fault."""

    content: str  # the site's content folder, relative to the root
    into: str  # where the new files go, relative to the root
    objectives: list[ObjectiveDraft]
    failed: list[tuple[Problem, Item]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def _path(self, folder: str, *parts: str) -> tuple[str, str]:
        path = PurePosixPath(self.into, folder, *parts).as_posix()
        rel = PurePosixPath(path).relative_to(self.content).as_posix() if self.content != "." else path
        wanted = {"objectives": "objective", "kpis": "kpi", "teams": "team"}[folder]
        return path, wanted if kind_of(rel) != wanted else ""

    # Objectives --------------------------------------------------------------------------------

    def objective(self, obj: ObjectiveDraft) -> Planned | None:
        path, kind = self._path("objectives", obj.period, f"{obj.id}.md")
        out = _front_matter(kind)
        out.add(f"title: {t(obj.title)}")
        out.add(f"period: {t(obj.period)}")
        if obj.team_id:
            out.add(f"team: {t(obj.team_id)}")
        if obj.owner_id:
            out.add(f"owner: {t(obj.owner_id)}")
        parents = [self._parent(ref, obj) for ref in obj.parents]
        if any(p is None for p in parents):
            return None
        written = [p for p in parents if p]
        if len(written) == 1:
            out.add(f"parent: {t(written[0])}")
        elif written:
            out.add("parents: [" + ", ".join(t(p, flow=True) for p in written) + "]")
        if obj.commitment:
            out.add(f"commitment: {obj.commitment}")
        if obj.status:
            out.add(f"status: {obj.status}")
        if obj.krs:
            out.add("key_results:")
            for kr in obj.krs:
                first = out.open()
                self._kr(kr, obj, out)
                out.close(first, kr.row, kr)
        if obj.initiatives:
            out.add("initiatives:")
            for item in obj.initiatives:
                parts = [f"title: {t(item.title, flow=True)}"]
                if item.owner_id:
                    parts.append(f"owner: {t(item.owner_id, flow=True)}")
                if item.status:
                    parts.append(f"status: {item.status}")
                out.add("  - {" + ", ".join(parts) + "}")
        if obj.score and obj.status == "closed":
            out.add(f"score: {q(obj.score)}")
        out.add("---")
        if obj.description:
            out.lines += obj.description.splitlines()
        out.close(1, obj.row, obj)
        return Planned(path, out.text(), "objective", obj, out.spans)

    def _parent(self, ref: ParentRef, child: ObjectiveDraft) -> str | None:
        if ref.objective is None:
            return f"{ref.site_id}#{ref.site_kr}" if ref.site_kr else ref.site_id
        target = ref.objective
        if target not in self.objectives:
            self.failed.append(
                (
                    Problem(
                        child.parent_row, f"its parent {target.title!r} (row {target.row}) is not imported"
                    ),
                    child,
                )
            )
            return None
        if ref.kr is None:
            return target.id
        if ref.kr not in target.krs:
            message = f"its parent key result {ref.kr.title!r} (row {ref.kr.row}) is not imported"
            self.failed.append((Problem(child.parent_row, message), child))
            return None
        if ref.by_position or not (ref.kr.id or ref.kr.ref_id):
            return f"{target.id}#{target.krs.index(ref.kr) + 1}"
        return f"{target.id}#{ref.kr.id or ref.kr.ref_id}"

    def _kr(self, kr: KRDraft, obj: ObjectiveDraft, out: Lines) -> None:
        kind = kind_of_kr(kr)
        out.add(f"  - title: {t(kr.title)}")
        if kr.id or kr.ref_id:
            out.add(f"    id: {t(kr.id or kr.ref_id)}")
        if kind == "milestone":
            out.add("    milestone: true")
        elif kind == "baseline":
            out.add("    baseline: true")
        elif kind == "maintain":
            if not kr.target:
                message = "a maintain key result needs its band in the target column"
                self.failed.append((Problem(kr.row, message, "write it like >= 99.5%"), kr))
            out.add(f"    maintain: {q(kr.target)}")
        if kr.start and kind in ("numeric", "threshold", "baseline"):
            out.add(f"    start: {q(kr.start)}")
        if kr.target and kind in ("numeric", "threshold"):
            out.add(f"    target: {q(kr.target)}")
        for key, value in (("unit", kr.unit), ("owner", kr.owner_id), ("kpi", kr.kpi)):
            if value:
                out.add(f"    {key}: {t(value)}")
        if kr.due:
            out.add(f"    due: {kr.due}")
        if kr.weight and kr.weight.strip() not in ("1", "1.0"):
            out.add(f"    weight: {q(kr.weight)}")
        if kr.status:
            out.add(f"    status: {kr.status}")
        self._progress(kr, kind, out)
        if kr.note:
            out.add(f"    note: {t(' '.join(kr.note.split()))}")
        self._checkin(kr, kind, out)

    def _progress(self, kr: KRDraft, kind: str, out: Lines) -> None:
        if kind == "milestone":
            if kr.done:
                out.add("    done: true")
            elif kr.progress and not kr.date and kr.progress != "0":
                out.add(f"    progress: {q(kr.progress)}")
        elif kr.current and not kr.date and kr.current != kr.start:
            if kind == "unmeasured":
                self.notes.append(f"row {kr.row}: a current value without a target is left out; add a target")
            else:
                out.add(f"    current: {q(kr.current)}")

    def _checkin(self, kr: KRDraft, kind: str, out: Lines) -> None:
        value = kr.current
        if kind == "milestone":
            value = "done" if kr.done else kr.progress
        if not kr.date or not value or kind == "unmeasured":
            if kr.confidence:
                self.notes.append(f"row {kr.row}: a confidence needs a date (of a check-in); it is left out")
            return
        parts = [f"date: {kr.date}", f"value: {q(value, flow=True)}"]
        if kr.confidence:
            parts.append(f"confidence: {q(kr.confidence, flow=True)}")
        out.add("    checkins:")
        out.add("      - {" + ", ".join(parts) + "}")

    # KPIs, teams, people -----------------------------------------------------------------------

    def kpi(self, kpi: KPIDraft) -> Planned:
        path, kind = self._path("kpis", f"{kpi.id}.md")
        out = _front_matter(kind)
        out.add(f"title: {t(kpi.title)}")
        healthy = kpi.healthy or self._healthy(kpi)
        for key, value in (
            ("team", kpi.team_id),
            ("owner", kpi.owner_id),
            ("unit", kpi.unit),
            ("healthy", healthy),
            ("warning", kpi.warning),
            ("frequency", kpi.frequency),
        ):
            if value:
                out.add(f"{key}: {q(value) if key in ('healthy', 'warning') else t(value)}")
        if kpi.current and kpi.date:
            out.add("values:")
            out.add(f"  - {{date: {kpi.date}, value: {q(kpi.current, flow=True)}}}")
        elif kpi.current:
            self.notes.append(f"row {kpi.row}: a KPI value needs a date (a date column); it is left out")
        out.add("---")
        if kpi.description:
            out.lines += kpi.description.splitlines()
        out.close(1, kpi.row, kpi)
        return Planned(path, out.text(), "kpi", kpi, out.spans)

    def _healthy(self, kpi: KPIDraft) -> str:
        target = kpi.target
        if not target or target.startswith(COMPARISON):
            return target
        op = ">="
        try:
            if (
                kpi.start
                and parse_quantity(kpi.start, kpi.unit).value > parse_quantity(target, kpi.unit).value
            ):
                op = "<="
        except QuantityError:
            pass
        self.notes.append(f"row {kpi.row}: the KPI's target {target!r} is its healthy band: {op} {target}")
        return f"{op} {target}"

    def team(self, team: NewTeam) -> Planned:
        path, kind = self._path("teams", f"{team.id}.md")
        out = _front_matter(kind)
        out.add(f"name: {t(team.name)}")
        if team.parent:
            out.add(f"parent: {t(team.parent)}")
        out.add("---")
        out.close(1, team.row, team)
        return Planned(path, out.text(), "team", team, out.spans)


def _front_matter(kind: str) -> Lines:
    """A new file's first lines: `---`, and `type:` when its folder would say another kind."""
    out = Lines()
    out.add("---")
    if kind:
        out.add(f"type: {kind}")
    return out


def kind_of_kr(kr: KRDraft) -> str:
    """The key result's kind: as given, else from which cells it has."""
    if kr.kind:
        return kr.kind
    if kr.target.startswith(COMPARISON):
        return "threshold"
    if kr.target or kr.start:
        return "numeric"
    if kr.progress or kr.done:
        return "milestone"
    return "unmeasured"
