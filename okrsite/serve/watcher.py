"""Watching the site folder: watchdog events, filtered by `pathfilter`, collected by a `Debouncer`."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

from watchdog.events import (
    EVENT_TYPE_ATTRIB,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from okrsite.serve.debounce import Debouncer
from okrsite.serve.pathfilter import relevant, relevant_dir

# A folder's "modified" only means a file inside it changed, which has its own event; "attrib" on a
# file is `touch`, the usual way to force a rebuild.
_FILE_EVENTS = frozenset(
    {EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED, EVENT_TYPE_ATTRIB, EVENT_TYPE_DELETED, EVENT_TYPE_MOVED}
)
_DIR_EVENTS = frozenset({EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MOVED})

StrPath = str | os.PathLike[str]


def event_paths(
    event: FileSystemEvent, root: str, output_dirs: Sequence[str], content_dir: str = "content"
) -> tuple[str, ...]:
    """The normalised paths of `event` that should rebuild the site (both ends of a move); often ()."""
    if event.event_type not in (_DIR_EVENTS if event.is_directory else _FILE_EVENTS):
        return ()
    test = relevant_dir if event.is_directory else relevant
    ends = (event.src_path, event.dest_path) if event.event_type == EVENT_TYPE_MOVED else (event.src_path,)
    paths = (os.path.normpath(os.fsdecode(end)) for end in ends if end)
    return tuple(path for path in paths if test(path, root, output_dirs, content_dir))


class Watcher:
    """Watches `root` recursively; relevant changes go into `self.debouncer` and set `self.changed`.

    `poll=True` uses watchdog's PollingObserver, checking every `poll_interval` seconds, for Docker
    bind mounts and network file systems where inotify and friends stay silent. The root and output
    folders are resolved (symlinks followed) once, so event paths and filter agree about symlinks.
    """

    def __init__(
        self,
        root: StrPath,
        output_dirs: Sequence[StrPath] = (),
        *,
        content_dir: str = "content",
        debouncer: Debouncer | None = None,
        poll: bool = False,
        poll_interval: float = 0.5,
    ) -> None:
        base = Path(root).resolve()
        self.root = str(base)
        self.output_dirs = tuple(str((base / out).resolve()) for out in output_dirs)
        self.content_dir = content_dir
        self.debouncer = debouncer if debouncer is not None else Debouncer()
        self.changed = threading.Event()
        self.poll = poll
        self.poll_interval = poll_interval
        self._observer: BaseObserver | None = None

    def handle(self, event: FileSystemEvent) -> None:
        """Record the event's relevant paths, if any, and wake whoever waits on `changed`."""
        paths = event_paths(event, self.root, self.output_dirs, self.content_dir)
        for path in paths:
            self.debouncer.add(path)
        if paths:
            self.changed.set()

    def start(self) -> None:
        """Start watching in a daemon thread; raises RuntimeError if already started, OSError if
        the root cannot be watched.
        """
        if self._observer is not None:
            raise RuntimeError("the watcher is already running")
        observer = PollingObserver(timeout=self.poll_interval) if self.poll else Observer()
        observer.schedule(_Forward(self.handle), self.root, recursive=True)
        observer.start()
        self._observer = observer

    def stop(self, timeout: float = 5.0) -> None:
        """Stop watching and wait up to `timeout` seconds for the thread to end; a no-op if stopped."""
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            observer.join(timeout)

    def __enter__(self) -> Watcher:
        """Start watching; return the watcher."""
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Stop watching."""
        self.stop()


class _Forward(FileSystemEventHandler):
    """Hands every watchdog event to one function."""

    def __init__(self, handle: Callable[[FileSystemEvent], None]) -> None:
        super().__init__()
        self._handle = handle

    def on_any_event(self, event: FileSystemEvent) -> None:
        """Forward the event; returns nothing."""
        self._handle(event)
