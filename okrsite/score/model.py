"""The Scorecard: every computed number, kept apart from the content model, with its working."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from okrsite.quantity import Quantity
from okrsite.score.phrase import Explanation


class Grade(StrEnum):
    """Colour bands of a score."""

    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"
    NONE = "none"  # nothing to grade


class Pace(StrEnum):
    """Where a score stands against the calendar."""

    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    FINAL = "final"  # the period is over (or the objective closed): the score is the grade
    CANCELLED = "cancelled"
    NONE = "none"  # no score to judge


class Health(StrEnum):
    """A KPI's state by its latest value."""

    HEALTHY = "healthy"
    WARNING = "warning"
    BREACH = "breach"
    UNKNOWN = "unknown"  # no value yet, or no threshold


class Trend(StrEnum):
    """The direction of the last change of a series."""

    UP = "up"
    DOWN = "down"
    FLAT = "flat"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class KRScore:
    """One key result's computed state."""

    index: int
    current: Quantity | None
    current_source: str  # current | checkin | kpi | start | none
    current_date: date | None
    progress: float | None  # raw ratio: 1.27 is 127%, -0.1 went backwards
    score: float | None  # clamped to 0..1; None when it cannot be scored
    counted: bool  # whether it enters the objective's weighted mean
    confidence: float | None
    last_checkin: date | None
    stale: bool
    explanation: tuple[Explanation, ...]


@dataclass(frozen=True, slots=True)
class GuardrailState:
    """A guardrail KPI of an objective and its health."""

    kpi: str
    health: Health


@dataclass(frozen=True, slots=True)
class ObjectiveScore:
    """An objective's score, grade and pace, its key results, and the aligned roll-up."""

    id: str
    score: float | None
    score_source: str  # key_results | override | aligned | none
    grade: Grade
    pace: Pace
    expected: float | None
    elapsed: float
    missed_commitment: bool
    aligned_score: float | None
    aligned_count: int
    key_results: tuple[KRScore, ...]
    guardrails: tuple[GuardrailState, ...]
    stale_krs: int
    explanation: tuple[Explanation, ...]


@dataclass(frozen=True, slots=True)
class KPIState:
    """A KPI's health, trend and staleness at the as-of date."""

    id: str
    health: Health
    latest: Quantity | None
    latest_date: date | None
    previous: Quantity | None
    trend: Trend
    trend_good: bool | None
    stale: bool
    target_expected: float | None  # a dated target: where the value should be by now
    explanation: tuple[Explanation, ...]


@dataclass(frozen=True, slots=True)
class Aggregate:
    """A roll-up over a set of objectives, each counted once."""

    objectives: int = 0
    scored: int = 0
    mean_score: float | None = None
    grades: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    paces: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    committed: int = 0
    committed_met: int = 0
    committed_missed: int = 0
    too_safe: bool = False  # ended aspirational objectives that all scored 1.0


@dataclass(frozen=True, slots=True)
class PeriodStats:
    """A period's statistics: the aggregate plus which teams have objectives in it."""

    period: str
    aggregate: Aggregate
    teams_with: tuple[str, ...]
    teams_without: tuple[str, ...]
    too_safe_teams: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Scorecard:
    """Every computed number of a site at one as-of date."""

    as_of: date
    objectives: Mapping[str, ObjectiveScore]
    kpis: Mapping[str, KPIState]
    teams: Mapping[tuple[str, str], Aggregate]  # (team, period) -> the team's own objectives
    team_trees: Mapping[tuple[str, str], Aggregate]  # (team, period) -> team and all below it
    people: Mapping[tuple[str, str], Aggregate]  # (person, period) -> objectives they own
    periods: Mapping[str, PeriodStats]
