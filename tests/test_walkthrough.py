"""docs/workflow.md's walkthrough, run as written: every console command of its fenced blocks, in
order, in a new git repository, with each exit code and the output lines the doc shows.

The doc is read, not copied: a command or an output line changed in the doc, or in okrsite, fails
here. What the doc leaves to people is done here the way the doc says: the file shown with a
`title="PATH"` is written where step 2 says it is filled in, the target the doc says was eased
is eased, and the CI outputs of step 4 are made with the commands the CI templates run. The doc
was written on 2026-11-20 (2026-Q4); its dates and quarters are read as today's.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest

from okrsite.scaffold.init import example_day, quarter_of
from tests.conftest import REPO, run_cli

DOC = REPO / "docs" / "workflow.md"
DOC_TODAY = "2026-11-20"
DOC_QUARTER = "2026-Q4"
DOC_NEXT_QUARTER = "2027-Q1"
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Maria",
    "GIT_AUTHOR_EMAIL": "maria@acme.example",
    "GIT_COMMITTER_NAME": "Maria",
    "GIT_COMMITTER_EMAIL": "maria@acme.example",
}
SHA = re.compile(r"\(([0-9a-f]{7})\)")
MARKER = "<!-- okrsite-diff -->"


@dataclass
class Block:
    """A fenced block: its info string (`console`, `markdown title="..."`) and its lines."""

    info: str
    lines: list[str]


@dataclass
class Command:
    """A `$ ` line of a console block (continuation lines joined) and the output shown below it."""

    line: str
    output: list[str] = field(default_factory=list)


def walkthrough() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("## Walkthrough")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def blocks(text: str) -> list[Block]:
    found: list[Block] = []
    current: Block | None = None
    for line in text.splitlines():
        if current is None and line.startswith("```"):
            current = Block(line[3:].strip(), [])
        elif current is not None and line == "```":
            found.append(current)
            current = None
        elif current is not None:
            current.lines.append(line)
    assert current is None, "an unclosed fence in the walkthrough"
    return found


def commands(block: Block) -> list[Command]:
    out: list[Command] = []
    continued = False
    for line in block.lines:
        if continued:
            out[-1].line = out[-1].line[:-1].rstrip() + " " + line.strip()
        elif line.startswith("$ "):
            out.append(Command(line[2:]))
        else:
            assert out, f"output before any command in a console block: {line!r}"
            out[-1].output.append(line)
        continued = out[-1].line.endswith("\\") if out else False
    return out


class Walk:
    """The state of the walk: the folder commands run in, and how the doc's dates read today."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.cwd = root
        self.monkeypatch = monkeypatch
        today = date.today()
        quarter = quarter_of(today)
        self.values = {
            DOC_TODAY: today.isoformat(),
            DOC_QUARTER: quarter.key,
            DOC_NEXT_QUARTER: quarter_of(quarter.end + timedelta(days=1)).key,
        }
        # On a quarter's first day the example has no check-in (none can be dated before today
        # inside the quarter): the new one is the first, on another line, from another score.
        self.first_day = example_day(today) is None

    def today(self, text: str) -> str:
        """`text` from the doc with its quarters and date read as today's."""
        pattern = "|".join(re.escape(k) for k in self.values)
        return re.sub(pattern, lambda m: self.values[m.group(0)], text)

    def normal(self, line: str) -> str:
        line = SHA.sub("(SHA)", line.rstrip())
        if self.first_day:
            line = re.sub(r", line \d+\)", ", line N)", line)
            line = re.sub(r"^Score .*", "Score ...", line)
        return line

    def run(self, command: str) -> tuple[int, str]:
        """One command of the doc, as a shell would run it: `&&` stops at the first failure."""
        words = shlex.split(self.today(command))
        status, output = 0, ""
        while words:
            one = words[: words.index("&&")] if "&&" in words else words
            words = words[len(one) + 1 :]
            status, more = self.one(one)
            output += more
            if status != 0:
                break
        return status, output

    def one(self, words: list[str]) -> tuple[int, str]:
        program, *args = words
        if program == "pip":
            assert args == ["install", "okrsite"], "the walkthrough installs okrsite only"
            return 0, ""  # this test runs the okrsite being tested
        if program == "cd":
            (folder,) = args
            self.cwd = self.cwd / folder
            assert self.cwd.is_dir(), f"cd {folder}: no such folder"
            return 0, ""
        if program == "git":
            done = subprocess.run(
                ["git", *args],
                cwd=self.cwd,
                env={**os.environ, **GIT_ENV},
                capture_output=True,
                text=True,
                check=False,
            )
            return done.returncode, done.stdout + done.stderr
        assert program == "okrsite", f"the walkthrough runs {program}, which this test does not know"
        self.monkeypatch.chdir(self.cwd)
        result = run_cli(*args)
        return result.exit_code, result.output + result.stderr

    def shows(self, expected: list[str], output: str, what: str) -> None:
        """Every line the doc shows is in `output`, in order; `...` skips lines, and a line that
        ends in ` ...` is the start of one."""
        actual = [self.normal(line) for line in output.splitlines()]
        at = 0
        chunks: list[list[str]] = [[]]
        for line in expected:
            if line.strip() == "...":
                chunks.append([])
            else:
                chunks[-1].append(self.normal(self.today(line)))
        for chunk in filter(None, chunks):
            for start in range(at, len(actual) - len(chunk) + 1):
                if all(_same(want, got) for want, got in zip(chunk, actual[start:], strict=False)):
                    at = start + len(chunk)
                    break
            else:
                shown = "\n".join(chunk)
                pytest.fail(f"{what}: the doc shows\n{shown}\n\nbut okrsite printed\n{output}")


def _same(want: str, got: str) -> bool:
    if want.endswith(" ..."):
        return got.startswith(want[:-4])
    return want == got


def test_the_doc_walkthrough_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = walkthrough()
    walk = Walk(tmp_path, monkeypatch)
    found = blocks(text)
    kinds = [b.info.split()[0] for b in found]
    assert kinds == ["console", "console", "markdown", "console", "text", "markdown", "console"], kinds
    ran: list[str] = []

    for block in found:
        kind = block.info.split()[0]
        if kind == "console":
            for command in commands(block):
                status, output = walk.run(command.line)
                assert status == 0, f"$ {command.line}\nexited {status}:\n{output}"
                walk.shows(command.output, output, f"$ {command.line}")
                ran.append(command.line)
        elif kind == "markdown" and "title=" in block.info:
            # Step 2: the file as the doc says it ends up after editing.
            (path,) = re.findall(r'title="([^"]+)"', block.info)
            target = walk.cwd / walk.today(path)
            assert target.is_file(), f"the doc fills in {path}, which okrsite new did not write"
            target.write_text(walk.today("\n".join(block.lines)) + "\n", encoding="utf-8")
        elif kind == "text":
            # Step 4: the annotations of the check job, after the eased target the doc mentions.
            assert "the booking steps' target\nfrom 6 to 8" in text
            example = walk.cwd / "content" / "objectives" / walk.today(DOC_QUARTER)
            example /= "improve-customer-experience.md"
            before = example.read_text(encoding="utf-8")
            assert before.count("    target: 6\n") == 1
            example.write_text(before.replace("    target: 6\n", "    target: 8\n"), encoding="utf-8")
            status, output = walk.run("okrsite check --format github --strict")
            assert status == 1, output  # a warning, under --strict
            walk.shows(block.lines, output, "the check job's annotations")
        elif kind == "markdown":
            # Step 4: the comment, as the workflow makes it (origin/main is the base branch).
            assert block.lines[0] == MARKER
            assert walk.run("git update-ref refs/remotes/origin/main main")[0] == 0
            status, output = walk.run("okrsite diff origin/main --format markdown")
            assert status == 0, output
            walk.shows(block.lines, output, "the pull-request comment")

    assert ran[0] == "pip install okrsite" and ran[1] == "okrsite init acme-goals --name Acme"
    assert any(line.startswith("okrsite checkin ") for line in ran)
    assert any(line.startswith("okrsite carry-over ") for line in ran)


def test_the_checkin_of_step_3_adds_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What step 3 promises: on the day of `okrsite init`, the check-in is one added line."""
    walk = Walk(tmp_path, monkeypatch)
    consoles = [b for b in blocks(walkthrough()) if b.info == "console"]
    first, _, third = (commands(b) for b in consoles[:3])
    for command in first[1:4]:  # init, cd, git init ... commit
        assert walk.run(command.line)[0] == 0, command.line
    (checkin,) = third
    status, output = walk.run(checkin.line)
    assert status == 0, output
    numstat = subprocess.run(
        ["git", "diff", "--numstat"],
        cwd=walk.cwd,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
    )
    path = f"content/objectives/{walk.today(DOC_QUARTER)}/improve-customer-experience.md"
    assert numstat.stdout == f"1\t0\t{path}\n"
    again = walk.run(checkin.line)  # a second one on the same day is refused, with the way out
    assert again[0] == 1 and "already has a check-in on" in again[1] and "--date" in again[1]
