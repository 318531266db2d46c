"""Objective files: front matter in, an `Objective` and diagnostics out."""

from __future__ import annotations

from datetime import date

from okrsite.config import SiteConfig
from okrsite.fields import Fields
from okrsite.model import (
    Commitment,
    Initiative,
    InitiativeStatus,
    KeyResult,
    Objective,
    ParentRef,
    Source,
    Status,
    Visibility,
)
from okrsite.periods import Period, PeriodError, PeriodKind, parse_period
from okrsite.validate.keyresult import read_key_result
from okrsite.validate.wikilinks import wiki_links

OBJECTIVE_KEYS = (
    "type",
    "id",
    "title",
    "period",
    "team",
    "owner",
    "parent",
    "parents",
    "commitment",
    "status",
    "visibility",
    "guardrails",
    "key_results",
    "initiatives",
    "score",
    "carried_from",
)
INITIATIVE_KEYS = ("title", "owner", "status", "link")
UNKNOWN_PERIOD = Period(date.min, date.max, "?", PeriodKind.CUSTOM)


def read_objective(
    f: Fields, oid: str, source: Source, body: str, body_line: int, config: SiteConfig
) -> Objective:
    """Read an objective. One with a bad title or period is still returned (titled by its id,
    in the `UNKNOWN_PERIOD`), so its references are checked too; the errors stop any build."""
    f.check_keys(OBJECTIVE_KEYS)
    title = f.text("title", "the objective, in words")
    period = read_period(f, config)
    team = f.ident("team")
    owner = f.ident("owner")
    if not team and not owner and not (f.has("team") or f.has("owner")):
        f.ctx.add(
            "OKR211",
            f.data.mark,
            "team",
            "the objective has neither 'team' nor 'owner'",
            "add 'team: <team-id>' for a team OKR, or 'owner: <person-id>' for a personal one",
        )
    commitment = Commitment(f.choice("commitment", [c.value for c in Commitment], "aspirational"))
    krs = []
    for i, kf in f.items("key_results", "a key result with a title, start and target"):
        krs.append(read_key_result(kf, i, period, commitment is Commitment.COMMITTED, config.rules))
    _unique_kr_ids(f, krs)
    score = f.number("score", 0)
    if score is not None and score > 1.5:
        f.error(
            "OKR315",
            "score",
            f"a score of {score:g} is outside 0..1",
            "scores are fractions: write 0.7 for 70%",
        )
    return Objective(
        id=oid,
        title=title or oid,
        period=period or UNKNOWN_PERIOD,
        source=source,
        team=team,
        owner=owner,
        parents=_parents(f),
        commitment=commitment,
        status=Status(f.choice("status", [s.value for s in Status], "active")),
        visibility=Visibility(f.choice("visibility", [v.value for v in Visibility], "public")),
        guardrails=tuple(i for i, _ in f.ids("guardrails")),
        key_results=tuple(krs),
        initiatives=_initiatives(f),
        score=score,
        carried_from=f.ident("carried_from"),
        body=body,
        body_line=body_line,
        wiki_links=wiki_links(body, body_line),
    )


def _unique_kr_ids(f: Fields, krs: list[KeyResult]) -> None:
    """`objective#id` must name one key result."""
    seen: dict[str, int] = {}
    for kr in krs:
        if not kr.id:
            continue
        if kr.id in seen:
            f.ctx.add(
                "OKR201",
                _kr_id_mark(f, kr.index),
                f"key_results[{kr.index}].id",
                f"key result {kr.index} has the id '{kr.id}', like key result {seen[kr.id]}",
                "a reference 'objective#id' must name one key result: give each its own id",
            )
        else:
            seen[kr.id] = kr.index


def _kr_id_mark(f: Fields, index: int) -> tuple[int, int]:
    items = f.data["key_results"]
    mark: tuple[int, int] = items[index - 1].value_marks.get("id", items.item_marks[index - 1])
    return mark


def read_period(f: Fields, config: SiteConfig) -> Period | None:
    """The `period:` field, in the site's fiscal calendar."""
    raw = f.raw("period")
    if raw is None:
        f.required("period", "when the objective runs: 2026, 2026-H1, 2026-Q1")
        return None
    try:
        return parse_period(raw, config.fiscal_year, config.periods)
    except PeriodError as exc:
        hint = (
            "declare it under 'periods:' in okrsite.yaml, with a start and an end"
            if isinstance(raw, str) and not any(ch.isdigit() for ch in raw)
            else "write the year, then the half or quarter: 2026, 2026-H1, 2026-Q3"
        )
        f.error("OKR109", "period", str(exc), hint)
        return None


def _parents(f: Fields) -> tuple[ParentRef, ...]:
    if f.has("parent") and f.has("parents"):
        f.error(
            "OKR112",
            "parents",
            "use either 'parent' or 'parents', not both",
            "'parents: [a, b]' holds several",
            value=False,
        )
    refs = f.ids("parent") + f.ids("parents")
    out: list[ParentRef] = []
    for ref, line in refs:
        objective, _, kr = ref.partition("#")
        out.append(ParentRef(objective.strip(), kr.strip(), line))
    return tuple(out)


def _initiatives(f: Fields) -> tuple[Initiative, ...]:
    out: list[Initiative] = []
    for _, i in f.items("initiatives", "an initiative with a title"):
        i.check_keys(INITIATIVE_KEYS)
        status = InitiativeStatus(i.choice("status", [s.value for s in InitiativeStatus], "planned"))
        title = i.text("title", "the work, in a few words")
        if title:
            out.append(Initiative(title, i.ident("owner"), status, i.link("link")))
    return tuple(out)
