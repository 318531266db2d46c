"""Shared helpers for the chart tests: parse the SVG and tables, find elements by class."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from markupsafe import Markup


def hours(v: float) -> str:
    return f"{v:g}h"


def pct(v: float) -> str:
    return f"{v:g}%"


Q1 = (date(2026, 1, 1), date(2026, 3, 31))
CHECKINS = [(date(2026, 1, 20), 20.0), (date(2026, 2, 10), 18.0), (date(2026, 3, 1), 15.0)]
WEEKLY = [(date(2026, 1, 1 + 7 * i), 80.0 + i) for i in range(4)]


def parse(svg: Markup, prefix: str) -> ET.Element:
    """Parses the svg and checks what every chart must have: role, labels, ids, sizing."""
    assert isinstance(svg, Markup)
    root = ET.fromstring(str(svg))
    assert root.tag == "svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{prefix}-title {prefix}-desc"
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert root.get("viewBox", "").startswith("0 0 ")
    assert root.get("preserveAspectRatio")
    assert [(el.tag, el.get("id")) for el in root[:2]] == [
        ("title", f"{prefix}-title"),
        ("desc", f"{prefix}-desc"),
    ]
    ids = [el.get("id") for el in root.iter() if el.get("id") is not None]
    assert len(ids) == len(set(ids))
    assert all(str(i).startswith(f"{prefix}-") for i in ids)
    assert_clean(svg)
    return root


def parse_table(table: Markup) -> ET.Element:
    assert isinstance(table, Markup)
    root = ET.fromstring(str(table))
    assert root.tag == "table"
    assert root.find("caption") is not None
    assert root.find("thead/tr/th") is not None
    assert_clean(table)
    return root


def assert_clean(out: Markup) -> None:
    text = str(out)
    assert "style=" not in text
    assert "http" not in text
    assert "<script" not in text.lower()
    assert "javascript" not in text.lower()


def desc(root: ET.Element) -> str:
    return root.findtext("desc") or ""


def by_class(root: ET.Element, cls: str) -> list[ET.Element]:
    return [el for el in root.iter() if cls in (el.get("class") or "").split()]


def width(root: ET.Element, cls: str) -> float:
    found = by_class(root, cls)
    return float(found[0].get("width", "0")) if found else 0.0


def data_rows(table: ET.Element) -> list[list[str]]:
    return [["".join(cell.itertext()) for cell in row] for row in table.findall("tbody/tr")]
