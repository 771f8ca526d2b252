"""JSON for machines: the same facts as the text and Markdown, with stable keys."""

from __future__ import annotations

import json
from typing import Any

from generator.changes.diff import Change
from generator.history.revisions import Revision
from generator.model.indicators import PartyRecord
from generator.model.listing import CharterListing
from generator.model.organisations import Due
from generator.model.site import CharterView
from generator.model.standing_view import PositionView
from generator.model.version_view import VersionView
from generator.render.visible import json_inert


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
        "part": str(change.part) if change.part else None,
        "rewrites_record": change.rewrites,
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


def _dumps(document: object) -> bytes:
    # Sorted keys and a final newline: the same data always gives the same bytes. <, > and &
    # are written as \u escapes (still the same JSON strings) so that no reader that sniffs
    # or embeds the file can take charter text for markup.
    # Compact, so that the C encoder does the work: an indented dump runs in Python and
    # took a sixth of a large build.
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (json_inert(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")) + "\n").encode()


def _position_record(position: PositionView) -> dict:
    return {
        "position": "approve" if position.approves else "object",
        "name": position.name,
        "email": position.email,
        "party": position.party_id,
        "evidence": position.evidence,
        "recorded_by": position.recorded_by,
        "date": position.date,
        "commit": position.commit,
        "given": position.given,
        "reason": position.reason or None,
        "counts": position.counts and not position.note,
        "note": str(position.note) if position.note else None,
    }


def _due_record(due: Due) -> dict:
    """What is owed, in English: a concern's next step in one text, as the pages say it."""
    return {
        "due": due.due,
        "key": due.key,
        "kind": due.kind,
        "overdue_days": due.overdue_days,
        "party": due.party,
        "summary": str(due.what),
    }


def _version_record(version: VersionView) -> dict:
    return {
        "version": version.number,
        "status": version.state,
        "status_text": str(version.status),
        "draft": version.draft,
        "ratified_on": version.ratified_on,
        "evidence": version.evidence,
        "evidence_required": version.rule,
        "missing": list(version.missing),
        "published": version.published,
        "commit": version.published_commit,
        "digest": version.digest,
        "in_force": {
            "from": version.starts,
            "until": version.ends,
            "ever": version.in_force,
            "notice_days": version.notice_days,
            "text": str(version.period),
        },
        "positions": [
            _position_record(position)
            for position in (*(p for party in version.parties for p in party.positions), *version.others)
        ],
        "objections": [_position_record(position) for position in version.objections],
    }


def charter_summary(charter: CharterListing) -> dict:
    return {
        "id": charter.id,
        "title": charter.title,
        "status": charter.status,
        "version": charter.version,
        "ratified": charter.ratified,
        "parties": list(charter.parties),
        "benchmarks": charter.benchmarks,
        "next_review": charter.next_review,
        "overdue": charter.overdue,
        "warnings": list(charter.warnings),
        "withdrawn": charter.withdrawn,
        "former_ids": list(charter.former_ids),
    }


def charters_index_json(charters: list[CharterListing]) -> bytes:
    return _dumps({"charters": [charter_summary(charter) for charter in charters]})


def _counted(indicator: Any, field: str) -> dict | None:
    """An indicator's figure with how many records it counts and their anchors on the page."""
    if indicator is None:
        return None
    return {
        field: getattr(indicator, field),
        "counted": len(indicator.counted),
        "records": [{"anchor": f"#{item.anchor}", "label": str(item.label)} for item in indicator.counted],
    }


def _party_indicators(record: PartyRecord) -> dict:
    resolve = _counted(record.resolve_days, "median_days")
    if resolve is not None:
        resolve["median_allowed"] = record.resolve_days.median_allowed
    return {
        "party": record.party,
        "org": record.org,
        "share_met": _counted(record.share_met, "score"),
        "actions_on_time": _counted(record.actions_on_time, "on_time"),
        "days_to_resolve_a_concern": resolve,
        "open_actions": record.open_actions,
        "open_concerns": record.open_concerns,
    }


def charter_json(charter: CharterView, listing: CharterListing) -> bytes:
    return _dumps(
        {
            **charter_summary(listing),
            "charter": charter.data,
            "versions": [_version_record(version) for version in charter.versions],
            "drift": [
                {
                    "date": item.date,
                    "pull_request": item.pull_request,
                    "version": item.version,
                    "ratified": item.ratified,
                    "change": item.change.describe(),
                }
                for item in charter.drift
            ],
            "record_drift": [
                {"subject": str(item.subject), "drift": str(item.description), "anchor": f"#{item.anchor}"}
                for item in charter.record_drift
            ],
            "record_rewritten": [
                {
                    "date": item.date,
                    "commit": item.commit,
                    "pull_request": item.pull_request,
                    "change": item.change.describe(),
                }
                for item in charter.rewrites
            ],
            "indicators": {
                "parties": [_party_indicators(record) for record in charter.party_records],
                "reviews_on_schedule": _counted(charter.schedule, "on_schedule"),
            },
            "dues": [_due_record(due) for due in charter.dues],
            "comparisons": {
                str(old): {str(new): [change_record(change) for change in changes] for new, changes in targets.items()}
                for old, targets in charter.comparisons.items()
            },
        }
    )


def version_json(charter_id: str, version) -> bytes:
    return _dumps(
        {
            "charter": charter_id,
            **_version_record(version),
            "terms": version.terms.data,
            "changes": [change_record(change) for change in version.changes],
        }
    )
