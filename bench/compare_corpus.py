"""The generated corpus read back for the peers of `bench/run.py --compare`: the objectives, teams and
KPIs of a site written by bench/corpus.py, as plain data that bench/compare_pages.py writes out as
Markdown for Hugo and MkDocs. Used by run.py; no command line of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class KeyResult:
    title: str
    owner: str
    start: str
    target: str
    latest: str
    checkins: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Objective:
    slug: str
    title: str
    period: str
    team: str
    owner: str
    commitment: str
    key_results: tuple[KeyResult, ...]
    initiatives: tuple[str, ...]
    body: str


@dataclass(frozen=True, slots=True)
class Team:
    slug: str
    name: str
    parent: str
    body: str


@dataclass(frozen=True, slots=True)
class Kpi:
    slug: str
    title: str
    team: str
    healthy: str
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Corpus:
    title: str
    teams: tuple[Team, ...]
    objectives: tuple[Objective, ...]
    kpis: tuple[Kpi, ...]


# --- reading the okrsite corpus ---------------------------------------------------------------


def _split(path: Path, load: Callable[[str], Any]) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    data = load(front)
    return (data if isinstance(data, dict) else {}), body


def _s(value: object) -> str:
    return "" if value is None else str(value)


def _key_result(kr: dict[str, Any]) -> KeyResult:
    checkins = tuple(
        f"{_s(c.get('date'))}: {_s(c.get('value'))}"
        + (f" (confidence {_s(c['confidence'])})" if "confidence" in c else "")
        for c in kr.get("checkins") or ()
        if isinstance(c, dict)
    )
    if kr.get("milestone"):
        start, target, latest = "0", "done", _s(kr.get("progress"))
    else:
        start, target = _s(kr.get("start")), _s(kr.get("target"))
        last = (kr.get("checkins") or [{}])[-1]
        latest = _s(last.get("value")) if isinstance(last, dict) else ""
        if kr.get("unit"):
            start, target = f"{start} {kr['unit']}", f"{target} {kr['unit']}"
    return KeyResult(_s(kr.get("title")), _s(kr.get("owner")), start, target, latest or "-", checkins)


def read_corpus(site: Path) -> Corpus:
    """The objectives, teams and KPIs of a site written by bench/corpus.py, parsed with PyYAML
    (okrsite's own dependency, so it is there wherever okrsite is)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def load(text: str) -> Any:
        return yaml.load(text, Loader=loader)  # CSafeLoader or SafeLoader

    config = load((site / "okrsite.yaml").read_text(encoding="utf-8")) or {}
    content = site / "content"
    teams = []
    for path in sorted((content / "teams").glob("*.md")):
        data, body = _split(path, load)
        teams.append(Team(path.stem, _s(data.get("name")), _s(data.get("parent")), body))
    kpis = []
    for path in sorted((content / "kpis").glob("*.md")):
        data, _ = _split(path, load)
        rows: tuple[tuple[str, str], ...] = ()
        source = data.get("source")
        if source and (path.parent / str(source)).is_file():
            lines = (path.parent / str(source)).read_text(encoding="utf-8").splitlines()[1:]
            rows = tuple((a, b) for a, _, b in (line.partition(",") for line in lines if line))
        kpis.append(
            Kpi(path.stem, _s(data.get("title")), _s(data.get("team")), _s(data.get("healthy")), rows)
        )
    objectives = []
    for path in sorted((content / "objectives").rglob("*.md"), key=lambda p: p.name):
        data, body = _split(path, load)
        objectives.append(
            Objective(
                slug=path.stem,
                title=_s(data.get("title")),
                period=_s(data.get("period")),
                team=_s(data.get("team")),
                owner=_s(data.get("owner")),
                commitment=_s(data.get("commitment")),
                key_results=tuple(
                    _key_result(kr) for kr in data.get("key_results") or () if isinstance(kr, dict)
                ),
                initiatives=tuple(
                    f"{_s(i.get('title'))} ({_s(i.get('status')).replace('_', ' ')})"
                    for i in data.get("initiatives") or ()
                    if isinstance(i, dict)
                ),
                body=body,
            )
        )
    return Corpus(_s(config.get("title")) or "Bench", tuple(teams), tuple(objectives), tuple(kpis))
