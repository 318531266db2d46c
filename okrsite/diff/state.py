"""One side of a diff: a goals folder checked and scored at a given as-of date, in memory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from okrsite.build import publishable
from okrsite.check import check, resolve_as_of
from okrsite.codes import Severity
from okrsite.config import SiteConfig
from okrsite.diagnostics import Diagnostic
from okrsite.load import load_config
from okrsite.model import Site
from okrsite.score import score
from okrsite.score.model import Scorecard


@dataclass(frozen=True, slots=True)
class State:
    """What one side holds. `site` keeps drafts; `card` is what a production build scores
    (drafts left out), and is None when the check found errors: a build would stop there."""

    label: str  # `origin/main (1a2b3c4)`, `working tree`
    ref: str  # as the user wrote it; '' for the working tree
    commit: str  # '' for the working tree
    present: bool  # False when the ref has no goals folder at all
    config: SiteConfig
    site: Site
    diagnostics: tuple[Diagnostic, ...]
    card: Scorecard | None

    @property
    def errors(self) -> int:
        """How many diagnostics are errors."""
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """How many diagnostics are warnings."""
        return len(self.diagnostics) - self.errors


def diff_as_of(head_root: Path, given: date | None) -> date:
    """The one date both sides are scored at: --as-of, else HEAD's okrsite.yaml `as_of`, else
    today. The same date on both sides shows the change of the content, not of the calendar."""
    return resolve_as_of(load_config(head_root)[0], given)


def read_state(root: Path, as_of: date, label: str, ref: str = "", commit: str = "") -> State:
    """Check the goals at `root` and, when the check passes, score them as a build would."""
    result = check(root, as_of)
    card = None if result.errors else score(publishable(result.site), result.config, as_of)
    return State(label, ref, commit, True, result.config, result.site, result.diagnostics, card)


def empty_state(label: str, ref: str = "", commit: str = "") -> State:
    """A side with no goals folder: every objective of the other side is new."""
    return State(label, ref, commit, False, SiteConfig(), Site(), (), None)
