"""`okrsite schema`: valid draft-07 schemas, never stricter than okrsite, in step with its keys.

The schemas are for editors, and okrsite check is the judge, so the central promise is one-way:
every file okrsite accepts validates against its schema (the bundled example, the valid base
site of tests/broken/, and every file of a broken case that okrsite finds nothing wrong with on
its own). Property tests compare the patterns with okrsite's own readers.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrsite import schema as schemas
from okrsite.fields import Fields, FileContext
from okrsite.frontmatter import parse_front_matter
from okrsite.model import Commitment
from okrsite.quantity import is_placeholder
from okrsite.validate.files import KINDS, PEOPLE_FILES, kind_of
from okrsite.yamlread import LocDict, read_yaml
from tests.conftest import REPO, Run, run_cli

BROKEN = REPO / "tests" / "broken"
CASES = sorted(p for p in BROKEN.iterdir() if p.is_dir() and not p.name.startswith("_"))
# Diagnostics about one file on its own: reading it (OKR0xx), its fields (OKR1xx), and an
# objective with neither team nor owner. A schema may flag these; nothing else.
FILE_LOCAL = re.compile(r"OKR(?:0\d\d|1\d\d|211)$")


# Reading files as an editor's YAML language server sees them --------------------------------
def as_json(value: Any) -> Any:
    """YAML 1.2 (okrsite's reader, and the YAML language server's default) as JSON: dates are
    plain text to an editor, so they become their ISO text here."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def schema_name(rel: str, data: Any) -> str:
    """Which schema a file under the site root is for: its folder, or `type:`."""
    if rel == "okrsite.yaml":
        return "config"
    inside = rel.removeprefix("content/")
    if inside in PEOPLE_FILES:
        return "people"
    kind = kind_of(inside)
    written = data.get("type") if isinstance(data, dict) else None
    if isinstance(written, str) and written.strip().lower() in KINDS:
        kind = written.strip().lower()
    return kind


def read_document(path: Path) -> Any:
    """A site file's YAML (front matter for .md) as JSON data; None when it does not parse."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    if path.suffix == ".md":
        parsed = parse_front_matter(text, FileContext(path.name))
        return None if parsed.data is None else as_json(parsed.data)
    result = read_yaml(text)
    return None if result.problem is not None else as_json(result.value)


def site_documents(root: Path) -> Iterator[tuple[str, Path]]:
    """(relative path, path) of every file of a site that a schema is for."""
    if (root / "okrsite.yaml").is_file():
        yield "okrsite.yaml", root / "okrsite.yaml"
    for path in sorted((root / "content").rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.suffix == ".md" or rel.removeprefix("content/") in PEOPLE_FILES:
            yield rel, path


def errors(name: str, data: Any) -> list[str]:
    """Each problem the schema finds: where, what, and the message VS Code would show."""
    validator = jsonschema.Draft7Validator(schemas.schema(name))
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message} {e.schema.get('errorMessage', '')}"
        for e in validator.iter_errors(data)
    ]


def cli_json(*args: str) -> Any:
    result = run_cli("schema", *args)
    assert result.exit_code == 0, result.stderr
    return result.json()


# The schemas themselves ----------------------------------------------------------------------
def test_all_prints_every_schema_keyed_by_name_and_each_is_a_valid_draft_07_schema() -> None:
    documents = cli_json()
    assert list(documents) == list(schemas.NAMES) == ["objective", "kpi", "team", "people", "config"]
    for name, document in documents.items():
        assert document["$schema"] == "http://json-schema.org/draft-07/schema#"
        jsonschema.validators.validator_for(document).check_schema(document)
        assert document == schemas.schema(name)
        assert cli_json(name) == document


def properties(node: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, schema) of every property of a schema, however deeply nested (not the `if`s)."""
    for key, sub in node.get("properties", {}).items():
        yield f"{path}.{key}", sub
        yield from properties(sub, f"{path}.{key}")
    for nested in (node.get("items"), node.get("additionalProperties"), *node.get("anyOf", [])):
        if isinstance(nested, dict):
            yield from properties(nested, path)


@pytest.mark.parametrize("name", schemas.NAMES)
def test_every_property_is_described_in_plain_text_and_markdown(name: str) -> None:
    document = schemas.schema(name)
    assert document["description"] and document["title"]
    found = list(properties(document))
    assert len(found) >= 4
    for path, sub in found:
        assert sub.get("description"), f"{name}{path} has no description"
        assert "`" not in sub["description"] and "](" not in sub["description"], path
        assert (
            "markdownDescription" not in sub
            or "`" in sub["markdownDescription"]
            or "](" in sub["markdownDescription"]
        ), path


def test_choices_complete_in_canonical_form() -> None:
    commitment = schemas.schema("objective")["properties"]["commitment"]
    assert commitment["default"] == "aspirational"
    assert {"type": "string", "enum": [c.value for c in Commitment]} in commitment["anyOf"]


def test_the_output_is_stable_text() -> None:
    first = run_cli("schema", "config").output
    assert first == run_cli("schema", "config").output
    assert first.endswith("}\n") and first == schemas.render(schemas.schema("config"))


# Never stricter than okrsite ------------------------------------------------------------------
@pytest.mark.parametrize(
    "rel", [rel for rel, _ in site_documents(REPO)], ids=lambda rel: rel.removeprefix("content/")
)
def test_the_bundled_example_validates(rel: str) -> None:
    data = read_document(REPO / rel)
    assert data is not None
    assert errors(schema_name(rel, data), data) == []


def test_the_valid_base_of_the_broken_cases_validates() -> None:
    base = BROKEN / "_base"
    assert run_cli("check", base).exit_code == 0
    found = 0
    for rel, path in site_documents(base):
        data = read_document(path)
        assert errors(schema_name(rel, data), data) == [], rel
        found += 1
    assert found >= 5


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_a_file_okrsite_accepts_on_its_own_validates(case: Path, tmp_path: Path) -> None:
    """In each broken case, every file with no diagnostic of its own (lints and references
    across files aside) validates; files okrsite rejects may validate too (units, ...)."""
    site = tmp_path / "site"
    shutil.copytree(BROKEN / "_base", site)
    shutil.copytree(case, site, dirs_exist_ok=True)
    report = run_cli("check", "--format", "json", site).json()
    local = {d["path"] for d in report["diagnostics"] if FILE_LOCAL.match(d["code"])}
    for rel, path in site_documents(site):
        if not (case / rel).exists() or rel in local:
            continue
        data = read_document(path)
        assert data is not None
        assert errors(schema_name(rel, data), data) == [], rel


def accepted(read: Callable[[Fields], object], value: object) -> bool:
    """Whether okrsite's reader takes `value` without a diagnostic."""
    data = LocDict()
    data["k"] = value
    f = Fields(FileContext("x.md"), data)
    read(f)
    return not f.ctx.diagnostics


def matches(sub: dict[str, Any], value: object) -> bool:
    return jsonschema.Draft7Validator(sub).is_valid(value)


KR = schemas.schema("objective")["properties"]["key_results"]["items"]["properties"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789.,-+_eE% infatyINF", max_size=9))
def test_the_number_pattern_takes_every_number_okrsite_reads(text: str) -> None:
    if accepted(lambda f: f.number("k", 0), text):
        assert matches(KR["weight"], text), text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789-WT: x/.", min_size=1, max_size=16))
def test_the_date_pattern_takes_every_date_okrsite_reads(text: str) -> None:
    if accepted(lambda f: f.day("k"), text):
        assert matches(KR["due"], text), text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aZ09._- #/é\t", max_size=8))
def test_the_id_pattern_takes_every_id_okrsite_reads(text: str) -> None:
    if accepted(lambda f: f.ident("k"), text):
        assert matches(KR["owner"], text), text


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["in_progress", "done", "planned"]), st.data())
def test_choices_take_any_case_and_separator_as_okrsite_does(word: str, data: st.DataObject) -> None:
    initiative = schemas.schema("objective")["properties"]["initiatives"]["items"]["properties"]
    text = "".join(
        data.draw(st.sampled_from([c, c.upper(), "-", " ", "_"] if c == "_" else [c, c.upper()]))
        for c in word
    )
    choices = ("planned", "in_progress", "done", "blocked", "dropped")
    padded = data.draw(st.sampled_from(["", " "])) + text
    assert accepted(lambda f: f.choice("k", choices, "planned"), padded)
    assert matches(initiative["status"], padded), padded


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="abdehiklmnorstuwxyzKMBTDA?/. \t", max_size=10))
def test_a_value_or_comparison_okrsite_reads_is_never_refused(text: str) -> None:
    """Only text without a number in it is refused (`ten`, `about half`), placeholders aside."""
    if accepted(lambda f: f.quantity("k"), text) or is_placeholder(text):
        assert matches(KR["start"], text), text
    if accepted(lambda f: f.threshold("k"), text):
        assert matches(KR["maintain"], text), text


@pytest.mark.parametrize(
    "value",
    [
        "TBD",
        "x",
        "N/A",
        "?",
        "1500",
        "1,500",
        "1 500",
        "80%",
        "12.5k",
        "$2M",
        "500 kr",
        "24h",
        "2:37",
        "٣",
        "1h30min",
        12,
        0.5,
    ],
)
def test_values_people_write_are_taken(value: object) -> None:
    assert matches(KR["start"], value)


# The command ------------------------------------------------------------------------------------
def test_out_writes_one_file_per_schema_and_replaces_its_own(tmp_path: Path) -> None:
    out = tmp_path / "editor" / "schemas"
    result = run_cli("schema", "--out", out)
    assert result.exit_code == 0, result.stderr
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted(f"okrsite-{n}.schema.json" for n in schemas.NAMES)
    for name in schemas.NAMES:
        assert json.loads((out / schemas.file_name(name)).read_text()) == schemas.schema(name)
        assert str(out / schemas.file_name(name)) in result.output
    (out / "okrsite-kpi.schema.json").write_text(schemas.render({**schemas.schema("kpi"), "title": "old"}))
    again = run_cli("schema", "kpi", "--out", out)
    assert again.exit_code == 0
    assert json.loads((out / "okrsite-kpi.schema.json").read_text()) == schemas.schema("kpi")
    assert again.output.count("Wrote") == 1


@pytest.mark.parametrize("foreign", ['{"title": "my own schema"}\n', "not json", None])
def test_out_refuses_to_replace_a_file_it_did_not_write(tmp_path: Path, foreign: str | None) -> None:
    target = tmp_path / "okrsite-team.schema.json"
    if foreign is None:
        target.mkdir()
    else:
        target.write_text(foreign)
    result: Run = run_cli("schema", "--out", tmp_path)
    assert result.exit_code == 2
    assert "was not written by okrsite schema" in result.stderr
    assert not (tmp_path / "okrsite-objective.schema.json").exists(), "nothing is written"
    if foreign is not None:
        assert target.read_text() == foreign


def test_out_must_be_a_folder(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    assert run_cli("schema", "--out", tmp_path / "file").exit_code == 2


def test_an_unknown_schema_name_is_a_usage_error() -> None:
    result = run_cli("schema", "objectives")
    assert result.exit_code == 2
    assert "'objectives' is not one of" in result.stderr


# Patterns mean the same to editors -----------------------------------------------------------
def patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, sub in node.items():
            if key == "pattern" and isinstance(sub, str):
                yield sub
            else:
                yield from patterns(sub)
    elif isinstance(node, list):
        for sub in node:
            yield from patterns(sub)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_every_pattern_is_an_ecmascript_regexp_with_the_u_flag() -> None:
    """Ajv and the YAML language server compile patterns as `new RegExp(p, "u")`."""
    found = sorted({p for name in schemas.NAMES for p in patterns(schemas.schema(name))})
    script = "for (const p of JSON.parse(process.argv[1])) new RegExp(p, 'u');"
    done = subprocess.run(
        ["node", "-e", script, json.dumps(found)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert len(found) > 10
