"""The diff as a pull-request comment: GitHub-flavoured Markdown, short tables, long ones folded.

The first line is the hidden marker `<!-- okrsite-diff -->`, so a workflow can find and update
its earlier comment instead of adding one per push. Sections appear only when they have rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from okrsite.diff.model import (
    DiagnosticInfo,
    Diff,
    FieldChange,
    KPIChange,
    KRChange,
    ObjectiveChange,
    ObjectiveInfo,
    ScoreChange,
    SideInfo,
    Verdict,
)
from okrsite.diff.summary import phrases, plural, verdict_word
from okrsite.gitsnapshot import MERGE_BASE

MARKER = "<!-- okrsite-diff -->"
SHOWN_ROWS = 10  # rows of a table shown before the rest is folded into <details>
MAX_CHARS = 60_000  # GitHub refuses comments over 65,536 characters


def to_markdown(diff: Diff, max_chars: int = MAX_CHARS) -> str:
    """The whole comment. Longer than `max_chars`, it ends early with a note saying so."""
    head = [MARKER]
    if diff.empty:
        head.append(
            f"### okrsite diff: no changes to the goals between {_side(diff.base)} and {_side(diff.head)}"
        )
        head += [f"> {esc(n)}" for n in diff.notes]
        return "\n\n".join(head) + "\n"
    words = [f"**{w} ⚠**" if key in ("eased", "new_errors") else w for key, w in phrases(diff)]
    head.append(f"### okrsite diff: {', '.join(words)}")
    sides = f"{_side(diff.base)} → {_side(diff.head)}"
    head.append(f"{sides}, scored as of {diff.as_of}.")
    head += [f"> {esc(n)}" for n in diff.notes]
    out = "\n\n".join(head)
    for section in _sections(diff):
        if len(out) + len(section) + 200 > max_chars:
            out += (
                "\n\n> The rest of the diff is too long for a comment. Run `okrsite diff` "
                "with the same refs, or `--format json`, to see all of it."
            )
            break
        out += "\n\n" + section
    drafts = any(o.draft for o in diff.objectives_added) or any(
        o.objective.draft for o in diff.objectives_changed
    )
    if drafts:
        out += (
            "\n\n<sub>*(draft)* marks drafts: compared here, left out of a production build, "
            "so they have no score.</sub>"
        )
    return out + "\n"


def _side(side: SideInfo) -> str:
    """`origin/main` (1a2b3c4), or the working tree."""
    if not side.commit:
        return esc(side.label)
    short = side.commit[:7]
    if side.ref.startswith(short):
        return code(short)
    if side.ref.startswith(MERGE_BASE):
        return f"{MERGE_BASE}{code(side.ref.removeprefix(MERGE_BASE))} ({short})"
    return f"{code(side.ref)} ({short})"


def _sections(diff: Diff) -> Iterable[str]:
    eased = [(k, c) for k in diff.krs_changed for c in k.changes if c.verdict is Verdict.EASED]
    eased_objectives = [
        (o, c) for o in diff.objectives_changed for c in o.changed if c.verdict is Verdict.EASED
    ]
    eased_kpis = [(k, c) for k in diff.kpis_changed for c in k.changes if c.verdict is Verdict.EASED]
    if eased or eased_objectives or eased_kpis:
        lines = ["#### ⚠ Eased targets", ""]
        lines += [
            f"- **{code(k.objective + '#' + k.ref)} {esc(k.title)}: {_change(c, bold=False)}**{_note(c)}"
            for k, c in eased
        ]
        lines += [
            f"- **{code(o.objective.id)} {esc(o.objective.title)}: {_change(c, bold=False)}**{_note(c)}"
            for o, c in eased_objectives
        ]
        lines += [
            f"- **KPI {code(k.id)} {esc(k.title)}: {_change(c, bold=False)}**{_note(c)}"
            for k, c in eased_kpis
        ]
        yield "\n".join(lines)
    rows = [_added(o) for o in diff.objectives_added]
    rows += [_removed(o) for o in diff.objectives_removed]
    rows += [_changed(c) for c in diff.objectives_changed]
    if rows:
        yield "#### Objectives\n\n" + table(("", "objective", "team", "period", "what changed"), rows)
    kr_rows = [_kr(k) for k in diff.krs_changed]
    kr_rows += [
        ("new", f"{code(k.objective + '#' + k.ref)} {esc(k.title)}", _measure(k.start, k.target))
        for k in diff.krs_added
    ]
    kr_rows += [
        ("removed", f"{code(k.objective + '#' + k.ref)} {esc(k.title)}", "") for k in diff.krs_removed
    ]
    if kr_rows:
        yield "#### Key results\n\n" + table(("", "key result", "what changed"), kr_rows)
    if diff.scores:
        yield "#### Scores\n\n" + table(
            ("objective", "score", "grade", "pace"), [_score(s, _eased_objectives(diff)) for s in diff.scores]
        )
    if diff.teams:
        team_rows = [
            (
                f"{esc(t.name)} {code(t.team)}",
                esc(t.period),
                _arrow(str(t.old_objectives), str(t.new_objectives)),
                _arrow(score(t.old_mean), score(t.new_mean)),
            )
            for t in diff.teams
        ]
        yield "#### Team roll-ups\n\n" + table(("team", "period", "objectives", "mean score"), team_rows)
    kpi_rows = [_kpi(k) for k in diff.kpis_changed]
    kpi_rows += [
        ("new", f"{esc(k.title)} {code(k.id)}", esc(k.health), code(k.healthy) if k.healthy else "")
        for k in diff.kpis_added
    ]
    kpi_rows += [("removed", f"{esc(k.title)} {code(k.id)}", "", "") for k in diff.kpis_removed]
    if kpi_rows:
        yield "#### KPIs\n\n" + table(("", "KPI", "health", "what changed"), kpi_rows)
    problems = [_problem("new", d) for d in diff.new_diagnostics]
    problems += [_problem("fixed", d) for d in diff.fixed_diagnostics]
    if problems:
        yield "#### Errors and warnings\n\n" + table(("", "where", "code", "message"), problems)


def _added(o: ObjectiveInfo) -> tuple[str, ...]:
    details = f"{plural(o.key_results, 'key result')}, {o.commitment}"
    if o.score is not None:
        details += f", score {score(o.score)} ({o.grade})"
    return ("**new**", _title(o), code(o.team) if o.team else "", esc(o.period), details)


def _removed(o: ObjectiveInfo) -> tuple[str, ...]:
    return ("removed", _title(o), code(o.team) if o.team else "", esc(o.period), code(o.path))


def _changed(c: ObjectiveChange) -> tuple[str, ...]:
    o = c.objective
    kind = "moved" if c.moved else "changed"
    what = "<br>".join(_change(f) + _note(f) for f in (*c.moved, *c.changed))
    return (kind, _title(o), code(o.team) if o.team else "", esc(o.period), what)


def _title(o: ObjectiveInfo) -> str:
    draft = " *(draft)*" if o.draft else ""
    return f"{esc(o.title)} {code(o.id)}{draft}"


def _kr(k: KRChange) -> tuple[str, ...]:
    kind = "changed"
    if k.verdict is Verdict.EASED:
        kind = "**eased ⚠**"
    elif k.verdict is Verdict.RAISED:
        kind = "raised"
    what = "<br>".join(_change(c, bold=c.verdict is Verdict.EASED) + _note(c) for c in k.changes)
    return (kind, f"{code(k.objective + '#' + k.ref)} {esc(k.title)}", what)


def _measure(start: str, target: str) -> str:
    parts = [f"start {code(start)}" if start else "", f"target {code(target)}" if target else ""]
    return ", ".join(p for p in parts if p)


def _change(c: FieldChange, bold: bool = False) -> str:
    text = f"{esc(c.field)}: {_arrow(code(c.old), code(c.new))}"
    return f"**{text}**" if bold else text


def _note(c: FieldChange) -> str:
    words = verdict_word(c)
    if c.verdict is Verdict.EASED:
        words = f"⚠ {words}"
    parts = [p for p in (words, esc(c.note)) if p]
    return f" — {': '.join(parts)}" if parts else ""


def _eased_objectives(diff: Diff) -> set[str]:
    """Objectives with a lowered bar: a score of theirs that rose may owe it to that."""
    eased = {k.objective for k in diff.krs_changed if k.verdict is Verdict.EASED}
    return eased | {
        o.objective.id for o in diff.objectives_changed if any(c.verdict is Verdict.EASED for c in o.changed)
    }


def _score(s: ScoreChange, eased: set[str]) -> tuple[str, ...]:
    warn = " (⚠ eased, see above)" if s.objective in eased else ""
    return (
        f"{esc(s.title)} {code(s.objective)}",
        _arrow(score(s.old_score), score(s.new_score)) + warn,
        _arrow(s.old_grade, s.new_grade),
        _arrow(s.old_pace.replace("_", " "), s.new_pace.replace("_", " ")),
    )


def _kpi(k: KPIChange) -> tuple[str, ...]:
    health = _arrow(k.old_health, k.new_health)
    if k.new_health in ("warning", "breach") and k.old_health != k.new_health:
        health = f"{k.old_health} → **{k.new_health}**"
    what = "<br>".join(_change(c, bold=c.verdict is Verdict.EASED) + _note(c) for c in k.changes)
    return ("changed", f"{esc(k.title)} {code(k.id)}", health, what)


def _problem(kind: str, d: DiagnosticInfo) -> tuple[str, ...]:
    label = f"**new {d.severity}**" if kind == "new" and d.severity == "error" else f"{kind} {d.severity}"
    where = f"{d.path}:{d.line}" if d.line and kind == "new" else d.path
    return (label, code(where), code(d.code), esc(d.message))


def _arrow(old: str, new: str) -> str:
    return old if old == new else f"{old} → {new}"


def score(value: float | None) -> str:
    """`0.75`, or `–` for no score."""
    return "–" if value is None else f"{value:.2f}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table; past `SHOWN_ROWS` rows, the rest goes into a folded second table."""

    def lines(part: Sequence[Sequence[str]]) -> list[str]:
        out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(row) + " |" for row in part]
        return out

    if len(rows) <= SHOWN_ROWS + 2:  # folding away one or two rows helps nobody
        return "\n".join(lines(rows))
    shown, rest = rows[:SHOWN_ROWS], rows[SHOWN_ROWS:]
    return "\n".join(
        [
            *lines(shown),
            "",
            f"<details><summary>{len(rest)} more</summary>",
            "",
            *lines(rest),
            "",
            "</details>",
        ]
    )


_MARKUP = re.compile(r"([\\`*_\[\]~])")
_REFERENCE = re.compile(r"([@#!])(?=\w)")


def esc(text: str) -> str:
    """Free text shown as written: no HTML, no emphasis or links, no cell or line breaks, and no
    mentions or references (`@team`, `#12`, `!7` would notify people or link issues on every push;
    a zero-width space after the sign keeps them readable and inert, as Dependabot does)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKUP.sub(r"\\\1", text).replace("|", "\\|").replace("\r", " ").replace("\n", " ")
    return _REFERENCE.sub("\\1&#8203;", text)


def code(text: str) -> str:
    """A value as code (`>= 85%`): shown as written, safe inside a table cell."""
    if not text or text == "–":
        return text or ""
    clean = text.replace("`", "'").replace("|", "\\|").replace("\n", " ")
    return f"`{clean}`"
