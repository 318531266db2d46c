"""What rows become before they are files: drafts of objectives, key results, initiatives and
KPIs, each remembering the spreadsheet rows it came from."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Problem:
    """A row that cannot be imported as written: `FILE:ROW: message (hint)`."""

    row: int
    message: str
    hint: str = ""
    field: str = ""  # the field of a cell problem: a key result's field drops only that key result


@dataclass
class KRDraft:
    """One key result: its cells, already in okrsite's spelling."""

    row: int
    title: str
    id: str = ""
    kind: str = ""  # an explicit kind (numeric, threshold, maintain, milestone, baseline, unmeasured)
    start: str = ""
    target: str = ""
    current: str = ""
    unit: str = ""
    owner: str = ""
    due: str = ""
    weight: str = ""
    status: str = ""  # dropped | ungraded ('' for active)
    done: bool = False
    progress: str = ""  # a fraction, for milestones
    note: str = ""
    kpi: str = ""
    date: str = ""  # of `current`: makes it a check-in
    confidence: str = ""
    owner_id: str = ""  # resolved
    ref_id: str = ""  # an id made for a reference to it (`objective#kr`)


@dataclass
class InitiativeDraft:
    """One initiative."""

    row: int
    title: str
    owner: str = ""
    status: str = ""
    owner_id: str = ""


@dataclass
class ObjectiveDraft:
    """One objective and what belongs to it."""

    row: int
    title: str
    key: str  # what rows and parents call it: its id cell, else its title
    id: str = ""
    period: str = ""
    team: str = ""
    owner: str = ""
    parent: str = ""
    commitment: str = ""
    status: str = ""
    score: str = ""
    description: str = ""
    krs: list[KRDraft] = field(default_factory=list)
    initiatives: list[InitiativeDraft] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    parent_row: int = 0  # the row that named the parent
    team_id: str = ""
    owner_id: str = ""
    parents: list[ParentRef] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ParentRef:
    """An alignment link found: to an objective of the spreadsheet (by draft), or of the site
    (by its id), optionally to one of its key results."""

    objective: ObjectiveDraft | None = None
    site_id: str = ""
    kr: KRDraft | None = None
    site_kr: str = ""
    by_position: bool = False  # written `objective#2`: stays a position


@dataclass
class KPIDraft:
    """One KPI."""

    row: int
    title: str
    id: str = ""
    team: str = ""
    owner: str = ""
    unit: str = ""
    healthy: str = ""
    warning: str = ""
    start: str = ""
    target: str = ""
    frequency: str = ""
    current: str = ""
    date: str = ""
    description: str = ""
    team_id: str = ""
    owner_id: str = ""


@dataclass
class Drafts:
    """Everything the rows describe, and the rows that could not be understood."""

    objectives: list[ObjectiveDraft] = field(default_factory=list)
    kpis: list[KPIDraft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    shape: str = "one row per key result"
    headers: dict[str, str] = field(default_factory=dict)  # field -> the column's header
