"""What stays published: contracts link to a charter's addresses, so none of them vanish.

A charter whose file was removed from the main line stays on the site, marked withdrawn
with the date; a charter that was renamed (a new id) keeps answering at its former
addresses, which redirect to the new ones; and an id once published is never used for
another charter (``id-reused``), so that no old link ever lands on other terms.

Charters are told apart by lineage: one file followed through renames, deletion and
re-adding of the same name (history/revisions.py).
"""

from __future__ import annotations

from generator.history.revisions import WITHDRAWN_LINEAGE, charter_id_of
from generator.load import Document
from generator.problems import Problem, Severity


def own_lineage(path: str, published: dict[str, tuple[str, ...]]) -> str | None:
    """The lineage the charter file at ``path`` continues, if it is on the main line: the
    one whose latest path it is, even when that file was removed (the charter comes back)."""
    return path if path in published else None


def reused_id_problem(
    document: Document, own_lineage: str | None, ids_by_lineage: dict[str, tuple[str, ...]]
) -> Problem | None:
    """An error at ``id:`` when ``document`` takes an id that another charter was published
    under. ``own_lineage``: the latest path of the document's own lineage, if it has one."""
    charter_id = document.data["id"]
    for latest, ids in ids_by_lineage.items():
        if latest != own_lineage and charter_id in ids:
            now = charter_id_of(latest)
            where = "since withdrawn" if now == charter_id or latest.startswith(WITHDRAWN_LINEAGE) else f"now {now}"
            return document.problem(
                ("id",),
                Severity.ERROR,
                "id-reused",
                f"the id {charter_id} was published for another charter ({where}); its addresses are that charter's",
                "choose an id that was never published, e.g. add the year: "
                f"{charter_id}-{document.data['effective'][:4]}",
            )
    return None
