"""Writing one YAML scalar the way a person would: plain when it reads back as meant, else
double-quoted. Used wherever okrsite writes YAML into a file people own (init, new, checkin,
carry-over), so that every tool reading the file afterwards sees the same value."""

from __future__ import annotations

import yaml

from okrsite.yamlread import read_yaml


def scalar(text: str, typed: bool = False, flow: bool = False) -> str:
    """`text` as a one-line YAML value.

    Plain when that is safe (`Improve the customer experience`, `15h`, `86.5%`), else
    double-quoted (`"Legal review: 9 days"`, `"#1 in NPS"`, `"no"`, `"2:37"`). Safe means that
    okrsite's YAML 1.2 reader and PyYAML's YAML 1.1 one (which other tools use) both read it back
    as exactly `text`; with `typed`, a number the user typed as a number (`42`, `0.5`) also stays
    plain. `flow` is for a value inside `{...}` or `[...]`, where a comma ends it.
    """
    if text and text == text.strip() and all(_plain_char(c) for c in text):
        line = "{value: " + text + "}\n" if flow else f"value: {text}\n"
        parsed = read_yaml(line)
        if parsed.problem is None and isinstance(parsed.value, dict) and list(parsed.value) == ["value"]:
            back = parsed.value["value"]
            if typed and isinstance(back, int | float) and not isinstance(back, bool):
                return text
            if back == text and isinstance(back, str) and _yaml11_agrees(line, text):
                return text
    return double_quoted(text)


def _yaml11_agrees(line: str, text: str) -> bool:
    try:
        return bool(yaml.safe_load(line) == {"value": text})
    except yaml.YAMLError:
        return False


def _plain_char(c: str) -> bool:
    return c not in "\"'\\" and _printable(ord(c))


def _printable(o: int) -> bool:
    """Characters YAML allows raw in a one-line scalar (not line breaks, controls or a BOM)."""
    return (
        0x20 <= o <= 0x7E
        or (0xA0 <= o <= 0xD7FF and o not in (0x2028, 0x2029))
        or (0xE000 <= o <= 0xFFFD and o != 0xFEFF)
        or o >= 0x10000
    )


def double_quoted(text: str) -> str:
    """A YAML double-quoted scalar: `"` and `\\` escaped, and every character YAML does not
    allow raw (controls, line breaks, a BOM) written as an escape."""
    out = ['"']
    for c in text:
        o = ord(c)
        if c in '"\\':
            out.append("\\" + c)
        elif _printable(o):
            out.append(c)
        elif o <= 0xFF:
            out.append(f"\\x{o:02x}")
        elif o <= 0xFFFF:
            out.append(f"\\u{o:04x}")
        else:  # pragma: no cover - every character above 0xFFFF is printable
            out.append(f"\\U{o:08x}")
    out.append('"')
    return "".join(out)
