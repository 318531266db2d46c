"""Loading: the only stage that reads the content folder. Files come back sorted, as text."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from okrsite.config import CONFIG_FILE, SiteConfig, parse_config
from okrsite.diagnostics import Diagnostic, make
from okrsite.yamlread import LocDict, read_yaml

READ_SUFFIXES = (".md", ".yaml", ".yml", ".csv")
_TEMP_SUFFIXES = (
    "~",
    ".swp",
    ".swo",
    ".swx",
    ".tmp",
    ".bak",
    ".orig",
    ".part",
    "___jb_tmp___",
    "___jb_old___",
)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One content file: its path relative to the site root (posix) and its text."""

    path: str
    text: str


@dataclass(frozen=True, slots=True)
class Loaded:
    """What loading found: settings, files, and problems reading them."""

    root: Path
    config: SiteConfig
    config_text: str
    files: tuple[SourceFile, ...]
    diagnostics: tuple[Diagnostic, ...]


def is_ignored_name(name: str) -> bool:
    """True for hidden files and editors' temporary, swap, lock and backup files."""
    return (
        name.startswith((".", "#", "~$"))
        or name.endswith(_TEMP_SUFFIXES)
        or (name.startswith("#") and name.endswith("#"))
        or "___jb_" in name
    )


def load_config(root: Path) -> tuple[SiteConfig, str, tuple[Diagnostic, ...]]:
    """Read okrsite.yaml beside content/ (absent: the defaults)."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return SiteConfig(), "", ()
    text, problem = _read_text(path, CONFIG_FILE, 1_000_000)
    if text is None or problem is not None:
        return SiteConfig(), "", (problem,) if problem else ()
    config, diags = parse_config(text)
    return config, text, diags


Stamps = dict[str, tuple[tuple[int, int], str]]  # path -> ((mtime_ns, size), text)


def load(root: Path, stamps: Stamps | None = None) -> Loaded:
    """Read okrsite.yaml and every content file under the site root. With `stamps` (kept by
    `okrsite serve` between builds) a file whose modification time and size are unchanged is
    not read again."""
    config, config_text, diags = load_config(root)
    problems = list(diags)
    files: list[SourceFile] = []
    content = root / config.content_dir
    if not content.is_dir():
        line, col = _setting_at(config_text, "content_dir")
        problems.append(
            make(
                "OKR116",
                CONFIG_FILE,
                line,
                col,
                "content_dir",
                f"the content folder '{config.content_dir}' does not exist in {root}",
                "create it, or point 'content_dir:' at the folder that holds teams/ and objectives/",
            )
        )
    for path in discover(content):
        rel = path.relative_to(root).as_posix()
        text, problem = _read_stamped(path, rel, config.max_file_size, stamps)
        if problem is not None:
            problems.append(problem)
        elif text is not None:
            files.append(SourceFile(rel, text))
    return Loaded(root, config, config_text, tuple(files), tuple(problems))


def _setting_at(config_text: str, key: str) -> tuple[int, int]:
    """The (line, column) of top-level `key`'s value in okrsite.yaml; (0, 0) when it is not set."""
    data = read_yaml(config_text).value if config_text else None
    if isinstance(data, LocDict) and key in data.value_marks:
        return data.value_marks[key]
    return (0, 0)


def _read_stamped(
    path: Path, rel: str, limit: int, stamps: Stamps | None
) -> tuple[str | None, Diagnostic | None]:
    if stamps is None:
        return _read_text(path, rel, limit)
    try:
        st = path.stat()
    except OSError:
        return _read_text(path, rel, limit)
    stamp = (st.st_mtime_ns, st.st_size)
    known = stamps.get(rel)
    if known is not None and known[0] == stamp:
        return known[1], None
    text, problem = _read_text(path, rel, limit)
    if text is not None:
        stamps[rel] = (stamp, text)
    else:
        stamps.pop(rel, None)
    return text, problem


def discover(content: Path) -> list[Path]:
    """Every readable file under `content`, sorted; symlinks that leave it are not followed."""
    found: list[Path] = []
    if not content.is_dir():
        return found
    base = content.resolve()
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames[:] = sorted(
            d for d in dirnames if not is_ignored_name(d) and _inside(Path(dirpath, d), base)
        )
        for name in filenames:
            path = Path(dirpath, name)
            if is_ignored_name(name) or not name.lower().endswith(READ_SUFFIXES):
                continue
            if _inside(path, base):
                found.append(path)
    found.sort(key=lambda p: p.as_posix())
    return found


def _inside(path: Path, base: Path) -> bool:
    if not path.is_symlink():
        return True
    try:
        return path.resolve().is_relative_to(base)
    except OSError:
        return False


def _read_text(path: Path, rel: str, limit: int) -> tuple[str | None, Diagnostic | None]:
    try:
        size = path.stat().st_size
        if size > limit:
            return None, make(
                "OKR008",
                rel,
                1,
                1,
                "",
                f"the file is {size:,} bytes; the limit is {limit:,}",
                "split it, or raise 'max_file_size' in okrsite.yaml",
            )
        data = path.read_bytes()
    except OSError as exc:
        return None, make("OKR006", rel, 0, 0, "", f"cannot read the file: {exc.strerror}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, make(
            "OKR006",
            rel,
            line,
            1,
            "",
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02x})",
            "save it as UTF-8 in your editor",
        )
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, make(
            "OKR006",
            rel,
            line,
            1,
            "",
            "the file contains a NUL byte: it is not text",
            "remove the NUL byte (editors may show it as ^@ or a box), or save the file as UTF-8 text",
        )
    return normalize_newlines(text), None


def normalize_newlines(text: str) -> str:
    """CRLF and CR line endings as LF: every later stage sees one kind."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
