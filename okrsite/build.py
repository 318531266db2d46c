"""The build: check, score, render, write. Content errors stop it before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from okrsite.check import CheckResult, check
from okrsite.export import to_csv, to_json
from okrsite.gitinfo import last_changes
from okrsite.model import Site, Status
from okrsite.score import score
from okrsite.score.model import Scorecard
from okrsite.site import render_site
from okrsite.write import OutputFile, check_output_dir, write_site


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did: the check it ran, and (when it got that far) the scores and files."""

    check: CheckResult
    out: Path
    scorecard: Scorecard | None = None
    files: int = 0

    @property
    def built(self) -> bool:
        """True when the site was written."""
        return self.scorecard is not None


def publishable(site: Site, drafts: bool = False) -> Site:
    """The site without drafts (unless `drafts`), as a production build publishes it."""
    if drafts:
        return site
    return replace(site, objectives=tuple(o for o in site.objectives if o.status is not Status.DRAFT))


def render_outputs(site: Site, result: CheckResult, card: Scorecard) -> list[OutputFile]:
    """Every file of the built site: the pages, the theme's assets and the open data export."""
    pages = render_site(result.root, site, result.config, card, last_changes(result.root))
    return [
        *pages,
        OutputFile("okrs.json", to_json(site, result.config, card).encode()),
        OutputFile("okrs.csv", to_csv(site, card).encode()),
    ]


def build(
    root: Path, out: Path | None = None, as_of: date | None = None, strict: bool = False, drafts: bool = False
) -> BuildResult:
    """Check the site at `root`; if it passes, score it and write it to `out` (default public/)."""
    result = check(root, as_of)
    target = out if out is not None else root / result.config.output_dir
    if result.failed(strict):
        return BuildResult(result, target)
    check_output_dir(target, root, root / result.config.content_dir)
    site = publishable(result.site, drafts)
    card = score(site, result.config, result.as_of)
    count = write_site(render_outputs(site, result, card), target)
    return BuildResult(result, target, card, count)
