"""Atom (RFC 4287) documents: the entry model and the XML writer, pure. What goes into okrsite's
feeds is okrsite.site.feeds. The text of every element is escaped, and characters XML 1.0 cannot
hold are dropped."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape, quoteattr

from okrsite import __version__

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Detail:
    """One row of an entry's content: a label, its text, and optionally a site path it links to."""

    label: str
    text: str
    link: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """One Atom entry, with links as site paths (made absolute or relative when written)."""

    id: str
    title: str
    day: date
    link: str
    summary: str
    details: tuple[Detail, ...]
    author: str = ""
    author_link: str = ""
    categories: tuple[tuple[str, str], ...] = ()  # (term, label)


@dataclass(frozen=True, slots=True)
class Head:
    """A feed's own elements; `path` and `page` are site paths (of the feed, of its page)."""

    id: str
    title: str
    subtitle: str
    language: str
    updated: date
    author: str
    author_uri: str
    path: str
    page: str


def text(value: str) -> str:
    """Element text: escaped, without the characters XML 1.0 cannot hold."""
    return escape(_NOT_XML.sub("", value))


def attr(value: str) -> str:
    """A quoted attribute value, escaped the same way."""
    return quoteattr(_NOT_XML.sub("", value))


def rfc3339(day: date) -> str:
    """A date as an Atom date (RFC 3339): the start of the day in UTC."""
    return f"{day.isoformat()}T00:00:00Z"


def write_feed(head: Head, entries: list[Entry], href: Callable[[str], str]) -> bytes:
    """A whole feed document; `href` turns a site path into the address written."""
    author = f"<name>{text(head.author)}</name>" + (
        f"<uri>{text(head.author_uri)}</uri>" if head.author_uri else ""
    )
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM}" xml:lang={attr(head.language)}>',
        f"  <id>{text(head.id)}</id>",
        f"  <title>{text(head.title)}</title>",
    ]
    if head.subtitle:
        lines.append(f"  <subtitle>{text(head.subtitle)}</subtitle>")
    lines += [
        f"  <updated>{rfc3339(head.updated)}</updated>",
        f"  <author>{author}</author>",
        f'  <link rel="self" type="application/atom+xml" href={attr(href(head.path))}/>',
        f'  <link rel="alternate" type="text/html" href={attr(href(head.page))}/>',
        f"  <generator version={attr(__version__)}>okrsite</generator>",
    ]
    body = [_entry(e, href) for e in entries]
    return ("\n".join([*lines, *body, "</feed>"]) + "\n").encode()


def _entry(e: Entry, href: Callable[[str], str]) -> str:
    lines = [
        "  <entry>",
        f"    <id>{text(e.id)}</id>",
        f"    <title>{text(e.title)}</title>",
        f"    <updated>{rfc3339(e.day)}</updated>",
        f"    <published>{rfc3339(e.day)}</published>",
    ]
    if e.author:
        uri = f"<uri>{text(href(e.author_link))}</uri>" if e.author_link else ""
        lines.append(f"    <author><name>{text(e.author)}</name>{uri}</author>")
    lines.append(f'    <link rel="alternate" type="text/html" href={attr(href(e.link))}/>')
    for term, label in e.categories:
        lines.append(f"    <category term={attr(term)}" + (f" label={attr(label)}" if label else "") + "/>")
    lines.append(f"    <summary>{text(e.summary)}</summary>")
    lines.append(f'    <content type="xhtml"><div xmlns="{XHTML}"><dl>')
    for d in e.details:
        value = f"<a href={attr(href(d.link))}>{text(d.text)}</a>" if d.link else text(d.text)
        lines.append(f"      <dt>{text(d.label)}</dt><dd>{value}</dd>")
    lines += ["    </dl></div></content>", "  </entry>"]
    return "\n".join(lines)
