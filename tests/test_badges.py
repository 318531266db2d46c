"""SVG badges, through the CLI: one per objective and per team, well-formed SVG that names itself
for assistive technology, says the score and status the site computed, keeps its text inside its
box in colours with enough contrast, loads nothing, and has the same bytes every build."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from okrsite.site.display import PACE_LABELS
from tests.conftest import copy_example, run_cli

AS_OF = "2026-11-20"
SVG = "{http://www.w3.org/2000/svg}"


def build(site: Path, out: Path, as_of: str = AS_OF) -> Path:
    run = run_cli("build", site, "--out", out, "--as-of", as_of)
    assert run.exit_code == 0, run.output + run.stderr
    return out


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example, built once for this module."""
    root = tmp_path_factory.mktemp("badges")
    return build(copy_example(root / "site"), root / "out")


@pytest.fixture(scope="module")
def data(out: Path) -> dict[str, Any]:
    """The build's okrs.json: the scores the badges must agree with."""
    result: dict[str, Any] = json.loads((out / "okrs.json").read_text())
    return result


def badges(out: Path) -> list[Path]:
    return sorted((out / "badges").rglob("*.svg"))


def parse(path: Path) -> etree._Element:
    return etree.fromstring(path.read_bytes())


def texts(root: etree._Element) -> list[str]:
    """The label's and the value's text."""
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def luminance(colour: str) -> float:
    hexes = colour.lstrip("#")
    if len(hexes) == 3:
        hexes = "".join(c * 2 for c in hexes)
    channels = [int(hexes[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_objective_and_team_has_a_badge(out: Path, data: dict[str, Any]) -> None:
    names = {p.relative_to(out / "badges").as_posix() for p in badges(out)}
    expected = {f"objectives/{o['id']}.svg" for o in data["objectives"]}
    expected |= {f"teams/{t['id']}.svg" for t in data["teams"]}
    assert names == expected


def test_badges_are_accessible_self_contained_and_small(out: Path) -> None:
    problems = []
    for path in badges(out):
        rel = path.relative_to(out).as_posix()
        raw = path.read_bytes()
        root = parse(path)
        title = root.findtext(f"{SVG}title")
        if (
            root.tag != f"{SVG}svg"
            or root.get("role") != "img"
            or not title
            or root.get("aria-label") != title
        ):
            problems.append(f"{rel}: needs <svg role=img> with a <title> equal to its aria-label")
        if root[0].tag != f"{SVG}title":
            problems.append(f"{rel}: <title> is not the first child")
        hrefs = [k for el in root.iter() for k in el.attrib if k.endswith("href")]
        if (
            hrefs
            or b"url(" in raw
            or b"<script" in raw
            or b"<style" in raw
            or b"<image" in raw
            or b"<use" in raw
        ):
            problems.append(f"{rel}: refers to something outside itself, or scripts")
        if len(raw) > 1500:
            problems.append(f"{rel}: {len(raw)} bytes")
    assert not problems


def test_objective_badges_say_the_score_and_pace(out: Path, data: dict[str, Any]) -> None:
    for o in data["objectives"]:
        root = parse(out / "badges" / "objectives" / f"{o['id']}.svg")
        value = texts(root)[1]
        pace = PACE_LABELS[o["pace"]].lower()
        if o["score"] is not None and o["pace"] not in ("not_started", "cancelled"):
            assert value == f"{o['score']:.2f} {pace}", o["id"]
            assert f"score {o['score']:.2f}, {pace}" in (root.findtext(f"{SVG}title") or "")
        else:
            assert value == pace, o["id"]
    ai = parse(out / "badges" / "objectives" / "q4-ai-assisted-support.svg")
    assert texts(ai)[0] == "Answer customers faster with…"
    assert ai.findtext(f"{SVG}title", "").startswith(
        "Answer customers faster with AI-drafted replies (2026-Q4): score 0."
    )


def test_team_badges_roll_up_the_current_period(out: Path, data: dict[str, Any]) -> None:
    sales = parse(out / "badges" / "teams" / "sales.svg")
    (sales_q4,) = [o for o in data["objectives"] if o["team"] == "sales" and o["period"] == "2026-Q4"]
    label, value = texts(sales)
    assert label == "Sales 2026-Q4"
    assert value.startswith(f"{sales_q4['score']:.2f} ")
    assert value.split(" ", 1)[1] in ("on track", "at risk", "off track")
    company = texts(parse(out / "badges" / "teams" / "quillmark.svg"))
    assert company[0] == "Quillmark Labs 2026-Q4"
    assert re.fullmatch(r"\d\.\d\d (on track|at risk|off track)", company[1])


def test_a_team_without_objectives_in_the_current_period_says_so(out: Path) -> None:
    marketing = parse(out / "badges" / "teams" / "marketing.svg")
    assert texts(marketing) == ["Marketing 2026-Q4", "no objectives"]
    assert marketing.findtext(f"{SVG}title") == "Marketing: no objectives in 2026-Q4"


def test_text_fits_its_box_in_colours_with_enough_contrast(out: Path) -> None:
    problems = []
    for path in badges(out):
        rel = path.relative_to(out).as_posix()
        root = parse(path)
        width = float(root.get("width", "0"))
        label_box = root.find(f"{SVG}rect")
        value_box = root.find(f"{SVG}path")
        assert label_box is not None and value_box is not None
        split = float((value_box.get("d") or "M0").split()[0][1:])
        for text, box, left, right in zip(
            root.iter(f"{SVG}text"), (label_box, value_box), (0.0, split), (split, width), strict=True
        ):
            ratio = contrast(text.get("fill", ""), box.get("fill", ""))
            if ratio < 4.5:
                problems.append(f"{rel}: {text.text!r} has a contrast of {ratio:.2f}")
            # Text is drawn at scale(.1): x and textLength are tenths of a pixel, centred.
            centre, length = float(text.get("x", "0")) / 10, float(text.get("textLength", "0")) / 10
            if not (left + 4 <= centre - length / 2 and centre + length / 2 <= right - 4):
                problems.append(f"{rel}: {text.text!r} does not fit between {left} and {right}")
    assert not problems


def test_badges_are_the_same_bytes_in_every_build(out: Path, tmp_path: Path) -> None:
    again = build(copy_example(tmp_path / "site"), tmp_path / "out")
    first = {p.relative_to(out): p.read_bytes() for p in badges(out)}
    second = {p.relative_to(again): p.read_bytes() for p in badges(again)}
    assert first == second


def test_long_titles_are_shortened_and_text_is_escaped(
    write_site: Callable[[dict[str, str]], Path], tmp_path: Path
) -> None:
    site = write_site(
        {
            "okrsite.yaml": "title: Goals\n",
            "content/teams/r-and-d.md": "---\nname: R&D <core>\n---\n",
            "content/teams/nordics.md": "---\nname: Försäljning och marknadsföring för Norden och Baltikum\n---\n",
            "content/objectives/long.md": """\
                ---
                title: "Make every single one of our Ångström-scale widgets <really> fast & reliable"
                period: 2026-Q2
                team: r-and-d
                key_results:
                  - {title: Ship it, milestone: true, progress: 0.5}
                ---
                """,
            "content/objectives/nordic.md": """\
                ---
                title: Sell in the Nordics
                period: 2026-Q2
                team: nordics
                key_results:
                  - {title: Sign ten customers, start: 0, target: 10, current: 4}
                ---
                """,
        }
    )
    out = build(site, tmp_path / "out", "2026-05-20")
    long = parse(out / "badges" / "objectives" / "long.svg")
    label, value = texts(long)
    assert label.endswith("…") and label.startswith("Make every single one of")
    assert long.findtext(f"{SVG}title", "").startswith(
        "Make every single one of our Ångström-scale widgets <really> fast & reliable (2026-Q2): score 0.50"
    )
    assert value.startswith("0.50 ")
    team = parse(out / "badges" / "teams" / "r-and-d.svg")
    assert texts(team)[0] == "R&D <core> 2026-Q2"
    # A long team name is shortened, never its period.
    nordic = texts(parse(out / "badges" / "teams" / "nordics.svg"))[0]
    assert nordic.startswith("Försäljning och") and nordic.endswith("… 2026-Q2")
    # Once the period is over, the team's badge gives the final mean, coloured by its grade.
    later = build(site, tmp_path / "later", "2026-08-01")
    ended = parse(later / "badges" / "teams" / "r-and-d.svg")
    assert texts(ended) == ["R&D <core> 2026-Q2", "0.50 final"]
    value_box = ended.find(f"{SVG}path")
    assert value_box is not None and value_box.get("fill") == "#f5d06b"  # yellow: 0.5 is a yellow grade
