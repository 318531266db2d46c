"""The check pipeline: load, validate, apply the site's lint policy. Writes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from okrsite.config import SiteConfig
from okrsite.diagnostics import Diagnostic, apply_policy, count
from okrsite.load import Loaded, Stamps, load
from okrsite.model import Site
from okrsite.validate import validate
from okrsite.validate.files import FileCache


@dataclass(frozen=True, slots=True)
class CheckResult:
    """A checked site: the model, the diagnostics after policy, and the texts they point into."""

    root: Path
    config: SiteConfig
    as_of: date
    site: Site
    diagnostics: tuple[Diagnostic, ...]
    sources: dict[str, str]
    file_count: int
    tally: Mapping[str, int] | None = None  # the counts, kept when `site` is not (a cached result)

    @property
    def counts(self) -> Mapping[str, int]:
        """How many objectives, key results, KPIs, teams and people the site has."""
        if self.tally is not None:
            return self.tally
        site = self.site
        return {
            "objectives": len(site.objectives),
            "key_results": sum(len(o.key_results) for o in site.objectives),
            "kpis": len(site.kpis),
            "teams": len(site.teams),
            "people": len(site.people),
        }

    def without_records(self) -> CheckResult:
        """This result with its counts but no model or texts: small enough to keep on disk."""
        return replace(self, site=Site(), sources={}, tally=dict(self.counts))

    @property
    def errors(self) -> int:
        """How many diagnostics are errors."""
        return count(self.diagnostics)[0]

    @property
    def warnings(self) -> int:
        """How many diagnostics are warnings."""
        return count(self.diagnostics)[1]

    def failed(self, strict: bool = False) -> bool:
        """True when errors (or, with `strict`, warnings) were found."""
        return self.errors > 0 or (strict and self.warnings > 0)


def resolve_as_of(config: SiteConfig, as_of: date | None) -> date:
    """The build's date: --as-of, else okrsite.yaml's `as_of`, else today."""
    return as_of or config.as_of or date.today()


@dataclass
class CheckCache:
    """What `okrsite serve` keeps between builds so that only changed files are read and parsed."""

    stamps: Stamps = field(default_factory=dict)
    files: FileCache = field(default_factory=FileCache)

    def forget(self, paths: Iterable[str]) -> None:
        """Read these files (relative posix paths) again next time, whatever their stamps say: a
        watcher saw them change, and two saves within one timestamp tick can keep size and time."""
        for path in paths:
            self.stamps.pop(path, None)


def check(root: Path, as_of: date | None = None, cache: CheckCache | None = None) -> CheckResult:
    """Load and validate the site at `root`; every problem is in the result, none raised."""
    return check_loaded(load(root, cache.stamps if cache else None), as_of, cache)


def check_loaded(
    loaded: Loaded,
    as_of: date | None = None,
    cache: CheckCache | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CheckResult:
    """Validate what `load` read (or a copy with some texts replaced: an edit tried in memory)."""
    root = loaded.root
    day = resolve_as_of(loaded.config, as_of)
    validated = validate(loaded.files, loaded.config, day, cache.files if cache else None, progress)
    diagnostics = apply_policy(loaded.diagnostics + validated.diagnostics, loaded.config.lints)
    sources = {f.path: f.text for f in loaded.files}
    sources["okrsite.yaml"] = loaded.config_text
    return CheckResult(root, loaded.config, day, validated.site, diagnostics, sources, len(loaded.files))
