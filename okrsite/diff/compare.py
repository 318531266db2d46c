"""Compare two checked and scored states of a goals repository. Pure: two `State`s in, a `Diff` out."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date

from okrsite.build import publishable
from okrsite.codes import Severity
from okrsite.diagnostics import Diagnostic
from okrsite.diff import keyresults
from okrsite.diff.bars import band_verdict, same_band, text
from okrsite.diff.model import (
    DiagnosticInfo,
    Diff,
    FieldChange,
    KPIChange,
    KPIInfo,
    KRChange,
    KRInfo,
    ObjectiveChange,
    ObjectiveInfo,
    ScoreChange,
    SideInfo,
    TeamChange,
    Verdict,
)
from okrsite.diff.state import State
from okrsite.model import KPI, Commitment, Objective, Site
from okrsite.score.model import Aggregate, Scorecard


def compare(base: State, head: State, as_of: date, drafts: bool = True) -> Diff:
    """What changes from `base` to `head`. With `drafts` (the default) draft objectives are
    compared too and marked; without, both sides are cut to what a production build publishes.
    Scores always are the production build's, so a draft has none. `as_of` is the date both
    sides were checked and scored at."""
    b_site, h_site = _cut(base.site, drafts), _cut(head.site, drafts)
    b_obj = {o.id: o for o in b_site.objectives}
    h_obj = {o.id: o for o in h_site.objectives}
    common = sorted(b_obj.keys() & h_obj.keys())
    krs_added: list[KRInfo] = []
    krs_removed: list[KRInfo] = []
    krs_changed: list[KRChange] = []
    for oid in common:
        pairs, removed, added = keyresults.match(b_obj[oid].key_results, h_obj[oid].key_results)
        krs_removed += [keyresults.info(oid, k) for k in removed]
        krs_added += [keyresults.info(oid, k) for k in added]
        for old, new in pairs:
            fields = keyresults.changes(old, new)
            if fields:
                krs_changed.append(KRChange(oid, new.ref, new.title, fields))
    compared = base.card is not None and head.card is not None
    new_diags, fixed_diags = diagnostics(base.diagnostics, head.diagnostics)
    return Diff(
        base=_side(base, b_site),
        head=_side(head, h_site),
        as_of=as_of,
        drafts=drafts,
        scores_compared=compared,
        objectives_added=tuple(_info(h_obj[i], head.card) for i in sorted(h_obj.keys() - b_obj.keys())),
        objectives_removed=tuple(_info(b_obj[i], base.card) for i in sorted(b_obj.keys() - h_obj.keys())),
        objectives_changed=tuple(
            c for i in common if (c := _objective(b_obj[i], h_obj[i], head.card)) is not None
        ),
        krs_added=tuple(krs_added),
        krs_removed=tuple(krs_removed),
        krs_changed=tuple(krs_changed),
        scores=tuple(_scores(common, h_obj, base.card, head.card)) if compared else (),
        teams=tuple(_teams(base, head)) if compared else (),
        kpis_added=tuple(_kpi_info(k, head.card) for k in _only(h_site.kpis, b_site.kpis)),
        kpis_removed=tuple(_kpi_info(k, base.card) for k in _only(b_site.kpis, h_site.kpis)),
        kpis_changed=tuple(_kpis(base, head, b_site, h_site, compared)),
        new_diagnostics=new_diags,
        fixed_diagnostics=fixed_diags,
        notes=tuple(_notes(base, head, compared)),
    )


def _cut(site: Site, drafts: bool) -> Site:
    return site if drafts else publishable(site)


def _side(state: State, site: Site) -> SideInfo:
    return SideInfo(
        state.label,
        state.ref,
        state.commit,
        state.present,
        len(site.objectives),
        len(site.kpis),
        state.errors,
        state.warnings,
    )


def _info(o: Objective, card: Scorecard | None) -> ObjectiveInfo:
    s = card.objectives.get(o.id) if card is not None else None
    return ObjectiveInfo(
        id=o.id,
        title=o.title,
        team=o.team,
        owner=o.owner,
        period=o.period.key,
        status=o.status.value,
        commitment=o.commitment.value,
        path=o.source.path,
        key_results=len(o.key_results),
        score=s.score if s is not None else None,
        grade=s.grade.value if s is not None else "none",
    )


def _objective(old: Objective, new: Objective, card: Scorecard | None) -> ObjectiveChange | None:
    moved = _fields(
        ("team", old.team, new.team),
        ("owner", old.owner, new.owner),
        ("period", old.period.key, new.period.key),
        ("parents", _parents(old), _parents(new)),
        ("file", old.source.path, new.source.path),
    )
    changed = _fields(
        ("title", old.title, new.title),
        ("visibility", old.visibility.value, new.visibility.value),
        ("guardrails", ", ".join(old.guardrails), ", ".join(new.guardrails)),
        ("score", _num(old.score), _num(new.score)),
    )
    if old.commitment is not new.commitment:
        eased = new.commitment is Commitment.ASPIRATIONAL
        changed.insert(
            0,
            FieldChange(
                "commitment",
                old.commitment.value,
                new.commitment.value,
                Verdict.EASED if eased else Verdict.RAISED,
                "0.7 now counts as success instead of 1.0" if eased else "1.0 is now expected",
            ),
        )
    if old.status is not new.status:
        notes = {
            "draft": "back to a draft: left out of the site",
            "cancelled": "cancelled",
            "closed": "closed",
        }
        note = "published" if old.status.value == "draft" else notes.get(new.status.value, "")
        changed.append(FieldChange("status", old.status.value, new.status.value, None, note))
    if not moved and not changed:
        return None
    return ObjectiveChange(_info(new, card), tuple(moved), tuple(changed))


def _fields(*triples: tuple[str, str, str]) -> list[FieldChange]:
    return [FieldChange(name, a or "–", b or "–") for name, a, b in triples if a != b]


def _parents(o: Objective) -> str:
    return ", ".join(str(p) for p in o.parents)


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _scores(
    common: list[str], objectives: dict[str, Objective], base: Scorecard | None, head: Scorecard | None
) -> Iterable[ScoreChange]:
    assert base is not None and head is not None
    for oid in common:
        a, b = base.objectives.get(oid), head.objectives.get(oid)
        if a is None and b is None:  # a draft on both sides
            continue
        old = (_round(a.score) if a else None, a.grade.value if a else "none", a.pace.value if a else "none")
        new = (_round(b.score) if b else None, b.grade.value if b else "none", b.pace.value if b else "none")
        if old != new:
            yield ScoreChange(oid, objectives[oid].title, old[0], new[0], old[1], new[1], old[2], new[2])


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _teams(base: State, head: State) -> Iterable[TeamChange]:
    assert base.card is not None and head.card is not None
    names = {t.id: t.name for t in (*base.site.teams, *head.site.teams)}
    keys = sorted(base.card.teams.keys() | head.card.teams.keys())
    for team, period in keys:
        a = base.card.teams.get((team, period), Aggregate())
        b = head.card.teams.get((team, period), Aggregate())
        if (a.objectives, _round(a.mean_score)) != (b.objectives, _round(b.mean_score)):
            yield TeamChange(
                team,
                names.get(team, team),
                period,
                a.objectives,
                b.objectives,
                _round(a.mean_score),
                _round(b.mean_score),
            )


def _only(these: Iterable[KPI], others: Iterable[KPI]) -> list[KPI]:
    known = {k.id for k in others}
    return sorted((k for k in these if k.id not in known), key=lambda k: k.id)


def _kpi_info(k: KPI, card: Scorecard | None) -> KPIInfo:
    state = card.kpis.get(k.id) if card is not None else None
    return KPIInfo(
        k.id, k.title, k.team, k.healthy.text if k.healthy else "", state.health.value if state else "unknown"
    )


def _kpis(base: State, head: State, b_site: Site, h_site: Site, compared: bool) -> Iterable[KPIChange]:
    old_kpis = {k.id: k for k in b_site.kpis}
    for new in sorted(h_site.kpis, key=lambda k: k.id):
        old = old_kpis.get(new.id)
        if old is None:
            continue
        fields = _fields(
            ("title", old.title, new.title),
            ("team", old.team, new.team),
            ("owner", old.owner, new.owner),
            ("unit", old.unit, new.unit),
            ("frequency", old.frequency.value, new.frequency.value),
            ("target", _dated(old), _dated(new)),
        )
        for name in ("healthy", "warning"):
            a, b = getattr(old, name), getattr(new, name)
            if same_band(a, b):
                continue
            verdict, note = band_verdict(a, b) if a is not None and b is not None else (None, "")
            fields.append(FieldChange(name, a.text if a else "–", b.text if b else "–", verdict, note))
        old_health = new_health = "unknown"
        if compared and base.card is not None and head.card is not None:
            a_state, b_state = base.card.kpis.get(new.id), head.card.kpis.get(new.id)
            old_health = a_state.health.value if a_state else "unknown"
            new_health = b_state.health.value if b_state else "unknown"
            latest = [
                f"{text(s.latest)} ({s.latest_date})" if s and s.latest else "" for s in (a_state, b_state)
            ]
            fields += _fields(("latest value", latest[0], latest[1]))
        if fields or old_health != new_health:
            yield KPIChange(new.id, new.title, old_health, new_health, tuple(fields))


def _dated(k: KPI) -> str:
    return f"{text(k.target.value)} by {k.target.by}" if k.target else ""


_LINE = re.compile(r"\blines? \d+")


def _key(d: Diagnostic) -> tuple[str, str, str, str]:
    """A diagnostic without its position: moving a line up or down is not a new problem."""
    return (d.severity.value, d.code, d.path, _LINE.sub("line N", d.message))


def diagnostics(
    base: Iterable[Diagnostic], head: Iterable[Diagnostic]
) -> tuple[tuple[DiagnosticInfo, ...], tuple[DiagnosticInfo, ...]]:
    """(new in `head`, fixed since `base`), matched by severity, code, file and message."""
    base, head = tuple(base), tuple(head)

    def missing(these: tuple[Diagnostic, ...], others: tuple[Diagnostic, ...]) -> tuple[DiagnosticInfo, ...]:
        left = Counter(_key(d) for d in others)
        out: list[DiagnosticInfo] = []
        for d in these:
            k = _key(d)
            if left[k]:
                left[k] -= 1
            else:
                out.append(DiagnosticInfo(d.severity.value, d.code, d.path, d.line, d.message))
        out.sort(key=lambda i: (i.severity != Severity.ERROR.value, i.path, i.line, i.code, i.message))
        return tuple(out)

    return missing(head, base), missing(base, head)


def _notes(base: State, head: State, compared: bool) -> Iterable[str]:
    if not base.present:
        yield f"{base.label} has no goals folder: everything in {head.label} is new."
    if not compared:
        broken = [s for s in (base, head) if s.present and s.card is None]
        for s in broken:
            yield (
                f"Scores, KPI health and team roll-ups are not compared: {s.label} has "
                f"{s.errors} error{'s' if s.errors != 1 else ''}, and a build stops at errors."
            )
