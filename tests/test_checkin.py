"""`okrsite checkin`: one command adds one check-in, and nothing else in the file changes."""

from __future__ import annotations

import difflib
import re
import string
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrsite.yamlread import read_yaml
from tests.conftest import run_cli

CONFIG = "title: Acme goals\nas_of: 2026-02-15\nlints:\n  kr-count: off\n  initiative-count: off\n"
TEAM = "---\nname: Acme\n---\nThe company.\n"
OBJ = "content/objectives/grow.md"


def make_site(root: Path, objective: str, newline: str = "\n", bom: bool = False) -> Path:
    """A one-objective site; the objective's text is written byte for byte."""
    (root / "content/teams").mkdir(parents=True)
    (root / "content/objectives").mkdir(parents=True)
    (root / "okrsite.yaml").write_text(CONFIG, encoding="utf-8")
    (root / "content/teams/acme.md").write_text(TEAM, encoding="utf-8")
    text = objective.replace("\n", newline)
    (root / OBJ).write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return root


def checkin(root: Path, *args: str) -> tuple[int, str, str]:
    run = run_cli("checkin", *args, "--path", root)
    return run.exit_code, run.output, run.stderr


def added_lines(old: str, new: str) -> list[str]:
    """The lines `new` adds to `old`; fails when any line of `old` changed or went."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    added: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        assert op in ("equal", "insert"), f"{op} of {a[i1:i2]!r} -> {b[j1:j2]!r}"
        if op == "insert":
            added += b[j1:j2]
    return added


BLOCK_ITEMS = """\
---
# Growth, owned by sales.
title: "Grow: the Nordics"   # quoted on purpose
period: 2026-Q1
team: acme
key_results:
  - title: Revenue   # money
    start: 100k
    target: 200k
    unit: EUR
    checkins:
      - date: 2026-01-10
        value: 120k
        note: First deals   # a comment after the last check-in


  # a comment between key results
  - title: Share of market
    start: 5%
    target: 10%
    checkins:
      - {date: 2026-01-12, value: 6%}
      - {'date': 2026-01-26, "value": 6.5%}   # quoted keys
  - title: Weekly churn
    start: 4%
    target: 2%
---
Body with *Markdown*, and a line that looks like front matter:

---
key_results: []
"""


def test_block_style_items_get_a_block_item_at_their_indentation(tmp_path: Path) -> None:
    root = make_site(tmp_path, BLOCK_ITEMS)
    code, out, err = checkin(root, "grow#1", "150k", "--date", "2026-02-09", "--note", "Two: big deals")
    assert (code, err) == (0, "")
    assert "grow#1" in out and "Revenue" in out and "line 15" in out
    new = (root / OBJ).read_text()
    assert added_lines(BLOCK_ITEMS, new) == [
        "      - date: 2026-02-09\n",
        "        value: 150k\n",
        '        note: "Two: big deals"\n',
    ]
    assert new.index("value: 150k") < new.index("# a comment between key results")


def test_flow_items_get_one_flow_line_after_a_trailing_comment(tmp_path: Path) -> None:
    root = make_site(tmp_path, BLOCK_ITEMS)
    code, out, _ = checkin(root, "grow#2", "7.5%", "--date", "2026-02-09", "--confidence", "0.8")
    assert code == 0
    assert "Score 30% \u2192 50%." in out
    assert added_lines(BLOCK_ITEMS, (root / OBJ).read_text()) == [
        "      - {date: 2026-02-09, value: 7.5%, confidence: 0.8}\n"
    ]


def test_a_key_result_without_checkins_gets_a_list_after_its_last_line(tmp_path: Path) -> None:
    root = make_site(tmp_path, BLOCK_ITEMS)
    assert checkin(root, "grow#3", "3.5%", "--date", "2026-02-01")[0] == 0
    new = (root / OBJ).read_text()
    assert added_lines(BLOCK_ITEMS, new) == [
        "    checkins:\n",
        "      - {date: 2026-02-01, value: 3.5%}\n",
    ]
    assert new.index("value: 3.5%") < new.index("---\nBody")
    assert run_cli("check", root).exit_code == 0


FLOW_STYLES = """\
---
title: Flow styles
period: 2026-Q1
team: acme
key_results:
- {title: Compact, start: 0, target: 10}
- title: Empty list
  start: 0
  target: 10
  checkins: []
- title: Inline list
  start: 0
  target: 10
  checkins: [{date: 2026-01-05, value: 2}]
- title: Null list
  start: 0
  target: 10
  checkins:
- title: Indentless items
  start: 0
  target: 10
  checkins:
  - {date: 2026-01-05, value: 1}
---
"""


@pytest.mark.parametrize(
    ("kr", "line", "added"),
    [
        ("1", 6, "- {title: Compact, start: 0, target: 10, checkins: [{date: 2026-02-02, value: 4}]}"),
        ("2", 10, "  checkins: [{date: 2026-02-02, value: 4}]"),
        ("3", 14, "  checkins: [{date: 2026-01-05, value: 2}, {date: 2026-02-02, value: 4}]"),
        ("4", 19, "  checkins:\n    - {date: 2026-02-02, value: 4}"),
        ("5", 24, "  - {date: 2026-01-05, value: 1}\n  - {date: 2026-02-02, value: 4}"),
    ],
)
def test_flow_and_block_styles_are_each_extended_in_their_own_style(
    tmp_path: Path, kr: str, line: int, added: str
) -> None:
    root = make_site(tmp_path, FLOW_STYLES)
    code, out, err = checkin(root, f"grow#{kr}", "4", "--date", "2026-02-02")
    assert (code, err) == (0, "")
    assert f"line {line})" in out
    new = (root / OBJ).read_text()
    diff = [ln for ln in difflib.ndiff(FLOW_STYLES.splitlines(), new.splitlines()) if ln[0] in "+-"]
    assert "\n".join(d[2:] for d in diff if d[0] == "+").endswith(added.split("\n")[-1])
    assert added in new
    assert run_cli("check", root).exit_code == 0


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_endings_are_kept(tmp_path: Path, newline: str) -> None:
    root = make_site(tmp_path, BLOCK_ITEMS, newline=newline)
    old = (root / OBJ).read_bytes()
    assert checkin(root, "grow#2", "8%", "--date", "2026-02-09")[0] == 0
    new = (root / OBJ).read_bytes()
    line = f"      - {{date: 2026-02-09, value: 8%}}{newline}".encode()
    assert new.replace(line, b"", 1) == old
    if newline == "\r\n":
        assert new.count(b"\n") == new.count(b"\r\n")
    else:
        assert b"\n" not in new


def test_unicode_and_a_bom_are_kept(tmp_path: Path) -> None:
    text = BLOCK_ITEMS.replace("Revenue", "Omsætning i Øresund 🚀").replace("Body", "Brødtekst — æøå")
    root = make_site(tmp_path, text, bom=True)
    code, out, _ = checkin(
        root, "grow#1", "130k", "--date", "2026-02-09", "--note", "Blåbærgrød 🫐", "--by", "ase"
    )
    assert code == 0 and "Omsætning i Øresund 🚀" in out
    new = (root / OBJ).read_bytes()
    assert new.startswith(b"\xef\xbb\xbf---")
    assert added_lines(text, new.decode("utf-8-sig")) == [
        "      - date: 2026-02-09\n",
        "        value: 130k\n",
        "        note: Blåbærgrød 🫐\n",
        "        by: ase\n",
    ]


def test_a_block_scalar_note_is_not_cut(tmp_path: Path) -> None:
    text = BLOCK_ITEMS.replace(
        "note: First deals   # a comment after the last check-in",
        "note: |\n          Two lines\n          of note",
    )
    root = make_site(tmp_path, text)
    assert checkin(root, "grow#1", "140k", "--date", "2026-02-09")[0] == 0
    new = (root / OBJ).read_text()
    assert added_lines(text, new) == ["      - date: 2026-02-09\n", "        value: 140k\n"]
    assert "of note\n      - date: 2026-02-09" in new


def test_an_invalid_author_is_refused(tmp_path: Path) -> None:
    root = make_site(tmp_path, BLOCK_ITEMS)
    code, _, err = checkin(root, "grow#1", "130k", "--date", "2026-02-09", "--by", "åse")
    assert code == 1 and "'åse' is not a valid id" in err
    assert (root / OBJ).read_text() == BLOCK_ITEMS


def test_the_example_site_takes_a_checkin_by_kr_id(site: Path) -> None:
    path = site / "content/objectives/2026-Q4/q4-ai-assisted-support.md"
    old = path.read_text()
    code, out, _ = checkin(site, "q4-ai-assisted-support#draft-accuracy", "75%", "--date", "2026-11-18")
    assert code == 0 and "Score" in out
    assert added_lines(old, path.read_text()) == ["      - {date: 2026-11-18, value: 75%}\n"]
    assert run_cli("check", "--strict", site).exit_code == 0


def test_a_milestone_takes_done(site: Path) -> None:
    path = site / "content/objectives/2026-Q4/q4-open-innovation-lab.md"
    data = read_yaml(path.read_text().split("---\n")[1]).value
    index = next(i for i, kr in enumerate(data["key_results"], 1) if kr.get("milestone"))
    code, out, err = checkin(site, f"q4-open-innovation-lab#{index}", "done", "--date", "2026-11-18")
    assert (code, err) == (0, ""), out
    assert "value: done" in path.read_text()


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (["grow#2", "8kg"], 1, "invalid, so it was not written"),
        (["grow#2", "6%", "--date", "2026-01-12"], 1, "already has a check-in on 2026-01-12"),
        (["grow#7", "6%"], 2, "no key result #7; its key results are #1, #2, #3"),
        (["grow#share", "6%"], 2, "no key result with the id 'share'"),
        (["grw#2", "6%"], 2, "did you mean 'grow'?"),
        (["nosuch#1", "6%"], 2, "no objective has the id 'nosuch'"),
        (["grow", "6%"], 2, "is not a key result reference"),
    ],
)
def test_refusals_say_why_and_leave_the_file_alone(
    tmp_path: Path, args: list[str], exit_code: int, message: str
) -> None:
    # 2: the command names nothing (a usage error); 1: the file's content refuses the value
    root = make_site(tmp_path, BLOCK_ITEMS)
    before = (root / OBJ).read_bytes()
    code, _, err = checkin(root, *args)
    assert code == exit_code and message in err and "Traceback" not in err
    assert (root / OBJ).read_bytes() == before
    assert sorted(p.name for p in (root / "content/objectives").iterdir()) == ["grow.md"]


def test_dry_run_prints_the_diff_and_writes_nothing(tmp_path: Path) -> None:
    root = make_site(tmp_path, BLOCK_ITEMS)
    code, out, _ = checkin(root, "grow#2", "9%", "--date", "2026-02-09", "--dry-run")
    assert code == 0
    assert "+      - {date: 2026-02-09, value: 9%}" in out and "Nothing was written" in out
    assert (root / OBJ).read_text() == BLOCK_ITEMS


def test_a_new_warning_is_reported_but_written(tmp_path: Path) -> None:
    root = make_site(tmp_path, BLOCK_ITEMS)
    code, _, err = checkin(root, "grow#2", "9%", "--date", "2026-05-01")
    assert code == 0
    assert re.search(r"content/objectives/grow\.md:\d+:\d+: warning OKR3\d\d ", err), err  # as check shows it
    assert "2026-05-01" in (root / OBJ).read_text()


NOTES = st.text(
    alphabet=st.sampled_from(string.ascii_letters + string.digits + " :#,-'\"[]{}&*!|>%@`\\/?æø🚀"),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() == s)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=NOTES)
def test_any_note_reads_back_exactly(tmp_path_factory: pytest.TempPathFactory, note: str) -> None:
    root = make_site(tmp_path_factory.mktemp("n"), BLOCK_ITEMS)
    code, _, err = checkin(root, "grow#2", "9%", "--date", "2026-02-09", "--note", note)
    assert code == 0, err
    new = (root / OBJ).read_text()
    assert len(added_lines(BLOCK_ITEMS, new)) == 1
    data = read_yaml(new.split("---\n")[1]).value
    assert data["key_results"][1]["checkins"][-1]["note"] == note


def test_an_insertion_that_would_change_other_values_is_refused(tmp_path: Path) -> None:
    # `|+` keeps the blank lines that follow as part of the note: an insertion before them
    # would shorten the note, and the read-back check catches it.
    text = BLOCK_ITEMS.replace(
        "note: First deals   # a comment after the last check-in", "note: |+\n          Kept blank lines"
    )
    root = make_site(tmp_path, text)
    code, _, err = checkin(root, "grow#1", "140k", "--date", "2026-02-09")
    assert code == 1 and "without changing something else" in err
    assert "key result #1 \u201cRevenue\u201d (line 7), at the end of its check-ins" in err
    assert err.rstrip().endswith("\n- {date: 2026-02-09, value: 140k}")
    assert (root / OBJ).read_text() == text


def test_an_earlier_checkin_says_the_later_one_still_counts(tmp_path: Path) -> None:
    root = make_site(tmp_path, BLOCK_ITEMS)
    code, out, _ = checkin(root, "grow#2", "5.5%", "--date", "2026-01-19")
    assert code == 0 and "A later check-in (2026-01-26) is still the current value." in out


def test_an_earlier_checkin_ignores_a_later_one_that_does_not_count_yet(tmp_path: Path) -> None:
    # as_of is 2026-02-15: a check-in dated after it is not the current value yet
    root = make_site(tmp_path, BLOCK_ITEMS)
    code, out, _ = checkin(root, "grow#3", "3.5%", "--date", "2026-03-01")
    assert (
        code == 0 and "This check-in is dated after 2026-02-15" in out and "it counts from 2026-03-01" in out
    )
    code, out, _ = checkin(root, "grow#3", "3%", "--date", "2026-02-10")
    assert code == 0
    assert "is still the current value" not in out
    assert "A check-in dated 2026-03-01, after 2026-02-15, takes over from that day." in out
    assert "Score 0% \u2192 50%." in out


def test_a_score_of_zero_never_prints_as_minus_zero(tmp_path: Path) -> None:
    # churn from 4% to 2%: a value of 4% is a progress of -0.0
    root = make_site(tmp_path, BLOCK_ITEMS)
    code, out, _ = checkin(root, "grow#3", "4%", "--date", "2026-02-01")
    assert code == 0 and "Score 0% \u2192 0%." in out
    assert "-0%" not in out


def test_a_reference_that_names_two_key_results_is_refused(tmp_path: Path) -> None:
    text = BLOCK_ITEMS.replace(
        "  - title: Revenue   # money\n", '  - title: Revenue   # money\n    id: "2"\n'
    )
    root = make_site(tmp_path, text)
    code, _, err = checkin(root, "grow#2", "6%", "--date", "2026-02-09")
    assert code == 2
    assert "key result #1 \u201cRevenue\u201d has the id '2'" in err
    assert "key result #2 is \u201cShare of market\u201d" in err and "like 'kr-2'" in err
    assert (root / OBJ).read_text() == text
    report = run_cli("check", "--format", "json", root)
    assert report.exit_code == 1
    assert [(d["line"], d["hint"]) for d in report.json()["diagnostics"] if d["code"] == "OKR113"] == [
        (8, "give it a name like 'kr-2'")
    ]


def test_a_checkin_through_a_symlink_edits_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    root = make_site(tmp_path, BLOCK_ITEMS)
    real = root / "content/.shared/grow.md"  # a hidden folder: the loader reads the file once
    real.parent.mkdir()
    (root / OBJ).replace(real)
    (root / OBJ).symlink_to("../.shared/grow.md")
    code, _, err = checkin(root, "grow#2", "8%", "--date", "2026-02-09")
    assert (code, err) == (0, "")
    assert (root / OBJ).is_symlink() and (root / OBJ).readlink() == Path("../.shared/grow.md")
    assert added_lines(BLOCK_ITEMS, real.read_text()) == ["      - {date: 2026-02-09, value: 8%}\n"]
    assert sorted(p.name for p in real.parent.iterdir()) == ["grow.md"]  # no temporary file left


def front_data(text: str) -> Any:
    """The front matter as plain dicts and lists."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return plain(read_yaml(text.split("---\n")[1]).value)


PASTE = re.compile(r"Add it by hand: in (\S+), key result #(\d+) “[^”]*”, after line (\d+), add:\n(.*)", re.S)


@pytest.mark.parametrize(
    ("ref", "old", "new", "why"),
    [
        ("grow#3", "  - title: Weekly churn\n", "  - &churn\n    title: Weekly churn\n", "anchor or alias"),
        ("grow#1", "    start: 5%\n", "    start: &five 5%\n", "anchor or alias"),
        ("grow#3", "    start: 4%\n", "    <<: {start: 4%}\n", "merge key (<<)"),
        ("grow#3", "    start: 4%\n", "    start: !!str 4%\n", "tag (!!str)"),
        ("grow#2", "    start: 5%\n", "    start:\t5%\n", "a tab"),
        ("grow#1", "      - date: 2026-01-10\n", "      -\n        date: 2026-01-10\n", "unusual way"),
    ],
    ids=["anchor", "anchor-and-alias", "merge-key", "tag", "tab", "unusual-layout"],
)
def test_a_file_that_cannot_be_edited_safely_gets_the_lines_to_paste(
    tmp_path: Path, ref: str, old: str, new: str, why: str
) -> None:
    text = BLOCK_ITEMS.replace(old, new, 1)
    if why == "anchor or alias" and "&five" in text:  # an alias too: the churn's note
        text = text.replace("    target: 2%\n", "    target: 2%\n    note: *five\n")
    root = make_site(tmp_path, text)
    assert run_cli("check", root).exit_code == 0
    before = (root / OBJ).read_bytes()
    code, _, err = checkin(root, ref, "3%", "--date", "2026-02-09")
    assert code == 1 and why in err and "nothing was written" in err and "Traceback" not in err
    assert (root / OBJ).read_bytes() == before
    found = PASTE.search(err)
    assert found, err
    path, index, after, paste = found.groups()
    assert (path, index) == (OBJ, ref[-1])
    # pasting the lines where the message says gives the old file plus exactly this check-in
    lines = text.splitlines(keepends=True)
    pasted = "".join(lines[: int(after)]) + paste.rstrip("\n") + "\n" + "".join(lines[int(after) :])
    expected = front_data(text)
    kr = expected["key_results"][int(index) - 1]
    kr["checkins"] = [*kr.get("checkins", []), {"date": date(2026, 2, 9), "value": "3%"}]
    assert front_data(pasted) == expected
    assert added_lines(text, pasted)


def test_a_key_result_with_an_alias_is_named_without_a_line_to_paste_after(tmp_path: Path) -> None:
    text = BLOCK_ITEMS.replace("    start: 5%\n", "    start: &five 5%\n").replace(
        "    target: 2%\n", "    target: 2%\n    note: *five\n"
    )
    root = make_site(tmp_path, text)
    code, _, err = checkin(root, "grow#3", "3%", "--date", "2026-02-09")
    assert code == 1 and (root / OBJ).read_text() == text
    assert "key result #3 \u201cWeekly churn\u201d (line 24), in a new 'checkins:' list:\n" in err
    assert "\n- {date: 2026-02-09, value: 3%}\n" in err and "write it out in full first" in err


@pytest.mark.parametrize("null", ["~", "null"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_null_checkins_becomes_the_list_in_its_own_line(tmp_path: Path, null: str, newline: str) -> None:
    text = BLOCK_ITEMS.replace("    target: 2%\n", f"    target: 2%\n    checkins: {null}   # none yet\n")
    root = make_site(tmp_path, text, newline=newline)
    assert run_cli("check", root).exit_code == 0
    old = (root / OBJ).read_bytes()
    code, out, err = checkin(root, "grow#3", "3%", "--date", "2026-02-09")
    assert (code, err) == (0, "") and "line 27)" in out
    new = (root / OBJ).read_bytes()
    changed = [
        (a, b)
        for a, b in zip(old.split(newline.encode()), new.split(newline.encode()), strict=True)
        if a != b
    ]
    assert changed == [
        (
            f"    checkins: {null}   # none yet".encode(),
            b"    checkins: [{date: 2026-02-09, value: 3%}]   # none yet",
        )
    ]
    data = front_data(new.decode().replace("\r\n", "\n"))
    assert data["key_results"][2]["checkins"] == [{"date": date(2026, 2, 9), "value": "3%"}]
    assert run_cli("check", root).exit_code == 0
