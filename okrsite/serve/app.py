"""`okrsite serve`: build, serve, watch, rebuild. The units (watcher, debouncer, builder, HTTP
server with its event stream) stay small and separate; this module wires them together."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from okrsite.build import BuildCache, compile_site
from okrsite.codes import Severity
from okrsite.parallel import settle
from okrsite.serve.debounce import Debouncer
from okrsite.serve.server import Lazy, PreviewServer, Served, SiteState
from okrsite.serve.watcher import Watcher
from okrsite.site.theme import ThemeError

Say = Callable[[str], None]


@dataclass
class Builder:
    """Rebuilds the site into memory (never a half-written folder) and hands it to the state."""

    root: Path
    state: SiteState
    as_of: date | None = None
    drafts: bool = True
    say: Say = print
    cache: BuildCache = field(default_factory=BuildCache)
    last_seconds: float = 0.0
    output_dir: str = "public"
    content_dir: str = "content"
    audience: str | None = None  # None: okrsite.yaml's `audience`

    def build(self, changed: Iterable[str] = ()) -> bool:
        """One build; `changed` are absolute paths a watcher reported. True when it succeeded."""
        started = time.perf_counter()
        self.cache.check.forget(self._relative(changed))
        self.state.begin()
        files: dict[str, Served] | None = None
        errors: list[str] = []
        try:
            compiled = compile_site(
                self.root, self.as_of, drafts=self.drafts, cache=self.cache, lazy=True, audience=self.audience
            )
            settle()  # the cached site stays out of later collections, which would scan it all
            self.output_dir = compiled.check.config.output_dir
            self.content_dir = compiled.check.config.content_dir
            problems = [d for d in compiled.check.diagnostics if d.severity is Severity.ERROR]
            errors = [f"{d.path}:{d.line}: {d.code} {d.message}" for d in problems]
            if compiled.scorecard is not None:
                files = dict(compiled.served)
                lazy = Lazy(compiled.exports)
                files.update(dict.fromkeys(("okrs.json", "okrs.csv"), lazy))
        except ThemeError as exc:
            errors = [str(exc)]
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the preview; it is shown
            errors = [f"internal error: {type(exc).__name__}: {exc} (run okrsite build --debug)"]
        finally:
            self.state.finish(files, errors)
        self.last_seconds = time.perf_counter() - started
        if errors:
            self.say(f"Build failed in {self.last_seconds:.2f} s; still serving the last good site:")
            for e in errors[:20]:
                self.say(f"  {e}")
        else:
            done = self.cache.render
            self.say(
                f"Rebuilt in {self.last_seconds:.2f} s "
                f"({done.rendered} pages rendered, {done.reused} reused)."
            )
        return not errors

    def _relative(self, paths: Iterable[str]) -> list[str]:
        out = []
        for p in paths:
            try:
                out.append(Path(p).resolve().relative_to(self.root.resolve()).as_posix())
            except ValueError:
                continue
        return out


@dataclass
class Preview:
    """A running preview: its server, watcher and builder, stopped together."""

    server: PreviewServer
    watcher: Watcher
    builder: Builder
    url: str
    _thread: threading.Thread | None = None
    _loop: threading.Thread | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        """Serve and watch in background threads."""
        self._thread = threading.Thread(target=self.server.serve_forever, name="okrsite-http", daemon=True)
        self._thread.start()
        self.watcher.start()
        self._loop = threading.Thread(target=self.run, name="okrsite-rebuild", daemon=True)
        self._loop.start()

    def run(self) -> None:
        """Rebuild whenever the debouncer says a burst of changes is due."""
        debouncer = self.watcher.debouncer
        while not self._stop.is_set():
            wait = debouncer.due()
            self.watcher.changed.wait(timeout=1.0 if wait is None else wait)
            if self._stop.is_set():
                return
            if debouncer.due() == 0.0:
                self.watcher.changed.clear()
                self.builder.build(debouncer.take())

    def stop(self) -> None:
        """Stop watching and serving; event streams and waiting requests end at once."""
        self._stop.set()
        self.watcher.changed.set()
        self.watcher.stop()
        self.server.state.stop()
        self.server.shutdown()
        self.server.server_close()
        for t in (self._loop, self._thread):
            if t is not None:
                t.join(timeout=5)


def open_preview(
    root: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    as_of: date | None = None,
    poll: bool = False,
    drafts: bool = True,
    say: Say = print,
    quiet: float = 0.1,
    audience: str | None = None,
) -> Preview:
    """Build once, then bind the server (raises OSError when the port is taken) and return the
    preview, not yet started."""
    state = SiteState(server_id=f"{os.getpid()}-{time.time_ns()}")
    builder = Builder(root, state, as_of, drafts, say, audience=audience)
    builder.build()
    server = PreviewServer((host, port), state)
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    url = f"http://{shown}:{server.server_address[1]}/"
    # The preview writes no output folder, but a `build` run beside it does: ignore that one.
    watcher = Watcher(
        root,
        [builder.output_dir],
        content_dir=builder.content_dir,
        debouncer=Debouncer(quiet=quiet),
        poll=poll,
    )
    return Preview(server, watcher, builder, url)
