"""Small text helpers for generated files: YAML scalars that read back as written (ids from
titles: okrsite.fields.slugify, beside the id rules)."""

from __future__ import annotations

from okrsite.yamlwrite import scalar


def yaml_scalar(text: str) -> str:
    """`text` as a YAML value on one line that okrsite (and YAML 1.1 tools) read back as exactly
    `text`: plain when that is safe, else double-quoted."""
    return scalar(text)
