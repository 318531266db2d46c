"""`okrsite carry-over`: unfinished objectives move into the next period as new files."""

from __future__ import annotations

import hashlib
from pathlib import Path

from okrsite.yamlread import read_yaml
from tests.conftest import run_cli


def front(path: Path) -> dict:  # type: ignore[type-arg]
    data = read_yaml(path.read_text().split("---\n")[1]).value
    assert isinstance(data, dict)
    return data


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and ".okrsite-cache" not in p.parts  # the goals, not okrsite's cache
    }


def test_unfinished_objectives_become_new_files_starting_from_their_last_values(site: Path) -> None:
    before = snapshot(site)
    run = run_cli("carry-over", "2026-Q4", "2027-Q1", "--path", site)
    assert run.exit_code == 0, run.stderr
    assert "Carried 5 objectives from 2026-Q4 to 2027-Q1" in run.output
    after = snapshot(site)
    assert {k: v for k, v in after.items() if k in before} == before, "an existing file changed"
    new = sorted(set(after) - set(before))
    assert len(new) == 5 and all(p.startswith("content/objectives/2027-Q1/") for p in new)

    support = front(site / "content/objectives/2027-Q1/q4-ai-assisted-support-2027-q1.md")
    assert support["period"] == "2027-Q1"
    assert support["carried_from"] == "q4-ai-assisted-support"
    krs = {kr["id"]: kr for kr in support["key_results"]}
    assert set(krs) == {"ai-draft-share", "weekend-response", "draft-accuracy"}  # the policy is done
    assert krs["ai-draft-share"]["start"] == "27%" and krs["ai-draft-share"]["target"] == "40%"
    assert krs["weekend-response"]["start"] == "9h"
    assert not any("checkins" in kr for kr in support["key_results"])
    assert [i["title"] for i in support["initiatives"]] == [
        "Roll out drafts to the whole team",
        "Weekly review of rejected drafts",
        "Tell customers when a reply was drafted by AI",
    ]
    body = (site / "content/objectives/2027-Q1/q4-ai-assisted-support-2027-q1.md").read_text()
    assert body.endswith("any month below 85% pauses the\nrollout.\n")

    mei = front(site / "content/objectives/2027-Q1/people/mei-run-lab-experiments-2027-q1.md")
    assert mei["parent"] == "q4-open-innovation-lab-2027-q1#experiments"  # its parent came along too

    lab = front(site / "content/objectives/2027-Q1/q4-open-innovation-lab-2027-q1.md")
    assert all(kr.get("due") is None for kr in lab["key_results"]), "old deadlines are dropped"

    check = run_cli("check", site)
    assert check.exit_code == 0 and "0 errors" in check.output
    again = run_cli("carry-over", "2026-Q4", "2027-Q1", "--path", site)
    assert again.exit_code == 0, again.stderr
    assert again.output.count("already carried: ") == 5
    assert (
        "already carried: q4-ai-assisted-support -> content/objectives/2027-Q1/q4-ai-assisted-support-2027-q1.md\n"
        in again.output
    )
    assert (
        "Nothing left to carry: every unfinished objective of 2026-Q4 is already in 2027-Q1" in again.output
    )
    assert snapshot(site) == after


def test_dry_run_writes_nothing(site: Path) -> None:
    before = snapshot(site)
    run = run_cli("carry-over", "2026-Q4", "2027-Q1", "--team", "engineering", "--dry-run", "--path", site)
    assert run.exit_code == 0
    assert "carried_from: q4-open-innovation-lab" in run.output
    assert "Would carry 1 objective from 2026-Q4 to 2027-Q1" in run.output
    assert snapshot(site) == before


def test_a_relative_change_becomes_the_target_it_meant(write_site: object) -> None:
    root = write_site(  # type: ignore[operator]
        {
            "okrsite.yaml": "as_of: 2026-03-31\nlints: {kr-count: off, initiative-count: off}\n",
            "content/teams/acme.md": "---\nname: Acme\n---\n",
            "content/objectives/2026-Q1/churn.md": """
                ---
                title: Keep more customers
                period: 2026-Q1
                team: acme
                key_results:
                  - title: Cut churn by a tenth
                    start: 5%
                    change: -10%
                    checkins: [{date: 2026-03-01, value: 4.8%}]
                  - title: Win back customers
                    start: 0
                    target: 10
                    current: 12
                ---
                Why.
                """,
            "content/objectives/2026-Q1/done.md": """
                ---
                title: A finished one
                period: 2026-Q1
                team: acme
                status: closed
                key_results:
                  - {title: Something, start: 0, target: 1, current: 0}
                ---
                """,
        }
    )
    run = run_cli("carry-over", "2026-Q1", "2026-Q2", "--path", root)
    assert run.exit_code == 0, run.stderr
    assert "1 finished or closed stay behind" in run.output
    data = front(root / "content/objectives/2026-Q2/churn-2026-q2.md")
    assert data["key_results"] == [{"title": "Cut churn by a tenth", "start": "4.8%", "target": "4.5%"}]


def test_bad_periods_are_refused(site: Path) -> None:
    for args, message in [
        (["2026-Q5", "2027-Q1"], "expected a period like"),
        (["2026-Q4", "2026-Q4"], "the periods are the same"),
        (["2026-Q4", "2026-Q3"], "does not come after"),
    ]:
        run = run_cli("carry-over", *args, "--path", site)
        assert run.exit_code == 2 and message in run.stderr, (args, run.stderr)
    run = run_cli("carry-over", "2026-Q4", "2027-Q1", "--team", "nope", "--path", site)
    assert run.exit_code == 2 and "no team has the id 'nope'" in run.stderr


def test_the_pages_link_the_original_and_its_continuation(site: Path, tmp_path: Path) -> None:
    assert run_cli("carry-over", "2026-Q4", "2027-Q1", "--team", "engineering", "--path", site).exit_code == 0
    out = tmp_path / "public"
    assert run_cli("build", site, "--out", out).exit_code == 0
    old = (out / "objectives/q4-open-innovation-lab/index.html").read_text()
    new = (out / "objectives/q4-open-innovation-lab-2027-q1/index.html").read_text()
    assert 'Into <a href="../q4-open-innovation-lab-2027-q1/">' in old
    assert 'From <a href="../q4-open-innovation-lab/">' in new


def test_a_second_run_carries_only_what_is_left(site: Path) -> None:
    first = run_cli("carry-over", "2026-Q4", "2027-Q1", "--team", "engineering", "--path", site)
    assert first.exit_code == 0 and "Carried 1 objective" in first.output
    lab = site / "content/objectives/2027-Q1/q4-open-innovation-lab-2027-q1.md"
    lab_text = lab.read_bytes()
    run = run_cli("carry-over", "2026-Q4", "2027-Q1", "--path", site)
    assert run.exit_code == 0, run.stderr
    assert (
        "already carried: q4-open-innovation-lab -> content/objectives/2027-Q1/q4-open-innovation-lab-2027-q1.md"
        in run.output
    )
    assert "Carried 4 objectives from 2026-Q4 to 2027-Q1 (1 carried before)" in run.output
    assert lab.read_bytes() == lab_text
    mei = front(site / "content/objectives/2027-Q1/people/mei-run-lab-experiments-2027-q1.md")
    assert mei["parent"] == "q4-open-innovation-lab-2027-q1#experiments"  # the copy made before
    assert run_cli("check", site).exit_code == 0


def test_a_period_with_nothing_unfinished_says_so(site: Path) -> None:
    before = snapshot(site)
    run = run_cli("carry-over", "2025-Q4", "2026-Q1", "--path", site)
    assert run.exit_code == 0
    assert run.output == "No unfinished objectives in 2025-Q4: nothing to carry over.\n"
    run = run_cli("carry-over", "2025-q4", "2026-Q1", "--team", "engineering", "--path", site)
    assert run.output == "No unfinished objectives in 2025-Q4 for team engineering: nothing to carry over.\n"
    assert snapshot(site) == before


def test_a_period_whose_objectives_are_all_finished_says_so(write_site: object) -> None:
    root = write_site(  # type: ignore[operator]
        {
            "okrsite.yaml": "as_of: 2026-03-31\nlints: {kr-count: off, initiative-count: off}\n",
            "content/teams/acme.md": "---\nname: Acme\n---\n",
            "content/objectives/done.md": """
                ---
                title: A finished one
                period: 2026-Q1
                team: acme
                key_results:
                  - {title: Something, start: 0, target: 1, current: 1}
                ---
                """,
        }
    )
    run = run_cli("carry-over", "2026-Q1", "2026-Q2", "--path", root)
    assert (run.exit_code, run.output) == (
        0,
        "No unfinished objectives in 2026-Q1 (1 finished or closed): nothing to carry over.\n",
    )


def test_warnings_are_printed_as_okrsite_check_prints_them(site: Path) -> None:
    run = run_cli("carry-over", "2026-Q4", "2027-Q1", "--team", "engineering", "--path", site)
    assert run.exit_code == 0
    new = "content/objectives/2027-Q1/q4-open-innovation-lab-2027-q1.md"
    assert f"{new}:7:9: warning OKR308 parent: the parent 'strengthen-innovation' runs 2026" in run.stderr
    assert "\n     7 | parent: strengthen-innovation#lab\n       |         ^\n  hint: " in run.stderr
    check = run_cli("check", site).output
    blocks = run.stderr.split(new)[1:]
    assert blocks and all(new + block.split("Align the new")[0].rstrip("\n") in check for block in blocks)


def test_an_id_used_by_another_objective_is_refused(site: Path) -> None:
    other = site / "content/objectives/2027-Q1/lab.md"
    other.parent.mkdir(parents=True)
    other.write_text(
        "---\nid: q4-open-innovation-lab-2027-q1\ntitle: Another lab\nperiod: 2027-Q1\nteam: engineering\n---\n"
    )
    before = snapshot(site)
    run = run_cli("carry-over", "2026-Q4", "2027-Q1", "--path", site)
    assert run.exit_code == 1
    assert (
        "q4-open-innovation-lab would become q4-open-innovation-lab-2027-q1, but "
        "content/objectives/2027-Q1/lab.md already uses that id" in run.stderr
    )
    assert snapshot(site) == before


def test_a_dangling_link_where_a_new_file_goes_is_left_alone(site: Path) -> None:
    link = site / "content/objectives/2027-Q1/q4-open-innovation-lab-2027-q1.md"
    link.parent.mkdir(parents=True)
    link.symlink_to("nowhere.md")
    run = run_cli("carry-over", "2026-Q4", "2027-Q1", "--team", "engineering", "--path", site)
    assert run.exit_code == 1 and "already exists; nothing was written" in run.stderr
    assert link.is_symlink() and not link.exists() and link.readlink() == Path("nowhere.md")
