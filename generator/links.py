"""Every link of a finished site's pages leads somewhere: each relative `href` and `src`
names a file of the site, and each `#anchor` an element of its page. No engine sees the
whole page (the record's HTML goes in after it ran, the partners' own pages and purposes
reach it as HTML), and Zensical's strict mode stops at what it cannot see, so the tool
checks the finished site itself before it is swapped in.

The pages checked are those an engine rendered. The version, history and compare pages
(nine in ten) come whole from the tool's templates (render/direct.py), whose own links the
tests hold; a link in an older version's purpose, which a version page shows, is not
checked there."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# A page's address, to resolve its relative links against: under a folder of its own, as
# a project site is published, so that a link climbing out of the site is seen to.
_BASE = "https://site.invalid/published/"


# Our pages' markup is escaped text between tags: no "<" or ">" stands outside a tag but in
# a script or a style, whose content is taken out first. A regular expression over the tags is
# about five times faster than an HTML parser (measured on the demo's pages).
_UNREAD = re.compile(r"(<(script|style)\b[^>]*>).*?(</\2\s*>)", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_ATTRIBUTE = re.compile(r"""\s([A-Za-z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@dataclass(frozen=True)
class _Page:
    links: tuple[str, ...]
    ids: frozenset[str]


@functools.lru_cache(maxsize=4096)
def _read(path: Path) -> _Page:
    links, ids = [], set()
    for tag in _TAG.findall(_UNREAD.sub(r"\1\3", path.read_text(encoding="utf-8", errors="replace"))):
        for name, double, single in _ATTRIBUTE.findall(tag):
            value = html.unescape(double or single)
            if name == "id":
                ids.add(value)
            elif name in ("href", "src"):
                links.append(value)
    return _Page(tuple(links), frozenset(ids))


def broken_links(site: Path, pages: Iterable[str]) -> list[str]:
    """Every link of the HTML ``pages`` (paths in ``site``) that leads nowhere, as "page: link"."""
    _read.cache_clear()
    broken = []
    for address in sorted(pages):
        for link in _read(site / address).links:
            if not _leads_somewhere(site, address, link):
                broken.append(f"{address}: {link}")
    _read.cache_clear()
    return broken


def _leads_somewhere(site: Path, address: str, link: str) -> bool:
    target = urlsplit(urljoin(_BASE + address, link))
    if (target.scheme, target.netloc) != ("https", "site.invalid"):
        return True  # another site, mailto:, data: — not this site's to check
    if not target.path.startswith("/published/"):
        return False  # above the site's own folder
    path = unquote(target.path.removeprefix("/published/"))
    if path.startswith("/") or "\\" in path or ".." in Path(path).parts:
        return False  # an escape from the site spelt in percent signs
    if path == "" or path.endswith("/"):
        path += "index.html"
    file = site / path
    if not file.is_file():
        return (site / path / "index.html").is_file() and not target.fragment
    if target.fragment and path.endswith(".html"):
        return unquote(target.fragment) in _read(file).ids
    return True
