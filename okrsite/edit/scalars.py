"""Write one value as YAML text the way a person would: plain when it reads back the same, else
double-quoted."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from okrsite.yamlread import LocDict, LocList, read_yaml


def plain_data(value: Any) -> Any:
    """Parsed YAML as plain dicts and lists, for comparing two parses."""
    if isinstance(value, LocDict | dict):
        return {k: plain_data(v) for k, v in value.items()}
    if isinstance(value, LocList | list):
        return [plain_data(v) for v in value]
    return value


def load_flow(text: str) -> Any:
    """What okrsite's reader makes of a flow value (`{a: 1}`, `42`); raises ValueError."""
    result = read_yaml(f"v: {text}\n")
    if result.problem is not None or not isinstance(result.value, dict):
        raise ValueError(text)
    return plain_data(result.value["v"])


def flow_scalar(text: str, as_text: bool = False, flow: bool = True) -> str:
    """`text` as a scalar inside a flow mapping: plain (`42`, `15h`, `86.5%`) when okrsite reads it
    back as typed, else double-quoted (`"Hired two: Ann, Bo"`). With `as_text` it must read back
    as this very string (a note `42` is quoted). With `flow=False`, as a block mapping's value,
    where commas and brackets need no quotes."""
    if text and text == text.strip() and "\n" not in text:
        try:
            back = load_flow("{k: " + text + "}" if flow else "\n  k: " + text)
        except ValueError:
            back = None
        if (
            isinstance(back, dict)
            and list(back) == ["k"]
            and (back["k"] == text if as_text else _same(back["k"], text))
        ):
            return text
    return json.dumps(text, ensure_ascii=False)


def _same(value: Any, text: str) -> bool:
    if isinstance(value, str):
        return value == text
    if isinstance(value, bool) or value is None:
        return False  # `yes`/`null` typed as a value: keep the user's text as text
    if isinstance(value, int | float):
        return True  # a number the user typed as a number
    return isinstance(value, date) and value.isoformat() == text


def flow_mapping(pairs: list[tuple[str, str]]) -> str:
    """`{date: 2026-11-21, value: 42}` from (key, YAML text) pairs."""
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
