"""Key results and their check-ins: one mapping in, a `KeyResult` and diagnostics out."""

from __future__ import annotations

from okrsite.config import Rules
from okrsite.fields import Fields
from okrsite.model import CheckIn, KeyResult, KRKind, KRStatus
from okrsite.periods import Period
from okrsite.quantity import Kind, Quantity, format_plain, is_placeholder, relative_target
from okrsite.thresholds import Threshold

KR_KEYS = (
    "title",
    "id",
    "start",
    "target",
    "change",
    "current",
    "maintain",
    "milestone",
    "done",
    "progress",
    "baseline",
    "unit",
    "owner",
    "contributors",
    "kpi",
    "links",
    "note",
    "status",
    "weight",
    "due",
    "checkins",
    "score",
)
CHECKIN_KEYS = ("date", "value", "confidence", "note", "by", "progress")
_COMPARISON_START = (">", "<", "≥", "≤", "=>", "=<")


def _kr_id(f: Fields) -> str:
    """The key result's `id:`. An id of digits only is reported, since `objective#2` means the
    second key result; it is kept, so that a reference can tell both readings apart."""
    kr_id = f.ident("id")
    if kr_id.isascii() and kr_id.isdigit():
        f.error(
            "OKR113",
            "id",
            f"the key result id '{kr_id}' is only digits, but 'objective#{kr_id}' means the key "
            f"result at position {kr_id}",
            f"give it a name like 'kr-{kr_id}'",
        )
    return kr_id


def read_key_result(f: Fields, index: int, period: Period | None, committed: bool, rules: Rules) -> KeyResult:
    """Read one key result; every problem is recorded on `f`'s file."""
    f.check_keys(KR_KEYS)
    title = f.text("title", "what the key result measures")
    unit = f.text("unit")
    kind, parts = _measure(f, unit)
    status = KRStatus(f.choice("status", [s.value for s in KRStatus], "active"))
    weight = f.number("weight", 0)
    progress = f.number("progress", 0, 1)
    score = f.number("score", 0)
    if score is not None and score > 1.5:
        f.error(
            "OKR315",
            "score",
            f"a score of {score:g} is outside 0..1",
            "scores are fractions: write 0.7 for 70%",
        )
    checkins = _checkins(f, kind, unit, period)
    kr = KeyResult(
        index=index,
        id=_kr_id(f),
        title=title,
        kind=kind,
        line=f.line("title") if f.has("title") else f.ctx.line(f.data.mark[0]),
        unit=unit,
        owner=f.ident("owner"),
        contributors=tuple(i for i, _ in f.ids("contributors")),
        kpi=f.ident("kpi"),
        links=f.links("links"),
        note=f.text("note"),
        status=status,
        weight=1.0 if weight is None else weight,
        due=f.day("due"),
        score=score,
        progress=progress,
        done=f.boolean("done"),
        checkins=checkins,
        **parts,  # type: ignore[arg-type]
    )
    _check_units(f, kr)
    _check_due(f, kr, period)
    if committed and kind is KRKind.NUMERIC:
        _committed_stretch(f, kr, rules)
    return kr


def _measure(f: Fields, unit: str) -> tuple[KRKind, dict[str, object]]:
    """Work out the KR's kind from which fields are present, and read those fields."""
    present = {k for k in ("start", "target", "change", "maintain", "milestone", "baseline") if f.has(k)}
    current = f.quantity("current", unit)
    if f.boolean("milestone") or (
        not present & {"start", "target", "change", "maintain"} and (f.has("done") or f.has("progress"))
    ):
        _conflicts(f, "milestone", present & {"start", "target", "change", "maintain"})
        return KRKind.MILESTONE, {}
    if "maintain" in present:
        _conflicts(f, "maintain", present & {"start", "target", "change"})
        band = f.threshold("maintain", unit)
        return KRKind.MAINTAIN, {"band": band, "current": current}
    if f.boolean("baseline"):
        _conflicts(f, "baseline", present & {"target", "change"})
        return KRKind.BASELINE, {"current": current, "start": f.quantity("start", unit)}
    start = f.quantity("start", unit)
    raw_target = f.raw("target")
    if isinstance(raw_target, str) and raw_target.strip().startswith(_COMPARISON_START):
        _conflicts(f, "target", present & {"change"})
        comparison = f.threshold("target", unit)
        return KRKind.THRESHOLD, {"start": start, "comparison": comparison, "current": current}
    if "change" in present:
        _conflicts(f, "change", present & {"target"})
        change = f.quantity("change", "")
        if start is None:
            if not f.has("start") or not is_placeholder(f.raw("start")):
                f.required("start", "a relative 'change' needs a start to change from")
            return KRKind.NUMERIC, {"current": current}
        if change is None:
            return KRKind.NUMERIC, {"start": start, "current": current}
        if change.kind is not Kind.PERCENT and change.unit != "pp" and not change.compatible(start):
            f.error(
                "OKR105",
                "change",
                f"'change' is {change.describe()} ({change.text!r}) but the start "
                f"is {start.describe()} ({start.text!r})",
                "write a relative change like -10%, or an amount in the start's unit",
            )
            return KRKind.NUMERIC, {"start": start, "current": current}
        return KRKind.NUMERIC, {"start": start, "target": relative_target(start, change), "current": current}
    target = f.quantity("target", unit)
    if target is None:
        if present & {"target", "start"} or current is not None:
            if not present & {"target"}:
                f.error(
                    "OKR103",
                    "target",
                    "the key result has a start but no target",
                    "add 'target:' (or 'milestone: true' for a done/not-done result)",
                    value=False,
                )
            return KRKind.NUMERIC, {"start": start, "current": current}
        f.error(
            "OKR303",
            "title",
            "this key result has no numbers: it cannot be measured",
            "give it 'start:' and 'target:', a 'maintain:' band, or 'milestone: true'",
            value=False,
        )
        return KRKind.UNMEASURED, {}
    assumed = False
    if start is None and not f.has("start"):
        f.error(
            "OKR305",
            "target",
            "a target with no start: progress is measured from 0",
            "add 'start:' with the value at the beginning of the period",
            value=False,
        )
        start = Quantity(0.0, target.kind, target.unit, "0")
        assumed = True
    return KRKind.NUMERIC, {"start": start, "target": target, "current": current, "start_assumed": assumed}


def _conflicts(f: Fields, key: str, others: set[str]) -> None:
    for other in sorted(others):
        f.error(
            "OKR112",
            other,
            f"'{other}' cannot be used with '{key}'",
            f"a key result is either measured from start to target, a maintain band, a "
            f"milestone or a baseline; remove '{other}' or '{key}'",
            value=False,
        )


def _checkins(f: Fields, kind: KRKind, unit: str, period: Period | None) -> tuple[CheckIn, ...]:
    out: list[CheckIn] = []
    for _, c in f.items("checkins", "a check-in with date and value"):
        c.check_keys(CHECKIN_KEYS)
        day = c.day("date", "the day of the measurement")
        value: Quantity | None = None
        progress = c.number("progress", 0, 1)
        raw = c.raw("value")
        if kind is KRKind.MILESTONE:
            if raw is True or (isinstance(raw, str) and raw.strip().lower() == "done"):
                progress = 1.0
            elif raw is not None:
                progress = c.number("value", 0, 1)
        elif raw is not None:
            value = c.quantity("value", unit)
        elif progress is None:
            c.required("value", "the measured value")
        confidence = c.number("confidence", 0, 1, code="OKR107", type_code="OKR107")
        if day is None:
            continue
        if period is not None and not period.contains_day(day):
            c.error(
                "OKR310",
                "date",
                f"check-in dated {day} lies outside {period.key} ({period.start} to {period.end})",
                "move it to the objective of that period",
            )
        out.append(CheckIn(day, value, progress, confidence, c.text("note"), c.ident("by"), c.line("date")))
    out.sort(key=lambda ci: ci.date)
    return tuple(out)


def _check_units(f: Fields, kr: KeyResult) -> None:
    """Every quantity of one KR must be in one unit, or progress cannot be computed."""
    anchor = kr.target or kr.start or _first_bound(kr.comparison) or _first_bound(kr.band)
    if anchor is None:
        return
    named: list[tuple[str, Quantity | None]] = [("start", kr.start), ("current", kr.current)]
    if kr.comparison is not None:
        named += [("target", q) for q in kr.comparison.quantities()]
    if kr.band is not None:
        named += [("maintain", q) for q in kr.band.quantities()]
    if not f.has("change"):
        named.append(("target", kr.target))
    for key, q in named:
        if q is not None and q is not anchor and not q.compatible(anchor):
            _mismatch(f, key, q, anchor)
    start, target = kr.start, kr.target
    if start and target and start.compatible(target) and start.value == target.value:
        f.error(
            "OKR106",
            "target" if f.has("target") else "change",
            f"the target equals the start ({format_plain(start)}): progress is undefined",
            "a key result moves a number: set a different target, "
            "or use 'maintain:' to keep a value where it is",
        )
    for i, c in enumerate(kr.checkins):
        if c.value is not None and not c.value.compatible(anchor):
            f.ctx.add(
                "OKR105",
                (c.line - f.ctx.offset, 1),
                f"{f.name('checkins')}[{i + 1}].value",
                f"check-in value {c.value.text!r} is {c.value.describe()}, but the key "
                f"result is in {anchor.describe()}",
                f"write it like {anchor.text!r}",
            )


def _mismatch(f: Fields, key: str, q: Quantity, anchor: Quantity) -> None:
    hint = f"write both in one unit, like {anchor.text!r}"
    if anchor.kind is Kind.DURATION and q.kind is Kind.NUMBER:
        hint = f"a duration needs its unit: write '{q.text}h', '{q.text}min' or '{q.text}d'"
    f.error(
        "OKR105",
        key,
        f"'{key}' is {q.describe()} ({q.text!r}) but the key result is in "
        f"{anchor.describe()} ({anchor.text!r})",
        hint,
    )


def _first_bound(t: Threshold | None) -> Quantity | None:
    return t.low if t is not None else None


def _check_due(f: Fields, kr: KeyResult, period: Period | None) -> None:
    if kr.due is not None and period is not None and not period.contains_day(kr.due):
        f.error(
            "OKR310",
            "due",
            f"due date {kr.due} lies outside {period.key}",
            "a key result is due inside its objective's period",
        )


def _committed_stretch(f: Fields, kr: KeyResult, rules: Rules) -> None:
    if kr.start is None or kr.target is None or kr.start.value == 0 or kr.start_assumed:
        return
    jump = abs(kr.target.value - kr.start.value) / abs(kr.start.value)
    if jump > rules.committed_stretch:
        f.error(
            "OKR311",
            "target",
            f"a committed key result that moves {jump:.0%} from its start",
            f"committed OKRs are expected in full; a jump over {rules.committed_stretch:.0%} "
            "is a stretch: make the objective aspirational, or the target nearer",
            value=False,
        )
