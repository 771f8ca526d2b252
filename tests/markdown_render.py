"""Markdown as GitHub and GitLab render it, for the tests of pull-request comments.

GitHub renders with cmark-gfm and GitLab with comrak, both through Python bindings here.
Both platforms then find mentions, references and links in the rendered text, with
entities decoded, outside code, links and preformatted text. ``live_parts`` looks for what
those filters would turn into something active, with the patterns they use.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import cmarkgfm
import comrak
from cmarkgfm.cmark import Options

ZERO_WIDTH_SPACE = "\u200b"
# Raw HTML passes through both renderers here, so that any that gets through shows.
_GITHUB_OPTIONS = Options.CMARK_OPT_UNSAFE


def github_html(markdown: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=_GITHUB_OPTIONS)


def gitlab_html(markdown: str) -> str:
    extensions = comrak.ExtensionOptions()
    for name in ("autolink", "table", "tasklist", "strikethrough", "footnotes", "shortcodes", "math_dollars"):
        setattr(extensions, name, True)
    rendering = comrak.RenderOptions()
    rendering.unsafe_ = True
    return comrak.render_markdown(markdown, extension_options=extensions, render_options=rendering)


# The patterns of the platforms' post-rendering filters: mentions (GitHub's requires a
# non-word character before the @, GitLab's none), references to issues, merge requests,
# snippets, epics, labels and milestones, commit ids, bare links, emails and emoji codes.
_LIVE_TEXT = {
    "mention": re.compile(r"(?<!\w)@[A-Za-z0-9_]"),
    "reference": re.compile(r"[#!$&%~^][\w\"]|\bGH-\d", re.IGNORECASE),
    "commit id": re.compile(r"\b[0-9a-f]{7,40}\b"),
    "link": re.compile(r"[a-z][a-z0-9+.-]*://|\bwww\.", re.IGNORECASE),
    "email": re.compile(r"[^\s@]@[A-Za-z0-9]"),
    "emoji code": re.compile(r":[a-z0-9_+-]+:"),
    "wiki link": re.compile(r"\[\["),
}
_QUIET_TAGS = {"code", "pre", "a", "style", "script"}
_PLAIN_TAGS = {"p", "h2", "h3", "ul", "li", "strong", "em", "table", "thead", "tbody", "tr", "th", "td", "br"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[str] = []
        self.texts: list[str] = [""]  # text outside code, one run per element boundary

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.open.append(tag)
        self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop() != tag:
            pass
        self.texts.append("")

    def handle_data(self, data: str) -> None:
        if not _QUIET_TAGS & set(self.open):
            self.texts[-1] += data


def _read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def seen_text(html: str) -> str:
    """What a reader sees of ``html`` outside code blocks, zero-width spaces left out."""
    return " ".join(" ".join(_read(html).texts).split()).replace(ZERO_WIDTH_SPACE, "")


def live_parts(html: str) -> list[str]:
    """Whatever in ``html`` a platform would make active: tags beyond plain text and tables
    (links, images, raw HTML), and text its filters would turn into mentions or links."""
    reader = _read(html)
    found = [f"<{tag}>" for tag in reader.tags if tag not in _PLAIN_TAGS | {"code", "pre"}]
    for text in reader.texts:
        for name, pattern in _LIVE_TEXT.items():
            found += [f"{name}: {match.group()!r} in {text[:60]!r}" for match in pattern.finditer(text)]
    return found
