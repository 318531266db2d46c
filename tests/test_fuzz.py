"""Fuzzing: random and mutated goal files never crash `check` or `build`.

Every outcome is either a built site or diagnostics that name the file and a line in it; an
exception (which the command line would turn into exit code 3, "internal error") fails the test
with its traceback. Three generators, from gentle to rough:

- well-formed objectives whose texts (titles, owners' notes, bodies, links) are random Unicode,
  which usually pass the check and so exercise scoring and every page that shows them;
- front matter of random shape (any key, any value, any nesting) for objectives, KPIs, teams,
  people.yaml and okrsite.yaml;
- either of those, dumped to YAML and then mutated as bytes: hostile snippets inserted (tabs, NUL,
  a BOM, `---`, anchors and aliases, tags, CR), slices deleted or repeated, bytes flipped.

The examples are derandomized (the same ones on every run) and few enough to keep the module
within a few seconds; OKRSITE_FUZZ_EXAMPLES=1500 searches longer, with new examples on every run
(a developer's hunt: 1,500 examples per test take about 12 minutes).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrsite.build import build
from okrsite.check import check
from okrsite.validate.keyresult import CHECKIN_KEYS, KR_KEYS
from okrsite.validate.kpi import KPI_KEYS
from okrsite.validate.objective import INITIATIVE_KEYS, OBJECTIVE_KEYS
from okrsite.validate.team import PERSON_KEYS, TEAM_KEYS

BASE = Path(__file__).parent / "broken" / "_base"
AS_OF = date(2026, 5, 15)
EXAMPLES = int(os.environ.get("OKRSITE_FUZZ_EXAMPLES", "0"))

FUZZ = settings(
    max_examples=EXAMPLES or 30,
    deadline=None,
    derandomize=not EXAMPLES,  # a longer search (OKRSITE_FUZZ_EXAMPLES) draws new examples each run
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Values people write, values that look like other values, and values that attack.
INTERESTING = [
    "2026",
    "2026-Q2",
    "2026-H1",
    "2026-Q9",
    "2026-H3",
    "FY9999-Q4",
    "FY0000",
    "0000",
    "9998-Q4",
    "80%",
    "$13m",
    "24h",
    "2:37",
    "1,500",
    "1.5k",
    "-0",
    "1e400",
    "0x1F",
    "0o17",
    "1_000",
    ">= 85%",
    "between 40 and 60",
    "< 1000",
    "tbd",
    "X",
    "?",
    "done",
    "draft",
    "internal",
    "committed",
    "aspirational",
    "active",
    "cancelled",
    "monthly",
    "weekly",
    "acme",
    "sales",
    "ana",
    "ben",
    "csat",
    "company",
    "company#csat",
    "company#1",
    "company#9",
    "[[company]]",
    "[[csat|<b>x</b>]]",
    "javascript:alert(1)",
    "data:text/html,<script>x</script>",
    "../../etc/passwd",
    "/etc/passwd",
    "C:\\Windows",
    "con",
    "",
    " ",
    "\u202e",
    "é",
    "日本",
    "🚀",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% raw %}",
    "&amp;",
    "%00",
    "\\",
    "'",
    '"',
]
SCALARS: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(INTERESTING),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=20),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
)
KEYS = sorted(
    {*OBJECTIVE_KEYS, *KR_KEYS, *CHECKIN_KEYS, *INITIATIVE_KEYS, *KPI_KEYS, *TEAM_KEYS, *PERSON_KEYS}
    | {"unknown", "titel", "key_result", "max_file_size", "periods", "lints", "fiscal_year", "rules"}
)
VALUES: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), SCALARS), inner, max_size=5),
    ),
    max_leaves=25,
)

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60) | st.sampled_from(INTERESTING)
SNIPPETS = [
    b"\t",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\r",
    b"\r\n",
    b"---\n",
    b"...\n",
    b"&a ",
    b"*a",
    b"*b ",
    b"!!python/object/apply:os.system ['true'] ",
    b"!!set ",
    b"!!binary ",
    b"!!int ",
    b"!foo ",
    b"<<: ",
    b"? ",
    b"- ",
    b"{",
    b"}",
    b"[",
    b"]",
    b"'",
    b'"',
    b"#",
    b": ",
    b"\\",
    b"%YAML 1.1\n",
    b"\xff",
    b"\xc3",
    b"\xe2\x80\xa8",
    b"\x85",
    b"\x1b[31m",
    b"[[",
    b"]]",
    b"|",
    b">",
]


def _dump(data: Any) -> bytes:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None, width=200)
    return text.encode("utf-8", "surrogatepass")


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """`data` with a few byte-level mutations."""
    out = bytearray(data)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(out)))
        how = draw(st.sampled_from(("insert", "delete", "repeat", "flip")))
        if how == "insert":
            out[at:at] = draw(st.sampled_from(SNIPPETS))
        elif how == "delete":
            del out[at : at + draw(st.integers(1, 12))]
        elif how == "repeat":
            out[at:at] = out[at : at + draw(st.integers(1, 40))]
        elif out:
            out[min(at, len(out) - 1)] = draw(st.integers(0, 255))
    return bytes(out)


@st.composite
def well_formed_objective(draw: st.DrawFn) -> dict[str, Any]:
    """A valid objective whose every text is random: it usually passes, and is rendered."""
    checkin = {"date": draw(st.dates(date(2026, 4, 1), date(2026, 5, 15))), "value": 5}
    if draw(st.booleans()):
        checkin["note"] = draw(TEXT)
    krs = [
        {"title": draw(TEXT) or "K", "start": 0, "target": 10, "unit": draw(TEXT), "checkins": [checkin]},
        {"title": draw(TEXT) or "M", "milestone": True, "done": draw(st.booleans()), "note": draw(TEXT)},
        {"title": draw(TEXT) or "T", "target": ">= 85%", "current": "80%"},
    ]
    return {
        "title": draw(TEXT) or "Title",
        "period": draw(st.sampled_from(["2026", "2026-Q2", "2026-H1"])),
        "team": "acme",
        "owner": draw(st.sampled_from(["ana", "ben", "acme"])),
        "parent": draw(st.sampled_from(["company", "company#csat", "company#1"])),
        "key_results": krs,
        "initiatives": [
            {"title": draw(TEXT) or "I", "link": draw(TEXT)} for _ in range(draw(st.integers(0, 3)))
        ],
    }


BODIES = st.one_of(
    TEXT,
    st.lists(
        st.sampled_from(
            [
                "[[company]]",
                "[[csat|the <i>KPI</i>]]",
                "[[ana]]",
                "[x](javascript:alert(1))",
                "![i](data:x)",
                "<script>alert(1)</script>",
                "```",
                "> quote",
                "- item",
                "| a | b |\n|---|---|\n| 1 | 2 |",
                "# Heading",
                "&#x3C;script&#x3E;",
                "{{ 7*7 }}",
                "\t",
                "\n",
                "`code`",
                "***",
                "[[",
                "]]",
            ]
        )
        | TEXT,
        max_size=12,
    ).map(" ".join),
)


def front_matter(data: Any, body: str = "") -> bytes:
    return b"---\n" + _dump(data) + b"---\n" + body.encode("utf-8", "surrogatepass") + b"\n"


def run_site(files: dict[str, bytes]) -> None:
    """Check the base site with `files` laid over it and, when the check passes, build it: neither
    may raise, and every diagnostic of a fuzzed file names the file and a line inside it."""
    with tempfile.TemporaryDirectory(prefix="okrsite-fuzz-") as tmp:
        root = Path(tmp) / "site"
        shutil.copytree(BASE, root, ignore=shutil.ignore_patterns(".okrsite-cache"))
        for rel, data in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)
        result = check(root, AS_OF)
        for d in result.diagnostics:
            assert d.path and d.code.startswith("OKR") and d.message, d
            if d.path in files:
                lines = files[d.path].count(b"\n") + files[d.path].count(b"\r") + 2
                assert 1 <= d.line <= lines, f"{d.path}:{d.line} is not a line of the file: {d}"
        if not result.failed():
            built = build(root, Path(tmp) / "out", AS_OF, use_cache=False, workers=1, snapshots=False)
            assert built.built, [str(d) for d in built.check.diagnostics]
            assert (Path(tmp) / "out" / "index.html").is_file()


OBJECTIVE = "content/objectives/fuzz.md"


@settings(FUZZ, max_examples=EXAMPLES or 20)  # most of these pass the check and are built: 0.3 s each
@given(data=well_formed_objective(), body=BODIES)
def test_random_texts_in_a_valid_objective_are_checked_and_built(data: dict[str, Any], body: str) -> None:
    run_site({OBJECTIVE: front_matter(data, body)})


@pytest.mark.parametrize(
    ("path", "keys"),
    [
        (OBJECTIVE, OBJECTIVE_KEYS),
        ("content/kpis/fuzz.md", KPI_KEYS),
        ("content/teams/fuzz.md", TEAM_KEYS),
    ],
    ids=["objective", "kpi", "team"],
)
@FUZZ
@given(data=st.data())
def test_front_matter_of_any_shape_gives_diagnostics_not_crashes(
    path: str, keys: tuple[str, ...], data: st.DataObject
) -> None:
    shaped = data.draw(
        st.one_of(
            st.fixed_dictionaries({}, optional=dict.fromkeys(keys, VALUES)),
            VALUES,
        )
    )
    run_site({path: front_matter(shaped, data.draw(BODIES))})


@FUZZ
@given(people=st.dictionaries(st.sampled_from(["ana", "ben", "cy", "1", "é"]) | SCALARS, VALUES, max_size=4))
def test_people_yaml_of_any_shape_gives_diagnostics_not_crashes(people: dict[Any, Any]) -> None:
    run_site({"content/people.yaml": _dump(people)})


@FUZZ
@given(
    config=st.fixed_dictionaries(
        {"as_of": st.just(AS_OF)},
        optional={
            "title": TEXT,
            "language": st.sampled_from(["en", "da", "sv", "xx"]) | SCALARS,
            "max_file_size": SCALARS,
            "fiscal_year": st.fixed_dictionaries({}, optional={"start_month": SCALARS, "named_by": SCALARS}),
            "periods": st.dictionaries(st.sampled_from(["p", "2026-Q2", "bad name"]), VALUES, max_size=2),
            "checkins": st.dictionaries(st.sampled_from(["cadence_days", "grace_days"]), SCALARS, max_size=2),
            "rules": st.dictionaries(st.sampled_from(["min_key_results", "max_key_results", "x"]), SCALARS),
            "scoring": st.dictionaries(st.sampled_from(["yellow", "green", "maintain"]), SCALARS, max_size=3),
            "lints": st.dictionaries(st.sampled_from(["kr-count", "OKR301", "OKR001", "nope"]), SCALARS),
            "audience": SCALARS,
            "content_dir": st.sampled_from(["content", "./content/", "..", "/", "x"]),
        },
    )
)
def test_settings_of_any_shape_give_diagnostics_not_crashes(config: dict[str, Any]) -> None:
    run_site({"okrsite.yaml": _dump(config)})


@FUZZ
@given(data=st.data())
def test_mutated_files_give_diagnostics_not_crashes(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from([OBJECTIVE, "content/kpis/fuzz.md", "content/people.yaml"]))
    if path == OBJECTIVE:
        text = front_matter(data.draw(well_formed_objective()), data.draw(BODIES))
    elif path.endswith(".md"):
        text = front_matter(
            {"title": "K", "team": "acme", "healthy": ">= 1", "values": [{"date": AS_OF, "value": 2}]}
        )
    else:
        text = _dump({"ana": {"name": "Ana", "team": "acme"}, "ben": "Ben Dahl"})
    run_site({path: data.draw(mutated(text))})
