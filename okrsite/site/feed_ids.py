"""How a feed of this site names things: `tag:` ids (RFC 4151) that never change, and links that
are absolute under `base_url` or relative to the feed (see okrsite.site.feeds); and a feed's head
from the site's settings."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlsplit

from okrsite.site import atom, urls
from okrsite.site.atom import Entry, Head
from okrsite.site.context import SiteView

TAG_DATE = "2026"
"""The date of every `tag:` id. Fixed: a date taken from the content or the clock would change ids."""

_DNS_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*")


@dataclass(frozen=True, slots=True)
class Addresses:
    """How a feed names things: `tag:` ids, and links absolute under `base` or relative."""

    base: str  # an absolute http(s) base URL ending in `/`, or "" when the site has none
    authority: str  # the `tag:` authority: base's host, or a slug of the title
    prefix: str  # the start of every id's specific part: base's path (`goals/`), or ""

    @classmethod
    def of(cls, base_url: str, title: str) -> Addresses:
        """From `base_url` (used only when it is an absolute http(s) URL) and the site's title."""
        parts = urlsplit(base_url.strip())
        host = (parts.hostname or "").rstrip(".")
        if parts.scheme in ("http", "https") and _DNS_NAME.fullmatch(host):
            base = base_url.strip()
            base = base if base.endswith("/") else base + "/"
            path = quote(parts.path.strip("/"), safe="/%:@!$&'()*+,;=-._~")
            return cls(base, host, f"{path}/" if path else "")
        return cls("", slug(title), "")

    def href(self, feed_path: str, target: str) -> str:
        """A link from the feed at `feed_path` to a site path (`objectives/x/index.html#kr-2`)."""
        path, hash_, fragment = target.partition("#")
        url = urls.absolute(self.base, path) if self.base else urls.relative(feed_path, path)
        return url + hash_ + fragment

    def tag(self, specific: str) -> str:
        """An id: `tag:<authority>,<TAG_DATE>:<prefix><specific>`."""
        return f"tag:{self.authority},{TAG_DATE}:{self.prefix}{quote(specific, safe='/:-._~')}"


def slug(title: str) -> str:
    """A title as a DNS-like name for `tag:` ids (`Quillmark Labs goals` -> `quillmark-labs-goals`)."""
    ascii_ = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    name = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")
    return name or "okrsite"


def write_feed(
    view: SiteView,
    addresses: Addresses,
    path: str,
    feed_id: str,
    title: str,
    page: str,
    updated: date,
    entries: list[Entry],
) -> bytes:
    """A whole feed of this site: the feed's head from the site's settings, links by `addresses`."""
    config = view.config
    head = Head(
        feed_id, title, config.description, config.language, updated, config.title, addresses.base, path, page
    )
    return atom.write_feed(head, entries, lambda target: addresses.href(path, target))
