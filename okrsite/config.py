"""Site settings from okrsite.yaml: a frozen `SiteConfig`, and diagnostics for what is wrong."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from okrsite.codes import CODES, lookup
from okrsite.diagnostics import Diagnostic
from okrsite.fields import ID_PATTERN, Fields, FileContext, suggest
from okrsite.periods import FiscalYear, Period, custom_period
from okrsite.yamlread import LocDict, read_yaml

CONFIG_FILE = "okrsite.yaml"
LANGUAGES = ("en", "da", "sv")


@dataclass(frozen=True, slots=True)
class Rules:
    """The numbers behind the method's lints."""

    min_key_results: int = 3
    max_key_results: int = 5
    min_initiatives: int = 3
    max_initiatives: int = 5
    max_objectives_per_team: int = 5
    committed_stretch: float = 0.5  # a committed KR moving more than 50% of its start is a stretch


@dataclass(frozen=True, slots=True)
class Scoring:
    """Grade bands, pace tolerances and the aspirational success mark."""

    yellow: float = 0.4
    green: float = 0.7
    aspirational_target: float = 0.7
    at_risk: float = 0.10
    off_track: float = 0.25
    maintain: str = "binary"  # binary: 1 inside the band, else 0 | partial: distance-scaled


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Everything okrsite.yaml can set, with defaults for a site that has no okrsite.yaml."""

    title: str = "Goals"
    description: str = ""
    language: str = "en"
    base_url: str = ""
    repo_url: str = ""
    edit_uri: str = "edit/main/"
    content_dir: str = "content"
    output_dir: str = "public"
    theme: str = "default"
    audience: str = "public"  # public: items marked `visibility: internal` are left out of the build
    snapshots: bool = True  # build the frozen sites of `okrs/<period>` git tags into snapshots/
    raw_html: bool = False  # raw HTML in Markdown bodies: off (escaped), or on and sanitised (nh3)
    as_of: date | None = None
    fiscal_year: FiscalYear = field(default_factory=FiscalYear)
    periods: Mapping[str, Period] = field(default_factory=lambda: MappingProxyType({}))
    cadence_days: int = 14
    grace_days: int = 3
    max_file_size: int = 1_000_000
    rules: Rules = field(default_factory=Rules)
    scoring: Scoring = field(default_factory=Scoring)
    lints: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    terms: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # see TERMS


_TOP = (
    "title",
    "description",
    "language",
    "base_url",
    "repo_url",
    "edit_uri",
    "content_dir",
    "output_dir",
    "theme",
    "audience",
    "snapshots",
    "raw_html",
    "as_of",
    "fiscal_year",
    "periods",
    "checkins",
    "max_file_size",
    "rules",
    "scoring",
    "lints",
    "terms",
)

TERMS = {
    "objective": "objective",
    "objectives": "objectives",
    "key_result": "key result",
    "key_results": "key results",
    "kpi": "KPI",
    "kpis": "KPIs",
    "initiative": "initiative",
    "initiatives": "initiatives",
    "team": "team",
    "teams": "teams",
    "check_in": "check-in",
    "check_ins": "check-ins",
}
"""The concepts a site may call by its own words (`terms: {objective: goal, objectives: goals}`),
with their English words; the others keep the language's words (okrsite.site.i18n,
docs/languages.md)."""


def parse_config(text: str | None) -> tuple[SiteConfig, tuple[Diagnostic, ...]]:
    """Read okrsite.yaml's text (None when the file is absent) into a config and diagnostics."""
    ctx = FileContext(CONFIG_FILE)
    if text is None or not text.strip():
        return SiteConfig(), ()
    result = read_yaml(text)
    if result.problem is not None:
        p = result.problem
        ctx.add(p.code, (p.line, p.col), "", f"invalid YAML: {p.message}", p.advice)
        return SiteConfig(), tuple(ctx.diagnostics)
    for dup in result.duplicates:
        ctx.add(
            "OKR005",
            (dup.line, dup.col),
            dup.key,
            f"'{dup.key}' is set twice (first on line {dup.first_line}); the last one would win",
        )
    if not isinstance(result.value, LocDict):
        ctx.add("OKR004", (1, 1), "", "okrsite.yaml should be a mapping of settings")
        return SiteConfig(), tuple(ctx.diagnostics)
    f = Fields(ctx, result.value)
    f.check_keys(_TOP)
    config = _build(f)
    return config, tuple(ctx.diagnostics)


def _build(f: Fields) -> SiteConfig:
    d = SiteConfig()
    language = f.choice("language", LANGUAGES, d.language)
    fiscal = _fiscal(f)
    checkins = f.mapping("checkins")
    cadence, grace = d.cadence_days, d.grace_days
    if checkins is not None:
        checkins.check_keys(("cadence_days", "grace_days"))
        given_cadence = checkins.number("cadence_days", 1, 366)
        given_grace = checkins.number("grace_days", 0, 366)
        cadence = cadence if given_cadence is None else int(given_cadence)
        grace = grace if given_grace is None else int(given_grace)
    size = f.number("max_file_size", 1000)
    return SiteConfig(
        title=f.text("title") or d.title,
        description=f.text("description"),
        language=language,
        base_url=f.text("base_url"),
        repo_url=f.text("repo_url").rstrip("/"),
        edit_uri=f.text("edit_uri") or d.edit_uri,
        content_dir=_site_folder(
            f, "content_dir", d.content_dir, "the folder that holds teams/ and objectives/"
        ),
        output_dir=_site_folder(
            f, "output_dir", d.output_dir, "where the site is written; --out takes any folder"
        ),
        theme=f.text("theme") or d.theme,
        audience=f.choice("audience", AUDIENCES, d.audience),
        snapshots=_flag(f.boolean("snapshots"), d.snapshots),
        raw_html=_flag(f.boolean("raw_html"), d.raw_html),
        as_of=f.day("as_of"),
        fiscal_year=fiscal,
        periods=MappingProxyType(_periods(f)),
        cadence_days=cadence,
        grace_days=grace,
        max_file_size=int(size) if size else d.max_file_size,
        rules=_rules(f),
        scoring=_scoring(f),
        lints=MappingProxyType(_lints(f)),
        terms=MappingProxyType(_terms(f)),
    )


AUDIENCES = ("public", "internal")
"""Who a build is for: `public` leaves out everything marked `visibility: internal`."""


def _flag(value: bool | None, default: bool) -> bool:
    return default if value is None else value


def _site_folder(f: Fields, key: str, default: str, what: str) -> str:
    """A folder inside the site, normalised (`./content/` is `content`): a settings file, which
    anyone with a pull request can change, never points a build at folders outside the site."""
    raw = f.text(key)
    if not raw:
        return default
    norm = posixpath.normpath(raw.replace("\\", "/"))
    if posixpath.isabs(norm) or norm in ("..", ".") or norm.startswith("../") or re.match(r"[A-Za-z]:", norm):
        f.error(
            "OKR116",
            key,
            f"'{key}' must be a folder inside the site, got {raw!r}",
            f"give a relative path such as '{default}' ({what})",
        )
        return default
    return norm


def _fiscal(f: Fields) -> FiscalYear:
    fy = f.mapping("fiscal_year")
    if fy is None:
        return FiscalYear()
    fy.check_keys(("start_month", "named_by"))
    month = fy.number("start_month", 1, 12, code="OKR116")
    if month is not None and not month.is_integer():
        fy.error("OKR116", "start_month", "'start_month' must be a whole month number, 1 to 12")
        month = None
    named = fy.choice("named_by", ("end_year", "start_year"), "end_year")
    return FiscalYear(int(month or 1), named)


MAX_PERIOD_YEARS = 20
"""The longest custom period: the roadmap has a page for every year an objective's period covers."""


def _periods(f: Fields) -> dict[str, Period]:
    periods = f.mapping("periods")
    out: dict[str, Period] = {}
    if periods is None:
        return out
    for name in periods.data:
        if not ID_PATTERN.fullmatch(str(name)):
            periods.error(
                "OKR113",
                str(name),
                f"'{name}' cannot name a period: it becomes part of the period's URL",
                "use letters, digits, '-', '_' and '.', like 'launch-window'",
                value=False,
            )
            continue
        spec = periods.mapping(str(name))
        if spec is None:
            continue
        spec.check_keys(("start", "end", "title"))
        start = spec.day("start", "the period's first day")
        end = spec.day("end", "the period's last day")
        if start and end:
            if end < start:
                spec.error("OKR116", "end", f"period '{name}' ends ({end}) before it starts ({start})")
            elif (end - start).days > MAX_PERIOD_YEARS * 366:
                spec.error(
                    "OKR116",
                    "end",
                    f"period '{name}' runs from {start} to {end}, longer than {MAX_PERIOD_YEARS} years",
                    "a period is a span to reach goals in: split it, or check the years for a typo",
                )
            else:
                out[str(name)] = custom_period(str(name), start, end)
    return out


def _rules(f: Fields) -> Rules:
    r = f.mapping("rules")
    d = Rules()
    if r is None:
        return d
    names = (
        "min_key_results",
        "max_key_results",
        "min_initiatives",
        "max_initiatives",
        "max_objectives_per_team",
        "committed_stretch",
    )
    r.check_keys(names)
    values: dict[str, float] = {}
    for name in names:
        number = r.number(name, 0)
        if number is not None:
            values[name] = number
    ints = {k: int(v) for k, v in values.items() if k != "committed_stretch"}
    return Rules(
        **{**{k: getattr(d, k) for k in names if k != "committed_stretch"}, **ints},
        committed_stretch=values.get("committed_stretch", d.committed_stretch),
    )


def _scoring(f: Fields) -> Scoring:
    s = f.mapping("scoring")
    d = Scoring()
    if s is None:
        return d
    s.check_keys(("yellow", "green", "aspirational_target", "at_risk", "off_track", "maintain"))

    def frac(key: str, default: float) -> float:
        value = s.number(key, 0, 1)
        return default if value is None else value

    scoring = Scoring(
        yellow=frac("yellow", d.yellow),
        green=frac("green", d.green),
        aspirational_target=frac("aspirational_target", d.aspirational_target),
        at_risk=frac("at_risk", d.at_risk),
        off_track=frac("off_track", d.off_track),
        maintain=s.choice("maintain", ("binary", "partial"), d.maintain),
    )
    if scoring.yellow > scoring.green:
        s.error("OKR116", "yellow", "the yellow band must start below the green one")
    if scoring.at_risk > scoring.off_track:
        s.error("OKR116", "at_risk", "'at_risk' must be smaller than 'off_track'")
    return scoring


def _terms(f: Fields) -> dict[str, str]:
    terms = f.mapping("terms")
    if terms is None:
        return {}
    terms.check_keys(TERMS)
    return {key: text for key in TERMS if (text := terms.text(key))}


def _lints(f: Fields) -> dict[str, str]:
    lints = f.mapping("lints")
    out: dict[str, str] = {}
    if lints is None:
        return out
    for key, value in lints.data.items():
        rule = lookup(str(key))
        if isinstance(value, bool):  # `kr-count: true` turns a lint on at its default severity
            level = "off" if not value else (rule.severity.value if rule else "")
        else:
            level = str(value).lower()
        if rule is None:
            lints.error(
                "OKR116",
                str(key),
                f"no rule is called '{key}'",
                suggest(str(key), [c.name for c in CODES if c.is_lint])
                if not str(key).upper().startswith("OKR")
                else "name a lint by code (OKR301) or name (kr-count); docs/diagnostics.md lists them",
                value=False,
            )
        elif not rule.is_lint:
            lints.error(
                "OKR116",
                str(key),
                f"{rule.code} ({rule.name}) is not a lint and cannot be changed",
                "only the OKR3xx lints are configurable; errors always stop a build",
            )
        elif level not in ("error", "warning", "off"):
            lints.error("OKR110", str(key), f"'{value}' is not a severity", "use error, warning or off")
        else:
            out[rule.code] = level
    return out
