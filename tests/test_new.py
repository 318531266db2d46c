"""`okrsite new objective|kpi|team`: valid files from flags, and clear refusals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrsite.check import check
from okrsite.fields import slugify
from okrsite.scaffold.init import quarter_of
from okrsite.scaffold.text import yaml_scalar
from okrsite.yamlread import read_yaml
from tests.conftest import run_cli

NASTY = [
    "Legal review: 9 days",
    "#1 in NPS",
    'Raise "CSAT" to 90%',
    "It's the customers' year",
    "no",
    "2:37",
    "1e3",
    "2026-03-31",
    "- starts with a dash",
    "[Bracketed] start, {braces} too",
    "* star, & ampersand, ! bang, % percent, @ at, ` tick",
    "? question",
    ">= 85% of tickets",
    "| pipe",
    "Ends with a colon:",
    "Øresund — nordisk vækst 💥",
    "back\\slash",
    "null",
    "~",
]


def files_of(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in root.rglob("*") if p.is_file()}


def codes(root: Path, path: str) -> list[str]:
    return [d.code for d in check(root).diagnostics if d.path == path]


# Each kind ------------------------------------------------------------------------------------


def test_new_objective_from_flags(site: Path) -> None:
    result = run_cli(
        "new", "objective", "--path", site,
        "--title", "Answer every chat within a minute",
        "--team", "customer-service",
        "--period", "2026-q4",
        "--parent", "most-loved-support",
        "--commitment", "committed",
    )  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    path = "content/objectives/2026-Q4/answer-every-chat-within-a-minute.md"
    assert f"Created {path} (id answer-every-chat-within-a-minute)." in result.output
    assert "OKR304" in result.output and "note: The 3 key results have placeholder values" in result.output
    assert "Owner: maria, the lead of customer-service" in result.output
    objective = next(o for o in check(site).site.objectives if o.id == "answer-every-chat-within-a-minute")
    assert (objective.title, objective.period.key, objective.team, objective.owner) == (
        "Answer every chat within a minute",
        "2026-Q4",
        "customer-service",
        "maria",
    )
    assert objective.commitment.value == "committed"
    assert [str(p) for p in objective.parents] == ["most-loved-support"]
    assert len(objective.key_results) == 3 and len(objective.initiatives) == 3
    # Only the placeholders are reported: start and target of each key result.
    assert codes(site, path) == ["OKR304"] * 6
    assert run_cli("check", site).exit_code == 0


def test_new_objective_defaults_to_this_quarter_and_aligns_to_a_key_result(site: Path) -> None:
    result = run_cli(
        "new", "objective", "--path", site, "--title", "Grow", "--team", "quillmark", "--owner", "astrid",
        "--parent", "most-loved-support#1", "--draft",
    )  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    path = site / "content" / "objectives" / quarter_of(date.today()).key / "grow.md"
    text = path.read_text()
    assert "parent: most-loved-support#1\n" in text and "status: draft" in text
    assert "note: It is a draft" in result.output


def test_new_kpi_from_flags(site: Path) -> None:
    result = run_cli(
        "new",
        "kpi",
        "--path",
        site,
        "--title",
        "Net revenue retention",
        "--team",
        "sales",
        "--owner",
        "carlos",
    )
    assert result.exit_code == 0, result.output + result.stderr
    path = "content/kpis/net-revenue-retention.md"
    kpi = next(k for k in check(site).site.kpis if k.id == "net-revenue-retention")
    assert (kpi.title, kpi.team, kpi.owner) == ("Net revenue retention", "sales", "carlos")
    # What the author still has to add: a threshold and a first value.
    assert sorted(codes(site, path)) == ["OKR312", "OKR316"]
    assert "OKR316" in result.output and "note: The KPI has no threshold" in result.output


def test_new_team_from_flags(site: Path) -> None:
    result = run_cli(
        "new",
        "team",
        "--path",
        site,
        "--title",
        "Data & Analytics",
        "--parent",
        "engineering",
        "--lead",
        "ravi",
    )
    assert result.exit_code == 0, result.output + result.stderr
    path = "content/teams/data-and-analytics.md"
    team = next(t for t in check(site).site.teams if t.id == "data-and-analytics")
    assert (team.name, team.parent, team.lead, team.members) == (
        "Data & Analytics",
        "engineering",
        "ravi",
        ("ravi",),
    )
    assert codes(site, path) == []
    root_team = run_cli("new", "team", "--path", site, "--title", "Quillmark Health", "--id", "qhealth")
    assert root_team.exit_code == 0 and "it is a company" in root_team.output


def test_new_works_in_a_fresh_scaffold(tmp_path: Path) -> None:
    assert run_cli("init", tmp_path).exit_code == 0
    result = run_cli(
        "new",
        "objective",
        "--path",
        tmp_path,
        "--title",
        "Win the Nordics",
        "--team",
        "customer-service",
        "--parent",
        "improve-customer-experience",
    )
    assert result.exit_code == 0, result.output + result.stderr
    assert "OKR302" in result.output and "Nobody owns the key results yet" in result.output


# Titles and ids -------------------------------------------------------------------------------


@pytest.mark.parametrize("title", NASTY)
def test_nasty_titles_round_trip(site: Path, title: str) -> None:
    result = run_cli(
        "new",
        "objective",
        "--path",
        site,
        "--title",
        title,
        "--team",
        "quillmark",
        "--id",
        "nasty",
        "--period",
        "2026-Q4",
    )
    assert result.exit_code == 0, result.output + result.stderr
    objective = next(o for o in check(site).site.objectives if o.id == "nasty")
    assert objective.title == title
    assert set(codes(site, "content/objectives/2026-Q4/nasty.md")) == {"OKR304"}


def test_titles_are_written_on_one_line(site: Path) -> None:
    result = run_cli("new", "kpi", "--path", site, "--title", "  Tickets\nper\tweek  ")
    assert result.exit_code == 0, result.output + result.stderr
    assert next(k for k in check(site).site.kpis if k.id == "tickets-per-week").title == "Tickets per week"


@settings(deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_any_text_reads_back_as_written(text: str) -> None:
    for line in (f"value: {yaml_scalar(text)}\n", f"- title: {yaml_scalar(text)}\n"):
        parsed = read_yaml(line)
        assert parsed.problem is None, (text, line)
        value = parsed.value["value"] if isinstance(parsed.value, dict) else parsed.value[0]["title"]
        assert value == text


def test_plain_when_safe_quoted_when_not() -> None:
    assert yaml_scalar("Improve the customer experience") == "Improve the customer experience"
    assert yaml_scalar("1,500 leads") == "1,500 leads"
    assert yaml_scalar("Legal review: 9 days") == '"Legal review: 9 days"'
    assert yaml_scalar('Say "hi"') == '"Say \\"hi\\""'
    assert yaml_scalar("no") == '"no"'  # text to okrsite, but false to YAML 1.1 tools
    assert yaml_scalar("a\u2028b") == '"a\\u2028b"'


def test_slugs() -> None:
    assert slugify("Øresund: 20% more visits!") == "oresund-20-more-visits"
    assert slugify("Straße für Kunden") == "strasse-fur-kunden"
    assert slugify("Q3 — grow NPS from 50 to 60") == "q3-grow-nps-from-50-to-60"
    assert slugify("€€€") == ""
    assert len(slugify("word " * 40)) <= 60


# Refusals -------------------------------------------------------------------------------------


def refused(site: Path, *args: str) -> str:
    before = files_of(site)
    result = run_cli("new", *args, "--path", site)
    assert result.exit_code == 2, result.output + result.stderr
    assert "Nothing was written." in result.stderr and "Traceback" not in result.stderr
    assert files_of(site) == before
    return result.stderr


def test_refuses_to_overwrite(site: Path) -> None:
    message = refused(site, "kpi", "--title", "CSAT")
    assert "content/kpis/csat.md already exists; choose another --id, or edit that file" in message


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("objective", "--title", "Maria", "--team", "sales"), "the id 'maria' is already used by the person 'maria' in content/people.yaml"),
        (("objective", "--title", "x", "--id", "CSAT", "--team", "sales"), "the id 'CSAT' is already used by 'csat' in content/kpis/csat.md"),
        (("kpi", "--title", "Sales"), "the id 'sales' is already used by 'sales' in content/teams/sales.md"),
        (("team", "--title", "Most loved support"), "already used by 'most-loved-support' in content/objectives/2026/most-loved-support.md"),
        (("objective", "--title", "x", "--id", "bad id"), "--id 'bad id' is not a valid id"),
        (("team", "--title", "€€€"), "cannot make an id from the title '€€€'; give one with --id"),
        (("objective", "--title", "x", "--team", "customer-servce"), "--team 'customer-servce' does not exist; did you mean 'customer-service'?"),
        (("kpi", "--title", "x", "--team", "zzz"), "--team 'zzz' does not exist; the teams are: customer-service, engineering"),
        (("objective", "--title", "x", "--team", "sales", "--parent", "double-anual-revenue"), "--parent 'double-anual-revenue' is not an objective; did you mean 'double-annual-revenue'?"),
        (("objective", "--title", "x", "--team", "sales", "--parent", "double-annual-revenue#nope"), "double-annual-revenue has no key result 'nope'; its key results: double-annual-revenue#"),
        (("objective", "--title", "x", "--team", "sales", "--period", "Q1 2026"), "--period 'Q1 2026': expected a period like 2026, 2026-H1 or 2026-Q3, or one of the periods declared in okrsite.yaml (launch-window)"),
        (("objective", "--title", "x", "--team", "sales", "--period", "2026-H3"), "a year has two halves"),
        (("objective", "--title", "x"), "an objective needs --team (the owning team) or --owner"),
        (("objective", "--title", "x", "--owner", "mariа"), "--owner 'mariа' is not an id"),
        (("objective", "--title", "x", "--owner", "marie"), "--owner 'marie' is not a person in content/people.yaml nor a team; did you mean 'maria'?"),
        (("team", "--title", "x", "--lead", "sales"), "--lead 'sales' is not a person in content/people.yaml"),
        (("team", "--title", "x", "--parent", "salse"), "--parent 'salse' is not a team; did you mean 'sales'?"),
        (("objective", "--title", " "), "--title is empty"),
    ],
)  # fmt: skip
def test_refusals_say_why_and_what_would_work(site: Path, args: tuple[str, ...], says: str) -> None:
    assert says in " ".join(refused(site, *args).split())


def test_a_team_in_a_site_without_teams(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"okrsite.yaml": "title: Empty\n", "content/notes.txt": "nothing yet\n"})
    message = refused(root, "objective", "--title", "x", "--team", "sales")
    assert "the site has no teams yet; create it first with okrsite new team" in message
    assert run_cli("new", "team", "--path", root, "--title", "Sales").exit_code == 0
    assert (
        run_cli("new", "objective", "--path", root, "--title", "Sell more", "--team", "sales").exit_code == 0
    )


def test_flags_of_another_kind_and_bad_choices_are_usage_errors(site: Path) -> None:
    assert run_cli("new", "kpi", "--path", site, "--title", "x", "--period", "2026").exit_code == 2
    assert run_cli("new", "objective", "--path", site, "--title", "x", "--commitment", "maybe").exit_code == 2
    assert run_cli("new", "objective", "--path", site).exit_code == 2
    assert run_cli("new", "goal", "--path", site, "--title", "x").exit_code == 2


def test_new_outside_a_goals_repository(tmp_path: Path) -> None:
    result = run_cli("new", "kpi", "--title", "x", "--path", tmp_path)
    assert result.exit_code == 2 and "holds neither okrsite.yaml nor a content/ folder" in result.stderr


def test_the_content_folder_comes_from_okrsite_yaml(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site(
        {"okrsite.yaml": "content_dir: ./goals/\n", "goals/teams/acme.md": "---\nname: Acme\n---\n"}
    )
    result = run_cli(
        "new",
        "objective",
        "--path",
        root,
        "--title",
        "Grow",
        "--team",
        "acme",
        "--owner",
        "bo",
        "--period",
        "2026",
    )
    assert result.exit_code == 0, result.output + result.stderr
    assert (root / "goals" / "objectives" / "2026" / "grow.md").is_file()
    assert "Created goals/objectives/2026/grow.md" in result.output
    assert "'acme' in goals/teams/acme.md" in refused(root, "kpi", "--title", "Acme")


def test_a_broken_okrsite_yaml_is_fixed_first(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site(
        {"okrsite.yaml": "content_dir: /elsewhere\n", "content/teams/acme.md": "---\nname: Acme\n---\n"}
    )
    assert "okrsite.yaml has errors; fix them first" in refused(root, "kpi", "--title", "x")
