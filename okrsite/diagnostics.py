"""Diagnostics: problems found in content, returned as data by every stage."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from okrsite.codes import BY_CODE, Severity


@dataclass(frozen=True, slots=True)
class Related:
    """Another place a diagnostic points at (the first of two duplicate ids, say)."""

    path: str
    line: int
    message: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem at `path:line:col`, with the field it concerns and a way out."""

    code: str
    severity: Severity
    path: str
    line: int
    col: int
    field: str
    message: str
    hint: str = ""
    related: tuple[Related, ...] = ()

    @property
    def name(self) -> str:
        """The rule's kebab-case name."""
        return BY_CODE[self.code].name

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order by file, position, then code: stable output for people and tests."""
        return (self.path, self.line, self.col, self.code, self.message)


def make(
    code: str,
    path: str,
    line: int,
    col: int,
    field: str,
    message: str,
    hint: str = "",
    related: tuple[Related, ...] = (),
) -> Diagnostic:
    """Return a diagnostic with the rule's default severity."""
    return Diagnostic(code, BY_CODE[code].severity, path, line, col, field, message, hint, related)


def apply_policy(diagnostics: Iterable[Diagnostic], overrides: Mapping[str, str]) -> tuple[Diagnostic, ...]:
    """Return the diagnostics sorted, with lint severities changed or dropped by `overrides`.

    `overrides` maps a code (`OKR301`) to `error`, `warning` or `off`; it has been checked
    by the config stage, which only admits lint codes.
    """
    out: list[Diagnostic] = []
    for d in diagnostics:
        level = overrides.get(d.code)
        if level == "off":
            continue
        if level is not None:
            d = replace(d, severity=Severity(level))
        out.append(d)
    out.sort(key=Diagnostic.sort_key)
    return tuple(out)


def count(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """Return (errors, warnings)."""
    errors = warnings = 0
    for d in diagnostics:
        if d.severity is Severity.ERROR:
            errors += 1
        else:
            warnings += 1
    return errors, warnings
