"""A renamed charter's former addresses, which keep answering: its pages redirect to the
new ones (with a canonical link), its data files are there as they are at the new ones."""

from __future__ import annotations

from collections.abc import Callable

from generator.model.listing import CharterListing
from generator.model.site import page_url
from generator.render.rendered import CharterFiles

RedirectPage = Callable[[str, str, str], bytes]
"""The page at an old address sending readers to a new one, given the charter's title."""


def former_addresses(
    charters: list[CharterListing], charter_files: list[CharterFiles], claimed: set[str], redirect_page: RedirectPage
) -> dict[str, bytes]:
    """Every file at a former id's addresses. A former id that another charter has, or that
    two charters had, is left to the first; so is one whose addresses a page holds now."""
    taken = {charter.id for charter in charters}
    found: dict[str, bytes] = {}
    for charter, files in zip(charters, charter_files, strict=True):
        pages = [page_url(path) for path in files.docs if path.endswith(".md")] + [
            page.address for page in files.direct
        ]
        for former in charter.former_ids:
            moved = {
                _moved(address, charter.id, former) + "index.html": redirect_page(
                    _moved(address, charter.id, former), address, charter.title
                )
                for address in pages
            } | {_moved(path, charter.id, former): content for path, content in files.files.items()}
            if former in taken or moved.keys() & (claimed | found.keys()):
                continue
            taken.add(former)
            found.update(sorted(moved.items()))
    return found


def _moved(path: str, charter_id: str, former: str) -> str:
    """``path`` of the charter ``charter_id`` at the place it had under its ``former`` id."""
    for prefix in ("charters/{}/", "api/charters/{}/", "api/charters/{}."):
        if path.startswith(prefix.format(charter_id)):
            return prefix.format(former) + path[len(prefix.format(charter_id)) :]
    raise ValueError(f"{path} is not charter {charter_id}'s")
