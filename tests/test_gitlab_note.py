"""`okrsite diff --gitlab-note`: one merge-request note, posted and then updated, against a fake
GitLab (http.server in a thread: no network)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import Run, edit, run_cli

TOKEN = "glpat-secret-0123456789"
BOT = {"id": 42, "username": "project_7_bot_okrs"}
HUMAN = {"id": 7, "username": "maria"}
NOTES = "/api/v4/projects/7/merge_requests/3/notes"
MARKER = "<!-- okrsite-diff -->"
PROXIES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


@dataclass
class FakeGitLab:
    """The notes of merge request !3 of project 7, and every request GitLab was sent."""

    notes: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, str, dict[str, str], Any]] = field(default_factory=list)
    fail: tuple[int, bytes] | None = None  # answer every request with this status and body
    moved: bool = False  # answer GET /user with a redirect to /elsewhere/user (another host, say)
    next_id: int = 1000

    def add(self, author: dict[str, Any], body: str, *, system: bool = False) -> dict[str, Any]:
        self.next_id += 1
        note = {"id": self.next_id, "author": author, "body": body, "system": system}
        self.notes.append(note)
        return note

    def bot_notes(self) -> list[dict[str, Any]]:
        return [n for n in self.notes if n["author"]["id"] == BOT["id"]]

    def answer(self, method: str, target: str, headers: dict[str, str], body: Any) -> tuple[int, Any]:
        self.requests.append((method, target, headers, body))
        if self.fail is not None:
            return self.fail
        if self.moved and target == "/api/v4/user":
            return 302, "/elsewhere/user"
        if headers.get("private-token") != TOKEN:
            return 401, {"message": "401 Unauthorized"}
        url = urlsplit(target)
        query = parse_qs(url.query)
        if method == "GET" and url.path == "/api/v4/user":
            return 200, BOT
        if url.path == NOTES and method == "GET":
            page, per_page = int(query["page"][0]), int(query["per_page"][0])
            return 200, self.notes[(page - 1) * per_page : page * per_page]
        if url.path == NOTES and method == "POST":
            return 201, self.add(BOT, body["body"])
        if url.path.startswith(NOTES + "/") and method == "PUT":
            note_id = int(url.path.rsplit("/", 1)[1])
            note = next((n for n in self.notes if n["id"] == note_id), None)
            if note is None:
                return 404, {"message": "404 Note Not Found"}
            if note["author"]["id"] != BOT["id"]:
                return 403, {"message": "403 Forbidden"}
            note["body"] = body["body"]
            return 200, note
        if url.path.startswith("/api/v4/projects/"):
            return 404, {"message": "404 Project Not Found"}
        return 404, {"error": "404 Not Found"}


@pytest.fixture
def gitlab(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitLab]:
    """A fake GitLab on 127.0.0.1, and the merge-request pipeline's variables pointing at it."""
    fake = FakeGitLab()

    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, answer = fake.answer(self.command, self.path, headers, body)
            if status == 302:
                self.send_response(status)
                self.send_header("Location", answer)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            data = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = _serve  # noqa: N815

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    for name in PROXIES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")
    monkeypatch.setenv("CI_API_V4_URL", f"http://127.0.0.1:{server.server_address[1]}/api/v4")
    monkeypatch.setenv("CI_PROJECT_ID", "7")
    monkeypatch.setenv("CI_MERGE_REQUEST_IID", "3")
    monkeypatch.setenv("OKRSITE_GITLAB_TOKEN", TOKEN)
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def repo(example_repo: Path) -> Path:
    """A private copy of the example committed on `main` (tests/conftest.py)."""
    return example_repo


def lower_target(repo: Path, old: str, new: str) -> None:
    edit(repo / "content/objectives/2026-Q4/q4-ai-assisted-support.md", old, new)


def note(repo: Path, *args: str) -> Run:
    return run_cli("diff", "main", "--path", repo, "--as-of", "2026-11-20", "--gitlab-note", *args)


def assert_clean(run: Run) -> None:
    everything = run.output + run.stderr
    assert "Traceback" not in everything
    assert TOKEN not in everything


def test_posts_one_note_then_updates_it(repo: Path, gitlab: FakeGitLab) -> None:
    gitlab.add(HUMAN, "Looks good to me")
    first = note(repo, "--format", "markdown")
    assert first.exit_code == 0, first.output + first.stderr
    assert first.output.startswith(MARKER)  # standard output is still the diff
    assert "Posted the diff as a note on merge request !3 (note 1002)." in first.stderr
    (posted,) = gitlab.bot_notes()
    assert posted["body"] == first.output and "no changes to the goals" in posted["body"]

    lower_target(repo, "target: 40%", "target: 30%")
    second = note(repo)  # the note is Markdown whatever --format prints
    assert second.exit_code == 0, second.output + second.stderr
    assert "Updated the diff note on merge request !3 (note 1002)." in second.stderr
    assert MARKER not in second.output and "eased" in second.output  # text, as --format says
    (updated,) = gitlab.bot_notes()
    assert updated["id"] == posted["id"] and len(gitlab.notes) == 2
    assert updated["body"].startswith(MARKER) and "eased" in updated["body"]
    methods = [(m, urlsplit(t).path) for m, t, _, _ in gitlab.requests]
    assert ("POST", "/api/v4/projects/7/merge_requests/3/notes") in methods
    assert ("PUT", "/api/v4/projects/7/merge_requests/3/notes/1002") in methods
    assert all(headers.get("private-token") == TOKEN for _, _, headers, _ in gitlab.requests)
    assert_clean(first)
    assert_clean(second)


def test_finds_its_note_on_a_later_page_and_leaves_others_alone(repo: Path, gitlab: FakeGitLab) -> None:
    quoted = gitlab.add(HUMAN, f"{MARKER}\nA person quoting the bot")
    gitlab.add(BOT, f"{MARKER}\nan old diff", system=True)
    for i in range(150):
        gitlab.add(HUMAN, f"comment {i}")
    mine = gitlab.add(BOT, f"{MARKER}\nan old diff")
    result = note(repo)
    assert result.exit_code == 0, result.output + result.stderr
    assert f"Updated the diff note on merge request !3 (note {mine['id']})." in result.stderr
    assert quoted["body"] == f"{MARKER}\nA person quoting the bot"
    assert mine["body"] != f"{MARKER}\nan old diff" and mine["body"].startswith(MARKER)
    assert not any(m == "POST" for m, _, _, _ in gitlab.requests)


def test_new_errors_still_post_and_exit_1(repo: Path, gitlab: FakeGitLab) -> None:
    lower_target(repo, "target: 40%", "target: forty")
    result = note(repo)
    assert result.exit_code == 1
    assert "Posted the diff as a note" in result.stderr
    (posted,) = gitlab.bot_notes()
    assert "OKR104" in posted["body"]


def test_a_refused_token_is_exit_1_with_gitlabs_message(
    repo: Path, gitlab: FakeGitLab, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKRSITE_GITLAB_TOKEN", "glpat-expired-9876")
    result = note(repo)
    assert result.exit_code == 1
    assert "error: the diff was not posted: GitLab refused to read the token's user: 401" in result.stderr
    assert "401 Unauthorized" in result.stderr and "Check OKRSITE_GITLAB_TOKEN" in result.stderr
    assert "glpat-expired-9876" not in result.output + result.stderr
    assert not gitlab.bot_notes()
    assert_clean(result)


def test_an_unknown_project_is_exit_1_naming_the_variables(
    repo: Path, gitlab: FakeGitLab, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI_PROJECT_ID", "99")
    result = note(repo)
    assert result.exit_code == 1
    assert "GitLab refused to list the notes: 404" in result.stderr
    assert "404 Project Not Found" in result.stderr and "CI_PROJECT_ID" in result.stderr
    assert_clean(result)


def test_an_error_page_that_echoes_the_token_is_redacted(repo: Path, gitlab: FakeGitLab) -> None:
    gitlab.fail = (500, f"<html>proxy error for PRIVATE-TOKEN: {TOKEN}</html>".encode())
    result = note(repo)
    assert result.exit_code == 1
    assert "500" in result.stderr and "[token]" in result.stderr and "run the job again" in result.stderr
    assert_clean(result)


def test_gitlab_out_of_reach_is_exit_1(
    repo: Path, gitlab: FakeGitLab, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI_API_V4_URL", "http://127.0.0.1:9/api/v4")  # the discard port: refused
    result = note(repo)
    assert result.exit_code == 1
    assert "cannot reach GitLab to read the token's user" in result.stderr
    assert "Check CI_API_V4_URL" in result.stderr
    assert_clean(result)


@pytest.mark.parametrize(
    ("unset", "named"),
    [
        (["OKRSITE_GITLAB_TOKEN"], ["OKRSITE_GITLAB_TOKEN"]),
        (["CI_MERGE_REQUEST_IID"], ["CI_MERGE_REQUEST_IID"]),
        (
            ["CI_API_V4_URL", "CI_PROJECT_ID", "CI_MERGE_REQUEST_IID", "OKRSITE_GITLAB_TOKEN"],
            ["CI_API_V4_URL", "CI_PROJECT_ID", "CI_MERGE_REQUEST_IID", "OKRSITE_GITLAB_TOKEN"],
        ),
    ],
)
def test_missing_variables_are_a_usage_error_naming_them(
    repo: Path, gitlab: FakeGitLab, monkeypatch: pytest.MonkeyPatch, unset: list[str], named: list[str]
) -> None:
    for name in unset:
        if name == "CI_PROJECT_ID":
            monkeypatch.setenv(name, " ")  # blank counts as not set
        else:
            monkeypatch.delenv(name)
    result = note(repo)
    assert result.exit_code == 2
    assert result.output == ""  # refused before the diff is made
    first, *explanations = result.stderr.strip().splitlines()
    assert first.startswith("Error: --gitlab-note needs environment variables that are not set: ")
    assert first.split(": ", 2)[2].rstrip(".").split(", ") == named
    assert len(explanations) == len({"token" if n.startswith("OKRSITE") else "ci" for n in named})
    if "OKRSITE_GITLAB_TOKEN" in named:
        assert "project access token with the 'api' scope" in result.stderr
        assert "CI_JOB_TOKEN cannot write notes" in result.stderr
    assert gitlab.requests == []
    assert_clean(result)


def test_the_token_does_not_follow_a_redirect(repo: Path, gitlab: FakeGitLab) -> None:
    """A redirect (to another host, say) gets the request but never the token."""
    gitlab.moved = True
    result = note(repo)
    assert result.exit_code == 1
    followed = [headers for method, target, headers, _ in gitlab.requests if target == "/elsewhere/user"]
    assert followed, "the redirect was followed"
    assert all("private-token" not in headers for headers in followed)
    assert_clean(result)


def test_an_api_address_that_is_not_http_is_a_usage_error(
    repo: Path, gitlab: FakeGitLab, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI_API_V4_URL", "file:///etc")
    result = note(repo)
    assert result.exit_code == 2 and "CI_API_V4_URL must be GitLab's API address" in result.stderr
    assert not gitlab.requests
