"""okrsite's search index read back as search.js reads it: a built site's search/ folder, its files'
sizes raw and gzipped, and a Python replica of search.js's lookup, to tell what a query downloads
without a browser.

The matching of one word in its term shard is shared with tests/test_search.py, which checks the
index with the same replica: one copy, so that the benchmark and the tests cannot drift apart.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from okrsite.site import search_text as okrsearch


class IndexFiles:
    """A built site's index, read back as search.js reads it."""

    def __init__(self, out: Path) -> None:
        self.folder = out / "search"
        self.meta = self.data("meta.js")
        self.sizes = {p.relative_to(self.folder).as_posix(): p.stat().st_size for p in self._files()}
        self.gzipped = {name: len(gzip.compress((self.folder / name).read_bytes(), 6)) for name in self.sizes}

    def _files(self) -> Iterator[Path]:
        return (p for p in sorted(self.folder.rglob("*.js")))

    def data(self, name: str) -> Any:
        text = (self.folder / name).read_text(encoding="utf-8")
        return json.loads(text[text.index(",", text.index(",") + 1) + 1 : text.rindex(")")])

    @functools.cache  # noqa: B019 - one instance per built site, for the run
    def shard(self, n: int) -> dict[str, list[list[int]]]:
        data: dict[str, list[list[int]]] = self.data(f"t/{n}.js")
        return data

    def lookup(self, query: str, shown: int) -> tuple[int, list[str]]:
        """How many documents match `query` (as search.js ranks them), and the files a query that
        shows the first `shown` of them downloads."""
        words = _parse(query)
        shards = self.meta["shards"]
        files = ["meta.js", *sorted({f"t/{okrsearch.shard_of(w, shards)}.js" for w, _ in words})]
        sets = [self._matches(w, prefix) for w, prefix in words]
        sets.sort(key=len)
        scores = dict(sets[0]) if sets else {}
        for s in sets[1:]:
            scores = {i: v + s[i] for i, v in scores.items() if i in s}
        hits = sorted(scores, key=lambda i: (-scores[i], i))
        chunk = self.meta["chunk"]
        files += sorted({f"d/{i // chunk}.js" for i in hits[:shown]}, key=lambda f: int(f[2:-3]))
        return len(hits), files

    def _matches(self, word: str, prefix: bool) -> dict[int, int]:
        return shard_matches(self.shard(okrsearch.shard_of(word, self.meta["shards"])), word, prefix)


def shard_matches(shard: dict[str, list[list[int]]], word: str, prefix: bool) -> dict[int, int]:
    """The documents that `word` finds in its term shard, as search.js finds them: 2 for a match in
    a title, 1 for one elsewhere; with `prefix` (the last word of a query still being typed), every
    term that starts with `word` matches."""
    found: dict[int, int] = {}
    for term in [t for t in shard if t.startswith(word)] if prefix else [word] if word in shard else []:
        title, rest = shard[term]
        for i in _running(rest):
            found.setdefault(i, 1)
        for i in _running(title):
            found[i] = 2
    return found


def _running(deltas: list[int]) -> Iterator[int]:
    """Document numbers from a posting list, which stores each as the gap from the one before."""
    total = 0
    for d in deltas:
        total += d
        yield total


def _parse(query: str) -> list[tuple[str, bool]]:
    words = list(dict.fromkeys(w for w in re.findall(r"[^\W_]{2,}", okrsearch.fold(query)) if len(w) <= 48))
    prefix = bool(words) and query[-1:].isalnum() and len(words[-1]) >= 3
    return [(w, prefix and i == len(words) - 1) for i, w in enumerate(words)]
