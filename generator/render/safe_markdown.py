"""Markdown for the one field the format allows it in (``purpose``), made inert.

Raw HTML is shown as text, images become plain links, and a link survives only when it
points somewhere ordinary (http, https, mailto, or an address within the site): never
``javascript:``, ``data:`` or anything else a browser would run.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = ("http", "https", "mailto")


def safe_url(url: str) -> bool:
    # Browsers ignore control characters and white space inside a scheme ("java\tscript:").
    compact = "".join(character for character in url if character.isprintable() and not character.isspace())
    scheme = urlsplit(compact).scheme.lower()
    return scheme in SAFE_SCHEMES or (not scheme and not compact.startswith("//"))


class _InertLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, element in enumerate(list(parent)):
                if element.tag == "img":
                    parent.remove(element)
                    replacement = etree.Element("a", {"href": element.get("src", "")})
                    replacement.text = element.get("alt") or element.get("src", "")
                    replacement.tail = element.tail
                    parent.insert(index, replacement)
                    element = replacement
                if element.tag == "a":
                    href = element.get("href", "")
                    if not safe_url(href):
                        del element.attrib["href"]
                    elif urlsplit(href).scheme in ("http", "https"):
                        element.set("rel", "nofollow noopener")


class _NoRawHtml(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_InertLinks(md), "inert_links", 0)


@functools.lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """HTML for charter-authored Markdown: formatting kept, anything active removed.

    Cached: every version page of a charter usually repeats the same purpose."""
    return markdown.Markdown(extensions=[_NoRawHtml()], output_format="html").convert(text)
