"""Key results of one objective on two sides: which are the same one, and what changed in each."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from okrsite.diff.bars import band_verdict, same, same_band, target_verdict, text
from okrsite.diff.model import FieldChange, KRInfo
from okrsite.model import CheckIn, KeyResult, KRKind

_SIMILAR = 0.5  # titles at least this alike (difflib ratio) are the same key result, reworded


def match(
    old: Sequence[KeyResult], new: Sequence[KeyResult]
) -> tuple[list[tuple[KeyResult, KeyResult]], list[KeyResult], list[KeyResult]]:
    """Pair the key results of two versions of an objective: by id, then by equal title, then
    by the most alike titles (ties go to the same position). Returns (pairs in HEAD's order,
    removed, added)."""
    left, right = list(old), list(new)
    pairs: list[tuple[KeyResult, KeyResult]] = []

    def take(a: KeyResult, b: KeyResult) -> None:
        pairs.append((a, b))
        left.remove(a)
        right.remove(b)

    for b in list(right):
        a = next((k for k in left if b.id and k.id == b.id), None)
        if a is not None:
            take(a, b)
    for b in list(right):
        a = next((k for k in left if k.title == b.title and not (k.id and b.id)), None)
        if a is not None:
            take(a, b)
    candidates = sorted(
        (
            (
                difflib.SequenceMatcher(None, a.title, b.title).ratio()
                + (0.05 if a.index == b.index else 0.0),
                i,
                j,
            )
            for i, a in enumerate(left)
            for j, b in enumerate(right)
            if not (a.id and b.id)  # two different ids are two different key results
        ),
        reverse=True,
    )
    used_left: set[int] = set()
    used_right: set[int] = set()
    found: list[tuple[KeyResult, KeyResult]] = []
    for ratio, i, j in candidates:
        if ratio >= _SIMILAR and i not in used_left and j not in used_right:
            used_left.add(i)
            used_right.add(j)
            found.append((left[i], right[j]))
    for a, b in found:
        take(a, b)
    pairs.sort(key=lambda p: p[1].index)
    return pairs, left, right


def info(objective: str, kr: KeyResult) -> KRInfo:
    """A key result for the added and removed lists."""
    return KRInfo(objective, kr.ref, kr.title, kr.kind.value, text(kr.start), target_text(kr), kr.owner)


def target_text(kr: KeyResult) -> str:
    """What the key result aims for, as written: `12h`, `< 2h`, `>= 99.5%`, `done`."""
    if kr.kind is KRKind.THRESHOLD and kr.comparison is not None:
        return kr.comparison.text
    if kr.kind is KRKind.MAINTAIN and kr.band is not None:
        return kr.band.text
    if kr.kind is KRKind.MILESTONE:
        return "done"
    if kr.kind is KRKind.BASELINE:
        return "a first measurement"
    return text(kr.target)


def changes(old: KeyResult, new: KeyResult) -> tuple[FieldChange, ...]:
    """What differs between two versions of a key result, bars first."""
    out: list[FieldChange] = []
    if old.kind is not new.kind:
        out.append(FieldChange("kind", old.kind.value, new.kind.value))
    if not same(old.start, new.start):
        out.append(FieldChange("start", text(old.start) or "–", text(new.start) or "–"))
    out.extend(_target(old, new))
    out.extend(_plain(old, new))
    last_old, last_new = _last(old.checkins), _last(new.checkins)
    if last_old != last_new:
        out.append(FieldChange("latest check-in", last_old or "–", last_new or "–"))
    return tuple(out)


def _target(old: KeyResult, new: KeyResult) -> list[FieldChange]:
    if KRKind.MAINTAIN in (old.kind, new.kind):
        if old.kind is new.kind and old.band is not None and new.band is not None:
            if same_band(old.band, new.band):
                return []
            verdict, note = band_verdict(old.band, new.band)
            return [FieldChange("maintain", old.band.text, new.band.text, verdict, note)]
        return [FieldChange("target", target_text(old) or "–", target_text(new) or "–")]
    if _same_target(old, new):
        return []
    if target_text(old) == target_text(new) and old.kind is not new.kind:
        return []
    verdict, note = target_verdict(old, new)
    return [FieldChange("target", target_text(old) or "–", target_text(new) or "–", verdict, note)]


def _same_target(old: KeyResult, new: KeyResult) -> bool:
    if old.kind is not new.kind:
        return False
    if old.kind is KRKind.THRESHOLD:
        return same_band(old.comparison, new.comparison)
    return same(old.target, new.target)


def _plain(old: KeyResult, new: KeyResult) -> list[FieldChange]:
    out: list[FieldChange] = []
    pairs: list[tuple[str, str, str]] = [
        ("title", old.title, new.title),
        ("owner", old.owner, new.owner),
        ("contributors", ", ".join(old.contributors), ", ".join(new.contributors)),
        ("kpi", old.kpi, new.kpi),
        ("weight", f"{old.weight:g}", f"{new.weight:g}"),
        ("due", str(old.due or ""), str(new.due or "")),
        ("current", text(old.current), text(new.current)),
        ("done", _yes(old.done), _yes(new.done)),
        ("progress", _frac(old.progress), _frac(new.progress)),
        ("score", _frac(old.score), _frac(new.score)),
    ]
    for name, a, b in pairs:
        if a != b:
            out.append(FieldChange(name, a or "–", b or "–"))
    if old.status is not new.status:
        note = "it leaves the objective's score" if new.status.value != "active" else "it counts again"
        out.append(FieldChange("status", old.status.value, new.status.value, None, note))
    if old.id != new.id:  # one side has none: two different ids are never paired
        out.append(FieldChange("id", old.id or "–", new.id or "–"))
    return out


def _last(checkins: Sequence[CheckIn]) -> str:
    """The latest check-in as `2026-11-16: 9h` ('' when there is none)."""
    if not checkins:
        return ""
    c = max(checkins, key=lambda c: c.date)
    if c.value is not None:
        value = text(c.value)
    elif c.progress is not None:
        value = "done" if c.progress >= 1 else f"{c.progress:g}"
    else:
        value = "–"
    return f"{c.date}: {value}"


def _yes(flag: bool | None) -> str:
    return "" if flag is None else ("yes" if flag else "no")


def _frac(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
