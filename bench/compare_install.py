"""Hugo and MkDocs for `bench/run.py --compare`, installed when they are missing: Hugo with apt-get
(through `sudo -n` when not root), MkDocs into a scratch venv. A peer that cannot be had comes back
as (None, why), so that run.py skips it and says why rather than failing the whole run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

MKDOCS_PIN = "mkdocs==1.6.*"


def _tail(text: str, lines: int = 8) -> str:
    return "\n".join("    " + line for line in text.strip().splitlines()[-lines:])


def _run(cmd: list[str], timeout: float, env: dict[str, str] | None = None) -> tuple[bool, str]:
    try:
        done = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    return done.returncode == 0, (done.stdout + done.stderr)


def ensure_hugo(say: Callable[[str], None]) -> tuple[str | None, str]:
    """Hugo's version line, installing it with apt-get when it is not on PATH; (None, why) when
    it cannot be had."""
    if shutil.which("hugo") is None:
        if shutil.which("apt-get") is None:
            return None, "hugo is not on PATH and there is no apt-get to install it with"
        prefix: list[str] = []
        if os.geteuid() != 0:
            if shutil.which("sudo") is None:
                return None, "hugo is not on PATH; installing it needs root, and there is no sudo"
            prefix = ["sudo", "-n"]
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        say("installing Hugo: " + " ".join([*prefix, "apt-get", "install", "-y", "hugo"]))
        ok, log = _run([*prefix, "apt-get", "install", "-y", "hugo"], 900, env)
        if not ok:
            say("apt-get install failed; running apt-get update and trying again")
            _run([*prefix, "apt-get", "update"], 900, env)
            ok, log = _run([*prefix, "apt-get", "install", "-y", "hugo"], 900, env)
        if not ok or shutil.which("hugo") is None:
            return None, "apt-get install -y hugo failed:\n" + _tail(log)
    ok, out = _run(["hugo", "version"], 60)
    if not ok:
        return None, "hugo version failed:\n" + _tail(out)
    return out.strip().splitlines()[0], ""


def ensure_mkdocs(venv: Path, say: Callable[[str], None]) -> tuple[str | None, str]:
    """MkDocs' version line, installed into the scratch venv `venv` (reused when it is already
    there); (None, why) when the installation fails."""
    mkdocs = venv / "bin" / "mkdocs"
    if not mkdocs.exists():
        say(f"installing MkDocs ({MKDOCS_PIN}) into {venv}")
        ok, log = _run([sys.executable, "-m", "venv", "--clear", str(venv)], 300)
        if not ok:
            return None, "python -m venv failed:\n" + _tail(log)
        ok, log = _run(
            [str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", MKDOCS_PIN], 900
        )
        if not ok or not mkdocs.exists():
            return None, f"pip install {MKDOCS_PIN} failed:\n" + _tail(log)
    ok, out = _run([str(mkdocs), "--version"], 120)
    if not ok:
        return None, "mkdocs --version failed:\n" + _tail(out)
    return out.strip().splitlines()[0], ""
