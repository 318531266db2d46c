"""The check pipeline: load, validate, apply the site's lint policy. Writes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from okrsite.config import SiteConfig
from okrsite.diagnostics import Diagnostic, apply_policy, count
from okrsite.load import load
from okrsite.model import Site
from okrsite.validate import validate


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


def check(root: Path, as_of: date | None = None) -> CheckResult:
    """Load and validate the site at `root`; every problem is in the result, none raised."""
    loaded = load(root)
    day = resolve_as_of(loaded.config, as_of)
    validated = validate(loaded.files, loaded.config, day)
    diagnostics = apply_policy(loaded.diagnostics + validated.diagnostics, loaded.config.lints)
    sources = {f.path: f.text for f in loaded.files}
    sources["okrsite.yaml"] = loaded.config_text
    return CheckResult(root, loaded.config, day, validated.site, diagnostics, sources, len(loaded.files))
