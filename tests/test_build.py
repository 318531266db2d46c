"""`okrsite build`: the open data export, determinism, and output that is never put at risk."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import REPO, run_cli

SCHEMA = json.loads((REPO / "docs" / "okrs.schema.json").read_text())


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example built once, as of 2026-05-15 (the middle of Q2)."""
    out = tmp_path_factory.mktemp("example") / "public"
    result = run_cli("build", REPO, "--out", out, "--as-of", "2026-05-15")
    assert result.exit_code == 0, result.output + result.stderr
    return out


def test_okrs_json_validates_against_the_published_schema(example: Path) -> None:
    doc = json.loads((example / "okrs.json").read_text())
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    assert doc["as_of"] == "2026-05-15"
    assert {o["period"] for o in doc["objectives"]} >= {"2026", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"}
    paces = {o["id"]: o["pace"] for o in doc["objectives"]}
    assert paces["q1-improve-customer-experience"] == "final"
    assert paces["q3-enter-nordic-market"] == "not_started"
    assert any(p in ("on_track", "at_risk", "off_track") for p in paces.values())


def test_the_schema_rejects_what_it_should(example: Path) -> None:
    doc = json.loads((example / "okrs.json").read_text())
    doc["objectives"][0]["grade"] = "purple"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA)


def test_okrs_csv_has_one_row_per_key_result(example: Path) -> None:
    doc = json.loads((example / "okrs.json").read_text())
    rows = list(csv.DictReader(io.StringIO((example / "okrs.csv").read_text())))
    assert len(rows) == sum(len(o["key_results"]) for o in doc["objectives"])
    row = next(r for r in rows if r["kr_id"] == "response-time")
    assert (row["start"], row["target"], row["objective_id"]) == (
        "24h",
        "12h",
        "q1-improve-customer-experience",
    )


def test_every_number_shows_its_working(example: Path) -> None:
    doc = json.loads((example / "okrs.json").read_text())
    o = next(o for o in doc["objectives"] if o["id"] == "q1-improve-customer-experience")
    kr = o["key_results"][0]
    assert kr["explanation"][0]["rule"] == "progress = (current - start) / (target - start)"
    assert kr["explanation"][0]["working"].startswith("(13h - 24h) / (12h - 24h) = 0.92")
    assert any("weighted mean" in e["rule"] for e in o["explanation"])


def test_same_content_and_date_give_identical_bytes(example: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert run_cli("build", REPO, "--out", again, "--as-of", "2026-05-15").exit_code == 0
    for name in ("okrs.json", "okrs.csv"):
        assert (again / name).read_bytes() == (example / name).read_bytes()


def test_a_failed_build_leaves_the_last_good_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "okrsite.yaml", site / "okrsite.yaml")
    assert run_cli("build", site).exit_code == 0
    good = (site / "public" / "okrs.json").read_bytes()
    (site / "content" / "objectives" / "2026" / "broken.md").write_text("---\ntitle: [\n---\n")
    result = run_cli("build", site)
    assert result.exit_code == 1 and "Nothing was written" in result.stderr
    assert (site / "public" / "okrs.json").read_bytes() == good


@pytest.mark.parametrize("where", ["root", "content", "foreign"])
def test_output_folders_that_could_lose_data_are_refused(tmp_path: Path, where: str) -> None:
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "okrsite.yaml", site / "okrsite.yaml")
    foreign = tmp_path / "my-documents"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("years of work")
    out = {"root": site, "content": site / "content", "foreign": foreign}[where]
    result = run_cli("build", site, "--out", out)
    assert result.exit_code == 2
    assert "okrsite" in result.stderr
    assert (foreign / "thesis.txt").read_text() == "years of work"
    assert (site / "content" / "teams" / "quillmark.md").exists()


def test_drafts_stay_out_unless_asked(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site(
        {
            "content/teams/acme.md": "---\nname: Acme\n---\n",
            "content/objectives/secret-plan.md": "---\ntitle: Secret plan\nperiod: 2026\nteam: acme\nstatus: draft\n"
            "key_results:\n  - {title: K, start: 0, target: 1, owner: a}\n---\n",
        }
    )
    assert run_cli("build", root).exit_code == 0
    assert "secret-plan" not in (root / "public" / "okrs.json").read_text()
    assert run_cli("build", root, "--drafts").exit_code == 0
    assert "secret-plan" in (root / "public" / "okrs.json").read_text()


def test_an_output_folder_that_cannot_be_written_is_a_clear_error(site: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")  # --out inside a file: no folder can be made there, even by root
    result = run_cli("build", site, "--out", blocker / "public")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"cannot write {blocker}" in result.stderr and "last good site is unchanged" in result.stderr
    assert blocker.read_text() == "not a folder"
