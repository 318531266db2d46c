"""Diagnostics for people and machines: text (with the source line), GitHub annotations, GitLab
Code Quality, JSON."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence

from okrsite.codes import Severity
from okrsite.diagnostics import Diagnostic

Style = Callable[..., str]
JSON_FORMAT_VERSION = 1


def _plain(text: str, **_: object) -> str:
    return text


def format_text(diags: Sequence[Diagnostic], sources: Mapping[str, str], style: Style = _plain) -> str:
    """Each diagnostic as `path:line:col: severity CODE field: message`, its line, and a hint."""
    blocks: list[str] = []
    for d in diags:
        colour = "red" if d.severity is Severity.ERROR else "yellow"
        where = f"{d.path}:{d.line}:{d.col}:" if d.line else f"{d.path}:"
        field = f" {d.field}:" if d.field else ""
        level = style(d.severity.value, fg=colour, bold=True)
        head = f"{style(where, bold=True)} {level} {d.code}{field} {d.message}"
        lines = [head]
        source_line = _line(sources.get(d.path), d.line)
        if source_line is not None:
            lines.append(f"  {d.line:>4} | {source_line}")
            if d.col > 0:
                lines.append(f"       | {' ' * (d.col - 1)}{style('^', fg=colour)}")
        if d.hint:
            lines.append(f"  {style('hint:', fg='cyan')} {d.hint}")
        for r in d.related:
            lines.append(f"  {style('note:', fg='cyan')} {r.path}:{r.line}: {r.message}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def _line(text: str | None, line: int) -> str | None:
    if not text or line < 1:
        return None
    lines = text.split("\n")
    return lines[line - 1].rstrip() if line <= len(lines) else None


def format_github(diags: Sequence[Diagnostic], prefix: str = "") -> str:
    """GitHub Actions workflow commands, which annotate the pull request's changed lines; `prefix`
    is the site's folder in the repository (`handbook/goals/`), as GitHub resolves paths."""
    out: list[str] = []
    for d in diags:
        level = "error" if d.severity is Severity.ERROR else "warning"
        props = [f"file={_prop(prefix + d.path)}"]
        if d.line:
            props += [f"line={d.line}", f"col={max(d.col, 1)}"]
        props.append(f"title={_prop(d.code + (' ' + d.field if d.field else ''))}")
        message = d.message + (f"\n{d.hint}" if d.hint else "")
        out.append(f"::{level} {','.join(props)}::{_data(message)}")
    return "\n".join(out)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def format_gitlab(diags: Sequence[Diagnostic], prefix: str = "") -> str:
    """A GitLab Code Quality report: a JSON array of issues for the merge request's widget
    (`artifacts: reports: codequality:`). Each fingerprint hashes the code, path, field and
    message, not the line, so a problem keeps its identity when lines above it move; two
    identical problems in one file get the same hash plus their order of occurrence. `prefix` is
    the site's folder in the repository, as GitLab resolves paths."""
    seen: dict[str, int] = {}
    issues: list[dict[str, object]] = []
    for d in diags:
        key = "\0".join((d.code, prefix + d.path, d.field, d.message))
        n = seen.get(key, 0)
        seen[key] = n + 1
        if n:
            key += f"\0{n}"
        field = f" {d.field}:" if d.field else ""
        hint = f"; {d.hint}" if d.hint else ""
        issues.append(
            {
                "type": "issue",
                "description": f"{d.code}{field} {d.message}{hint}",
                "check_name": f"{d.code} {d.name}",
                "fingerprint": hashlib.sha256(key.encode("utf-8")).hexdigest(),
                "severity": GITLAB_SEVERITY[d.severity],
                "location": {"path": prefix + d.path, "lines": {"begin": max(d.line, 1)}},
            }
        )
    return json.dumps(issues, indent=2, ensure_ascii=False)


def to_json(diags: Sequence[Diagnostic], summary: Mapping[str, object]) -> str:
    """The documented JSON report (docs/cli.md): a version, a summary, and the diagnostics."""
    doc = {
        "version": JSON_FORMAT_VERSION,
        "summary": dict(summary),
        "diagnostics": [
            {
                "code": d.code,
                "name": d.name,
                "severity": d.severity.value,
                "path": d.path,
                "line": d.line,
                "column": d.col,
                "field": d.field,
                "message": d.message,
                "hint": d.hint,
                "related": [{"path": r.path, "line": r.line, "message": r.message} for r in d.related],
            }
            for d in diags
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)
