"""The version rules applied to a charter that is not on the main line yet: the working
tree (`validate --against`) or a pull request's head."""

from __future__ import annotations

from generator.history.revisions import Lineage
from generator.history.versions import check_version, is_drafting, published_versions
from generator.load import Document
from generator.problems import Problem, Severity


def lineage_at(path: str, lineages: list[Lineage] | tuple[Lineage, ...]) -> Lineage | None:
    """The live history of the charter file at ``path`` on the main line, if any."""
    return next((lineage for lineage in lineages if lineage.path == path and not lineage.removed), None)


def version_problem(document: Document, lineage: Lineage | None, ratified: bool) -> Problem | None:
    """A problem at ``version:`` when ``document`` breaks the version rules against the
    main-line history of the same charter; ``ratified``: whether a version of it was."""
    previous = next((revision for revision in reversed(lineage.revisions) if revision.valid), None) if lineage else None
    if previous is None or is_drafting(previous.document.data, ratified):
        return None
    rule_break = check_version(previous.document.data, published_versions(lineage.revisions), document.data)
    if rule_break is None:
        return None
    return document.problem(("version",), Severity.ERROR, rule_break.rule, rule_break.message, rule_break.hint)
