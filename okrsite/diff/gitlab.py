"""The diff as one merge-request note on GitLab, posted the first time and updated afterwards.

The earlier note is the one the token's own user wrote whose body starts with the hidden marker
`<!-- okrsite-diff -->`. GitLab's REST API v4, with the standard library only:
GET /user, GET/POST /projects/:id/merge_requests/:iid/notes and PUT .../notes/:note_id.

What GitLab CI sets in a merge-request pipeline (CI_API_V4_URL, CI_PROJECT_ID,
CI_MERGE_REQUEST_IID) is read from the environment, and so is the token, from TOKEN_VARIABLE: a
project access token with the `api` scope (CI_JOB_TOKEN cannot write notes). The token is sent
in the PRIVATE-TOKEN header and never appears in a message.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from okrsite.diff.markdown import MARKER

TOKEN_VARIABLE = "OKRSITE_GITLAB_TOKEN"
CI_VARIABLES = ("CI_API_V4_URL", "CI_PROJECT_ID", "CI_MERGE_REQUEST_IID")
TIMEOUT = 30  # seconds for each request
PER_PAGE = 100
MAX_PAGES = 50  # 5,000 notes: a merge request with more has other problems
MAX_MESSAGE = 300  # characters of GitLab's reply shown in an error


class NoteSetupError(Exception):
    """The environment lacks what posting needs; the message names what to set."""


class NoteError(Exception):
    """GitLab refused a request, or could not be reached; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Target:
    """Where the note goes and with which token."""

    api: str  # CI_API_V4_URL, without a trailing slash
    project: str
    merge_request: str
    token: str

    @property
    def notes_url(self) -> str:
        project = urllib.parse.quote(self.project, safe="")
        merge_request = urllib.parse.quote(self.merge_request, safe="")
        return f"{self.api}/projects/{project}/merge_requests/{merge_request}/notes"


@dataclass(frozen=True, slots=True)
class Posted:
    """What was done: a new note, or the earlier one updated."""

    note_id: int
    updated: bool
    merge_request: str


def target_from(environ: Mapping[str, str]) -> Target:
    """The target from the environment, or NoteSetupError naming every variable that is missing."""
    missing = [name for name in CI_VARIABLES if not environ.get(name, "").strip()]
    token = environ.get(TOKEN_VARIABLE, "").strip()
    if not token:
        missing.append(TOKEN_VARIABLE)
    if missing:
        lines = [f"--gitlab-note needs environment variables that are not set: {', '.join(missing)}."]
        if set(missing) & set(CI_VARIABLES):
            lines.append(
                f"- {', '.join(CI_VARIABLES)}: GitLab CI sets them in merge-request pipelines only, so "
                'run the job with rules: [{if: $CI_PIPELINE_SOURCE == "merge_request_event"}]; '
                "elsewhere set them yourself (the API's address like https://gitlab.example.com/api/v4, "
                "the project's id, the merge request's number)."
            )
        if not token:
            lines.append(
                f"- {TOKEN_VARIABLE}: create a project access token with the 'api' scope and at least "
                "the Reporter role (Settings > Access tokens), and add it as a masked CI/CD variable "
                f"named {TOKEN_VARIABLE} (Settings > CI/CD > Variables). CI_JOB_TOKEN cannot write notes."
            )
        raise NoteSetupError("\n".join(lines))
    api = environ["CI_API_V4_URL"].strip().rstrip("/")
    if urllib.parse.urlsplit(api).scheme not in ("https", "http"):
        raise NoteSetupError(
            f"CI_API_V4_URL must be GitLab's API address, like https://gitlab.example.com/api/v4, not {api!r}"
        )
    return Target(
        api,
        environ["CI_PROJECT_ID"].strip(),
        environ["CI_MERGE_REQUEST_IID"].strip(),
        token,
    )


def post_note(target: Target, body: str) -> Posted:
    """Update the earlier diff note of the token's user on the merge request, or add one."""
    if not body.startswith(MARKER):
        body = f"{MARKER}\n{body}"
    me = _request(target, "GET", f"{target.api}/user", what="read the token's user")
    user_id = me.get("id") if isinstance(me, dict) else None
    earlier = _find_earlier(target, user_id)
    payload = {"body": body}
    if earlier is not None:
        _request(target, "PUT", f"{target.notes_url}/{earlier}", payload, what="update the note")
        return Posted(earlier, True, target.merge_request)
    created = _request(target, "POST", target.notes_url, payload, what="add a note")
    note_id = created.get("id") if isinstance(created, dict) else None
    if not isinstance(note_id, int):
        raise NoteError(f"GitLab's answer to adding a note has no note id: {_short(created)}")
    return Posted(note_id, False, target.merge_request)


def _find_earlier(target: Target, user_id: object) -> int | None:
    """The id of the first note by `user_id` that starts with the marker, oldest first."""
    for page in range(1, MAX_PAGES + 1):
        query = urllib.parse.urlencode(
            {"sort": "asc", "order_by": "created_at", "per_page": PER_PAGE, "page": page}
        )
        notes = _request(target, "GET", f"{target.notes_url}?{query}", what="list the notes")
        if not isinstance(notes, list):
            raise NoteError(f"GitLab's list of notes is not a list: {_short(notes)}")
        for note in notes:
            if not isinstance(note, dict) or note.get("system"):
                continue
            author = note.get("author")
            mine = isinstance(author, dict) and author.get("id") == user_id
            if mine and str(note.get("body", "")).lstrip().startswith(MARKER):
                note_id = note.get("id")
                if isinstance(note_id, int):
                    return note_id
        if len(notes) < PER_PAGE:
            break
    return None


def _request(
    target: Target, method: str, url: str, payload: dict[str, str] | None = None, *, what: str
) -> Any:
    """One API call; its JSON answer, or NoteError with the status and GitLab's message."""
    data = json.dumps(payload).encode("utf-8") if payload is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_unredirected_header("PRIVATE-TOKEN", target.token)  # never sent on to a redirect
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    where = f"{method} {_redact(url, target.token)}"
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        detail = _gitlab_message(exc.read(), target.token)
        raise NoteError(
            f"GitLab refused to {what}: {exc.code} {exc.reason} ({where}){detail}.{_advice(exc.code)}"
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise NoteError(
            f"cannot reach GitLab to {what} ({where}): {_redact(str(reason), target.token)}. "
            "Check CI_API_V4_URL and the runner's network."
        ) from None
    try:
        return json.loads(raw.decode("utf-8")) if raw.strip() else None
    except (UnicodeDecodeError, ValueError):
        raise NoteError(f"GitLab's answer to {where} is not JSON: {_short(raw)}") from None


def _gitlab_message(raw: bytes, token: str) -> str:
    """GitLab's own words from an error body (`message`, or `error` and `error_description`)."""
    try:
        parsed = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        text = raw.decode("utf-8", "replace").strip()
        return f": {_redact(_short(text), token)}" if text else ""
    if isinstance(parsed, dict):
        parts = [parsed.get(key) for key in ("message", "error", "error_description")]
        text = "; ".join(str(p) if not isinstance(p, str) else p for p in parts if p)
    else:
        text = str(parsed)
    return f": {_redact(_short(text), token)}" if text else ""


def _advice(status: int) -> str:
    """What to do about an HTTP status, as a sentence after the message (or nothing)."""
    if status == 401:
        return (
            f" Check {TOKEN_VARIABLE}: it must be a valid, unexpired project access token with the "
            "'api' scope."
        )
    if status == 403:
        return f" The token in {TOKEN_VARIABLE} needs the 'api' scope and at least the Reporter role."
    if status == 404:
        return (
            " Check CI_API_V4_URL, CI_PROJECT_ID and CI_MERGE_REQUEST_IID, and that the token "
            "belongs to this project."
        )
    if status == 429 or status >= 500:
        return " GitLab is busy or failing: run the job again later."
    return ""


def _short(value: object) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def _redact(text: str, token: str) -> str:
    return text.replace(token, "[token]") if token else text
