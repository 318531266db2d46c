"""What a change to the goals does, as frozen records: made by `compare`, read by the renderers.

Values are kept as people write them (`24h`, `>= 85%`), so every renderer shows the same words;
scores are numbers. Every list is in a stable order (by id, then by position).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Verdict(StrEnum):
    """Which way a target or a band moved."""

    EASED = "eased"  # the bar is lower: a target toward its start, a band loosened, committed -> aspirational
    RAISED = "raised"  # the bar is higher
    CHANGED = "changed"  # it changed in a way that has no direction (units, kind, direction of the KR)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field's old and new value; `verdict` and `note` when the change moves a bar."""

    field: str
    old: str
    new: str
    verdict: Verdict | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class ObjectiveInfo:
    """An objective as one side has it."""

    id: str
    title: str
    team: str
    owner: str
    period: str
    status: str
    commitment: str
    path: str
    key_results: int
    score: float | None  # the production build's score; None for a draft or when not scored
    grade: str

    @property
    def draft(self) -> bool:
        """True for a draft: shown in the diff, left out of a production build."""
        return self.status == "draft"


@dataclass(frozen=True, slots=True)
class ObjectiveChange:
    """An objective on both sides whose placement (`moved`) or own fields (`changed`) differ."""

    objective: ObjectiveInfo  # as HEAD has it
    moved: tuple[FieldChange, ...]  # team, owner, period, parents, file
    changed: tuple[FieldChange, ...]  # title, commitment, status, visibility, guardrails, score


@dataclass(frozen=True, slots=True)
class KRInfo:
    """A key result as one side has it."""

    objective: str
    ref: str  # its id, else its position: `objective#ref`
    title: str
    kind: str
    start: str
    target: str
    owner: str


@dataclass(frozen=True, slots=True)
class KRChange:
    """A key result on both sides whose fields differ."""

    objective: str
    ref: str  # HEAD's ref
    title: str  # HEAD's title
    changes: tuple[FieldChange, ...]

    @property
    def verdict(self) -> Verdict | None:
        """EASED when any of its bars was lowered, else RAISED when one was raised."""
        verdicts = {c.verdict for c in self.changes}
        for v in (Verdict.EASED, Verdict.RAISED, Verdict.CHANGED):
            if v in verdicts:
                return v
        return None


@dataclass(frozen=True, slots=True)
class ScoreChange:
    """An objective whose score, grade or pace differs (both sides scored)."""

    objective: str
    title: str
    old_score: float | None
    new_score: float | None
    old_grade: str
    new_grade: str
    old_pace: str
    new_pace: str


@dataclass(frozen=True, slots=True)
class TeamChange:
    """A team's own objectives in a period: their count or mean score differs."""

    team: str
    name: str
    period: str
    old_objectives: int
    new_objectives: int
    old_mean: float | None
    new_mean: float | None


@dataclass(frozen=True, slots=True)
class KPIInfo:
    """A KPI as one side has it."""

    id: str
    title: str
    team: str
    healthy: str
    health: str  # 'unknown' when not scored


@dataclass(frozen=True, slots=True)
class KPIChange:
    """A KPI on both sides whose health or fields differ."""

    id: str
    title: str
    old_health: str
    new_health: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class DiagnosticInfo:
    """A diagnostic that is new in HEAD or fixed since BASE (line numbers from its own side)."""

    severity: str
    code: str
    path: str
    line: int
    message: str


@dataclass(frozen=True, slots=True)
class SideInfo:
    """One side of the comparison."""

    label: str  # `origin/main (1a2b3c4)`, `the working tree`
    ref: str  # as given: `origin/main`; '' for the working tree
    commit: str  # the full commit id; '' for the working tree
    present: bool
    objectives: int
    kpis: int
    errors: int
    warnings: int


@dataclass(frozen=True, slots=True)
class Diff:
    """Everything that changed between BASE and HEAD, at one as-of date."""

    base: SideInfo
    head: SideInfo
    as_of: date
    drafts: bool
    scores_compared: bool
    objectives_added: tuple[ObjectiveInfo, ...] = ()
    objectives_removed: tuple[ObjectiveInfo, ...] = ()
    objectives_changed: tuple[ObjectiveChange, ...] = ()
    krs_added: tuple[KRInfo, ...] = ()
    krs_removed: tuple[KRInfo, ...] = ()
    krs_changed: tuple[KRChange, ...] = ()
    scores: tuple[ScoreChange, ...] = ()
    teams: tuple[TeamChange, ...] = ()
    kpis_added: tuple[KPIInfo, ...] = ()
    kpis_removed: tuple[KPIInfo, ...] = ()
    kpis_changed: tuple[KPIChange, ...] = ()
    new_diagnostics: tuple[DiagnosticInfo, ...] = ()
    fixed_diagnostics: tuple[DiagnosticInfo, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def moved(self) -> tuple[ObjectiveChange, ...]:
        """Objectives with a new team, owner, period, parent or file."""
        return tuple(c for c in self.objectives_changed if c.moved)

    @property
    def eased(self) -> tuple[FieldChange, ...]:
        """Every lowered bar: targets and bands of key results, KPI bands, commitments."""
        return tuple(
            c
            for group in (
                *(k.changes for k in self.krs_changed),
                *(o.changed for o in self.objectives_changed),
                *(k.changes for k in self.kpis_changed),
            )
            for c in group
            if c.verdict is Verdict.EASED
        )

    @property
    def new_errors(self) -> int:
        """Errors in HEAD that BASE did not have: the diff's exit code is 1 when there are any."""
        return sum(1 for d in self.new_diagnostics if d.severity == "error")

    @property
    def empty(self) -> bool:
        """True when nothing that the diff reports changed."""
        return not any(
            (
                self.objectives_added,
                self.objectives_removed,
                self.objectives_changed,
                self.krs_added,
                self.krs_removed,
                self.krs_changed,
                self.scores,
                self.teams,
                self.kpis_added,
                self.kpis_removed,
                self.kpis_changed,
                self.new_diagnostics,
                self.fixed_diagnostics,
            )
        )
