"""The counts of a diff and its one-line summary, shared by every output format."""

from __future__ import annotations

from okrsite.diff.model import Diff, FieldChange, Verdict

_BANDS = ("maintain", "healthy", "warning")


def counts(diff: Diff) -> dict[str, int]:
    """How many of each kind of change: the JSON `summary`, and the words of the headline."""
    verdicts = [c.verdict for k in diff.krs_changed for c in k.changes]
    verdicts += [c.verdict for o in diff.objectives_changed for c in o.changed]
    verdicts += [c.verdict for k in diff.kpis_changed for c in k.changes]
    errors = [d for d in diff.new_diagnostics if d.severity == "error"]
    fixed_errors = [d for d in diff.fixed_diagnostics if d.severity == "error"]
    return {
        "objectives_added": len(diff.objectives_added),
        "objectives_removed": len(diff.objectives_removed),
        "objectives_moved": len(diff.moved),
        "objectives_changed": sum(1 for c in diff.objectives_changed if c.changed),
        "key_results_added": len(diff.krs_added),
        "key_results_removed": len(diff.krs_removed),
        "key_results_changed": len(diff.krs_changed),
        "eased": verdicts.count(Verdict.EASED),
        "raised": verdicts.count(Verdict.RAISED),
        "scores_changed": len(diff.scores),
        "teams_changed": len(diff.teams),
        "kpis_added": len(diff.kpis_added),
        "kpis_removed": len(diff.kpis_removed),
        "kpis_changed": len(diff.kpis_changed),
        "new_errors": len(errors),
        "new_warnings": len(diff.new_diagnostics) - len(errors),
        "fixed_errors": len(fixed_errors),
        "fixed_warnings": len(diff.fixed_diagnostics) - len(fixed_errors),
    }


def plural(n: int, word: str, many: str = "") -> str:
    """`1 objective`, `2 objectives`."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


_PHRASES = (
    ("objectives_added", "new objective", ""),
    ("objectives_removed", "removed objective", ""),
    ("objectives_moved", "moved objective", ""),
    ("objectives_changed", "changed objective", ""),
    ("key_results_added", "new key result", ""),
    ("key_results_removed", "removed key result", ""),
    ("key_results_changed", "changed key result", ""),
    ("eased", "eased target", ""),
    ("scores_changed", "score changed", "scores changed"),
    ("kpis_added", "new KPI", ""),
    ("kpis_removed", "removed KPI", ""),
    ("kpis_changed", "changed KPI", ""),
    ("new_errors", "new error", ""),
    ("new_warnings", "new warning", ""),
    ("fixed_errors", "fixed error", ""),
    ("fixed_warnings", "fixed warning", ""),
)


def phrases(diff: Diff) -> list[tuple[str, str]]:
    """(key, words) of each non-zero count, in reading order: `("eased", "1 eased target")`."""
    c = counts(diff)
    return [(key, plural(c[key], word, many)) for key, word, many in _PHRASES if c[key]]


def verdict_word(change: FieldChange) -> str:
    """`eased` or `raised` for a target or a commitment, `loosened` or `tightened` for a band,
    '' for no verdict or one without a direction."""
    if change.verdict is None or change.verdict is Verdict.CHANGED:
        return ""
    if change.field in _BANDS:
        return "loosened" if change.verdict is Verdict.EASED else "tightened"
    return change.verdict.value


def no_change_line(diff: Diff) -> str:
    """The one line printed when nothing changed."""
    return f"No changes to the goals between {diff.base.label} and {diff.head.label}."
