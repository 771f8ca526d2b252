"""The partners' own pages and images: the top level of `pages/` in their repository.

Markdown files become pages of the site (shown inert, like a charter's purpose); images
(a logo) are copied as they are, so only raster images are taken, checked by their first
bytes: an SVG, HTML or script file could run code in the site's origin.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path, PurePosixPath

from generator.load.text import decode
from generator.problems import Problem, Severity
from generator.sources import unsafe_name_problem

PAGES_FOLDER = "pages"
MAX_PAGE_FILE_BYTES = 2 * 1024 * 1024
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  # a file name in pages/, and the part of a setting after pages/


def page_files(root: Path) -> tuple[dict[str, str | bytes], list[Problem]]:
    """The files in pages/ (its top level only), by their path in the site: a page's text
    (read as charters are: UTF-8, no hidden characters) or an image's bytes; and the problems
    with those that cannot be used. Links and odd names are refused, as charters' are."""
    folder = root / PAGES_FOLDER
    files: dict[str, str | bytes] = {}
    problems: list[Problem] = []
    if not folder.is_dir() or folder.is_symlink():
        return files, problems
    for entry in sorted(folder.iterdir()):
        label = f"{PAGES_FOLDER}/{entry.name}"
        unsafe = unsafe_name_problem(label)
        if unsafe is not None:
            problems.append(
                dataclasses.replace(unsafe, hint="rename it with letters, digits, dots and dashes, e.g. contact.md")
            )
            continue
        if entry.is_symlink() or not entry.is_file() or not NAME.fullmatch(entry.name):
            problems.append(
                Problem(
                    label,
                    1,
                    1,
                    Severity.ERROR,
                    "settings-value",
                    "not a plain file with a plain name",
                    "keep only files named like contact.md or logo.png in pages/",
                )
            )
            continue
        with open(entry, "rb") as stream:
            content = stream.read(MAX_PAGE_FILE_BYTES + 1)  # pragma: no mutate (any more only costs memory)
        if len(content) > MAX_PAGE_FILE_BYTES:
            problems.append(
                Problem(
                    label,
                    1,
                    1,
                    Severity.ERROR,
                    "settings-value",
                    "the file is larger than 2 MB",
                    "make the image smaller",
                )
            )
            continue
        if not entry.name.endswith(".md") and not _is_image(entry.name, content):
            problems.append(
                Problem(
                    label,
                    1,
                    1,
                    Severity.ERROR,
                    "settings-value",
                    "neither a Markdown page nor a PNG, JPEG, GIF, WebP or ICO image",
                    "pages/ holds pages (.md) and images only: an SVG, HTML or script file could run "
                    "code on the site; convert a logo to PNG",
                )
            )
            continue
        if not entry.name.endswith(".md"):
            files[label] = content
            continue
        decoded = decode(label, content)
        problems += decoded.problems
        if decoded.text is not None:
            files[label] = decoded.text
    return files, problems + _taken_addresses(files)


def _taken_addresses(files: dict[str, str | bytes]) -> list[Problem]:
    """A page is published as the folder of its name (`contact.md` at `pages/contact/`): a
    file already named like that folder would be overwritten by it, or it by the page."""
    return [
        Problem(
            page,
            1,
            1,
            Severity.ERROR,
            "settings-value",
            f"this page's address, {page.removesuffix('.md')}/, is the name of the file {page.removesuffix('.md')}",
            "rename the page or the file",
        )
        for page in files
        if page.endswith(".md") and page.removesuffix(".md") in files
    ]


# The images pages/ may hold, by name and by their first bytes: nothing that can hold code.
_IMAGES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
    ".ico": (b"\x00\x00\x01\x00",),
}


def _is_image(name: str, content: bytes) -> bool:
    suffix = PurePosixPath(name).suffix.lower()
    starts = _IMAGES.get(suffix, ())
    webp = suffix != ".webp" or content[8:12] == b"WEBP"
    return any(content.startswith(start) for start in starts) and webp
