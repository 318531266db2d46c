"""Reading files: YAML with positions, encodings, line endings, which files count."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from okrsite.check import check
from okrsite.load import discover, is_ignored_name
from okrsite.yamlread import LocDict, read_yaml

OBJECTIVE = """---
title: Grow
period: 2026-Q1
team: acme
key_results:
  - title: Deals
    start: 0
    target: 10
    owner: ana
---
Body.
"""
TEAM = "---\nname: Acme\n---\n"


def codes(root: Path) -> list[tuple[str, int, str]]:
    return [(d.path, d.line, d.code) for d in check(root, date(2026, 2, 1)).diagnostics]


def test_yaml_12_core_schema_keeps_what_people_mean() -> None:
    data = read_yaml("a: no\nb: on\nc: 2:37\nd: 0755\ne: 1_000\nf: 2026-01-20\ng: yes\nh: 1e3").value
    assert data == {
        "a": "no",
        "b": "on",
        "c": "2:37",
        "d": 755,
        "e": "1_000",
        "f": date(2026, 1, 20),
        "g": "yes",
        "h": 1000.0,
    }


def test_positions_of_keys_values_and_items() -> None:
    data = read_yaml("title: x\nkey_results:\n  - title: a\n    target: 5\n  - {title: b}\n").value
    assert isinstance(data, LocDict)
    assert data.key_marks["key_results"] == (2, 1)
    krs = data["key_results"]
    assert krs.item_marks == [(3, 5), (5, 5)]
    assert krs[0].value_marks["target"] == (4, 13)


def test_duplicate_keys_are_found_at_every_depth() -> None:
    result = read_yaml("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert [(d.key, d.line, d.first_line) for d in result.duplicates] == [("c", 4, 3), ("a", 5, 1)]


def test_unsafe_tags_are_refused() -> None:
    result = read_yaml("a: !!python/object/apply:os.system ['echo hacked']\n")
    assert result.problem is not None and result.problem.tag and result.problem.line == 1


def test_alias_bomb_is_refused_before_it_is_built() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    result = read_yaml("\n".join(lines))
    # 9**9 leaves once expanded: refused from the node graph (tests/test_hostile.py times it)
    assert result.problem is not None and result.problem.code == "OKR007" and result.problem.line == 6


@pytest.mark.parametrize(
    "name",
    [".hidden.md", "x.md~", ".x.md.swp", "#x.md#", "x.md___jb_tmp___", "x.md.tmp", "~$sheet.csv", ".#x.md"],
)
def test_editor_files_are_ignored(name: str) -> None:
    assert is_ignored_name(name)


def test_discovery_is_sorted_and_skips_other_files(tmp_path: Path) -> None:
    for rel in ("b/z.md", "a/y.md", "a/x.md", "a/.x.md.swp", "a/img.png", ".git/config.md", "k/s.csv"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)] == [
        "a/x.md",
        "a/y.md",
        "b/z.md",
        "k/s.csv",
    ]


def test_bom_crlf_and_cr_line_endings_read_like_lf(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"content/teams/acme.md": TEAM})
    for i, (prefix, eol) in enumerate([("\ufeff", "\n"), ("", "\r\n"), ("", "\r")]):
        path = root / f"content/objectives/o{i}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((prefix + OBJECTIVE.replace("\n", eol)).encode())
    assert [c for c in codes(root) if c[2] != "OKR309" and c[2] != "OKR301"] == []


def test_invalid_utf8_and_nul_are_reported_with_line(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"content/teams/acme.md": TEAM})
    (root / "content/objectives").mkdir()
    (root / "content/objectives/latin1.md").write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    (root / "content/objectives/nul.md").write_bytes(b"---\ntitle: x\n\x00\n---\n")
    assert codes(root) == [
        ("content/objectives/latin1.md", 2, "OKR006"),
        ("content/objectives/nul.md", 3, "OKR006"),
    ]


def test_file_size_limit(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"okrsite.yaml": "max_file_size: 2000\n", "content/teams/acme.md": TEAM})
    (root / "content/teams/big.md").write_text("---\nname: Big\n---\n" + "x" * 3000)
    assert codes(root) == [("content/teams/big.md", 1, "OKR008")]


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_symlinks_leaving_content_are_not_followed(write_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "leak.md").write_text("---\nname: Leak\n---\n")
    root = write_site({"content/teams/acme.md": TEAM})
    (root / "content/teams/leak").symlink_to(outside, target_is_directory=True)
    (root / "content/teams/leak.md").symlink_to(outside / "leak.md")
    result = check(root)
    assert [t.id for t in result.site.teams] == ["acme"]


def test_every_mistake_in_one_file_is_reported(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site(
        {
            "content/teams/acme.md": TEAM,
            "content/objectives/bad.md": """
            ---
            title: [not, text]
            period: 2026-Q9
            team: nowhere
            commitment: maybe
            key_results:
              - {title: A, start: 1, target: 1, owner: x}
              - {title: B, start: 5h, target: 10%, owner: x}
              - {title: C, targte: 5, owner: x}
            ---
            [[missing]]
            """,
        }
    )
    got = {(line, code) for _, line, code in codes(root)}
    assert {
        (2, "OKR102"),
        (3, "OKR109"),
        (4, "OKR204"),
        (5, "OKR110"),
        (7, "OKR106"),
        (8, "OKR105"),
        (9, "OKR101"),
        (11, "OKR207"),
    } <= got
