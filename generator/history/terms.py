"""The terms of a charter: what a version number stands for and every party agrees to.

Everything but the record (reviews, actions, concerns), ``status``, ``tags`` and the number
itself. A representative's ``role`` is not a term either: who speaks for a party (names,
emails, platform handles) decides whose approval counts, what they are called at work does
not.
"""

from __future__ import annotations

import hashlib
from typing import Any

import rfc8785

RECORD_FIELDS = ("reviews", "actions", "concerns", "status", "tags")
NOT_TERMS_OF_A_REPRESENTATIVE = ("role",)


def _party_terms(party: dict[str, Any]) -> dict[str, Any]:
    if "representatives" not in party:
        return party
    people = [
        {key: value for key, value in person.items() if key not in NOT_TERMS_OF_A_REPRESENTATIVE}
        for person in party["representatives"]
    ]
    return {**party, "representatives": people}


def terms(charter: dict[str, Any]) -> dict[str, Any]:
    """What a version number stands for: everything but the record and the number itself."""
    kept = {key: value for key, value in charter.items() if key not in (*RECORD_FIELDS, "version")}
    if isinstance(kept.get("parties"), list):
        kept["parties"] = [_party_terms(party) if isinstance(party, dict) else party for party in kept["parties"]]
    return kept


def terms_digest(charter: dict[str, Any]) -> str:
    """The digest of ``charter``'s terms: SHA-256 of their RFC 8785 canonical JSON, the same
    for the same terms however the file is written (order, quoting, comments, layout)."""
    return "sha256:" + hashlib.sha256(rfc8785.dumps(terms(charter))).hexdigest()
