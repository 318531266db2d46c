"""The content model: frozen records, built by the validate stage and read by every later stage.

No I/O and no behaviour beyond small derived properties. Every record knows where it came from
(`Source`), so any later stage can point a person at the file and line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from okrsite.periods import Period
from okrsite.quantity import Quantity
from okrsite.thresholds import Threshold


@dataclass(frozen=True, slots=True)
class Source:
    """A content file (path relative to the site root) and where each of its fields is written."""

    path: str
    line: int = 1
    positions: Mapping[str, tuple[int, int]] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, hash=False, repr=False
    )

    def at(self, field_path: str) -> tuple[int, int]:
        """The (line, col) of a field such as `key_results[2].owner`, else of the nearest
        enclosing field that is written (`key_results[2]`), else the file's start."""
        path = field_path
        while path:
            found = self.positions.get(path)
            if found is not None:
                return found
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return (self.line, 1)


class Commitment(StrEnum):
    """Committed OKRs are expected in full; aspirational ones count 0.7 as success."""

    ASPIRATIONAL = "aspirational"
    COMMITTED = "committed"


class Status(StrEnum):
    """An objective's life: drafts stay out of production builds."""

    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Visibility(StrEnum):
    """`internal` items are left out of a public build entirely."""

    PUBLIC = "public"
    INTERNAL = "internal"


class KRStatus(StrEnum):
    """Dropped and ungraded key results stay visible but leave the objective's mean."""

    ACTIVE = "active"
    DROPPED = "dropped"
    UNGRADED = "ungraded"


class KRKind(StrEnum):
    """How a key result is measured; the scoring stage has one rule per kind."""

    NUMERIC = "numeric"  # from start to target, either direction
    THRESHOLD = "threshold"  # reach a comparison (`<= 2s`), optionally from a start
    MAINTAIN = "maintain"  # stay inside a band all period
    MILESTONE = "milestone"  # done or a progress fraction
    BASELINE = "baseline"  # done once a first measurement exists
    UNMEASURED = "unmeasured"  # no numbers yet: a lint asks for some


class InitiativeStatus(StrEnum):
    """Where a piece of work stands."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    BLOCKED = "blocked"
    DROPPED = "dropped"


@dataclass(frozen=True, slots=True)
class CheckIn:
    """A dated measurement of a key result; `value` is None for a milestone's `done`."""

    date: date
    value: Quantity | None
    progress: float | None = None
    confidence: float | None = None
    note: str = ""
    by: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Initiative:
    """Work that moves the key results."""

    title: str
    owner: str = ""
    status: InitiativeStatus = InitiativeStatus.PLANNED
    link: str = ""


@dataclass(frozen=True, slots=True)
class KeyResult:
    """One measurable result. Which fields are set depends on `kind`."""

    index: int  # 1-based position in the objective, usable as `objective#2`
    id: str
    title: str
    kind: KRKind
    line: int
    start: Quantity | None = None
    target: Quantity | None = None
    comparison: Threshold | None = None  # THRESHOLD: the target as a comparison
    band: Threshold | None = None  # MAINTAIN
    current: Quantity | None = None
    done: bool | None = None
    progress: float | None = None
    start_assumed: bool = False  # start defaulted to 0: scoring explains it
    unit: str = ""
    owner: str = ""
    contributors: tuple[str, ...] = ()
    kpi: str = ""
    links: tuple[str, ...] = ()
    note: str = ""
    status: KRStatus = KRStatus.ACTIVE
    weight: float = 1.0
    due: date | None = None
    score: float | None = None
    checkins: tuple[CheckIn, ...] = ()

    @property
    def ref(self) -> str:
        """The id used after `#` in references: the KR's own id, else its position."""
        return self.id or str(self.index)


@dataclass(frozen=True, slots=True)
class ParentRef:
    """An alignment link: to an objective, or to one of its key results (`objective#kr`)."""

    objective: str
    kr: str = ""
    line: int = 0

    def __str__(self) -> str:
        return f"{self.objective}#{self.kr}" if self.kr else self.objective


@dataclass(frozen=True, slots=True)
class Objective:
    """One OKR. An objective with an owner and no team is an individual OKR."""

    id: str
    title: str
    period: Period
    source: Source
    team: str = ""
    owner: str = ""
    parents: tuple[ParentRef, ...] = ()
    commitment: Commitment = Commitment.ASPIRATIONAL
    status: Status = Status.ACTIVE
    visibility: Visibility = Visibility.PUBLIC
    guardrails: tuple[str, ...] = ()
    key_results: tuple[KeyResult, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    score: float | None = None
    carried_from: str = ""
    body: str = ""
    body_line: int = 1
    wiki_links: tuple[tuple[str, int], ...] = ()  # ([[id]], line) pairs in the body

    @property
    def is_individual(self) -> bool:
        """True for a person's own OKR (owned by a person, no team)."""
        return not self.team


@dataclass(frozen=True, slots=True)
class DataPoint:
    """One value of a KPI series."""

    date: date
    value: Quantity


@dataclass(frozen=True, slots=True)
class DatedTarget:
    """A cumulative KPI's goal: reach `value` by `by`."""

    value: Quantity
    by: date


class Frequency(StrEnum):
    """How often a KPI is measured; staleness is judged against it."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"

    @property
    def days(self) -> int:
        """The longest gap between two measurements at this frequency."""
        return {"daily": 1, "weekly": 7, "monthly": 31, "quarterly": 92, "yearly": 366}[self.value]


@dataclass(frozen=True, slots=True)
class KPI:
    """A health metric watched against thresholds."""

    id: str
    title: str
    source: Source
    team: str = ""
    owner: str = ""
    unit: str = ""
    healthy: Threshold | None = None
    warning: Threshold | None = None
    target: DatedTarget | None = None
    frequency: Frequency = Frequency.MONTHLY
    values: tuple[DataPoint, ...] = ()
    series_file: str = ""
    measure: str = ""
    visibility: Visibility = Visibility.PUBLIC
    body: str = ""
    body_line: int = 1
    wiki_links: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Team:
    """A team or department; a team without a parent is a root (the company)."""

    id: str
    name: str
    source: Source
    parent: str = ""
    lead: str = ""
    members: tuple[str, ...] = ()
    visibility: Visibility = Visibility.PUBLIC
    body: str = ""
    body_line: int = 1
    wiki_links: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Person:
    """An entry of the optional people directory."""

    id: str
    name: str
    source: Source
    title: str = ""
    team: str = ""


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the content holds, valid enough to score and render, in a stable order."""

    teams: tuple[Team, ...] = ()
    people: tuple[Person, ...] = ()
    has_directory: bool = False
    objectives: tuple[Objective, ...] = ()
    kpis: tuple[KPI, ...] = ()
