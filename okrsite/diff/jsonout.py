"""The diff for tools: one JSON document, keys sorted, lists in the diff's stable order.

The structure is documented in docs/diff.md and versioned (`format: okrsite.diff`, `version`).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from okrsite.diff.model import Diff, KRChange, ObjectiveChange, ObjectiveInfo
from okrsite.diff.summary import counts

FORMAT = "okrsite.diff"
VERSION = 1


def to_json(diff: Diff) -> str:
    """The diff as indented JSON with sorted keys."""
    summary: dict[str, Any] = dict(counts(diff))
    summary["changed"] = not diff.empty
    data = {
        "format": FORMAT,
        "version": VERSION,
        "as_of": diff.as_of.isoformat(),
        "drafts": diff.drafts,
        "scores_compared": diff.scores_compared,
        "base": asdict(diff.base),
        "head": asdict(diff.head),
        "summary": summary,
        "objectives": {
            "added": [_objective(o) for o in diff.objectives_added],
            "removed": [_objective(o) for o in diff.objectives_removed],
            "changed": [_objective_change(c) for c in diff.objectives_changed],
        },
        "key_results": {
            "added": [asdict(k) for k in diff.krs_added],
            "removed": [asdict(k) for k in diff.krs_removed],
            "changed": [_kr_change(k) for k in diff.krs_changed],
        },
        "scores": {
            "objectives": [asdict(s) for s in diff.scores],
            "teams": [asdict(t) for t in diff.teams],
        },
        "kpis": {
            "added": [asdict(k) for k in diff.kpis_added],
            "removed": [asdict(k) for k in diff.kpis_removed],
            "changed": [asdict(k) for k in diff.kpis_changed],
        },
        "diagnostics": {
            "new": [asdict(d) for d in diff.new_diagnostics],
            "fixed": [asdict(d) for d in diff.fixed_diagnostics],
        },
        "notes": list(diff.notes),
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)


def _objective(o: ObjectiveInfo) -> dict[str, Any]:
    return {**asdict(o), "draft": o.draft}


def _objective_change(c: ObjectiveChange) -> dict[str, Any]:
    return {
        "objective": _objective(c.objective),
        "moved": [asdict(f) for f in c.moved],
        "changed": [asdict(f) for f in c.changed],
    }


def _kr_change(k: KRChange) -> dict[str, Any]:
    return {**asdict(k), "verdict": k.verdict}
