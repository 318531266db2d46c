"""The diff for a terminal: plain lines, one change per line, `+` new, `-` removed, `~` changed,
`!` a lowered bar or a new error."""

from __future__ import annotations

from collections.abc import Iterable

from okrsite.diff.model import Diff, FieldChange, Verdict
from okrsite.diff.summary import no_change_line, phrases, verdict_word


def to_text(diff: Diff) -> str:
    """The whole report."""
    lines = [f"okrsite diff: {diff.base.label} -> {diff.head.label}, scored as of {diff.as_of}"]
    if diff.empty:
        lines.append(no_change_line(diff))
    else:
        lines.append(", ".join(words for _, words in phrases(diff)) + ".")
    lines += [f"note: {n}" for n in diff.notes]
    for title, body in _sections(diff):
        if body:
            lines += ["", title, *(f"  {line}" for line in body)]
    return "\n".join(lines) + "\n"


def _sections(diff: Diff) -> Iterable[tuple[str, list[str]]]:
    def draft(flag: bool) -> str:
        return " (draft)" if flag else ""

    objectives = [
        f"+ {o.id}{draft(o.draft)}: {o.title} [{o.team or o.owner}, {o.period}]"
        for o in diff.objectives_added
    ]
    objectives += [f"- {o.id}: {o.title} [{o.team or o.owner}, {o.period}]" for o in diff.objectives_removed]
    objectives += [
        f"{'!' if any(f.verdict is Verdict.EASED for f in c.changed) else '~'} {c.objective.id}"
        f"{draft(c.objective.draft)}: {_fields((*c.moved, *c.changed))}"
        for c in diff.objectives_changed
    ]
    yield "Objectives", objectives
    krs = [
        f"{'!' if k.verdict is Verdict.EASED else '~'} {k.objective}#{k.ref} {k.title}: {_fields(k.changes)}"
        for k in diff.krs_changed
    ]
    krs += [
        f"+ {k.objective}#{k.ref} {k.title} (start {k.start or '-'}, target {k.target or '-'})"
        for k in diff.krs_added
    ]
    krs += [f"- {k.objective}#{k.ref} {k.title}" for k in diff.krs_removed]
    yield "Key results", krs
    yield (
        "Scores",
        [
            f"~ {s.objective}: score {_arrow(_score(s.old_score), _score(s.new_score))}, "
            f"grade {_arrow(s.old_grade, s.new_grade)}, "
            f"pace {_arrow(s.old_pace.replace('_', ' '), s.new_pace.replace('_', ' '))}"
            for s in diff.scores
        ],
    )
    yield (
        "Team roll-ups",
        [
            f"~ {t.team} {t.period}: objectives {_arrow(str(t.old_objectives), str(t.new_objectives))}, "
            f"mean score {_arrow(_score(t.old_mean), _score(t.new_mean))}"
            for t in diff.teams
        ],
    )
    kpis = [
        f"{'!' if any(c.verdict is Verdict.EASED for c in k.changes) else '~'} {k.id}: health "
        f"{_arrow(k.old_health, k.new_health)}" + (f"; {_fields(k.changes)}" if k.changes else "")
        for k in diff.kpis_changed
    ]
    kpis += [f"+ {k.id}: {k.title}" for k in diff.kpis_added]
    kpis += [f"- {k.id}: {k.title}" for k in diff.kpis_removed]
    yield "KPIs", kpis
    problems = [
        f"{'!' if d.severity == 'error' else '+'} new {d.severity} {d.path}:{d.line}: {d.code} {d.message}"
        for d in diff.new_diagnostics
    ]
    problems += [f"- fixed {d.severity} {d.path}: {d.code} {d.message}" for d in diff.fixed_diagnostics]
    yield "Errors and warnings", problems


def _fields(changes: Iterable[FieldChange]) -> str:
    out = []
    for c in changes:
        text = f"{c.field} {_arrow(c.old, c.new)}"
        tags = [p for p in (verdict_word(c), c.note) if p]
        if tags:
            text += f" ({': '.join(tags)})"
        out.append(text)
    return "; ".join(out)


def _arrow(old: str, new: str) -> str:
    return old if old == new else f"{old} -> {new}"


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
