"""The validate stage: loaded files in, a `Site` and every diagnostic out (one pass, none raised)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from okrsite.config import SiteConfig
from okrsite.diagnostics import Diagnostic
from okrsite.load import SourceFile
from okrsite.model import Site
from okrsite.validate.files import FileCache, read_files
from okrsite.validate.lints import lints
from okrsite.validate.references import references, unique


@dataclass(frozen=True, slots=True)
class Validated:
    """The site as far as it could be understood, and everything wrong with it."""

    site: Site
    diagnostics: tuple[Diagnostic, ...]


def validate(
    files: tuple[SourceFile, ...],
    config: SiteConfig,
    as_of: date,
    cache: FileCache | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Validated:
    """Check each file (reusing `cache` for unchanged ones), then the corpus; severities are
    applied later, by the caller's policy."""
    results = read_files(files, config, cache, progress)
    index, problems = unique(results)
    problems.extend(references(index))
    problems.extend(lints(index, config, as_of))
    site = Site(
        teams=tuple(index.teams.values()),
        people=tuple(index.people.values()),
        has_directory=index.has_directory,
        objectives=tuple(index.objectives.values()),
        kpis=tuple(index.kpis.values()),
    )
    return Validated(site, tuple(results.diagnostics) + tuple(problems))
