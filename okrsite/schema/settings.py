"""The schema of okrsite.yaml. Keys, their order and their defaults come from okrsite.config."""

from __future__ import annotations

from dataclasses import fields

from okrsite.codes import CODES
from okrsite.config import _TOP as CONFIG_KEYS  # the keys parse_config checks
from okrsite.config import AUDIENCES, LANGUAGES, TERMS, Rules, Scoring, SiteConfig
from okrsite.fields import ID_PATTERN
from okrsite.periods import FiscalYear
from okrsite.schema.values import (
    DOCS,
    Schema,
    any_case,
    boolean,
    choice,
    day,
    field,
    mapping,
    number,
    text,
)

# Keys of nested mappings that parse_config checks inline; tests/test_schema.py records every
# key list okrsite checks and compares them with the schema.
CHECKIN_KEYS = ("cadence_days", "grace_days")
PERIOD_KEYS = ("start", "end", "title")
NAMED_BY = ("end_year", "start_year")
SEVERITIES = ("error", "warning", "off")

_RULES = {
    "min_key_results": "The fewest key results an objective should have (lint OKR301 kr-count).",
    "max_key_results": "The most key results an objective should have (lint OKR301 kr-count).",
    "min_initiatives": "The fewest initiatives an objective should have (lint OKR309 initiative-count).",
    "max_initiatives": "The most initiatives an objective should have (lint OKR309 initiative-count).",
    "max_objectives_per_team": (
        "The most objectives one team should have in one period (lint OKR306 too-many-objectives)."
    ),
    "committed_stretch": (
        "A committed key result that moves more than this share of its start is a stretch "
        "(lint OKR311 committed-stretch): 0.5 is 50%."
    ),
}
_SCORING = {
    "yellow": "A score from here up to `green` is yellow; below it, red.",
    "green": "A score from here up is green. A committed objective is green only at 1.0.",
    "aspirational_target": (
        "The score an aspirational objective is expected to reach by the end of its period."
    ),
    "at_risk": (
        "During the period, a score at most this far behind the expected score is on track; "
        "further behind is at risk."
    ),
    "off_track": "Further behind the expected score than this is off track.",
    "maintain": (
        "How a maintain key result is scored: `binary` (1 inside the band, else 0) or `partial` "
        "(the share of its measurements inside the band)."
    ),
}


def _fiscal_year() -> Schema:
    d = FiscalYear()
    specs = {
        "start_month": field(
            {**number(1, 12), "type": ["integer", "string", "null"]},
            "The month the year starts in: a whole number from 1 (January) to 12.",
            default=d.start_month,
            examples=[2],
        ),
        "named_by": field(
            choice(NAMED_BY),
            "`end_year` (default): with `start_month: 2`, 2020 runs 2019-02-01 to 2020-01-31. "
            "`start_year`: 2020 runs 2020-02-01 to 2021-01-31.",
            default=d.named_by,
        ),
    }
    return mapping(tuple(f.name for f in fields(FiscalYear)), specs, null=True)


def _periods() -> Schema:
    spec = mapping(
        PERIOD_KEYS,
        {
            "start": field(day(required=True), "The period's first day.", examples=["2026-09-01"]),
            "end": field(day(required=True), "The period's last day (included).", examples=["2026-10-31"]),
            "title": field(text(), "A title to show for the period.", examples=["Sprint 14"]),
        },
        ["start", "end"],
        null=True,
    )
    return {
        "type": ["object", "null"],
        "propertyNames": {
            "pattern": f"^{ID_PATTERN.pattern}$",
            "patternErrorMessage": "A period's name uses letters, digits, '-', '_' and '.'.",
        },
        "additionalProperties": spec,
    }


def _checkins() -> Schema:
    d = SiteConfig()
    specs = {
        "cadence_days": field(
            number(1, 366),
            "Key results should get a check-in this often, in days (1 to 366).",
            default=d.cadence_days,
        ),
        "grace_days": field(
            number(0, 366),
            "Extra days before a key result or KPI is called stale (0 to 366).",
            default=d.grace_days,
        ),
    }
    return mapping(CHECKIN_KEYS, specs, null=True)


def _rules() -> Schema:
    d = Rules()
    specs = {f.name: field(number(0), _RULES[f.name], default=getattr(d, f.name)) for f in fields(Rules)}
    return mapping(tuple(specs), specs, null=True)


def _scoring() -> Schema:
    d = Scoring()
    specs = {
        f.name: field(
            choice(("binary", "partial")) if f.name == "maintain" else number(0, 1),
            _SCORING[f.name],
            default=getattr(d, f.name),
        )
        for f in fields(Scoring)
    }
    return mapping(tuple(specs), specs, null=True)


def _lints() -> Schema:
    """Lint codes or names (any case), each mapped to a severity."""
    lints = [c for c in CODES if c.is_lint]
    words = [any_case(c.code) for c in lints] + [any_case(c.name) for c in lints]
    severity = {
        "anyOf": [
            {"type": "boolean"},
            {"type": "string", "enum": list(SEVERITIES)},
            {"type": "string", "pattern": "^(?:" + "|".join(any_case(s) for s in SEVERITIES) + ")$"},
        ],
        "errorMessage": "Use error, warning or off.",
    }
    properties: Schema = {}
    for c in lints:
        for key in (c.code, c.name):
            properties[key] = field(severity, f"{c.code} {c.name}: {c.summary} Default: {c.severity.value}.")
    return {
        "type": ["object", "null"],
        "properties": properties,
        "propertyNames": {
            "pattern": "^(?:" + "|".join(words) + ")$",
            "patternErrorMessage": "Name a lint by its code (OKR301) or its name (kr-count): only OKR3xx.",
        },
        "additionalProperties": severity,
    }


_TERM_WORDS = {
    "objective": ("an objective", "goal"),
    "objectives": ("objectives", "goals"),
    "key_result": ("a key result", "result"),
    "key_results": ("key results", "results"),
    "kpi": ("a KPI", "metric"),
    "kpis": ("KPIs", "metrics"),
    "initiative": ("an initiative", "project"),
    "initiatives": ("initiatives", "projects"),
    "team": ("a team", "department"),
    "teams": ("teams", "departments"),
    "check_in": ("a check-in", "update"),
    "check_ins": ("check-ins", "updates"),
}


def _terms() -> Schema:
    """The site's own words for its concepts: any of TERMS, each a text."""
    assert tuple(_TERM_WORDS) == tuple(TERMS)
    properties = {
        key: field(
            text(),
            f"What the site calls {what}, as written inside a sentence (`{example}`); "
            "the start of a heading gets a capital letter.",
            examples=[example],
        )
        for key, (what, example) in _TERM_WORDS.items()
    }
    return {
        "type": ["object", "null"],
        "properties": properties,
        "propertyNames": {
            "enum": list(TERMS),
            "errorMessage": "A term is one of " + ", ".join(TERMS) + ".",
        },
    }


def config_schema() -> Schema:
    """okrsite.yaml: the site's settings, every one optional."""
    d = SiteConfig()
    specs = {
        "title": field(text(), "The site's title.", default=d.title, examples=["Acme goals"]),
        "description": field(text(), "A sentence or two about the site."),
        "language": field(
            choice(LANGUAGES), "The language of the site's own words: `en`, `da` or `sv`.", default=d.language
        ),
        "base_url": field(
            text(),
            "The address the site is published at.",
            examples=["https://okrsite.github.io/okrsite/"],
        ),
        "repo_url": field(
            text(),
            "The repository's address, for 'edit this page' links.",
            examples=["https://github.com/okrsite/okrsite"],
        ),
        "edit_uri": field(
            text(),
            "The path under `repo_url` that opens a file in the editor: `edit/main/` on GitHub, "
            "`-/edit/main/` on GitLab.",
            default=d.edit_uri,
        ),
        "content_dir": field(
            text(),
            "The content folder, relative to okrsite.yaml; it must lie inside the site.",
            default=d.content_dir,
        ),
        "output_dir": field(
            text(), "Where `okrsite build` writes the site, relative to okrsite.yaml.", default=d.output_dir
        ),
        "theme": field(
            text(), "The theme: `default` (bundled) or your own under `themes/`.", default=d.theme
        ),
        "audience": field(
            choice(AUDIENCES),
            "Who the built site is for: `public` (default) leaves out every objective, KPI and team "
            "marked `visibility: internal`; `internal` includes them. `--audience` wins over it. "
            f"See [Audiences]({DOCS}#visibility-and-drafts).",
            default=d.audience,
        ),
        "snapshots": field(
            boolean(),
            "Build the frozen site of every `okrs/<period>` git tag into `snapshots/<period>/`, "
            "linked from that period's page (default true). `--no-snapshots` turns it off for one build.",
            default=d.snapshots,
        ),
        "raw_html": field(
            boolean(),
            "Allow raw HTML in Markdown bodies (default false: it is shown as text). When true it is "
            "sanitised: no scripts, event handlers, styles, frames, images or javascript: links.",
            default=d.raw_html,
        ),
        "as_of": field(
            day(),
            "The date okrsite treats as today (default: today); `--as-of` wins over it.",
            examples=["2026-11-20"],
        ),
        "fiscal_year": field(
            _fiscal_year(),
            f"When the year starts and how it is named; calendar years when absent. "
            f"See [fiscal_year]({DOCS}#fiscal_year).",
        ),
        "periods": field(
            _periods(),
            "Custom periods beside `YYYY`, `YYYY-Hn` and `YYYY-Qn`: a name mapped to "
            "`{start: 2026-09-01, end: 2026-10-31}`. Objectives then say `period: <name>`. "
            f"See [Custom periods]({DOCS}#custom-periods).",
        ),
        "checkins": field(_checkins(), "How often key results should be checked in."),
        "max_file_size": field(
            number(1000),
            "The largest content file okrsite reads, in bytes (at least 1000).",
            default=d.max_file_size,
        ),
        "rules": field(_rules(), f"The numbers behind the method's lints. See [rules]({DOCS}#rules)."),
        "scoring": field(
            _scoring(),
            f"Grade bands and pace tolerances, fractions from 0 to 1. See [scoring]({DOCS}#scoring).",
        ),
        "lints": field(
            _lints(),
            "The severity of lints (OKR3xx), by code or name: `error`, `warning` or `off`. "
            f"See [lints]({DOCS}#lints).",
            examples=[{"OKR301": "error", "initiative-count": "off"}],
        ),
        "terms": field(
            _terms(),
            "The site's own words for its concepts, in its language: `objective`, `objectives`, "
            "`key_result(s)`, `kpi(s)`, `initiative(s)`, `team(s)`, `check_in(s)`. "
            f"See [Terms]({DOCS}#terms).",
            examples=[{"objective": "goal", "objectives": "goals", "kpi": "metric", "kpis": "metrics"}],
        ),
    }
    return {
        "title": "okrsite.yaml",
        **field({}, f"The site's settings; every one is optional. See [okrsite.yaml]({DOCS}#okrsiteyaml)."),
        **mapping(CONFIG_KEYS, specs),
    }
