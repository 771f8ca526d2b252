"""Fragments: the heavy HTML of a page (the record's charts and tables, the review log)
kept out of MkDocs and put back into the page it rendered.

MkDocs' Markdown and search plugin parse every byte of raw HTML, and a charter page is
mostly the record's: on 300 charters, those parts more than doubled MkDocs' time, and
MkDocs renders every page on every build. So a template hands such HTML to ``later``,
which puts a marker in the Markdown; the fragments travel beside the page as a JSON file
(data, never code), and once MkDocs has built the site each marker is replaced by its
fragment, as it is: MkDocs passes raw HTML blocks through unchanged. Headings stay in the
Markdown, so the table of contents is MkDocs' own; the record's text is not searched.

For MkDocs' live server, which renders every page itself, the fragments are put back
into the Markdown instead (``inline``).
"""

from __future__ import annotations

import json
from pathlib import Path

from markupsafe import Markup

from generator.model.site import page_url
from generator.write import write_files

FRAGMENTS_SUFFIX = ".fragments.json"


class FragmentMismatch(RuntimeError):
    """A page as MkDocs built it does not hold one of its markers exactly once."""


def _marker(index: int) -> str:
    # Charter text is escaped before it reaches a page, so no charter can write a marker.
    return f'<div data-charters-fragment="{index}"></div>'


class Fragments:
    """One page's fragments, gathered while its template renders."""

    def __init__(self) -> None:
        self.kept: list[str] = []

    def later(self, fragment: str) -> Markup:
        self.kept.append(str(fragment))
        return Markup(f"\n\n{_marker(len(self.kept) - 1)}\n\n")

    def file(self) -> bytes:
        return json.dumps(self.kept, ensure_ascii=False).encode("utf-8")


def read_fragments(content: bytes) -> list[str]:
    """A page's fragments from their file; FragmentMismatch when it is not a list of texts
    (a build cache may hold anything)."""
    try:
        fragments = json.loads(content)
    except (ValueError, RecursionError) as error:
        raise FragmentMismatch(f"the page's parts are not readable JSON: {error}") from error
    if not isinstance(fragments, list) or not all(isinstance(fragment, str) for fragment in fragments):
        raise FragmentMismatch("the page's parts are not a list of texts")
    return fragments


def fragments_path(page: str) -> str:
    """Where the fragments of the Markdown page ``page`` go, beside it."""
    return page.removesuffix(".md") + FRAGMENTS_SUFFIX


def _put_back(text: str, fragments: list[str], where: str) -> str:
    for index, fragment in enumerate(fragments):
        if text.count(_marker(index)) != 1:
            raise FragmentMismatch(f"{where} should hold the place of its part {index + 1} once")
        text = text.replace(_marker(index), fragment)
    return text


def _pages(files: dict[str, bytes]) -> dict[str, str]:
    """Each fragments file → the Markdown page it belongs to."""
    return {path: path.removesuffix(FRAGMENTS_SUFFIX) + ".md" for path in files if path.endswith(FRAGMENTS_SUFFIX)}


def inline(docs: dict[str, bytes]) -> dict[str, bytes]:
    """``docs`` with each page's fragments in its Markdown, and no fragments files."""
    pages = _pages(docs)
    inlined = {path: content for path, content in docs.items() if path not in pages}
    for path, page in pages.items():
        text = _put_back(docs[page].decode("utf-8"), read_fragments(docs[path]), page)
        inlined[page] = text.encode("utf-8")
    return inlined


def fill_pages(site: Path, docs: dict[str, bytes]) -> None:
    """Put each page's fragments into the page MkDocs built in ``site``, and take the
    fragments files (which MkDocs copied as they are) out of it."""
    for path, page in _pages(docs).items():
        output = page_url(page) + "index.html"
        text = _put_back((site / output).read_text(encoding="utf-8"), read_fragments(docs[path]), output)
        write_files(site, {output: text.encode("utf-8")})
        (site / path).unlink()
