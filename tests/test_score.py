"""Scoring: every key-result kind, objective grades, pace, roll-ups, KPI health, explanations."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrsite.check import check
from okrsite.config import SiteConfig
from okrsite.model import CheckIn, KeyResult, KRKind, Objective, Source
from okrsite.periods import FiscalYear, parse_period
from okrsite.quantity import parse_quantity
from okrsite.score import score
from okrsite.score.keyresult import score_kr
from okrsite.score.model import Grade, Health, Pace, Scorecard, Trend

Q1 = parse_period("2026-Q1", FiscalYear())
TEAM = "---\nname: Acme\n---\n"


def kr_score(
    start: str,
    target: str,
    current: str | None = None,
    checkins: tuple[tuple[str, str], ...] = (),
    as_of: date = date(2026, 3, 31),
) -> tuple[float | None, float | None]:
    kr = KeyResult(
        index=1,
        id="",
        title="t",
        kind=KRKind.NUMERIC,
        line=1,
        start=parse_quantity(start),
        target=parse_quantity(target),
        current=parse_quantity(current) if current is not None else None,
        checkins=tuple(CheckIn(date.fromisoformat(d), parse_quantity(v)) for d, v in checkins),
    )
    o = Objective(id="o", title="o", period=Q1, source=Source("x.md"), key_results=(kr,))
    s = score_kr(kr, o, {}, SiteConfig(), as_of)
    return s.progress, s.score


def site_score(
    write_site: Callable[[dict[str, str]], Path],
    objectives: dict[str, str],
    as_of: date,
    extra: dict[str, str] | None = None,
) -> Scorecard:
    files = {"content/teams/acme.md": TEAM, **(extra or {})}
    files.update({f"content/objectives/{k}.md": textwrap.dedent(v) for k, v in objectives.items()})
    result = check(write_site(files), as_of)
    assert result.errors == 0, [d.message for d in result.diagnostics]
    return score(result.site, result.config, result.as_of)


# Worked examples from the method ----------------------------------------------------------
def test_response_time_24h_to_12h_at_15h_scores_075() -> None:
    assert kr_score("24h", "12h", "15h") == (pytest.approx(0.75), pytest.approx(0.75))


def test_csat_80_to_90_at_86_scores_06() -> None:
    assert kr_score("80%", "90%", "86%")[1] == pytest.approx(0.6)


def test_committed_at_09_at_period_end_is_a_missed_commitment(write_site) -> None:  # type: ignore[no-untyped-def]
    card = site_score(
        write_site,
        {
            "c": """
        ---
        title: Committed
        period: 2026-Q1
        team: acme
        commitment: committed
        key_results:
          - {title: Deals, start: 0, target: 10, current: 9, owner: a}
        ---
        """
        },
        date(2026, 4, 2),
    )
    s = card.objectives["c"]
    assert s.score == pytest.approx(0.9)
    assert s.missed_commitment and s.pace is Pace.FINAL and s.grade is Grade.YELLOW


def test_aspirational_at_07_at_period_end_is_green(write_site) -> None:  # type: ignore[no-untyped-def]
    card = site_score(
        write_site,
        {
            "a": """
        ---
        title: Stretch
        period: 2026-Q1
        team: acme
        key_results:
          - {title: Deals, start: 0, target: 10, current: 7, owner: a}
        ---
        """
        },
        date(2026, 4, 2),
    )
    s = card.objectives["a"]
    assert (s.score, s.grade, s.missed_commitment) == (pytest.approx(0.7), Grade.GREEN, False)


# Key-result kinds and edges ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "target", "current", "progress", "clamped"),
    [
        ("24h", "12h", "24h", 0.0, 0.0),  # start = current
        ("0", "100", "127", 1.27, 1.0),  # over-achievement kept raw, score clamped
        ("50", "60", "49", -0.1, 0.0),  # went backwards
        ("-10", "10", "0", 0.5, 0.5),  # negative values
        ("-5", "-10", "-7.5", 0.5, 0.5),  # decreasing, negative
        ("0", "$500k", "$125k", 0.25, 0.25),  # from zero, currency
        ("2:37", "3:45", "3:11", 0.5, 0.5),  # m:ss durations
        ("5%", "4.5%", "4.6%", 0.8, 0.8),  # percentages, decreasing
    ],
)
def test_numeric_progress(start: str, target: str, current: str, progress: float, clamped: float) -> None:
    p, s = kr_score(start, target, current)
    assert p == pytest.approx(progress) and s == pytest.approx(clamped)


def test_current_comes_from_the_last_checkin_on_or_before_as_of() -> None:
    checkins = (("2026-01-10", "20h"), ("2026-02-10", "15h"), ("2026-03-20", "12h"))
    assert kr_score("24h", "12h", checkins=checkins, as_of=date(2026, 2, 28))[1] == pytest.approx(0.75)
    assert kr_score("24h", "12h", checkins=checkins, as_of=date(2026, 3, 31))[1] == 1.0
    assert kr_score("24h", "12h", checkins=(), as_of=date(2026, 3, 31))[1] == 0.0  # falls back to start


@given(st.floats(-1000, 1000), st.floats(-1000, 1000))
def test_increasing_progress_is_monotone_and_bounded(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    s_lo = kr_score("0", "100", str(round(lo, 3)))[1]
    s_hi = kr_score("0", "100", str(round(hi, 3)))[1]
    assert s_lo is not None and s_hi is not None
    assert 0 <= s_lo <= s_hi <= 1


@given(st.floats(0, 48), st.floats(0, 48))
def test_decreasing_progress_is_anti_monotone(a: float, b: float) -> None:
    lo, hi = sorted((round(a, 2), round(b, 2)))
    s_lo = kr_score("24h", "12h", f"{lo}h")[1]
    s_hi = kr_score("24h", "12h", f"{hi}h")[1]
    assert s_lo is not None and s_hi is not None
    assert 0 <= s_hi <= s_lo <= 1


@given(st.integers(0, 48 * 60))
def test_progress_does_not_depend_on_the_unit(minutes: int) -> None:
    in_hours = kr_score("24h", "12h", f"{minutes / 60}h")[0]
    in_minutes = kr_score("1440min", "720min", f"{minutes}min")[0]
    assert in_hours == pytest.approx(in_minutes)


KINDS = """
---
title: Every kind
period: 2026-Q1
team: acme
owner: ana
key_results:
  - {title: Page load, start: 3s, target: "<= 2s", current: 2.5s}
  - {title: Page load met, target: "<= 2s", current: 1.8s}
  - {title: Uptime, maintain: ">= 99.5%", current: 99.7%}
  - {title: Uptime low, maintain: ">= 99.5%", current: 99.1%}
  - {title: Error band, maintain: "between 1% and 3%", current: 3.5%}
  - {title: Lab, milestone: true, done: true}
  - {title: Guide, milestone: true, progress: 0.4}
  - title: Flow
    milestone: true
    checkins: [{date: 2026-02-01, value: 0.5}, {date: 2026-03-01, value: done}]
  - {title: Baseline, baseline: true, checkins: [{date: 2026-02-01, value: 47min}]}
  - {title: No baseline yet, baseline: true}
  - {title: Churn, start: 5%, change: -10%, current: 4.75%}
  - {title: Dropped, start: 0, target: 10, current: 0, status: dropped}
  - {title: Overridden, start: 0, target: 10, current: 1, score: 0.9}
  - {title: Words only}
  - {title: Latency cap, maintain: "<= 200ms", current: 250ms}
  - {title: Latency ok, maintain: "<= 200ms", current: 150ms}
  - {title: Error band low, maintain: "between 1% and 3%", current: 0.5%}
---
"""


def test_every_kind_scores_by_its_rule(write_site) -> None:  # type: ignore[no-untyped-def]
    card = site_score(write_site, {"kinds": KINDS}, date(2026, 3, 15))
    krs = card.objectives["kinds"].key_results
    scores = [k.score for k in krs]
    assert scores[:13] == pytest.approx([0.5, 1.0, 1.0, 0.0, 0.0, 1.0, 0.4, 1.0, 1.0, 0.0, 0.5, 0.0, 0.9])
    assert krs[13].score is None and not krs[13].counted
    assert [k.score for k in krs[14:]] == [0.0, 1.0, 0.0]  # maintain bands fail on either side
    assert not krs[11].counted  # dropped: visible, left out of the mean
    assert "milestone" in str(krs[6].explanation[0])


def test_maintain_partial_is_the_share_of_measurements_in_band(write_site) -> None:  # type: ignore[no-untyped-def]
    card = site_score(
        write_site,
        {
            "m": """
        ---
        title: Keep it up
        period: 2026-Q1
        team: acme
        key_results:
          - title: Uptime
            maintain: ">= 99.5%"
            owner: ana
            checkins:
              - {date: 2026-01-31, value: 99.9%}
              - {date: 2026-02-28, value: 99.2%}
              - {date: 2026-03-31, value: 99.6%}
              - {date: 2026-03-31, value: 99.7%}
        ---
        """
        },
        date(2026, 4, 1),
        {"okrsite.yaml": "scoring: {maintain: partial}\n"},
    )
    assert card.objectives["m"].key_results[0].score == pytest.approx(0.75)


def test_kpi_linked_kr_reads_the_kpi_inside_the_period(write_site) -> None:  # type: ignore[no-untyped-def]
    kpi = """---
title: CSAT
healthy: ">= 85%"
warning: ">= 80%"
values:
  - {date: 2025-12-31, value: 80%}
  - {date: 2026-01-31, value: 83%}
  - {date: 2026-02-28, value: 86%}
  - {date: 2026-03-31, value: 88%}
---
"""
    card = site_score(
        write_site,
        {
            "k": """
        ---
        title: Happier customers
        period: 2026-Q1
        team: acme
        guardrails: [csat]
        key_results:
          - {title: CSAT, start: 80%, target: 90%, kpi: csat, owner: ana}
        ---
        """
        },
        date(2026, 3, 15),
        {"content/kpis/csat.md": kpi},
    )
    o = card.objectives["k"]
    kr = o.key_results[0]
    assert (kr.current_source, kr.score) == ("kpi", pytest.approx(0.6))
    assert kr.last_checkin == date(2026, 2, 28)
    assert o.guardrails[0].health is Health.HEALTHY
    state = card.kpis["csat"]
    assert (state.health, state.trend, state.trend_good) == (Health.HEALTHY, Trend.UP, True)


@pytest.mark.parametrize(
    ("healthy", "warning", "value", "health"),
    [
        (">= 85%", ">= 80%", "86%", Health.HEALTHY),
        (">= 85%", ">= 80%", "82%", Health.WARNING),
        (">= 85%", ">= 80%", "79%", Health.BREACH),
        ("< 1000", "", "1200", Health.BREACH),
        ("between 40 and 60", "", "50", Health.HEALTHY),
    ],
)
def test_kpi_health(write_site, healthy: str, warning: str, value: str, health: Health) -> None:  # type: ignore[no-untyped-def]
    kpi = f'---\ntitle: K\nhealthy: "{healthy}"\n' + (f'warning: "{warning}"\n' if warning else "")
    kpi += f"values:\n  - {{date: 2026-01-31, value: {value}}}\n---\n"
    card = site_score(write_site, {}, date(2026, 2, 1), {"content/kpis/k.md": kpi})
    assert card.kpis["k"].health is health
    assert not card.kpis["k"].stale
    later = site_score(write_site, {}, date(2026, 6, 1), {"content/kpis/k.md": kpi})
    assert later.kpis["k"].stale


PACE = """
---
title: Paced
period: 2026-Q1
team: acme
commitment: {commitment}
key_results:
  - {{title: Deals, start: 0, target: 100, current: {current}, owner: a}}
---
"""


@pytest.mark.parametrize(
    ("commitment", "current", "as_of", "pace"),
    [
        ("aspirational", 30, date(2026, 2, 14), Pace.ON_TRACK),  # 45 of 90 days: expected 0.35
        ("aspirational", 20, date(2026, 2, 14), Pace.AT_RISK),
        ("aspirational", 5, date(2026, 2, 14), Pace.OFF_TRACK),
        ("committed", 38, date(2026, 2, 14), Pace.AT_RISK),  # expected 0.5
        ("committed", 45, date(2026, 2, 14), Pace.ON_TRACK),
        ("aspirational", 0, date(2025, 12, 1), Pace.NOT_STARTED),
        ("aspirational", 10, date(2026, 4, 1), Pace.FINAL),
    ],
)
def test_pace(write_site, commitment: str, current: int, as_of: date, pace: Pace) -> None:  # type: ignore[no-untyped-def]
    card = site_score(write_site, {"p": PACE.format(commitment=commitment, current=current)}, as_of)
    s = card.objectives["p"]
    assert s.pace is pace
    if pace not in (Pace.FINAL, Pace.NOT_STARTED):
        assert "elapsed" in str(s.explanation[-1].rule)


def test_stale_key_results(write_site) -> None:  # type: ignore[no-untyped-def]
    objective = """
        ---
        title: Stale
        period: 2026-Q1
        team: acme
        key_results:
          - {title: A, start: 0, target: 10, owner: a, checkins: [{date: 2026-01-05, value: 1}]}
          - {title: B, start: 0, target: 10, owner: a, checkins: [{date: 2026-02-20, value: 1}]}
        ---
        """
    card = site_score(write_site, {"s": objective}, date(2026, 3, 1))
    assert [k.stale for k in card.objectives["s"].key_results] == [True, False]
    after = site_score(write_site, {"s": objective}, date(2026, 4, 10))
    assert after.objectives["s"].stale_krs == 0  # the period is over: nothing to update


ALIGN = {
    "company": "---\ntitle: Company\nperiod: 2026\nteam: acme\nkey_results:\n  - {title: K, id: k, start: 0, target: 10, current: 5, owner: a}\n---\n",
    "other": "---\ntitle: Other\nperiod: 2026\nteam: acme\nkey_results:\n  - {title: K, start: 0, target: 10, current: 2, owner: a}\n---\n",
    "group": "---\ntitle: Grouping\nperiod: 2026\nteam: acme\n---\n",
    "child": "---\ntitle: Child\nperiod: 2026-Q1\nteam: acme\nparents: [company#k, other, group]\nkey_results:\n  - {title: K, start: 0, target: 10, current: 8, owner: a}\n---\n",
    "child2": "---\ntitle: Child 2\nperiod: 2026-Q1\nteam: acme\nparent: company\nkey_results:\n  - {title: K, start: 0, target: 10, current: 4, owner: a}\n---\n",
}


def test_aligned_scores_count_each_child_once_per_parent(write_site) -> None:  # type: ignore[no-untyped-def]
    card = site_score(write_site, ALIGN, date(2026, 2, 1))
    o = card.objectives
    assert o["company"].score == pytest.approx(0.5)  # its own KRs; never mixed with the aligned
    assert o["company"].aligned_score == pytest.approx(0.6) and o["company"].aligned_count == 2
    assert o["other"].aligned_score == pytest.approx(0.8)
    assert (o["group"].score, o["group"].score_source) == (pytest.approx(0.8), "aligned")
    team = card.teams[("acme", "2026-Q1")]
    assert team.objectives == 2 and team.mean_score == pytest.approx(0.6)
    period = card.periods["2026-Q1"]
    assert period.aggregate.objectives == 2 and period.teams_with == ("acme",)


def test_too_safe_flag(write_site) -> None:  # type: ignore[no-untyped-def]
    full = "---\ntitle: T{n}\nperiod: 2026-Q1\nteam: acme\nkey_results:\n  - {{title: K, start: 0, target: 1, current: 1, owner: a}}\n---\n"
    card = site_score(write_site, {f"t{n}": full.format(n=n) for n in range(2)}, date(2026, 4, 5))
    assert card.periods["2026-Q1"].too_safe_teams == ("acme",)
    assert card.teams[("acme", "2026-Q1")].too_safe
