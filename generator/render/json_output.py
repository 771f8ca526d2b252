"""JSON for machines: the same facts as the text and Markdown, with stable keys."""

from __future__ import annotations

import json

from generator.changes.diff import Change
from generator.history.revisions import Revision


def _revision(revision: Revision) -> dict:
    return {
        "commit": revision.commit.id,
        "date": revision.commit.date,
        "version": revision.document.data["version"],
        "pull_request": str(revision.commit.pull_request) if revision.commit.pull_request else None,
    }


def change_record(change: Change) -> dict:
    return {
        "section": change.section,
        "item": change.item,
        "action": change.action,
        "effect": change.effect.value,
        "field": change.field,
        "old": change.old,
        "new": change.new,
        "party": change.party,
        "description": change.describe(),
    }


def diff_json(charter_id: str, old: Revision, new: Revision, changes: list[Change]) -> str:
    document = {
        "charter": charter_id,
        "from": _revision(old),
        "to": _revision(new),
        "changes": [change_record(change) for change in changes],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
