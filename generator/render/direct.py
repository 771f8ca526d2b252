"""Direct pages: finished by the generator inside a page that MkDocs rendered once.

Version, history and compare pages are most of a site (300 charters with 6 versions each
make 2,700 of them) and are never searched, yet MkDocs would spend its Markdown, search
and theme work on every one. Instead MkDocs renders one *shell* per table of contents: a
page with placeholder title, description and body, at the same folder depth as the direct
pages, so that the theme's relative links fit them all. A direct page is its shell with
the page's own title, description, address and body put in; its headings are the shell's
headings as MkDocs rendered them, so the table of contents and permalinks are MkDocs' own.

For MkDocs' live server, which renders every page itself, a direct page also has a plain
Markdown form (``markdown``) that gives the same page.
"""

from __future__ import annotations

import gzip
import html
import io
import re
from dataclasses import dataclass

from markupsafe import Markup

from generator.render.front_matter import front_matter

SHELLS_FOLDER = "charters/_shells"  # no charter can take this address: ids never start with "_"
TITLE_TOKEN = "CHARTERS-SHELL-TITLE"
DESCRIPTION_TOKEN = "CHARTERS-SHELL-DESCRIPTION"
# Every direct page is a charter's, one folder below the charter's own page and feed.
CHARTER_FEED = "../feed.xml"
BODY_START = "<!--charters-body-->"
BODY_END = "<!--charters-body-end-->"
_HEADING = re.compile(r"<!--charters-heading:([^<>]*?)-->")
_HEADING_TEXT = re.compile(r"[^\W\d_][\w ,'’()–-]*")  # words of any language, no markup
_RENDERED_HEADING = re.compile(r"<h2\b.*?</h2>", re.DOTALL)


class ShellMismatch(RuntimeError):
    """The shell MkDocs rendered does not fit its pages: a theme or setting the generator
    does not know about. The message says what was expected."""


def heading(text: str) -> Markup:
    """Where a section heading goes in a direct page's body."""
    # Headings are the templates' own fixed words, never a charter's: a table of contents
    # shared by many pages cannot hold anything page-specific.
    if not _HEADING_TEXT.fullmatch(text):
        raise ValueError(f"a direct page's heading must be fixed plain words, not {text!r}")
    return Markup(f"<!--charters-heading:{text}-->")


def markdown_heading(text: str) -> Markup:
    """The same heading on a page MkDocs renders from Markdown."""
    return Markup(f"## {text}")


@dataclass(frozen=True)
class DirectPage:
    """What the build needs to know of a direct page before it puts the body in: its body
    (HTML with heading() markers) travels apart, as a file, so that thousands of them
    need not be held in memory at once."""

    source: str  # the Markdown path it would have in the docs folder: charters/x/v2.md
    address: str  # charters/x/v2/
    title: str  # plain text
    description: str  # plain text
    headings: tuple[str, ...]  # its body's heading() markers, in order: which shell it takes

    @classmethod
    def of(cls, source: str, address: str, title: str, description: str, body: str) -> DirectPage:
        return cls(source, address, title, description, body_headings(body))

    @property
    def output(self) -> str:
        return self.address + "index.html"

    def markdown(self, body: str) -> str:
        return front_matter(self.title, self.description, searchable=False, feed=CHARTER_FEED) + _HEADING.sub(
            lambda match: markdown_heading(match[1]), body
        )


def body_headings(body: str) -> tuple[str, ...]:
    return tuple(_HEADING.findall(body))


def sound_headings(headings: tuple[str, ...]) -> bool:
    """Whether ``headings`` could have come from heading(): a kept page's may be anything."""
    return all(_HEADING_TEXT.fullmatch(text) for text in headings)


def shell_markdown(headings: tuple[str, ...]) -> str:
    body = "".join(f"{markdown_heading(text)}\n\n" for text in headings)
    return (
        front_matter(TITLE_TOKEN, DESCRIPTION_TOKEN, searchable=False, feed=CHARTER_FEED)
        + f"{BODY_START}\n\n{body}{BODY_END}\n"
    )


def _part(html_text: str, marker: str, shell_address: str) -> int:
    if html_text.count(marker) != 1:
        raise ShellMismatch(f"the shell {shell_address} should hold {marker} once")
    return html_text.index(marker)


class Shell:
    """A shell as MkDocs rendered it, cut once into fixed text and the places where each
    page's title, description, address, headings and body go: filling it is a join."""

    def __init__(self, html_text: str, address: str, site_url: str) -> None:
        self.address = address
        start = _part(html_text, BODY_START, address)
        end = _part(html_text, BODY_END, address) + len(BODY_END)
        self.headings = _RENDERED_HEADING.findall(html_text, start, end)
        self.shell_url = site_url + address
        self.site_url = site_url
        slots = re.compile(f"({re.escape(TITLE_TOKEN)}|{re.escape(DESCRIPTION_TOKEN)}|{re.escape(self.shell_url)})")
        # Fixed text at even indexes, slots at odd ones; the body goes between the halves.
        self.before = slots.split(html_text[:start])
        self.after = slots.split(html_text[end:])
        # Anything else naming the shells (an edit link, a social card) would put a shell on
        # every page.
        if any(SHELLS_FOLDER in fixed for fixed in (self.before + self.after)[::2]):
            raise ShellMismatch(f"the shell's address {address} appears where a page's address cannot replace it")

    def fill(self, page: DirectPage, body: str) -> str:
        """``page`` with its ``body``."""
        needed = len(body_headings(body))
        if len(self.headings) != needed:
            raise ShellMismatch(
                f"the shell {self.address} has {len(self.headings)} headings, {page.output} needs {needed}"
            )
        rendered = iter(self.headings)
        body = _HEADING.sub(lambda _: next(rendered), body)
        # Titles and descriptions go in escaped, as front_matter() gives them to MkDocs.
        own = {
            TITLE_TOKEN: html.escape(page.title),
            DESCRIPTION_TOKEN: html.escape(page.description),
            self.shell_url: self.site_url + page.address,
        }
        before = [own[piece] if index % 2 else piece for index, piece in enumerate(self.before)]
        after = [own[piece] if index % 2 else piece for index, piece in enumerate(self.after)]
        return "".join([*before, body, *after])


_SITEMAP_URL = re.compile(r"<url>\s*<loc>([^<]*)</loc>\s*(?:<lastmod>([^<]*)</lastmod>)?\s*</url>")


def sitemap(mkdocs_sitemap: str, drop_prefix: str, add: list[str]) -> str:
    """MkDocs' sitemap without the shells (``drop_prefix``) and with the direct pages' absolute addresses."""
    found = _SITEMAP_URL.findall(mkdocs_sitemap)
    if len(found) != mkdocs_sitemap.count("<url>"):
        raise ShellMismatch("sitemap.xml has entries other than <loc> and <lastmod>, which could not be kept")
    entries = {html.unescape(address): date for address, date in found}
    built = next(iter(entries.values()), "")
    entries = {address: date for address, date in entries.items() if not address.startswith(drop_prefix)}
    entries.update(dict.fromkeys(add, built))
    return sitemap_xml(entries)


def sitemap_xml(entries: dict[str, str]) -> str:
    """A sitemap of absolute addresses, each with its last-modified date or ``""``."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for address, date in sorted(entries.items()):
        lastmod = f"<lastmod>{date}</lastmod>" if date else ""
        lines.append(f"    <url><loc>{html.escape(address)}</loc>{lastmod}</url>")
    return "\n".join([*lines, "</urlset>"]) + "\n"


def gzipped(content: str, like: bytes) -> bytes:
    """``content`` compressed with the same time stamp as the gzip file ``like`` (MkDocs'
    sitemap.xml.gz, stamped with SOURCE_DATE_EPOCH), so builds stay byte-identical."""
    stamp = int.from_bytes(like[4:8], "little") if len(like) >= 8 else 0
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="sitemap.xml", mode="wb", fileobj=buffer, mtime=stamp) as compressed:
        compressed.write(content.encode())
    return buffer.getvalue()
