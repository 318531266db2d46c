"""The JSON Schemas catch real mistakes, accept what okrsite accepts, and stay in step with the
keys okrsite reads (the schemas themselves and the command: tests/test_schema.py)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import okrsite.fields
from okrsite import schema as schemas
from okrsite.config import _TOP
from okrsite.fields import Fields
from okrsite.schema import content as content_schemas
from okrsite.validate.files import kind_of
from okrsite.validate.keyresult import CHECKIN_KEYS, KR_KEYS
from okrsite.validate.kpi import KPI_KEYS
from okrsite.validate.objective import INITIATIVE_KEYS, OBJECTIVE_KEYS
from okrsite.validate.team import PERSON_KEYS, TEAM_KEYS
from tests.conftest import run_cli
from tests.test_schema import BROKEN, FILE_LOCAL, errors, schema_name

# The schemas catch real mistakes ----------------------------------------------------------------
OBJECTIVE = {
    "title": "Improve the customer experience",
    "period": "2026-Q1",
    "team": "customer-service",
    "key_results": [{"title": "Raise CSAT", "start": "80%", "target": "90%"}],
}


PROBES = {
    "objective": "content/objectives/probe.md",
    "kpi": "content/kpis/probe.md",
    "team": "content/teams/probe.md",
    "people": "content/people.yaml",
    "config": "okrsite.yaml",
}


def okrsite_finds(tmp_path: Path, name: str, data: dict[str, Any]) -> set[str]:
    """The codes okrsite check reports about `data` on its own, written as a file of the base site."""
    site = tmp_path / "site"
    shutil.copytree(BROKEN / "_base", site)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    rel = PROBES[name]
    (site / rel).write_text(f"---\n{text}---\n" if rel.endswith(".md") else text, encoding="utf-8")
    report = run_cli("check", "--format", "json", site).json()
    return {d["code"] for d in report["diagnostics"] if d["path"] == rel and FILE_LOCAL.match(d["code"])}


def objective(**changes: Any) -> dict[str, Any]:
    return {**json.loads(json.dumps(OBJECTIVE)), **changes}


def kr(**fields: Any) -> dict[str, Any]:
    return objective(key_results=[{"title": "A result", **fields}])


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("objective", {**objective(), "titel": "x"}, "'titel' was unexpected"),
        ("objective", objective(commitment="maybe"), "maybe"),
        ("objective", objective(key_results=[{"start": 1, "target": 2}]), "'title' is a required property"),
        ("objective", {k: v for k, v in OBJECTIVE.items() if k != "period"}, "'period' is a required"),
        ("objective", {k: v for k, v in OBJECTIVE.items() if k != "team"}, "team"),
        ("objective", objective(parent="a", parents=["b"]), "parents"),
        ("objective", objective(period="Q1 2026"), "Q1 2026"),
        ("objective", objective(owner="Maria Jensen"), "Maria Jensen"),
        ("objective", objective(status="done"), "done"),
        ("objective", kr(milestone=True, target=5), "target"),
        ("objective", kr(maintain=">= 99%", start="99%"), "start"),
        ("objective", kr(baseline=True, change="-10%"), "change"),
        ("objective", kr(start=5, change="-10%", target=4), "target"),
        ("objective", kr(change="-10%"), "start"),
        ("objective", kr(start="24h"), "target"),
        ("objective", kr(start=0, target="ten"), "ten"),
        ("objective", kr(milestone="yes"), "yes"),
        ("objective", kr(start=0, target=6, weight=-1), "-1"),
        ("objective", kr(start=0, target=6, due="2026-3-31"), "2026-3-31"),
        ("objective", kr(start=0, target=6, checkins=[{"value": 3}]), "'date' is a required"),
        (
            "objective",
            kr(start=0, target=6, checkins=[{"date": "2026-01-10", "value": 3, "confidence": 2}]),
            "2",
        ),
        ("objective", kr(start=0, target=6, checkins=[{"date": "2026-01-10", "vaule": 3}]), "vaule"),
        ("objective", objective(initiatives=[{"title": "Pilot", "status": "ongoing"}]), "ongoing"),
        ("objective", objective(initiatives=["Pilot"]), "Pilot"),
        ("kpi", {"title": "CSAT", "warning": ">= 80%"}, "healthy"),
        ("kpi", {"title": "CSAT", "frequency": "hourly"}, "hourly"),
        ("kpi", {"title": "CSAT", "target": {"value": 1200}}, "'by' is a required"),
        ("kpi", {"title": "CSAT", "values": [{"date": "2026-01-31"}]}, "'value' is a required"),
        ("kpi", {"title": "CSAT", "healthy": "about right"}, "about right"),
        ("team", {"name": "Sales", "lead": ["maria"]}, "maria"),
        ("team", {"nmae": "Sales"}, "'name' is a required"),
        ("people", {"maria": {"title": "Head of Sales"}}, "maria"),
        ("people", {"maria": {"name": "Maria", "phone": "1"}}, "phone"),
        ("config", {"language": "de"}, "de"),
        ("config", {"fiscal_year": {"start_month": 13}}, "13"),
        ("config", {"periods": {"sprint 1": {"start": "2026-01-05", "end": "2026-01-18"}}}, "sprint 1"),
        ("config", {"periods": {"s1": {"start": "2026-01-05"}}}, "'end' is a required"),
        ("config", {"lints": {"OKR101": "off"}}, "OKR101"),
        ("config", {"lints": {"kr-count": "loud"}}, "loud"),
        ("config", {"scoring": {"green": 70}}, "70"),
        ("config", {"checkins": {"cadence": 7}}, "cadence"),
    ],
)
def test_a_mistake_is_flagged(name: str, data: dict[str, Any], says: str, tmp_path: Path) -> None:
    found = errors(name, data)
    assert found, f"{name} schema accepts {data}"
    assert says in "\n".join(found)
    assert okrsite_finds(tmp_path, name, data), "only what okrsite rejects is flagged"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("objective", objective(commitment="Committed", status=" draft", visibility="INTERNAL")),
        ("objective", objective(owner=None, parent="most-loved-support#2", period=2026)),
        ("objective", objective(initiatives=[{"title": "Pilot", "status": "In progress"}])),
        ("objective", kr(milestone=True, done=False, progress="80%")),
        ("objective", kr(milestone=False, start="", target=None, done=True)),
        ("objective", kr(maintain=">= 99.5%", start=None, current="99.7%")),
        ("objective", kr(baseline=True, start="40min")),
        ("objective", kr(target="<= 2s")),
        (
            "objective",
            kr(start="5%", change="-10%", checkins=[{"date": "2026-02-10T14:05", "value": "4.8%"}]),
        ),
        ("objective", kr(milestone=True, checkins=[{"date": "2026-01-10", "value": "done"}])),
        ("objective", kr(start="TBD", target="X", score="60%", weight=0)),
        ("kpi", {"title": 2026, "healthy": 50, "warning": "between 40 and 60"}),
        ("kpi", {"title": "CSAT", "warning": None, "target": {"value": "1.2k", "by": "2026-12-31"}}),
        ("people", {"henrik": "Henrik Brandt", "maria": {"name": "Maria", "team": "sales"}}),
        ("config", {"lints": {"okr301": "Error", "KR-Count": False}, "scoring": {"maintain": "Partial"}}),
        ("config", {"fiscal_year": {"start_month": "2"}, "periods": {"2026-Q2": None}}),
    ],
)
def test_what_okrsite_accepts_passes(name: str, data: dict[str, Any], tmp_path: Path) -> None:
    assert okrsite_finds(tmp_path, name, data) == set()
    assert errors(name, data) == []


# In step with okrsite's keys ------------------------------------------------------------------
def test_properties_are_the_keys_okrsite_reads() -> None:
    objective_schema = schemas.schema("objective")
    props = objective_schema["properties"]
    assert tuple(props) == OBJECTIVE_KEYS
    assert tuple(props["key_results"]["items"]["properties"]) == KR_KEYS
    assert (
        tuple(props["key_results"]["items"]["properties"]["checkins"]["items"]["properties"]) == CHECKIN_KEYS
    )
    assert tuple(props["initiatives"]["items"]["properties"]) == INITIATIVE_KEYS
    assert tuple(schemas.schema("kpi")["properties"]) == KPI_KEYS
    assert tuple(schemas.schema("team")["properties"]) == TEAM_KEYS
    person = schemas.schema("people")["additionalProperties"]["anyOf"][1]
    assert tuple(person["properties"]) == PERSON_KEYS
    assert tuple(schemas.schema("config")["properties"]) == _TOP


def test_a_key_added_to_okrsite_but_not_to_the_schema_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(content_schemas, "TEAM_KEYS", (*TEAM_KEYS, "slack_channel"))
    with pytest.raises(schemas.SchemaDriftError, match="slack_channel"):
        schemas.schema("team")
    monkeypatch.setattr(content_schemas, "TEAM_KEYS", tuple(k for k in TEAM_KEYS if k != "lead"))
    with pytest.raises(schemas.SchemaDriftError, match="lead"):
        schemas.schema("team")


KITCHEN_SINK = {
    "okrsite.yaml": """
        title: Everything
        fiscal_year: {start_month: 2, named_by: end_year}
        periods:
          sprint-1: {start: 2026-02-02, end: 2026-02-15, title: Sprint 1}
        checkins: {cadence_days: 7, grace_days: 2}
        rules: {max_key_results: 6}
        scoring: {green: 0.6, maintain: partial}
        lints: {kr-count: off}
        """,
    "content/people.yaml": """
        maria: {name: Maria, title: Lead, team: acme}
        noah: Noah
        """,
    "content/teams/acme.md": """
        ---
        name: Acme
        lead: maria
        members: [maria, noah]
        ---
        """,
    "content/kpis/csat.md": """
        ---
        title: CSAT
        team: acme
        unit: "%"
        target: {value: 90, by: 2026-12-31}
        values:
          - {date: 2026-01-31, value: 80, note: first}
        ---
        """,
    "content/objectives/grow.md": """
        ---
        title: Grow
        period: 2026
        team: acme
        key_results:
          - title: More
            start: 1
            target: 2
            checkins:
              - {date: 2026-03-01, value: 1.5}
        initiatives:
          - {title: Work, owner: noah}
        ---
        """,
}


def object_paths(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, schema) of every closed mapping in a schema: `key_results[].checkins[]`,
    `periods.*` (any key)."""
    if not isinstance(node, dict):
        return
    if node.get("additionalProperties") is False:
        yield path, node
    for branch in node.get("anyOf", []):
        yield from object_paths(branch, path)
    if "items" in node:
        yield from object_paths(node["items"], path + "[]")
    if isinstance(node.get("additionalProperties"), dict) and "type" in node:
        yield from object_paths(node["additionalProperties"], f"{path}.*".lstrip("."))
    for key, sub in node.get("properties", {}).items():
        yield from object_paths(sub, f"{path}.{key}".lstrip("."))


def test_every_key_list_okrsite_checks_is_a_closed_mapping_of_the_schema(
    monkeypatch: pytest.MonkeyPatch, write_site: Callable[[dict[str, str]], Path]
) -> None:
    """Records every set of keys okrsite's readers accept (one `check_keys` call each) on a site
    that uses every nested mapping, and compares them with the schemas, both ways."""
    seen: dict[tuple[str, str], set[str]] = {}
    original = okrsite.fields.Fields.check_keys

    def record(self: Fields, known: Any) -> None:
        name = schema_name(self.ctx.path, {})
        prefix = re.sub(r"\[\d+\]", "[]", self.prefix)
        if name == "people":
            prefix = "*"
        elif name == "config" and prefix.startswith("periods."):
            prefix = "periods.*"
        seen[(name, prefix)] = set(known)
        original(self, known)

    monkeypatch.setattr(okrsite.fields.Fields, "check_keys", record)
    result = run_cli("check", "--format", "json", write_site(KITCHEN_SINK))
    assert [d for d in result.json()["diagnostics"] if d["severity"] == "error"] == []

    closed = {
        (name, path): set(sub["properties"])
        for name in schemas.NAMES
        for path, sub in object_paths(schemas.schema(name))
    }
    kinds = {kind_of(k.removeprefix("content/")) for k in KITCHEN_SINK if k.endswith(".md")}
    assert kinds == {"objective", "kpi", "team"}
    assert seen == closed
