"""Schemas of the content files: objectives (with key results), KPIs, teams and people.yaml.

The keys and their order come from the tuples okrsite's readers check (`OBJECTIVE_KEYS`,
`KR_KEYS`, ...); the descriptions follow docs/format.md.
"""

from __future__ import annotations

from okrsite.fields import ID_PATTERN
from okrsite.model import Commitment, Frequency, InitiativeStatus, KRStatus, Status, Visibility
from okrsite.schema.values import (
    DOCS,
    QUANTITY_RE,
    Schema,
    boolean,
    choice,
    comparison,
    day,
    excludes,
    field,
    ident,
    ids,
    items,
    mapping,
    number,
    present,
    quantity,
    requires,
    text,
    when,
)
from okrsite.validate.files import KINDS
from okrsite.validate.keyresult import CHECKIN_KEYS, KR_KEYS
from okrsite.validate.kpi import KPI_KEYS
from okrsite.validate.objective import INITIATIVE_KEYS, OBJECTIVE_KEYS
from okrsite.validate.team import PERSON_KEYS, TEAM_KEYS

# Keys of nested mappings that the readers check inline (kpi.py); tests/test_schema.py records
# every key list okrsite checks and compares them with the schemas.
KPI_TARGET_KEYS = ("value", "by")
KPI_VALUE_KEYS = ("date", "value", "note")

VALUES = (
    "A value as people write it: `1500`, `1,500`, `80%`, `12.5k`, `$2M`, `500 kr`, `24h`, `90min`, "
    "`2:37`; a bare number takes the `unit`. `TBD` or `X` is a placeholder (a warning). "
    f"See [Values]({DOCS}#values)."
)
VALUE_EXAMPLES = ("24h", "80%", "12.5k", "$2M", 1500, "2:37")
COMPARISON = (
    '`">= 85%"`, `"< 1000"`, `"<= 2h"`, `"between 40 and 60"`, or a bare value (at least it). '
    f"Quote it: unquoted, `>` starts a YAML block. See [Comparisons]({DOCS}#comparisons)."
)


def _conflict(kind: str) -> str:
    return (
        f"'{{key}}' cannot be used with '{kind}': a key result is either measured from start to "
        "target, a maintain band, a milestone or a baseline"
    )


def _a(noun: str) -> str:
    """`an objective`, `a KPI`, `a team`."""
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _type(kind: str) -> Schema:
    others = ", ".join(f"`type: {k}`" for k in KINDS if k != kind)
    return field(
        choice(KINDS),
        f"The kind of file, when its folder says otherwise: files under `teams/` are teams, under "
        f"`kpis/` KPIs, elsewhere objectives. Needed only for {_a(kind)} file in another folder "
        f"({others} would read this file as another kind).",
        examples=[kind],
    )


def _id(example: str) -> Schema:
    return field(
        ident(),
        f"Another id than the file name (without `.md`). Ids use letters, digits, `-`, `_` and "
        f"`.`; they are shared by objectives, KPIs, teams and people. See [Ids]({DOCS}#ids).",
        examples=[example],
    )


def _visibility(what: str) -> Schema:
    return field(
        choice(v.value for v in Visibility),
        f"`public` (default) or `internal`: marks {_a(what)} not meant for the public. A public "
        f"build (`audience: public`, the default) leaves it out with everything below it; "
        f"`okrsite build --audience internal` includes it. See [Visibility]({DOCS}#visibility-and-drafts).",
        default=Visibility.PUBLIC.value,
    )


def checkin_schema() -> Schema:
    """One check-in of a key result."""
    specs = {
        "date": field(
            day(required=True),
            "The day of the measurement: `2026-01-20`. Should lie inside the objective's period, and "
            "not in the future.",
            examples=["2026-01-20"],
        ),
        "value": field(
            {
                **quantity(),
                "type": ["string", "number", "boolean", "null"],
                "pattern": rf"{QUANTITY_RE}|^\s*[Dd][Oo][Nn][Ee]\s*$",
            },
            "The measured value, in the key result's unit. For a milestone: its progress (0 to 1) or "
            "`done`. " + VALUES,
            examples=["20h", "84%", 0.5, "done"],
        ),
        "confidence": field(
            number(0, 1),
            "How likely the target is reached, from 0 to 1: `0.6` (or `60%`). Shown beside progress, "
            "never mixed into the score.",
            examples=[0.6],
        ),
        "note": field(text(), "What happened. Quote it if it contains `: ` or ` #`."),
        "by": field(ident(), "The person who checked in (a person id).", examples=["maria"]),
        "progress": field(number(0, 1), "A milestone's progress, instead of `value`: 0 to 1."),
    }
    return mapping(CHECKIN_KEYS, specs, ["date"], description="A dated measurement of a key result.")


def key_result_schema() -> Schema:
    """One key result, of any of the six kinds (which follows from the fields it has)."""
    specs = {
        "title": field(
            text(required=True),
            "What is measured, in words (required).",
            examples=["Raise CSAT from 80% to 90%"],
        ),
        "id": field(
            ident(),
            "A stable id, for `objective#id` references (`parent: double-annual-revenue#arr`). Unique "
            "within its objective.",
            examples=["arr"],
        ),
        "start": field(
            quantity(), "The value at the beginning of the period. " + VALUES, examples=VALUE_EXAMPLES
        ),
        "target": field(
            quantity(),
            "The value to reach, or a comparison to meet (a threshold key result: "
            '`target: "<= 2s"`). A target lower than the start is a decreasing key result. ' + VALUES,
            examples=["12h", "90%", "<= 2s", "500k"],
        ),
        "change": field(
            quantity(),
            "A target relative to `start`: a percentage (`-10%`: start × 0.9) or an amount in the "
            "start's unit (`+5pp`, `-2h`). Needs `start`; not with `target`.",
            examples=["-10%", "+50%", "+5pp"],
        ),
        "current": field(
            quantity(),
            "The current value, written directly; else the last check-in, else the linked KPI's "
            "latest value in the period, else `start`. " + VALUES,
            examples=["99.61%"],
        ),
        "maintain": field(
            comparison(),
            "A band to stay inside all period (a maintain key result): " + COMPARISON,
            examples=[">= 99.5%", "between 40 and 60"],
        ),
        "milestone": field(
            boolean(),
            "`true`: a done/not-done result, with `done:` or `progress:`. Not with `start`, "
            "`target`, `change` or `maintain`.",
            examples=[True],
        ),
        "done": field(boolean(), "The milestone is done: `true` or `false` (not `yes`)."),
        "progress": field(
            number(0, 1), "How far a milestone is, from 0 to 1 (`0.8`, or `80%`).", examples=[0.8]
        ),
        "baseline": field(
            boolean(),
            "`true`: the result is measuring a first value; done once one exists. Not with `target` "
            "or `change`.",
            examples=[True],
        ),
        "unit": field(
            text(),
            'The unit of bare numbers in this key result: `"%"` (quoted), a duration (`h`, `min`, '
            "`d`), a currency (`USD`, `kr`) or a label (`customers`). Not applied to `change`.",
            examples=["%", "USD", "h", "customers"],
        ),
        "owner": field(
            ident(),
            "The one person who watches this result (or a team id). Without one, the objective's "
            "owner is taken to watch it.",
            examples=["noah"],
        ),
        "contributors": field(
            ids(), "Others who work on it: people or team ids, one or a list.", examples=[["mei", "leo"]]
        ),
        "kpi": field(ident(), "A KPI this result lifts; its values serve as check-ins.", examples=["csat"]),
        "links": field(
            ids(),
            "Links to boards, documents, dashboards: one or a list.",
            examples=[["https://board.example.org/support/12"]],
        ),
        "note": field(text(), "A short remark, shown with the result."),
        "status": field(
            choice(s.value for s in KRStatus),
            "`active` (default), `dropped` or `ungraded`. Dropped and ungraded results stay visible "
            "but leave the objective's mean.",
            default=KRStatus.ACTIVE.value,
        ),
        "weight": field(
            number(0),
            "Its weight in the objective's mean: a number of 0 or more, default 1. `0` keeps it "
            "visible but out of the mean.",
            default=1,
            examples=[2],
        ),
        "due": field(day(), "A due date inside the objective's period.", examples=["2026-03-15"]),
        "score": field(
            number(0),
            "A final grade that overrides the computed score: a fraction, `0.6` (not `60`).",
            examples=[0.6],
        ),
        "checkins": field(
            items(checkin_schema()),
            f"Dated measurements, one per line: `- {{date: 2026-01-20, value: 20h, confidence: "
            f"0.6}}`. See [Check-ins]({DOCS}#check-ins).",
        ),
    }
    milestone = {"required": ["milestone"], "properties": {"milestone": {"const": True}}}
    baseline = {"required": ["baseline"], "properties": {"baseline": {"const": True}}}
    rules = [
        when(milestone, excludes(("start", "target", "change", "maintain"), _conflict("milestone"))),
        when(present("maintain"), excludes(("start", "target", "change"), _conflict("maintain"))),
        when(baseline, excludes(("target", "change"), _conflict("baseline"))),
        when(present("change"), excludes(("target",), _conflict("change"))),
        when(present("change"), requires("start", "a relative 'change' needs a 'start' to change from")),
        when(
            {"allOf": [present("start"), {"not": baseline}]},
            {
                "anyOf": [present("target"), present("change")],
                "errorMessage": "The key result has a start but no target: add 'target:' "
                "(or 'milestone: true' for a done/not-done result).",
            },
        ),
    ]
    return mapping(
        KR_KEYS,
        specs,
        ["title"],
        allOf=rules,
        description=(
            "A key result. Its kind follows from its fields: milestone (`milestone`, `done`, "
            "`progress`), maintain (`maintain`), baseline (`baseline: true`), threshold (a `target` "
            "like `<= 2s`), numeric (`start` and `target` or `change`), or unmeasured (no numbers)."
        ),
    )


def initiative_schema() -> Schema:
    """One initiative of an objective."""
    specs = {
        "title": field(text(required=True), "The work, in a few words (required)."),
        "owner": field(ident(), "A person or team id.", examples=["maria"]),
        "status": field(
            choice(s.value for s in InitiativeStatus),
            "`planned` (default), `in_progress`, `done`, `blocked` or `dropped`. `in progress` and "
            "`In-Progress` also work.",
            default=InitiativeStatus.PLANNED.value,
        ),
        "link": field(text(), "One link to the board, ticket or document."),
    }
    return mapping(INITIATIVE_KEYS, specs, ["title"], description="Work that moves the key results.")


def objective_schema() -> Schema:
    """The front matter of an objective file (`content/**/*.md` outside teams/ and kpis/)."""
    specs = {
        "type": _type("objective"),
        "id": _id("q1-cx"),
        "title": field(
            text(required=True),
            "The objective, in words: qualitative and inspiring (required).",
            examples=["Improve the customer experience on our platform"],
        ),
        "period": field(
            {"type": ["string", "integer"], "pattern": rf"^\s*{ID_PATTERN.pattern}\s*$"},
            "When it runs (required): `2026`, `2026-H1`, `2026-Q1`, `FY2026-Q3`, or a custom period "
            f"declared under `periods:` in okrsite.yaml. See [Periods]({DOCS}#periods).",
            examples=["2026-Q1", "2026", "2026-H2", "launch-window"],
        ),
        "team": field(
            ident(),
            "The owning team's id. An objective needs `team`, `owner`, or both.",
            examples=["customer-service"],
        ),
        "owner": field(
            ident(),
            "The accountable person (or a team id). An objective with an owner and no team is an "
            "individual OKR.",
            examples=["maria"],
        ),
        "parent": field(
            ids(),
            "The objective this one aligns to, or one of its key results: "
            "`most-loved-support#nps` (by id) or `most-loved-support#2` (by position). "
            f"See [References]({DOCS}#references-objectivekr-id-and-objective2).",
            examples=["most-loved-support", "double-annual-revenue#arr"],
        ),
        "parents": field(
            ids(),
            "Several parents, as a list. Use `parent` or `parents`, not both.",
            examples=[["most-loved-support", "double-annual-revenue"]],
        ),
        "commitment": field(
            choice(c.value for c in Commitment),
            "`aspirational` (default: 0.7 is success) or `committed` (1.0 is expected).",
            default=Commitment.ASPIRATIONAL.value,
        ),
        "status": field(
            choice(s.value for s in Status),
            "`active` (default), `draft` (left out of builds without `--drafts`), `closed` (graded, "
            "final) or `cancelled`.",
            default=Status.ACTIVE.value,
        ),
        "visibility": _visibility("objective"),
        "guardrails": field(
            ids(),
            "KPIs that must stay healthy while this objective pushes forward: one KPI id or a list.",
            examples=[["csat"]],
        ),
        "key_results": field(
            items(key_result_schema()),
            f"The measurable results (3 to 5 is the method's advice). See [Key results]({DOCS}#key-results).",
        ),
        "initiatives": field(
            items(initiative_schema()),
            "The work that moves the key results: `- {title: Live chat pilot, owner: noah, status: done}`.",
        ),
        "score": field(
            number(0),
            "The final grade, usually written at the end of the period; overrides the computed "
            "score. A fraction: `0.7`, not `70` (`70%` also reads as 0.7).",
            examples=[0.7],
        ),
        "carried_from": field(
            ident(), "The id of an earlier objective this one continues.", examples=["q1-remove-friction"]
        ),
    }
    both = "Use either 'parent' or 'parents', not both."
    owner = {
        "anyOf": [present("team"), present("owner")],
        "errorMessage": "The objective has neither 'team' nor 'owner'.",
    }
    return _document(
        "okrsite objective",
        f"The front matter of an objective: one OKR per file. See [Objectives]({DOCS}#objectives).",
        mapping(
            OBJECTIVE_KEYS,
            specs,
            ["title", "period"],
            allOf=[when(present("parent"), excludes(("parents",), both)), owner],
        ),
    )


def kpi_schema() -> Schema:
    """The front matter of a KPI file (`content/kpis/**/*.md`)."""
    target = mapping(
        KPI_TARGET_KEYS,
        {
            "value": field(quantity(required=True), "The value to reach. " + VALUES, examples=[1200]),
            "by": field(day(required=True), "The date to reach it by.", examples=["2026-12-31"]),
        },
        ["value", "by"],
        null=True,
    )
    value = mapping(
        KPI_VALUE_KEYS,
        {
            "date": field(
                day(required=True),
                "The day of the measurement (a time of day may follow: `2026-02-10T14:05`).",
                examples=["2026-01-31"],
            ),
            "value": field(quantity(required=True), "The measured value. " + VALUES, examples=["86%"]),
            "note": field(text(), "What happened."),
        },
        ["date", "value"],
    )
    specs = {
        "type": _type("kpi"),
        "id": _id("csat"),
        "title": field(
            text(required=True), "The metric's name (required).", examples=["Customer satisfaction (CSAT)"]
        ),
        "team": field(ident(), "The owning team.", examples=["customer-service"]),
        "owner": field(ident(), "The person (or team) who watches it.", examples=["maria"]),
        "unit": field(
            text(),
            'The unit of bare numbers in `healthy`, `warning`, `target` and the values: `"%"` '
            "(quoted), a duration, a currency or a label.",
            examples=["%", "USD", "tickets"],
        ),
        "healthy": field(
            comparison(),
            "The healthy band: inside is healthy, outside is breach (or warning, with `warning`). "
            + COMPARISON,
            examples=[">= 85%", "< 1000", "between 40 and 60"],
        ),
        "warning": field(
            comparison(),
            "The warning band, between healthy and breach; needs `healthy`. " + COMPARISON,
            examples=[">= 80%"],
        ),
        "target": field(
            target,
            "A dated target for a cumulative indicator: `{value: 1200, by: 2026-12-31}`; its status "
            "is then pace toward it.",
        ),
        "frequency": field(
            choice(f.value for f in Frequency),
            "How often a value is expected: `daily`, `weekly`, `monthly` (default), `quarterly` or "
            "`yearly`. A KPI with no value for longer (plus the grace days) is stale.",
            default=Frequency.MONTHLY.value,
        ),
        "values": field(
            items(value),
            "Dated values: `- {date: 2026-01-31, value: 86%}`, in any order.",
        ),
        "source": field(
            text(),
            "A CSV file of more values (`date,value` lines), relative to this file.",
            examples=["csat.csv"],
        ),
        "measure": field(text(), "How it is measured, in a sentence."),
        "visibility": _visibility("KPI"),
    }
    needs_healthy = requires("healthy", "'warning' needs a 'healthy' band to sit beside.")
    return _document(
        "okrsite KPI",
        f"The front matter of a KPI: one per file. See [KPIs]({DOCS}#kpis).",
        mapping(KPI_KEYS, specs, ["title"], allOf=[when(present("warning"), needs_healthy)]),
    )


def team_schema() -> Schema:
    """The front matter of a team file (`content/teams/**/*.md`)."""
    specs = {
        "type": _type("team"),
        "id": _id("cs"),
        "name": field(
            text(required=True), "The team's name as people say it (required).", examples=["Customer service"]
        ),
        "parent": field(
            ident(),
            "The team this one belongs to. None: a company, the root of the alignment tree.",
            examples=["quillmark"],
        ),
        "lead": field(ident(), "The team's lead: a person id.", examples=["maria"]),
        "members": field(ids(), "People ids: one id or a list.", examples=[["maria", "noah"]]),
        "visibility": _visibility("team"),
    }
    return _document(
        "okrsite team",
        f"The front matter of a team: one per file. See [Teams]({DOCS}#teams).",
        mapping(TEAM_KEYS, specs, ["name"]),
    )


def people_schema() -> Schema:
    """content/people.yaml: each person's id mapped to their name, or to their details."""
    person = mapping(
        PERSON_KEYS,
        {
            "name": field(text(required=True), "The person's name (required).", examples=["Maria Kowalski"]),
            "title": field(text(), "Their job title.", examples=["Head of Customer Service"]),
            "team": field(ident(), "Their team's id; it must exist.", examples=["customer-service"]),
            "email": field(text(), "Their e-mail address."),
        },
        ["name"],
    )
    entry = {
        "description": "A person: their name (`henrik: Henrik Brandt`), or their details.",
        "anyOf": [{"type": "string"}, person],
    }
    return _document(
        "okrsite people.yaml",
        "The directory of people: each key is a person's id. When it exists, every owner, lead, "
        f"member and contributor must be one of them (or a team). See [people.yaml]({DOCS}#peopleyaml).",
        {"type": ["object", "null"], "additionalProperties": entry},
    )


def _document(title: str, description: str, body: Schema) -> Schema:
    return {"title": title, **field({}, description), **body}
