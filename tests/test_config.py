"""okrsite.yaml: defaults, every section, and mistakes reported at their line."""

from __future__ import annotations

from datetime import date

from okrsite.check import check
from okrsite.config import SiteConfig, parse_config
from tests.conftest import run_cli


def test_defaults_without_a_file() -> None:
    config, diags = parse_config(None)
    assert config == SiteConfig() and diags == ()
    assert (config.cadence_days, config.grace_days, config.content_dir) == (14, 3, "content")


def test_every_section_is_read() -> None:
    config, diags = parse_config(
        "title: T\nlanguage: da\ncontent_dir: ./goals/\nas_of: 2026-03-01\n"
        "fiscal_year: {start_month: 2, named_by: start_year}\n"
        "periods: {sprint-1: {start: 2026-01-05, end: 2026-01-18}}\n"
        "checkins: {cadence_days: 7, grace_days: 0}\n"
        "rules: {max_key_results: 6, committed_stretch: 0.3}\n"
        "scoring: {green: 0.8, maintain: partial}\nlints: {kr-count: error, OKR309: off, OKR313: true}\n"
    )
    assert diags == ()
    assert config.language == "da" and config.content_dir == "goals" and config.as_of == date(2026, 3, 1)
    assert (config.fiscal_year.start_month, config.fiscal_year.named_by) == (2, "start_year")
    assert config.periods["sprint-1"].days == 14
    assert (config.cadence_days, config.grace_days) == (7, 0)
    assert (config.rules.max_key_results, config.rules.committed_stretch) == (6, 0.3)
    assert (config.scoring.green, config.scoring.maintain) == (0.8, "partial")
    assert dict(config.lints) == {"OKR301": "error", "OKR309": "off", "OKR313": "warning"}


def test_mistakes_point_at_their_line() -> None:
    _, diags = parse_config(
        "title: T\ncontent_dir: /etc\nlints:\n  kr-owners: off\n  OKR101: off\nscoring: {yellow: 0.9}\n"
    )
    diags = tuple(sorted(diags, key=lambda d: d.line))
    got = [(d.line, d.code) for d in diags]
    assert got == [(2, "OKR116"), (4, "OKR116"), (5, "OKR116"), (6, "OKR116")]
    assert "did you mean 'kr-owner'?" in diags[1].hint


def test_missing_content_folder_is_an_error(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"okrsite.yaml": "content_dir: goals\n"})
    result = check(root)
    assert [(d.path, d.code) for d in result.diagnostics] == [("okrsite.yaml", "OKR116")]
    assert run_cli("check", root).exit_code == 1


def test_csv_header_after_a_comment(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site(
        {
            "content/teams/acme.md": "---\nname: Acme\n---\n",
            "content/kpis/k.md": '---\ntitle: K\nhealthy: ">= 5"\nsource: k.csv\n---\n',
            "content/kpis/k.csv": "# exported from the BI tool\ndate,value\n2026-01-31,6\n",
        }
    )
    result = check(root, date(2026, 2, 1))
    assert result.diagnostics == ()
    assert [p.value.value for p in result.site.kpis[0].values] == [6]


def test_period_names_must_fit_in_a_url() -> None:
    config, diags = parse_config(
        "periods:\n  'sprint 1': {start: 2026-01-05, end: 2026-01-18}\n  ok-1: {start: 2026-01-05, end: 2026-01-18}\n"
    )
    assert [(d.line, d.code) for d in diags] == [(2, "OKR113")]
    assert list(config.periods) == ["ok-1"]
