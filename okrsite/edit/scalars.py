"""YAML values for edits: reading them back as okrsite does, and check-ins as flow mappings."""

from __future__ import annotations

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


def flow_mapping(pairs: list[tuple[str, str]]) -> str:
    """`{date: 2026-11-21, value: 42}` from (key, YAML text) pairs."""
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
